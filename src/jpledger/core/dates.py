"""Reading dates as Indonesian offices write them (day first, always) and as Excel stores them."""

from __future__ import annotations

import datetime
import math
import re

from jpledger.errors import UsageError


class DateError(UsageError):
    """Text or a number that is not a date."""


_HINT = "day first: 14/03/2026, 2026-03-14 or 14 Maret 2026"

_MONTH_NAMES: tuple[tuple[str, ...], ...] = (
    ("januari", "january", "jan"),
    ("februari", "pebruari", "february", "feb", "peb"),
    ("maret", "march", "mar"),
    ("april", "apr"),
    ("mei", "may"),
    ("juni", "june", "jun"),
    ("juli", "july", "jul"),
    ("agustus", "august", "agu", "agt", "ags", "agst", "aug"),
    ("september", "sep", "sept"),
    ("oktober", "october", "okt", "oct"),
    ("november", "nopember", "nov", "nop"),
    ("desember", "december", "des", "dec"),
)
_MONTHS: dict[str, int] = {
    name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names
}

_MONTH_EN = (
    "January February March April May June July August September October November December"
).split()

# Spreadsheets hand dates over as text with a midnight time attached; the time is dropped.
_TIME = r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)?"
_YEAR_FIRST = re.compile(r"^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + _TIME + "$")
_DAY_FIRST = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})" + _TIME + "$")
_NAMED = re.compile(r"^(\d{1,2})[\s./-]*([^\W\d_]+)\.?[\s.,/-]*(\d{4})" + _TIME + "$")
# Matched only to explain the rejection: "14/03/26" could be 1926 or 2026.
_TWO_DIGIT_YEAR = re.compile(r"^\d{1,2}(?:[-/.]\d{1,2}[-/.]|[\s./-]*[^\W\d_]+\.?[\s.,/-]*)\d{2}$")

# Excel's 1900 date system counts 1900-02-29, which never existed; serials after it are
# one day ahead of a plain count from 1899-12-31.
_EXCEL_BEFORE_BUG = datetime.date(1899, 12, 31)
_EXCEL_AFTER_BUG = datetime.date(1899, 12, 30)
_EXCEL_FICTITIOUS_LEAP_DAY = 60
_EXCEL_MAX_SERIAL = 2958465  # 9999-12-31
# The 1904 date system (Excel for Mac's old default) counts from 1 January 1904, without the fictitious day.
_EXCEL_1904_EPOCH = datetime.date(1904, 1, 1)
_EXCEL_1904_MAX_SERIAL = 2957003  # 9999-12-31


def _build(text: str, year: int, month: int, day: int) -> datetime.date:
    if not 1 <= month <= 12:
        raise DateError(f"{text} is not a date: there is no month {month} ({_HINT})")
    # Excel cannot hold dates before 1900, and a year like 0026 is a typo.
    if year < 1900:
        raise DateError(f"{text} is not a date: year {year:04d} is before 1900")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        first = datetime.date(year, month, 1)
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        length = (following - first).days
        raise DateError(
            f"{text} is not a date: {_MONTH_EN[month - 1]} {year} has {length} days"
        ) from None


def parse_date(text: str) -> datetime.date:
    """Read a day-first date: 14/03/2026, 14-03-2026, 14.03.2026, 14 Maret 2026, 14-Mar-2026.

    A four-digit year first (2026-03-14) is unambiguous and read as year-month-day.

    Indonesian and English month names and their usual abbreviations are read in any case.
    Two-digit years are refused rather than guessed.
    """
    if isinstance(text, datetime.datetime):
        return text.date()
    if isinstance(text, datetime.date):
        return text
    raw = " ".join(str(text).split())
    if not raw:
        raise DateError(f"date is empty ({_HINT})")

    found = _YEAR_FIRST.match(raw)
    if found:
        return _build(raw, int(found[1]), int(found[3]), int(found[4]))
    found = _DAY_FIRST.match(raw)
    if found:
        return _build(raw, int(found[4]), int(found[3]), int(found[1]))
    found = _NAMED.match(raw)
    if found:
        month = _MONTHS.get(found[2].lower())
        if month is None:
            raise DateError(f"'{raw}' is not a date: unknown month name '{found[2]}' ({_HINT})")
        return _build(raw, int(found[3]), month, int(found[1]))
    if _TWO_DIGIT_YEAR.match(raw):
        raise DateError(f"'{raw}' is not a date: write the year in full ({_HINT})")
    raise DateError(f"'{raw}' is not a date ({_HINT})")


def excel_serial_to_date(n: float, date1904: bool = False) -> datetime.date:
    """The date an Excel serial number stands for in the workbook's date system; the time part is dropped.

    Workbooks count in the 1900 date system unless they say `date1904` (then 0 is 1 January 1904).
    """
    if isinstance(n, bool) or not isinstance(n, (int, float)) or not math.isfinite(n):
        raise DateError(f"'{n}' is not an Excel date number")
    serial = math.floor(n)
    if date1904:
        if not 0 <= serial <= _EXCEL_1904_MAX_SERIAL:
            raise DateError(f"{n} is not an Excel date number (0 to {_EXCEL_1904_MAX_SERIAL} in a workbook using "
                            "the 1904 date system)")
        return _EXCEL_1904_EPOCH + datetime.timedelta(days=serial)
    if 0 <= n < 1:
        raise DateError(f"{n} is a time of day, not a date")
    if not 1 <= serial <= _EXCEL_MAX_SERIAL:
        raise DateError(f"{n} is not an Excel date number (1 to {_EXCEL_MAX_SERIAL})")
    if serial == _EXCEL_FICTITIOUS_LEAP_DAY:
        raise DateError(f"{n} is 29 February 1900 in Excel, a day that never existed")
    if serial < _EXCEL_FICTITIOUS_LEAP_DAY:
        return _EXCEL_BEFORE_BUG + datetime.timedelta(days=serial)
    return _EXCEL_AFTER_BUG + datetime.timedelta(days=serial)


def inclusive_days(start: datetime.date, end: datetime.date) -> int:
    """Calendar days from start to end, both counted: one day when they are the same."""
    if isinstance(start, datetime.datetime):
        start = start.date()
    if isinstance(end, datetime.datetime):
        end = end.date()
    if end < start:
        raise DateError(f"end date {end.isoformat()} is before start date {start.isoformat()}")
    return (end - start).days + 1
