"""Where things live, resolved from the package so code runs from any working directory."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
PROCESSED = DATA / "processed"
CURATED = DATA / "curated"
SCHEMAS = DATA / "schemas"
REGISTRY = DATA / "sources.yaml"
DATAPACKAGE = DATA / "datapackage.json"
BIBLIOGRAPHY = ROOT / "references.bib"
CONFIG = ROOT / "_config.yml"


def processed_dir() -> Path:
    """The published processed tables: ``data/processed``.

    Where the kernel cannot swap two folders in one step, the data command replaces
    ``data/processed`` with two renames (see :mod:`minsk2020.publish`); if a run died
    between them, the complete old set is still in ``data/.processed-old-<run>`` and is
    read from there until the next data run puts it back.
    """
    if PROCESSED.is_dir():
        return PROCESSED
    old_sets = sorted(DATA.glob(".processed-old-*"), key=lambda p: p.stat().st_mtime)
    return old_sets[-1] if old_sets else PROCESSED
