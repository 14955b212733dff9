"""Shared fixtures. Tests that need the raw files run when BOOK_DATA_MIRROR is set, else skip."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from minsk2020.data import fetch as fetch_module
from minsk2020.paths import ROOT
from tests.bookcheck import strict_build

MIRROR_REASON = "needs the raw files: set BOOK_DATA_MIRROR to a mirror folder (CI sets ../shared/data-mirror)"


@pytest.fixture(scope="session")
def mirror() -> Path:
    root = fetch_module.mirror_root()
    if root is None:
        pytest.skip(MIRROR_REASON)
    if not root.is_dir():
        pytest.fail(f"BOOK_DATA_MIRROR={root} is not a folder")
    return root


@pytest.fixture(scope="session")
def raw(mirror, tmp_path_factory):
    """raw(source_id) -> verified local path of a registered raw file (via the mirror)."""
    cache = tmp_path_factory.mktemp("raw-cache")
    previous = os.environ.get(fetch_module.CACHE_ENV)
    os.environ[fetch_module.CACHE_ENV] = str(cache)

    def get(source_id: str) -> Path:
        return fetch_module.fetch(source_id, progressbar=False)

    yield get
    if previous is None:
        os.environ.pop(fetch_module.CACHE_ENV, None)
    else:
        os.environ[fetch_module.CACHE_ENV] = previous


# --- CI guard: with BOOK_FORBID_SKIPS=1 (set by .ci/run) a skipped test fails the run. ---
_skipped: list[str] = []


def pytest_runtest_logreport(report):
    if report.skipped and not hasattr(report, "wasxfail"):
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if os.environ.get("BOOK_FORBID_SKIPS") == "1" and _skipped:
        print(f"\nBOOK_FORBID_SKIPS=1 but {len(_skipped)} test(s) skipped:", *_skipped, sep="\n  ")
        session.exitstatus = 1

@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> Path:
    """The book built strictly once per session; $BOOK_HTML (a finished build's html folder) reuses one."""
    if os.environ.get("BOOK_HTML"):
        return Path(os.environ["BOOK_HTML"])
    out = tmp_path_factory.mktemp("book")
    result = strict_build(ROOT, out)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout[-6000:]}\n{result.stderr[-6000:]}"
    return out / "_build" / "html"


@pytest.fixture(scope="session")
def chromium():
    """Debian's headless Chromium (Playwright), shared by the browser tests."""
    from tests.browser_support import AXE_JS, chromium_path, launch

    if chromium_path() is None:
        pytest.skip("needs Debian's chromium (sudo apt-get install chromium)")
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` at the repository root (axe-core is pinned in package.json)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()
