"""bp Statistical Review of World Energy, June 2020 all-data workbook (data to 2019).

Builds the 2019 pipeline gas trade matrix. The Belarus figures of this edition that the
chapter compares with later editions are read by :mod:`.sr_vintages` with :func:`belarus_2019`.
"""

from __future__ import annotations

import pandas as pd

from minsk2020.data.builders import builder
from minsk2020.data.builders._statreview import Workbook

SOURCE = "bp_sr2020_alldata"
PIPELINE_SHEET = "Gas - Trade movts - pipeline"
PRICE_SHEET = "Gas - Prices "  # trailing space, as in the workbook
SERIES = {  # quantity -> (sheet, unit label in A3)
    "oil_consumption_mt": ("Oil Consumption - Tonnes", "Million tonnes"),
    "refinery_throughput_kbd": ("Oil - Refinery throughput", "Thousand barrels daily*"),
    "gas_consumption_bcm": ("Gas Consumption - Bcm", "Billion cubic metres"),
    "primary_energy_ej": ("Primary Energy Consumption", "Exajoules"),
}


def pipeline_2019(book: Workbook) -> pd.DataFrame:
    frame = book.pipeline_matrix(PIPELINE_SHEET, 2019)
    frame.insert(0, "data_year", 2019)
    return frame


def german_import_price(book: Workbook) -> pd.Series:
    """'Average German Import price' (US$ per MMBtu) by year, from the gas prices sheet."""
    book.expect(PRICE_SHEET, 2, 1, "US dollars per million Btu")
    col = book.find_col(PRICE_SHEET, 4, "Average German")
    book.expect(PRICE_SHEET, 5, col, "Import price 3")
    values = {}
    for row in range(6, len(book.rows(PRICE_SHEET)) + 1):
        year = book.cell(PRICE_SHEET, row, 1)
        if not isinstance(year, int):
            break
        values[year] = book.number(PRICE_SHEET, row, col)
    return pd.Series(values, dtype="float64").dropna()


def belarus_2019(book: Workbook) -> dict[str, float]:
    """Key 2019 figures of this edition: Belarus series and the German import price."""
    out = {name: float(book.country_series(sheet, "Belarus", unit)[2019]) for name, (sheet, unit) in SERIES.items()}
    out["german_import_price_usd_per_mmbtu"] = float(german_import_price(book)[2019])
    return out


@builder(tables="gas_pipeline_trade_bp2020", sources=[SOURCE])
def gas_pipeline_trade_bp2020(raw) -> pd.DataFrame:
    """Pipeline gas trade in 2019 (bcm), importer by exporter, non-zero cells, bp June 2020."""
    frame = pipeline_2019(Workbook(raw(SOURCE), SOURCE))
    frame["volume_bcm"] = frame["volume_bcm"].round(4)
    return frame.sort_values(["importer", "exporter"]).reset_index(drop=True)
