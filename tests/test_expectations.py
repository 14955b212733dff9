"""Expectations per processed table (row count, coverage): stated for every table, true of the
committed tables, and enforced by the data command: a raw file truncated at a line boundary
and re-pinned is refused, naming the table, and nothing is published."""

from __future__ import annotations

import csv
import shutil

import pytest
import yaml

from minsk2020.data import datapackage, expectations, registry
from minsk2020.errors import SchemaError
from minsk2020.paths import DATA, PROCESSED, SCHEMAS
from tests import data_project


def processed_resources():
    return [r for r in datapackage.descriptor()["resources"] if r["kind"] == "processed"]


def test_every_processed_table_states_row_count_and_coverage():
    resources = processed_resources()
    assert len(resources) == len(list(PROCESSED.glob("*.csv")))
    for resource in resources:
        assert resource["expectations"]["rows"]["min"] <= resource["expectations"]["rows"]["max"], resource["name"]
        assert resource["expectations"].get("coverage"), f"{resource['name']}: no coverage stated"


def test_committed_tables_meet_their_expectations():
    for resource in processed_resources():
        assert expectations.problems(resource, DATA / resource["path"]) == [], resource["name"]


def test_every_row_range_catches_a_54_row_truncation():
    for resource in processed_resources():
        rows = resource["expectations"]["rows"]
        committed = sum(1 for _ in open(DATA / resource["path"], encoding="utf-8")) - 1
        assert rows["min"] <= committed <= rows["max"]
        assert committed - 54 < rows["min"] or committed < 54, f"{resource['name']}: a 54-row loss would pass"


def resource_named(name):
    return next(r for r in processed_resources() if r["name"] == name)


def test_fewer_rows_and_shorter_coverage_are_named(tmp_path):
    resource = resource_named("brent_daily_visit_window")
    lines = (DATA / resource["path"]).read_text(encoding="utf-8").splitlines(keepends=True)
    cut = tmp_path / "cut.csv"
    cut.write_text("".join(lines[:32]), encoding="utf-8")  # header + 31 rows: ends mid-January 2020
    found = expectations.problems(resource, cut)
    assert any("table brent_daily_visit_window" in p and "rows 85..85 broken: it has 31 rows" in p for p in found), found
    assert any("coverage of 'date' from 2019-12-02 to 2020-03-31 broken: it spans 2019-12-02 to 2020-01-15" in p
               for p in found), found


def test_a_missing_category_and_a_short_numeric_span_are_named(tmp_path):
    resource = resource_named("belarus_sr_vintages_2019")
    text = (DATA / resource["path"]).read_text(encoding="utf-8")
    cut = tmp_path / "cut.csv"
    cut.write_text("\n".join(l for l in text.splitlines() if ",EI 2024," not in l) + "\n", encoding="utf-8")
    assert any("coverage of 'edition' broken: missing ['EI 2024']" in p for p in expectations.problems(resource, cut))
    years = resource_named("sipri_milex")
    frame_text = (DATA / years["path"]).read_text(encoding="utf-8").splitlines()
    header, rows = frame_text[0], frame_text[1:]
    year_column = header.split(",").index("year")
    kept = [r for r in rows if int(r.split(",")[year_column]) < 2020]
    cut.write_text("\n".join([header, *kept]) + "\n", encoding="utf-8")
    assert any("coverage of 'year' from 1992 to 2023 broken: it spans 1992 to 2019" in p
               for p in expectations.problems(years, cut))


@pytest.mark.parametrize("bad, message", [
    ({}, "needs `expectations: rows"),
    ({"rows": {"min": 5, "max": 2}}, "integer min <= max"),
    ({"rows": {"min": 1, "max": 2}, "coverage": [{"field": "nope", "from": 1, "to": 2}]}, "names field 'nope'"),
    ({"rows": {"min": 1, "max": 2}, "coverage": [{"field": "date"}]}, "needs from and to, or includes"),
])
def test_malformed_expectations_are_refused_naming_the_schema(bad, message):
    import datetime

    descriptor = yaml.safe_load((SCHEMAS / "brent_daily_visit_window.yaml").read_text(encoding="utf-8"))
    descriptor["expectations"] = bad
    with pytest.raises(SchemaError, match=message):
        expectations.check_descriptor(descriptor, "data/schemas/brent_daily_visit_window.yaml")
    descriptor["expectations"] = {"rows": {"min": 1, "max": 2},
                                  "coverage": [{"field": "date", "from": datetime.date(2019, 12, 2), "to": "2020-03-31"}]}
    with pytest.raises(SchemaError, match="quoted string, found date"):  # an unquoted YAML date
        expectations.check_descriptor(descriptor, "x.yaml")


@pytest.mark.mirror
def test_truncated_raw_file_repinned_is_refused_and_nothing_is_published(mirror, tmp_path):
    """The issue's case: a raw file cut at a line boundary, re-pinned, rebuilt: 54 rows fewer."""
    root = data_project.make_copy(tmp_path / "project")
    source = registry.get("eia_brent_daily")
    copy = tmp_path / "mirror"
    for sid in ("eia_brent_daily", "eia_brent_monthly"):
        local = copy / registry.get(sid).mirror_path
        local.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(mirror / registry.get(sid).mirror_path, local)
    raw = copy / source.mirror_path
    lines = raw.read_bytes().splitlines(keepends=True)
    last = next(i for i, line in enumerate(lines) if line.startswith(b"2020-01-15,"))
    raw.write_bytes(b"".join(lines[: last + 1]))  # cut at a line boundary after 15 January 2020
    env = {"BOOK_DATA_MIRROR": str(copy), "BOOK_DATA_CACHE": str(tmp_path / "cache")}
    data = root / "data"
    before = (data_project.snapshot(data / "processed"), (data / "datapackage.json").read_bytes())

    fill = data_project.run(root, "sources", "--fill", env=env)
    assert fill.returncode == 1 and "eia_brent_daily" in fill.stderr and "NOT changed" in fill.stderr

    refused = data_project.run(root, "sources", "--repin", "eia_brent_daily", env=env)
    assert refused.returncode == 1 and "pinned to git commit" in refused.stderr, refused.stderr

    repin = data_project.run(root, "sources", "--repin", "eia_brent_daily", "--force",
                             "--reason", "test: truncated copy", env=env)
    assert repin.returncode == 0, repin.stderr
    assert f"old sha256 {source.sha256}  size {source.size_bytes}" in repin.stdout
    assert f"new sha256 {registry.sha256_of(raw)}  size {raw.stat().st_size}" in repin.stdout

    result = data_project.run(root, "data", env=env)
    assert result.returncode == 1, result.stdout
    assert "table brent_daily_visit_window" in result.stderr
    assert "expectation rows 85..85 broken: it has 31 rows" in result.stderr  # 54 rows fewer
    assert "Traceback" not in result.stderr
    after = (data_project.snapshot(data / "processed"), (data / "datapackage.json").read_bytes())
    assert after == before, "a refused build changed data/processed or datapackage.json"
    assert data_project.leftovers(data) == []


# ---------------------------------------------------------------- row rules: low <= value <= high
def test_every_table_with_bounds_orders_them_on_every_row():
    """A table with X_low and X_high columns states the row rule, and every committed row keeps it."""
    for resource in datapackage.descriptor()["resources"]:
        names = [f["name"] for f in resource["schema"]["fields"]]
        bounded = [n[:-4] for n in names if n.endswith("_low") and f"{n[:-4]}_high" in names]
        ordered = (resource.get("expectations") or {}).get("ordered", [])
        for base in bounded:
            assert any(f"{base}_low" in rule and f"{base}_high" in rule for rule in ordered), (resource["name"], base)
        assert expectations.problems(resource, DATA / resource["path"]) == [], resource["name"]


def test_a_bound_on_the_wrong_side_is_named_by_table_row_and_values(tmp_path):
    resource = next(r for r in datapackage.descriptor()["resources"] if r["name"] == "remittances_by_sender")
    lines = (DATA / resource["path"]).read_text(encoding="utf-8").splitlines(keepends=True)
    planted = [line.replace(",9800,9750,9850,", ",9800,9900,9850,") if line.startswith("REM-027,") else line
               for line in lines]
    assert planted != lines
    bad = tmp_path / "remittances_by_sender.csv"
    bad.write_text("".join(planted), encoding="utf-8")
    found = expectations.problems(resource, bad)
    assert found == [f"table remittances_by_sender ({resource['path']}), row 28: expectation ordered broken: "
                     "value_usd_million_low (9900) <= value_usd_million (9800) <= value_usd_million_high (9850) "
                     "does not hold"]


def test_the_curated_gate_refuses_the_planted_row(tmp_path):
    from minsk2020.data.curated import validate_curated
    from minsk2020.errors import CuratedDataError

    folder = tmp_path / "curated"
    shutil.copytree(DATA / "curated", folder)
    table = folder / "belarus_gas_price.csv"
    with open(table, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0].update(price_usd_per_1000m3_low="200", price_usd_per_1000m3_high="100")
    with open(table, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(CuratedDataError, match=r"belarus_gas_price.*row 2: expectation ordered broken: "
                                               r"price_usd_per_1000m3_low \(200\)"):
        validate_curated(folder)


@pytest.mark.parametrize("rule, message", [
    (["price_usd_per_1000m3_low"], "two or more fields"),
    (["price_usd_per_1000m3_low", "source_url"], "'source_url', which is not a number field"),
])
def test_a_malformed_row_rule_is_refused(rule, message):
    descriptor = yaml.safe_load((SCHEMAS / "belarus_gas_price.yaml").read_text(encoding="utf-8"))
    descriptor["expectations"] = {"ordered": [rule]}
    with pytest.raises(SchemaError, match=message):
        expectations.check_ordered(descriptor, "data/schemas/belarus_gas_price.yaml")
