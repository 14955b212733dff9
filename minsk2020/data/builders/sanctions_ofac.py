"""OFAC SDN list snapshots (legacy ``sdn.csv``): the Belarus programme entries.

Layout of every mirrored snapshot (see the data-mirror catalogue, section 3): no header row,
12 columns (``ent_num``, name, SDN type, programme, title, call sign, vessel type, tonnage,
GRT, vessel flag, vessel owner, remarks), latin-1, CRLF line ends, a trailing ``0x1A``
(DOS end-of-file) byte, and ``-0-`` (often followed by a space) for an empty cell. The SDN
type is ``individual``, ``aircraft``, ``vessel`` or empty (an entity). Several programmes in
one cell are joined as ``A] [B``. A row belongs to Belarus when any programme token starts
with ``BELARUS`` (``BELARUS`` = E.O. 13405 of 2006; ``BELARUS-EO14038`` = E.O. 14038 of 2021).

The files carry no list date and no designation dates: the snapshot date is the date of the
commit or capture that holds the file (``snapshot_dates`` in data/sources.yaml).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd

from minsk2020.data import registry
from minsk2020.data.builders import builder
from minsk2020.data.raw import where as place
from minsk2020.errors import RawFormatError

SDN_SNAPSHOTS = (
    "ofac_sdn_2015",
    "ofac_sdn_2021_04",
    "ofac_sdn_2021_08",
    "ofac_sdn_2021_12",
    "ofac_sdn_2022_02",
    "ofac_sdn_2024_05",
)
SDN_COLUMNS = (
    "ent_num", "name", "sdn_type", "programme", "title", "call_sign", "vessel_type",
    "tonnage", "grt", "vessel_flag", "vessel_owner", "remarks",
)
EMPTY = "-0-"
SDN_TYPES = {"individual": "individual", "aircraft": "aircraft", "vessel": "vessel", "": "entity"}
BELARUS_PREFIX = "BELARUS"


def _clean(value: str) -> str:
    value = value.strip()
    return "" if value == EMPTY else value


def decode_legacy_csv(path: Path, source_id: str) -> str:
    """The text of a legacy OFAC CSV: checks encoding, line ends and the trailing 0x1A byte."""
    data = Path(path).read_bytes()
    where = place(source_id, path)
    if not data:
        raise RawFormatError(f"{where}: the file is empty")
    for bom, name in ((b"\xef\xbb\xbf", "UTF-8"), (b"\xff\xfe", "UTF-16 LE"), (b"\xfe\xff", "UTF-16 BE")):
        if data.startswith(bom):
            raise RawFormatError(
                f"{where}: unexpected encoding - the file starts with a {name} byte-order mark; "
                "the legacy OFAC layout is latin-1 without a BOM"
            )
    if b"\x00" in data:
        raise RawFormatError(f"{where}: unexpected encoding - NUL bytes found (UTF-16?); expected latin-1 text")
    if data.endswith(b"\x1a"):
        data = data[:-1]
    if b"\r\n" not in data[:4096]:
        raise RawFormatError(f"{where}: expected CRLF line ends (legacy OFAC layout), found none in the first 4 KiB")
    return data.decode("latin-1")


def read_sdn(path: Path, source_id: str) -> pd.DataFrame:
    """All rows of a legacy ``sdn.csv``, with the layout checked; ``-0-`` becomes ''."""
    text = decode_legacy_csv(path, source_id)
    where = place(source_id, path)
    rows = []
    for number, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        if not row or row == [""]:
            continue
        if len(row) != len(SDN_COLUMNS):
            raise RawFormatError(
                f"{where}: line {number} has {len(row)} columns, expected {len(SDN_COLUMNS)} "
                f"({', '.join(SDN_COLUMNS)})"
            )
        if not row[0].strip().isdigit():
            what = "an unexpected header row" if number == 1 else "a non-numeric ent_num"
            raise RawFormatError(
                f"{where}: line {number} has {what} ({row[0]!r}); the legacy sdn.csv has no header and "
                "starts every line with the numeric ent_num"
            )
        rows.append([row[0].strip()] + [_clean(v) for v in row[1:]])
    if not rows:
        raise RawFormatError(f"{where}: no data rows")
    frame = pd.DataFrame(rows, columns=list(SDN_COLUMNS))
    frame["ent_num"] = frame["ent_num"].astype("int64")
    unknown = sorted(set(frame["sdn_type"].str.lower()) - set(SDN_TYPES))
    if unknown:
        raise RawFormatError(f"{where}: unknown SDN type values {unknown}; expected individual, aircraft, vessel or -0-")
    if frame["ent_num"].duplicated().any():
        dup = frame.loc[frame["ent_num"].duplicated(), "ent_num"].iloc[0]
        raise RawFormatError(f"{where}: ent_num {dup} appears more than once")
    return frame


def programme_tokens(cell: str) -> list[str]:
    """Split a programme cell (``A] [B``) into its tokens."""
    return [token.strip().strip("[]").strip() for token in cell.split("] [") if token.strip().strip("[]").strip()]


def belarus_entries(frame: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """The Belarus rows of one snapshot, tidy."""
    tokens = frame["programme"].map(programme_tokens)
    is_belarus = tokens.map(lambda ts: any(t.startswith(BELARUS_PREFIX) for t in ts))
    sub = frame[is_belarus].copy()
    sub_tokens = tokens[is_belarus]
    snapshot = registry.get(source_id).snapshot_date
    if snapshot is None:
        raise RawFormatError(f"{source_id}: no snapshot date in data/sources.yaml (snapshot_dates)")
    out = pd.DataFrame(
        {
            "snapshot_id": source_id,
            "snapshot_date": snapshot,
            "ent_num": sub["ent_num"].to_numpy(),
            "name": sub["name"].to_numpy(),
            "entry_type": sub["sdn_type"].str.lower().map(SDN_TYPES).to_numpy(),
            "programmes": sub_tokens.map("; ".join).to_numpy(),
            "belarus_programmes": sub_tokens.map(lambda ts: "; ".join(t for t in ts if t.startswith(BELARUS_PREFIX))).to_numpy(),
            "title": sub["title"].to_numpy(),
        }
    )
    return out.sort_values("ent_num").reset_index(drop=True)


def count_entries(entries: pd.DataFrame) -> pd.DataFrame:
    """Entries per snapshot, programme string (as in the file) and entry type."""
    counts = (
        entries.groupby(["snapshot_id", "snapshot_date", "programmes", "entry_type"], as_index=False)
        .size()
        .rename(columns={"size": "entries_count"})
    )
    return counts.sort_values(["snapshot_date", "programmes", "entry_type"]).reset_index(drop=True)


@builder(tables=("ofac_belarus_entries", "ofac_belarus_counts"), sources=list(SDN_SNAPSHOTS))
def ofac_belarus(raw) -> dict[str, pd.DataFrame]:
    """Belarus-programme entries of every mirrored SDN snapshot, and their counts."""
    parts = [belarus_entries(read_sdn(raw(source_id), source_id), source_id) for source_id in SDN_SNAPSHOTS]
    entries = pd.concat(parts, ignore_index=True)
    entries = entries.sort_values(["snapshot_date", "ent_num"]).reset_index(drop=True)
    return {"ofac_belarus_entries": entries, "ofac_belarus_counts": count_entries(entries)}
