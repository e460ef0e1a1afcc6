"""Julian ("Old Style") and Gregorian ("New Style") dates, converted through the Julian Day Number.

Soviet Russia counted in the Julian calendar until 31 January 1918 (Old Style), which was followed by
14 February 1918 (New Style). Both calendars are used proleptically here, as the edition's ISO dates are.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

SWITCH_DAY = dt.date(1918, 2, 14)
"""First day on which Soviet Russia counted in the Gregorian calendar."""

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
"""The English month names, January first, as the edition's texts write them."""

_MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}

_ISO_DAY = re.compile(r"^(-?\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True, order=True)
class JulianDate:
    """A day of the Julian calendar. Kept apart from datetime.date, which is Gregorian only."""

    year: int
    month: int
    day: int

    def isoformat(self) -> str:
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


def is_julian_leap(year: int) -> bool:
    return year % 4 == 0


def julian_month_length(year: int, month: int) -> int:
    if month == 2:
        return 29 if is_julian_leap(year) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def julian_day_number_of_julian(date: JulianDate) -> int:
    a = (14 - date.month) // 12
    y = date.year + 4800 - a
    m = date.month + 12 * a - 3
    return date.day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083


def julian_day_number_of_gregorian(date: dt.date) -> int:
    # datetime's proleptic ordinal 1 (1 January AD 1) is JDN 1721426.
    return date.toordinal() + 1721425


def julian_from_day_number(jdn: int) -> JulianDate:
    c = jdn + 32082
    d = (4 * c + 3) // 1461
    e = c - (1461 * d) // 4
    m = (5 * e + 2) // 153
    day = e - (153 * m + 2) // 5 + 1
    month = m + 3 - 12 * (m // 10)
    year = d - 4800 + m // 10
    return JulianDate(year, month, day)


def gregorian_from_day_number(jdn: int) -> dt.date:
    return dt.date.fromordinal(jdn - 1721425)


def to_julian(gregorian: dt.date) -> JulianDate:
    return julian_from_day_number(julian_day_number_of_gregorian(gregorian))


def to_gregorian(julian: JulianDate) -> dt.date:
    return gregorian_from_day_number(julian_day_number_of_julian(julian))


def parse_gregorian(text: str) -> dt.date | None:
    """An ISO 8601 day of the Gregorian calendar, or None if the text is not one."""
    try:
        return dt.date.fromisoformat(text) if _ISO_DAY.match(text) else None
    except ValueError:
        return None


def parse_julian(text: str) -> JulianDate | None:
    """An ISO 8601-style day of the Julian calendar (29 February exists in every fourth year), or None."""
    match = _ISO_DAY.match(text)
    if not match:
        return None
    year, month, day = (int(part) for part in match.groups())
    if not 1 <= month <= 12 or not 1 <= day <= julian_month_length(year, month):
        return None
    return JulianDate(year, month, day)


def russian_calendar_on(gregorian: dt.date) -> str:
    """Which calendar Russia counted in on that day: 'julian' or 'gregorian'."""
    return "gregorian" if gregorian >= SWITCH_DAY else "julian"


def month_number(name: str) -> int | None:
    """1 to 12 for a month's full English name in any case, None for any other word."""
    return _MONTH_NUMBERS.get(name.lower())
