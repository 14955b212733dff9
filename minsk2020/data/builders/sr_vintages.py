"""Tables that compare editions of the Statistical Review (bp 2020, bp 2021, EI 2024).

Both builders read some raw files themselves, through the shared readers of
:mod:`._statreview` (never the other builder modules), because the tables of the other
builders do not hold what they need, and adding it would change the committed tables:

* ``belarus_sr_vintages_2019`` reads the EI 2024 figures from the table
  ``belarus_energy_ei2024``, but the bp 2020 and bp 2021 figures from their raw files: the
  bp 2020 builder writes only the pipeline matrix, and the bp 2021 tables lack gas
  consumption in bcm and total primary energy.
* ``gas_pipeline_belarus_russia`` computes shares of each matrix's unrounded volumes; the
  tables ``gas_pipeline_trade_bp2020`` and ``gas_pipeline_trade_ei2024`` hold volumes rounded to
  four decimals, and shares computed from those differ in the fourth decimal for eight rows.
"""

from __future__ import annotations

import pandas as pd

from minsk2020.data.builders import builder
from minsk2020.data.builders._statreview import Workbook, entity, pipeline, read_panel

BP2020, BP2021, EI2024 = "bp_sr2020_alldata", "bp_sr2021_panel", "ei_sr2024_alldata"
EDITIONS = {BP2020: "bp 2020", BP2021: "bp 2021", EI2024: "EI 2024"}  # source id -> label used on charts
QUANTITIES = {  # column -> (label, unit)
    "oil_consumption_mt": ("Belarus oil consumption", "million tonnes"),
    "refinery_throughput_kbd": ("Belarus refinery throughput", "thousand barrels a day"),
    "gas_consumption_bcm": ("Belarus gas consumption", "billion cubic metres"),
    "primary_energy_ej": ("Belarus primary energy consumption", "exajoules"),
    "german_import_price_usd_per_mmbtu": ("Average German gas import price", "US$ per million Btu"),
}
BP2020_SERIES = {  # quantity -> (sheet, unit label in A3) of the bp 2020 workbook
    "oil_consumption_mt": ("Oil Consumption - Tonnes", "Million tonnes"),
    "refinery_throughput_kbd": ("Oil - Refinery throughput", "Thousand barrels daily*"),
    "gas_consumption_bcm": ("Gas Consumption - Bcm", "Billion cubic metres"),
    "primary_energy_ej": ("Primary Energy Consumption", "Exajoules"),
}
BP2020_PRICE_SHEET = "Gas - Prices "  # trailing space, as in the workbook
BP2021_COLUMNS = {  # quantity -> column of the bp 2021 panel
    "oil_consumption_mt": "Oil Consumption - Tonnes",
    "refinery_throughput_kbd": "Oil - Refinery throughput",
    "gas_consumption_bcm": "Gas Consumption - Bcm",
    "primary_energy_ej": "Primary Energy Consumption - EJ",
}
GERMAN_PRICE = "Natural gas - Average German Import price"  # bp 2021 panel entity


def german_import_price(book: Workbook) -> pd.Series:
    """'Average German Import price' (US$ per MMBtu) by year, from the bp 2020 gas prices sheet."""
    sheet = BP2020_PRICE_SHEET
    book.expect(sheet, 2, 1, "US dollars per million Btu")
    col = book.find_col(sheet, 4, "Average German")
    book.expect(sheet, 5, col, "Import price 3")
    values = {}
    for row in range(6, len(book.rows(sheet)) + 1):
        year = book.cell(sheet, row, 1)
        if not isinstance(year, int):
            break
        values[year] = book.number(sheet, row, col)
    return pd.Series(values, dtype="float64").dropna()


def bp2020_figures(book: Workbook) -> dict[str, float]:
    """Key 2019 figures of the bp 2020 edition: Belarus series and the German import price."""
    out = {name: float(book.country_series(sheet, "Belarus", unit)[2019]) for name, (sheet, unit) in BP2020_SERIES.items()}
    out["german_import_price_usd_per_mmbtu"] = float(german_import_price(book)[2019])
    return out


def bp2021_figures(panel: pd.DataFrame) -> dict[str, float]:
    """Key 2019 figures of the bp 2021 edition."""
    by = entity(panel, "Belarus", BP2021).loc[2019]
    out = {name: float(by[column]) for name, column in BP2021_COLUMNS.items()}
    out["german_import_price_usd_per_mmbtu"] = float(entity(panel, GERMAN_PRICE, BP2021).loc[2019, "Gas - Prices"])
    return out


def vintages_2019(values: dict[str, dict[str, float]]) -> pd.DataFrame:
    """One row per quantity and edition; ``values`` maps a source id to its 2019 figures."""
    rows = []
    for quantity, (label, unit) in QUANTITIES.items():
        for source_id, edition in EDITIONS.items():
            value = values[source_id].get(quantity)
            rows.append({"quantity": quantity, "label": label, "unit": unit, "edition": edition,
                         "source_id": source_id, "value_2019": None if value is None else round(float(value), 4)})
    return pd.DataFrame(rows)


@builder(tables="belarus_sr_vintages_2019", sources=[BP2020, BP2021], reads=["belarus_energy_ei2024"])
def belarus_sr_vintages_2019(raw, table) -> pd.DataFrame:
    """Key Belarus 2019 figures in three editions (EI 2024 no longer publishes the German import price)."""
    panel = read_panel(raw(BP2021), BP2021, ["Entity", "Year", "Gas - Prices", *BP2021_COLUMNS.values()])
    return vintages_2019({
        BP2020: bp2020_figures(Workbook(raw(BP2020), BP2020)),
        BP2021: bp2021_figures(panel),
        EI2024: table("belarus_energy_ei2024").set_index("year").loc[2019].to_dict(),
    })


@builder(tables="gas_pipeline_belarus_russia", sources=[BP2020, EI2024])
def gas_pipeline_belarus_russia(raw) -> pd.DataFrame:
    """Pipeline gas flows into Belarus and out of Russia: 2019 (bp 2020) and 2023 (EI 2024).

    Each row is one importer-exporter cell of the edition's matrix where the importer is Belarus
    or the exporter is Russia, with its share of the importer's pipeline imports and of the
    exporter's pipeline exports (both from the same matrix).
    """
    parts = []
    for source_id in (BP2020, EI2024):
        edition, matrix = EDITIONS[source_id], pipeline(Workbook(raw(source_id), source_id))
        imports = matrix.groupby("importer")["volume_bcm"].sum()
        exports = matrix.groupby("exporter")["volume_bcm"].sum()
        keep = matrix[(matrix["importer"] == "Belarus") | (matrix["exporter"] == "Russian Federation")].copy()
        keep.insert(0, "edition", edition)
        keep["share_of_importer_imports_pct"] = 100 * keep["volume_bcm"] / keep["importer"].map(imports)
        keep["share_of_exporter_exports_pct"] = 100 * keep["volume_bcm"] / keep["exporter"].map(exports)
        parts.append(keep.sort_values(["exporter", "volume_bcm"], ascending=[True, False]))
    return pd.concat(parts, ignore_index=True).round(4)
