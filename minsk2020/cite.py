"""Citation helpers: one source of citation metadata (CITATION.cff) for the whole book.

The "How to cite" page and the "Cite this chapter" box on every chapter are generated from
here by the Sphinx extension, with the chapter title, the book, its version, the year and the
chapter's stable URL, as BibTeX, APA-style text and CSL-JSON.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import yaml

from .paths import ROOT

CFF = ROOT / "CITATION.cff"


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


def chapter_url(meta: dict, docname: str) -> str:
    return meta["url"].rstrip("/") + f"/{docname}.html"


def bibkey(meta: dict, docname: str) -> str:
    year = str(meta["date-released"])[:4]
    slug = re.sub(r"[^a-z0-9]+", "_", docname.split("/")[-1].lower()).strip("_")
    return f"minsk2020_{slug}_{year}"


def bibtex(meta: dict, title: str, docname: str | None = None) -> str:
    year = str(meta["date-released"])[:4]
    url = chapter_url(meta, docname) if docname else meta["url"]
    key = bibkey(meta, docname) if docname else f"minsk2020_book_{year}"
    entry = "incollection" if docname else "book"
    lines = [f"@{entry}{{{key},", f"  author = {{{{{authors_text(meta)}}}}},", f"  title = {{{{{title}}}}},"]
    if docname:
        lines.append(f"  booktitle = {{{{{meta['title']}}}}},")
    lines += [f"  edition = {{Version {meta['version']}}},", f"  year = {{{year}}},", f"  url = {{{url}}}", "}"]
    return "\n".join(lines)


def apa(meta: dict, title: str, docname: str | None = None) -> str:
    year = str(meta["date-released"])[:4]
    if docname:
        return (f"{authors_text(meta)} ({year}). {title}. In *{meta['title']}* (Version {meta['version']}). "
                f"{chapter_url(meta, docname)}")
    return f"{authors_text(meta)} ({year}). *{meta['title']}* (Version {meta['version']}). {meta['url']}"


def csl_json(meta: dict, title: str, docname: str | None = None) -> str:
    released = str(meta["date-released"])
    item = {
        "id": bibkey(meta, docname) if docname else "minsk2020_book",
        "type": "chapter" if docname else "book",
        "title": title,
        "author": [{"literal": a.get("name") or f"{a['given-names']} {a['family-names']}"} for a in meta["authors"]],
        "issued": {"date-parts": [[int(p) for p in released.split("-")]]},
        "version": str(meta["version"]),
        "URL": chapter_url(meta, docname) if docname else meta["url"],
    }
    if docname:
        item["container-title"] = meta["title"]
    return json.dumps([item], indent=2, ensure_ascii=False)


def footer_text(meta: dict, built: date | None = None) -> str:
    built = built or date.today()
    return f"Version {meta['version']} · built {built.isoformat()} · cite with CITATION.cff"
