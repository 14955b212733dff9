"""The claims register in the built HTML: anchors, links to the chapters, ClaimReview JSON-LD.

Runs on the HTML of a finished build: $BOOK_HTML (a build's ``_build/html`` folder) if set,
else the strict full build of the ``built_book`` fixture (marked ``book``; slow).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from lxml import html as lxml_html

from minsk2020.book.register import REGISTER_DOC
from minsk2020.data import claims
from tests.test_claims_register import check_claimreviews

REGISTER_PAGE = f"{REGISTER_DOC}.html"
pytestmark = pytest.mark.book


@pytest.fixture(scope="module")
def html_dir(request) -> Path:
    env = os.environ.get("BOOK_HTML")
    if env:
        return Path(env)
    return request.getfixturevalue("built_book")


def ids_in(page: Path) -> set[str]:
    return set(lxml_html.parse(str(page)).getroot().xpath("//@id"))


def internal_links(page: Path, html_dir: Path) -> list[str]:
    """Problems with the claim links of one page (register or a chapter's claims block)."""
    tree = lxml_html.parse(str(page)).getroot()
    problems = []
    links = (tree.xpath("//p[contains(@class, 'claim-tested-in')]//a")
             + tree.xpath("//div[contains(@class,'claims-tested')]//a[contains(@class,'internal')]"))
    for link in links:
        href = link.get("href") or "#"
        target, fragment = urldefrag(href)
        if href == "#" or not fragment and not target:
            problems.append(f"{page.relative_to(html_dir)}: unresolved claim link {link.text_content()!r}")
            continue
        if not fragment:
            continue
        target_page = (page.parent / target).resolve() if target else page
        if not target_page.is_file():
            problems.append(f"{page.relative_to(html_dir)}: {href} points to a missing page")
        elif fragment not in ids_in(target_page):
            problems.append(f"{page.relative_to(html_dir)}: {href} has no anchor #{fragment}")
    return problems


def test_register_page_has_every_claim_and_links_resolve(html_dir):
    page = html_dir / REGISTER_PAGE
    assert page.is_file(), f"{REGISTER_PAGE} is not in the build"
    register = claims.load_claims()
    ids = ids_in(page)
    assert {f"claim-{c.lower()}" for c in register["claim_id"]} <= ids
    assert not internal_links(page, html_dir)
    tree = lxml_html.parse(str(page)).getroot()
    links = {row.get("id"): row.xpath(".//p[contains(@class,'claim-tested-in')]//a/@href")
             for row in tree.xpath("//table[contains(@class,'claims-table')]/tbody/tr")}
    for row in register.itertuples():
        assert len(links[f"claim-{row.claim_id.lower()}"]) == (1 if row.tested_in else 0), row.claim_id
    assert not tree.xpath("//*[contains(@class,'problematic')]"), "an unresolved reference in the register"


def test_register_publishes_claimreview_jsonld(html_dir):
    tree = lxml_html.parse(str(html_dir / REGISTER_PAGE)).getroot()
    scripts = tree.xpath("//script[@type='application/ld+json']")
    assert len(scripts) == 1
    data = json.loads(scripts[0].text)
    register = claims.load_claims()
    check_claimreviews(data, register[register["verdict"] != "not testable"])


def test_chapter_claim_blocks_link_to_the_register(html_dir):
    register = claims.load_claims()
    problems = []
    seen = set()
    for page in sorted(html_dir.rglob("*.html")):
        if "_static" in page.parts:
            continue
        tree = lxml_html.parse(str(page)).getroot()
        for block in tree.xpath("//div[contains(@class,'claims-tested')]"):
            seen.update(t.strip() for t in block.xpath(".//a[contains(@class,'internal')]//text()")
                        if re.fullmatch(r"C\d{2}", t.strip()))
            problems += internal_links(page, html_dir)
    assert not problems, "\n".join(problems)
    tested = set(register.loc[register["chapter"] != "none", "claim_id"])
    assert seen, "no chapter shows a claims block"
    built_parts = {p for p in claims.PARTS if any((html_dir / "chapters" / p).glob("*.html"))}
    expected = set(register.loc[register["chapter"].isin(built_parts), "claim_id"])
    assert expected <= seen <= tested
