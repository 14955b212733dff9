"""What a chapter notebook needs besides its tables: glue, dates, words, tables and claim links.

A chapter imports this module as ``nb`` and defines no helper of its own::

    from minsk2020.book import notebook as nb

    brent_jan = nb.number("oil_brent_jan", price, "{:.2f}")   # glued for {glue:text}`oil_brent_jan` ...
    title = f"Brent was US${brent_jan} in January"              # ... and the same text in a chart title
    nb.text("visit_day", nb.long_date("2020-02-01"))            # '1 February 2020'
    nb.glue("tbl-brent", nb.table(frame, label="Brent", schema="brent_monthly_2018_2021"))
    nb.claim_link("C21")                                        # '<a href="register.html#claim-c21">C21</a>'

Every glue here is ``display=False``: the value appears where the page's ``{glue:text}`` or
``{glue:figure}`` role puts it, never a second time as the cell's output. Errors name what was
asked for and what exists (an unknown table, column or claim id).
"""

from __future__ import annotations

import functools
import html
import os
import textwrap
from pathlib import Path

import pandas as pd

from minsk2020.book import charts
from minsk2020.book.register import REGISTER_DOC
from minsk2020.data import published, tables
from minsk2020.data.claims import PARTS
from minsk2020.paths import IN_CLONE, ROOT

REGISTER_PAGE = f"{REGISTER_DOC}.html"  # the claims register page
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


class NotebookError(ValueError):
    """A chapter asked for something that does not exist (a table, a column, a claim id)."""


# ---------------------------------------------------------------- glue
def glue(name: str, value) -> None:
    """Glue ``value`` (a table, a figure, a Markdown list) under ``name`` for ``{glue:figure}`` or
    ``{glue:text}``, without showing it as the cell's output."""
    from myst_nb import glue as myst_glue

    myst_glue(name, value, display=False)


def text(name: str, value: str) -> str:
    """Glue a ready sentence or word under ``name`` and return it, for reuse in a title. (A cell that
    ends with this call shows the string as its output: end such a line with ``;``.)"""
    if not isinstance(value, str):
        raise NotebookError(f"glue {name!r}: text() takes a string, not {type(value).__name__}; "
                            "use number() to format a number")
    glue(name, value)
    return value


def number(name: str, value, fmt: str = "{:,.0f}") -> str:
    """Format ``value`` with ``fmt`` (``"{:.2f}"``, ``"{:,.1f}"``...), glue the text under ``name``
    and return it, so the prose and a chart title show the same digits."""
    if isinstance(value, str) or value is None or pd.isna(value):
        raise NotebookError(f"glue {name!r}: {value!r} is not a number")
    return text(name, fmt.format(value))


# ---------------------------------------------------------------- dates
def _stamp(value) -> pd.Timestamp:
    stamp = pd.Timestamp(value)
    if pd.isna(stamp):
        raise NotebookError(f"{value!r} is not a date")
    return stamp


def long_date(value) -> str:
    """'2020-02-01' or a Timestamp -> '1 February 2020'."""
    return f"{_stamp(value):%-d %B %Y}"


def day_month(value) -> str:
    """'2020-02-01' -> '1 February'."""
    return f"{_stamp(value):%-d %B}"


def short_day(value) -> str:
    """'2020-01-31' -> '31 Jan'."""
    return f"{_stamp(value):%-d %b}"


def month(value) -> str:
    """'2020-02' or '2020-02-01' -> 'February 2020'."""
    return f"{_stamp(value):%B %Y}"


def period_start(value) -> pd.Timestamp:
    """A date as the tables write it, at any precision, as the first day of its period:
    'YYYY-MM-DD' -> that day, 'YYYY-MM' -> the 1st, 'YYYY' -> 1 January, 'A/B' (a range) -> the start of A.
    A missing value (empty, NaN) is ``NaT``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == "":
        return pd.NaT
    parts = str(value).split("/")[0].strip()[:10].split("-")
    try:
        return pd.Timestamp(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except ValueError as error:
        raise NotebookError(f"{value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD") from error


def period_end(value) -> pd.Timestamp:
    """The last day of a date's period: 'YYYY-MM' -> the month's last day, 'YYYY' -> 31 December,
    'A/B' -> the end of B; a day is itself."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or str(value).strip() == "":
        return pd.NaT
    last = str(value).split("/")[-1].strip()[:10]
    start = period_start(last)
    precision = len(last.split("-"))
    return start if precision == 3 else start + (pd.offsets.MonthEnd(0) if precision == 2 else pd.offsets.YearEnd(0))


def date_as_given(value: str) -> str:
    """A date written as precisely as the table gives it: '2020-02-01' -> '1 February 2020',
    '2020-02' -> 'February 2020', '2020' -> '2020'."""
    precision = len(str(value).split("/")[0].strip().split("-"))
    start = period_start(value)
    return long_date(start) if precision == 3 else month(start) if precision == 2 else f"{start:%Y}"


def rows_dated_to_day(frame: pd.DataFrame, column: str, window: tuple[str, str] | None = None) -> pd.DataFrame:
    """The rows whose ``column`` is a day (YYYY-MM-DD), with that day as a ``date`` Timestamp column;
    with ``window=(first, last)``, only those inside it."""
    if column not in frame:
        raise NotebookError(f"no column {column!r}; the frame has {', '.join(map(str, frame.columns))}")
    rows = frame[frame[column].astype(str).str.fullmatch(r"\d{4}-\d{2}-\d{2}")].copy()
    rows["date"] = pd.to_datetime(rows[column])
    if window is not None:
        rows = rows[rows["date"].between(pd.Timestamp(window[0]), pd.Timestamp(window[1]))]
    return rows


def one_per_fact(frame: pd.DataFrame, key: str = "fact_id") -> pd.DataFrame:
    """One row per fact (an act, an event) where several source rows describe it, dated by the
    ``date`` most of its rows give (a tie goes to the earliest day); ``source_rows`` counts them."""
    counts = frame.groupby([key, "date"]).size().rename("n_rows").reset_index()
    best = counts.sort_values([key, "n_rows", "date"], ascending=[True, False, True]).drop_duplicates(key)
    rows = frame.merge(best[[key, "date"]], on=[key, "date"]).drop_duplicates(key)
    return rows.merge(frame.groupby(key).size().rename("source_rows").reset_index(), on=key)


# ---------------------------------------------------------------- words
def and_list(items) -> str:
    """['a'] -> 'a'; ['a', 'b', 'c'] -> 'a, b and c'."""
    items = [str(item) for item in items]
    if not items:
        raise NotebookError("and_list() needs at least one item")
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def plural(count: int, word: str) -> str:
    """(1, 'act') -> '1 act'; (3, 'act') -> '3 acts'."""
    return f"{count} {word}" + ("" if count == 1 else "s")


def number_word(count: int) -> str:
    """0 -> 'no', 1 -> 'one' ... 10 -> 'ten'; larger numbers as digits."""
    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else str(count)


def shorten(text_: str, width: int) -> str:
    """Cut a label at a word boundary to at most ``width`` characters, ending in ' …'."""
    return textwrap.shorten(text_, width=width, placeholder=" …")


def year_ranges(years) -> str:
    """[2000, 2001, 2002, 2018] -> '2000–2002 and 2018'."""
    years = sorted({int(year) for year in years})
    runs, start = [], None
    for i, year in enumerate(years):
        start = year if start is None else start
        if i + 1 == len(years) or years[i + 1] != year + 1:
            runs.append(str(year) if start == year else f"{start}–{year}")
            start = None
    return and_list(runs)


# ---------------------------------------------------------------- tables
def column_labels(table: str) -> dict[str, str]:
    """Column name -> reader's label from the table's schema in data/datapackage.json: the field's
    description, with its unit in brackets when it has one."""
    resource = published.resource(table)
    if resource is None:
        names = sorted(r["name"] for r in published.package()["resources"])
        raise NotebookError(f"no table {table!r} in data/datapackage.json; tables: {', '.join(names)}")
    return {field["name"]: (f"{field['description']} ({field['unit']})" if field.get("unit") else field["description"])
            for field in resource["schema"]["fields"]}


def table(frame: pd.DataFrame, *, label: str, schema: str | None = None, columns: dict[str, str] | None = None,
          max_rows: int | None = None) -> charts.Table:
    """A book table of ``frame``: its columns labelled from the schema of the table ``schema`` (see
    :func:`column_labels`) and/or by ``columns`` (name -> label, which wins). Every column must get a
    label from one or the other, so no raw column name reaches the reader."""
    labels = dict(column_labels(schema)) if schema else {}
    labels.update(columns or {})
    unlabelled = [c for c in frame.columns if c not in labels]
    if unlabelled:
        where = f"the schema of {schema!r}" if schema else "columns="
        raise NotebookError(f"table {label!r}: no label for column(s) {', '.join(map(repr, unlabelled))} "
                            f"(give them in columns=, or read them from {where})")
    return charts.table(frame.rename(columns=labels), label=label, max_rows=max_rows)


# ---------------------------------------------------------------- the claims register
@functools.lru_cache(maxsize=1)
def _claims() -> pd.DataFrame:
    return tables.load("claims").set_index("claim_id")


def _claim(claim_id: str) -> pd.Series:
    register = _claims()
    if claim_id not in register.index:
        raise NotebookError(f"no claim {claim_id!r} in the claims register (claims.csv has "
                            f"{register.index.min()} to {register.index.max()})")
    return register.loc[claim_id]


def register_href(claim_id: str) -> str:
    """The URL of a claim's row in the register, relative to the page being run (the notebook runs
    in its folder); outside a clone (a downloaded notebook), on the published book."""
    _claim(claim_id)
    anchor = f"#claim-{claim_id.lower()}"
    if not IN_CLONE:
        return published.book_url() + REGISTER_PAGE + anchor
    return Path(os.path.relpath(ROOT / REGISTER_PAGE, Path.cwd())).as_posix() + anchor


def claim_link(claim_id: str) -> str:
    """An HTML link to one claim's row in the register, showing its id."""
    return f'<a href="{html.escape(register_href(claim_id))}">{html.escape(claim_id)}</a>'


def verdict(claim_id: str) -> str:
    """'C21: partly supported' as the register shows it: the linked id and the verdict badge (the same
    markup as the ``{verdict}`` role)."""
    value = _claim(claim_id)["verdict"]
    return (f'{claim_link(claim_id)}: <span class="claim-verdict claim-verdict-{value.replace(" ", "-")}">'
            f"{html.escape(value)}</span>")


def part_name(part: str) -> str:
    """The name of a part of the book that tests claims, as the register shows it ('Central Asia'), from
    the claims marker of its page in ``_toc.yml`` (:func:`minsk2020.book.register.part_names`). A
    notebook run outside a clone has no table of contents: there the name is the part id in capitals."""
    from minsk2020.book.register import part_names

    if part not in PARTS:
        raise NotebookError(f"no part {part!r} of the book tests claims; parts: {', '.join(PARTS)}")
    return part_names()[part] if IN_CLONE else part.replace("-", " ").title()


def events_markdown(events: pd.DataFrame, topics: list[str] | None = None):
    """A dated list of the events table's rows (``aftermath_events``), oldest first, one bullet each:
    the day as precisely as known, the summary, any conflict note, the source (the row id as the
    link's tooltip) and links to the claims it bears on. ``topics`` keeps only those topics."""
    from IPython.display import Markdown

    rows = events if topics is None else events[events["topic"].isin(topics)]
    lines = []
    for row in rows.sort_values(["date", "event_id"]).itertuples():
        conflict = f" *Figures differ: {row.conflict_note}.*" if isinstance(row.conflict_note, str) else ""
        claims_md = ", ".join(claim_link(c) for c in row.related_claim_ids.split(";"))
        lines.append(f"- **{date_as_given(row.date)}.** {row.summary}{conflict} "
                     f'([{html.escape(row.source_publisher)}]({row.source_url} "Row {row.event_id} of the events table"); '
                     f"bears on {claims_md})")
    return Markdown("\n".join(lines))
