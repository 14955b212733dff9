"""Unit conversions for the energy chapter (no builders here).

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
