"""SIPRI Arms Transfers Database (trade register) and Military Expenditure Database.

Shared tables for the diplomacy and Central Asia chapters: ``sipri_arms_deliveries`` (TIV of
deliveries by recipient, supplier and year) and ``sipri_milex`` (military expenditure by
country and year). A SIPRI trend-indicator value (TIV) measures the military capability
transferred, not money; it is never converted to dollars here.
"""

from __future__ import annotations

import io

import pandas as pd

from minsk2020.data import countries
from minsk2020.data import raw as rawfile
from minsk2020.data.builders import builder
from minsk2020.errors import RawFormatError

# recipients / countries of interest as SIPRI spells them; ISO3 and book name from data/countries.csv
AT_RECIPIENTS = ("Belarus", "Russia", "Ukraine", "Poland", "Lithuania", "Kazakhstan", "Kyrgyzstan", "Tajikistan",
                 "Turkmenistan", "Uzbekistan", "Afghanistan", "China", "United States")
MILEX_COUNTRIES = ("Belarus", "Russia", "Ukraine", "Poland", "Lithuania", "Kazakhstan", "Kyrgyz Republic",
                   "Tajikistan", "Turkmenistan", "Uzbekistan", "Afghanistan", "China", "United States of America")
AT_HEADER = ["SIPRI AT Database ID", "Supplier", "Recipient", "Designation", "Description", "Armament category",
             "Order date", "Order date is estimate", "Numbers delivered", "Numbers delivered is estimate",
             "Delivery year", "Delivery year is estimate", "Status", "SIPRI estimate", "TIV deal unit",
             "TIV delivery values", "Local production"]
AT_HEADER_LINE = 12  # 11 preamble lines, then the header


def read_trade_register(path, source_id: str = "sipri_at_2000_2023") -> pd.DataFrame:
    """The trade register CSV: checks the preamble, the header line and the numeric columns."""
    with open(path, encoding="utf-8-sig") as handle:
        lines = handle.read().splitlines()
    if len(lines) < AT_HEADER_LINE or "SIPRI trend-indicator values (TIVs) are in millions" not in "\n".join(lines[:AT_HEADER_LINE]):
        raise RawFormatError(f"{rawfile.where(source_id, path)}: preamble does not say TIVs are in millions (first {AT_HEADER_LINE} lines)")
    header = next(iter(pd.read_csv(io.StringIO(lines[AT_HEADER_LINE - 1]), header=None).values.tolist()))
    if header != AT_HEADER:
        raise RawFormatError(f"{rawfile.where(source_id, path)}: line {AT_HEADER_LINE} is not the expected header; found {header}")
    frame = pd.read_csv(io.StringIO("\n".join(lines[AT_HEADER_LINE - 1:])), dtype=str, keep_default_na=False)
    for column in ("Delivery year", "TIV delivery values"):
        values = pd.to_numeric(frame[column], errors="coerce")
        bad = values.isna()
        if bad.any():
            row = int(frame.index[bad][0]) + AT_HEADER_LINE + 1
            raise RawFormatError(f"{rawfile.where(source_id, path)}: line {row}: {column!r} is {frame.loc[bad, column].iloc[0]!r}, not a number")
        frame[column] = values
    return frame


@builder(tables="sipri_arms_deliveries", sources=["sipri_at_2000_2023"])
def sipri_arms_deliveries(raw) -> pd.DataFrame:
    """TIV (millions) of major arms delivered, by recipient, supplier and year, 2000-2023."""
    path = raw("sipri_at_2000_2023")
    frame = read_trade_register(path)
    frame = frame[frame["Recipient"].isin(AT_RECIPIENTS)]
    out = (frame.groupby(["Recipient", "Supplier", "Delivery year"], as_index=False)
           .agg(tiv_m=("TIV delivery values", "sum"), deliveries_count=("SIPRI AT Database ID", "size")))
    recipients = {n: countries.lookup(n, "sipri_at_2000_2023", path) for n in AT_RECIPIENTS}
    out["recipient"] = out["Recipient"].map(lambda n: recipients[n].name)
    out["recipient_iso3"] = out["Recipient"].map(lambda n: recipients[n].iso3)
    out = out.rename(columns={"Supplier": "supplier", "Delivery year": "year"})
    out["year"] = out["year"].astype(int)
    out["tiv_m"] = out["tiv_m"].round(2)  # the register gives TIVs to at most two decimals
    cols = ["recipient", "recipient_iso3", "supplier", "year", "tiv_m", "deliveries_count"]
    return out[cols].sort_values(["recipient", "year", "supplier"]).reset_index(drop=True)


MILEX_SHEETS = {  # sheet -> column in the table
    "Constant (2022) US$": "milex_constant_2022_usd_m",
    "Current US$": "milex_current_usd_m",
    "Share of GDP": "milex_share_gdp_pct",
}
MILEX_YEARS = (1992, 2023)
MISSING = {"...": "unavailable", "xxx": "did not exist"}


def fraction_to_pct(share: float) -> float:
    """SIPRI's 'Share of GDP' sheet stores a fraction (0.0102); the table gives per cent (1.02)."""
    return share * 100


def read_milex_sheet(workbook, sheet: str, source_id: str, path) -> pd.DataFrame:
    """One sheet in long form (sipri_name, year, value); finds the 'Country' header row itself."""
    rows = list(rawfile.sheet(workbook, sheet, source_id, path).iter_rows(min_row=1, max_row=400, values_only=True))
    header_at = next((i for i, row in enumerate(rows[:15]) if row and row[0] == "Country"), None)
    if header_at is None:
        raise RawFormatError(f"{rawfile.where(source_id, path)}: sheet {sheet!r} has no 'Country' header row in rows 1-15")
    header = rows[header_at]
    year_cols = {int(v): j for j, v in enumerate(header) if isinstance(v, (int, float)) and 1949 <= v <= 2100}
    wanted = range(MILEX_YEARS[0], MILEX_YEARS[1] + 1)
    missing_years = [y for y in wanted if y not in year_cols]
    if missing_years:
        raise RawFormatError(f"{rawfile.where(source_id, path)}: sheet {sheet!r} header row {header_at + 1} lacks years {missing_years}")
    records = []
    found = set()
    for row in rows[header_at + 1:]:
        name = row[0] if row else None
        if name not in MILEX_COUNTRIES:
            continue
        found.add(name)
        for year in wanted:
            value = row[year_cols[year]]
            if isinstance(value, str) and value.strip() in MISSING:
                value = None
            elif not isinstance(value, (int, float)):
                raise RawFormatError(f"{rawfile.where(source_id, path)}: sheet {sheet!r}, {name} {year}: unexpected value {value!r}")
            records.append((name, year, value))
    absent = sorted(set(MILEX_COUNTRIES) - found)
    if absent:
        raise RawFormatError(f"{rawfile.where(source_id, path)}: sheet {sheet!r} has no row for {absent}")
    return pd.DataFrame(records, columns=["sipri_name", "year", MILEX_SHEETS[sheet]])


@builder(tables="sipri_milex", sources=["sipri_milex_1949_2023"])
def sipri_milex(raw) -> pd.DataFrame:
    """Military expenditure 1992-2023: constant 2022 US$ m, current US$ m, share of GDP (%)."""
    path = raw("sipri_milex_1949_2023")
    workbook = rawfile.open_workbook(path, "sipri_milex_1949_2023")
    frames = [read_milex_sheet(workbook, sheet, "sipri_milex_1949_2023", path) for sheet in MILEX_SHEETS]
    out = frames[0]
    for frame in frames[1:]:
        out = out.merge(frame, on=["sipri_name", "year"], how="outer")
    out["milex_share_gdp_pct"] = fraction_to_pct(out["milex_share_gdp_pct"].astype(float))
    names = {n: countries.lookup(n, "sipri_milex_1949_2023", path) for n in MILEX_COUNTRIES}
    out["country"] = out["sipri_name"].map(lambda n: names[n].name)
    out["country_iso3"] = out["sipri_name"].map(lambda n: names[n].iso3)
    for column in ("milex_constant_2022_usd_m", "milex_current_usd_m"):
        out[column] = out[column].astype(float).round(1)
    out["milex_share_gdp_pct"] = out["milex_share_gdp_pct"].round(3)
    cols = ["country", "country_iso3", "sipri_name", "year", "milex_constant_2022_usd_m", "milex_current_usd_m",
            "milex_share_gdp_pct"]
    return out[cols].sort_values(["country", "year"]).reset_index(drop=True)
