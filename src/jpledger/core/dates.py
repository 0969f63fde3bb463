"""Reading dates as Indonesian offices write them (day first, always) and as Excel stores them."""

from __future__ import annotations

import datetime
import math
import re

from jpledger.errors import UsageError


class DateError(UsageError):
    """Text or a number that is not a date."""


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
        raise DateError("DATE_NO_MONTH", text=text, month=month)
    # Excel cannot hold dates before 1900, and a year like 0026 is a typo.
    if year < 1900:
        raise DateError("DATE_BEFORE_1900", text=text, year=f"{year:04d}")
    try:
        return datetime.date(year, month, day)
    except ValueError:
        first = datetime.date(year, month, 1)
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        length = (following - first).days
        from jpledger.codes import Phrase

        raise DateError("DATE_MONTH_LENGTH", text=text, month=Phrase(f"MONTH_{month}"), year=year,
                        days=length) from None


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
        raise DateError("DATE_EMPTY")

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
            raise DateError("DATE_UNKNOWN_MONTH", text=raw, name=found[2])
        return _build(raw, int(found[3]), month, int(found[1]))
    if _TWO_DIGIT_YEAR.match(raw):
        raise DateError("DATE_SHORT_YEAR", text=raw)
    raise DateError("DATE_UNREADABLE", text=raw)


def excel_serial_to_date(n: float, date1904: bool = False) -> datetime.date:
    """The date an Excel serial number stands for in the workbook's date system; the time part is dropped.

    Workbooks count in the 1900 date system unless they say `date1904` (then 0 is 1 January 1904).
    """
    if isinstance(n, bool) or not isinstance(n, (int, float)) or not math.isfinite(n):
        raise DateError("DATE_SERIAL_INVALID", value=n)
    serial = math.floor(n)
    if date1904:
        if not 0 <= serial <= _EXCEL_1904_MAX_SERIAL:
            raise DateError("DATE_SERIAL_RANGE_1904", value=n, most=_EXCEL_1904_MAX_SERIAL)
        return _EXCEL_1904_EPOCH + datetime.timedelta(days=serial)
    if 0 <= n < 1:
        raise DateError("DATE_SERIAL_TIME", value=n)
    if not 1 <= serial <= _EXCEL_MAX_SERIAL:
        raise DateError("DATE_SERIAL_RANGE", value=n, most=_EXCEL_MAX_SERIAL)
    if serial == _EXCEL_FICTITIOUS_LEAP_DAY:
        raise DateError("DATE_SERIAL_LEAP", value=n)
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
        raise DateError("DATE_END_BEFORE_START", end=end.isoformat(), start=start.isoformat())
    return (end - start).days + 1
