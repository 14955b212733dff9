"""One chart theme for the whole book, and the figure helper every chapter uses.

``figure(...)`` turns an Altair chart into a book figure: the title states the finding,
the subtitle is the source line (publisher, dataset and edition of the raw sources behind the
figure's tables, from ``data/datapackage.json``), the Vega-Lite ``description`` is the text
alternative, and the HTML carries a link to the CSV of the table behind the chart and the table
itself in a collapsible block. The spec sits in a ``<script type="application/json">`` data block,
escaped by :func:`minsk2020.safehtml.json_for_script` (no value can close the block), and is drawn by
``_static/vega-charts.js``. The spec also travels as a spec: the figure's output carries it under
its own MIME type (:data:`minsk2020.book.vega.MIME_TYPE`), from which the build writes the static
SVG, PNG and ``.vl.json`` of every figure (see :mod:`minsk2020.book.vega`), also when a notebook's
outputs come from the execution cache. The HTML loads no script from any host: the Vega libraries
are served from the book's own ``_static/vendor``.
"""

from __future__ import annotations

import html
import json
import os
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd

from minsk2020.book.vega import FIGURES_DIR, MIME_TYPE
from minsk2020.data import published
from minsk2020.paths import IN_CLONE, ROOT
from minsk2020.safehtml import json_for_script

THEME = "minsk2020"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

# Colour-blind-safe palette (Okabe-Ito), and fixed colours for recurring actors.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000"]
ACTOR_COLOURS = {
    "Belarus": "#0072B2",
    "Russia": "#D55E00",
    "United States": "#009E73",
    "European Union": "#CC79A7",
    "China": "#E69F00",
    "Ukraine": "#56B4E9",
    "Other": "#999999",
}
EVENT_COLOUR = "#444444"
# the register's four verdicts (supported ... not testable), from the same palette
VERDICT_COLOURS = {"supported": PALETTE[2], "partly supported": PALETTE[4], "not supported": PALETTE[1],
                   "not testable": ACTOR_COLOURS["Other"]}
# the five senders of the sanctions tables, in the order the sanctions chapter draws them
SANCTION_SENDER_COLOURS = {"EU": ACTOR_COLOURS["European Union"], "US": ACTOR_COLOURS["United States"],
                           "UK": PALETTE[4], "Canada": PALETTE[1], "Switzerland": PALETTE[5]}
# the first senders of the GSDB's sanction cases: the five above, EU member states in a lighter EU pink,
# the Baltic states, Russia (black) and the rest
SANCTION_CASE_SENDER_COLOURS = {
    "EU": SANCTION_SENDER_COLOURS["EU"], "EU member states": "#E8B4D4", "US": SANCTION_SENDER_COLOURS["US"],
    "UK": SANCTION_SENDER_COLOURS["UK"], "Canada": SANCTION_SENDER_COLOURS["Canada"],
    "Switzerland": SANCTION_SENDER_COLOURS["Switzerland"], "Baltic states": PALETTE[6], "Russia": PALETTE[7],
    "Other": ACTOR_COLOURS["Other"]}
# the energy chapter: fuels in bp's order; crude by origin (Russian-grade crude bought from traders in a lighter
# Russia orange); greys for marks that are not data (a zero or dated rule, a comparison series, small labels, plans)
FUEL_COLOURS = {"Oil": PALETTE[7], "Gas": PALETTE[0], "Coal": ACTOR_COLOURS["Other"], "Nuclear": PALETTE[3],
                "Hydro": PALETTE[5], "Other renewables": PALETTE[2]}
CRUDE_ORIGIN_COLOURS = {"Russia": ACTOR_COLOURS["Russia"], "Russian crude via traders or SOCAR": "#F4A582",
                        "Norway": PALETTE[0], "Azerbaijan": PALETTE[5], "Saudi Arabia": PALETTE[4],
                        "United States": ACTOR_COLOURS["United States"]}
MARK_GREYS = {"rule": "#888888", "comparison": "#666666", "label": "#555555", "plan": "#333333"}
# the Central Asia chapter: the five states in the palette's first five colours; in its military-spending chart
# the comparison countries in colours the five do not use; the theme's text grey for values written beside marks
CENTRAL_ASIA_COLOURS = dict(zip(["Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"], PALETTE[:5]))
MILEX_COMPARISON_COLOURS = {"Russia": PALETTE[7], "China": ACTOR_COLOURS["Other"], "United States": PALETTE[5]}
VALUE_LABEL_COLOUR = "#333333"
# the land a map draws only for context (the diplomacy chapter's tour map: the countries off the tour)
MAP_CONTEXT_GREY = "#dddddd"
# what the relationship paid (economics): a bar on an expected volume, not an outturn (a light grey), a counterfactual
# line (the duty without the tax manoeuvre) and the whiskers of a range
ESTIMATE_COLOURS = {"expected": "#BBBBBB", "counterfactual": MARK_GREYS["rule"], "range": MARK_GREYS["plan"]}
# the oil-balance page: crude arriving in Belarus in 2020, in its legend's order; Russian deliveries in shades of the
# Russia orange by what each figure measures, tanker cargoes of Russian crude in the palest, other crude in Belarus blue
OIL_BALANCE_SERIES_COLOURS = {
    "Russian crude, Jan-Feb total, monthly average": "#D6604D", "Russian crude, transport not stated": ACTOR_COLOURS["Russia"],
    "Russian crude, pipeline and rail": "#A63603", "Russian crude, Druzhba pipeline only": "#F4A582",
    "Tanker cargoes of Russian crude": "#FDDBC7", "Tanker cargoes of other crude": ACTOR_COLOURS["Belarus"]}


@alt.theme.register(THEME, enable=True)
def book_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "view": {"continuousWidth": 620, "continuousHeight": 320, "stroke": None},
            "title": {"anchor": "start", "fontSize": 15, "fontWeight": 600, "subtitleFontSize": 11,
                      "subtitleColor": "#555555", "offset": 12},
            "axis": {"labelFontSize": 11, "titleFontSize": 12, "titleFontWeight": 500, "gridColor": "#e6e6e6",
                     "domainColor": "#888888", "tickColor": "#888888", "labelColor": "#333333", "titleColor": "#333333"},
            "legend": {"labelFontSize": 11, "titleFontSize": 12, "orient": "bottom", "direction": "horizontal",
                       "labelLimit": 260, "titleLimit": 320},
            "range": {"category": PALETTE},
            "line": {"strokeWidth": 2},
            "bar": {"color": PALETTE[0]},
            "point": {"filled": True},
        }
    }


def source_line(source_ids: list[str]) -> str:
    """The source line under a chart, in words a reader understands: publisher, dataset and
    edition (no source ids, commit hashes or file names; those are in "Sources and data"), as
    ``data/datapackage.json`` records them. Processed tables (the raw sources their builder read),
    curated tables and the registry ids (file or dataset) of those sources are accepted."""
    by_publisher: dict[str, list[str]] = {}
    curated = False
    seen = set()
    for source_id in _expand_sources(source_ids):
        if _kind_of(source_id) == "curated":
            curated = True
            continue
        record = _raw_source(source_id)
        if record["dataset"] in seen:
            continue
        seen.add(record["dataset"])
        edition = reader_edition(record["version"])
        title = record["title"] + (f", {edition}" if edition else "")
        by_publisher.setdefault(record["publisher"], []).append(title)
    parts = [f"{publisher}, {'; '.join(titles)}" for publisher, titles in by_publisher.items()]
    if curated:
        parts.append("compiled for this book from the sources cited on each row of its table")
    return "Source: " + "; ".join(parts) + "."


def _expand_sources(source_ids) -> list[str]:
    """A processed table stands for the raw sources its builder read."""
    expanded: list[str] = []
    for source_id in source_ids:
        if _kind_of(source_id) == "processed":
            expanded.extend(s["id"] for s in published.resource(source_id)["sources"])
        else:
            expanded.append(source_id)
    return expanded


def _raw_source(source_id: str) -> dict:
    """A raw source as a processed table's ``sources`` in the data package record it (by file or dataset id)."""
    for resource in published.package()["resources"]:
        for source in resource.get("sources", []):
            if source_id in (source["id"], source["dataset"]):
                return source
    raise KeyError(f"{source_id!r} is no table of data/datapackage.json and no raw source of one of its tables")


_HASH = r"\b(?=[0-9a-f]*\d)[0-9a-f]{7,40}\b"


def reader_edition(edition: str) -> str:
    """An edition as a reader needs it: no repository names, commit hashes or file names.

    'datasets/oil-prices commit 2d75ce3 (auto-update of 2026-08-22)' -> 'auto-update of 2026-08-22';
    'Extracted February 2022 (data to 2020)' is kept as it is.
    """
    text = edition.split(";")[0].strip()
    text = re.sub(r"\s*\([^()]*" + _HASH + r"[^()]*\)", "", text)  # '(owner/repo abc1234)'
    repo_commit = re.match(r"^\S+/\S+ commit " + _HASH + r"\s*(?:\(([^()]*)\))?", text)
    if repo_commit:
        text = (repo_commit.group(1) or "").strip()
    text = re.sub(r"\S+/\S+ commit " + _HASH, "", text)
    text = re.sub(r"\S+\.(?:csv|xml|xlsx?|json|zip)\b", "", text)
    if len(text) > 60 and ":" in text:
        text = text.split(":")[0]
    text = re.sub(r"\s+and\s*(?=,|$)", "", re.sub(r"\s+", " ", text)).strip(" ,;:(")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        text = f"version of {text}"
    if text.count("(") > text.count(")"):
        text += ")"
    return text if re.search(r"[A-Za-z0-9]", text or "") and not text.lower().startswith(("and ", "merged")) else ""


def drawn_tables(tables, sources) -> tuple[str, ...]:
    """Every processed or curated table a chart draws on: the ones it names and those in its sources."""
    found = list(dict.fromkeys(tables))
    for source_id in sources:
        if _kind_of(source_id) in ("processed", "curated") and source_id not in found:
            found.append(source_id)
    return tuple(found)


def provenance_html(tables, root_rel: str) -> str:
    """The "Sources and data" list: per table a download link, its title, the builder and the raw
    files (pinned URL and sha256) from data/datapackage.json, or the note that it is curated."""
    import json

    from minsk2020.paths import DATAPACKAGE

    resources = {r["name"]: r for r in json.loads(DATAPACKAGE.read_text(encoding="utf-8"))["resources"]}
    e = html.escape
    items = []
    for table in tables:
        resource = resources.get(table, {})
        head = (f'<a href="{e(_table_href(table, root_rel))}" download>{e(table)}.csv</a>'
                + (f": {e(resource['title'])}" if resource.get("title") else ""))
        if resource.get("kind") == "processed" or resource.get("builder"):
            module = resource.get("builder_code", {}).get("module", "")
            files = "".join(
                f'<li>{e(src.get("title", src["id"]))}: <a href="{e(src["path"])}" class="chart-source-url">'
                f'{e(src["path"])}</a>, sha256 <code class="chart-sha256">{e(src["sha256"])}</code></li>'
                for src in resource.get("sources", []))
            detail = (f'Built by <code>{e(resource.get("builder", ""))}</code>'
                      + (f" (<code>{e(module)}</code>)" if module else "") + " from:"
                      + f"<ul>{files}</ul>")
        else:
            detail = "Compiled by hand for this book; every row names its source (a URL and the date it was checked)."
        items.append(f"<li>{head}<br>{detail}</li>")
    return f'<ul class="chart-provenance">{"".join(items)}</ul>'


def _kind_of(name: str) -> str | None:
    """'processed' or 'curated' for a table of the data package, else None (a registry id)."""
    found = published.resource(name)
    return found.get("kind") if found else None


def _table_href(table: str, root_rel: str) -> str:
    found = published.resource(table)
    if found is None:
        raise FileNotFoundError(f"figure data table {table!r} is not in data/processed or data/curated "
                                "(no resource of that name in data/datapackage.json)")
    return f"{root_rel}/data/{found['path']}"


def _root_rel() -> str:
    """URL from the page being built to the book's root (notebooks run in their folder); outside a
    clone (a downloaded notebook) the published book's URL, so a figure's links still resolve."""
    if not IN_CLONE:
        return published.book_url().rstrip("/")
    return Path(os.path.relpath(ROOT, Path.cwd())).as_posix()


class Table:
    """A table for a page: real <table> markup, blanks for missing values, links clickable,
    in a scrollable, keyboard-focusable region so wide tables never break the page layout."""

    def __init__(self, frame: pd.DataFrame, *, label: str = "Table", max_rows: int | None = None,
                 links: bool = True, escape: bool = True):
        self.frame, self.label, self.max_rows, self.links, self.escape = frame, label, max_rows, links, escape

    def html(self) -> str:
        shown = self.frame if self.max_rows is None else self.frame.head(self.max_rows)
        shown = shown.astype(object).where(shown.notna(), "")
        body = shown.to_html(index=False, border=0, classes="book-table", render_links=self.links,
                             escape=self.escape, na_rep="")
        note = ""
        if self.max_rows is not None and len(self.frame) > self.max_rows:
            note = f"<p>First {self.max_rows} of {len(self.frame)} rows; the CSV has them all.</p>"
        return (f'<div class="book-table-wrapper" role="region" tabindex="0" aria-label="{html.escape(self.label)}">'
                f"{body}</div>{note}")

    def _repr_html_(self) -> str:
        return self.html()


def table(frame: pd.DataFrame, **kwargs) -> Table:
    """Show a DataFrame as a book table (see :class:`Table`)."""
    return Table(frame, **kwargs)


@dataclass
class Figure:
    name: str
    spec: dict
    description: str
    table: str
    data: pd.DataFrame
    source: str
    tables: tuple[str, ...] = ()  # every table a chart was drawn from, when more than one
    sources: tuple[str, ...] = ()  # the registry ids and tables given to figure()

    def _repr_mimebundle_(self, include=None, exclude=None):
        # the spec under its own MIME type, for the static images and the print edition (minsk2020.book.vega)
        spec = {"name": self.ident, "spec": self.spec, "description": self.description, "table": self.table}
        return {"text/html": self.html(), MIME_TYPE: spec, "text/plain": f"Figure {self.name}: {self.description}"}

    @property
    def ident(self) -> str:
        """The figure's name as used in element ids and static image file names."""
        return self.name.replace("_", "-")

    def html(self) -> str:
        root = _root_rel()
        ident = html.escape(self.ident)
        # data, not script: drawn by _static/vega-charts.js (no inline script on any page)
        spec = json_for_script(self.spec, sort_keys=True)
        table_html = Table(self.data, label=f"Data behind {self.name}", max_rows=400).html()
        figure_href = f"{root}/{FIGURES_DIR}/{ident}.svg"
        tables = drawn_tables(self.tables or (self.table,), self.sources)
        links = ", ".join(f'<a href="{_table_href(t, root)}" download>{html.escape(t)}.csv</a>' for t in tables)
        return (
            f'<div class="book-figure" id="figure-{ident}" data-table="{html.escape(self.table)}">\n'
            # the chart fits its column (_static/vega-charts.js); one too dense for a phone scrolls in this box
            f'<div class="chart-scroll">'
            f'<div class="vega-chart" id="vega-{ident}" data-spec="spec-{ident}" aria-describedby="desc-{ident}"></div>'
            "</div>\n"
            f'<p class="chart-source">{html.escape(self.source)}</p>\n'
            f'<p class="chart-description visually-hidden" id="desc-{ident}">{html.escape(self.description)}</p>\n'
            f'<details class="chart-sources"><summary>Sources and data</summary>\n'
            f'<p class="chart-links">Download: {links} · <a href="{figure_href}">static image (SVG)</a></p>\n'
            f"{provenance_html(tables, root)}\n"
            f'<details class="chart-data"><summary>Table behind this chart ({len(self.data)} rows)</summary>\n'
            f"{table_html}</details>\n"
            "</details>\n"
            f'<script type="application/json" id="spec-{ident}">{spec}</script>\n'
            "</div>"
        )

    def glue(self) -> None:
        """Glue under its name, for ``{glue:figure}`` (numbered, captioned, cross-referenced).

        Returns nothing, so a cell ending in ``charts.figure(...).glue()`` does not also show the
        chart as its own output (it would be drawn twice on the page, once unnumbered).
        """
        from myst_nb import glue

        glue(self.name, self, display=False)


def figure(chart: alt.TopLevelMixin, *, name: str, title: str | list[str], description: str,
           table: str | list[str], sources: list[str] | None = None, data: pd.DataFrame | None = None) -> Figure:
    """Make a book figure from an Altair chart.

    name: stable figure label (also the static image file name), e.g. ``fig-brent-visit``.
    title: the finding, as a sentence. description: text alternative for screen readers.
    table: processed or curated table the chart was drawn from (a list of them when the chart
    merges several: each is named in the subtitle and linked under the chart). sources: only when
    the source line should name fewer raw sources than the tables' builders read, or more tables:
    raw source ids (file or dataset) or table names; by default the sources of ``table``, from
    ``data/datapackage.json``. data: the rows shown in the data block (defaults to the full table).
    """
    if not description or len(description) < 40:
        raise ValueError(f"figure {name}: give a text description of what the chart shows (40+ characters)")
    tables = (table,) if isinstance(table, str) else tuple(table)  # a chart drawn from several tables names them all
    sources = list(tables) if sources is None else sources
    line = source_line(sources)
    table = tables[0]
    subtitle = textwrap.wrap(line, width=90)  # the static image's source line; the page shows it as text
    chart = chart.properties(
        title=alt.TitleParams(text=textwrap.wrap(title, width=90), subtitle=subtitle),
        description=description,
    )
    spec = chart.to_dict(validate=True)
    try:  # a browser parses the spec as strict JSON: NaN or Infinity would leave the chart blank
        json.dumps(spec, allow_nan=False)
    except ValueError as err:
        raise ValueError(f"figure {name}: the chart's data holds NaN or infinity, which is not JSON; "
                         "drop or fill those values before drawing") from err
    if data is None:
        from minsk2020.data.tables import load

        data = load(table)
    return Figure(name=name, spec=spec, description=description, table=table, data=data, source=line,
                  tables=tables if len(tables) > 1 else (), sources=tuple(sources))


def date_rules(events: pd.DataFrame, date_field: str = "date", label_field: str = "label") -> alt.LayerChart:
    """Dashed vertical rules with labels for dated events (visit, supply halt, meetings)."""
    base = alt.Chart(events)
    rules = base.mark_rule(strokeDash=[4, 3], color=EVENT_COLOUR).encode(
        x=alt.X(f"{date_field}:T"), tooltip=[alt.Tooltip(f"{date_field}:T", title="Date"), alt.Tooltip(f"{label_field}:N", title="Event")]
    )
    # a ``label_px`` column, when present, places each label that many pixels from the top
    y = alt.Y("label_px:Q", scale=None, axis=None) if "label_px" in events else alt.value(4)
    text = base.mark_text(align="left", dx=4, baseline="top", fontSize=11, color=EVENT_COLOUR).encode(
        x=alt.X(f"{date_field}:T"), y=y, text=f"{label_field}:N"
    )
    return rules + text
