"""World Bank Commodity Price Data (The Pink Sheet), monthly prices (updated 3 December 2024)."""

from __future__ import annotations

import re

import pandas as pd
from openpyxl.utils import get_column_letter

from minsk2020.data import raw as rawfile
from minsk2020.data.builders import builder
from minsk2020.errors import RawFormatError
from minsk2020.units import usd_per_mmbtu_to_usd_per_1000m3

SOURCE = "wb_pinksheet_monthly"
SHEET = "Monthly Prices"
CODE_ROW, UNIT_ROW, FIRST_DATA_ROW = 7, 6, 8
SERIES = {  # code in row 7 -> (output column, unit expected in row 6)
    "CRUDE_BRENT": ("crude_brent_usd_per_bbl", "($/bbl)"),
    "NGAS_EUR": ("ngas_eur_usd_per_mmbtu", "($/mmbtu)"),
    "NGAS_US": ("ngas_us_usd_per_mmbtu", "($/mmbtu)"),
}
WINDOW = ("2014M01", "2022M12")
MONTH = re.compile(r"(\d{4})M(\d{2})")


def read_monthly_prices(path, source_id: str = SOURCE) -> pd.DataFrame:
    """The chosen series from 'Monthly Prices', one row per month (YYYY-MM), checking the layout."""
    book = rawfile.open_workbook(path, source_id)
    rows = [tuple(r) for r in rawfile.sheet(book, SHEET, source_id, path).iter_rows(values_only=True)]
    if len(rows) < FIRST_DATA_ROW:
        raise RawFormatError(f"{rawfile.where(source_id, path)}, sheet {SHEET!r}: only {len(rows)} rows")
    codes = rows[CODE_ROW - 1]
    columns = {}
    for code, (name, unit) in SERIES.items():
        if code not in codes:
            raise RawFormatError(f"{rawfile.where(source_id, path)}, sheet {SHEET!r}, row {CODE_ROW}: series code {code!r} not found")
        col = codes.index(code) + 1
        found = rows[UNIT_ROW - 1][col - 1]
        if found != unit:
            raise RawFormatError(f"{rawfile.where(source_id, path)}, sheet {SHEET!r}, cell {get_column_letter(col)}{UNIT_ROW}: expected unit {unit!r}, found {found!r}")
        columns[name] = col
    records = []
    for r, row in enumerate(rows[FIRST_DATA_ROW - 1:], FIRST_DATA_ROW):
        label = row[0]
        if label is None:
            continue
        match = MONTH.fullmatch(str(label))
        if not match:
            raise RawFormatError(f"{rawfile.where(source_id, path)}, sheet {SHEET!r}, cell A{r}: expected a month like 2020M01, found {label!r}")
        record = {"month_code": str(label), "month": f"{match[1]}-{match[2]}"}
        for name, col in columns.items():
            value = row[col - 1]
            if isinstance(value, str):  # '…' marks a missing value
                value = None
            record[name] = value
        records.append(record)
    return pd.DataFrame(records)


@builder(tables="gas_oil_prices_monthly_pinksheet", sources=[SOURCE])
def gas_oil_prices_monthly_pinksheet(raw) -> pd.DataFrame:
    """Monthly Brent, 'Natural gas, Europe' and US gas prices, January 2014 to December 2022."""
    frame = read_monthly_prices(raw(SOURCE))
    frame = frame[(frame["month_code"] >= WINDOW[0]) & (frame["month_code"] <= WINDOW[1])].drop(columns="month_code")
    frame["ngas_eur_usd_per_1000m3"] = usd_per_mmbtu_to_usd_per_1000m3(frame["ngas_eur_usd_per_mmbtu"].astype(float))
    frame = frame.round({"crude_brent_usd_per_bbl": 2, "ngas_eur_usd_per_mmbtu": 2, "ngas_us_usd_per_mmbtu": 2,
                         "ngas_eur_usd_per_1000m3": 2})
    return frame[["month", "crude_brent_usd_per_bbl", "ngas_eur_usd_per_mmbtu", "ngas_eur_usd_per_1000m3",
                  "ngas_us_usd_per_mmbtu"]].reset_index(drop=True)
