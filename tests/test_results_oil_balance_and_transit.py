"""Headline results of the page 'Barrels and pipes' (chapters/economics/oil-balance-and-transit.md), from the tables.

Each test pins a number the page publishes (glued text or chart title), recomputed through the models from the
committed tables, so that a change in a table that moves it fails here rather than silently changing the book.
"""

from __future__ import annotations

import pytest

from minsk2020.data import tables
from minsk2020.models import oil_balance, transit


@pytest.fixture(scope="module")
def balance():
    return oil_balance.balance_2020(tables.load("belarus_oil_supply_2020"), tables.load("belarus_oil_cargoes_2020"),
                                    tables.load("belarus_oil_balance_2020_monthly"), tables.load("belarus_oil_balance_bp2021"),
                                    tables.load("belarus_energy_ei2024"))


@pytest.fixture(scope="module")
def levers():
    return transit.levers_2020(tables.load("belarus_transit_volumes"), tables.load("belarus_transit_levers"),
                               tables.load("belarus_oil_supply_2020"), tables.load("gas_pipeline_trade_bp2020"),
                               tables.load("belarus_gas_price"), tables.load("gas_prices_annual_bp2021"),
                               tables.load("belarus_oil_cargoes_2020"))


def test_first_quarter_gap(balance):
    q1 = balance.windows.set_index("window").loc["January-March"]
    # arrived 1.004-1.040 Mt Russian + 0.495 Mt known cargoes + 0-0.19 Mt traders = 1.499-1.725; runs 2.75-3.0
    assert (q1.arrived_low_mt, q1.arrived_high_mt) == pytest.approx((1.499, 1.725))
    assert (q1.gap_low_mt, q1.gap_high_mt) == pytest.approx((-1.501, -1.025))
    # plus at most 0.55 Mt of stock and 3 x 1.7/12 Mt of own crude
    assert (q1.after_stock_and_own_crude_low_mt, q1.after_stock_and_own_crude_high_mt) == pytest.approx((-0.526, -0.05), abs=1e-3)


def test_first_quarter_sensitivity_to_the_reading_of_up_to_3_mt():
    wide = oil_balance.balance_2020(tables.load("belarus_oil_supply_2020"), tables.load("belarus_oil_cargoes_2020"),
                                    tables.load("belarus_oil_balance_2020_monthly"), tables.load("belarus_oil_balance_bp2021"),
                                    tables.load("belarus_energy_ei2024"), q1_step_t=500_000)
    assert wide.windows.set_index("window").loc["January-March", "gap_high_mt"] == pytest.approx(-0.775)


def test_year_and_customs_check(balance):
    f = balance.figures
    assert f["cargo_share_pct"] == pytest.approx((9.63, 9.89), abs=0.01)
    assert [round(x / 1e6, 1) for x in f["runs_less_cargoes_t"]] == [14.0, 14.8]
    assert f["janmay_cover_pct"] == pytest.approx((92.2, 93.3), abs=0.05)
    assert f["q1_rate_pct"] == pytest.approx((61.6, 67.2), abs=0.05)
    assert f["us_cargoes_t"] == 153_000


def test_cargoes_are_counted_by_id(balance):
    f = balance.figures
    assert (f["cargoes_known_n"], f["cargoes_unknown_n"]) == (15, 4)
    assert balance.month_table["cargoes_known_n"].sum() == 15


def test_months_without_a_figure_stay_empty(balance):
    table = balance.month_table.set_index("month")
    assert (table.loc["2020-07":"2020-12", "russian_mt"] == "no monthly figure").all()
    assert set(balance.bars.loc[balance.bars.series.str.startswith("Russian"), "month"]) == {
        "2020-01", "2020-03", "2020-04", "2020-05", "2020-06"}


def test_transit_levers(levers):
    assert levers["transit_revenue_usd_m"] == pytest.approx((162.16, 302.43), abs=0.01)
    assert levers["gain_set_usd_m"] == pytest.approx((9.81, 18.30), abs=0.01)
    assert round(levers["gas_transit_share_pct"]) == 23
    assert round(levers["yamal_share_2013_pct"]) == 71
    assert levers["beltransgaz_price_usd_m"] == 5000
    assert round(levers["klaipeda_oil_pct"]) == 17 and round(levers["lng_pct"]) == 21


def test_gas_discount_by_year(levers):
    gap = levers["gas_gap_usd_m"]
    assert round(gap[(2019, "Netherlands TTF")]) == 470 and round(gap[(2019, "Germany, average import price")]) == 847
    assert round(gap[(2020, "Netherlands TTF")]) == -422 and round(gap[(2020, "Germany, average import price")]) == 221
