"""Results of the diplomacy chapter (chapters/diplomacy/tour-ambassadors-security.md), recomputed from the tables.

The chapter publishes these numbers through glue; each test recomputes one of them on its own from the
processed and curated tables, so a change to a table or a builder that moves a headline number fails here.
The checks that used to sit in the chapter's hidden cells live here too.
"""

from __future__ import annotations

import pandas as pd
import pytest

from minsk2020 import tables
from minsk2020.claims import load_claims

FIVE = ["kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan"]
REGION = ["belarus", "ukraine", "russia"] + FIVE
CONTEXT_FACTS = {"baghdad-embassy-stormed-2019", "soleimani-killed-2020", "eu-visa-readmission-2020", "npr-remark-2020",
                 "london-meetings-2020", "kyiv-meeting-date"}


@pytest.fixture(scope="module")
def events():
    return tables.load("diplomacy_events")


@pytest.fixture(scope="module")
def security():
    return tables.load("security_integration")


@pytest.fixture(scope="module")
def trips_after_recognition():
    trips = tables.load("secretary_trips")
    rel = tables.load("us_recognition_relations")
    recognised = rel[(rel["country_id"] == "belarus") & (rel["milestone"] == "recognition")]["date"].iloc[0]
    assert recognised == "1991-12-25"
    return trips[trips["country_id"].isin(REGION) & (trips["start_date"] >= recognised)]


def _first_day(events, fact_id):
    return pd.Timestamp(events.loc[events["fact_id"] == fact_id, "date"].iloc[0][:10])


# ---------------------------------------------------------------- the tour and its postponement
def test_postponement_came_two_days_before_soleimani(events):
    postponed = _first_day(events, "tour-postponed-2020")
    assert postponed == pd.Timestamp("2020-01-01")
    assert (_first_day(events, "soleimani-killed-2020") - postponed).days == 2
    assert (postponed - _first_day(events, "baghdad-embassy-stormed-2019")).days == 1
    assert _first_day(events, "minsk-visit-planned-2020-01-04") == pd.Timestamp("2020-01-04")


def test_register_follows_the_dates_on_c10():
    claims = load_claims().set_index("claim_id")
    # the killing came after the postponement: the record contradicts a causal claim
    assert claims.loc["C10", "verdict"] == "not supported"
    assert claims.loc["C09", "verdict"] == "supported"


def test_tour_dates_in_the_record_and_the_press(events):
    trips = tables.load("secretary_trips")
    tour = trips[trips["trip_id"].between(3934, 3938)].set_index("country_id")
    assert tour.loc["united-kingdom", "start_date"] == tour.loc["united-kingdom", "end_date"] == "2020-01-29"
    assert tour.loc["ukraine", "start_date"] == "2020-01-30"
    assert tour.loc["belarus", "start_date"] == "2020-02-01"
    london = events.loc[events["fact_id"] == "london-meetings-2020", "date"].iloc[0]
    assert london == "2020-01-29/2020-01-30"
    kyiv = events[(events["fact_id"] == "kyiv-meeting-date") & (events["source_publisher"] == "U.S. Embassy in Ukraine")]
    assert kyiv["date"].iloc[0] == "2020-01-31"


# ---------------------------------------------------------------- how rare a Secretary in Minsk was
def test_secretary_visits_after_recognition(trips_after_recognition):
    t = trips_after_recognition
    counts = t.groupby("country_id")["trip_id"].nunique()
    assert counts["belarus"] == 3
    assert counts["russia"] == 44
    assert counts["ukraine"] == 22
    assert counts.reindex(FIVE).fillna(0).sum() == 27
    assert counts["turkmenistan"] == 2
    minsk = pd.to_datetime(t[t["country_id"] == "belarus"].sort_values("start_date")["start_date"])
    assert round(minsk.diff().dt.days.max() / 365.25) == 26


def test_soviet_era_trips_are_left_out():
    trips = tables.load("secretary_trips")
    soviet = trips[trips["country_id"].isin(REGION) & trips["start_date"].between("1991-01-01", "1991-12-24")]
    assert soviet["trip_id"].nunique() == 9
    assert (soviet["country_id"] == "belarus").sum() == 1  # Baker in Minsk, 18 December 1991


def test_leader_visits_are_counted_by_entry_and_date():
    visits = tables.load("leader_visits_us")
    belarus = visits[visits["country_id"] == "belarus"]
    assert len(belarus) == 1 and "Shushkevich" in belarus["visitor"].iloc[0]
    c5 = visits[visits["country_id"] != "belarus"]
    assert c5["visit_id"].nunique() == 25
    assert c5["start_date"].nunique() == 19
    assert (c5["start_date"] == "2023-09-21").sum() == 5
    assert c5["description"].str.contains(r"U\.?N\.? General Assembly").sum() == 7


# ---------------------------------------------------------------- chiefs of mission
def test_minsk_had_no_ambassador_after_march_2008():
    chiefs = tables.load("chiefs_of_mission")
    c = chiefs[chiefs["record_type"] == "chief"]
    bel = c[c["mission_country_id"] == "belarus"]
    amb = bel[bel["role_title_id"] == "ambassador-e-p"]
    assert len(amb) == 6 and amb["ended"].max() == "2008-03-12"
    charges = bel[bel["role_title_id"] != "ambassador-e-p"]
    start = charges["started"].fillna(charges["arrived"]).fillna(charges["appointed"])
    assert len(charges) == 6 and (start.str[:7] >= "2008-03").all()
    assert round((pd.Timestamp("2020-02-01") - pd.Timestamp("2008-03-12")).days / 365.25) == 12


def test_every_central_asian_post_got_a_new_ambassador_and_records_end_in_2020():
    chiefs = tables.load("chiefs_of_mission")
    c = chiefs[chiefs["record_type"] == "chief"]
    dates = pd.concat([c[col].dropna() for col in ["appointed", "arrived", "started", "ended"]])
    assert dates.max() == "2020-07-19"
    amb = c[c["mission_country_id"].isin(FIVE) & (c["role_title_id"] == "ambassador-e-p")]
    assert amb["chief_id"].nunique() == 46
    start = amb["started"].fillna(amb["arrived"]).fillna(amb["appointed"])
    after = amb[start > "2008-03-12"].groupby("mission_country_id")["chief_id"].nunique()
    assert set(after.index) == set(FIVE) and after.sum() == 18


def test_ashgabat_has_the_longest_gap_without_an_ambassador():
    chiefs = tables.load("chiefs_of_mission")
    c = chiefs[(chiefs["record_type"] == "chief") & chiefs["mission_country_id"].isin(FIVE)
               & (chiefs["role_title_id"] == "ambassador-e-p")].copy()
    c["start"] = pd.to_datetime(c["started"].fillna(c["arrived"]).fillna(c["appointed"]))
    c["end"] = pd.to_datetime(c["ended"])
    longest = {}
    for post, g in c.sort_values("start").groupby("mission_country_id"):
        gap = (g["start"].shift(-1) - g["end"]).dropna()
        longest[post] = gap.max()
    assert max(longest, key=longest.get) == "turkmenistan"
    assert longest["turkmenistan"] == pd.Timestamp("2011-05-16") - pd.Timestamp("2006-07-14")


def test_pennington_bar_does_not_end_before_it_starts():
    s = tables.load("chiefs_of_mission_supplement").set_index("row_id")
    start = pd.Timestamp(s.loc["CM-005", "date_start"])
    end = pd.Timestamp(s.loc["CM-005", "date_end"] + "-01") + pd.offsets.MonthEnd(0)  # month precision: month end
    assert end >= start


# ---------------------------------------------------------------- normalisation steps
def test_normalisation_counts(events):
    facts = events.drop_duplicates("fact_id")
    steps = facts[~facts["fact_id"].isin(CONTEXT_FACTS)]
    assert facts["fact_id"].nunique() == 48
    assert facts["fact_id"].isin(CONTEXT_FACTS).sum() == 6
    assert steps["fact_id"].nunique() == 42
    consult = steps[steps["event_kind"] == "consultation"].sort_values("date")
    assert consult["date"].iloc[0].startswith("2014-06-17")
    assert consult["fact_id"].nunique() == 5
    assert (consult["date"].str[:10] < "2018-02-01").sum() == 3
    assert _first_day(events, "clinton-martynov-2010") == pd.Timestamp("2010-12-01")


def test_context_rows_say_they_are_context(events):
    for fact in CONTEXT_FACTS - {"kyiv-meeting-date", "npr-remark-2020"}:
        rows = events[events["fact_id"] == fact]
        text = (rows["summary"].fillna("") + " " + rows["caveat"].fillna("")).str.lower()
        assert text.str.contains("context").all(), fact
    # the overview's lane of US-Belarus steps must not pick the context rows up as agreements or visits off the tour
    assert events.loc[events["fact_id"] == "eu-visa-readmission-2020", "event_kind"].iloc[0] == "other"


def test_c15_verdict_follows_its_qualification():
    claims = load_claims().set_index("claim_id")
    assert claims.loc["C15", "verdict"] == "partly supported"
    assert claims.loc["C16", "verdict"] == "not supported"


# ---------------------------------------------------------------- security integration
def test_security_items_are_counted_by_name_not_rows(security):
    integration = security[security["kind"] != "limit"]
    assert integration["name"].nunique() == 10
    assert security.loc[security["kind"] == "limit", "name"].nunique() == 2
    ad = security[security["name"].str.startswith("Agreement on joint protection")]
    assert len(ad) == 4 and ad["name"].nunique() == 1


def test_noted_errors_are_not_the_settled_dates(security):
    noted = security[security["caveat"].fillna("").str.startswith("Noted error")]
    assert set(noted["item_id"]) == {"SI-007", "SI-010"}
    settled = security[(security["fact_id"] == "ad-signing-date") & ~security["item_id"].isin(noted["item_id"])]
    assert settled["date_signed"].tolist() == ["2009-02-03"]
    cst = security[security["fact_id"] == "cst-belarus-accession-1993"]
    assert cst["date_signed"].iloc[0] == "1993-12-31"
    assert security.loc[security["fact_id"] == "airbase-refusal-2015", "date_signed"].iloc[0] == "2015-10-06"


def test_arms_share_before_the_article():
    arms = tables.load("sipri_arms_deliveries")
    blr = arms[arms["recipient"] == "Belarus"]
    before = blr[blr["year"] < 2020]
    by = before.groupby("supplier")["tiv_m"].sum()
    assert round(before["tiv_m"].sum()) == 1292
    assert round(by["Russia"]) == 1245
    assert round(100 * by["Russia"] / before["tiv_m"].sum()) == 96
    after = blr[blr["year"] >= 2020]
    assert round(after["tiv_m"].sum()) == 427 and set(after["supplier"]) == {"Russia"}
    assert round(blr["tiv_m"].sum()) == 1719
    assert len(set(range(2000, 2020)) - set(before["year"])) == 8


def test_military_spending_2019():
    milex = tables.load("sipri_milex").set_index(["country", "year"])
    b, r = milex.loc[("Belarus", 2019)], milex.loc[("Russia", 2019)]
    assert round(b["milex_constant_2022_usd_m"]) == 877
    assert round(r["milex_constant_2022_usd_m"]) == 75765
    assert round(r["milex_constant_2022_usd_m"] / b["milex_constant_2022_usd_m"]) == 86
    assert f"{b['milex_share_gdp_pct']:.1f}" == "1.4" and f"{r['milex_share_gdp_pct']:.1f}" == "3.9"


def test_c23_carries_the_counter_evidence():
    claims = load_claims().set_index("claim_id")
    row = claims.loc["C23"]
    assert row["verdict"] == "partly supported"
    for word in ["air base", "Partnership for Peace", "Crimea", "EU"]:
        assert word in row["evidence"], word
