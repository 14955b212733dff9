"""Belarus listings counted from every mirrored list: one row per list snapshot.

Reads the same raw files as :mod:`.sanctions_ofac`, :mod:`.sanctions_uk` and
:mod:`.sanctions_eu` (with their parsers and layout checks) and counts persons, entities and
other entries (OFAC aircraft) under the Belarus regime on each list date. Counts stated in
official statements for dates with no list are in the curated table ``sanctions_counts_stated``.
"""

from __future__ import annotations

import pandas as pd

from minsk2020.data.builders import builder
from minsk2020.data.builders import sanctions_eu as eu
from minsk2020.data.builders import sanctions_ofac as ofac
from minsk2020.data.builders import sanctions_uk as uk

PERSON_TYPES = {"individual", "person"}
ENTITY_TYPES = {"entity"}


def _row(sender: str, source_id: str, list_date: str, date_basis: str, regime: str, types: pd.Series) -> dict:
    return {
        "sender": sender,
        "source_id": source_id,
        "list_date": list_date,
        "list_date_basis": date_basis,
        "regime": regime,
        "persons_count": int(types.isin(PERSON_TYPES).sum()),
        "entities_count": int(types.isin(ENTITY_TYPES).sum()),
        "other_count": int((~types.isin(PERSON_TYPES | ENTITY_TYPES)).sum()),
        "entries_count": int(len(types)),
    }


@builder(
    tables="belarus_listed_counts",
    sources=[*ofac.SDN_SNAPSHOTS, *uk.UK_LISTS, "eu_fsf_merged_2022", "eu_fsf_programme_codes"],
)
def belarus_listed_counts(raw) -> pd.DataFrame:
    """Persons and entities under the Belarus regime on each mirrored list (US, EU)."""
    rows = []
    for source_id in ofac.SDN_SNAPSHOTS:
        entries = ofac.belarus_entries(ofac.read_sdn(raw(source_id), source_id), source_id)
        rows.append(_row("US", source_id, entries["snapshot_date"].iloc[0], ofac.DATE_BASIS[source_id],
                         "OFAC SDN list, programmes BELARUS and BELARUS-EO14038", entries["entry_type"]))
    for source_id in uk.UK_LISTS:
        list_date, frame = uk.read_conlist(raw(source_id), source_id)
        targets = uk.belarus_targets(frame, list_date, source_id)
        rows.append(_row("EU", source_id, list_date, "'Last Updated' line of the UK list",
                         "EU Belarus regime as implemented in the UK consolidated list (regime Belarus)",
                         targets["entry_type"]))
    codes = eu.programme_titles(raw("eu_fsf_programme_codes"), "eu_fsf_programme_codes")
    assert codes.get(eu.PROGRAMME) == eu.PROGRAMME_TITLE
    entries = eu.belarus_entries(eu.read_merged(raw("eu_fsf_merged_2022"), "eu_fsf_merged_2022"), "eu_fsf_merged_2022")
    rows.append(_row("EU", "eu_fsf_merged_2022", entries["list_date"].iloc[0], "date of the EU files merged",
                     "EU Financial Sanctions Files, programme BLR", entries["entry_type"]))
    return pd.DataFrame(rows).sort_values(["sender", "list_date"]).reset_index(drop=True)
