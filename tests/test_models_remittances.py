"""The remittance model (minsk2020/models/remittances.py): shares on one basis only, hand-computed values,
planted bad inputs, and the two table functions the Central Asia chapter draws from."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from minsk2020.data import tables
from minsk2020.models.remittances import (
    BANK_OF_RUSSIA_COUNT,
    MEDIA_BACKGROUND,
    RECIPIENT_COUNT,
    WDI_BOP,
    bank_of_russia_over_bop_pct,
    computed_russia_shares_pct,
    cross_basis_ratio_pct,
    implied_other_senders_usd_m,
    share_bounds_from_rounded_pct,
    share_from_sender_pct,
    stated_russia_shares_pct,
)


def test_share_uzbekistan_2022_h1():
    # Central Bank of Uzbekistan, H1 2022: 5,309 from Russia of 6,535 in all; 5309 / 6535 = 0.81239 -> 81.24 %
    assert share_from_sender_pct(5309, 6535, RECIPIENT_COUNT, RECIPIENT_COUNT) == pytest.approx(81.239, abs=0.001)


def test_share_kyrgyzstan_2020_jan_may():
    # 679.8 / 699.3 = 0.97211 -> 97.21 % (the page says 97 %)
    assert share_from_sender_pct(679.8, 699.3, RECIPIENT_COUNT, RECIPIENT_COUNT) == pytest.approx(97.211, abs=0.001)


def test_bounds_kyrgyzstan_2017_rounded():
    # "about 2.2 of about 2.4 billion": low = 2150 / 2450 = 87.755 %, high = 2250 / 2350 = 95.745 %
    low, high = share_bounds_from_rounded_pct(2150, 2250, 2350, 2450)
    assert (low, high) == (pytest.approx(87.755, abs=0.001), pytest.approx(95.745, abs=0.001))


def test_bounds_uzbekistan_2018_h1_contain_the_stated_77():
    # 1.7 of 2.3 billion, each +-0.05: low = 1650 / 2350 = 70.213 %, high = 1750 / 2250 = 77.778 %
    low, high = share_bounds_from_rounded_pct(1650, 1750, 2250, 2350)
    assert low == pytest.approx(70.213, abs=0.001) and high == pytest.approx(77.778, abs=0.001) and low <= 77 <= high


def test_bounds_capped_at_100():
    # part 95-105 of total 98-102: high = min(100, 105 / 98 = 107.1 %) = 100
    assert share_bounds_from_rounded_pct(95, 105, 98, 102)[1] == 100.0


def test_cross_basis_ratio_tajikistan_2013_exceeds_100_and_says_it_is_not_a_share():
    # Bank of Russia 4,155 to Tajikistan over WDI 3,697.7 (BoP, all senders): 4155 / 3697.7 = 112.37 %
    ratio = cross_basis_ratio_pct(4155, 3697.7, BANK_OF_RUSSIA_COUNT, WDI_BOP)
    assert ratio["ratio_pct"] == pytest.approx(112.367, abs=0.01) and "not a share" in ratio["label"]


def test_implied_other_senders():
    # Uzbekistan H1 2024: 6,500 in all, Russia 77 % -> others 6500 * 0.23 = 1,495
    assert implied_other_senders_usd_m(6500, 77) == pytest.approx(1495.0)


# ---------------------------------------------------------------- planted bad inputs
def test_mixed_bases_raise():
    with pytest.raises(ValueError, match="different bases"):
        share_from_sender_pct(4155, 3697.9, BANK_OF_RUSSIA_COUNT, WDI_BOP)


def test_part_above_total_on_one_basis_raises():
    with pytest.raises(ValueError, match="exceeds total"):
        share_from_sender_pct(775.4, 481.0, RECIPIENT_COUNT, RECIPIENT_COUNT)


def test_same_basis_cross_ratio_raises():
    with pytest.raises(ValueError, match="same basis"):
        cross_basis_ratio_pct(1, 2, RECIPIENT_COUNT, RECIPIENT_COUNT)


@pytest.mark.parametrize("bad", [-1.0, None, math.nan])
def test_bad_amounts_raise(bad):
    with pytest.raises(ValueError):
        share_from_sender_pct(bad, 100, RECIPIENT_COUNT, RECIPIENT_COUNT)


def test_zero_total_and_inverted_bounds_raise():
    with pytest.raises(ValueError, match="zero"):
        share_from_sender_pct(0, 0, RECIPIENT_COUNT, RECIPIENT_COUNT)
    with pytest.raises(ValueError, match="low bound exceeds"):
        share_bounds_from_rounded_pct(2250, 2150, 2350, 2450)


def test_unknown_basis_raises():
    with pytest.raises(ValueError, match="unknown basis"):
        share_from_sender_pct(1, 2, "knomad", "knomad")


@pytest.mark.parametrize("share", [120, -1, None])
def test_share_out_of_range_raises(share):
    with pytest.raises(ValueError):
        implied_other_senders_usd_m(100, share)


# ---------------------------------------------------------------- the table functions
def planted_table() -> pd.DataFrame:
    base = {"receiving_country_iso3": "UZB", "what_measured": "share_from_russia", "date_precision": "months",
            "period_given": "stated", "measure_basis": RECIPIENT_COUNT, "value_usd_million": None,
            "stated_by_side": "recipient_state"}
    rows = [
        dict(base, fact_id="a-share", period_label="2022 Jan-Apr", period_start="2022-01", period_end="2022-04", share_pct=87.0,
             stated_by_side="media"),
        dict(base, fact_id="a-share", period_label="2022 Jan-Apr", period_start="2022-01", period_end="2022-04", share_pct=87.0),
        dict(base, fact_id="b-share", period_label="2019-2021", period_start="2019", period_end="2021", share_pct=60.0,
             date_precision="range"),
        dict(base, fact_id="media-line", period_label="2019-2021", period_start="2019", period_end="2021", share_pct=50.0,
             date_precision="range", measure_basis=MEDIA_BACKGROUND, stated_by_side="media"),
        dict(base, fact_id="undated", period_label="statement", period_start="", period_end="", share_pct=90.0,
             date_precision="unspecified", period_given="none"),
        dict(base, fact_id="inferred", period_label="2014 Jan-Aug (year inferred)", period_start="2014-01",
             period_end="2014-08", share_pct=90.0, period_given="inferred"),
        dict(base, fact_id="uncertain", period_label="2021 (or Jan-Aug)", period_start="2021", period_end="2021",
             share_pct=54.0, period_given="uncertain", measure_basis="world_bank_report_statement"),
        dict(base, fact_id="other-basis", period_label="2017", period_start="2017", period_end="2017", share_pct=60.0,
             measure_basis=BANK_OF_RUSSIA_COUNT, date_precision="year"),
        dict(base, fact_id="amount", period_label="2017", period_start="2017", period_end="2017", share_pct=None,
             what_measured="amount_from_russia", date_precision="year"),
    ]
    return pd.DataFrame(rows)


def test_stated_shares_keep_dated_shares_on_a_share_basis_once_per_fact():
    shares = stated_russia_shares_pct(planted_table())
    # sorted by start; one row for the two a-share rows (the state's, not the outlet's); the outlet's own summary
    # line, the undated, inferred and uncertain periods, the other basis and the amount row are all left out
    assert list(shares["fact_id"]) == ["b-share", "a-share"]
    spans = shares.set_index("fact_id")
    assert spans.loc["a-share", "stated_by_side"] == "recipient_state"
    assert spans.loc["a-share", "start"] == pd.Timestamp("2022-01-01") and spans.loc["a-share", "end"] == pd.Timestamp("2022-04-30")
    assert spans.loc["b-share", "start"] == pd.Timestamp("2019-01-01") and spans.loc["b-share", "end"] == pd.Timestamp("2021-12-31")
    # the middle of 1 Jan - 30 Apr 2022 (119 days) is 59.5 days in
    assert spans.loc["a-share", "mid"] == pd.Timestamp("2022-03-01 12:00")
    assert (spans["basis_label"] == "Stated").all()


def report(**fields) -> dict:
    row = {"row_id": "REM-900", "receiving_country_iso3": "KGZ", "sending_country": "RUS", "period_label": "2023",
           "period_start": "2023", "period_end": "2023", "period_given": "stated", "measure_basis": RECIPIENT_COUNT,
           "what_measured": "amount_from_russia", "value_usd_million": None, "value_usd_million_low": None,
           "value_usd_million_high": None, "share_pct": None, "source_url": "https://example.org/a",
           "source_publisher": "Outlet", "stated_by": "National Bank"}
    row.update(fields)
    return row


def amounts(value, low, high) -> dict:
    return {"value_usd_million": value, "value_usd_million_low": low, "value_usd_million_high": high}


def test_computed_shares_pair_one_reports_two_amounts():
    rows = pd.DataFrame([
        report(row_id="REM-901", **amounts(2531, 2531, 2531)),
        report(row_id="REM-902", sending_country="all", what_measured="amount_total", **amounts(2700, 2650, 2750)),
        # a share row that also states the amount, on another page, with its total: 1.2 of 1,367, stated 94
        report(row_id="REM-903", what_measured="share_from_russia", share_pct=94.0, period_label="2025 Jan-May",
               period_start="2025-01", period_end="2025-05", source_url="https://example.org/b", **amounts(1200, 1150, 1250)),
        report(row_id="REM-904", sending_country="all", what_measured="amount_total", period_label="2025 Jan-May",
               period_start="2025-01", period_end="2025-05", source_url="https://example.org/b", **amounts(1367, 1367, 1367)),
        # not paired: a total from another page, a part on the Bank of Russia's count, an inferred period
        report(row_id="REM-905", sending_country="all", what_measured="amount_total", source_url="https://example.org/c",
               **amounts(3000, 3000, 3000)),
        report(row_id="REM-906", measure_basis=BANK_OF_RUSSIA_COUNT, source_url="https://example.org/c",
               **amounts(2900, 2900, 2900)),
        report(row_id="REM-907", period_given="inferred", source_url="https://example.org/c", **amounts(2000, 2000, 2000)),
    ])
    computed = computed_russia_shares_pct(rows).set_index("period_label")
    assert list(computed.index) == ["2023", "2025 Jan-May"]
    # 2531 / 2700 = 93.74 %; 2531 / 2750 = 92.04 %; 2531 / 2650 = 95.51 %
    assert computed.loc["2023", ["share_pct", "share_pct_low", "share_pct_high"]].round(2).tolist() == [93.74, 92.04, 95.51]
    assert pd.isna(computed.loc["2023", "stated_share_pct"]) and computed.loc["2023", "value_qualifier"] == "about"
    # 1200 / 1367 = 87.78 %; 1150 / 1367 = 84.13 %; 1250 / 1367 = 91.44 %, where the page states 94
    assert computed.loc["2025 Jan-May", ["share_pct", "share_pct_low", "share_pct_high"]].round(2).tolist() == [87.78, 84.13, 91.44]
    assert computed.loc["2025 Jan-May", "stated_share_pct"] == 94
    assert (computed["basis_label"] == "Computed").all()


def test_computed_shares_refuse_an_ambiguous_pair():
    rows = pd.DataFrame([
        report(row_id="REM-901", **amounts(2531, 2531, 2531)),
        report(row_id="REM-902", sending_country="all", what_measured="amount_total", **amounts(2700, 2650, 2750)),
        report(row_id="REM-903", sending_country="all", what_measured="amount_total", **amounts(2800, 2800, 2800)),
    ])
    with pytest.raises(ValueError, match=r"two totals for KGZ 2023 \(rows REM-902, REM-903\)"):
        computed_russia_shares_pct(rows)


def test_computed_share_above_the_total_is_refused():
    rows = pd.DataFrame([
        report(row_id="REM-901", **amounts(2900, 2900, 2900)),
        report(row_id="REM-902", sending_country="all", what_measured="amount_total", **amounts(2700, 2700, 2700)),
    ])
    with pytest.raises(ValueError, match="exceeds total"):
        computed_russia_shares_pct(rows)


def test_bank_of_russia_over_bop_from_the_tables():
    ratios = bank_of_russia_over_bop_pct(tables.load("remittances_by_sender"), tables.load("wdi_indicators"))
    by_year = ratios[ratios["receiving_country_iso3"] == "TJK"].set_index("year")["ratio_pct"].round(1)
    # 4155 / 3697.73 = 112.4 %; 1278 / 2258.64 = 56.6 %; 1800 / 2921.71 = 61.6 %
    assert by_year.to_dict() == {2013: 112.4, 2014: 113.2, 2015: 56.6, 2016: 103.3, 2017: 113.4, 2021: 61.6}
    assert ratios["label"].str.contains("not a share").all()
    # one row per country and year: the two Turkmen rows for one Bank of Russia figure count once (and have no WDI value)
    assert not ratios.duplicated(["receiving_country_iso3", "year"]).any() and "TKM" not in set(ratios["receiving_country_iso3"])
