"""One builder per source: raw files in, tidy tables out.

A builder is a function decorated with :func:`builder`. It declares the tables it writes
and the registered source ids it reads, and receives a ``raw`` callable that returns the
verified local path of a declared source. It returns a DataFrame (one table) or a dict
of DataFrames (several tables). Builders never write files themselves: the data command
(:mod:`minsk2020.data.build`) writes, validates and only then replaces the committed tables.

Modules in this package register their builders on import; :func:`all_builders` imports
them all.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from minsk2020.data import registry
from minsk2020.errors import BookDataError, UnknownSourceError


@dataclass(frozen=True)
class Builder:
    name: str
    tables: tuple[str, ...]
    sources: tuple[str, ...]
    func: Callable

    @property
    def qualname(self) -> str:
        return f"{self.func.__module__}:{self.func.__name__}"

    def run(self, fetch: Callable[[str], "object"]) -> dict[str, pd.DataFrame]:
        declared = set(self.sources)

        def raw(source_id: str):
            if source_id not in declared:
                raise UnknownSourceError(
                    f"builder {self.qualname} asked for source {source_id!r}, which it does not "
                    f"declare (declared: {', '.join(self.sources)})"
                )
            return fetch(source_id)

        result = self.func(raw)
        if isinstance(result, pd.DataFrame):
            result = {self.tables[0]: result}
        if set(result) != set(self.tables):
            raise BookDataError(
                f"builder {self.qualname} returned tables {sorted(result)}, declared {list(self.tables)}"
            )
        return result


_BUILDERS: dict[str, Builder] = {}


def builder(*, tables: str | tuple[str, ...] | list[str], sources: tuple[str, ...] | list[str]):
    """Register a builder that writes ``tables`` from the registered ``sources``."""
    tables = (tables,) if isinstance(tables, str) else tuple(tables)

    def decorate(func):
        for source_id in sources:
            registry.get(source_id)  # unknown ids fail at import, naming the id
        entry = Builder(name=func.__name__, tables=tables, sources=tuple(sources), func=func)
        for table in tables:
            other = next((b for b in _BUILDERS.values() if table in b.tables and b.qualname != entry.qualname), None)
            if other is not None:
                raise BookDataError(f"table {table!r} is built by both {other.qualname} and {entry.qualname}")
        _BUILDERS[entry.qualname] = entry
        return func

    return decorate


def read_utf8_csv(path, source_id: str) -> pd.DataFrame:
    """A UTF-8 CSV read as text (no NA guessing); another encoding is a RawFormatError naming the file."""
    from minsk2020.errors import RawFormatError

    try:
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise RawFormatError(f"{source_id} ({path}): unexpected encoding - not UTF-8 ({exc})") from exc


def all_builders() -> list[Builder]:
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return sorted(_BUILDERS.values(), key=lambda b: b.qualname)


def builder_of(table: str) -> Builder:
    for entry in all_builders():
        if table in entry.tables:
            return entry
    raise BookDataError(f"no builder writes table {table!r}")
