"""Sphinx extension of the book.

- Serves the Vega, Vega-Lite and Vega-Embed JavaScript from the book itself
  (``_static/vendor``, built by vl-convert from its bundled libraries; no CDN), and
  loads it only on pages that have a chart.
- Copies the processed and curated tables and ``datapackage.json`` into the HTML output
  under ``data/``, so every chart's CSV link resolves, and zips the data package.
- Removes sphinx-thebe's page hooks, which would name a CDN host in every page.
- Generates the "Data sources" appendix from the registry and the data package at
  read time (a page containing the line ``<!-- generated: data-sources -->``), so it can
  never drift from them.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from . import __version__
from .paths import CURATED, DATA, DATAPACKAGE, PROCESSED

VENDOR_JS = "vendor/vega-bundle-vl6.4.js"
MARKER_DATA_SOURCES = "<!-- generated: data-sources -->"
DATA_ZIP = "minsk2020-data-package.zip"


def _vendor_bundle() -> str:
    import vl_convert as vlc

    from .charts import VL_VERSION

    header = (
        f"/* Vega {vlc.get_vega_version()}, Vega-Lite {VL_VERSION}, Vega-Embed {vlc.get_vega_embed_version()}: "
        "bundled by vl-convert-python (BSD-3-Clause licences of the Vega projects). */\n"
    )
    # The bundle is an ES module body: wrapped in a function it keeps its top-level names
    # (e.g. `_`) out of the page's global scope, where Sphinx's own scripts live.
    return header + "(function () {\n\"use strict\";\n" + vlc.javascript_bundle(vl_version=VL_VERSION) + "\n})();\n"


def _page_context(app, pagename, templatename, context, doctree):
    body = context.get("body", "")
    if "vega-chart" in body:
        app.add_js_file(VENDOR_JS, priority=400)


def _copy_data(outdir: Path) -> None:
    target = outdir / "data"
    for folder in (PROCESSED, CURATED):
        dest = target / folder.name
        dest.mkdir(parents=True, exist_ok=True)
        for csv in sorted(folder.glob("*.csv")):
            shutil.copyfile(csv, dest / csv.name)
    shutil.copyfile(DATAPACKAGE, target / "datapackage.json")
    with zipfile.ZipFile(target / DATA_ZIP, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(DATAPACKAGE, "datapackage.json")
        for folder in (PROCESSED, CURATED):
            for csv in sorted(folder.glob("*.csv")):
                archive.write(csv, f"{folder.name}/{csv.name}")


def _build_finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    vendor = outdir / "_static" / VENDOR_JS
    vendor.parent.mkdir(parents=True, exist_ok=True)
    if not vendor.is_file():
        vendor.write_text(_vendor_bundle(), encoding="utf-8")
    _copy_data(outdir)


def _source_read(app, docname, source):
    if MARKER_DATA_SOURCES in source[0]:
        from .appendix import data_sources_markdown

        source[0] = source[0].replace(MARKER_DATA_SOURCES, data_sources_markdown())
        # rebuild the appendix whenever the registry or the data package changes
        for path in (DATA / "sources.yaml", DATAPACKAGE):
            app.env.note_dependency(str(path))


def _drop_thebe(app):
    """Jupyter Book always loads sphinx-thebe, which writes a CDN URL (unpkg) into every page.

    The book offers Binder and Colab launch buttons instead of live code in the page, so
    sphinx-thebe's page hooks are removed: no page names a CDN host.
    """
    for event in ("env-before-read-docs", "doctree-resolved"):
        listeners = app.events.listeners.get(event, [])
        for listener in list(listeners):
            if getattr(listener.handler, "__module__", "").startswith("sphinx_thebe"):
                app.disconnect(listener.id)


def setup(app):
    app.connect("builder-inited", _drop_thebe)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _build_finished)
    app.connect("source-read", _source_read)
    app.add_css_file("book.css")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
