"""Fetch failure modes: wrong checksum, missing file, truncated file; nothing good overwritten."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from minsk2020.data import build, builders, fetch, registry
from minsk2020.errors import FetchError, UnknownSourceError

URL = "https://raw.githubusercontent.com/example/repo/0123456789abcdef0123456789abcdef01234567/data/prices.csv"
GOOD = b"Date,Price\n2020-01-31,57.77\n2020-02-03,54.00\n"


@pytest.fixture
def fake_source(monkeypatch, tmp_path):
    """A registered-looking source whose bytes live in a temporary mirror (never the real one)."""
    mirror = tmp_path / "mirror"
    local = mirror / registry.mirror_path(URL)
    local.parent.mkdir(parents=True)
    local.write_bytes(GOOD)
    source = registry.SourceFile(
        id="fake_prices", url=URL, sha256=hashlib.sha256(GOOD).hexdigest(), size_bytes=len(GOOD),
        dataset={"id": "fake", "citation_key": "fake", "title": "Fake prices"},
    )
    real_get = registry.get
    monkeypatch.setattr(registry, "get", lambda sid, *a, **k: source if sid == "fake_prices" else real_get(sid, *a, **k))
    monkeypatch.setenv("BOOK_DATA_MIRROR", str(mirror))
    monkeypatch.setenv("BOOK_DATA_CACHE", str(tmp_path / "cache"))
    return source, local, tmp_path / "cache" / "fake_prices" / "prices.csv"


def test_good_file_is_fetched_from_the_mirror_into_the_cache(fake_source):
    source, local, cached = fake_source
    path = fetch.fetch("fake_prices")
    assert path == cached and path.read_bytes() == GOOD


def test_wrong_checksum_names_source_path_and_both_hashes(fake_source):
    source, local, cached = fake_source
    local.write_bytes(GOOD.replace(b"57.77", b"99.99"))  # same size, other bytes
    actual = hashlib.sha256(local.read_bytes()).hexdigest()
    with pytest.raises(FetchError) as info:
        fetch.fetch("fake_prices")
    message = str(info.value)
    assert "fake_prices" in message and str(local) in message
    assert source.sha256 in message and actual in message
    assert not cached.exists()


def test_truncated_file_is_reported_as_such_and_keeps_the_good_cache(fake_source):
    source, local, cached = fake_source
    fetch.fetch("fake_prices")  # a good copy is cached first
    cached_before = cached.read_bytes()
    local.write_bytes(GOOD[:20])
    cached.write_bytes(b"stale")  # force pooch to fetch again
    with pytest.raises(FetchError, match=r"truncated or altered") as info:
        fetch.fetch("fake_prices")
    assert "has 20 bytes, the registry expects" in str(info.value)
    assert cached.read_bytes() == b"stale", "a failed fetch must not replace what the cache holds"
    assert cached_before == GOOD


def test_missing_file_names_source_and_path(fake_source):
    source, local, cached = fake_source
    local.unlink()
    with pytest.raises(FetchError, match=r"fake_prices.*missing from the mirror") as info:
        fetch.fetch("fake_prices")
    assert str(local) in str(info.value)


def test_failed_build_leaves_processed_tables_untouched(fake_source, tmp_path, monkeypatch):
    source, local, cached = fake_source
    local.write_bytes(b"garbage")

    def prices(raw):
        return pd.read_csv(raw("fake_prices"))

    entry = builders.Builder(name="prices", tables=("brent_daily_visit_window",), sources=("fake_prices",), func=prices)
    monkeypatch.setattr(build, "all_builders", lambda: [entry])
    out = tmp_path / "processed"
    out.mkdir()
    (out / "brent_daily_visit_window.csv").write_bytes(b"date,brent_usd_per_bbl\n2020-01-31,57.77\n")
    before = (out / "brent_daily_visit_window.csv").read_bytes()
    with pytest.raises(FetchError):
        build.build_all(out=out, progressbar=False, write_package=False)
    assert (out / "brent_daily_visit_window.csv").read_bytes() == before


def test_builder_asking_for_an_undeclared_or_unknown_source_fails_clearly():
    entry = builders.Builder(name="bad", tables=("t",), sources=("eia_brent_daily",), func=lambda raw: raw("ofac_sdn_2015"))
    with pytest.raises(UnknownSourceError, match=r"asked for source 'ofac_sdn_2015', which it does not declare"):
        entry.run(lambda sid: None)
    with pytest.raises(UnknownSourceError, match=r"unknown source id 'not_registered'"):
        builders.builder(tables="t2", sources=["not_registered"])(lambda raw: None)


def test_cli_exits_non_zero_with_the_message(fake_source, monkeypatch, capsys, tmp_path):
    from minsk2020.__main__ import main

    source, local, cached = fake_source
    local.unlink()

    def prices(raw):
        return pd.read_csv(raw("fake_prices"))

    entry = builders.Builder(name="prices", tables=("brent_daily_visit_window",), sources=("fake_prices",), func=prices)
    monkeypatch.setattr(build, "all_builders", lambda: [entry])
    assert main(["data", "--out", str(tmp_path / "out")]) == 1
    assert "fake_prices" in capsys.readouterr().err


def test_read_only_cache_names_the_cache_and_the_variable(fake_source, tmp_path, monkeypatch):
    source, local, cached = fake_source
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o555)
    try:
        with pytest.raises(FetchError) as info:
            fetch.fetch("fake_prices")
    finally:
        cache.chmod(0o755)
    message = str(info.value)
    assert f"the download cache {cache / 'fake_prices'} is not writable" in message
    assert f"{cache} is read-only" in message and "BOOK_DATA_CACHE" in message
    assert "could not read" not in message
    assert not (cache / "fake_prices").exists()


def test_read_only_cache_holding_the_verified_file_is_fine(fake_source):
    source, local, cached = fake_source
    fetch.fetch("fake_prices")
    cached.parent.chmod(0o555)
    try:
        assert fetch.fetch("fake_prices").read_bytes() == GOOD
    finally:
        cached.parent.chmod(0o755)


def test_relative_mirror_is_resolved_against_the_project_root(fake_source, tmp_path, monkeypatch):
    """Chosen over rejecting it: the README's `../shared/data-mirror` then works from any folder."""
    import os

    from minsk2020.paths import ROOT

    source, local, cached = fake_source
    mirror = tmp_path / "mirror"
    monkeypatch.setenv("BOOK_DATA_MIRROR", os.path.relpath(mirror, ROOT))
    elsewhere = tmp_path / "chapters" / "part"
    elsewhere.mkdir(parents=True)
    monkeypatch.chdir(elsewhere)  # a notebook's folder: relative to it the path would name nothing
    assert fetch.mirror_root() == mirror.resolve()
    assert fetch.fetch("fake_prices").read_bytes() == GOOD


def test_mirror_that_is_not_a_folder_says_what_it_resolved_to(fake_source, monkeypatch):
    from minsk2020.paths import ROOT

    monkeypatch.setenv("BOOK_DATA_MIRROR", "no/such/mirror")
    with pytest.raises(FetchError) as info:
        fetch.fetch("fake_prices")
    message = str(info.value)
    assert "$BOOK_DATA_MIRROR=no/such/mirror is not a folder" in message
    assert str(ROOT / "no/such/mirror") in message and "resolved against the project root" in message
