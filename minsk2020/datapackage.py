"""The Frictionless data package (data/datapackage.json) and its validation.

One resource descriptor per table lives in ``data/schemas/<table>.yaml`` (title,
description, fields with types, units and constraints, primary key). For processed
tables the package also records the builder that wrote the table and the registered
sources it read, taken from the builder declaration, so the chain chart -> table ->
builder -> source is written down once.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from . import registry
from .builders import all_builders
from .errors import SchemaError
from .paths import DATA, DATAPACKAGE, SCHEMAS

PACKAGE_META = {
    "name": "minsk2020-book-data",
    "title": "Pompeo in Minsk, February 2020: the data behind the book",
    "description": (
        "Tidy tables derived by code from public raw files (processed/) and hand-curated, "
        "sourced tables (curated/) behind the book's chapters. Each processed resource names "
        "the builder that wrote it and the registered raw files it was built from "
        "(data/sources.yaml: URL and sha256). Curated tables carry a source URL on every row."
    ),
    "licenses": [
        {
            "name": "CC-BY-4.0",
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "Creative Commons Attribution 4.0 for the book's own curation and code output; "
            "figures derived from third-party sources remain subject to the terms named in each source",
        }
    ],
}


def load_descriptor(path: Path) -> dict:
    with open(path, encoding="utf-8") as handle:
        descriptor = yaml.safe_load(handle)
    if not isinstance(descriptor, dict) or "schema" not in descriptor:
        raise SchemaError(f"{path}: a resource descriptor needs at least name, path and schema")
    expected = path.stem
    if descriptor.get("name") != expected:
        raise SchemaError(f"{path}: name {descriptor.get('name')!r} differs from the file stem {expected!r}")
    return descriptor


def resources() -> list[dict]:
    """Every resource descriptor, with builder and sources filled in for processed tables."""
    builders = {table: b for b in all_builders() for table in b.tables}
    out = []
    for path in sorted(SCHEMAS.glob("*.yaml")):
        descriptor = load_descriptor(path)
        name = descriptor["name"]
        kind = descriptor.get("kind", "processed" if descriptor["path"].startswith("processed/") else "curated")
        descriptor["kind"] = kind
        descriptor.setdefault("format", "csv")
        descriptor.setdefault("mediatype", "text/csv")
        descriptor.setdefault("encoding", "utf-8")
        if kind == "processed":
            if name not in builders:
                raise SchemaError(f"{path}: processed table {name!r} has no builder in minsk2020.builders")
            entry = builders[name]
            descriptor["builder"] = entry.qualname
            descriptor["sources"] = [
                {
                    "id": source_id,
                    "title": registry.get(source_id).dataset["title"],
                    "path": registry.get(source_id).url,
                    "dataset": registry.get(source_id).dataset_id,
                }
                for source_id in entry.sources
            ]
        out.append(descriptor)
    declared = {d["name"] for d in out}
    missing = sorted(set(builders) - declared)
    if missing:
        raise SchemaError(f"tables without a descriptor in {SCHEMAS}: {', '.join(missing)}")
    return out


def descriptor() -> dict:
    return {**PACKAGE_META, "resources": resources()}


def to_json(package: dict) -> str:
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


def write(path: Path = DATAPACKAGE) -> dict:
    package = descriptor()
    path.write_text(to_json(package), encoding="utf-8")
    return package


def validate(package: dict | None = None, basepath: Path = DATA) -> None:
    """Validate every table against its schema; raise SchemaError naming file, row and field."""
    from frictionless import Package, system

    package = package if package is not None else descriptor()
    problems: list[str] = []
    for resource in package["resources"]:
        if not (Path(basepath) / resource["path"]).is_file():
            problems.append(f"{resource['path']}: file is missing")
    if problems:
        raise SchemaError("data package is not valid:\n  " + "\n  ".join(problems))
    with system.use_context(trusted=True):
        report = Package(package, basepath=str(basepath)).validate()
    if report.valid:
        return
    for task in report.tasks:
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field_name = getattr(error, "field_name", None)
            where = task.place
            if row is not None:
                where += f", row {row}"
            if field_name:
                where += f", field {field_name!r}"
            problems.append(f"{where}: {error.type}: {error.message}")
    for error in report.errors:
        problems.append(f"package: {error.type}: {error.message}")
    raise SchemaError("data package is not valid:\n  " + "\n  ".join(problems[:50]))
