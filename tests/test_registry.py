"""The source registry: unique ids, complete entries, citations, and the mirror's bytes."""

from __future__ import annotations

import re

import pytest
from pybtex.database import parse_file

from minsk2020 import registry
from minsk2020.paths import BIBLIOGRAPHY, REGISTRY

REQUIRED_DATASET_FIELDS = ["id", "title", "publisher", "edition", "licence", "licence_flag", "citation_key", "cite_as", "files"]


def test_ids_are_unique_across_datasets_and_files():
    datasets = registry.load_datasets()
    ids = [d["id"] for d in datasets]
    assert len(ids) == len(set(ids))
    file_ids = [f["id"] for d in datasets for f in d["files"]]
    assert len(file_ids) == len(set(file_ids)), "duplicate file ids"
    assert len(registry.files()) == len(file_ids)


@pytest.mark.parametrize("dataset", registry.load_datasets(), ids=lambda d: d["id"])
def test_dataset_entry_is_complete(dataset):
    for field in REQUIRED_DATASET_FIELDS:
        assert dataset.get(field), f"{dataset['id']}: {field} is empty"
    assert dataset["licence_flag"] in {"open", "terms-unclear"}
    for entry in dataset["files"]:
        assert re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]), entry["id"]
        assert entry["size_bytes"] > 0
        assert entry["url"].startswith(("https://raw.githubusercontent.com/", "https://cdn.jsdelivr.net/npm/"))
        if "raw.githubusercontent.com" in entry["url"]:
            commit = entry["url"].split("/")[5]
            assert re.fullmatch(r"[0-9a-f]{40}", commit), f"{entry['id']}: URL is not pinned to a commit"


def test_every_citation_key_resolves_in_references_bib():
    keys = set(parse_file(str(BIBLIOGRAPHY)).entries.keys())
    missing = [d["citation_key"] for d in registry.load_datasets() if d["citation_key"] not in keys]
    assert not missing, f"citation keys missing from references.bib: {missing}"


def test_mirror_paths_follow_the_mirror_layout():
    assert registry.mirror_path(
        "https://raw.githubusercontent.com/o/r/0123456789abcdef0123456789abcdef01234567/a%20b/%28c%29.xlsx"
    ) == "github/o/r/0123456789abcdef0123456789abcdef01234567/a b/(c).xlsx"
    assert registry.mirror_path("https://cdn.jsdelivr.net/npm/world-atlas@2.0.2/countries-110m.json") == (
        "npm/world-atlas@2.0.2/countries-110m.json"
    )
    with pytest.raises(registry.BookDataError, match="no mirror layout"):
        registry.mirror_path("https://example.org/file.csv")


def test_unknown_source_id_is_a_clear_error():
    with pytest.raises(registry.UnknownSourceError, match=r"unknown source id 'no_such_source'.*sources.yaml"):
        registry.get("no_such_source")


@pytest.mark.mirror
def test_every_registered_file_is_in_the_mirror_with_its_checksum(mirror):
    sums = {}
    for line in (mirror / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, _, path = line.partition("  ")
        sums[path.lstrip("*").removeprefix("./")] = digest
    for source in registry.files().values():
        local = mirror / source.mirror_path
        assert local.is_file(), f"{source.id}: {local} missing from the mirror"
        assert local.stat().st_size == source.size_bytes, source.id
        assert registry.sha256_of(local) == source.sha256, source.id
        assert sums.get(source.mirror_path) == source.sha256, f"{source.id}: differs from the mirror's SHA256SUMS"


def test_registry_file_is_the_one_the_package_reads():
    assert REGISTRY.name == "sources.yaml" and REGISTRY.is_file()
