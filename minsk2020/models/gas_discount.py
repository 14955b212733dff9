"""The gas-price gap: what Belarus's Russian gas would have fetched at a European benchmark, in US$ million.

One function for the book: the what-the-relationship-paid and oil-balance-and-transit chapters both value Belarus's
gas discount with :func:`gas_gap_by_year`, on the same basis. European hub and import prices are per MMBtu of gross
calorific value, so they are converted with the book's stated gross factor (:func:`minsk2020.units.mmbtu_per_1000m3_gcv`,
bp's 40 MJ per m3, 37.91 MMBtu per 1,000 m3, the basis of the energy chapter's gas-price section); the other gross
factors of :func:`minsk2020.units.gas_conversion_bases` give the sensitivity (:func:`gas_gap_by_basis`).

gap = (benchmark - transport deduction - contract price) [US$ per 1,000 m3] x gas use [bcm] = US$ million.
An opportunity cost, not a payment from Russia's budget; the marginal volume could not all have been sold in Europe.
"""

from __future__ import annotations

import math

import pandas as pd

from minsk2020 import units
from minsk2020.models._checks import finite_nonneg

GERMAN_IMPORT = "Germany, average import price"
TTF = "Netherlands TTF"


def gas_price_gap_usd_million(benchmark_usd_per_1000m3: float, paid_usd_per_1000m3: float, volume_bcm: float,
                              transport_deduction_usd_per_1000m3: float = 0.0) -> float:
    """Implicit gas subsidy as a price gap, US$ million a year.

    gap = (benchmark - transport deduction - price paid) [US$ per 1,000 m3] x volume [bcm]; 1 bcm = 10^6 thousand
    m3, so US$ per 1,000 m3 x bcm = US$ million. An opportunity cost (what the gas would have fetched at the
    benchmark), not a payment from Russia's budget; negative when the benchmark is below the contract price."""
    b = finite_nonneg("benchmark_usd_per_1000m3", benchmark_usd_per_1000m3)
    p = finite_nonneg("paid_usd_per_1000m3", paid_usd_per_1000m3)
    v = finite_nonneg("volume_bcm", volume_bcm)
    t = finite_nonneg("transport_deduction_usd_per_1000m3", transport_deduction_usd_per_1000m3)
    if t > b:
        raise ValueError("the transport deduction exceeds the benchmark price")
    return (b - t - p) * v


def share_of_gdp_pct(amount_usd_million: float, gdp_usd: float) -> float:
    """amount (US$ million, may be negative) / GDP (current US$, WDI NY.GDP.MKTP.CD) x 100."""
    if isinstance(amount_usd_million, bool) or not isinstance(amount_usd_million, (int, float)) \
            or math.isnan(amount_usd_million):
        raise ValueError(f"amount must be a number, got {amount_usd_million!r}")
    g = finite_nonneg("gdp_usd", gdp_usd)
    if g == 0:
        raise ValueError("gdp_usd must be positive")
    return amount_usd_million * 1e6 / g * 100.0


def contract_price_by_year(belgas: pd.DataFrame) -> pd.Series:
    """Belarus's whole-year contract price for Russian gas (US$ per 1,000 m3) in the years a source states one
    (``belarus_gas_price`` rows of kind paid_contract with year precision; rows of one fact agree or are rounded
    versions, so the highest is kept)."""
    paid = belgas[(belgas["price_kind"] == "paid_contract") & belgas["price_usd_per_1000m3"].notna()
                  & (belgas["date_precision"] == "year")]
    return paid.groupby(paid["period_start"].astype(str).str[:4].astype(int))["price_usd_per_1000m3"].max()


def gas_gap_by_year(gas_prices: pd.DataFrame, belgas: pd.DataFrame, gas_use_bcm: pd.Series,
                    hub_monthly: pd.Series, gdp_usd: pd.Series, transport_usd_per_1000m3: float,
                    last_year: int = 2021, mmbtu_per_1000m3: float | None = None) -> pd.DataFrame:
    """The gas gap of every year with a sourced contract price, against each benchmark the book holds for it.

    ``gas_prices``: table ``gas_prices_annual_bp2021`` (US$ per MMBtu, gross); ``gas_use_bcm``: Belarus's gas
    consumption by year (Energy Institute); ``hub_monthly``: World Bank 'Natural gas, Europe' by month 'YYYY-MM'
    (US$ per MMBtu), used for years after the bp series; ``transport_usd_per_1000m3``: the assumed upper bound of
    transit from the Belarusian border to the benchmark, applied in ``gap_net_transport_usd_million``;
    ``mmbtu_per_1000m3``: the conversion factor (default the book's stated gross basis, 37.91)."""
    factor = units.mmbtu_per_1000m3_gcv() if mmbtu_per_1000m3 is None else finite_nonneg("mmbtu_per_1000m3", mmbtu_per_1000m3)
    if factor == 0:
        raise ValueError("mmbtu_per_1000m3 must be positive")
    bench = {}
    for name in (GERMAN_IMPORT, TTF):
        s = gas_prices[gas_prices["benchmark"] == name].set_index("year")["price_usd_per_mmbtu"]
        bench[name] = s.map(lambda x: units.usd_per_mmbtu_to_usd_per_1000m3(x, factor))
    rows = []
    for year, paid in contract_price_by_year(belgas).items():
        if year > last_year or year not in gas_use_bcm.index:
            continue
        prices = {name: s[year] for name, s in bench.items() if year in s.index}
        if not prices:
            months = hub_monthly[hub_monthly.index.str.startswith(str(year))]
            if len(months) == 12:
                prices = {"Europe hub (World Bank)": units.usd_per_mmbtu_to_usd_per_1000m3(months.mean(), factor)}
        for name, b in prices.items():
            gap = gas_price_gap_usd_million(b, paid, float(gas_use_bcm[year]))
            rows.append({"year": int(year), "benchmark": name, "benchmark_usd_per_1000m3": b,
                         "paid_usd_per_1000m3": float(paid), "volume_bcm": float(gas_use_bcm[year]),
                         "gap_usd_million": gap,
                         "gap_net_transport_usd_million": gas_price_gap_usd_million(
                             b, paid, float(gas_use_bcm[year]), transport_usd_per_1000m3),
                         "gap_pct_gdp": share_of_gdp_pct(gap, float(gdp_usd[year]))})
    return pd.DataFrame(rows)


def gas_gap_by_basis(gas_prices: pd.DataFrame, belgas: pd.DataFrame, gas_use_bcm: pd.Series, hub_monthly: pd.Series,
                     gdp_usd: pd.Series, transport_usd_per_1000m3: float, bases: dict[str, float] | None = None,
                     last_year: int = 2021) -> pd.DataFrame:
    """:func:`gas_gap_by_year` on each gross conversion factor (default :func:`minsk2020.units.gas_conversion_bases`),
    stacked with columns ``basis`` and ``mmbtu_per_1000m3``: the calorific sensitivity of the gap."""
    bases = bases or units.gas_conversion_bases()
    frames = [gas_gap_by_year(gas_prices, belgas, gas_use_bcm, hub_monthly, gdp_usd, transport_usd_per_1000m3,
                              last_year, factor).assign(basis=name, mmbtu_per_1000m3=factor)
              for name, factor in bases.items()]
    return pd.concat(frames, ignore_index=True)
