"""Tables that compare editions of the Statistical Review (bp 2020, bp 2021, EI 2024).

Parsing lives in the per-source modules (:mod:`.bp2020`, :mod:`.bp2021`, :mod:`.ei2024`);
this module only puts their figures side by side.
"""

from __future__ import annotations

import pandas as pd

from minsk2020.data.builders import bp2020, bp2021, builder, ei2024
from minsk2020.data.builders._statreview import Workbook

EDITIONS = {  # source id -> label used on charts
    "bp_sr2020_alldata": "bp 2020",
    "bp_sr2021_panel": "bp 2021",
    "ei_sr2024_alldata": "EI 2024",
}
QUANTITIES = {  # column -> (label, unit)
    "oil_consumption_mt": ("Belarus oil consumption", "million tonnes"),
    "refinery_throughput_kbd": ("Belarus refinery throughput", "thousand barrels a day"),
    "gas_consumption_bcm": ("Belarus gas consumption", "billion cubic metres"),
    "primary_energy_ej": ("Belarus primary energy consumption", "exajoules"),
    "german_import_price_usd_per_mmbtu": ("Average German gas import price", "US$ per million Btu"),
}


def vintages_2019(bp2020_book: Workbook, bp2021_frame: pd.DataFrame, ei2024_book: Workbook) -> pd.DataFrame:
    ei = ei2024.belarus_series(ei2024_book).set_index("year").loc[2019].to_dict()
    values = {
        "bp_sr2020_alldata": bp2020.belarus_2019(bp2020_book),
        "bp_sr2021_panel": bp2021.belarus_2019(bp2021_frame),
        "ei_sr2024_alldata": ei,  # EI 2024 no longer publishes the German import price
    }
    rows = []
    for quantity, (label, unit) in QUANTITIES.items():
        for source_id, edition in EDITIONS.items():
            value = values[source_id].get(quantity)
            rows.append({"quantity": quantity, "label": label, "unit": unit, "edition": edition,
                         "source_id": source_id, "value_2019": None if value is None else round(float(value), 4)})
    return pd.DataFrame(rows)


def pipeline_belarus_russia(bp2020_book: Workbook, ei2024_book: Workbook) -> pd.DataFrame:
    """Pipeline gas flows into Belarus and out of Russia: 2019 (bp 2020) and 2023 (EI 2024).

    Each row is one importer-exporter cell of the edition's matrix where the importer is Belarus
    or the exporter is Russia, with its share of the importer's pipeline imports and of the
    exporter's pipeline exports (both from the same matrix).
    """
    parts = []
    for edition, matrix in (("bp 2020", bp2020.pipeline_2019(bp2020_book)), ("EI 2024", ei2024.pipeline_2023(ei2024_book))):
        imports = matrix.groupby("importer")["volume_bcm"].sum()
        exports = matrix.groupby("exporter")["volume_bcm"].sum()
        keep = matrix[(matrix["importer"] == "Belarus") | (matrix["exporter"] == "Russian Federation")].copy()
        keep.insert(0, "edition", edition)
        keep["share_of_importer_imports_pct"] = 100 * keep["volume_bcm"] / keep["importer"].map(imports)
        keep["share_of_exporter_exports_pct"] = 100 * keep["volume_bcm"] / keep["exporter"].map(exports)
        parts.append(keep.sort_values(["exporter", "volume_bcm"], ascending=[True, False]))
    return pd.concat(parts, ignore_index=True).round(4)


@builder(tables=["belarus_sr_vintages_2019", "gas_pipeline_belarus_russia"], sources=list(EDITIONS))
def sr_vintage_tables(raw) -> dict[str, pd.DataFrame]:
    """Key Belarus 2019 figures in three editions; pipeline gas into Belarus and out of Russia, 2019 and 2023."""
    bp2020_book = Workbook(raw("bp_sr2020_alldata"), "bp_sr2020_alldata")
    ei2024_book = Workbook(raw("ei_sr2024_alldata"), "ei_sr2024_alldata")
    panel = bp2021.read_panel(raw("bp_sr2021_panel"))
    return {
        "belarus_sr_vintages_2019": vintages_2019(bp2020_book, panel, ei2024_book),
        "gas_pipeline_belarus_russia": pipeline_belarus_russia(bp2020_book, ei2024_book),
    }
