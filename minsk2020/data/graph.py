"""The builders as a graph: each table <- the builder that writes it <- its raw sources and input tables.

Builders declare what they read (:func:`minsk2020.data.builders.builder`); this module puts
them in dependency order with :class:`graphlib.TopologicalSorter` (a builder runs after the
builders of every table it reads; a cycle is an error naming it), picks a table's upstream
builders for ``--only``, runs builders handing each the frames of its input tables, and
prints the graph for ``python -m minsk2020 data --graph``.
"""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter
from typing import Callable, Iterable, Iterator

import pandas as pd

from minsk2020.data.builders import Builder, all_builders
from minsk2020.data.builders import __name__ as PACKAGE
from minsk2020.errors import BookDataError


def writers(builders: Iterable[Builder]) -> dict[str, Builder]:
    """Table name -> the builder that writes it."""
    return {table: entry for entry in builders for table in entry.tables}


def order(builders: Iterable[Builder]) -> list[Builder]:
    """The builders in an order where each runs after the writers of the tables it reads."""
    builders = sorted(builders, key=lambda b: b.qualname)
    by_table = writers(builders)
    sorter: TopologicalSorter = TopologicalSorter()
    for entry in builders:
        unwritten = [t for t in entry.reads if t not in by_table]
        if unwritten:
            raise BookDataError(f"builder {entry.qualname} reads {', '.join(unwritten)}, which no builder writes")
        sorter.add(entry.qualname, *(by_table[t].qualname for t in entry.reads))
    try:
        names = list(sorter.static_order())
    except CycleError as exc:
        raise BookDataError(f"the builders read each other's tables in a cycle: {' <- '.join(exc.args[1])}") from exc
    index = {entry.qualname: entry for entry in builders}
    return [index[name] for name in names]


def upstream(builders: Iterable[Builder], tables: Iterable[str]) -> list[Builder]:
    """The builders of ``tables`` and of every table they read, directly or not, in run order."""
    builders = list(builders)
    by_table = writers(builders)
    unknown = sorted(set(tables) - set(by_table))
    if unknown:
        raise BookDataError(f"no builder writes {', '.join(unknown)}")
    needed: dict[str, Builder] = {}
    todo = [by_table[t] for t in tables]
    while todo:
        entry = todo.pop()
        if entry.qualname not in needed:
            needed[entry.qualname] = entry
            todo += [by_table[t] for t in entry.reads if t in by_table]
    return order(needed.values())


def sources_of(table: str, builders: Iterable[Builder]) -> list[str]:
    """Every raw source a table is made from: its builder's own, then its input tables', in order."""
    by_table = writers(builders)
    entry = by_table[table]
    found = list(entry.sources)
    for name in entry.reads:
        found += [s for s in sources_of(name, by_table.values()) if s not in found]
    return found


def run(builders: Iterable[Builder], fetch: Callable[[str], object]) -> Iterator[tuple[Builder, dict[str, pd.DataFrame]]]:
    """Run ``builders`` in dependency order, yielding each with the tables it wrote.

    A derived builder gets the frames its upstream builders just returned; a failure other than
    a :class:`BookDataError` is re-raised as one naming the builder.
    """
    built: dict[str, pd.DataFrame] = {}
    for entry in order(builders):
        try:
            tables = entry.run(fetch, {t: built[t] for t in entry.reads if t in built})
        except BookDataError:
            raise
        except Exception as exc:
            raise BookDataError(f"builder {entry.qualname} failed: {type(exc).__name__}: {exc}") from exc
        built.update(tables)
        yield entry, tables


def build_tables(tables: Iterable[str], fetch: Callable[[str], object]) -> dict[str, pd.DataFrame]:
    """The frames of ``tables`` (and of their upstream tables), built in memory."""
    out: dict[str, pd.DataFrame] = {}
    for _entry, frames in run(upstream(all_builders(), list(tables)), fetch):
        out.update(frames)
    return out


def describe(builders: Iterable[Builder] | None = None) -> str:
    """The graph as text (``table <- builder <- inputs``, in run order) and as a Mermaid block."""
    builders = order(all_builders() if builders is None else builders)
    lines = [f"Tables in build order: table <- builder (in {PACKAGE}) <- input tables; raw sources", ""]
    for entry in builders:
        inputs = [f"tables {', '.join(entry.reads)}"] * bool(entry.reads)
        inputs += [f"sources {_sources_text(entry.sources)}"] * bool(entry.sources)
        for table in entry.tables:
            lines.append(f"{table} <- {_short(entry)} <- {'; '.join(inputs)}")
    lines += ["", "```mermaid", "flowchart LR"]
    for entry in builders:
        node = _short(entry).replace(":", "__")
        lines.append(f"  {node}[[{_short(entry)}]]")
        lines += [f"  {table}[({table})] --> {node}" for table in entry.reads]
        lines += [f"  {node} --> {table}[({table})]" for table in entry.tables]
    lines.append("```")
    return "\n".join(lines)


def _short(entry: Builder) -> str:
    """``module:function`` of a builder, without the package path."""
    return entry.qualname.removeprefix(PACKAGE + ".")


def _sources_text(sources: tuple[str, ...]) -> str:
    """Source ids; a long list shortened to its first three and a count of the rest."""
    if len(sources) <= 4:
        return ", ".join(sources)
    return f"{', '.join(sources[:3])} and {len(sources) - 3} more"
