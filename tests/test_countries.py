"""data/countries.csv: the one country lookup table that replaced the builders' maps."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml

from minsk2020.data import countries
from minsk2020.errors import RawFormatError
from minsk2020.paths import DATA

# The maps the builders carried before the table (name as the raw file prints it -> book name, ISO3).
IMF_DOTS = {
    "Afghanistan, Islamic Rep. of": ("Afghanistan", "AFG"), "Belarus, Rep. of": ("Belarus", "BLR"),
    "China, P.R.: Mainland": ("China", "CHN"), "Iran, Islamic Rep. of": ("Iran", "IRN"),
    "Kazakhstan, Rep. of": ("Kazakhstan", "KAZ"), "Kyrgyz Rep.": ("Kyrgyzstan", "KGZ"), "Pakistan": ("Pakistan", "PAK"),
    "Russian Federation": ("Russia", "RUS"), "Tajikistan, Rep. of": ("Tajikistan", "TJK"), "Turkey": ("Turkey", "TUR"),
    "Turkmenistan": ("Turkmenistan", "TKM"), "Ukraine": ("Ukraine", "UKR"), "United States": ("United States", "USA"),
    "Uzbekistan, Rep. of": ("Uzbekistan", "UZB"), "European Union": ("European Union", "EUU"), "World": ("World", "WLD"),
    "Germany": ("Germany", "DEU"), "Poland, Rep. of": ("Poland", "POL"), "Lithuania": ("Lithuania", "LTU"),
    "Latvia": ("Latvia", "LVA"), "Netherlands, The": ("Netherlands", "NLD"), "United Kingdom": ("United Kingdom", "GBR"),
    "India": ("India", "IND"), "Japan": ("Japan", "JPN"), "Korea, Rep. of": ("South Korea", "KOR"),
}
SIPRI_AT = {
    "Belarus": ("Belarus", "BLR"), "Russia": ("Russia", "RUS"), "Ukraine": ("Ukraine", "UKR"),
    "Poland": ("Poland", "POL"), "Lithuania": ("Lithuania", "LTU"), "Kazakhstan": ("Kazakhstan", "KAZ"),
    "Kyrgyzstan": ("Kyrgyzstan", "KGZ"), "Tajikistan": ("Tajikistan", "TJK"),
    "Turkmenistan": ("Turkmenistan", "TKM"), "Uzbekistan": ("Uzbekistan", "UZB"),
    "Afghanistan": ("Afghanistan", "AFG"), "China": ("China", "CHN"), "United States": ("United States", "USA"),
}
SIPRI_MILEX = {**{k: v for k, v in SIPRI_AT.items() if k not in {"Kyrgyzstan", "United States"}},
               "Kyrgyz Republic": ("Kyrgyzstan", "KGZ"), "United States of America": ("United States", "USA")}
WDI = {"BLR": "Belarus", "RUS": "Russia", "UKR": "Ukraine", "LTU": "Lithuania", "POL": "Poland",
       "KAZ": "Kazakhstan", "KGZ": "Kyrgyzstan", "TJK": "Tajikistan", "TKM": "Turkmenistan",
       "UZB": "Uzbekistan", "AFG": "Afghanistan", "CHN": "China", "USA": "United States"}
USAID = {k: v for k, v in WDI.items() if k != "USA"}
OH_TO_ISO_NUMERIC = {"united-kingdom": "826", "ukraine": "804", "belarus": "112", "kazakhstan": "398", "uzbekistan": "860"}


@pytest.mark.parametrize("old_map", [IMF_DOTS, SIPRI_AT, SIPRI_MILEX], ids=["imf_dots", "sipri_at", "sipri_milex"])
def test_every_name_of_the_old_maps_is_in_the_table(old_map):
    for name, (book_name, iso3) in old_map.items():
        country = countries.lookup(name, "test", "old map")
        assert (country.name, country.iso3) == (book_name, iso3), name


@pytest.mark.parametrize("old_map", [WDI, USAID], ids=["wdi", "usaid"])
def test_every_iso3_of_the_old_maps_has_its_name(old_map):
    for iso3, name in old_map.items():
        assert countries.name_of(iso3) == name


def test_the_historian_ids_give_the_world_atlas_ids():
    for oh_id, numeric in OH_TO_ISO_NUMERIC.items():
        assert countries.lookup(oh_id, "oh_travels_pompeo", "old map").iso_numeric == numeric


def test_an_unknown_name_names_the_source_the_file_and_the_name():
    with pytest.raises(RawFormatError, match=r"^imf_dots_18 \(/mirror/DOTS_18\.xlsx\): country name 'Ruritania, Rep\. of' is not in countries\.csv"):
        countries.lookup("Ruritania, Rep. of", "imf_dots_18", "/mirror/DOTS_18.xlsx")
    with pytest.raises(RawFormatError, match=r"no row with country_iso3 'RUR'"):
        countries.name_of("RUR")


def schema_errors(path) -> set[str]:
    """The types of Frictionless errors of ``path`` against data/countries.schema.yaml."""
    from frictionless import Resource, Schema, system

    schema = yaml.safe_load((DATA / "countries.schema.yaml").read_text(encoding="utf-8"))
    schema.pop("title")
    with system.use_context(trusted=True):
        report = Resource(path=str(path), schema=Schema.from_descriptor(schema)).validate()
    return {e.type for task in report.tasks for e in task.errors} | {e.type for e in report.errors}


def test_the_table_keeps_its_schema_and_one_name_per_country():
    errors = schema_errors(DATA / "countries.csv")
    assert errors == set()
    table = pd.read_csv(DATA / "countries.csv", dtype=str, keep_default_na=False)
    per_country = table.groupby("country_iso3")[["country_name", "iso_numeric"]].nunique()
    assert (per_country == 1).all().all(), per_country[(per_country != 1).any(axis=1)]


def test_the_schema_check_catches_a_planted_bad_row(tmp_path):
    bad = tmp_path / "countries.csv"
    text = (DATA / "countries.csv").read_text(encoding="utf-8")
    bad.write_text(text + "Belarus,blr,Belarus,112\n", encoding="utf-8")  # duplicate name, bad code
    assert schema_errors(bad) >= {"primary-key", "constraint-error"}
