"""Reading and writing the book's tidy tables (CSV, UTF-8, ``\\n``, stable order)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from minsk2020.paths import CURATED, IN_CLONE, PROCESSED, processed_dir


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The exact bytes the book commits for a table: deterministic for the same frame."""
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def load(table: str) -> pd.DataFrame:
    """A processed or curated table by name (the file stem), as committed.

    Inside a clone the committed file is read. Where the tables are not on disk (the package
    installed from a wheel, a downloaded notebook, Colab), the table is fetched from the
    published book and checked against the sha256 in the data package
    (:func:`minsk2020.data.published.fetch_table`; ``$BOOK_DATA_URL`` overrides the URL).
    """
    return pd.read_csv(_local_or_fetched(table), keep_default_na=False, na_values=[""])


def _local_or_fetched(table: str) -> Path:
    for folder in (processed_dir(), CURATED):
        path = folder / f"{table}.csv"
        if path.is_file():
            return path
    if IN_CLONE and PROCESSED.is_dir():
        raise FileNotFoundError(
            f"no table named {table!r} in {PROCESSED} or {CURATED}; run `python -m minsk2020 data`"
        )
    from minsk2020.data.published import fetch_table

    return fetch_table(table)


def path_of(table: str) -> Path:
    for folder in (processed_dir(), CURATED):
        path = folder / f"{table}.csv"
        if path.is_file():
            return path
    raise FileNotFoundError(f"no table named {table!r} in {PROCESSED} or {CURATED}")
