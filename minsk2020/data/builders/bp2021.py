"""bp Statistical Review of World Energy 2021, as Our World in Data's panel CSV (data to 2020)."""

from __future__ import annotations

import pandas as pd

from minsk2020.data.builders import builder
from minsk2020.data.builders._statreview import entity, read_panel
from minsk2020.errors import RawFormatError
from minsk2020.units import kbd_to_mt_per_year, usd_per_mmbtu_to_usd_per_1000m3

SOURCE = "bp_sr2021_panel"
FIRST_YEAR = 1985  # first year with figures for Belarus in this edition
MIX = {  # fuel label -> column (exajoules, input-equivalent basis for non-fossil power)
    "Oil": "Oil Consumption - EJ",
    "Gas": "Gas Consumption - EJ",
    "Coal": "Coal Consumption - EJ",
    "Nuclear": "Nuclear Consumption - EJ",
    "Hydro": "Hydro Consumption - EJ",
    "Other renewables": "Renewables Consumption - EJ",
}
OIL_FIRST_YEAR = 1990  # refinery throughput for Belarus starts in 1990
PRIMARY = "Primary Energy Consumption - EJ"
OIL = {
    "oil_consumption_mt": "Oil Consumption - Tonnes",
    "oil_consumption_kbd": "Oil Consumption - Barrels",
    "refinery_throughput_kbd": "Oil - Refinery throughput",
    "refining_capacity_kbd": "Oil - Refining capacity",
}
GAS_BENCHMARKS = {  # entity -> short name used in the book
    "Natural gas - Average German Import price": "Germany, average import price",
    "Natural gas - Netherlands TTF (DA Heren Index)": "Netherlands TTF",
    "Natural gas - US Henry Hub": "US Henry Hub",
}
COLUMNS = ["Entity", "Year", PRIMARY, "Gas - Prices", "Oil - Spot crude prices", *MIX.values(), *OIL.values()]


def belarus_primary_energy(frame: pd.DataFrame) -> pd.DataFrame:
    """Belarus primary energy by fuel (EJ), long; checks that the fuels add up to the total."""
    by = entity(frame, "Belarus", SOURCE).loc[FIRST_YEAR:]
    parts = by[list(MIX.values())].fillna(0.0)
    gap = (parts.sum(axis=1) - by[PRIMARY]).abs()
    if (gap > 0.001).any():
        year = int(gap.idxmax())
        raise RawFormatError(f"{SOURCE}: Belarus {year}: fuels sum to {parts.loc[year].sum():.4f} EJ but {PRIMARY!r} is {by.loc[year, PRIMARY]:.4f}")
    long = parts.rename(columns={v: k for k, v in MIX.items()}).reset_index().melt(
        id_vars="Year", var_name="fuel", value_name="consumption_ej")
    long["fuel"] = pd.Categorical(long["fuel"], categories=list(MIX), ordered=True)
    long = long.sort_values(["Year", "fuel"]).rename(columns={"Year": "year"})
    long["fuel"] = long["fuel"].astype(str)
    long["consumption_ej"] = long["consumption_ej"].round(6)
    return long.reset_index(drop=True)


def belarus_oil_balance(frame: pd.DataFrame) -> pd.DataFrame:
    """Refinery throughput against domestic oil consumption, with the implied surplus (Mt)."""
    by = entity(frame, "Belarus", SOURCE).loc[OIL_FIRST_YEAR:, list(OIL.values())]
    out = by.rename(columns={v: k for k, v in OIL.items()})
    out["refinery_throughput_mt"] = kbd_to_mt_per_year(out["refinery_throughput_kbd"])
    out["surplus_refined_mt"] = out["refinery_throughput_mt"] - out["oil_consumption_mt"]
    out["surplus_share_of_throughput_pct"] = 100 * out["surplus_refined_mt"] / out["refinery_throughput_mt"]
    out.index.name = "year"
    return out.round(4).reset_index()


def gas_prices_annual(frame: pd.DataFrame) -> pd.DataFrame:
    """Annual European and US gas price benchmarks in US$/MMBtu and US$ per 1,000 m3."""
    parts = []
    for name, label in GAS_BENCHMARKS.items():
        series = entity(frame, name, SOURCE)["Gas - Prices"].dropna()
        parts.append(pd.DataFrame({"year": series.index, "benchmark": label, "price_usd_per_mmbtu": series.values}))
    out = pd.concat(parts, ignore_index=True)
    out["price_usd_per_1000m3"] = usd_per_mmbtu_to_usd_per_1000m3(out["price_usd_per_mmbtu"])
    out = out.round({"price_usd_per_mmbtu": 4, "price_usd_per_1000m3": 2})
    return out.sort_values(["benchmark", "year"]).reset_index(drop=True)


@builder(tables=["belarus_primary_energy_bp2021", "belarus_oil_balance_bp2021", "gas_prices_annual_bp2021"], sources=[SOURCE])
def bp2021_tables(raw) -> dict[str, pd.DataFrame]:
    """Belarus energy mix and oil balance 1985-2020, and annual gas price benchmarks (bp 2021)."""
    frame = read_panel(raw(SOURCE), SOURCE, COLUMNS)
    return {
        "belarus_primary_energy_bp2021": belarus_primary_energy(frame),
        "belarus_oil_balance_bp2021": belarus_oil_balance(frame),
        "gas_prices_annual_bp2021": gas_prices_annual(frame),
    }
