"""The words of the hygiene checks' messages: the passage quoted around the fault, the characters named by their
code points, and what to do."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from narkomindel import hygiene
from narkomindel.findings import Severity
from narkomindel.hygiene import _problems
from narkomindel.xmlio import Parsed

# Pieces of text that make each problem, and letters and punctuation around which they might hide, run together.
TRICKY = st.lists(st.sampled_from(["a", "Z", " ", "\n", ",", ";", ":", "&", "#", "<", ">", "amp", "x1", "1",
                                   "&amp;", "&#1;", "&#x1;", "\u00e2\u20ac", "\u00c3\u00a9", "\u00c2\u00a0",
                                   *(f"a{chr(c)}b" for c in range(0xd1, 0xd6)), "x\u00c9y", "\u00d1", "\u00c9",
                                   *map(chr, range(0x80, 0xa0)), "\ufffd", "\u0301", "\u0308", "e", "\u00e9"]),
                  max_size=10).map("".join)


def test_mojibake_is_quoted_in_its_context_and_named_by_code_point():
    text = "the People\u00e2\u20ac\u2122s Commissar for Foreign Affairs, who wrote the note"
    [(severity, rule, message)] = _problems(text)
    assert (severity, rule) == (Severity.ERROR, "text-encoding")
    assert message.startswith("\"the People\u00e2\u20ac\u2122s Commissar fo\" contains ")
    assert "U+00E2 LATIN SMALL LETTER A WITH CIRCUMFLEX, U+20AC EURO SIGN" in message
    assert message.endswith("give the intended character in <corr type=\"encoding\">")


def test_a_control_character_is_named_as_one():
    [(_, rule, message)] = _problems("a\u0085b")
    assert rule == "text-encoding" and "U+0085 control character" in message


def test_the_context_is_fifteen_characters_each_side_on_one_line():
    text = "0123456789abcdefghij\n\n   \ufffd   klmnopqrstuvwxyz0123456789"
    [(_, _, message)] = _problems(text)
    # 15 characters before ("abcdefghij" and the line breaks and spaces) and after, white space made one space
    assert message.startswith("\"abcdefghij \ufffd klmnopqrstuv\" contains U+FFFD REPLACEMENT CHARACTER")


def test_text_not_in_nfc_quotes_its_beginning():
    [(severity, rule, message)] = _problems("  Cafe\u0301 de la Paix, where the delegates met in the evening  ")
    assert (severity, rule) == (Severity.ERROR, "text-nfc")
    # the first 40 characters of the stripped text, the combining accent counting as one
    assert message.startswith("\"Cafe\u0301 de la Paix, where the delegates me\" is not in Unicode NFC")


def test_stray_markup_is_quoted_with_the_character():
    [(_, rule, message)] = _problems("the terms &amp; the conditions")
    assert rule == "text-markup" and "'&amp;'" in message
    assert message.startswith("\"the terms &amp; the conditions\" contains a stray markup character")


@settings(max_examples=400)
@given(TRICKY)
def test_a_text_with_a_problem_always_has_a_suspect_character_or_is_not_in_nfc(text):
    """The quick look at a whole document must never pass a text the full checks would fault."""
    if _problems(text):
        assert hygiene.SUSPECT.search(text) or not hygiene.unicodedata.is_normalized("NFC", text)


def in_runs(runs: list[str]) -> Parsed:
    """A TEI document whose paragraph holds the runs as its text and the tails of empty <lb/>s; a run in an odd
    place is inside <sic>, where nothing is checked."""
    tei = "http://www.tei-c.org/ns/1.0"
    root = etree.Element(f"{{{tei}}}TEI")
    paragraph = etree.SubElement(etree.SubElement(etree.SubElement(root, f"{{{tei}}}text"), f"{{{tei}}}body"),
                                 f"{{{tei}}}p")
    paragraph.text = runs[0] if runs else None
    for number, run in enumerate(runs[1:]):
        if number % 3 == 2:
            etree.SubElement(paragraph, f"{{{tei}}}sic").text = run
        else:
            etree.SubElement(paragraph, f"{{{tei}}}lb").tail = run
    raw = etree.tostring(root, encoding="unicode")
    return Parsed(Path("1917-11-21-runs.xml"), etree.ElementTree(etree.fromstring(raw)), raw)


@settings(max_examples=300)
@given(st.lists(TRICKY, max_size=6))
def test_checking_a_document_at_once_finds_what_checking_each_run_finds(runs):
    parsed = in_runs(runs)
    each_run = [finding for element, text in hygiene._texts(parsed.root)
                for finding in hygiene._check_text(parsed, element, text)]
    assert hygiene.check(parsed) == each_run

