"""The package's import graph (read from the source with ast): no cycles, and the data half and
the shared core never import the book half (the command line, ``__main__``, dispatches to both)."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

from minsk2020.paths import ROOT

PACKAGE = ROOT / "minsk2020"


def module_name(path: Path, package: Path) -> str:
    parts = list(path.relative_to(package.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph(package: Path) -> dict[str, set[str]]:
    """module -> the package's modules it imports (anywhere in the file, also inside functions)."""
    modules = {module_name(p, package): p for p in package.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = name.split(".")[: len(name.split(".")) - node.level + (1 if is_package else 0)]
                    base = ".".join(anchor + ([base] if base else []))
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            graph[name] |= {t for t in targets if t in modules and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import cycle, each once (depth-first search, a cycle per back edge)."""
    found, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                found.append(stack[stack.index(nxt):] + [nxt])
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return found


def test_the_package_has_no_import_cycle():
    assert cycles(import_graph(PACKAGE)) == []


def test_neither_the_data_half_nor_the_core_imports_the_book_half():
    wrong = sorted(f"{m} -> {t}" for m, targets in import_graph(PACKAGE).items() for t in targets
                   if not m.startswith("minsk2020.book") and m != "minsk2020.__main__" and t.startswith("minsk2020.book"))
    assert wrong == []


def test_a_planted_cycle_is_found(tmp_path):
    package = tmp_path / "minsk2020"
    shutil.copytree(PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    vega = package / "book" / "vega.py"
    vega.write_text(vega.read_text(encoding="utf-8") + "\n\ndef _planted():\n    from . import charts\n", encoding="utf-8")
    found = cycles(import_graph(package))
    assert ["minsk2020.book.charts", "minsk2020.book.vega", "minsk2020.book.charts"] in found, found


def test_the_charts_sphinxext_cycle_of_old_is_found(tmp_path):
    package = tmp_path / "minsk2020"
    (package / "book").mkdir(parents=True)
    for name in ("__init__.py", "book/__init__.py"):
        (package / name).write_text("", encoding="utf-8")
    (package / "book" / "charts.py").write_text("from minsk2020.book.sphinxext import FIGURES_DIR\n", encoding="utf-8")
    (package / "book" / "sphinxext.py").write_text("def f():\n    from minsk2020.book.charts import static_png\n",
                                                   encoding="utf-8")
    assert cycles(import_graph(package)) == [["minsk2020.book.charts", "minsk2020.book.sphinxext", "minsk2020.book.charts"]]
