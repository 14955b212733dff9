"""minsk2020.models.russian_money: hand-computed values and planted bad inputs."""

from __future__ import annotations

import pandas as pd
import pytest

from minsk2020 import units
from minsk2020.models import russian_money as rm


def test_gas_gap_hand_values():
    # (200 - 0 - 127) x 19.0 = 1,387; with a 20 transport deduction (200 - 20 - 127) x 19 = 1,007
    assert rm.gas_price_gap_usd_million(200.0, 127.0, 19.0) == pytest.approx(1387.0)
    assert rm.gas_price_gap_usd_million(200.0, 127.0, 19.0, 20.0) == pytest.approx(1007.0)
    # a benchmark below the contract price gives a negative gap: (110 - 127) x 10 = -170
    assert rm.gas_price_gap_usd_million(110.0, 127.0, 10.0) == pytest.approx(-170.0)


@pytest.mark.parametrize("args", [(200.0, 127.0, -1.0), (200.0, float("nan"), 19.0), (200.0, 127.0, 19.0, 250.0),
                                  (-5.0, 127.0, 19.0), (200.0, 127.0, None), (200.0, 127.0, True)])
def test_gas_gap_rejects_bad_input(args):
    with pytest.raises(ValueError):
        rm.gas_price_gap_usd_million(*args)


def test_npp_rate_cut_and_saving():
    # LIBOR 1.0%: 0.5 x 5.23 + 0.5 x (1.0 + 1.83) - 3.3 = 2.615 + 1.415 - 3.3 = 0.73 points
    assert rm.npp_rate_cut_pct_points(1.0) == pytest.approx(0.73)
    assert rm.npp_rate_cut_pct_points(0.0) == pytest.approx(0.23)
    # P = 4,000, cut 1 point, n = 30: 4000 x 0.01 / 2 x 31 / 2 = 310; n = 1: 4000 x 0.01 / 2 = 20
    assert rm.amortising_interest_saving_usd_million(4000.0, 1.0, 30) == pytest.approx(310.0)
    assert rm.amortising_interest_saving_usd_million(4000.0, 1.0, 1) == pytest.approx(20.0)
    grid = rm.npp_saving_range_usd_million((0.0, 2.0), (4330.0,))
    # LIBOR 0: 4330 x 0.0023 / 2 x 15.5 = 77.18; LIBOR 2: cut 1.23 -> 4330 x 0.0123 / 2 x 15.5 = 412.76
    assert grid["saving_usd_million"].tolist() == pytest.approx([77.18, 412.76], abs=0.01)


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_saving_rejects_a_bad_instalment_count(bad):
    with pytest.raises(ValueError):
        rm.amortising_interest_saving_usd_million(4000.0, 1.0, bad)


def test_npp_rate_cut_rejects_nonsense():
    for bad in (float("nan"), -5.0, "1"):
        with pytest.raises(ValueError):
            rm.npp_rate_cut_pct_points(bad)


def _loans(rows):
    return pd.DataFrame(rows, columns=["fact_id", "lender", "event_date", "amount_usd_million", "disbursement_row"])


def test_disbursements_by_year_count_tranches_not_announcements():
    df = _loans([("a", "efsd", "2020-10-16", 500, "true"), ("b", "russia_government", "2020-12-30", 500, "true"),
                 ("c", "russia_government", "2021-06-02", 500, "true"),
                 ("d", "russia_government", "2020-09-14", 1500, "false")])  # the announcement is not counted
    out = rm.disbursements_by_year_usd_million(df).set_index(["year", "lender"])["amount_usd_million"]
    assert out.loc[(2020, "efsd")] == 500 and out.loc[(2020, "russia_government")] == 500
    assert out.loc[(2021, "russia_government")] == 500
    assert out.sum() == 1500


@pytest.mark.parametrize("rows", [
    [("a", "efsd", "2020-10-16", 500, "true"), ("a", "efsd", "2020-10-16", 500, "true")],  # one tranche twice
    [("a", "efsd", "2020-10-16", None, "true")],                                          # no amount
    [("a", "efsd", "", 500, "true")],                                                     # no date
])
def test_disbursements_planted_bad_rows_raise(rows):
    with pytest.raises(ValueError):
        rm.disbursements_by_year_usd_million(_loans(rows))


def test_derived_tranches_and_lending_by_year():
    df = _loans([("t1", "efsd", "2016-03-30", 500, "true"), ("t2", "efsd", "2016-07-29", 300, "true"),
                 ("cum", "efsd", "2019", 1800, "false")])
    # 1,800 - 500 - 300 = 1,000 paid on unsourced dates
    assert rm.derived_tranche_usd_million(df, "cum", ["t1", "t2"]) == 1000.0
    out = rm.lending_by_year_usd_million(df, [dict(period="2016-19", lender="efsd", cumulative_fact="cum",
                                                   known_facts=["t1", "t2"])])
    assert out.set_index("period").loc["2016-19", "amount_usd_million"] == 1000.0
    assert not out.set_index("period").loc["2016-19", "dated"]
    with pytest.raises(ValueError):
        rm.derived_tranche_usd_million(df, "cum", ["t1", "missing"])
    with pytest.raises(ValueError):  # stated tranches larger than the total
        rm.derived_tranche_usd_million(_loans([("t", "efsd", "2016", 900, "true"), ("c", "efsd", "2016", 800, "false")]),
                                       "c", ["t"])


def test_share_of_gdp():
    # 1,000 US$ million / 61.37e9 US$ x 100 = 1.6295%; negative amounts keep their sign
    assert rm.share_of_gdp_pct(1000.0, 61.37e9) == pytest.approx(1.62946, rel=1e-4)
    assert rm.share_of_gdp_pct(-170.0, 17e9) == pytest.approx(-1.0)
    with pytest.raises(ValueError):
        rm.share_of_gdp_pct(1.0, 0.0)


def test_gas_gap_by_year_uses_the_books_gross_basis():
    gas = pd.DataFrame({"benchmark": [rm.GERMAN_IMPORT, rm.TTF], "year": [2019, 2019], "price_usd_per_mmbtu": [5.0, 4.0]})
    belgas = pd.DataFrame({"price_kind": ["paid_contract"], "price_usd_per_1000m3": [127.0], "date_precision": ["year"],
                           "period_start": ["2019"]})
    out = rm.gas_gap_by_year(gas, belgas, pd.Series({2019: 20.0}), pd.Series(dtype=float), pd.Series({2019: 64e9}), 40.0)
    factor = units.mmbtu_per_1000m3_gcv()  # 37.91 MMBtu per 1,000 m3
    ger = out.set_index("benchmark").loc[rm.GERMAN_IMPORT]
    # (5 x 37.9147 - 127) x 20 = (189.57 - 127) x 20 = 1,251.5
    assert ger["gap_usd_million"] == pytest.approx((5.0 * factor - 127.0) * 20.0)
    assert ger["gap_usd_million"] == pytest.approx(1251.47, abs=0.01)
    assert ger["gap_net_transport_usd_million"] == pytest.approx(ger["gap_usd_million"] - 40.0 * 20.0)


def test_relationship_by_year_keeps_kinds_in_separate_columns():
    oil = pd.DataFrame({"year": [2019], "subsidy_usd_million": [1644.0], "subsidy_low_usd_million": [1630.0],
                        "subsidy_high_usd_million": [1655.0], "volume_measure": ["delivered"], "usd_million_per_mt": [93.4]})
    gas = pd.DataFrame({"year": [2019], "benchmark": [rm.GERMAN_IMPORT], "gap_usd_million": [1221.0]})
    lending = pd.DataFrame({"period": ["2020"], "lender": ["efsd"], "dated": [True], "amount_usd_million": [500.0]})
    out = rm.relationship_by_year(oil, gas, lending, [2019, 2020]).set_index("year")
    assert pd.isna(out.loc[2019, "new_lending_paid_usd_million"])  # no dated tranche: not on record, not zero
    assert out.loc[2020, "new_lending_paid_usd_million"] == 500.0
    assert pd.isna(out.loc[2020, "oil_duty_not_paid_usd_million"])  # missing stays missing
    assert not any("total" in c for c in out.columns)
