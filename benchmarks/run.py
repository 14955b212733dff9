"""Build and page-load benchmark of the book, on this machine.

    python -m benchmarks.run            # writes benchmarks/results.md and prints it

Everything happens in a temporary copy of the repository (the real files are never
touched): a clean strict build from an empty cache, a rebuild with nothing changed, a
rebuild after a harmless edit of one chapter (a comment appended to a code cell, so its
cache entry no longer matches), the data command (with BOOK_DATA_MIRROR, else
../shared/data-mirror if present), the size of the HTML, the time from navigation to all
charts rendered on every page in headless Chromium, and a clean build preceded by
what ``make book`` runs first: jupyter-cache's ``jcache`` with MyST-NB's reader for MyST Markdown
(``jcache notebook add --reader myst_nb_md``) and its ``local-parallel`` executor (``jcache project
execute``), which fill the Jupyter cache in parallel. (They replaced a hand-written
``minsk2020.prebuild`` after both were measured here in the same run, interleaved:
benchmarks/prebuild-vs-jcache.md.)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from tests.bookcheck import html_pages, toc_pages, venv_tool

ROOT = Path(__file__).resolve().parents[1]

PYTHON = sys.executable
JB = venv_tool("jupyter-book")
JCACHE = venv_tool("jcache")
COPY_EXCLUDE = {"_build", ".git", "node_modules", ".venv", ".pytest_cache", "__pycache__", "benchmarks"}
EXECUTING = re.compile(r"^(.*?): Executing notebook", re.M)
MB = 1_000_000


def copy_repo(target: Path) -> Path:
    def keep(info: tarfile.TarInfo):
        parts = Path(info.name).parts
        return None if any(p in COPY_EXCLUDE or p.endswith(".egg-info") for p in parts) else info

    target.mkdir(parents=True)
    archive = target.parent / "repo.tar"
    with tarfile.open(archive, "w") as tar:
        tar.add(ROOT, arcname=".", filter=keep)
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    archive.unlink()
    return target


def env_for(repo: Path) -> dict:
    env = dict(os.environ)
    # the copy's own package, so the build and its kernels read the copy (not the real repo)
    env["PYTHONPATH"] = os.pathsep.join([str(repo), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return env


def timed(cmd: list[str], cwd: Path, env: dict, answer: str | None = None) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=3600, input=answer)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"failed ({result.returncode}): {' '.join(cmd)}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return seconds, result


def build(repo: Path, out: Path) -> tuple[float, list[str]]:
    seconds, result = timed([JB, "build", str(repo), "--path-output", str(out), "-W", "-n", "--keep-going"],
                            repo, env_for(repo))
    executed = [Path(p).relative_to(repo).as_posix() for p in EXECUTING.findall(result.stdout + result.stderr)]
    return seconds, executed


def jcache_execute(repo: Path, out: Path) -> float:
    """The standard tools' way to fill the cache a build then reads: jcache with MyST-NB's reader
    and the local-parallel executor (one process per core, each notebook in its own folder),
    into the cache ``jupyter-book build --path-output out`` uses."""
    import yaml

    from minsk2020.book.toc import notebook_sources

    config = yaml.safe_load((repo / "_config.yml").read_text(encoding="utf-8"))
    notebooks = [str(p) for p in notebook_sources(repo)]
    cache = str(out / "_build" / ".jupyter_cache")  # where `jupyter-book build --path-output out` looks
    timeout = str((config.get("execute") or {}).get("timeout", 300))
    env = env_for(repo)
    # "y": jcache asks before it creates a new cache
    add_s, _ = timed([JCACHE, "notebook", "-p", cache, "add", "--reader", "myst_nb_md", *notebooks], repo, env, answer="y\n")
    run_s, result = timed([JCACHE, "project", "-p", cache, "execute", "--executor", "local-parallel",
                           "--timeout", timeout], repo, env)
    if "Failed" in result.stdout + result.stderr and "Success" not in result.stdout + result.stderr:
        raise SystemExit(f"jcache execution failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return add_s + run_s


def chapter_to_edit(repo: Path) -> Path:
    for page in toc_pages(repo / "_toc.yml"):
        source = repo / f"{page}.md"
        if source.is_file() and "kernelspec:" in source.read_text(encoding="utf-8") and "```{code-cell}" in source.read_text(encoding="utf-8"):
            if page.startswith("chapters/") and not page.startswith("chapters/appendix/"):
                return source
    raise SystemExit("no chapter notebook with a code cell in _toc.yml")


def harmless_edit(source: Path) -> None:
    """Append a comment line to the first code cell (a code change for the cache, no effect on output)."""
    text = source.read_text(encoding="utf-8")
    start = text.index("```{code-cell}")
    end = text.index("\n```", start + 1)
    source.write_text(text[:end] + "\n# benchmark: a harmless edit" + text[end:], encoding="utf-8")


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def data_command(workdir: Path) -> tuple[str, float | None]:
    mirror = os.environ.get("BOOK_DATA_MIRROR") or ""
    if not mirror and (ROOT.parent / "shared" / "data-mirror").is_dir():
        mirror = str(ROOT.parent / "shared" / "data-mirror")
    if not mirror:
        return "skipped: set BOOK_DATA_MIRROR", None
    env = dict(os.environ, BOOK_DATA_MIRROR=mirror, BOOK_DATA_CACHE=str(workdir / "data-cache"))
    cmd = [PYTHON, "-m", "minsk2020", "data", "--out", str(workdir / "data-out")]
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - start
    if result.returncode != 0:  # reported in the table, the rest of the benchmark still runs
        last = (result.stderr.strip() or result.stdout.strip()).splitlines()[-1:] or [""]
        return f"**FAILED** (exit {result.returncode}): {last[0][:200].replace('|', '/')}", seconds
    return f"mirror {mirror}, empty cache", seconds


def page_weights(html: Path, visits) -> tuple[list[tuple[str, int]], int]:
    """Per page: bytes of the HTML (inline chart specs and tables included) plus any page-only
    local file it loads; and the shared assets under _static/ (JS, CSS, fonts) counted once."""
    from urllib.parse import unquote, urlsplit

    shared: dict[str, int] = {}
    weights = []
    for v in visits:
        own = 0
        for url in dict.fromkeys(v.requests):
            path = unquote(urlsplit(url).path).lstrip("/")
            file = html / path
            if not path or not file.is_file():
                continue
            if path.startswith("_static/") or path == "searchindex.js":
                shared[path] = file.stat().st_size
            else:
                own += file.stat().st_size
        weights.append((v.page, own))
    return sorted(weights, key=lambda x: -x[1]), sum(shared.values())


def render_times(html: Path, pages: list[str]):
    from playwright.sync_api import sync_playwright

    from tests.browser_support import BookServer, launch, visit

    with BookServer(html) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            visit(browser, base, pages[0], run_axe=False)  # warm-up: browser start, not counted
            return [visit(browser, base, page, run_axe=False) for page in pages]
        finally:
            browser.close()


def mark(ok: bool) -> str:
    return "yes" if ok else "**NO**"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.md")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--repeat", type=int, default=2,
                        help="clean builds with and without jcache to compare (minimum kept; default 2)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="minsk2020-bench-"))
    try:
        repo = copy_repo(work / "repo")
        out = work / "out"
        print("clean build ...", flush=True)
        clean_s, clean_exec = build(repo, out)
        print("rebuild, nothing changed ...", flush=True)
        noop_s, noop_exec = build(repo, out)
        edited = chapter_to_edit(repo)
        harmless_edit(edited)
        edited_rel = edited.relative_to(repo).as_posix()
        print(f"rebuild after editing {edited_rel} ...", flush=True)
        edit_s, edit_exec = build(repo, out)
        print("data command ...", flush=True)
        data_note, data_s = data_command(work)

        html = out / "_build" / "html"
        total_html = folder_size(html)
        vega = next((html / "_static" / "vendor").glob("vega-bundle-*.js"))
        vega_name, vega_size = vega.name, vega.stat().st_size
        html_count = len(html_pages(html))
        pages = toc_pages(repo / "_toc.yml")
        print("page loads in headless Chromium ...", flush=True)
        visits = render_times(html, pages)
        weights, shared = page_weights(html, visits)
        heaviest_page, heaviest = weights[0]

        # Plain clean build and jcache + build, interleaved `--repeat` times (the minimum of each is
        # kept: on a shared machine the minimum is the least disturbed measurement).
        clean_runs, jcache_runs = [clean_s], []
        for i in range(args.repeat):
            print(f"clean build after jcache local-parallel ({i + 1}/{args.repeat}) ...", flush=True)
            out3 = work / f"out-jcache-{i}"
            jc_s = jcache_execute(repo, out3)
            after_s, after_exec = build(repo, out3)
            jcache_runs.append((jc_s + after_s, jc_s, after_s, after_exec))
            if i + 1 < args.repeat:
                print(f"clean build ({i + 2}/{args.repeat}) ...", flush=True)
                clean_runs.append(build(repo, work / f"out-clean-{i}")[0])
        clean_best = min(clean_runs)
        _, jc_s, jc_post_s, _ = min(jcache_runs, key=lambda r: r[0])
        jc_exec = sorted({p for r in jcache_runs for p in r[3]})
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"kept {work}")

    notebooks = sum(1 for p in pages if (ROOT / f"{p}.md").is_file()
                    and "kernelspec:" in (ROOT / f"{p}.md").read_text(encoding="utf-8"))
    slowest = max((v.charts_rendered_ms or 0) for v in visits)
    all_rendered = all(v.charts_rendered_ms is not None for v in visits)
    speedup = clean_best / (jc_s + jc_post_s)
    rows = [
        ("Clean build, empty cache (`jupyter-book build -W -n --keep-going`)", f"{clean_best:.1f} s",
         f"{len(clean_exec)} of {notebooks} notebook pages executed; runs: "
         + ", ".join(f"{s:.1f} s" for s in clean_runs), ""),
        ("Rebuild, nothing changed", f"{noop_s:.1f} s", f"{len(noop_exec)} executed",
         f"0 executed, ≤ {clean_best / 10:.1f} s (a tenth of the clean build): {mark(not noop_exec and noop_s <= clean_best / 10)}"),
        (f"Rebuild after editing `{edited_rel}` (comment in a code cell)", f"{edit_s:.1f} s",
         f"{len(edit_exec)} executed: {', '.join(edit_exec) or '-'}",
         f"only that chapter: {mark(edit_exec == [edited_rel])}"),
        ("Data command (`python -m minsk2020 data --out TMP`)",
         f"{data_s:.1f} s" if data_s is not None else "-", data_note, ""),
        ("jcache: `jcache notebook add --reader myst_nb_md` + `jcache project execute --executor local-parallel` "
         f"({os.cpu_count()} cores)", f"{jc_s:.1f} s", "what `make book` runs before the build", ""),
        ("Clean build after jcache", f"{jc_post_s:.1f} s", f"{len(jc_exec)} executed {', '.join(jc_exec)}",
         f"0 executed: {mark(not jc_exec)}"),
        ("**Speed-up of a clean build with jcache** (clean ÷ (jcache + build), "
         f"best of {len(clean_runs)} / {len(jcache_runs)} runs)", f"**{speedup:.2f}×**",
         f"{clean_best:.1f} s → {jc_s + jc_post_s:.1f} s", ""),
        ("Total size of `_build/html`", f"{total_html / MB:.1f} MB", f"{html_count} HTML files", ""),
        ("Shared JavaScript/CSS/fonts under `_static/` (counted once)", f"{shared / MB:.2f} MB",
         f"of which the Vega bundle `{vega_name}` {vega_size / MB:.2f} MB", ""),
        (f"Heaviest page: `{heaviest_page}` (HTML with inline chart data)", f"{heaviest / MB:.3f} MB", "",
         f"≤ 1 MB beyond shared JS: {mark(max(w for _, w in weights) <= MB)}"),
        ("Slowest page, navigation → all charts rendered", f"{slowest:.0f} ms", "",
         f"≤ 1000 ms on every page: {mark(all_rendered and slowest <= 1000)}"),
    ]
    lines = [
        "# Build and page-load benchmark",
        "",
        f"Measured by `python -m benchmarks.run` on {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}: "
        f"{platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}. Builds ran in a temporary copy of the repository.",
        "",
        "| Measure | Value | Detail | Target met |",
        "|---|---|---|---|",
        *[f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows],
        "",
        "## Per page",
        "",
        "| Page | Charts | Navigation → all charts rendered | Page weight (beyond shared assets) |",
        "|---|---|---|---|",
    ]
    weight_of = dict(weights)
    for v in visits:
        shown = "not rendered in 5 s" if v.charts_rendered_ms is None else (
            f"{v.charts_rendered_ms:.0f} ms" if v.chart_count else "-")
        lines.append(f"| `{v.page}` | {v.chart_count} | {shown} | {weight_of[v.page] / 1000:.0f} kB |")
    lines += [
        "",
        "Chart times are measured in headless Debian Chromium with a fresh browser context (cold HTTP cache) "
        "per page: `performance.now()` when every `.vega-chart` holds a non-empty SVG or canvas.",
        "Notebook counts come from the \"Executing notebook\" lines of the build output.",
        "",
    ]
    text = "\n".join(lines)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
