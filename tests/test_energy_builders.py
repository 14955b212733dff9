"""Energy chapter builders: values read by hand from the raw files, row counts, bad layouts."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from minsk2020.data.builders._statreview import Workbook
from minsk2020.data.graph import build_tables
from minsk2020.errors import RawFormatError


def build(table: str, fetch) -> dict[str, pd.DataFrame]:
    return build_tables([table], fetch)


@pytest.fixture(scope="module")
def tables(raw):
    return build_tables(["belarus_oil_balance_bp2021", "gas_pipeline_trade_bp2020", "gas_pipeline_trade_ei2024",
                         "belarus_sr_vintages_2019", "gas_pipeline_belarus_russia", "gas_oil_prices_monthly_pinksheet",
                         "brent_monthly_2018_2021"], raw)


# --- values read from the raw files (CATALOGUE.md check values and my own reading of the files)

def test_bp2021_belarus_values(tables):
    oil = tables["belarus_oil_balance_bp2021"].set_index("year")
    assert oil.loc[2019, "oil_consumption_mt"] == pytest.approx(7.06, abs=0.005)
    assert oil.loc[2020, "oil_consumption_mt"] == pytest.approx(6.47, abs=0.005)
    assert oil.loc[2019, "refinery_throughput_kbd"] == pytest.approx(358.5, abs=0.05)
    assert oil.loc[2020, "refinery_throughput_kbd"] == pytest.approx(312.9, abs=0.05)
    assert oil.loc[2019, "refining_capacity_kbd"] == 520
    assert oil.loc[2019, "refinery_throughput_mt"] == pytest.approx(358.527 * 0.0498, abs=1e-3)
    assert list(oil.index) == list(range(1990, 2021))


def test_bp2021_mix_and_prices(tables):
    mix = tables["belarus_primary_energy_bp2021"]
    assert len(mix) == 36 * 6
    y2019 = mix[mix["year"] == 2019].set_index("fuel")["consumption_ej"]
    assert y2019.sum() == pytest.approx(1.0537, abs=1e-3)  # 'Primary Energy Consumption - EJ', Belarus 2019
    assert y2019["Gas"] == pytest.approx(0.6899, abs=1e-4)
    prices = tables["gas_prices_annual_bp2021"].set_index(["benchmark", "year"])["price_usd_per_mmbtu"]
    assert prices["Germany, average import price", 2019] == pytest.approx(5.03, abs=0.005)
    assert prices["Germany, average import price", 2020] == pytest.approx(4.06, abs=0.005)
    assert prices["Netherlands TTF", 2019] == pytest.approx(4.45, abs=0.005)


def test_pipeline_matrices(tables):
    bp = tables["gas_pipeline_trade_bp2020"]
    ei = tables["gas_pipeline_trade_ei2024"]
    belarus_2019 = bp[bp["importer"] == "Belarus"]
    assert belarus_2019["volume_bcm"].sum() == pytest.approx(18.97, abs=0.005)
    assert set(belarus_2019["exporter"]) == {"Russian Federation"}
    assert bp.loc[bp["exporter"] == "Russian Federation", "volume_bcm"].sum() == pytest.approx(217.2, abs=0.05)
    belarus_2023 = ei[ei["importer"] == "Belarus"]
    assert belarus_2023["volume_bcm"].sum() == pytest.approx(16.79, abs=0.005)
    assert set(belarus_2023["exporter"]) == {"Russian Federation"}
    assert len(bp) == 75 and len(ei) == 52
    joint = tables["gas_pipeline_belarus_russia"].set_index(["edition", "importer", "exporter"])
    assert joint.loc[("bp 2020", "Belarus", "Russian Federation"), "share_of_importer_imports_pct"] == 100
    assert joint.loc[("bp 2020", "Belarus", "Russian Federation"), "share_of_exporter_exports_pct"] == pytest.approx(100 * 18.9708 / 217.1987, abs=1e-3)


def test_vintages(tables):
    v = tables["belarus_sr_vintages_2019"].set_index(["quantity", "edition"])["value_2019"]
    assert v["oil_consumption_mt", "bp 2020"] == pytest.approx(7.48, abs=0.005)
    assert v["oil_consumption_mt", "bp 2021"] == pytest.approx(7.06, abs=0.005)
    assert v["oil_consumption_mt", "EI 2024"] == pytest.approx(8.38, abs=0.005)
    assert v["refinery_throughput_kbd", "bp 2020"] == pytest.approx(336.5, abs=0.05)
    assert v["refinery_throughput_kbd", "EI 2024"] == pytest.approx(358.5, abs=0.05)
    assert v["gas_consumption_bcm", "bp 2020"] == pytest.approx(19.26, abs=0.005)
    assert v["gas_consumption_bcm", "EI 2024"] == pytest.approx(19.16, abs=0.005)
    assert v["german_import_price_usd_per_mmbtu", "bp 2020"] == pytest.approx(5.25, abs=0.005)
    assert v["german_import_price_usd_per_mmbtu", "bp 2021"] == pytest.approx(5.03, abs=0.005)
    assert pd.isna(v["german_import_price_usd_per_mmbtu", "EI 2024"])
    assert len(v) == 15


def test_ei2024_series(raw):
    ei = build("belarus_energy_ei2024", raw)["belarus_energy_ei2024"].set_index("year")
    assert ei.loc[2020, "oil_consumption_mt"] == pytest.approx(8.07, abs=0.005)
    assert ei.loc[2023, "oil_consumption_mt"] == pytest.approx(7.09, abs=0.005)
    assert ei.loc[2023, "gas_consumption_bcm"] == pytest.approx(16.78, abs=0.005)
    assert ei.loc[2020, "refinery_throughput_kbd"] == pytest.approx(326.3, abs=0.05)
    assert ei.loc[2023, "refinery_throughput_kbd"] == pytest.approx(314.5, abs=0.05)
    assert list(ei.index) == list(range(1990, 2024))


def test_pinksheet_values(tables):
    p = tables["gas_oil_prices_monthly_pinksheet"].set_index("month")
    assert p.loc["2020-01", "ngas_eur_usd_per_mmbtu"] == 3.63
    assert p.loc["2019-12", "ngas_eur_usd_per_mmbtu"] == 4.62
    assert p.loc["2020-02", "ngas_eur_usd_per_mmbtu"] == 2.91
    assert p.loc["2021-12", "ngas_eur_usd_per_mmbtu"] == 38.03
    assert p.loc["2022-08", "ngas_eur_usd_per_mmbtu"] == 70.04
    assert p.loc["2020-01", "crude_brent_usd_per_bbl"] == 63.60
    assert p.loc["2020-03", "crude_brent_usd_per_bbl"] == 32.98
    assert p.loc["2020-01", "ngas_eur_usd_per_1000m3"] == pytest.approx(3.63 * 34.1214, abs=0.5)
    assert len(p) == 108


def test_eia_brent_monthly(tables):
    b = tables["brent_monthly_2018_2021"].set_index("month")["brent_usd_per_bbl"]
    assert b["2020-01"] == 63.65 and b["2020-02"] == 55.66
    assert len(b) == 48 and b.index[0] == "2018-01" and b.index[-1] == "2021-12"


# --- bad layouts fail loudly, naming file, sheet and cell

def _matrix_book(path, *, a3="To", total=18.97):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Gas - Trade movts - pipeline"
    ws.append(["Natural Gas: Trade movements 2019 by pipeline"])
    ws.append(["Billion cubic metres"])
    ws.append([a3, "Norway", "Russian Federation", "Total imports"])
    ws.append(["Belarus", 0, 18.97, total])
    ws.append(["Germany", 27.8, 55.6, 83.4])
    ws.append(["Total exports", 27.8, 74.57, 102.37])
    book.save(path)
    return path


def test_matrix_reader_on_a_small_good_copy(tmp_path):
    frame = Workbook(_matrix_book(tmp_path / "ok.xlsx"), "bp_sr2020_alldata").pipeline_matrix("Gas - Trade movts - pipeline", 2019)
    assert frame.to_dict("records") == [
        {"importer": "Belarus", "exporter": "Russian Federation", "volume_bcm": 18.97},
        {"importer": "Germany", "exporter": "Norway", "volume_bcm": 27.8},
        {"importer": "Germany", "exporter": "Russian Federation", "volume_bcm": 55.6},
    ]


def test_matrix_wrong_header_names_cell(tmp_path):
    path = _matrix_book(tmp_path / "bad.xlsx", a3="From")
    with pytest.raises(RawFormatError, match=r"bad\.xlsx.*'Gas - Trade movts - pipeline'.*cell A3.*'To'"):
        build("gas_pipeline_trade_bp2020", lambda source_id: path)


def test_matrix_total_mismatch_names_cell(tmp_path):
    path = _matrix_book(tmp_path / "bad.xlsx", total=20.0)
    with pytest.raises(RawFormatError, match=r"cell D4.*total imports"):
        build("gas_pipeline_trade_bp2020", lambda source_id: path)


def test_missing_sheet(tmp_path):
    path = tmp_path / "nosheet.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Contents"
    book.save(path)
    with pytest.raises(RawFormatError, match=r"ei_sr2024_alldata \(.*nosheet\.xlsx\): sheet 'Gas trade - pipeline' not found"):
        build("gas_pipeline_trade_ei2024", lambda source_id: path)
    with pytest.raises(RawFormatError, match=r"sheet 'Monthly Prices' not found"):
        build("gas_oil_prices_monthly_pinksheet", lambda source_id: path)


def test_country_sheet_wrong_unit_label(tmp_path):
    path = tmp_path / "units.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Oil Consumption - Tonnes"
    ws.append(["Oil: Consumption*"])
    ws.append([])
    ws.append(["Thousand barrels daily", *range(1965, 2020)])
    ws.append([])
    ws.append(["Belarus", *[1.0] * 55])
    book.save(path)
    with pytest.raises(RawFormatError, match=r"'Oil Consumption - Tonnes', cell A3: expected 'Million tonnes'"):
        Workbook(path, "bp_sr2020_alldata").country_series("Oil Consumption - Tonnes", "Belarus", "Million tonnes")
    with pytest.raises(RawFormatError, match=r"no row labelled .Ruritania. in column A"):
        Workbook(path, "bp_sr2020_alldata").country_series("Oil Consumption - Tonnes", "Ruritania", "Thousand barrels daily")


def test_pinksheet_wrong_unit_and_code(tmp_path):
    path = tmp_path / "pink.xlsx"
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Monthly Prices"
    for _ in range(5):
        ws.append(["title"])
    ws.append([None, "($/bbl)", "($/mmbtu)", "($/bbl)"])  # NGAS_US unit wrong
    ws.append([None, "CRUDE_BRENT", "NGAS_EUR", "NGAS_US"])
    ws.append(["2020M01", 63.6, 3.63, 1.9])
    book.save(path)
    with pytest.raises(RawFormatError, match=r"pink\.xlsx.*cell D6: expected unit '\(\$/mmbtu\)'"):
        build("gas_oil_prices_monthly_pinksheet", lambda source_id: path)


def test_panel_missing_column(tmp_path):
    path = tmp_path / "panel.csv"
    path.write_text("Entity,Year,Oil Consumption - Tonnes\nBelarus,2019,7.06\n", encoding="utf-8")
    with pytest.raises(RawFormatError, match=r"bp_sr2021_panel .*panel\.csv.*'Gas - Prices'"):
        build("belarus_oil_balance_bp2021", lambda source_id: path)


def test_eia_monthly_wrong_header(tmp_path):
    path = tmp_path / "brent.csv"
    path.write_text("Month,Value\n2020-01-15,63.65\n", encoding="utf-8")
    with pytest.raises(RawFormatError, match=r"eia_brent_monthly .*brent\.csv.*unexpected header; expected \['Date', 'Price'\]"):
        build("brent_monthly_2018_2021", lambda source_id: path)
