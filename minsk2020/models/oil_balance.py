"""The 2020 crude-oil balance of Belarus, month by month: interval arithmetic that keeps kinds apart.

The identity behind it is the ordinary oil balance (IEA/Eurostat convention, in tonnes)::

    receipts + own production - refinery intake = change in stocks + unobserved flows

The book observes only part of the left-hand side: Russian deliveries (a monthly figure in five
months, each measuring something different), tanker cargoes (the reconciled list
``belarus_oil_cargoes_2020``, by cargo_id) and a few statements of refinery runs. It does not
observe stocks (one anonymous figure on 3 January), Belarus's own crude going to the refineries,
or deliveries nobody reported. So the gap computed here is only::

    gap = arrived - run        (both for the same window of months)

with a low and a high end (``low = arrived.low - run.high``, ``high = arrived.high - run.low``).
A negative gap is crude that was refined but is not in the recorded arrivals.

Every quantity carries a *kind* ("delivered", "arrived", "refined", "planned", ...); the
functions refuse to add or subtract unlike kinds, and an unknown month is never a zero.
Units are in the names: ``_t`` metric tonnes, ``_mt`` million tonnes, ``_bbl`` barrels.
Conversions use bp's factors from :mod:`minsk2020.units` (7.33 barrels a tonne; 49.8 tonnes a
year per barrel a day).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from minsk2020 import units

# Kinds of quantity. Inflows that physically reached Belarus (or its refineries):
ARRIVAL_KINDS = frozenset({"delivered", "arrived", "received", "imported"})
RUN_KINDS = frozenset({"refined"})
OTHER_KINDS = frozenset({"planned", "planned_refined", "stock", "production", "exported"})
ALL_KINDS = ARRIVAL_KINDS | RUN_KINDS | OTHER_KINDS
MT = 1e6
MONTHS_2020 = [f"2020-{m:02d}" for m in range(1, 13)]


@dataclass(frozen=True)
class Quantity:
    """A quantity of crude in tonnes with a low and a high end, a kind and its source rows."""

    low_t: float
    high_t: float
    kind: str
    sources: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self):
        if self.kind not in ALL_KINDS:
            raise ValueError(f"unknown kind {self.kind!r}")
        if pd.isna(self.low_t) or pd.isna(self.high_t):
            raise ValueError("a quantity needs both ends; an unknown month stays out of the sum")
        if self.low_t < 0 and self.kind != "stock":
            raise ValueError(f"negative tonnes for kind {self.kind!r}: {self.low_t}")
        if self.low_t > self.high_t:
            raise ValueError(f"low end {self.low_t} above high end {self.high_t}")


def bounds_from_statement_t(value_t: float, qualifier: str, step_t: float) -> tuple[float, float]:
    """Bounds implied by how a rounded figure was stated, in tonnes (the book's reading, stated on the page).

    'exact' -> [v, v]; 'about' -> [v - step/2, v + step/2] ('about 1.8 Mt', step 0.1 Mt -> 1.75-1.85);
    'up_to' -> [v - step, v] ('up to 3 Mt', step 0.25 Mt -> 2.75-3.0); 'over' -> [v, v + step]
    ('more than 14 Mt', step 1 Mt -> 14-15).
    """
    if value_t is None or pd.isna(value_t) or value_t < 0:
        raise ValueError(f"need a non-negative value, got {value_t!r}")
    if step_t < 0:
        raise ValueError("step must be non-negative")
    if qualifier == "exact":
        return (value_t, value_t)
    if qualifier == "about":
        return (max(0.0, value_t - step_t / 2), value_t + step_t / 2)
    if qualifier == "up_to":
        return (max(0.0, value_t - step_t), value_t)
    if qualifier == "over":
        return (value_t, value_t + step_t)
    raise ValueError(f"unknown qualifier {qualifier!r}")


def barrels_to_tonnes(volume_bbl: float, barrels_per_tonne: float = units.BARRELS_PER_TONNE) -> float:
    """Barrels of crude -> tonnes: t = bbl / (bbl per t); bp's world average 7.33 by default."""
    if barrels_per_tonne <= 0:
        raise ValueError("barrels per tonne must be positive")
    return volume_bbl / barrels_per_tonne


def add_same_kind(quantities: list[Quantity], kind_set: frozenset[str] | set[str]) -> Quantity:
    """Sum quantities whose kinds all lie in ``kind_set`` (low ends added, high ends added).

    Raises ValueError when any quantity is of another kind: a plan is never added to a delivery,
    nor a run to an arrival.
    """
    if not quantities:
        raise ValueError("nothing to add")
    bad = [q.kind for q in quantities if q.kind not in kind_set]
    if bad:
        raise ValueError(f"refusing to add unlike kinds {sorted(set(bad))} to {sorted(kind_set)}")
    kinds = {q.kind for q in quantities}
    label = "arrived" if kinds <= ARRIVAL_KINDS and len(kinds) > 1 else quantities[0].kind
    return Quantity(sum(q.low_t for q in quantities), sum(q.high_t for q in quantities), label,
                    tuple(s for q in quantities for s in q.sources))


def difference_same_kind(total: Quantity, part: Quantity) -> Quantity:
    """What a total leaves once a part is taken out, same kind only.

    remainder = [total.low - part.high (floored at 0), total.high - part.low]
    (March runs = first-quarter runs less January-February runs).
    """
    if total.kind != part.kind:
        raise ValueError(f"cannot subtract {part.kind!r} from {total.kind!r}")
    high = total.high_t - part.low_t
    if high < 0:
        raise ValueError("part larger than total at both ends: the two figures contradict each other")
    return Quantity(max(0.0, total.low_t - part.high_t), high, total.kind, total.sources + part.sources)


def gap_t(arrived: Quantity, run: Quantity) -> tuple[float, float]:
    """Gap = arrived - run for one window, as (low, high) in tonnes: (arrived.low - run.high, arrived.high - run.low).

    ``arrived`` must be an inflow kind and ``run`` must be 'refined'.
    """
    if arrived.kind not in ARRIVAL_KINDS:
        raise ValueError(f"arrivals must be an inflow kind, not {arrived.kind!r}")
    if run.kind not in RUN_KINDS:
        raise ValueError(f"runs must be 'refined', not {run.kind!r}")
    return (arrived.low_t - run.high_t, arrived.high_t - run.low_t)


def unexplained_after_t(gap: tuple[float, float], max_stock_draw_t: float, max_domestic_t: float) -> tuple[float, float]:
    """A gap once the most that stocks and own crude could supply is added: gap + stock draw + own crude.

    Below zero: crude that no source accounts for even on the most generous reading.
    """
    if max_stock_draw_t < 0 or max_domestic_t < 0:
        raise ValueError("stock draw and own crude are upper bounds and cannot be negative")
    return (gap[0] + max_stock_draw_t + max_domestic_t, gap[1] + max_stock_draw_t + max_domestic_t)


def pair_bounds_from_total_t(stated_total_low_t: float, stated_total_high_t: float, known_t: float) -> tuple[float, float]:
    """Bounds on cargoes known only from a count: stated total (which includes them) less the known cargoes, floored at 0."""
    if stated_total_high_t < stated_total_low_t:
        raise ValueError("stated total: high below low")
    return (max(0.0, stated_total_low_t - known_t), max(0.0, stated_total_high_t - known_t))


def months_in_window(start: str, end: str) -> list[str]:
    """YYYY-MM labels from start to end inclusive ('2020-02', '2020-04-13' -> Feb, Mar, Apr)."""
    return [str(p) for p in pd.period_range(pd.Period(start[:7], "M"), pd.Period(end[:7], "M"), freq="M")]


def russian_origin(cargoes: pd.DataFrame) -> pd.Series:
    """True for cargoes of Russian crude by origin (crude_origin_iso3 RUS or russian_grade_crude), whoever sold them.

    Russian crude bought from traders or from SOCAR is Russian crude: it is not an alternative to Russian oil,
    only to Russian pipeline terms. Unknown origin is False here and bracketed by the caller.
    """
    missing = pd.Series("", index=cargoes.index)
    iso = cargoes.get("crude_origin_iso3", missing).fillna("").astype(str)
    grade = cargoes.get("russian_grade_crude", missing).astype(str).str.lower().eq("true")
    return iso.eq("RUS") | grade


def cargo_arrivals_by_month(cargoes: pd.DataFrame) -> pd.DataFrame:
    """Known tanker cargoes by month of arrival at port (tonnes, of which Russian crude by origin; count of cargo ids) and the
    unknown cargoes whose window covers the month.

    Reads the reconciled list as it is; never fills an unknown volume.
    """
    known = cargoes[cargoes["volume_status"] == "known"]
    unknown = cargoes[cargoes["volume_status"] == "unknown"]
    if known["month"].isna().any():
        raise ValueError("a known cargo without a month")
    rows = []
    for month in MONTHS_2020:
        k = known[known["month"] == month]
        u = [r.cargo_id for r in unknown.itertuples() if month in months_in_window(str(r.window_start), str(r.window_end))]
        rus_k = k[russian_origin(k)]
        rows.append({"month": month, "cargo_known_t": float(k["volume_tonnes"].sum()),
                     "cargo_known_russian_t": float(rus_k["volume_tonnes"].sum()),
                     "cargo_known_russian_ids": ";".join(rus_k["cargo_id"]),
                     "cargo_known_ids": ";".join(k["cargo_id"]), "cargo_known_n": int(k["cargo_id"].nunique()),
                     "cargo_unknown_ids": ";".join(u)})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- the 2020 balance from the book's tables
# Step sizes for reading rounded statements (assumptions, stated beside each number on the page)
STEP_ABOUT_1_8_MT_T = 100_000     # 'about 1.8 Mt' -> 1.75-1.85
STEP_UP_TO_3_MT_T = 250_000       # 'up to 3 Mt' -> 2.75-3.0 (sensitivity: 500_000 -> 2.5-3.0)
STEP_OVER_14_MT_T = 1_000_000     # 'more than 14 Mt' -> 14-15
STEP_ABOUT_STOCK_T = 100_000      # 'about 0.5 Mt' -> 0.45-0.55
STEP_ABOUT_BBL = 100_000          # 'about 1.7 million barrels' -> 1.65-1.75 million
FULL_LOAD_QUARTER_ROWS = ("ref-2020q1-plan-naftan", "ref-2020q1-plan-mozyr")  # cap on a month's runs: (3.0 + 2.9 Mt) / 3
TRADER_CAP_CARGOES = 2            # two unknown trader cargoes, each at most the largest cargo on the list


@dataclass
class Balance2020:
    """Every figure of the page's balance, in tonnes (pairs are (low, high))."""

    windows: pd.DataFrame            # Jan-Feb, Mar, Q1: arrived, run, gap, gap after stock and own crude (Mt)
    month_table: pd.DataFrame        # one row per month, with row ids and URLs
    bars: pd.DataFrame               # chart: recorded arrivals by month and series (Mt)
    runs: pd.DataFrame               # chart: runs by period, low/high, monthly (Mt)
    figures: dict = field(default_factory=dict)


def _row(frame: pd.DataFrame, key: str, column: str):
    found = frame.loc[frame[column] == key]
    if len(found) != 1:
        raise ValueError(f"expected one row with {column} == {key!r}, found {len(found)}")
    return found.iloc[0]


def balance_2020(supply: pd.DataFrame, cargoes: pd.DataFrame, rows: pd.DataFrame,
                 bp_oil: pd.DataFrame, ei_energy: pd.DataFrame, q1_step_t: float = STEP_UP_TO_3_MT_T,
                 q1_qualifier: str = "up_to") -> Balance2020:
    """The 2020 balance from belarus_oil_supply_2020 (OIL-), belarus_oil_cargoes_2020 (CARGO-), belarus_oil_balance_2020_monthly (BAL-),
    belarus_oil_balance_bp2021 and belarus_energy_ei2024 (the year's runs in two other editions).

    ``q1_qualifier``/``q1_step_t`` set the reading of Belneftekhim's first-quarter runs ('up to 3 Mt', also reported as
    'about 3 Mt'): 'up_to' with 250 kt gives 2.75-3.0 Mt (the page's reading), with 500 kt 2.5-3.0; 'about' with 200 kt
    gives 2.9-3.1. A month's runs are capped at the full-load rate of the two refineries' first-quarter plans
    (BAL-009 + BAL-010, 5.9 Mt a quarter), which bounds December and so raises the floor of January-November."""
    S = lambda rid: _row(supply, rid, "row_id")  # noqa: E731
    B = lambda fid: _row(rows, fid, "fact_id")  # noqa: E731
    R = lambda rid: _row(rows, rid, "row_id")  # noqa: E731
    url = lambda rid: (S(rid) if rid.startswith("OIL") else R(rid))["source_url"]  # noqa: E731

    # Russian deliveries per month, one figure each (the same choice as the energy chapter), with what it measures
    rus_rows = {
        "2020-01": (["OIL-027"], "delivered (Lukashenko, party to the dispute)", "transport not stated"),
        "2020-03": (["OIL-116", "OIL-114", "OIL-115"], "delivered (CDU TEK: 285 kt stated; 321 kt = Q1 less Jan-Feb)", "transport not stated"),
        "2020-04": (["OIL-075"], "delivered (Belneftekhim)", "pipeline and rail"),
        "2020-05": (["OIL-082"], "received at refineries (trade press)", "transport not stated"),
        "2020-06": (["OIL-096", "BAL-011", "BAL-013"], "delivered (Transneft; Mozyr 515 kt, Naftan 490 kt)", "Druzhba pipeline only"),
    }
    one = lambda rid, kind="delivered": Quantity(S(rid).volume_tonnes, S(rid).volume_tonnes, kind, (rid,))  # noqa: E731
    rus = {
        "2020-01": one("OIL-027"),
        "2020-03": Quantity(S("OIL-116").volume_tonnes, S("OIL-114").volume_tonnes - S("OIL-115").volume_tonnes,
                            "delivered", ("OIL-116", "OIL-114", "OIL-115")),
        "2020-04": one("OIL-075"), "2020-05": one("OIL-082", "received"), "2020-06": one("OIL-096"),
    }
    rus_janfeb = one("OIL-115")
    # Q1: 1.04 Mt stated; 285 kt March + 719 kt January-February = 1.004 Mt (the source's own inconsistency): both ends
    rus_q1 = Quantity(S("OIL-115").volume_tonnes + S("OIL-116").volume_tonnes, S("OIL-114").volume_tonnes, "delivered",
                      ("OIL-114", "OIL-115", "OIL-116"))

    # Tanker cargoes by cargo_id; two unknown pairs bracketed from stated totals
    cbm = cargo_arrivals_by_month(cargoes).set_index("month")
    known = cargoes[cargoes["volume_status"] == "known"]
    counted_by_june = cargoes[cargoes["count_row_ids"].fillna("").str.contains("OIL-039")]
    traders_low, _ = pair_bounds_from_total_t(S("OIL-039").volume_tonnes, S("OIL-039").volume_tonnes,
                                              counted_by_june["volume_tonnes"].sum())
    traders = (traders_low, max(traders_low, TRADER_CAP_CARGOES * known["volume_tonnes"].max()))
    socar_known_nonaze = known[(known["seller_kind"] == "socar") & (known["crude_origin_iso3"].fillna("") != "AZE")]["volume_tonnes"].sum()
    bbl = bounds_from_statement_t(S("OIL-019").volume_barrels, "about", STEP_ABOUT_BBL)
    socar = pair_bounds_from_total_t(barrels_to_tonnes(bbl[0]), barrels_to_tonnes(bbl[1]), socar_known_nonaze)
    socar_sens = pair_bounds_from_total_t(barrels_to_tonnes(bbl[0], 7.6), barrels_to_tonnes(bbl[1], 7.2), socar_known_nonaze)

    def cargo_q(months, unknown=()):
        k = cbm.loc[months, "cargo_known_t"].sum()
        ids = ";".join(x for x in cbm.loc[months, "cargo_known_ids"] if x)
        return Quantity(k + sum(u[0] for u in unknown), k + sum(u[1] for u in unknown), "arrived", (ids,))

    # Refinery runs
    run_janfeb = Quantity(*bounds_from_statement_t(S("OIL-033").volume_tonnes, "about", STEP_ABOUT_1_8_MT_T), "refined", ("OIL-033",))
    run_janfeb_alt = Quantity(*bounds_from_statement_t(2 * B("ref-2020-01-02-avg").value, "about", 2 * STEP_ABOUT_1_8_MT_T),
                              "refined", ("BAL-003",))
    run_q1 = Quantity(*bounds_from_statement_t(B("ref-2020q1").value, q1_qualifier, q1_step_t), "refined", ("BAL-001",))
    run_mar = difference_same_kind(run_q1, run_janfeb)
    run_jannov = Quantity(*bounds_from_statement_t(S("OIL-041").volume_tonnes, "over", STEP_OVER_14_MT_T), "refined", ("OIL-041",))
    year = B("ref-2020-year-implied")
    run_year = Quantity(year.value_low, year.value_high, "refined", ("BAL-007",))
    run_year_bp_t = float(bp_oil.set_index("year").loc[2020, "refinery_throughput_mt"]) * MT
    run_year_ei_t = units.kbd_to_mt_per_year(float(ei_energy.set_index("year").loc[2020, "refinery_throughput_kbd"])) * MT
    full_load_month_t = sum(B(f).value for f in FULL_LOAD_QUARTER_ROWS) / 3
    # December cannot exceed a full-load month, so January-November ran at least the year less one full-load month
    run_jannov = Quantity(max(run_jannov.low_t, run_year.low_t - full_load_month_t), run_jannov.high_t, "refined",
                          run_jannov.sources + ("BAL-007", "BAL-009", "BAL-010"))
    aprnov = difference_same_kind(run_jannov, run_q1)
    run_aprnov = Quantity(aprnov.low_t, min(aprnov.high_t, run_year.high_t - run_q1.low_t), "refined", aprnov.sources + ("BAL-007",))
    dec = difference_same_kind(run_year, run_jannov)
    run_dec = Quantity(dec.low_t, min(dec.high_t, full_load_month_t), "refined", dec.sources)
    # Mozyr's 2020 rate as recalled in 2022 (BAL-008, t a day x 366 days); Naftan by difference from the year's runs
    mozyr_day = B("ref-mozyr-2020-daily")
    mozyr_year_t = (mozyr_day.value_low * 366, mozyr_day.value_high * 366)
    naftan_year_t = (run_year.low_t - mozyr_year_t[1], run_year.high_t - mozyr_year_t[0])

    # Unobserved terms, upper bounds only
    stock0 = bounds_from_statement_t(B("stock-2020-01-01").value, "about", STEP_ABOUT_STOCK_T)
    own_per_month_t = B("dom-2020-plan").value / 12  # assumption: all own output to the refineries
    # ... but no more than the whole year's own crude refined (BAL-030, a weak source); 'even' spreads that over the year
    own_year_used_t = B("dom-2020-use").value

    windows = {}
    windows["January-February"] = (add_same_kind([rus_janfeb, cargo_q(["2020-01", "2020-02"], [(0, traders[1])])], ARRIVAL_KINDS), run_janfeb, 2)
    windows["March"] = (add_same_kind([rus["2020-03"], cargo_q(["2020-03"], [(0, traders[1])])], ARRIVAL_KINDS), run_mar, 1)
    windows["January-March"] = (add_same_kind([rus_q1, cargo_q(["2020-01", "2020-02", "2020-03"], [(0, traders[1])])], ARRIVAL_KINDS), run_q1, 3)
    out = []
    for name, (arrived, run, n_months) in windows.items():
        g = gap_t(arrived, run)
        u = unexplained_after_t(g, stock0[1], min(n_months * own_per_month_t, own_year_used_t))
        even = unexplained_after_t(g, stock0[1], n_months * own_year_used_t / 12)
        out.append({"window": name, "arrived_low_mt": arrived.low_t / MT, "arrived_high_mt": arrived.high_t / MT,
                    "run_low_mt": run.low_t / MT, "run_high_mt": run.high_t / MT, "gap_low_mt": g[0] / MT, "gap_high_mt": g[1] / MT,
                    "after_stock_and_own_crude_low_mt": u[0] / MT, "after_stock_and_own_crude_high_mt": u[1] / MT,
                    "after_stock_and_even_own_crude_low_mt": even[0] / MT, "after_stock_and_even_own_crude_high_mt": even[1] / MT})
    gaps = pd.DataFrame(out)
    gap_janfeb_alt = gap_t(windows["January-February"][0], run_janfeb_alt)

    # January-May: arrivals on record against Belstat's customs imports (a check, not a gap)
    rus_janmay = add_same_kind([rus_q1, rus["2020-04"], rus["2020-05"]], ARRIVAL_KINDS)
    arr_janmay = add_same_kind([rus_janmay, cargo_q(MONTHS_2020[:5], [traders])], ARRIVAL_KINDS)
    imp_janmay_t = B("imp-2020-01-05-total").value

    # April-November: runs known only as a block; arrivals only in part
    arr_aprjun = add_same_kind([rus["2020-04"], rus["2020-05"], rus["2020-06"]], ARRIVAL_KINDS)
    arr_aprnov = add_same_kind([arr_aprjun, cargo_q(MONTHS_2020[3:11], [(0, traders[1]), socar])], ARRIVAL_KINDS)
    unobserved_aprnov = (run_aprnov.low_t - arr_aprnov.high_t, run_aprnov.high_t - arr_aprnov.low_t)

    # Year: cargoes against runs (Russia's 2020 total was not found)
    cargo_year = cargo_q(MONTHS_2020, [traders, socar])
    runs_year = {"Belarusian government (implied)": (run_year.low_t, run_year.high_t),
                 "bp 2021 edition": (run_year_bp_t, run_year_bp_t), "Energy Institute 2024 edition": (run_year_ei_t, run_year_ei_t)}
    lo_run = min(v[0] for v in runs_year.values())
    hi_run = max(v[1] for v in runs_year.values())
    rus_2019_t = S("OIL-009").volume_tonnes
    rate_2019_t = float(bp_oil.set_index("year").loc[2019, "refinery_throughput_mt"]) * MT / 12
    us_cargoes_t = known.loc[known["crude_origin_iso3"] == "USA", "volume_tonnes"].sum()

    # By origin: Russian crude bought by tanker (traders, SOCAR's Urals cargo) is Russian crude
    is_rus = russian_origin(known)
    q1_known = known[known["month"].isin(MONTHS_2020[:3])]
    rus_cargo_q1_t = float(q1_known.loc[russian_origin(q1_known), "volume_tonnes"].sum())
    other_cargo_q1_t = float(q1_known.loc[~russian_origin(q1_known), "volume_tonnes"].sum())
    # every corner: Russian deliveries low/high; the unidentified trader pair at 0 or at its cap, Russian or not
    shares = []
    for r in (rus_q1.low_t, rus_q1.high_t):
        for t in (0.0, traders[1]):
            for t_russian in (True, False):
                russian = r + rus_cargo_q1_t + (t if t_russian else 0.0)
                shares.append(100 * russian / (r + rus_cargo_q1_t + other_cargo_q1_t + t))
    nonrus_known_t = float(known.loc[~is_rus, "volume_tonnes"].sum())
    rus_cargo_year_t = float(known.loc[is_rus, "volume_tonnes"].sum())
    # the unidentified cargoes (two trader tankers, two SOCAR non-Azerbaijani tankers) have no stated origin:
    # low end all Russian, high end none Russian
    nonrus_year = (nonrus_known_t, nonrus_known_t + traders[1] + socar[1])
    run_lo_all, run_hi_all = min(v[0] for v in runs_year.values()), max(v[1] for v in runs_year.values())

    # January-May customs imports by origin group (Belstat) against the cargoes and deliveries on record
    jm = known[known["month"].isin(MONTHS_2020[:5])]
    eaeu_iso, cis_other_iso = {"RUS", "KAZ", "ARM", "KGZ"}, {"AZE", "UZB", "TKM", "TJK", "MDA"}
    iso = jm["crude_origin_iso3"].fillna("")
    cargo_eaeu_t = float(jm.loc[iso.isin(eaeu_iso), "volume_tonnes"].sum())
    cargo_cis_other_t = float(jm.loc[iso.isin(cis_other_iso), "volume_tonnes"].sum())
    cargo_noncis_t = float(jm.loc[~iso.isin(eaeu_iso | cis_other_iso), "volume_tonnes"].sum())
    imp_eaeu_t, imp_cis_t, imp_noncis_t = B("imp-2020-01-05-eaeu").value, B("imp-2020-01-05-cis").value, B("imp-2020-01-05-noncis").value
    customs_by_origin = {
        "eaeu": {"customs_t": imp_eaeu_t, "on_record_t": (rus_janmay.low_t + cargo_eaeu_t, rus_janmay.high_t + cargo_eaeu_t + traders[1])},
        "cis_outside_eaeu": {"customs_t": imp_cis_t - imp_eaeu_t, "on_record_t": (cargo_cis_other_t, cargo_cis_other_t)},
        "outside_cis": {"customs_t": imp_noncis_t, "on_record_t": (cargo_noncis_t, cargo_noncis_t)},
    }
    # the other possible rule: by consignor country, SOCAR's cargoes (Urals included) under the CIS and the traders' Russian
    # crude (with the two unidentified trader cargoes, 0 to the cap) outside the CIS; only pipeline and rail under the EAEU
    socar_jm_t = float(jm.loc[jm["seller_kind"] == "socar", "volume_tonnes"].sum())
    customs_by_consignor = {
        "eaeu": {"customs_t": imp_eaeu_t, "on_record_t": (rus_janmay.low_t, rus_janmay.high_t)},
        "cis_outside_eaeu": {"customs_t": imp_cis_t - imp_eaeu_t, "on_record_t": (socar_jm_t, socar_jm_t)},
        "outside_cis": {"customs_t": imp_noncis_t,
                        "on_record_t": (float(jm["volume_tonnes"].sum()) - socar_jm_t,
                                        float(jm["volume_tonnes"].sum()) - socar_jm_t + traders[1])},
    }

    figures = {
        "traders_t": traders, "socar_t": socar, "socar_sens_t": socar_sens, "stock0_t": stock0, "own_per_month_t": own_per_month_t,
        "run_janfeb_t": (run_janfeb.low_t, run_janfeb.high_t), "run_q1_t": (run_q1.low_t, run_q1.high_t),
        "run_mar_t": (run_mar.low_t, run_mar.high_t), "run_aprnov_t": (run_aprnov.low_t, run_aprnov.high_t),
        "run_dec_t": (run_dec.low_t, run_dec.high_t), "run_year_t": (run_year.low_t, run_year.high_t),
        "run_year_bp_t": run_year_bp_t, "run_year_ei_t": run_year_ei_t,
        "gap_janfeb_alt_t": gap_janfeb_alt,
        "arr_janmay_t": (arr_janmay.low_t, arr_janmay.high_t), "imp_janmay_t": imp_janmay_t,
        "janmay_cover_pct": (100 * arr_janmay.low_t / imp_janmay_t, 100 * arr_janmay.high_t / imp_janmay_t),
        "janmay_residual_t": (imp_janmay_t - arr_janmay.high_t, imp_janmay_t - arr_janmay.low_t),
        "arr_aprnov_t": (arr_aprnov.low_t, arr_aprnov.high_t), "unobserved_aprnov_t": unobserved_aprnov,
        "cargo_year_t": (cargo_year.low_t, cargo_year.high_t),
        "cargo_share_pct": (100 * cargo_year.low_t / run_year.high_t, 100 * cargo_year.high_t / run_year.low_t),
        "runs_less_cargoes_t": (lo_run - cargo_year.high_t, hi_run - cargo_year.low_t),
        "rus_2019_t": rus_2019_t, "rate_2019_t": rate_2019_t,
        "q1_rate_pct": (100 * run_q1.low_t / 3 / rate_2019_t, 100 * run_q1.high_t / 3 / rate_2019_t),
        "q1_russian_share_pct": (100 * rus_q1.low_t / windows["January-March"][0].high_t,
                                 100 * rus_q1.high_t / windows["January-March"][0].low_t),
        "rus_q1_t": (rus_q1.low_t, rus_q1.high_t), "cargo_q1_known_t": cbm.loc[MONTHS_2020[:3], "cargo_known_t"].sum(),
        "us_cargoes_t": us_cargoes_t,
        "us_share_of_runs_pct": (100 * us_cargoes_t / run_year.high_t, 100 * us_cargoes_t / run_year.low_t),
        "q1_russian_origin_share_pct": (min(shares), max(shares)), "rus_cargo_q1_t": rus_cargo_q1_t,
        "rus_cargo_year_t": rus_cargo_year_t, "nonrus_year_t": nonrus_year,
        "nonrus_share_pct": (100 * nonrus_year[0] / run_hi_all, 100 * nonrus_year[1] / run_lo_all),
        "nonrus_known_share_of_runs_pct": (100 * nonrus_known_t / run_hi_all, 100 * nonrus_known_t / run_lo_all),
        "nonrus_known_share_of_2019_pct": 100 * nonrus_known_t / rus_2019_t,
        "customs_by_origin": customs_by_origin, "customs_by_consignor": customs_by_consignor,
        "own_crude_q1_max_t": min(3 * own_per_month_t, own_year_used_t),
        "full_load_month_t": full_load_month_t, "mozyr_year_t": mozyr_year_t, "naftan_year_t": naftan_year_t,
        "own_crude_year_used_t": B("dom-2020-use").value,
        "cargoes_known_n": int(known["cargo_id"].nunique()), "cargoes_unknown_n": int(cargoes.loc[cargoes["volume_status"] == "unknown", "cargo_id"].nunique()),
    }

    # The month-by-month table: each cell keeps its kind; row ids and URLs in the last columns
    plans = {
        "2020-01": ("OIL-030;OIL-031", "Russian, after the halt (TASS source; Belneftekhim)"),
        "2020-02": ("OIL-049;BAL-019", "Safmar 450 kt (100 kt of it by rail); Transneft: no pipeline applications (28 Jan)"),
        "2020-03": ("OIL-052", "all sources, about 1 Mt"),
        "2020-04": ("BAL-020", "Transneft, pipeline, 1-2 Mt"),
        "2020-05": ("OIL-083;OIL-084", "Belneftekhim, 1.13 Mt (1.3 Mt in a second quote)"),
        "2020-06": ("OIL-097;OIL-095", "Belneftekhim 1.1 Mt pipeline and rail; Transneft 1.0 Mt pipeline"),
        "2020-07": ("OIL-106;OIL-105", "Belneftekhim 1.58 Mt (1.495 pipeline + 0.085 rail); Transneft 1.4 Mt"),
        "2020-08": ("BAL-017;BAL-018", "Belneftekhim 1.21 Mt, of which 77 kt by rail"),
        "2020-12": ("OIL-113", "Transneft, about 1.6 Mt"),
    }

    def plan_range(ids):
        values = []
        for rid in ids.split(";"):
            if rid.startswith("OIL"):
                values += [S(rid).volume_tonnes_low, S(rid).volume_tonnes_high]
            elif R(rid).transport != "rail":  # a rail part of a total row is never added to it
                values += [R(rid).value_low, R(rid).value_high]
        values = [v for v in values if pd.notna(v)]
        return min(values), max(values)

    fmt = lambda lo, hi, d=2: f"{lo / MT:.{d}f}" if lo == hi else f"{lo / MT:.{d}f}-{hi / MT:.{d}f}"  # noqa: E731
    g = gaps.set_index("window")
    run_note = {
        "2020-01": f"in the Jan-Feb total of {fmt(*figures['run_janfeb_t'])} (OIL-033); 'about 1 Mt a month' in another statement (BAL-003)",
        "2020-02": "in the Jan-Feb total (see January); minimum load 16-20 kt a day on 4 Feb (BAL-004)",
        "2020-03": f"{fmt(*figures['run_mar_t'])} (Q1 'up to 3 Mt', BAL-001, less Jan-Feb); 'about 1 Mt' (BAL-002)",
        **{m: f"in the Apr-Nov total of {fmt(*figures['run_aprnov_t'], 1)} (Jan-Nov 'more than 14 Mt', OIL-041, less Q1)" for m in MONTHS_2020[3:11]},
        "2020-12": f"{fmt(*figures['run_dec_t'], 1)}: year (BAL-007) less Jan-Nov (OIL-041)",
    }
    export_note = {"2020-01": "suspended 3 Jan, resumed 21 Jan below plan (BAL-031, BAL-032); no tonnage found",
                   **{m: "no tonnage found; Jan-Nov value over US$4 bn (BAL-033)" for m in MONTHS_2020[1:11]},
                   "2020-12": "no figure found"}
    table = []
    for m in MONTHS_2020:
        r = {"month": m}
        if m in rus:
            ids, measure, transport = rus_rows[m]
            r.update(russian_mt=fmt(rus[m].low_t, rus[m].high_t, 3), russian_measure=measure, russian_transport=transport,
                     russian_rows=";".join(ids))
        else:
            r.update(russian_mt="no monthly figure",
                     russian_measure="Jan-Feb together: 0.719 Mt (CDU TEK, OIL-115)" if m == "2020-02" else "",
                     russian_transport="", russian_rows="OIL-115" if m == "2020-02" else "")
        if m in plans:
            r.update(planned_mt=fmt(*plan_range(plans[m][0])), planned_what=plans[m][1], planned_rows=plans[m][0])
        else:
            r.update(planned_mt="no monthly plan found" + (" (Q3: 5.75 Mt by pipeline, OIL-107)" if m == "2020-09" else ""),
                     planned_what="", planned_rows="OIL-107" if m == "2020-09" else "")
        r.update(cargoes_known_mt=round(cbm.loc[m, "cargo_known_t"] / MT, 3),
                 cargoes_russian_mt=round(cbm.loc[m, "cargo_known_russian_t"] / MT, 3),
                 cargoes_known_n=int(cbm.loc[m, "cargo_known_n"]),
                 cargo_ids=cbm.loc[m, "cargo_known_ids"], cargoes_unknown_in_window=cbm.loc[m, "cargo_unknown_ids"],
                 refined_mt=run_note[m])
        if m in ("2020-01", "2020-02"):
            r["gap_arrived_minus_run_mt"] = f"Jan-Feb: {g.loc['January-February', 'gap_low_mt']:.2f} to {g.loc['January-February', 'gap_high_mt']:.2f}"
        elif m == "2020-03":
            r["gap_arrived_minus_run_mt"] = f"{g.loc['March', 'gap_low_mt']:.2f} to {g.loc['March', 'gap_high_mt']:.2f}"
        else:
            r["gap_arrived_minus_run_mt"] = "not computable: runs and arrivals not both observed"
        r["product_exports"] = export_note[m]
        r["unobserved"] = ("stocks about 0.5 Mt on 3 Jan (BAL-026); own crude kept for the refineries (BAL-029)" if m == "2020-01"
                           else "stocks built up, no volume (BAL-027)" if m == "2020-04"
                           else "Naftan under planned maintenance (BAL-034)" if m == "2020-08"
                           else "stocks; own crude; deliveries not reported")
        cited = re.findall(r"(?:OIL|BAL)-\d{3}", " ".join([r["refined_mt"], r["product_exports"], r["unobserved"], r["planned_mt"]]))
        r["other_rows"] = ";".join(dict.fromkeys(cited))
        ids = [i for col in ("russian_rows", "planned_rows") for i in r[col].split(";") if i] + cited
        cargo_urls = set(cargoes.set_index("cargo_id").loc[[c for c in r["cargo_ids"].split(";") if c], "source_url"])
        r["source_urls"] = " ".join(sorted({url(i) for i in ids} | cargo_urls))
        table.append(r)

    bars = []
    for m in MONTHS_2020:
        if m in ("2020-01", "2020-02"):  # the January-February total behind the gap, drawn as a monthly average
            bars.append({"month": m, "series": "Russian crude, Jan-Feb total, monthly average", "mt": rus_janfeb.low_t / 2 / MT,
                         "what": "half of 0.719 Mt delivered in January-February (CDU TEK, OIL-115)", "rows": "OIL-115"})
        elif m in rus:
            bars.append({"month": m, "series": f"Russian crude, {rus_rows[m][2]}", "mt": rus[m].low_t / MT,
                         "what": rus_rows[m][1], "rows": ";".join(rus_rows[m][0])})
        n_rus = len([x for x in cbm.loc[m, "cargo_known_russian_ids"].split(";") if x])
        bars.append({"month": m, "series": "Tanker cargoes of Russian crude", "mt": cbm.loc[m, "cargo_known_russian_t"] / MT,
                     "what": f"{n_rus} cargoes", "rows": cbm.loc[m, "cargo_known_russian_ids"]})
        bars.append({"month": m, "series": "Tanker cargoes of other crude",
                     "mt": (cbm.loc[m, "cargo_known_t"] - cbm.loc[m, "cargo_known_russian_t"]) / MT,
                     "what": f"{int(cbm.loc[m, 'cargo_known_n']) - n_rus} cargoes",
                     "rows": ";".join(x for x in cbm.loc[m, "cargo_known_ids"].split(";")
                                      if x and x not in cbm.loc[m, "cargo_known_russian_ids"].split(";"))})
    runs = pd.DataFrame([
        {"month": m, "low_mt": lo, "high_mt": hi, "label": label}
        for months, lo, hi, label in [
            (MONTHS_2020[:2], run_janfeb.low_t / 2 / MT, run_janfeb.high_t / 2 / MT, "Jan-Feb, monthly average"),
            (["2020-03"], run_mar.low_t / MT, run_mar.high_t / MT, "March (Q1 less Jan-Feb)"),
            (MONTHS_2020[3:11], run_aprnov.low_t / 8 / MT, run_aprnov.high_t / 8 / MT, "Apr-Nov, monthly average"),
            (["2020-12"], run_dec.low_t / MT, run_dec.high_t / MT, "December (year less Jan-Nov)")]
        for m in months])
    return Balance2020(windows=gaps, month_table=pd.DataFrame(table), bars=pd.DataFrame(bars), runs=runs, figures=figures)
