"""Reading and writing the book's tidy tables (CSV, UTF-8, ``\\n``, stable order)."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from .paths import CURATED, PROCESSED, processed_dir


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The exact bytes the book commits for a table: deterministic for the same frame."""
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def load(table: str) -> pd.DataFrame:
    """A processed or curated table by name (the file stem), as committed."""
    for folder in (processed_dir(), CURATED):
        path = folder / f"{table}.csv"
        if path.is_file():
            return pd.read_csv(path, keep_default_na=False, na_values=[""])
    raise FileNotFoundError(
        f"no table named {table!r} in {PROCESSED} or {CURATED}; run `python -m minsk2020 data`"
    )


def path_of(table: str) -> Path:
    for folder in (processed_dir(), CURATED):
        path = folder / f"{table}.csv"
        if path.is_file():
            return path
    raise FileNotFoundError(f"no table named {table!r} in {PROCESSED} or {CURATED}")
