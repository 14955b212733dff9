"""Verdict discipline: only the register's four labels, and chapters state verdicts from claims.csv.

A chapter states a verdict with the role {verdict}`Cnn`, rendered from claims.csv; the source check
in minsk2020.book.verdicts makes a hand-typed label, a label the register does not define, or a sentence
that gives a claim another label than the register a build warning (an error in the strict build).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

from minsk2020.book.verdicts import source_problems
from minsk2020.data.claims import VERDICTS, load_claims
from minsk2020.paths import ROOT

CHAPTERS = sorted(p for p in (ROOT / "chapters").glob("*/*.md") if p.stem != "register")


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_chapter_types_a_verdict_by_hand(path):
    problems = source_problems(path.read_text(encoding="utf-8"))
    assert not problems, "\n".join(f"{path.relative_to(ROOT)}:{line}: {msg}" for line, msg in problems)


@pytest.mark.parametrize("planted", [
    "**What this says about the article.** *More complicated.* The article ...",
    "**What this says about the article.** *Context.* The article ...",
    "*Supported in substance.* The strategy ...",
    "*Not borne out.* The article predicted ...",
    "**Partly supported**: the forum met.",          # one of the four, but typed by hand
    "_Supported, with a nuance._ The forum did take place.",
])
def test_a_hand_typed_label_is_caught(planted):
    problems = source_problems(f"# A chapter\n\nSome prose.\n\n{planted}\n")
    assert problems and problems[0][0] == 5, problems


def test_a_sentence_that_contradicts_the_register_is_caught():
    claims = {row["claim_id"]: row for row in load_claims().to_dict("records")}
    claim_id, row = next((cid, r) for cid, r in claims.items() if r["verdict"] == "supported")
    text = f"# A chapter\n\nThe register rates {claim_id}\nnot supported, on this evidence.\n"
    problems = source_problems(text, claims)
    assert problems == [(3, f"the text calls {claim_id} 'not supported' but the register says 'supported'; "
                            f"use {{verdict}}`{claim_id}`")]
    same = f"# A chapter\n\nThe register rates {claim_id} supported.\n"
    assert source_problems(same, claims) == []


def test_code_cells_and_the_role_itself_are_not_prose():
    text = ("---\njupytext: {}\n---\n# A chapter\n\n```{code-cell} ipython3\nlabel = '*More complicated*'\n```\n\n"
            "**What this says.** {verdict}`C02`: the record agrees.\n")
    assert source_problems(text) == []


# ---------------------------------------------------------------- the role, in a real Sphinx build
CONF = """
extensions = ["myst_parser", "minsk2020.book.verdicts"]
myst_enable_extensions = ["colon_fence"]
exclude_patterns = ["_build"]
"""


def _mini_book(tmp_path: Path, page: str) -> Path:
    src = tmp_path / "src"
    (src / "chapters" / "claims").mkdir(parents=True)
    (src / "chapters" / "test").mkdir(parents=True)
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.md").write_text("# Book\n\n```{toctree}\nchapters/claims/register\nchapters/test/page\n```\n",
                                  encoding="utf-8")
    rows = "\n".join(f'<p id="claim-{cid.lower()}">{cid}</p>' for cid in load_claims()["claim_id"])
    (src / "chapters" / "claims" / "register.md").write_text(f"# Register\n\n{rows}\n", encoding="utf-8")
    (src / "chapters" / "test" / "page.md").write_text(page, encoding="utf-8")
    return src


def _sphinx(src: Path, out: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(src), str(out)],
                          capture_output=True, text=True, timeout=300)


def test_the_role_renders_the_register_verdict_and_links_the_row(tmp_path):
    claims = load_claims().set_index("claim_id")
    ids = ["C04", "C10", "C16"]
    src = _mini_book(tmp_path, f"# Page\n\nVerdicts: {{verdict}}`{','.join(ids)}`.\n")
    result = _sphinx(src, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    tree = lxml_html.parse(str(tmp_path / "out" / "chapters" / "test" / "page.html"))
    shown = [el.text_content() for el in tree.xpath('//span[contains(@class, "claim-verdict ")]')]
    assert shown == [claims.loc[c, "verdict"] for c in ids]
    hrefs = tree.xpath('//a[contains(@href, "#claim-")]/@href')
    assert hrefs == [f"../claims/register.html#claim-{c.lower()}" for c in ids]


@pytest.mark.parametrize("page, expected", [
    ("# Page\n\n**What this says about the article.** *More complicated.* Yes.\n", "does not define"),
    ("# Page\n\nThe register calls C02 not supported.\n", "but the register says 'supported'"),
    ("# Page\n\nVerdict: {verdict}`C99`.\n", "'C99' is not a claim id"),
])
def test_the_strict_build_fails_on_a_wrong_label_or_a_mismatch(tmp_path, page, expected):
    result = _sphinx(_mini_book(tmp_path, page), tmp_path / "out")
    assert result.returncode != 0
    assert expected in result.stderr, result.stderr


# ---------------------------------------------------------------- the built book
@pytest.mark.book
def test_every_verdict_shown_in_the_book_is_a_register_label_and_matches_it(built_book):
    claims = load_claims().set_index("claim_id")
    checked = 0
    for page in built_book.rglob("*.html"):
        if "_static" in page.parts:
            continue
        tree = lxml_html.parse(str(page))
        for span in tree.xpath('//span[contains(concat(" ", @class, " "), " claim-verdict ")]'):
            label = " ".join(span.text_content().split())
            assert label in VERDICTS, f"{page.name}: verdict {label!r} is not one of {VERDICTS}"
            link = span.xpath('preceding-sibling::a[1][contains(@href, "#claim-")]')
            if link:
                ident = link[0].text_content().strip()
                assert label == claims.loc[ident, "verdict"], f"{page.name}: {ident} shown as {label!r}"
                checked += 1
    assert checked >= 10, f"only {checked} generated verdicts found in the chapters"
