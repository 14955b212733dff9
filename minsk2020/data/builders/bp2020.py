"""bp Statistical Review of World Energy, June 2020 all-data workbook (data to 2019).

Builds the 2019 pipeline gas trade matrix. The Belarus figures of this edition that the
chapter compares with later editions are read by :mod:`.sr_vintages`.
"""

from __future__ import annotations

import pandas as pd

from minsk2020.data.builders import builder
from minsk2020.data.builders._statreview import Workbook, pipeline_table

SOURCE = "bp_sr2020_alldata"


@builder(tables="gas_pipeline_trade_bp2020", sources=[SOURCE])
def gas_pipeline_trade_bp2020(raw) -> pd.DataFrame:
    """Pipeline gas trade in 2019 (bcm), importer by exporter, non-zero cells, bp June 2020."""
    return pipeline_table(Workbook(raw(SOURCE), SOURCE))
