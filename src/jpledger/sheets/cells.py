"""Reading one roster cell as the value it stands for: NIP, date, number, status, golongan, scope, text.

Each reader returns the value or raises CellError, a coded message fit for `FILE:SHEET!CELL: message`.
Cells arrive as the workbook reader gives them: str for text, float for numbers, date/datetime for date cells,
bool for TRUE/FALSE; CSV cells are always str.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation

from jpledger.core.policy import STATUSES
from jpledger.core.verification import state_of
from jpledger.errors import JPLedgerError

# The earliest date a roster can mean; a small number in a date column is a mistake, not a day in 1900.
EARLIEST = date(1950, 1, 1)

_YES = {"ya", "y", "yes", "true", "1", "internasional", "international", "luar negeri", "ln", "intl", "v", "x"}
_NO = {"tidak", "t", "no", "n", "false", "0", "nasional", "national", "dalam negeri", "dn", "-", "bukan"}
_NUMBER = re.compile(r"^([+-]?\d+(?:[.,]\d+)?)\s*(?:jp|jam|sesi|sessions?|hari|days?|menit|minutes?|semester|kali|x)?"
                     r"\.?$", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(.*)$")
_EXCEL_ERROR = re.compile(r"^#(?:N/A|VALUE!|REF!|DIV/0!|NUM!|NAME\?|NULL!|SPILL!|CALC!|GETTING_DATA)$", re.I)


class CellError(JPLedgerError):
    """A cell that cannot be read: a code with parameters, worded as what the cell holds and how to fix it."""

    @classmethod
    def of(cls, error: JPLedgerError) -> CellError:
        """Another coded error (a NIP, a date, a golongan) as the cell's problem."""
        return cls(error.code, **error.params)

    @property
    def said(self) -> tuple[str, dict]:
        return self.code, self.params


def is_empty(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, str) and not value.strip())


def shown(value: object) -> str:
    """A cell's value as a person would see it in the sheet, on one line."""
    if isinstance(value, float):
        if value.is_integer() and abs(value) >= 1e15:
            # As Excel shows it: 15 significant digits, the rest zeros (not the binary float's last digits).
            return f"{Decimal(f'{value:.15g}'):f}"
        return f"{value:.0f}" if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M") if value.time() != time(0) else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split())


def text(value: object) -> str | None:
    """Free text (a name, a title, a reference): spaces collapsed; a number cell reads as its digits."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        out = " ".join(value.split())
        if out[:1] == "#" and _EXCEL_ERROR.match(out):
            raise CellError("CELL_EXCEL_ERROR", value=out)
        return out or None
    return shown(value)


def nip_text(value: object) -> str:
    """The raw NIP text of a cell; a number cell is refused because Excel has already lost its last digits."""
    from jpledger.core.nip import looks_like_number_nip

    if isinstance(value, str):
        return value
    if looks_like_number_nip(value):
        raise CellError("CELL_NIP_NUMBER", value=shown(value))
    raise CellError("CELL_NIP_NOT_TEXT", value=shown(value))


def date_value(value: object, order: str = "dmy", date1904: bool = False) -> date:
    """A date cell, an Excel serial number, or day-first text (month-first or year-first if `order` says so).

    `date1904`: the workbook counts its serial numbers in the 1904 date system.
    """
    from jpledger.core.dates import DateError, excel_serial_to_date, parse_date

    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (time, timedelta)):
        raise CellError("CELL_TIME_NOT_DATE", value=shown(value))
    if isinstance(value, bool):
        raise CellError("CELL_BOOL_NOT_DATE", value=value)
    if isinstance(value, (int, float)):
        try:
            day = excel_serial_to_date(value, date1904)
        except DateError as exc:
            raise CellError.of(exc) from None
        if day < EARLIEST:
            raise CellError("CELL_NUMBER_NOT_DATE", value=shown(value))
        return day
    raw = " ".join(str(value).split())
    if order != "dmy":
        found = _NUMERIC_DATE.match(raw)
        if found and order == "mdy":
            raw = f"{found[3]}{found[2]}{found[1]}{found[2]}{found[4]}{found[5]}"
        elif found and order == "ymd":
            raise CellError("CELL_NOT_YEAR_FIRST", value=raw)
    try:
        return parse_date(raw)
    except DateError as exc:
        raise CellError.of(exc) from None


def number(value: object, *, whole: bool) -> Decimal:
    """A positive quantity from a number cell or text (`24`, `24,5`, `2 sesi`); floats keep their shortest text."""
    if isinstance(value, bool):
        raise CellError("CELL_NOT_A_NUMBER", value=value)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise CellError("CELL_NOT_A_NUMBER", value=value)
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    elif isinstance(value, (date, datetime, time, timedelta)):
        raise CellError("CELL_DATE_NOT_NUMBER", value=shown(value))
    else:
        raw = " ".join(str(value).split())
        found = _NUMBER.match(raw)
        if not found:
            raise CellError("CELL_NOT_A_NUMBER", value=raw)
        try:
            amount = Decimal(found[1].replace(",", "."))
        except InvalidOperation:
            raise CellError("CELL_NOT_A_NUMBER", value=raw) from None
    if amount <= 0:
        raise CellError("CELL_NOT_POSITIVE", value=shown(value))
    from jpledger.core.policy import MAX_QUANTITY

    if amount > MAX_QUANTITY:
        raise CellError("CELL_TOO_LARGE", value=shown(value), most=MAX_QUANTITY)
    if whole and amount != amount.to_integral_value():
        raise CellError("CELL_NOT_WHOLE", value=shown(value))
    # As a person writes it: 24, not the 24.0 a number cell arrives as; 2.5, not 2.50.
    return Decimal(int(amount)) if amount == amount.to_integral_value() else amount.normalize()


def status(value: object) -> str:
    raw = " ".join(str(value).split()).upper()
    if raw not in STATUSES:
        raise CellError("STATUS_NOT_KNOWN", value=shown(value))
    return raw


def golongan(value: object, person_status: str | None) -> str:
    """The canonical golongan; a PNS golongan has its letter (III/a), a PPPK golongan is a Roman numeral."""
    from jpledger.core.people import rank_for
    from jpledger.errors import UsageError

    try:
        return rank_for(str(value), person_status)
    except UsageError as exc:
        raise CellError.of(exc) from None


_YES_NO_TRUE = {"ya", "y", "yes", "true", "1", "v", "x", "mandiri"}
_YES_NO_FALSE = {"tidak", "t", "no", "n", "false", "0", "-", "bukan", "ditugaskan"}


def yes_no(value: object) -> bool:
    """Ya/Tidak, Yes/No, True/False, 1/0."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    raw = " ".join(str(value).split()).casefold()
    if raw in _YES_NO_TRUE:
        return True
    if raw in _YES_NO_FALSE:
        return False
    raise CellError("CELL_NOT_YES_NO", value=shown(value))


def scope(value: object) -> bool:
    """International (True) or national (False): Ya/Tidak, Internasional/Nasional, Yes/No, True/False, 1/0."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    raw = " ".join(str(value).split()).casefold()
    if raw in _YES:
        return True
    if raw in _NO:
        return False
    raise CellError("CELL_NOT_SCOPE", value=shown(value))


def verification(value: object) -> str:
    """An entry's verification state as the export writes it (the JSON word, or the Indonesian one)."""
    found = state_of(str(value))
    if found is None:
        raise CellError("CELL_NOT_VERIFICATION", value=shown(value))
    return found


def moment(value: object, order: str = "dmy") -> datetime:
    """A date-time cell (or a date, read as its midnight): when an entry was verified."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(" ".join(value.split()))
        except ValueError:
            pass
    day = date_value(value, order)
    return datetime(day.year, day.month, day.day)
