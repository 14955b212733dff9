"""The "Corrections" appendix, generated from ``data/curated/corrections.csv``.

Fact-checkers publish what they got wrong; so does this book. Each row of the corrections table
(version, date, chapter, item, what was wrong, what changed, the source that settles it) becomes
one entry of the page that contains the line ``<!-- generated: corrections -->``. The entries are
newest first; the chapter is a link to its label, the source a link to its URL. ``CHANGELOG.md``
carries one line per correction id (``tests/test_corrections.py`` keeps the two in step).
"""

from __future__ import annotations

from urllib.parse import urlparse

import pandas as pd

from minsk2020.paths import CURATED
from minsk2020.safehtml import md_escape

TABLE = "corrections"
CORRECTIONS_CSV = CURATED / f"{TABLE}.csv"
MARKER = "<!-- generated: corrections -->"


class CorrectionsError(ValueError):
    """A row of corrections.csv that cannot be published."""


def load_corrections(path=CORRECTIONS_CSV) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    for number, row in enumerate(frame.to_dict("records"), start=2):  # line 1 is the header
        scheme = urlparse(row["source_url"]).scheme
        if scheme not in ("http", "https"):
            raise CorrectionsError(f"{path}, row {number} ({row['correction_id']}), field source_url: "
                                   f"scheme {scheme!r} is not http or https")
    return frame


def _link_target(url: str) -> str:
    # <...> keeps parentheses and spaces in a URL from ending the Markdown link early
    return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"


def corrections_markdown(frame: pd.DataFrame | None = None) -> str:
    """MyST: a count, then one entry per correction, newest first."""
    frame = load_corrections() if frame is None else frame
    if frame.empty:
        return "No correction has been published yet.\n"
    frame = frame.sort_values(["date", "correction_id"], ascending=[False, False])
    versions = sorted(set(frame["version"]), key=lambda v: tuple(int(p) for p in v.split(".")))
    lines = [f"{len(frame)} corrections, published with version{'s' if len(versions) > 1 else ''} "
             f"{', '.join(versions)}, newest first.", ""]
    for row in frame.to_dict("records"):
        lines.append(
            f"- **{row['correction_id']}** ({row['date']}, version {row['version']}; "
            f"{{ref}}`{row['chapter']}`), {md_escape(row['item'])}.  \n"
            f"  **Was:** {md_escape(row['what_was_wrong'])}  \n"
            f"  **Now:** {md_escape(row['what_changed'])}  \n"
            f"  **Source:** [{md_escape(row['source_title'])}]({_link_target(row['source_url'])})"
        )
    return "\n".join(lines) + "\n"


def _source_read(app, docname, source):
    if MARKER in source[0]:
        source[0] = source[0].replace(MARKER, corrections_markdown())
        app.env.note_dependency(str(CORRECTIONS_CSV))


def setup(app):
    from minsk2020 import __version__

    app.connect("source-read", _source_read)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
