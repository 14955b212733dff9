"""Rebuilding every processed table from the raw files reproduces the committed bytes."""

from __future__ import annotations

import pytest

from minsk2020.data import build
from minsk2020.paths import PROCESSED


@pytest.mark.mirror
def test_rebuild_reproduces_committed_tables_byte_for_byte(mirror, raw, tmp_path):
    out = tmp_path / "processed"
    written = build.build_all(out=out, progressbar=False, write_package=False)
    assert written, "no builder ran"
    committed = {p.name for p in PROCESSED.glob("*.csv")}
    rebuilt = {p.name for p in out.glob("*.csv")}
    assert rebuilt == committed, f"tables not rebuilt or not committed: {rebuilt ^ committed}"
    for path in sorted(out.glob("*.csv")):
        assert path.read_bytes() == (PROCESSED / path.name).read_bytes(), f"{path.name} differs from the committed table"
