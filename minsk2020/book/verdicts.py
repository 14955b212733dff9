"""Verdict discipline: a chapter states a verdict only by generating it from ``claims.csv``.

The register (``data/curated/claims.csv``) is the one place where a claim of the article gets a
verdict, and it knows four labels only (:data:`minsk2020.data.claims.VERDICTS`). This Sphinx
extension makes that hold in every chapter:

- The role ``{verdict}`C10``` (or ``{verdict}`C08,C09,C10```) renders each claim's id and its
  register verdict, linked to the claim's row in the register, so a chapter and the register
  cannot differ.
- At read time every chapter's source is checked (:func:`source_problems`): an emphasised
  verdict-like label typed by hand ("*More complicated.*", "**Partly supported**", "*Not borne
  out*") and a sentence that names one claim and one of the four labels while the register
  says otherwise are build warnings, which the strict build (``-W``) turns into errors.

The labels ``claim-c01`` ... are registered as Sphinx labels of the register page, so the links
resolve in every builder (HTML, single-page HTML for the PDF).
"""

from __future__ import annotations

import re
from functools import lru_cache

from minsk2020.book.register import REGISTER_DOC
from minsk2020.data.claims import CLAIMS_CSV, VERDICTS, load_claims

ROLE = "verdict"
CLAIM_ID = re.compile(r"^C\d{2}$")

# Words a hand-written verdict tends to start with. Any emphasised phrase that starts with one of
# them is a verdict typed by hand; the four register labels included (they must come from the role).
VERDICT_WORDS = (
    "supported", "partly supported", "partially supported", "not supported", "unsupported", "not testable",
    "borne out", "not borne out", "more complicated", "complicated", "context", "contradicted", "mixed",
    "half right", "half true", "true", "false", "misleading", "correct", "incorrect", "wrong", "right",
    "confirmed", "refuted", "plausible",
)
_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,2}|_{1,2})(?!\s)([^*_\n]{2,80}?)(?<!\s)\1(?![\w*])")
_VERDICT_START = re.compile(r"^(?:" + "|".join(re.escape(w) for w in sorted(VERDICT_WORDS, key=len, reverse=True))
                            + r")\b", re.I)
# one of the four labels as words in a sentence ('not supported' before 'supported')
_LABEL_IN_TEXT = re.compile(r"\b(partly\s+supported|not\s+supported|not\s+testable|supported)\b", re.I)
_CLAIM_IN_TEXT = re.compile(r"(?<![\w`])C\d{2}(?!\w)")
_FENCE = re.compile(r"^(```|~~~|:::)")


@lru_cache(maxsize=4)
def _verdicts_cached(mtime: float) -> dict[str, dict]:
    frame = load_claims()
    return {row["claim_id"]: row for row in frame.to_dict("records")}


def claim_rows() -> dict[str, dict]:
    """claim_id -> the register's row (cached until claims.csv changes)."""
    return _verdicts_cached(CLAIMS_CSV.stat().st_mtime)


def _prose_lines(text: str):
    """(line number, line) for the Markdown prose of a MyST notebook: no front matter, no code."""
    in_code = False
    in_front = text.startswith("---\n")
    for number, line in enumerate(text.splitlines(), 1):
        if in_front:
            if number > 1 and line.strip() == "---":
                in_front = False
            continue
        stripped = line.lstrip()
        if stripped.startswith("```") or stripped.startswith("~~~"):
            # a fenced block: code cells and literal blocks are not prose (directives with prose
            # bodies use the colon fence, which stays prose)
            in_code = not in_code
            continue
        if in_code or stripped.startswith("<!--"):
            continue
        yield number, line


def source_problems(text: str, claims: dict[str, dict] | None = None) -> list[tuple[int, str]]:
    """Hand-typed verdicts and label mismatches in one chapter's MyST source, as (line, message)."""
    claims = claim_rows() if claims is None else claims
    found: list[tuple[int, str]] = []
    lines = list(_prose_lines(text))
    for number, line in lines:
        for match in _EMPHASIS.finditer(line):
            phrase = match.group(2).strip().rstrip(".:;,")
            if _VERDICT_START.match(phrase):
                label = phrase.lower()
                what = ("one of the register's labels typed by hand" if label in VERDICTS
                        else "a verdict label the register does not define")
                found.append((number, f"{match.group(0)!r} is {what}; state verdicts with "
                                      f"{{{ROLE}}}`C..` (generated from claims.csv, labels: {', '.join(VERDICTS)})"))
    # sentences (over line breaks) that name exactly one claim and exactly one label
    # headings and label lines end a sentence; they are blanked, not dropped, to keep line numbers
    kept = [line if not line.lstrip().startswith(("(", "#")) else "" for _, line in lines]
    prose = "\n".join(kept)
    numbers = [n for n, _ in lines]
    offsets, pos = [], 0
    for line in kept:
        offsets.append(pos)
        pos += len(line) + 1
    for sentence in re.finditer(r"[^.;!?]+[.;!?]?", prose):
        body = re.sub(r"\{" + ROLE + r"\}`[^`]*`", "", sentence.group(0))
        ids = sorted(set(_CLAIM_IN_TEXT.findall(body)))
        labels = sorted({" ".join(m.lower().split()) for m in _LABEL_IN_TEXT.findall(body)})
        if len(ids) == 1 and len(labels) == 1 and ids[0] in claims:
            register = claims[ids[0]]["verdict"]
            if labels[0] != register:
                start = sentence.start() + len(sentence.group(0)) - len(sentence.group(0).lstrip())
                index = max(i for i, off in enumerate(offsets) if off <= start)
                found.append((numbers[index], f"the text calls {ids[0]} {labels[0]!r} but the register says "
                                              f"{register!r}; use {{{ROLE}}}`{ids[0]}`"))
    return found


# ---------------------------------------------------------------- Sphinx
def _claim_label(claim_id: str) -> str:
    return f"claim-{claim_id.lower()}"


def verdict_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    from docutils import nodes
    from sphinx import addnodes

    claims = claim_rows()
    env = inliner.document.settings.env
    env.note_dependency(str(CLAIMS_CSV))
    ids = [part.strip() for part in text.split(",") if part.strip()]
    result: list = []
    for i, claim_id in enumerate(ids):
        if not CLAIM_ID.match(claim_id) or claim_id not in claims:
            msg = inliner.reporter.error(
                f"{{{ROLE}}}: {claim_id!r} is not a claim id of claims.csv ({CLAIMS_CSV})", line=lineno)
            return [inliner.problematic(rawtext, rawtext, msg)], [msg]
        row = claims[claim_id]
        verdict = row["verdict"]
        if verdict not in VERDICTS:
            msg = inliner.reporter.error(
                f"{CLAIMS_CSV.name}, claim {claim_id}, field verdict: {verdict!r} is not one of {VERDICTS}",
                line=lineno)
            return [inliner.problematic(rawtext, rawtext, msg)], [msg]
        if i:
            result.append(nodes.Text("; "))
        ref = addnodes.pending_xref("", refdomain="std", reftype="ref", reftarget=_claim_label(claim_id),
                                    refexplicit=True, refwarn=True, refdoc=env.docname)
        ref += nodes.inline(claim_id, claim_id, classes=["claim-verdict-id"])
        result.append(ref)
        result.append(nodes.Text(": "))
        result.append(nodes.inline(verdict, verdict,
                                   classes=["claim-verdict", f"claim-verdict-{verdict.replace(' ', '-')}"]))
    as_of = {claims[c]["verdict_as_of"] for c in ids}
    result.append(nodes.Text(f" (register verdict{'s' if len(ids) > 1 else ''}, as of {', '.join(sorted(as_of))})"))
    return result, []


def _register_claim_labels(app, doctree):
    """The register page owns one label per claim (its row's HTML id is claim-cNN)."""
    env = app.env
    if env.docname != REGISTER_DOC:
        return
    std = env.get_domain("std")
    for claim_id in claim_rows():
        label = _claim_label(claim_id)
        std.labels[label] = (env.docname, label, claim_id)
        std.anonlabels[label] = (env.docname, label)


def _check_source(app, docname, source):
    from sphinx.util import logging

    if not docname.startswith("chapters/") or docname == REGISTER_DOC:
        return
    logger = logging.getLogger(__name__)
    app.env.note_dependency(str(CLAIMS_CSV))
    for line, message in source_problems(source[0]):
        logger.warning(f"verdicts: {message}", location=(docname, line), type="verdicts", subtype="label")


def setup(app):
    from minsk2020 import __version__

    app.add_role(ROLE, verdict_role)
    app.connect("source-read", _check_source, priority=100)  # before claims.py inserts its blocks
    app.connect("doctree-read", _register_claim_labels)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
