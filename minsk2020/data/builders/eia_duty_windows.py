"""U.S. EIA daily Brent over the monitoring windows of Russia's crude export duty, 2015-2024.

Russia's Finance Ministry sets each month's crude export duty from the Urals average of the 15th of the month
before last to the 14th of the last month. The duty model (:mod:`minsk2020.models.export_duty`) needs Brent
over every such window from January 2015 to December 2024: 15 November 2014 to 14 November 2024.
"""

from __future__ import annotations

import pandas as pd

from minsk2020.data.builders import builder
from minsk2020.data.builders.eia import read_price_csv

DUTY_WINDOWS = ("2014-11-15", "2024-11-14")


@builder(tables="brent_daily_2014_2024", sources=["eia_brent_daily"])
def brent_daily_2014_2024(raw) -> pd.DataFrame:
    """Daily Brent spot price, 15 November 2014 to 14 November 2024 (US$ per barrel)."""
    frame = read_price_csv(raw("eia_brent_daily"), "eia_brent_daily")
    start, end = (pd.Timestamp(d) for d in DUTY_WINDOWS)
    window = frame[(frame["Date"] >= start) & (frame["Date"] <= end)].sort_values("Date")
    return pd.DataFrame(
        {
            "date": window["Date"].dt.strftime("%Y-%m-%d"),
            "brent_usd_per_bbl": window["Price"].round(2),
        }
    ).reset_index(drop=True)
