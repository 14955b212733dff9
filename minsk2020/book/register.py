"""The article's claims register: one table, three renderings.

``data/curated/claims.csv`` is the single source of truth for what the book says about each
claim of the article (Seymur Mammadov, CGTN Opinions, 2020). This module renders it

- as the register page (:func:`register_markdown`): a real HTML ``<table>`` with labelled
  filters (topic, kind, verdict) and sortable columns, driven by ``_static/claims-register.js``
  (no inline script, no library), plus schema.org ``ClaimReview`` JSON-LD for every scored
  claim (:func:`claims_jsonld`);
- as the block that opens each data chapter (:func:`part_markdown`), listing the claims that
  chapter tests.

As a Sphinx extension (:func:`setup`) it replaces, at source-read time, the line
``<!-- generated: claims register -->`` with the register and each line
``<!-- generated: claims tested in <part> -->`` with that part's block, and records
``claims.csv`` as a dependency of those pages. The register links each claim to the label in
its ``tested_in`` column; the links are resolved after the whole book has been read
(``doctree-resolved``), and a label that does not exist is a build warning (an error under
``-W``).

The parts come from the book itself: a part is a page of ``_toc.yml`` carrying the marker line
``<!-- generated: claims tested in <part> -->`` (optionally ``... in <part> (<Name>) -->`` when its
name in the register is not the part id in capitals, e.g. ``aftermath (What happened next)``), and
the claims of ``claims.csv`` whose ``chapter`` is that part (:func:`part_names`). The part ids a
claim may name are the ``chapter`` values of the claims schema (:data:`minsk2020.data.claims.PARTS`).

Every value from the table is escaped for where it lands (text, attribute, URL with an http(s)
check, JSON in a script block; see :mod:`minsk2020.safehtml`). The build validates the table
before reading it (:mod:`minsk2020.data.curated`, :mod:`minsk2020.data.claims`); a value the renderer still cannot place (an
unknown verdict or part) raises an error naming the file, row and field.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from minsk2020 import __version__
from minsk2020.book.toc import toc_docnames
from minsk2020.data.claims import (
    KINDS,
    NOT_TESTED,
    PARTS,
    TOPIC_NAMES,
    VERDICT_RATING,
    VERDICTS,
    claims_csv,
    is_scored,
    known,
    load_claims,
)
from minsk2020.paths import ROOT
from minsk2020.safehtml import json_for_script, md_escape, web_url

MARKER_REGISTER = "<!-- generated: claims register -->"
MARKER_PART = re.compile(r"^<!-- generated: claims tested in ([a-z][a-z-]*)(?: \(([^()\n]+)\))? -->[ \t]*$", re.M)
REGISTER_DOC = "chapters/claims/register"
REGISTER_LABEL = "ch-claims-register"

# The article reviewed. Its date and URL on the outlet's site could not be checked from here,
# so neither is given (see notes/claims_research.md).
ARTICLE = {
    "@type": "CreativeWork",
    "name": "What are the strategic goals of Pompeo's visit to Belarus?",
    "author": {"@type": "Person", "name": "Seymur Mammadov"},
    "publisher": {"@type": "Organization", "name": "CGTN"},
    "genre": "Opinion",
}
ARTICLE_DATE_PUBLISHED: str | None = None


# ---------------------------------------------------------------- the parts of the book
def part_names(book: Path = ROOT) -> dict[str, str]:
    """Each part of the book that tests claims -> its name (``{"central-asia": "Central Asia", ...}``),
    read from the marker lines of the pages ``_toc.yml`` lists, in the table of contents' order.

    A marker must name a part of the claims schema (:data:`PARTS`), no part may have two pages, and
    every part of the schema must have a page; otherwise the error names the page and the part.
    """
    return dict(_part_names(Path(book).resolve()))


@functools.lru_cache(maxsize=4)
def _part_names(book: Path) -> tuple[tuple[str, str], ...]:
    found: dict[str, tuple[str, str]] = {}
    for docname in toc_docnames(book):
        page = book / f"{docname}.md"
        if not page.is_file():
            continue
        for match in MARKER_PART.finditer(page.read_text(encoding="utf-8")):
            part, name = match.group(1), match.group(2)
            if part not in PARTS:
                raise ValueError(f"{docname}.md: claims marker names part {part!r}, which the claims schema does not "
                                 f"list (the chapter values of data/schemas/claims.yaml: {', '.join(PARTS)})")
            if part in found:
                raise ValueError(f"{docname}.md: part {part!r} already has its claims block on {found[part][0]}.md")
            found[part] = (docname, name or part.replace("-", " ").title())
    missing = [part for part in PARTS if part not in found]
    if missing:
        raise ValueError(f"{book / '_toc.yml'}: no page of the table of contents carries the claims marker of "
                         f"part(s) {', '.join(missing)} (`<!-- generated: claims tested in <part> -->`)")
    return tuple((part, name) for part, (_, name) in found.items())


# ---------------------------------------------------------------- JSON-LD
def claim_review(row, *, reviewer: str, page_url: str | None = None) -> dict:
    """schema.org ClaimReview for one scored claim."""
    rating = VERDICT_RATING[row["verdict"]]
    item = dict(ARTICLE)
    if ARTICLE_DATE_PUBLISHED:
        item["datePublished"] = ARTICLE_DATE_PUBLISHED
    review = {
        "@type": "ClaimReview",
        "identifier": row["claim_id"],
        "claimReviewed": row["claim"],
        "reviewBody": re.sub(r"\s*\[basis:[^\]]*\]\s*$", "", row["evidence"]),
        "datePublished": row["verdict_as_of"],
        "author": {"@type": "Organization", "name": reviewer},
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": rating,
            "bestRating": max(VERDICT_RATING.values()),
            "worstRating": min(VERDICT_RATING.values()),
            "alternateName": row["verdict"],
        },
    }
    if page_url:
        review["url"] = f"{page_url}#claim-{row['claim_id'].lower()}"
    return review


def claims_jsonld(frame: pd.DataFrame | None = None, *, reviewer: str = "The minsk2020 book team",
                  page_url: str | None = None) -> dict:
    frame = load_claims() if frame is None else frame
    graph = [claim_review(row, reviewer=reviewer, page_url=page_url)
             for row in frame.to_dict("records") if is_scored(row)]
    return {"@context": "https://schema.org", "@graph": graph}


def jsonld_script(data: dict) -> str:
    return '<script type="application/ld+json">' + json_for_script(data) + "</script>"


# ---------------------------------------------------------------- the register page
def _host(url: str) -> str:
    return urlparse(url).netloc.removeprefix("www.").removeprefix("m.") or url


# The columns of the register: (heading, what a card shows before the value, or None)
COLUMNS = [
    ("Claim", None), ("What the article says", None), ("Kind and topic", "Kind and topic"),
    ("Verdict", "Verdict"), ("Evidence", "Evidence"), ("Tested in, and sources", "Tested in, and sources"),
]
COLUMN_WIDTHS = (10, 24, 12, 16, 22, 16)  # per cent of the table on wide screens
SORTS = [("id", "Article order"), ("verdict", "Verdict"), ("kind", "Kind"), ("topic", "Topic"),
         ("chapter", "Chapter that tests it")]


def register_data(frame: pd.DataFrame) -> dict:
    """What _static/claims-register.js needs to build the filters and sort the rows (no HTML)."""
    topics = [t for t in TOPIC_NAMES if t in set(frame["topic"])]
    rows = {}
    for n, row in zip(frame.index, frame.to_dict("records")):
        known(frame, n, "verdict", row["verdict"], VERDICTS)
        rows[f"claim-{row['claim_id'].lower()}"] = {
            "id": row["claim_id"], "topic": row["topic"], "kind": row["kind"], "verdict": row["verdict"],
            "verdict_rank": VERDICTS.index(row["verdict"]), "paragraph": int(row["paragraph_number"]),
            "chapter": row["chapter"],
        }
    return {
        "filters": [
            {"key": "topic", "label": "Topic", "options": [[t, TOPIC_NAMES[t]] for t in topics]},
            {"key": "kind", "label": "Kind", "options": [[k, k] for k in KINDS if k in set(frame["kind"])]},
            {"key": "verdict", "label": "Verdict", "options": [[v, v] for v in VERDICTS if v in set(frame["verdict"])]},
        ],
        "sorts": [list(s) for s in SORTS],
        "rows": rows,
    }


def register_nodes(frame: pd.DataFrame | None = None, *, reviewer: str = "The minsk2020 book team",
                   page_url: str | None = None) -> list:
    """The register as docutils nodes: a table (cards on narrow screens, see _static/book.css) whose
    links to the chapters are Sphinx ``ref`` cross-references, so Sphinx resolves and checks them;
    the filter data and the ClaimReview JSON-LD as data blocks (escaped by json_for_script)."""
    from docutils import nodes
    from sphinx import addnodes

    frame = load_claims() if frame is None else frame
    names = part_names()
    box = nodes.container(classes=["claims-register"], ids=["claims-register"])
    box["support_smartquotes"] = False  # quotes and claims stay as written (no curly quotes or dashes)
    box += nodes.raw("", '<script type="application/json" id="claims-register-data">'
                     + json_for_script(register_data(frame)) + "</script>", format="html")
    table = nodes.table(classes=["claims-table", "colwidths-given"])
    table += nodes.title("", f"The {len(frame)} claims of the article, in article order. Search, filter or sort "
                         "them with the controls above the table; the data are in claims.csv.")
    group = nodes.tgroup(cols=len(COLUMNS))
    table += group
    for i, width in enumerate(COLUMN_WIDTHS):
        group += nodes.colspec(colwidth=width, stub=1 if i == 0 else 0)
    head = nodes.thead()
    head_row = nodes.row()
    for heading, _ in COLUMNS:
        head_row += nodes.entry("", nodes.paragraph("", heading))
    head += head_row
    group += head
    body = nodes.tbody()
    group += body

    def cell(label: str | None, *children, classes=()) -> nodes.entry:
        entry = nodes.entry(classes=list(classes))
        if label:
            entry += nodes.paragraph("", label, classes=["claims-cell-label"])
        for child in children:
            entry += child
        return entry

    def para(text: str, classes=()) -> nodes.paragraph:
        return nodes.paragraph("", text, classes=list(classes))

    for n, row in zip(frame.index, frame.to_dict("records")):
        cid = row["claim_id"]
        verdict = known(frame, n, "verdict", row["verdict"], VERDICTS)
        known(frame, n, "verdict_2022", row["verdict_2022"], VERDICTS)
        known(frame, n, "chapter", row["chapter"], (*names, NOT_TESTED))
        slug = verdict.replace(" ", "-")
        tr = nodes.row(ids=[f"claim-{cid.lower()}"], classes=["claim-row", f"claim-row-{slug}"])
        ident = nodes.paragraph("", "", classes=["claim-id"])
        ident += nodes.strong(cid, cid)
        tr += cell(None, ident, para(f"paragraph {row['paragraph_number']}", ["claim-paragraph"]))
        quote = nodes.paragraph("", "", classes=["claim-quote"])
        quote += nodes.inline("", "\u201c" + row["quote"] + "\u201d", classes=["claim-quote-text"])
        tr += cell(None, quote, para(row["claim"], ["claim-restated"]))
        tr += cell(COLUMNS[2][1], para(row["kind"], ["claim-kind"]),
                   para(TOPIC_NAMES.get(row["topic"], row["topic"]), ["claim-topic"]))
        badge = nodes.paragraph("", "")
        badge += nodes.inline(verdict, verdict, classes=["claim-verdict", f"claim-verdict-{slug}"])
        verdict_cell = [badge, para(f"as of {row['verdict_as_of']}", ["claim-as-of"])]
        if row["verdict_note"]:
            verdict_cell.append(para(row["verdict_note"], ["claim-note"]))
        if row["verdict_2022"] != verdict:
            verdict_cell.append(para(f"Verdict history: {row['verdict_2022']} on the record to 2022; {verdict} now. "
                                     f"{row['changed_since_2022']}", ["claim-history"]))
        tr += cell(COLUMNS[3][1], *verdict_cell, classes=["claim-verdict-cell"])
        tr += cell(COLUMNS[4][1], para(row["evidence"], ["claim-evidence"]))
        tested = nodes.paragraph("", "", classes=["claim-tested-in"])
        if row["tested_in"]:
            ref = addnodes.pending_xref("", refdomain="std", reftype="ref", reftarget=row["tested_in"],
                                        refexplicit=False, refwarn=True)
            ref += nodes.inline(row["tested_in"], row["tested_in"])
            tested += ref
            tested += nodes.Text(f" ({names[row['chapter']]})")
        else:
            tested += nodes.Text("not tested: an opinion is labelled, not scored")
        sources = nodes.bullet_list(classes=["claim-sources"])
        for i, url in enumerate([u for u in row["source_urls"].split(";") if u], 1):
            item = nodes.paragraph()
            if web_url(url):
                item += nodes.reference("", f"[{i}] {_host(url)}", refuri=url)
            else:  # not an http(s) URL: shown as text, never a link
                item += nodes.inline("", f"[{i}] {url}", classes=["link-refused"])
            sources += nodes.list_item("", item)
        parts = [tested]
        if len(sources):
            parts.append(sources)
        if row["source_ids"]:
            parts.append(para(f"Datasets: {row['source_ids']}", ["claim-source-ids"]))
        tr += cell(COLUMNS[5][1], *parts)
        body += tr
    box += table
    box += nodes.raw("", jsonld_script(claims_jsonld(frame, reviewer=reviewer, page_url=page_url)), format="html")
    return [box]


def register_html(frame: pd.DataFrame | None = None, **kwargs) -> str:
    """The register's nodes written as HTML by docutils (for tests and previews; the book uses the
    nodes). Cross-references become links to ``#label``."""
    from docutils import nodes
    from docutils.core import publish_from_doctree
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document
    from sphinx import addnodes

    document = new_document("register", get_default_settings(Parser))
    for node in register_nodes(frame, **kwargs):
        document += node
    for ref in list(document.findall(addnodes.pending_xref)):
        ref.replace_self(nodes.reference("", ref.astext(), refuri="#" + ref["reftarget"],
                                         classes=["claim-ref"], reftarget=ref["reftarget"]))
    out = publish_from_doctree(document, writer_name="html5", settings_overrides={"output_encoding": "unicode"})
    body = out.split('<main id="register">', 1)[-1] if '<main id="register">' in out else out
    return body.split("<body>", 1)[-1].rsplit("</body>", 1)[0]


def _register_directive():
    from docutils.parsers.rst import Directive

    class ClaimsRegister(Directive):
        has_content = False

        def run(self):
            env = self.state.document.settings.env
            env.note_dependency(str(claims_csv()))
            base = (getattr(env.config, "html_baseurl", "") or "").rstrip("/")
            page_url = f"{base}/{env.docname}.html" if base else None
            return register_nodes(reviewer=env.config.author or "The minsk2020 book team", page_url=page_url)

    return ClaimsRegister


def register_markdown(frame: pd.DataFrame | None = None, **kwargs) -> str:
    """MyST for the register page's marker line: counts, then the register directive."""
    frame = load_claims() if frame is None else frame
    counts = frame["verdict"].value_counts()
    parts = [f"{counts.get(v, 0)} {v}" for v in VERDICTS]
    summary = (f"The register holds {len(frame)} claims: " + ", ".join(parts[:-1]) + f" and {parts[-1]} "
               f"(verdicts as of {frame['verdict_as_of'].max()}).\n\n")
    return summary + "```{claims-register}\n```\n"


# ---------------------------------------------------------------- per-chapter blocks
def part_markdown(part: str, frame: pd.DataFrame | None = None, *, link_register: bool = True) -> str:
    """MyST block listing the article's claims tested in one part of the book."""
    frame = load_claims() if frame is None else frame
    if part not in PARTS:
        raise ValueError(f"unknown part {part!r}; expected one of {PARTS}")
    rows = frame[frame["chapter"] == part]
    for n, row in zip(rows.index, rows.to_dict("records")):
        known(frame, n, "verdict", row["verdict"], VERDICTS)
    lines = [":::{admonition} The article's claims tested here", ":class: claims-tested", ""]
    if rows.empty:
        lines.append("The claims register assigns no claim of the article to this chapter.")
    for row in rows.to_dict("records"):
        cid = row["claim_id"]
        ident = f"{{ref}}`{cid} <claim-{cid.lower()}>`" if link_register else cid
        note = " (provisional)" if row["verdict_note"].startswith("provisional") else ""
        lines.append(
            f"- **{ident}** ({md_escape(row['kind'])}, paragraph {row['paragraph_number']}): "
            f"\u201c{md_escape(row['quote'])}\u201d. {md_escape(row['claim'])} "
            f"Verdict: **{row['verdict']}**{note}, as of {md_escape(row['verdict_as_of'])}; "
            f"tested in {{ref}}`{row['tested_in']}`."
        )
    lines.append("")
    where = f"{{ref}}`claims register <{REGISTER_LABEL}>`" if link_register else "claims register"
    lines.append(f"Quotes are short excerpts of the article {{cite:p}}`mammadov2020`; the claims, evidence "
                 f"and verdicts are ours and come from the {where} (table `claims`).")
    lines.append(":::")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- Sphinx
def _source_read(app, docname, source):
    text = source[0]
    changed = False
    if MARKER_REGISTER in text:
        text = text.replace(MARKER_REGISTER, register_markdown())
        changed = True
    if MARKER_PART.search(text):
        link = REGISTER_DOC in app.env.found_docs
        text = MARKER_PART.sub(lambda m: part_markdown(m.group(1), link_register=link), text)
        changed = True
    if changed:
        source[0] = text
        app.env.note_dependency(str(claims_csv()))


def setup(app):

    app.connect("source-read", _source_read)
    app.add_directive("claims-register", _register_directive())
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
