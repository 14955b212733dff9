"""Tests for minsk2020.models.oil_balance with hand-computed values (arithmetic in the comments) and planted bad inputs."""

import pandas as pd
import pytest

from minsk2020.models import oil_balance as m


def q(lo, hi, kind, src="x"):
    return m.Quantity(lo, hi, kind, (src,))


def test_bounds_from_statement():
    # 'about 1.8 Mt', step 0.1 Mt: 1.8 - 0.05 = 1.75, 1.8 + 0.05 = 1.85
    assert m.bounds_from_statement_t(1_800_000, "about", 100_000) == (1_750_000, 1_850_000)
    # 'up to 3 Mt', step 0.25 Mt: 3.0 - 0.25 = 2.75 .. 3.0
    assert m.bounds_from_statement_t(3_000_000, "up_to", 250_000) == (2_750_000, 3_000_000)
    # 'more than 14 Mt', step 1 Mt: 14 .. 15
    assert m.bounds_from_statement_t(14_000_000, "over", 1_000_000) == (14_000_000, 15_000_000)
    assert m.bounds_from_statement_t(285_000, "exact", 0) == (285_000, 285_000)


def test_barrels_to_tonnes():
    # 1.7 million barrels / 7.33 bbl per t = 231,923.6 t
    assert m.barrels_to_tonnes(1_700_000) == pytest.approx(231_923.6, abs=0.1)


def test_add_same_kind_and_gap_q1():
    # Q1 2020 by hand: Russian 1.004-1.040 Mt (CDU TEK) + known cargoes 0.495 Mt + unknown traders 0-0.19 Mt
    # arrived = 1.499 .. 1.725 Mt; runs 2.75 .. 3.0 Mt
    # gap low = 1.499 - 3.0 = -1.501 Mt; gap high = 1.725 - 2.75 = -1.025 Mt
    arrived = m.add_same_kind([q(1_004_000, 1_040_000, "delivered"), q(495_000, 495_000, "arrived"),
                               q(0, 190_000, "arrived")], m.ARRIVAL_KINDS)
    assert (arrived.low_t, arrived.high_t) == (1_499_000, 1_725_000)
    lo, hi = m.gap_t(arrived, q(2_750_000, 3_000_000, "refined"))
    assert lo == pytest.approx(-1_501_000)
    assert hi == pytest.approx(-1_025_000)


def test_difference_same_kind_march_runs():
    # March runs = Q1 (2.75-3.0) - Jan-Feb (1.75-1.85): low 2.75 - 1.85 = 0.90, high 3.0 - 1.75 = 1.25 Mt
    r = m.difference_same_kind(q(2_750_000, 3_000_000, "refined"), q(1_750_000, 1_850_000, "refined"))
    assert (r.low_t, r.high_t) == (900_000, 1_250_000)


def test_unexplained_after():
    # gap -1.501..-1.025 Mt, plus at most 0.55 Mt of opening stock and 0.425 Mt own crude (3 x 1.7/12)
    # -1.501 + 0.975 = -0.526 ; -1.025 + 0.975 = -0.050
    lo, hi = m.unexplained_after_t((-1_501_000, -1_025_000), 550_000, 425_000)
    assert lo == pytest.approx(-526_000)
    assert hi == pytest.approx(-50_000)


def test_pair_bounds_from_total():
    # 'over 1 Mt' by the 12th tanker, 829,000 t known: at least 171,000 t in the two unknown cargoes
    assert m.pair_bounds_from_total_t(1_000_000, 1_000_000, 829_000) == (171_000, 171_000)
    assert m.pair_bounds_from_total_t(50_000, 60_000, 80_000) == (0.0, 0.0)


def test_months_in_window():
    assert m.months_in_window("2020-02", "2020-04-13") == ["2020-02", "2020-03", "2020-04"]


def test_cargo_arrivals_by_month():
    cargo = pd.DataFrame([
        {"cargo_id": "CARGO-01", "volume_status": "known", "volume_tonnes": 80_000, "month": "2020-01", "window_start": None, "window_end": None},
        {"cargo_id": "CARGO-02", "volume_status": "known", "volume_tonnes": 85_000, "month": "2020-03", "window_start": None, "window_end": None},
        {"cargo_id": "CARGO-03", "volume_status": "known", "volume_tonnes": 90_000, "month": "2020-03", "window_start": None, "window_end": None},
        {"cargo_id": "CARGO-04", "volume_status": "unknown", "volume_tonnes": None, "month": None, "window_start": "2020-02", "window_end": "2020-04-13"},
    ])
    t = m.cargo_arrivals_by_month(cargo).set_index("month")
    assert t.loc["2020-03", "cargo_known_t"] == 175_000  # 85,000 + 90,000
    assert t.loc["2020-03", "cargo_known_n"] == 2
    assert t.loc["2020-02", "cargo_unknown_ids"] == "CARGO-04"
    assert t.loc["2020-05", "cargo_unknown_ids"] == ""
    assert t.loc["2020-12", "cargo_known_t"] == 0


# ---- planted bad inputs: these must raise ----------------------------------------------

def test_refuses_to_add_a_plan_to_deliveries():
    # June: 1.0 Mt delivered by Druzhba + 1.1 Mt *planned* (Belneftekhim) must not be added
    with pytest.raises(ValueError, match="unlike kinds"):
        m.add_same_kind([q(1_000_000, 1_000_000, "delivered"), q(1_100_000, 1_100_000, "planned")], m.ARRIVAL_KINDS)


def test_gap_refuses_plan_as_arrival_and_plan_as_run():
    with pytest.raises(ValueError):
        m.gap_t(q(1_580_000, 1_580_000, "planned"), q(1_000_000, 1_000_000, "refined"))
    with pytest.raises(ValueError):
        m.gap_t(q(1_000_000, 1_000_000, "delivered"), q(16_000_000, 16_500_000, "planned_refined"))


def test_quantity_rejects_bad_values():
    with pytest.raises(ValueError):
        m.Quantity(2_000_000, 1_000_000, "refined")  # low above high
    with pytest.raises(ValueError):
        m.Quantity(float("nan"), 1_000_000, "delivered")  # unknown month is not zero
    with pytest.raises(ValueError):
        m.Quantity(-5, 0, "delivered")
    with pytest.raises(ValueError):
        m.bounds_from_statement_t(1_000_000, "roughly", 1)


def test_difference_refuses_contradiction():
    with pytest.raises(ValueError):
        m.difference_same_kind(q(1_000_000, 1_000_000, "refined"), q(2_000_000, 2_000_000, "refined"))


def test_gap_accepts_the_label_add_same_kind_gives_mixed_arrivals():
    # a delivery (1.0 Mt) plus a cargo (0.08 Mt) is labelled 'arrived' and may be set against runs of 1.2 Mt: gap -0.12
    arrived = m.add_same_kind([q(1_000_000, 1_000_000, "delivered"), q(80_000, 80_000, "arrived")], m.ARRIVAL_KINDS)
    assert arrived.kind == "arrived"
    assert m.gap_t(arrived, q(1_200_000, 1_200_000, "refined")) == (-120_000, -120_000)


def test_balance_refuses_a_table_with_a_duplicated_fact():
    rows = pd.DataFrame({"fact_id": ["ref-2020q1", "ref-2020q1"], "row_id": ["BAL-001", "BAL-002"]})
    with pytest.raises(ValueError, match="expected one row"):
        m._row(rows, "ref-2020q1", "fact_id")


def test_russian_origin_counts_traders_and_socar_urals():
    import pandas as pd
    c = pd.DataFrame({"crude_origin_iso3": ["RUS", "AZE", None, "NOR"], "russian_grade_crude": [True, False, None, "True"]})
    assert m.russian_origin(c).tolist() == [True, False, False, True]
