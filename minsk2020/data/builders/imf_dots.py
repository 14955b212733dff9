"""IMF Direction of Trade Statistics (DOTS): the 15 per-reporter workbooks -> ``dots_trade_annual``.

Each workbook (``DOTS_<n>.xlsx``) has two sheets, ``Exports, FOB`` (to partners) and
``Imports, CIF`` (from partners), laid out the same way:

* B2 the sheet title (``Exports, FOB to Partner Countries`` / ``Imports, CIF from Partner Countries``),
* B4 the reporter's IMF name (e.g. ``Kazakhstan, Rep. of``), B5 ``US Dollars, Millions``,
* row 7 the years from column C, stored as text (``'2019'``),
* partner names in column B from row 8, values in the year columns.

A value is a number, a string ending in `` e`` (an IMF estimate, e.g. ``'1.53 e'``), or empty
(no data; no row is written). Any other layout raises :class:`RawFormatError` naming the
source id, the sheet and the cell.
"""

from __future__ import annotations

import re

import pandas as pd

from minsk2020.data import countries
from minsk2020.data import raw as rawfile
from minsk2020.data.builders import builder
from minsk2020.errors import RawFormatError

# source id -> the reporter's IMF name (cell B4); its ISO3 and book name come from data/countries.csv
REPORTERS = {
    "imf_dots_1": "Afghanistan, Islamic Rep. of",
    "imf_dots_18": "Belarus, Rep. of",
    "imf_dots_40": "China, P.R.: Mainland",
    "imf_dots_95": "Iran, Islamic Rep. of",
    "imf_dots_103": "Kazakhstan, Rep. of",
    "imf_dots_109": "Kyrgyz Rep.",
    "imf_dots_151": "Pakistan",
    "imf_dots_162": "Russian Federation",
    "imf_dots_192": "Tajikistan, Rep. of",
    "imf_dots_200": "Turkey",
    "imf_dots_201": "Turkmenistan",
    "imf_dots_205": "Ukraine",
    "imf_dots_208": "United States",
    "imf_dots_210": "Uzbekistan, Rep. of",
    "imf_dots_230": "European Union",
}

# Partners kept (IMF names): every reporter above (so each flow has its mirror), World, and the
# neighbours the Belarus and Central Asia chapters need. Aggregates carry the World Bank's
# codes (WLD, EUU) in data/countries.csv.
PARTNERS = (
    *REPORTERS.values(), "World", "Germany", "Poland, Rep. of", "Lithuania", "Latvia", "Netherlands, The",
    "United Kingdom", "India", "Japan", "Korea, Rep. of",
)

SHEETS = {
    "exports": ("Exports, FOB", "Exports, FOB to Partner Countries"),
    "imports": ("Imports, CIF", "Imports, CIF from Partner Countries"),
}
UNIT_TEXT = "US Dollars, Millions"
YEAR_ROW, FIRST_DATA_ROW, PARTNER_COL, FIRST_YEAR_COL = 7, 8, 2, 3
# '1.53 e', '1,066.57 e' (estimates over 1,000 carry thousands separators)
ESTIMATE = re.compile(r"^\s*(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s+e\s*$")


def parse_value(value, where: str) -> tuple[float | None, bool]:
    """A DOTS cell -> (US$ million or None, is_estimate). ``'1,066.57 e'`` -> (1066.57, True)."""
    if value is None:
        return None, False
    if isinstance(value, bool):
        raise RawFormatError(f"{where}: unexpected boolean value {value!r}")
    if isinstance(value, (int, float)):
        return float(value), False
    if isinstance(value, str):
        if not value.strip():
            return None, False
        match = ESTIMATE.match(value)
        if match:
            return float(match.group(1).replace(",", "")), True
    raise RawFormatError(f"{where}: expected a number, a number followed by ' e', or an empty cell; found {value!r}")


def read_sheet(ws, source_id: str, path, flow: str, reporter_imf: str) -> list[dict]:
    """Read one sheet of a DOTS workbook into long rows, checking its layout cell by cell."""
    sheet, title = SHEETS[flow]
    where = f"{rawfile.where(source_id, path)}, sheet {sheet!r}"

    def expect(cell: str, wanted: str) -> None:
        found = ws[cell].value
        if found != wanted:
            raise RawFormatError(f"{where}, cell {cell}: expected {wanted!r}, found {found!r}")

    expect("B2", title)
    expect("B4", reporter_imf)
    expect("B5", UNIT_TEXT)
    years: dict[int, int] = {}
    for col in range(FIRST_YEAR_COL, ws.max_column + 1):
        cell = ws.cell(YEAR_ROW, col)
        if cell.value is None and col == ws.max_column and years:
            continue
        if not (isinstance(cell.value, str) and re.fullmatch(r"\d{4}", cell.value)):
            raise RawFormatError(
                f"{where}, cell {cell.coordinate}: expected a year stored as text (e.g. '2019'), found {cell.value!r}"
            )
        years[col] = int(cell.value)
    if not years:
        raise RawFormatError(f"{where}, row {YEAR_ROW}: no years from cell C{YEAR_ROW}")

    seen: dict[str, tuple] = {}
    rows: list[dict] = []
    for r in range(FIRST_DATA_ROW, ws.max_row + 1):
        partner_cell = ws.cell(r, PARTNER_COL)
        partner = partner_cell.value
        values = tuple(ws.cell(r, c).value for c in years)
        if partner is None:
            if any(v is not None for v in values):
                raise RawFormatError(f"{where}, cell {partner_cell.coordinate}: values without a partner name")
            continue
        if not isinstance(partner, str):
            raise RawFormatError(f"{where}, cell {partner_cell.coordinate}: expected a partner name, found {partner!r}")
        if partner in seen:
            # the workbooks repeat 'Australia' in row 8; an exact repeat is dropped, a conflicting one is an error
            if seen[partner] != values:
                raise RawFormatError(
                    f"{where}, cell {partner_cell.coordinate}: partner {partner!r} repeated with different values"
                )
            continue
        seen[partner] = values
        if partner not in PARTNERS:
            continue
        country = countries.lookup(partner, source_id, path)
        for col, year in years.items():
            cell = ws.cell(r, col)
            value, estimate = parse_value(cell.value, f"{where}, cell {cell.coordinate}")
            if value is None:
                continue
            rows.append({"partner": country.name, "partner_iso3": country.iso3, "flow": flow, "year": year,
                         "value_usd_m": round(value, 6), "is_estimate": estimate})
    if "World" not in seen:
        raise RawFormatError(f"{where}: no partner row 'World' in column B from row {FIRST_DATA_ROW}")
    return rows


def read_workbook(path, source_id: str) -> pd.DataFrame:
    """One DOTS workbook -> long rows for both flows (reporter columns included)."""
    reporter_imf = REPORTERS[source_id]
    reporter = countries.lookup(reporter_imf, source_id, path)
    wb = rawfile.open_workbook(path, source_id, read_only=False)
    rows = []
    for flow, (sheet, _title) in SHEETS.items():
        rows += read_sheet(rawfile.sheet(wb, sheet, source_id, path), source_id, path, flow, reporter_imf)
    frame = pd.DataFrame(rows, columns=["partner", "partner_iso3", "flow", "year", "value_usd_m", "is_estimate"])
    frame.insert(0, "reporter_iso3", reporter.iso3)
    frame.insert(0, "reporter", reporter.name)
    return frame


@builder(tables="dots_trade_annual", sources=list(REPORTERS))
def dots_trade_annual(raw) -> pd.DataFrame:
    """Annual merchandise trade of 15 DOTS reporters with selected partners, World and the EU (US$ million)."""
    parts = [read_workbook(raw(source_id), source_id) for source_id in REPORTERS]
    out = pd.concat(parts, ignore_index=True)
    out = out[out["reporter_iso3"] != out["partner_iso3"]]
    out["year"] = out["year"].astype(int)
    out["is_estimate"] = out["is_estimate"].astype(bool)
    return out.sort_values(["reporter_iso3", "flow", "partner_iso3", "year"]).reset_index(drop=True)
