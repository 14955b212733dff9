"""Energy Institute Statistical Review of World Energy 2024 all-data workbook (data to 2023)."""

from __future__ import annotations

import pandas as pd

from minsk2020.data.builders import builder
from minsk2020.data.builders._statreview import Workbook

SOURCE = "ei_sr2024_alldata"
PIPELINE_SHEET = "Gas trade - pipeline"
SERIES = {  # column -> (sheet, unit label in A3)
    "oil_consumption_mt": ("Oil Consumption - Tonnes", "Million tonnes"),
    "refinery_throughput_kbd": ("Oil refinery - throughput", "Thousand barrels daily*"),
    "gas_consumption_bcm": ("Gas Consumption - Bcm", "Billion cubic metres"),
    "primary_energy_ej": ("Primary energy cons - EJ", "Exajoules"),
}


def pipeline_2023(book: Workbook) -> pd.DataFrame:
    frame = book.pipeline_matrix(PIPELINE_SHEET, 2023)
    frame.insert(0, "data_year", 2023)
    return frame


def belarus_series(book: Workbook) -> pd.DataFrame:
    """Belarus oil and gas consumption, refinery throughput and primary energy, by year."""
    frame = pd.DataFrame({name: book.country_series(sheet, "Belarus", unit) for name, (sheet, unit) in SERIES.items()})
    frame.index.name = "year"
    return frame.reset_index()


@builder(tables=["gas_pipeline_trade_ei2024", "belarus_energy_ei2024"], sources=[SOURCE])
def ei2024_tables(raw) -> dict[str, pd.DataFrame]:
    """2023 pipeline gas trade matrix, and Belarus's main series 1990-2023 (EI 2024 edition)."""
    book = Workbook(raw(SOURCE), SOURCE)
    pipeline = pipeline_2023(book)
    pipeline["volume_bcm"] = pipeline["volume_bcm"].round(4)
    series = belarus_series(book)
    series = series[series["year"] >= 1990].round(4).reset_index(drop=True)
    return {
        "gas_pipeline_trade_ei2024": pipeline.sort_values(["importer", "exporter"]).reset_index(drop=True),
        "belarus_energy_ei2024": series,
    }
