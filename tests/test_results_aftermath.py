"""Results of "What happened next" (chapters/claims/aftermath.md), recomputed from the tables.

The chapter computes its numbers once and glues them; these tests recompute the same numbers
from the curated tables and pin the facts its prose rests on, so a change to a table that breaks
a sentence of the chapter fails here.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from minsk2020.claims import VERDICTS, load_claims
from minsk2020.paths import ROOT
from minsk2020.tables import load

CHAPTER = ROOT / "chapters" / "claims" / "aftermath.md"
FULL_RECORD_END = "2022-12-31"
ELECTION_DAY, INVASION_DAY = "2020-08-09", "2022-02-24"


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return load("aftermath_events")


@pytest.fixture(scope="module")
def claims() -> pd.DataFrame:
    return load_claims()


@pytest.fixture(scope="module")
def chapter_text() -> str:
    return CHAPTER.read_text(encoding="utf-8")


def row(events: pd.DataFrame, event_id: str) -> pd.Series:
    return events.set_index("event_id").loc[event_id]


# ---------------------------------------------------------------- the events table
def test_rows_in_date_order_ids_unique(events):
    assert events["event_id"].is_unique
    ordered = events.sort_values(["date", "event_id"], kind="stable")
    assert list(ordered["event_id"]) == list(events["event_id"]), "rows are in date order, then by id"


def test_events_are_counted_by_fact_not_by_row(events):
    has_fact = events["fact_id"].notna() & (events["fact_id"] != "")
    # every shared fact has at least two rows, each with a note on the difference
    per_fact = events[has_fact].groupby("fact_id").size()
    assert (per_fact >= 2).all(), per_fact[per_fact < 2]
    assert events.loc[has_fact, "conflict_note"].notna().all()
    n_events = int((~has_fact).sum() + events.loc[has_fact, "fact_id"].nunique())
    assert n_events == len(events) - int((per_fact - 1).sum())
    assert n_events < len(events)


def test_the_record_ends_where_the_chapter_says(events, chapter_text):
    full = events[events["date"] <= FULL_RECORD_END]
    later = events[events["date"] > FULL_RECORD_END]
    assert full["date"].min() == "2020-02-01"
    assert full["date"].max() == "2022-06"
    # after 2022 only the selected 2025 events are recorded, none from 2023 or 2024
    assert later["date"].str[:4].eq("2025").all(), later[["event_id", "date"]]
    assert events["date"].max() == "2025-12-15"
    assert "does\nnot follow 2023 and 2024" in chapter_text or "does not follow 2023 and 2024" in chapter_text


def test_election_result_is_settled_by_the_final_figure(events):
    rows = events[events["fact_id"] == "ELECTION-2020-RESULT"].set_index("event_id")
    assert set(rows.index) == {"AE-011", "AE-040"}
    assert "preliminary" in rows.loc["AE-011", "summary"] and "80.23%" in rows.loc["AE-011", "summary"]
    assert "final result" in rows.loc["AE-040", "summary"] and "80.1%" in rows.loc["AE-040", "summary"]
    assert "belarus.by" in rows.loc["AE-040", "source_url"]
    for note in rows["conflict_note"]:
        assert "settles it" in note and "superseded" in note


def test_envoys_neither_took_up_the_post(events):
    assert row(events, "AE-010")["date"] == "2020-07-20"
    died = row(events, "AE-041")
    assert died["date"] == "2020-12-25" and "not yet taken up the post" in died["summary"]
    assert row(events, "AE-016")["date"] == "2020-12-15"
    assert row(events, "AE-026")["date"] == "2021-08-11"
    assert row(events, "AE-036")["date"] == "2022-02-28"


def test_licence_relief_ended_on_the_sanctions_chapter_date(events):
    revoked = row(events, "AE-042")
    acts = load("sanctions_legal_acts")
    gl2h = acts[(acts["fact_id"] == "us-2021-04-gl2h") & (acts["date_precision"] == "day")]
    assert len(gl2h) >= 1
    assert set(gl2h["date"]) == {revoked["date"]} == {"2021-04-19"}
    assert "3 June 2021" in revoked["summary"]


def test_the_2025_relief(events):
    assert row(events, "AE-044")["date"] == "2025-09-11" and "Belavia" in row(events, "AE-044")["summary"]
    assert row(events, "AE-046")["date"] == "2025-11-04" and "Belavia" in row(events, "AE-046")["summary"]
    assert row(events, "AE-047")["date"] == "2025-12-13" and "potash" in row(events, "AE-047")["summary"]
    assert row(events, "AE-048")["date"] == "2025-12-15"
    later_sanctions = events[(events["date"] > FULL_RECORD_END) & (events["topic"] == "sanctions")]
    assert set(later_sanctions["event_id"]) == {"AE-044", "AE-046", "AE-047", "AE-048"}


def test_nothing_lifted_is_scoped_to_2022(chapter_text):
    prose = re.sub(r"```.*?```", "", chapter_text, flags=re.S)
    for match in re.finditer(r"[Nn]othing\s+(?:was|had\s+been)\s+lifted", prose):
        context = prose[max(0, match.start() - 40): match.end() + 40]
        assert "2022" in context, f"an unscoped 'nothing was lifted': {context!r}"


def test_event_ids_used_in_the_prose_exist(events, chapter_text):
    used = set(re.findall(r'"(AE-\d{3})"', chapter_text))
    assert used, "the chapter reads its dates from event ids"
    assert used <= set(events["event_id"]), used - set(events["event_id"])


# ---------------------------------------------------------------- sanctions waves
def test_listing_rounds_from_the_election_to_the_invasion():
    stated = load("sanctions_counts_stated")
    rounds = stated[(stated["count_kind"] == "added") & (stated["as_of_date"] >= ELECTION_DAY)
                    & (stated["as_of_date"] <= INVASION_DAY)
                    & (stated["list_scope"] != "visa_restriction")].drop_duplicates("fact_id")
    assert rounds["as_of_date"].min() == "2020-09-29"
    assert set(rounds.loc[rounds["as_of_date"] == "2020-09-29", "sender"]) == {"UK", "CA"}
    assert set(rounds["sender"]) == {"UK", "CA", "EU", "US", "CH"}
    assert rounds["as_of_date"].max() == INVASION_DAY
    assert len(rounds) == rounds["fact_id"].nunique() >= 18


# ---------------------------------------------------------------- the scorecard
def test_scorecard_counts_add_up(claims):
    counts = claims["verdict"].value_counts()
    assert set(counts.index) <= set(VERDICTS)
    assert counts.sum() == len(claims) == 34
    scored = claims[claims["verdict"] != "not testable"]
    assert set(claims.loc[claims["kind"] == "opinion", "verdict"]) == {"not testable"}
    assert len(claims) - len(scored) == int((claims["kind"] == "opinion").sum())
    assert int((claims["kind"] == "forecast").sum()) == 12
    assert not (claims.loc[claims["kind"] == "forecast", "verdict"] == "not testable").any()


def test_scorecard_gloss_is_generated_not_typed(chapter_text):
    prose = re.sub(r"```.*?```", "", chapter_text, flags=re.S)
    assert "{glue:text}`score_not_supported_list`" in prose
    assert "on contacts between Washington and Minsk" not in prose


# ---------------------------------------------------------------- the claims this page scores
@pytest.mark.parametrize("claim_id, kind, verdict", [
    ("C17", "interpretation", "partly supported"),
    ("C20", "forecast", "supported"),
    ("C21", "forecast", "partly supported"),
    ("C22", "forecast", "supported"),
    ("C25", "interpretation", "partly supported"),
    ("C27", "forecast", "supported"),
    ("C31", "forecast", "supported"),
])
def test_verdicts_of_the_claims_tested_here(claims, claim_id, kind, verdict):
    got = claims.set_index("claim_id").loc[claim_id]
    assert (got["kind"], got["verdict"], got["chapter"]) == (kind, verdict, "aftermath")
    assert got["evidence"].rstrip().endswith("]") and "[basis:" in got["evidence"]


def test_c21_weighs_the_counter_evidence_and_2025(claims):
    evidence = claims.set_index("claim_id").loc["C21", "evidence"]
    for needed in ("air base", "8 Jan 2020", "2025", "died in Dec 2020"):
        assert needed in evidence, needed


def test_c05_and_c32_stay_opinions(claims):
    rows = claims.set_index("claim_id").loc[["C05", "C32"]]
    assert set(rows["kind"]) == {"opinion"} and set(rows["verdict"]) == {"not testable"}
