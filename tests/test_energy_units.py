"""Unit conversions of the energy chapter, and their factors read back from bp's own table."""

from __future__ import annotations

import pytest

from minsk2020 import units as u


def test_kbd_to_mt_per_year():
    # bp: 1 barrel/day = 49.8 tonnes/year -> 100 kb/d = 4.98 Mt/yr
    assert u.kbd_to_mt_per_year(100) == pytest.approx(4.98)
    assert u.kbd_to_mt_per_year(358.5) == pytest.approx(17.8533)
    assert u.kbd_to_mt_per_year(0) == 0


def test_tonnes_to_barrels():
    assert u.tonnes_to_barrels(80_000) == pytest.approx(586_400)  # one 80,000 t cargo
    # 49.8 t/yr per b/d is 365 days / 7.33 barrels per tonne, to bp's rounding
    assert 365 / u.BARRELS_PER_TONNE == pytest.approx(u.TONNES_PER_YEAR_PER_BARREL_PER_DAY, abs=0.01)


def test_gas_price_conversion():
    assert u.usd_per_mmbtu_to_usd_per_1000m3(1) == pytest.approx(34.1214, abs=1e-4)
    assert u.usd_per_mmbtu_to_usd_per_1000m3(5.0) == pytest.approx(170.607, abs=1e-3)
    # and back: Belarus's $127 per 1,000 m3 is about $3.72 per MMBtu
    assert 127 / u.MMBTU_PER_1000M3 == pytest.approx(3.722, abs=1e-3)


def test_gcv_alternative_factor():
    assert u.mmbtu_per_1000m3_gcv() == pytest.approx(37.91, abs=0.01)
    assert u.usd_per_mmbtu_to_usd_per_1000m3(1, u.mmbtu_per_1000m3_gcv()) > u.usd_per_mmbtu_to_usd_per_1000m3(1)


def test_factors_match_bp_conversion_sheet(raw):
    """The constants are the ones printed in bp's 'Approximate conversion factors' sheet."""
    import openpyxl

    book = openpyxl.load_workbook(raw("bp_sr2020_alldata"), read_only=True, data_only=True)
    rows = list(book["Approximate conversion factors"].iter_rows(min_row=1, max_row=33, values_only=True))
    assert rows[7][0] == "Tonnes (metric)" and rows[7][5] == u.BARRELS_PER_TONNE  # F8
    assert rows[11][0] == "Barrels/day" and rows[11][7] == u.TONNES_PER_YEAR_PER_BARREL_PER_DAY  # H12
    assert rows[32][0] == "1 billion cubic metres NG" and rows[32][7] == pytest.approx(u.MMBTU_PER_1000M3)  # H33
    assert rows[32][4] == 36  # E33: 36 PJ per bcm
    assert "1.055 kJ" in rows[11][10]  # K12: 1 Btu = 0.252 kcal = 1.055 kJ


def test_gas_conversion_bases_ordered_and_sourced():
    b = u.gas_conversion_bases()
    vals = list(b.values())
    assert vals == sorted(vals)
    # gross factors only; Gazprom's net 1.154 tce (32.06 MMBtu) raised with bp's 40/36 gross/net ratio
    assert u.mmbtu_per_1000m3_from_tce() == pytest.approx(32.06, abs=0.01)
    assert b["Gazprom factbook, raised to gross"] == pytest.approx(35.62, abs=0.01)
    assert b["EIA, US gas consumed 2020 (gross)"] == pytest.approx(36.62, abs=0.01)
    assert b[u.STATED_GAS_BASIS] == pytest.approx(37.91, abs=0.01)
    assert u.NET_GAS_BASIS not in b
    assert u.gas_conversion_bases(include_net=True)[u.NET_GAS_BASIS] == pytest.approx(34.12, abs=0.01)


def test_gas_price_sensitivity():
    import pandas as pd

    hub = pd.Series({"2020-01": 3.63, "2020-02": 2.91, "2020-05": 1.58, "2020-09": 3.95})
    t = u.gas_price_sensitivity(127, hub, 5.04, u.gas_conversion_bases(include_net=True)).set_index("basis")
    gross = t.loc[u.STATED_GAS_BASIS]
    assert gross["price_usd_per_mmbtu"] == pytest.approx(127 / 37.915, abs=1e-3)
    assert gross["months"] == ["2020-02", "2020-05"]  # 3.63 > 3.35
    net = t.loc[u.NET_GAS_BASIS]
    assert net["months"] == ["2020-01", "2020-02", "2020-05"]  # 3.63 < 3.72
    assert net["pct_of_annual_benchmark"] == pytest.approx(100 * 127 / 34.1214 / 5.04, abs=0.01)
    assert t.loc["Gazprom factbook, raised to gross", "months_hub_cheaper"] == 2  # 127 / 35.62 = 3.57 < 3.63
