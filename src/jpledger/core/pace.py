"""Before the year ends: who needs a reminder, and the pace that still reaches the target by December (spec 11)."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

# A person with a maximum is reminded once within this many JP of it: the next class could take them over.
NEAR_MAX = Decimal(4)


def months_left(as_of: date, year: int) -> int:
    """The months from `as_of`'s month to December of `year`; `as_of`'s own month counts only when `as_of` is its
    first day (2026-07-01 leaves 6, 2026-07-15 leaves 5). None are left once the year is over, all twelve before."""
    if as_of.year > year:
        return 0
    if as_of.year < year:
        return 12
    return 12 - as_of.month + (1 if as_of.day == 1 else 0)


def jp_per_month(needed: Decimal, months: int) -> Decimal:
    """What is still needed spread over the months left (at least one), two decimals, half up."""
    return (Decimal(needed) / max(months, 1)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def needs_reminder(person) -> bool:
    """Short of a minimum or requirement, over a maximum, or within NEAR_MAX JP of one (a PersonTotal)."""
    if person.state in ("short", "over"):
        return True
    return person.max_jp is not None and person.jp_toward_max >= person.max_jp - NEAR_MAX
