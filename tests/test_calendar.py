"""The calendar conversion, checked against an independent implementation (convertdate)."""

from __future__ import annotations

import datetime as dt

from convertdate import julian as reference
import pytest
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


@pytest.mark.parametrize("text, expected", [
    ("1900-02-29", (1900, 2, 29)),   # a Julian leap day: every fourth year, centuries included
    ("1917-02-28", (1917, 2, 28)),
    ("1917-01-31", (1917, 1, 31)), ("1917-03-31", (1917, 3, 31)), ("1917-12-31", (1917, 12, 31)),
    ("1917-04-30", (1917, 4, 30)), ("1917-06-30", (1917, 6, 30)), ("1917-09-30", (1917, 9, 30)),
    ("1917-11-30", (1917, 11, 30)), ("1917-01-01", (1917, 1, 1)), ("1917-12-01", (1917, 12, 1)),
])
def test_every_real_julian_day_is_read(text, expected):
    from narkomindel.calendar import JulianDate, parse_julian

    assert parse_julian(text) == JulianDate(*expected)


@pytest.mark.parametrize("text", [
    "1917-02-29", "1918-02-29", "1917-02-30", "1917-04-31", "1917-06-31", "1917-09-31", "1917-11-31",
    "1917-01-32", "1917-00-10", "1917-13-01", "1917-01-00", "1917-1-01", "17-01-01", "1917-01-01T00", "x1917-01-01",
])
def test_an_impossible_julian_day_is_refused(text):
    from narkomindel.calendar import parse_julian

    assert parse_julian(text) is None


def test_month_lengths_and_leap_years_of_the_julian_calendar():
    from narkomindel.calendar import is_julian_leap, julian_month_length

    assert [julian_month_length(1917, m) for m in range(1, 13)] == [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    assert julian_month_length(1916, 2) == 29 and julian_month_length(1900, 2) == 29
    assert [is_julian_leap(y) for y in (1700, 1800, 1900, 1916, 1917, 1918, 2000)] == [
        True, True, True, True, False, False, True]
