"""Sphinx extension of the book.

- Serves the Vega, Vega-Lite and Vega-Embed JavaScript from the book itself
  (``_static/vendor``, see :mod:`minsk2020.book.vega`; no CDN), and loads it only on pages
  that have a chart.
- Takes every figure's Vega-Lite spec from its notebook output (its own MIME type, rendered by
  :class:`FigureSpecRenderer`, a MyST-NB MIME render plugin) while reading a page, and writes
  ``<name>.vl.json``, ``.svg`` and ``.png`` into ``_static/figures`` at the end of the build; the
  single-page build of the print edition shows each figure as the PNG drawn from that spec.
- Copies the processed and curated tables and ``datapackage.json`` into the HTML output
  under ``data/``, so every chart's CSV link resolves, and zips the data package.
- Removes sphinx-thebe's page hooks, which would name a CDN host in every page.
- Generates the "Data sources" appendix from the registry and the data package at
  read time (a page containing the line ``<!-- generated: data-sources -->``), so it can
  never drift from them.
- Validates the curated tables before anything is read (``builder-inited``, see
  :mod:`minsk2020.data.curated`): an invalid row stops the build, naming file, row, field and rule.
- Gives every page a Content Security Policy (a ``<meta http-equiv>`` tag written after the
  build, see :func:`add_content_security_policy`) with no ``'unsafe-inline'`` and no
  ``'unsafe-eval'`` for scripts: the book's own scripts are files in ``_static``
  (``vega-charts.js``, ``claims-register.js``, ``book-actions.js``), and the theme's remaining
  inline scripts are allowed by their sha256 hashes.
"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import zipfile
from pathlib import Path

from docutils import nodes
from sphinx.errors import SphinxError
from sphinx.util import logging

from minsk2020 import __version__
from minsk2020.book import vega
from minsk2020.book.citations import CITE_CSS, CITE_JS
from minsk2020.paths import DATA, DATAPACKAGE, PROCESSED, ROOT

MARKER_DATA_SOURCES = "<!-- generated: data-sources -->"
DATA_ZIP = "minsk2020-data-package.zip"
PRINT_BUILDER = "singlehtml"  # the print edition (minsk2020.book.pdf): figures as images drawn from their specs
LOGGER = logging.getLogger(__name__)

CHARTS_JS = "vega-charts.js"  # draws the page's charts from their JSON spec blocks
REGISTER_JS = "claims-register.js"  # filters and sorting of the claims register
ACTIONS_JS = "book-actions.js"  # the theme's buttons, without inline onclick handlers


class CuratedDataInvalid(SphinxError):
    category = "Curated data is not valid"


def _validate_curated(app):
    """Stop the build before any page is read if a curated table breaks its schema or rules."""
    from minsk2020.data.curated import validate_curated
    from minsk2020.errors import SchemaError
    from minsk2020.paths import curated_dir

    try:
        validate_curated(curated_dir())
    except SchemaError as err:
        raise CuratedDataInvalid(str(err)) from None


# ---------------------------------------------------------------- figure specs
class figure_spec(nodes.General, nodes.Element):
    """A figure's Vega-Lite spec from its notebook output: ``name``, ``spec``, ``description``, ``table``."""


class FigureSpecRenderer:
    """MyST-NB MIME render plugin (entry point ``myst_nb.mime_renderers`` in pyproject.toml) for
    :data:`minsk2020.book.vega.MIME_TYPE`: the output's spec becomes a :class:`figure_spec` node.
    The web pages show the figure's ``text/html``; the print edition's builder prefers the spec."""

    mime_priority_overrides = [(PRINT_BUILDER, vega.MIME_TYPE, 1)]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if data.mime_type != vega.MIME_TYPE or inline:
            return None
        content = data.content
        return [figure_spec("", **{key: content[key] for key in ("name", "spec", "description", "table")})]


def _collect_figure_specs(app, doctree):
    """Remember every figure spec of the page just read (they outlive the cache: the environment
    is pickled), and refuse a chart output that carries no spec (executed by an older package)."""
    env = app.env
    specs = {node["name"]: node["spec"] for node in doctree.findall(figure_spec)}
    if specs:
        _figure_specs(env)[env.docname] = specs
    for bundle in doctree.findall(lambda n: isinstance(n, nodes.container) and n.get("nb_element") == "mime_bundle"):
        types = {child.get("mime_type"): child for child in bundle.children}
        html_out = types.get("text/html")
        if vega.MIME_TYPE not in types and html_out is not None and 'class="book-figure"' in html_out.astext():
            LOGGER.warning("a chart output without its Vega-Lite spec (%s): it was executed by an older "
                           "minsk2020; clear the Jupyter cache (_build/.jupyter_cache) and rebuild",
                           vega.MIME_TYPE, location=bundle)


def _figure_specs(env) -> dict:
    if not hasattr(env, "minsk2020_figures"):
        env.minsk2020_figures = {}
    return env.minsk2020_figures


def _purge_figure_specs(app, env, docname):
    _figure_specs(env).pop(docname, None)


def _merge_figure_specs(app, env, docnames, other):
    _figure_specs(env).update({d: s for d, s in _figure_specs(other).items() if d in docnames})


def _write_figure_files(app, outdir: Path) -> None:
    """``<name>.vl.json``, SVG and PNG of every figure of the book, from the specs read."""
    target = outdir / vega.FIGURES_DIR
    for specs in _figure_specs(app.env).values():
        for name, spec in specs.items():
            vega.write_figure(target, name, spec)


def _visit_figure_spec_html(self, node):
    """Print edition: the figure as its PNG (drawn from ``<name>.vl.json``), with its text alternative."""
    from html import escape

    png = vega.print_png(Path(self.builder.outdir) / vega.FIGURES_DIR, node["name"], node["spec"])
    self.body.append(
        f'<div class="book-figure book-figure-print" data-table="{escape(node["table"])}">'
        f'<img src="data:image/png;base64,{base64.b64encode(png).decode("ascii")}" '
        f'alt="{escape(node["description"])}" style="max-width:100%"></div>')
    raise nodes.SkipNode


def _skip(self, node):
    raise nodes.SkipNode


def _page_context(app, pagename, templatename, context, doctree):
    body = context.get("body", "")
    if "vega-chart" in body:
        app.add_js_file(vega.VENDOR_JS, priority=400, defer="defer")
        app.add_js_file(CHARTS_JS, priority=401, defer="defer")
    if 'id="claims-register-data"' in body:
        app.add_js_file(REGISTER_JS, priority=500, defer="defer")
    if 'role="doc-biblioentry"' in body:
        # docutils puts the deprecated DPUB role doc-biblioentry inside role="list";
        # axe-core reports that as a critical aria-required-children violation
        context["body"] = body.replace('role="doc-biblioentry"', 'role="listitem"')


def _copy_data(outdir: Path) -> None:
    from minsk2020.paths import curated_dir

    target = outdir / "data"
    curated = curated_dir()
    for folder in (PROCESSED, curated):
        dest = target / ("processed" if folder == PROCESSED else "curated")
        dest.mkdir(parents=True, exist_ok=True)
        for csv in sorted(folder.glob("*.csv")):
            shutil.copyfile(csv, dest / csv.name)
    shutil.copyfile(DATAPACKAGE, target / "datapackage.json")
    with zipfile.ZipFile(target / DATA_ZIP, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.write(DATAPACKAGE, "datapackage.json")
        for folder, name in ((PROCESSED, "processed"), (curated, "curated")):
            for csv in sorted(folder.glob("*.csv")):
                archive.write(csv, f"{name}/{csv.name}")


def _build_finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    vendor = outdir / "_static" / vega.VENDOR_JS
    vendor.parent.mkdir(parents=True, exist_ok=True)
    if not vendor.is_file():
        vendor.write_text(vega.bundle(), encoding="utf-8")
    _copy_data(outdir)
    _write_notebooks(app, outdir)
    _write_figure_files(app, outdir)
    for page in outdir.rglob("*.html"):
        if "_static" not in page.relative_to(outdir).parts:
            add_content_security_policy(page)


# ---------------------------------------------------------------- Content Security Policy
CSP_META = re.compile(r'[ \t]*<meta http-equiv="Content-Security-Policy"[^>]*>\n?', re.I)
HEAD_TAG = re.compile(r"<head\b[^>]*>\n?", re.I)
CHARSET_META = re.compile(r"<meta charset=[^>]*>\n?", re.I)
SCRIPT_ELEMENT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
TYPE_ATTR = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
SRC_ATTR = re.compile(r"\bsrc\s*=", re.I)
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
# The theme's buttons call one of these in an onclick attribute; _static/book-actions.js runs
# them from a data-book-action attribute instead (inline handlers would need 'unsafe-hashes').
THEME_ACTIONS = {"window.print()": "print", "toggleFullScreen()": "fullscreen"}
ONCLICK = re.compile(r'\bonclick="([^"]*)"')
POLICY = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
          "base-uri 'self'; form-action 'self'")


def inline_scripts(page_html: str) -> list[str]:
    """The text of every inline script the browser would run (not src=, not JSON data blocks)."""
    found = []
    for attrs, body in SCRIPT_ELEMENT.findall(page_html):
        kind = TYPE_ATTR.search(attrs)
        if SRC_ATTR.search(attrs) or (kind and kind.group(1).lower() not in JS_TYPES):
            continue
        found.append(body)
    return found


def script_hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(page_html: str) -> str:
    hashes = sorted({script_hash(body) for body in inline_scripts(page_html)})
    return POLICY.format(hashes=" ".join(hashes)).replace("'self' ;", "'self';")


def add_content_security_policy(page: Path) -> None:
    """Rewrite ``page`` with its theme onclick handlers moved to data attributes and a CSP
    ``<meta>`` early in ``<head>``: right after ``<meta charset>`` (which must stay in the first
    1024 bytes), before any script. Idempotent."""
    text = page.read_text(encoding="utf-8")
    text = CSP_META.sub("", text)

    def action(match):
        name = THEME_ACTIONS.get(match.group(1))
        return f'data-book-action="{name}"' if name else match.group(0)

    text = ONCLICK.sub(action, text)
    head = HEAD_TAG.search(text)
    if head is None:
        return
    charset = CHARSET_META.match(text, head.end()) or CHARSET_META.search(text, head.end(), head.end() + 200)
    at = charset.end() if charset and "<script" not in text[head.end():charset.start()].lower() else head.end()
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(text)}">\n'
    text = text[:at] + meta + text[at:]
    page.write_text(text, encoding="utf-8")


def _write_notebooks(app, outdir: Path) -> None:
    """Every chapter as a downloadable .ipynb that runs on its own (see :mod:`minsk2020.book.downloads`)."""
    from minsk2020.book.downloads import write_notebook

    for docname in sorted(app.env.found_docs):
        if not docname.startswith(CHAPTER_PREFIX):
            continue
        source = Path(app.srcdir) / f"{docname}.md"
        if source.is_file():
            write_notebook(source, docname, outdir / NOTEBOOKS / f"{docname}.ipynb")


# Jupyter Book 1 links every .js and .css file under _static into every page (html_js_files, html_css_files);
# the book's extensions add their own files themselves, once, and scripts only on the pages that need them.
BOOK_CSS = "book.css"
OWN_ASSETS = {CHARTS_JS, REGISTER_JS, ACTIONS_JS, BOOK_CSS, CITE_JS, CITE_CSS}


def _asset_name(entry) -> str:
    return entry[0] if isinstance(entry, (tuple, list)) else entry


def _config_inited(app, config):
    from minsk2020.book import cite

    config.html_js_files = [f for f in config.html_js_files if _asset_name(f) not in OWN_ASSETS]
    config.html_css_files = [f for f in config.html_css_files if _asset_name(f) not in OWN_ASSETS]

    options = dict(config.html_theme_options or {})
    options["extra_footer"] = f"<p>{cite.footer_text(cite.metadata())}</p>"
    config.html_theme_options = options


MARKER_HOW_TO_CITE = "<!-- generated: how to cite -->"
CHAPTER_PREFIX = "chapters/"
NO_CITE_BOX = ("chapters/appendix/",)
NOTEBOOKS = "_notebooks"


def _title_of(text: str) -> str:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return "Untitled"


def _cite_box(app, docname: str, text: str) -> str:
    from minsk2020.book import cite
    from minsk2020.book.citations import cite_box_markdown

    meta = cite.metadata()
    title = _title_of(text)
    depth = docname.count("/")
    up = "/".join([".."] * depth)
    notebook = f"{up}/{NOTEBOOKS}/{docname}.ipynb"
    repo = (app.config.html_theme_options or {}).get("repository_url", "").rstrip("/")
    branch = (app.config.html_theme_options or {}).get("repository_branch", "main")
    from minsk2020.book.downloads import launch_urls

    links = launch_urls(docname, repo, branch)
    binder, colab = links["binder"], links["colab"]
    return f"""

(cite-{docname.replace('/', '-')})=
## Cite this chapter

{cite_box_markdown(meta, title, docname, docname.rsplit("/", 1)[-1])}
<p class="run-links">Run this chapter: <a href="{notebook}" download>download it as a Jupyter notebook (.ipynb)</a> ·
<a href="{binder}">run it on Binder</a> · <a href="{colab}">open it in Colab</a>.</p>
"""


def _launch_buttons(app, pagename, templatename, context, doctree):
    """Download, Binder and Colab buttons in the page header of every chapter notebook, opening
    the generated ``.ipynb``. The theme's own launch buttons do not fit: they link the page's
    source (``.md``), and Colab from the source branch, where no notebook is committed."""
    if not pagename.startswith(CHAPTER_PREFIX) or "header_buttons" not in context:
        return
    source = Path(app.srcdir) / f"{pagename}.md"
    if not source.is_file() or "kernelspec:" not in source.read_text(encoding="utf-8"):
        return
    from minsk2020.book.downloads import launch_urls

    options = app.config.html_theme_options or {}
    links = launch_urls(pagename, options.get("repository_url", ""), options.get("repository_branch", "main"))
    notebook = {"type": "link", "url": context["pathto"](f"{NOTEBOOKS}/{pagename}.ipynb", 1), "text": ".ipynb",
                "icon": "fas fa-code", "tooltip": "Download this chapter as a notebook that runs on its own",
                "label": "download-notebook-button"}
    buttons = context["header_buttons"]
    downloads = next((b for b in buttons if b.get("label") == "download-buttons"), None)
    if downloads is not None:
        downloads["buttons"].insert(0, notebook)
    launch = [
        {"type": "link", "text": "Binder", "tooltip": "Launch this chapter's notebook on Binder",
         "icon": "_static/images/logo_binder.svg", "url": links["binder"], "label": "launch-binder-button"},
        {"type": "link", "text": "Colab", "tooltip": "Open this chapter's notebook in Colab",
         "icon": "_static/images/logo_colab.png", "url": links["colab"], "label": "launch-colab-button"},
    ]
    at = buttons.index(downloads) if downloads is not None else len(buttons)
    buttons.insert(at, {"type": "group", "tooltip": "Run this chapter's notebook", "icon": "fas fa-rocket",
                        "buttons": launch, "label": "launch-buttons"})


def _source_read(app, docname, source):
    if docname.startswith(CHAPTER_PREFIX) and not docname.startswith(NO_CITE_BOX):
        source[0] = source[0] + _cite_box(app, docname, source[0])
        app.env.note_dependency(str(ROOT / "CITATION.cff"))
    if MARKER_HOW_TO_CITE in source[0]:
        from minsk2020.book import cite
        from minsk2020.book.citations import how_to_cite_markdown

        block = how_to_cite_markdown(cite.metadata())
        source[0] = source[0].replace(MARKER_HOW_TO_CITE, block)
        app.env.note_dependency(str(ROOT / "CITATION.cff"))
    if MARKER_DATA_SOURCES in source[0]:
        from minsk2020.book.appendix import data_sources_markdown

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
    app.connect("builder-inited", _validate_curated)
    app.connect("builder-inited", _drop_thebe)
    app.connect("config-inited", _config_inited)
    app.connect("html-page-context", _page_context)
    app.connect("html-page-context", _launch_buttons, priority=502)  # after the theme's header buttons (501)
    app.connect("build-finished", _build_finished)
    app.add_node(figure_spec, html=(_visit_figure_spec_html, None), latex=(_skip, None), text=(_skip, None))
    app.connect("doctree-read", _collect_figure_specs)
    app.connect("env-purge-doc", _purge_figure_specs)
    app.connect("env-merge-info", _merge_figure_specs)
    app.connect("source-read", _source_read)
    app.add_css_file(BOOK_CSS)
    app.add_js_file(ACTIONS_JS, defer="defer")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
