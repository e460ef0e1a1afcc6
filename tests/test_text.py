"""The plain-text edition: complete, laid out as promised (72 columns, hanging numbers, no markup), and word for
word the text the fidelity tests prove against the raw sources."""

from __future__ import annotations

import re
import textwrap
import unicodedata
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from saxonche import PySaxonProcessor, PyXsltExecutable

from narkomindel.build import build
from narkomindel.render import NOTES_SEPARATOR
from narkomindel.text import EDITION_TEXT, tidy
from narkomindel.xmlio import NS

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = sorted(p for p in (ROOT / "tei").glob("*.xml") if p.name != "edition.xml")
LABEL = re.compile(r"^\[(\d+(?:\.\d+)?)\] *", re.M)
SECTIONS = ("Translator’s notes", "Editors’ notes", "Apparatus of interventions", "Dates in the text")
ADDED_HEADINGS = ("Speech", "Written declaration", "Further remarks")
PROCESSOR = PySaxonProcessor(license=False)


@pytest.fixture(scope="module")
def text_dir(project, tmp_path_factory) -> Path:
    return build(project, tmp_path_factory.mktemp("text") / "build", ["text"]).folder("text")


def sections(text: str) -> dict[str, str]:
    """The parts of a document's file: 'header' (title and fields), 'body', and each section after it."""
    title, fields, rest = text.split("\n\n", 2)
    parts = {"header": title + "\n\n" + fields}
    pattern = "|".join(re.escape(s) for s in SECTIONS)
    pieces = re.split(rf"^((?:{pattern})[^\n]*)\n-+\n", rest, flags=re.M)
    parts["body"] = pieces[0]
    for heading, content in zip(pieces[1::2], pieces[2::2]):
        parts[next(s for s in SECTIONS if heading.startswith(s))] = content
    return parts


def body_words(body: str) -> list[str]:
    """The words of the text as the source has them: numbers of citable units, the edition's own headings and
    underlines and the marks of the diplomatic reading taken away."""
    lines = body.split("\n")
    kept = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if re.fullmatch(r"-+", line.strip()) or line.startswith("Translator’s introduction"):
            continue
        if line.strip() in ADDED_HEADINGS and re.fullmatch(r"-+", following.strip()):
            continue
        kept.append(line)
    words = LABEL.sub("", "\n".join(kept))
    return words.replace("⸢", "").replace("⸣", "").replace("‸", "").split()


def text_words(parts: dict[str, str]) -> list[str]:
    """The headline (given in the header) and the body's words: the text as the model has it."""
    headline = re.search(r"^Headline: +(.+?)\n(?=\S)", parts["header"], re.S | re.M)
    return (headline.group(1).split() if headline else []) + body_words(parts["body"])


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.stem)
def test_the_source_file_gives_the_proven_source_text_word_for_word(document, text_dir, renderer):
    model_text, _, model_notes = renderer.text(document, "source").partition(NOTES_SEPARATOR)
    parts = sections((text_dir / f"{document.stem}.source.txt").read_text(encoding="utf-8"))
    assert text_words(parts) == model_text.split()
    notes = re.sub(r"^\((\d+)\) +", r"\1. ", parts.get("Translator’s notes", ""), flags=re.M)
    assert notes.split() == model_notes.split()


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.stem)
def test_the_reading_file_gives_the_reading_text_word_for_word(document, text_dir, renderer):
    model_text, _, model_notes = renderer.text(document, "reading").partition(NOTES_SEPARATOR)
    parts = sections((text_dir / f"{document.stem}.txt").read_text(encoding="utf-8"))
    assert text_words(parts) == model_text.split()
    notes = parts.get("Translator’s notes", "") + "\n" + parts.get("Editors’ notes", "")
    notes = re.sub(r"^(?:\((\d+)\)|\[([a-z]+)\]) +", lambda m: (m.group(1) or m.group(2)) + ". ", notes, flags=re.M)
    # The model gives all notes in the order of their markers; the edition groups the translator's first.
    blocks = [b.strip() for b in model_notes.split("\n\n") if b.strip()]
    grouped = [b for b in blocks if b[0].isdigit()] + [b for b in blocks if not b[0].isdigit()]
    assert notes.split() == " ".join(grouped).split()


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.stem)
def test_every_citable_unit_is_numbered_as_on_the_web(document, text_dir):
    tree = etree.parse(str(document))
    expected = [p.get("n") for p in tree.iterfind(".//tei:text/tei:body//tei:p[@n]", NS)]
    for item in tree.iterfind(".//tei:text/tei:body//tei:list[@type='ordered']/tei:item", NS):
        paragraph = item.getparent().getprevious()
        expected.append(f"{paragraph.get('n')}.{item.get('n')}")
    body = sections((text_dir / f"{document.stem}.txt").read_text(encoding="utf-8"))["body"]
    assert sorted(LABEL.findall(body)) == sorted(expected)


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.stem)
def test_the_apparatus_lists_every_intervention_with_both_readings(document, text_dir):
    tree = etree.parse(str(document))
    interventions = tree.xpath(".//tei:text//tei:choice | .//tei:text//tei:supplied", namespaces=NS)
    apparatus = sections((text_dir / f"{document.stem}.txt").read_text(encoding="utf-8")).get(
        "Apparatus of interventions", "")
    entries = re.findall(r"^\[[^\]]+\] +.*(?:\n {7}.*)*", apparatus, re.M)
    assert len(entries) == len(interventions)
    for element, entry in zip(interventions, entries):
        entry = " ".join(entry.split())
        if element.tag == f"{{{NS['tei']}}}choice":
            corr = " ".join("".join(element.find("tei:corr", NS).itertext()).split())
            sic = " ".join("".join(element.find("tei:sic", NS).itertext()).split())
            assert f"{corr}] {sic} source" in entry
        else:
            assert f"⟨{' '.join(''.join(element.itertext()).split())}⟩] om. source" in entry


def test_a_known_correction_reads_in_the_usual_form(text_dir):
    text = (text_dir / "1917-11-21-report-to-central-executive-committee.txt").read_text(encoding="utf-8")
    assert "[2]    Tsarskoe Selo] Tsarkoe Selo source" in text


def test_the_header_gives_both_calendars_the_source_wording_and_the_url(text_dir):
    text = (text_dir / "1917-11-21-note-to-allied-ambassadors.txt").read_text(encoding="utf-8")
    assert "Date:      8 (21) November 1917\n           headed in the source: “21 November 1917”" in text
    assert "URL:       https://" in text and "1917-11-21-note-to-allied-ambassadors.html" in text
    assert "Cited:     “Kluchnikov & Sabanin, ii, p.91”" in text
    late = (text_dir / "1918-04-20-order-on-prisoners-of-war.txt").read_text(encoding="utf-8")
    assert "Date:      20 April 1918\n" in late


def test_an_attributed_author_is_bracketed(text_dir):
    text = (text_dir / "1917-11-30-reply-to-british-embassy.txt").read_text(encoding="utf-8")
    assert "Author:    [Leon Trotsky]" in text


def test_the_whole_edition_has_its_key_contents_and_every_document_in_order(text_dir):
    whole = (text_dir / EDITION_TEXT).read_text(encoding="utf-8")
    assert "How to read this edition" in whole and "Contents" in whole
    positions = []
    for document in DOCUMENTS:
        title = " ".join(etree.parse(str(document)).findtext(".//tei:titleStmt/tei:title", namespaces=NS).split())
        own = (text_dir / f"{document.stem}.txt").read_text(encoding="utf-8")
        assert own.rstrip("\n") in whole
        positions.append(whole.index(own.rstrip("\n")))
        assert title in " ".join(whole.split("Contents", 1)[1].split("=" * 72, 1)[0].split())
    assert positions == sorted(positions)


@pytest.mark.parametrize("name", [EDITION_TEXT, *(f"{d.stem}.txt" for d in DOCUMENTS),
                                  *(f"{d.stem}.source.txt" for d in DOCUMENTS)])
def test_nothing_ugly_or_ambiguous(name, text_dir):
    text = (text_dir / name).read_text(encoding="utf-8")
    assert text == unicodedata.normalize("NFC", text)
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "\n\n\n" not in text
    for number, line in enumerate(text.split("\n"), 1):
        where = f"{name}:{number}: {line!r}"
        assert line == line.rstrip(), where
        # Only an address, which cannot be broken, may run past the 72nd column, and only alone after its label.
        assert len(line) <= 72 or (line.split()[-1].startswith("https://") and len(line.split()) <= 2), where
        # Spaces may run only between a label at the start of a line and its text.
        text_after_label = re.sub(r"^ *(\[[^\]]+\]|\(\d+\)|\d+\.|[A-Z][A-Za-z ]+:|\S+) +", "", line)
        assert "  " not in text_after_label.strip(), where
        assert not re.search(r"<\/?[A-Za-z]|&(amp|lt|gt|quot|#\d+);|\bxml:|\bxmlns", line), where
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", line), where
    assert not re.search(r"\[\s*\]|\(\s*\)|⟨\s*⟩", text)


def test_tidy_keeps_one_blank_line_and_composes_characters():
    assert tidy("x \n\n\n\ny") == "x\n\ny\n"
    assert tidy("e\u0301") == "\u00e9\n"


# ---------------------------------------------------------------- filling lines


@lru_cache(maxsize=None)
def filling() -> PyXsltExecutable:
    """nk:wrap called on parameters."""
    text = f"""<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
      xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:nk="urn:narkomindel">
      <xsl:import href="{(ROOT / 'xslt/text.xsl').as_uri()}"/>
      <xsl:output method="text"/>
      <xsl:param name="words" as="xs:string"/>
      <xsl:param name="first" as="xs:string"/>
      <xsl:param name="rest" as="xs:string"/>
      <xsl:template name="xsl:initial-template"><xsl:value-of select="nk:wrap($words, $first, $rest)"/></xsl:template>
    </xsl:stylesheet>"""
    return PROCESSOR.new_xslt30_processor().compile_stylesheet(stylesheet_text=text)


def wrapped(words: str, first: str, rest: str) -> str:
    executable = filling()
    for name, value in (("words", words), ("first", first), ("rest", rest)):
        executable.set_parameter(name, PROCESSOR.make_string_value(value))
    return executable.call_template_returning_string() or ""


# Words of any length (some longer than a line), with spaces of XML between them and others inside them (the
# reference takes a word of no-break spaces alone for white space, so every word has a letter).
WORD = st.text(alphabet="ab\u00a0\u00e9", min_size=1, max_size=80).filter(str.strip)
WORDS = st.lists(WORD, max_size=40).map(" ".join)
INDENTS = st.text(alphabet=" [1.]", max_size=12)


@settings(max_examples=300, deadline=None)
@given(WORDS, INDENTS, INDENTS, st.sampled_from([" ", "\n  ", "\t"]))
def test_lines_are_filled_greedily_to_72_columns_a_long_word_alone(words, first, rest, between):
    # The reference: Python's greedy filling, which never breaks a word, with the prefixes counted in the width.
    expected = textwrap.wrap(words, width=72, initial_indent=first, subsequent_indent=rest,
                             break_long_words=False, break_on_hyphens=False, expand_tabs=False)
    assert wrapped(words.replace(" ", between), first, rest) == "\n".join(expected)


def test_a_line_holds_exactly_72_columns_and_a_word_longer_than_a_line_stands_alone():
    assert wrapped("a" * 66 + " bbbb", "[1]   ", "      ") == "[1]   " + "a" * 66 + "\n      bbbb"
    assert wrapped("a" * 64 + " b", "[1]   ", "      ") == "[1]   " + "a" * 64 + " b"  # 72 columns
    assert wrapped("x " + "c" * 80 + " y", "", "  ") == "x\n  " + "c" * 80 + "\n  y"
