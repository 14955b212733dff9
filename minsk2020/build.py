"""The data command: fetch, build and validate every table, then replace the committed ones.

Tables are first written to a staging folder and validated there together with the
curated tables; only when every builder succeeded and the whole package is valid are
the files in data/processed/ replaced. A failure leaves data/processed/ untouched.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import datapackage
from .builders import all_builders
from .errors import BookDataError
from .fetch import fetch
from .paths import CURATED, DATAPACKAGE, PROCESSED
from .tables import to_csv_bytes


@dataclass
class Written:
    table: str
    rows: int
    builder: str


def build_all(out: Path = PROCESSED, only: list[str] | None = None, progressbar: bool = True,
              write_package: bool = True) -> list[Written]:
    """Build tables into ``out``; validate; replace only after success."""
    builders = all_builders()
    if only:
        unknown = set(only) - {t for b in builders for t in b.tables}
        if unknown:
            raise BookDataError(f"no builder writes {', '.join(sorted(unknown))}")
        builders = [b for b in builders if set(b.tables) & set(only)]
    written: list[Written] = []
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="minsk2020-") as tmp:
        stage = Path(tmp) / "data"
        (stage / "processed").mkdir(parents=True)
        os.symlink(CURATED, stage / "curated")
        for existing in PROCESSED.glob("*.csv"):  # tables not rebuilt this run are validated as committed
            shutil.copyfile(existing, stage / "processed" / existing.name)
        for entry in builders:
            try:
                tables = entry.run(lambda source_id: fetch(source_id, progressbar=progressbar))
            except BookDataError:
                raise
            except Exception as exc:
                raise BookDataError(f"builder {entry.qualname} failed: {type(exc).__name__}: {exc}") from exc
            for table, frame in tables.items():
                (stage / "processed" / f"{table}.csv").write_bytes(to_csv_bytes(frame))
                written.append(Written(table, len(frame), entry.qualname))
        package = datapackage.descriptor()
        datapackage.validate(package, basepath=stage)
        out.mkdir(parents=True, exist_ok=True)
        for item in written:
            target = out / f"{item.table}.csv"
            tmp_target = out / f".{item.table}.csv.tmp"
            shutil.copyfile(stage / "processed" / f"{item.table}.csv", tmp_target)
            os.replace(tmp_target, target)
    if write_package and Path(out).resolve() == PROCESSED.resolve():
        DATAPACKAGE.write_text(datapackage.to_json(package), encoding="utf-8")
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
