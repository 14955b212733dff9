""".ci/run installs only what is missing, one need at a time, never a package that would remove
or break what is there, and says plainly what it needs when it cannot install.

Each case runs the real script (``--needs-only``) in a copy of the repository layout with a
PATH of stubs: ``apt-get`` records every call and answers ``--simulate`` with a planted plan,
``dpkg-query`` describes the installed nodejs, and each tool is present or absent on purpose.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

from minsk2020.paths import ROOT

REAL_TOOLS = ("bash", "grep", "awk", "tail", "cut", "dirname")
ALL_TOOLS = ("python3.11", "make", "chromium", "pdftotext", "fc-list", "node", "npm")


def _script(path: Path, body: str) -> None:
    path.write_text("#!/bin/bash\n" + body + "\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


def run_ci(tmp_path: Path, *, present=ALL_TOOLS, uid=0, simulate="Inst x\nConf x", simulate_exit=0,
           nodejs=None) -> tuple[subprocess.CompletedProcess, list[str]]:
    repo = tmp_path / "repo"
    (repo / ".ci").mkdir(parents=True)
    shutil.copyfile(ROOT / ".ci" / "run", repo / ".ci" / "run")
    (tmp_path / "shared" / "data-mirror").mkdir(parents=True)
    stubs = tmp_path / "bin"
    stubs.mkdir()
    log = tmp_path / "apt.log"
    for tool in REAL_TOOLS:
        found = shutil.which(tool)
        if found:
            (stubs / tool).symlink_to(found)
    for tool in present:
        body = "echo DejaVuSans.ttf" if tool == "fc-list" else ("echo v20.20.2" if tool == "node" else "exit 0")
        _script(stubs / tool, body)
    _script(stubs / "id", f"echo {uid}")
    _script(stubs / "apt-get", f'echo "$*" >> {log}\n'
            f'case "$*" in *--simulate*) printf "%s\\n" "$SIMULATE"; exit {simulate_exit};; esac\nexit 0')
    _script(stubs / "dpkg-query", f'echo -n "{nodejs}"' if nodejs else "exit 1")
    env = {"PATH": str(stubs), "SIMULATE": simulate, "HOME": str(tmp_path)}
    result = subprocess.run([str(stubs / "bash"), str(repo / ".ci" / "run"), "--needs-only"], env=env,
                            capture_output=True, text=True, timeout=60)
    calls = log.read_text().splitlines() if log.is_file() else []
    return result, calls


def test_nothing_missing_installs_nothing(tmp_path):
    result, calls = run_ci(tmp_path)
    assert result.returncode == 0, result.stderr
    assert calls == []


def test_only_the_missing_need_is_installed(tmp_path):
    result, calls = run_ci(tmp_path, present=[t for t in ALL_TOOLS if t != "chromium"])
    assert result.returncode == 0, result.stderr
    assert calls == ["update -qq", "install --simulate -qq --no-install-recommends chromium",
                     "install -y -qq --no-install-recommends chromium"]


def test_nodejs_with_its_own_npm_is_never_given_debians_npm(tmp_path):
    result, calls = run_ci(tmp_path, present=[t for t in ALL_TOOLS if t != "npm"],
                           nodejs="20.20.2-1nodesource1+repack1 nodejs-dev, nodejs-doc, npm")
    assert result.returncode == 2
    assert calls == [], "apt-get was called although Node.js is there with its own npm"
    assert "bundles its own npm" in result.stderr and "v20.20.2" in result.stderr
    assert "20.20.2-1nodesource1+repack1" in result.stderr


def test_a_node_without_a_package_gets_advice_not_debians_npm(tmp_path):
    result, calls = run_ci(tmp_path, present=[t for t in ALL_TOOLS if t != "npm"])
    assert result.returncode == 2 and calls == []
    assert "not Debian's npm" in result.stderr


def test_a_package_that_would_remove_something_is_not_installed(tmp_path):
    result, calls = run_ci(tmp_path, present=[t for t in ALL_TOOLS if t not in ("npm", "node")],
                           simulate="Remv nodejs [20.20.2-1nodesource1]\nInst npm (9.2.0)\nInst nodejs (18.19.0)")
    assert result.returncode == 2
    assert not any(c.startswith("install -y") for c in calls), calls
    assert "would remove nodejs" in result.stderr


def test_held_broken_packages_are_reported_not_forced(tmp_path):
    result, calls = run_ci(tmp_path, present=[t for t in ALL_TOOLS if t != "pdftotext"], simulate_exit=100,
                           simulate="E: Unable to correct problems, you have held broken packages.")
    assert result.returncode == 2
    assert not any(c.startswith("install -y") for c in calls)
    assert "poppler-utils" in result.stderr and "held broken packages" in result.stderr


def test_without_root_it_says_which_packages_are_needed(tmp_path):
    result, calls = run_ci(tmp_path, present=[t for t in ALL_TOOLS if t not in ("pdftotext", "chromium")], uid=1000)
    assert result.returncode == 2 and calls == []
    assert "'chromium'" in result.stderr and "'poppler-utils'" in result.stderr and "needs root" in result.stderr


def test_ci_run_is_executable():
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
