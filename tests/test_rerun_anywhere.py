"""Rerun anywhere: the downloadable notebooks run outside the repository, show their charts and
print the same numbers as the book; tables come from the published book, checked by sha256.

The end-to-end test builds a wheel of the package, installs it (not editable) with the hashed
lock into a fresh virtual environment (from the local pip cache), serves the session's built
book on 127.0.0.1 and runs every notebook of ``_build/html/_notebooks`` in an empty temporary
folder with ``BOOK_DATA_URL`` pointing at the served ``data/``.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from minsk2020 import __version__
from minsk2020.book import downloads
from minsk2020.data import published, tables
from minsk2020.data.published import PublishedTableError
from minsk2020.paths import DATAPACKAGE, PROCESSED, ROOT

GLUE_FIGURE = re.compile(r"^(`{3,}|:{3,})\{glue:figure\}[ \t]+(\S+)", re.M)
PASTED_TEXT = "//article//span[contains(concat(' ', @class, ' '), ' pasted-text ')]"
RUNNER = '''
import json, sys, time
from pathlib import Path
import nbformat
from nbclient import NotebookClient
import minsk2020, minsk2020.paths
if minsk2020.paths.IN_CLONE:
    sys.exit(f"the package was imported from a clone: {minsk2020.__file__}")
source, executed = sys.argv[1:3]
notebook = nbformat.read(source, as_version=4)
start = time.perf_counter()
NotebookClient(notebook, timeout=600, kernel_name="python3",
               resources={"metadata": {"path": str(Path(source).parent)}}).execute()
nbformat.write(notebook, executed)
print(json.dumps({"seconds": round(time.perf_counter() - start, 1), "package": minsk2020.__file__}))
'''


# ---------------------------------------------------------------- serving a folder on 127.0.0.1
class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # keep the test output clean; remember what was asked
        self.server.requested.append(self.path)


class Served:
    """``with Served(folder) as url`` serves a folder on 127.0.0.1; ``.requested`` lists the paths asked for."""

    def __init__(self, folder: Path):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                                     functools.partial(_Handler, directory=str(folder)))
        self.httpd.requested = []
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def requested(self) -> list[str]:
        return self.httpd.requested

    def __enter__(self) -> str:
        self.thread.start()
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------- tables from the published book
def _published_copy(tmp_path: Path) -> Path:
    """A folder laid out like the book's published data/: processed/ and curated/ tables."""
    data = tmp_path / "site" / "data"
    for kind in ("processed", "curated"):
        shutil.copytree(ROOT / "data" / kind, data / kind)
    return data


def test_a_table_is_fetched_from_the_published_book_and_checked_against_its_recorded_hash(tmp_path):
    data = _published_copy(tmp_path)
    cache = tmp_path / "cache"
    with Served(data) as url:
        path = published.fetch_table("brent_daily_visit_window", base_url=url, cache=cache)
        assert path.read_bytes() == (PROCESSED / "brent_daily_visit_window.csv").read_bytes()
        record = published.resource("brent_daily_visit_window")["hash"]
        assert record == "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
        assert published.fetch_table("brent_daily_visit_window", base_url=url, cache=cache) == path


def test_the_second_fetch_comes_from_the_cache(tmp_path):
    data = _published_copy(tmp_path)
    served = Served(data)
    with served as url:
        for _ in range(2):
            published.fetch_table("claims", base_url=url, cache=tmp_path / "cache")
    assert served.requested == ["/curated/claims.csv"]


def test_a_table_whose_bytes_differ_from_the_recorded_hash_is_refused_and_not_kept(tmp_path):
    data = _published_copy(tmp_path)
    table = data / "processed" / "brent_daily_visit_window.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].replace(lines[5].rstrip("\n").split(",")[-1], "99.99")  # one price changed
    table.write_text("".join(lines), encoding="utf-8")
    cache = tmp_path / "cache"
    with Served(data) as url, pytest.raises(PublishedTableError) as caught:
        published.fetch_table("brent_daily_visit_window", base_url=url, cache=cache)
    message = str(caught.value)
    assert "'brent_daily_visit_window'" in message
    assert f"{url}processed/brent_daily_visit_window.csv" in message
    assert published.resource("brent_daily_visit_window")["hash"] in message
    assert "BOOK_DATA_URL" in message and "clone" in message  # what to do
    assert not any(p.is_file() and p.suffix == ".csv" for p in cache.rglob("*")), "a bad table was kept"


def test_a_table_missing_from_the_published_book_is_a_clear_404(tmp_path):
    data = _published_copy(tmp_path)
    (data / "curated" / "claims.csv").unlink()
    with Served(data) as url, pytest.raises(PublishedTableError) as caught:
        published.fetch_table("claims", base_url=url, cache=tmp_path / "cache")
    message = str(caught.value)
    assert "'claims'" in message and f"{url}curated/claims.csv" in message and "404" in message
    assert "BOOK_DATA_URL" in message


def test_no_network_is_a_clear_error(tmp_path):
    url = f"http://127.0.0.1:{closed_port()}/data/"
    with pytest.raises(PublishedTableError) as caught:
        published.fetch_table("claims", base_url=url, cache=tmp_path / "cache")
    message = str(caught.value)
    assert "'claims'" in message and f"{url}curated/claims.csv" in message and "cannot reach" in message


def test_a_table_the_data_package_does_not_know_is_named_with_the_known_ones(tmp_path):
    with pytest.raises(PublishedTableError, match=r"no table named 'brent_hourly'.*claims"):
        published.fetch_table("brent_hourly", base_url="http://127.0.0.1:9/", cache=tmp_path)


def test_inside_a_clone_the_committed_tables_are_read_and_nothing_is_fetched(monkeypatch):
    monkeypatch.setenv(published.DATA_URL_ENV, f"http://127.0.0.1:{closed_port()}/data/")
    frame = tables.load("brent_daily_visit_window")
    assert len(frame) == 85


def test_book_data_url_overrides_the_published_url(monkeypatch):
    monkeypatch.delenv(published.DATA_URL_ENV, raising=False)
    assert published.data_url() == published.book_url() + "data/"
    monkeypatch.setenv(published.DATA_URL_ENV, "http://127.0.0.1:8000/data")
    assert published.data_url() == "http://127.0.0.1:8000/data/"


def test_the_published_url_is_the_citation_url_and_every_table_has_a_current_hash():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert published.book_url() == citation["url"].rstrip("/") + "/"
    package = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    for resource in package["resources"]:
        digest = hashlib.sha256((ROOT / "data" / resource["path"]).read_bytes()).hexdigest()
        assert resource.get("hash") == f"sha256:{digest}", (
            f"{resource['path']}: hash in datapackage.json is not current; run `python -m minsk2020 datapackage`")


# ---------------------------------------------------------------- the generated notebooks
def test_two_generations_of_the_notebooks_are_byte_identical_and_match_the_build(built_book, tmp_path):
    """The build wrote _notebooks/; a separate process (another hash seed) writes them again."""
    env = dict(os.environ, PYTHONHASHSEED="12345")
    subprocess.run([sys.executable, "-m", "minsk2020.book.downloads", "--out", str(tmp_path / "again")],
                   check=True, env=env, capture_output=True, cwd=tmp_path)
    built = {p.relative_to(built_book / "_notebooks"): p.read_bytes() for p in (built_book / "_notebooks").rglob("*.ipynb")}
    again = {p.relative_to(tmp_path / "again"): p.read_bytes() for p in (tmp_path / "again").rglob("*.ipynb")}
    assert built and built.keys() == again.keys()
    differ = [str(name) for name in built if built[name] != again[name]]
    assert not differ, f"notebooks differ between two generations: {differ}"


def test_the_setup_cell_installs_the_book_version_when_the_package_is_missing_or_another():
    """Run the setup cell in IPython with %pip recorded: nothing when the right version is there,
    the pinned install of the book's tag when it is not."""
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    calls: list[str] = []
    shell.register_magic_function(lambda line: calls.append(line), "line", "pip")
    assert shell.run_cell(downloads.setup_cell_source(__version__)).success
    assert calls == []
    assert shell.run_cell(downloads.setup_cell_source("9.9.9")).success
    repository, _ = downloads.repository()
    assert calls == [f'install --quiet "minsk2020 @ git+{repository}@v9.9.9"']
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert f'version = "{__version__}"' in pyproject and str(citation["version"]) == __version__
    assert citation["repository-code"].rstrip("/") == repository


def test_glue_roles_become_show_cells_and_figures_become_drawn_cells(tmp_path):
    source = tmp_path / "page.md"
    source.write_text(
        "---\njupytext:\n  text_representation:\n    format_name: myst\nkernelspec:\n  name: python3\n  display_name: Python 3\n---\n\n"
        "(target)=\n# T\n\nA {glue:text}`a` and {glue:text}`b:.1f`, see {numref}`fig-x` {cite:p}`k1,k2`.\n\n"
        "```{code-cell} ipython3\nx = 1\n```\n\n```{glue:figure} fig-x\n:name: fig-x\n\nCaption {glue:text}`c`.\n```\n",
        encoding="utf-8")
    notebook = downloads.notebook_for(source, "chapters/p/page")
    sources = [(c.cell_type, c.source) for c in notebook.cells]
    assert sources[0][0] == "code" and "rerun.setup()" in sources[0][1]
    assert sources[1] == ("markdown", "# T\n\nA `a` and `b`, see fig-x (k1; k2).")
    assert sources[2] == ("code", 'rerun.show("a", "b:.1f")')
    assert sources[3] == ("code", "x = 1")
    assert sources[4] == ("code", 'rerun.show_figure("fig-x")')
    assert sources[5] == ("markdown", "*Figure `fig-x`.* Caption `c`.")
    assert sources[6] == ("code", 'rerun.show("c")')
    assert len({c.id for c in notebook.cells}) == len(notebook.cells)


def test_binder_is_python_311_installs_the_lock_and_the_package_and_writes_the_notebooks():
    binder = ROOT / "binder"
    assert (binder / "runtime.txt").read_text().strip() == "python-3.11"
    requirements = [l.strip() for l in (binder / "requirements.txt").read_text().splitlines()
                    if l.strip() and not l.startswith("#")]
    assert requirements == ["-r ../requirements.txt"]  # the hashed lock, resolved from binder/
    assert (binder / requirements[0].split()[1]).resolve() == ROOT / "requirements.txt"
    post = (binder / "postBuild").read_text()
    assert os.access(binder / "postBuild", os.X_OK)
    assert re.search(r"^python -m pip install .*-e \.$", post, re.M), "postBuild does not install the package"
    assert re.search(r"^python -m minsk2020\.book\.downloads --beside-sources$", post, re.M)


def test_launch_buttons_open_the_generated_notebook(built_book):
    from lxml import html as lxml_html

    chapters = sorted(p.relative_to(built_book / "_notebooks").with_suffix("") for p in (built_book / "_notebooks").rglob("*.ipynb"))
    assert len(chapters) >= 7
    for docname in chapters:
        page = built_book / f"{docname}.html"
        tree = lxml_html.parse(str(page))
        binder = tree.xpath('//a[contains(@href, "mybinder.org")]/@href')
        colab = tree.xpath('//a[contains(@href, "colab.research.google.com")]/@href')
        assert binder and colab, f"{page}: no Binder or Colab link"
        for href in binder + colab:
            assert href.endswith(f"/{docname.as_posix()}.ipynb"), f"{page}: {href} does not open the .ipynb"
        header = tree.xpath('//div[contains(@class, "article-header-buttons")]//a/@href')
        assert any("mybinder.org" in h for h in header) and any("colab" in h for h in header), f"{page}: no header launch button"
        downloads_ = [h for h in header if h.endswith(".ipynb") and not h.startswith("http")]
        assert downloads_ and all((page.parent / h).resolve().is_file() for h in downloads_)


# ---------------------------------------------------------------- end to end: a fresh venv, the served book
@pytest.fixture(scope="session")
def wheel_venv(tmp_path_factory) -> Path:
    """A fresh venv with the hashed lock and the package's wheel (not editable), from the pip cache."""
    work = tmp_path_factory.mktemp("wheel")
    src = work / "src"
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", *downloads_metadata()):
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, src / name)
    shutil.copytree(ROOT / "minsk2020", src / "minsk2020", ignore=shutil.ignore_patterns("__pycache__", "_book"))
    pip = [sys.executable, "-m", "pip"]
    subprocess.run([*pip, "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", str(work / "dist"), str(src)],
                   check=True, capture_output=True, text=True)
    wheel = next((work / "dist").glob("minsk2020-*.whl"))
    lock = work / "requirements-for-the-wheel.txt"
    lock.write_text(lock_subset((ROOT / "requirements.txt").read_text(encoding="utf-8"), wheel_requirements(wheel)),
                    encoding="utf-8")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    for args in (["--require-hashes", "-r", str(lock)], ["--no-deps", str(wheel)]):
        result = subprocess.run([str(python), "-m", "pip", "install", "-q", *args], capture_output=True, text=True)
        assert result.returncode == 0, f"pip install {' '.join(args)} failed:\n{result.stderr[-3000:]}"
    return python


def wheel_requirements(wheel: Path) -> list[str]:
    """Requires-Dist of a built wheel: what the package itself declares it needs."""
    import zipfile

    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(name).decode("utf-8")
    return [line.split(":", 1)[1].strip() for line in metadata.splitlines() if line.startswith("Requires-Dist:")]


def lock_subset(lock_text: str, roots: list[str]) -> str:
    """The entries of the hashed lock (pins and hashes unchanged) that ``roots`` need, walked through
    the dependencies of the installed lock. Installing only these proves the package's declared
    dependencies are enough for every notebook, and keeps the fresh venv quick."""
    from importlib.metadata import PackageNotFoundError, distribution

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    needed: set[str] = set()
    todo = [Requirement(r) for r in roots]
    while todo:
        requirement = todo.pop()
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
            continue
        name = canonicalize_name(requirement.name)
        if name in needed:
            continue
        needed.add(name)
        try:
            todo.extend(Requirement(r) for r in distribution(name).requires or [])
        except PackageNotFoundError:
            pass  # reported below: the lock must pin it
    blocks, current = {}, None
    for line in lock_text.splitlines():
        if line and not line[0].isspace() and not line.startswith("#"):
            current = canonicalize_name(re.split(r"[=<>~ \\[]", line, maxsplit=1)[0])
            blocks[current] = [line]
        elif current and line.startswith("    --hash"):
            blocks[current].append(line)
        else:
            current = None if not line.startswith("    ") else current
    missing = sorted(needed - set(blocks))
    assert not missing, f"the package needs {missing}, which requirements.txt does not pin"
    return "\n".join(line for name in sorted(needed) for line in blocks[name]) + "\n"


def downloads_metadata() -> list[str]:
    """The metadata files setup.py puts into the wheel (its BOOK_METADATA list)."""
    import ast

    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    return next(ast.literal_eval(n.value) for n in tree.body
                if isinstance(n, ast.Assign) and getattr(n.targets[0], "id", "") == "BOOK_METADATA")


@pytest.fixture(scope="session")
def standalone_runs(built_book, wheel_venv, tmp_path_factory):
    """Every downloadable notebook run in its own empty folder, with the served book as data source."""
    notebooks = sorted((built_book / "_notebooks").rglob("*.ipynb"))
    work = tmp_path_factory.mktemp("standalone")
    runner = work / "run_notebook.py"
    runner.write_text(RUNNER, encoding="utf-8")
    cache = work / "table-cache"
    served = Served(built_book)
    results = {}
    with served as base:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "BOOK_", "JUPYTER", "VIRTUAL_ENV"))}
        env.update(BOOK_DATA_URL=f"{base}data/", BOOK_DATA_CACHE=str(cache), JUPYTER_PLATFORM_DIRS="1",
                   PATH=f"{wheel_venv.parent}{os.pathsep}{os.environ.get('PATH', '')}")

        def run(notebook: Path):
            docname = notebook.relative_to(built_book / "_notebooks").with_suffix("").as_posix()
            folder = work / docname.replace("/", "--")
            folder.mkdir()  # empty: the notebook alone
            shutil.copyfile(notebook, folder / notebook.name)
            home = work / f"home-{folder.name}"
            home.mkdir()
            result = subprocess.run([str(wheel_venv), str(runner), notebook.name, "executed.ipynb"],
                                    cwd=folder, env={**env, "HOME": str(home)}, capture_output=True, text=True,
                                    timeout=900)
            return docname, folder, result

        with ThreadPoolExecutor(max_workers=2) as pool:
            for docname, folder, result in pool.map(run, notebooks):
                results[docname] = (folder, result)
    return results, served.requested


def test_every_downloadable_notebook_runs_standalone_from_the_wheel_and_the_served_book(standalone_runs):
    import nbformat

    results, requested = standalone_runs
    assert len(results) >= 7
    failed = {d: (r.stdout[-2000:] + r.stderr[-4000:]) for d, (_, r) in results.items() if r.returncode != 0}
    assert not failed, "notebooks failed standalone:\n" + "\n\n".join(f"{d}:\n{e}" for d, e in failed.items())
    timings = {}
    for docname, (folder, result) in results.items():
        report = json.loads(result.stdout.strip().splitlines()[-1])
        assert "site-packages" in report["package"], f"{docname}: package not imported from the wheel"
        assert sorted(p.name for p in folder.iterdir()) == sorted([Path(docname).name + ".ipynb", "executed.ipynb"]), (
            f"{docname}: wrote files into its folder")
        notebook = nbformat.read(folder / "executed.ipynb", as_version=4)
        errors = [o for c in notebook.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
        assert not errors
        timings[docname] = report["seconds"]
    fetched = {p for p in requested if p.startswith("/data/")}
    assert any(p.startswith("/data/processed/") for p in fetched) and any(p.startswith("/data/curated/") for p in fetched)
    print("\nstandalone run time per notebook (s):", json.dumps(timings, indent=1))


SMARTQUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def unsmart(text: str) -> str:
    """The page's text with Sphinx's typographic quotes (smartquotes) put back to straight ones."""
    return text.translate(SMARTQUOTES)


def _shown(notebook) -> tuple[list[tuple[str, str]], list[tuple[str, str, dict]]]:
    values, figures = [], []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            meta = (output.get("metadata") or {}).get("minsk2020") or {}
            values.extend((name, value) for name, value in meta.get("glued", []))
            if "figure" in meta:
                figures.append((meta["figure"], meta["kind"], output.get("data", {})))
    return values, figures


def test_every_chart_is_drawn_and_every_glued_value_equals_the_built_page(standalone_runs, built_book):
    import nbformat
    from lxml import html as lxml_html

    results, _ = standalone_runs
    for docname, (folder, result) in results.items():
        if result.returncode != 0:
            pytest.fail(f"{docname} did not run (see the test above)")
        notebook = nbformat.read(folder / "executed.ipynb", as_version=4)
        values, figures = _shown(notebook)
        source = (ROOT / f"{docname}.md").read_text(encoding="utf-8")
        directives = [m.group(2) for m in GLUE_FIGURE.finditer(source)]
        assert [name for name, _, _ in figures] == directives, f"{docname}: figures shown differ from the page's"
        page = lxml_html.parse(str(built_book / f"{docname}.html"))
        for name, kind, data in figures:
            assert kind in ("chart", "table"), f"{docname}: figure {name} was never drawn (its cell did not glue it)"
            if kind == "chart":
                ident = name.replace("_", "-")
                assert page.xpath(f'//div[@id="figure-{ident}"]'), f"{docname}: {name} is a chart here, not on the page"
                drawn = data.get("text/html", "") + json.dumps(data.get("application/vnd.vegalite.v5+json", ""))
                assert "vega" in drawn.lower() and len(drawn) > 500, f"{docname}: chart {name} has no chart output"
        in_page = [unsmart(span.text_content()) for span in page.xpath(PASTED_TEXT)]
        assert [v for _, v in values] == in_page, (
            f"{docname}: glued values differ from the built page:\n"
            + "\n".join(f"  {n}: notebook {v!r} page {p!r}" for (n, v), p in zip(values, in_page) if v != p)
            + f"\n  ({len(values)} in the notebook, {len(in_page)} on the page)")


def test_a_table_edited_without_regenerating_the_data_package_is_reported_stale(tmp_path):
    from minsk2020.data import datapackage

    data = tmp_path / "data"
    for kind in ("processed", "curated"):
        shutil.copytree(ROOT / "data" / kind, data / kind)
    with open(data / "curated" / "claims.csv", "a", encoding="utf-8") as handle:
        handle.write("\n")  # one byte more: rows and fields still valid
    committed = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    stale = datapackage.differences(committed, datapackage.descriptor(basepath=data))
    assert stale == ["resource claims: hash differ"]
