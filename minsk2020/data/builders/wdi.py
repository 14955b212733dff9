"""World Bank World Development Indicators (datasets/world-development-indicators package)."""

from __future__ import annotations

import pandas as pd

from minsk2020.data import countries, registry
from minsk2020.data import raw as rawfile
from minsk2020.data.builders import builder
from minsk2020.errors import RawFormatError

FIRST_YEAR, LAST_YEAR = 1990, 2023  # fixed end year: later values are recent estimates, still revised
COUNTRIES = ("BLR", "RUS", "UKR", "LTU", "POL", "KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG", "CHN", "USA")  # ISO3; names from data/countries.csv
SOURCES = [source_id for source_id in registry.files() if source_id.startswith("wdi_")]
HEADER = ["Country Name", "Country Code", "Year", "Value"]


def indicator_code(source_id: str) -> str:
    """``wdi_eg_imp_cons_zs`` -> ``EG.IMP.CONS.ZS`` (the folder name in the URL, upper-cased)."""
    url = registry.get(source_id).url
    return url.rstrip("/").split("/")[-2].upper()


def read_indicator(path, source_id: str) -> pd.DataFrame:
    frame = rawfile.read_csv(path, source_id, dtype={"Country Name": str, "Country Code": str})
    rawfile.check_header(frame, HEADER, source_id, path)
    bad_years = pd.to_numeric(frame["Year"], errors="coerce").isna()
    if bad_years.any():
        row = int(bad_years.idxmax()) + 2
        raise RawFormatError(f"{rawfile.where(source_id, path)}, line {row}: Year {frame.loc[bad_years.idxmax(), 'Year']!r} is not a year")
    return frame


@builder(tables="wdi_indicators", sources=SOURCES)
def wdi_indicators(raw) -> pd.DataFrame:
    """The book's 18 indicators for 13 countries, 1990-2023, long format; missing years have no row."""
    parts = []
    for source_id in SOURCES:
        frame = read_indicator(raw(source_id), source_id)
        frame = frame[frame["Country Code"].isin(COUNTRIES) & frame["Year"].between(FIRST_YEAR, LAST_YEAR)]
        frame = frame.dropna(subset=["Value"])
        parts.append(
            pd.DataFrame(
                {
                    "country_iso3": frame["Country Code"],
                    "country_name": frame["Country Code"].map(countries.name_of),
                    "indicator_code": indicator_code(source_id),
                    "year": frame["Year"].astype(int),
                    "value": frame["Value"].astype(float),
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(["indicator_code", "country_iso3", "year"]).reset_index(drop=True)
