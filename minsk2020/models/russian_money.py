"""Russian money for Belarus: loans by year, the gas-price gap, the nuclear-plant loan's 2020 terms.

Two kinds of money are kept apart everywhere, because they are different things:

* **loans** (repayable principal; a gain to Minsk only through their terms and timing):
  :func:`lending_by_year_usd_million`, :func:`amortising_interest_saving_usd_million`;
* **price transfers** (nothing to repay): the gas gap in :mod:`minsk2020.models.gas_discount` (shared with the
  oil-balance-and-transit chapter, re-exported here) and the oil duty in :mod:`minsk2020.models.export_duty`.

No function adds a loan to a transfer. :func:`relationship_by_year` sets them side by side in separate columns.
"""

from __future__ import annotations

import math

import pandas as pd

from minsk2020.models._checks import finite_nonneg
from minsk2020.models.gas_discount import (  # noqa: F401  (re-exported: the gas gap lives in the neutral module)
    GERMAN_IMPORT,
    TTF,
    contract_price_by_year,
    gas_gap_by_year,
    gas_price_gap_usd_million,
    share_of_gdp_pct,
)

# The 2011 nuclear-plant credit (NEI Magazine, 2021; PrimePress): half the principal at 5.23% fixed, half at
# six-month US$ LIBOR + 1.83%, repaid in 30 equal half-yearly instalments; the protocol of 14 July 2020 set 3.3%.
NPP_FIXED_OLD_PCT, NPP_MARGIN_PCT, NPP_FIXED_NEW_PCT, NPP_INSTALMENTS = 5.23, 1.83, 3.3, 30


def npp_rate_cut_pct_points(libor_6m_usd_pct: float) -> float:
    """Cut in the nuclear-plant loan's average rate by the 2020 protocol, percentage points:
    0.5 x 5.23 + 0.5 x (LIBOR + 1.83) - 3.3. LIBOR is an assumption (no LIBOR series in the book's data)."""
    if isinstance(libor_6m_usd_pct, bool) or not isinstance(libor_6m_usd_pct, (int, float)) \
            or math.isnan(libor_6m_usd_pct) or libor_6m_usd_pct < -1:
        raise ValueError(f"libor_6m_usd_pct must be a plausible percentage, got {libor_6m_usd_pct!r}")
    return 0.5 * NPP_FIXED_OLD_PCT + 0.5 * (libor_6m_usd_pct + NPP_MARGIN_PCT) - NPP_FIXED_NEW_PCT


def amortising_interest_saving_usd_million(principal_usd_million: float, rate_cut_pct_points: float,
                                           n_semiannual_instalments: int = NPP_INSTALMENTS) -> float:
    """Undiscounted interest saved by a rate cut on a loan repaid in n equal half-yearly instalments.

    Before instalment k (k = 0..n-1) P x (1 - k/n) is outstanding for half a year at r/2, so the saving is
    P x (dr/100)/2 x (n+1)/2. Ignores discounting and any deferral."""
    p = finite_nonneg("principal_usd_million", principal_usd_million)
    if isinstance(rate_cut_pct_points, bool) or not isinstance(rate_cut_pct_points, (int, float)) \
            or math.isnan(rate_cut_pct_points):
        raise ValueError("rate_cut_pct_points must be a number")
    n = n_semiannual_instalments
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError("n_semiannual_instalments must be a positive integer")
    return p * (rate_cut_pct_points / 100.0) / 2.0 * (n + 1) / 2.0


def npp_saving_range_usd_million(libor_pct: tuple[float, ...], principal_usd_million: tuple[float, ...]) -> pd.DataFrame:
    """The 2020 protocol's undiscounted saving on every pair of assumed LIBOR and principal (a grid)."""
    rows = [{"libor_pct_assumed": libor, "rate_cut_pct_points": npp_rate_cut_pct_points(libor),
             "principal_usd_million": p,
             "saving_usd_million": amortising_interest_saving_usd_million(p, npp_rate_cut_pct_points(libor))}
            for libor in libor_pct for p in principal_usd_million]
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------------------------------- loans

def _flagged(loans: pd.DataFrame) -> pd.Series:
    return loans["disbursement_row"].astype(str).str.lower().eq("true")


def disbursements_by_year_usd_million(loans: pd.DataFrame) -> pd.DataFrame:
    """Loan principal paid out, summed by calendar year and lender (US$ million), from the rows of
    ``belarus_russia_loans`` flagged ``disbursement_row`` (one row per tranche actually paid), so announcements,
    approvals, cumulative statements and deferrals are never counted. Raises on a tranche flagged twice, a flagged
    row without a US$ amount or without a year."""
    d = loans[_flagged(loans)].copy()
    if d["fact_id"].duplicated().any():
        raise ValueError(f"tranche flagged twice: {d.loc[d['fact_id'].duplicated(), 'fact_id'].tolist()}")
    amount = pd.to_numeric(d["amount_usd_million"], errors="coerce")
    if amount.isna().any() or (amount < 0).any():
        raise ValueError("a disbursement row lacks a non-negative US$ amount")
    year = pd.to_numeric(d["event_date"].astype(str).str[:4], errors="coerce")
    if year.isna().any():
        raise ValueError("a disbursement row lacks a dated event")
    d = d.assign(year=year.astype(int), amount_usd_million=amount)
    return d.groupby(["year", "lender"], as_index=False)["amount_usd_million"].sum()


def derived_tranche_usd_million(loans: pd.DataFrame, cumulative_fact: str, known_facts: list[str]) -> float:
    """A tranche (or tranches) known only from a cumulative total: the total less the tranches stated one by one."""
    by_fact = loans.drop_duplicates("fact_id").set_index("fact_id")
    missing = [f for f in [cumulative_fact, *known_facts] if f not in by_fact.index]
    if missing:
        raise ValueError(f"facts not in the loans table: {missing}")
    amount = pd.to_numeric(by_fact["amount_usd_million"], errors="coerce")
    out = float(amount[cumulative_fact] - amount[known_facts].sum())
    if out < 0:
        raise ValueError(f"{cumulative_fact}: the stated tranches exceed the cumulative total")
    return out


def lending_by_year_usd_million(loans: pd.DataFrame, derived: list[dict]) -> pd.DataFrame:
    """Paid-out lending by year and lender: the flagged tranches plus tranches derived from cumulative totals.

    ``derived``: dicts with ``period`` (a year, or a label such as "2016-19" where the dates are not sourced),
    ``lender``, ``cumulative_fact`` and ``known_facts``. Returns period, lender, amount_usd_million, dated (bool)."""
    base = disbursements_by_year_usd_million(loans).rename(columns={"year": "period"})
    base["period"] = base["period"].astype(str)
    base["dated"] = True
    extra = pd.DataFrame([{"period": str(d["period"]), "lender": d["lender"],
                           "amount_usd_million": derived_tranche_usd_million(loans, d["cumulative_fact"], d["known_facts"]),
                           "dated": str(d["period"]).isdigit()} for d in derived])
    out = pd.concat([base, extra], ignore_index=True)
    return out.groupby(["period", "lender", "dated"], as_index=False)["amount_usd_million"].sum()


# ------------------------------------------------------------------------------------------- the year, in columns

def relationship_by_year(oil: pd.DataFrame, gas: pd.DataFrame, lending: pd.DataFrame, years) -> pd.DataFrame:
    """Each year's channels side by side, US$ million, never summed across kinds: the oil duty not paid (with its
    range and the volume basis; per Mt where no volume is stated), the gas gap against the German import price,
    and new lending paid out (repayable). Missing is missing (NaN), not zero: a year with no dated budget-support
    tranche on record is NaN ("not on record"), because other Russian credit (the nuclear-plant credit, Russian banks)
    may have come that year."""
    o = oil.set_index("year")
    g = gas[gas["benchmark"] == GERMAN_IMPORT].set_index("year")["gap_usd_million"]
    dated = lending[lending["dated"]]
    lend = dated.groupby(dated["period"].astype(int))["amount_usd_million"].sum()
    rows = []
    for y in years:
        rows.append({
            "year": y,
            "oil_duty_not_paid_usd_million": o["subsidy_usd_million"].get(y, float("nan")),
            "oil_low_usd_million": o["subsidy_low_usd_million"].get(y, float("nan")),
            "oil_high_usd_million": o["subsidy_high_usd_million"].get(y, float("nan")),
            "oil_volume_basis": o["volume_measure"].get(y, None) if "volume_measure" in o else None,
            "oil_usd_million_per_mt": o["usd_million_per_mt"].get(y, float("nan")),
            "gas_gap_vs_germany_usd_million": g.get(y, float("nan")),
            "new_lending_paid_usd_million": float(lend[y]) if y in lend.index else float("nan"),
        })
    return pd.DataFrame(rows)
