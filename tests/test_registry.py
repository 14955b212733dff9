"""The source registry: unique ids, complete entries, citations, and the mirror's bytes."""

from __future__ import annotations

import hashlib
import re

import pytest
from pybtex.database import parse_file

from minsk2020.data import registry
from minsk2020.errors import RepinError
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


# --- re-pinning is explicit: --fill fills only missing pins, --repin ID changes one, logged ---

COMMIT_URL = "https://raw.githubusercontent.com/o/r/0123456789abcdef0123456789abcdef01234567/a.csv"
BRANCH_URL = "https://raw.githubusercontent.com/o/r/main/b.csv"


@pytest.mark.parametrize("url, immutable", [
    (COMMIT_URL, True),
    (BRANCH_URL, False),
    ("https://raw.githubusercontent.com/o/r/v1.0/b.csv", False),  # a tag can be moved
    ("https://cdn.jsdelivr.net/npm/world-atlas@2.0.2/countries-110m.json", True),
    ("https://cdn.jsdelivr.net/npm/@scope/pkg@1.2.3-rc.1/x.json", True),
    ("https://cdn.jsdelivr.net/npm/world-atlas@2/countries-110m.json", False),  # a range
    ("https://cdn.jsdelivr.net/npm/world-atlas/countries-110m.json", False),  # latest
])
def test_immutable_urls_are_recognised(url, immutable):
    assert (registry.immutable_reason(url) is not None) == immutable


@pytest.fixture
def small_registry(tmp_path):
    """A registry of three files, its mirror holding bytes that differ from one pin."""
    mirror = tmp_path / "mirror"
    files = {"pinned_ok": (COMMIT_URL, b"a\n1\n"), "pinned_changed": (BRANCH_URL, b"b\n2\n"),
             "new_file": ("https://raw.githubusercontent.com/o/r/0123456789abcdef0123456789abcdef01234567/c.csv", b"c\n")}
    entries = []
    for sid, (url, content) in files.items():
        local = mirror / registry.mirror_path(url)
        local.parent.mkdir(parents=True, exist_ok=True)
        local.write_bytes(content)
        entry = {"id": sid, "url": url}
        if sid != "new_file":
            entry.update(sha256=hashlib.sha256(content).hexdigest(), size_bytes=len(content))
        entries.append(entry)
    (mirror / registry.mirror_path(BRANCH_URL)).write_bytes(b"b\n2\n3\n")  # upstream moved on
    path = tmp_path / "sources.yaml"
    registry.write_datasets([{"id": "ds", "title": "T", "citation_key": "k", "files": entries}], path)
    return path, mirror


def pins(path):
    return {f["id"]: (f.get("sha256"), f.get("size_bytes")) for d in registry.load_datasets(path) for f in d["files"]}


def test_fill_fills_only_missing_pins_and_reports_differing_ones(small_registry):
    path, mirror = small_registry
    before = pins(path)
    report = registry.fill_checksums(mirror, path)
    after = pins(path)
    assert report.filled == ["new_file"] and report.differing == ["pinned_changed"]
    assert after["new_file"] == (hashlib.sha256(b"c\n").hexdigest(), 2)
    assert after["pinned_changed"] == before["pinned_changed"], "--fill must never change an existing pin"


def test_repin_of_an_immutable_url_is_refused_unless_forced_with_a_reason(small_registry):
    path, mirror = small_registry
    (mirror / registry.mirror_path(COMMIT_URL)).write_bytes(b"a\n")  # truncated copy
    before = path.read_bytes()
    with pytest.raises(RepinError, match=r"pinned_ok: refusing to re-pin .*pinned to git commit 0123456789ab"):
        registry.repin("pinned_ok", mirror, path=path)
    with pytest.raises(RepinError, match=r"--force needs --reason"):
        registry.repin("pinned_ok", mirror, path=path, force=True, reason="  ")
    assert path.read_bytes() == before
    result = registry.repin("pinned_ok", mirror, path=path, force=True, reason="upstream history rewritten", today="2026-01-02")
    assert result.changed and result.forced_because.startswith("it is pinned to git commit")
    entry = next(f for f in registry.load_datasets(path)[0]["files"] if f["id"] == "pinned_ok")
    assert (entry["sha256"], entry["size_bytes"]) == (hashlib.sha256(b"a\n").hexdigest(), 2)
    assert entry["repins"] == [{
        "date": "2026-01-02", "old_sha256": hashlib.sha256(b"a\n1\n").hexdigest(), "old_size_bytes": 4,
        "new_sha256": hashlib.sha256(b"a\n").hexdigest(), "new_size_bytes": 2,
        "reason": "upstream history rewritten", "forced": result.forced_because,
    }]


def test_repin_of_a_mutable_url_needs_no_force_and_is_logged(small_registry):
    path, mirror = small_registry
    result = registry.repin("pinned_changed", mirror, path=path, today="2026-01-02")
    assert result.changed and result.forced_because is None
    entry = next(f for f in registry.load_datasets(path)[0]["files"] if f["id"] == "pinned_changed")
    assert entry["sha256"] == hashlib.sha256(b"b\n2\n3\n").hexdigest() and entry["size_bytes"] == 6
    assert entry["repins"][0]["old_size_bytes"] == 4 and "reason" in entry["repins"][0]
    assert not registry.repin("pinned_changed", mirror, path=path).changed  # twice: nothing to do
    with pytest.raises(registry.UnknownSourceError, match="no_such"):
        registry.repin("no_such", mirror, path=path)


def test_cli_repin_prints_old_and_new_hash_and_size(small_registry, monkeypatch, capsys):
    from minsk2020 import __main__ as cli
    from minsk2020 import paths

    path, mirror = small_registry
    monkeypatch.setattr(paths, "REGISTRY", path)
    monkeypatch.setattr(registry, "REGISTRY", path)
    old_sha = hashlib.sha256(b"b\n2\n").hexdigest()
    new_sha = hashlib.sha256(b"b\n2\n3\n").hexdigest()
    real_repin = registry.repin
    monkeypatch.setattr(registry, "repin", lambda sid, m, **kw: real_repin(sid, m, path=path, **kw))
    assert cli.main(["sources", "--repin", "pinned_changed", "--mirror", str(mirror)]) == 0
    out = capsys.readouterr().out
    assert f"old sha256 {old_sha}  size 4" in out and f"new sha256 {new_sha}  size 6" in out
    assert cli.main(["sources", "--fill", "--force", "--mirror", str(mirror)]) == 1
    assert "--force and --reason go with --repin ID" in capsys.readouterr().err
    assert path.read_text(encoding="utf-8").count("repins:") == 1


def test_registry_is_rewritten_through_a_unique_temporary_file(small_registry, monkeypatch):
    import os

    path, mirror = small_registry
    renames = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (renames.append((str(a), str(b))), real_replace(a, b)))
    registry.repin("pinned_changed", mirror, path=path)
    assert len(renames) == 1 and renames[0][1] == str(path)
    assert renames[0][0].startswith(str(path.with_name(".sources.yaml."))) and renames[0][0].endswith(".tmp")
