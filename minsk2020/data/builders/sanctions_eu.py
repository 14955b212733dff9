"""EU Financial Sanctions Files and Travel Bans of 13 September 2022 (third-party merge): Belarus.

``eu_fsf_merged_2022`` is a merge, made in the EU-sanctions-tracker repository, of the EU FSF
CSV (``20220913-FULL-1_0.csv``) and the Travel Bans export of the same day: UTF-8, one header
row, 31 columns, the first an unnamed row number. ``Programme`` holds the EU programme code;
``eu_fsf_programme_codes`` (xlsx, ``Sheet1``, ``CODE``/``TITLE`` in columns B and C) says
``BLR`` is ``BELARUS``. ``Leba_*`` give the legal act of an entry's latest amendment, not its
first listing. Belarusians listed under other EU regimes (e.g. ``UKR``) are not counted.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from minsk2020.data import raw as rawfile
from minsk2020.data import registry
from minsk2020.data.builders import builder
from minsk2020.errors import RawFormatError

PROGRAMME = "BLR"
PROGRAMME_TITLE = "BELARUS"
REQUIRED = [
    "Subject_type", "Programme", "EU_ref_num", "Naal_wholename", "Leba_numtitle",
    "Leba_publication_date", "Leba_url", "type",
]
SUBJECT_TYPES = {"P": "person", "E": "entity"}


def programme_titles(path: Path, source_id: str) -> dict[str, str]:
    """CODE -> TITLE from the FSD programme code workbook (Sheet1, columns B:C, after a CODE/TITLE row)."""
    book = rawfile.open_workbook(path, source_id)
    codes: dict[str, str] = {}
    started = False
    for row in rawfile.sheet(book, "Sheet1", source_id, path).iter_rows(min_col=2, max_col=3, values_only=True):
        code, title = (str(v).strip() if v is not None else "" for v in row)
        if not started:
            started = (code, title) == ("CODE", "TITLE")
            continue
        if code:
            codes[code] = title
    book.close()
    if not started:
        raise RawFormatError(f"{rawfile.where(source_id, path)}: no 'CODE' / 'TITLE' header row found in columns B:C of Sheet1")
    return codes


def read_merged(path: Path, source_id: str) -> pd.DataFrame:
    return rawfile.require_columns(rawfile.read_text_csv(path, source_id), REQUIRED, source_id, path)


def belarus_entries(frame: pd.DataFrame, source_id: str) -> pd.DataFrame:
    rows = frame[frame["Programme"].str.strip() == PROGRAMME]
    if rows.empty:
        raise RawFormatError(f"{source_id}: no rows with Programme == {PROGRAMME!r}")
    unknown = sorted(set(rows["Subject_type"]) - set(SUBJECT_TYPES))
    if unknown:
        raise RawFormatError(f"{source_id}: unknown Subject_type values {unknown} in the {PROGRAMME} rows")
    if rows["EU_ref_num"].duplicated().any():
        raise RawFormatError(f"{source_id}: an EU_ref_num appears in more than one {PROGRAMME} row")
    out = pd.DataFrame(
        {
            "snapshot_id": source_id,
            "list_date": registry.get(source_id).snapshot_date,
            "eu_ref_num": rows["EU_ref_num"].to_numpy(),
            "name": rows["Naal_wholename"].str.strip().to_numpy(),
            "entry_type": rows["Subject_type"].map(SUBJECT_TYPES).to_numpy(),
            "measures": rows["type"].to_numpy(),
            "latest_act": rows["Leba_numtitle"].to_numpy(),
            "latest_act_date": rows["Leba_publication_date"].to_numpy(),
        }
    )
    return out.sort_values(["latest_act_date", "eu_ref_num"]).reset_index(drop=True)


@builder(tables="eu_fsf_belarus_entries", sources=["eu_fsf_merged_2022", "eu_fsf_programme_codes"])
def eu_fsf_belarus(raw) -> pd.DataFrame:
    """Entries of the EU Belarus regime (programme BLR) on the lists of 13 September 2022."""
    codes = programme_titles(raw("eu_fsf_programme_codes"), "eu_fsf_programme_codes")
    if codes.get(PROGRAMME) != PROGRAMME_TITLE:
        raise RawFormatError(
            f"eu_fsf_programme_codes: code {PROGRAMME} should be titled {PROGRAMME_TITLE!r}, found {codes.get(PROGRAMME)!r}"
        )
    return belarus_entries(read_merged(raw("eu_fsf_merged_2022"), "eu_fsf_merged_2022"), "eu_fsf_merged_2022")
