"""Global Sanctions Data Base, release 3 (GSDB-R3): the cases with Belarus as target.

Layout: CSV, UTF-8, one header row of 16 columns (``case_id, sanctioned_state,
sanctioning_state, begin, end, trade, descr_trade, arms, military, financial, travel, other,
target_mult, sender_mult, objective, success``). Sanction types are 0/1 flags; ``objective``
and ``success`` are comma-separated lists with one entry per objective; years only.
A case has Belarus as target when ``Belarus`` is one of the comma-separated names in
``sanctioned_state`` (cases where Belarus is the sender are left out).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from minsk2020.data import raw as rawfile
from minsk2020.data.builders import builder
from minsk2020.errors import RawFormatError

HEADER = [
    "case_id", "sanctioned_state", "sanctioning_state", "begin", "end", "trade", "descr_trade",
    "arms", "military", "financial", "travel", "other", "target_mult", "sender_mult", "objective", "success",
]
TYPES = ["trade", "arms", "military", "financial", "travel", "other"]
TARGET = "Belarus"
# Short sender group for colour and labels; the full sender list stays in `senders`.
SENDER_GROUPS = {"EU": "EU", "United States": "US", "United Kingdom": "UK", "Canada": "Canada",
                 "Switzerland": "Switzerland", "Russia": "Russia", "Belgium": "EU member states",
                 "Lithuania": "Baltic states", "Latvia": "Baltic states", "Estonia": "Baltic states"}


def read_gsdb(path: Path, source_id: str) -> pd.DataFrame:
    where = rawfile.where(source_id, path)
    frame = rawfile.check_header(rawfile.read_text_csv(path, source_id), HEADER, source_id, path)
    for column in ["case_id", "begin", "end", *TYPES, "target_mult", "sender_mult"]:
        bad = frame.loc[~frame[column].str.fullmatch(r"\d+"), column]
        if not bad.empty:
            raise RawFormatError(f"{where}: column {column!r} has a non-integer value {bad.iloc[0]!r}")
    for column in TYPES:
        bad = frame.loc[~frame[column].isin(["0", "1"]), column]
        if not bad.empty:
            raise RawFormatError(f"{where}: sanction-type flag {column!r} has value {bad.iloc[0]!r}, expected 0 or 1")
    return frame


def sender_group(senders: str) -> str:
    first = senders.split(",")[0].strip()
    if first in SENDER_GROUPS:
        return SENDER_GROUPS[first]
    return "Other"


def belarus_cases(frame: pd.DataFrame) -> pd.DataFrame:
    targets = frame["sanctioned_state"].map(lambda s: [t.strip() for t in s.split(",")])
    rows = frame[targets.map(lambda ts: TARGET in ts)].copy()
    out = pd.DataFrame(
        {
            "case_id": rows["case_id"].astype("int64"),
            "senders": rows["sanctioning_state"].str.strip(),
            "sender_group": rows["sanctioning_state"].map(sender_group),
            "begin_year": rows["begin"].astype("int64"),
            "end_year": rows["end"].astype("int64"),
            **{t: rows[t].astype("int64").astype(bool) for t in TYPES},
            "trade_description": rows["descr_trade"].str.replace(" ", "").str.replace(",", ", "),
            "multilateral": rows["sender_mult"].astype("int64").astype(bool),
            "objective": rows["objective"].str.replace(" ", "").str.replace(",", ", "),
            "success": rows["success"].str.replace(" ", "").str.replace(",", ", "),
        }
    )
    return out.sort_values(["begin_year", "case_id"]).reset_index(drop=True)


@builder(tables="gsdb_belarus_cases", sources=["gsdb_r3"])
def gsdb_belarus(raw) -> pd.DataFrame:
    """GSDB-R3 cases with Belarus as target, with sanction types, objectives and success codes."""
    return belarus_cases(read_gsdb(raw("gsdb_r3"), "gsdb_r3"))
