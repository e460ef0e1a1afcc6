"""The calendar conversion, checked against an independent implementation (convertdate)."""

from __future__ import annotations

import datetime as dt

from convertdate import julian as reference
from hypothesis import given
from hypothesis import strategies as st

from narkomindel import calendar as cal


@given(st.dates(min_value=dt.date(1582, 10, 15), max_value=dt.date(2100, 12, 31)))
def test_gregorian_to_julian_agrees_with_convertdate(day: dt.date) -> None:
    expected = reference.from_gregorian(day.year, day.month, day.day)
    assert cal.to_julian(day) == cal.JulianDate(*expected)


@given(st.dates(min_value=dt.date(1582, 10, 15), max_value=dt.date(2100, 12, 31)))
def test_round_trip(day: dt.date) -> None:
    assert cal.to_gregorian(cal.to_julian(day)) == day


def test_every_day_from_the_gregorian_reform_to_2100_agrees_with_convertdate() -> None:
    """One pass over every day (about 189,000), both ways: no sampling can miss a wrong stretch of days."""
    day, last = dt.date(1582, 10, 15), dt.date(2100, 12, 31)
    wrong = []
    while day <= last:
        julian = cal.JulianDate(*reference.from_gregorian(day.year, day.month, day.day))
        if cal.to_julian(day) != julian or cal.to_gregorian(julian) != day:
            wrong.append(day.isoformat())
        day += dt.timedelta(days=1)
    assert not wrong, f"{len(wrong)} days disagree, the first {wrong[:5]}"


def test_both_sides_of_the_julian_leap_day_of_1900() -> None:
    # 12 days apart until Julian 29 February 1900 (Gregorian 13 March), 13 days from Julian 1 March.
    assert cal.to_julian(dt.date(1900, 2, 28)) == cal.JulianDate(1900, 2, 16)
    assert cal.to_julian(dt.date(1900, 3, 1)) == cal.JulianDate(1900, 2, 17)
    assert cal.to_julian(dt.date(1900, 3, 13)) == cal.JulianDate(1900, 2, 29)
    assert cal.to_julian(dt.date(1900, 3, 14)) == cal.JulianDate(1900, 3, 1)
    assert cal.to_gregorian(cal.JulianDate(1900, 2, 28)) == dt.date(1900, 3, 12)
    assert cal.to_gregorian(cal.JulianDate(1900, 3, 1)) == dt.date(1900, 3, 14)


def test_the_switch_of_february_1918() -> None:
    # 31 January 1918 Old Style was followed by 14 February 1918 New Style: the same pair of days.
    assert cal.SWITCH_DAY == dt.date(1918, 2, 14)
    assert cal.to_julian(dt.date(1918, 2, 13)) == cal.JulianDate(1918, 1, 31)
    assert cal.to_julian(dt.date(1918, 2, 14)) == cal.JulianDate(1918, 2, 1)
    assert cal.to_gregorian(cal.JulianDate(1918, 1, 31)) == dt.date(1918, 2, 13)
    assert cal.to_gregorian(cal.JulianDate(1918, 2, 1)) == dt.date(1918, 2, 14)
    assert cal.russian_calendar_on(dt.date(1918, 2, 13)) == "julian"
    assert cal.russian_calendar_on(dt.date(1918, 2, 14)) == "gregorian"
    assert cal.russian_calendar_on(dt.date(1918, 2, 15)) == "gregorian"


def test_month_names_are_kept_once() -> None:
    assert cal.MONTH_NAMES[0] == "January" and cal.MONTH_NAMES[11] == "December" and len(cal.MONTH_NAMES) == 12
    assert cal.month_number("november") == 11 and cal.month_number("Nov") is None


def test_dates_of_the_revolution() -> None:
    assert cal.to_gregorian(cal.JulianDate(1917, 10, 25)) == dt.date(1917, 11, 7)
    assert cal.to_gregorian(cal.JulianDate(1917, 12, 30)) == dt.date(1918, 1, 12)


def test_julian_leap_day_of_1900_exists_only_in_the_julian_calendar() -> None:
    assert cal.parse_julian("1900-02-29") == cal.JulianDate(1900, 2, 29)
    assert cal.parse_gregorian("1900-02-29") is None
    assert cal.to_gregorian(cal.JulianDate(1900, 2, 29)) == dt.date(1900, 3, 13)


def test_parsers_reject_what_is_not_a_day() -> None:
    assert cal.parse_julian("1917-13-01") is None
    assert cal.parse_julian("1917-11") is None
    assert cal.parse_gregorian("8 November") is None
