"""Fidelity: the edition reproduces its sources word for word.

For each raw source file, the words of the file must equal, in order: the source's own furniture before the
texts (quoted in the bibliography of tei/edition.xml), then for every document taken from it, in the order of its
entry number, the heading words recorded in its header (date and citation, in either order) and its text rendered
from the source's readings (sic, not corr; no supplied text; no editorial notes); then the translator's notes of
all its documents; then the furniture after the texts. Whitespace and line breaks aside, nothing may differ: this
proves that nothing was lost, added or silently changed.

Then the corrected reading may differ from the source's reading only where an intervention is encoded.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from narkomindel.render import NOTES_SEPARATOR, Renderer
from narkomindel.xmlio import NS

ROOT = Path(__file__).resolve().parents[1]
EDITION = ROOT / "tei" / "edition.xml"
NOTE_MARKER = re.compile(r"\[[a-z]{1,3}\]")


@dataclass(frozen=True)
class Document:
    path: Path
    entry: int
    headings: list[str]
    text: str
    notes: str


def source_ids() -> list[str]:
    edition = etree.parse(str(EDITION))
    return edition.xpath("//tei:listBibl[@xml:id='sources']/tei:bibl[tei:idno[@type='file']]/@xml:id",
                         namespaces=NS)


def documents_of(source_id: str, renderer: Renderer) -> list[Document]:
    found = []
    for path in sorted((ROOT / "tei").glob("*.xml")):
        tree = etree.parse(str(path))
        copy_text = tree.find(".//tei:sourceDesc/tei:bibl[@type='copy-text']", NS)
        if copy_text is None or copy_text.get("source") != f"edition.xml#{source_id}":
            continue
        entry = int(copy_text.find("tei:biblScope[@unit='entry']", NS).get("n"))
        rendered = renderer.text(path, "source")
        text, _, notes = rendered.partition(NOTES_SEPARATOR)
        found.append(Document(path, entry, heading_words(tree, source_id), text, notes))
    return sorted(found, key=lambda d: d.entry)


def heading_words(tree: etree._ElementTree, source_id: str) -> list[str]:
    """The words with which the web transcription heads a document: its date and its citation."""
    if source_id != "web-transcription":
        return []
    date = tree.find(".//tei:profileDesc/tei:creation/tei:date", NS)
    cited = tree.find(".//tei:sourceDesc/tei:bibl[@type='cited-source']", NS)
    words = "".join(date.itertext()).split()
    if cited.get("subtype") != "not-given":
        words += source_reading_of(cited).split()
    return words


def source_reading_of(element: etree._Element) -> str:
    """Text of a header element as the source has it (a correction inside a citation shows its sic)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in (f"{{{NS['tei']}}}corr", f"{{{NS['tei']}}}note"):
            parts.append(source_reading_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def furniture(source_id: str, where: str) -> list[str]:
    edition = etree.parse(str(EDITION))
    quotes = edition.xpath(f"//tei:bibl[@xml:id='{source_id}']//tei:quote[@type='furniture-{where}']",
                           namespaces=NS)
    return [word for quote in quotes for word in "".join(quote.itertext()).split()]


def raw_file(source_id: str, sources_dir: Path) -> Path:
    edition = etree.parse(str(EDITION))
    name = edition.xpath(f"string(//tei:bibl[@xml:id='{source_id}']/tei:idno[@type='file'])", namespaces=NS)
    return sources_dir / name


def first_difference(expected: list[str], actual: list[str]) -> str:
    for index, (want, got) in enumerate(zip(expected, actual)):
        if want != got:
            return (f"word {index}: the source has {' '.join(actual[index:index + 12])!r}, the edition gives "
                    f"{' '.join(expected[index:index + 12])!r}")
    return f"lengths differ: the source has {len(actual)} words, the edition {len(expected)}"


@pytest.mark.parametrize("source_id", source_ids())
def test_every_word_of_the_source_is_in_the_edition_and_nothing_else(source_id, renderer, sources_dir):
    documents = documents_of(source_id, renderer)
    assert documents, f"no document is taken from {source_id}"
    raw = raw_file(source_id, sources_dir).read_text(encoding="utf-8").split()

    expected = furniture(source_id, "head")
    cursor = len(expected)
    assert raw[:cursor] == expected, first_difference(expected, raw[:cursor])
    for document in documents:
        text = document.text.split()
        # The date and citation heading a document may stand in either order (entry 7 of the web source).
        heading = raw[cursor:cursor + len(document.headings)]
        assert Counter(heading) == Counter(document.headings), (
            f"{document.path.name}: the source heads it with {' '.join(heading)!r}, the header records "
            f"{' '.join(document.headings)!r}")
        cursor += len(document.headings)
        actual = raw[cursor:cursor + len(text)]
        assert actual == text, f"{document.path.name}: {first_difference(text, actual)}"
        cursor += len(text)
    for document in documents:
        notes = document.notes.split()
        actual = raw[cursor:cursor + len(notes)]
        assert actual == notes, f"{document.path.name}, notes: {first_difference(notes, actual)}"
        cursor += len(notes)
    tail = furniture(source_id, "foot")
    assert raw[cursor:] == tail, f"after the last document: {first_difference(tail, raw[cursor:])}"


def all_documents() -> list[Path]:
    return [p for p in sorted((ROOT / "tei").glob("*.xml")) if p.name != "edition.xml"]


def intervention_readings(path: Path) -> list[str]:
    """What the corrected reading may add: the corrections, the supplied words, the editorial notes' markers."""
    tree = etree.parse(str(path))
    found = []
    for element in tree.iterfind(".//tei:text//tei:corr", NS):
        found.append(" ".join("".join(element.itertext()).split()))
    for element in tree.iterfind(".//tei:text//tei:supplied", NS):
        found.append("⟨" + " ".join("".join(element.itertext()).split()) + "⟩")
    return found


@pytest.mark.parametrize("path", all_documents(), ids=lambda p: p.stem)
def test_the_reading_differs_from_the_source_only_where_an_intervention_is_encoded(path, renderer):
    tree = etree.parse(str(path))
    source = " ".join(renderer.text(path, "source").partition(NOTES_SEPARATOR)[0].split())
    reading_text = renderer.text(path, "reading").partition(NOTES_SEPARATOR)[0]
    # Editorial note markers "[a]" are this edition's additions by definition; count them, then set them aside.
    assert len(NOTE_MARKER.findall(reading_text)) == len(
        tree.findall(".//tei:text//tei:note[@type='editorial']", NS))
    reading = " ".join(NOTE_MARKER.sub("", reading_text).split())
    interventions = len(tree.findall(".//tei:text//tei:choice", NS)) + len(
        tree.findall(".//tei:text//tei:supplied", NS))
    changes = [op for op in difflib.SequenceMatcher(a=source, b=reading, autojunk=False).get_opcodes()
               if op[0] != "equal"]
    assert len(changes) <= interventions, (
        f"{len(changes)} differences but only {interventions} interventions encoded: "
        + "; ".join(f"{source[a - 10:b + 10]!r} -> {reading[c - 10:d + 10]!r}" for _, a, b, c, d in changes))
    allowed = intervention_readings(path)
    for _, a, b, c, d in changes:
        added = reading[c:d].strip()
        assert not added or any(added in candidate for candidate in allowed), (
            f"{reading[max(c - 20, 0):d + 20]!r}: {added!r} in the reading text comes from no intervention")
