"""Every page of the built book in a real browser (Debian's Chromium, headless, via Playwright).

The book is built once per session (fixture ``built_book`` in conftest.py, into a temp dir)
and served from 127.0.0.1 on a random free port. For every page listed in _toc.yml (plus the
search page): no console errors, no failed requests, no request to any other host; every
chart renders within 5 s and has a text alternative; images have alt text; axe-core finds no
serious or critical violation; a full-page screenshot is written to ``_build/screenshots/``
next to the built HTML (or to ``$BOOK_SCREENSHOTS``) and must not be blank. The built-in
search finds a word that occurs in exactly one page.

axe-core is the npm package pinned in package.json (``npm ci`` puts it in node_modules/).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bookcheck import toc_pages
from browser_support import CHART_TIMEOUT_MS, BookServer, search_results, unique_search_word, visit

pytestmark = pytest.mark.browser

PAGES = toc_pages()
SERIOUS = {"serious", "critical"}
BLANK_SHARE = 0.995  # a screenshot with more than this share of pixels in one colour is blank


@pytest.fixture(scope="session")
def book_url(built_book):
    with BookServer(built_book) as base_url:
        yield base_url


@pytest.fixture(scope="session")
def screenshot_dir(built_book) -> Path:
    folder = Path(os.environ.get("BOOK_SCREENSHOTS") or built_book.parent / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def visits(chromium, book_url, screenshot_dir):
    """visits(page) -> Visit, each page opened once per session and shared by the tests below."""
    cache = {}

    def get(page: str):
        if page not in cache:
            cache[page] = visit(chromium, book_url, page, screenshot_dir=screenshot_dir)
        return cache[page]

    return get


def _lines(items) -> str:
    return "\n  ".join(str(i) for i in items)


@pytest.mark.parametrize("page", PAGES + ["search", "genindex"])
def test_page_loads_cleanly_and_stays_on_the_local_server(visits, page):
    v = visits(page)
    assert v.requests, f"{page}: no request recorded"
    assert not v.foreign_requests, f"{page} requested other hosts:\n  {_lines(v.foreign_requests)}"
    assert not v.failed_requests, f"{page}: failed requests:\n  {_lines(v.failed_requests)}"
    assert not v.console_errors, f"{page}: console errors:\n  {_lines(v.console_errors)}"


@pytest.mark.parametrize("page", PAGES + ["search", "genindex"])
def test_page_has_a_strict_content_security_policy_and_breaks_it_nowhere(visits, page):
    v = visits(page)
    assert v.csp_policy, f"{page}: no Content-Security-Policy meta tag"
    directives = dict((d.strip().split(" ", 1) + [""])[:2] for d in v.csp_policy.split(";") if d.strip())
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:", "https:"):
        assert unsafe not in directives["script-src"].split(), f"{page}: script-src allows {unsafe}"
    assert directives.get("object-src") == "'none'" and directives.get("default-src") == "'self'"
    assert not v.csp_violations, f"{page}: CSP violations:\n  {_lines(v.csp_violations)}"
    reported = [m for m in v.console_errors if "Content Security Policy" in m]
    assert not reported, f"{page}: CSP errors in the console:\n  {_lines(reported)}"
    assert not v.dialogs, f"{page}: dialogs opened: {v.dialogs}"


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_renders_within_5_seconds(visits, page):
    v = visits(page)
    if not v.chart_count:
        return
    assert v.charts_rendered_ms is not None, (
        f"{page}: not every chart rendered within {CHART_TIMEOUT_MS} ms: {v.charts}")
    for chart in v.charts:
        assert chart["kind"] in ("svg", "canvas") and chart["width"] > 0 and chart["height"] > 0, (
            f"{page}: chart {chart['id']} is empty: {chart}")
    for stats, chart in zip(v.chart_image_stats, v.charts):
        assert stats["share"] < BLANK_SHARE, f"{page}: chart {chart['id']} looks blank on screen: {stats}"


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_has_a_text_alternative_and_images_have_alt(visits, page):
    v = visits(page)
    for chart in v.charts:
        assert len(chart["descriptionText"]) >= 40, f"{page}: chart {chart['id']} lacks a .chart-description"
        assert chart["describedByText"] == chart["descriptionText"], (
            f"{page}: chart {chart['id']} is not aria-describedby its .chart-description")
        assert len(chart["ariaLabel"].strip()) >= 20, f"{page}: chart {chart['id']} has no aria-label"
        assert chart["role"], f"{page}: chart {chart['id']} has no role"
    missing = [img["src"] for img in v.images if img["alt"] is None or (not img["alt"].strip() and not img["decorative"])]
    assert not missing, f"{page}: images without alt text:\n  {_lines(missing)}"


@pytest.mark.parametrize("page", PAGES + ["search"])
def test_axe_finds_no_serious_or_critical_violation(visits, page):
    v = visits(page)
    bad = [x for x in v.axe_violations if x["impact"] in SERIOUS]
    report = [f"[{x['impact']}] {x['id']}: {x['help']} ({x['count']} node(s)) {x['helpUrl']}\n    "
              + "\n    ".join(x["nodes"]) for x in bad]
    assert not bad, f"{page}: axe-core violations:\n  {_lines(report)}"


@pytest.mark.parametrize("page", PAGES)
def test_full_page_screenshot_is_written_and_not_blank(visits, page):
    v = visits(page)
    assert v.screenshot is not None and v.screenshot.stat().st_size > 1000, f"{page}: no screenshot"
    stats = v.screenshot_stats
    assert stats["share"] < BLANK_SHARE and stats["colours"] > 2, (
        f"{page}: screenshot {v.screenshot} looks blank ({stats['share']:.1%} of pixels one colour)")


def test_search_finds_a_word_that_is_in_one_page_only(chromium, book_url, built_book):
    found = unique_search_word(built_book, PAGES)
    assert found, "no word occurs in exactly one page: cannot test the search"
    word, page = found
    hrefs = search_results(chromium, book_url, word)
    targets = {h.split("#")[0].split("?")[0] for h in hrefs}
    assert targets == {f"{page}.html"}, f"search for {word!r} (only in {page}) listed {hrefs}"
