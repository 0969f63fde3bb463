"""One way to credit an activity: what a command or a roster row says becomes the same typed ledger entry.

`record` builds a `NewActivity` and calls `credit_entry`; an import credits each distinct (kind, scope, days,
quantities) once with `credit_amounts` and builds every row's entry with `entry`, the function `credit_entry` ends
in too. Nothing here reads the ledger or names a command-line option.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from hashlib import blake2b
from typing import NamedTuple

from jpledger.core.compliance import jp_to_cents


@dataclass
class NewActivity:
    """What a command or a roster row says about one person's activity, before it is credited."""

    nip: str
    kind: str  # the kind's key, code or label
    title: str | None
    start: date
    end: date
    international: bool = False
    jp: Decimal | None = None
    minutes: Decimal | None = None
    days: int | None = None
    sessions: int | None = None
    semesters: int | None = None
    log_minutes: int | None = None  # length kept for the coaching log, not credited
    coach: str | None = None
    coach_nip: str | None = None
    organizer: str | None = None
    ref: str | None = None
    note: str | None = None
    mandiri: bool = False
    goal: str | None = None
    actions: str | None = None
    follow_up: date | None = None


class Amounts(NamedTuple):
    """What a kind's rule credits one activity, in hundredths (the ledger keeps JP as whole cents)."""

    units_cents: int
    jp_cents: int
    rate_cents: int | None
    day_capped_cents: int


class Entry(NamedTuple):
    """One activity as the ledger stores it when it is recorded (the activity table's columns, by name)."""

    nip: str
    kind: str
    code: str
    form: str
    title: str
    start: date
    end: date
    year: int
    international: bool
    units_cents: int
    jp_cents: int
    rate_cents: int | None
    month_cap: int | None
    day_capped_cents: int
    coach: str | None
    coach_nip: str | None
    organizer: str | None
    ref: str | None
    note: str | None
    sessions: int | None
    minutes: int | None
    days: int | None
    policy_version: int
    fingerprint: str
    mandiri: bool
    jp_as_given: bool
    goal: str | None
    actions: str | None
    follow_up: date | None


ENTRY_COLUMNS = Entry._fields


def fingerprint(nip: str, kind: str, start: date, end: date, title: str, jp_cents: int, ref: str | None) -> str:
    """What makes two entries "the same activity" for re-imports: person, kind, dates, title, credit, ref."""
    key = "\x1f".join([nip, kind, _day(start), _day(end), _title_key(title), str(jp_cents),
                       ref.strip().lower() if ref else ""])
    hashed = _HASH.copy()  # cheaper than setting the digest's size up again for each of a roster's rows
    hashed.update(key.encode())
    return hashed.hexdigest()


_HASH = blake2b(digest_size=12)


# A roster repeats its days and a class's title on many rows: each is written out once (up to a bound).
@lru_cache(maxsize=1 << 12)
def _day(day: date) -> str:
    return day.isoformat()


@lru_cache(maxsize=1 << 14)
def _title_key(title: str) -> str:
    return " ".join(title.lower().split())


def credit_amounts(policy, rule, *, start: date, end: date, international: bool = False, jp: Decimal | None = None,
                   minutes: Decimal | None = None, days: int | None = None, sessions: int | None = None,
                   semesters: int | None = None) -> Amounts:
    """The policy's credit of one activity under `rule` (per-day caps applied; a monthly cap is the year's work)."""
    from jpledger.core.policy import credit

    result = credit(rule, minutes_per_jp=policy.minutes_per_jp, start=start, end=end, international=international,
                    jp=jp, minutes=minutes, days=days, sessions=sessions, semesters=semesters,
                    max_jp_per_entry=policy.max_jp_per_entry)
    return Amounts(jp_to_cents(result.units), jp_to_cents(result.jp),
                   jp_to_cents(result.rate) if result.rate is not None else None, jp_to_cents(result.capped_by_day))


def entry(policy_id: int, rule, amounts: Amounts, year: int, nip: str, title: str | None, start: date, end: date,
          international: bool, coach: str | None, coach_nip: str | None, organizer: str | None, ref: str | None,
          note: str | None, sessions: int | None, minutes: int | None, days: int | None, mandiri: bool = False,
          jp_as_given: bool = False, goal: str | None = None, actions: str | None = None,
          follow_up: date | None = None) -> Entry:
    """The ledger entry of one credited activity; the title defaults to the kind's label."""
    title = " ".join((title or rule.label).split())
    return Entry(nip, rule.key, rule.code, rule.form, title, start, end, year, international, amounts.units_cents,
                 amounts.jp_cents, amounts.rate_cents, rule.max_units_per_month, amounts.day_capped_cents, coach,
                 coach_nip, organizer, ref, note, sessions, minutes, days, policy_id,
                 fingerprint(nip, rule.key, start, end, title, amounts.jp_cents, ref), mandiri, jp_as_given, goal,
                 actions, follow_up)


def credit_entry(policy, policy_id: int, item: NewActivity) -> Entry:
    """Credit what a command says under the policy in use; raises UsageError when the kind or quantity is wrong."""
    rule = policy.kind(item.kind)
    amounts = credit_amounts(policy, rule, start=item.start, end=item.end, international=item.international,
                             jp=item.jp, minutes=item.minutes, days=item.days, sessions=item.sessions,
                             semesters=item.semesters)
    minutes = int(item.minutes) if item.minutes is not None else item.log_minutes
    return entry(policy_id, rule, amounts, policy.year_of_dates(item.start, item.end), item.nip, item.title,
                 item.start, item.end, item.international, item.coach, item.coach_nip, item.organizer, item.ref,
                 item.note, item.sessions, minutes, item.days, item.mandiri, False, item.goal, item.actions,
                 item.follow_up)
