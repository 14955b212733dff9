"""Results of the sanctions chapter (chapters/sanctions/sanctions-on-belarus.md), recomputed from the tables.

The chapter computes and glues these numbers; the checks that guard them live here, so that a change to
a curated or processed table that breaks a published number fails the tests instead of the book
silently printing something else.
"""

from __future__ import annotations

import pandas as pd
import pytest

from minsk2020.data import tables

VISIT = pd.Timestamp("2020-02-01")
END_2022 = pd.Timestamp("2022-12-31")


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
    """One row per act: its first row by date that is not a noted error (as in the chapter)."""
    return (acts.assign(noted_error=acts["status"].eq("noted error")).sort_values(["noted_error", "when", "act_row_id"])
            .drop_duplicates("fact_id").sort_values(["when", "act_row_id"]))


# ---------------------------------------------------------------- the legal-acts table: acts, not rows

def test_acts_are_counted_by_fact_id(acts, facts):
    assert len(acts) == 159
    assert len(facts) == 114
    assert facts["sender"].value_counts().to_dict() == {"EU": 50, "US": 39, "CA": 10, "UK": 9, "CH": 6}
    assert facts["when"].min() == pd.Timestamp("1998-07-01")
    # the latest act the stored sources document: the US relief announced with the release of 19 March 2026
    assert facts["when"].max() == pd.Timestamp("2026-03-19")
    assert facts.loc[facts["when"].idxmax(), "fact_id"] == "us-2026-03-19-relief"


def test_one_event_is_one_fact(acts):
    """The January and June 2011 EU acts: decision and regulation of the same day are one act."""
    assert set(acts.loc[acts["act_row_id"].isin(["SA-040", "SA-043"]), "fact_id"]) == {"eu-2011-01-31-listing"}
    assert set(acts.loc[acts["act_row_id"].isin(["SA-045", "SA-046"]), "fact_id"]) == {"eu-2011-06-20-embargo"}


def test_nothing_was_lifted_from_the_visit_to_2022(acts, facts):
    after = acts[(acts["when"] > VISIT) & (acts["when"] <= END_2022)]
    assert after["fact_id"].nunique() == 39 and len(after) == 52
    assert (after["action"] == "lifted").sum() == 0
    lifted = facts[facts["action"] == "lifted"]
    assert len(lifted) == 5
    assert (lifted["when"] < pd.Timestamp("2020-01-01")).sum() == 3
    late = lifted[lifted["when"] > VISIT]
    assert list(late["fact_id"]) == ["us-2025-11-04-delisting", "us-2026-03-19-relief"]
    assert list(late["when"]) == [pd.Timestamp("2025-11-04"), pd.Timestamp("2026-03-19")]


def test_easing_after_the_visit_is_us_only_and_from_september_2025(facts, acts):
    easing = facts[(facts["when"] > VISIT) & facts["action"].isin(["lifted", "suspended"])].sort_values("when")
    assert list(easing["fact_id"]) == ["us-2025-09-11-gl11", "us-2025-11-04-delisting", "us-2025-11-04-gl12",
                                       "us-2025-12-15-gl13", "us-2026-03-19-relief"]
    assert set(easing["sender"]) == {"US"}
    assert easing["when"].min() == pd.Timestamp("2025-09-11") and easing["when"].max() == pd.Timestamp("2026-03-19")
    # March 2026: known from press reports that differ on whether the lifting had taken effect
    march = acts[acts["fact_id"] == "us-2026-03-19-relief"]
    assert len(march) == 2 and march["conflict_note"].str.startswith("sources disagree").all()
    gl13 = acts[acts["fact_id"] == "us-2025-12-15-gl13"]
    assert set(gl13["entities_count"].dropna().astype(int)) == {3}
    assert gl13["summary"].str.contains("did not unblock").any()
    delisting = acts[acts["fact_id"] == "us-2025-11-04-delisting"]
    assert int(delisting["entities_count"].iloc[0]) == 4


def test_acts_from_2023(facts, acts):
    late = facts[facts["when"] > END_2022]
    assert len(late) == 25
    # the counter-moves of the EU (Dec 2025) and the UK (Jun 2023) are in the table
    assert {"eu-2025-12-15-criterion", "uk-2023-06-08-sectoral"} <= set(late["fact_id"])
    rows = acts[acts["when"] > END_2022].groupby("fact_id").agg(measures=("measure_type", ";".join),
                                                                 action=("action", "first"))
    listing = rows[rows["measures"].str.contains("designation") & (rows["action"] == "expanded")]
    assert len(listing) == 12
    assert late.loc[late["fact_id"].isin(listing.index), "sender"].nunique() == 4
    renewals = late[(late["sender"] == "EU") & (late["action"] == "renewed")]
    assert len(renewals) == 3 and renewals["when"].max() == pd.Timestamp("2026-02-26")
    # the two stored reports on 26 February 2026 disagree and both say so
    feb = acts[acts["fact_id"] == "eu-2026-02-26-renewal"]
    assert len(feb) == 3 and feb["conflict_note"].str.startswith("sources disagree on the listings").all()


def test_belavia_designation_date_from_the_mirrored_lists(acts):
    """OFAC listed Belavia on 9 Aug 2023: not on the Feb 2022 capture, on the May 2024 capture."""
    entries = tables.load("ofac_belarus_entries")
    belavia = entries[entries["name"].str.contains("BELAVIA")]
    assert set(belavia["snapshot_id"]) == {"ofac_sdn_2024_05"}
    assert acts.set_index("act_row_id").loc["SA-136", "date"] == "2023-08-09"


def test_acts_after_the_visit_by_kind(acts):
    after = acts[(acts["when"] > VISIT) & (acts["when"] <= END_2022)].groupby("fact_id").agg(
        action=("action", "first"), measures=("measure_type", ";".join),
        basis=("legal_basis", lambda b: ";".join(b.dropna())),
        persons=("persons_count", "max"), entities=("entities_count", "max"))
    # a licence's entity count is the companies it covers, not names added; visa restrictions are not a list
    licence = after["measures"].str.contains("general_licence")
    visa = after["basis"].str.contains("Proclamation 8015")
    names = (after["measures"].str.contains("designation") | (after["persons"] > 0) | (after["entities"] > 0)) & ~licence & ~visa
    renewals = after["action"] == "renewed"
    assert int((names & ~renewals).sum()) == 24
    assert int((~names & ~renewals).sum()) == 12
    assert int(renewals.sum()) == 3
    assert not names["us-2021-04-gl2h"] and not names["us-2020-12-23-visa"]


def test_uk_december_2020_is_the_eu_round_not_a_uk_act(acts, stated):
    """Brexit transition: EU sanctions regulations applied in the UK until 31 Dec 2020."""
    uk_2020 = acts[(acts["sender"] == "UK") & acts["when"].between(pd.Timestamp("2020-09-01"), pd.Timestamp("2020-12-31"))]
    assert set(uk_2020["fact_id"]) == {"uk-2020-09-ghr"}
    by_act = acts.set_index("act_row_id")
    assert (by_act.loc["SA-123", "fact_id"], by_act.loc["SA-123", "sender"]) == ("eu-2020-12-17-listing", "EU")
    by_row = stated.set_index("count_row_id")
    assert (by_row.loc["CS-070", "fact_id"], by_row.loc["CS-070", "sender"]) == ("eu-2020-12-total", "EU")


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


def test_eu_suspension_of_2015_settled_by_the_council_release(stated, acts):
    by_row = stated.set_index("count_row_id")
    assert (by_row.loc["CS-031", "persons_count"], by_row.loc["CS-031", "entities_count"], by_row.loc["CS-031", "status"]) == (170, 3, "settled")
    assert by_row.loc["CS-032", "status"] == "noted error"
    by_act = acts.set_index("act_row_id")
    assert by_act.loc["SA-056", "status"] == "settled" and by_act.loc["SA-058", "status"] == "noted error"
    assert acts.loc[acts["status"] == "noted error", "fact_id"].nunique() == 5


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
    assert len(rounds) == 33
    assert rounds["sender"].value_counts().to_dict() == {"EU": 9, "US": 9, "CA": 7, "UK": 6, "CH": 2}
    assert "CS-070" not in set(rounds["count_row_id"])
    canada_dec = rounds.set_index("count_row_id").loc["CS-074"]
    assert (canada_dec["persons_count"], canada_dec["entities_count"]) == (24, 7)
    assert rounds["when"].min() == pd.Timestamp("2020-09-29") and rounds["when"].max() == pd.Timestamp("2025-03-27")
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


# ---------------------------------------------------------------- 2023-2026: totals, later lists, relief for releases

def test_eu_totals_stated_to_2026(stated):
    by_row = stated.set_index("count_row_id")
    assert (by_row.loc["CS-075", "persons_count"], by_row.loc["CS-075", "entities_count"]) == (195, 34)
    assert (by_row.loc["CS-089", "persons_count"], by_row.loc["CS-089", "entities_count"]) == (310, 46)
    eu_totals = stated[(stated["sender"] == "EU") & (stated["count_kind"] == "total_listed")]
    council = eu_totals[~eu_totals["note"].fillna("").str.startswith("basis not stated")].sort_values("as_of_date")
    latest = council.iloc[-1]
    # the last Council total is of March 2025; the Lithuanian ministry's 312 + 57 (CS-092) is on another basis
    assert (latest["as_of_date"], int(latest["persons_count"]), int(latest["entities_count"])) == ("2025-03-27", 310, 46)
    assert (int(by_row.loc["CS-092", "persons_count"]), int(by_row.loc["CS-092", "entities_count"])) == (312, 57)
    assert by_row.loc["CS-092", "note"].startswith("basis not stated")
    # the Feb 2023 statement matches the mirrored EU list of Sep 2022
    listed = tables.load("belarus_listed_counts").set_index("source_id")
    assert (int(listed.loc["eu_fsf_merged_2022", "persons_count"]), int(listed.loc["eu_fsf_merged_2022", "entities_count"])) == (195, 34)


def test_later_us_list_is_an_inference_from_the_may_2024_capture(stated):
    listed = tables.load("belarus_listed_counts").set_index("source_id")
    latest = listed.loc["ofac_sdn_2024_05"]
    assert (latest["list_date"], int(latest["entries_count"])) == ("2024-05-03", 232)
    by_row = stated.set_index("count_row_id")
    added = int(by_row.loc["CS-084", "persons_count"] + by_row.loc["CS-084", "entities_count"]) + 1
    removed_most = int(by_row.loc["CS-090", "entities_count"]) + 1
    entries = tables.load("ofac_belarus_entries")
    may_2024 = entries[entries["snapshot_id"] == "ofac_sdn_2024_05"]
    removed_least = int(may_2024["name"].str.contains("BELAVIA").sum() + may_2024["name"].str.fullmatch("EW-301PJ").sum())
    assert (added, removed_least, removed_most) == (34, 2, 5)
    assert (int(latest["entries_count"]) + added - removed_most, int(latest["entries_count"]) + added - removed_least) == (261, 264)
    # the potash licence removes nobody: the three companies are on the newest mirrored list
    names = set(entries.loc[entries["snapshot_id"] == "ofac_sdn_2024_05", "name"])
    assert {"BELARUSKALI OAO", "AGROROZKVIT LLC", "OPEN JOINT STOCK COMPANY BELARUSIAN POTASH COMPANY"} <= names


def test_relief_for_releases_side_by_side(facts):
    releases = tables.load("belarus_prisoner_releases")
    releases["when"] = pd.to_datetime(releases["date"])
    assert releases["when"].max() == pd.Timestamp("2026-03-19")
    march = releases.set_index("release_id").loc["PR-012"]
    assert (int(march["released_count"]), march["relief_fact_ids"]) == (250, "us-2026-03-19-relief")
    assert "Christopher Smith" in releases.set_index("release_id").loc["PR-008", "brokered_by"]
    year = releases["when"].dt.year
    assert int(releases.loc[year == 2015, "released_count"].sum()) == 6
    assert (year == 2024).sum() == 6 and int(releases.loc[year == 2024, "released_count"].sum()) == 189
    assert (year == 2025).sum() == 4 and int(releases.loc[year == 2025, "released_count"].sum()) == 192
    untied = releases[releases["relief_fact_ids"].isna()]
    assert (len(untied), int(untied["released_count"].sum())) == (8, 206)
    pairs = releases.assign(fid=releases["relief_fact_ids"].str.split(";")).explode("fid").dropna(subset=["fid"])
    when = facts.set_index("fact_id")["when"]
    assert set(pairs["fid"]) <= set(when.index)
    days = {r.fid: (when[r.fid] - r.when).days for r in pairs.itertuples()}
    # the 2015 licence is dated by the settled row (30 October 2015, 'Effective October 30, 2015'): 69 days
    assert days == {"eu-2015-10-suspension": 68, "us-2015-10-gl2": 69, "us-2025-09-11-gl11": 0,
                    "us-2025-11-04-delisting": 54, "us-2025-11-04-gl12": 54, "us-2025-12-15-gl13": 2,
                    "us-2026-03-19-relief": 0}
    assert releases.loc[releases["relief_fact_ids"].notna(), "when"].dt.year.nunique() == 3
