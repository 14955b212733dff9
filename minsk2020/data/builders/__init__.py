"""One builder per source: raw files in, tidy tables out; derived builders read tables.

A builder is a function decorated with :func:`builder`. It declares the tables it writes,
the registered source ids it reads (``sources=``) and the tables it reads (``reads=``). It
receives ``raw``, a callable that returns the verified local path of a declared source, when
it declares sources, and ``table``, a callable that returns the freshly built frame of a
declared input table, when it declares reads. Asking for anything undeclared fails, naming
the builder and what it asked for. It returns a DataFrame (one table) or a dict of
DataFrames (several tables). Builders never write files themselves: the data command
(:mod:`minsk2020.data.build`) runs them in dependency order (:mod:`minsk2020.data.graph`),
writes, validates and only then replaces the committed tables.

A builder module never imports another builder module: what one builder needs from another
is a table, declared in ``reads=``. Helpers shared by several modules live in ``_``-prefixed
modules of this package, raw-file opening in :mod:`minsk2020.data.raw`, country names in
:mod:`minsk2020.data.countries`.

Modules in this package register their builders on import; :func:`all_builders` imports
them all.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from dataclasses import dataclass
from typing import Callable, Mapping

import pandas as pd

from minsk2020.data import registry
from minsk2020.errors import BookDataError, UnknownSourceError


@dataclass(frozen=True)
class Builder:
    name: str
    tables: tuple[str, ...]
    sources: tuple[str, ...]
    func: Callable
    reads: tuple[str, ...] = ()

    @property
    def qualname(self) -> str:
        return f"{self.func.__module__}:{self.func.__name__}"

    def run(self, fetch: Callable[[str], "object"], inputs: Mapping[str, pd.DataFrame] | None = None
            ) -> dict[str, pd.DataFrame]:
        """Run the builder; ``inputs`` holds the built frames of the tables it reads."""
        inputs = inputs or {}

        def raw(source_id: str):
            if source_id not in self.sources:
                raise UnknownSourceError(
                    f"builder {self.qualname} asked for source {source_id!r}, which it does not "
                    f"declare (declared: {', '.join(self.sources)})"
                )
            return fetch(source_id)

        def table(name: str) -> pd.DataFrame:
            if name not in self.reads:
                raise BookDataError(
                    f"builder {self.qualname} asked for table {name!r}, which it does not declare "
                    f"(declared reads: {', '.join(self.reads) or 'none'})"
                )
            if name not in inputs:
                raise BookDataError(f"builder {self.qualname}: input table {name!r} has not been built")
            return inputs[name].copy()

        arguments = {"raw": raw} if self.sources else {}
        if self.reads:
            arguments["table"] = table
        result = self.func(**arguments)
        if isinstance(result, pd.DataFrame):
            result = {self.tables[0]: result}
        if set(result) != set(self.tables):
            raise BookDataError(
                f"builder {self.qualname} returned tables {sorted(result)}, declared {list(self.tables)}"
            )
        return result


_BUILDERS: dict[str, Builder] = {}


def builder(*, tables: str | tuple[str, ...] | list[str], sources: tuple[str, ...] | list[str] = (),
            reads: tuple[str, ...] | list[str] = ()):
    """Register a builder that writes ``tables`` from the registered ``sources`` and the tables it ``reads``.

    The function takes ``raw`` if it declares sources and ``table`` if it declares reads, nothing else.
    """
    tables = (tables,) if isinstance(tables, str) else tuple(tables)

    def decorate(func):
        for source_id in sources:
            registry.get(source_id)  # unknown ids fail at import, naming the id
        entry = Builder(name=func.__name__, tables=tables, sources=tuple(sources), func=func, reads=tuple(reads))
        wanted = ["raw"] * bool(sources) + ["table"] * bool(reads)
        found = list(inspect.signature(func).parameters)
        if not wanted or sorted(found) != sorted(wanted):
            raise BookDataError(
                f"builder {entry.qualname} takes ({', '.join(found)}); with sources {list(sources)} and reads "
                f"{list(reads)} it must take ({', '.join(wanted) or 'raw or table: declare sources or reads'})"
            )
        for table in tables:
            other = next((b for b in _BUILDERS.values() if table in b.tables and b.qualname != entry.qualname), None)
            if other is not None:
                raise BookDataError(f"table {table!r} is built by both {other.qualname} and {entry.qualname}")
        _BUILDERS[entry.qualname] = entry
        return func

    return decorate


def all_builders() -> list[Builder]:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return sorted(_BUILDERS.values(), key=lambda b: b.qualname)


def builder_of(table: str) -> Builder:
    for entry in all_builders():
        if table in entry.tables:
            return entry
    raise BookDataError(f"no builder writes table {table!r}")
