"""Calendar arithmetic of every date in a document: the Julian and Gregorian values must name the same day,
the halves of a pair must agree (or the disagreement be acknowledged), and the written words must say what the
attributes say."""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree

from . import calendar as cal
from .findings import Finding, error, warning
from .xmlio import NS, Parsed, position

JULIAN = "edition.xml#julian"
GREGORIAN = "edition.xml#gregorian"


def check(parsed: Parsed) -> list[Finding]:
    findings: list[Finding] = []
    for date in parsed.root.iterfind(".//tei:date", NS):
        if date.get("type") == "pair":
            findings += _check_pair(parsed, date)
        else:
            findings += _check_single(parsed, date)
    return findings


def _check_single(parsed: Parsed, date: etree._Element) -> list[Finding]:
    when, custom = date.get("when"), date.get("when-custom")
    findings = []
    gregorian = cal.parse_gregorian(when) if when else None
    julian = cal.parse_julian(custom) if custom else None
    if when and _is_day(when) and gregorian is None:
        findings.append(error(parsed.path, *position(parsed, date), "date-invalid",
                              f"@when=\"{when}\" is not a day of the Gregorian calendar: write YYYY-MM-DD"))
    if custom and julian is None:
        findings.append(error(parsed.path, *position(parsed, date), "date-invalid",
                              f"@when-custom=\"{custom}\" is not a day of the Julian calendar: write YYYY-MM-DD"))
    if gregorian and julian and cal.to_julian(gregorian) != julian:
        findings.append(error(
            parsed.path, *position(parsed, date), "date-calendar-mismatch",
            f"@when=\"{when}\" (Gregorian) is {cal.to_julian(gregorian).isoformat()} in the Julian calendar, but "
            f"@when-custom says \"{custom}\" (Gregorian {cal.to_gregorian(julian).isoformat()}): correct the "
            "attribute that misreads the text"))
    if gregorian and julian and date.get("calendar") == JULIAN and gregorian >= cal.SWITCH_DAY:
        findings.append(warning(
            parsed.path, *position(parsed, date), "date-calendar-after-switch",
            f"a Julian date on or after {cal.SWITCH_DAY.isoformat()} (Gregorian), when Russia had switched to the "
            "Gregorian calendar: check @calendar, and say in an editorial note why the source counts Old Style"))
    findings += _check_words(parsed, date, gregorian, julian)
    return findings


def _check_words(parsed: Parsed, date: etree._Element, gregorian: dt.date | None,
                 julian: cal.JulianDate | None) -> list[Finding]:
    """The day, month and year written in the text must be those of the calendar @calendar names."""
    written = _written_parts("".join(date.itertext()))
    if written is None or date.find("tei:date", NS) is not None:
        return []
    day_of = {JULIAN: julian, GREGORIAN: gregorian}.get(date.get("calendar", ""))
    if day_of is None:
        return []
    expected = {"day": day_of.day, "month": day_of.month, "year": day_of.year}
    wrong = [f"{part} {value}" for part, value in written.items() if expected[part] != value]
    if not wrong:
        return []
    line, column = position(parsed, date)
    calendar_name = "Julian" if date.get("calendar") == JULIAN else "Gregorian"
    return [error(parsed.path, line, column, "date-text-mismatch",
                  f"the text writes {', '.join(wrong)}, but the {calendar_name} value of the attributes is "
                  f"{day_of.isoformat()}: correct @when/@when-custom, or @calendar if the source counts in the "
                  "other calendar")]


def _written_parts(text: str) -> dict[str, int] | None:
    """Day, month and year as written ("26 October", "[21] November 1917"), or None if the words are not a
    plain date."""
    parts: dict[str, int] = {}
    for token in re.findall(r"[A-Za-z]+|\d+", text):
        if token.isdigit() and len(token) <= 2 and "day" not in parts:
            parts["day"] = int(token)
        elif token.isdigit() and len(token) == 4 and "year" not in parts:
            parts["year"] = int(token)
        elif (month := cal.month_number(token)) is not None and "month" not in parts:
            parts["month"] = month
        else:
            return None
    return parts or None


def _check_pair(parsed: Parsed, pair: etree._Element) -> list[Finding]:
    halves = pair.findall("tei:date", NS)
    days = [cal.parse_gregorian(half.get("when", "")) for half in halves]
    if len(halves) != 2 or None in days:
        return []  # the Schematron rules report malformed pairs
    described = "; ".join(
        f"\"{' '.join(''.join(half.itertext()).split())}\" names Gregorian {day.isoformat()}"
        for half, day in zip(halves, days))
    if days[0] != days[1] and pair.get("subtype") != "discrepant":
        return [error(parsed.path, *position(parsed, pair), "date-pair-disagree",
                      f"the two halves of this date pair name different days ({described}). Never correct the "
                      "source's numbers: if the encoding is right, mark the pair subtype=\"discrepant\", remove "
                      "its @when and follow it by an editorial note explaining the discrepancy")]
    if days[0] == days[1] and pair.get("subtype") == "discrepant":
        return [warning(parsed.path, *position(parsed, pair), "date-pair-not-discrepant",
                        f"this pair is marked discrepant but its halves agree ({described}): remove "
                        "subtype=\"discrepant\" and give the pair @when")]
    return []


def _is_day(value: str) -> bool:
    return bool(re.fullmatch(r"-?\d{4}-\d{2}-\d{2}", value))
