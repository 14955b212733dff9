"""The source line under each chart speaks to readers; "Sources and data" holds the provenance."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest
from lxml import html as lxml_html

from minsk2020.book import charts
from minsk2020.data import registry

HEX = re.compile(r"\b(?=[0-9a-f]*\d)[0-9a-f]{7,40}\b")


@pytest.mark.parametrize("dataset", registry.load_datasets(), ids=lambda d: d["id"])
def test_source_line_names_publisher_and_edition_without_ids_or_hashes(dataset):
    line = charts.source_line([dataset["id"]])
    assert dataset["publisher"] in line and dataset["title"] in line
    assert not HEX.search(line), f"a commit hash in the reader's source line: {line}"
    assert f"[{dataset['id']}]" not in line and "Table:" not in line and "commit" not in line
    assert not re.search(r"\S+\.(csv|xml|xlsx?)\b", line.replace(dataset["title"], "")), line


@pytest.mark.parametrize("edition, expected", [
    ("datasets/oil-prices commit 2d75ce3 (auto-update of 2026-08-22)", "auto-update of 2026-08-22"),
    ("HistoryAtState/travels commit 3170c77 (2026-07-18)", "version of 2026-07-18"),
    ("Snapshots: on or before 2015-01-17 (seavoyage/BigDataMiner fb733c4)", "Snapshots: on or before 2015-01-17"),
    ("Extracted February 2022 (data to 2020); copy in a/b commit abcdef1", "Extracted February 2022 (data to 2020)"),
    ("owner/repo commit 0123456789abcdef0123456789abcdef01234567", ""),
])
def test_reader_edition_drops_repositories_hashes_and_files(edition, expected):
    assert charts.reader_edition(edition) == expected


def test_figure_lists_every_table_it_draws_on_with_download_and_raw_files(monkeypatch, tmp_path):
    data = pd.DataFrame({"year": [2019, 2020], "value": [1.0, 2.0]})
    chart = charts.alt.Chart(data).mark_line().encode(x="year:O", y="value:Q")
    fig = charts.figure(chart, name="fig-test-sources", title="A finding stated as a sentence",
                        description="A test chart of two values over two years, for the source checks.",
                        table="belarus_energy_ei2024", sources=["belarus_energy_ei2024", "claims"], data=data)
    subtitle = " ".join(fig.spec["title"]["subtitle"])
    assert "Table:" not in subtitle and "[" not in subtitle and not HEX.search(subtitle)
    tree = lxml_html.fragment_fromstring(fig.html(), create_parent="div")
    assert tree.xpath("//p[@class='chart-source']")[0].text_content() == fig.source
    details = tree.xpath("//details[contains(@class,'chart-sources')]")[0]
    assert details.xpath("summary")[0].text_content() == "Sources and data"
    downloads = details.xpath(".//p[@class='chart-links']/a[@download]/@href")
    assert [h.rsplit("/", 1)[-1] for h in downloads] == ["belarus_energy_ei2024.csv", "claims.csv"]
    raw = details.xpath(".//a[@class='chart-source-url']/@href")
    hashes = details.xpath(".//code[@class='chart-sha256']/text()")
    assert raw and all(u.startswith("https://") for u in raw) and all(re.fullmatch(r"[0-9a-f]{64}", h) for h in hashes)
    assert "Compiled by hand" in details.text_content()
    assert tree.xpath("//div[@class='chart-scroll']/div[@class='vega-chart']")


def test_every_built_figure_has_a_source_line_and_a_download_per_table(built_book_html):
    problems = []
    for page in sorted(built_book_html.glob("chapters/**/*.html")):
        tree = lxml_html.parse(str(page)).getroot()
        for figure in tree.xpath('//div[contains(@class, "book-figure")][not(contains(@class, "book-figure-print"))]'):
            name = figure.get("id")
            line = figure.xpath('.//p[@class="chart-source"]')
            if not line or not line[0].text_content().startswith("Source: ") or HEX.search(line[0].text_content()):
                problems.append(f"{page.name} {name}: no reader's source line")
            if not figure.xpath('.//details[contains(@class,"chart-sources")]//a[@download]'):
                problems.append(f"{page.name} {name}: no download in Sources and data")
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def built_book_html(request):
    import os
    from pathlib import Path

    env = os.environ.get("BOOK_HTML")
    return Path(env) if env else request.getfixturevalue("built_book")


def _test_figure(**kwargs):
    data = pd.DataFrame({"year": [2019, 2020], "value": [1.0, 2.0]})
    chart = charts.alt.Chart(data).mark_line().encode(x="year:O", y="value:Q")
    return charts.figure(chart, name="fig-test_spec", title="A finding stated as a sentence",
                         description="A test chart of two values over two years, for the spec checks.",
                         data=data, **kwargs)


def test_sources_default_to_the_tables_and_give_the_same_line():
    named = _test_figure(table="belarus_energy_ei2024", sources=["ei_sr2024_alldata"])
    derived = _test_figure(table="belarus_energy_ei2024")
    assert derived.source == named.source == (
        "Source: Energy Institute, Statistical Review of World Energy 2024, all-data workbook, 2024 (73rd edition, data to 2023).")
    assert derived.spec["title"]["subtitle"] == named.spec["title"]["subtitle"]


def test_the_source_line_is_read_from_the_data_package(monkeypatch):
    from minsk2020.data import published

    package = json.loads(json.dumps(published.package()))
    for resource in package["resources"]:
        for source in resource.get("sources", []):
            if source["dataset"] == "ei_sr2024_alldata":
                source["publisher"], source["version"] = "Planted Publisher", "planted edition"
    monkeypatch.setattr(published, "package", lambda: package)
    assert charts.source_line(["belarus_energy_ei2024"]) == (
        "Source: Planted Publisher, Statistical Review of World Energy 2024, all-data workbook, planted edition.")
    with pytest.raises(KeyError, match="no_such_source"):
        charts.source_line(["no_such_source"])


def test_the_figure_output_carries_its_spec_under_its_own_mime_type():
    from minsk2020.book import vega

    fig = _test_figure(table="claims")
    bundle = fig._repr_mimebundle_()
    assert bundle[vega.MIME_TYPE] == {"name": "fig-test-spec", "spec": fig.spec, "table": "claims",
                                      "description": fig.description}
    json.dumps(bundle[vega.MIME_TYPE])  # a notebook output must be JSON
    tree = lxml_html.fragment_fromstring(bundle["text/html"], create_parent="div")
    assert tree.xpath("//a[contains(@href, '_static/figures/fig-test-spec.svg')]")
