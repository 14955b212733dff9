"""The chapter notebooks offered for download (``_notebooks/`` in the HTML, the ``notebooks``
branch Colab opens, the ``.ipynb`` files Binder opens), generated from the MyST sources.

The chapter sources are never edited for this: each ``.md`` is read with jupytext and
transformed so that the notebook runs on its own and shows what the page shows.

- A first **setup cell** installs the book's package at the book's version when it is missing
  (``%pip install "minsk2020 @ git+<repository>@v<version>"``, a line a Colab user can also run
  as is) and calls :func:`minsk2020.book.rerun.setup`, which remembers every glued object.
- Each ``{glue:figure}`` directive becomes a cell ``rerun.show_figure("name")`` (the chart or
  table, drawn in Jupyter) followed by its caption as Markdown.
- Each Markdown cell whose prose uses ``{glue:text}`` roles is followed by a cell
  ``rerun.show("name", ...)`` that prints those values as the book prints them; the roles
  themselves read as the value's name in code font. ``{cite}``, ``{numref}`` and ``{ref}`` roles
  become plain text and ``(label)=`` targets are dropped.
- **Deterministic:** cell ids are derived from the chapter and the cell's position and text,
  notebook metadata holds no time or random value, and the JSON is written by nbformat with
  sorted keys, so the same commit gives byte-identical files (written only when they change).

``python -m minsk2020.book.downloads --out DIR`` writes them for every chapter of ``_toc.yml``
(Binder's ``postBuild`` writes them next to the sources with ``--beside-sources``).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

from minsk2020 import __version__
from minsk2020.paths import ROOT

GENERATED_TAG = "minsk2020-generated"  # every cell this module adds carries this tag
GLUE_FIGURE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{glue:figure\}[ \t]+(?P<name>\S+)[ \t]*\n(?P<body>.*?)^(?P=fence)[ \t]*$\n?",
                         re.M | re.S)
GLUE_TEXT = re.compile(r"\{glue(?::text|:any|:)?\}`(?P<key>[^`]+)`")
CITE = re.compile(r"\{cite(?::[a-z]+)?\}`(?P<keys>[^`]+)`")
NUMREF = re.compile(r"\{numref\}`(?P<text>[^`<]*?)\s*(?:<(?P<label>[^>]+)>)?`")
REF = re.compile(r"\{(?:ref|doc)\}`(?P<text>[^`<]*?)\s*(?:<(?P<label>[^>]+)>)?`")
TARGET = re.compile(r"^\([A-Za-z0-9_-]+\)=[ \t]*\n", re.M)


def repository(config_path: Path | None = None) -> tuple[str, str]:
    """(repository URL, branch) from ``repository:`` in _config.yml."""
    import yaml

    config = yaml.safe_load(((config_path or ROOT / "_config.yml")).read_text(encoding="utf-8")) or {}
    repo = config.get("repository") or {}
    return str(repo.get("url", "")).rstrip("/"), str(repo.get("branch", "main"))


BINDER = "https://mybinder.org"
COLAB = "https://colab.research.google.com"
NOTEBOOKS_BRANCH = "notebooks"  # where .github/workflows/deploy.yml pushes the generated notebooks


def launch_urls(docname: str, repo_url: str, branch: str) -> dict[str, str]:
    """Binder and Colab links that open the chapter's generated ``.ipynb``, never its ``.md``.

    Binder builds the repository's ``branch`` (``binder/``: Python 3.11, the hashed lock, the
    package, and ``postBuild`` writing these notebooks next to the sources); Colab opens the copy
    the deploy workflow pushes to the ``notebooks`` branch.
    """
    owner_repo = repo_url.rstrip("/").removeprefix("https://github.com/")
    return {
        "binder": f"{BINDER}/v2/gh/{owner_repo}/{branch}?urlpath=lab/tree/{docname}.ipynb",
        "colab": f"{COLAB}/github/{owner_repo}/blob/{NOTEBOOKS_BRANCH}/{docname}.ipynb",
    }


def install_requirement(version: str = __version__) -> str:
    """What pip installs the book's package from: the repository at the release tag ``v<version>``."""
    url, _ = repository()
    return f"minsk2020 @ git+{url}@v{version}"


def setup_cell_source(version: str = __version__) -> str:
    from minsk2020.data.published import book_url

    requirement = install_requirement(version)
    return (
        "# Setup, added to the downloadable notebook: it runs outside the book's repository (Jupyter,\n"
        f"# Colab, Binder). It installs the book's package, minsk2020 {version}, when it is missing; in a\n"
        "# terminal the same install is:\n"
        f'#   pip install "{requirement}"\n'
        "# Inside a clone the committed tables are read; elsewhere they are fetched from\n"
        f"# {book_url()}data/ and checked against their sha256 (BOOK_DATA_URL overrides that URL).\n"
        "import importlib\n"
        "import importlib.metadata\n"
        "\n"
        "try:\n"
        '    installed = importlib.metadata.version("minsk2020")\n'
        "except importlib.metadata.PackageNotFoundError:\n"
        "    installed = None\n"
        f'if installed != "{version}":\n'
        f'    %pip install --quiet "{requirement}"\n'
        "    importlib.invalidate_caches()\n"
        "\n"
        "from minsk2020.book import rerun\n"
        "\n"
        "rerun.setup()  # remembers what the chapter glues, to show it where the text uses it"
    )


def _plain_roles(text: str) -> str:
    text = CITE.sub(lambda m: "(" + "; ".join(k.strip() for k in m["keys"].split(",")) + ")", text)
    text = NUMREF.sub(lambda m: (m["text"].replace("%s", m["label"]) if m["label"] else m["text"]) or "", text)
    text = REF.sub(lambda m: m["text"], text)
    return TARGET.sub("", text)


def _figure_caption(name: str, body: str) -> str:
    lines = body.splitlines()
    while lines and (lines[0].startswith(":") or not lines[0].strip()):
        lines.pop(0)  # the directive's options (:name:, :figwidth: ...) and the blank line
    caption = "\n".join(lines).strip()
    return f"*Figure `{name}`.* {caption}" if caption else f"*Figure `{name}`.*"


def _code(source: str, tags=(GENERATED_TAG,)) -> dict:
    return {"cell_type": "code", "execution_count": None, "metadata": {"tags": list(tags)}, "outputs": [],
            "source": source}


def _markdown_cells(text: str) -> list[dict]:
    """One Markdown cell of the chapter, as the cells of the downloadable notebook."""
    cells: list[dict] = []

    def add_markdown(chunk: str) -> None:
        keys = [m["key"] for m in GLUE_TEXT.finditer(chunk)]
        chunk = GLUE_TEXT.sub(lambda m: f"`{m['key'].rsplit(':', 1)[0] if ':' in m['key'] else m['key']}`", chunk)
        chunk = _plain_roles(chunk).strip("\n")
        if chunk.strip():
            cells.append({"cell_type": "markdown", "metadata": {}, "source": chunk})
        if keys:
            cells.append(_code("rerun.show(" + ", ".join(f'"{k}"' for k in keys) + ")"))

    at = 0
    for match in GLUE_FIGURE.finditer(text):
        add_markdown(text[at:match.start()])
        cells.append(_code(f'rerun.show_figure("{match["name"]}")'))
        add_markdown(_figure_caption(match["name"], match["body"]))
        at = match.end()
    add_markdown(text[at:])
    return cells


def notebook_for(source: Path, docname: str, version: str = __version__):
    """The downloadable notebook of one chapter (an nbformat NotebookNode), or None if not a notebook."""
    import jupytext
    import nbformat

    text = source.read_text(encoding="utf-8")
    if "kernelspec:" not in text:
        return None
    chapter = jupytext.reads(text, fmt="md:myst")
    cells = [_code(setup_cell_source(version))]
    for cell in chapter.cells:
        if cell.cell_type == "markdown":
            cells.extend(_markdown_cells(cell.source))
        elif cell.cell_type == "code":
            cells.append({"cell_type": "code", "execution_count": None, "metadata": dict(cell.metadata),
                          "outputs": [], "source": cell.source})
        else:
            cells.append({"cell_type": cell.cell_type, "metadata": dict(cell.metadata), "source": cell.source})
    for index, cell in enumerate(cells):
        digest = hashlib.sha256(f"{docname}\n{index}\n{cell['source']}".encode("utf-8")).hexdigest()[:12]
        cell["id"] = f"c{index:03d}-{digest}"
    kernelspec = dict(chapter.metadata.get("kernelspec") or {"name": "python3", "display_name": "Python 3"})
    kernelspec.setdefault("language", "python")
    notebook = nbformat.from_dict({
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": kernelspec,
            "language_info": {"name": "python"},
            "minsk2020": {"chapter": f"{docname}.md", "package_version": version},
        },
        "cells": cells,
    })
    nbformat.validate(notebook)
    return notebook


def notebook_bytes(source: Path, docname: str, version: str = __version__) -> bytes | None:
    import nbformat

    notebook = notebook_for(source, docname, version)
    return None if notebook is None else nbformat.writes(notebook).encode("utf-8") + b"\n"


def write_notebook(source: Path, docname: str, target: Path) -> bool:
    """Write ``target`` when its bytes would change; return whether the chapter is a notebook."""
    data = notebook_bytes(source, docname)
    if data is None:
        return False
    if not target.is_file() or target.read_bytes() != data:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
    return True


def chapter_docnames(book: Path = ROOT) -> list[str]:
    from minsk2020.book.toc import toc_docnames

    return [d for d in toc_docnames(book) if d.startswith("chapters/")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m minsk2020.book.downloads", description=__doc__.split("\n\n")[0])
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=Path, help="folder to write <docname>.ipynb into")
    where.add_argument("--beside-sources", action="store_true", help="write each .ipynb next to its .md (Binder)")
    args = parser.parse_args(argv)
    written = []
    for docname in chapter_docnames(ROOT):
        source = ROOT / f"{docname}.md"
        target = (ROOT if args.beside_sources else args.out) / f"{docname}.ipynb"
        if source.is_file() and write_notebook(source, docname, target):
            written.append(target)
    print(f"{len(written)} notebook(s) written: " + ", ".join(str(p) for p in written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
