"""Russian money for Belarus: loans by year, the gas-price gap, the nuclear-plant loan's 2020 terms.

Two kinds of money are kept apart everywhere, because they are different things:

* **loans** (repayable principal; a gain to Minsk only through their terms and timing):
  :func:`lending_by_year_usd_million`, :func:`amortising_interest_saving_usd_million`;
* **price transfers** (nothing to repay): :func:`gas_price_gap_usd_million` here and the oil duty in
  :mod:`minsk2020.models.export_duty`.

No function adds a loan to a transfer. :func:`relationship_by_year` sets them side by side in separate columns.
Gas conversions use the book's stated gross basis from :mod:`minsk2020.units` (bp's 40 MJ per m3, 37.91 MMBtu per
1,000 m3), the basis of the energy chapter's gas-price section.
"""

from __future__ import annotations

import math

import pandas as pd

from minsk2020 import units

GERMAN_IMPORT = "Germany, average import price"
TTF = "Netherlands TTF"
# The 2011 nuclear-plant credit (NEI Magazine, 2021; PrimePress): half the principal at 5.23% fixed, half at
# six-month US$ LIBOR + 1.83%, repaid in 30 equal half-yearly instalments; the protocol of 14 July 2020 set 3.3%.
NPP_FIXED_OLD_PCT, NPP_MARGIN_PCT, NPP_FIXED_NEW_PCT, NPP_INSTALMENTS = 5.23, 1.83, 3.3, 30


def _finite_nonneg(name: str, x) -> float:
    if x is None or isinstance(x, bool) or not isinstance(x, (int, float)) or math.isnan(x) or math.isinf(x):
        raise ValueError(f"{name} must be a finite number, got {x!r}")
    if x < 0:
        raise ValueError(f"{name} must not be negative, got {x!r}")
    return float(x)


def gas_price_gap_usd_million(benchmark_usd_per_1000m3: float, paid_usd_per_1000m3: float, volume_bcm: float,
                              transport_deduction_usd_per_1000m3: float = 0.0) -> float:
    """Implicit gas subsidy as a price gap, US$ million a year.

    gap = (benchmark - transport deduction - price paid) [US$ per 1,000 m3] x volume [bcm]; 1 bcm = 10^6 thousand
    m3, so US$ per 1,000 m3 x bcm = US$ million. An opportunity cost (what the gas would have fetched at the
    benchmark), not a payment from Russia's budget; negative when the benchmark is below the contract price."""
    b = _finite_nonneg("benchmark_usd_per_1000m3", benchmark_usd_per_1000m3)
    p = _finite_nonneg("paid_usd_per_1000m3", paid_usd_per_1000m3)
    v = _finite_nonneg("volume_bcm", volume_bcm)
    t = _finite_nonneg("transport_deduction_usd_per_1000m3", transport_deduction_usd_per_1000m3)
    if t > b:
        raise ValueError("the transport deduction exceeds the benchmark price")
    return (b - t - p) * v


def share_of_gdp_pct(amount_usd_million: float, gdp_usd: float) -> float:
    """amount (US$ million, may be negative) / GDP (current US$, WDI NY.GDP.MKTP.CD) x 100."""
    if isinstance(amount_usd_million, bool) or not isinstance(amount_usd_million, (int, float)) \
            or math.isnan(amount_usd_million):
        raise ValueError(f"amount must be a number, got {amount_usd_million!r}")
    g = _finite_nonneg("gdp_usd", gdp_usd)
    if g == 0:
        raise ValueError("gdp_usd must be positive")
    return amount_usd_million * 1e6 / g * 100.0


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
    p = _finite_nonneg("principal_usd_million", principal_usd_million)
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


# --------------------------------------------------------------------------------------------------------- gas

def contract_price_by_year(belgas: pd.DataFrame) -> pd.Series:
    """Belarus's whole-year contract price for Russian gas (US$ per 1,000 m3) in the years a source states one
    (``belarus_gas_price`` rows of kind paid_contract with year precision; rows of one fact agree or are rounded
    versions, so the highest is kept)."""
    paid = belgas[(belgas["price_kind"] == "paid_contract") & belgas["price_usd_per_1000m3"].notna()
                  & (belgas["date_precision"] == "year")]
    return paid.groupby(paid["period_start"].astype(str).str[:4].astype(int))["price_usd_per_1000m3"].max()


def gas_gap_by_year(gas_prices: pd.DataFrame, belgas: pd.DataFrame, gas_use_bcm: pd.Series,
                    hub_monthly: pd.Series, gdp_usd: pd.Series, transport_usd_per_1000m3: float,
                    last_year: int = 2021) -> pd.DataFrame:
    """The gas gap of every year with a sourced contract price, against each benchmark the book holds for it.

    ``gas_prices``: table ``gas_prices_annual_bp2021`` (US$ per MMBtu, gross); ``gas_use_bcm``: Belarus's gas
    consumption by year (Energy Institute); ``hub_monthly``: World Bank 'Natural gas, Europe' by month 'YYYY-MM'
    (US$ per MMBtu), used for years after the bp series; ``transport_usd_per_1000m3``: the assumed upper bound of
    transit from the Belarusian border to the benchmark, applied in ``gap_net_transport_usd_million``."""
    factor = units.mmbtu_per_1000m3_gcv()
    bench = {}
    for name in (GERMAN_IMPORT, TTF):
        s = gas_prices[gas_prices["benchmark"] == name].set_index("year")["price_usd_per_mmbtu"]
        bench[name] = s.map(lambda x: units.usd_per_mmbtu_to_usd_per_1000m3(x, factor))
    rows = []
    for year, paid in contract_price_by_year(belgas).items():
        if year > last_year or year not in gas_use_bcm.index:
            continue
        prices = {name: s[year] for name, s in bench.items() if year in s.index}
        if not prices:
            months = hub_monthly[hub_monthly.index.str.startswith(str(year))]
            if len(months) == 12:
                prices = {"Europe hub (World Bank)": units.usd_per_mmbtu_to_usd_per_1000m3(months.mean(), factor)}
        for name, b in prices.items():
            gap = gas_price_gap_usd_million(b, paid, float(gas_use_bcm[year]))
            rows.append({"year": int(year), "benchmark": name, "benchmark_usd_per_1000m3": b,
                         "paid_usd_per_1000m3": float(paid), "volume_bcm": float(gas_use_bcm[year]),
                         "gap_usd_million": gap,
                         "gap_net_transport_usd_million": gas_price_gap_usd_million(
                             b, paid, float(gas_use_bcm[year]), transport_usd_per_1000m3),
                         "gap_pct_gdp": share_of_gdp_pct(gap, float(gdp_usd[year]))})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------------------------------- the year, in columns

def relationship_by_year(oil: pd.DataFrame, gas: pd.DataFrame, lending: pd.DataFrame, years) -> pd.DataFrame:
    """Each year's channels side by side, US$ million, never summed across kinds: the oil duty not paid (with its
    range and the volume basis; per Mt where no volume is stated), the gas gap against the German import price,
    and new lending paid out (repayable). Missing is missing (NaN), not zero, except lending, where the table holds
    every tranche found (a year with no tranche is zero; see the page for what that scope leaves out)."""
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
            "new_lending_paid_usd_million": float(lend.get(y, 0.0)),
        })
    return pd.DataFrame(rows)
