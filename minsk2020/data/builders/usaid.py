"""USAID / ForeignAssistance.gov country totals -> ``us_aid_obligations``.

The file ``us_foreign_aid_country.csv`` has one row per country, transaction type and fiscal
year. Only Obligations are kept (the one transaction type that covers FY1946 to date; 
Disbursements start in FY2001), for the countries the book discusses, in both the current
and the constant dollars the source gives. ``Fiscal Year`` is read as text: it includes
``1976tq``, the transition quarter (July-September 1976) when the US fiscal year moved from
July-June to October-September.
"""

from __future__ import annotations

import pandas as pd

from minsk2020.data import countries
from minsk2020.data import raw as rawfile
from minsk2020.data.builders import builder
from minsk2020.errors import RawFormatError

HEADER = ["Country Code", "Country Name", "Region ID", "Region Name", "Income Group Acronym", "Income Group Name",
          "Transaction Type ID", "Transaction Type Name", "Fiscal Year", "current_amount", "constant_amount"]
TRANSACTION = "Obligations"
COUNTRIES = ("AFG", "BLR", "CHN", "KAZ", "KGZ", "LTU", "POL", "RUS", "TJK", "TKM", "UKR", "UZB")  # ISO3; names from data/countries.csv
FISCAL_YEAR = r"\d{4}(tq)?"


def read_aid_csv(path, source_id: str) -> pd.DataFrame:
    """Read the country CSV with Fiscal Year as text, checking the header and the year and amount columns."""
    frame = rawfile.read_csv(path, source_id, dtype={"Fiscal Year": str, "Country Code": str}, keep_default_na=False,
                             na_values={"Country Code": [""]})
    rawfile.check_header(frame, HEADER, source_id, path)
    bad = ~frame["Fiscal Year"].str.fullmatch(FISCAL_YEAR)
    if bad.any():
        line = int(bad.idxmax()) + 2
        raise RawFormatError(f"{rawfile.where(source_id, path)}, line {line}: Fiscal Year {frame.loc[bad.idxmax(), 'Fiscal Year']!r} "
                             "is not a year or a transition quarter like '1976tq'")
    for column in ["current_amount", "constant_amount"]:
        numbers = pd.to_numeric(frame[column], errors="coerce")
        if numbers.isna().any():
            line = int(numbers.isna().idxmax()) + 2
            raise RawFormatError(f"{rawfile.where(source_id, path)}, line {line}: {column} {frame.loc[numbers.isna().idxmax(), column]!r} "
                                 "is not a number")
        frame[column] = numbers
    return frame


def fiscal_year_sort_key(fiscal_year: pd.Series) -> pd.Series:
    """'1976' -> 1976.0, '1976tq' -> 1976.5 (the transition quarter follows FY1976)."""
    return fiscal_year.str[:4].astype(int) + fiscal_year.str.endswith("tq") * 0.5


@builder(tables="us_aid_obligations", sources=["usaid_aid_country"])
def us_aid_obligations(raw) -> pd.DataFrame:
    """US foreign assistance obligations by country and fiscal year, current and constant US$."""
    frame = read_aid_csv(raw("usaid_aid_country"), "usaid_aid_country")
    if TRANSACTION not in set(frame["Transaction Type Name"]):
        raise RawFormatError(f"usaid_aid_country: no rows with Transaction Type Name {TRANSACTION!r}")
    keep = frame[(frame["Transaction Type Name"] == TRANSACTION) & frame["Country Code"].isin(COUNTRIES)]
    dup = keep.duplicated(["Country Code", "Fiscal Year"], keep=False)
    if dup.any():
        first = keep[dup].iloc[0]
        raise RawFormatError(f"usaid_aid_country: more than one {TRANSACTION} row for {first['Country Code']} "
                             f"FY{first['Fiscal Year']}")
    out = pd.DataFrame(
        {
            "country_iso3": keep["Country Code"],
            "country_name": keep["Country Code"].map(countries.name_of),
            "fiscal_year": keep["Fiscal Year"],
            "obligations_current_usd": keep["current_amount"].astype("int64"),
            "obligations_constant_usd": keep["constant_amount"].astype("int64"),
        }
    )
    out["_order"] = fiscal_year_sort_key(out["fiscal_year"])
    out = out.sort_values(["country_iso3", "_order"]).drop(columns="_order")
    return out.reset_index(drop=True)
