"""Office of the Historian (U.S. Department of State) XML records: travels, chiefs of mission,
foreign leaders' visits and the recognition/relations guide.

All four repositories are XML; they are parsed with lxml. A file that is not well-formed XML,
a record without a field the book needs, or a person id the book cannot resolve raises
:class:`RawFormatError` naming the source id, the file and the record.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
from lxml import etree

from minsk2020.data import raw as rawfile
from minsk2020.data import registry
from minsk2020.data.builders import builder
from minsk2020.errors import RawFormatError

# --- shared helpers -------------------------------------------------------------------------

ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
PARTIAL_DATE = re.compile(r"(\d{4}(-\d{2}(-\d{2})?)?)?")


def parse_xml(path, source_id: str) -> etree._ElementTree:
    """Parse an XML file, turning a syntax error into a RawFormatError naming the file."""
    try:
        return etree.parse(str(path))
    except etree.XMLSyntaxError as error:
        raise RawFormatError(f"{rawfile.where(source_id, path)}: not well-formed XML: {error}") from error


def clean_text(value: str | None) -> str:
    """Collapse runs of whitespace (the records wrap long text over several lines)."""
    return re.sub(r"\s+", " ", value or "").strip()


def required_text(element, tag: str, source_id: str, path, record: str) -> str:
    value = clean_text(element.findtext(tag))
    if not value:
        raise RawFormatError(f"{rawfile.where(source_id, path)}: {record} has no <{tag}>")
    return value


# --- travels of the Secretary of State and the President ------------------------------------

SECRETARY_FILES = [
    "oh_travels_baker", "oh_travels_christopher", "oh_travels_albright", "oh_travels_powell",
    "oh_travels_rice", "oh_travels_clinton_hillary", "oh_travels_kerry", "oh_travels_tillerson",
    "oh_travels_pompeo", "oh_travels_blinken", "oh_travels_rubio",
]
PRESIDENT_FILES = [
    "oh_travels_president_bush_george_h_w", "oh_travels_president_clinton_william_j",
    "oh_travels_president_bush_george_w", "oh_travels_president_obama_barack",
    "oh_travels_president_trump_donald_j", "oh_travels_president_biden_joseph_r",
]
TRIP_COLUMNS = ["trip_id", "role", "person_id", "name", "start_date", "end_date", "country_id",
                "country_name", "locale", "remarks", "source_id"]



def iso_dates(element, source_id: str, path, record: str) -> dict[str, str]:
    """The record's <start-date> and <end-date>, each required and in YYYY-MM-DD form."""
    dates = {}
    for tag in ("start-date", "end-date"):
        value = required_text(element, tag, source_id, path, record)
        if not ISO_DAY.fullmatch(value):
            raise RawFormatError(f"{rawfile.where(source_id, path)}: {record} <{tag}> is {value!r}, not YYYY-MM-DD")
        dates[tag] = value
    return dates

def person_of_file(source_id: str) -> str:
    """The person id a travels file is about: its file name (``pompeo-michael-r.xml``)."""
    return Path(registry.get(source_id).filename).stem


def secretaries_of_state(path, source_id: str = "oh_pocom_secstate") -> dict[str, tuple[str, str]]:
    """Person ids of the Secretaries of State -> (started, ended), from the principals record."""
    tree = parse_xml(path, source_id)
    if tree.getroot().tag != "principal-position" or tree.getroot().findtext("id") != "secretary":
        raise RawFormatError(f"{rawfile.where(source_id, path)}: expected <principal-position> with id 'secretary'")
    out = {}
    for principal in tree.iterfind(".//principals/principal"):
        person = required_text(principal, "person-id", source_id, path, "a principal")
        out[person] = (clean_text(principal.findtext("started/date")), clean_text(principal.findtext("ended/date")))
    if not out:
        raise RawFormatError(f"{rawfile.where(source_id, path)}: no <principal> records")
    return out


def read_trips(path, source_id: str, role: str, known_people: set[str]) -> pd.DataFrame:
    """One row per <trip> (a trip record covers one country) of a travels file.

    Every trip's ``who`` must be the person the file is about and be in ``known_people``;
    otherwise the record cannot be attributed and a RawFormatError names the file and the id.
    """
    tree = parse_xml(path, source_id)
    root = tree.getroot()
    if root.tag != "trips":
        raise RawFormatError(f"{rawfile.where(source_id, path)}: root element is <{root.tag}>, expected <trips>")
    expected_person = person_of_file(source_id)
    rows = []
    for trip in root.iterfind("trip"):
        trip_id = required_text(trip, "id", source_id, path, "a <trip>")
        record = f"trip {trip_id}"
        who = trip.get("who", "")
        if who not in known_people:
            raise RawFormatError(f"{rawfile.where(source_id, path)}: {record} names unknown person id {who!r}")
        if who != expected_person:
            raise RawFormatError(
                f"{rawfile.where(source_id, path)}: {record} names person id {who!r}, but the file is {expected_person!r}")
        if trip.get("role") != role or clean_text(trip.findtext("role")) != role:
            raise RawFormatError(f"{rawfile.where(source_id, path)}: {record} has role {trip.get('role')!r}, expected {role!r}")
        country = trip.find("country")
        if country is None or not country.get("id"):
            raise RawFormatError(f"{rawfile.where(source_id, path)}: {record} has no <country id=...>")
        dates = iso_dates(trip, source_id, path, record)
        rows.append({
            "trip_id": int(trip_id),
            "role": role,
            "person_id": who,
            "name": required_text(trip, "name", source_id, path, record),
            "start_date": dates["start-date"],
            "end_date": dates["end-date"],
            "country_id": country.get("id"),
            "country_name": clean_text(country.text),
            "locale": clean_text(trip.findtext("locale")),
            "remarks": clean_text(trip.findtext("remarks")),
            "source_id": source_id,
        })
    if not rows:
        raise RawFormatError(f"{rawfile.where(source_id, path)}: no <trip> records")
    return pd.DataFrame(rows, columns=TRIP_COLUMNS)


def _finish_trips(frames: list[pd.DataFrame], what: str) -> pd.DataFrame:
    out = pd.concat(frames, ignore_index=True)
    duplicated = out["trip_id"].duplicated()
    if duplicated.any():
        raise RawFormatError(f"{what}: trip id {int(out.loc[duplicated, 'trip_id'].iloc[0])} appears twice")
    return out.sort_values(["start_date", "end_date", "trip_id"]).reset_index(drop=True)


@builder(tables="secretary_trips", sources=[*SECRETARY_FILES, "oh_pocom_secstate"])
def secretary_trips(raw) -> pd.DataFrame:
    """Trips of the Secretaries of State since 1989 (Baker to Rubio), one row per trip record."""
    secretaries = set(secretaries_of_state(raw("oh_pocom_secstate")))
    frames = [read_trips(raw(sid), sid, "secretary", secretaries) for sid in SECRETARY_FILES]
    return _finish_trips(frames, "oh_travels (Secretaries)")


@builder(tables="president_trips", sources=PRESIDENT_FILES)
def president_trips(raw) -> pd.DataFrame:
    """Trips abroad of the Presidents since 1989 (G. H. W. Bush to Biden), one row per trip record."""
    presidents = {person_of_file(sid) for sid in PRESIDENT_FILES}
    frames = [read_trips(raw(sid), sid, "president", presidents) for sid in PRESIDENT_FILES]
    return _finish_trips(frames, "oh_travels (Presidents)")


# --- principal officers and chiefs of mission -----------------------------------------------

MISSION_FILES = {
    "oh_pocom_belarus": "belarus", "oh_pocom_kazakhstan": "kazakhstan", "oh_pocom_kyrgyzstan": "kyrgyzstan",
    "oh_pocom_tajikistan": "tajikistan", "oh_pocom_turkmenistan": "turkmenistan",
    "oh_pocom_uzbekistan": "uzbekistan", "oh_pocom_ukraine": "ukraine",
}
PERSON_PREFIX = "oh_pocom_person_"
PERSON_FILES = sorted(sid for sid in registry.files() if sid.startswith(PERSON_PREFIX))
ROLE_TITLES = {
    "ambassador-e-p": "Ambassador Extraordinary and Plenipotentiary",
    "charge-daffaires": "Chargé d'Affaires",
    "charge-daffaires-ad-interim": "Chargé d'Affaires ad interim",
}
CHIEF_COLUMNS = ["mission_country_id", "record_type", "chief_id", "person_id", "name", "role_title_id", "role",
                 "appointed", "arrived", "started", "ended", "ended_note", "note", "source_id"]


def person_name(path, source_id: str, person_id: str) -> str:
    """'Forename Surname' from a people record, checking the record is the person asked for."""
    tree = parse_xml(path, source_id)
    root = tree.getroot()
    if root.tag != "person" or clean_text(root.findtext("id")) != person_id:
        raise RawFormatError(f"{rawfile.where(source_id, path)}: expected <person> with id {person_id!r}")
    surname = clean_text(root.findtext("persName/surname"))
    forename = clean_text(root.findtext("persName/forename"))
    if not surname:
        raise RawFormatError(f"{rawfile.where(source_id, path)}: person {person_id!r} has no persName/surname")
    return f"{forename} {surname}".strip()


def read_mission(path, source_id: str, territory: str, names: dict[str, str]) -> pd.DataFrame:
    """Chiefs of mission (and other nominees) of one country mission, names resolved."""
    tree = parse_xml(path, source_id)
    root = tree.getroot()
    if root.tag != "country-mission" or clean_text(root.findtext("territory-id")) != territory:
        raise RawFormatError(f"{rawfile.where(source_id, path)}: expected <country-mission> for territory {territory!r}")
    rows = []
    for record_type, xpath in (("chief", "chiefs/chief"), ("other_nominee", "other-nominees/chief")):
        for chief in root.iterfind(xpath):
            chief_id = required_text(chief, "id", source_id, path, "a <chief>")
            record = f"chief {chief_id}"
            person_id = required_text(chief, "person-id", source_id, path, record)
            if person_id not in names:
                raise RawFormatError(
                    f"{rawfile.where(source_id, path)}: {record} names unknown person id {person_id!r} "
                    f"(no registered people record {PERSON_PREFIX}{person_id})")
            role_id = required_text(chief, "role-title-id", source_id, path, record)
            if role_id not in ROLE_TITLES:
                raise RawFormatError(f"{rawfile.where(source_id, path)}: {record} has unknown role-title-id {role_id!r}")
            dates = {}
            for tag in ("appointed", "arrived", "started", "ended"):
                value = clean_text(chief.findtext(f"{tag}/date"))
                if not PARTIAL_DATE.fullmatch(value):
                    raise RawFormatError(f"{rawfile.where(source_id, path)}: {record} <{tag}><date> is {value!r}")
                dates[tag] = value
            rows.append({
                "mission_country_id": territory, "record_type": record_type, "chief_id": chief_id,
                "person_id": person_id, "name": names[person_id], "role_title_id": role_id,
                "role": ROLE_TITLES[role_id], **dates,
                "ended_note": clean_text(chief.findtext("ended/note")),
                "note": clean_text(chief.findtext("note")), "source_id": source_id,
            })
    if not any(r["record_type"] == "chief" for r in rows):
        raise RawFormatError(f"{rawfile.where(source_id, path)}: no <chiefs>/<chief> records")
    return pd.DataFrame(rows, columns=CHIEF_COLUMNS)


def _sort_key(value: pd.Series) -> pd.Series:
    return value.where(value != "", "9999")


@builder(tables="chiefs_of_mission", sources=[*MISSION_FILES, *PERSON_FILES])
def chiefs_of_mission(raw) -> pd.DataFrame:
    """US chiefs of mission to Belarus, Ukraine and the five Central Asian states, 1992 onward."""
    names = {sid[len(PERSON_PREFIX):]: person_name(raw(sid), sid, sid[len(PERSON_PREFIX):]) for sid in PERSON_FILES}
    frames = [read_mission(raw(sid), sid, territory, names) for sid, territory in MISSION_FILES.items()]
    out = pd.concat(frames, ignore_index=True)
    first = out[["appointed", "started", "arrived"]].replace("", pd.NA).bfill(axis=1).iloc[:, 0].fillna("")
    out = out.assign(_first=_sort_key(first)).sort_values(["mission_country_id", "record_type", "_first", "chief_id"])
    return out.drop(columns="_first").reset_index(drop=True)


# --- visits by foreign leaders ----------------------------------------------------------------

VISIT_FILES = ["oh_visits_1990", "oh_visits_2000", "oh_visits_2010", "oh_visits_2020"]
VISIT_COUNTRIES = ["belarus", "kazakhstan", "kyrgyzstan", "tajikistan", "turkmenistan", "uzbekistan"]
VISIT_COLUMNS = ["visit_id", "start_date", "end_date", "visitor", "country_id", "country_name", "description",
                 "source_id"]


def read_visits(path, source_id: str, countries: list[str] = VISIT_COUNTRIES) -> pd.DataFrame:
    tree = parse_xml(path, source_id)
    root = tree.getroot()
    if root.tag != "visits":
        raise RawFormatError(f"{rawfile.where(source_id, path)}: root element is <{root.tag}>, expected <visits>")
    rows = []
    for visit in root.iterfind("visit"):
        visit_id = required_text(visit, "id", source_id, path, "a <visit>")
        origin = visit.find("from")
        if origin is None or not origin.get("id"):
            raise RawFormatError(f"{rawfile.where(source_id, path)}: visit {visit_id} has no <from id=...>")
        if origin.get("id") not in countries:
            continue
        record = f"visit {visit_id}"
        dates = iso_dates(visit, source_id, path, record)
        rows.append({
            "visit_id": int(visit_id), "start_date": dates["start-date"], "end_date": dates["end-date"],
            "visitor": required_text(visit, "visitor", source_id, path, record),
            "country_id": origin.get("id"), "country_name": clean_text(origin.text),
            "description": clean_text(visit.findtext("description")), "source_id": source_id,
        })
    return pd.DataFrame(rows, columns=VISIT_COLUMNS)


@builder(tables="leader_visits_us", sources=VISIT_FILES)
def leader_visits_us(raw) -> pd.DataFrame:
    """Visits to the US by leaders of Belarus and the five Central Asian states, 1990-2024."""
    out = pd.concat([read_visits(raw(sid), sid) for sid in VISIT_FILES], ignore_index=True)
    return out.sort_values(["start_date", "visit_id"]).reset_index(drop=True)


# --- recognition, relations and embassy dates (TEI articles) ---------------------------------

RDCR_FILES = {
    "oh_rdcr_belarus": "belarus", "oh_rdcr_kazakhstan": "kazakhstan", "oh_rdcr_kyrgyzstan": "kyrgyzstan",
    "oh_rdcr_tajikistan": "tajikistan", "oh_rdcr_turkmenistan": "turkmenistan",
    "oh_rdcr_uzbekistan": "uzbekistan", "oh_rdcr_ukraine": "ukraine",
}
TEI = "{http://www.tei-c.org/ns/1.0}"
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
LONG_DATE = re.compile(r"\b(" + "|".join(MONTHS) + r") (\d{1,2}), (\d{4})\b")
# headings of the kinds of milestone the book uses, by section
MILESTONES = {
    "recognition": re.compile(r"^U\.S\. Recognition of"),
    "relations": re.compile(r"^Establishment of Diplomatic Relations"),
    "embassy": re.compile(r"^Establishment of the American Embassy in"),
    "ambassador_recalled": re.compile(r"Ambassador Recalled"),
}
RDCR_COLUMNS = ["country_id", "milestone", "heading", "date", "date_text", "note", "source_id"]


def long_date_to_iso(match: re.Match) -> str:
    month = MONTHS.index(match.group(1)) + 1
    return f"{int(match.group(3)):04d}-{month:02d}-{int(match.group(2)):02d}"


def read_rdcr(path, source_id: str, country: str) -> pd.DataFrame:
    """Dated milestones (recognition, relations, embassy, recall) of one country article.

    Each timeline block whose heading is one of :data:`MILESTONES` must state exactly one full
    date ("Month D, YYYY") in its first paragraph; where the heading's year differs (Kyrgyzstan's
    embassy heading says 2004, its text 1 February 1992) the text's date is kept and ``note``
    says so. Blocks of other kinds are skipped. Recognition, relations and embassy must all be found.
    """
    tree = parse_xml(path, source_id)
    rows = []
    for block in tree.iterfind(f".//{TEI}div[@type='timeline']"):
        head = block.find(f"{TEI}head")
        heading = clean_text("".join(head.itertext())) if head is not None else ""
        kind = next((k for k, pattern in MILESTONES.items() if pattern.search(heading)), None)
        if kind is None:
            continue
        paragraph = block.find(f"{TEI}p")
        text = clean_text("".join(paragraph.itertext())) if paragraph is not None else ""
        matches = {long_date_to_iso(m): m.group(0) for m in LONG_DATE.finditer(text)}
        if len(matches) != 1:
            raise RawFormatError(
                f"{rawfile.where(source_id, path)}: milestone {heading!r} should state one full date, found {list(matches.values())}")
        (iso, as_written), = matches.items()
        year = re.search(r"(\d{4})\.?$", heading)
        note = ""
        if year and year.group(1) != iso[:4]:
            note = f"heading gives {year.group(1)}; the text's date is used"
        rows.append({"country_id": country, "milestone": kind, "heading": heading, "date": iso,
                     "date_text": as_written, "note": note, "source_id": source_id})
    found = {r["milestone"] for r in rows}
    missing = {"recognition", "relations", "embassy"} - found
    if missing:
        raise RawFormatError(f"{rawfile.where(source_id, path)}: no timeline heading for {sorted(missing)}")
    return pd.DataFrame(rows, columns=RDCR_COLUMNS)


@builder(tables="us_recognition_relations", sources=list(RDCR_FILES))
def us_recognition_relations(raw) -> pd.DataFrame:
    """US recognition, diplomatic relations, embassy opening (and recalls) for Belarus, Ukraine and the five."""
    out = pd.concat([read_rdcr(raw(sid), sid, c) for sid, c in RDCR_FILES.items()], ignore_index=True)
    return out.sort_values(["country_id", "date", "milestone"]).reset_index(drop=True)
