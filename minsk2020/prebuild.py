"""Execute every notebook of the book in parallel into its Jupyter cache, before Sphinx runs.

``jupyter-book build`` (MyST-NB, ``execute_notebooks: cache``) executes the notebooks one
after the other while Sphinx reads the sources. This module fills the same cache first,
one kernel per core, so the build that follows only reads the outputs back::

    python -m minsk2020.prebuild                      # cache in ./_build/.jupyter_cache
    python -m minsk2020.prebuild --path-output DIR    # for `jupyter-book build . --path-output DIR`
    jupyter-book build . -W -n --keep-going           # now executes no notebook

How the entries are made to match what MyST-NB looks up (myst_nb/core/execute/cache.py,
jupyter-cache ``create_hashed_notebook``): MyST-NB keys a cached notebook by a hash of its
code cells (source and cell metadata) and the ``kernelspec`` of the notebook metadata. The
notebooks are therefore read here with MyST-NB's own reader (``create_nb_reader``, with the
book's ``myst_enable_extensions``), executed like MyST-NB does it (jupyter-cache's
``single_nb_execution``, in the notebook's folder unless ``run_in_temp``, the configured
timeout, ``meta_override``), and stored with ``cache_notebook_bundle`` in
``<path-output>/_build/.jupyter_cache`` -- where MyST-NB puts the cache, next to ``html/``.
Notebooks already in the cache are not executed again.

Worker processes only execute; the parent process alone writes to the cache's SQLite
database, so there are no concurrent writers.

The same pool also does the two other slow steps of a clean build ahead of Sphinx, writing
exactly what :mod:`minsk2020.sphinxext` would write at the end of the build (which then finds
them and skips them): the Vega JavaScript bundle (``_static/vendor``), and the static SVG and
PNG of every chart with its ``.sha256`` stamp (``_static/figures``), rendered from the chart
specs in the executed notebooks' outputs -- the same ``<script id="spec-...">`` text the pages
will carry, so the stamps match.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import yaml

from .paths import ROOT

SOURCE_SUFFIXES = (".md", ".ipynb")
READ_DATA_MYST = {"type": "plugin", "name": "myst_nb_md"}  # what MyST-NB records for MyST notebooks


@dataclass
class Outcome:
    docname: str
    status: str  # "cached" (already there), "executed", "failed", "not a notebook"
    seconds: float = 0.0
    error: str = ""


def toc_docnames(book: Path) -> list[str]:
    """Every file named in the book's _toc.yml (root first), without suffix."""
    toc = yaml.safe_load((book / "_toc.yml").read_text(encoding="utf-8"))
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


def _source_of(book: Path, docname: str) -> Path | None:
    for suffix in SOURCE_SUFFIXES:
        path = book / f"{docname}{suffix}"
        if path.is_file():
            return path
    return None


def _config(book: Path) -> dict:
    return yaml.safe_load((book / "_config.yml").read_text(encoding="utf-8")) or {}


def _md_config(config: dict):
    from myst_parser.config.main import MdParserConfig

    extensions = set((config.get("parse") or {}).get("myst_enable_extensions") or [])
    return MdParserConfig(enable_extensions=extensions)


def read_notebook(path: Path, config: dict):
    """(notebook, read_data) exactly as MyST-NB reads the source, or None for plain Markdown."""
    from myst_nb.core.config import NbParserConfig
    from myst_nb.core.read import create_nb_reader

    text = path.read_text(encoding="utf-8")
    reader = create_nb_reader(str(path), _md_config(config), NbParserConfig(), text)
    if reader is None:
        return None
    return reader.read(text), reader.read_fmt


def _execute(path: str, config: dict) -> tuple[dict | None, float, str]:
    """Worker: read and execute one notebook; return (executed notebook as dict, seconds, error)."""
    import tempfile
    from contextlib import nullcontext

    from jupyter_cache.executors.utils import single_nb_execution

    notebook, _ = read_notebook(Path(path), config)
    execute = config.get("execute") or {}
    in_temp = bool(execute.get("run_in_temp", False))
    context = tempfile.TemporaryDirectory() if in_temp else nullcontext(str(Path(path).parent))
    with context as cwd:
        result = single_nb_execution(
            notebook,
            cwd=os.path.abspath(cwd),
            allow_errors=bool(execute.get("allow_errors", False)),
            timeout=execute.get("timeout", 30),
            meta_override=True,
        )
    if result.err is not None:
        return None, result.time, result.exc_string or repr(result.err)
    return dict(result.nb), result.time, ""


def _write_vendor_bundle(html_dir: str) -> str:
    """Worker: the Vega bundle exactly as minsk2020.sphinxext writes it (skipped there if present)."""
    from .sphinxext import VENDOR_JS, _vendor_bundle

    target = Path(html_dir) / "_static" / VENDOR_JS
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(".tmp")
        tmp.write_text(_vendor_bundle(), encoding="utf-8")
        os.replace(tmp, target)
    return VENDOR_JS


def _render_figures(html_dir: str, specs: list[tuple[str, str]]) -> int:
    """Worker: SVG + PNG + .sha256 stamp per (ident, spec text), exactly as the build would."""
    from .sphinxext import FIGURES_DIR, render_figure

    target = Path(html_dir) / FIGURES_DIR
    return sum(render_figure(target, ident, spec_text) for ident, spec_text in specs)


def _chart_specs(notebook) -> list[tuple[str, str]]:
    """(ident, spec text) of every chart in a notebook's outputs (the figure helper's HTML)."""
    from .sphinxext import SPEC_SCRIPT

    specs = []
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []) or []:
            html = (output.get("data") or {}).get("text/html")
            if isinstance(html, list):
                html = "".join(html)
            if html:
                specs.extend(SPEC_SCRIPT.findall(html))
    return specs


def cache_path(path_output: Path) -> Path:
    """The cache `jupyter-book build --path-output PATH_OUTPUT` uses (MyST-NB: next to html/)."""
    return Path(path_output) / "_build" / ".jupyter_cache"


def prebuild(book: Path = ROOT, path_output: Path | None = None, workers: int | None = None,
             log=print) -> list[Outcome]:
    """Execute the book's notebooks that are not yet cached, ``workers`` at a time (default: cores)."""
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    book = Path(book).resolve()
    path_output = Path(path_output).resolve() if path_output else book
    config = _config(book)
    mode = (config.get("execute") or {}).get("execute_notebooks", "auto")
    if mode != "cache":
        log(f"prebuild: execute_notebooks is {mode!r}, not 'cache': nothing to do")
        return []
    cache = get_cache(str(cache_path(path_output)))
    outcomes: list[Outcome] = []
    todo: dict[str, tuple[Path, str]] = {}
    for docname in toc_docnames(book):
        source = _source_of(book, docname)
        read = read_notebook(source, config) if source else None
        if read is None:
            outcomes.append(Outcome(docname, "not a notebook"))
            continue
        notebook, _ = read
        try:
            record = cache.match_cache_notebook(notebook)
        except KeyError:
            record = None
        if record is not None:
            outcomes.append(Outcome(docname, "cached"))
        else:
            todo[docname] = (source, docname)
    workers = max(1, workers or os.cpu_count() or 1)
    html_dir = path_output / "_build" / "html"
    if todo:
        log(f"prebuild: executing {len(todo)} notebook(s) with {workers} worker process(es) "
            f"into {cache_path(path_output)}")
    figure_specs: dict[str, str] = {}
    for outcome in outcomes:  # notebooks already cached: their charts, from the cached outputs
        if outcome.status == "cached":
            source = _source_of(book, outcome.docname)
            _, merged = cache.merge_match_into_notebook(read_notebook(source, config)[0])
            figure_specs.update(_chart_specs(merged))
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn")) as pool:
        pending = {pool.submit(_write_vendor_bundle, str(html_dir)): ("vendor", None)}
        for docname, (source, _) in todo.items():
            pending[pool.submit(_execute, str(source), config)] = ("execute", docname)
        if figure_specs:
            pending[pool.submit(_render_figures, str(html_dir), sorted(figure_specs.items()))] = ("figures", None)
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                kind, docname = pending.pop(future)
                if kind == "vendor":
                    future.result()
                    continue
                if kind == "figures":
                    rendered = future.result()
                    if rendered:
                        log(f"prebuild: {rendered} static figure(s) rendered")
                    continue
                source = todo[docname][0]
                try:
                    executed, seconds, error = future.result()
                except Exception as exc:  # a crashed worker
                    executed, seconds, error = None, 0.0, f"{type(exc).__name__}: {exc}"
                if executed is None:
                    outcomes.append(Outcome(docname, "failed", seconds, error))
                    log(f"prebuild: {docname} FAILED after {seconds:.1f} s (the build will execute it and report)")
                    continue
                stage = cache.add_nb_to_project(str(source), read_data=read_notebook(source, config)[1] or READ_DATA_MYST)
                cache.cache_notebook_bundle(
                    CacheBundleIn(nbformat.from_dict(executed), stage.uri, data={"execution_seconds": seconds}),
                    check_validity=False,
                    overwrite=True,
                )
                outcomes.append(Outcome(docname, "executed", seconds))
                log(f"prebuild: {docname} executed in {seconds:.1f} s")
                specs = [s for s in _chart_specs(executed) if s[0] not in figure_specs]
                figure_specs.update(specs)
                if specs:  # this notebook's charts, rendered while the other notebooks run
                    pending[pool.submit(_render_figures, str(html_dir), specs)] = ("figures", None)
    return outcomes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m minsk2020.prebuild", description=__doc__.split("\n\n")[0])
    parser.add_argument("--book", type=Path, default=ROOT, help="book folder (with _toc.yml); default: this repository")
    parser.add_argument("--path-output", type=Path, default=None,
                        help="the --path-output the build will use (default: the book folder)")
    parser.add_argument("--workers", type=int, default=None, help="parallel kernels (default: number of cores)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    outcomes = prebuild(args.book, args.path_output, args.workers)
    counts = {s: sum(o.status == s for o in outcomes) for s in ("executed", "cached", "failed")}
    print(f"prebuild: {counts['executed']} executed, {counts['cached']} already cached, "
          f"{counts['failed']} failed in {time.perf_counter() - start:.1f} s")
    for outcome in outcomes:
        if outcome.status == "failed":
            print(f"\n{outcome.docname}:\n{outcome.error}", file=sys.stderr)
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
