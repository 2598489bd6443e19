"""Dates in .xlsx cells: which number formats show one, and the serial day number as one.

Excel stores a date as a number of days (1.5 is noon of the first day) and tells it
apart from a number only by the cell's number format. The rules here are openpyxl's
(``styles.numbers``, ``utils.datetime``), so that ``xlsx_reader`` reads the same
values without importing openpyxl.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

WINDOWS_EPOCH = datetime(1899, 12, 30)
MAC_EPOCH = datetime(1904, 1, 1)

# Built-in number formats that are dates or times (the others are plain numbers).
BUILTIN_DATES = {14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
                 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
                 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0"}
_NOT_A_PART = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')  # quoted text, [$-42A]…
_DATE_PART = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_DURATION = re.compile(r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)


def is_date_format(code: str | None) -> bool:
    """Return whether a number format shows a date or a time (its first section decides)."""
    return code is not None and bool(_DATE_PART.search(_NOT_A_PART.sub("", code.split(";")[0])))


def is_duration_format(code: str | None) -> bool:
    """Return whether a number format shows elapsed time ('[h]:mm')."""
    return code is not None and bool(_DURATION.search(code.split(";")[0]))


def from_serial(value: float, epoch: datetime = WINDOWS_EPOCH, duration: bool = False
                ) -> datetime | time | timedelta:
    """Return Excel's serial day number as openpyxl reads it (``utils.datetime.from_excel``).

    Under a day with no date part: a time; in a duration format: a timedelta to the
    millisecond. Raises ``OverflowError`` or ``ValueError`` out of datetime's range.
    """
    if duration:
        span = timedelta(days=value)
        if span.microseconds:
            span = timedelta(seconds=span.total_seconds() // 1,
                             microseconds=round(span.microseconds, -3))
        return span
    day, fraction = divmod(value, 1)
    offset = timedelta(milliseconds=round(fraction * 86400 * 1000))  # -- same rounding --
    if 0 <= value < 1 and offset.days == 0:
        minutes, seconds = divmod(offset.seconds, 60)
        return time(minutes // 60, minutes % 60, seconds, offset.microseconds)
    if 0 < value < 60 and epoch == WINDOWS_EPOCH:
        day += 1  # -- Excel's 1900 calendar counts a 29 February 1900 that never was --
    return epoch + timedelta(days=day) + offset


def date_value(value: float, epoch: datetime, duration: bool) -> Any:
    """Return a number of a date style as a date; out of datetime's range, '#VALUE!' as openpyxl."""
    try:
        return from_serial(value, epoch, duration)
    except (OverflowError, ValueError):
        return "#VALUE!"


_ISO = re.compile(r"(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?"
                  r"(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})"
                  r"(:(?P<second>\d{2})(?P<fraction>\.\d{1,3})?)?)?Z?")
_ISO_DURATION = re.compile(r"PT((?P<hours>\d+)H)?((?P<minutes>\d+)M)?"
                           r"((?P<seconds>\d+(\.\d{1,3})?)S)?")


def iso_date(text: str) -> date | time | datetime | timedelta:
    """Return a cell of type 'd' (ISO 8601) as openpyxl reads it (``from_ISO8601``)."""
    match = _ISO.match(text)
    if match and any(match.groups()):
        parts = {key: int(value or 0) for key, value in match.groupdict().items()
                 if key not in ("date", "time", "fraction")}
        fraction = match.group("fraction")
        clock = (parts["hour"], parts["minute"], parts["second"],
                 int(float(fraction) * 1_000_000) if fraction else 0)
        if not match.group("date"):
            return time(*clock)
        if not match.group("time"):
            return date(parts["year"], parts["month"], parts["day"])
        return datetime(parts["year"], parts["month"], parts["day"], *clock)
    match = _ISO_DURATION.match(text)
    if match and any(match.groups()):
        return timedelta(**{key: float(value) for key, value in match.groupdict().items()
                            if value})
    raise ValueError(f"not an ISO 8601 date: {text}")
