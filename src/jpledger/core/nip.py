"""Cleaning, checking and printing NIP (PNS/CPNS) and NI PPPK numbers."""

from __future__ import annotations

import datetime
import re
from numbers import Number

from jpledger.errors import UsageError


class NipError(UsageError):
    """A NIP that cannot be right; the message names the part that is wrong."""


# Excel shows an 18-digit number as 1,98503E+17 (comma in Indonesian locales) and keeps
# only 15 significant digits, so any scientific-notation text means the NIP is already lost.
_E_NOTATION = re.compile(r"^[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+$", re.ASCII)
# A number cell turned into text by a float conversion ends in ".0"; the digits past the
# fifteenth are just as lost as in E-notation.
_FLOAT_TEXT = re.compile(r"^\d{12,}[.,]0+$", re.ASCII)
_REMOVABLE = re.compile(r"[\s.]+")
# Excel's text marker, and the curly quotes it turns into when pasted through a word processor.
_APOSTROPHES = "'\u2018\u2019"
_STATUSES = ("PNS", "CPNS", "PPPK")

def _digits(text: str) -> bool:
    """Only 0-9 are NIP digits: str.isdigit() also takes superscripts (which int() refuses) and other scripts'."""
    return text.isascii() and text.isdigit()


def _shown(raw: object) -> str:
    # One line whatever arrived, so the message fits an error listing.
    return "'" + " ".join(str(raw).split()) + "'"


def _is_number_text(text: str) -> bool:
    return bool(_E_NOTATION.match(text) or _FLOAT_TEXT.match(text))


def clean_nip(raw: str) -> str:
    """Remove the spaces, dots and Excel apostrophe people type around a NIP; nothing more.

    Raises NipError when the text is a number in E-notation, because the digits are gone.
    """
    text = str(raw).strip()
    if text[:1] in _APOSTROPHES:
        text = text[1:].strip()
    if _digits(text):  # the usual case: nothing to remove, no number notation to refuse
        return text
    if _E_NOTATION.match(text):
        raise NipError("NIP_E_NOTATION", nip=_shown(raw))
    if _FLOAT_TEXT.match(text):
        raise NipError("NIP_FLOAT_TEXT", nip=_shown(raw))
    return _REMOVABLE.sub("", text)


def _real_date(digits: str) -> datetime.date | None:
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    # Nobody in service was born before 1900; such digits are a typo, not a birth date.
    if year < 1900:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _normal_status(status: str | None) -> str | None:
    if status is None or not str(status).strip():
        return None
    upper = str(status).strip().upper()
    if upper not in _STATUSES:
        raise UsageError("STATUS_NOT_KNOWN", value=status)
    return upper


def validate_nip(raw: str, status: str | None = None) -> str:
    """Return the 18-digit NIP, or raise NipError naming the part that is wrong.

    For PNS and CPNS digits 9-14 must be the appointment (TMT CPNS) year-month; for PPPK,
    and when the status is unknown, those digits are not checked, since NI PPPK encode
    other data there.
    """
    kind = _normal_status(status)
    nip = clean_nip(raw)
    if not nip:
        raise NipError("NIP_EMPTY")
    if not _digits(nip):
        bad = next(ch for ch in nip if not _digits(ch))
        raise NipError("NIP_NOT_DIGITS", nip=_shown(raw), char=bad)
    if len(nip) != 18:
        raise NipError("NIP_LENGTH", nip=_shown(raw), count=len(nip))

    born = _real_date(nip[:8])
    if born is None:
        raise NipError("NIP_BIRTH_DATE", nip=_shown(raw), digits=nip[:8])

    if kind in ("PNS", "CPNS"):
        year, month = int(nip[8:12]), int(nip[12:14])
        if not 1 <= month <= 12:
            raise NipError("NIP_APPOINTMENT_MONTH", nip=_shown(raw), digits=nip[8:14])
        if year < born.year + 18:
            raise NipError("NIP_APPOINTED_TOO_YOUNG", nip=_shown(raw), month=f"{year:04d}-{month:02d}",
                           year=str(born.year + 18))

    if nip[14] not in "12":
        raise NipError("NIP_SEX_DIGIT", nip=_shown(raw), digit=nip[14])
    if nip[15:] == "000":
        raise NipError("NIP_SERIAL", nip=_shown(raw))
    return nip


def format_nip(nip: str) -> str:
    """Print a NIP the official way, `19850314 201001 2 003`.

    Text that is not 18 digits comes back unchanged, so showing a bad stored value never fails.
    """
    digits = _REMOVABLE.sub("", str(nip).strip().lstrip(_APOSTROPHES))
    if len(digits) != 18 or not _digits(digits):
        return str(nip)
    return f"{digits[:8]} {digits[8:14]} {digits[14]} {digits[15:]}"


def birth_date(nip: str) -> datetime.date:
    """The birth date encoded in digits 1-8 of a NIP or NI PPPK."""
    digits = clean_nip(nip)
    if len(digits) != 18 or not _digits(digits):
        raise NipError("NIP_LENGTH", nip=_shown(nip), count=len(digits))
    born = _real_date(digits[:8])
    if born is None:
        raise NipError("NIP_BIRTH_DATE", nip=_shown(nip), digits=digits[:8])
    return born


# The first PPPK were appointed in 2019 (PP 49/2018): a NI PPPK has that year or later in digits 9-12.
_FIRST_PPPK_YEAR = 2019


def looks_like_pppk(raw: str) -> bool:
    """True for a number that is a valid NI PPPK but not a valid PNS NIP: digits 9-12 a year of PPPK hiring, and
    digits 9-14 no PNS appointment year-month. Says why a NIP refused as PNS may be right after all."""
    try:
        nip = validate_nip(raw, "PPPK")
    except UsageError:
        return False
    try:
        validate_nip(nip, "PNS")
    except NipError:
        return _FIRST_PPPK_YEAR <= int(nip[8:12]) <= datetime.date.today().year + 1
    return False


def looks_like_number_nip(value: object) -> bool:
    """True when a spreadsheet value is a number (or number text) rather than NIP text.

    Any numeric cell counts: an 18-digit NIP stored as a number has already lost its
    last digits, and a shorter one was never a NIP.
    """
    if isinstance(value, bool):
        return False
    if isinstance(value, Number):
        return True
    if isinstance(value, str):
        return _is_number_text(value.strip())
    return False
