"""The article's claims register as data: ``data/curated/claims.csv`` and its rules.

``claims.csv`` is the single source of truth for what the book says about each claim of the
article (Seymur Mammadov, CGTN Opinions, 2020): its vocabulary (kinds, verdicts, topics, the parts
of the book that test claims), the loader (every column as text; errors name file, row and field)
and the register's rules beyond the schema (:func:`problems`). The book half renders it
(:mod:`minsk2020.book.register`) and checks the chapters' verdict roles against it
(:mod:`minsk2020.book.verdicts`).

The parts of the book that test claims (:data:`PARTS`) are the values the ``chapter`` column may
take, as the table's schema lists them (``data/schemas/claims.yaml``, copied into
``data/datapackage.json``); the book half finds each part's page and name in ``_toc.yml``
(:func:`minsk2020.book.register.part_names`).
"""


from __future__ import annotations

from pathlib import Path

import pandas as pd

from minsk2020.data import published
from minsk2020.errors import CuratedDataError
from minsk2020.paths import CURATED, curated_dir

TABLE = "claims"
CLAIMS_CSV = CURATED / f"{TABLE}.csv"
NOT_TESTED = "none"  # the chapter of a claim no part tests (an opinion)


def schema_values(field: str, table: str = TABLE) -> tuple[str, ...]:
    """The values a field of a table may take: its ``enum`` constraint in the data package's schema."""
    resource = published.resource(table)
    fields = {f["name"]: f for f in (resource or {}).get("schema", {}).get("fields", [])}
    if field not in fields or "enum" not in fields[field].get("constraints", {}):
        raise CuratedDataError(f"data/datapackage.json: table {table!r} has no field {field!r} with an enum "
                               "constraint (see data/schemas/claims.yaml)")
    return tuple(fields[field]["constraints"]["enum"])


PARTS = tuple(value for value in schema_values("chapter") if value != NOT_TESTED)
MAX_QUOTE_WORDS = 25

KINDS = ("fact", "interpretation", "forecast", "opinion")
VERDICTS = ("supported", "partly supported", "not supported", "not testable")
# ratingValue of schema.org Rating: worst 1 .. best 3; 'not testable' is not scored
VERDICT_RATING = {"not supported": 1, "partly supported": 2, "supported": 3}
TOPIC_NAMES = {
    "tour": "The tour",
    "normalization": "Normalisation and ambassadors",
    "sanctions": "Sanctions",
    "human_rights": "Human rights",
    "security": "Security integration",
    "energy": "Energy",
    "balance": "Between Washington and Moscow",
    "central_asia": "Central Asia",
}


# ---------------------------------------------------------------- the table
def claims_csv() -> Path:
    """The register the book is built from (data/curated/claims.csv unless $BOOK_CURATED_DIR is set)."""
    return curated_dir() / f"{TABLE}.csv"


def load_claims(path: Path | None = None) -> pd.DataFrame:
    """The register as committed, every column as text (empty cells as '').

    Errors name a row by its number in the CSV file (the header is row 1, so the frame's index
    label ``i`` is row ``i + 2``); ``frame.attrs["path"]`` is the file it was read from.
    """
    path = Path(path) if path is not None else claims_csv()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.attrs["path"] = str(path)
    bad = [n for n, v in frame["paragraph_number"].items() if not v.strip().isdigit()]
    if bad:
        raise CuratedDataError(f"{path}, row {bad[0] + 2}, field 'paragraph_number': "
                               f"{frame.at[bad[0], 'paragraph_number']!r} is not a whole number")
    frame["paragraph_number"] = frame["paragraph_number"].astype(int)
    return frame


def where(frame: pd.DataFrame, label, field: str) -> str:
    """'claims.csv, row N, field F' for the frame's row ``label`` (row N of the file is label N - 2)."""
    path = Path(frame.attrs.get("path", claims_csv())).name
    return f"{path}, row {label + 2}, field {field!r}"


def known(frame: pd.DataFrame, label, field: str, value: str, allowed) -> str:
    """``value`` if it is one of ``allowed``, else an error naming the file, row and field."""
    if value not in allowed:
        raise CuratedDataError(f"{where(frame, label, field)}: {value!r} is not one of "
                               f"{', '.join(map(repr, allowed))}; fix the row (the schema lists the allowed values)")
    return value


def quote_words(quote: str) -> int:
    return len(quote.split())


def is_scored(row) -> bool:
    return row["verdict"] in VERDICT_RATING


def problems(frame: pd.DataFrame) -> list[str]:
    """Rules of the register beyond the schema's column constraints."""
    found = []
    for row in frame.to_dict("records"):
        cid = row["claim_id"]
        if quote_words(row["quote"]) > MAX_QUOTE_WORDS:
            found.append(f"{cid}: quote has {quote_words(row['quote'])} words (max {MAX_QUOTE_WORDS})")
        if row["kind"] not in KINDS:
            found.append(f"{cid}: kind {row['kind']!r} not in {KINDS}")
        if row["verdict"] not in VERDICTS:
            found.append(f"{cid}: verdict {row['verdict']!r} not in {VERDICTS}")
        if row["kind"] == "opinion" and row["verdict"] != "not testable":
            found.append(f"{cid}: an opinion is labelled, not scored (verdict must be 'not testable')")
        if row["chapter"] not in (*PARTS, NOT_TESTED):
            found.append(f"{cid}: chapter {row['chapter']!r} is not a part of the book")
        if (row["chapter"] == "none") != (row["tested_in"] == ""):
            found.append(f"{cid}: tested_in must be a label exactly when chapter is not 'none'")
        if row["verdict"] != "not testable" and not row["source_urls"]:
            found.append(f"{cid}: a scored verdict needs source_urls")
        if row["verdict"] != "not testable" and row["chapter"] == "none":
            found.append(f"{cid}: a scored verdict must name the chapter that tests it")
        if row["verdict_2022"] != row["verdict"] and not row["changed_since_2022"].strip():
            found.append(f"{cid}: verdict_2022 {row['verdict_2022']!r} differs from verdict {row['verdict']!r}: "
                         "changed_since_2022 must say what changed")
        try:
            pd.Timestamp(row["verdict_as_of"])
        except ValueError:
            found.append(f"{cid}: verdict_as_of {row['verdict_as_of']!r} is not a date")
    return found
