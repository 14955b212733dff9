"""Sphinx extension: citations that reference managers read, and chapter-scoped numbers.

- Checks that ``html_baseurl`` (``html: baseurl:`` in _config.yml) is the ``url`` of
  CITATION.cff, so canonical links, Open Graph tags (sphinxext-opengraph), sitemap.xml
  (sphinx-sitemap) and the citations all name the same address.
- Writes the Highwire Press ``citation_*`` meta tags (Google Scholar, Zotero, Mendeley) into
  every chapter page and the landing page (see :func:`minsk2020.book.cite.highwire_tags`).
- Renders the "Cite this chapter" box (:func:`cite_box_markdown`): a stable link, an
  "Accessed on" date, labelled tabs (sphinx-design) with APA, BibTeX, RIS and CSL-JSON, each
  copyable (sphinx-copybutton), and the ``.bib`` and ``.ris`` files it links, written beside the
  page at the end of the build. ``_static/cite-box.js`` sets the access date to the reader's
  today; without scripts the box shows the build date.
- Numbers tables glued as figures (names starting ``tbl-``) as tables: with the toc's numbered
  chapters and ``numfig_secnum_depth: 1`` they read "Table 4.1" beside "Figure 4.2", each
  counted within its chapter.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from docutils import nodes
from sphinx.errors import ConfigError

from minsk2020 import __version__
from minsk2020.book import cite
from minsk2020.safehtml import attr

CHAPTER_PREFIX = "chapters/"
NO_CITE_BOX = ("chapters/appendix/",)
BOOK_FILES = "minsk2020-book"  # the book's own .bib and .ris, at the root of the HTML output
CITE_JS = "cite-box.js"
CITE_CSS = "cite-box.css"
TABLE_PREFIX = "tbl-"

# A date no reader is on: rendered into the box's texts, then replaced by a span the script updates.
_PLACEHOLDER_DAY = date(1111, 11, 11)
_ACCESSED_FORMS = {"iso": cite.accessed_iso, "ris": cite.accessed_ris, "apa": cite.accessed_apa, "csl": cite.accessed_csl}


def markdown_title(text: str) -> str:
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return "Untitled"


def page_title(srcdir: str | Path, docname: str) -> str:
    source = Path(srcdir) / f"{docname}.md"
    return markdown_title(source.read_text(encoding="utf-8")) if source.is_file() else "Untitled"


def has_cite_box(docname: str) -> bool:
    return docname.startswith(CHAPTER_PREFIX) and not docname.startswith(NO_CITE_BOX)


# ---------------------------------------------------------------- configuration
def check_base_url(app, config) -> None:
    """``html_baseurl`` must be CITATION.cff's ``url``; Open Graph uses it too."""
    meta = cite.metadata()
    base = (config.html_baseurl or "").strip()
    if not base:
        raise ConfigError("html_baseurl is not set: set `html: baseurl:` in _config.yml to the book's address, "
                          f"the `url` of CITATION.cff ({meta['url']})")
    if base.rstrip("/") != str(meta["url"]).rstrip("/"):
        raise ConfigError(f"`html: baseurl:` in _config.yml ({base}) differs from `url` in CITATION.cff "
                          f"({meta['url']}): make them the same address")
    config.html_baseurl = base.rstrip("/") + "/"
    if hasattr(config, "ogp_site_url") and not config.ogp_site_url:
        config.ogp_site_url = config.html_baseurl
    if hasattr(config, "ogp_site_name") and not config.ogp_site_name:
        config.ogp_site_name = meta["title"]


def pdf_url(config) -> str | None:
    name = (config.book_pdf_edition or "").strip()
    return config.html_baseurl + name if name else None


# ---------------------------------------------------------------- meta tags
def add_citation_meta(app, pagename, templatename, context, doctree) -> None:
    """``citation_*`` tags on chapter pages (a book section) and the landing page (the book)."""
    if doctree is None or not (pagename.startswith(CHAPTER_PREFIX) or pagename == app.config.root_doc):
        return
    meta = cite.metadata()
    if pagename == app.config.root_doc:
        tags = cite.highwire_tags(meta, meta["title"], None, pdf_url=pdf_url(app.config))
        # the landing page is the book: og:type "book" (Zotero then saves a Book)
        context["meta"] = {**(context.get("meta") or {}), "og:type": "book"}
    else:
        title = page_title(app.srcdir, pagename)
        tags = cite.highwire_tags(meta, title, pagename, pdf_url=pdf_url(app.config))
        # og:title without the chapter number the theme puts in the page title
        context["meta"] = {**(context.get("meta") or {}), "og:title": title}
    lines = "".join(f'<meta name="{attr(name)}" content="{attr(value)}" />\n' for name, value in tags)
    context["metatags"] = context.get("metatags", "") + lines


# ---------------------------------------------------------------- the cite box
def _pre(text: str, kind: str, accessed_form: str) -> str:
    """A copyable code block (the sphinx-copybutton selector is ``div.highlight pre``) whose
    access date is a span the script sets to the reader's date."""
    placeholder = _ACCESSED_FORMS[accessed_form](_PLACEHOLDER_DAY)
    today = _ACCESSED_FORMS[accessed_form](date.today())
    body = html.escape(text, quote=False)
    span = f'<span class="cite-accessed" data-form="{accessed_form}">{html.escape(today)}</span>'
    body = body.replace(html.escape(placeholder, quote=False), span)
    return (f'<div class="highlight-{kind} notranslate cite-record"><div class="highlight">'
            f'<pre tabindex="0">{body}</pre></div></div>')


def cite_box_markdown(meta: dict, title: str, docname: str | None, files_href: str) -> str:
    """The citation box in MyST: link, access date, tabs, downloads. ``files_href``: the
    ``.bib``/``.ris`` path relative to the page, without its suffix."""
    slug = (docname or "book").replace("/", "-")
    records = [
        ("APA", "apa", _pre(cite.apa(meta, title, docname, _PLACEHOLDER_DAY, markup=False), "text", "apa")),
        ("BibTeX", "bibtex", _pre(cite.bibtex(meta, title, docname, _PLACEHOLDER_DAY), "bibtex", "iso")),
        ("RIS", "ris", _pre(cite.ris(meta, title, docname, _PLACEHOLDER_DAY).rstrip("\n"), "text", "ris")),
        ("CSL-JSON", "csl-json", _pre(cite.csl_json(meta, title, docname, _PLACEHOLDER_DAY), "json", "csl")),
    ]
    url = cite.work_url(meta, docname)
    lines = [f'<p class="cite-url">Stable URL: <a href="{attr(url)}">{html.escape(url)}</a></p>']
    if cite.doi(meta):
        lines.append(f'<p class="cite-doi">DOI: <a href="{attr(cite.doi_url(meta))}">{html.escape(cite.doi(meta))}</a></p>')
    lines.append(f'<p class="cite-accessed-field"><label for="cite-accessed-{slug}">Accessed on</label> '
                 f'<input type="date" id="cite-accessed-{slug}" class="cite-accessed-input" '
                 f'value="{date.today().isoformat()}"></p>')
    head = "".join(lines)
    tabs = "\n".join(f":::{{tab-item}} {label}\n:sync: cite-{key}\n\n{block}\n:::\n" for label, key, block in records)
    downloads = (f'<p class="cite-downloads">Download: <a href="{attr(files_href)}.bib" download>BibTeX (.bib)</a> · '
                 f'<a href="{attr(files_href)}.ris" download>RIS (.ris)</a>, for Zotero, Mendeley, EndNote and others.</p>')
    for block in (head, downloads, *(b for _, _, b in records)):
        assert "\n\n" not in block, "a raw HTML block must not contain a blank line"
    return f"{head}\n\n::::{{tab-set}}\n:class: cite-tabs\n\n{tabs}::::\n\n{downloads}\n"


def how_to_cite_markdown(meta: dict) -> str:
    """The book's own citation box and the promise about numbers, for the How to cite page."""
    return (cite_box_markdown(meta, meta["title"], None, f"../../{BOOK_FILES}") + "\n"
            "Chapters are numbered, and figures and tables are numbered within their chapter: Figure 3.2 is the "
            "second figure of chapter 3, Table 4.1 the first table of chapter 4. Adding a figure to one chapter "
            "never renumbers the figures of another.\n")


def write_citation_files(app, exception) -> None:
    """``<chapter>.bib`` and ``<chapter>.ris`` beside every chapter page with a cite box, and the
    book's own ``minsk2020-book.bib``/``.ris`` at the root (no access date: that is the reader's)."""
    if exception is not None or app.builder.format != "html":
        return
    meta = cite.metadata()
    outdir = Path(app.outdir)
    targets = [(outdir / BOOK_FILES, meta["title"], None)]
    targets += [(outdir / docname, page_title(app.srcdir, docname), docname)
                for docname in sorted(app.env.found_docs) if has_cite_box(docname)]
    for base, title, docname in targets:
        base.parent.mkdir(parents=True, exist_ok=True)
        base.with_name(base.name + ".bib").write_text(cite.bibtex(meta, title, docname) + "\n", encoding="utf-8")
        base.with_name(base.name + ".ris").write_text(cite.ris(meta, title, docname), encoding="utf-8")


# ---------------------------------------------------------------- tables numbered as tables
class table_figure(nodes.figure):  # noqa: N801 (docutils names node classes in lower case)
    """A table pasted with ``glue:figure`` (name ``tbl-...``): a figure numbered as a table."""


def number_glued_tables_as_tables(app, doctree) -> None:
    for figure in list(doctree.findall(nodes.figure)):
        if type(figure) is nodes.figure and any(i.startswith(TABLE_PREFIX) for i in figure["ids"]):
            replacement = table_figure(figure.rawsource, *figure.children, **figure.attributes)
            figure.replace_self(replacement)
            for ident in replacement["ids"]:  # references find their target through document.ids
                doctree.ids[ident] = replacement


def _visit_figure(translator_class):
    return (lambda self, node: translator_class.visit_figure(self, node),
            lambda self, node: translator_class.depart_figure(self, node))


def setup(app):
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator
    from sphinx.writers.text import TextTranslator

    app.add_config_value("book_pdf_edition", "", "html", types=frozenset({str}))
    app.add_enumerable_node(table_figure, "table", lambda node: node.next_node(nodes.caption).astext()
                            if node.next_node(nodes.caption) else None,
                            html=_visit_figure(HTML5Translator), latex=_visit_figure(LaTeXTranslator),
                            text=_visit_figure(TextTranslator))
    app.connect("config-inited", check_base_url, priority=900)  # after the config values are final
    app.connect("doctree-read", number_glued_tables_as_tables)
    app.connect("html-page-context", add_citation_meta, priority=400)  # before sphinxext.opengraph (500)
    # on every page (a few hundred bytes, cached): added from html-page-context, Sphinx would
    # also append it, without defer, to every later page
    app.add_js_file(CITE_JS, defer="defer")
    app.add_css_file(CITE_CSS)
    app.connect("build-finished", write_citation_files)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
