"""The data command: fetch, build and validate every table, then publish them all together.

Under a lock (one run at a time), the tables are written to a staging folder beside
``data/processed`` (``data/.processed-stage-<run>``) that starts as a copy of the
published set, and validated there together with the curated tables: schemas and each
table's expectations (row count, coverage). Only when every builder succeeded and the
whole package is valid is the staging folder swapped in with one rename
(:func:`minsk2020.data.publish.swap_in`); ``data/datapackage.json`` is then replaced through a
temporary file. A failure, or a kill at any point, leaves ``data/processed`` as the whole
old set or the whole new set.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from minsk2020.data import datapackage, graph, publish
from minsk2020.data.builders import all_builders
from minsk2020.data.fetch import fetch
from minsk2020.data.tables import to_csv_bytes
from minsk2020.errors import SchemaError
from minsk2020.paths import CURATED, DATAPACKAGE, PROCESSED


@dataclass
class Written:
    table: str
    rows: int
    builder: str


def build_all(out: Path = PROCESSED, only: list[str] | None = None, progressbar: bool = True,
              write_package: bool = True) -> list[Written]:
    """Build tables, validate the whole set in a staging folder, publish it to ``out`` in one rename.

    The builders run in dependency order; with ``only``, the upstream tables of those named are
    rebuilt too (a derived table is always built from freshly built inputs, never the committed ones).
    """
    builders = all_builders()
    if only:  # the builders of these tables and of every table they read, directly or not
        builders = graph.upstream(builders, only)
    out = Path(out).absolute()
    publishing_committed = out == PROCESSED.absolute()
    publish.check_writable(out)
    with publish.lock(out):
        publish.recover(out)
        publish.check_writable(out)
        stage = publish.new_stage(out)
        try:
            written = _build_into(stage, builders, progressbar)
            with tempfile.TemporaryDirectory(prefix="minsk2020-validate-") as tmp:
                os.symlink(stage, Path(tmp) / "processed")  # validate the staged set with the curated tables
                os.symlink(CURATED, Path(tmp) / "curated")
                package = datapackage.descriptor(basepath=Path(tmp))  # hashes of the tables to be published
                try:
                    datapackage.validate(package, basepath=Path(tmp))
                except SchemaError as exc:
                    raise SchemaError(
                        f"{exc}\nNothing was published: {out} and {DATAPACKAGE.name} are as they were. "
                        "Check the raw files and any recent re-pin (repins: in data/sources.yaml); if the "
                        "change is intended, update the table's schema or expectations in data/schemas/."
                    ) from exc
            publish.swap_in(stage, out)
        finally:
            if stage.exists():
                shutil.rmtree(stage, ignore_errors=True)
        if write_package and publishing_committed:
            text = datapackage.to_json(package)
            if not DATAPACKAGE.is_file() or DATAPACKAGE.read_text(encoding="utf-8") != text:
                publish.atomic_write_text(DATAPACKAGE, text)
    return written


def _build_into(stage: Path, builders, progressbar: bool) -> list[Written]:
    """Copy the published tables into ``stage`` (those not rebuilt are validated as they are), then build."""
    for existing in PROCESSED.glob("*.csv"):
        shutil.copyfile(existing, stage / existing.name)
    written: list[Written] = []
    for entry, tables in graph.run(builders, lambda source_id: fetch(source_id, progressbar=progressbar)):
        for table, frame in tables.items():
            (stage / f"{table}.csv").write_bytes(to_csv_bytes(frame))
            written.append(Written(table, len(frame), entry.qualname))
    return written


def run(only: list[str] | None = None, out: Path = PROCESSED) -> int:
    start = time.perf_counter()
    written = build_all(out=out, only=only)
    seconds = time.perf_counter() - start
    width = max((len(w.table) for w in written), default=5)
    print()
    print(f"{'table':<{width}}  {'rows':>7}  builder")
    for item in written:
        print(f"{item.table:<{width}}  {item.rows:>7}  {item.builder}")
    print(f"\n{len(written)} tables, {sum(w.rows for w in written)} rows written to {out} "
          f"and validated in {seconds:.1f} s")
    return 0
