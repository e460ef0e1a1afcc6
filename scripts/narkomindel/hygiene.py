"""Text hygiene: characters that betray a wrong text encoding, text not in Unicode NFC, stray markup, and
punctuation slips that are usually transcription errors. Text the source garbled is kept inside <sic>, and a
garbled character quoted in a note inside <mentioned>; neither is checked."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from lxml import etree

from .findings import Finding, Severity, error, warning
from .xmlio import TEI_NS, Parsed, position

EXEMPT = {f"{{{TEI_NS}}}sic", f"{{{TEI_NS}}}mentioned"}

MOJIBAKE = re.compile(
    "\ufffd"                      # the replacement character: bytes were lost
    "|[\u0080-\u009f]"           # C1 controls: Windows-1252 text read as Latin-1
    "|â€|Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf]"  # UTF-8 read as Windows-1252 or Latin-1
    "|(?<=[a-z])[ÑÒÓÔÕÉ](?=[a-z])"  # Mac Roman dashes and quotes read as Latin-1, inside a word
)
MARKUP = re.compile(r"[<>]|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")
DOUBLED = re.compile(r"([,;:])\1")
NO_SPACE = re.compile(r"[,;](?=[A-Za-z])")
ANYTHING = re.compile("|".join(f"(?:{p.pattern})" for p in (MOJIBAKE, MARKUP, DOUBLED, NO_SPACE)))
# A character or pair of characters that each problem above begins with: searching a whole document's text for one
# of them takes a fifth of the time of searching each run of text for the problems themselves. Written as one set
# of first characters, then what must follow each: Python's re then skips to the next of them at C speed, where an
# alternation of pairs made it try every alternative at every character (three times slower).
SUSPECT = re.compile("[\ufffd\u0080-\u009f\u00e2\u00c3\u00c2\u00d1-\u00d5\u00c9<>&,;:]"
                     "(?:(?<=[^&,;:])|(?<=&)[#A-Za-z]|(?<=,)[,A-Za-z]|(?<=;)[;A-Za-z]|(?<=:):)")
# Joins the runs of text: a control character no problem can begin or end with, and at which Unicode normalisation
# never joins what stands on its two sides.
BETWEEN_RUNS = "\x00"


def check(parsed: Parsed) -> list[Finding]:
    texts = list(_texts(parsed.root))
    whole = BETWEEN_RUNS.join(text for _, text in texts)
    if not SUSPECT.search(whole) and unicodedata.is_normalized("NFC", whole):
        return []  # most documents
    findings: list[Finding] = []
    for element, text in texts:
        findings += _check_text(parsed, element, text)
    return findings


def _texts(root: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """Each run of character data with the element that holds it, skipping exempt subtrees."""
    exempt = {inner for outer in root.iter(*EXEMPT) for inner in outer.iter()}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if element.text and element not in exempt:
            yield element, element.text
        parent = element.getparent()
        if element.tail and parent is not None and parent not in exempt:
            yield parent, element.tail


# Slips a transcriber usually makes and an editor should record as corrections: (pattern, rule, what to do).
SLIPS = (
    (DOUBLED, "text-doubled-punctuation", "doubles a punctuation mark: if the source has it, record it as "
                                          "<choice><sic>,,</sic><corr type=\"punctuation\">,</corr></choice>"),
    (NO_SPACE, "text-missing-space", "lacks a space after the punctuation: if the source has it so, record it "
                                     "as a correction of type \"spacing\""),
)


def _check_text(parsed: Parsed, element: etree._Element, text: str) -> list[Finding]:
    problems = _problems(text)
    if not problems:
        return []
    line, column = position(parsed, element)  # worked out only for text that has a problem
    return [(error if severity is Severity.ERROR else warning)(parsed.path, line, column, rule, message)
            for severity, rule, message in problems]


def _problems(text: str) -> list[tuple[Severity, str, str]]:
    if not ANYTHING.search(text) and unicodedata.is_normalized("NFC", text):
        return []  # most text: one search instead of one for each kind of problem
    problems = []
    for match in MOJIBAKE.finditer(text):
        problems.append((Severity.ERROR, "text-encoding",
                         f"\"{_context(text, match)}\" contains {_describe(match.group())}, which betrays a wrong "
                         "text encoding: keep the source's reading in <sic> and give the intended character in "
                         "<corr type=\"encoding\">"))
    if not unicodedata.is_normalized("NFC", text):
        problems.append((Severity.ERROR, "text-nfc",
                         f"\"{text.strip()[:40]}\" is not in Unicode NFC (a letter and a combining accent stand "
                         "where one precomposed character belongs): save the file normalised to NFC"))
    for match in MARKUP.finditer(text):
        problems.append((Severity.ERROR, "text-markup",
                         f"\"{_context(text, match)}\" contains a stray markup character or escaped entity "
                         f"{match.group()!r}: write the character itself, or mark it up properly"))
    for pattern, rule, advice in SLIPS:
        problems += [(Severity.WARNING, rule, f"\"{_context(text, match)}\" {advice}")
                     for match in pattern.finditer(text)]
    return problems


def _context(text: str, match: re.Match[str]) -> str:
    start, end = max(match.start() - 15, 0), min(match.end() + 15, len(text))
    return " ".join(text[start:end].split())


def _describe(characters: str) -> str:
    return ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'control character')}" for c in characters)
