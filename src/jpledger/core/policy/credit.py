"""Credit arithmetic: the JP one activity earns under one kind's rule, exact to the cent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from jpledger.core.dates import inclusive_days
from jpledger.core.policy.model import DEFAULT_MAX_JP_PER_ENTRY, JP_UNITS, KindRule
from jpledger.errors import UsageError

_CENT = Decimal("0.01")

_UNIT_INPUTS = {
    "jp": ("jp", "minutes", "days"),
    "minute": ("minutes", "days"),
    "day": ("days",),
    "session": ("sessions",),
    "occurrence": (),
    "semester": ("semesters",),
}
# How each unit is counted, in the words of the command-line options (message codes).
_TAKES = {
    "jp": "CREDIT_TAKES_JP",
    "minute": "CREDIT_TAKES_MINUTES",
    "day": "CREDIT_TAKES_DAYS",
    "session": "CREDIT_TAKES_SESSIONS",
    "semester": "CREDIT_TAKES_SEMESTERS",
    "occurrence": "CREDIT_TAKES_OCCURRENCE",
}


@dataclass(frozen=True)
class Credit:
    """The JP one activity earns under one kind's rule, before any per-month cap on the person."""

    jp: Decimal
    units: Decimal
    rate: Decimal | None
    capped_by_day: Decimal


def round_jp(value: Decimal) -> Decimal:
    """Round a JP amount to two places, half up, as every credit is stored and shown."""
    return Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP)


def _kind_name(rule: KindRule) -> str:
    return f"{rule.key} ({rule.code})"


def _quantity(name: str, value: Any, *, whole: bool) -> Decimal:
    """A quantity from the caller as an exact Decimal; floats go through their text so 0.1 stays 0.1."""
    if isinstance(value, bool):
        raise UsageError("CREDIT_NOT_A_NUMBER", option=name, value=repr(value))
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise UsageError("CREDIT_NOT_A_NUMBER", option=name, value=repr(value)) from None
    if not number.is_finite():
        raise UsageError("CREDIT_NOT_A_NUMBER", option=name, value=repr(value))
    if whole and number != number.to_integral_value():
        raise UsageError("CREDIT_NOT_WHOLE", option=name, value=str(value))
    if number <= 0:
        raise UsageError("CREDIT_NOT_POSITIVE", option=name, value=str(value))
    return number


def _rate(rule: KindRule, international: bool, base: Decimal | None) -> Decimal:
    """JP per unit: the international rate if one is set, else the national rate (times the factor abroad)."""
    if international and rule.international_jp_per_unit is not None:
        return rule.international_jp_per_unit
    rate = base if base is not None else Decimal(1)
    if international and rule.international_factor is not None:
        rate = rate * rule.international_factor
    return rate


def credit(
    rule: KindRule,
    *,
    minutes_per_jp: Decimal,
    start: date,
    end: date,
    international: bool = False,
    jp: Decimal | None = None,
    minutes: Decimal | None = None,
    days: int | None = None,
    sessions: int | None = None,
    semesters: int | None = None,
    max_jp_per_entry: Decimal | None = DEFAULT_MAX_JP_PER_ENTRY,
) -> Credit:
    """The JP one activity earns under `rule`, with the per-day cap applied; the monthly cap is not applied here.

    A credit that rounds to 0.00 is refused as a quantity of 0 is, and one above `max_jp_per_entry` (the policy's
    limit for one entry; None for none) is refused naming both figures.
    """
    if end is None:
        end = start
    if minutes_per_jp is None or Decimal(minutes_per_jp) <= 0:
        raise UsageError("CREDIT_MINUTES_PER_JP", value=str(minutes_per_jp))
    if end < start:
        raise UsageError("CREDIT_END_BEFORE_START", end=end.isoformat(), start=start.isoformat())
    given = {
        name: value
        for name, value in (
            ("jp", jp),
            ("minutes", minutes),
            ("days", days),
            ("sessions", sessions),
            ("semesters", semesters),
        )
        if value is not None
    }
    unused = [name for name in given if name not in _UNIT_INPUTS[rule.unit]]
    if unused:
        raise UsageError("CREDIT_UNUSED_QUANTITY", kind=_kind_name(rule), takes=_takes(rule),
                         options=", ".join(f"--{name}" for name in unused))
    calendar_days = Decimal(inclusive_days(start, end))
    day_count = _quantity("days", days, whole=True) if days is not None else calendar_days

    if rule.unit in JP_UNITS:
        result = _credit_jp(rule, minutes_per_jp, international, jp, minutes, day_count)
    else:
        if rule.unit == "day":
            units = day_count
        elif rule.unit == "session":
            units = _quantity("sessions", sessions, whole=True) if sessions is not None else Decimal(1)
        elif rule.unit == "semester":
            units = _quantity("semesters", semesters, whole=True) if semesters is not None else Decimal(1)
        else:  # occurrence: one activity is one occurrence, however long it ran
            units = Decimal(1)
        rate = _rate(rule, international, rule.jp_per_unit)
        result = Credit(jp=round_jp(units * rate), units=units, rate=rate, capped_by_day=Decimal("0.00"))
    _check_amount(rule, result, given, max_jp_per_entry)
    return result


def _takes(rule: KindRule):
    from jpledger.codes import message

    return message(_TAKES[rule.unit])


def _check_amount(rule: KindRule, result: Credit, given: dict, max_jp_per_entry: Decimal | None) -> None:
    if result.jp <= 0:
        # --jp 0.001 would be stored as 0.00: refused with the words a 0 gets, naming what was given.
        for name, value in given.items():
            if name != "days":
                raise UsageError("CREDIT_NOT_POSITIVE", option=name, value=str(value))
        raise UsageError("CREDIT_ZERO", kind=_kind_name(rule))
    if max_jp_per_entry is not None and result.jp > max_jp_per_entry:
        raise UsageError("CREDIT_ABOVE_MAX", kind=_kind_name(rule), jp=result.jp, max=max_jp_per_entry)


def _credit_jp(
    rule: KindRule,
    minutes_per_jp: Decimal,
    international: bool,
    jp: Decimal | None,
    minutes: Decimal | None,
    day_count: Decimal,
) -> Credit:
    """Credit for a kind counted in JP or minutes: the amount times any rate or factor, then the per-day cap."""
    if jp is not None and minutes is not None:
        raise UsageError("CREDIT_JP_OR_MINUTES", kind=_kind_name(rule))
    if rule.unit == "minute":
        if minutes is None:
            raise UsageError("CREDIT_NEEDS_QUANTITY", kind=_kind_name(rule), takes=_takes(rule))
        units = _quantity("minutes", minutes, whole=False)
        amount = units / Decimal(minutes_per_jp)
    elif jp is not None:
        units = _quantity("jp", jp, whole=False)
        amount = units
    elif minutes is not None:
        amount = _quantity("minutes", minutes, whole=False) / Decimal(minutes_per_jp)
        # The unit is JP, so the quantity is the JP the minutes make, rounded like every JP figure.
        units = round_jp(amount)
    else:
        raise UsageError("CREDIT_NEEDS_QUANTITY", kind=_kind_name(rule), takes=_takes(rule))
    raw = amount * _rate(rule, international, rule.jp_per_unit)
    per_day = rule.max_jp_per_day
    if international and rule.international_max_jp_per_day is not None:
        per_day = rule.international_max_jp_per_day
    credited = raw if per_day is None else min(raw, per_day * day_count)
    # Round the whole and the credited part once each, so credited + withheld is exactly the rounded whole.
    jp_credited = round_jp(credited)
    return Credit(jp=jp_credited, units=units, rate=None, capped_by_day=round_jp(raw) - jp_credited)
