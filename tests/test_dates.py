"""The date checks on single dates, each with its near miss: the day before a boundary, the other calendar, one
part of the written date wrong at a time."""

from __future__ import annotations

from pathlib import Path

import pytest

from narkomindel import dates
from narkomindel.xmlio import Parsed, parse

JULIAN, GREGORIAN = "edition.xml#julian", "edition.xml#gregorian"


def checked(tmp_path: Path, when: str, custom: str, calendar: str, text: str) -> list[str]:
    document = tmp_path / "1917-11-21-date.xml"
    document.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>On '
        f'<date when="{when}" when-custom="{custom}" datingMethod="{JULIAN}" calendar="{calendar}">{text}</date>'
        "</p></body></text></TEI>", encoding="utf-8")
    parsed = parse(document)
    assert isinstance(parsed, Parsed)
    return sorted(f.rule for f in dates.check(parsed))


CASES = [
    # the switch of 1918: Julian claimed on the first Gregorian day and after it, not before
    ("1918-02-13", "1918-01-31", JULIAN, "31 January", []),
    ("1918-02-14", "1918-02-01", JULIAN, "1 February", ["date-calendar-after-switch"]),
    ("1918-02-15", "1918-02-02", JULIAN, "2 February", ["date-calendar-after-switch"]),
    ("1918-02-14", "1918-02-01", GREGORIAN, "14 February", []),
    # 1900: 12 days apart until Gregorian 13 March, 13 from 14 March
    ("1900-03-13", "1900-02-29", JULIAN, "29 February 1900", []),
    ("1900-03-13", "1900-02-28", GREGORIAN, "13 March 1900", ["date-calendar-mismatch"]),
    ("1900-03-14", "1900-03-01", GREGORIAN, "14 March 1900", []),
    ("1900-03-14", "1900-03-02", GREGORIAN, "14 March 1900", ["date-calendar-mismatch"]),
    ("1900-03-01", "1900-02-17", GREGORIAN, "1 March 1900", []),
    ("1900-03-01", "1900-02-16", GREGORIAN, "1 March 1900", ["date-calendar-mismatch"]),
    # the written date: day, month and year each compared, in the calendar @calendar names
    ("1917-11-21", "1917-11-08", GREGORIAN, "21 November 1917", []),
    ("1917-11-21", "1917-11-08", GREGORIAN, "22 November 1917", ["date-text-mismatch"]),
    ("1917-11-21", "1917-11-08", GREGORIAN, "21 December 1917", ["date-text-mismatch"]),
    ("1917-11-21", "1917-11-08", GREGORIAN, "21 November 1918", ["date-text-mismatch"]),
    ("1917-11-21", "1917-11-08", JULIAN, "8 November 1917", []),
    ("1917-11-21", "1917-11-08", JULIAN, "8 November 1918", ["date-text-mismatch"]),
    ("1917-11-21", "1917-11-08", JULIAN, "21 November 1917", ["date-text-mismatch"]),
    ("1917-11-21", "1917-11-08", GREGORIAN, "November 21", []),
    ("1917-11-21", "1917-11-08", GREGORIAN, "the twenty-first", []),  # words the check does not read
    # days that do not exist in their calendar
    ("1900-02-29", "1900-02-16", GREGORIAN, "29 February 1900", ["date-invalid"]),
    ("1917-11-21", "1917-02-30", GREGORIAN, "21 November 1917", ["date-invalid"]),
]


@pytest.mark.parametrize("when, custom, calendar, text, expected", CASES,
                         ids=[f"{c[0]}/{c[1]}/{c[2][12:]}/{c[3]}" for c in CASES])
def test_a_single_date(when, custom, calendar, text, expected, tmp_path):
    assert checked(tmp_path, when, custom, calendar, text) == expected
