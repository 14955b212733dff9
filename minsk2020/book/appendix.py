"""The "Data sources" appendix, generated from data/sources.yaml and data/datapackage.json."""

from __future__ import annotations

import json

from minsk2020.data import registry
from minsk2020.paths import DATAPACKAGE


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def tables_by_dataset() -> dict[str, list[str]]:
    package = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    out: dict[str, list[str]] = {}
    for resource in package["resources"]:
        for source in resource.get("sources", []):
            dataset_id = source.get("dataset")
            if dataset_id and resource["name"] not in out.setdefault(dataset_id, []):
                out[dataset_id].append(resource["name"])
    return out


def data_sources_markdown(page_to_root: str = "../..") -> str:
    """MyST Markdown: one row per registered dataset, then one row per table of the package."""
    package = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    used = tables_by_dataset()
    lines = [
        "```{list-table} Registered sources: one row per dataset",
        ":header-rows: 1",
        ":widths: 14 26 20 16 12 12",
        ":name: table-data-sources",
        ":class: appendix-table",  # fits the column; cards on narrow screens (_static/book.css)
        "",
        "* - Source id",
        "  - Publisher, dataset and edition",
        "  - Licence or terms, as stated",
        "  - Coverage and files",
        "  - Tables built from it",
        "  - Citation",
    ]
    for dataset in registry.load_datasets():
        files = dataset["files"]
        tables = used.get(dataset["id"], [])
        tables_cell = ", ".join(f"`{t}`" for t in tables) if tables else "registered for coming chapters"
        lines += [
            f"* - `{dataset['id']}`",
            f"  - {_cell(dataset['publisher'])}: *{_cell(dataset['title'])}*. {_cell(dataset['edition'])}. "
            f"<{dataset['homepage']}>",
            f"  - {_cell(dataset['licence'])}",
            f"  - {_cell(dataset['coverage'])}; {len(files)} file{'s' if len(files) != 1 else ''} "
            f"({sum(f['size_bytes'] for f in files):,} bytes), each pinned by URL and sha256 in `data/sources.yaml`",
            f"  - {tables_cell}",
            f"  - {{cite:p}}`{dataset['citation_key']}`",
        ]
    lines += ["```", ""]
    lines += [
        "```{list-table} Tables of the data package: one row per table",
        ":header-rows: 1",
        ":widths: 22 38 20 20",
        ":name: table-data-package",
        ":class: appendix-table",
        "",
        "* - Table (CSV)",
        "  - Title",
        "  - Made by",
        "  - Sources",
    ]
    for resource in package["resources"]:
        made_by = f"`{resource['builder']}`" if resource.get("builder") else "curated by hand, a source URL on every row"
        sources = ", ".join(sorted({f"`{s['dataset']}`" for s in resource.get("sources", [])})) or "see the row sources"
        lines += [
            f"* - {{download}}`{resource['name']}.csv <{page_to_root}/data/{resource['path']}>`",
            f"  - {_cell(resource['title'])}",
            f"  - {made_by}",
            f"  - {sources}",
        ]
    lines += ["```", ""]
    return "\n".join(lines)
