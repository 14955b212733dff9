"""Fetch raw files by URL and sha256 with pooch, from upstream or from a local mirror.

By default a file is downloaded from its pinned upstream URL into a cache folder
(``$BOOK_DATA_CACHE``, else the user cache). When ``$BOOK_DATA_MIRROR`` names a folder
laid out like ``../shared/data-mirror`` (``github/OWNER/REPO/COMMIT/PATH``,
``npm/PACKAGE@VERSION/PATH``), the bytes are read from there instead; nothing goes to
the network. Either way pooch checks the sha256 before the file enters the cache: a
missing, truncated or altered file raises :class:`FetchError` and the cache keeps what
it had.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pooch

from . import registry
from .errors import FetchError

MIRROR_ENV = "BOOK_DATA_MIRROR"
CACHE_ENV = "BOOK_DATA_CACHE"


def mirror_root() -> Path | None:
    value = os.environ.get(MIRROR_ENV, "").strip()
    return Path(value).expanduser().resolve() if value else None


def cache_dir() -> Path:
    value = os.environ.get(CACHE_ENV, "").strip()
    return Path(value).expanduser() if value else Path(pooch.os_cache("minsk2020"))


class MirrorDownloader:
    """A pooch downloader that copies the file from a local mirror instead of the network."""

    def __init__(self, source: registry.SourceFile, root: Path):
        self.source = source
        self.local = root / source.mirror_path

    def __call__(self, url, output_file, pooch_obj, check_only=False):
        if check_only:
            return self.local.is_file()
        if not self.local.is_file():
            raise FetchError(
                f"source {self.source.id!r}: {self.local} is missing from the mirror "
                f"(${MIRROR_ENV}={mirror_root()}); "
                f"upstream URL {self.source.url}"
            )
        if hasattr(output_file, "write"):
            with open(self.local, "rb") as handle:
                shutil.copyfileobj(handle, output_file)
        else:
            shutil.copyfile(self.local, output_file)


def fetch(source_id: str, *, progressbar: bool = True) -> Path:
    """Path to the verified local copy of a registered raw file."""
    source = registry.get(source_id)
    if not source.sha256:
        raise FetchError(f"source {source_id!r} has no sha256 in {registry.REGISTRY}")
    root = mirror_root()
    where = str(root / source.mirror_path) if root else source.url
    downloader = MirrorDownloader(source, root) if root else pooch.HTTPDownloader(progressbar=progressbar)
    folder = cache_dir() / source.id
    logger = pooch.get_logger()
    level = logger.level
    if root:  # pooch would announce a download from the upstream URL; say what really happens
        logger.setLevel("WARNING")
        if not (folder / source.filename).is_file():
            print(f"copying {source.id} from the mirror: {where}", flush=True)
    try:
        path = pooch.retrieve(
            url=source.url,
            known_hash=f"sha256:{source.sha256}",
            fname=source.filename,
            path=folder,
            downloader=downloader,
            progressbar=progressbar if not root else False,
        )
    except FetchError:
        raise
    except ValueError as exc:  # pooch: hash mismatch
        actual = _actual_hash(str(exc))
        size_note = ""
        if root and (root / source.mirror_path).is_file():
            actual = registry.sha256_of(root / source.mirror_path)
            size = (root / source.mirror_path).stat().st_size
            if size != source.size_bytes:
                size_note = f" The file has {size} bytes, the registry expects {source.size_bytes} (truncated or altered)."
        raise FetchError(
            f"source {source_id!r}: checksum mismatch for {where}: expected sha256 {source.sha256}, "
            f"got {actual}.{size_note} The cache was left untouched."
        ) from exc
    except OSError as exc:
        raise FetchError(f"source {source_id!r}: could not read {where}: {exc}") from exc
    except Exception as exc:  # requests errors and the like
        raise FetchError(f"source {source_id!r}: could not download {where}: {exc}") from exc
    finally:
        logger.setLevel(level)
    return Path(path)


def _actual_hash(message: str) -> str:
    """The hash pooch computed, read from its error message."""
    match = re.search(r"got\s+'?(?:sha256:)?([0-9a-f]{64})", message)
    return match.group(1) if match else "a different hash"
