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

Every value from the table is escaped for where it lands (text, attribute, URL with an http(s)
check, JSON in a script block; see :mod:`minsk2020.safehtml`). The build validates the table
before reading it (:mod:`minsk2020.curated`); a value the renderer still cannot place (an
unknown verdict or part) raises an error naming the file, row and field.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd

from .curated import CuratedDataError, curated_dir
from .paths import CURATED
from .safehtml import json_for_script, link

TABLE = "claims"
CLAIMS_CSV = CURATED / f"{TABLE}.csv"
MARKER_REGISTER = "<!-- generated: claims register -->"
MARKER_PART = re.compile(r"^<!-- generated: claims tested in ([a-z][a-z-]*) -->[ \t]*$", re.M)
PARTS = ("energy", "sanctions", "diplomacy", "central-asia", "aftermath")
REGISTER_DOC = "chapters/claims/register"
REGISTER_LABEL = "ch-claims-register"
MAX_QUOTE_WORDS = 25

KINDS = ("fact", "interpretation", "forecast", "opinion")
VERDICTS = ("supported", "partly supported", "not supported", "not testable")
# ratingValue of schema.org Rating: worst 1 .. best 3; 'not testable' is not scored
VERDICT_RATING = {"not supported": 1, "partly supported": 2, "supported": 3}
TOPIC_NAMES = {
    "tour": "The tour",
    "normalization": "Normalisation and ambassadors",
    "sanctions": "Sanctions",
    "human_rights": "Human rights",
    "security": "Security integration",
    "energy": "Energy",
    "balance": "Between Washington and Moscow",
    "central_asia": "Central Asia",
}
PART_NAMES = {
    "energy": "Energy",
    "sanctions": "Sanctions",
    "diplomacy": "Diplomacy",
    "central-asia": "Central Asia",
    "aftermath": "What happened next",
    "none": "not tested (opinion)",
}

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


# ---------------------------------------------------------------- the table
def claims_csv() -> Path:
    """The register the book is built from (data/curated/claims.csv unless $BOOK_CURATED_DIR is set)."""
    return curated_dir() / f"{TABLE}.csv"


def load_claims(path: Path | None = None) -> pd.DataFrame:
    """The register as committed, every column as text (empty cells as '').

    Errors name a row by its number in the CSV file (the header is row 1, so the frame's index
    label ``i`` is row ``i + 2``); ``frame.attrs["path"]`` is the file it was read from.
    """
    path = Path(path) if path is not None else claims_csv()
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.attrs["path"] = str(path)
    bad = [n for n, v in frame["paragraph_number"].items() if not v.strip().isdigit()]
    if bad:
        raise CuratedDataError(f"{path}, row {bad[0] + 2}, field 'paragraph_number': "
                               f"{frame.at[bad[0], 'paragraph_number']!r} is not a whole number")
    frame["paragraph_number"] = frame["paragraph_number"].astype(int)
    return frame


def _where(frame: pd.DataFrame, label, field: str) -> str:
    """'claims.csv, row N, field F' for the frame's row ``label`` (row N of the file is label N - 2)."""
    path = Path(frame.attrs.get("path", claims_csv())).name
    return f"{path}, row {label + 2}, field {field!r}"


def _known(frame: pd.DataFrame, label, field: str, value: str, allowed) -> str:
    """``value`` if it is one of ``allowed``, else an error naming the file, row and field."""
    if value not in allowed:
        raise CuratedDataError(f"{_where(frame, label, field)}: {value!r} is not one of "
                               f"{', '.join(map(repr, allowed))}; fix the row (the schema lists the allowed values)")
    return value


def quote_words(quote: str) -> int:
    return len(quote.split())


def is_scored(row) -> bool:
    return row["verdict"] in VERDICT_RATING


def problems(frame: pd.DataFrame) -> list[str]:
    """Rules of the register beyond the schema's column constraints."""
    found = []
    for row in frame.to_dict("records"):
        cid = row["claim_id"]
        if quote_words(row["quote"]) > MAX_QUOTE_WORDS:
            found.append(f"{cid}: quote has {quote_words(row['quote'])} words (max {MAX_QUOTE_WORDS})")
        if row["kind"] not in KINDS:
            found.append(f"{cid}: kind {row['kind']!r} not in {KINDS}")
        if row["verdict"] not in VERDICTS:
            found.append(f"{cid}: verdict {row['verdict']!r} not in {VERDICTS}")
        if row["kind"] == "opinion" and row["verdict"] != "not testable":
            found.append(f"{cid}: an opinion is labelled, not scored (verdict must be 'not testable')")
        if row["chapter"] not in (*PARTS, "none"):
            found.append(f"{cid}: chapter {row['chapter']!r} is not a part of the book")
        if (row["chapter"] == "none") != (row["tested_in"] == ""):
            found.append(f"{cid}: tested_in must be a label exactly when chapter is not 'none'")
        if row["verdict"] != "not testable" and not row["source_urls"]:
            found.append(f"{cid}: a scored verdict needs source_urls")
        if row["verdict"] != "not testable" and row["chapter"] == "none":
            found.append(f"{cid}: a scored verdict must name the chapter that tests it")
        if row["verdict_2022"] != row["verdict"] and not row["changed_since_2022"].strip():
            found.append(f"{cid}: verdict_2022 {row['verdict_2022']!r} differs from verdict {row['verdict']!r}: "
                         "changed_since_2022 must say what changed")
        try:
            pd.Timestamp(row["verdict_as_of"])
        except ValueError:
            found.append(f"{cid}: verdict_as_of {row['verdict_as_of']!r} is not a date")
    return found


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
def xref(label: str, text: str | None = None, *, fragment: str | None = None, title: bool = False) -> str:
    """A link to a Sphinx label, resolved after reading (see :func:`resolve_xrefs`)."""
    attrs = f' data-claim-ref="{html.escape(label)}"'
    if fragment:
        attrs += f' data-claim-fragment="{html.escape(fragment)}"'
    if title:
        attrs += ' data-claim-title="1"'
    return f'<a class="claim-xref"{attrs} href="#">{html.escape(text or label)}</a>'


def _host(url: str) -> str:
    return urlparse(url).netloc.removeprefix("www.").removeprefix("m.") or url


def _options(name: str, values: list[str], labels: dict[str, str] | None = None) -> str:
    labels = labels or {}
    opts = [f'<option value="">All</option>'] + [
        f'<option value="{html.escape(v)}">{html.escape(labels.get(v, v))}</option>' for v in values
    ]
    return "".join(opts)


STYLE = (
    "<style>.claims-table-wrap{overflow-x:auto}.claims-table{font-size:.85rem;border-collapse:collapse}"
    ".claims-table th,.claims-table td{vertical-align:top;padding:.3rem .4rem;border-bottom:1px solid #ddd;min-width:6rem}"
    ".claims-table td:nth-child(8){min-width:18rem}.claims-table td:nth-child(4){min-width:10rem}"
    ".claims-table caption{caption-side:top;text-align:left;font-size:.85rem}"
    ".claims-table th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;text-align:left}"
    ".claims-table th[aria-sort=ascending] button::after{content:' \\25B2'}"
    ".claims-table th[aria-sort=descending] button::after{content:' \\25BC'}"
    ".claims-controls{margin:.5rem 0}.claims-controls select{margin-right:1rem}"
    ".claims-sources a{display:inline-block;margin-right:.3rem}</style>"
)

COLUMNS = [  # (heading, sort key or None)
    ("Claim", "id"), ("¶", "paragraph"), ("Quote from the article", None), ("The claim in our words", None),
    ("Kind", "kind"), ("Topic", "topic"), ("Verdict", "verdict"), ("Evidence", None), ("Tested in", "chapter"),
    ("Sources", None),
]


def _row_html(row, *, frame: pd.DataFrame, label) -> str:
    cid = row["claim_id"]
    e = html.escape
    _known(frame, label, "verdict", row["verdict"], VERDICTS)
    _known(frame, label, "verdict_2022", row["verdict_2022"], VERDICTS)
    _known(frame, label, "chapter", row["chapter"], tuple(PART_NAMES))
    sort_verdict = str(VERDICTS.index(row["verdict"]) + 1)
    attrs = (
        f'id="claim-{e(cid.lower())}" data-topic="{e(row["topic"])}" data-kind="{e(row["kind"])}" '
        f'data-verdict="{e(row["verdict"])}" data-sort-id="{e(cid)}" '
        f'data-sort-paragraph="{row["paragraph_number"]:02d}-{e(cid)}" data-sort-kind="{e(row["kind"])}-{e(cid)}" '
        f'data-sort-topic="{e(row["topic"])}-{e(cid)}" data-sort-verdict="{sort_verdict}-{e(cid)}" '
        f'data-sort-chapter="{e(row["chapter"])}-{e(cid)}"'
    )
    verdict = f'<span class="claim-verdict claim-verdict-{e(row["verdict"].replace(" ", "-"))}">{e(row["verdict"])}</span>'
    verdict += f'<br><small>as of {e(row["verdict_as_of"])}</small>'
    if row["verdict_note"]:
        verdict += f'<br><small class="claim-note">{e(row["verdict_note"])}</small>'
    if row["verdict_2022"] != row["verdict"]:
        verdict += (f'<br><small class="claim-history">Verdict history: {e(row["verdict_2022"])} on the record '
                    f'to 2022; {e(row["verdict"])} now. {e(row["changed_since_2022"])}</small>')
    if row["tested_in"]:
        tested = xref(row["tested_in"], title=True) + f'<br><small>{e(PART_NAMES[row["chapter"]])}</small>'
    else:
        tested = "not tested: an opinion is labelled, not scored"
    urls = [u for u in row["source_urls"].split(";") if u]
    sources = " ".join(link(u, f"[{i}] {_host(u)}") for i, u in enumerate(urls, 1)) or "none"
    if row["source_ids"]:
        sources += f'<br><small>source ids: {e(row["source_ids"])}</small>'
    cells = [
        f'<th scope="row">{e(cid)}</th>',
        f'<td>{row["paragraph_number"]}</td>',
        f'<td><q>{e(row["quote"])}</q></td>',
        f'<td>{e(row["claim"])}</td>',
        f'<td>{e(row["kind"])}</td>',
        f'<td>{e(TOPIC_NAMES.get(row["topic"], row["topic"]))}</td>',
        f"<td>{verdict}</td>",
        f'<td>{e(row["evidence"])}</td>',
        f"<td>{tested}</td>",
        f'<td class="claim-sources">{sources}</td>',
    ]
    return f"<tr {attrs}>" + "".join(cells) + "</tr>"


def register_html(frame: pd.DataFrame | None = None, *, reviewer: str = "The minsk2020 book team",
                  page_url: str | None = None) -> str:
    """The register as one raw-HTML block (no blank line inside, so MyST keeps it whole)."""
    frame = load_claims() if frame is None else frame
    topics = [t for t in TOPIC_NAMES if t in set(frame["topic"])]
    head = []
    for heading, key in COLUMNS:
        if key:
            head.append(f'<th scope="col"><button type="button" class="claims-sort" data-sort="{key}">'
                        f'{html.escape(heading)}<span class="visually-hidden"> (sort)</span></button></th>')
        else:
            head.append(f'<th scope="col">{html.escape(heading)}</th>')
    controls = (
        '<div class="claims-controls" role="group" aria-label="Filter the claims" hidden>'
        f'<label for="claims-filter-topic">Topic</label> <select id="claims-filter-topic" data-filter="topic">{_options("topic", topics, TOPIC_NAMES)}</select> '
        f'<label for="claims-filter-kind">Kind</label> <select id="claims-filter-kind" data-filter="kind">{_options("kind", [k for k in KINDS if k in set(frame["kind"])])}</select> '
        f'<label for="claims-filter-verdict">Verdict</label> <select id="claims-filter-verdict" data-filter="verdict">{_options("verdict", [v for v in VERDICTS if v in set(frame["verdict"])])}</select> '
        '<span class="claims-status" role="status" aria-live="polite"></span>'
        "</div>"
    )
    caption = (f"<caption>The {len(frame)} claims of the article, in article order. Choose a topic, kind or "
               "verdict to filter; use the column buttons to sort. Table: claims (data/curated/claims.csv).</caption>")
    lines = [
        '<div class="claims-register" id="claims-register">',
        STYLE,
        controls,
        '<div class="claims-table-wrap">',
        '<table class="claims-table">',
        caption,
        "<thead><tr>" + "".join(head) + "</tr></thead>",
        "<tbody>",
        *[_row_html(row, frame=frame, label=n) for n, row in zip(frame.index, frame.to_dict("records"))],
        "</tbody></table></div>",
        jsonld_script(claims_jsonld(frame, reviewer=reviewer, page_url=page_url)),
        "</div>",
    ]
    return "\n".join(lines) + "\n"


def register_markdown(frame: pd.DataFrame | None = None, **kwargs) -> str:
    """MyST for the register page's marker line: counts, then the HTML table."""
    frame = load_claims() if frame is None else frame
    counts = frame["verdict"].value_counts()
    parts = [f"{counts.get(v, 0)} {v}" for v in VERDICTS]
    summary = (f"The register holds {len(frame)} claims: " + ", ".join(parts[:-1]) + f" and {parts[-1]} "
               f"(verdicts as of {frame['verdict_as_of'].max()}).\n\n")
    return summary + register_html(frame, **kwargs)


# ---------------------------------------------------------------- per-chapter blocks
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~$])")


def md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def part_markdown(part: str, frame: pd.DataFrame | None = None, *, link_register: bool = True) -> str:
    """MyST block listing the article's claims tested in one part of the book."""
    frame = load_claims() if frame is None else frame
    if part not in PARTS:
        raise ValueError(f"unknown part {part!r}; expected one of {PARTS}")
    rows = frame[frame["chapter"] == part]
    for n, row in zip(rows.index, rows.to_dict("records")):
        _known(frame, n, "verdict", row["verdict"], VERDICTS)
    lines = [":::{admonition} The article's claims tested here", ":class: claims-tested", ""]
    if rows.empty:
        lines.append("The claims register assigns no claim of the article to this chapter.")
    for row in rows.to_dict("records"):
        cid = row["claim_id"]
        ident = xref(REGISTER_LABEL, cid, fragment=f"claim-{cid.lower()}") if link_register else cid
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
XREF_TAG = re.compile(r'<a class="claim-xref"([^>]*)href="#">(?:([^<]*)</a>)?')
ATTR = re.compile(r'data-claim-(ref|fragment|title)="([^"]*)"')


def resolve_xrefs(text: str, resolve) -> str:
    """Replace each claim-xref link's href (and, if asked, its text) using resolve(label).

    resolve(label) returns (uri, anchor, title) or None; unresolved links keep href="#"
    and are reported by the caller.
    """

    def sub(match):
        attrs = dict(ATTR.findall(match.group(1)))
        found = resolve(html.unescape(attrs["ref"]))
        if found is None:
            return match.group(0)
        uri, anchor, title = found
        fragment = attrs.get("fragment") or anchor
        href = f"{uri}#{fragment}" if fragment else uri
        tag = f'<a class="claim-xref reference internal"{match.group(1)}href="{html.escape(href)}">'
        if match.group(2) is None:
            return tag
        label_text = html.escape(title) if attrs.get("title") and title else match.group(2)
        return f"{tag}{label_text}</a>"

    return XREF_TAG.sub(sub, text)


def _source_read(app, docname, source):
    text = source[0]
    changed = False
    if MARKER_REGISTER in text:
        base = (getattr(app.config, "html_baseurl", "") or "").rstrip("/")
        page_url = f"{base}/{docname}.html" if base else None
        text = text.replace(MARKER_REGISTER, register_markdown(reviewer=app.config.author or "The minsk2020 book team",
                                                                page_url=page_url))
        changed = True
    if MARKER_PART.search(text):
        link = REGISTER_DOC in app.env.found_docs
        text = MARKER_PART.sub(lambda m: part_markdown(m.group(1), link_register=link), text)
        changed = True
    if changed:
        source[0] = text
        app.env.note_dependency(str(claims_csv()))


def _doctree_resolved(app, doctree, docname):
    from docutils import nodes
    from sphinx.util import logging

    if app.builder.format != "html":
        return
    logger = logging.getLogger(__name__)
    labels = app.env.get_domain("std").labels

    def resolve(label):
        if label not in labels:
            return None
        target_doc, anchor, title = labels[label]
        return app.builder.get_relative_uri(docname, target_doc), anchor, title

    for node in list(doctree.findall(nodes.raw)):
        if "html" not in node.get("format", "").split() or "claim-xref" not in node.astext():
            continue
        text = resolve_xrefs(node.astext(), resolve)
        for tag in XREF_TAG.finditer(text):
            ref = dict(ATTR.findall(tag.group(1)))["ref"]
            logger.warning(f"claims: label {ref!r} (claims.csv tested_in / register link) does not exist in this build",
                           location=docname, type="claims", subtype="ref")
        node.replace_self(nodes.raw(node.rawsource, text, format="html"))


def setup(app):
    from . import __version__

    app.connect("source-read", _source_read)
    app.connect("doctree-resolved", _doctree_resolved)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
