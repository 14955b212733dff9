"""Central Asia chapter, sections 4 and 6: the shared tables it reuses (built by the diplomacy
chapter's builders) agree, for the five Central Asian states, with values read here directly
from the raw files: the SIPRI milex workbook, the SIPRI trade register and the Office of the
Historian travel XML. The processed CSVs are read as committed (``tables.load``); the raw
files are parsed in this module, independently of the builders."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET

import openpyxl
import pandas as pd
import pytest

from minsk2020.data import tables

C5_SIPRI = {"Kazakhstan": "KAZ", "Kyrgyz Republic": "KGZ", "Tajikistan": "TJK", "Turkmenistan": "TKM",
            "Uzbekistan": "UZB"}
# the trade register spells it Kyrgyzstan, the milex workbook Kyrgyz Republic
C5_AT = {"Kazakhstan": "KAZ", "Kyrgyzstan": "KGZ", "Tajikistan": "TJK", "Turkmenistan": "TKM", "Uzbekistan": "UZB"}
C5_IDS = {"kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan"}
SECRETARY_FILES = ["baker", "christopher", "albright", "powell", "rice", "clinton_hillary", "kerry", "tillerson",
                   "pompeo", "blinken", "rubio"]
PRESIDENT_FILES = ["bush_george_h_w", "clinton_william_j", "bush_george_w", "obama_barack", "trump_donald_j",
                   "biden_joseph_r"]


# --- SIPRI military expenditure ---------------------------------------------------------------

@pytest.fixture(scope="module")
def milex_raw(raw):
    """{(sheet, SIPRI country name): {year: value or None}} for the five, read from the workbook."""
    book = openpyxl.load_workbook(raw("sipri_milex_1949_2023"), read_only=True, data_only=True)
    out = {}
    for sheet in ["Constant (2022) US$", "Share of GDP"]:
        rows = list(book[sheet].iter_rows(values_only=True))
        header = rows[5]  # the 'Country' header is on row 6 in these two sheets (CATALOGUE.md)
        assert header[0] == "Country", f"{sheet}: header row moved"
        for row in rows[6:]:
            if row[0] in C5_SIPRI:
                out[sheet, row[0]] = {int(y): (v if isinstance(v, (int, float)) else None)
                                      for y, v in zip(header[3:], row[3:]) if isinstance(y, (int, float))}
    return out


def test_milex_check_values():
    milex = tables.load("sipri_milex").set_index(["country", "year"])
    # CATALOGUE.md check values, constant 2022 US$ million, 2019
    assert milex.loc[("Kazakhstan", 2019), "milex_constant_2022_usd_m"] == pytest.approx(2039, abs=0.5)
    assert milex.loc[("Kyrgyzstan", 2019), "milex_constant_2022_usd_m"] == pytest.approx(145, abs=0.5)
    assert milex.loc[("Tajikistan", 2019), "milex_constant_2022_usd_m"] == pytest.approx(91, abs=0.5)


def test_milex_five_match_the_workbook(milex_raw):
    milex = tables.load("sipri_milex")
    for sipri_name, iso3 in C5_SIPRI.items():
        mine = milex[milex["country_iso3"] == iso3].set_index("year")
        for sheet, column, factor in [("Constant (2022) US$", "milex_constant_2022_usd_m", 1),
                                      ("Share of GDP", "milex_share_gdp_pct", 100)]:
            for year in range(1992, 2024):
                expected = milex_raw[sheet, sipri_name].get(year)
                got = mine.loc[year, column] if year in mine.index else None
                if expected is None:
                    assert got is None or pd.isna(got), f"{iso3} {year} {column}: workbook has no value"
                else:
                    assert got == pytest.approx(expected * factor, abs=0.06), f"{iso3} {year} {column}"


def test_milex_coverage_of_turkmenistan_and_uzbekistan(milex_raw):
    """What the chapter says about missing data, checked on the raw workbook: Turkmenistan has no
    value after 1999; Uzbekistan in 2000-2023 only for 2000-2003 and 2018 (not 'none after 2000')."""
    constant = "Constant (2022) US$"
    tkm = [y for y, v in milex_raw[constant, "Turkmenistan"].items() if v is not None]
    uzb = [y for y, v in milex_raw[constant, "Uzbekistan"].items() if v is not None and y >= 2000]
    assert max(tkm) == 1999
    assert uzb == [2000, 2001, 2002, 2003, 2018]
    milex = tables.load("sipri_milex").dropna(subset=["milex_constant_2022_usd_m"])
    assert milex.loc[milex["country_iso3"] == "TKM", "year"].max() == 1999
    assert milex.loc[(milex["country_iso3"] == "UZB") & (milex["year"] >= 2000), "year"].tolist() == uzb


# --- SIPRI arms transfers ------------------------------------------------------------------------

def test_arms_to_the_five_match_the_trade_register(raw):
    sums: dict[tuple[str, str], float] = {}
    with open(raw("sipri_at_2000_2023"), encoding="utf-8", newline="") as handle:
        lines = handle.readlines()[11:]  # 11 preamble lines, header on line 12
    for row in csv.DictReader(lines):
        year = row["Delivery year"].strip()
        if row["Recipient"] in C5_AT and year.isdigit() and 2000 <= int(year) <= 2023:
            key = (row["Recipient"], row["Supplier"])
            sums[key] = sums.get(key, 0.0) + float(row["TIV delivery values"] or 0)
    arms = tables.load("sipri_arms_deliveries")
    arms = arms[arms["recipient_iso3"].isin(C5_AT.values())]
    # CATALOGUE.md: Turkmenistan 1,688 in all (Turkiye 574, Russia 374, China 246, Italy 212)
    tkm = arms[arms["recipient_iso3"] == "TKM"].groupby("supplier")["tiv_m"].sum()
    assert tkm.sum() == pytest.approx(1688, abs=1)
    assert tkm["Turkiye"] == pytest.approx(574, abs=1)
    assert tkm["Russia"] == pytest.approx(374, abs=1)
    assert tkm["China"] == pytest.approx(246, abs=1)
    # every recipient total and the big suppliers, against the raw sums
    for recipient, iso3 in C5_AT.items():
        raw_total = sum(v for (r, _), v in sums.items() if r == recipient)
        assert arms.loc[arms["recipient_iso3"] == iso3, "tiv_m"].sum() == pytest.approx(raw_total, abs=1), recipient
        for supplier in ["Russia", "China", "United States", "Turkiye"]:
            got = arms.loc[(arms["recipient_iso3"] == iso3) & (arms["supplier"] == supplier), "tiv_m"].sum()
            assert got == pytest.approx(sums.get((recipient, supplier), 0.0), abs=1), (recipient, supplier)


# --- Office of the Historian travel records --------------------------------------------------------

def _c5_trips(raw, ids):
    found = []
    for source_id in ids:
        for trip in ET.parse(raw(source_id)).getroot().iter("trip"):
            country = trip.find("country")
            if country is not None and country.get("id") in C5_IDS:
                found.append((trip.findtext("id"), trip.findtext("start-date"), country.get("id")))
    return sorted(found)


def test_secretary_visits_to_the_five_match_the_xml(raw):
    from_xml = _c5_trips(raw, [f"oh_travels_{name}" for name in SECRETARY_FILES])
    trips = tables.load("secretary_trips")
    mine = trips[trips["country_id"].isin(C5_IDS)]
    assert sorted(zip(mine["trip_id"].astype(str), mine["start_date"], mine["country_id"])) == from_xml
    # CATALOGUE.md check values: Kazakhstan 10, Uzbekistan 8, Kyrgyzstan 5, Tajikistan 4, Turkmenistan 2
    counts = mine["country_id"].value_counts().to_dict()
    assert counts == {"kazakhstan": 10, "uzbekistan": 8, "kyrgyzstan": 5, "tajikistan": 4, "turkmenistan": 2}
    pompeo = mine[mine["name"].str.contains("Pompeo")]
    assert sorted(zip(pompeo["start_date"], pompeo["country_id"])) == [("2020-02-01", "kazakhstan"),
                                                                       ("2020-02-02", "uzbekistan")]


def test_no_presidential_visit_to_the_five(raw):
    assert _c5_trips(raw, [f"oh_travels_president_{name}" for name in PRESIDENT_FILES]) == []
    assert not tables.load("president_trips")["country_id"].isin(C5_IDS).any()
