"""Citations that reference managers read, and chapter-scoped figure and table numbers.

Fast tests check the records themselves (BibTeX parsed by pybtex, RIS by rispy, a DOI flowing
into every format, .zenodo.json in step with CITATION.cff, the base URL check). Book tests read
the session's built book (fixture ``built_book``): the meta tags of every chapter page, the
sitemap, the .bib and .ris downloads, the numbers of every figure and table. One test builds a
two-chapter book twice, adding a figure to one chapter, and compares the other's numbers.
The cite box in a real browser (tabs, copy buttons, access date) is checked at the end.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
import rispy
import yaml
from lxml import etree
from lxml import html as lxml_html
from pybtex.database import parse_string

from minsk2020.book import cite
from minsk2020.book.citations import check_base_url, has_cite_box, markdown_title
from minsk2020.paths import ROOT
from tests.bookcheck import strict_build, toc_pages

CHAPTERS = [p for p in toc_pages() if p.startswith("chapters/")]
BOXED = [p for p in CHAPTERS if has_cite_box(p)]
HOSTILE_TITLE = 'Oil & gas: 50% of {exports}, $5 #1 under_score "quoted" <b>'
RIS_REQUIRED = ("TY", "TI", "AU", "PY", "ER")


def _title(docname: str) -> str:
    return markdown_title((ROOT / f"{docname}.md").read_text(encoding="utf-8"))


def _cff_with(tmp_path: Path, **changes) -> Path:
    meta = cite.metadata()
    meta.update(changes)
    path = tmp_path / "CITATION.cff"
    path.write_text(yaml.safe_dump(meta, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _ris_tags(text: str) -> list[str]:
    return [m.group(1) for m in re.finditer(r"^([A-Z][A-Z0-9])  - ", text, re.M)]


# ---------------------------------------------------------------- the records
def test_bibtex_with_a_hostile_title_parses_and_keeps_the_title():
    meta = cite.metadata()
    text = cite.bibtex(meta, HOSTILE_TITLE, "chapters/x/y", accessed=date(2026, 12, 1))
    entry = parse_string(text, "bibtex").entries[cite.bibkey(meta, "chapters/x/y")]
    assert entry.type == "incollection"
    # pybtex keeps the LaTeX escapes; undone, they give the title back
    assert re.sub(r"\\([&%$#_{}])", r"\1", entry.fields["title"]).strip("{}") == HOSTILE_TITLE
    assert entry.fields["booktitle"].strip("{}") == meta["title"] and entry.fields["urldate"] == "2026-12-01"
    assert entry.fields["url"] == cite.chapter_url(meta, "chapters/x/y")


def test_ris_has_the_required_tags_in_order_and_rispy_reads_it():
    meta = cite.metadata()
    text = cite.ris(meta, "A chapter", "chapters/x/y", accessed=date(2026, 12, 1))
    tags = _ris_tags(text)
    assert tags[0] == "TY" and tags[-1] == "ER" and tags.count("ER") == 1
    assert all(t in tags for t in RIS_REQUIRED)
    [record] = rispy.loads(text)
    assert record["type_of_reference"] == "CHAP" and record["title"] == "A chapter"
    assert record["secondary_title"] == meta["title"] and record["year"] == str(meta["date-released"])[:4]
    assert record["authors"] == [a["name"] for a in meta["authors"]] and record["access_date"] == "2026/12/01"


def test_a_doi_in_citation_cff_flows_into_every_format(tmp_path):
    path = _cff_with(tmp_path, doi="10.5281/zenodo.1234567")
    cffconvert = Path(sys.executable).with_name("cffconvert")
    checked = subprocess.run([str(cffconvert), "--validate", "-i", str(path)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    meta, doc = cite.metadata(path), "chapters/x/y"
    assert "doi = {10.5281/zenodo.1234567}" in cite.bibtex(meta, "T", doc)
    assert "DO  - 10.5281/zenodo.1234567" in cite.ris(meta, "T", doc)
    assert json.loads(cite.csl_json(meta, "T", doc))[0]["DOI"] == "10.5281/zenodo.1234567"
    assert cite.apa(meta, "T", doc).endswith("https://doi.org/10.5281/zenodo.1234567")
    assert ("citation_doi", "10.5281/zenodo.1234567") in cite.highwire_tags(meta, "T", doc)
    from minsk2020.book.citations import cite_box_markdown

    assert 'href="https://doi.org/10.5281/zenodo.1234567"' in cite_box_markdown(meta, "T", doc, "y")
    assert "doi" not in cite.zenodo(path)  # Zenodo mints the DOI of each release itself
    # without a DOI, no format names one
    plain = cite.metadata()
    assert "doi" not in cite.bibtex(plain, "T", doc) and "citation_doi" not in dict(cite.highwire_tags(plain, "T", doc))


def test_zenodo_json_is_in_step_with_citation_cff(tmp_path):
    committed = (ROOT / ".zenodo.json").read_text(encoding="utf-8")
    assert committed == cite.zenodo_text(), ".zenodo.json differs from CITATION.cff: run `python -m minsk2020 zenodo`"
    record = json.loads(committed)
    meta = cite.metadata()
    assert record["title"] == meta["title"] and record["version"] == str(meta["version"])
    assert record["publication_date"] == str(meta["date-released"]) and record["license"]["id"] == meta["license"]
    assert [c["name"] for c in record["creators"]] == [a["name"] for a in meta["authors"]]
    assert record["upload_type"] == "publication" and record["publication_type"] == "book"
    # planted drift: a new version in CITATION.cff no longer matches the committed file
    bumped = _cff_with(tmp_path, version="9.9.9")
    assert cite.zenodo_text(bumped) != committed and json.loads(cite.zenodo_text(bumped))["version"] == "9.9.9"


def test_the_build_refuses_a_base_url_other_than_citation_cffs():
    from sphinx.errors import ConfigError

    url = cite.metadata()["url"]
    config = SimpleNamespace(html_baseurl=url.rstrip("/"), ogp_site_url="", ogp_site_name=None)
    check_base_url(None, config)
    assert config.html_baseurl == url.rstrip("/") + "/" and config.ogp_site_url == config.html_baseurl
    for wrong in ("https://example.org/elsewhere/", ""):
        with pytest.raises(ConfigError) as raised:
            check_base_url(None, SimpleNamespace(html_baseurl=wrong, ogp_site_url="", ogp_site_name=None))
        assert "_config.yml" in str(raised.value) and "CITATION.cff" in str(raised.value) and url in str(raised.value)
    configured = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["html"]["baseurl"]
    assert configured.rstrip("/") == url.rstrip("/")


def test_the_deploy_publishes_the_pdf_that_citation_pdf_url_names():
    name = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]["book_pdf_edition"]
    deploy = yaml.safe_load((ROOT / ".github" / "workflows" / "deploy.yml").read_text(encoding="utf-8"))
    runs = " ".join(str(s.get("run", "")) for s in deploy["jobs"]["build"]["steps"])
    assert name and re.search(rf"\bcp \S*/{re.escape(name)} _build/html/(?:{re.escape(name)})?(?:\s|$)", runs), (
        f"_config.yml book_pdf_edition={name!r}, but deploy.yml does not copy that file into _build/html/")


# ---------------------------------------------------------------- the built book
def _head(page: Path) -> dict[str, list[str]]:
    tree = lxml_html.parse(str(page)).getroot()
    found: dict[str, list[str]] = {}
    for tag in tree.xpath("//head/meta[@name or @property]"):
        found.setdefault(tag.get("name") or tag.get("property"), []).append(tag.get("content"))
    found["canonical"] = tree.xpath('//head/link[@rel="canonical"]/@href')
    return found


@pytest.mark.book
def test_chapter_pages_carry_citation_open_graph_and_canonical_tags(built_book):
    meta = cite.metadata()
    base = meta["url"].rstrip("/") + "/"
    for doc in CHAPTERS:
        tags, title, url = _head(built_book / f"{doc}.html"), _title(doc), f"{base}{doc}.html"
        expected = {
            "citation_title": [title], "citation_author": [a["name"] for a in meta["authors"]],
            "citation_publication_date": [str(meta["date-released"]).replace("-", "/")],
            "citation_book_title": [meta["title"]], "citation_inbook_title": [meta["title"]],
            "citation_publisher": [cite.publisher(meta)], "citation_public_url": [url],
            "citation_pdf_url": [f"{base}minsk2020-book.pdf"], "citation_version": [str(meta["version"])],
            "og:title": [title], "og:type": ["article"], "og:url": [url], "og:site_name": [meta["title"]],
            "twitter:card": ["summary"], "canonical": [url],
        }
        for name, values in expected.items():
            assert tags.get(name) == values, f"{doc}: {name} is {tags.get(name)}, expected {values}"
        assert tags.get("og:description") and len(tags["og:description"][0]) > 40, f"{doc}: no og:description"
    index = _head(built_book / "index.html")
    assert index["citation_title"] == [meta["title"]] and "citation_book_title" not in index
    assert index["og:type"] == ["book"] and index["canonical"] == [f"{base}index.html"]


@pytest.mark.book
def test_sitemap_lists_every_page_at_the_published_address(built_book):
    tree = etree.parse(str(built_book / "sitemap.xml"))
    locs = set(tree.xpath("//s:loc/text()", namespaces={"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}))
    base = cite.metadata()["url"].rstrip("/") + "/"
    missing = {f"{base}{p}.html" for p in toc_pages()} - locs
    assert not missing, f"sitemap.xml lacks {sorted(missing)}"
    assert all(loc.startswith(base) for loc in locs) and f"{base}search.html" not in locs


@pytest.mark.book
def test_every_chapter_offers_bib_and_ris_downloads_that_parse(built_book):
    meta = cite.metadata()
    assert BOXED, "no chapter has a cite box"
    for doc in BOXED:
        page = lxml_html.parse(str(built_book / f"{doc}.html")).getroot()
        hrefs = page.xpath('//p[@class="cite-downloads"]/a/@href')
        stem = doc.rsplit("/", 1)[-1]
        assert hrefs == [f"{stem}.bib", f"{stem}.ris"], f"{doc}: download links {hrefs}"
        bib = (built_book / f"{doc}.bib").read_text(encoding="utf-8")
        entries = parse_string(bib, "bibtex").entries
        assert list(entries) == [cite.bibkey(meta, doc)], f"{doc}.bib: entries {list(entries)}"
        entry = entries[cite.bibkey(meta, doc)]
        assert entry.type == "incollection" and entry.fields["title"].strip("{}") == _title(doc)
        assert entry.fields["url"] == cite.chapter_url(meta, doc) and "urldate" not in entry.fields
        ris = (built_book / f"{doc}.ris").read_text(encoding="utf-8")
        tags = _ris_tags(ris)
        assert tags[0] == "TY" and tags[-1] == "ER" and all(t in tags for t in RIS_REQUIRED), f"{doc}.ris: {tags}"
        [record] = rispy.loads(ris)
        assert record["title"] == _title(doc) and record["urls"] == [cite.chapter_url(meta, doc)]
        # the box: four labelled tabs, a clickable stable URL, an access date; no maintainers' note
        labels = [" ".join(t.split()) for t in page.xpath('//div[contains(@class,"cite-tabs")]//label/text()')]
        assert labels == ["APA", "BibTeX", "RIS", "CSL-JSON"], f"{doc}: tabs {labels}"
        assert page.xpath(f'//p[@class="cite-url"]/a[@href="{cite.chapter_url(meta, doc)}"]'), f"{doc}: URL not a link"
        assert page.xpath('//input[@type="date" and @class="cite-accessed-input"]'), f"{doc}: no access date"
        assert "_config.yml" not in page.xpath('string(//section[@id="cite-this-chapter"])'), doc
    for suffix in (".bib", ".ris"):
        assert (built_book / f"minsk2020-book{suffix}").stat().st_size > 100


NUMBER = re.compile(r"^(Figure|Table) (\d+)\.(\d+)")


def _numbers(page: Path) -> list[tuple[str, str]]:
    """(id, "Figure 3.2") for every numbered figure and table of a page, in page order."""
    tree = lxml_html.parse(str(page)).getroot()
    found = []
    for caption in tree.xpath("//figure[@id]/figcaption"):
        number = caption.xpath('string(.//span[contains(@class,"caption-number")])').strip()
        found.append((caption.getparent().get("id"), number))
    return found


@pytest.mark.book
def test_figure_and_table_numbers_are_chapter_scoped(built_book):
    numbered = [p for p in CHAPTERS if not p.startswith("chapters/appendix/")]
    seen_figures = 0
    for chapter, doc in enumerate(numbered, start=1):
        counters = {"Figure": 0, "Table": 0}
        for ident, number in _numbers(built_book / f"{doc}.html"):
            match = NUMBER.match(number)
            assert match, f"{doc}: {ident} has number {number!r}, expected 'Figure {chapter}.n' or 'Table {chapter}.n'"
            kind, chap, n = match.group(1), int(match.group(2)), int(match.group(3))
            assert kind == ("Table" if ident.startswith("tbl-") else "Figure"), f"{doc}: {ident} numbered {number}"
            counters[kind] += 1
            assert (chap, n) == (chapter, counters[kind]), f"{doc}: {ident} is {number}, expected {kind} {chapter}.{counters[kind]}"
            seen_figures += 1
    assert seen_figures > 10


SMALL_TOC = """format: jb-book
root: index
parts:
  - caption: Chapters
    numbered: 1
    chapters:
      - file: one
      - file: two
"""
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


def _figure(name: str) -> str:
    return f":::{{figure}} dot.svg\n:name: {name}\n:alt: A dot\n\nCaption of {name}.\n:::\n\n"


@pytest.mark.book
def test_adding_a_figure_to_one_chapter_leaves_the_others_numbers_unchanged(tmp_path):
    book = tmp_path / "book"
    book.mkdir()
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    small = {"title": "Small", "only_build_toc_files": True, "execute": {"execute_notebooks": "off"},
             "html": {"baseurl": config["html"]["baseurl"]},
             "sphinx": {"extra_extensions": ["minsk2020.book.citations"],
                        "config": {k: config["sphinx"]["config"][k] for k in ("numfig", "numfig_secnum_depth", "numfig_format")}}}
    (book / "_config.yml").write_text(yaml.safe_dump(small), encoding="utf-8")
    (book / "_toc.yml").write_text(SMALL_TOC, encoding="utf-8")
    (book / "dot.svg").write_text(SVG, encoding="utf-8")
    (book / "index.md").write_text("# Small\n", encoding="utf-8")
    (book / "two.md").write_text("# Two\n\n" + _figure("fig-two-a") + _figure("tbl-two-a") + _figure("fig-two-b"), encoding="utf-8")
    one = "# One\n\n" + _figure("fig-one-a") + "See {numref}`fig-two-b` and {numref}`tbl-two-a`.\n"
    (book / "one.md").write_text(one, encoding="utf-8")

    def build() -> dict[str, list[tuple[str, str]]]:
        result = strict_build(book, tmp_path / "out")
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        html = tmp_path / "out" / "_build" / "html"
        return {doc: _numbers(html / f"{doc}.html") for doc in ("one", "two")} | {
            "refs": lxml_html.parse(str(html / "one.html")).getroot().xpath('//a[contains(@class,"reference")]//span/text()')}

    before = build()
    assert before["one"] == [("fig-one-a", "Figure 1.1")], f"chapter one: {before['one']}"
    expected_two = [("fig-two-a", "Figure 2.1"), ("tbl-two-a", "Table 2.1"), ("fig-two-b", "Figure 2.2")]
    assert before["two"] == expected_two, f"chapter two: {before['two']}"
    assert "Figure 2.2" in before["refs"] and "Table 2.1" in before["refs"]
    (book / "one.md").write_text(one.replace("# One\n\n", "# One\n\n" + _figure("fig-one-new")), encoding="utf-8")
    after = build()
    assert after["one"] == [("fig-one-new", "Figure 1.1"), ("fig-one-a", "Figure 1.2")]
    assert after["two"] == before["two"], f"chapter two renumbered: {before['two']} -> {after['two']}"
    assert after["refs"] == before["refs"]


# ---------------------------------------------------------------- the cite box in a browser
@pytest.mark.browser
def test_cite_box_tabs_copy_buttons_and_access_date_work_in_a_browser(chromium, built_book):
    from tests.browser_support import BookServer

    doc = "chapters/context/oil-price-around-the-visit"
    with BookServer(built_book) as base_url:
        page = chromium.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{base_url}/{doc}.html")
        page.wait_for_load_state("load")
        today = page.evaluate("() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]; }")
        iso = f"{today[0]:04d}-{today[1]:02d}-{today[2]:02d}"
        assert page.input_value(".cite-accessed-input") == iso
        records = page.locator(".cite-record pre")
        assert records.count() == 4
        buttons = page.evaluate("() => [...document.querySelectorAll('.cite-record')].map(r => !!r.querySelector('button.copybtn'))")
        assert buttons == [True] * 4, f"copy buttons per record: {buttons}"
        assert f"urldate = {{{iso}}}" in page.evaluate("() => document.querySelectorAll('.cite-record pre')[1].textContent")
        page.fill(".cite-accessed-input", "2027-03-05")
        page.dispatch_event(".cite-accessed-input", "change")
        texts = page.evaluate("() => [...document.querySelectorAll('.cite-record pre')].map(p => p.textContent)")
        assert "Retrieved March 5, 2027, from" in texts[0] and "urldate = {2027-03-05}" in texts[1]
        assert "Y2  - 2027/03/05" in texts[2] and json.loads(texts[3])[0]["accessed"] == {"date-parts": [[2027, 3, 5]]}
        page.click("label:has-text('RIS')")
        assert page.locator(".cite-record pre").nth(2).is_visible() and not records.nth(1).is_visible()
        page.close()
        assert not errors, errors
