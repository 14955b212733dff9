"""Energy Institute Statistical Review of World Energy 2024 all-data workbook (data to 2023)."""

from __future__ import annotations

import pandas as pd

from minsk2020.data.builders import builder
from minsk2020.data.builders._statreview import Workbook, country_frame, pipeline_table

SOURCE = "ei_sr2024_alldata"
SERIES = {  # column -> (sheet, unit label in A3)
    "oil_consumption_mt": ("Oil Consumption - Tonnes", "Million tonnes"),
    "refinery_throughput_kbd": ("Oil refinery - throughput", "Thousand barrels daily*"),
    "gas_consumption_bcm": ("Gas Consumption - Bcm", "Billion cubic metres"),
    "primary_energy_ej": ("Primary energy cons - EJ", "Exajoules"),
}


@builder(tables=["gas_pipeline_trade_ei2024", "belarus_energy_ei2024"], sources=[SOURCE])
def ei2024_tables(raw) -> dict[str, pd.DataFrame]:
    """2023 pipeline gas trade matrix, and Belarus's main series 1990-2023 (EI 2024 edition)."""
    book = Workbook(raw(SOURCE), SOURCE)
    pipeline = pipeline_table(book)
    series = country_frame(book, "Belarus", SERIES)
    return {
        "gas_pipeline_trade_ei2024": pipeline,
        "belarus_energy_ei2024": series[series["year"] >= 1990].round(4).reset_index(drop=True),
    }
