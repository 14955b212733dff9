"""HM Treasury (OFSI) Consolidated List of Financial Sanctions Targets: the Belarus regime.

The UK list implemented the EU Belarus regime (Regulation (EC) No 765/2006) while the UK was
in the EU, so it is the book's only machine-readable copy of the EU Belarus list before 2022,
with a ``Listed On`` date per target (the UK notice date, usually 1-3 days after the EU act).

Layout (both mirrored lists): CSV in cp1252; line 1 ``Last Updated,DD/MM/YYYY`` (2018: padded
with commas); line 2 the header of 29 columns; one row per alias of a target, ``Group ID``
identifies the target and ``Alias Type`` ``Prime Alias`` marks its main name. Only targets
still listed on the list date appear: earlier delistings are absent.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from minsk2020.data import raw as rawfile
from minsk2020.data import registry
from minsk2020.data.builders import builder
from minsk2020.errors import RawFormatError

UK_LISTS = ("uk_conlist_2014", "uk_conlist_2018")
HEADER = [
    "Name 6", "Name 1", "Name 2", "Name 3", "Name 4", "Name 5", "Title", "DOB", "Town of Birth",
    "Country of Birth", "Nationality", "Passport Details", "NI Number", "Position", "Address 1",
    "Address 2", "Address 3", "Address 4", "Address 5", "Address 6", "Post/Zip Code", "Country",
    "Other Information", "Group Type", "Alias Type", "Regime", "Listed On", "Last Updated", "Group ID",
]
REGIME = "Belarus"
GROUP_TYPES = {"Individual": "individual", "Entity": "entity"}


def uk_date(value: str, where: str) -> str:
    """``DD/MM/YYYY`` -> ISO ``YYYY-MM-DD``."""
    try:
        return pd.to_datetime(value.strip(), format="%d/%m/%Y").strftime("%Y-%m-%d")
    except ValueError as exc:
        raise RawFormatError(f"{where}: {value!r} is not a DD/MM/YYYY date") from exc


def read_conlist(path: Path, source_id: str) -> tuple[str, pd.DataFrame]:
    """(list date as ISO, all alias rows as strings), with the layout checked."""
    where = rawfile.where(source_id, path)
    data = Path(path).read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        raise RawFormatError(f"{where}: unexpected encoding - UTF-8 byte-order mark; expected cp1252 text")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:4096]:
        raise RawFormatError(f"{where}: unexpected encoding - UTF-16 bytes found; expected cp1252 text")
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise RawFormatError(f"{where}: unexpected encoding - not cp1252 text ({exc})") from exc
    lines = text.splitlines()
    if len(lines) < 3:
        raise RawFormatError(f"{where}: expected a 'Last Updated' line, a header line and data rows")
    first = lines[0].split(",")
    if first[0].strip() != "Last Updated" or len(first) < 2:
        raise RawFormatError(f"{where}: line 1 should be 'Last Updated,DD/MM/YYYY', found {lines[0][:60]!r}")
    list_date = uk_date(first[1], f"{where} line 1")
    frame = pd.read_csv(io.StringIO(text), skiprows=1, dtype=str, keep_default_na=False)
    return list_date, rawfile.check_header(frame, HEADER, source_id, path)


def belarus_targets(frame: pd.DataFrame, list_date: str, source_id: str) -> pd.DataFrame:
    """One row per Belarus-regime target (unique Group ID), named by its first prime alias."""
    rows = frame[frame["Regime"].str.strip() == REGIME].copy()
    if rows.empty:
        raise RawFormatError(f"{source_id}: no rows with Regime == {REGIME!r}")
    unknown = sorted(set(rows["Group Type"]) - set(GROUP_TYPES))
    if unknown:
        raise RawFormatError(f"{source_id}: unknown Group Type values {unknown}")
    rows["_order"] = range(len(rows))
    rows["_prime"] = rows["Alias Type"].str.strip() != "Prime Alias"  # False sorts first
    rows = rows.sort_values(["Group ID", "_prime", "_order"])
    records = []
    for group_id, group in rows.groupby("Group ID", sort=False):
        main = group.iloc[0]
        if group["Listed On"].nunique() != 1 or group["Group Type"].nunique() != 1:
            raise RawFormatError(f"{source_id}: Group ID {group_id} has rows with different Listed On or Group Type")
        surname = main["Name 6"].strip()
        given = " ".join(v.strip() for v in main[["Name 1", "Name 2", "Name 3", "Name 4", "Name 5"]] if v.strip())
        records.append(
            {
                "snapshot_id": source_id,
                "list_date": list_date,
                "group_id": int(group_id),
                "name": f"{surname}, {given}" if given else surname,
                "entry_type": GROUP_TYPES[main["Group Type"]],
                "listed_on": uk_date(main["Listed On"], f"{source_id} Group ID {group_id} Listed On"),
                "alias_rows": len(group),
            }
        )
    out = pd.DataFrame.from_records(records)
    return out.sort_values(["listed_on", "group_id"]).reset_index(drop=True)


@builder(tables="uk_conlist_belarus_targets", sources=list(UK_LISTS))
def uk_conlist_belarus(raw) -> pd.DataFrame:
    """Belarus-regime targets on the UK consolidated lists of 2 April 2014 and 13 April 2018."""
    parts = []
    for source_id in UK_LISTS:
        list_date, frame = read_conlist(raw(source_id), source_id)
        expected = registry.get(source_id).snapshot_date
        if expected and expected != list_date:
            raise RawFormatError(f"{source_id}: 'Last Updated' is {list_date}, the registry says {expected}")
        parts.append(belarus_targets(frame, list_date, source_id))
    return pd.concat(parts, ignore_index=True)
