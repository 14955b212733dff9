"""IMF DOTS builder (dots_trade_annual): values read by hand from the workbooks, layout errors."""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from minsk2020.data import countries
from minsk2020.data.builders import imf_dots
from minsk2020.errors import RawFormatError


def test_parse_value_number_estimate_and_empty():
    assert imf_dots.parse_value(13685.7551, "x") == (13685.7551, False)
    assert imf_dots.parse_value(7, "x") == (7.0, False)
    assert imf_dots.parse_value("1.53 e", "x") == (1.53, True)
    assert imf_dots.parse_value("1,066.57 e", "x") == (1066.57, True)  # Iran 2010 exports to Germany (AK19)
    assert imf_dots.parse_value(None, "x") == (None, False)
    with pytest.raises(RawFormatError, match="cell Q9"):
        imf_dots.parse_value("n.a.", "sheet 'Exports, FOB', cell Q9")
    with pytest.raises(RawFormatError):
        imf_dots.parse_value("1.53", "x")  # text without the estimate flag is not a layout we know


@pytest.fixture(scope="module")
def dots(raw):
    return imf_dots.dots_trade_annual(raw)


def value(frame, reporter, partner, flow, year):
    rows = frame[(frame.reporter_iso3 == reporter) & (frame.partner_iso3 == partner)
                 & (frame.flow == flow) & (frame.year == year)]
    assert len(rows) == 1, (reporter, partner, flow, year, len(rows))
    return rows.iloc[0]


@pytest.mark.parametrize(
    "reporter, partner, flow, year, expected",
    [
        # read by hand in the workbooks (openpyxl, cell values) and CATALOGUE.md check values
        ("BLR", "RUS", "exports", 2019, 13686),
        ("BLR", "WLD", "exports", 2019, 32955),
        ("BLR", "EUU", "exports", 2019, 6083),
        ("BLR", "RUS", "imports", 2019, 22016),
        ("BLR", "CHN", "imports", 2019, 3808),
        ("BLR", "RUS", "exports", 2020, 13156.8),
        ("BLR", "RUS", "imports", 2020, 16510.5),
        ("KAZ", "CHN", "imports", 2019, 6566),
        ("CHN", "KGZ", "exports", 2019, 6312),
        ("KGZ", "CHN", "imports", 2019, 1735),
        ("TKM", "WLD", "exports", 2019, 10539.5),  # DOTS_201 "Exports, FOB" AD9 (column AD = 2019)
    ],
)
def test_values_read_from_workbooks(dots, reporter, partner, flow, year, expected):
    row = value(dots, reporter, partner, flow, year)
    assert row.value_usd_m == pytest.approx(expected, abs=0.51)
    assert not row.is_estimate


def test_turkmenistan_estimate_flag(dots):
    # DOTS_201 'Exports, FOB': United States row 49, C49 = '2.09 e' (1992), E49 = '1.64 e' (1994)
    row = value(dots, "TKM", "USA", "exports", 1992)
    assert row.value_usd_m == pytest.approx(2.09) and row.is_estimate
    row = value(dots, "TKM", "RUS", "exports", 1994)  # E85 = '54.82 e'
    assert row.value_usd_m == pytest.approx(54.82) and row.is_estimate
    # 1993 Russia cell is empty: no row
    assert dots[(dots.reporter_iso3 == "TKM") & (dots.partner_iso3 == "RUS") & (dots.flow == "exports")
                & (dots.year == 1993)].empty


def test_shape_and_keys(dots):
    assert set(dots.reporter_iso3) == {countries.lookup(name, source_id, "").iso3 for source_id, name in imf_dots.REPORTERS.items()}
    assert set(dots.flow) == {"exports", "imports"}
    assert not dots.duplicated(["reporter_iso3", "partner_iso3", "flow", "year"]).any()
    assert (dots.reporter_iso3 != dots.partner_iso3).all()
    assert {"WLD", "EUU", "USA", "CHN", "RUS", "AFG"} <= set(dots.partner_iso3)
    assert 20000 < len(dots) < 30000
    assert dots.year.min() == 1960 and dots.year.max() == 2020
    # each of the five Central Asian reporters has both flows with World for 1995-2020
    for iso3 in ["KAZ", "KGZ", "TJK", "TKM", "UZB"]:
        world = dots[(dots.reporter_iso3 == iso3) & (dots.partner_iso3 == "WLD")]
        for flow in ["exports", "imports"]:
            assert set(range(1995, 2021)) <= set(world[world.flow == flow].year), (iso3, flow)


def _broken_copy(raw, tmp_path, source_id, edit):
    path = tmp_path / f"{source_id}.xlsx"
    shutil.copyfile(raw(source_id), path)
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)
    return path


def test_year_stored_as_number_fails_naming_sheet_and_cell(raw, tmp_path):
    def edit(wb):
        wb["Imports, CIF"]["C7"] = 1992

    path = _broken_copy(raw, tmp_path, "imf_dots_103", edit)
    with pytest.raises(RawFormatError) as err:
        imf_dots.read_workbook(path, "imf_dots_103")
    message = str(err.value)
    assert "imf_dots_103" in message and "'Imports, CIF'" in message and "cell C7" in message


def test_wrong_reporter_fails_naming_b4(raw, tmp_path):
    def edit(wb):
        wb["Exports, FOB"]["B4"] = "Kyrgyz Rep."

    path = _broken_copy(raw, tmp_path, "imf_dots_103", edit)
    with pytest.raises(RawFormatError, match=r"'Exports, FOB', cell B4: expected 'Kazakhstan, Rep. of'"):
        imf_dots.read_workbook(path, "imf_dots_103")


def test_shifted_layout_fails_naming_b2(raw, tmp_path):
    def edit(wb):
        wb["Exports, FOB"].insert_rows(1)  # everything one row lower

    path = _broken_copy(raw, tmp_path, "imf_dots_201", edit)
    with pytest.raises(RawFormatError, match=r"imf_dots_201 .*sheet 'Exports, FOB', cell B2"):
        imf_dots.read_workbook(path, "imf_dots_201")


def test_missing_sheet_fails(raw, tmp_path):
    def edit(wb):
        wb["Imports, CIF"].title = "Imports"

    path = _broken_copy(raw, tmp_path, "imf_dots_18", edit)
    with pytest.raises(RawFormatError, match=r"imf_dots_18 .*sheet 'Imports, CIF' not found"):
        imf_dots.read_workbook(path, "imf_dots_18")


def test_unexpected_value_fails_naming_cell(raw, tmp_path):
    def edit(wb):
        wb["Exports, FOB"]["AD9"] = "n/a"

    path = _broken_copy(raw, tmp_path, "imf_dots_201", edit)
    with pytest.raises(RawFormatError, match=r"sheet 'Exports, FOB', cell AD9: .*'n/a'"):
        imf_dots.read_workbook(path, "imf_dots_201")
