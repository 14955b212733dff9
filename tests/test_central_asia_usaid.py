"""USAID / ForeignAssistance.gov builder (us_aid_obligations): hand-read values and layout errors."""

from __future__ import annotations

import pandas as pd
import pytest

from minsk2020.data.builders import usaid
from minsk2020.errors import RawFormatError


@pytest.fixture(scope="module")
def aid(raw):
    return usaid.us_aid_obligations(raw)


def row(aid, iso3, fiscal_year):
    rows = aid[(aid.country_iso3 == iso3) & (aid.fiscal_year == fiscal_year)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_check_values(aid):
    # CATALOGUE.md check values, and lines read with grep in us_foreign_aid_country.csv
    assert row(aid, "BLR", "2019").obligations_current_usd / 1e6 == pytest.approx(10.2, abs=0.05)
    assert row(aid, "BLR", "2020").obligations_current_usd / 1e6 == pytest.approx(12.1, abs=0.05)
    assert row(aid, "AFG", "2019").obligations_current_usd / 1e6 == pytest.approx(4896, abs=0.5)
    assert row(aid, "BLR", "2019").obligations_constant_usd == 10699229
    assert row(aid, "AFG", "2019").obligations_current_usd == 4896055244


def test_transition_quarter_is_kept_as_text(aid):
    tq = row(aid, "AFG", "1976tq")
    assert tq.obligations_current_usd == 4501000 and tq.obligations_constant_usd == 16634007
    order = list(aid[aid.country_iso3 == "AFG"].fiscal_year)
    assert order.index("1976tq") == order.index("1976") + 1 and order.index("1977") == order.index("1976tq") + 1


def test_constant_equals_current_in_fy2021(aid):
    fy = aid[aid.fiscal_year == "2021"]
    assert len(fy) >= 10 and (fy.obligations_current_usd == fy.obligations_constant_usd).all()


def test_shape(aid):
    assert set(aid.country_iso3) == set(usaid.COUNTRIES)
    assert not aid.duplicated(["country_iso3", "fiscal_year"]).any()
    for iso3 in ["KAZ", "KGZ", "TJK", "TKM", "UZB"]:
        years = set(aid[aid.country_iso3 == iso3].fiscal_year)
        assert {str(y) for y in range(1993, 2021)} <= years, iso3
    assert 400 < len(aid) < 520


def test_fiscal_year_sort_key():
    assert list(usaid.fiscal_year_sort_key(pd.Series(["1976", "1976tq", "1977"]))) == [1976.0, 1976.5, 1977.0]


def _write(tmp_path, text):
    path = tmp_path / "us_foreign_aid_country.csv"
    path.write_text(text, encoding="utf-8")
    return path


GOOD_HEADER = ",".join(usaid.HEADER)


def test_wrong_header_fails(tmp_path):
    path = _write(tmp_path, GOOD_HEADER.replace("Fiscal Year", "FY") + "\n")
    with pytest.raises(RawFormatError, match=r"usaid_aid_country .*expected header"):
        usaid.read_aid_csv(path, "usaid_aid_country")


def test_bad_fiscal_year_fails_naming_line(tmp_path):
    body = "BLR,Belarus,3,Europe,UMIC,Upper Middle,2,Obligations,2019,1,1\nBLR,Belarus,3,Europe,UMIC,Upper Middle,2,Obligations,FY20,1,1\n"
    path = _write(tmp_path, GOOD_HEADER + "\n" + body)
    with pytest.raises(RawFormatError, match=r"line 3: Fiscal Year 'FY20'"):
        usaid.read_aid_csv(path, "usaid_aid_country")


def test_bad_amount_fails(tmp_path):
    body = "BLR,Belarus,3,Europe,UMIC,Upper Middle,2,Obligations,2019,1,n/a\n"
    path = _write(tmp_path, GOOD_HEADER + "\n" + body)
    with pytest.raises(RawFormatError, match=r"line 2: constant_amount 'n/a'"):
        usaid.read_aid_csv(path, "usaid_aid_country")
