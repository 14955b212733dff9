"""The hand-curated tables (data/curated/*.csv) as the book build reads them, and their gate.

:func:`validate_curated` runs at the start of every book build (Sphinx ``builder-inited``, see
:mod:`minsk2020.book.sphinxext`): every curated CSV is validated against its schema in the committed
``data/datapackage.json`` (with :func:`minsk2020.data.datapackage.validate`), every field that holds
URLs must hold only http(s) URLs, and the claims register's own rules must hold. Any problem
stops the build with the file, row, field and the rule broken.

``$BOOK_CURATED_DIR`` points the build at another folder of curated CSVs (the tests plant
hostile rows in a temporary copy this way); by default it is ``data/curated``.
"""

from __future__ import annotations

import copy
import csv
import json
import re
from pathlib import Path

from minsk2020.data import claims
from minsk2020.errors import CuratedDataError, SchemaError
from minsk2020.paths import DATAPACKAGE, curated_dir
from minsk2020.safehtml import url_problem

URL_FIELD = re.compile(r"(^|_)urls?($|_)")  # url, source_url, end_source_url, source_urls, url_checked...


def curated_resources(folder: Path, package_path: Path = DATAPACKAGE) -> list[dict]:
    """The curated resources of the committed data package, their paths pointed into ``folder``."""
    try:
        package = json.loads(package_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise CuratedDataError(f"{package_path}: cannot read the data package ({err}); "
                               "restore it with `git checkout data/datapackage.json`") from err
    resources = []
    for resource in package.get("resources", []):
        if resource.get("kind") != "curated":
            continue
        resource = copy.deepcopy(resource)
        resource["path"] = str(Path(folder) / Path(resource["path"]).name)
        resources.append(resource)
    return resources


def is_url_field(field: dict) -> bool:
    return field.get("format") == "uri" or bool(URL_FIELD.search(field.get("name", "")))


def url_problems(resource: dict) -> list[str]:
    """Every value of a URL field that is not an http(s) URL, as 'file, row N, field F: ...'."""
    fields = [f["name"] for f in resource["schema"]["fields"] if is_url_field(f)]
    if not fields:
        return []
    found = []
    path = Path(resource["path"])
    with open(path, encoding="utf-8", newline="") as handle:
        for row_number, row in enumerate(csv.DictReader(handle), start=2):  # row 1 is the header
            for name in fields:
                value = (row.get(name) or "").strip()
                for url in filter(None, (part.strip() for part in value.split(";"))):
                    problem = url_problem(url)
                    if problem:
                        found.append(f"{path.name}, row {row_number}, field {name!r}: {url!r} {problem} "
                                     "(rule: URL fields hold only http and https URLs)")
    return found


def validate_curated(folder: Path | None = None, package_path: Path = DATAPACKAGE) -> None:
    """Raise :class:`CuratedDataError` naming file, row, field and rule for every problem found."""
    from minsk2020.data import datapackage

    folder = Path(folder) if folder is not None else curated_dir()
    resources = curated_resources(folder, package_path)
    described = {Path(r["path"]).name for r in resources}
    problems = [f"{csv_path.name}: no resource in {package_path.name} describes this curated table "
                "(add data/schemas/<table>.yaml and run `python -m minsk2020 datapackage`)"
                for csv_path in sorted(folder.glob("*.csv")) if csv_path.name not in described]
    try:
        datapackage.validate({"name": "curated", "resources": resources}, basepath=folder)
    except SchemaError as err:
        problems += [line.strip() for line in str(err).splitlines()[1:] if line.strip()]
    for resource in resources:
        if Path(resource["path"]).is_file():
            problems += url_problems(resource)
    if not problems:
        register = folder / f"{claims.TABLE}.csv"
        if register.is_file():
            problems += [f"{register.name}: {p}" for p in claims.problems(claims.load_claims(register))]
    if problems:
        raise CuratedDataError(
            f"curated data in {folder} is not valid; the book is not built from it. Fix these rows:\n  "
            + "\n  ".join(problems))
