"""The Frictionless data package (data/datapackage.json) and its validation.

One resource descriptor per table lives in ``data/schemas/<table>.yaml`` (title,
description, fields with types, units and constraints, primary key). For processed
tables the package also records the builder that wrote the table, its code version (package
version and sha256 of the builder module's source) and the registered sources it read
with their sha256 and size (for a derived table, those behind its input tables too), and the
tables the builder read (``input_tables``), taken from the builder declarations and
data/sources.yaml, so the chain chart -> table -> builder -> source is written down once.

``validate`` checks what is committed: the tables against data/datapackage.json as it is
on disk (a corrupted file fails), and then says whether that file differs from what the
schemas and builders would generate now.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import yaml

from minsk2020 import __version__
from minsk2020.data import expectations, graph, publish, registry
from minsk2020.data.builders import all_builders
from minsk2020.errors import SchemaError
from minsk2020.paths import DATA, DATAPACKAGE, ROOT, SCHEMAS

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


def file_hash(path: Path) -> str:
    """A resource's ``hash`` as the Frictionless spec writes it: ``sha256:<hex>`` of the file's bytes."""
    return "sha256:" + hashlib.sha256(Path(path).read_bytes()).hexdigest()


def resources(basepath: Path = DATA) -> list[dict]:
    """Every resource descriptor, with builder and sources filled in for processed tables, and
    the sha256 of each table file under ``basepath`` (what a notebook run outside the repository
    checks a table fetched from the published book against, see :mod:`minsk2020.data.published`)."""
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
        table_file = Path(basepath) / descriptor["path"]
        if table_file.is_file():
            descriptor["hash"] = file_hash(table_file)
        if kind == "curated" and "expectations" in descriptor:
            expectations.check_ordered(descriptor, str(path))
        if kind == "processed":
            if name not in builders:
                raise SchemaError(f"{path}: processed table {name!r} has no builder in minsk2020.data.builders")
            expectations.check_descriptor(descriptor, str(path))
            entry = builders[name]
            descriptor["builder"] = entry.qualname
            descriptor["builder_code"] = builder_code(entry)
            descriptor["input_tables"] = list(entry.reads)
            descriptor["sources"] = [
                {
                    "id": source_id,
                    "title": registry.get(source_id).dataset["title"],
                    "path": registry.get(source_id).url,
                    "dataset": registry.get(source_id).dataset_id,
                    "publisher": registry.get(source_id).dataset["publisher"],
                    "version": registry.get(source_id).dataset["edition"],  # the dataset's edition
                    "sha256": registry.get(source_id).sha256,
                    "size_bytes": registry.get(source_id).size_bytes,
                }
                for source_id in graph.sources_of(name, builders.values())
            ]
        out.append(descriptor)
    declared = {d["name"] for d in out}
    missing = sorted(set(builders) - declared)
    if missing:
        raise SchemaError(f"tables without a descriptor in {SCHEMAS}: {', '.join(missing)}")
    return out


def builder_code(entry) -> dict:
    """The code version of a builder: package version and sha256 of its module's source."""
    module = sys.modules[entry.func.__module__]
    source = Path(module.__file__)
    return {
        "package_version": __version__,
        "module": source.resolve().relative_to(ROOT).as_posix(),
        "module_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
    }


def descriptor(basepath: Path = DATA) -> dict:
    return {**PACKAGE_META, "resources": resources(basepath)}


def to_json(package: dict) -> str:
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


def write(path: Path = DATAPACKAGE) -> dict:
    """Regenerate the data package file (a unique temporary file, then one rename)."""
    package = descriptor()
    publish.atomic_write_text(path, to_json(package))
    return package


def load_committed(path: Path = DATAPACKAGE) -> dict:
    """The data package as committed; a clear SchemaError when it is missing or not valid JSON."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise SchemaError(f"{path}: cannot read the data package ({exc.strerror or exc}); "
                          "run `python -m minsk2020 datapackage`") from exc
    try:
        package = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SchemaError(
            f"{path}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}. "
            "Regenerate it with `python -m minsk2020 datapackage`."
        ) from exc
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        raise SchemaError(f"{path}: a data package needs a 'resources' list")
    return package


def differences(committed: dict, generated: dict) -> list[str]:
    """How the committed package differs from the generated one, resource by resource."""
    found = []
    for key in sorted(set(committed) | set(generated)):
        if key != "resources" and committed.get(key) != generated.get(key):
            found.append(f"package property {key!r} differs")
    old = {r.get("name"): r for r in committed.get("resources", [])}
    new = {r["name"]: r for r in generated["resources"]}
    for name in sorted(set(old) - set(new)):
        found.append(f"resource {name}: in the committed file but not in data/schemas")
    for name in sorted(set(new) - set(old)):
        found.append(f"resource {name}: in data/schemas but not in the committed file")
    for name in sorted(set(old) & set(new)):
        keys = sorted(k for k in set(old[name]) | set(new[name]) if old[name].get(k) != new[name].get(k))
        if keys:
            found.append(f"resource {name}: {', '.join(keys)} differ")
    if [r.get("name") for r in committed.get("resources", [])] != [r["name"] for r in generated["resources"]] and not found:
        found.append("resources are in a different order")
    return found


def validate_committed(path: Path = DATAPACKAGE, basepath: Path = DATA) -> list[str]:
    """Validate the committed tables against the committed package; return how it is stale.

    Raises SchemaError when the file is unreadable or a table breaks it; returns the list
    of differences from what the schemas and builders generate (empty when up to date).
    """
    committed = load_committed(path)
    validate(committed, basepath=basepath)
    return differences(committed, descriptor())


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
    for resource in package["resources"]:
        problems.extend(expectations.problems(resource, Path(basepath) / resource["path"]))
    # The content is validated here; whether a recorded hash is current is a staleness question
    # (validate_committed reports it), so a planted or edited table is judged by its rows and fields.
    unhashed = {**package, "resources": [{k: v for k, v in r.items() if k != "hash"} for r in package["resources"]]}
    with system.use_context(trusted=True):
        report = Package(unhashed, basepath=str(basepath)).validate()
    if report.valid and not problems:
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
