"""The code behind every number is one click away.

A chapter cell that computes a published number or draws a chart is tagged ``hide-input`` (a
"Show code" toggle), never ``remove-cell``. ``remove-cell`` is for setup only: imports, function
definitions, constants and loading tables. Checks that guard a result live in the tests, not in
hidden cells.
"""

from __future__ import annotations

import ast

import jupytext
import pytest

from minsk2020.paths import ROOT

CHAPTERS = sorted(p for p in (ROOT / "chapters").glob("*/*.md")
                  if "code-cell" in p.read_text(encoding="utf-8"))


def _is_setup_value(node: ast.AST) -> bool:
    """A constant, a name or attribute, a literal container of those, or a call of tables.load/pd.read_csv."""
    if isinstance(node, (ast.Constant, ast.Name, ast.Attribute)):
        return True
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return all(_is_setup_value(e) for e in node.elts)
    if isinstance(node, ast.Dict):
        return all(_is_setup_value(k) for k in node.keys if k is not None) and all(_is_setup_value(v) for v in node.values)
    if isinstance(node, ast.Call):
        name = ast.unparse(node.func)
        return name in {"tables.load", "load"} and all(_is_setup_value(a) for a in node.args)
    return False


def setup_only_problems(source: str) -> list[str]:
    """What in a removed cell is more than setup (empty list: setup only)."""
    problems = []
    for stmt in ast.parse(source).body:
        if isinstance(stmt, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.ClassDef)):
            continue
        if isinstance(stmt, (ast.Assign, ast.AnnAssign)) and stmt.value is not None and _is_setup_value(stmt.value):
            continue
        if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):  # a docstring
            continue
        problems.append(f"line {stmt.lineno}: {ast.unparse(stmt).splitlines()[0][:90]}")
    return problems


def code_cells(path):
    notebook = jupytext.read(path)
    return [(i, c) for i, c in enumerate(notebook.cells) if c.cell_type == "code"]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_removed_cells_hold_setup_only(path):
    found = []
    for index, cell in code_cells(path):
        tags = cell.metadata.get("tags", [])
        if "remove-cell" in tags or "remove-input" in tags:
            found += [f"cell {index}: {p}" for p in setup_only_problems(cell.source)]
    assert not found, (f"{path.relative_to(ROOT)}: these removed cells compute or draw; tag them hide-input:\n"
                       + "\n".join(found))


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_assert_in_a_chapter(path):
    asserts = [f"cell {i}" for i, c in code_cells(path)
               if any(isinstance(n, ast.Assert) for n in ast.walk(ast.parse(c.source)))]
    assert not asserts, f"{path.relative_to(ROOT)}: checks belong in tests/, not chapters: {asserts}"


def test_the_rule_catches_analysis_in_a_removed_cell():
    assert setup_only_problems("import pandas as pd\nwdi = tables.load('wdi_indicators')\nC = charts.ACTOR_COLOURS\n") == []
    assert setup_only_problems("share = wdi['value'].mean()\n")
    assert setup_only_problems("glue('x', 1, display=False)\n")
    assert setup_only_problems("assert len(wdi) > 0\n")
