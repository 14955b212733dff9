"""Hostile values planted in the curated tables and in a chart: refused by the gate, or inert.

Fast checks on the Python side (no build): the validation that runs at the start of every book
build (minsk2020.data.curated), the register renderer (minsk2020.data.claims), the chart figure HTML
(minsk2020.book.charts) and the shared escaping helpers (minsk2020.safehtml). The same values are
planted in a real book build and opened in Chromium by tests/test_hostile_pages.py.
"""

from __future__ import annotations

import json
import shutil

import altair as alt
import pandas as pd
import pytest
from lxml import html as lxml_html

from minsk2020 import paths, safehtml
from minsk2020.book import register
from minsk2020.data import claims, curated
from minsk2020.data.curated import validate_curated
from minsk2020.errors import CuratedDataError
from minsk2020.paths import CURATED

SCRIPT_ID = 'C01" onmouseover="alert(1)'
JS_URL = "javascript:alert(document.domain)"
JS_URL_LOOKING_HTTP = "javascript:alert(1)//https://example.org/"  # passes an unanchored https?:// pattern
COMMENT_OPEN = "<!--<script>alert('claim')</script>"
CLOSE_SCRIPT = "</script><script>alert('title')</script>"
LINE_SEPARATORS = "before\u2028middle\u2029after"
UNKNOWN_VERDICT = "partly-supported"


@pytest.fixture
def curated_copy(tmp_path):
    folder = tmp_path / "curated"
    shutil.copytree(CURATED, folder)
    return folder


def plant(folder, table: str, row: int, field: str, value: str) -> None:
    """Set one cell (row = 0-based data row) of a curated CSV, keeping every other byte's meaning."""
    path = folder / f"{table}.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row, field] = value
    frame.to_csv(path, index=False, lineterminator="\n")


# ---------------------------------------------------------------- the shared helpers
@pytest.mark.parametrize("value", [COMMENT_OPEN, CLOSE_SCRIPT, LINE_SEPARATORS, "a & b > c"])
def test_json_for_script_escapes_everything_that_could_end_the_block(value):
    text = safehtml.json_for_script({"v": value})
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in text
    assert json.loads(text) == {"v": value}


@pytest.mark.parametrize("url", [JS_URL, "JAVASCRIPT:alert(1)", " javascript:alert(1)", "data:text/html,<script>",
                                 "vbscript:msgbox", "//evil.example/x", "https:///nohost", "http://a b"])
def test_only_http_and_https_urls_are_links(url):
    assert safehtml.web_url(url) is None
    rendered = safehtml.link(url, "label")
    assert "<a " not in rendered and "href" not in rendered


def test_http_urls_are_links_with_escaped_attributes():
    rendered = safehtml.link('https://example.org/?q="x"&y=<1>', "t")
    anchor = lxml_html.fragment_fromstring(rendered)
    assert anchor.get("href") == 'https://example.org/?q="x"&y=<1>'


# ---------------------------------------------------------------- the build's gate
def test_committed_curated_tables_pass_the_gate():
    validate_curated(CURATED)


@pytest.mark.parametrize("table, row, field, value, rule", [
    ("claims", 0, "claim_id", SCRIPT_ID, "pattern"),
    ("claims", 2, "source_urls", JS_URL, "http or https"),
    ("claims", 3, "verdict", UNKNOWN_VERDICT, "enum"),
    ("belarus_gas_price", 1, "source_url", JS_URL_LOOKING_HTTP, "http or https"),
    ("aftermath_events", 0, "source_url", "JavaScript:alert(1)", "http or https"),
])
def test_gate_refuses_a_hostile_row_naming_file_row_field_and_rule(curated_copy, table, row, field, value, rule):
    plant(curated_copy, table, row, field, value)
    with pytest.raises(CuratedDataError) as caught:
        validate_curated(curated_copy)
    message = str(caught.value)
    line = next((l for l in message.splitlines() if f"{table}.csv, row {row + 2}, field {field!r}" in l), None)
    assert line is not None, message
    assert rule in message


def test_generic_url_check_covers_url_fields_that_have_no_pattern(tmp_path):
    """A future table whose URL column has no pattern (or a loose one) is still checked."""
    table = tmp_path / "new_table.csv"
    table.write_text("row_id,homepage_url,links,source_urls\n"
                     "R1,https://example.org/,x,https://a.example/;JavaScript:alert(1)\n"
                     "R2,vbscript:msgbox(1),https://ok.example/,\n", encoding="utf-8")
    resource = {"path": str(table), "schema": {"fields": [
        {"name": "row_id", "type": "string"}, {"name": "homepage_url", "type": "string"},
        {"name": "links", "type": "string", "format": "uri"}, {"name": "source_urls", "type": "string"}]}}
    found = curated.url_problems(resource)
    assert any("row 2, field 'source_urls': 'JavaScript:alert(1)' scheme javascript: is not http or https" in f
               for f in found), found
    assert any("row 3, field 'homepage_url'" in f for f in found), found
    assert any("row 2, field 'links': 'x'" in f for f in found), found  # format: uri
    assert len(found) == 3, found


def test_gate_refuses_a_curated_csv_without_a_schema(curated_copy):
    (curated_copy / "stray_table.csv").write_text("a\n1\n", encoding="utf-8")
    with pytest.raises(CuratedDataError, match="stray_table.csv: no resource"):
        validate_curated(curated_copy)


def test_curated_folder_override_must_be_an_absolute_folder(monkeypatch, tmp_path):
    monkeypatch.setenv(paths.CURATED_ENV, "relative/folder")
    with pytest.raises(CuratedDataError, match="absolute"):
        paths.curated_dir()
    monkeypatch.setenv(paths.CURATED_ENV, str(tmp_path))
    assert paths.curated_dir() == tmp_path
    monkeypatch.delenv(paths.CURATED_ENV)
    assert paths.curated_dir() == CURATED


# ---------------------------------------------------------------- the register renderer
def _register(folder) -> str:
    return register.register_html(claims.load_claims(folder / "claims.csv"))


def test_register_escapes_a_hostile_claim_id_in_the_id_attribute(curated_copy):
    plant(curated_copy, "claims", 0, "claim_id", SCRIPT_ID)
    tree = lxml_html.fragment_fromstring(_register(curated_copy), create_parent="div")
    row = tree.xpath("//tbody/tr")[0]
    assert row.get("id") == "claim-" + SCRIPT_ID.lower()
    assert not tree.xpath("//*[@onmouseover]")


def test_register_renders_a_javascript_url_as_text(curated_copy):
    plant(curated_copy, "claims", 2, "source_urls", f"{JS_URL};https://example.org/page")
    tree = lxml_html.fragment_fromstring(_register(curated_copy), create_parent="div")
    hrefs = tree.xpath("//tbody/tr[3]//ul[contains(@class,'claim-sources')]//a/@href")
    assert hrefs == ["https://example.org/page"]
    assert not [h for h in tree.xpath("//@href") if h.strip().lower().startswith("javascript:")]


def test_register_jsonld_survives_comment_script_and_line_separators(curated_copy):
    plant(curated_copy, "claims", 0, "claim", COMMENT_OPEN)
    plant(curated_copy, "claims", 1, "evidence", CLOSE_SCRIPT + " " + LINE_SEPARATORS)
    page = _register(curated_copy)
    tree = lxml_html.fragment_fromstring(page, create_parent="div")
    assert {s.get("type") for s in tree.xpath("//script")} == {"application/json", "application/ld+json"}, (
        "the register has no inline JavaScript, only data blocks")
    scripts = tree.xpath("//script[@type='application/ld+json']")
    data = json.loads(scripts[0].text)
    filters = tree.xpath("//script[@id='claims-register-data']")[0].text
    assert "</script" not in filters and "<!--" not in filters
    reviews = {r["identifier"]: r for r in data["@graph"]}
    assert reviews["C01"]["claimReviewed"] == COMMENT_OPEN
    assert reviews["C02"]["reviewBody"].startswith(CLOSE_SCRIPT)
    assert "<!--" not in scripts[0].text and "</script" not in scripts[0].text and "\u2028" not in scripts[0].text
    assert tree.xpath("//tbody/tr[1]//p[contains(@class,'claim-restated')]")[0].text == COMMENT_OPEN  # shown as text


def test_register_names_file_row_and_field_for_an_unknown_verdict(curated_copy):
    plant(curated_copy, "claims", 3, "verdict", UNKNOWN_VERDICT)
    with pytest.raises(CuratedDataError) as caught:
        _register(curated_copy)
    assert "claims.csv, row 5, field 'verdict': 'partly-supported' is not one of" in str(caught.value)
    with pytest.raises(CuratedDataError, match="row 5, field 'verdict'"):
        register.part_markdown(claims.load_claims(curated_copy / "claims.csv").loc[3, "chapter"],
                             claims.load_claims(curated_copy / "claims.csv"))


# ---------------------------------------------------------------- chart specs
def test_chart_spec_block_escapes_a_hostile_title():
    from minsk2020.book.charts import figure

    data = pd.DataFrame({"year": [2019, 2020], "value": [1.0, 2.0]})
    chart = alt.Chart(data).mark_bar().encode(x="year:O", y=alt.Y("value:Q", title="Value (units)"))
    fig = figure(chart, name="fig-hostile", title=CLOSE_SCRIPT + LINE_SEPARATORS,
                 description="A hostile title planted by the tests " + COMMENT_OPEN, table="claims",
                 sources=["claims"], data=data)
    page = fig.html()
    tree = lxml_html.fragment_fromstring(page, create_parent="div")
    scripts = tree.xpath("//script")
    assert [s.get("type") for s in scripts] == ["application/json"], "no inline JavaScript in a figure"
    spec = json.loads(scripts[0].text)
    assert spec["title"]["text"][0].startswith(CLOSE_SCRIPT)
    assert page.count("</script>") == 1 and "\u2028" not in page
    assert tree.xpath("//div[@class='vega-chart']/@data-spec") == [scripts[0].get("id")]
    assert tree.xpath("//p[contains(@class,'chart-description')]")[0].text.endswith(COMMENT_OPEN)


# ---------------------------------------------------------------- the page's Content Security Policy
PAGE = """<!DOCTYPE html>
<html><head>
<meta charset="utf-8" />
<script>var theme = 1;</script>
<script src="_static/x.js"></script>
<script type="application/json" id="spec-a">{"a":1}</script>
<script type="application/ld+json">{"@context":"https://schema.org"}</script>
</head><body><button onclick="window.print()">Print</button><button onclick="evil()">x</button></body></html>
"""


def test_csp_allows_only_the_inline_scripts_present_by_hash_and_moves_theme_handlers(tmp_path):
    import base64
    import hashlib

    from minsk2020.book.sphinxext import add_content_security_policy

    page = tmp_path / "p.html"
    page.write_text(PAGE, encoding="utf-8")
    add_content_security_policy(page)
    add_content_security_policy(page)  # idempotent: one policy, same hashes
    text = page.read_text(encoding="utf-8")
    policies = lxml_html.fromstring(text).xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert len(policies) == 1
    script_src = next(d for d in policies[0].split(";") if d.strip().startswith("script-src")).split()[1:]
    expected = "'sha256-" + base64.b64encode(hashlib.sha256(b"var theme = 1;").digest()).decode() + "'"
    assert script_src == ["'self'", expected]  # JSON blocks and src= scripts need no hash
    assert text.index("Content-Security-Policy") < text.index("<script")
    assert 'data-book-action="print"' in text and 'onclick="window.print()"' not in text
    assert 'onclick="evil()"' in text  # unknown handlers are left for the CSP to block (and the tests to report)


def test_csp_meta_follows_the_charset_meta_so_it_stays_in_the_first_1024_bytes(tmp_path):
    from minsk2020.book.sphinxext import add_content_security_policy

    page = tmp_path / "p.html"
    page.write_text(PAGE, encoding="utf-8")
    add_content_security_policy(page)
    text = page.read_text(encoding="utf-8")
    assert text.index('<meta charset="utf-8" />') < text.index("Content-Security-Policy") < text.index("<script")
