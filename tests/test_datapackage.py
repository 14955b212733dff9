"""The data package: complete, up to date, valid, and precise when a table is not."""

from __future__ import annotations

import json
import shutil

import pytest

from minsk2020.data import datapackage
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
            assert resource["builder"].startswith("minsk2020.data.builders.")
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


# --- provenance, and `validate` reading what is committed ---


def test_processed_resources_record_builder_code_and_raw_file_hashes():
    import hashlib

    from minsk2020 import __version__
    from minsk2020.data import registry
    from minsk2020.paths import ROOT

    for resource in datapackage.descriptor()["resources"]:
        if resource["kind"] != "processed":
            continue
        code = resource["builder_code"]
        assert code["package_version"] == __version__
        module = resource["builder"].split(":")[0].replace(".", "/") + ".py"
        assert code["module"] == module
        assert code["module_sha256"] == hashlib.sha256((ROOT / module).read_bytes()).hexdigest()
        for source in resource["sources"]:
            pinned = registry.get(source["id"])
            assert (source["sha256"], source["size_bytes"]) == (pinned.sha256, pinned.size_bytes)


def test_datapackage_is_generated_deterministically():
    assert datapackage.to_json(datapackage.descriptor()) == datapackage.to_json(datapackage.descriptor())
    assert datapackage.to_json(datapackage.descriptor()) == DATAPACKAGE.read_text(encoding="utf-8")


def test_validate_reads_the_committed_file_and_a_corrupted_one_fails(tmp_path):
    assert datapackage.validate_committed() == []
    broken = tmp_path / "datapackage.json"
    text = DATAPACKAGE.read_text(encoding="utf-8")
    broken.write_text(text[: len(text) // 2], encoding="utf-8")  # killed while writing
    with pytest.raises(SchemaError, match=r"datapackage.json: not valid JSON at line \d+, column \d+"):
        datapackage.validate_committed(path=broken)


def test_validate_checks_tables_against_the_committed_schemas_not_regenerated_ones(tmp_path):
    committed = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    brent = next(r for r in committed["resources"] if r["name"] == "brent_daily_visit_window")
    next(f for f in brent["schema"]["fields"] if f["name"] == "brent_usd_per_bbl")["constraints"]["maximum"] = 50
    edited = tmp_path / "datapackage.json"
    edited.write_text(json.dumps(committed), encoding="utf-8")
    with pytest.raises(SchemaError, match=r"brent_daily_visit_window.csv, row \d+, field 'brent_usd_per_bbl'"):
        datapackage.validate_committed(path=edited)


def test_validate_says_how_the_committed_file_differs_from_the_generated_one(tmp_path, monkeypatch, capsys):
    from minsk2020.__main__ import main

    committed = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    committed["resources"][0]["description"] = "edited by hand"
    committed["resources"] = [r for r in committed["resources"] if r["name"] != "sipri_milex"] + [
        {**committed["resources"][1], "name": "stray_table"}]
    stale = tmp_path / "datapackage.json"
    stale.write_text(json.dumps(committed), encoding="utf-8")
    found = datapackage.validate_committed(path=stale)
    first = committed["resources"][0]["name"]
    assert f"resource {first}: description differ" in found
    assert "resource sipri_milex: in data/schemas but not in the committed file" in found
    assert "resource stray_table: in the committed file but not in data/schemas" in found
    monkeypatch.setattr(datapackage, "validate_committed", lambda: found)
    assert main(["validate"]) == 1
    err = capsys.readouterr().err
    assert "differs from what data/schemas and the builders generate" in err and "description differ" in err


def test_datapackage_command_writes_through_a_temporary_file(monkeypatch, tmp_path):
    import os

    target = tmp_path / "datapackage.json"
    target.write_text("{}", encoding="utf-8")
    renames = []
    real_replace = os.replace
    monkeypatch.setattr(os, "replace", lambda a, b: (renames.append(str(a)), real_replace(a, b)))
    datapackage.write(target)
    assert json.loads(target.read_text(encoding="utf-8"))["name"] == "minsk2020-book-data"
    assert len(renames) == 1 and renames[0].startswith(str(tmp_path / ".datapackage.json.")) and renames[0].endswith(".tmp")
