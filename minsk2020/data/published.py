"""The tables of the published book, fetched with pooch when they are not on disk.

A notebook run outside a clone of the repository (downloaded, on Colab, with the package
installed from its wheel) has no ``data/processed`` or ``data/curated``. :func:`fetch_table`
then downloads the table from the published book's ``data/`` folder -- the same files every
chart's CSV link points at -- into a cache folder, and pooch checks its sha256 against the
``hash`` recorded for that resource in ``data/datapackage.json`` (the copy inside the package,
so the hashes belong to the package's version, not to whatever the server holds today).

- Base URL: ``html.baseurl`` in ``_config.yml`` (the book's published URL, the same as ``url`` in
  ``CITATION.cff``) + ``data/``; ``$BOOK_DATA_URL`` overrides it (the URL of a ``data/`` folder,
  for a mirror or a locally served build: ``BOOK_DATA_URL=http://127.0.0.1:8000/data/``).
- Cache: ``$BOOK_DATA_CACHE/tables`` if set, else the user cache folder (``pooch.os_cache``).
- A table whose bytes differ from the recorded hash, a 404 and an unreachable host each raise
  :class:`PublishedTableError` naming the table, the URL and what to do; nothing bad is kept.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

from minsk2020 import __version__
from minsk2020.errors import BookDataError
from minsk2020.paths import CONFIG, DATAPACKAGE

DATA_URL_ENV = "BOOK_DATA_URL"
CACHE_ENV = "BOOK_DATA_CACHE"


class PublishedTableError(BookDataError):
    """A table could not be fetched from the published book, or its bytes are not the recorded ones."""


def book_url() -> str:
    """The published book's URL (``html.baseurl`` in _config.yml), ending in '/'."""
    import yaml

    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8")) or {}
    url = ((config.get("html") or {}).get("baseurl") or "").strip()
    if not url:
        raise PublishedTableError(f"{CONFIG}: no html.baseurl (the book's published URL); add it, "
                                  f"or set {DATA_URL_ENV} to the URL of a published data/ folder")
    return url.rstrip("/") + "/"


def data_url() -> str:
    """Where the tables are fetched from: ``$BOOK_DATA_URL``, else the published book's ``data/``."""
    override = os.environ.get(DATA_URL_ENV, "").strip()
    return (override.rstrip("/") + "/") if override else book_url() + "data/"


@functools.lru_cache(maxsize=4)
def _package(path: str, mtime: float) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def package() -> dict:
    """The data package this code was built with (the clone's, or the copy inside the wheel)."""
    return _package(str(DATAPACKAGE), DATAPACKAGE.stat().st_mtime)


def resource(table: str) -> dict | None:
    """The data package's resource descriptor of ``table`` (None when there is none)."""
    return next((r for r in package()["resources"] if r.get("name") == table), None)


def cache_dir() -> Path:
    import pooch

    base = os.environ.get(CACHE_ENV, "").strip()
    root = Path(base).expanduser() if base else Path(pooch.os_cache("minsk2020"))
    return root / "tables"


def fetch_table(table: str, base_url: str | None = None, cache: Path | None = None) -> Path:
    """Local path of ``table`` downloaded from the published ``data/`` folder and checked by sha256."""
    import pooch
    import requests

    found = resource(table)
    if found is None:
        names = ", ".join(sorted(r["name"] for r in package()["resources"]))
        raise PublishedTableError(f"no table named {table!r} in the book's data package ({DATAPACKAGE}); "
                                  f"the tables are: {names}")
    recorded = found.get("hash", "")
    if not recorded.startswith("sha256:"):
        raise PublishedTableError(f"table {table!r}: {DATAPACKAGE} records no sha256 hash for it; "
                                  "regenerate the data package with `python -m minsk2020 datapackage`")
    base = (base_url.rstrip("/") + "/") if base_url else data_url()
    url = base + found["path"]
    folder = Path(cache) if cache is not None else cache_dir()
    where = (f"Set {DATA_URL_ENV} to the data/ folder of a book built from minsk2020 {__version__} "
             "(for example a local build served over HTTP), or run the notebook inside a clone of the "
             "repository, where the committed tables are read from disk.")
    try:
        return Path(pooch.retrieve(url, known_hash=recorded, fname=found["path"].replace("/", "__"),
                                   path=folder, progressbar=False))
    except requests.HTTPError as exc:
        status = exc.response.status_code if exc.response is not None else "an HTTP error"
        raise PublishedTableError(
            f"table {table!r}: {url} answered {status}"
            f"{' (not found)' if status == 404 else ''}. The book at {base} does not publish this table. {where}"
        ) from None
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise PublishedTableError(
            f"table {table!r}: cannot reach {url} (no network, or the host is down: {type(exc).__name__}). "
            f"Connect to the internet and run the cell again. {where}"
        ) from None
    except ValueError as exc:
        if "hash" not in str(exc).lower():
            raise
        raise PublishedTableError(
            f"table {table!r}: the file at {url} is not the table this package was built with: its sha256 "
            f"does not match {recorded} recorded in data/datapackage.json of minsk2020 {__version__} "
            f"({exc}). Nothing was kept. The published book may be at another version: install the "
            f"package of that version, or {where[0].lower()}{where[1:]}"
        ) from None
    except OSError as exc:
        raise PublishedTableError(f"table {table!r}: cannot store {url} in the cache {folder}: {exc}. "
                                  f"Set {CACHE_ENV} to a writable folder.") from None
