"""Expectations per processed table: how many rows it has and what it must cover.

Frictionless checks each value against its field; nothing there says a table may not
lose a third of its rows. Each processed table's schema (``data/schemas/<table>.yaml``)
therefore states::

    expectations:
      rows: {min: 85, max: 85}                 # the builders read pinned files: counts are known
      coverage:
        - {field: date, from: "2019-12-02", to: "2020-03-31"}  # the column spans at least this
        - {field: edition, includes: [bp 2020, bp 2021]}       # these values are all present

``from``/``to`` are compared as numbers for integer, number and year fields and as ISO
text otherwise (dates, ``YYYY-MM`` months). The data command and ``validate`` fail,
naming the table and the expectation, when a table breaks one.

A table (processed or curated) may also state row rules that a schema's field constraints
cannot express, because they relate two fields of one row::

    expectations:
      ordered:                                  # on every row, low <= value <= high
        - [value_usd_million_low, value_usd_million, value_usd_million_high]

Each list names number fields; on every row the values that are present must not decrease
from left to right (an empty cell is skipped). A broken row is named by table, row number
(the header is row 1) and the values.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from minsk2020.errors import SchemaError

NUMERIC = {"integer", "number", "year"}


def check_descriptor(resource: dict, where: str) -> None:
    """The expectations block of a processed table is present and well formed."""
    expectations = resource.get("expectations")
    if not isinstance(expectations, dict) or not isinstance(expectations.get("rows"), dict):
        raise SchemaError(f"{where}: a processed table needs `expectations: rows: {{min: N, max: M}}`")
    rows = expectations["rows"]
    if not all(isinstance(rows.get(k), int) for k in ("min", "max")) or rows["min"] > rows["max"]:
        raise SchemaError(f"{where}: expectations.rows needs integer min <= max, found {rows}")
    fields = {f["name"] for f in resource["schema"]["fields"]}
    check_ordered(resource, where)
    for item in expectations.get("coverage", []):
        if item.get("field") not in fields:
            raise SchemaError(f"{where}: expectations.coverage names field {item.get('field')!r}, not in the schema")
        if not ({"from", "to"} <= set(item) or "includes" in item):
            raise SchemaError(f"{where}: expectations.coverage for {item['field']!r} needs from and to, or includes")
        for key in ("from", "to"):
            if key in item and not isinstance(item[key], (str, int, float)):
                raise SchemaError(
                    f"{where}: expectations.coverage {item['field']}.{key} must be a number or a quoted "
                    f"string, found {type(item[key]).__name__} {item[key]!r}"
                )


def check_ordered(resource: dict, where: str) -> None:
    """The ``ordered`` row rules of a table, if any, name two or more number fields of its schema."""
    types = {f["name"]: f.get("type", "string") for f in resource["schema"]["fields"]}
    for item in (resource.get("expectations") or {}).get("ordered", []):
        if not isinstance(item, list) or len(item) < 2:
            raise SchemaError(f"{where}: expectations.ordered needs lists of two or more fields, found {item!r}")
        for field in item:
            if types.get(field) not in NUMERIC:
                raise SchemaError(f"{where}: expectations.ordered names {field!r}, which is not a number field "
                                  "of the schema")


def ordered_problems(resource: dict, frame: pd.DataFrame) -> list[str]:
    """Every row where the fields of an ``ordered`` rule decrease from left to right."""
    found = []
    for item in resource["expectations"].get("ordered", []):
        missing = [field for field in item if field not in frame.columns]
        if missing:
            found.append(f"table {resource['name']}: expectation ordered {item} broken: no column {missing}")
            continue
        values = frame[item].apply(pd.to_numeric, errors="coerce")
        for index, row in values.iterrows():
            present = row.dropna()
            if (present.diff().dropna() < 0).any():
                shown = " <= ".join(f"{field} ({frame.at[index, field]})" for field in present.index)
                found.append(f"table {resource['name']} ({resource['path']}), row {index + 2}: expectation "
                             f"ordered broken: {shown} does not hold")
    return found


def problems(resource: dict, csv_path: Path) -> list[str]:
    """Every expectation of ``resource`` that the table at ``csv_path`` breaks."""
    expectations = resource.get("expectations")
    if not expectations:
        return []
    name = resource["name"]
    frame = pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8")
    found: list[str] = []
    rows = expectations.get("rows")
    if rows and not rows["min"] <= len(frame) <= rows["max"]:
        found.append(
            f"table {name} ({resource['path']}): expectation rows {rows['min']}..{rows['max']} broken: "
            f"it has {len(frame)} rows"
        )
    types = {f["name"]: f.get("type", "string") for f in resource["schema"]["fields"]}
    for item in expectations.get("coverage", []):
        field = item["field"]
        if field not in frame.columns:
            found.append(f"table {name}: expectation coverage of {field!r} broken: the column is missing")
            continue
        values = frame[field][frame[field] != ""]
        if "includes" in item:
            missing = sorted({str(v) for v in item["includes"]} - set(values))
            if missing:
                found.append(f"table {name}: expectation coverage of {field!r} broken: missing {missing}")
        if "from" in item:
            if values.empty:
                found.append(f"table {name}: expectation coverage of {field!r} broken: the column is empty")
                continue
            start, end = item["from"], item["to"]
            if types.get(field) in NUMERIC:
                values, start, end = pd.to_numeric(values), float(start), float(end)
            else:
                start, end = str(start), str(end)
            low, high = values.min(), values.max()
            if low > start or high < end:
                found.append(
                    f"table {name}: expectation coverage of {field!r} from {item['from']} to {item['to']} "
                    f"broken: it spans {low} to {high}"
                )
    return found + ordered_problems(resource, frame)
