"""The edition itself: every file valid (the project's rules and the official TEI P5 schema), every document of
both sources present, and the sources' own date discrepancy found by the validator unless acknowledged."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import untagged_text
from lxml import etree

from narkomindel.validate import validate
from narkomindel.xmlio import NS

ROOT = Path(__file__).resolve().parents[1]
TEI_FILES = sorted((ROOT / "tei").glob("*.xml"))


def test_the_whole_edition_validates_without_errors_or_warnings(project):
    findings = validate([project.tei], project.schema)
    assert findings == [], "\n".join(f.as_line() for f in findings)


@pytest.mark.parametrize("path", TEI_FILES + [ROOT / "tests/fixtures/rules/1917-11-21-base.xml"],
                         ids=lambda p: p.stem)
def test_every_file_is_valid_tei_p5(path, tei_all):
    valid = tei_all.validate(etree.parse(str(path)))
    assert valid, "\n".join(f"{path.name}:{e.line}: {e.message}" for e in tei_all.error_log)


def test_the_official_schema_rejects_what_tei_forbids(tei_all):
    document = etree.parse(str(TEI_FILES[0]))
    document.getroot().append(etree.Element(f"{{{NS['tei']}}}foo"))
    assert not tei_all.validate(document)


def copy_texts(source_id: str) -> list[etree._ElementTree]:
    trees = [etree.parse(str(p)) for p in TEI_FILES if p.name != "edition.xml"]
    return [t for t in trees
            if t.find(f".//tei:bibl[@type='copy-text'][@source='edition.xml#{source_id}']", NS) is not None]


def test_every_dated_entry_of_the_web_transcription_is_a_document(sources_dir):
    raw = (sources_dir / "narkomindel-documents-1917-1918.txt").read_text(encoding="utf-8")
    headings = re.findall(r"^\d{1,2} (?:January|February|March|April|November|December) 191[78]$", raw, re.M)
    documents = copy_texts("web-transcription")
    assert len(headings) == 12
    written = sorted("".join(t.find(".//tei:creation/tei:date", NS).itertext()) for t in documents)
    assert written == sorted(headings)


def test_both_texts_of_the_magazine_and_all_nine_notes_are_encoded():
    documents = copy_texts("socialism-today-213")
    assert len(documents) == 2
    numbers = sorted(int(n) for t in documents for n in t.xpath("//tei:note[@type='translator']/@n", namespaces=NS))
    assert numbers == list(range(1, 10))


def test_the_sources_discrepant_date_pair_is_found_unless_acknowledged(tmp_path, project):
    """The web source writes "30 December [5 January]": Julian 30 December is Gregorian 12 January."""
    original = ROOT / "tei" / "1918-01-02-press-interview-on-peace-terms.xml"
    tree = etree.parse(str(original))
    (pair,) = tree.xpath("//tei:date[@subtype='discrepant']", namespaces=NS)
    note = pair.getnext()
    assert note.tag == f"{{{NS['tei']}}}note" and note.get("type") == "editorial"
    # Take the acknowledgement away, as an editor who had not noticed would have encoded it.
    del pair.attrib["subtype"]
    pair.set("when", "1918-01-05")
    pair.getparent().remove(note)
    for name in ("edition.xml", "1917-11-21-note-to-allied-ambassadors.xml"):
        shutil.copy(ROOT / "tei" / name, tmp_path / name)
    tree.write(str(tmp_path / original.name), encoding="UTF-8", xml_declaration=True)
    findings = validate([tmp_path / original.name], project.schema)
    rules = {f.rule for f in findings}
    assert "date-pair-disagree" in rules
    (disagree,) = [f for f in findings if f.rule == "date-pair-disagree"]
    assert "1918-01-12" in disagree.message and "1918-01-05" in disagree.message


def index_name_forms() -> set[str]:
    """Name forms of the indexes that a reader would recognise in running text: surnames of persons, the
    capitalised main and variant names of places and organisations."""
    edition = etree.parse(str(ROOT / "tei" / "edition.xml"))
    forms = {"".join(n.itertext()).split(",")[0].strip()
             for n in edition.xpath("//tei:person/tei:persName", namespaces=NS)}
    for name in edition.xpath("//tei:place/tei:placeName | //tei:org/tei:orgName", namespaces=NS):
        text = re.sub(r" \(.*\)", "", "".join(name.itertext()))
        if text[:1].isupper():
            forms.add(text)
    return {form for form in forms if len(form) > 3}


@pytest.mark.parametrize("path", [p for p in TEI_FILES if p.name != "edition.xml"], ids=lambda p: p.stem)
def test_every_name_of_the_indexes_is_tagged_where_it_occurs(path):
    pattern = re.compile(r"\b(" + "|".join(re.escape(f) for f in sorted(index_name_forms(), key=len,
                                                                         reverse=True)) + r")\b")
    untagged = [f"line {element.sourceline}: {m.group()}" for element, chunk in untagged_text(path)
                for m in pattern.finditer(chunk)]
    assert untagged == []


MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
WRITTEN_DAY = re.compile(rf"\b\d{{1,2}}\]?\)?\s+(?:{MONTHS})\b|\b(?:{MONTHS})\s+\d{{1,2}}\b")


@pytest.mark.parametrize("path", [p for p in TEI_FILES if p.name != "edition.xml"], ids=lambda p: p.stem)
def test_every_written_day_is_encoded_as_a_date(path):
    """Text outside <date> must not name a day: every such date needs both calendars."""
    date_tag = f"{{{NS['tei']}}}date"
    loose = []
    for element in etree.parse(str(path)).find(".//tei:text", NS).iter():
        if not isinstance(element.tag, str):
            continue
        for chunk, owner in ((element.text, element), (element.tail, element.getparent())):
            if not chunk or owner is None or owner.tag == date_tag or any(a.tag == date_tag for a in owner.iterancestors()):
                continue
            loose += [f"line {element.sourceline}: {m.group()}" for m in WRITTEN_DAY.finditer(chunk)]
    assert loose == []
