"""Headline results of the relief event study (chapters/economics/did-relief-change-anything.md), recomputed
from the tables with minsk2020.models.event_study, so that a change in a table that moves a published
number fails here rather than silently changing the page."""

from __future__ import annotations

import pytest

from minsk2020.data import tables
from minsk2020.models import event_study as es


@pytest.fixture(scope="module")
def units():
    return es.trade_units(tables.load("dots_trade_annual"))


@pytest.fixture(scope="module")
def clean_years():
    """The clean placebo dates, from the years of the acts in sanctions_legal_acts (designations and 2008 licence)."""
    return es.clean_placebo_years(es.PLACEBO_EVENT_YEARS, es.act_years(tables.load("sanctions_legal_acts")))


def test_clean_dates_from_the_acts_table(clean_years):
    assert es.act_years(tables.load("sanctions_legal_acts")) == (2007, 2008, 2011)
    assert clean_years == tuple(range(1998, 2003))


@pytest.fixture(scope="module")
def headline(units, clean_years):
    specs = [s for s in es.comparison_specs() if s["headline"]]
    table = es.sensitivity_table(units, specs=specs)
    main, draws = es.with_placebo_p(table, units)
    quiet, _ = es.with_placebo_p(table, units, event_years=clean_years)
    alt, _ = es.with_placebo_p(table, units, es.ALTERNATIVE_WINDOW)
    main = main.assign(quiet_p=quiet["placebo_p"].to_numpy())
    key = ["target", "figures", "flow"]
    return main.set_index(key), alt.set_index(key), draws


@pytest.fixture(scope="module")
def sensitivity(units):
    return es.sensitivity_table(units)


# --- the relief facts: rows of sanctions_legal_acts reused by id, terms added once --------------------------

def test_relief_acts_and_terms():
    acts = tables.load("sanctions_legal_acts").set_index("act_row_id")
    terms = tables.load("sanctions_relief_2015_16_terms").set_index("row_id")
    assert acts.loc["SA-060", "date"] == "2015-10-30"           # GL 2 effective
    assert acts.loc["SA-066", "entities_count"] == 9
    assert (acts.loc["SA-056", "date"], acts.loc["SA-056", "persons_count"], acts.loc["SA-056", "entities_count"]) == \
        ("2015-10-29", 170, 3)
    assert acts.loc["SA-062", "date"] == "2016-02-25" and acts.loc["SA-093", "date"] == "2021-04-19"
    assert terms.loc["RT-010", "date"] == "2016-02-27" and terms.loc["RT-010", "term"] == "entry_into_force"
    # every related act row exists, and a term shares its act's fact_id
    for row_id, r in terms[terms["related_act_row_id"].notna()].iterrows():
        assert r["related_act_row_id"] in acts.index, row_id
        if r["fact_id"] in set(acts["fact_id"]):
            assert acts.loc[r["related_act_row_id"], "fact_id"] == r["fact_id"], row_id
    thresholds = terms[terms["term"] == "reporting_threshold"].groupby("fact_id")["value"].max()
    assert thresholds["us-2015-10-gl2"] == 10000 and thresholds["us-2016-04-gl2a"] == 50000
    # the Belorusneft easing is not already a row of the acts table (no duplication)
    assert not acts["summary"].str.contains("Belorusneft").any()


# --- headline estimates, both windows ---------------------------------------------------------------------

@pytest.mark.parametrize("target, figures, flow, main_est, p, alt_est", [
    ("US", "Belarus's", "exports", 0.989, 5 / 14, 0.812),
    ("US", "Belarus's", "total", 0.232, 7 / 14, 0.184),
    ("US", "the US's", "exports", 1.036, 3 / 14, 0.873),
    ("US", "the US's", "imports", 0.491, 1 / 14, 0.466),
    ("US", "the US's", "total", 0.856, 3 / 14, 0.734),
    ("EU", "Belarus's", "total", -0.329, 1 / 14, -0.267),
    ("EU", "Belarus's, EU27 + UK", "total", -0.244, 6 / 14, -0.220),
    ("EU", "Belarus's, EU27 + UK", "exports", -0.252, 12 / 14, -0.256),
    ("EU", "the EU's", "exports", 0.151, 10 / 14, 0.079),
    ("EU", "the EU's", "total", 0.007, 14 / 14, -0.024),
])
def test_headline_estimates(headline, target, figures, flow, main_est, p, alt_est):
    main, alt, _ = headline
    assert main.loc[(target, figures, flow), "did_log_points"] == pytest.approx(main_est, abs=5e-4)
    assert main.loc[(target, figures, flow), "placebo_p"] == pytest.approx(p)
    assert main.loc[(target, figures, flow), "placebo_n"] == 13
    assert alt.loc[(target, figures, flow), "did_log_points"] == pytest.approx(alt_est, abs=5e-4)


def test_us_estimates_beat_every_quiet_placebo_but_not_the_2003_2010_ones(headline, clean_years):
    main, _, draws = headline
    for figures in ("Belarus's", "the US's"):
        for flow in ("exports", "total"):
            real = abs(main.loc[("US", figures, flow), "did_log_points"])
            assert main.loc[("US", figures, flow), "quiet_p"] == pytest.approx(1 / 6)
            d = draws[(draws["target"] == "US") & (draws["flow"] == flow)
                      & (draws["treated"] == ("BLR-USA" if figures == "Belarus's" else "BLR-USA (mirror)"))]
            quiet = d["event_year"].isin(clean_years)
            assert d.loc[quiet, "did_log_points"].abs().max() < real < d.loc[~quiet, "did_log_points"].abs().max()
            # every placebo larger in size has a window spanning the 2007-11 sanctions steps
            larger = d[d["did_log_points"].abs() >= real]
            assert not larger["event_year"].isin(clean_years).any()
    for figures in ("Belarus's", "the US's"):
        # exports: no positive placebo comes near, so one-sided against all 13 dates p is the floor, 1/14
        assert main.loc[("US", figures, "exports"), "placebo_p_one_sided"] == pytest.approx(1 / 14)
    # the one-sided test is weak: EU imports from Belarus in EU figures (+0.15, read as no effect) reach the same
    # floor, because every EU placebo lies below; the EU total in Belarus's figures (-0.33) is far from it
    assert main.loc[("EU", "the EU's", "exports"), "did_log_points"] == pytest.approx(0.151, abs=5e-4)
    assert main.loc[("EU", "the EU's", "exports"), "placebo_p_one_sided"] == pytest.approx(1 / 14)
    assert main.loc[("EU", "Belarus's", "total"), "placebo_p_one_sided"] == pytest.approx(1.0)
    # 2003, the first date left out (its window reaches 2007), is below both US export estimates
    first = draws[(draws["target"] == "US") & (draws["flow"] == "exports") & (draws["event_year"] == 2003)
                  & draws["comparison"].str.startswith(("(a) Belarus's rest of world", "(c)"))]
    assert sorted(first["did_log_points"].round(2)) == [0.56, 0.69]
    # US imports in Belarus's figures are no larger than any clean placebo
    assert main.loc[("US", "Belarus's", "imports"), "quiet_p"] == pytest.approx(1.0)


def test_sensitivity_counts(sensitivity):
    s = sensitivity.dropna(subset=["did_log_points"])
    us_exp = s[(s["target"] == "US") & (s["flow"] == "exports")]["did_log_points"]
    eu_tot = s[(s["target"] == "EU") & (s["flow"] == "total")]["did_log_points"]
    assert len(us_exp) == 62 and (us_exp > 0).all()
    assert us_exp.min() == pytest.approx(0.09, abs=0.005) and us_exp.max() == pytest.approx(1.15, abs=0.005)
    assert len(eu_tot) == 69 and (eu_tot < 0).sum() == 57
    # one comparison (Russia's and China's figures) lacks Russia's 2010 in one window, for each target and flow
    missing = sensitivity[sensitivity["did_log_points"].isna()]
    assert len(missing) == 6 and set(missing["window"]) == {"2010-14 vs 2016-19 (longer base)"}


def test_timing_of_the_us_export_rise(units):
    # the 2015 gap is mostly the comparison falling: US exports had made 40% (Belarus's figures) and 27% (US
    # figures) of their 2016-19 rise by 2015
    for treated, controls, own_2015, comparison_2015, share in (
            ("BLR-USA", ["BLR-ROW"], 0.308, -0.398, 40),
            ("BLR-USA (mirror)", [f"{n}-USA (mirror)" for n in es.NEIGHBOURS], 0.206, -0.445, 27)):
        by_2015 = es.change_split(units, treated, controls, "exports", es.PRE_YEARS, [2015])
        after = es.change_split(units, treated, controls, "exports", es.PRE_YEARS, es.POST_YEARS)
        assert by_2015["treated"] == pytest.approx(own_2015, abs=5e-4)
        assert by_2015["comparison"] == pytest.approx(comparison_2015, abs=5e-4)
        assert round(100 * by_2015["treated"] / after["treated"]) == share
    gap = es.relative_gap(units, "BLR-USA", ["BLR-ROW"], "exports")
    assert gap[2015] == pytest.approx(0.71, abs=0.005)
    assert gap.loc[2016:2019].mean() - gap[2015] == pytest.approx(0.28, abs=0.005)
    assert gap[2006] == pytest.approx(2.56, abs=0.005)
    mirror = es.relative_gap(units, "BLR-USA (mirror)", [f"{n}-USA (mirror)" for n in es.NEIGHBOURS], "exports")
    assert mirror.loc[2016:2019].mean() - mirror[2015] == pytest.approx(0.38, abs=0.005)


def test_placebo_in_space_ranks(units):
    others = [f"BLR-{p}" for p in es.OTHER_PARTNERS_OF_BELARUS]
    for code, flow, rank in (("USA", "exports", 1), ("USA", "total", 8), ("EUU", "total", 2)):
        space = es.placebo_in_space(es.panel_for(units, [f"BLR-{code}", *others], flow), f"BLR-{code}", others,
                                    es.PRE_YEARS, es.POST_YEARS)
        assert space["rank_abs"].iloc[0] == rank and len(space) == 10


def test_shares_and_the_solvents_gap(units):
    assert es.share_pct(units, "BLR-USA", "BLR-WLD", "total", es.PRE_YEARS) == pytest.approx(0.81, abs=0.005)
    assert es.share_pct(units, "BLR-USA", "BLR-WLD", "total", es.POST_YEARS) == pytest.approx(1.09, abs=0.005)
    assert es.share_pct(units, "BLR-EUU", "BLR-WLD", "total", es.PRE_YEARS) == pytest.approx(24.83, abs=0.005)
    assert es.share_pct(units, "BLR-EUU", "BLR-WLD", "total", es.POST_YEARS) == pytest.approx(18.86, abs=0.005)
    ratio = (es.window_mean(units, "BLR-EUU", "exports", [2012])
             / es.window_mean(units, "BLR-EUU (mirror)", "exports", [2012]))
    assert ratio == pytest.approx(2.91, abs=0.005)
    wld = es.window_mean(units, "BLR-WLD", "total", [2016]) / es.window_mean(units, "BLR-WLD", "total", [2014])
    assert 100 * (1 - wld) == pytest.approx(33.2, abs=0.05)


def test_potash_bounds_the_rise_in_us_figures_only(units):
    low, high = (es.tonnes_value_usd_m(es.POTASH_TONNES_PER_YEAR_2017_2021, price)
                 for price in es.POTASH_USD_PER_TONNE_2017_2019)
    assert (round(low), round(high)) == (137, 162)
    rises = [es.window_mean(units, unit, "exports", es.POST_YEARS) - es.window_mean(units, unit, "exports", es.PRE_YEARS)
             for unit in ("BLR-USA", "BLR-USA (mirror)")]
    assert rises == pytest.approx([111.34, 166.87], abs=0.01)
    assert low < rises[1] and high > 0.95 * rises[1]  # in US figures (origin basis, as the tonnage): nearly all the rise
    # against Belarus's figures the value would exceed all exports to the US in 2016: not like for like
    assert low > es.window_mean(units, "BLR-USA", "exports", [2016]) == pytest.approx(130.6, abs=0.05)


def test_the_uk_and_the_neighbours_in_the_rest_of_world(units, sensitivity):
    uk = es.panel_for(units, ["BLR-GBR", "BLR-ROW"], "exports")
    assert es.did_log_points(uk, "BLR-GBR", ["BLR-ROW"], es.PRE_YEARS, es.POST_YEARS) == pytest.approx(0.76, abs=0.005)
    share = sum(es.share_pct(units, f"BLR-{p}", "BLR-ROW", "exports", es.PRE_YEARS) for p in ("RUS", "UKR"))
    assert share == pytest.approx(77, abs=0.5)
    less = sensitivity[sensitivity["comparison"].str.contains("less Russia") & (sensitivity["window"] == es.MAIN_WINDOW)
                       & (sensitivity["flow"] == "exports")].set_index("target")["did_log_points"]
    assert less["US"] == pytest.approx(0.891, abs=5e-4) and less["EU"] == pytest.approx(-0.511, abs=5e-4)
