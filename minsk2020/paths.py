"""Where things live, resolved from the package so code runs from any working directory.

Inside a clone of the repository (the package imported from its source tree, editable install)
``ROOT`` is the repository. A wheel installed anywhere else carries no tables: it holds the
book's metadata (``_config.yml``, ``CITATION.cff``, ``references.bib``, ``data/datapackage.json``
with each table's sha256, ``data/sources.yaml``) in ``minsk2020/_book/`` (copied there by
``setup.py`` when the wheel is built), and ``ROOT`` is that folder; :func:`minsk2020.data.tables.load`
then fetches the tables from the published book (see :mod:`minsk2020.data.published`).
"""

from __future__ import annotations

import os
from pathlib import Path

from minsk2020.errors import CuratedDataError

PACKAGE = Path(__file__).resolve().parent
PACKAGED_BOOK = PACKAGE / "_book"  # the metadata a wheel carries (see setup.py)
IN_CLONE = (PACKAGE.parent / "_config.yml").is_file() or not PACKAGED_BOOK.is_dir()
ROOT = PACKAGE.parent if IN_CLONE else PACKAGED_BOOK
DATA = ROOT / "data"
PROCESSED = DATA / "processed"
CURATED = DATA / "curated"
SCHEMAS = DATA / "schemas"
REGISTRY = DATA / "sources.yaml"
DATAPACKAGE = DATA / "datapackage.json"
BIBLIOGRAPHY = ROOT / "references.bib"
CONFIG = ROOT / "_config.yml"
CURATED_ENV = "BOOK_CURATED_DIR"


def processed_dir() -> Path:
    """The published processed tables: ``data/processed``.

    Where the kernel cannot swap two folders in one step, the data command replaces
    ``data/processed`` with two renames (see :mod:`minsk2020.data.publish`); if a run died
    between them, the complete old set is still in ``data/.processed-old-<run>`` and is
    read from there until the next data run puts it back.
    """
    if PROCESSED.is_dir():
        return PROCESSED
    old_sets = sorted(DATA.glob(".processed-old-*"), key=lambda p: p.stat().st_mtime)
    return old_sets[-1] if old_sets else PROCESSED


def curated_dir() -> Path:
    """The folder of curated CSVs the book is built from: ``$BOOK_CURATED_DIR`` or data/curated."""
    env = os.environ.get(CURATED_ENV)
    if not env:
        return CURATED
    folder = Path(env).expanduser()
    if not folder.is_absolute():
        raise CuratedDataError(f"{CURATED_ENV}={env} must be an absolute path to a folder of curated CSVs")
    if not folder.is_dir():
        raise CuratedDataError(f"{CURATED_ENV}={env} is not a folder")
    return folder
