"""All-or-nothing publication: kills at random times and at every publication step, the lock,
read-only targets. Runs the data command in a small temporary copy of the project
(tests/data_project.py), never against the real data/processed."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest

from minsk2020.__main__ import main
from minsk2020.data import build, builders, publish
from minsk2020.paths import PROCESSED
from tests import data_project

ONLY = ["data", "--only", "brent_daily_visit_window"]

@pytest.fixture(scope="module")
def project(mirror, tmp_path_factory):
    """A project copy with an OLD published set (one price and the package differ from what a run makes)."""
    root = data_project.make_copy(tmp_path_factory.mktemp("project"))
    env = {"BOOK_DATA_CACHE": str(tmp_path_factory.mktemp("cache")), "BOOK_DATA_MIRROR": str(mirror)}
    data = root / "data"
    first = data_project.run(root, *ONLY, env=env)  # fills the cache; makes the NEW set
    assert first.returncode == 0, first.stderr
    new = (data_project.snapshot(data / "processed"), (data / "datapackage.json").read_text(encoding="utf-8"))
    table = data / "processed" / "brent_daily_visit_window.csv"
    old_table = table.read_text(encoding="utf-8").replace(",63.2\n", ",63.25\n", 1)
    package = json.loads(new[1])
    package["description"] += " (old)"
    old_package = json.dumps(package, indent=2) + "\n"

    def reset_to_old():
        table.write_text(old_table, encoding="utf-8")
        (data / "datapackage.json").write_text(old_package, encoding="utf-8")
        return data_project.snapshot(data / "processed"), old_package

    old = reset_to_old()
    assert old[0] != new[0] and old[1] != new[1]
    return root, env, old, new, reset_to_old


def assert_old_or_new(data, old, new) -> str:
    processed = data_project.snapshot(data / "processed")
    text = (data / "datapackage.json").read_text(encoding="utf-8")
    json.loads(text)  # always parses
    assert processed in (old[0], new[0]), f"data/processed is a mixed or damaged set: {processed}"
    assert text in (old[1], new[1])
    return "new" if processed == new[0] else "old"


def run_kill_driver(project, mode):
    """tests/kill_driver.py in the project copy: one JSON line per killed (or finished) run."""
    root, env, old, new, reset_to_old = project
    data = root / "data"
    reset_to_old()
    saved = root / "old-set"
    saved.mkdir(exist_ok=True)
    reset = {}
    for path in ("data/processed/brent_daily_visit_window.csv", "data/datapackage.json"):
        shutil.copyfile(root / path, saved / Path(path).name)
        reset[path] = str(saved / Path(path).name)
    code = (Path(__file__).parent / "kill_driver.py").read_text(encoding="utf-8")
    process = data_project.start(root, mode, *ONLY, env={**env, "KILL_RESET": json.dumps(reset)}, code=code)
    stdout, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    trials = [json.loads(line) for line in stdout.splitlines()]
    for trial in trials:
        json.loads(trial["package"])  # datapackage.json always parses
        assert trial["processed"] in (old[0], new[0]), f"data/processed is a mixed or damaged set: {trial}"
        assert trial["package"] in (old[1], new[1])
    return ["new" if t["processed"] == new[0] else "old" for t in trials], trials


def finish_cleanly(project):
    """The next run cleans up what the killed ones left and publishes the new set."""
    root, env, old, new, reset_to_old = project
    data = root / "data"
    result = data_project.run(root, *ONLY, env=env)
    assert result.returncode == 0, result.stderr
    assert assert_old_or_new(data, old, new) == "new"
    assert data_project.leftovers(data) == []


def test_kill_at_random_times_leaves_the_old_or_the_new_set(project):
    real_before = data_project.snapshot(PROCESSED)
    outcomes, trials = run_kill_driver(project, "random:1,2,3,4:4")  # 4 seeds, 4 kills each
    assert len(trials) == 17 and not trials[0]["killed"] and outcomes[0] == "new"  # the timing run
    assert all(t["killed"] or t["exit"] == 0 for t in trials[1:])
    print(f"a run takes {trials[0]['seconds']:.2f} s; outcomes of 16 kills: {outcomes[1:]}")
    finish_cleanly(project)
    assert data_project.snapshot(PROCESSED) == real_before, "the test touched the real data/processed"


def test_kill_before_and_after_every_publication_step(project):
    outcomes, trials = run_kill_driver(project, "step")
    killed = [o for o, t in zip(outcomes, trials) if t["killed"]]
    assert not trials[-1]["killed"] and outcomes[-1] == "new", "no run got to the end"
    # stage made, validation folder removed, exchanged, old set removed, package replaced:
    # 5 steps, each killed before and after
    assert len(killed) >= 10 and killed[0] == "old" and killed[-1] == "new", killed
    print("outcomes of kills at each step:", killed)
    finish_cleanly(project)


def test_a_second_run_waits_for_the_lock(project):
    root, env, old, new, reset_to_old = project
    data = root / "data"
    reset_to_old()
    with open(data / publish.LOCK_NAME, "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        process = data_project.start(root, *ONLY, env=env)
        time.sleep(4)  # longer than a whole run takes
        assert process.poll() is None, "the second run did not wait for the lock"
        assert data_project.snapshot(data / "processed") == old[0]
        fcntl.flock(held, fcntl.LOCK_UN)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert "waiting for another run publishing" in stderr
    assert assert_old_or_new(data, old, new) == "new"


# --- read-only targets: a clear message, exit 1, nothing changed (in-process, a fake builder) ---


@pytest.fixture
def fake_builder(monkeypatch):
    def prices(raw):
        return pd.read_csv(PROCESSED / "brent_daily_visit_window.csv")

    entry = builders.Builder(name="prices", tables=("brent_daily_visit_window",), sources=("eia_brent_daily",), func=prices)
    monkeypatch.setattr(build, "all_builders", lambda: [entry])


def test_read_only_processed_folder_is_a_clear_error(fake_builder, tmp_path, capsys):
    out = tmp_path / "processed"
    out.mkdir()
    (out / "brent_daily_visit_window.csv").write_text("date,brent_usd_per_bbl\n", encoding="utf-8")
    out.chmod(0o555)
    try:
        assert main(["data", "--out", str(out)]) == 1
    finally:
        out.chmod(0o755)
    err = capsys.readouterr().err
    assert f"cannot publish to {out}: it is read-only. Nothing was changed" in err
    assert f"chmod u+w {out}" in err and "Traceback" not in err
    assert (out / "brent_daily_visit_window.csv").read_text(encoding="utf-8") == "date,brent_usd_per_bbl\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed"]


def test_read_only_parent_folder_is_a_clear_error(fake_builder, tmp_path, capsys):
    parent = tmp_path / "data"
    parent.mkdir()
    parent.chmod(0o555)
    try:
        assert main(["data", "--out", str(parent / "processed")]) == 1
    finally:
        parent.chmod(0o755)
    err = capsys.readouterr().err
    assert f"the folder holding it, {parent}, is read-only" in err and "Traceback" not in err
    assert list(parent.iterdir()) == []


def test_a_failing_rename_is_reported_and_leaves_the_old_set(fake_builder, tmp_path, capsys, monkeypatch):
    out = tmp_path / "processed"
    out.mkdir()
    (out / "brent_daily_visit_window.csv").write_text("old\n", encoding="utf-8")

    def read_only_file_system(*args):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(out))

    monkeypatch.setattr(publish, "_exchange", read_only_file_system)
    assert main(["data", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "could not replace" in err and "Read-only file system" in err and "Traceback" not in err
    assert (out / "brent_daily_visit_window.csv").read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [publish.LOCK_NAME, "processed"]


def test_fallback_swap_and_recovery_from_a_kill_between_its_two_renames(tmp_path, monkeypatch):
    """Where RENAME_EXCHANGE is missing: two renames; a run killed between them is undone by the next."""
    target = tmp_path / "processed"
    target.mkdir()
    (target / "t.csv").write_text("old\n")
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    stage = publish.new_stage(target)
    (stage / "t.csv").write_text("new\n")
    publish.swap_in(stage, target)
    assert (target / "t.csv").read_text() == "new\n" and publish.leftovers(target) == []
    # simulate the kill: the old set moved away, the new one not yet in
    os.rename(target, publish.temp_name(target, "old"))
    half = publish.new_stage(target)
    (half / "t.csv").write_text("newer\n")
    publish.recover(target)
    assert (target / "t.csv").read_text() == "new\n" and publish.leftovers(target) == []


def test_readers_use_the_moved_away_set_while_data_processed_is_missing(tmp_path, monkeypatch):
    from minsk2020 import paths
    from minsk2020.data import tables

    data = tmp_path / "data"
    old = data / ".processed-old-123-abcdef12"
    old.mkdir(parents=True)
    (old / "t.csv").write_text("a\n1\n")
    monkeypatch.setattr(paths, "DATA", data)
    monkeypatch.setattr(paths, "PROCESSED", data / "processed")
    assert paths.processed_dir() == old
    monkeypatch.setattr(tables, "processed_dir", paths.processed_dir)
    assert tables.load("t")["a"].tolist() == [1]


def test_temporary_names_are_unique_per_run_and_ignored_by_git(tmp_path):
    import subprocess
    import sys

    from minsk2020.paths import ROOT

    code = "from minsk2020.data import publish; print(publish.temp_name(publish.Path('data/processed'), 'stage'))"
    names = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() for _ in range(2)}
    assert len(names) == 2
    data = ROOT / "data"
    candidates = [*names, "data/.datapackage.json.1-abc.tmp", "data/.sources.yaml.2-def.tmp",
                  "data/.minsk2020-data.lock", "data/.processed-old-3-0123abcd"]
    ignored = subprocess.run(["git", "check-ignore", *candidates], cwd=ROOT, capture_output=True, text=True)
    assert sorted(ignored.stdout.split()) == sorted(candidates), ignored.stdout
    assert data.is_dir()


def test_fallback_swap_puts_the_old_set_back_when_the_second_rename_fails(tmp_path, monkeypatch):
    target = tmp_path / "processed"
    target.mkdir()
    (target / "t.csv").write_text("old\n")
    stage = publish.new_stage(target)
    (stage / "t.csv").write_text("new\n")
    monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    real_rename = os.rename

    def rename(a, b):
        if str(a) == str(stage):
            raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(b))
        real_rename(a, b)

    monkeypatch.setattr(os, "rename", rename)
    with pytest.raises(publish.PublishError, match="was left as it was"):
        publish.swap_in(stage, target)
    assert (target / "t.csv").read_text() == "old\n"


def test_an_unforeseen_os_error_is_one_line_naming_the_path(monkeypatch, capsys):
    from minsk2020 import __main__ as cli

    def boom():
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), "/some/where.csv")

    monkeypatch.setattr(cli, "_validate", boom)
    assert cli.main(["validate"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: /some/where.csv: Permission denied") and "Traceback" not in err
