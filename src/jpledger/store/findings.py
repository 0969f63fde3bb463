"""The audit's findings in the data: small rules, each asking SQL for the exceptions and returning coded findings.

Every rule takes the same `Scope` (the year, today, the counted people and what caps withheld) and yields
`Finding`s with a stable code from `jpledger.codes.FINDINGS`; `findings()` runs them all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Callable, Iterable, Iterator

from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Connection

from jpledger.core.compliance import CappedEntry, Finding, PersonTotal, cents_to_jp
from jpledger.store.tables import ACTIVITY, ACTIVITY_EVIDENCE, STAFF, chunks
from jpledger.store.years import locked_years


@dataclass
class Scope:
    year: int
    today: date
    people: list[PersonTotal]
    withheld: dict[int, Decimal]
    capped: list[CappedEntry]
    policy: object = None  # the policy in use: which kinds need evidence, whether only verified entries count

    def __post_init__(self) -> None:
        self.counted = {p.nip for p in self.people}
        self.live = and_(ACTIVITY.c.year == self.year, ACTIVITY.c.voided.is_(False))


Rule = Callable[[Connection, Scope], Iterable[Finding]]


def future_activity(conn: Connection, scope: Scope) -> Iterator[Finding]:
    query = select(ACTIVITY.c.id, ACTIVITY.c.nip, ACTIVITY.c.end).where(scope.live, ACTIVITY.c.end > scope.today)
    for r in conn.execute(query):
        if r.nip in scope.counted:
            yield Finding("FUTURE_ACTIVITY", r.nip, r.id, {"end": r.end})


def outside_employment(conn: Connection, scope: Scope) -> Iterator[Finding]:
    # Only people with a joining or leaving date can have entries outside employment: start from them.
    dated = select(STAFF.c.nip).where(or_(STAFF.c.joined.is_not(None), STAFF.c.left.is_not(None)))
    query = (select(ACTIVITY.c.id, ACTIVITY.c.nip, ACTIVITY.c.start, ACTIVITY.c.end, STAFF.c.joined, STAFF.c.left)
             .join(STAFF, STAFF.c.nip == ACTIVITY.c.nip)
             .where(scope.live, ACTIVITY.c.nip.in_(dated),
                    or_(and_(STAFF.c.joined.is_not(None), ACTIVITY.c.end < STAFF.c.joined),
                        and_(STAFF.c.left.is_not(None), ACTIVITY.c.start > STAFF.c.left))))
    for r in conn.execute(query):
        if r.nip not in scope.counted:
            continue
        if r.joined and r.end < r.joined:
            yield Finding("OUTSIDE_EMPLOYMENT", r.nip, r.id, {"start": r.start, "end": r.end, "joined": r.joined})
        else:
            yield Finding("OUTSIDE_EMPLOYMENT", r.nip, r.id, {"start": r.start, "end": r.end, "left": r.left},
                          wording="OUTSIDE_EMPLOYMENT_LEFT")


def coaching_supervisor(conn: Connection, scope: Scope) -> Iterator[Finding]:
    query = (select(ACTIVITY.c.id, ACTIVITY.c.nip, ACTIVITY.c.coach, ACTIVITY.c.coach_nip, STAFF.c.supervisor)
             .join(STAFF, STAFF.c.nip == ACTIVITY.c.nip)
             .where(scope.live, ACTIVITY.c.kind == "coaching",
                    # Coaching by the supervisor is the rule: only the exceptions come back from SQL.
                    or_(STAFF.c.supervisor.is_(None), ACTIVITY.c.coach_nip.is_distinct_from(STAFF.c.supervisor))))
    for r in conn.execute(query):
        if r.nip not in scope.counted:
            continue
        # Coaching recorded through `record training --kind coaching` (or a roster) may name no coach.
        params = {"coach": r.coach, "supervisor": r.supervisor}
        if r.supervisor is None:
            yield Finding("NO_SUPERVISOR", r.nip, r.id, params,
                          wording="NO_SUPERVISOR" if r.coach else "NO_SUPERVISOR_NO_COACH")
        elif r.coach_nip != r.supervisor:
            yield Finding("COACH_NOT_SUPERVISOR", r.nip, r.id, params,
                          wording="COACH_NOT_SUPERVISOR" if r.coach else "COACH_NOT_SUPERVISOR_NO_COACH")


def monthly_cap(conn: Connection, scope: Scope) -> Iterator[Finding]:
    by_id = {e.id: e for e in scope.capped}
    for entry_id, lost in sorted(scope.withheld.items()):
        e = by_id[entry_id]
        yield Finding("MONTHLY_CAP_WITHHELD", e.nip, entry_id,
                      {"kind": e.kind, "month": f"{e.day:%Y-%m}", "jp": lost, "cap": e.month_cap})


def daily_cap(conn: Connection, scope: Scope) -> Iterator[Finding]:
    query = select(ACTIVITY.c.id, ACTIVITY.c.nip, ACTIVITY.c.kind, ACTIVITY.c.day_capped_cents).where(
        scope.live, ACTIVITY.c.day_capped_cents > 0)
    for r in conn.execute(query):
        if r.nip in scope.counted:
            yield Finding("DAILY_CAP_WITHHELD", r.nip, r.id, {"kind": r.kind, "jp": cents_to_jp(r.day_capped_cents)})


def duplicates(conn: Connection, scope: Scope) -> Iterator[Finding]:
    """Live entries sharing person, kind, dates and title with an earlier one.

    Grouping a national year by title would sort every entry. The covering index already orders them by person,
    kind, form and end date, so SQL finds the few groups sharing those without sorting, and only their entries
    are compared by start date and title (a kind keeps its form, so the form splits no real duplicates).
    """
    candidates = (select(ACTIVITY.c.nip, ACTIVITY.c.kind, ACTIVITY.c.end).where(scope.live)
                  .group_by(ACTIVITY.c.nip, ACTIVITY.c.kind, ACTIVITY.c.form, ACTIVITY.c.end)
                  .having(func.count() > 1))
    groups = {(nip, kind, end) for nip, kind, end in conn.execute(candidates) if nip in scope.counted}
    title_key = func.lower(func.trim(ACTIVITY.c.title))
    first: dict[tuple, int] = {}
    for chunk in chunks(sorted({nip for nip, _, _ in groups})):
        rows = conn.execute(select(ACTIVITY.c.id, ACTIVITY.c.nip, ACTIVITY.c.kind, ACTIVITY.c.start, ACTIVITY.c.end,
                                   title_key).where(scope.live, ACTIVITY.c.nip.in_(chunk)).order_by(ACTIVITY.c.id))
        for entry_id, nip, kind, start, end, title in rows:
            if (nip, kind, end) not in groups:
                continue
            key = (nip, kind, start, end, title)
            if key in first:
                yield Finding("DUPLICATE_ENTRY", nip, entry_id, {"first": first[key]})
            else:
                first[key] = entry_id


def unknown_supervisor(conn: Connection, scope: Scope) -> Iterator[Finding]:
    boss = STAFF.alias("boss")
    query = (select(STAFF.c.nip, STAFF.c.supervisor)
             .where(STAFF.c.supervisor.is_not(None),
                    ~select(boss.c.nip).where(boss.c.nip == STAFF.c.supervisor).exists()))
    for nip, supervisor in conn.execute(query):
        if nip in scope.counted:
            yield Finding("UNKNOWN_SUPERVISOR", nip, None, {"supervisor": supervisor})


def joined_or_left(conn: Connection, scope: Scope) -> Iterator[Finding]:
    for p in scope.people:
        if p.joined_in_year:
            yield Finding("JOINED_DURING_YEAR", p.nip, None)
        if p.left_in_year:
            yield Finding("LEFT_DURING_YEAR", p.nip, None)


def year_closed(conn: Connection, scope: Scope) -> Iterator[Finding]:
    locks = locked_years(conn)
    if scope.year in locks:
        yield Finding("YEAR_CLOSED", None, None, {"year": scope.year, "reason": locks[scope.year]})


def no_evidence(conn: Connection, scope: Scope) -> Iterator[Finding]:
    kinds = scope.policy.kinds if scope.policy is not None else {}
    required = sorted(key for key, rule in kinds.items() if rule.evidence == "required")
    if not required:
        return
    shown = select(ACTIVITY_EVIDENCE.c.activity_id).where(ACTIVITY_EVIDENCE.c.activity_id == ACTIVITY.c.id)
    # A rejected entry counts nothing already: whether it shows a file no longer matters.
    query = select(ACTIVITY.c.id, ACTIVITY.c.nip, ACTIVITY.c.kind).where(
        scope.live, ACTIVITY.c.kind.in_(required), ACTIVITY.c.verification != "rejected", ~shown.exists())
    for r in conn.execute(query.order_by(ACTIVITY.c.id)):
        if r.nip in scope.counted:
            yield Finding("NO_EVIDENCE", r.nip, r.id, {"kind": kinds[r.kind].label})


def unverified(conn: Connection, scope: Scope) -> Iterator[Finding]:
    if scope.policy is None or scope.policy.count != "verified":
        return
    query = select(ACTIVITY.c.id, ACTIVITY.c.nip).where(scope.live, ACTIVITY.c.verification == "unverified")
    for r in conn.execute(query.order_by(ACTIVITY.c.id)):
        if r.nip in scope.counted:
            yield Finding("UNVERIFIED", r.nip, r.id)


RULES: list[Rule] = [future_activity, outside_employment, coaching_supervisor, monthly_cap, daily_cap, duplicates,
                     unknown_supervisor, joined_or_left, year_closed, no_evidence, unverified]


def findings(conn: Connection, scope: Scope) -> list[Finding]:
    """Every rule's findings for the counted people and their entries of the year."""
    return [finding for rule in RULES for finding in rule(conn, scope)]
