"""Publishing files and folders all together or not at all, one writer at a time.

- :func:`atomic_write_text` writes a file through a temporary file with a name unique to
  this run, in the same folder, then renames it over the target: a reader (or a kill) sees
  the old bytes or the new bytes, never half a file.
- :func:`swap_in` publishes a staged folder with ONE rename: on Linux ``renameat2`` with
  ``RENAME_EXCHANGE`` swaps the staged folder and the published one atomically, so
  ``data/processed/`` is at every instant either the whole old set or the whole new set.
  Where the kernel or file system cannot exchange, it falls back to two renames (old away,
  new in); :func:`recover` puts the old set back if a run died between the two, and the
  readers (:func:`minsk2020.paths.processed_dir`) read the set moved away meanwhile.
- :func:`lock` serialises writers with ``fcntl.flock`` on one lock file per folder.

Temporary names: ``.<name>.<runid>.tmp`` for files, ``.<name>-stage-<runid>`` and
``.<name>-old-<runid>`` for folders (ignored by git, see .gitignore). A run removes what
earlier, killed runs left, while it holds the lock.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import fcntl
import os
import re
import shutil
import stat
import sys
import uuid
from pathlib import Path

from minsk2020.errors import PublishError

_run_id: tuple[int, str] = (0, "")
TEMP_FILE = re.compile(r"^\..+\.\d+-[0-9a-f]{8}\.tmp$")
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def run_id() -> str:
    """``<pid>-<8 random hex digits>``, new in each process (a forked child gets its own)."""
    global _run_id
    if _run_id[0] != os.getpid():
        _run_id = (os.getpid(), f"{os.getpid()}-{uuid.uuid4().hex[:8]}")
    return _run_id[1]


def temp_name(target: Path, kind: str = "tmp") -> Path:
    """A sibling of ``target`` with a name unique to this run (and ignored by git)."""
    target = Path(target)
    if kind == "tmp":
        return target.with_name(f".{target.name}.{run_id()}.tmp")
    return target.with_name(f".{target.name}-{kind}-{run_id()}")


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a unique temporary file and one rename."""
    path = Path(path)
    tmp = temp_name(path)
    try:
        with open(tmp, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            shutil.copymode(path, tmp)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise PublishError(f"could not write {path}: {exc.strerror or exc}. Check that its folder is writable.") from exc


def is_read_only(path: Path) -> bool:
    """True when ``path`` has no owner write bit, or the process may not write it.

    The write bit is honoured even for root, who could otherwise replace a folder a
    maintainer made read-only on purpose.
    """
    mode = os.stat(path).st_mode
    return not (mode & stat.S_IWUSR) or not os.access(path, os.W_OK)


def check_writable(target: Path) -> None:
    """Refuse early, with what to do, when ``target`` or its folder cannot be replaced."""
    target = Path(target)
    parent = target.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PublishError(f"cannot publish to {target}: cannot create its folder {parent} ({exc.strerror or exc})") from exc
    for folder, what in ((parent, f"the folder holding it, {parent},"), (target, "it")):
        if folder.exists() and is_read_only(folder):
            raise PublishError(
                f"cannot publish to {target}: {what} is read-only. Nothing was changed. "
                f"Make it writable (chmod u+w {folder}) or write elsewhere with --out DIR."
            )


LOCK_NAME = ".minsk2020-data.lock"


@contextlib.contextmanager
def lock(target: Path, *, wait: bool = True):
    """Hold the exclusive lock of the folder holding ``target`` (``.minsk2020-data.lock`` there).

    One lock per folder: the data command (``data/processed``, ``data/datapackage.json``),
    ``sources`` (``data/sources.yaml``) and ``datapackage`` all take ``data/``'s, so no two
    of them interleave and a run may safely clean up what killed runs left there.
    """
    path = Path(target).parent / LOCK_NAME
    try:
        handle = open(path, "a+")
    except OSError as exc:
        raise PublishError(
            f"cannot create the lock file {path}: {exc.strerror or exc}. "
            f"Make {path.parent} writable or write elsewhere with --out DIR."
        ) from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise PublishError(f"another run is publishing {target} (lock {path} is held); try again later")
            print(f"waiting for another run publishing {target} (lock {path})", file=sys.stderr, flush=True)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield path
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with renameat2(RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def new_stage(target: Path) -> Path:
    stage = temp_name(target, "stage")
    stage.mkdir()
    return stage


def swap_in(stage: Path, target: Path) -> None:
    """Make ``stage`` the published ``target`` in one rename; remove the old set afterwards."""
    stage, target = Path(stage), Path(target)
    try:
        if not target.exists():
            os.rename(stage, target)
            return
        if _exchange(stage, target):  # the old set now lives at the stage's name
            shutil.rmtree(stage, ignore_errors=True)
            return
        old = temp_name(target, "old")
        os.rename(target, old)
        try:
            os.rename(stage, target)
        except OSError:
            os.rename(old, target)  # put the old set back before reporting
            raise
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise PublishError(
            f"could not replace {target} with the new tables in {stage}: {exc.strerror or exc}. "
            f"{target} was left as it was; make it and its folder writable and run again."
        ) from exc


def leftovers(target: Path) -> list[Path]:
    """Folders and files that killed runs may have left beside ``target``."""
    target = Path(target)
    if not target.parent.is_dir():
        return []
    names = (f".{target.name}-stage-", f".{target.name}-old-")
    return sorted(p for p in target.parent.iterdir() if p.name.startswith(names))


def recover(target: Path) -> None:
    """Under the lock: undo what a killed run left (see the module docstring)."""
    target = Path(target)
    old_sets = [p for p in leftovers(target) if "-old-" in p.name]
    if not target.exists() and old_sets:
        os.rename(max(old_sets, key=lambda p: p.stat().st_mtime), target)
    for path in leftovers(target):
        shutil.rmtree(path, ignore_errors=True)
    for path in target.parent.glob(".*.tmp"):
        if TEMP_FILE.match(path.name):  # written by atomic_write_text under this same lock
            with contextlib.suppress(OSError):
                path.unlink()
