"""The source registry (data/sources.yaml): every raw file the book uses.

Each dataset carries its publisher, title, edition, licence and citation key; each of its
files an id, the pinned upstream URL, the sha256 and the size in bytes.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

import yaml

from minsk2020.errors import BookDataError, UnknownSourceError
from minsk2020.paths import REGISTRY

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


IMMUTABLE_GITHUB = re.compile(r"^[0-9a-f]{40}$")
EXACT_NPM_VERSION = re.compile(r"^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$")


def immutable_reason(url: str) -> str | None:
    """Why the bytes behind ``url`` can never change (a git commit, an exact npm version), or None."""
    parsed = urlparse(url)
    parts = unquote(parsed.path.lstrip("/")).split("/")
    if parsed.netloc == GITHUB_RAW and len(parts) > 3 and IMMUTABLE_GITHUB.match(parts[2]):
        return f"it is pinned to git commit {parts[2]}"
    if parsed.netloc == JSDELIVR and parts[0] == "npm" and len(parts) > 1:
        package = "/".join(parts[1:3]) if parts[1].startswith("@") else parts[1]
        name, _, version = package.rpartition("@")
        if name and EXACT_NPM_VERSION.match(version):
            return f"it is pinned to npm package version {name}@{version}"
    return None


def write_datasets(datasets: list[dict], path: Path = REGISTRY) -> None:
    """Rewrite the registry through a unique temporary file and one rename."""
    from minsk2020.data.publish import atomic_write_text

    text = yaml.safe_dump({"datasets": datasets}, sort_keys=False, allow_unicode=True, width=120)
    atomic_write_text(Path(path), text)
    _files.cache_clear()


@dataclass
class FillReport:
    filled: list[str] = field(default_factory=list)
    differing: list[str] = field(default_factory=list)  # pinned, but the mirror's bytes differ: not changed


def fill_checksums(mirror: Path, path: Path = REGISTRY) -> FillReport:
    """Write sha256 and size for registered files that have none yet, read from a local mirror.

    An existing hash is never changed here (that is :func:`repin`): a file whose mirror
    copy differs from its pin is only reported. For maintainers adding files: put the URL
    in data/sources.yaml, then run ``python -m minsk2020 sources --fill --mirror DIR``.
    """
    datasets = load_datasets(path)
    report = FillReport()
    for ds in datasets:
        for entry in ds["files"]:
            local = Path(mirror) / mirror_path(entry["url"])
            if entry.get("sha256") and entry.get("size_bytes"):
                if local.is_file() and (local.stat().st_size != entry["size_bytes"] or sha256_of(local) != entry["sha256"]):
                    report.differing.append(entry["id"])
                continue
            if not local.is_file():
                raise BookDataError(f"{entry['id']}: {local} is not in the mirror; cannot fill its sha256")
            digest, size = sha256_of(local), local.stat().st_size
            if entry.get("sha256") and entry["sha256"] != digest:
                report.differing.append(entry["id"])  # a hash without a size: keep the hash, never guess
                continue
            entry["sha256"], entry["size_bytes"] = digest, size
            report.filled.append(entry["id"])
    if report.filled:
        write_datasets(datasets, path)
    return report


@dataclass
class Repin:
    id: str
    url: str
    old_sha256: str
    old_size: int
    new_sha256: str
    new_size: int
    forced_because: str | None = None

    @property
    def changed(self) -> bool:
        return (self.old_sha256, self.old_size) != (self.new_sha256, self.new_size)


def repin(source_id: str, mirror: Path, *, force: bool = False, reason: str | None = None,
          path: Path = REGISTRY, today: str | None = None) -> Repin:
    """Change the pinned sha256 and size of ``source_id`` to those of its mirror copy.

    Refused for an immutable URL (a git commit, an exact npm version), whose bytes cannot
    legitimately change, unless ``force`` and a ``reason`` are given; every re-pin is
    logged under the file's ``repins:`` in data/sources.yaml (date, old and new hash and
    size, reason), so the change is reviewed with the commit that makes it.
    """
    import datetime

    from minsk2020.errors import RepinError

    if force and not (reason or "").strip():
        raise RepinError(f"{source_id}: --force needs --reason \"...\" saying why the pinned bytes changed")
    datasets = load_datasets(path)
    entry = next((f for ds in datasets for f in ds["files"] if f["id"] == source_id), None)
    if entry is None:
        raise UnknownSourceError(f"unknown source id {source_id!r}: it is not registered in {path}")
    local = Path(mirror) / mirror_path(entry["url"])
    if not local.is_file():
        raise BookDataError(f"{source_id}: {local} is not in the mirror; nothing to re-pin to")
    result = Repin(source_id, entry["url"], entry.get("sha256", ""), int(entry.get("size_bytes", 0)),
                   sha256_of(local), local.stat().st_size)
    if not result.changed:
        return result
    why_immutable = immutable_reason(entry["url"])
    if why_immutable and not force:
        raise RepinError(
            f"{source_id}: refusing to re-pin {entry['url']}: {why_immutable}, so its bytes cannot "
            f"legitimately change (pinned sha256 {result.old_sha256}, {result.old_size} bytes; mirror copy "
            f"{local} has sha256 {result.new_sha256}, {result.new_size} bytes). The mirror copy is more likely "
            "damaged: fetch it again. If the pin itself was wrong, re-run with --force --reason \"...\"."
        )
    result.forced_because = why_immutable
    entry["sha256"], entry["size_bytes"] = result.new_sha256, result.new_size
    log = {
        "date": today or datetime.date.today().isoformat(),
        "old_sha256": result.old_sha256,
        "old_size_bytes": result.old_size,
        "new_sha256": result.new_sha256,
        "new_size_bytes": result.new_size,
        "reason": (reason or "").strip() or "URL is not immutable; upstream bytes changed",
    }
    if why_immutable:
        log["forced"] = why_immutable
    entry.setdefault("repins", []).append(log)
    write_datasets(datasets, path)
    return result
