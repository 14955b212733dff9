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

from tests.bookcheck import toc_pages
from tests.browser_support import CHART_TIMEOUT_MS, VIEWPORTS, BookServer, search_results, unique_search_word, visit

pytestmark = pytest.mark.browser

PAGES = toc_pages()
SERIOUS = {"serious", "critical"}
WIDTHS = list(VIEWPORTS)  # "phone" (390 x 844) and "laptop" (1366 x 900)
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
    """visits(page, width="laptop") -> Visit, each page opened once per width and session and shared
    by the tests below (screenshots at the laptop's width only)."""
    cache = {}

    def get(page: str, width: str = "laptop"):
        if (page, width) not in cache:
            cache[page, width] = visit(chromium, book_url, page, viewport=VIEWPORTS[width],
                                       screenshot_dir=screenshot_dir if width == "laptop" else None)
        return cache[page, width]

    return get


def _lines(items) -> str:
    return "\n  ".join(str(i) for i in items)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES + ["search", "genindex"])
def test_page_loads_cleanly_and_stays_on_the_local_server(visits, page, width):
    v = visits(page, width)
    assert v.requests, f"{page}: no request recorded"
    assert not v.foreign_requests, f"{page} requested other hosts:\n  {_lines(v.foreign_requests)}"
    assert not v.failed_requests, f"{page}: failed requests:\n  {_lines(v.failed_requests)}"
    assert not v.console_errors, f"{page}: console errors:\n  {_lines(v.console_errors)}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES + ["search", "genindex"])
def test_page_has_a_strict_content_security_policy_and_breaks_it_nowhere(visits, page, width):
    v = visits(page, width)
    assert v.csp_policy, f"{page}: no Content-Security-Policy meta tag"
    directives = dict((d.strip().split(" ", 1) + [""])[:2] for d in v.csp_policy.split(";") if d.strip())
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "data:", "http:", "https:"):
        assert unsafe not in directives["script-src"].split(), f"{page}: script-src allows {unsafe}"
    assert directives.get("object-src") == "'none'" and directives.get("default-src") == "'self'"
    assert not v.csp_violations, f"{page}: CSP violations:\n  {_lines(v.csp_violations)}"
    reported = [m for m in v.console_errors if "Content Security Policy" in m]
    assert not reported, f"{page}: CSP errors in the console:\n  {_lines(reported)}"
    assert not v.dialogs, f"{page}: dialogs opened: {v.dialogs}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES)
def test_every_chart_renders_within_5_seconds(visits, page, width):
    v = visits(page, width)
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


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES + ["search"])
def test_axe_finds_no_serious_or_critical_violation(visits, page, width):
    v = visits(page, width)
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


# ---------------------------------------------------------------- every screen (issue 17)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES + ["search"])
def test_the_page_never_scrolls_sideways(visits, page, width):
    layout = visits(page, width).layout
    assert layout["scrollWidth"] <= layout["viewport"], (
        f"{page} at {width}: the page is {layout['scrollWidth']} px wide in a {layout['viewport']} px window")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", PAGES)
def test_every_chart_fits_its_column_and_no_chart_text_is_clipped(visits, page, width):
    layout = visits(page, width).layout
    problems = []
    for chart in layout["charts"]:
        if chart["left"] < layout["mainLeft"] - 1 or chart["right"] > layout["mainRight"] + 1:
            problems.append(f"{chart['id']}: box {chart['left']}..{chart['right']} outside the main column "
                            f"{layout['mainLeft']}..{layout['mainRight']}")
        if chart["scrolls"] and not (chart["hint"] and chart["focusable"]):
            problems.append(f"{chart['id']}: scrolls inside its box without a visible hint or keyboard focus")
        if chart["clipped"]:
            problems.append(f"{chart['id']}: text outside the chart's SVG: {chart['clipped']}")
    assert not problems, f"{page} at {width}:\n  " + _lines(problems)


@pytest.mark.parametrize("page", PAGES)
def test_no_chart_scrolls_in_its_box_on_a_desktop(visits, page):
    """At 1366 x 900 every chart fits its column: only a phone may need a dense chart to scroll in its box."""
    layout = visits(page, "laptop").layout
    scrolling = [f"{c['id']}: drawing {c['svgWidth']} px in a {c['boxWidth']} px box"
                 for c in layout["charts"] if c["scrolls"]]
    assert not scrolling, f"{page} at 1366 px, charts that scroll sideways in their box:\n  " + _lines(scrolling)


@pytest.mark.parametrize("page", [p for p in PAGES if p.startswith("chapters/") and not p.startswith("chapters/appendix/")])
def test_glued_values_are_in_normal_weight(visits, page):
    glued = visits(page, "phone").glued
    bold = [g for g in glued if g["weight"] >= 600]
    assert not bold, f"{page}: glued values rendered bold: {bold[:5]}"


def test_glued_text_exists_somewhere(visits):
    assert any(visits(p, "phone").glued for p in PAGES if p.startswith("chapters/")), "no glued text found: selector stale?"


REGISTER = "chapters/claims/register"


def _register_tab(chromium, book_url, width):
    context = chromium.new_context(viewport=VIEWPORTS[width])
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(book_url) else r.abort())
    tab = context.new_page()
    tab.goto(f"{book_url}{REGISTER}.html", wait_until="load")
    tab.wait_for_selector("#claims-search")
    return context, tab


VISIBLE_VERDICTS_JS = """() => [...document.querySelectorAll('#claims-register tbody tr')].filter((r) => !r.hidden)
  .map((r) => { const b = r.querySelector('.claim-verdict').getBoundingClientRect();
                return {id: r.id, left: b.left, right: b.right, text: r.querySelector('.claim-verdict').textContent,
                        cls: r.className, colour: getComputedStyle(r.querySelector('.claim-verdict')).backgroundColor}; })"""


def test_register_every_verdict_is_visible_on_a_phone_without_sideways_scrolling(chromium, book_url):
    from minsk2020.data import claims

    context, tab = _register_tab(chromium, book_url, "phone")
    try:
        badges = tab.evaluate(VISIBLE_VERDICTS_JS)
        assert len(badges) == len(claims.load_claims())
        width = tab.evaluate("() => document.documentElement.clientWidth")
        assert tab.evaluate("() => document.documentElement.scrollWidth") <= width
        off = [b for b in badges if b["left"] < 0 or b["right"] > width]
        assert not off, f"verdicts off-screen at 390 px: {off[:5]}"
        assert {b["text"] for b in badges} <= set(claims.VERDICTS), "each badge says its verdict in words"
        colours = {b["text"]: b["colour"] for b in badges}
        assert len(set(colours.values())) == len(colours), f"verdicts share a colour: {colours}"
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_register_search_filter_and_sort_work_by_keyboard(chromium, book_url, width):
    context, tab = _register_tab(chromium, book_url, width)
    try:
        def focus(element_id, limit=120):
            for _ in range(limit):
                tab.keyboard.press("Tab")
                if tab.evaluate("() => document.activeElement && document.activeElement.id") == element_id:
                    return
            raise AssertionError(f"#{element_id} cannot be reached with the Tab key")

        assert tab.evaluate("() => document.querySelector('label[for=claims-search]').textContent").strip()
        focus("claims-search")
        tab.keyboard.type("Lukashenko")
        shown = tab.evaluate("() => [...document.querySelectorAll('#claims-register tbody tr')].filter(r => !r.hidden).map(r => r.textContent)")
        total = tab.evaluate("() => document.querySelectorAll('#claims-register tbody tr').length")
        assert 0 < len(shown) < total and all("lukashenko" in t.lower() for t in shown)
        assert str(len(shown)) in tab.inner_text(".claims-status")
        for _ in range(len("Lukashenko")):
            tab.keyboard.press("Backspace")
        focus("claims-filter-verdict")
        tab.keyboard.press("ArrowDown")  # the first verdict after "All"
        if tab.evaluate("() => document.activeElement.value") == "":
            tab.keyboard.press("ArrowDown")
        chosen = tab.evaluate("() => document.getElementById('claims-filter-verdict').value")
        assert chosen, "the verdict filter did not change by keyboard"
        badges = tab.evaluate(VISIBLE_VERDICTS_JS)
        assert badges and {b["text"] for b in badges} == {chosen}
        for sel in ("#claims-filter-topic", "#claims-filter-kind", "#claims-filter-verdict", "#claims-sort"):
            sid = sel[1:]
            assert tab.evaluate(f"() => !!document.querySelector('label[for={sid}]')"), f"{sel} has no label"
        tab.select_option("#claims-filter-verdict", "")
        focus("claims-sort")
        tab.keyboard.press("ArrowDown")  # sort by verdict
        order = [b["text"] for b in tab.evaluate(VISIBLE_VERDICTS_JS)]
        from minsk2020.data import claims
        ranks = [claims.VERDICTS.index(v) for v in order]
        assert ranks == sorted(ranks), "sorting by verdict did not order the rows"
    finally:
        context.close()


def test_one_search_box_on_a_laptop(chromium, book_url):
    context = chromium.new_context(viewport=VIEWPORTS["laptop"])
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(book_url) else r.abort())
    try:
        tab = context.new_page()
        tab.goto(f"{book_url}chapters/appendix/corrections.html", wait_until="load")
        boxes = tab.evaluate("""() => [...document.querySelectorAll('.search-button-field, .search-button, #searchbox input')]
          .filter((e) => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
                           return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; }).length""")
        assert boxes == 1, f"{boxes} search boxes visible at 1366 px"
    finally:
        context.close()
