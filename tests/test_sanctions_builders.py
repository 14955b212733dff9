"""Sanctions builders: counts checked against counts made by hand from the raw files.

The expected values below were counted by hand from the mirrored files (grep on the raw
sdn.csv files, pandas filters on the UK, EU and GSDB files) and agree with the "Belarus rows"
check values of the data-mirror CATALOGUE.md, section 3. They are not copied from the
builders' output.
"""

from __future__ import annotations

import pandas as pd
import pytest

from minsk2020.data import datapackage
from minsk2020.data.builders import sanctions_eu as eu
from minsk2020.data.builders import sanctions_gsdb as gsdb
from minsk2020.data.builders import sanctions_ofac as ofac
from minsk2020.data.builders import sanctions_uk as uk
from minsk2020.errors import RawFormatError
from minsk2020.paths import CURATED

# ---------------------------------------------------------------- OFAC SDN snapshots

# snapshot -> (individuals, entities, aircraft, {programme string: entries})
OFAC_HAND_COUNTS = {
    "ofac_sdn_2015": (16, 9, 0, {"BELARUS": 25}),
    "ofac_sdn_2021_04": (25, 13, 0, {"BELARUS": 38}),
    "ofac_sdn_2021_08": (64, 39, 0, {"BELARUS": 70, "BELARUS-EO14038": 33}),
    "ofac_sdn_2021_12": (84, 51, 3, {"BELARUS": 72, "BELARUS-EO14038": 66}),
    "ofac_sdn_2022_02": (92, 67, 3, {"BELARUS": 72, "BELARUS-EO14038": 90}),
    "ofac_sdn_2024_05": (128, 99, 5, {
        "BELARUS": 72, "BELARUS-EO14038": 157, "BELARUS; BELARUS-EO14038": 1,
        "NPWMD; BELARUS-EO14038": 1, "RUSSIA-EO14024; BELARUS-EO14038": 1,
    }),
}
OFAC_ALL_ROWS = {"ofac_sdn_2015": 5876, "ofac_sdn_2021_04": 8890, "ofac_sdn_2021_08": 9115,
                 "ofac_sdn_2021_12": 9035, "ofac_sdn_2022_02": 9214, "ofac_sdn_2024_05": 14965}


@pytest.mark.parametrize("source_id", list(OFAC_HAND_COUNTS))
def test_ofac_belarus_counts_by_type_and_programme(raw, source_id):
    frame = ofac.read_sdn(raw(source_id), source_id)
    assert len(frame) == OFAC_ALL_ROWS[source_id]
    entries = ofac.belarus_entries(frame, source_id)
    individuals, entities, aircraft, programmes = OFAC_HAND_COUNTS[source_id]
    types = entries["entry_type"].value_counts().to_dict()
    assert types.get("individual", 0) == individuals
    assert types.get("entity", 0) == entities
    assert types.get("aircraft", 0) == aircraft
    assert entries["programmes"].value_counts().to_dict() == programmes
    assert len(entries) == individuals + entities + aircraft


def test_ofac_2015_names_and_entity_rows(raw):
    entries = ofac.belarus_entries(ofac.read_sdn(raw("ofac_sdn_2015"), "ofac_sdn_2015"), "ofac_sdn_2015")
    by_num = entries.set_index("ent_num")
    assert by_num.loc[9760, "name"] == "LUKASHENKA, Alyaksandr Hryhoryavich"
    assert by_num.loc[9760, "title"] == "President"
    assert by_num.loc[12863, "name"] == "BELSHINA OAO"
    assert by_num.loc[12863, "entry_type"] == "entity"
    assert by_num.loc[10575, "name"] == "BELNEFTEKHIM USA, INC."
    assert entries["ent_num"].min() == 9760 and entries["ent_num"].max() == 12863
    assert entries["snapshot_date"].unique().tolist() == ["2015-01-17"]


def test_ofac_2015_entries_are_all_in_the_2021_lists(raw):
    """The basis of the inferred list of 1 February 2020: the 25 entries of 2015 are still listed in 2021."""
    early = set(ofac.belarus_entries(ofac.read_sdn(raw("ofac_sdn_2015"), "ofac_sdn_2015"), "ofac_sdn_2015")["ent_num"])
    for later in ("ofac_sdn_2021_04", "ofac_sdn_2021_08"):
        nums = set(ofac.belarus_entries(ofac.read_sdn(raw(later), later), later)["ent_num"])
        assert early <= nums


def test_programme_tokens_split():
    assert ofac.programme_tokens("NPWMD] [BELARUS-EO14038") == ["NPWMD", "BELARUS-EO14038"]
    assert ofac.programme_tokens("BELARUS") == ["BELARUS"]


GOOD_LINE = '9760,"LUKASHENKA, Alyaksandr","individual","BELARUS","President",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- '


def _write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_ofac_reads_a_small_good_file(tmp_path):
    path = _write(tmp_path, "sdn.csv", (GOOD_LINE + "\r\n").encode("latin-1") + b"\x1a")
    frame = ofac.read_sdn(path, "ofac_sdn_2015")
    assert frame.loc[0, "vessel_type"] == "" and frame.loc[0, "ent_num"] == 9760


def test_ofac_header_row_is_a_raw_format_error(tmp_path):
    header = "ent_num,name,sdn_type,program,title,call_sign,vess_type,tonnage,grt,vess_flag,vess_owner,remarks"
    path = _write(tmp_path, "sdn.csv", f"{header}\r\n{GOOD_LINE}\r\n".encode("latin-1"))
    with pytest.raises(RawFormatError, match=r"ofac_sdn_2021_08 \(.*sdn\.csv\): line 1 has an unexpected header"):
        ofac.read_sdn(path, "ofac_sdn_2021_08")


def test_ofac_utf16_file_is_a_raw_format_error(tmp_path):
    path = _write(tmp_path, "sdn.csv", (GOOD_LINE + "\r\n").encode("utf-16"))
    with pytest.raises(RawFormatError, match=r"ofac_sdn_2015 .*unexpected encoding.*UTF-16"):
        ofac.read_sdn(path, "ofac_sdn_2015")


def test_ofac_utf8_bom_is_a_raw_format_error(tmp_path):
    path = _write(tmp_path, "sdn.csv", b"\xef\xbb\xbf" + (GOOD_LINE + "\r\n").encode("utf-8"))
    with pytest.raises(RawFormatError, match="unexpected encoding.*UTF-8 byte-order mark"):
        ofac.read_sdn(path, "ofac_sdn_2015")


def test_ofac_wrong_column_count_and_line_ends(tmp_path):
    path = _write(tmp_path, "sdn.csv", b'9760,"X","individual","BELARUS"\r\n')
    with pytest.raises(RawFormatError, match="line 1 has 4 columns, expected 12"):
        ofac.read_sdn(path, "ofac_sdn_2015")
    path = _write(tmp_path, "sdn_lf.csv", (GOOD_LINE + "\n").encode("latin-1"))
    with pytest.raises(RawFormatError, match="expected CRLF line ends"):
        ofac.read_sdn(path, "ofac_sdn_2015")


# ---------------------------------------------------------------- UK consolidated lists


def test_uk_2014_belarus_targets_and_waves(raw):
    list_date, frame = uk.read_conlist(raw("uk_conlist_2014"), "uk_conlist_2014")
    assert list_date == "2014-04-02"
    assert len(frame) == 8950
    targets = uk.belarus_targets(frame, list_date, "uk_conlist_2014")
    assert len(targets) == 257
    assert targets["entry_type"].value_counts().to_dict() == {"individual": 232, "entity": 25}
    assert targets["alias_rows"].sum() == 689
    waves = targets.groupby(["listed_on", "entry_type"]).size()
    assert waves[("2006-05-22", "individual")] == 26
    assert waves[("2011-02-02", "individual")] == 112
    assert waves[("2012-03-26", "individual")] == 12
    assert waves[("2012-03-26", "entity")] == 23
    assert waves[("2013-10-30", "individual")] == 3


def test_uk_2018_four_individuals(raw):
    list_date, frame = uk.read_conlist(raw("uk_conlist_2018"), "uk_conlist_2018")
    assert list_date == "2018-04-13"
    targets = uk.belarus_targets(frame, list_date, "uk_conlist_2018")
    assert len(targets) == 4 and set(targets["entry_type"]) == {"individual"}
    surnames = {name.split(",")[0] for name in targets["name"]}
    assert surnames == {"NAVUMAU", "PAULICHENKA", "SHEIMAN", "SIVAKAU"}
    assert targets.set_index(targets["name"].str.split(",").str[0]).loc["SIVAKAU", "listed_on"] == "2011-03-29"
    assert targets["alias_rows"].sum() == 14


def test_uk_wrong_header_is_a_raw_format_error(tmp_path):
    header = ",".join(c for c in uk.HEADER if c != "Regime")
    row = ",".join(["X"] * (len(uk.HEADER) - 1))
    path = _write(tmp_path, "conlist.csv", f"Last Updated,13/04/2018\r\n{header}\r\n{row}\r\n".encode("cp1252"))
    with pytest.raises(RawFormatError, match=r"uk_conlist_2018 \(.*conlist\.csv\): unexpected header.*missing: \['Regime'\]"):
        uk.read_conlist(path, "uk_conlist_2018")


def test_uk_missing_last_updated_line_is_a_raw_format_error(tmp_path):
    header = ",".join(uk.HEADER)
    path = _write(tmp_path, "conlist.csv", f"{header}\r\nA,B\r\nC,D\r\n".encode("cp1252"))
    with pytest.raises(RawFormatError, match="line 1 should be 'Last Updated,DD/MM/YYYY'"):
        uk.read_conlist(path, "uk_conlist_2014")


def test_uk_utf16_is_a_raw_format_error(tmp_path):
    path = _write(tmp_path, "conlist.csv", "Last Updated,13/04/2018\r\n".encode("utf-16"))
    with pytest.raises(RawFormatError, match="unexpected encoding"):
        uk.read_conlist(path, "uk_conlist_2018")


# ---------------------------------------------------------------- EU 2022 extract


def test_eu_2022_blr_counts(raw):
    codes = eu.programme_titles(raw("eu_fsf_programme_codes"), "eu_fsf_programme_codes")
    assert codes["BLR"] == "BELARUS"
    frame = eu.read_merged(raw("eu_fsf_merged_2022"), "eu_fsf_merged_2022")
    assert len(frame) == 3547
    entries = eu.belarus_entries(frame, "eu_fsf_merged_2022")
    assert len(entries) == 229
    assert entries["entry_type"].value_counts().to_dict() == {"person": 195, "entity": 34}
    assert set(entries["measures"]) == {"both travel and financial sanction"}
    by_act = entries["latest_act"].value_counts()
    assert by_act["2021/997 (OJ L219I)"] == 70
    assert by_act["2021/339 (OJ L68)"] == 69
    assert by_act["2021/2124 (OJ L430I)"] == 17
    assert "Iury Leanidavich SIVAKAU" in set(entries["name"])


def test_eu_missing_column_is_a_raw_format_error(tmp_path):
    path = _write(tmp_path, "merged.csv", b'"","Subject_type","EU_ref_num"\n"1","P","EU.1.1"\n')
    with pytest.raises(RawFormatError, match=r"eu_fsf_merged_2022 \(.*merged\.csv\): unexpected header - missing columns \['Programme'"):
        eu.read_merged(path, "eu_fsf_merged_2022")


def test_eu_code_list_without_sheet1_is_a_raw_format_error(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Codes"
    path = tmp_path / "codes.xlsx"
    book.save(path)
    with pytest.raises(RawFormatError, match=r"eu_fsf_programme_codes .*sheet 'Sheet1' not found \(sheets: \['Codes'\]\)"):
        eu.programme_titles(path, "eu_fsf_programme_codes")


# ---------------------------------------------------------------- GSDB release 3


def test_gsdb_belarus_cases(raw):
    frame = gsdb.read_gsdb(raw("gsdb_r3"), "gsdb_r3")
    assert len(frame) == 1325
    cases = gsdb.belarus_cases(frame)
    assert len(cases) == 24
    assert set(cases["case_id"]) == {595, 596, 678, 679, 731, 761, 762, 763, 764, 849, 874, 1138, 1139,
                                     1179, 1180, 1181, 1182, 1266, 1267, 1268, 1269, 1270, 1271, 1272}
    assert not {1145, 1155} & set(cases["case_id"])  # Belarus as sender
    by_id = cases.set_index("case_id")
    assert by_id.loc[764, "senders"] == "United States"
    assert (by_id.loc[764, "begin_year"], by_id.loc[764, "end_year"]) == (2006, 2022)
    assert bool(by_id.loc[764, "trade"]) and bool(by_id.loc[764, "financial"]) and not bool(by_id.loc[764, "arms"])
    assert bool(by_id.loc[874, "arms"]) and bool(by_id.loc[874, "military"])
    assert (by_id.loc[874, "begin_year"], by_id.loc[874, "end_year"]) == (2011, 2016)
    assert by_id.loc[678, "success"] == "failed, failed"
    assert by_id.loc[763, "objective"] == "democracy, human_rights"


def test_gsdb_wrong_header_is_a_raw_format_error(tmp_path):
    path = _write(tmp_path, "gsdb.csv", b"case_id,target,sender,begin,end\n1,A,B,1990,1991\n")
    with pytest.raises(RawFormatError, match=r"gsdb_r3 \(.*gsdb\.csv\): unexpected header"):
        gsdb.read_gsdb(path, "gsdb_r3")


def test_gsdb_bad_flag_is_a_raw_format_error(tmp_path):
    row = "1,Belarus,EU,1998,1999,2,,0,0,0,1,0,0,1,policy_change,success_part"
    path = _write(tmp_path, "gsdb.csv", (",".join(gsdb.HEADER) + "\n" + row + "\n").encode())
    with pytest.raises(RawFormatError, match="sanction-type flag 'trade' has value '2'"):
        gsdb.read_gsdb(path, "gsdb_r3")


# ---------------------------------------------------------------- curated tables


def _curated_package(names):
    package = datapackage.descriptor()
    return {**package, "resources": [r for r in package["resources"] if r["name"] in names]}


def test_curated_sanctions_tables_validate():
    datapackage.validate(_curated_package({"sanctions_legal_acts", "sanctions_counts_stated"}))


def test_every_legal_act_row_has_a_source_url_and_conflicts_share_fact_ids():
    acts = pd.read_csv(CURATED / "sanctions_legal_acts.csv", dtype=str, keep_default_na=False)
    assert len(acts) > 0
    assert acts["source_url"].str.fullmatch(r"https?://\S+").all()
    assert acts["act_row_id"].is_unique
    # every row with a conflict note shares its fact_id with at least one other row
    # or states the conflict against another table/source in the note
    counts = pd.read_csv(CURATED / "sanctions_counts_stated.csv", dtype=str, keep_default_na=False)
    assert counts["source_url"].str.fullmatch(r"https?://\S+").all()
    shared = counts.groupby("fact_id")["count_row_id"].count()
    assert shared["us-2021-08-added"] >= 2 and shared["eu-2020-10-added"] >= 2
