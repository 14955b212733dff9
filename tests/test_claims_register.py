"""The claims register (data/curated/claims.csv) and the tables beside it."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pandas as pd
import pytest

from minsk2020.book import register as rendering
from minsk2020.data import claims, datapackage
from minsk2020.data.tables import load
from minsk2020.paths import ROOT, SCHEMAS

# Paragraphs of the article that argue or state facts (kept by hand from reading the text;
# 5 and 6 are the same photo caption, 15 is the outlet's call for contributions).
ARGUMENTATIVE_PARAGRAPHS = [1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 13, 14]
TABLES = ["claims", "article_paragraphs", "aftermath_events"]


def article_path():
    """The article's text: $BOOK_ARTICLE_TEXT, else ../shared/seed/article.txt beside the repository."""
    env = os.environ.get("BOOK_ARTICLE_TEXT")
    return Path(env) if env else ROOT.parent / "shared" / "seed" / "article.txt"


@pytest.fixture(scope="module")
def article_text() -> str:
    path = article_path()
    if not path.is_file():
        pytest.skip(f"the article's text is not available at {path} (set BOOK_ARTICLE_TEXT)")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def register() -> pd.DataFrame:
    return claims.load_claims()


def test_register_and_its_tables_validate_against_their_schemas():
    resources = [datapackage.load_descriptor(SCHEMAS / f"{name}.yaml") for name in TABLES]
    datapackage.validate({"name": "claims-check", "resources": resources})


def test_register_rules(register):
    assert 25 <= len(register) <= 40
    assert list(register["claim_id"]) == [f"C{i:02d}" for i in range(1, len(register) + 1)], "ids are stable, in order"
    assert claims.problems(register) == []


def test_rule_checks_catch_bad_rows(register):
    bad = register.copy()
    bad.loc[0, "quote"] = " ".join(["word"] * 26)
    bad.loc[4, "verdict"] = "supported"  # C05 is an opinion
    bad.loc[1, "tested_in"] = ""
    found = "\n".join(claims.problems(bad))
    assert "C01: quote has 26 words" in found
    assert "C05: an opinion is labelled, not scored" in found
    assert "C02: tested_in must be a label" in found


def test_argumentative_paragraph_list_matches_the_table():
    paragraphs = load("article_paragraphs")
    marked = sorted(paragraphs.loc[paragraphs["is_argumentative"].astype(str).str.lower() == "true", "paragraph_number"])
    assert marked == ARGUMENTATIVE_PARAGRAPHS


def test_every_argumentative_paragraph_has_a_claim(register):
    covered = set(register["paragraph_number"])
    missing = [p for p in ARGUMENTATIVE_PARAGRAPHS if p not in covered]
    assert not missing, f"argumentative paragraphs with no claim in claims.csv: {missing}"
    assert covered <= set(ARGUMENTATIVE_PARAGRAPHS), "a claim points at a caption or the editor's note"


def test_quotes_are_short(register):
    long = {r.claim_id: len(r.quote.split()) for r in register.itertuples() if len(r.quote.split()) > claims.MAX_QUOTE_WORDS}
    assert not long


def test_quotes_are_verbatim_in_their_paragraph(register, article_text):
    norm = lambda s: re.sub(r"\s+", " ", s.replace("\u00a0", " ").replace("’", "'")).strip()
    blocks = [norm(b) for b in re.split(r"\n[ \t\u00a0]*\n", article_text) if b.strip()]
    numbered = blocks[2:]  # title+byline and the editor's note are not numbered
    for row in register.itertuples():
        assert norm(row.quote) in numbered[row.paragraph_number - 1], f"{row.claim_id}: quote not in paragraph {row.paragraph_number}"


def test_opinions_are_labelled_not_scored_and_forecasts_are_scored(register):
    opinions = register[register["kind"] == "opinion"]
    assert set(opinions["verdict"]) == {"not testable"}
    assert set(opinions["chapter"]) == {"none"}
    forecasts = register[register["kind"] == "forecast"]
    assert not (forecasts["verdict"] == "not testable").any(), "forecasts are scored with hindsight"


def part_pages() -> dict[str, list[Path]]:
    """Chapter pages by the part named in their claims marker line."""
    pages: dict[str, list[Path]] = {}
    for page in sorted((ROOT / "chapters").rglob("*.md")):
        for marker in rendering.MARKER_PART.finditer(page.read_text(encoding="utf-8")):
            pages.setdefault(marker.group(1), []).append(page)
    return pages


LABEL = re.compile(r"^\(([A-Za-z0-9_-]+)\)=[ \t]*$", re.M)


def test_tested_in_is_a_label_of_the_named_part(register):
    pages = part_pages()
    for row in register.itertuples():
        if row.chapter == "none":
            assert row.tested_in == ""
            continue
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", row.tested_in), row.claim_id
        if row.chapter == "aftermath":
            assert row.tested_in.startswith("aftermath-"), row.claim_id
        if row.chapter not in pages:
            continue  # that part's page is not in this checkout
        labels = {label for page in pages[row.chapter] for label in LABEL.findall(page.read_text(encoding="utf-8"))}
        assert row.tested_in in labels, f"{row.claim_id}: {row.tested_in!r} is not a label on the {row.chapter} page"


def test_every_part_marker_names_a_known_part():
    for part, found in part_pages().items():
        assert part in claims.PARTS, f"{[str(p) for p in found]}: unknown part {part!r}"
        assert len(found) == 1, f"part {part!r} has a claims block on several pages: {found}"


def test_aftermath_events_point_at_existing_claims(register):
    events = load("aftermath_events")
    ids = set(register["claim_id"])
    for row in events.itertuples():
        for cid in row.related_claim_ids.split(";"):
            assert cid in ids, f"{row.event_id}: unknown claim {cid}"
    conflicts = events[events["fact_id"].notna() & (events["fact_id"] != "")]
    assert conflicts["conflict_note"].notna().all()


def test_jsonld_has_a_claimreview_for_every_scored_claim(register):
    data = rendering.claims_jsonld(register)
    scored = register[register["verdict"] != "not testable"]
    check_claimreviews(data, scored)


def check_claimreviews(data: dict, scored: pd.DataFrame) -> None:
    """Structure of the ClaimReview JSON-LD, shared with the built-HTML test."""
    assert data["@context"] == "https://schema.org"
    reviews = {item["identifier"]: item for item in data["@graph"]}
    assert set(reviews) == set(scored["claim_id"])
    for row in scored.itertuples():
        review = reviews[row.claim_id]
        assert review["@type"] == "ClaimReview"
        assert review["claimReviewed"] == row.claim
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", review["datePublished"])
        item = review["itemReviewed"]
        assert item["@type"] == "CreativeWork" and item["name"].startswith("What are the strategic goals")
        assert item["author"] == {"@type": "Person", "name": "Seymur Mammadov"}
        assert item["publisher"] == {"@type": "Organization", "name": "CGTN"}
        assert "url" not in item, "the outlet's URL could not be verified; do not publish one"
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating"
        assert rating["alternateName"] == row.verdict
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert rating["ratingValue"] == claims.VERDICT_RATING[row.verdict]


def test_register_html_is_an_accessible_table(register):
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(rendering.register_html(register))
    table = tree.xpath("//table")[0]
    assert "claims-table" in table.get("class")
    assert table.xpath("caption")
    assert len(table.xpath("thead//th")) == len(rendering.COLUMNS)
    rows = table.xpath("tbody/tr")
    assert len(rows) == len(register) and all(r.xpath("th") for r in rows), "each row is headed by its claim id"
    assert [r.get("id") for r in rows] == [f"claim-{c.lower()}" for c in register["claim_id"]]
    for row, verdict in zip(rows, register["verdict"]):
        badge = row.xpath(".//span[contains(@class,'claim-verdict')]")
        assert badge and badge[0].text_content() == verdict, "the verdict is written, not only coloured"
        labels = [p.text_content() for p in row.xpath(".//p[contains(@class,'claims-cell-label')]")]
        assert labels == [c[1] for c in rendering.COLUMNS if c[1]], "cards label each field"
    assert not tree.xpath("//script[@src]") and not tree.xpath("//style"), "no script or style in the page"
    data = json.loads(tree.xpath("//script[@id='claims-register-data']")[0].text)
    assert [f["key"] for f in data["filters"]] == ["topic", "kind", "verdict"]
    assert set(data["rows"]) == {r.get("id") for r in rows}
    jsonld = json.loads(tree.xpath("//script[@type='application/ld+json']")[0].text)
    check_claimreviews(jsonld, register[register["verdict"] != "not testable"])


def test_register_links_to_chapters_are_sphinx_references(register):
    from sphinx import addnodes

    found = {}
    for node in rendering.register_nodes(register)[0].findall(addnodes.pending_xref):
        row = node
        while row is not None and "claim-row" not in row.get("classes", []):
            row = row.parent
        found[row["ids"][0]] = node["reftarget"]
    expected = {f"claim-{r.claim_id.lower()}": r.tested_in for r in register.itertuples() if r.tested_in}
    assert found == expected


@pytest.mark.parametrize("part", claims.PARTS)
def test_each_part_block_lists_its_claims(register, part):
    block = rendering.part_markdown(part, register)
    expected = register.loc[register["chapter"] == part, "claim_id"]
    for cid in expected:
        assert f"{{ref}}`{cid} <claim-{cid.lower()}>`" in block
    for row in register[register["chapter"] == part].itertuples():
        assert f"{{ref}}`{row.tested_in}`" in block


def test_source_read_replaces_markers_and_notes_the_dependency():
    class Env:
        found_docs = {rendering.REGISTER_DOC}
        deps: list[str] = []

        def note_dependency(self, path):
            self.deps.append(path)

    class Config:
        html_baseurl = ""
        author = "Team"

    class App:
        env = Env()
        config = Config()

    source = ["(ch-energy)=\n# Energy\n\nIntro.\n\n<!-- generated: claims tested in energy -->\n\n## A\n"]
    rendering._source_read(App(), "chapters/energy/page", source)
    assert "<!-- generated" not in source[0] and "C06" in source[0]
    assert App.env.deps == [str(claims.CLAIMS_CSV)]
    page = ["# Register\n\n<!-- generated: claims register -->\n"]
    rendering._source_read(App(), rendering.REGISTER_DOC, page)
    assert "```{claims-register}" in page[0] and "<!-- generated" not in page[0]
