"""Unit conversions, shared by the builders (:mod:`minsk2020.data.builders.bp2021`,
:mod:`~minsk2020.data.builders.pinksheet`) and the energy chapter; part of the shared core, so
it imports neither the data half nor the book half.

Every factor is bp's "Approximate conversion factors" table, printed in the all-data
workbook of the bp Statistical Review of World Energy (June 2020 edition, sheet
``Approximate conversion factors``; source id ``bp_sr2020_alldata``). The tests in
``tests/test_energy_units.py`` read the factors back from that sheet.
"""

from __future__ import annotations

# Crude oil, based on worldwide average gravity (sheet rows 8 and 12):
TONNES_PER_YEAR_PER_BARREL_PER_DAY = 49.8  # "Barrels/day" -> "tonnes/year": multiply by 49.8 (cell H12)
BARRELS_PER_TONNE = 7.33  # "Tonnes (metric)" -> "barrels": multiply by 7.33 (cell F8)

# Natural gas (sheet row 33): 1 billion cubic metres = 34.1214163312809 trillion Btu (cell H33),
# so 1,000 cubic metres = 34.1214163312809 million Btu (MMBtu). bp states its energy contents
# on a net (lower heating value) basis (cell K25).
MMBTU_PER_1000M3 = 34.1214163312809
# The gas sheets of the same workbook standardise volumes at a gross calorific value of
# 40 MJ/m3 (note under 'Gas - Trade movts - pipeline'); with 1 Btu = 1.055 kJ (cell K12) that
# gives 40,000 MJ / 1,055 MJ per MMBtu = 37.91 MMBtu per 1,000 m3. Used as a sensitivity check.
MJ_PER_M3_GCV = 40.0
KJ_PER_BTU = 1.055


def kbd_to_mt_per_year(thousand_barrels_per_day: float) -> float:
    """Thousand barrels a day of crude oil -> million tonnes a year.

    bp: 1 barrel/day = 49.8 tonnes/year, so 1 kb/d = 49,800 t/yr = 0.0498 Mt/yr.
    """
    return thousand_barrels_per_day * TONNES_PER_YEAR_PER_BARREL_PER_DAY / 1000.0


def tonnes_to_barrels(tonnes: float) -> float:
    """Metric tonnes of crude oil -> barrels (bp: 1 tonne = 7.33 barrels)."""
    return tonnes * BARRELS_PER_TONNE


def usd_per_mmbtu_to_usd_per_1000m3(price_usd_per_mmbtu: float, mmbtu_per_1000m3: float = MMBTU_PER_1000M3) -> float:
    """US$ per million Btu -> US$ per 1,000 cubic metres of natural gas.

    Default factor: bp, 1 bcm = 34.1214 trillion Btu, i.e. 34.1214 MMBtu per 1,000 m3.
    """
    return price_usd_per_mmbtu * mmbtu_per_1000m3


def mmbtu_per_1000m3_gcv(mj_per_m3: float = MJ_PER_M3_GCV, kj_per_btu: float = KJ_PER_BTU) -> float:
    """MMBtu in 1,000 m3 of gas with the given gross calorific value (MJ per m3)."""
    return 1000 * mj_per_m3 * 1000 / kj_per_btu / 1e6


# --- Calorific basis of gas prices ------------------------------------------------------------
# European hub and import prices (World Bank Pink Sheet "Natural gas, Europe"; bp's German import
# and TTF prices) are quoted per MMBtu of GROSS calorific value. Converting them to US$ per
# 1,000 m3 with bp's NET factor (34.12) understates them by about a tenth against a price per
# cubic metre. The book's stated basis is gross: bp's own 40 MJ/m3 standard (37.91 MMBtu per
# 1,000 m3). The other gross factors below bound the result; the calorific value of the gas
# Belarus buys at its border is not published.
CUBIC_FEET_PER_CUBIC_METRE = 35.3146667
# EIA, "Heat Content of Natural Gas Consumed", U.S. 2020: 1,037 Btu per cubic foot (EIA uses
# gross heat content): https://www.eia.gov/dnav/ng/ng_cons_heat_a_EPG0_VGTH_btucf_a.htm
EIA_BTU_PER_CUBIC_FOOT_US_2020 = 1037
# Gazprom, "Gazprom in Figures 2011-2015" conversion table: 1,000 m3 of gas = 1.154 tonnes of
# coal equivalent at 29.3076 MJ per kg (Russian standard conditions, net basis), as quoted by
# East European Gas Analysis: https://eegas.com/russian-btu.htm
GAZPROM_TCE_PER_1000M3 = 1.154
MJ_PER_KG_COAL_EQUIVALENT = 29.3076


def mmbtu_per_1000m3_from_btu_per_cubic_foot(btu_per_cubic_foot: float) -> float:
    """MMBtu in 1,000 m3 of gas whose heat content is given in Btu per cubic foot."""
    return btu_per_cubic_foot * CUBIC_FEET_PER_CUBIC_METRE * 1000 / 1e6


def mmbtu_per_1000m3_from_tce(tce_per_1000m3: float = GAZPROM_TCE_PER_1000M3,
                              mj_per_kg_ce: float = MJ_PER_KG_COAL_EQUIVALENT,
                              kj_per_btu: float = KJ_PER_BTU) -> float:
    """MMBtu in 1,000 m3 of gas given as tonnes of coal equivalent per 1,000 m3."""
    mj = tce_per_1000m3 * 1000 * mj_per_kg_ce
    return mj / kj_per_btu / 1000  # MJ -> thousand Btu / 1000 = MMBtu


# bp's own ratio of gross to net calorific value for gas: 40 MJ/m3 gross (gas tables) against
# 36 PJ per bcm = 36 MJ/m3 net (conversion sheet, cell E33).
BP_GAS_GROSS_PER_NET = MJ_PER_M3_GCV / 36.0
NET_GAS_BASIS = "bp conversion table (net; superseded)"


def gas_conversion_bases(include_net: bool = False) -> dict[str, float]:
    """The gross-basis conversion factors (MMBtu per 1,000 m3) the book compares, low to high.

    Hub and import prices are per gross MMBtu, so only gross factors bound the comparison; the
    spread among them is the uncertainty about the gas's composition. Gazprom's net factor is
    raised to gross with bp's gross/net ratio. ``include_net`` adds bp's net factor, the basis an
    earlier version used, for display as superseded (not as a bound). The key of the stated basis
    is ``STATED_GAS_BASIS``.
    """
    bases = {
        "Gazprom factbook, raised to gross": mmbtu_per_1000m3_from_tce() * BP_GAS_GROSS_PER_NET,
        "EIA, US gas consumed 2020 (gross)": mmbtu_per_1000m3_from_btu_per_cubic_foot(EIA_BTU_PER_CUBIC_FOOT_US_2020),
        "bp gas tables, 40 MJ/m3 (gross)": mmbtu_per_1000m3_gcv(),
    }
    if include_net:
        bases = {NET_GAS_BASIS: MMBTU_PER_1000M3, **bases}
    return bases


STATED_GAS_BASIS = "bp gas tables, 40 MJ/m3 (gross)"


def usd_per_1000m3_to_usd_per_mmbtu(price_usd_per_1000m3: float, mmbtu_per_1000m3: float) -> float:
    """US$ per 1,000 m3 -> US$ per MMBtu with the given factor."""
    return price_usd_per_1000m3 / mmbtu_per_1000m3


def gas_price_sensitivity(price_usd_per_1000m3: float, hub_monthly_usd_per_mmbtu, annual_usd_per_mmbtu: float,
                          bases: dict[str, float] | None = None):
    """How a per-1,000 m3 price compares with per-MMBtu benchmarks under each conversion basis.

    ``hub_monthly_usd_per_mmbtu`` is a pandas Series of monthly hub prices (index: 'YYYY-MM');
    ``annual_usd_per_mmbtu`` one annual benchmark (e.g. the German import price of one year).
    Returns one row per basis: the factor, the price in US$ per MMBtu, the price as a share of the
    annual benchmark (%), and the months in which the hub was cheaper (count, first, last, list).
    """
    import pandas as pd

    bases = bases or gas_conversion_bases()
    rows = []
    for name, factor in bases.items():
        own = usd_per_1000m3_to_usd_per_mmbtu(price_usd_per_1000m3, factor)
        below = hub_monthly_usd_per_mmbtu[hub_monthly_usd_per_mmbtu < own]
        rows.append({
            "basis": name,
            "mmbtu_per_1000m3": factor,
            "price_usd_per_mmbtu": own,
            "pct_of_annual_benchmark": 100 * own / annual_usd_per_mmbtu,
            "months_hub_cheaper": len(below),
            "first_month": below.index.min() if len(below) else None,
            "last_month": below.index.max() if len(below) else None,
            "months": list(below.index),
        })
    return pd.DataFrame(rows)
