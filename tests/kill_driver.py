"""Run the data command again and again in forked children and SIGKILL them; report each outcome.

Run as ``python -c "$(cat kill_driver.py)" MODE ARGS...`` in a project copy (see
tests/data_project.py), so that the copy's package is imported. The driver imports
everything once, then for each trial: resets the published set to the old one (copies named in
$KILL_RESET, JSON {path: saved copy}), forks a child that runs ``python -m minsk2020 ARGS`` and
is killed, and prints one JSON line: how the child ended and what data/ holds.

MODE ``step:N`` kills the child just before or just after its Nth publication step (making
the staging folder, the exchange, a rename, a replace, a removal), for N = 1, 2, ... until
a child runs to the end. MODE ``random:SEED,SEED...:COUNT`` kills COUNT children per seed at times drawn
from it, between 0 and 1.2 times the length of a whole run.
"""

import hashlib
import json
import os
import random
import shutil
import signal
import sys
import time
from pathlib import Path

import minsk2020.__main__ as cli
from minsk2020.data import build, datapackage, publish  # noqa: F401  (imported before forking)
from minsk2020.data.builders import all_builders

all_builders()
import frictionless  # noqa: E402,F401

mode, args = sys.argv[1], sys.argv[2:]
reset = json.loads(os.environ["KILL_RESET"])
data = Path("data")


def snapshot():
    folder = data / "processed"
    files = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())} if folder.is_dir() else {}
    return {"processed": files, "package": (data / "datapackage.json").read_text(encoding="utf-8")}


def child(kill_at):
    count = [0]

    def tick():
        count[0] += 1
        if count[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def step(fn):
        def wrapped(*a, **k):
            tick()
            result = fn(*a, **k)
            tick()
            return result
        return wrapped

    if kill_at:
        publish.new_stage = step(publish.new_stage)
        publish._exchange = step(publish._exchange)
        os.rename, os.replace, shutil.rmtree = step(os.rename), step(os.replace), step(shutil.rmtree)
    sys.stdout = sys.stderr = open(os.devnull, "w")
    os._exit(cli.main(args))


def trial(kill_at=0, delay=None):
    for path, saved in reset.items():
        shutil.copyfile(saved, path)
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        child(kill_at)
    if delay is not None:
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    result = {"killed": os.WIFSIGNALED(status), "exit": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
              "seconds": time.perf_counter() - started, **snapshot()}
    print(json.dumps(result), flush=True)
    return result


if mode == "step":
    for n in range(1, 60):
        if not trial(kill_at=n)["killed"]:
            break
elif mode.startswith("random:"):
    _, seeds, count = mode.split(":")
    duration = trial()["seconds"]  # a whole run, not killed
    for seed in seeds.split(","):
        draw = random.Random(int(seed))
        for _ in range(int(count)):
            trial(delay=draw.uniform(0, 1.2 * duration))
