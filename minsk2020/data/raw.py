"""Opening raw files: every error names the source id and the file.

Builders open their registered raw files through these functions (a workbook with openpyxl,
a CSV with pandas) instead of wrapping each call in their own try/except. A file that cannot be
read, or lacks a sheet or the expected header, raises :class:`RawFormatError` whose message
starts with ``<source id> (<path>)``: the place a maintainer has to look.
"""

from __future__ import annotations

import openpyxl
import pandas as pd

from minsk2020.errors import RawFormatError


def where(source_id: str, path) -> str:
    """``source_id (path)``: how every raw-file error starts."""
    return f"{source_id} ({path})"


def open_workbook(path, source_id: str, *, read_only: bool = True):
    """An xlsx workbook with cached cell values; a file that is not one raises naming the place."""
    try:
        return openpyxl.load_workbook(path, read_only=read_only, data_only=True)
    except Exception as exc:  # openpyxl raises zip, xml and key errors for a file that is not xlsx
        raise RawFormatError(
            f"{where(source_id, path)}: cannot be read as an xlsx workbook ({type(exc).__name__}: {exc})"
        ) from exc


def sheet(book, name: str, source_id: str, path):
    """The worksheet ``name`` of an open workbook; a missing one raises listing the sheets found."""
    if name not in book.sheetnames:
        raise RawFormatError(f"{where(source_id, path)}: sheet {name!r} not found (sheets: {book.sheetnames})")
    return book[name]


def read_csv(path, source_id: str, **options) -> pd.DataFrame:
    """``pandas.read_csv`` with decoding and parsing errors turned into a RawFormatError naming the place."""
    try:
        return pd.read_csv(path, **options)
    except UnicodeDecodeError as exc:
        encoding = options.get("encoding", "utf-8")
        raise RawFormatError(f"{where(source_id, path)}: unexpected encoding - not {encoding} ({exc})") from exc
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise RawFormatError(f"{where(source_id, path)}: cannot be read as CSV ({exc})") from exc


def read_text_csv(path, source_id: str) -> pd.DataFrame:
    """A UTF-8 CSV with every cell as text (no NA guessing)."""
    return read_csv(path, source_id, dtype=str, keep_default_na=False, encoding="utf-8")


def check_header(frame: pd.DataFrame, expected: list[str], source_id: str, path) -> pd.DataFrame:
    """The frame itself when its columns are exactly ``expected``; otherwise an error showing both."""
    if list(frame.columns) != list(expected):
        missing = [c for c in expected if c not in frame.columns]
        raise RawFormatError(
            f"{where(source_id, path)}: unexpected header; expected {list(expected)}, found {list(frame.columns)}"
            + (f" (missing: {missing})" if missing else "")
        )
    return frame


def require_columns(frame: pd.DataFrame, required, source_id: str, path) -> pd.DataFrame:
    """The frame itself when it has every column in ``required``; otherwise an error naming those missing."""
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise RawFormatError(
            f"{where(source_id, path)}: unexpected header - missing columns {missing}; found {list(frame.columns)}"
        )
    return frame
