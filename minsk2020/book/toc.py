"""The book's pages as ``_toc.yml`` lists them, and which of them are notebooks.

``python -m minsk2020.book.toc --notebooks`` prints the MyST notebooks of the table of contents, one
path a line: what ``make book`` hands to jupyter-cache (``jcache notebook add --reader
myst_nb_md``) before ``jcache project execute --executor local-parallel`` fills the execution
cache that ``jupyter-book build`` then reads (see README, benchmarks/prebuild-vs-jcache.md).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from minsk2020.paths import ROOT

SOURCE_SUFFIXES = (".md", ".ipynb")


def toc_docnames(book: Path = ROOT) -> list[str]:
    """Every file named in the book's _toc.yml (root first), without suffix."""
    toc = yaml.safe_load((Path(book) / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    for part in toc.get("parts", []) or []:
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    walk(toc.get("sections"))
    return names


def notebook_sources(book: Path = ROOT) -> list[Path]:
    """The pages of _toc.yml that are notebooks (a MyST file with a kernelspec, or an .ipynb)."""
    found = []
    for docname in toc_docnames(book):
        for suffix in SOURCE_SUFFIXES:
            path = Path(book) / f"{docname}{suffix}"
            if path.is_file():
                if suffix == ".ipynb" or "kernelspec:" in path.read_text(encoding="utf-8"):
                    found.append(path)
                break
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m minsk2020.book.toc", description=__doc__.split("\n\n")[0])
    parser.add_argument("--notebooks", action="store_true", help="print the notebooks of _toc.yml, one a line")
    parser.add_argument("--book", type=Path, default=ROOT)
    args = parser.parse_args(argv)
    pages = notebook_sources(args.book) if args.notebooks else [Path(d) for d in toc_docnames(args.book)]
    for page in pages:
        print(page.relative_to(args.book) if page.is_absolute() else page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
