"""Citation helpers: one source of citation metadata (CITATION.cff) for the whole book.

The "How to cite" page, the "Cite this chapter" box on every chapter (APA, BibTeX, RIS,
CSL-JSON), the per-chapter ``.bib`` and ``.ris`` downloads, the ``citation_*`` meta tags and
``.zenodo.json`` are generated from here, with the chapter title, the book, its version, the
year, the chapter's stable URL and, once CITATION.cff has one, the DOI.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import yaml

from minsk2020.paths import ROOT

CFF = ROOT / "CITATION.cff"
ZENODO = ROOT / ".zenodo.json"  # generated: python -m minsk2020 zenodo


def metadata(path: Path = CFF) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def authors_text(meta: dict) -> str:
    names = []
    for author in meta["authors"]:
        if "name" in author:
            names.append(author["name"])
        else:
            names.append(f"{author['family-names']}, {author['given-names'][0]}.")
    return ", ".join(names)


def released(meta: dict) -> date:
    return date.fromisoformat(str(meta["date-released"]))


def doi(meta: dict) -> str | None:
    """The DOI in CITATION.cff (``doi:``, given once Zenodo has minted one), else None."""
    value = str(meta.get("doi") or "").strip()
    return value or None


def doi_url(meta: dict) -> str | None:
    return f"https://doi.org/{doi(meta)}" if doi(meta) else None


def publisher(meta: dict) -> str:
    """The book is self-published: its publisher is its authors (CFF has no top-level publisher)."""
    return authors_text(meta)


def chapter_url(meta: dict, docname: str) -> str:
    return meta["url"].rstrip("/") + f"/{docname}.html"


def work_url(meta: dict, docname: str | None) -> str:
    return chapter_url(meta, docname) if docname else meta["url"]


def bibkey(meta: dict, docname: str) -> str:
    year = str(meta["date-released"])[:4]
    slug = re.sub(r"[^a-z0-9]+", "_", docname.split("/")[-1].lower()).strip("_")
    return f"minsk2020_{slug}_{year}"


_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def bibtex_text(value: str) -> str:
    """``value`` safe inside a braced BibTeX field: LaTeX specials escaped, one line."""
    return _BIBTEX_SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


# Accessed dates, in the form each format writes them.
def accessed_iso(day: date) -> str:
    return day.isoformat()


def accessed_ris(day: date) -> str:
    return day.strftime("%Y/%m/%d")


def accessed_apa(day: date) -> str:
    return f"{day.strftime('%B')} {day.day}, {day.year}"


def accessed_csl(day: date) -> str:
    return f"{day.year}, {day.month}, {day.day}"


def bibtex(meta: dict, title: str, docname: str | None = None, accessed: date | None = None) -> str:
    """A BibTeX entry: ``@incollection`` for a chapter, ``@book`` for the book. ``urldate``
    (biblatex; plain BibTeX ignores it) only when an access date is given."""
    year = str(meta["date-released"])[:4]
    key = bibkey(meta, docname) if docname else f"minsk2020_book_{year}"
    entry = "incollection" if docname else "book"
    fields = [("author", "{" + bibtex_text(authors_text(meta)) + "}"), ("title", "{" + bibtex_text(title) + "}")]
    if docname:
        fields.append(("booktitle", "{" + bibtex_text(meta["title"]) + "}"))
    fields += [("edition", f"Version {bibtex_text(meta['version'])}"), ("publisher", bibtex_text(publisher(meta))),
               ("year", year), ("url", work_url(meta, docname))]
    if doi(meta):
        fields.append(("doi", doi(meta)))
    if accessed:
        fields.append(("urldate", accessed_iso(accessed)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{entry}{{{key},\n{body}\n}}"


def apa(meta: dict, title: str, docname: str | None = None, accessed: date | None = None, markup: bool = True) -> str:
    """APA-style reference. ``markup``: the book title in Markdown italics (``*...*``)."""
    year = str(meta["date-released"])[:4]
    book = f"*{meta['title']}*" if markup else meta["title"]
    url = doi_url(meta) or work_url(meta, docname)
    where = f"Retrieved {accessed_apa(accessed)}, from {url}" if accessed else url
    if docname:
        return f"{authors_text(meta)} ({year}). {title}. In {book} (Version {meta['version']}). {where}"
    return f"{authors_text(meta)} ({year}). {book} (Version {meta['version']}). {where}"


def ris_fields(meta: dict, title: str, docname: str | None = None, accessed: date | None = None) -> list[tuple[str, str]]:
    """The RIS record as (tag, value) pairs, TY first and ER last: ``CHAP`` for a chapter
    (T2 = the book), ``BOOK`` for the book."""
    fields = [("TY", "CHAP" if docname else "BOOK")]
    fields += [("AU", a.get("name") or f"{a['family-names']}, {a['given-names']}") for a in meta["authors"]]
    fields.append(("TI", " ".join(title.split())))
    if docname:
        fields.append(("T2", meta["title"]))
    fields += [("PY", str(meta["date-released"])[:4]), ("DA", accessed_ris(released(meta))),
               ("ET", f"Version {meta['version']}"), ("PB", publisher(meta)), ("UR", work_url(meta, docname))]
    if doi(meta):
        fields.append(("DO", doi(meta)))
    if accessed:
        fields.append(("Y2", accessed_ris(accessed)))
    fields += [("KW", str(k)) for k in meta.get("keywords", [])]
    fields += [("LA", "en"), ("ER", "")]
    return fields


def ris(meta: dict, title: str, docname: str | None = None, accessed: date | None = None) -> str:
    lines = [f"{tag}  - {value}" for tag, value in ris_fields(meta, title, docname, accessed)]
    return "\n".join(lines) + "\n"


def csl_json(meta: dict, title: str, docname: str | None = None, accessed: date | None = None) -> str:
    released_on = released(meta)
    item = {
        "id": bibkey(meta, docname) if docname else "minsk2020_book",
        "type": "chapter" if docname else "book",
        "title": title,
        "author": [{"literal": a.get("name") or f"{a['given-names']} {a['family-names']}"} for a in meta["authors"]],
        "issued": {"date-parts": [[released_on.year, released_on.month, released_on.day]]},
        "version": str(meta["version"]),
        "publisher": publisher(meta),
        "URL": work_url(meta, docname),
    }
    if docname:
        item["container-title"] = meta["title"]
    if doi(meta):
        item["DOI"] = doi(meta)
    if accessed:
        item["accessed"] = "\0ACCESSED\0"
    text = json.dumps([item], indent=2, ensure_ascii=False)
    if accessed:  # one line, so the box can show (and a script change) the date in place
        text = text.replace('"\\u0000ACCESSED\\u0000"', '{"date-parts": [[' + accessed_csl(accessed) + "]]}")
    return text


def highwire_tags(meta: dict, title: str, docname: str | None, *, pdf_url: str | None = None) -> list[tuple[str, str]]:
    """Highwire Press ``citation_*`` meta tags (read by Google Scholar, Zotero, Mendeley) for a
    chapter (``docname``) or the book (None).

    A chapter names its book in ``citation_book_title`` (Zotero's Embedded Metadata translator
    then saves a "Book Section") and in ``citation_inbook_title`` (the tag Google Scholar and
    others read). The version goes in ``prism.edition`` (Zotero's "Edition") and ``citation_version``.
    """
    tags = [("citation_title", " ".join(title.split()))]
    tags += [("citation_author", a.get("name") or f"{a['family-names']}, {a['given-names']}") for a in meta["authors"]]
    tags.append(("citation_publication_date", accessed_ris(released(meta))))
    if docname:
        tags += [("citation_book_title", meta["title"]), ("citation_inbook_title", meta["title"])]
    tags += [("citation_publisher", publisher(meta)), ("citation_public_url", work_url(meta, docname))]
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    if doi(meta):
        tags.append(("citation_doi", doi(meta)))
    tags += [("citation_version", str(meta["version"])), ("prism.edition", f"Version {meta['version']}"),
             ("citation_language", "en")]
    if meta.get("keywords"):
        tags.append(("citation_keywords", "; ".join(str(k) for k in meta["keywords"])))
    return tags


def zenodo(path: Path = CFF) -> dict:
    """``.zenodo.json`` for Zenodo's GitHub integration, converted from CITATION.cff by
    cffconvert, as a book (Zenodo upload type "publication", publication type "book").
    The DOI is never written here: Zenodo mints it for each release."""
    from cffconvert import Citation

    record = Citation(path.read_text(encoding="utf-8")).as_zenodo()
    record = json.loads(record) if isinstance(record, str) else dict(record)
    record.pop("doi", None)
    record["upload_type"] = "publication"
    record["publication_type"] = "book"
    return record


def zenodo_text(path: Path = CFF) -> str:
    return json.dumps(zenodo(path), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def footer_text(meta: dict, built: date | None = None) -> str:
    built = built or date.today()
    return f"Version {meta['version']} · built {built.isoformat()} · cite with CITATION.cff"
