"""The data package: complete, up to date, valid, and precise when a table is not."""

from __future__ import annotations

import json
import shutil

import pytest

from minsk2020 import datapackage
from minsk2020.errors import SchemaError
from minsk2020.paths import CURATED, DATA, DATAPACKAGE, PROCESSED


def test_committed_datapackage_is_up_to_date():
    committed = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    assert committed == datapackage.descriptor(), "run `python -m minsk2020 datapackage` and commit"


def test_every_table_file_is_described_and_every_description_has_a_file():
    described = {r["path"] for r in datapackage.descriptor()["resources"]}
    on_disk = {f"processed/{p.name}" for p in PROCESSED.glob("*.csv")} | {f"curated/{p.name}" for p in CURATED.glob("*.csv")}
    assert described == on_disk


def test_package_validates_with_frictionless():
    datapackage.validate()


def test_every_field_is_described_and_every_processed_table_names_builder_and_sources():
    for resource in datapackage.descriptor()["resources"]:
        assert resource.get("title") and resource.get("description"), resource["name"]
        for field in resource["schema"]["fields"]:
            assert field.get("type"), f"{resource['name']}.{field['name']}: no type"
        if resource["kind"] == "processed":
            assert resource["builder"].startswith("minsk2020.builders.")
            assert resource["sources"] and all(s["path"].startswith("https://") for s in resource["sources"])
        else:
            names = [f["name"] for f in resource["schema"]["fields"]]
            if "row_sources" in resource:  # a table about the article itself says so, and why
                assert len(resource["row_sources"]) > 40
                continue
            assert "source_url" in names, f"{resource['name']}: curated tables need a source_url column"


def test_schema_violation_names_file_row_and_field(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("*.yaml"))
    bad = data / "processed" / "brent_daily_visit_window.csv"
    lines = bad.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].split(",")[0] + ",-5"  # a negative price breaks the minimum constraint
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        datapackage.validate(basepath=data)
    message = str(info.value)
    assert "brent_daily_visit_window.csv" in message and "row 4" in message and "brent_usd_per_bbl" in message
