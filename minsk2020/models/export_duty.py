"""Russia's crude-oil export duty, 2015-2024, and the implicit oil subsidy to Belarus.

Belarus, in a customs union with Russia, bought Russian crude without Russia's export duty. The duty not paid is
the discount the "tax manoeuvre" of 2019-2024 took away. This module rebuilds the duty from its statutory formula
and turns it into a subsidy per year. Every parameter is a row of the curated table
``russia_crude_duty_formula_parameters`` (its ``basis`` column says which were stated on a page and which were
inferred from published rates); ``tests/test_models_export_duty.py`` checks that the constants below equal the
table and that the formula reproduces the published monthly rates of ``russia_crude_export_duty_monthly``.

The formula (Government Decree No. 276 of 29 March 2013, under art. 3.1 of the Law "On the Customs Tariff"), with
P the Urals average of the monitoring period in US$ per tonne::

    P <= 109.5            : 0
    109.5 < P <= 146      : 0.35 * (P - 109.5)
    146   < P <= 182.5    : 12.78 + 0.45 * (P - 146)
    P > 182.5             : 29.2 + k * (P - 182.5)

times the phase-out coefficient Kc from 2019. k (top-band rate): 0.42 in 2015 and 2016, 0.30 from 2017 (Rosneft,
Annual Report 2015, which also states the 29.2). Kc: 0.833, 0.667, 0.5, 0.333, 0.167, 0 in 2019-2024 (the 30% rate
cut by 5 points a year, Reuters 6 June 2018; to three decimals, the values that reproduce the published rates).
The Finance Ministry cuts the result down to US$0.1 and converts Urals at 7.3 barrels a tonne, rounded to US$0.1
(both inferred from the published pairs of figures).

Units are in the names: ``_usd_per_tonne``, ``_usd_per_bbl``, ``_mt`` (million tonnes), ``_usd_million``.
Pure functions: frames in, frames out; nothing here reads files or draws.
"""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pandas as pd

from minsk2020.models._checks import finite_nonneg

BARRELS_PER_TONNE_URALS = 7.3  # the Finance Ministry's conversion for Urals (not bp's 7.33 of minsk2020.units)
FIRST_YEAR, LAST_YEAR = 2015, 2024
BAND_1_UPPER_USD_PER_TONNE = 109.5
BAND_2_UPPER_USD_PER_TONNE = 146.0
BAND_3_UPPER_USD_PER_TONNE = 182.5
BAND_2_RATE, BAND_3_RATE = 0.35, 0.45
BAND_3_CONSTANT_USD_PER_TONNE = 12.78
BAND_4_CONSTANT_USD_PER_TONNE = 29.2
TOP_RATE_BY_YEAR = {2015: 0.42, 2016: 0.42}  # 2017 onwards: TOP_RATE_FROM_2017
TOP_RATE_FROM_2017 = 0.30
KC_BY_YEAR = {2019: 0.833, 2020: 0.667, 2021: 0.5, 2022: 0.333, 2023: 0.167, 2024: 0.0}
# The first duty month whose monitoring window (15 Feb - 14 Mar 2022) follows Russia's invasion of Ukraine: Urals
# then traded at a discount to Brent an order of magnitude wider than before, so the discount is anchored apart.
SANCTIONS_BREAK_MONTH = "2022-04"
# Which annual volume stands for "Russian crude delivered to Belarus duty-free", best first (measure column of
# russia_crude_deliveries_belarus_annual); an expectation is used only where no outturn exists and is flagged.
VOLUME_MEASURES = ("duty_free_delivered", "delivered", "expected")


def _check_year_month(year: int, month: int) -> None:
    if not isinstance(year, int) or isinstance(year, bool) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"year {year!r} outside the modelled span {FIRST_YEAR}-{LAST_YEAR}")
    if not isinstance(month, int) or isinstance(month, bool) or not 1 <= month <= 12:
        raise ValueError(f"month {month!r} is not 1-12")


def top_band_rate(year: int) -> float:
    """Marginal rate k on the Urals price above US$182.5 a tonne in ``year`` (a share)."""
    _check_year_month(year, 1)
    return TOP_RATE_BY_YEAR.get(year, TOP_RATE_FROM_2017)


def phase_out_coefficient_kc(year: int) -> float:
    """Kc multiplying the duty formula: 1 before 2019, then 0.833 ... 0 (a share)."""
    _check_year_month(year, 1)
    return KC_BY_YEAR.get(year, 1.0)


def duty_before_truncation_usd_per_tonne(urals_usd_per_tonne: float, year: int, month: int = 1) -> float:
    """The statutory duty (formula above, times Kc), US$ per tonne, before the ministry cuts it to US$0.1."""
    _check_year_month(year, month)
    p = finite_nonneg("Urals price (US$ per tonne)", urals_usd_per_tonne)
    if p <= BAND_1_UPPER_USD_PER_TONNE:
        base = 0.0
    elif p <= BAND_2_UPPER_USD_PER_TONNE:
        base = BAND_2_RATE * (p - BAND_1_UPPER_USD_PER_TONNE)
    elif p <= BAND_3_UPPER_USD_PER_TONNE:
        base = BAND_3_CONSTANT_USD_PER_TONNE + BAND_3_RATE * (p - BAND_2_UPPER_USD_PER_TONNE)
    else:
        base = BAND_4_CONSTANT_USD_PER_TONNE + top_band_rate(year) * (p - BAND_3_UPPER_USD_PER_TONNE)
    return base * phase_out_coefficient_kc(year)


def duty_usd_per_tonne(urals_usd_per_tonne: float, year: int, month: int = 1, truncate: bool = True) -> float:
    """Russia's export duty on crude oil in force in (year, month), US$ per tonne.

    ``urals_usd_per_tonne`` is the Urals average of the monitoring window (:func:`monitoring_window`). With
    ``truncate`` the result is cut down to US$0.1, as the published rates are."""
    raw = duty_before_truncation_usd_per_tonne(urals_usd_per_tonne, year, month)
    return math.floor(raw * 10 + 1e-6) / 10 if truncate else raw


def duty_without_manoeuvre_usd_per_tonne(urals_usd_per_tonne: float, year: int, month: int = 1) -> float:
    """Counterfactual: the 2017-2018 formula (k = 0.30, Kc = 1) in a 2019-2024 month, US$ per tonne (untruncated)."""
    _check_year_month(year, month)
    return duty_before_truncation_usd_per_tonne(urals_usd_per_tonne, 2018 if year >= 2019 else year, month)


def coefficient_step_usd_per_tonne(duty_no_manoeuvre_usd_per_tonne: float, from_year: int, to_year: int) -> float:
    """What one step of the phase-out took off the duty, US$ a tonne, at a given duty base (the formula's result
    without the coefficient): base x (Kc(from_year) - Kc(to_year)). E.g. February 2020's base of 117.7 x
    (0.833 - 0.667) = 19.5, the step as it looked when the 2020 coefficient came in (Kc: Reuters, 6 June 2018)."""
    base = finite_nonneg("duty_no_manoeuvre_usd_per_tonne", duty_no_manoeuvre_usd_per_tonne)
    return base * (phase_out_coefficient_kc(from_year) - phase_out_coefficient_kc(to_year))


def urals_usd_per_tonne_from_bbl(urals_usd_per_bbl: float) -> float:
    """US$ a barrel -> US$ a tonne at the ministry's 7.3 barrels a tonne, rounded to US$0.1 as it publishes
    (May 2021: 61.896 x 7.3 = 451.84 -> 451.8, which gives the published 54.9; 451.84 would give 55.0)."""
    return round(finite_nonneg("Urals price (US$ per barrel)", urals_usd_per_bbl) * BARRELS_PER_TONNE_URALS, 1)


def urals_from_brent_usd_per_bbl(brent_usd_per_bbl: float, urals_discount_usd_per_bbl: float) -> float:
    """Urals proxy = Brent - discount (an assumption, anchored by :func:`urals_discount_anchors`), floored at 0."""
    b, d = float(brent_usd_per_bbl), float(urals_discount_usd_per_bbl)
    if math.isnan(b) or math.isnan(d):
        raise ValueError("NaN price or discount")
    return max(b - d, 0.0)


def monitoring_window(year: int, month: int) -> tuple[date, date]:
    """Monitoring window of the duty in force in (year, month): 15th of the month before last to the 14th of the
    month before (Finance Ministry releases, e.g. 15 Oct - 14 Nov 2019 for December 2019)."""
    _check_year_month(year, month)
    m2 = (year * 12 + month - 1) - 2
    m1 = m2 + 1
    return date(m2 // 12, m2 % 12 + 1, 15), date(m1 // 12, m1 % 12 + 1, 14)


def implicit_subsidy_usd_million(duty_usd_per_tonne_mean: float, deliveries_mt: float) -> float:
    """Duty Belarus did not pay: mean duty (US$ a tonne) x Russian crude delivered duty-free (Mt) = US$ million."""
    return finite_nonneg("mean duty", duty_usd_per_tonne_mean) * finite_nonneg("deliveries", deliveries_mt)


# ------------------------------------------------------------------------------------------- series by month, year

def brent_window_mean_usd_per_bbl(brent_daily: pd.DataFrame, year: int, month: int) -> float:
    """Mean of daily Brent (columns ``date``, ``brent_usd_per_bbl``) over the monitoring window of (year, month)."""
    start, end = monitoring_window(year, month)
    dates = pd.to_datetime(brent_daily["date"])
    sel = brent_daily.loc[(dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end)), "brent_usd_per_bbl"]
    if sel.empty:
        raise ValueError(f"no Brent prices in the window {start} - {end}")
    return float(sel.mean())


def _era(month_key: str) -> str:
    return "before" if month_key < SANCTIONS_BREAK_MONTH else "after"


def _year_month(month_key: str) -> tuple[int, int]:
    return int(month_key[:4]), int(month_key[5:7])


def published_urals_usd_per_tonne(published: pd.DataFrame) -> pd.Series:
    """Urals of each published month in US$ a tonne: the page's tonne figure, else its barrel figure x 7.3.
    Index: ``effective_month``; months without a Urals figure are left out."""
    t = pd.to_numeric(published["urals_usd_per_tonne"], errors="coerce")
    b = pd.to_numeric(published["urals_usd_per_bbl"], errors="coerce")
    from_bbl = b.map(lambda x: urals_usd_per_tonne_from_bbl(x) if pd.notna(x) else float("nan"))
    out = t.where(t.notna(), from_bbl)
    out.index = published["effective_month"]
    return out.dropna()


def formula_check(published: pd.DataFrame) -> pd.DataFrame:
    """Each published month with a Urals price: the published rate, the formula's rate and the miss (US$ a tonne)."""
    urals = published_urals_usd_per_tonne(published)
    rate = published.set_index("effective_month")["duty_usd_per_tonne"]
    rows = [{"effective_month": m, "urals_usd_per_tonne": p, "published_usd_per_tonne": float(rate[m]),
             "formula_usd_per_tonne": duty_usd_per_tonne(p, *_year_month(m))} for m, p in urals.items()]
    out = pd.DataFrame(rows)
    out["miss_usd_per_tonne"] = (out["formula_usd_per_tonne"] - out["published_usd_per_tonne"]).round(2)
    return out


def urals_discount_anchors(published: pd.DataFrame, brent_daily: pd.DataFrame) -> pd.DataFrame:
    """Brent minus Urals (US$ a barrel) over the same window, for each published month that gives Urals in US$ a
    barrel; ``era`` is before or after the April 2022 break."""
    rows = []
    for _, r in published[pd.to_numeric(published["urals_usd_per_bbl"], errors="coerce").notna()].iterrows():
        y, m = _year_month(r["effective_month"])
        brent = brent_window_mean_usd_per_bbl(brent_daily, y, m)
        rows.append({"effective_month": r["effective_month"], "era": _era(r["effective_month"]),
                     "brent_usd_per_bbl": brent, "urals_usd_per_bbl": float(r["urals_usd_per_bbl"]),
                     "discount_usd_per_bbl": brent - float(r["urals_usd_per_bbl"])})
    return pd.DataFrame(rows)


def discount_range_usd_per_bbl(anchors: pd.DataFrame) -> dict[str, tuple[float, float, float]]:
    """Per era: (lowest, median, highest) Brent-Urals discount of the anchor months, US$ a barrel."""
    out = {}
    for era, group in anchors.groupby("era"):
        d = group["discount_usd_per_bbl"]
        out[era] = (float(d.min()), float(d.median()), float(d.max()))
    if set(out) != {"before", "after"}:
        raise ValueError(f"need anchor months before and after {SANCTIONS_BREAK_MONTH}, found {sorted(out)}")
    return out


def interpolated_discount_usd_per_bbl(anchors: pd.DataFrame, month_key: str) -> float:
    """The Brent-Urals discount of a month after the April 2022 break, US$ a barrel, interpolated linearly in time
    between the anchor months of that era (held flat before the first and after the last): the post-invasion
    discount narrowed from about $35 in 2022 to about $10 by late 2023, so one median would bias 2023."""
    a = anchors[anchors["era"] == "after"].copy()
    if a.empty:
        raise ValueError("no anchor months after the break")
    a["t"] = [_year_month(m)[0] * 12 + _year_month(m)[1] for m in a["effective_month"]]
    a = a.groupby("t")["discount_usd_per_bbl"].mean().sort_index()
    y, m = _year_month(month_key)
    return float(np.interp(y * 12 + m, a.index.to_numpy(dtype=float), a.to_numpy(dtype=float)))


def monthly_duty(published: pd.DataFrame, brent_daily: pd.DataFrame,
                 discounts: dict[str, tuple[float, float, float]], anchors: pd.DataFrame | None = None) -> pd.DataFrame:
    """The duty of every month 2015-2024, US$ a tonne: the published rate where one is stored, else the formula on
    Brent less the Urals discount (central = median discount before the April 2022 break and, with ``anchors``,
    the discount interpolated in time after it (:func:`interpolated_discount_usd_per_bbl`); low and high from the
    widest and narrowest discount of the era). ``duty_no_manoeuvre`` is the same month without the 2019-2024 coefficient (published / Kc, or the
    formula with Kc = 1 where Kc is 0)."""
    rate = published.set_index("effective_month")["duty_usd_per_tonne"]
    rows = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for month in range(1, 13):
            key = f"{year}-{month:02d}"
            lo_d, mid_d, hi_d = discounts[_era(key)]
            if anchors is not None and _era(key) == "after":
                mid_d = interpolated_discount_usd_per_bbl(anchors, key)
            brent = brent_window_mean_usd_per_bbl(brent_daily, year, month)
            urals = {k: urals_usd_per_tonne_from_bbl(urals_from_brent_usd_per_bbl(brent, d))
                     for k, d in (("low", hi_d), ("central", mid_d), ("high", lo_d))}
            model = {k: duty_usd_per_tonne(u, year, month) for k, u in urals.items()}
            if key in rate.index:
                low = central = high = float(rate[key])
                basis = "published"
            else:
                low, central, high, basis = model["low"], model["central"], model["high"], "modelled"
            kc = phase_out_coefficient_kc(year)
            no_manoeuvre = (central / kc if kc > 0
                            else duty_without_manoeuvre_usd_per_tonne(urals["central"], year, month))
            rows.append({"month": key, "year": year, "brent_window_usd_per_bbl": brent, "basis": basis,
                         "duty_low_usd_per_tonne": low, "duty_usd_per_tonne": central, "duty_high_usd_per_tonne": high,
                         "duty_modelled_usd_per_tonne": model["central"], "duty_no_manoeuvre_usd_per_tonne": no_manoeuvre})
    return pd.DataFrame(rows)


def annual_duty(monthly: pd.DataFrame) -> pd.DataFrame:
    """Mean duty by year (US$ a tonne; each month weighs the same), its range, the months published, and the
    cut the manoeuvre made (mean without the coefficient minus mean charged)."""
    out = monthly.groupby("year").agg(
        duty_low_usd_per_tonne=("duty_low_usd_per_tonne", "mean"),
        duty_usd_per_tonne=("duty_usd_per_tonne", "mean"),
        duty_high_usd_per_tonne=("duty_high_usd_per_tonne", "mean"),
        duty_no_manoeuvre_usd_per_tonne=("duty_no_manoeuvre_usd_per_tonne", "mean"),
        published_months=("basis", lambda s: int((s == "published").sum())),
    )
    out["manoeuvre_cut_usd_per_tonne"] = out["duty_no_manoeuvre_usd_per_tonne"] - out["duty_usd_per_tonne"]
    return out


def annual_volumes_mt(deliveries: pd.DataFrame) -> pd.DataFrame:
    """One volume a year from ``russia_crude_deliveries_belarus_annual``: the first of VOLUME_MEASURES stated for
    that year (an expectation only where no outturn exists). Columns: year, deliveries_mt, volume_measure."""
    rows = []
    for year, group in deliveries.groupby("year"):
        for measure in VOLUME_MEASURES:
            hit = group[group["measure"] == measure]
            if len(hit):
                vols = pd.to_numeric(hit["volume_mt"]).unique()
                if len(vols) > 1:
                    raise ValueError(f"{year}: sources disagree on the {measure} volume: {sorted(vols)}")
                rows.append({"year": int(year), "deliveries_mt": float(vols[0]), "volume_measure": measure})
                break
    return pd.DataFrame(rows)


def subsidy_by_year(annual: pd.DataFrame, volumes: pd.DataFrame) -> pd.DataFrame:
    """Implicit oil subsidy by year, US$ million = mean duty x volume, with its low-high range from the Urals
    discount, the cut made by the manoeuvre in money, and US$ million per million tonnes for every year (the only
    figure for years without a stated volume)."""
    out = annual.join(volumes.set_index("year"), how="left")
    for col, src in (("subsidy_usd_million", "duty_usd_per_tonne"), ("subsidy_low_usd_million", "duty_low_usd_per_tonne"),
                     ("subsidy_high_usd_million", "duty_high_usd_per_tonne"),
                     ("manoeuvre_cost_usd_million", "manoeuvre_cut_usd_per_tonne")):
        out[col] = [implicit_subsidy_usd_million(d, v) if pd.notna(v) else float("nan")
                    for d, v in zip(out[src], out["deliveries_mt"])]
    out.loc[out.index < 2019, "manoeuvre_cost_usd_million"] = float("nan")
    out["usd_million_per_mt"] = out["duty_usd_per_tonne"]  # US$ a tonne x 1 Mt = US$ million
    return out.reset_index()


def price_and_policy_split(annual: pd.DataFrame, from_year: int, to_year: int) -> dict[str, float]:
    """Split the change in the mean duty between two years (US$ a tonne) into a price part and a policy part, in
    both orders, since the split of a product depends on the order. With N the duty without the manoeuvre (Kc = 1)
    and the formula proportional to Kc:

    * prices first: price = N_to x Kc_from - d_from; policy = d_to - N_to x Kc_from (the step at the new prices);
    * policy first: policy = N_from x (Kc_to - Kc_from) (the step at the old prices); price = d_to - N_from x Kc_to;
    * ``*_mean``: the mean of the two orders (a Shapley split). Negative numbers are falls."""
    d_from = float(annual.loc[from_year, "duty_usd_per_tonne"])
    d_to = float(annual.loc[to_year, "duty_usd_per_tonne"])
    n_from = float(annual.loc[from_year, "duty_no_manoeuvre_usd_per_tonne"])
    n_to = float(annual.loc[to_year, "duty_no_manoeuvre_usd_per_tonne"])
    kc_from, kc_to = phase_out_coefficient_kc(from_year), phase_out_coefficient_kc(to_year)
    at_old_kc = n_to * kc_from
    out = {"from_usd_per_tonne": d_from, "to_usd_per_tonne": d_to, "at_old_coefficient_usd_per_tonne": at_old_kc,
           "price_effect_usd_per_tonne": at_old_kc - d_from, "policy_effect_usd_per_tonne": d_to - at_old_kc,
           "policy_first_policy_effect_usd_per_tonne": n_from * (kc_to - kc_from),
           "policy_first_price_effect_usd_per_tonne": d_to - n_from * kc_to}
    out["price_effect_mean_usd_per_tonne"] = (out["price_effect_usd_per_tonne"] + out["policy_first_price_effect_usd_per_tonne"]) / 2
    out["policy_effect_mean_usd_per_tonne"] = (out["policy_effect_usd_per_tonne"] + out["policy_first_policy_effect_usd_per_tonne"]) / 2
    return out


def delivery_weighted_subsidy_usd_million(monthly: pd.DataFrame, deliveries_mt: dict[str, tuple[float, float]]) -> dict[str, float]:
    """Duty not paid over the months with a delivery volume on record: sum over months of the month's duty (US$ a
    tonne, central) x Russian crude delivered that month (Mt, low and high), in US$ million; with the delivery-weighted
    mean duty (US$ a tonne) and the unweighted mean of the same months, which weighs a month with no crude as much
    as a full one. ``deliveries_mt``: {'YYYY-MM': (low, high)}. Where ``monthly`` has the discount range
    (``duty_low_usd_per_tonne``, ``duty_high_usd_per_tonne``), the low end is low duty x low volume and the high end
    high duty x high volume, so the range covers both the modelled months' duty and the volume readings."""
    if not deliveries_mt:
        raise ValueError("no months with deliveries")
    by_month = monthly.set_index("month")
    duty = by_month["duty_usd_per_tonne"]
    duty_low = by_month["duty_low_usd_per_tonne"] if "duty_low_usd_per_tonne" in by_month else duty
    duty_high = by_month["duty_high_usd_per_tonne"] if "duty_high_usd_per_tonne" in by_month else duty
    missing = sorted(set(deliveries_mt) - set(duty.index))
    if missing:
        raise ValueError(f"months not in the duty series: {missing}")
    for m, (lo, hi) in deliveries_mt.items():
        if finite_nonneg(f"{m} low", lo) > finite_nonneg(f"{m} high", hi):
            raise ValueError(f"{m}: low above high")
    lo = sum(float(duty_low[m]) * v[0] for m, v in deliveries_mt.items())
    hi = sum(float(duty_high[m]) * v[1] for m, v in deliveries_mt.items())
    central = sum(float(duty[m]) * (v[0] + v[1]) / 2 for m, v in deliveries_mt.items())
    vol_lo = sum(v[0] for v in deliveries_mt.values())
    vol_hi = sum(v[1] for v in deliveries_mt.values())
    return {"subsidy_low_usd_million": lo, "subsidy_high_usd_million": hi, "subsidy_central_usd_million": central,
            "volume_low_mt": vol_lo, "volume_high_mt": vol_hi,
            "weighted_duty_usd_per_tonne": central / ((vol_lo + vol_hi) / 2) if vol_lo + vol_hi else float("nan"),
            "weighted_duty_low_usd_per_tonne": lo / vol_lo if vol_lo else float("nan"),
            "weighted_duty_high_usd_per_tonne": hi / vol_hi if vol_hi else float("nan"),
            "unweighted_duty_usd_per_tonne": float(duty[list(deliveries_mt)].mean())}
