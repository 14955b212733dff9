"""A small temporary copy of the project for tests that run the data command for real.

The copy holds the package and data/, so ``python -m minsk2020`` run in it (the current
folder comes first on ``sys.path``) writes only inside the copy, never the real
``data/processed``. It keeps one builder module (``eia``: three small Brent tables) and the
curated tables, so a run takes about a second while using the same fetch, staging,
validation and publication code as the full data command.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from minsk2020.paths import ROOT

KEPT_BUILDER = "eia"
KEPT_TABLES = ("brent_daily_visit_window", "brent_monthly_2018_2021", "brent_daily_2014_2024")


def make_copy(dest: Path) -> Path:
    """Copy the package and data/ into ``dest``, keeping one builder and its tables."""
    shutil.copytree(ROOT / "minsk2020", dest / "minsk2020", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "data", dest / "data", ignore=shutil.ignore_patterns(".*"))
    for module in (dest / "minsk2020" / "data" / "builders").glob("*.py"):
        if module.stem not in ("__init__", KEPT_BUILDER):
            module.unlink()
    for schema in (dest / "data" / "schemas").glob("*.yaml"):
        descriptor = yaml.safe_load(schema.read_text(encoding="utf-8"))
        if descriptor["path"].startswith("processed/") and descriptor["name"] not in KEPT_TABLES:
            schema.unlink()
            (dest / "data" / descriptor["path"]).unlink()
    result = run(dest, "datapackage")
    assert result.returncode == 0, result.stderr
    return dest


def run(root: Path, *args: str, env: dict | None = None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "minsk2020", *args], cwd=root, env=environment(env),
                          capture_output=True, text=True, timeout=120, **kwargs)


def start(root: Path, *args: str, env: dict | None = None, code: str | None = None) -> subprocess.Popen:
    """Start the command (or a ``python -c`` wrapper around it) without waiting."""
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "minsk2020", *args]
    return subprocess.Popen(command, cwd=root, env=environment(env), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def environment(extra: dict | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    env.update(extra or {})
    return env


def snapshot(folder: Path) -> dict[str, str]:
    """name -> sha256 of every file in ``folder`` (empty when it does not exist)."""
    if not folder.is_dir():
        return {}
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def leftovers(data: Path) -> list[str]:
    """Temporary names a run may leave in data/ (locks are expected and kept)."""
    return sorted(p.name for p in data.iterdir() if p.name.startswith(".") and not p.name.endswith(".lock"))
