"""Transit and assets as leverage: small, pure functions and the page's headline figures.

Units are in the names: ``_mt`` million tonnes, ``_bcm`` billion cubic metres, ``_usd_m`` million
US dollars, ``_pct`` percent. Every function raises ``ValueError`` on inputs that cannot be right
(a negative volume, a zero denominator, a share above 100%), so a bad row fails loudly.

* Gas is not priced here: the gas-price gap is :func:`minsk2020.models.russian_money.gas_gap_by_year`, the one function
  (and gross calorific basis, volume and transport allowance) that every page of the book uses for it.
* Barrels per tonne: bp's world-average factor, :data:`minsk2020.units.BARRELS_PER_TONNE` (7.33).
"""

from __future__ import annotations

import pandas as pd

from minsk2020 import units
from minsk2020.models._checks import finite_nonneg_all
from minsk2020.models.oil_balance import russian_origin


def share_pct(part: float, whole: float) -> float:
    """100 * part / whole, both in the same unit; raises if whole <= 0 or part > whole (different bases)."""
    finite_nonneg_all(part=part, whole=whole)
    if whole == 0:
        raise ValueError("whole must be > 0")
    if part > whole:
        raise ValueError(f"part ({part}) exceeds whole ({whole}): different bases?")
    return 100.0 * part / whole


def transit_excluding_domestic_mt(throughput_mt: float, domestic_deliveries_mt: float) -> float:
    """Transit = all Russian oil pumped through Belarus less the Russian crude delivered to Belarus, Mt."""
    finite_nonneg_all(throughput_mt=throughput_mt, domestic_deliveries_mt=domestic_deliveries_mt)
    if domestic_deliveries_mt > throughput_mt:
        raise ValueError("domestic deliveries exceed throughput")
    return throughput_mt - domestic_deliveries_mt


def revenue_per_tonne_usd(lost_revenue_usd_m: float, lost_volume_mt: float) -> float:
    """Implied transit revenue per tonne, US$/t = US$ m / Mt (Gomeltransneft: over US$23 m on over 4.7 Mt, April-June 2019)."""
    finite_nonneg_all(lost_revenue_usd_m=lost_revenue_usd_m, lost_volume_mt=lost_volume_mt)
    if lost_volume_mt == 0:
        raise ValueError("lost_volume_mt must be > 0")
    return lost_revenue_usd_m / lost_volume_mt


def annual_revenue_from_tariff_step_usd_m(extra_revenue_usd_m: float, tariff_rise_pct: float, months_in_force: float) -> float:
    """Annual base revenue R implied by a tariff step: extra = R x rise/100 x months/12, so R = extra / (rise/100 x months/12).

    Used on the +3.7% from 1 September 2019, which Minsk said would add up to US$2 m by the end of 2019.
    """
    finite_nonneg_all(extra_revenue_usd_m=extra_revenue_usd_m, tariff_rise_pct=tariff_rise_pct, months_in_force=months_in_force)
    if tariff_rise_pct == 0 or months_in_force == 0:
        raise ValueError("tariff_rise_pct and months_in_force must be > 0")
    if months_in_force > 12:
        raise ValueError("months_in_force is within one year (<= 12)")
    return extra_revenue_usd_m / ((tariff_rise_pct / 100.0) * (months_in_force / 12.0))


def transit_revenue_usd_m(volume_mt: float, revenue_usd_per_tonne: float) -> float:
    """Transit revenue, US$ m = volume (Mt) x revenue per tonne (US$/t)."""
    finite_nonneg_all(volume_mt=volume_mt, revenue_usd_per_tonne=revenue_usd_per_tonne)
    return volume_mt * revenue_usd_per_tonne


def tariff_rise_gain_usd_m(base_revenue_usd_m: float, tariff_rise_pct: float, months_in_force: float) -> float:
    """Extra revenue from a tariff rise within a year, US$ m = R x rise/100 x months/12 (volumes held constant)."""
    finite_nonneg_all(base_revenue_usd_m=base_revenue_usd_m, tariff_rise_pct=tariff_rise_pct, months_in_force=months_in_force)
    if months_in_force > 12:
        raise ValueError("months_in_force is within one year (<= 12)")
    return base_revenue_usd_m * (tariff_rise_pct / 100.0) * (months_in_force / 12.0)


def claim_usd_per_tonne(claim_usd_m: float, volume_t: float) -> float:
    """Compensation claimed per tonne, US$/t = claim (US$ m) x 1e6 / volume (t)."""
    finite_nonneg_all(claim_usd_m=claim_usd_m, volume_t=volume_t)
    if volume_t == 0:
        raise ValueError("volume_t must be > 0")
    return claim_usd_m * 1e6 / volume_t


def usd_per_tonne_to_usd_per_barrel(usd_per_tonne: float, barrels_per_tonne: float = units.BARRELS_PER_TONNE) -> float:
    """US$/t -> US$/bbl, dividing by barrels per tonne (bp: 7.33)."""
    finite_nonneg_all(usd_per_tonne=usd_per_tonne, barrels_per_tonne=barrels_per_tonne)
    if barrels_per_tonne == 0:
        raise ValueError("barrels_per_tonne must be > 0")
    return usd_per_tonne / barrels_per_tonne


def flow_value_usd_bn(volume_mt: float, price_usd_per_tonne: float) -> float:
    """Value of a flow of crude, US$ bn a year = volume (Mt) x price (US$/t) / 1,000: what a cut would put at risk for
    its owner before any rerouting (a gross exposure, not a loss)."""
    finite_nonneg_all(volume_mt=volume_mt, price_usd_per_tonne=price_usd_per_tonne)
    return volume_mt * price_usd_per_tonne / 1000.0


def non_reroutable_mt(transit_mt: float, reroute_capacity_mt: float) -> float:
    """Crude in transit that another route could not take, Mt/yr = max(0, transit - capacity of the other route).

    Kommersant (April 2019, LEV-043): Russian ports could take at most 40 of the 50 Mt a year crossing Belarus. The rest of
    a cut flow is rerouted at a netback discount, not lost."""
    finite_nonneg_all(transit_mt=transit_mt, reroute_capacity_mt=reroute_capacity_mt)
    return max(0.0, transit_mt - reroute_capacity_mt)


def tonnes_per_day_to_mt_per_year(tonnes_per_day: float, days: float = 365.0) -> float:
    """t/day -> Mt/yr = t/day x days / 1e6 (a ceiling if the rate were held all year)."""
    finite_nonneg_all(tonnes_per_day=tonnes_per_day, days=days)
    if days > 366:
        raise ValueError("days must be <= 366")
    return tonnes_per_day * days / 1e6


# ---------------------------------------------------------------- the page's figures from the book's tables
NOT_EUROPE = ("Belarus", "Kazakhstan", "Other CIS", "China")  # bp 2020 pipeline matrix importers outside Europe and Turkey
MONTHS_TARIFF_2020 = 11          # the 6.6% rise ran from 1 February 2020
MONTHS_STEP_2019 = 4             # the 3.7% step ran from 1 September 2019


def _value(frame: pd.DataFrame, column: str, key: str, field: str = "value_low") -> float:
    found = frame.loc[frame[column] == key, field]
    if found.empty:
        raise ValueError(f"no row with {column} == {key!r}")
    return float(found.iloc[0])


def levers_2020(volumes: pd.DataFrame, levers: pd.DataFrame, supply: pd.DataFrame, gas_trade: pd.DataFrame,
                cargoes: pd.DataFrame, brent_monthly: pd.DataFrame) -> dict:
    """Headline figures of the transit section from belarus_transit_volumes (VOL-), belarus_transit_levers (LEV-),
    belarus_oil_supply_2020, gas_pipeline_trade_bp2020, belarus_oil_cargoes_2020 and brent_monthly_2018_2021.

    Transit volume in 2019-2021 is bracketed by the Druzhba deliveries to EU buyers of 2021 (VOL-008, all of which cross
    Belarus) and Transneft's 45.5 Mt plan for 2022, "the most since 2018" (VOL-009); the 2013 volume (VOL-001) is
    kept only as a labelled sensitivity. The value of the crude crossing Belarus uses the 2020 mean Brent price at
    bp's 7.33 barrels a tonne, an upper bound for Urals."""
    vol = lambda fid: _value(volumes, "fact_id", fid)  # noqa: E731
    lev = lambda rid: _value(levers, "row_id", rid)  # noqa: E731
    f = {}
    f["oil_transit_lo_mt"], f["oil_transit_hi_mt"] = vol("oil-druzhba-europe-2021"), vol("oil-druzhba-europe-2022-plan")
    f["oil_transit_usual_mt"], f["oil_transit_2013_mt"] = vol("oil-transit-usual-lyashenko"), vol("oil-transit-2013")
    f["deliveries_2019_mt"] = _value(supply, "fact_id", "rus-2019-delivered", "volume_tonnes") / 1e6
    f["oil_transit_lukashenko_mt"] = transit_excluding_domestic_mt(vol("oil-through-belarus-lukashenko-70"), f["deliveries_2019_mt"])
    f["transit_to_own_intake"] = (f["oil_transit_lo_mt"] / f["deliveries_2019_mt"], f["oil_transit_hi_mt"] / f["deliveries_2019_mt"])
    f["transit_2013_to_2019_intake"] = f["oil_transit_2013_mt"] / f["deliveries_2019_mt"]
    ru = gas_trade[gas_trade["exporter"] == "Russian Federation"]
    f["ru_gas_europe_bcm"] = float(ru.loc[~ru["importer"].isin(NOT_EUROPE), "volume_bcm"].sum())
    f["blr_gas_2019_bcm"] = float(ru.loc[ru["importer"] == "Belarus", "volume_bcm"].iloc[0])
    f["gas_transit_2018_bcm"] = vol("gas-transit-2018")
    f["gas_transit_share_pct"] = share_pct(f["gas_transit_2018_bcm"], f["ru_gas_europe_bcm"])
    f["ec_share_pct"] = (lev("LEV-010"), lev("LEV-009"))
    f["yamal_share_2013_pct"] = share_pct(vol("gas-transit-2013-yamal"), vol("gas-transit-2013-total"))
    f["gas_transit_2013_bcm"] = vol("gas-transit-2013-total")
    f["beltransgaz_price_usd_m"] = lev("LEV-001") + lev("LEV-002")
    f["revenue_per_tonne_usd"] = revenue_per_tonne_usd(lev("LEV-032"), lev("LEV-031"))
    # two methods: the 3.7% step ('up to US$2 m' in Sep-Dec 2019, so an upper bound) and US$ per tonne x volume
    f["revenue_step_max_usd_m"] = annual_revenue_from_tariff_step_usd_m(lev("LEV-018"), lev("LEV-017"), MONTHS_STEP_2019)
    f["revenue_per_t_usd_m"] = (transit_revenue_usd_m(f["oil_transit_lo_mt"], f["revenue_per_tonne_usd"]),
                                transit_revenue_usd_m(f["oil_transit_hi_mt"], f["revenue_per_tonne_usd"]))
    f["transit_revenue_usd_m"] = (min(f["revenue_step_max_usd_m"], f["revenue_per_t_usd_m"][0]),
                                  max(f["revenue_step_max_usd_m"], f["revenue_per_t_usd_m"][1]))
    f["transit_revenue_at_2013_usd_m"] = transit_revenue_usd_m(f["oil_transit_2013_mt"], f["revenue_per_tonne_usd"])
    f["tariff_set_pct"], f["tariff_asked_pct"], f["tariff_default_pct"] = lev("LEV-021"), lev("LEV-019"), lev("LEV-020")
    f["gain_set_usd_m"] = tuple(tariff_rise_gain_usd_m(r, f["tariff_set_pct"], MONTHS_TARIFF_2020) for r in f["transit_revenue_usd_m"])
    f["gain_asked_usd_m"] = tuple(tariff_rise_gain_usd_m(r, f["tariff_asked_pct"], MONTHS_TARIFF_2020) for r in f["transit_revenue_usd_m"])
    b = brent_monthly[brent_monthly["month"].astype(str).str.startswith("2020")]["brent_usd_per_bbl"]
    if len(b) != 12:
        raise ValueError("need twelve months of Brent for 2020")
    f["brent_2020_usd_per_t"] = float(b.mean()) * units.BARRELS_PER_TONNE
    f["transit_value_usd_bn"] = (flow_value_usd_bn(f["oil_transit_lo_mt"], f["brent_2020_usd_per_t"]),
                                 flow_value_usd_bn(f["oil_transit_hi_mt"], f["brent_2020_usd_per_t"]))
    # of which Russian ports could not have taken (LEV-043): at the 2019-2021 bracket, and on the 50 Mt Kommersant assumed
    f["reroute_capacity_mt"] = lev("LEV-043")
    f["non_reroutable_mt"] = (non_reroutable_mt(f["oil_transit_lo_mt"], f["reroute_capacity_mt"]),
                              non_reroutable_mt(f["oil_transit_hi_mt"], f["reroute_capacity_mt"]),
                              non_reroutable_mt(f["oil_transit_usual_mt"], f["reroute_capacity_mt"]))
    f["non_reroutable_value_usd_bn"] = tuple(flow_value_usd_bn(v, f["brent_2020_usd_per_t"]) for v in f["non_reroutable_mt"])
    # a cross-check from 2007 (LEV-044): 'roughly US$50 m a year' from a 32-35% rise implies the base revenue then
    f["revenue_2007_base_usd_m"] = (annual_revenue_from_tariff_step_usd_m(lev("LEV-044"), 35.0, 12),
                                    annual_revenue_from_tariff_step_usd_m(lev("LEV-044"), 32.0, 12))
    f["claim_usd_m"], f["dirty_gtn_loss_usd_m"] = lev("LEV-028"), lev("LEV-032")
    f["claim_usd_per_bbl"] = usd_per_tonne_to_usd_per_barrel(claim_usd_per_tonne(lev("LEV-028"), 563_000))
    f["dirty_cap_usd_per_bbl"] = lev("LEV-030")
    f["transneft_paid_usd_m"] = lev("LEV-029")
    f["dirty_total_mt"] = (lev("LEV-026"), lev("LEV-025"))
    f["klaipeda_oil_mt"] = lev("LEV-036")
    f["klaipeda_oil_pct"] = share_pct(f["klaipeda_oil_mt"], f["deliveries_2019_mt"])
    f["rail_mt"] = tonnes_per_day_to_mt_per_year(lev("LEV-037"))
    f["rail_pct"] = share_pct(f["rail_mt"], f["deliveries_2019_mt"])
    f["poland_mt"] = lev("LEV-041") * 12 / 1e6
    f["lng_bcm"] = lev("LEV-038")
    f["lng_pct"] = share_pct(f["lng_bcm"], f["blr_gas_2019_bcm"])
    known = cargoes[cargoes["volume_status"] == "known"]
    other = known[~russian_origin(known)]  # Russian crude bought by tanker is not an alternative to Russian crude
    f["cargoes_known_n"] = int(other["cargo_id"].nunique())
    f["cargoes_known_mt"] = other["volume_tonnes"].sum() / 1e6
    f["cargoes_known_pct"] = share_pct(f["cargoes_known_mt"], f["deliveries_2019_mt"])
    f["bps1_mt"] = lev("LEV-013")
    f["nord_stream_bcm"] = lev("LEV-011")
    return f
