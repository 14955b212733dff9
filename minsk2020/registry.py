"""The source registry (data/sources.yaml): every raw file the book uses.

Each dataset carries its publisher, title, edition, licence and citation key; each of its
files an id, the pinned upstream URL, the sha256 and the size in bytes.
"""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import yaml

from .errors import BookDataError, UnknownSourceError
from .paths import REGISTRY

GITHUB_RAW = "raw.githubusercontent.com"
JSDELIVR = "cdn.jsdelivr.net"


@dataclass(frozen=True)
class SourceFile:
    """One raw file: where it comes from and what its bytes must hash to."""

    id: str
    url: str
    sha256: str
    size_bytes: int
    dataset: dict = field(compare=False, repr=False)

    @property
    def dataset_id(self) -> str:
        return self.dataset["id"]

    @property
    def citation_key(self) -> str:
        return self.dataset["citation_key"]

    @property
    def mirror_path(self) -> str:
        """Path of this file inside a local mirror laid out like ../shared/data-mirror."""
        return mirror_path(self.url)

    @property
    def filename(self) -> str:
        return Path(self.mirror_path).name

    @property
    def snapshot_date(self) -> str | None:
        return (self.dataset.get("snapshot_dates") or {}).get(self.id)


def mirror_path(url: str) -> str:
    """Map an upstream URL to the mirror layout.

    ``https://raw.githubusercontent.com/OWNER/REPO/COMMIT/PATH`` -> ``github/OWNER/REPO/COMMIT/PATH``
    and ``https://cdn.jsdelivr.net/npm/PACKAGE@VERSION/PATH`` -> ``npm/PACKAGE@VERSION/PATH``,
    with percent-escapes decoded (the mirror stores real file names).
    """
    parsed = urlparse(url)
    path = unquote(parsed.path.lstrip("/"))
    if parsed.netloc == GITHUB_RAW:
        return "github/" + path
    if parsed.netloc == JSDELIVR and path.startswith("npm/"):
        return path
    raise BookDataError(f"{url}: no mirror layout for host {parsed.netloc!r}")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_datasets(path: Path = REGISTRY) -> list[dict]:
    with open(path, encoding="utf-8") as handle:
        document = yaml.safe_load(handle)
    if not isinstance(document, dict) or "datasets" not in document:
        raise BookDataError(f"{path}: expected a mapping with a 'datasets' list")
    return document["datasets"]


@functools.lru_cache(maxsize=None)
def _files(path: str) -> dict[str, SourceFile]:
    files: dict[str, SourceFile] = {}
    for dataset in load_datasets(Path(path)):
        for entry in dataset["files"]:
            if entry["id"] in files:
                raise BookDataError(f"{path}: duplicate source id {entry['id']!r}")
            files[entry["id"]] = SourceFile(
                id=entry["id"],
                url=entry["url"],
                sha256=entry.get("sha256", ""),
                size_bytes=int(entry.get("size_bytes", 0)),
                dataset=dataset,
            )
    return files


def files(path: Path = REGISTRY) -> dict[str, SourceFile]:
    """All registered raw files by id."""
    return _files(str(path))


def get(source_id: str, path: Path = REGISTRY) -> SourceFile:
    """The registered file ``source_id``, or a clear error naming the registry."""
    registered = files(path)
    if source_id not in registered:
        raise UnknownSourceError(
            f"unknown source id {source_id!r}: it is not registered in {path}. "
            "Add it there (url, sha256, size) before a builder uses it."
        )
    return registered[source_id]


def dataset(dataset_id: str, path: Path = REGISTRY) -> dict:
    for entry in load_datasets(path):
        if entry["id"] == dataset_id:
            return entry
    raise UnknownSourceError(f"unknown dataset id {dataset_id!r} in {path}")


def dataset_of(source_or_dataset_id: str, path: Path = REGISTRY) -> dict:
    """The dataset record for a file id or a dataset id."""
    registered = files(path)
    if source_or_dataset_id in registered:
        return registered[source_or_dataset_id].dataset
    return dataset(source_or_dataset_id, path)


def fill_checksums(mirror: Path, path: Path = REGISTRY) -> int:
    """Write sha256 and size of every registered file, read from a local mirror.

    For maintainers adding files: put the URL in data/sources.yaml, then run
    ``python -m minsk2020 sources --fill --mirror ../shared/data-mirror``.
    """
    datasets = load_datasets(path)
    changed = 0
    for ds in datasets:
        for entry in ds["files"]:
            local = Path(mirror) / mirror_path(entry["url"])
            if not local.is_file():
                raise BookDataError(f"{entry['id']}: {local} is not in the mirror")
            digest, size = sha256_of(local), local.stat().st_size
            if entry.get("sha256") != digest or entry.get("size_bytes") != size:
                entry["sha256"], entry["size_bytes"] = digest, size
                changed += 1
    text = yaml.safe_dump({"datasets": datasets}, sort_keys=False, allow_unicode=True, width=120)
    Path(path).write_text(text, encoding="utf-8")
    _files.cache_clear()
    return changed
