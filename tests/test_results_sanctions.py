"""Results of the sanctions chapter (chapters/sanctions/sanctions-on-belarus.md), recomputed from the tables.

The chapter computes and glues these numbers; the checks that guard them live here, so that a change to
a curated or processed table that breaks a published number fails the tests instead of the book
silently printing something else.
"""

from __future__ import annotations

import pandas as pd
import pytest

from minsk2020 import tables

VISIT = pd.Timestamp("2020-02-01")


def period_start(date: str) -> pd.Timestamp:
    parts = str(date).split("/")[0].split("-")
    return pd.Timestamp(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)


def status(note) -> str:
    note = "" if pd.isna(note) else str(note)
    return next((s for s in ("noted error", "settled") if note.startswith(s)), "")


@pytest.fixture(scope="module")
def acts():
    frame = tables.load("sanctions_legal_acts")
    frame["when"] = frame["date"].map(period_start)
    frame["status"] = frame["conflict_note"].map(status)
    return frame


@pytest.fixture(scope="module")
def stated():
    frame = tables.load("sanctions_counts_stated")
    frame["status"] = frame["conflict_note"].map(status)
    return frame


@pytest.fixture(scope="module")
def facts(acts):
    return acts.sort_values(["when", "act_row_id"]).drop_duplicates("fact_id")


# ---------------------------------------------------------------- the legal-acts table: acts, not rows

def test_acts_are_counted_by_fact_id(acts, facts):
    assert len(acts) == 129
    assert len(facts) == 90
    assert facts["sender"].value_counts().to_dict() == {"EU": 41, "US": 31, "UK": 7, "CA": 6, "CH": 5}
    assert facts["when"].min() == pd.Timestamp("1998-07-01")
    assert f"{facts['when'].max():%B %Y}" == "March 2022"


def test_one_event_is_one_fact(acts):
    """The January and June 2011 EU acts: decision and regulation of the same day are one act."""
    assert set(acts.loc[acts["act_row_id"].isin(["SA-040", "SA-043"]), "fact_id"]) == {"eu-2011-01-31-listing"}
    assert set(acts.loc[acts["act_row_id"].isin(["SA-045", "SA-046"]), "fact_id"]) == {"eu-2011-06-20-embargo"}


def test_nothing_was_lifted_after_the_visit(acts, facts):
    after = acts[acts["when"] > VISIT]
    assert after["fact_id"].nunique() == 40 and len(after) == 51
    assert (after["action"] == "lifted").sum() == 0
    lifted = facts[facts["action"] == "lifted"]
    assert len(lifted) == 3 and (lifted["when"] < pd.Timestamp("2020-01-01")).all()


def test_acts_after_the_visit_by_kind(acts):
    after = acts[acts["when"] > VISIT].groupby("fact_id").agg(
        action=("action", "first"), measures=("measure_type", ";".join),
        persons=("persons_count", "max"), entities=("entities_count", "max"))
    names = after["measures"].str.contains("designation") | (after["persons"] > 0) | (after["entities"] > 0)
    renewals = after["action"] == "renewed"
    assert int((names & ~renewals).sum()) == 27
    assert int((~names & ~renewals).sum()) == 10
    assert int(renewals.sum()) == 3


def test_trade_preferences_and_lending_are_in_the_record(facts, acts):
    prefs = facts[facts["measure_type"].str.contains("trade_preferences")].set_index("fact_id")
    assert prefs.loc["us-2000-07-gsp", "when"].year == 2000
    assert prefs.loc["eu-2007-06-gsp", "when"] == pd.Timestamp("2007-06-21")
    bda = acts[acts["fact_id"] == "us-2004-10-bda"]
    assert bda["measure_type"].str.contains("financial").any()


def test_licence_relief_did_not_unblock_property_and_ended_on_3_june_2021(acts):
    gl2g = acts[acts["fact_id"] == "us-2019-10-gl2g"]
    assert gl2g["summary"].str.contains("did not become unblocked").any()
    gl2h = acts[acts["fact_id"] == "us-2021-04-gl2h"]
    assert gl2h["date"].eq("2021-04-19").all()
    assert gl2h["summary"].str.contains("3 June 2021").all()


# ---------------------------------------------------------------- settled disputes

def test_every_noted_error_has_a_settled_row(acts, stated):
    for frame, key in ((acts, "act_row_id"), (stated, "count_row_id")):
        for fact, group in frame.groupby("fact_id"):
            if (group["status"] == "noted error").any():
                assert (group["status"] != "noted error").any(), f"{fact}: only noted errors"


def test_eu_lifted_three_companies_in_2016(stated, acts):
    rows = stated[stated["fact_id"] == "eu-2016-02-lifted"]
    good = rows[rows["status"] != "noted error"]
    assert set(good["entities_count"].astype(int)) == {3}
    assert set(rows.loc[rows["status"] == "noted error", "entities_count"].astype(int)) == {4}
    suspended = stated[stated["fact_id"] == "eu-2015-10-suspended"]
    # the Council's own release: three entities suspended in 2015, so four cannot have been lifted
    assert int(suspended.set_index("count_row_id").loc["CS-031", "entities_count"]) == 3
    lifted_rows = acts[(acts["fact_id"] == "eu-2016-02-lifting") & (acts["status"] != "noted error")]
    assert set(lifted_rows["entities_count"].dropna().astype(int)) == {3}


def test_us_august_2021_split_settled_by_the_ofac_snapshots(stated):
    snap = tables.load("belarus_listed_counts").set_index("source_id")
    june = stated.set_index("count_row_id").loc["CS-058"]
    persons = snap.loc["ofac_sdn_2021_08", "persons_count"] - snap.loc["ofac_sdn_2021_04", "persons_count"] - june["persons_count"]
    entities = snap.loc["ofac_sdn_2021_08", "entities_count"] - snap.loc["ofac_sdn_2021_04", "entities_count"] - june["entities_count"]
    assert (int(persons), int(entities)) == (23, 21)
    by_row = stated.set_index("count_row_id")
    assert by_row.loc["CS-061", "status"] == "settled" and by_row.loc["CS-062", "status"] == "noted error"


def test_first_canadian_and_eu_rounds_settled(stated):
    by_row = stated.set_index("count_row_id")
    assert (by_row.loc["CS-039", "persons_count"], by_row.loc["CS-039", "status"]) == (11, "settled")
    assert by_row.loc["CS-040", "status"] == "noted error"
    assert (by_row.loc["CS-042", "persons_count"], by_row.loc["CS-042", "status"]) == (40, "settled")
    assert by_row.loc["CS-041", "status"] == "noted error"
    # the Gazette numbers the October 2020 additions from 12: the first schedule had 11 entries
    assert "numbered 12 to 42" in by_row.loc["CS-046", "count_as_stated"]


# ---------------------------------------------------------------- the lists at the visit

def test_the_2015_us_entries_are_all_on_the_april_2021_list():
    entries = tables.load("ofac_belarus_entries")
    early = entries[entries["snapshot_id"] == "ofac_sdn_2015"]
    later = entries[entries["snapshot_id"] == "ofac_sdn_2021_04"]
    assert set(early["ent_num"]) <= set(later["ent_num"])
    assert len(early) == 25 and (early["entry_type"] == "individual").sum() == 16
    assert len(later) - len(early) == 13


def test_general_licence_names_match_the_listed_entities(stated):
    entries = tables.load("ofac_belarus_entries")
    early = entries[entries["snapshot_id"] == "ofac_sdn_2015"]
    row = stated.set_index("count_row_id").loc["CS-030"]
    names = {n.strip().upper() for n in row["count_as_stated"].split(";")}
    licensed = early["name"].str.upper().isin(names)
    assert licensed.sum() == len(names) == int(row["entities_count"]) == 9


# ---------------------------------------------------------------- the waves after August 2020

def test_listing_rounds_after_the_election(stated):
    since = stated[(stated["count_kind"] == "added") & (stated["as_of_date"].map(period_start) >= pd.Timestamp("2020-08-01"))
                   & (stated["list_scope"] != "visa_restriction")].copy()
    since["when"] = since["as_of_date"].map(period_start)
    rounds = since[since["status"] != "noted error"].sort_values(["when", "count_row_id"]).drop_duplicates("fact_id")
    assert len(rounds) == 23
    assert rounds["sender"].nunique() == 5
    assert rounds["when"].min() == pd.Timestamp("2020-09-29") and rounds["when"].max() == pd.Timestamp("2022-03-02")
    added = rounds["persons_count"].fillna(0) + rounds["entities_count"].fillna(0)
    added[rounds["persons_count"].isna() & rounds["entities_count"].isna()] = rounds["targets_count"]
    biggest = rounds.loc[added.idxmax()]
    assert (int(added.max()), biggest["sender"], biggest["as_of_date"]) == (86, "EU", "2021-06-21")
    # every round plotted is one fact: no round is drawn twice
    assert rounds["fact_id"].is_unique


def test_eu_list_growth_is_belarus_regime_only():
    listed = tables.load("belarus_listed_counts").set_index("source_id")
    assert int(listed.loc["eu_fsf_merged_2022", "entries_count"]) == 229
    assert round(listed.loc["eu_fsf_merged_2022", "entries_count"] / listed.loc["uk_conlist_2018", "entries_count"]) == 57
    assert round(listed.loc["ofac_sdn_2022_02", "entries_count"] / listed.loc["ofac_sdn_2015", "entries_count"], 1) == 6.5
    june_2022 = tables.load("eu_fsf_belarus_entries")
    assert (june_2022["latest_act_date"] == "2022-06-03").sum() == 20
