"""Headline results of the Central Asia chapter (chapters/central-asia/c5plus1-tashkent.md), recomputed from the tables.

The chapter computes and glues these numbers; the tests recompute them independently, so that a change in a table
or in the chapter's code that moves a published number fails here. Counts are of things (meetings by fact_id,
visits by trip), not of rows.
"""

from __future__ import annotations

import pandas as pd
import pytest

from minsk2020 import tables
from minsk2020.paths import ROOT

C5 = {"KAZ": "Kazakhstan", "KGZ": "Kyrgyzstan", "TJK": "Tajikistan", "TKM": "Turkmenistan", "UZB": "Uzbekistan"}
BIG = ["USA", "CHN", "RUS", "EUU"]
MEETING_KINDS = {"ministerial", "virtual_ministerial", "summit", "other"}
SECRETARY_KINDS = {"ministerial", "virtual_ministerial"}
CHAPTER = ROOT / "chapters" / "central-asia" / "c5plus1-tashkent.md"


# ---------------------------------------------------------------- C5+1 meetings
@pytest.fixture(scope="module")
def meetings():
    return tables.load("c5plus1_meetings")


def test_rows_sharing_a_fact_describe_one_event(meetings):
    for fact, rows in meetings.groupby("fact_id"):
        assert rows["event_kind"].nunique() == 1, fact
        if len(rows) > 1:  # two sources for one event: the disagreement is noted on every row
            assert rows["conflict_note"].notna().all(), fact


def test_meetings_are_counted_by_event_not_by_row(meetings):
    facts = meetings.drop_duplicates("fact_id")
    meeting_facts = facts[facts["event_kind"].isin(MEETING_KINDS)]
    assert len(meetings) == 26 and meetings["fact_id"].nunique() == 24
    assert len(meeting_facts) == 19
    assert (facts["event_kind"] == "joint_statement").sum() == 4
    assert (facts["event_kind"] == "strategy_publication").sum() == 1
    assert (meeting_facts["event_kind"] == "summit").sum() == 2


def test_meetings_with_the_secretary(meetings):
    facts = meetings.drop_duplicates("fact_id")
    secretary = facts[facts["event_kind"].isin(SECRETARY_KINDS)]
    assert len(secretary) == 13
    assert len(secretary[secretary["fact_id"] != "c5-2022-02-call"]) == 12
    # the kind says the Secretary of State led the US side; every such row names one
    rows = meetings[meetings["event_kind"].isin(SECRETARY_KINDS)]
    assert rows["us_principal"].str.startswith("Secretary of State").all(), rows[["event_id", "us_principal"]]
    assert meetings.set_index("event_id").loc["C5-018", "us_principal"].startswith("Secretary of State Antony J. Blinken")


def test_three_in_person_ministerials_in_the_region_and_the_strategy_two_days_after_tashkent(meetings):
    facts = meetings.drop_duplicates("fact_id").set_index("fact_id")
    in_region = facts[(facts["event_kind"] == "ministerial") & facts["location"].str.contains("|".join(C5.values()))]
    assert sorted(in_region["date"]) == ["2015-11-01", "2020-02-03", "2023-02-28"]
    strategy = facts[facts["event_kind"] == "strategy_publication"].iloc[0]
    gap = pd.Timestamp(strategy["date"]) - pd.Timestamp(facts.loc["c5-2020-02-tashkent", "date"])
    assert gap.days == 2


# ---------------------------------------------------------------- trade (IMF DOTS)
@pytest.fixture(scope="module")
def trade():
    """Exports + imports of each of the five with the four partners and the world; Turkmenistan from mirror data."""
    dots = tables.load("dots_trade_annual")
    parts = []
    for iso3 in C5:
        if iso3 == "TKM":
            rows = dots[(dots["partner_iso3"] == iso3) & dots["reporter_iso3"].isin(BIG)]
            rows = rows.assign(partner_iso3=rows["reporter_iso3"],
                               flow=rows["flow"].map({"imports": "exports", "exports": "imports"}))
            world = dots[(dots["reporter_iso3"] == iso3) & (dots["partner_iso3"] == "WLD")]
            rows = pd.concat([rows, world])
        else:
            rows = dots[(dots["reporter_iso3"] == iso3) & dots["partner_iso3"].isin([*BIG, "WLD"])]
        parts.append(rows[["partner_iso3", "flow", "year", "value_usd_m"]].assign(country=iso3))
    flows = pd.concat(parts)
    wide = flows.pivot_table(index=["country", "partner_iso3", "year"], columns="flow", values="value_usd_m",
                             aggfunc="sum").dropna(subset=["exports", "imports"]).reset_index()
    wide["trade"] = wide["exports"] + wide["imports"]
    world = wide[wide["partner_iso3"] == "WLD"][["country", "year", "trade"]]
    out = wide[wide["partner_iso3"] != "WLD"].merge(world, on=["country", "year"], suffixes=("", "_world"))
    out["share"] = 100 * out["trade"] / out["trade_world"]
    return out


def _largest(trade, year):
    rows = trade[trade["year"] == year]
    return rows.loc[rows.groupby("country")["trade"].idxmax()].set_index("country")["partner_iso3"].to_dict()


def test_largest_partner_in_2019_and_the_kyrgyz_flip_in_2020(trade):
    assert _largest(trade, 2019) == {"KAZ": "EUU", "KGZ": "CHN", "TJK": "RUS", "TKM": "CHN", "UZB": "CHN"}
    assert _largest(trade, 2020)["KGZ"] == "RUS"
    y19 = trade[trade["year"] == 2019]
    smallest = y19.loc[y19.groupby("country")["trade"].idxmin(), "partner_iso3"]
    assert (smallest == "USA").all()


def test_shares_and_sums_in_2019(trade):
    y19 = trade[trade["year"] == 2019]
    us = y19[y19["partner_iso3"] == "USA"].set_index("country")["share"]
    assert round(us.min(), 1) == 0.3 and round(us.max(), 1) == 2.3 and us.idxmax() == "KAZ"
    sums = y19.groupby("partner_iso3")["trade"].sum() / 1000
    assert sums.idxmax() == "EUU"
    assert [round(sums[p], 1) for p in ["EUU", "CHN", "RUS", "USA"]] == [35.6, 33.4, 29.1, 2.9]


def test_uzbekistan_1995_1999_big_partner_figures_are_imf_estimates():
    dots = tables.load("dots_trade_annual")
    flagged = dots[dots["reporter_iso3"].isin(C5) & dots["partner_iso3"].isin([*BIG, "WLD"])
                   & dots["year"].between(1995, 2020) & dots["is_estimate"]]
    assert set(flagged["reporter_iso3"]) == {"UZB"}
    assert set(flagged["partner_iso3"]) == {"CHN", "RUS", "USA"}
    assert flagged["year"].between(1995, 1999).all()


def test_exports_to_afghanistan_on_one_basis():
    dots = tables.load("dots_trade_annual")
    afg = dots[(dots["reporter_iso3"] == "AFG") & dots["partner_iso3"].isin(C5) & (dots["flow"] == "imports")
               & (dots["year"] == 2019)].set_index("partner_iso3")["value_usd_m"].sort_values(ascending=False)
    assert list(afg.index[:3]) == ["KAZ", "UZB", "TKM"]
    assert afg.iloc[:3].between(400, 520).all()
    assert round(afg.sum(), 1) == 1472.8


# ---------------------------------------------------------------- aid
@pytest.fixture(scope="module")
def aid_total():
    aid = tables.load("us_aid_obligations")
    aid = aid[aid["fiscal_year"].str.fullmatch(r"\d{4}") & aid["country_iso3"].isin(C5)]
    return aid.assign(fy=aid["fiscal_year"].astype(int)).groupby("fy")["obligations_constant_usd"].sum() / 1e6


def test_aid_peaked_in_fy2010_and_is_flat_since_fy2016(aid_total):
    total = aid_total.loc[1992:2022]
    assert total.idxmax() == 2010 and round(total.max()) == 747
    recent = total.loc[2016:2022]
    assert round(recent.min()) == 168 and round(recent.max()) == 245
    assert total.loc[2020] > total.loc[2019]  # not "shrinking" in the year of the tour
    assert round(100 * (total.loc[2020] / total.loc[2019] - 1)) == 19


def test_aid_per_person_fy2019():
    aid = tables.load("us_aid_obligations")
    wdi = tables.load("wdi_indicators")
    pop = wdi[(wdi["indicator_code"] == "SP.POP.TOTL") & (wdi["year"] == 2019)].set_index("country_iso3")["value"]
    rows = aid[(aid["fiscal_year"] == "2019") & aid["country_iso3"].isin([*C5, "AFG"])].set_index("country_iso3")
    per_person = rows["obligations_current_usd"] / pop.reindex(rows.index)
    assert round(per_person["AFG"], 2) == 129.33
    assert round(per_person["KGZ"], 2) == 7.72 and round(per_person["TKM"], 2) == 0.65
    assert round(rows.loc["AFG", "obligations_current_usd"] / rows.drop(index="AFG")["obligations_current_usd"].sum()) == 25


# ---------------------------------------------------------------- arms, remittances, visits
def test_major_arms_by_supplier_2000_2023():
    arms = tables.load("sipri_arms_deliveries")
    arms = arms[arms["recipient_iso3"].isin(C5) & arms["year"].between(2000, 2023)]
    total = arms["tiv_m"].sum()
    by = arms.groupby(arms["supplier"].replace({"Turkiye": "Türkiye"}))["tiv_m"].sum()
    assert round(total, 1) == 5556.6
    assert round(100 * by["United States"] / total, 1) == 1.8
    assert round(100 * by["Russia"] / total) == 61


def test_remittances_share_of_gdp_2019():
    wdi = tables.load("wdi_indicators")
    w = wdi[wdi["year"] == 2019].pivot_table(index="country_iso3", columns="indicator_code", values="value")
    share = 100 * w["BX.TRF.PWKR.CD.DT"] / w["NY.GDP.MKTP.CD"]
    assert round(share["TJK"], 1) == 28.0 and round(share["KGZ"], 1) == 28.8


def test_secretary_visits_and_no_presidential_visit():
    trips = tables.load("secretary_trips")
    c5_ids = [name.lower() for name in C5.values()]
    visits = trips[trips["country_id"].isin(c5_ids)]
    assert len(visits) == 29 and visits["name"].nunique() == 9
    presidents = tables.load("president_trips")
    assert not presidents["country_id"].isin(c5_ids).any()


# ---------------------------------------------------------------- the chapter source
def test_chapter_states_verdicts_only_through_the_register_and_draws_no_symlog_bars():
    text = CHAPTER.read_text(encoding="utf-8")
    for claim in ("C03", "C04", "C07"):
        assert f"{{verdict}}`{claim}`" in text
    assert "symlog" not in text
    assert "(ca-objections)=" in text
