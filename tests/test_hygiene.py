"""The words of the hygiene checks' messages: the passage quoted around the fault, the characters named by their
code points, and what to do."""

from __future__ import annotations

from narkomindel.findings import Severity
from narkomindel.hygiene import _problems


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
