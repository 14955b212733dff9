"""Difference-in-differences on log annual trade: the event study of the 2015-16 sanctions relief.

Two parts. The estimator (pure functions on a *panel*, a long DataFrame with columns ``unit`` (str),
``year`` (int) and ``value`` (float, strictly positive: US$ million for a trade flow, a dimensionless
ratio for a share unit)) and the design (which flows of the IMF Direction of Trade Statistics table
``dots_trade_annual`` are treated and which are comparisons, and the windows). Every estimate is in
**log points** (differences of natural logs; 0.10 log points is +10.5 %, :func:`pct_from_log_points`).

The estimator is the 2x2 difference-in-differences (Card and Krueger 1994; Angrist and Pischke,
*Mostly Harmless Econometrics*, 2009, section 5.2) on logs, several comparison units averaged with
equal weights (on a balanced panel this equals the two-way fixed-effects estimate with one treated
unit and one post dummy)::

    DiD = [mean_{t in post} ln y_T,t - mean_{t in pre} ln y_T,t]
          - (1/|C|) * sum_{c in C} [mean_{t in post} ln y_c,t - mean_{t in pre} ln y_c,t]

With three and four annual points per window there is no honest sampling standard error. The
uncertainty is judged by placebos, the design-based inference of Abadie, Diamond and Hainmueller
(2010): the same statistic at fake event dates before the relief ("in time", Bertrand, Duflo and
Mullainathan 2004) and with other partners as if treated ("in space", a permutation over units).
A placebo p-value is the share of placebo estimates at least as large in absolute value, the actual
estimate counted among them; the one-sided p counts only placebos at least as large and positive, the
direction relief predicts. Nothing is filled: a window with a missing year gives no estimate.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

REQUIRED_COLUMNS = ("unit", "year", "value")
FLOWS = ("exports", "imports", "total")

# ---------------------------------------------------------------- the design
EVENT_YEAR = 2015            # OFAC General License 2 effective 30 Oct 2015; EU suspension in force 31 Oct 2015
PRE_YEARS = (2012, 2013, 2014)
POST_YEARS = (2016, 2017, 2018, 2019)   # the licence held to April 2021; 2020 (COVID, election) is a sensitivity
PLACEBO_EVENT_YEARS = tuple(range(1998, 2011))  # fake events whose shifted windows end by 2014, before the relief
NEIGHBOURS = ("UKR", "RUS", "KAZ")
TARGETS = {"US": "USA", "EU": "EUU"}
# The DOTS "European Union" of the February 2022 extract is the EU27 without the UK (and the extract holds no
# UK-reported series, so the partner's-figures design for the EU is the EU27's); the UK shared the EU's
# 2015-16 decisions, so it is taken out of every "rest of world" as the US and the EU27 are.
NOT_REST_OF_WORLD = ("USA", "EUU", "GBR")
OTHER_PARTNERS_OF_BELARUS = ("RUS", "CHN", "UKR", "KAZ", "TUR", "IND", "JPN", "KOR", "IRN")
# Russia and Ukraine, about three quarters of Belarus's rest-of-world exports: taken out in one comparison, so
# that their own shocks of 2014-15 (sanctions, recession, war) do not drive it
NEIGHBOURS_IN_REST_OF_WORLD = ("RUS", "UKR")
# The rows of sanctions_legal_acts whose years exclude a placebo date: the US designations of the Belneftekhim
# group (Nov 2007, May 2008, Aug 2011: SA-026, SA-028, SA-047) and the US licence of the 2008 thaw (Sept 2008,
# SA-029). A placebo window holding one of their years (:func:`act_years`) spans a change in the measures on the
# very firms the 2015 licence covered, so it is another treatment. This is a judgement, not "no sanctions step":
# the windows left (fake events 1998-2002) still hold the US withdrawal of Belarus's trade preferences (July 2000,
# SA-118), the 1998 entry bans (SA-001 to SA-003) and the 2006 US and EU blocking of officials (SA-015 to SA-018,
# SA-024); and the windows dropped also hold the 2008-09 commodity boom and crash.
TREATMENT_ACT_ROWS = ("SA-026", "SA-028", "SA-029", "SA-047")

# Potash from Belaruskali, which no US measure covered before August 2021, is the candidate outside cause of the
# rise of Belarus's exports to the US. Tonnage: the yearly average of Belarusian potash imported into the US in
# 2017-2021 (press.lv, 18 Dec 2025, citing the US Census Bureau's trade data: origin basis, so comparable with US
# figures for imports from Belarus, not with Belarus's own destination-based exports); price: the lowest and
# highest annual mean of the World Bank Pink Sheet's potassium chloride price (US$/t) in 2017-2019, an assumption
# for the price of Belarusian potash landed in the US. The processed table gas_oil_prices_monthly_pinksheet does
# not carry potash, so the two means are constants read from the mirror file of source wb_pinksheet_monthly,
# github/natatsypora/commodity_price_index/231c716b3319120c35777b76fc28deca11429a59/CMO-Historical-Data-Monthly.xlsx,
# sheet "Monthly Prices", column BJ (code POTASH in BJ7, "Potassium chloride **" in BJ5, "($/mt)" in BJ6): the mean
# of BJ704:BJ715 (2018M01-M12) is 215.5, of BJ716:BJ727 (2019M01-M12) 255.5; 2017 (BJ692:BJ703) is 218.23.
POTASH_TONNES_PER_YEAR_2017_2021 = 635_000
POTASH_USD_PER_TONNE_2017_2019 = (215.5, 255.5)

MAIN_WINDOW = "2015 left out: 2012-14 vs 2016-19"
WINDOWS: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {
    MAIN_WINDOW: (PRE_YEARS, POST_YEARS),
    "2015 counted as before: 2012-15 vs 2016-19": ((*PRE_YEARS, 2015), POST_YEARS),
    "2013-14 vs 2016-19 (drops 2012, the solvents year)": ((2013, 2014), POST_YEARS),
    "2010-14 vs 2016-19 (longer base)": (tuple(range(2010, 2015)), POST_YEARS),
    "2012-14 vs 2016-17 (short run)": (PRE_YEARS, (2016, 2017)),
    "2012-14 vs 2017-19 (leaves out 2016 too)": (PRE_YEARS, (2017, 2018, 2019)),
    "2012-14 vs 2016-20 (adds 2020)": (PRE_YEARS, (*POST_YEARS, 2020)),
}
ALTERNATIVE_WINDOW = "2015 counted as before: 2012-15 vs 2016-19"


class PanelError(ValueError):
    """An input the estimator must not silently accept (missing year, non-positive value, bad windows)."""


# ---------------------------------------------------------------- the estimator
def _check_panel(panel: pd.DataFrame) -> None:
    missing = [c for c in REQUIRED_COLUMNS if c not in panel.columns]
    if missing:
        raise PanelError(f"panel lacks columns {missing}")
    if panel.duplicated(["unit", "year"]).any():
        dup = panel.loc[panel.duplicated(["unit", "year"], keep=False), ["unit", "year"]].head(3)
        raise PanelError(f"panel has duplicate unit-year rows, e.g. {dup.to_dict('records')}")


def _check_windows(pre_years: Sequence[int], post_years: Sequence[int]) -> None:
    if len(pre_years) == 0 or len(post_years) == 0:
        raise PanelError("pre and post windows must each hold at least one year")
    if max(pre_years) >= min(post_years):
        raise PanelError(f"every pre year must come before every post year: {list(pre_years)} / {list(post_years)}")


def unit_log_change(panel: pd.DataFrame, unit: str, pre_years: Sequence[int], post_years: Sequence[int]) -> float:
    """mean_{t in post} ln value - mean_{t in pre} ln value for one unit (log points).

    Raises PanelError when a window year has no value or a value is not strictly positive: the log of
    zero is undefined, and a silently missing year would change the window.
    """
    _check_panel(panel)
    _check_windows(pre_years, post_years)
    s = panel.loc[panel["unit"] == unit].set_index("year")["value"]
    if s.empty:
        raise PanelError(f"unit {unit!r} not in panel")
    need = [*pre_years, *post_years]
    absent = [y for y in need if y not in s.index or pd.isna(s.get(y))]
    if absent:
        raise PanelError(f"unit {unit!r} has no value for years {absent}")
    vals = s.loc[need].astype(float)
    if (vals <= 0).any():
        raise PanelError(f"unit {unit!r} has non-positive values in the windows: {vals[vals <= 0].to_dict()}")
    logs = np.log(vals)
    return float(logs.loc[list(post_years)].mean() - logs.loc[list(pre_years)].mean())


def did_log_points(panel: pd.DataFrame, treated: str, controls: Sequence[str],
                   pre_years: Sequence[int], post_years: Sequence[int]) -> float:
    """2x2 difference-in-differences on logs, controls averaged with equal weights (formula in the module
    docstring). Positive: the treated flow grew faster, or fell less, than the average comparison."""
    controls = list(controls)
    if not controls:
        raise PanelError("at least one comparison unit is needed")
    if treated in controls:
        raise PanelError(f"treated unit {treated!r} is also a comparison")
    change_treated = unit_log_change(panel, treated, pre_years, post_years)
    change_controls = [unit_log_change(panel, c, pre_years, post_years) for c in controls]
    return change_treated - float(np.mean(change_controls))


def pct_from_log_points(log_points: float) -> float:
    """Percentage change implied by a log-point difference: 100 * (exp(d) - 1)."""
    return 100.0 * math.expm1(log_points)


def placebo_in_time(panel: pd.DataFrame, treated: str, controls: Sequence[str], event_years: Iterable[int],
                    pre_years: Sequence[int] = PRE_YEARS, post_years: Sequence[int] = POST_YEARS,
                    event_year: int = EVENT_YEAR) -> pd.DataFrame:
    """The same DiD at fake event years, the real windows shifted by (fake year - event_year), so a
    placebo has the same shape as the estimate (for 2012-14 vs 2016-19 and a fake event in 2006:
    2003-05 vs 2007-10). Columns event_year, did_log_points (NaN where a shifted window lacks data)."""
    rows = []
    for event in event_years:
        shift = int(event) - event_year
        pre, post = [y + shift for y in pre_years], [y + shift for y in post_years]
        try:
            estimate = did_log_points(panel, treated, controls, pre, post)
        except PanelError:
            estimate = float("nan")
        rows.append({"event_year": int(event), "did_log_points": estimate})
    return pd.DataFrame(rows, columns=["event_year", "did_log_points"])


def placebo_p_value(actual: float, placebos: Sequence[float]) -> float:
    """Two-sided rank p-value: (1 + #{|placebo| >= |actual|}) / (1 + #placebos), NaNs dropped.

    The actual estimate counts among the draws, so p is never 0; with n placebos the smallest p is 1/(n+1).
    """
    usable = [x for x in placebos if x is not None and not math.isnan(x)]
    if not usable:
        raise PanelError("no usable placebo estimates")
    return (1 + sum(abs(x) >= abs(actual) for x in usable)) / (1 + len(usable))


def one_sided_p_value(actual: float, placebos: Sequence[float]) -> float:
    """One-sided rank p-value in the direction relief predicts, upwards, whatever the estimate's sign:
    (1 + #{placebo >= actual}) / (1 + n); NaNs dropped, the smallest p is 1/(n+1), a negative estimate gets a
    large p. Weak test: when the placebos drift below zero (a pre-trend), a small positive estimate already
    reaches the floor, so a small p says the estimate is above the placebos, not that it is an effect."""
    usable = [x for x in placebos if x is not None and not math.isnan(x)]
    if not usable:
        raise PanelError("no usable placebo estimates")
    return (1 + sum(x >= actual for x in usable)) / (1 + len(usable))


def shifted_window_years(event_year: int, pre_years: Sequence[int] = PRE_YEARS,
                         post_years: Sequence[int] = POST_YEARS) -> tuple[int, ...]:
    """The years a placebo at ``event_year`` uses: the real windows shifted by (event_year - EVENT_YEAR)."""
    shift = int(event_year) - EVENT_YEAR
    return tuple(y + shift for y in (*pre_years, *post_years))


def act_years(acts: pd.DataFrame, row_ids: Iterable[str] = TREATMENT_ACT_ROWS) -> tuple[int, ...]:
    """The calendar years (sorted, distinct) of the named rows of sanctions_legal_acts (columns act_row_id and
    date, ISO year first); PanelError if a row is missing."""
    dated = acts.set_index("act_row_id")["date"]
    missing = [row for row in row_ids if row not in dated.index]
    if missing:
        raise PanelError(f"sanctions_legal_acts has no rows {missing}")
    return tuple(sorted({int(str(dated[row])[:4]) for row in row_ids}))


def clean_placebo_years(candidates: Iterable[int], treatment_years: Iterable[int],
                        pre_years: Sequence[int] = PRE_YEARS, post_years: Sequence[int] = POST_YEARS) -> tuple[int, ...]:
    """The fake event years whose shifted windows hold none of ``treatment_years`` (Abadie, Diamond and
    Hainmueller 2010 drop placebos that had an intervention of their own); the years come from the acts table
    through :func:`act_years`. Only those years are checked: a window may hold other steps (TREATMENT_ACT_ROWS)."""
    treated = set(treatment_years)
    return tuple(int(e) for e in candidates if not treated & set(shifted_window_years(e, pre_years, post_years)))


def change_split(units: pd.DataFrame, treated: str, controls: Sequence[str], flow: str,
                 pre_years: Sequence[int], after_years: Sequence[int]) -> dict[str, float]:
    """The gap of a DiD split in its two parts (log points): ``treated`` = mean ln over after_years - mean ln
    over pre_years of the treated flow; ``comparison`` = the same for the controls, averaged; ``gap`` = the
    difference. With after_years = [2015] it shows whether a 2015 gap came from the treated flow or the comparison."""
    panel = panel_for(units, [treated, *controls], flow)
    own = unit_log_change(panel, treated, pre_years, after_years)
    comparison = float(np.mean([unit_log_change(panel, c, pre_years, after_years) for c in controls]))
    return {"treated": own, "comparison": comparison, "gap": own - comparison}


def tonnes_value_usd_m(tonnes: float, usd_per_tonne: float) -> float:
    """Value of a tonnage at a price, US$ million: tonnes * US$/t / 1e6."""
    if tonnes < 0 or usd_per_tonne <= 0:
        raise PanelError(f"tonnes must be >= 0 and the price > 0, got {tonnes} t at US${usd_per_tonne}/t")
    return tonnes * usd_per_tonne / 1e6


def placebo_in_space(panel: pd.DataFrame, treated: str, controls: Sequence[str],
                     pre_years: Sequence[int], post_years: Sequence[int]) -> pd.DataFrame:
    """Permutation over units: the treated unit against all controls, then each control in turn as if
    treated, against the other controls (the treated unit never enters). Columns unit, did_log_points,
    is_treated, rank_abs (1 = largest |estimate|); the treated row first."""
    controls = list(controls)
    if len(controls) < 2:
        raise PanelError("placebo in space needs at least two comparison units")
    rows = [{"unit": treated, "did_log_points": did_log_points(panel, treated, controls, pre_years, post_years),
             "is_treated": True}]
    for c in controls:
        others = [x for x in controls if x != c]
        rows.append({"unit": c, "did_log_points": did_log_points(panel, c, others, pre_years, post_years),
                     "is_treated": False})
    out = pd.DataFrame(rows)
    out["rank_abs"] = out["did_log_points"].abs().rank(ascending=False, method="min").astype(int)
    return out


def permutation_p_value(space: pd.DataFrame) -> float:
    """Share of all units (treated included) whose |estimate| is at least the treated one's."""
    actual = abs(float(space.loc[space["is_treated"], "did_log_points"].iloc[0]))
    return float((space["did_log_points"].abs() >= actual).sum() / len(space))


# ---------------------------------------------------------------- series from dots_trade_annual
def _flows(dots: pd.DataFrame, reporter: str, partner: str) -> pd.DataFrame:
    """year x {exports, imports} of one reporter's own figures with one partner (US$ million)."""
    s = dots[(dots["reporter_iso3"] == reporter) & (dots["partner_iso3"] == partner)]
    return s.pivot(index="year", columns="flow", values="value_usd_m").reindex(columns=["exports", "imports"])


def _with_total(wide: pd.DataFrame) -> pd.DataFrame:
    return wide.assign(total=wide["exports"] + wide["imports"])


def rest_of_world(dots: pd.DataFrame, reporter: str) -> pd.DataFrame:
    """World less the US, the EU27 and the UK, by flow, in the reporter's own figures (US$ million).
    A year in which any piece is missing is NaN, never a partial sum."""
    wide = _flows(dots, reporter, "WLD")
    for partner in NOT_REST_OF_WORLD:
        if partner != reporter:
            wide = wide - _flows(dots, reporter, partner).reindex(wide.index)
    return wide


def mirror(dots: pd.DataFrame, partner_reporter: str, of: str) -> pd.DataFrame:
    """The partner's own figures for its trade with ``of``, named from ``of``'s side: the partner's imports
    from ``of`` are ``of``'s exports (partner imports are CIF and by origin, so they differ from ``of``'s FOB)."""
    return _flows(dots, partner_reporter, of).rename(columns={"imports": "exports", "exports": "imports"})


def trade_units(dots: pd.DataFrame) -> pd.DataFrame:
    """Every series the design uses, long: unit, flow (exports, imports, total, from the first-named
    country's side), year, value, value_unit. Names: ``BLR-USA`` Belarus's own figures with the US;
    ``BLR-ROW`` Belarus with the world less the US, EU27 and UK; ``BLR-ROW less RUS, UKR`` that less Russia
    and Ukraine; ``BLR-EU27+GBR`` Belarus with the EU27 and the UK together; ``BLR-USA (mirror)`` the US's figures;
    ``BLR-USA / BLR-ROW`` the US's share of Belarus's rest-of-world trade (a ratio)."""
    wide: dict[str, pd.DataFrame] = {}
    for p in ("USA", "EUU", "GBR", "WLD", *OTHER_PARTNERS_OF_BELARUS):
        wide[f"BLR-{p}"] = _with_total(_flows(dots, "BLR", p))
    wide["BLR-ROW"] = _with_total(rest_of_world(dots, "BLR"))
    wide["BLR-EU27+GBR"] = wide["BLR-EUU"] + wide["BLR-GBR"]
    neighbours = [_with_total(_flows(dots, "BLR", p)).reindex(wide["BLR-ROW"].index) for p in NEIGHBOURS_IN_REST_OF_WORLD]
    wide["BLR-ROW less RUS, UKR"] = wide["BLR-ROW"] - sum(neighbours)
    for n in NEIGHBOURS:
        for p in TARGETS.values():
            wide[f"{n}-{p}"] = _with_total(_flows(dots, n, p))
        wide[f"{n}-ROW"] = _with_total(rest_of_world(dots, n))
    for p in TARGETS.values():
        for n in ("BLR", *NEIGHBOURS):
            wide[f"{n}-{p} (mirror)"] = _with_total(mirror(dots, p, n))
    for p in ("RUS", "CHN"):
        wide[f"BLR-{p} (mirror)"] = _with_total(mirror(dots, p, "BLR"))
    ratios = {f"{n}-{p} / {n}-ROW": wide[f"{n}-{p}"] / wide[f"{n}-ROW"]
              for n in ("BLR", *NEIGHBOURS) for p in TARGETS.values()}
    frames = []
    for kind, group in (("US$ million", wide), ("ratio", ratios)):
        for name, w in group.items():
            long = w.rename_axis("year").reset_index().melt(id_vars="year", var_name="flow", value_name="value")
            frames.append(long.dropna(subset=["value"]).assign(unit=name, value_unit=kind))
    out = pd.concat(frames, ignore_index=True)[["unit", "flow", "year", "value", "value_unit"]]
    out["year"] = out["year"].astype(int)
    return out.sort_values(["unit", "flow", "year"], ignore_index=True)


def panel_for(units: pd.DataFrame, names: Sequence[str], flow: str) -> pd.DataFrame:
    """The panel (unit, year, value) of the named units for one flow."""
    missing = sorted(set(names) - set(units["unit"]))
    if missing:
        raise PanelError(f"no series named {missing}")
    return units[units["unit"].isin(list(names)) & (units["flow"] == flow)][["unit", "year", "value"]]


def comparison_specs() -> list[dict]:
    """Treated flow x comparison group x whose figures. ``headline`` marks the primary designs: Belarus's
    own figures against its rest of world (a), for the EU both with the EU27 and with the EU27 and the UK
    treated (the book's DOTS extract holds no UK-reported series, so the partner's figures are the EU27's), and the partner's
    own figures against the partner's trade with Ukraine, Russia and Kazakhstan (c)."""
    rows = []
    for label, p in TARGETS.items():
        if label == "EU":  # the UK shared the EU's 2015-16 decisions: the EU27 and the UK together as the treated unit
            rows.append(dict(target=label, figures="Belarus's, EU27 + UK",
                             comparison="(a) Belarus's rest of world, the EU27 and the UK treated",
                             treated="BLR-EU27+GBR", controls=("BLR-ROW",), headline=True))
        rows += [
            dict(target=label, figures="Belarus's", comparison="(a) Belarus's rest of world",
                 treated=f"BLR-{p}", controls=("BLR-ROW",), headline=True),
            dict(target=label, figures="Belarus's", comparison="(a) Belarus's rest of world less Russia and Ukraine",
                 treated=f"BLR-{p}", controls=("BLR-ROW less RUS, UKR",), headline=False),
            dict(target=label, figures="Belarus's", comparison="(a) Belarus with Russia",
                 treated=f"BLR-{p}", controls=("BLR-RUS",), headline=False),
            dict(target=label, figures="Belarus's", comparison="(a) Belarus with China",
                 treated=f"BLR-{p}", controls=("BLR-CHN",), headline=False),
            dict(target=label, figures="each reporter's own",
                 comparison=f"(b) Ukraine, Russia, Kazakhstan with the {label}",
                 treated=f"BLR-{p}", controls=tuple(f"{n}-{p}" for n in NEIGHBOURS), headline=False),
            dict(target=label, figures="each reporter's own", comparison=f"(b) Kazakhstan with the {label}",
                 treated=f"BLR-{p}", controls=(f"KAZ-{p}",), headline=False),
            dict(target=label, figures="each reporter's own (shares)",
                 comparison=f"(a+b) the {label}'s share of rest-of-world trade, vs Ukraine, Russia, Kazakhstan",
                 treated=f"BLR-{p} / BLR-ROW", controls=tuple(f"{n}-{p} / {n}-ROW" for n in NEIGHBOURS),
                 headline=False),
            dict(target=label, figures=f"the {label}'s",
                 comparison=f"(c) the {label}'s trade with Ukraine, Russia, Kazakhstan",
                 treated=f"BLR-{p} (mirror)", controls=tuple(f"{n}-{p} (mirror)" for n in NEIGHBOURS),
                 headline=True),
            dict(target=label, figures="each partner's own",
                 comparison=f"(c) Russia's and China's figures for Belarus",
                 treated=f"BLR-{p} (mirror)", controls=("BLR-RUS (mirror)", "BLR-CHN (mirror)"), headline=False),
        ]
    return rows


def sensitivity_table(units: pd.DataFrame, specs: Sequence[dict] | None = None,
                      windows: dict[str, tuple[Sequence[int], Sequence[int]]] | None = None,
                      flows: Sequence[str] = FLOWS) -> pd.DataFrame:
    """One DiD per comparison x flow x window: target, figures, comparison, treated, controls, headline,
    flow, window, did_log_points, did_pct (NaN, never filled, where a window lacks a year)."""
    specs = comparison_specs() if specs is None else specs
    windows = WINDOWS if windows is None else windows
    rows = []
    for spec in specs:
        for flow in flows:
            panel = panel_for(units, [spec["treated"], *spec["controls"]], flow)
            for name, (pre, post) in windows.items():
                try:
                    estimate = did_log_points(panel, spec["treated"], spec["controls"], pre, post)
                except PanelError:
                    estimate = float("nan")
                rows.append({**spec, "controls": "; ".join(spec["controls"]), "flow": flow, "window": name,
                             "did_log_points": estimate,
                             "did_pct": pct_from_log_points(estimate) if not math.isnan(estimate) else estimate})
    return pd.DataFrame(rows)


def with_placebo_p(table: pd.DataFrame, units: pd.DataFrame, window: str = MAIN_WINDOW,
                   event_years: Sequence[int] = PLACEBO_EVENT_YEARS) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Placebo-in-time p-values for every row of ``table`` in ``window`` (windows of the same shape at the
    fake event years). Returns (those rows with placebo_n, placebo_abs_median, placebo_p, placebo_p_one_sided;
    the placebo estimates)."""
    if window not in WINDOWS:
        raise PanelError(f"unknown window {window!r}")
    pre, post = WINDOWS[window]
    rows, draws = [], []
    for _, r in table[table["window"] == window].iterrows():
        controls = r["controls"].split("; ")
        panel = panel_for(units, [r["treated"], *controls], r["flow"])
        fake = placebo_in_time(panel, r["treated"], controls, event_years, pre, post)
        draws.append(fake.assign(treated=r["treated"], controls=r["controls"], flow=r["flow"], target=r["target"],
                                 comparison=r["comparison"]))
        usable = fake["did_log_points"].dropna()
        p = placebo_p_value(r["did_log_points"], usable.tolist()) if len(usable) else float("nan")
        one_sided = one_sided_p_value(r["did_log_points"], usable.tolist()) if len(usable) else float("nan")
        rows.append({**r.to_dict(), "placebo_n": len(usable),
                     "placebo_abs_median": usable.abs().median() if len(usable) else float("nan"), "placebo_p": p,
                     "placebo_p_one_sided": one_sided})
    return pd.DataFrame(rows), pd.concat(draws, ignore_index=True)


def relative_gap(units: pd.DataFrame, treated: str, controls: Sequence[str], flow: str,
                 base_years: Sequence[int] = PRE_YEARS, years: Iterable[int] = range(1995, 2021)) -> pd.Series:
    """ln(treated) - mean ln(controls), year by year, less its mean over base_years (log points).
    NaN where any series lacks the year (never filled); the index is the year."""
    wide = panel_for(units, [treated, *controls], flow).pivot(index="year", columns="unit", values="value")
    wide = wide.reindex(index=list(years), columns=[treated, *controls])
    logs = np.log(wide.where(wide > 0))
    gap = logs[treated] - logs[list(controls)].mean(axis=1, skipna=False)
    base = gap.reindex(list(base_years))
    if base.isna().any():
        raise PanelError(f"the base years {list(base_years)} lack data for {treated} or its comparisons")
    return (gap - base.mean()).rename("gap_log_points")


def window_mean(units: pd.DataFrame, unit: str, flow: str, years: Sequence[int]) -> float:
    """Arithmetic mean of a series over years (its own unit); PanelError if a year is missing."""
    s = panel_for(units, [unit], flow).set_index("year")["value"]
    absent = [y for y in years if y not in s.index]
    if absent:
        raise PanelError(f"{unit} {flow} has no value for {absent}")
    return float(s.loc[list(years)].mean())


def share_pct(units: pd.DataFrame, unit: str, of: str, flow: str, years: Sequence[int]) -> float:
    """Mean over years of 100 * unit / of (e.g. the US's share of Belarus's goods trade, in %)."""
    num = panel_for(units, [unit], flow).set_index("year")["value"]
    den = panel_for(units, [of], flow).set_index("year")["value"]
    absent = [y for y in years if y not in num.index or y not in den.index]
    if absent:
        raise PanelError(f"{unit} or {of} has no {flow} value for {absent}")
    return float((100 * num.loc[list(years)] / den.loc[list(years)]).mean())
