"""Remittances to Central Asia by sending country: Russia's share, counted on one basis.

Used by the Central Asia chapter (section 5, "Where the money comes from"); the table is the curated
``remittances_by_sender`` (a source on every row). The rule these functions enforce: a share is a part
over a total *counted on the same basis*. The stored sources use three bases, which must not be mixed in
one series:

* ``recipient_cb_transfers_by_country``: the receiving country's central bank (or statistics office)
  counts cross-border transfers received by individuals, by sending country (Central Bank of
  Uzbekistan; National Bank and statistics committee of the Kyrgyz Republic). The only basis that gives
  a share, since part and total come from one count.
* ``cbr_mts_outflow_by_destination``: the Bank of Russia counts transfers by individuals *from* Russia
  through money-transfer and payment systems, by destination. It includes transfers that are not
  migrants' remittances and misses other channels.
* ``wdi_bop_personal_remittances``: the World Bank's personal remittances received (BPM6 balance of
  payments, WDI BX.TRF.PWKR.CD.DT), all senders together.

A ratio of a figure on one basis to a figure on another comes only from :func:`cross_basis_ratio_pct`,
labelled as such: it is not a share. Amounts are in US$ million (``_usd_m``), shares in percent
(``_pct``).
"""

from __future__ import annotations

import pandas as pd

from minsk2020.models._checks import finite_nonneg

RECIPIENT_COUNT = "recipient_cb_transfers_by_country"
BANK_OF_RUSSIA_COUNT = "cbr_mts_outflow_by_destination"
WDI_BOP = "wdi_bop_personal_remittances"
WORLD_BANK_STATEMENT = "world_bank_report_statement"
UNSTATED_BASIS = "official_statement_unspecified_basis"
MEDIA_BACKGROUND = "media_background_statement"  # an outlet's own summary line: no count behind it
BASES = {RECIPIENT_COUNT, BANK_OF_RUSSIA_COUNT, WDI_BOP, WORLD_BANK_STATEMENT, UNSTATED_BASIS, MEDIA_BACKGROUND}
WDI_REMITTANCES = "BX.TRF.PWKR.CD.DT"  # personal remittances, received (current US$)

# how a share row's basis is shown to the reader (the two bases that state a share)
SHARE_BASIS_LABELS = {
    RECIPIENT_COUNT: "Stated",  # by the receiving central bank or statistics office
    WORLD_BANK_STATEMENT: "World Bank",  # a World Bank brief citing that count
}
COMPUTED_LABEL = "Computed"  # from the amount from Russia and the total one report gives


def _check_basis(basis: str) -> None:
    if basis not in BASES:
        raise ValueError(f"unknown basis {basis!r}; expected one of {sorted(BASES)}")


def share_from_sender_pct(part_usd_m: float, total_usd_m: float, part_basis: str, total_basis: str) -> float:
    """Share of one sending country in the transfers a country receives, in percent.

    Formula: share_pct = 100 * part_usd_m / total_usd_m, part and total in US$ million and counted on
    the same basis (module docstring). Source of such pairs: the receiving central bank's breakdown of
    cross-border transfers by country (e.g. Central Bank of Uzbekistan, first half of 2022: 5,309 of
    6,535). Raises ValueError when the bases differ, an amount is negative or missing, the total is
    zero, or the part exceeds the total (impossible on one basis).
    """
    _check_basis(part_basis)
    _check_basis(total_basis)
    if part_basis != total_basis:
        raise ValueError(f"part ({part_basis}) and total ({total_basis}) are on different bases: "
                         "use cross_basis_ratio_pct and label it, it is not a share")
    finite_nonneg("part_usd_m", part_usd_m)
    finite_nonneg("total_usd_m", total_usd_m)
    if total_usd_m == 0:
        raise ValueError("total_usd_m is zero")
    if part_usd_m > total_usd_m:
        raise ValueError(f"part {part_usd_m} exceeds total {total_usd_m} on the same basis")
    return 100.0 * part_usd_m / total_usd_m


def share_bounds_from_rounded_pct(part_low_usd_m: float, part_high_usd_m: float,
                                  total_low_usd_m: float, total_high_usd_m: float) -> tuple[float, float]:
    """Lowest and highest share (percent) consistent with amounts given only to a rounding.

    Formula: low = 100 * part_low / total_high; high = min(100, 100 * part_high / total_low). "About
    US$2.2 billion of about US$2.4 billion" gives part in [2,150, 2,250] and total in [2,350, 2,450],
    so the share lies in [100 * 2150 / 2450, 100 * 2250 / 2350] = [87.8, 95.7]. The caller passes the
    bounds of one source's two figures (same basis).
    """
    for name, value in [("part_low_usd_m", part_low_usd_m), ("part_high_usd_m", part_high_usd_m),
                        ("total_low_usd_m", total_low_usd_m), ("total_high_usd_m", total_high_usd_m)]:
        finite_nonneg(name, value)
    if part_low_usd_m > part_high_usd_m or total_low_usd_m > total_high_usd_m:
        raise ValueError("a low bound exceeds its high bound")
    if total_low_usd_m == 0:
        raise ValueError("total low bound is zero")
    return 100.0 * part_low_usd_m / total_high_usd_m, min(100.0, 100.0 * part_high_usd_m / total_low_usd_m)


def cross_basis_ratio_pct(numerator_usd_m: float, denominator_usd_m: float,
                          numerator_basis: str, denominator_basis: str) -> dict:
    """Ratio of a figure on one basis to a figure on another, in percent, with its label.

    Formula: ratio_pct = 100 * numerator / denominator. It shows how far apart the bases are (e.g. the
    Bank of Russia's transfers to Tajikistan over the World Bank's balance-of-payments remittances to
    Tajikistan); it may exceed 100 and is NOT a share. Raises ValueError when the two bases are the same
    (use :func:`share_from_sender_pct`), or an amount is negative or missing, or the denominator zero.
    """
    _check_basis(numerator_basis)
    _check_basis(denominator_basis)
    if numerator_basis == denominator_basis:
        raise ValueError("same basis: use share_from_sender_pct")
    finite_nonneg("numerator_usd_m", numerator_usd_m)
    finite_nonneg("denominator_usd_m", denominator_usd_m)
    if denominator_usd_m == 0:
        raise ValueError("denominator is zero")
    return {"ratio_pct": 100.0 * numerator_usd_m / denominator_usd_m,
            "label": f"ratio across bases ({numerator_basis} / {denominator_basis}), not a share"}


def implied_other_senders_usd_m(total_usd_m: float, russia_share_pct: float) -> float:
    """Transfers from all senders other than Russia, US$ million: total * (1 - share / 100).

    Same basis as the total (the share must come from the same count). Raises ValueError for a share
    outside 0-100 or a negative or missing total.
    """
    finite_nonneg("total_usd_m", total_usd_m)
    if russia_share_pct is None or not 0 <= russia_share_pct <= 100:
        raise ValueError(f"share must be within 0-100 (got {russia_share_pct})")
    return total_usd_m * (1 - russia_share_pct / 100.0)


def _month_start(value: pd.Series) -> pd.Series:
    """'YYYY' -> 1 January, 'YYYY-MM' -> the 1st of the month."""
    return pd.to_datetime(value.where(value.str.len() == 7, value + "-01"), format="%Y-%m")


def _periods(rows: pd.DataFrame) -> pd.DataFrame:
    """Add ``start`` and ``end`` (first and last day of the period a figure covers) and ``mid``."""
    rows = rows.copy()
    rows["start"] = _month_start(rows["period_start"])
    ends = rows["period_end"]
    rows["end"] = (pd.to_datetime(ends.where(ends.str.len() == 7, ends + "-12"), format="%Y-%m")
                   + pd.offsets.MonthEnd(0))
    rows["mid"] = rows["start"] + (rows["end"] - rows["start"]) / 2
    return rows


def stated_russia_shares_pct(senders: pd.DataFrame) -> pd.DataFrame:
    """Russia's share of the transfers a country received, as stated, one row per quantity (fact_id).

    From ``remittances_by_sender``: the share rows on the two bases that state a share (the receiving
    central bank's count, or a World Bank brief citing it) whose period the source states
    (``period_given == "stated"``: statements with no period, a year inferred from context and a
    period the sentence leaves open are left out; so is an outlet's own summary line, which has its
    own basis). Where two sources give one quantity, a row attributed to the state or a World Bank
    brief is kept before an outlet's repetition of it (they agree on every share in the table). Adds
    ``start``, ``end``, ``mid`` (the period's first and last day and its middle, for a dot) and
    ``basis_label``. Sorted by country and start.
    """
    rows = senders[(senders["what_measured"] == "share_from_russia")
                   & senders["measure_basis"].isin(SHARE_BASIS_LABELS)
                   & (senders["period_given"] == "stated")]
    rows = rows.assign(_media=rows["stated_by_side"] == "media").sort_values("_media", kind="stable")
    rows = _periods(rows.drop_duplicates("fact_id").drop(columns="_media"))
    rows["basis_label"] = rows["measure_basis"].map(SHARE_BASIS_LABELS)
    return rows.sort_values(["receiving_country_iso3", "start"]).reset_index(drop=True)


def computed_russia_shares_pct(senders: pd.DataFrame) -> pd.DataFrame:
    """Russia's share recomputed from the amounts one report gives for one period on the receiving count.

    A pair is a row with the amount from Russia (an ``amount_from_russia`` row, or a share row that
    also states the amount) and an ``amount_total`` row with the same ``source_url``, country and
    stated period, both on ``recipient_cb_transfers_by_country``. Formula: share_pct = 100 * part /
    total (:func:`share_from_sender_pct`), with the range allowed by the amounts' rounding
    (:func:`share_bounds_from_rounded_pct`) in ``share_pct_low``/``share_pct_high`` (``value_qualifier``
    is "exact" only when the two coincide), and the share the same page states for that period, if any,
    in ``stated_share_pct``. Raises ValueError naming the page and period when
    a page gives two amounts from Russia, or two totals, for one period (the pair would be ambiguous).
    Columns: receiving_country_iso3, period_label, period_start, period_end, part_usd_m, total_usd_m,
    share_pct, share_pct_low, share_pct_high, stated_share_pct, value_qualifier, source_url,
    source_publisher, stated_by, start, end, mid, basis_label; sorted by country and start.
    """
    counted = senders[(senders["measure_basis"] == RECIPIENT_COUNT) & (senders["period_given"] == "stated")]
    key = ["source_url", "receiving_country_iso3", "period_start", "period_end"]
    parts = counted[(counted["sending_country"] == "RUS") & counted["value_usd_million"].notna()]
    totals = counted[counted["what_measured"] == "amount_total"]
    for name, frame in (("amounts from Russia", parts), ("totals", totals)):
        doubled = frame[frame.duplicated(key, keep=False)]
        if not doubled.empty:
            first = doubled.iloc[0]
            raise ValueError(f"{first['source_url']} gives two {name} for {first['receiving_country_iso3']} "
                             f"{first['period_label']} (rows {', '.join(doubled['row_id'])}); the pair is ambiguous")
    pairs = parts.merge(totals, on=key, suffixes=("", "_total"))
    share_rows = counted[counted["what_measured"] == "share_from_russia"].drop_duplicates(key)
    stated = dict(zip(share_rows[key].itertuples(index=False, name=None), share_rows["share_pct"]))
    out = []
    for pair in pairs.itertuples():
        low, high = share_bounds_from_rounded_pct(pair.value_usd_million_low, pair.value_usd_million_high,
                                                  pair.value_usd_million_low_total, pair.value_usd_million_high_total)
        qualifier = "exact" if low == high else "about"  # from the amounts' bounds, not the share's wording
        out.append({
            "receiving_country_iso3": pair.receiving_country_iso3, "period_label": pair.period_label,
            "period_start": pair.period_start, "period_end": pair.period_end,
            "part_usd_m": pair.value_usd_million, "total_usd_m": pair.value_usd_million_total,
            "share_pct": share_from_sender_pct(pair.value_usd_million, pair.value_usd_million_total,
                                               RECIPIENT_COUNT, RECIPIENT_COUNT),
            "share_pct_low": low, "share_pct_high": high,
            "stated_share_pct": stated.get(tuple(getattr(pair, column) for column in key)),
            "value_qualifier": qualifier, "source_url": pair.source_url,
            "source_publisher": pair.source_publisher, "stated_by": pair.stated_by})
    columns = ["receiving_country_iso3", "period_label", "period_start", "period_end", "part_usd_m", "total_usd_m",
               "share_pct", "share_pct_low", "share_pct_high", "stated_share_pct", "value_qualifier", "source_url",
               "source_publisher", "stated_by"]
    computed = _periods(pd.DataFrame(out, columns=columns))
    computed["basis_label"] = COMPUTED_LABEL
    return computed.sort_values(["receiving_country_iso3", "start"]).reset_index(drop=True)


def bank_of_russia_over_bop_pct(senders: pd.DataFrame, wdi: pd.DataFrame) -> pd.DataFrame:
    """The Bank of Russia's full-year count of transfers to a country over the World Bank's
    balance-of-payments total for that country and year, in percent: a ratio across bases, not a share.

    Formula: ratio_pct = 100 * cbr_usd_m / bop_usd_m, with cbr_usd_m from ``remittances_by_sender``
    (basis ``cbr_mts_outflow_by_destination``, full years, one row per fact) and bop_usd_m = WDI
    BX.TRF.PWKR.CD.DT / 1e6 from ``wdi_indicators``. Years without a WDI value are left out. Columns:
    receiving_country_iso3, year, cbr_usd_m, bop_usd_m, ratio_pct, label.
    """
    cbr = senders[(senders["measure_basis"] == BANK_OF_RUSSIA_COUNT) & (senders["date_precision"] == "year")]
    cbr = cbr.drop_duplicates("fact_id").assign(year=lambda frame: frame["period_start"].astype(int))
    bop = wdi[wdi["indicator_code"] == WDI_REMITTANCES][["country_iso3", "year", "value"]]
    merged = cbr.merge(bop, left_on=["receiving_country_iso3", "year"], right_on=["country_iso3", "year"])
    merged = merged[merged["value"] > 0]
    out = pd.DataFrame({"receiving_country_iso3": merged["receiving_country_iso3"], "year": merged["year"],
                        "cbr_usd_m": merged["value_usd_million"], "bop_usd_m": merged["value"] / 1e6})
    ratios = [cross_basis_ratio_pct(cbr_m, bop_m, BANK_OF_RUSSIA_COUNT, WDI_BOP)
              for cbr_m, bop_m in zip(out["cbr_usd_m"], out["bop_usd_m"])]
    out["ratio_pct"] = [ratio["ratio_pct"] for ratio in ratios]
    out["label"] = [ratio["label"] for ratio in ratios]
    return out.sort_values(["receiving_country_iso3", "year"]).reset_index(drop=True)
