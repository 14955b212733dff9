"""Country names as the raw files spell them -> ISO 3166-1 codes and the book's name.

One reference table, ``data/countries.csv`` (schema and why it is a reference table in
``data/countries.schema.yaml``), replaces the name maps builders used to carry. A builder
keeps its own choice of countries (which ones a table covers) and asks this module what
the raw file's spelling means; a spelling the table lacks raises :class:`RawFormatError`
naming the source id, the file and the name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from minsk2020.data.raw import where
from minsk2020.errors import RawFormatError
from minsk2020.paths import DATA

COUNTRIES = DATA / "countries.csv"


@dataclass(frozen=True)
class Country:
    name_in_source: str
    iso3: str
    name: str
    iso_numeric: str


@lru_cache(maxsize=1)
def table() -> pd.DataFrame:
    """data/countries.csv as text, indexed by the name as the raw files spell it."""
    return pd.read_csv(COUNTRIES, dtype=str, keep_default_na=False).set_index("name_in_source")


def lookup(name: str, source_id: str, path) -> Country:
    """The country a raw file means by ``name``; an unknown spelling raises naming source, file and name."""
    rows = table()
    if name not in rows.index:
        raise RawFormatError(
            f"{where(source_id, path)}: country name {name!r} is not in {COUNTRIES.name}; "
            "add a row for this spelling (see data/countries.schema.yaml)"
        )
    row = rows.loc[name]
    return Country(name, row["country_iso3"], row["country_name"], row["iso_numeric"])


def name_of(iso3: str) -> str:
    """The book's name of an ISO3 code (for raw files that identify countries by ISO3)."""
    names = table().drop_duplicates("country_iso3").set_index("country_iso3")["country_name"]
    if iso3 not in names.index:
        raise RawFormatError(f"{COUNTRIES.name}: no row with country_iso3 {iso3!r}")
    return names[iso3]
