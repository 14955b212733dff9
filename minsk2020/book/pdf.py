"""The PDF edition: a strict single-page HTML build printed by headless Chromium.

Offline throughout: the single-page HTML is built with the same strict settings as the
web edition; in that build every figure is its static PNG, drawn by vl-convert from the figure's
``<name>.vl.json`` spec file (the spec its notebook output carries, see :mod:`minsk2020.book.vega`),
instead of a script; Debian's ``chromium`` then prints it to PDF. (Jupyter Book's own
``pdfhtml`` builder downloads a browser and cannot work without a network.)
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from minsk2020.errors import BookDataError
from minsk2020.paths import ROOT

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync", "--no-pdf-header-footer",
                 "--run-all-compositor-stages-before-draw", "--virtual-time-budget=10000"]


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise BookDataError("the PDF edition needs Chromium: apt-get install chromium")


def build_pdf(out: Path = ROOT / "_build" / "pdf" / "minsk2020-book.pdf", work: Path = ROOT / "_build" / "print") -> Path:
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jupyter_book if jupyter_book.is_file() else "jupyter-book"), "build", str(ROOT), "--builder", "singlehtml",
           "--path-output", str(work), "-W", "-n", "--keep-going"]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise BookDataError(f"single-page HTML build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    index = work / "_build" / "singlehtml" / "index.html"
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".tmp.pdf")
    profile = work / "chromium-profile"
    printed = subprocess.run([chromium(), *CHROMIUM_ARGS, f"--user-data-dir={profile}", f"--print-to-pdf={tmp}",
                              index.as_uri()], capture_output=True, text=True, timeout=300)
    if printed.returncode != 0 or not tmp.is_file() or tmp.stat().st_size == 0:
        raise BookDataError(f"Chromium could not print {index}:\n{printed.stderr[-3000:]}")
    os.replace(tmp, out)
    return out


def main() -> int:
    start = time.perf_counter()
    path = build_pdf()
    print(f"{path} ({path.stat().st_size:,} bytes) in {time.perf_counter() - start:.1f} s")
    return 0
