"""Belarus listings counted from every mirrored list: one row per list snapshot.

A derived builder: it reads the tables of the OFAC, UK and EU builders
(``ofac_belarus_entries``, ``uk_conlist_belarus_targets``, ``eu_fsf_belarus_entries``, whose
builders check the raw layouts) and counts persons, entities and other entries (OFAC
aircraft) under the Belarus regime on each list date. Counts stated in official statements
for dates with no list are in the curated table ``sanctions_counts_stated``.
"""

from __future__ import annotations

import pandas as pd

from minsk2020.data.builders import builder

PERSON_TYPES = {"individual", "person"}
ENTITY_TYPES = {"entity"}
# How the date of each OFAC snapshot was fixed (the files themselves carry none; see sanctions_ofac).
OFAC_DATE_BASIS = {
    "ofac_sdn_2015": "commit date of the copy (list on or before this date)",
    "ofac_sdn_2021_04": "commit date of the copy (list of about this date)",
    "ofac_sdn_2021_08": "capture date of a scheduled download of treasury.gov sdn.csv",
    "ofac_sdn_2021_12": "capture date of a scheduled download of treasury.gov sdn.csv",
    "ofac_sdn_2022_02": "capture date of a scheduled download of treasury.gov sdn.csv",
    "ofac_sdn_2024_05": "capture date of a scheduled download of treasury.gov sdn.csv",
}
# table -> (sender, column with the list date, how that date was fixed, regime counted)
LISTS = {
    "ofac_belarus_entries": ("US", "snapshot_date", OFAC_DATE_BASIS,
                             "OFAC SDN list, programmes BELARUS and BELARUS-EO14038"),
    "uk_conlist_belarus_targets": ("EU", "list_date", "'Last Updated' line of the UK list",
                                   "EU Belarus regime as implemented in the UK consolidated list (regime Belarus)"),
    "eu_fsf_belarus_entries": ("EU", "list_date", "date of the EU files merged",
                               "EU Financial Sanctions Files, programme BLR"),
}


def count_row(sender: str, source_id: str, list_date: str, date_basis: str, regime: str, types: pd.Series) -> dict:
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


@builder(tables="belarus_listed_counts", reads=list(LISTS))
def belarus_listed_counts(table) -> pd.DataFrame:
    """Persons and entities under the Belarus regime on each mirrored list (US, EU)."""
    rows = []
    for name, (sender, date_column, basis, regime) in LISTS.items():
        for source_id, entries in table(name).groupby("snapshot_id", sort=False):
            date_basis = basis[source_id] if isinstance(basis, dict) else basis
            rows.append(count_row(sender, source_id, entries[date_column].iloc[0], date_basis, regime,
                                  entries["entry_type"]))
    return pd.DataFrame(rows).sort_values(["sender", "list_date"]).reset_index(drop=True)
