"""The event-study model (minsk2020.models.event_study): hand-computed 2x2 cases, a planted panel with a known
effect, the series built from a small planted DOTS table, and bad inputs that must raise."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from minsk2020.models import event_study as es

PRE, POST = [2012, 2013, 2014], [2016, 2017, 2018, 2019]


def panel_from(d: dict[str, dict[int, float]]) -> pd.DataFrame:
    return pd.DataFrame([{"unit": u, "year": y, "value": v} for u, s in d.items() for y, v in s.items()])


def flat(pre: float, post: float) -> dict[int, float]:
    return {**{y: pre for y in PRE}, 2015: (pre + post) / 2, **{y: post for y in POST}}


def test_doubling_against_a_flat_comparison():
    # treated 10 -> 20, comparison 50 -> 50: DiD = ln 20 - ln 10 - 0 = ln 2 = 0.693147
    p = panel_from({"T": flat(10, 20), "C": flat(50, 50)})
    assert es.did_log_points(p, "T", ["C"], PRE, POST) == pytest.approx(0.693147, abs=1e-6)
    assert es.pct_from_log_points(math.log(2)) == pytest.approx(100.0)   # exp(ln 2) - 1 = 1
    assert es.pct_from_log_points(0.989) == pytest.approx(168.86, abs=0.01)  # exp(0.989) = 2.6886


def test_a_common_shock_cancels_and_comparisons_average():
    # T flat at 10; C1 halves 100 -> 50 (change -ln 2), C2 flat (0): mean comparison change = -0.346574,
    # DiD = 0 - (-0.346574) = +0.346574
    p = panel_from({"T": flat(10, 10), "C1": flat(100, 50), "C2": flat(100, 100)})
    assert es.did_log_points(p, "T", ["C1", "C2"], PRE, POST) == pytest.approx(0.346574, abs=1e-6)


def test_window_means_are_means_of_logs_not_logs_of_means():
    # pre 10, 10, 40: mean log = ln 10 + ln(4)/3; post all 20: change = ln 2 - (2/3) ln 2 = ln(2)/3 = 0.231049
    # (the log of the arithmetic mean, ln 20 - ln 20 = 0, would be wrong)
    p = panel_from({"T": {2012: 10, 2013: 10, 2014: 40, 2016: 20, 2017: 20, 2018: 20, 2019: 20}})
    assert es.unit_log_change(p, "T", PRE, POST) == pytest.approx(0.231049, abs=1e-6)


def planted_panel(effect: float = 0.4) -> pd.DataFrame:
    """ln y_it = a_i + b_t + effect * 1[i = T, t >= 2016], 1995-2019, no noise; a 2015-16 shock of -0.5 hits all."""
    rng = np.random.default_rng(1)
    years = range(1995, 2020)
    b = {t: 0.05 * (t - 1995) + rng.normal(0, 0.2) - (0.5 if t in (2015, 2016) else 0.0) for t in years}
    a = {"T": 2.0, "C1": 5.0, "C2": 3.5, "C3": 4.2}
    return pd.DataFrame([{"unit": u, "year": t, "value": math.exp(ai + b[t] + (effect if u == "T" and t >= 2016 else 0))}
                         for u, ai in a.items() for t in years])


def test_the_planted_effect_is_recovered_in_every_window():
    p = planted_panel(0.4)
    for pre, post in es.WINDOWS.values():
        if max(post) <= 2019:
            assert es.did_log_points(p, "T", ["C1", "C2", "C3"], pre, post) == pytest.approx(0.4, abs=1e-12)


def test_placebos_in_time_shift_the_real_windows():
    p = planted_panel(0.4)
    fake = es.placebo_in_time(p, "T", ["C1", "C2", "C3"], es.PLACEBO_EVENT_YEARS)
    # every fake window ends by 2014, before the effect: all exactly 0
    assert list(fake["event_year"]) == list(range(1998, 2011))
    assert fake["did_log_points"].abs().max() == pytest.approx(0.0, abs=1e-12)
    # fake event 2013 (shift -2): pre 2010-12, post 2014-17, two of four post years treated -> 0.4 * 2/4 = 0.2
    assert es.placebo_in_time(p, "T", ["C1"], [2013])["did_log_points"].iloc[0] == pytest.approx(0.2, abs=1e-12)
    # 2015 counted as before (pre 2012-15, post 2016-19) shifted to 2010: pre 2007-10, post 2011-14 -> 0
    alt = es.placebo_in_time(p, "T", ["C1"], [2010], *es.WINDOWS[es.ALTERNATIVE_WINDOW])
    assert alt["did_log_points"].iloc[0] == pytest.approx(0.0, abs=1e-12)


def test_a_placebo_window_with_missing_data_is_nan_not_filled():
    p = planted_panel(0.4)
    p = p[~((p["unit"] == "C1") & (p["year"] == 2000))]
    fake = es.placebo_in_time(p, "T", ["C1"], [2000])        # pre 1997-99, post 2001-04: 2000 is not needed
    assert not math.isnan(fake["did_log_points"].iloc[0])
    fake = es.placebo_in_time(p, "T", ["C1"], [2003])        # pre 2000-02: 2000 missing
    assert math.isnan(fake["did_log_points"].iloc[0])


def test_placebo_p_value_by_hand():
    # |0.1|, |-0.5|, |0.2| against |0.4|: one at least as large -> (1 + 1) / (1 + 3) = 0.5; NaN dropped
    assert es.placebo_p_value(0.4, [0.1, -0.5, 0.2, float("nan")]) == pytest.approx(0.5)
    # larger than all five: 1 / 6, the smallest p five placebos allow
    assert es.placebo_p_value(1.0, [0.1, 0.2, -0.3, 0.4, 0.5]) == pytest.approx(1 / 6)
    with pytest.raises(es.PanelError):
        es.placebo_p_value(0.4, [float("nan")])


def test_placebo_in_space_and_permutation_p():
    p = planted_panel(0.4)
    space = es.placebo_in_space(p, "T", ["C1", "C2", "C3"], PRE, POST)
    assert space["is_treated"].iloc[0] and space["did_log_points"].iloc[0] == pytest.approx(0.4, abs=1e-12)
    assert space.loc[~space["is_treated"], "did_log_points"].abs().max() == pytest.approx(0.0, abs=1e-12)
    assert space["rank_abs"].iloc[0] == 1
    assert es.permutation_p_value(space) == pytest.approx(1 / 4)  # the treated unit alone is as large as itself


def planted_dots() -> pd.DataFrame:
    """A tiny DOTS-shaped table: Belarus with World, US, EU, UK; the US's figures for Belarus; 2014 only."""
    rows = [("BLR", "WLD", "exports", 100.0), ("BLR", "WLD", "imports", 120.0),
            ("BLR", "USA", "exports", 2.0), ("BLR", "USA", "imports", 3.0),
            ("BLR", "EUU", "exports", 30.0), ("BLR", "EUU", "imports", 25.0),
            ("BLR", "GBR", "exports", 1.0), ("BLR", "GBR", "imports", 2.0),
            ("USA", "BLR", "imports", 2.5), ("USA", "BLR", "exports", 1.5)]
    return pd.DataFrame([{"reporter_iso3": r, "partner_iso3": p, "flow": f, "year": 2014, "value_usd_m": v}
                         for r, p, f, v in rows])


def test_rest_of_world_is_world_less_us_eu27_and_uk():
    row = es.rest_of_world(planted_dots(), "BLR")
    assert row.loc[2014, "exports"] == pytest.approx(100 - 2 - 30 - 1)   # 67
    assert row.loc[2014, "imports"] == pytest.approx(120 - 3 - 25 - 2)   # 90


def test_rest_of_world_is_nan_when_a_piece_is_missing():
    d = planted_dots()
    d = d[~((d["partner_iso3"] == "GBR") & (d["flow"] == "imports"))]
    row = es.rest_of_world(d, "BLR")
    assert row.loc[2014, "exports"] == pytest.approx(67) and math.isnan(row.loc[2014, "imports"])


def test_mirror_names_flows_from_belarus_side():
    m = es.mirror(planted_dots(), "USA", "BLR")
    assert m.loc[2014, "exports"] == 2.5 and m.loc[2014, "imports"] == 1.5  # US imports from Belarus = its exports


def test_relative_gap_by_hand():
    units = pd.DataFrame([{"unit": u, "flow": "total", "year": y, "value": v}
                          for u, s in {"T": {2012: 1.0, 2013: 1.0, 2014: 1.0, 2015: math.e},
                                       "C": {2012: 1.0, 2013: 1.0, 2014: 1.0, 2015: 1.0}}.items()
                          for y, v in s.items()])
    gap = es.relative_gap(units, "T", ["C"], "total", years=range(2012, 2017))
    assert gap.loc[2015] == pytest.approx(1.0)      # ln e - ln 1 - 0 (base mean 0)
    assert math.isnan(gap.loc[2016])                # no year 2016: NaN, not a joined line


def test_share_pct_by_hand():
    units = pd.DataFrame([{"unit": "A", "flow": "total", "year": 2014, "value": 1.0},
                          {"unit": "W", "flow": "total", "year": 2014, "value": 200.0}])
    assert es.share_pct(units, "A", "W", "total", [2014]) == pytest.approx(0.5)


@pytest.mark.parametrize("bad", ["zero", "negative", "missing_year", "treated_in_controls", "overlap", "duplicate",
                                 "no_controls", "empty_window", "missing_column"])
def test_bad_inputs_raise(bad):
    p = panel_from({"T": flat(10, 20), "C": flat(50, 50)})
    pre, post, controls = PRE, POST, ["C"]
    if bad == "zero":
        p.loc[(p.unit == "T") & (p.year == 2013), "value"] = 0.0          # ln 0 undefined
    elif bad == "negative":
        p.loc[(p.unit == "C") & (p.year == 2017), "value"] = -5.0
    elif bad == "missing_year":
        p = p[~((p.unit == "C") & (p.year == 2018))]
    elif bad == "treated_in_controls":
        controls = ["C", "T"]
    elif bad == "overlap":
        post = [2014, 2016]
    elif bad == "duplicate":
        p = pd.concat([p, p.iloc[[0]]])
    elif bad == "no_controls":
        controls = []
    elif bad == "empty_window":
        pre = []
    elif bad == "missing_column":
        p = p.rename(columns={"value": "value_usd_m"})
    with pytest.raises(es.PanelError):
        es.did_log_points(p, "T", controls, pre, post)


def test_unknown_series_and_window_raise():
    units = es.trade_units(pd.concat([planted_dots()]))
    with pytest.raises(es.PanelError):
        es.panel_for(units, ["BLR-XXX"], "total")
    with pytest.raises(es.PanelError):
        es.with_placebo_p(pd.DataFrame(columns=["window"]), units, window="no such window")


def test_one_sided_p_looks_upwards_whatever_the_sign():
    # actual +1.0; placebos -2.0, -1.5 (larger in size but of the other sign), +0.5, +1.2: only +1.2 >= +1.0
    # one-sided p = (1 + 1) / (1 + 4) = 0.4; two-sided p = (1 + 3) / 5 = 0.8
    placebos = [-2.0, -1.5, 0.5, 1.2, float("nan")]
    assert es.one_sided_p_value(1.0, placebos) == pytest.approx(0.4)
    assert es.placebo_p_value(1.0, placebos) == pytest.approx(0.8)
    # a negative estimate is not evidence for relief: -1.8 is beaten upwards by -1.5, +0.5, +1.2 -> (1 + 3) / 5
    assert es.one_sided_p_value(-1.8, placebos) == pytest.approx(0.8)
    # the weakness: placebos drifting below zero let a small positive estimate reach the floor 1 / (1 + 4)
    assert es.one_sided_p_value(0.05, [-0.5, -0.3, -0.1, 0.0]) == pytest.approx(0.2)
    with pytest.raises(es.PanelError):
        es.one_sided_p_value(1.0, [float("nan")])


def test_placebo_windows_and_the_clean_dates():
    # a fake event in 2002 uses 1999-2001 and 2003-2006 (2015 -> 2002 shifts by -13; the event year itself is left out)
    assert es.shifted_window_years(2002) == (1999, 2000, 2001, 2003, 2004, 2005, 2006)
    # consecutive fake dates share 5 of their 7 years
    assert len(set(es.shifted_window_years(2001)) & set(es.shifted_window_years(2002))) == 5
    # 2003's window (2000-02, 2004-07) reaches 2007: not clean when 2007 is excluded; 1998-2002 end by 2006
    assert es.clean_placebo_years(es.PLACEBO_EVENT_YEARS, treatment_years=[2007, 2008, 2011]) == tuple(range(1998, 2003))
    assert es.clean_placebo_years([2003, 2004], treatment_years=[2012]) == (2003, 2004)


def test_act_years_reads_the_years_of_the_named_rows():
    acts = pd.DataFrame({"act_row_id": ["SA-026", "SA-028", "SA-029", "SA-047", "SA-118"],
                         "date": ["2007-11-13", "2008-05", "2008-09-04", "2011-08-11", "2000-07-02"]})
    assert es.act_years(acts) == (2007, 2008, 2011)
    assert es.act_years(acts, ["SA-118"]) == (2000,)
    with pytest.raises(es.PanelError):
        es.act_years(acts, ["SA-999"])


def test_change_split_separates_the_treated_flow_from_the_comparison():
    # T flat at 10 to 2015; comparison halves in 2015 (100 -> 50): the 2015 gap, ln 2 = 0.693147, is all comparison
    units = pd.DataFrame([{"unit": u, "flow": "exports", "year": y, "value": v}
                          for u, s in {"T": flat(10, 10), "C": {**flat(100, 100), 2015: 50.0}}.items()
                          for y, v in s.items()])
    split = es.change_split(units, "T", ["C"], "exports", PRE, [2015])
    assert split["treated"] == pytest.approx(0.0)
    assert split["comparison"] == pytest.approx(-0.693147, abs=1e-6)
    assert split["gap"] == pytest.approx(0.693147, abs=1e-6)


def test_tonnes_value_by_hand_and_bad_inputs():
    # 635,000 t at US$215.5/t = US$136.8425 m; at US$255.5/t = US$162.2425 m
    assert es.tonnes_value_usd_m(635_000, 215.5) == pytest.approx(136.8425)
    assert es.tonnes_value_usd_m(635_000, 255.5) == pytest.approx(162.2425)
    for tonnes, price in ((-1, 200.0), (635_000, 0.0)):
        with pytest.raises(es.PanelError):
            es.tonnes_value_usd_m(tonnes, price)


def test_eu27_and_uk_unit_and_rest_of_world_less_russia_and_ukraine():
    dots = pd.concat([planted_dots(), pd.DataFrame([
        {"reporter_iso3": "BLR", "partner_iso3": p, "flow": f, "year": 2014, "value_usd_m": v}
        for p, f, v in (("RUS", "exports", 40.0), ("RUS", "imports", 60.0), ("UKR", "exports", 10.0),
                        ("UKR", "imports", 5.0))])])
    units = es.trade_units(dots).set_index(["unit", "flow", "year"])["value"]
    assert units[("BLR-EU27+GBR", "exports", 2014)] == pytest.approx(30 + 1)
    assert units[("BLR-ROW less RUS, UKR", "exports", 2014)] == pytest.approx(67 - 40 - 10)   # 17
    assert units[("BLR-ROW less RUS, UKR", "total", 2014)] == pytest.approx(67 + 90 - 100 - 15)  # 42
