"""Turning one recorded activity into a ledger row: credit it under the active policy, keep what credited it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from jpledger.core.compliance import jp_to_cents
from jpledger.store.ledger import fingerprint


@dataclass
class NewActivity:
    """What a command or a roster row says about one person's activity, before it is credited."""

    nip: str
    kind: str  # the kind's key, code or label
    title: str
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


def credit_row(policy, policy_id: int, item: NewActivity, batch: int | None = None) -> dict:
    """The ledger row for `item`; raises UsageError when the kind or its quantity is wrong."""
    from jpledger.core.policy import credit

    rule = policy.kind(item.kind)
    result = credit(rule, minutes_per_jp=policy.minutes_per_jp, start=item.start, end=item.end,
                    international=item.international, jp=item.jp, minutes=item.minutes, days=item.days,
                    sessions=item.sessions, semesters=item.semesters, max_jp_per_entry=policy.max_jp_per_entry)
    jp_cents = jp_to_cents(result.jp)
    title = " ".join((item.title or rule.label).split())
    return {
        "nip": item.nip,
        "kind": rule.key,
        "code": rule.code,
        "form": rule.form,
        "title": title,
        "start": item.start,
        "end": item.end,
        "year": policy.year_of_dates(item.start, item.end),
        "international": item.international,
        "units_cents": jp_to_cents(result.units),
        "jp_cents": jp_cents,
        "rate_cents": jp_to_cents(result.rate) if result.rate is not None else None,
        "month_cap": rule.max_units_per_month,
        "day_capped_cents": jp_to_cents(result.capped_by_day),
        "coach": item.coach,
        "coach_nip": item.coach_nip,
        "organizer": item.organizer,
        "ref": item.ref,
        "note": item.note,
        "sessions": item.sessions,
        "minutes": int(item.minutes) if item.minutes is not None else item.log_minutes,
        "days": item.days,
        "policy_version": policy_id,
        "batch": batch,
        "fingerprint": fingerprint(item.nip, rule.key, item.start, item.end, title, jp_cents, item.ref),
        "voided": False,
    }
