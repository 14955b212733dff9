"""Drive Debian's Chromium (Playwright for Python) over a built book served on 127.0.0.1.

Shared by tests/test_browser.py and benchmarks/run.py. Nothing here downloads a browser:
Chromium is Debian's (``/usr/bin/chromium``, or ``$BOOK_CHROMIUM``), launched headless
with background networking off; every request a page makes is recorded, and any request
to a host other than the local server is aborted (and reported by the tests).
"""

from __future__ import annotations

import base64
import functools
import http.server
import os
import re
import shutil
import threading
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from minsk2020.paths import ROOT

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--no-first-run", "--disable-sync", "--disable-quic",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHART_TIMEOUT_MS = 5000
VIEWPORT = {"width": 1366, "height": 900}  # a laptop; tests also visit at a phone's 390 x 844


def chromium_path() -> str | None:
    for candidate in (os.environ.get("BOOK_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium"),
                      shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


# --- a quiet static server on a random free port of 127.0.0.1 ---------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


class BookServer:
    """``with BookServer(html_dir) as base_url: ...`` -- serves the folder in a daemon thread."""

    def __init__(self, directory: Path):
        handler = functools.partial(_QuietHandler, directory=str(directory))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def __enter__(self) -> str:
        self.thread.start()
        return self.base_url

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def launch(playwright):
    path = chromium_path()
    if path is None:
        raise FileNotFoundError("Debian's chromium is not installed (sudo apt-get install chromium)")
    return playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)


# --- one visit of one page ---------------------------------------------------------------

# Resolves with performance.now() (ms since navigation start) once every .vega-chart holds a
# non-empty SVG or canvas of non-zero size, or with null after the timeout.
CHARTS_RENDERED_JS = """(timeout) => new Promise((resolve) => {
  const done = () => [...document.querySelectorAll('.vega-chart')].every((el) => {
    const g = el.querySelector('svg, canvas');
    if (!g) return false;
    const r = g.getBoundingClientRect();
    const filled = g.tagName.toLowerCase() === 'canvas' || g.childElementCount > 0;
    return filled && r.width > 0 && r.height > 0;
  });
  const start = performance.now();
  (function poll() {
    if (done()) return resolve(performance.now());
    if (performance.now() - start > timeout) return resolve(null);
    requestAnimationFrame(poll);
  })();
})"""

CHART_FACTS_JS = """() => [...document.querySelectorAll('.vega-chart')].map((el) => {
  const g = el.querySelector('svg, canvas');
  const r = g ? g.getBoundingClientRect() : {width: 0, height: 0};
  const labelled = [el, g].filter((x) => x && (x.getAttribute('aria-label') || '').trim().length > 0);
  const describedby = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
  const desc = describedby.map((id) => document.getElementById(id)).filter(Boolean);
  const figure = el.closest('.book-figure');
  const inFigure = figure ? figure.querySelector('.chart-description') : null;
  return {
    id: el.id,
    kind: g ? g.tagName.toLowerCase() : null,
    children: g ? g.childElementCount : 0,
    width: r.width, height: r.height,
    role: labelled.length ? labelled[0].getAttribute('role') : (g ? g.getAttribute('role') : null),
    ariaLabel: labelled.length ? labelled[0].getAttribute('aria-label') : '',
    describedByText: desc.map((d) => d.textContent.trim()).join(' '),
    descriptionText: inFigure ? inFigure.textContent.trim() : '',
  };
})"""

IMAGES_JS = """() => [...document.querySelectorAll('img')].map((img) => ({
  src: img.getAttribute('src'), alt: img.getAttribute('alt'),
  decorative: img.getAttribute('role') === 'presentation' || img.getAttribute('aria-hidden') === 'true',
}))"""

AXE_RUN_JS = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations'], preload: false});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 300)),
    count: v.nodes.length,
  }));
}"""

# Share of the most frequent colour in a PNG (a data URL), measured on a canvas in the browser.
DOMINANT_COLOUR_JS = """async (dataUrl) => {
  const img = new Image();
  img.src = dataUrl;
  await img.decode();
  const w = Math.min(img.width, 640), h = Math.max(1, Math.round(img.height * w / img.width));
  const canvas = document.createElement('canvas');
  canvas.width = w; canvas.height = h;
  const ctx = canvas.getContext('2d');
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(img, 0, 0, w, h);
  const data = ctx.getImageData(0, 0, w, h).data;
  const counts = new Map();
  for (let i = 0; i < data.length; i += 4) {
    const key = (data[i] >> 3) << 10 | (data[i + 1] >> 3) << 5 | (data[i + 2] >> 3);
    counts.set(key, (counts.get(key) || 0) + 1);
  }
  let top = 0;
  for (const c of counts.values()) top = Math.max(top, c);
  return {share: top / (w * h), colours: counts.size, width: img.width, height: img.height};
}"""


@dataclass
class Visit:
    page: str
    url: str
    requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    chart_count: int = 0
    charts_rendered_ms: float | None = None
    charts: list[dict] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    axe_violations: list[dict] = field(default_factory=list)
    screenshot: Path | None = None
    screenshot_stats: dict | None = None
    chart_image_stats: list[dict] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    csp_policy: str | None = None
    dialogs: list[str] = field(default_factory=list)
    layout: dict | None = None  # LAYOUT_JS: page scroll width, chart boxes, clipped chart text
    glued: list[dict] = field(default_factory=list)  # GLUED_WEIGHTS_JS


# Runs in every page before its own scripts (Playwright init scripts are not subject to the page's
# CSP): records each Content Security Policy violation the page reports.
CSP_LISTENER_JS = """(() => {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'}`
      + ` at ${e.sourceFile || ''}:${e.lineNumber || ''} sample ${JSON.stringify(e.sample || '')}`);
  });
})();"""
CSP_META_JS = """() => { const m = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
                         return m ? m.getAttribute('content') : null; }"""


def _is_local(url: str, base_url: str) -> bool:
    scheme = urlsplit(url).scheme
    if scheme in ("data", "blob", "about"):
        return True
    return url.startswith(base_url)


def screenshot_name(page: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "__", page) + ".png"


def dominant_colour(browser, png: bytes) -> dict:
    """{'share': fraction of pixels in the most frequent colour, 'colours': distinct colours, ...}."""
    context = browser.new_context()
    try:
        tab = context.new_page()
        return tab.evaluate(DOMINANT_COLOUR_JS, "data:image/png;base64," + base64.b64encode(png).decode("ascii"))
    finally:
        context.close()


def _wait_until_charts_drawn(tab, result: Visit, chart_timeout_ms: int) -> None:
    """Wait until every chart has been fitted to its column: vega-charts.js redraws 150 ms after a
    resize (a full-page screenshot is one) and marks each chart data-chart-state="drawn" when done,
    so first let a pending redraw start, then wait for the marks."""
    tab.wait_for_timeout(300)
    try:
        tab.wait_for_function("""() => [...document.querySelectorAll('.vega-chart')]
            .every((el) => el.getAttribute('data-chart-state') === 'drawn')""", timeout=chart_timeout_ms * 2)
    except Exception:  # noqa: BLE001 - measured as it is; the layout tests then say what is wrong
        result.console_errors.append("charts never reported data-chart-state=drawn (vega-charts.js)")


def visit(browser, base_url: str, page: str, *, screenshot_dir: Path | None = None, run_axe: bool = True,
          chart_timeout_ms: int = CHART_TIMEOUT_MS, viewport: dict | None = None) -> Visit:
    """Open ``<base_url><page>.html`` in a fresh context and record everything the tests check."""
    url = f"{base_url}{page}.html" if not page.endswith(".html") and "?" not in page else base_url + page
    result = Visit(page=page, url=url)
    context = browser.new_context(viewport=viewport or VIEWPORT, service_workers="block")

    def route(route_obj):
        if _is_local(route_obj.request.url, base_url):
            route_obj.continue_()
        else:
            route_obj.abort()  # never let a test reach the network; the request is still recorded

    context.route("**/*", route)
    context.add_init_script(script=CSP_LISTENER_JS)
    tab = context.new_page()
    tab.on("dialog", lambda d: (result.dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
    tab.on("request", lambda r: result.requests.append(r.url))
    tab.on("requestfailed", lambda r: result.failed_requests.append(f"{r.url} ({r.failure})"))
    tab.on("response", lambda r: r.status >= 400 and result.failed_requests.append(f"{r.url} (HTTP {r.status})"))
    tab.on("console", lambda m: m.type == "error" and result.console_errors.append(
        f"{m.text} at {m.location.get('url', '')}:{m.location.get('lineNumber', '')}"))
    tab.on("pageerror", lambda e: result.console_errors.append(f"uncaught: {e}"))
    try:
        tab.goto(url, wait_until="load")
        result.chart_count = tab.locator(".vega-chart").count()
        if result.chart_count:
            result.charts_rendered_ms = tab.evaluate(CHARTS_RENDERED_JS, chart_timeout_ms)
        else:
            result.charts_rendered_ms = 0.0
        tab.wait_for_load_state("networkidle", timeout=10_000)
        result.charts = tab.evaluate(CHART_FACTS_JS)
        if result.chart_count:
            _wait_until_charts_drawn(tab, result, chart_timeout_ms)  # charts re-fitted to their column settle
        result.layout = tab.evaluate(LAYOUT_JS)
        result.glued = tab.evaluate(GLUED_WEIGHTS_JS)
        result.images = tab.evaluate(IMAGES_JS)
        if screenshot_dir is not None:
            screenshot_dir.mkdir(parents=True, exist_ok=True)
            target = screenshot_dir / screenshot_name(page)
            png = tab.screenshot(path=str(target), full_page=True)
            result.screenshot = target
            result.screenshot_stats = dominant_colour(browser, png)
            for chart in tab.locator(".vega-chart").all():
                result.chart_image_stats.append(dominant_colour(browser, chart.screenshot()))
        # a resize (the full-page screenshot) re-fits the charts: wait until every one is drawn again
        if result.chart_count:
            _wait_until_charts_drawn(tab, result, chart_timeout_ms)
            result.layout = tab.evaluate(LAYOUT_JS)
        # what the page itself did, before the test injects anything
        result.requests = list(result.requests)
        result.foreign_requests = [u for u in result.requests if not _is_local(u, base_url)]
        result.failed_requests = list(result.failed_requests)
        result.console_errors = list(result.console_errors)
        result.csp_violations = list(tab.evaluate("() => window.__cspViolations || ['listener missing']"))
        result.csp_policy = tab.evaluate(CSP_META_JS)
        if run_axe:
            if not AXE_JS.is_file():
                raise FileNotFoundError(f"{AXE_JS} is missing: run `npm ci` in {ROOT}")
            # evaluated through DevTools, not as an inline <script> the page's CSP would block
            tab.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
            result.axe_violations = tab.evaluate(AXE_RUN_JS)
    finally:
        context.close()
    return result


def search_results(browser, base_url: str, word: str, timeout_ms: int = 10_000) -> list[str]:
    """The hrefs the built-in search (search.html?q=WORD) lists for ``word``."""
    from urllib.parse import quote

    context = browser.new_context(viewport=VIEWPORT)
    context.route("**/*", lambda r: r.continue_() if _is_local(r.request.url, base_url) else r.abort())
    try:
        tab = context.new_page()
        tab.goto(f"{base_url}search.html?q={quote(word)}", wait_until="load")
        # Sphinx writes "Search finished, found N page(s)..." into #search-results when done
        tab.wait_for_function(
            """() => { const p = document.querySelector('#search-results .search-summary, #search-results p');
                       const h = document.querySelector('#search-results h2');
                       return (p && /found|did not match/i.test(p.textContent)) || (h && /results/i.test(h.textContent) && p); }""",
            timeout=timeout_ms,
        )
        return tab.eval_on_selector_all("#search-results ul.search li a", "els => els.map(a => a.getAttribute('href'))")
    finally:
        context.close()


# --- a word that is in exactly one page (computed from the built HTML) --------------------

WORD = re.compile(r"[A-Za-z]{7,}")


def page_texts(html_dir: Path, pages: list[str]) -> dict[str, tuple[str, str]]:
    """page -> (whole article text, its prose: paragraphs and list items outside tables, code and links)."""
    from lxml import html as lxml_html

    texts = {}
    for page in pages:
        tree = lxml_html.fromstring((html_dir / f"{page}.html").read_text(encoding="utf-8"))
        for bad in tree.xpath("//script | //style"):
            bad.drop_tree()
        main = (tree.xpath('//article[contains(@class, "bd-article")]') or tree.xpath("//main") or [tree])[0]
        whole = main.text_content()
        for bad in main.xpath(".//table | .//pre | .//code | .//a | .//details | .//*[contains(@class, 'chart-links')]"):
            bad.drop_tree()
        prose = " ".join(el.text_content() for el in main.xpath(".//p | .//li"))
        texts[page] = (whole, prose)
    return texts


def unique_search_word(html_dir: Path, pages: list[str]) -> tuple[str, str] | None:
    """(word, page): a word in exactly one page's text, whose search-index stem also points
    to that page only (so Sphinx's stemming cannot match another page). Chapters first."""
    import json

    from sphinx.search.en import SearchEnglish

    texts = page_texts(html_dir, pages)
    words_of = {page: {w.lower() for w in WORD.findall(whole)} for page, (whole, _) in texts.items()}
    prose_of = {page: {w.lower() for w in re.findall(r"(?<![\w-])[A-Za-z]{7,14}(?![\w-])", prose)}
                for page, (_, prose) in texts.items()}
    counts = Counter(w for words in words_of.values() for w in words)
    index_text = (html_dir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(index_text[index_text.index("(") + 1: index_text.rindex(")")])
    docnames = index["docnames"]
    stemmer = SearchEnglish({})

    def docs_for(table: dict, stem: str) -> set[str]:
        hit = table.get(stem)
        if hit is None:
            return set()
        ids = hit if isinstance(hit, list) else [hit]
        return {docnames[i] if isinstance(i, int) else docnames[i[0]] for i in ids}

    ordered = sorted(pages, key=lambda p: (not p.startswith("chapters/") or p.startswith("chapters/appendix/"), p))
    for page in ordered:
        for word in sorted(prose_of[page], key=lambda w: (-len(w), w)):
            if counts[word] != 1:
                continue
            stem = stemmer.stem(word)
            if stem in stemmer.stopwords:
                continue
            if docs_for(index["terms"], stem) == {page} and docs_for(index.get("titleterms", {}), stem) <= {page}:
                return word, page
    return None


# --- layout at a given width: page scroll, chart boxes, clipped chart text ----------------

VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1366, "height": 900}}

LAYOUT_JS = """() => {
  const main = document.querySelector('article.bd-article') || document.querySelector('main');
  const m = main.getBoundingClientRect();
  const charts = [...document.querySelectorAll('.vega-chart')].map((el) => {
    const box = el.closest('.chart-scroll') || el;
    const b = box.getBoundingClientRect();
    const svg = el.querySelector('svg');
    const s = svg ? svg.getBoundingClientRect() : {left: 0, right: 0, top: 0, bottom: 0, width: 0};
    const clipped = svg ? [...svg.querySelectorAll('text')].filter((t) => {
      const r = t.getBoundingClientRect();
      return r.width > 0 && t.textContent.trim() && (r.left < s.left - 1 || r.right > s.right + 1 || r.top < s.top - 1 || r.bottom > s.bottom + 1);
    }).map((t) => t.textContent.trim().slice(0, 60)) : ['(no svg)'];
    const figure = el.closest('.book-figure') || box.parentNode;
    return {id: el.id, left: Math.round(b.left), right: Math.round(b.right), svgWidth: Math.round(s.width),
            boxWidth: box.clientWidth, scrolls: box.scrollWidth > box.clientWidth,
            hint: !!figure.querySelector('.chart-scroll-hint'), focusable: box.getAttribute('tabindex') === '0', clipped};
  });
  return {scrollWidth: document.documentElement.scrollWidth, viewport: document.documentElement.clientWidth,
          mainLeft: Math.round(m.left), mainRight: Math.round(m.right), charts};
}"""

# The computed font weight of every glued value (MyST-NB's .pasted-text) in the article.
GLUED_WEIGHTS_JS = """() => [...document.querySelectorAll('.bd-article .pasted-text, .bd-article .pasted-inline')]
  .map((e) => ({text: e.textContent.trim().slice(0, 40), weight: parseInt(getComputedStyle(e).fontWeight, 10)}))"""
