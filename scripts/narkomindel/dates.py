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
        findings.append(error(parsed.path, *position(parsed, date), "date-calendar-mismatch",
                              _mismatch_message(date, when, custom, gregorian, julian)))
    if gregorian and julian and date.get("calendar") == JULIAN and gregorian >= cal.SWITCH_DAY:
        findings.append(warning(
            parsed.path, *position(parsed, date), "date-calendar-after-switch",
            f"a Julian date on or after {cal.SWITCH_DAY.isoformat()} (Gregorian), when Russia had switched to the "
            "Gregorian calendar: check @calendar, and say in an editorial note why the source counts Old Style"))
    findings += _check_words(parsed, date, gregorian, julian)
    return findings


def _mismatch_message(date: etree._Element, when: str, custom: str, gregorian: dt.date,
                      julian: cal.JulianDate) -> str:
    """What is wrong with a pair of values that name different days, and which value would be right: the one
    the written words confirm (in the calendar @calendar names) is kept; otherwise both fixes are offered."""
    right_custom = cal.to_julian(gregorian).isoformat()
    right_when = cal.to_gregorian(julian).isoformat()
    offset = (cal.to_gregorian(julian) - gregorian).days
    shift = (cal.to_gregorian(cal.JulianDate(gregorian.year, gregorian.month, gregorian.day)) - gregorian).days
    if custom == when:
        cause = "both hold the same numbers, so one of them is written in the other calendar"
    elif offset == 2 * shift:
        cause = f"the calendar difference of {shift} days was added to the Gregorian day instead of subtracted"
    elif abs(offset) == shift:
        cause = f"they are {shift} days apart, the calendar difference applied twice or the wrong way"
    else:
        cause = f"they are {abs(offset)} day{'s' if abs(offset) != 1 else ''} apart"
    written = _written_parts("".join(date.itertext()))
    calendar_name = date.get("calendar", "")
    confirmed_when = (written is not None and calendar_name == GREGORIAN and date.find("tei:date", NS) is None
                      and _agrees(written, gregorian))
    confirmed_custom = (written is not None and calendar_name == JULIAN and date.find("tei:date", NS) is None
                        and _agrees(written, julian))
    head = (f"@when=\"{when}\" (Gregorian) and @when-custom=\"{custom}\" (Julian) name different days "
            f"({cause})")
    if confirmed_when and not confirmed_custom:
        return (f"{head}: the text confirms @when, so write @when-custom=\"{right_custom}\" (the same day, "
                f"{shift} days earlier in the Julian calendar)")
    if confirmed_custom and not confirmed_when:
        return (f"{head}: the text confirms @when-custom, so write @when=\"{right_when}\" (the same day, "
                f"{shift} days later in the Gregorian calendar)")
    return (f"{head}: if @when is right, write @when-custom=\"{right_custom}\"; if @when-custom is right, write "
            f"@when=\"{right_when}\"")


def _agrees(written: dict[str, int], day: dt.date | cal.JulianDate) -> bool:
    expected = {"day": day.day, "month": day.month, "year": day.year}
    return all(expected[part] == value for part, value in written.items())


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
