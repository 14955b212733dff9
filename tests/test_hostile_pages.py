"""Hostile values planted in a real book build (strict), then opened in Chromium.

A small book (the claims register, one chart page) is built with the package's Sphinx
extensions from a temporary copy of data/curated ($BOOK_CURATED_DIR), never touching the
committed tables:

- schema-invalid rows (a script in claim_id, a javascript: URL, an unknown verdict, a
  javascript: URL in another table) stop the build before any page is read, and the build
  output names each file, row and field;
- schema-valid hostile text (``<!--<script>`` in a claim, ``</script>`` and U+2028/U+2029 in
  evidence, markup in a quote, a verdict note and source ids; ``</script>`` in a chart title)
  is built, and in Chromium: no dialog fires, no element carries an event-handler attribute, no
  link has a javascript: URL, the JSON-LD parses and holds the planted text, the chart renders,
  and the page reports no Content Security Policy violation.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from minsk2020.paths import CURATED, CURATED_ENV, ROOT
from tests.bookcheck import strict_build

pytestmark = [pytest.mark.book, pytest.mark.browser]

COMMENT_OPEN = "<!--<script>alert('claim')</script>"
CLOSE_SCRIPT = "</script><script>alert('evidence')</script>"
SEPARATORS = "line\u2028separator\u2029paragraph"
QUOTE_MARKUP = "<img src=x onerror=alert('quote')>"
NOTE_ATTR = "\" onmouseover=\"alert('note')\" x=\""
IDS_MARKUP = "<svg/onload=alert('ids')>"
TITLE = "</script><script>alert('title')</script>\u2028 shown as text"
LABEL = "ch-hostile-test"

REFUSED = [  # (table, 0-based row, field, value): each must stop the build
    ("claims", 0, "claim_id", 'C01" onmouseover="alert(1)'),
    ("claims", 2, "source_urls", "javascript:alert(document.domain)"),
    ("claims", 3, "verdict", "partly-supported"),
    ("belarus_gas_price", 1, "source_url", "javascript:alert(1)//https://example.org/"),
]

CHART_PAGE = """\
---
jupytext:
  text_representation: {{extension: .md, format_name: myst, format_version: 0.13}}
kernelspec: {{name: python3, display_name: Python 3}}
---

({label})=
# A chart with a hostile title

```{{code-cell}} ipython3
import altair as alt
import pandas as pd
from minsk2020.book.charts import figure

data = pd.DataFrame({{"year": ["2019", "2020"], "value": [1.0, 2.0]}})
chart = alt.Chart(data).mark_bar().encode(x="year:O", y=alt.Y("value:Q", title="Value (units)"))
figure(chart, name="fig-hostile", title={title!r}, description="Bars for two years; the title was planted by the tests.",
       table="claims", sources=["claims"], data=data)
```
"""


def _plant(folder: Path, table: str, row: int, field: str, value: str) -> None:
    path = folder / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row, field] = value
    frame.to_csv(path, index=False, lineterminator="\n")


def _small_book(root: Path) -> Path:
    """A book of three pages using the package's extensions and the repository's _static."""
    book = root / "book"
    (book / "chapters" / "claims").mkdir(parents=True)
    (book / "chapters" / "energy").mkdir(parents=True)
    (book / "index.md").write_text("# Hostile values\n\nA test book.\n", encoding="utf-8")
    (book / "chapters" / "claims" / "register.md").write_text(
        "(ch-claims-register)=\n# Claims\n\n<!-- generated: claims register -->\n", encoding="utf-8")
    (book / "chapters" / "energy" / "chart.md").write_text(
        CHART_PAGE.format(label=LABEL, title=TITLE), encoding="utf-8")
    (book / "_toc.yml").write_text(textwrap.dedent("""\
        format: jb-book
        root: index
        chapters:
          - file: chapters/claims/register
          - file: chapters/energy/chart
        """), encoding="utf-8")
    (book / "_config.yml").write_text(textwrap.dedent(f"""\
        title: Hostile values
        author: tests
        only_build_toc_files: true
        execute: {{execute_notebooks: force, run_in_temp: false, timeout: 300}}
        sphinx:
          recursive_update: true
          extra_extensions: [minsk2020.book.sphinxext, minsk2020.book.register]
          config:
            nb_execution_raise_on_error: true
            html_static_path: ["{ROOT / '_static'}"]
            suppress_warnings: ["mystnb.unknown_mime_type"]
            html_context: {{default_mode: light}}
        """), encoding="utf-8")
    return book


def _curated_copy(root: Path) -> Path:
    folder = root / "curated"
    shutil.copytree(CURATED, folder)
    # every claim the small book tests points at its one chapter label
    register = pd.read_csv(folder / "claims.csv", dtype=str, keep_default_na=False)
    register.loc[register["tested_in"] != "", "tested_in"] = LABEL
    register.to_csv(folder / "claims.csv", index=False, lineterminator="\n")
    return folder


def _build(book: Path, out: Path, curated: Path, monkeypatch):
    monkeypatch.setenv(CURATED_ENV, str(curated))
    return strict_build(book, out)


def test_build_refuses_schema_invalid_rows_naming_file_row_and_field(tmp_path, monkeypatch):
    book, curated = _small_book(tmp_path), _curated_copy(tmp_path)
    for table, row, field, value in REFUSED:
        _plant(curated, table, row, field, value)
    result = _build(book, tmp_path / "out", curated, monkeypatch)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    assert "Curated data is not valid" in output, output[-3000:]
    for table, row, field, value in REFUSED:
        assert re.search(rf"{table}\.csv, row {row + 2}, field '{field}'", output), (table, row, field, output[-3000:])
    assert not (tmp_path / "out" / "_build" / "html" / "chapters" / "claims" / "register.html").exists()


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    book, curated = _small_book(root), _curated_copy(root)
    _plant(curated, "claims", 0, "claim", COMMENT_OPEN)
    _plant(curated, "claims", 1, "evidence", f"{CLOSE_SCRIPT} {SEPARATORS}")
    _plant(curated, "claims", 2, "quote", QUOTE_MARKUP)
    _plant(curated, "claims", 2, "verdict_note", NOTE_ATTR)
    _plant(curated, "claims", 3, "source_ids", IDS_MARKUP)
    with pytest.MonkeyPatch.context() as monkeypatch:
        result = _build(book, root / "out", curated, monkeypatch)
    assert result.returncode == 0, f"strict build failed:\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return root / "out" / "_build" / "html"


@pytest.fixture(scope="module")
def hostile_visits(hostile_book, chromium):
    from tests.browser_support import BookServer, visit

    with BookServer(hostile_book) as base_url:
        yield {page: visit(chromium, base_url, page, run_axe=False)
               for page in ("chapters/claims/register", "chapters/energy/chart")}, base_url


INERT_JS = """() => ({
  handlers: [...document.querySelectorAll('*')].flatMap((el) =>
      [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName}[${a.name}]`)),
  badLinks: [...document.querySelectorAll('[href], [src], [action], [formaction]')].map((el) =>
      el.getAttribute('href') || el.getAttribute('src') || el.getAttribute('action') || el.getAttribute('formaction'))
      .filter((u) => /^\\s*(javascript|vbscript|data:text\\/html)/i.test(u || '')),
  jsonld: [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => {
      try { return JSON.parse(s.textContent); } catch (e) { return 'unparsable: ' + e; } }),
  inlineScripts: [...document.querySelectorAll('script:not([src])')]
      .filter((s) => !/json/.test(s.type || '')).map((s) => s.textContent.slice(0, 80)),
  cellClaim: (document.querySelector('#claim-c01 .claim-restated') || {}).textContent,
  cellQuote: ((document.querySelector('#claim-c03 .claim-quote-text') || {}).textContent || '').replace(/^\u201c|\u201d$/g, ''),
  controlsShown: !!document.querySelector('.claims-controls #claims-search'),
  status: (document.querySelector('.claims-status') || {}).textContent,
  chartTitle: [...document.querySelectorAll('.vega-chart svg text')].map((t) => t.textContent).join(' | '),
})"""


def _facts(chromium, url):
    from tests.browser_support import CSP_LISTENER_JS

    context = chromium.new_context()
    context.add_init_script(script=CSP_LISTENER_JS)
    try:
        tab = context.new_page()
        dialogs = []
        tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        tab.goto(url, wait_until="load")
        tab.wait_for_timeout(1500)
        for selector in ("#claim-c03 q", "#claim-c03 .claim-note", ".vega-chart"):
            if tab.locator(selector).count():
                tab.locator(selector).first.hover()
        facts = tab.evaluate(INERT_JS)
        facts["dialogs"] = dialogs
        facts["csp"] = tab.evaluate("() => window.__cspViolations")
        return facts
    finally:
        context.close()


def test_register_renders_hostile_text_inert(hostile_visits, chromium):
    visits, base_url = hostile_visits
    v = visits["chapters/claims/register"]
    assert not v.dialogs and not v.csp_violations and not v.console_errors, (v.dialogs, v.csp_violations, v.console_errors)
    facts = _facts(chromium, f"{base_url}chapters/claims/register.html")
    assert facts["dialogs"] == [] and facts["csp"] == []
    assert facts["handlers"] == [], facts["handlers"]
    assert facts["badLinks"] == []
    assert len(facts["jsonld"]) == 1 and isinstance(facts["jsonld"][0], dict), facts["jsonld"]
    reviews = {r["identifier"]: r for r in facts["jsonld"][0]["@graph"]}
    assert reviews["C01"]["claimReviewed"] == COMMENT_OPEN
    assert reviews["C02"]["reviewBody"].startswith(f"{CLOSE_SCRIPT} {SEPARATORS}")
    assert facts["cellClaim"] == COMMENT_OPEN and facts["cellQuote"] == QUOTE_MARKUP
    assert facts["controlsShown"] and re.fullmatch(r"(\d+) of \1 claims shown", facts["status"]), facts["status"]
    assert all("alert" not in s for s in facts["inlineScripts"]), facts["inlineScripts"]


def test_chart_with_hostile_title_renders_and_runs_nothing(hostile_visits, chromium):
    visits, base_url = hostile_visits
    v = visits["chapters/energy/chart"]
    assert v.chart_count == 1 and v.charts_rendered_ms is not None, v.charts
    assert not v.dialogs and not v.csp_violations and not v.console_errors, (v.dialogs, v.csp_violations, v.console_errors)
    facts = _facts(chromium, f"{base_url}chapters/energy/chart.html")
    assert facts["dialogs"] == [] and facts["csp"] == [] and facts["handlers"] == []
    assert "</script><script>alert('title')</script>" in facts["chartTitle"], facts["chartTitle"]


def test_the_hostile_chart_spec_travels_as_a_file(hostile_book):
    import json

    spec = json.loads((hostile_book / "_static" / "figures" / "fig-hostile.vl.json").read_text(encoding="utf-8"))
    assert spec["title"]["text"][0].startswith("</script><script>alert('title')</script>")
    assert (hostile_book / "_static" / "figures" / "fig-hostile.svg").is_file()


def test_csp_blocks_a_script_injected_after_the_build(hostile_book, chromium, tmp_path):
    """The policy is real: a script that slipped into a page is blocked and reported."""
    from tests.browser_support import BookServer, visit

    site = tmp_path / "site"
    shutil.copytree(hostile_book, site)
    page = site / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", "<script>alert('injected')</script><a href=\"#\" onclick=\"alert(2)\">x</a></body>"), encoding="utf-8")
    with BookServer(site) as base_url:
        v = visit(chromium, base_url, "index", run_axe=False)
        facts = _facts(chromium, f"{base_url}index.html")
    assert v.dialogs == [] and facts["dialogs"] == []
    assert any("script-src" in x for x in v.csp_violations), v.csp_violations
