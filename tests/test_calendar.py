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


def test_every_day_of_1917_and_1918_agrees_with_convertdate() -> None:
    day = dt.date(1917, 1, 1)
    while day <= dt.date(1918, 12, 31):
        assert cal.to_julian(day) == cal.JulianDate(*reference.from_gregorian(day.year, day.month, day.day))
        day += dt.timedelta(days=1)


def test_the_switch_of_february_1918() -> None:
    # 31 January 1918 Old Style was followed by 14 February 1918 New Style: the same pair of days.
    assert cal.to_julian(dt.date(1918, 2, 13)) == cal.JulianDate(1918, 1, 31)
    assert cal.to_gregorian(cal.JulianDate(1918, 2, 1)) == dt.date(1918, 2, 14)
    assert cal.russian_calendar_on(dt.date(1918, 2, 13)) == "julian"
    assert cal.russian_calendar_on(dt.date(1918, 2, 14)) == "gregorian"


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
