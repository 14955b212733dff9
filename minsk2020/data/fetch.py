"""Fetch raw files by URL and sha256 with pooch, from upstream or from a local mirror.

By default a file is downloaded from its pinned upstream URL into a cache folder
(``$BOOK_DATA_CACHE``, else the user cache). When ``$BOOK_DATA_MIRROR`` names a folder
laid out like ``../shared/data-mirror`` (``github/OWNER/REPO/COMMIT/PATH``,
``npm/PACKAGE@VERSION/PATH``), the bytes are read from there instead; nothing goes to
the network. Either way pooch checks the sha256 before the file enters the cache: a
missing, truncated or altered file raises :class:`FetchError` and the cache keeps what
it had.

A relative ``$BOOK_DATA_MIRROR`` is resolved against the project root, not the current
folder: the README's ``../shared/data-mirror`` then means the same folder whether the
command runs from the root, from ``chapters/<part>/`` (a notebook) or from a test's
temporary folder. A value that names no folder is an error saying what it resolved to.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

import pooch

from minsk2020.data import registry
from minsk2020.errors import FetchError
from minsk2020.paths import ROOT

MIRROR_ENV = "BOOK_DATA_MIRROR"
CACHE_ENV = "BOOK_DATA_CACHE"


def mirror_root() -> Path | None:
    """The local mirror named by ``$BOOK_DATA_MIRROR`` (relative: from the project root), or None."""
    value = os.environ.get(MIRROR_ENV, "").strip()
    if not value:
        return None
    path = Path(value).expanduser()
    resolved = (path if path.is_absolute() else ROOT / path).resolve()
    if not resolved.is_dir():
        how = "" if path.is_absolute() else f" (a relative path is resolved against the project root {ROOT})"
        raise FetchError(
            f"${MIRROR_ENV}={value} is not a folder: {resolved} does not exist{how}. "
            f"Point ${MIRROR_ENV} at the mirror folder, or unset it to download from upstream."
        )
    return resolved


def check_cache_writable(folder: Path) -> None:
    """Fail clearly, naming the cache and ``$BOOK_DATA_CACHE``, when a download could not be stored."""
    problem = None
    for path in (cache_dir(), folder):  # a folder made read-only on purpose counts, even for root
        if path.exists() and not os.stat(path).st_mode & stat.S_IWUSR:
            problem = f"{path} is read-only"
            break
    if problem is None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".write-test-"):
                pass
        except OSError as exc:
            problem = f"{exc.filename or folder}: {exc.strerror or exc}"
    if problem:
        raise FetchError(
            f"the download cache {folder} is not writable ({problem}). Make it writable, or set "
            f"${CACHE_ENV} to a writable folder (now {os.environ.get(CACHE_ENV) or 'unset: the user cache'})."
        )


def cache_dir() -> Path:
    """``$BOOK_DATA_CACHE`` (relative: from the project root, like the mirror), else the user cache."""
    value = os.environ.get(CACHE_ENV, "").strip()
    if not value:
        return Path(pooch.os_cache("minsk2020"))
    path = Path(value).expanduser()
    return path if path.is_absolute() else ROOT / path


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
    cached = folder / source.filename
    if not (cached.is_file() and registry.sha256_of(cached) == source.sha256):
        check_cache_writable(folder)  # pooch will write there
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
