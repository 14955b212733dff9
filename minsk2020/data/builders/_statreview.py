"""Readers for the Statistical Review of World Energy: the all-data workbooks (bp 2020, EI 2024)
and Our World in Data's panel CSV of the bp 2021 edition.

No builders here: the per-source builder modules (:mod:`.bp2020`, :mod:`.bp2021`,
:mod:`.ei2024`) and the cross-edition module (:mod:`.sr_vintages`) use these functions, so
none of them imports another. Every check of the layout raises :class:`RawFormatError`
naming the source id, the file, the sheet and the cell.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from minsk2020.data import raw
from minsk2020.errors import RawFormatError

MISSING = {"-", "n/a", "^", ""}
# importer rows of the pipeline matrices that are regional sums, not countries or groups
REGION_TOTALS = {"North America", "S. & Cent. America", "Europe", "CIS", "Middle East", "Africa", "Asia Pacific"}


class Workbook:
    """An all-data workbook opened once, with layout checks that name source, file, sheet and cell."""

    def __init__(self, path, source_id: str):
        self.path = Path(path)
        self.source_id = source_id
        self.book = raw.open_workbook(self.path, source_id)
        self._rows: dict[str, list[tuple]] = {}

    def where(self, sheet: str, row: int | None = None, col: int | None = None) -> str:
        cell = f", cell {get_column_letter(col)}{row}" if row and col else (f", row {row}" if row else "")
        return f"{self.source_id} ({self.path.name}), sheet {sheet!r}{cell}"

    def rows(self, sheet: str) -> list[tuple]:
        if sheet not in self._rows:
            rows = raw.sheet(self.book, sheet, self.source_id, self.path).iter_rows(values_only=True)
            self._rows[sheet] = [tuple(r) for r in rows]
        return self._rows[sheet]

    def cell(self, sheet: str, row: int, col: int):
        rows = self.rows(sheet)
        if row > len(rows) or col > len(rows[row - 1]):
            return None
        return rows[row - 1][col - 1]

    def expect(self, sheet: str, row: int, col: int, expected: str) -> None:
        value = self.cell(sheet, row, col)
        if not isinstance(value, str) or value.strip() != expected:
            raise RawFormatError(f"{self.where(sheet, row, col)}: expected {expected!r}, found {value!r}")

    def number(self, sheet: str, row: int, col: int) -> float | None:
        value = self.cell(sheet, row, col)
        if value is None or (isinstance(value, str) and value.strip() in MISSING):
            return None
        if isinstance(value, (int, float)):
            return float(value)
        raise RawFormatError(f"{self.where(sheet, row, col)}: expected a number, found {value!r}")

    # --- country sheets: unit label in A3, years across row 3 from column B, countries in column A
    def country_series(self, sheet: str, country: str, unit_label: str, header_row: int = 3) -> pd.Series:
        """One country's annual series from a country sheet, as a float Series indexed by year."""
        self.expect(sheet, header_row, 1, unit_label)
        header = self.rows(sheet)[header_row - 1]
        years: dict[int, int] = {}
        for col in range(2, len(header) + 1):
            value = header[col - 1]
            if not isinstance(value, int) or (years and value != max(years) + 1):
                break  # growth-rate and share columns follow the last year
            years[value] = col
        if len(years) < 10:
            raise RawFormatError(f"{self.where(sheet, header_row, 2)}: expected years across row {header_row}, found {header[1:6]!r}")
        row = self.find_row(sheet, country)
        values = {year: self.number(sheet, row, col) for year, col in years.items()}
        return pd.Series(values, dtype="float64", name=country).dropna()

    def find_row(self, sheet: str, label: str, col: int = 1, start: int = 1) -> int:
        for i, row in enumerate(self.rows(sheet)[start - 1:], start):
            value = row[col - 1] if len(row) >= col else None
            if isinstance(value, str) and value.strip() == label:
                return i
        raise RawFormatError(f"{self.where(sheet)}: no row labelled {label!r} in column {get_column_letter(col)}")

    def find_col(self, sheet: str, row: int, label: str) -> int:
        for col, value in enumerate(self.rows(sheet)[row - 1], 1):
            if isinstance(value, str) and value.strip() == label:
                return col
        raise RawFormatError(f"{self.where(sheet, row)}: no column headed {label!r} in row {row}")

    # --- pipeline trade matrix: 'To' in A3, exporters across row 3 up to 'Total imports'
    def pipeline_matrix(self, sheet: str, data_year: int) -> pd.DataFrame:
        """Long table (importer, exporter, volume_bcm) of one year's pipeline trade matrix.

        Importer rows are countries or bp's groups ('Other EU', 'Rest of Europe'...); regional
        sums are dropped. Each importer's 'Total imports' and each exporter's 'Total exports'
        are checked against the sum of the cells.
        """
        title = self.cell(sheet, 1, 1)
        if not isinstance(title, str) or str(data_year) not in title or "pipeline" not in title.lower():
            raise RawFormatError(f"{self.where(sheet, 1, 1)}: expected a title for the {data_year} pipeline matrix, found {title!r}")
        self.expect(sheet, 2, 1, "Billion cubic metres")
        self.expect(sheet, 3, 1, "To")
        header = self.rows(sheet)[2]
        total_col = self.find_col(sheet, 3, "Total imports")
        exporters = {col: str(header[col - 1]).strip() for col in range(2, total_col)}
        total_row = self.find_row(sheet, "Total exports", start=4)
        records = []
        for row in range(4, total_row):
            importer = self.cell(sheet, row, 1)
            if not isinstance(importer, str):
                raise RawFormatError(f"{self.where(sheet, row, 1)}: expected an importer name, found {importer!r}")
            importer = importer.strip()
            values = {col: self.number(sheet, row, col) or 0.0 for col in exporters}
            stated = self.number(sheet, row, total_col)
            if stated is None or abs(sum(values.values()) - stated) > 0.01:
                raise RawFormatError(f"{self.where(sheet, row, total_col)}: total imports {stated!r} do not equal the row sum {sum(values.values()):.3f}")
            if importer in REGION_TOTALS:
                continue
            records += [(importer, exporters[col], v) for col, v in values.items() if v > 0]
        frame = pd.DataFrame(records, columns=["importer", "exporter", "volume_bcm"])
        for col, exporter in exporters.items():
            stated = self.number(sheet, total_row, col) or 0.0
            summed = frame.loc[frame["exporter"] == exporter, "volume_bcm"].sum()
            if abs(summed - stated) > 0.01:
                raise RawFormatError(f"{self.where(sheet, total_row, col)}: total exports of {exporter} {stated:.3f} do not equal the column sum {summed:.3f}")
        return frame


# --- what the per-edition builders take from a workbook

PIPELINE_SHEETS = {  # source id -> (pipeline trade sheet, its data year)
    "bp_sr2020_alldata": ("Gas - Trade movts - pipeline", 2019),
    "ei_sr2024_alldata": ("Gas trade - pipeline", 2023),
}


def pipeline(book: Workbook) -> pd.DataFrame:
    """The edition's pipeline trade matrix with its ``data_year``: unrounded, in the sheet's order."""
    sheet, data_year = PIPELINE_SHEETS[book.source_id]
    frame = book.pipeline_matrix(sheet, data_year)
    frame.insert(0, "data_year", data_year)
    return frame


def pipeline_table(book: Workbook) -> pd.DataFrame:
    """The pipeline matrix as the ``gas_pipeline_trade_<edition>`` tables hold it: rounded, sorted."""
    frame = pipeline(book)
    frame["volume_bcm"] = frame["volume_bcm"].round(4)
    return frame.sort_values(["importer", "exporter"]).reset_index(drop=True)


def country_frame(book: Workbook, country: str, series: dict[str, tuple[str, str]]) -> pd.DataFrame:
    """A country's series by year; ``series`` maps a column to its (sheet, unit label in A3)."""
    frame = pd.DataFrame({name: book.country_series(sheet, country, unit) for name, (sheet, unit) in series.items()})
    frame.index.name = "year"
    return frame.reset_index()


# --- the bp 2021 edition as Our World in Data's panel CSV (one row per entity and year)

def read_panel(path, source_id: str, columns: list[str]) -> pd.DataFrame:
    """Read the panel CSV, checking that ``columns`` are there and that ``Year`` holds whole years."""
    frame = raw.require_columns(raw.read_csv(path, source_id, low_memory=False), columns, source_id, path)
    if not pd.api.types.is_integer_dtype(frame["Year"]):
        raise RawFormatError(f"{raw.where(source_id, path)}: column 'Year' is not all whole years")
    return frame


def entity(frame: pd.DataFrame, name: str, source_id: str) -> pd.DataFrame:
    """The rows of one entity (a country or a price series), indexed by year."""
    rows = frame[frame["Entity"] == name].set_index("Year").sort_index()
    if rows.empty:
        raise RawFormatError(f"{source_id}: no rows for entity {name!r} in column 'Entity'")
    return rows
