"""The apparatus checked against the encoding: counts the prose states are computed from the markup, so that they
cannot drift from it."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import untagged_text
from lxml import etree

from narkomindel.xmlio import NS

ROOT = Path(__file__).resolve().parents[1]
TEI = ROOT / "tei"
EDITION = TEI / "edition.xml"
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14}


def documents() -> list[etree._ElementTree]:
    return [etree.parse(str(p)) for p in sorted(TEI.glob("*.xml")) if p.name != "edition.xml"]


def text_of(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


def copy_texts_of(source_id: str) -> list[etree._ElementTree]:
    return [t for t in documents()
            if t.find(f".//tei:bibl[@type='copy-text'][@source='edition.xml#{source_id}']", NS) is not None]


def cited_sources(source_id: str) -> list[etree._ElementTree]:
    return [t for t in copy_texts_of(source_id)
            if t.find(".//tei:bibl[@type='cited-source'][@source]", NS) is not None]


def translator_notes() -> list[etree._Element]:
    return [n for t in copy_texts_of("socialism-today-213") for n in t.iterfind(".//tei:note[@type='translator']", NS)]


def stated_number(prose: str, pattern: str) -> int:
    """The number a sentence of the prose states, written as a word or in figures."""
    match = re.search(pattern, prose, re.I)
    assert match, f"the prose no longer says {pattern!r}: update this test together with the prose"
    word = match.group("n").lower()
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


# (what the prose says, the element that says it, a pattern capturing the number, the count from the encoding)
STATED_COUNTS: list[tuple[str, str, str, Callable[[], int]]] = [
    ("documents of the web transcription", "//tei:bibl[@xml:id='web-transcription']/tei:note[@type='description']",
     r"giving (?P<n>\w+) dated documents", lambda: len(copy_texts_of("web-transcription"))),
    ("web documents with a source citation", "//tei:bibl[@xml:id='web-transcription']/tei:note[@type='description']",
     r"for (?P<n>\w+) of them, a short source citation", lambda: len(cited_sources("web-transcription"))),
    ("texts of the magazine", "//tei:bibl[@xml:id='socialism-today-213']/tei:note[@type='description']",
     r"(?P<n>\w+) texts by Trotsky", lambda: len(copy_texts_of("socialism-today-213"))),
    ("translator's notes", "//tei:bibl[@xml:id='socialism-today-213']/tei:note[@type='description']",
     r"with (?P<n>\w+) numbered notes", lambda: len(translator_notes())),
    ("documents of the web transcription (project)", "//tei:projectDesc/tei:p",
     r"web transcription of (?P<n>\w+) documents", lambda: len(copy_texts_of("web-transcription"))),
    ("texts of the magazine (project)", "//tei:projectDesc/tei:p",
     r"translation of (?P<n>\w+) texts by Trotsky", lambda: len(copy_texts_of("socialism-today-213"))),
    ("texts of the magazine (responsibility)", "//tei:titleStmt/tei:respStmt/tei:resp",
     r"translated the (?P<n>\w+) texts", lambda: len(copy_texts_of("socialism-today-213"))),
]


@pytest.mark.parametrize("what, xpath, pattern, count", STATED_COUNTS, ids=[s[0] for s in STATED_COUNTS])
def test_every_count_stated_in_the_edition_header_is_that_of_the_encoding(what, xpath, pattern, count):
    header = etree.parse(str(EDITION))
    prose = " ".join(text_of(e) for e in header.xpath(xpath, namespaces=NS))
    assert stated_number(prose, pattern) == count(), f"the header's count of {what} disagrees with the encoding"


def test_the_readme_states_the_counts_of_the_encoding():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert stated_number(readme, r"web transcription of (?P<n>\w+) documents") == len(copy_texts_of("web-transcription"))
    assert stated_number(readme, r"(?P<n>\w+) texts by Trotsky") == len(copy_texts_of("socialism-today-213"))


def test_the_cited_sources_of_the_web_transcription_are_those_the_header_lists():
    """Nine citations: Kluchnikov & Sabanin once, Trotsky's Sochineniya seven times, Izvestia once."""
    sources = sorted(t.find(".//tei:bibl[@type='cited-source']", NS).get("source")
                     for t in cited_sources("web-transcription"))
    assert {s: sources.count(s) for s in sources} == {
        "edition.xml#izvestia-1918-04-21": 1, "edition.xml#kluchnikov-sabanin": 1,
        "edition.xml#trotsky-sochineniya": 7}


# Names: the same name for the same entry is tagged alike everywhere.

NAME_TAGS = ("persName", "placeName", "orgName", "rs")


def name_mentions() -> list[tuple[str, etree._Element]]:
    """Every name in the text of a document outside the editors' notes, whose identifications are the editors'
    own statements rather than readings of the source."""
    found = []
    for path in sorted(TEI.glob("*.xml")):
        if path.name == "edition.xml":
            continue
        tree = etree.parse(str(path))
        for tag in NAME_TAGS:
            for element in tree.iterfind(f".//tei:text//tei:{tag}", NS):
                if not any(a.tag == f"{{{NS['tei']}}}note" and a.get("type") == "editorial"
                           for a in element.iterancestors()):
                    found.append((path.name, element))
    return found


def test_the_same_name_for_the_same_entry_has_the_same_certainty_everywhere():
    """"Russian delegation" pointing at the same entry is not inferred in one document and certain in another."""
    certainties: dict[tuple[str, str, str], dict[str, list[str]]] = {}
    for name, element in name_mentions():
        words = re.sub(r"^the ", "", text_of(element).lower().replace("’", "'"))
        key = (etree.QName(element).localname, element.get("ref"), words)
        certainties.setdefault(key, {}).setdefault(element.get("cert", "(none)"), []).append(
            f"{name}:{element.sourceline}")
    mixed = {key: places for key, places in certainties.items() if len(places) > 1}
    assert mixed == {}, "give these names the same @cert everywhere, or explain the difference in a note"


def test_a_coordinated_name_is_tagged_like_the_name_it_shortens():
    """"the Allied and neutral countries" contains "Allied [countries]", tagged elsewhere as the Allies."""
    tagged = {text_of(e) for _, e in name_mentions() if etree.QName(e).localname != "rs"}
    pairs = [t.split() for t in tagged if len(t.split()) == 2 and t[:1].isupper()]
    pattern = re.compile(r"\b(" + "|".join(rf"{re.escape(a)} and \w+ {re.escape(b)}" for a, b in pairs) + r")\b")
    untagged = [f"{path.name}:{element.sourceline}: {m.group()}"
                for path in sorted(TEI.glob("*.xml")) if path.name != "edition.xml"
                for element, chunk in untagged_text(path) for m in pattern.finditer(" ".join(chunk.split()))]
    assert untagged == [], "tag the shortened name as the full one is tagged elsewhere"


def test_punctuation_is_corrected_only_where_the_policy_allows():
    """The editorial principles correct punctuation only for faults of transmission: a doubled mark, or a dash
    lost or written as a hyphen or comma. A comma merely irregular is annotated, not corrected."""
    wrong = []
    for tree in documents():
        for choice in tree.xpath("//tei:choice[tei:corr/@type = 'punctuation']", namespaces=NS):
            sic, corr = text_of(choice.find("tei:sic", NS)), text_of(choice.find("tei:corr", NS))
            undoubled = re.sub(r"([,;:.])\1+", r"\1", sic)
            dash_restored = "—" in corr and "—" not in sic
            if corr != undoubled and not dash_restored:
                wrong.append(f"{tree.docinfo.URL}:{choice.sourceline}: {sic!r} → {corr!r}")
    assert wrong == [], "keep this punctuation and annotate it, or state the new kind of fault in the principles"


# Dates: why each date is read as it is.

def dating_reasons() -> set[str]:
    header = etree.parse(str(EDITION))
    return {c.get("{http://www.w3.org/XML/1998/namespace}id")
            for c in header.xpath("//tei:taxonomy[@xml:id = 'dating-reasons']/tei:category", namespaces=NS)}


def all_dates() -> list[tuple[str, etree._Element]]:
    return [(path.name, d) for path in sorted(TEI.glob("*.xml"))
            for d in etree.parse(str(path)).iterfind(".//tei:date", NS)]


def test_every_date_read_from_a_source_says_why_and_how_surely():
    """Outside the editors' notes and the edition's own publication data, every single date has @cert and @ana,
    every pair @ana (its halves are read by the pair's reason)."""
    missing = []
    for name, date in all_dates():
        if any(etree.QName(a).localname in ("editionStmt", "publicationStmt", "revisionDesc") or
               (etree.QName(a).localname == "note" and a.get("type") == "editorial") for a in date.iterancestors()):
            continue
        if name == "edition.xml" and date.get("calendar") is None:
            continue  # publication dates of modern works: no calendar to read
        if etree.QName(date.getparent()).localname == "date":
            continue
        needed = ("ana",) if date.get("type") == "pair" else ("cert", "ana")
        missing += [f"{name}:{date.sourceline}: no @{a}" for a in needed if date.get(a) is None]
    assert missing == [], "give each of these dates its certainty and its dating reason"


def test_every_dating_reason_points_into_the_taxonomy_and_every_reason_is_used():
    reasons = dating_reasons()
    used = set()
    for name, date in all_dates():
        for pointer in (date.get("ana") or "").split():
            target = pointer.split("#", 1)[1]
            assert pointer in (f"edition.xml#{target}", f"#{target}") and target in reasons, \
                f"{name}:{date.sourceline}: @ana={pointer!r} is not a dating reason of edition.xml"
            used.add(target)
    assert reasons and used == reasons, f"dating reasons declared but never used: {sorted(reasons - used)}"


# Indexes a reader can use.

def header_entries(tag: str) -> list[etree._Element]:
    return etree.parse(str(EDITION)).xpath(f"//tei:{tag}", namespaces=NS)


def entry_id(entry: etree._Element) -> str:
    return entry.get("{http://www.w3.org/XML/1998/namespace}id")


UNNAMED = {"persian-ambassador-constantinople"}  # known by his office only
UNKNOWN_LIFE = {"tatishev", "persian-charge-d-affaires", "persian-ambassador-constantinople", "baggins",
                "dickenson"}  # no dates known, or living


def test_every_person_has_a_divided_name_life_dates_a_role_and_a_sentence():
    gaps = []
    for person in header_entries("person"):
        pid = entry_id(person)
        main = person.find("tei:persName[@type='main']", NS)
        if pid not in UNNAMED and main.find("tei:surname", NS) is None and main.find("tei:forename", NS) is None:
            gaps.append(f"{pid}: name not divided into surname and forename")
        if pid not in UNKNOWN_LIFE and (person.find("tei:birth", NS) is None or person.find("tei:death", NS) is None):
            gaps.append(f"{pid}: no years of birth and death")
        if pid not in {"baggins", "dickenson"} and person.find("tei:occupation", NS) is None:
            gaps.append(f"{pid}: no role in 1917–1918")
        if person.find("tei:note[@type='biography']", NS) is None:
            gaps.append(f"{pid}: no sentence")
    assert gaps == []


SETTLEMENTS = {"petrograd", "moscow", "brest-litovsk", "tsarskoe-selo", "hamburg", "new-york", "kishinev", "leovo",
               "jassy", "teheran", "constantinople", "baghdad", "jerusalem", "trebizond", "vladivostok", "murmansk",
               "archangel"}


def test_every_place_says_where_it_lies_today_and_every_town_has_coordinates():
    gaps = []
    for place in header_entries("place"):
        pid = entry_id(place)
        geo = place.findtext("tei:location/tei:geo", namespaces=NS)
        if pid in SETTLEMENTS:
            if geo is None:
                gaps.append(f"{pid}: a town without coordinates")
            else:
                lat, lon = (float(v) for v in geo.split())
                assert -90 <= lat <= 90 and -180 <= lon <= 180, f"{pid}: impossible coordinates {geo}"
        elif geo is not None:
            gaps.append(f"{pid}: coordinates for a place that is not a town")
        if (place.find("tei:location/tei:country", NS) is None and place.find("tei:desc", NS) is None
                and place.find("tei:note", NS) is None):
            gaps.append(f"{pid}: neither a country nor a description")
    assert gaps == []


def test_every_organisation_has_a_sentence():
    assert [entry_id(o) for o in header_entries("org") if o.find("tei:desc", NS) is None] == []


def test_every_entry_records_its_authority_identifier_or_says_why_not():
    """No entry is left without an identifier silently; states are identified as they were in 1917–1918."""
    silent = [entry_id(e) for tag in ("person", "place", "org") for e in header_entries(tag)
              if e.find("tei:idno[@type='wikidata']", NS) is None and e.find("tei:note[@type='authority']", NS) is None
              and entry_id(e) not in UNKNOWN_LIFE | UNNAMED | {"western-europe", "european-turkey",
                                                                             "asiatic-turkey", "arab-federation"}]
    assert silent == []
    ids = {entry_id(e): e.findtext("tei:idno[@type='wikidata']", namespaces=NS) for e in header_entries("place")}
    modern_states = {"Q183": "Germany", "Q38": "Italy", "Q219": "Bulgaria", "Q403": "Serbia", "Q145": "United Kingdom",
                     "Q142": "France", "Q218": "Romania", "Q17": "Japan", "Q794": "Iran", "Q41": "Greece"}
    assert not set(ids.values()) & set(modern_states), "use the Wikidata item of the state as it was in 1917–1918"
    assert all(re.fullmatch(r"Q\d+", v) for v in ids.values() if v), "a Wikidata identifier is Q and a number"


# The forms of the identifiers the indexes record (Wikidata's format constraints for P227 GND, P214 VIAF, P1566
# GeoNames); any other type of idno in an index is a misspelling of one of these.
AUTHORITY_FORMS = {
    "wikidata": r"Q[1-9][0-9]*",
    "GND": r"1[012]?[0-9]{7}[0-9X]|[47][0-9]{6}-[0-9]|[1-9][0-9]{0,7}-[0-9X]|3[0-9]{7}[0-9X]",
    "VIAF": r"[1-9][0-9]*",
    "geonames": r"[1-9][0-9]*",
}


def index_idnos() -> list[tuple[str, etree._Element]]:
    return [(entry_id(e), idno) for tag in ("person", "place", "org") for e in header_entries(tag)
            for idno in e.findall("tei:idno", NS)]


def test_every_authority_identifier_has_the_form_of_its_authority_file():
    wrong = [f"{eid}: {idno.get('type')} {idno.text!r}" for eid, idno in index_idnos()
             if idno.get("type") not in AUTHORITY_FORMS
             or not re.fullmatch(AUTHORITY_FORMS[idno.get("type")], idno.text or "")]
    assert wrong == [], "correct these identifiers, or give them one of the types " + ", ".join(AUTHORITY_FORMS)


def test_no_two_index_entries_share_an_authority_identifier():
    holders: dict[tuple[str, str], list[str]] = {}
    for eid, idno in index_idnos():
        holders.setdefault((idno.get("type"), (idno.text or "").strip()), []).append(eid)
    shared = {key: eids for key, eids in holders.items() if len(eids) > 1}
    assert shared == {}, "merge these entries or record the identifier in one of them and point to it in a note"


def test_authority_notes_point_at_sources_and_entries_that_exist():
    """A note that names where an identifier was printed points at a bibl of the edition (or at another entry)."""
    tree = etree.parse(str(EDITION))
    known = set(tree.xpath("//@xml:id"))
    dangling = [f"{entry_id(note.getparent())}: {ref.get('target')}"
                for note in tree.xpath("//tei:note[@type='authority']", namespaces=NS)
                for ref in note.findall("tei:ref", NS) if ref.get("target", "").removeprefix("#") not in known]
    assert dangling == []
