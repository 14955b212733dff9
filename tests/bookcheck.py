"""Checks on a built HTML book, shared by the book tests and the benchmark."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from lxml import html as lxml_html

from minsk2020.book.toc import toc_docnames
from minsk2020.book.vega import VENDOR_JS
from minsk2020.paths import ROOT

CDN_HOSTS = re.compile(
    r"(cdn\.jsdelivr\.net|unpkg\.com|cdnjs\.cloudflare\.com|ajax\.googleapis\.com|fonts\.googleapis\.com|"
    r"fonts\.gstatic\.com|code\.jquery\.com|bootstrapcdn\.com|cdn\.plot\.ly|cdn\.bokeh\.org|"
    r"cdn\.mathjax\.org|requirejs\.org/docs|cdn\.rawgit|polyfill\.io|googletagmanager\.com|google-analytics\.com)"
)


def toc_pages(toc_path: Path = ROOT / "_toc.yml") -> list[str]:
    """Every page named in the book's _toc.yml, root first (the package's own reading of it)."""
    return toc_docnames(toc_path.parent)


def html_pages(outdir: Path) -> list[Path]:
    return sorted(p for p in outdir.rglob("*.html") if "_static" not in p.parts)


# A chart's "Sources and data" names the pinned URL of each raw file (some are on a CDN): a plain
# link a reader may follow, not something the page loads. Those links alone are left out of the check.
RAW_FILE_LINK = re.compile(r'<a href="[^"]*" class="chart-source-url">[^<]*</a>')


def problems_in_page(page: Path, outdir: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    tree = lxml_html.fromstring(text)
    problems = []
    text = RAW_FILE_LINK.sub("", text)
    if CDN_HOSTS.search(text):
        problems.append(f"{page}: names a CDN host ({CDN_HOSTS.search(text).group(0)})")
    for output in tree.xpath('//div[contains(@class, "cell_output")]'):
        content = output.text_content()
        if "Traceback (most recent call last)" in content or re.search(r"\b\w+Error: ", content):
            problems.append(f"{page}: an output cell shows a Python error: {content[:200]!r}")
    if tree.xpath('//div[contains(@class, "output") and contains(@class, "traceback")]'):
        problems.append(f"{page}: traceback output")
    if tree.xpath('//div[contains(@class, "output") and contains(@class, "stderr")]'):
        problems.append(f"{page}: stderr output (warnings) shown to readers")
    assets = [a.split("?")[0] for a in tree.xpath("//script/@src | //link[@rel='stylesheet']/@href")]
    loaded_twice = sorted({a for a in assets if assets.count(a) > 1})
    if loaded_twice:  # e.g. Jupyter Book linking every _static file on top of an extension adding it
        problems.append(f"{page}: scripts or stylesheets loaded more than once: {', '.join(loaded_twice)}")
    charts = tree.xpath('//div[contains(@class, "vega-chart")]')
    chart_ids = [c.get("id") for c in charts if c.get("id")]
    drawn_twice = sorted({i for i in chart_ids if chart_ids.count(i) > 1})
    if drawn_twice:  # e.g. a cell whose last expression displays the chart it also glues
        problems.append(f"{page}: charts drawn more than once: {', '.join(drawn_twice)}")
    if charts:
        scripts = tree.xpath("//script/@src")
        local = [s for s in scripts if s.split("?")[0].endswith(VENDOR_JS)]
        if not local:
            problems.append(f"{page}: has {len(charts)} chart(s) but does not load {VENDOR_JS}")
        for src in local:
            if not (page.parent / src.split("?")[0]).resolve().is_file():
                problems.append(f"{page}: {src} does not exist")
        for figure in tree.xpath('//div[contains(@class, "book-figure")]'):
            links = figure.xpath('.//p[@class="chart-links"]/a/@href')
            if len(links) < 2:
                problems.append(f"{page}: a figure lacks its data and static-image links")
            for href in links:
                if not (page.parent / href).resolve().is_file():
                    problems.append(f"{page}: figure link {href} does not resolve")
            if not figure.xpath('.//*[contains(@class, "chart-description")]/text()'):
                problems.append(f"{page}: a figure has no text description")
    return problems


def venv_tool(name: str) -> str:
    """The command ``name`` next to this Python (the project's virtual environment), else the one on PATH."""
    local = Path(sys.executable).with_name(name)
    return str(local) if local.is_file() else (shutil.which(name) or name)


JB = [venv_tool("jupyter-book")]


def strict_build(source: Path, out: Path, extra: list[str] | None = None) -> subprocess.CompletedProcess:
    cmd = [*JB, "build", str(source), "--path-output", str(out), "-W", "-n", "--keep-going", *(extra or [])]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=1800)
