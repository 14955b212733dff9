"""minsk2020.data.raw: every error opening a raw file names the source id and the file."""

from __future__ import annotations

import openpyxl
import pytest

from minsk2020.data import raw
from minsk2020.errors import RawFormatError


@pytest.mark.parametrize("name, content, opener, message", [
    ("prices.xlsx", "Date,Price\n", lambda p: raw.open_workbook(p, "src_x"), "cannot be read as an xlsx workbook"),
    ("empty.csv", "", lambda p: raw.read_csv(p, "src_x"), "cannot be read as CSV"),
], ids=["not-a-workbook", "empty-csv"])
def test_an_unreadable_file_names_source_and_path(tmp_path, name, content, opener, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(RawFormatError, match=rf"^src_x \(.*{name.replace('.', '[.]')}\): {message}"):
        opener(path)


def test_a_missing_sheet_lists_the_sheets_found(tmp_path):
    path = tmp_path / "book.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Contents"
    book.save(path)
    opened = raw.open_workbook(path, "sipri_milex_1949_2023")
    with pytest.raises(RawFormatError, match=r"^sipri_milex_1949_2023 \(.*book\.xlsx\): sheet 'Share of GDP' not found \(sheets: \['Contents'\]\)"):
        raw.sheet(opened, "Share of GDP", "sipri_milex_1949_2023", path)
    assert raw.sheet(opened, "Contents", "sipri_milex_1949_2023", path).title == "Contents"


def test_a_csv_in_another_encoding(tmp_path):
    path = tmp_path / "gsdb.csv"
    path.write_bytes("case_id,sanctioned_state\n1,Bélarus\n".encode("utf-16"))
    with pytest.raises(RawFormatError, match=r"^gsdb_r3 \(.*gsdb\.csv\): unexpected encoding - not utf-8"):
        raw.read_text_csv(path, "gsdb_r3")


def test_header_checks_name_what_is_missing(tmp_path):
    path = tmp_path / "aid.csv"
    path.write_text("Country Code,Fiscal Year\nBLR,2019\n", encoding="utf-8")
    frame = raw.read_text_csv(path, "usaid_aid_country")
    assert raw.check_header(frame, ["Country Code", "Fiscal Year"], "usaid_aid_country", path) is frame
    with pytest.raises(RawFormatError, match=r"^usaid_aid_country \(.*aid\.csv\): unexpected header; .*\(missing: \['Amount'\]\)"):
        raw.check_header(frame, ["Country Code", "Fiscal Year", "Amount"], "usaid_aid_country", path)
    with pytest.raises(RawFormatError, match=r"^usaid_aid_country \(.*aid\.csv\): unexpected header - missing columns \['Amount'\]"):
        raw.require_columns(frame, ["Amount"], "usaid_aid_country", path)
