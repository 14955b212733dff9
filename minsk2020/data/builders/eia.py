"""U.S. EIA spot prices (datasets/oil-prices data package): Brent around the visit."""

from __future__ import annotations

import pandas as pd

from minsk2020.data import raw as rawfile
from minsk2020.data.builders import builder
from minsk2020.errors import RawFormatError

VISIT_WINDOW = ("2019-12-01", "2020-03-31")


def read_price_csv(path, source_id: str, date_column: str = "Date") -> pd.DataFrame:
    """Read an EIA price CSV (``Date,Price``), checking its header."""
    frame = rawfile.read_csv(path, source_id, dtype={"Price": "float64"})
    rawfile.check_header(frame, [date_column, "Price"], source_id, path)
    frame[date_column] = pd.to_datetime(frame[date_column], format="ISO8601")
    return frame


def daily_brent(path, first_day: str, last_day: str) -> pd.DataFrame:
    """Daily Brent spot price from ``first_day`` to ``last_day`` inclusive: date, US$ per barrel."""
    frame = read_price_csv(path, "eia_brent_daily")
    start, end = pd.Timestamp(first_day), pd.Timestamp(last_day)
    window = frame[(frame["Date"] >= start) & (frame["Date"] <= end)].sort_values("Date")
    return pd.DataFrame(
        {
            "date": window["Date"].dt.strftime("%Y-%m-%d"),
            "brent_usd_per_bbl": window["Price"].round(2),
        }
    ).reset_index(drop=True)


@builder(tables="brent_daily_visit_window", sources=["eia_brent_daily"])
def brent_daily_visit_window(raw) -> pd.DataFrame:
    """Daily Brent spot price, 1 December 2019 to 31 March 2020 (US$ per barrel)."""
    return daily_brent(raw("eia_brent_daily"), *VISIT_WINDOW)


# Russia's Finance Ministry set each month's crude export duty from the Urals average of the 15th of the month
# before last to the 14th of the last month; the duty model (minsk2020.models.export_duty) needs Brent over every
# such window from January 2015 to December 2024.
DUTY_WINDOWS = ("2014-11-15", "2024-11-14")


@builder(tables="brent_daily_2014_2024", sources=["eia_brent_daily"])
def brent_daily_2014_2024(raw) -> pd.DataFrame:
    """Daily Brent spot price over the export-duty monitoring windows, 15 Nov 2014 to 14 Nov 2024 (US$ per barrel)."""
    return daily_brent(raw("eia_brent_daily"), *DUTY_WINDOWS)


BRENT_MONTHLY_WINDOW = ("2018-01", "2021-12")


@builder(tables="brent_monthly_2018_2021", sources=["eia_brent_monthly"])
def brent_monthly_2018_2021(raw) -> pd.DataFrame:
    """Monthly average Brent spot price, January 2018 to December 2021 (US$ per barrel)."""
    frame = read_price_csv(raw("eia_brent_monthly"), "eia_brent_monthly")
    month = frame["Date"].dt.strftime("%Y-%m")
    if month.duplicated().any():
        raise RawFormatError(f"eia_brent_monthly: more than one row for month {month[month.duplicated()].iloc[0]}")
    keep = (month >= BRENT_MONTHLY_WINDOW[0]) & (month <= BRENT_MONTHLY_WINDOW[1])
    out = pd.DataFrame({"month": month[keep], "brent_usd_per_bbl": frame.loc[keep, "Price"].round(2)})
    expected = len(pd.period_range(*BRENT_MONTHLY_WINDOW, freq="M"))
    if len(out) != expected:
        raise RawFormatError(f"eia_brent_monthly: expected {expected} months in {BRENT_MONTHLY_WINDOW}, found {len(out)}")
    return out.sort_values("month").reset_index(drop=True)
