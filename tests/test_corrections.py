"""Corrections are published: a curated table, a generated appendix page, a CHANGELOG line each."""

from __future__ import annotations

import re
import tomllib

import pytest

from minsk2020 import __version__
from minsk2020.book import cite
from minsk2020.book.corrections import CorrectionsError, corrections_markdown, load_corrections
from minsk2020.paths import ROOT

HEADER = "correction_id,date,version,chapter,item,what_was_wrong,what_changed,source_url,source_title\n"


def test_versions_agree_across_package_citation_and_changelog():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    changelog = re.search(r"^## (\d+\.\d+\.\d+)", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), re.M).group(1)
    assert __version__ == pyproject == str(cite.metadata()["version"]) == changelog


def test_every_correction_has_a_changelog_line_under_its_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## (\d+\.\d+\.\d+)[^\n]*\n(.*?)(?=^## |\Z)", changelog, re.M | re.S))
    corrections = load_corrections()
    assert len(corrections) >= 9, "the referee pass corrected at least the nine errors of issue 12"
    for row in corrections.to_dict("records"):
        assert row["version"] in sections, f"{row['correction_id']}: version {row['version']} has no CHANGELOG section"
        assert re.search(rf"^- {row['correction_id']}\b", sections[row["version"]], re.M), \
            f"{row['correction_id']}: no line '- {row['correction_id']} ...' under ## {row['version']}"


def test_the_page_lists_every_correction_newest_first_with_its_source():
    corrections = load_corrections()
    text = corrections_markdown(corrections)
    assert text.startswith(f"{len(corrections)} corrections")
    for row in corrections.to_dict("records"):
        assert f"**{row['correction_id']}**" in text
        assert f"(<{row['source_url']}>)" in text
        assert f"{{ref}}`{row['chapter']}`" in text


def test_a_javascript_source_url_is_refused_naming_file_row_and_field(tmp_path):
    bad = tmp_path / "corrections.csv"
    bad.write_text(HEADER + 'CORR-001,2026-11-30,0.2.0,ch-energy,Figure 1,"was","now",javascript:alert(1),t\n',
                   encoding="utf-8")
    with pytest.raises(CorrectionsError, match=r"corrections\.csv, row 2 \(CORR-001\), field source_url: scheme 'javascript'"):
        load_corrections(bad)


def test_markdown_in_a_correction_is_escaped(tmp_path):
    path = tmp_path / "corrections.csv"
    path.write_text(HEADER + 'CORR-001,2026-11-30,0.2.0,ch-energy,"{ref}`x` [a](b)","<b>x</b>","*y*",'
                    'https://example.org/a_(b),"t]"\n', encoding="utf-8")
    text = corrections_markdown(load_corrections(path))
    assert r"\{ref\}\`x\` \[a\](b)" in text and r"\<b\>x\</b\>" in text and r"\*y\*" in text
    assert "(<https://example.org/a_(b)>)" in text


@pytest.mark.book
def test_the_corrections_page_is_in_the_book(built_book):
    page = (built_book / "chapters" / "appendix" / "corrections.html").read_text(encoding="utf-8")
    for correction_id in load_corrections()["correction_id"]:
        assert correction_id in page
