"""Tests for minsk2020.models.transit with hand-computed values (arithmetic in the comments) and planted bad inputs."""

import math

import pytest

from minsk2020.models import transit as m


def test_share_pct_oil_transit_of_russian_crude_to_europe():
    # 50 Mt (Lyashenko) of 153.02 Mt (bp 2019, Russia -> Europe crude): 100*50/153.02 = 32.675...
    assert m.share_pct(50, 153.02) == pytest.approx(32.675467, rel=1e-6)


def test_share_pct_rejects_part_above_whole():
    # planted bad input: 61.8 Mt transit against a 50 Mt denominator is a basis error
    with pytest.raises(ValueError):
        m.share_pct(61.8, 50)


def test_share_pct_rejects_zero_whole():
    with pytest.raises(ValueError):
        m.share_pct(1, 0)


def test_transit_excluding_domestic():
    # 70 - 17.6 = 52.4 Mt
    assert m.transit_excluding_domestic_mt(70, 17.6) == pytest.approx(52.4)


def test_revenue_per_tonne():
    # 23 / 4.7 = 4.8936... US$/t
    assert m.revenue_per_tonne_usd(23, 4.7) == pytest.approx(4.893617, rel=1e-6)


def test_annual_revenue_from_tariff_step():
    # 2 / (0.037 * 4/12) = 2 / 0.0123333 = 162.162... US$ m
    assert m.annual_revenue_from_tariff_step_usd_m(2, 3.7, 4) == pytest.approx(162.162162, rel=1e-6)


def test_transit_revenue():
    # 50 Mt x 4.8936 US$/t = 244.68 US$ m
    assert m.transit_revenue_usd_m(50, 23 / 4.7) == pytest.approx(244.680851, rel=1e-6)


def test_tariff_rise_gain():
    # 162.162 x 0.066 x 11/12 = 9.8108 US$ m
    assert m.tariff_rise_gain_usd_m(162.162162, 6.6, 11) == pytest.approx(9.810811, rel=1e-6)


def test_usd_per_barrel():
    # 61e6 / 563,000 t = 108.348 US$/t; / 7.33 = 14.781 US$/bbl
    per_t = m.claim_usd_per_tonne(61, 563_000)
    assert per_t == pytest.approx(108.348135, rel=1e-6)
    assert m.usd_per_tonne_to_usd_per_barrel(per_t) == pytest.approx(14.781464, rel=1e-6)


def test_flow_value():
    # 45.5 Mt x US$306 a tonne / 1000 = US$13.923 bn
    assert m.flow_value_usd_bn(45.5, 306) == pytest.approx(13.923)


def test_non_reroutable():
    # Kommersant: ports take at most 40 of 50 Mt -> 10 Mt; at 35.9 Mt nothing is left over; 45.5 -> 5.5
    assert m.non_reroutable_mt(50, 40) == pytest.approx(10)
    assert m.non_reroutable_mt(35.9, 40) == 0.0
    assert m.non_reroutable_mt(45.5, 40) == pytest.approx(5.5)


def test_tonnes_per_day():
    # 14,000 t/day x 365 / 1e6 = 5.11 Mt/yr
    assert m.tonnes_per_day_to_mt_per_year(14_000) == pytest.approx(5.11)


@pytest.mark.parametrize("bad", [
    lambda: m.revenue_per_tonne_usd(23, 0),
    lambda: m.annual_revenue_from_tariff_step_usd_m(2, 3.7, 13),   # more than a year
    lambda: m.transit_revenue_usd_m(-1, 5),                         # negative volume
    lambda: m.transit_excluding_domestic_mt(10, 17.6),              # deliveries exceed throughput
    lambda: m.claim_usd_per_tonne(61, math.nan),                    # missing volume
    lambda: m.flow_value_usd_bn(-1, 300),                           # negative volume
    lambda: m.non_reroutable_mt(45.5, -40),                         # negative capacity
    lambda: m.non_reroutable_mt(math.nan, 40),                      # missing volume
])
def test_planted_bad_inputs_raise(bad):
    with pytest.raises(ValueError):
        bad()
