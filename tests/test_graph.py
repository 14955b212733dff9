"""Builders as a declared graph: run order, cycles, undeclared reads, --only, --graph, imports."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

from minsk2020.data import build, builders, graph
from minsk2020.data.builders import Builder, all_builders
from minsk2020.errors import BookDataError
from minsk2020.paths import ROOT

PACKAGE = ROOT / "minsk2020"


def source_builder(table: str) -> Builder:
    return Builder(name=table, tables=(table,), sources=("eia_brent_daily",),
                   func=lambda raw: pd.DataFrame({"x": [1]}))


def derived(name: str, table: str, reads: tuple[str, ...]) -> Builder:
    def func(table):
        return pd.concat([table(t) for t in reads], ignore_index=True).assign(by=name)

    func.__name__ = name
    return Builder(name=name, tables=(table,), sources=(), func=func, reads=reads)


def test_order_puts_each_builder_after_the_writers_of_its_inputs():
    # planted in reverse alphabetical order, so sorting by name alone would run them wrongly
    c = derived("a_last", "t_c", ("t_b", "t_a"))
    b = derived("b_middle", "t_b", ("t_a",))
    a = source_builder("t_a")
    names = [entry.name for entry in graph.order([c, b, a])]
    assert names.index("t_a") < names.index("b_middle") < names.index("a_last")


def test_the_real_graph_runs_upstream_first():
    ordered = [entry.qualname for entry in graph.order(all_builders())]
    by_table = graph.writers(all_builders())
    for position, name in enumerate(ordered):
        entry = next(b for b in all_builders() if b.qualname == name)
        for table in entry.reads:
            assert ordered.index(by_table[table].qualname) < position


def test_cycle_is_an_error_naming_it():
    a = derived("loop_a", "t_a", ("t_b",))
    b = derived("loop_b", "t_b", ("t_a",))
    with pytest.raises(BookDataError, match=r"cycle: .*loop_a.*loop_b|cycle: .*loop_b.*loop_a"):
        graph.order([a, b])


def test_reading_a_table_no_builder_writes_is_an_error():
    with pytest.raises(BookDataError, match=r"orphan reads t_nowhere, which no builder writes"):
        graph.order([derived("orphan", "t_x", ("t_nowhere",))])


def test_undeclared_read_is_refused_naming_builder_and_table():
    def sneaky(table):
        return table("t_secret")

    entry = Builder(name="sneaky", tables=("t_out",), sources=(), func=sneaky, reads=("t_a",))
    with pytest.raises(BookDataError, match=r"builder .*:sneaky asked for table 't_secret', which it does not declare"):
        entry.run(lambda sid: None, {"t_a": pd.DataFrame(), "t_secret": pd.DataFrame()})


def test_a_derived_builder_gets_the_fresh_frame_and_cannot_change_it():
    def mutate(table):
        frame = table("t_a")
        frame["x"] = 99
        return frame

    a = source_builder("t_a")
    m = Builder(name="mutate", tables=("t_m",), sources=(), func=mutate, reads=("t_a",))
    out = dict(graph.run([m, a], lambda sid: None))
    assert list(out[a]["t_a"]["x"]) == [1] and list(out[m]["t_m"]["x"]) == [99]


def test_builder_arguments_must_match_its_declarations():
    with pytest.raises(BookDataError, match=r"must take \(table\)"):
        builders.builder(tables="t_wrong", reads=["secretary_trips"])(lambda raw: None)
    with pytest.raises(BookDataError, match=r"must take \(raw, table\)"):
        builders.builder(tables="t_wrong", sources=["eia_brent_daily"], reads=["secretary_trips"])(lambda raw: None)


def test_only_builds_the_upstream_tables_too():
    a = source_builder("t_a")
    b = derived("b", "t_b", ("t_a",))
    unrelated = source_builder("t_other")
    picked = graph.upstream([a, b, unrelated], ["t_b"])
    assert [entry.name for entry in picked] == ["t_a", "b"]
    with pytest.raises(BookDataError, match="no builder writes t_missing"):
        graph.upstream([a, b], ["t_missing"])


def test_real_upstream_of_the_derived_tables():
    tables = lambda names: {t for entry in graph.upstream(all_builders(), names) for t in entry.tables}  # noqa: E731
    assert {"ofac_belarus_entries", "uk_conlist_belarus_targets", "eu_fsf_belarus_entries"} <= tables(["belarus_listed_counts"])
    assert "secretary_trips" in tables(["tour_route_stops"])
    assert "belarus_energy_ei2024" in tables(["belarus_sr_vintages_2019"])


def test_graph_command_prints_every_table_and_a_mermaid_block(capsys):
    from minsk2020.__main__ import main

    assert main(["data", "--graph"]) == 0
    text = capsys.readouterr().out
    for entry in all_builders():
        for table in entry.tables:
            assert f"\n{table} <- " in text
    assert "belarus_listed_counts <- sanctions_counts:belarus_listed_counts <- tables ofac_belarus_entries" in text
    assert "```mermaid\nflowchart LR" in text and "secretary_trips[(secretary_trips)] --> world_atlas__tour_map" in text


def test_datapackage_records_each_tables_input_tables():
    from minsk2020.data import datapackage

    resources = {r["name"]: r for r in datapackage.resources()}
    assert resources["belarus_listed_counts"]["input_tables"] == [
        "ofac_belarus_entries", "uk_conlist_belarus_targets", "eu_fsf_belarus_entries"]
    assert resources["tour_route_stops"]["input_tables"] == ["secretary_trips"]
    assert resources["secretary_trips"]["input_tables"] == []


def test_the_data_command_writes_in_dependency_order(monkeypatch, tmp_path):
    a = source_builder("t_a")
    b = derived("b", "t_b", ("t_a",))
    monkeypatch.setattr(build, "fetch", lambda sid, progressbar=True: None)
    written = build._build_into(tmp_path, [b, a], progressbar=False)
    assert [(w.table, w.builder.split(":")[-1]) for w in written] == [("t_a", "<lambda>"), ("t_b", "b")]
    assert (tmp_path / "t_b.csv").read_text() == "x,by\n1,b\n"


# --- imports: builders read tables, not each other; the data half never reaches the book half

def imported_modules(path: Path) -> set[str]:
    """Absolute names of every module ``path`` imports (``from a import b`` counts a and a.b)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


BUILDER_MODULES = sorted(p for p in (PACKAGE / "data" / "builders").glob("*.py") if not p.name.startswith("_"))


def test_no_builder_module_imports_another_builder_module():
    builder_names = {f"minsk2020.data.builders.{p.stem}" for p in BUILDER_MODULES}
    offenders = {
        p.name: sorted(imported_modules(p) & (builder_names - {f"minsk2020.data.builders.{p.stem}"}))
        for p in BUILDER_MODULES
    }
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_import_check_catches_a_planted_builder_import():
    planted = PACKAGE / "data" / "builders" / "zz_planted.py"
    try:
        planted.write_text("from minsk2020.data.builders import historian\nfrom . import sipri as s\n", encoding="utf-8")
        found = imported_modules(planted)
        assert {"minsk2020.data.builders.historian", "minsk2020.data.builders.sipri"} <= found
    finally:
        planted.unlink()


def test_the_data_half_and_the_core_never_import_the_book_half():
    core = [PACKAGE / f"{name}.py" for name in ("errors", "paths", "safehtml", "units", "__init__")]
    files = sorted((PACKAGE / "data").rglob("*.py")) + core
    offenders = {str(p.relative_to(ROOT)): sorted(m for m in imported_modules(p) if m.startswith("minsk2020.book"))
                 for p in files}
    assert {k: v for k, v in offenders.items() if v} == {}
