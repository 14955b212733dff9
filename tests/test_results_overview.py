"""Results of the overview (ch-overview), the oil-price context page (ch-oil-price-visit) and the landing page.

Each test recomputes a published result from the committed tables, independently of the chapter's
code, so that a change to a table that would make the prose or a chart title wrong fails here.
"""

from __future__ import annotations

import pandas as pd
import pytest

from minsk2020.data.tables import load
from minsk2020.paths import ROOT

VISIT = pd.Timestamp("2020-02-01")
SIX_MONTHS_BEFORE = pd.Timestamp("2019-08-01")
AFTER = (pd.Timestamp("2020-09-01"), pd.Timestamp("2020-12-31"))
OVERVIEW = ROOT / "chapters" / "overview" / "what-happened.md"
CONTEXT = ROOT / "chapters" / "context" / "oil-price-around-the-visit.md"
INDEX = ROOT / "index.md"


def _day_rows(frame: pd.DataFrame, column: str = "date") -> pd.DataFrame:
    frame = frame[frame[column].astype(str).str.fullmatch(r"\d{4}-\d{2}-\d{2}")].copy()
    frame["day"] = pd.to_datetime(frame[column])
    return frame


def _date_of_fact(frame: pd.DataFrame, fact_id: str) -> pd.Timestamp:
    """The day most rows of one fact give; a tie goes to the earliest (the chapter's rule)."""
    days = _day_rows(frame[frame["fact_id"] == fact_id])["day"]
    counts = days.value_counts()
    return min(counts[counts == counts.max()].index)


# ---------------------------------------------------------------- sanctions: acts, not rows
@pytest.fixture(scope="module")
def acts():
    return _day_rows(load("sanctions_legal_acts"))


def _easing(frame: pd.DataFrame) -> pd.Series:
    return frame["action"].isin(["lifted", "suspended"]) | frame["measure_type"].str.contains("general_licence")


def test_no_restrictive_act_in_the_six_months_before_the_visit(acts):
    before = acts[(acts["day"] >= SIX_MONTHS_BEFORE) & (acts["day"] < VISIT)]
    assert before[~_easing(before)]["fact_id"].nunique() == 0
    # the one act was General License 2G, which authorised dealings: it eased
    assert set(before[_easing(before)]["fact_id"]) == {"us-2019-10-gl2g"}


def _period_start(date: str) -> pd.Timestamp:
    parts = str(date).split("/")[0].split("-")
    return pd.Timestamp(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)


@pytest.fixture(scope="module")
def acts_as_the_sanctions_chapter_counts():
    """One act per fact_id, dated by its first row; a month-dated act on the 1st (the sanctions chapter's rule)."""
    rows = load("sanctions_legal_acts")
    rows = rows.assign(when=rows["date"].map(_period_start))
    return rows, rows.sort_values(["when", "act_row_id"]).drop_duplicates("fact_id")


def test_after_the_election_acts_are_counted_by_fact_not_by_row(acts, acts_as_the_sanctions_chapter_counts):
    rows, facts = acts_as_the_sanctions_chapter_counts
    after_facts = facts[facts["when"].between(*AFTER)]
    after_rows = rows[rows["when"].between(*AFTER)]
    # the published count: 12 acts from 19 source rows (the UK's December 2020 row is a source on the
    # EU's third package, applied in the UK during the Brexit transition, not a UK act)
    assert (len(after_facts), len(after_rows)) == (12, 19)
    assert not _easing(after_facts).any()
    # the overview's rule (day-dated rows, the day most rows give) finds the same acts
    day_after = acts[acts["day"].between(*AFTER)]
    assert set(day_after["fact_id"]) == set(after_facts["fact_id"])
    # the prose names the five senders
    assert set(after_facts["sender"]) == {"US", "EU", "UK", "CA", "CH"}


def test_month_dated_acts_in_the_window_are_counted(acts_as_the_sanctions_chapter_counts):
    _, facts = acts_as_the_sanctions_chapter_counts
    window = facts[facts["when"].between(SIX_MONTHS_BEFORE, AFTER[1])]
    assert list(window.loc[window["date_precision"] == "month", "fact_id"]) == ["us-2020-06-renewal"]
    assert len(window) == 15  # the lane: GL 2G, the EU's February renewal, the US June renewal and 12 after


def test_each_act_is_dated_by_the_act(acts):
    assert _date_of_fact(acts, "eu-2020-10-02-listing") == pd.Timestamp("2020-10-02")  # 1 Oct: a later release
    assert _date_of_fact(acts, "ca-2020-09-regs") == pd.Timestamp("2020-09-28")  # the regulations' date


# ---------------------------------------------------------------- other US-Belarus steps
@pytest.fixture(scope="module")
def diplomacy():
    return load("diplomacy_events")


def test_fisher_confirmation_drawn_once_on_the_day_of_the_vote(diplomacy):
    rows = diplomacy[diplomacy["fact_id"] == "fisher-senate-confirmation"]
    assert set(rows["date"]) == {"2020-12-15", "2020-12-16"}
    assert _date_of_fact(diplomacy, "fisher-senate-confirmation") == pd.Timestamp("2020-12-15")
    # the 16 December row is a later recollection
    later = rows[rows["date"] == "2020-12-16"].iloc[0]
    assert str(later["published"]) >= "2021-01-01"


def test_hale_visit_and_announcement_are_one_event(diplomacy):
    days = diplomacy.set_index("fact_id").loc[["hale-visit-2019", "ambassador-exchange-announced-2019"], "date"]
    assert days.nunique() == 1 and days.iloc[0] == "2019-09-17"


def test_kyiv_meetings_a_day_after_the_travel_record(diplomacy):
    trips = load("secretary_trips")
    kyiv = trips[(trips["trip_id"] == 3935)].iloc[0]
    assert kyiv["start_date"] == "2020-01-30"
    assert diplomacy.loc[diplomacy["fact_id"] == "kyiv-meeting-date", "date"].max() == "2020-01-31"


# ---------------------------------------------------------------- cargoes: one per cargo
@pytest.fixture(scope="module")
def cargoes():
    return load("belarus_oil_cargoes_2020")


def _drawn(cargoes: pd.DataFrame) -> pd.Series:
    return (cargoes["date_kind"].isin(["arrival", "expected_arrival"])
            & cargoes["date_precision"].isin(["day", "range"]))


def test_cargo_lane_is_one_tick_per_cargo(cargoes):
    assert cargoes["cargo_id"].is_unique
    drawn = cargoes[_drawn(cargoes)]
    assert drawn["cargo_id"].nunique() == len(drawn)
    # the Saudi cargo (11-12 May) is one cargo, once
    assert (drawn["supply_fact_id"] == "alt-sau-2020-05").sum() == 1
    # cargoes with no reported day of arrival exist, and the chapter says how many
    assert (~_drawn(cargoes)).sum() >= 1


def test_russian_crude_cargoes_are_labelled_by_origin(cargoes):
    drawn = cargoes[_drawn(cargoes)]
    russian = drawn[drawn["russian_grade_crude"].astype(str).str.lower() == "true"]
    # the prose: Russian crude bought from traders or from SOCAR
    assert len(russian) >= 2 and set(russian["seller_kind"]) <= {"trader", "socar"}
    # the 15 March cargo via Odesa was Urals sold by SOCAR, not Azerbaijani crude
    urals = drawn[drawn["supply_fact_id"] == "alt-aze-2020-03-b"].iloc[0]
    assert urals["crude_origin_country"] == "Russia" and urals["crude_grade"] == "Urals"


# ---------------------------------------------------------------- C5+1
def test_four_c5_meetings_in_the_window_and_the_strategy_apart():
    c5 = _day_rows(load("c5plus1_meetings"))
    window = c5[c5["day"].between(SIX_MONTHS_BEFORE, AFTER[1])]
    meetings = window[~window["event_kind"].isin(["joint_statement", "strategy_publication"])]
    assert sorted(meetings["date"]) == ["2019-08-21", "2019-09-22", "2020-02-03", "2020-06-30"]
    assert list(window.loc[window["event_kind"] == "strategy_publication", "date"]) == ["2020-02-05"]


# ---------------------------------------------------------------- oil supply in the prose
@pytest.fixture(scope="module")
def oil():
    return load("belarus_oil_supply_2020")


def test_january_supply_against_the_volume_minsk_said_was_agreed(oil):
    facts = oil.groupby("fact_id")
    assert set(facts.get_group("rus-2020-01-delivered")["volume_tonnes"]) == {500000}
    approved = oil[(oil["fact_id"] == "rus-2020-monthly-need") & (oil["stated_by_side"] == "belarus_state")]
    assert list(approved["row_id"]) == ["OIL-050"] and approved["volume_tonnes"].iloc[0] == 2_000_000
    q4 = facts.get_group("rus-2019q4-delivered")["volume_tonnes"].iloc[0]
    assert round(q4 / 3 / 1e6, 1) == 1.5
    assert facts.get_group("rus-2020-01-04-restart")["period_start"].iloc[0] == "2020-01-04"


def test_russian_deliveries_recover_in_april(oil):
    by_fact = oil.groupby("fact_id")["volume_tonnes"].first()
    assert by_fact["rus-2020-03-delivered"] == 285_000
    assert by_fact["rus-2020-04-delivered"] == 1_560_000


# ---------------------------------------------------------------- Brent (context page)
@pytest.fixture(scope="module")
def brent():
    frame = load("brent_daily_visit_window")
    return frame.assign(date=pd.to_datetime(frame["date"])).set_index("date")["brent_usd_per_bbl"]


def test_brent_headline_numbers(brent):
    assert len(brent) == 85
    last_2019, before_visit = brent[:"2019-12-31"].iloc[-1], brent[:"2020-01-31"].iloc[-1]
    assert (last_2019, before_visit) == (67.77, 57.77)
    assert round(100 * (before_visit / last_2019 - 1)) == -15
    assert brent.max() == 70.25 and brent.idxmax() == pd.Timestamp("2020-01-06")
    assert brent.min() == 14.85 and brent.idxmin() == pd.Timestamp("2020-03-31") == brent.index.max()
    assert brent["2020-02-03"] == 54.00


def test_march_fall_is_more_than_two_thirds(brent):
    end_feb = brent[:"2020-02-29"].iloc[-1]
    fall = 100 * (1 - brent.iloc[-1] / end_feb)
    assert end_feb == 51.31 and round(fall) == 71 and fall > 200 / 3


def test_urals_within_three_dollars_of_brent_in_the_first_quarter():
    monthly = load("brent_monthly_2018_2021").set_index("month")["brent_usd_per_bbl"]
    q1 = monthly[["2020-01", "2020-02", "2020-03"]].mean()
    assert round(q1, 2) == 50.44
    assert round(abs(48.18 - q1), 1) == 2.3  # Minfin's Q1 Urals, the glued gap
    assert abs(54.24 - monthly["2020-02"]) < 3 and abs(29.17 - monthly["2020-03"]) < 3  # February, March
    assert abs(18.22 - monthly["2020-04"]) < 0.5  # April almost level
    assert 31.03 > monthly["2020-05"]  # May: Urals above Brent


def test_brent_on_the_day_of_the_crash(brent):
    fall = 100 * (1 - brent["2020-03-09"] / brent[:"2020-03-08"].iloc[-1])
    assert round(fall, 1) == 22.5  # almost a quarter at the close; about 30% at one point that morning


def test_the_duty_discount_narrowed_in_dollars_a_barrel():
    """Russia's crude export duty (US$/t, Finance Ministry as reported), which Belarus does not pay."""
    per_bbl = {month: duty / 7.33 for month, duty in {"Feb": 78.5, "Mar": 66.9, "Apr": 52.0, "May": 6.8}.items()}
    assert [round(per_bbl[m], 1) for m in ("Feb", "Apr", "May")] == [10.7, 7.1, 0.9]
    assert per_bbl["Feb"] > per_bbl["Mar"] > per_bbl["Apr"] > per_bbl["May"]
    premium = 5 / 7.33
    assert round(premium, 2) == 0.68 and round(round(per_bbl["May"], 2) - premium, 1) == 0.2
    # Rumas's US$4 fits the end-March slump, not the April average: April Urals less April's duty
    assert round(18.22 - round(per_bbl["Apr"], 2)) == 11


def test_urals_sources_are_news_agencies_not_a_test_mirror():
    context = CONTEXT.read_text(encoding="utf-8")
    assert "t247.win" not in context
    assert "https://interfax.ru/business/711309" in context


# ---------------------------------------------------------------- wording the referee pass fixed
def test_corrected_wording_stays_corrected():
    overview, context, index = (p.read_text(encoding="utf-8") for p in (OVERVIEW, CONTEXT, INDEX))
    assert "could not settle" not in context
    assert "supply halt" not in context and "a month into a cut" in context
    assert "a need of roughly" not in overview
    assert "more complicated" not in index
    assert all(label in index for label in ("supported, partly\nsupported, not supported or not testable",))
    assert "*Makei*" not in index
    assert "date not verified" in index and "date not verified" in overview
    assert "table=TIMELINE_TABLES" in overview
    # round 3: no referee-facing text, no row ids or column names in the prose, the April account as disputed
    assert "the text now says" not in overview
    assert "`fact_id`" not in overview and "(table `" not in overview and "(table `" not in context
    assert "dearer, not cheaper" not in context and "Minsk's terms" not in context
    assert "What was agreed for April is disputed" in context
    assert "no offer of such a discount" in overview and "no offer of such a" in context
    assert "thaw of 2019–20" in overview


# ---------------------------------------------------------------- the record's end, read from the events table
def test_the_record_end_is_the_latest_aftermath_event():
    events = load("aftermath_events")
    starts = events["date"].map(_period_start)
    assert starts.max() >= pd.Timestamp("2025-12-01")  # the record reaches past 2022, into the 2025 thaw at least
    overview, index = OVERVIEW.read_text(encoding="utf-8"), INDEX.read_text(encoding="utf-8")
    # the date is glued from the table, never typed; the old promise of a later edition is gone
    assert "{glue:text}`ov_record_end`" in overview and 'nb.text("ov_record_end"' in overview
    assert "A later edition of this book extends the record" not in overview
    assert "no longer stops in 2022" in index
    # the US easing ran into 2026 (March 2026, with the release of 250 people; AE-063 in the events table)
    assert "easing of some US sanctions in 2025–2026" in index
    assert "19 March 2026" in overview and "250 prisoners" in overview
    ae063 = events.loc[events["event_id"] == "AE-063", "date"]
    assert len(ae063) == 1 and str(ae063.iloc[0]).startswith("2026-03")
    for page in (overview, index, CONTEXT.read_text(encoding="utf-8")):
        first_heading = next(line for line in page.splitlines() if line.startswith("# "))
        assert "2022" not in first_heading
