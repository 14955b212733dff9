"""Diplomacy builders: values read by hand from the raw files (Office of the Historian XML,
SIPRI trade register and milex workbook, world-atlas), and broken copies that must fail."""

from __future__ import annotations

import pandas as pd
import pytest

from minsk2020.data.builders import historian, sipri, world_atlas
from minsk2020.errors import RawFormatError


def run(table, raw):
    from minsk2020.data.graph import build_tables

    return build_tables([table], raw)[table]


# --- travels ---------------------------------------------------------------------------------

def test_trip_3936_is_minsk_on_1_february_2020(raw):
    trips = run("secretary_trips", raw)
    row = trips.set_index("trip_id").loc[3936]
    # pompeo-michael-r.xml, <trip> id 3936: belarus / Minsk, 2020-02-01 to 2020-02-01
    assert (row["country_id"], row["locale"], row["start_date"], row["end_date"]) == ("belarus", "Minsk", "2020-02-01", "2020-02-01")
    assert row["name"] == "Michael R. Pompeo"
    # trip 3935 Kyiv is recorded on 30 January only (press: 31 January)
    assert tuple(trips.set_index("trip_id").loc[3935, ["locale", "start_date", "end_date"]]) == ("Kyiv", "2020-01-30", "2020-01-30")


def test_secretary_visits_to_belarus_match_catalogue(raw):
    trips = run("secretary_trips", raw)
    assert len(trips) == 2256  # 217+238+269+214+274+239+348+68+139+241+9 <trip> elements
    assert (trips["country_id"] == "belarus").sum() == 4  # CATALOGUE: Secretary records, Belarus 4
    assert (trips["person_id"] == "pompeo-michael-r").sum() == 139
    baker = trips[(trips["country_id"] == "belarus") & (trips["person_id"] == "baker-james-addison")]
    assert baker["country_name"].iloc[0] == "Byelorussia"


def test_president_trips_belarus_once(raw):
    trips = run("president_trips", raw)
    assert (trips["country_id"] == "belarus").sum() == 1  # Clinton, January 1994
    assert (trips["country_id"] == "ukraine").sum() == 5


def test_malformed_travels_xml_names_the_file(tmp_path, raw):
    bad = tmp_path / "pompeo-michael-r.xml"
    bad.write_text("<trips><trip role='secretary' who='pompeo-michael-r'><id>1</id></trips>", encoding="utf-8")
    with pytest.raises(RawFormatError, match=r"oh_travels_pompeo .*pompeo-michael-r.xml.*not well-formed"):
        historian.read_trips(bad, "oh_travels_pompeo", "secretary", {"pompeo-michael-r"})


def test_unknown_person_in_travels_is_an_error(tmp_path, raw):
    text = raw("oh_travels_pompeo").read_text(encoding="utf-8").replace('who="pompeo-michael-r"', 'who="nobody-x"', 1)
    bad = tmp_path / "pompeo-michael-r.xml"
    bad.write_text(text, encoding="utf-8")
    secretaries = set(historian.secretaries_of_state(raw("oh_pocom_secstate")))
    with pytest.raises(RawFormatError, match=r"pompeo-michael-r.xml.*unknown person id 'nobody-x'"):
        historian.read_trips(bad, "oh_travels_pompeo", "secretary", secretaries)


# --- chiefs of mission -------------------------------------------------------------------------

def test_swartz_first_ambassador_to_belarus(raw):
    chiefs = run("chiefs_of_mission", raw).set_index("chief_id")
    swartz = chiefs.loc["by-1992-swar-01"]
    # belarus.xml: appointed 1992-08-11, started 1992-09-09, ended 1994-01-21 ("Left post on")
    assert (swartz["appointed"], swartz["started"], swartz["ended"]) == ("1992-08-11", "1992-09-09", "1994-01-21")
    assert swartz["name"] == "David Haywood Swartz"  # people/s/swartz-david-haywood.xml
    stewart = chiefs.loc[chiefs["person_id"] == "stewart-karen-brevard"].iloc[0]
    assert stewart["ended"] == "2008-03-12"
    moore = chiefs.loc[chiefs["person_id"] == "moore-jenifer-h"].iloc[0]
    assert (moore["role_title_id"], moore["arrived"], moore["started"], moore["ended"]) == ("charge-daffaires", "2018-08-17", "", "2020-07-19")


def test_chiefs_counts_per_mission(raw):
    chiefs = run("chiefs_of_mission", raw)
    counts = chiefs[chiefs["record_type"] == "chief"].groupby("mission_country_id").size().to_dict()
    assert counts == {"belarus": 12, "kazakhstan": 10, "kyrgyzstan": 12, "tajikistan": 12,
                      "turkmenistan": 11, "uzbekistan": 10, "ukraine": 10}


def test_unknown_person_id_in_mission_is_an_error(tmp_path, raw):
    text = raw("oh_pocom_belarus").read_text(encoding="utf-8").replace("swartz-david-haywood", "ghost-person-q")
    bad = tmp_path / "belarus.xml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(RawFormatError, match=r"oh_pocom_belarus .*belarus.xml.*by-1992-swar-01.*unknown person id 'ghost-person-q'"):
        historian.read_mission(bad, "oh_pocom_belarus", "belarus", {"swartz-david-haywood": "David Haywood Swartz"})


def test_malformed_mission_xml_is_an_error(tmp_path):
    bad = tmp_path / "belarus.xml"
    bad.write_text("<country-mission><territory-id>belarus</territory-id><chiefs>", encoding="utf-8")
    with pytest.raises(RawFormatError, match=r"oh_pocom_belarus .*belarus.xml.*not well-formed"):
        historian.read_mission(bad, "oh_pocom_belarus", "belarus", {})


def test_malformed_person_record_is_an_error(tmp_path):
    bad = tmp_path / "swartz-david-haywood.xml"
    bad.write_text("<person><id>swartz-david-haywood</id><persName><surname>Swartz</persName></person>", encoding="utf-8")
    with pytest.raises(RawFormatError, match="oh_pocom_person_swartz-david-haywood"):
        historian.person_name(bad, "oh_pocom_person_swartz-david-haywood", "swartz-david-haywood")


# --- visits, rdcr --------------------------------------------------------------------------------

def test_leader_visits(raw):
    visits = run("leader_visits_us", raw)
    assert visits.groupby("country_id").size().to_dict() == {
        "belarus": 1, "kazakhstan": 12, "kyrgyzstan": 3, "tajikistan": 3, "turkmenistan": 2, "uzbekistan": 5}
    shushkevich = visits[visits["country_id"] == "belarus"].iloc[0]
    assert (shushkevich["visit_id"], shushkevich["start_date"], shushkevich["end_date"]) == (994, "1993-07-21", "1993-07-23")
    assert shushkevich["visitor"] == "Chairman Stanislav Shushkevich"


def test_rdcr_belarus_dates(raw):
    dates = run("us_recognition_relations", raw)
    belarus = dates[dates["country_id"] == "belarus"].set_index("milestone")["date"].to_dict()
    # belarus.xml: recognized and relations December 25, 1991; embassy January 31, 1992; recalled March 12, 2008
    assert belarus == {"recognition": "1991-12-25", "relations": "1991-12-25", "embassy": "1992-01-31",
                       "ambassador_recalled": "2008-03-12"}


def test_rdcr_paragraph_without_date_is_an_error(tmp_path, raw):
    text = raw("oh_rdcr_belarus").read_text(encoding="utf-8").replace("January 31, 1992", "early 1992")
    bad = tmp_path / "belarus.xml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(RawFormatError, match=r"oh_rdcr_belarus .*Embassy in Minsk"):
        historian.read_rdcr(bad, "oh_rdcr_belarus", "belarus")


# --- SIPRI -----------------------------------------------------------------------------------------

def test_sipri_belarus_tiv_2000_2023(raw):
    arms = run("sipri_arms_deliveries", raw)
    belarus = arms[arms["recipient"] == "Belarus"]
    # CATALOGUE check values: Belarus 1,719 in total, of which Russia 1,672
    assert round(belarus["tiv_m"].sum()) == 1719
    assert round(belarus.loc[belarus["supplier"] == "Russia", "tiv_m"].sum()) == 1672
    turkmenistan = arms[arms["recipient"] == "Turkmenistan"].groupby("supplier")["tiv_m"].sum().round()
    assert (turkmenistan["Turkiye"], turkmenistan["Russia"], turkmenistan["China"]) == (574, 374, 246)
    assert arms["year"].between(2000, 2023).all()


def test_sipri_trade_register_wrong_header(tmp_path, raw):
    lines = raw("sipri_at_2000_2023").read_text(encoding="utf-8-sig").splitlines()
    lines[11] = lines[11].replace("TIV delivery values", "TIV values")
    bad = tmp_path / "trade_2023.csv"
    bad.write_text("\n".join(lines[:40]), encoding="utf-8")
    with pytest.raises(RawFormatError, match=r"sipri_at_2000_2023 .*trade_2023.csv.*line 12"):
        sipri.read_trade_register(bad)


def test_sipri_milex_2019(raw):
    milex = run("sipri_milex", raw).set_index(["country", "year"])
    # CATALOGUE check values, constant 2022 US$ m, 2019
    expected = {"Belarus": 877, "Kazakhstan": 2039, "Kyrgyzstan": 145, "Tajikistan": 91, "Russia": 75765,
                "China": 260243, "United States": 840615}
    for country, value in expected.items():
        assert abs(milex.loc[(country, 2019), "milex_constant_2022_usd_m"] - value) <= 0.5, country
    assert pd.isna(milex.loc[("Turkmenistan", 2019), "milex_constant_2022_usd_m"])


def test_share_of_gdp_fraction_to_percent():
    assert sipri.fraction_to_pct(0.0102) == pytest.approx(1.02)
    assert sipri.fraction_to_pct(0) == 0


def test_sipri_milex_missing_sheet(tmp_path, raw):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "Current US$"
    path = tmp_path / "SIPRI-Milex-data-1949-2023.xlsx"
    workbook.save(path)
    with pytest.raises(RawFormatError, match=r"sheet 'Constant \(2022\) US\$' not found"):
        sipri.read_milex_sheet(openpyxl.load_workbook(path), "Constant (2022) US$", "sipri_milex_1949_2023", path)


# --- world atlas -------------------------------------------------------------------------------------

def test_tour_route_and_crimea(raw):
    from minsk2020.data.graph import build_tables

    tables = build_tables(["tour_route_stops"], raw)
    stops = tables["tour_route_stops"]
    assert list(stops["locale"]) == ["London", "Kyiv", "Minsk", "Nur-Sultan", "Tashkent"]
    assert list(stops["country_id"]) == ["826", "804", "112", "398", "860"]
    countries = world_atlas.read_countries(raw("world_atlas_110m"))
    assert len(countries) == 177
    russia = next(c for c in countries if c["country_name"] == "Russia")
    assert russia["country_id"] == "643"
    # a point in Crimea (34.1 E, 45.0 N) lies inside Russia's shape in this file, not Ukraine's
    ukraine = next(c for c in countries if c["country_name"] == "Ukraine")
    assert inside(34.1, 45.0, russia["geometry"]) and not inside(34.1, 45.0, ukraine["geometry"])


def inside(lon, lat, geometry) -> bool:
    """Ray casting over the outer rings (enough for a test point far from holes)."""
    hit = False
    for polygon in world_atlas.polygons(geometry):
        ring = polygon[0]
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
                hit = not hit
    return hit


def test_topojson_decoding_small_example():
    topology = {"transform": {"scale": [1, 1], "translate": [10, 20]}, "arcs": [[[0, 0], [2, 0], [0, 2], [-2, -2]]]}
    arcs = world_atlas.decode_arcs(topology)
    assert arcs[0] == [(10, 20), (12, 20), (12, 22), (10, 20)]
    assert world_atlas.ring([~0], arcs) == [[10, 20], [12, 22], [12, 20], [10, 20]]


def test_world_atlas_not_json(tmp_path):
    bad = tmp_path / "countries-110m.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(RawFormatError, match=r"world_atlas_110m .*countries-110m.json.*not valid JSON"):
        world_atlas.read_countries(bad)
