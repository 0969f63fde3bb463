"""Employment over time: when service began, who is counted in a year, which entries fall outside employment,
and a partial year's prorated target. Pure functions over dates; the store feeds them what it keeps.
"""

from __future__ import annotations

import calendar
import math
from datetime import date, timedelta
from decimal import Decimal

# Before any real date of service: a history value nobody dated.
SINCE_ALWAYS = date(1900, 1, 1)


def _digits(nip: str) -> str | None:
    return nip if len(nip) == 18 and nip.isascii() and nip.isdigit() else None


def nip_appointment(nip: str) -> date | None:
    """The first day of the TMT CPNS month written in NIP digits 9-14, when it is a real month."""
    digits = _digits(nip)
    if digits is None:
        return None
    year, month = int(digits[8:12]), int(digits[12:14])
    if not (1900 <= year <= 2999 and 1 <= month <= 12):
        return None
    return date(year, month, 1)


def nip_year(nip: str) -> date | None:
    """1 January of the year in NI PPPK digits 9-12 (the appointment year), when it is a plausible year."""
    digits = _digits(nip)
    if digits is None:
        return None
    year = int(digits[8:12])
    return date(year, 1, 1) if 1900 <= year <= 2999 else None


def derived_appointed(nip: str, status: str | None, first_contract: date | None) -> date | None:
    """The start of service as ASN when nobody gave it: TMT CPNS from the NIP for PNS and CPNS; for PPPK the start of
    their first contract, else 1 January of the year in the NIP."""
    if status == "PPPK":
        return first_contract or nip_year(nip)
    return nip_appointment(nip)


def joined_or_appointed(joined: date | None, appointed: date | None) -> date | None:
    """The day the person joined this agency; without a transfer in, the start of service."""
    return joined or appointed


def counted_in(year: int, as_of: date, joined: date | None, appointed: date | None, left: date | None) -> bool:
    """Counted in `year`: joined (or appointed) on or before `as_of`, and not left before the year began."""
    start = joined or appointed
    if start is not None and start > as_of:
        return False
    return left is None or left >= date(year, 1, 1)


def outside_employment(start: date, end: date, appointed: date | None, left: date | None) -> bool:
    """An entry wholly before the start of service or wholly after leaving: never credited."""
    return (appointed is not None and end < appointed) or (left is not None and start > left)


def before_joining(end: date, appointed: date | None, joined: date | None) -> bool:
    """An entry of service before this agency (between appointment and joining): credited, and said so."""
    return joined is not None and end < joined and (appointed is None or end >= appointed)


def months_served(year: int, joined: date | None, left: date | None) -> int:
    """Calendar months served in `year`: from the month of joining (or January) to the month of leaving (or
    December), both included."""
    first = joined.month if joined is not None and joined.year == year else (13 if joined and joined.year > year
                                                                             else 1)
    last = left.month if left is not None and left.year == year else (0 if left and left.year < year else 12)
    return max(0, last - first + 1)


def prorated(min_jp: Decimal | None, months: int) -> Decimal | None:
    """A minimum scaled by the months served over 12, rounded up to a whole JP."""
    if min_jp is None:
        return None
    return Decimal(math.ceil(min_jp * months / 12))


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day where it has no such day (31 Jan + 1 = 28/29 Feb)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def contract_years(contracts: list[tuple[date, date]]) -> list[tuple[date, date]]:
    """Twelve-month windows counted from each contract's start, the last one cut at the contract's end (a contract
    shorter than a year is one short window); in date order.

    Each window is counted from the contract's start, not from the previous window's end, so a contract from
    29 February keeps its anniversary on the 29th in leap years instead of drifting to the 28th for good.
    """
    windows = []
    for start, end in sorted(contracts):
        count = 0
        while (first := add_months(start, 12 * count)) <= end:
            count += 1
            windows.append((first, min(add_months(start, 12 * count) - timedelta(days=1), end)))
    return windows


def window_months(first: date, last: date) -> int:
    """Months a contract year spans, a month begun counting whole (a full contract year is 12)."""
    months = 0
    while add_months(first, months) <= last:
        months += 1
    return months


def overlapping(windows: list[tuple[date, date]], first: date, last: date) -> list[tuple[date, date]]:
    return [(a, b) for a, b in windows if a <= last and b >= first]


def window_of(windows: list[tuple[date, date]], day: date) -> int | None:
    """The index of the window holding `day`, else None."""
    return next((index for index, (first, last) in enumerate(windows) if first <= day <= last), None)


def window_holding(windows: list[tuple[date, date]], day: date) -> int | None:
    """The index of the window holding `day`, else of the last one ending before it, else None."""
    before = None
    for index, (first, last) in enumerate(windows):
        if first <= day <= last:
            return index
        if last < day:
            before = index
    return before


def contracts_overlap(contracts: list[tuple[date, date]]) -> tuple[int, int] | None:
    """The indexes of two contracts (in the order given) that share a day, or None."""
    order = sorted(range(len(contracts)), key=lambda i: contracts[i])
    for a, b in zip(order, order[1:]):
        if contracts[b][0] <= contracts[a][1]:
            return a, b
    return None


def contract_clash(start: date, end: date, contracts: list[tuple]) -> tuple | None:
    """The first contract (a tuple starting with its start and end days) sharing a day with `start`..`end`."""
    return next((c for c in sorted(contracts, key=lambda c: (c[0], c[1])) if c[0] <= end and c[1] >= start), None)
