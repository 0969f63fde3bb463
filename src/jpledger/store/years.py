"""A year's sums: who is counted, what each person's entries credit by kind and form, what monthly caps withheld;
and the years that are closed.

SQL does the summing; the pure rules in `jpledger.core` turn the sums into states and findings.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Iterable

from sqlalchemy import and_, extract, func, or_, select
from sqlalchemy.engine import Connection

from jpledger.core.compliance import CappedEntry, PersonTotal, cents_to_jp, monthly_withheld
from jpledger.errors import InputRejected
from jpledger.store.tables import ACTIVITY, IN_CHUNK, STAFF, YEAR_LOCK, chunks


def locked_years(conn: Connection) -> dict[int, str]:
    return {r.year: r.reason for r in conn.execute(select(YEAR_LOCK.c.year, YEAR_LOCK.c.reason))}


def refuse_locked(conn: Connection, years: Iterable[int], what: str) -> None:
    """Refuse (exit 3) a change to entries of a closed year; `what` names the change."""
    locks = locked_years(conn)
    hit = sorted({y for y in years if y in locks})
    if hit:
        year = hit[0]
        raise InputRejected("YEAR_CLOSED_REFUSES", year=year, reason=locks[year], what=what)


def _counted_people(conn: Connection, year: int, unit: str | None, status: str | None):
    """(nip, name, unit, status, joined, left) of everyone counted in the year, as plain rows."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    query = (select(STAFF.c.nip, STAFF.c.name, STAFF.c.unit, STAFF.c.status, STAFF.c.joined, STAFF.c.left)
             .where(or_(STAFF.c.left.is_(None), STAFF.c.left >= first))
             .where(or_(STAFF.c.joined.is_(None), STAFF.c.joined <= last))
             .order_by(STAFF.c.unit, STAFF.c.nip))
    if unit:
        query = query.where(func.lower(STAFF.c.unit) == unit.lower())
    if status:
        query = query.where(STAFF.c.status == status)
    return conn.execute(query)


def counted(year: int, as_of: date):
    """The entries a year's totals count as of a day: the year's live entries ending by then."""
    return and_(ACTIVITY.c.year == year, ACTIVITY.c.voided.is_(False), ACTIVITY.c.end <= as_of)


def capped_entries(conn: Connection, year: int, as_of: date, nips: set[str] | None = None) -> list[CappedEntry]:
    """The counted entries of the people's months in which a monthly cap may withhold something.

    A month whose units stay within the cap withholds nothing, so for a whole ledger SQL first finds the months
    over it and only their entries come back: a national year has hundreds of thousands of coaching entries and
    a few hundred such months. A handful of people (a statement) are looked up by NIP directly.
    """
    capped = and_(counted(year, as_of), ACTIVITY.c.month_cap.is_not(None))
    months = None
    if nips is not None and len(nips) <= IN_CHUNK:
        wanted = sorted(nips)
    else:
        year_of, month_of = extract("year", ACTIVITY.c.start), extract("month", ACTIVITY.c.start)
        over = (select(ACTIVITY.c.nip, ACTIVITY.c.kind, year_of, month_of).where(capped)
                .group_by(ACTIVITY.c.nip, ACTIVITY.c.kind, year_of, month_of)
                # Against the smallest cap of the month: a month within it is within every cap its entries carry.
                .having(func.sum(ACTIVITY.c.units_cents) > func.min(ACTIVITY.c.month_cap) * 100))
        months = {(nip, kind, int(y), int(m)) for nip, kind, y, m in conn.execute(over)
                  if nips is None or nip in nips}
        wanted = sorted({nip for nip, _, _, _ in months})
    entries = []
    for chunk in chunks(wanted):
        query = (select(ACTIVITY.c.id, ACTIVITY.c.nip, ACTIVITY.c.kind, ACTIVITY.c.start, ACTIVITY.c.units_cents,
                        ACTIVITY.c.rate_cents, ACTIVITY.c.month_cap, ACTIVITY.c.form)
                 .where(capped, ACTIVITY.c.nip.in_(chunk)))
        entries += [CappedEntry(r.id, r.nip, r.kind, r.start, cents_to_jp(r.units_cents),
                                cents_to_jp(r.rate_cents or 0), r.month_cap, r.form)
                    for r in conn.execute(query)
                    if months is None or (r.nip, r.kind, r.start.year, r.start.month) in months]
    return entries


def year_totals(conn: Connection, policy, year: int, as_of: date, *, unit: str | None = None,
                status: str | None = None) -> tuple[list[PersonTotal], dict[int, Decimal], list[CappedEntry]]:
    """Each counted person's credited JP by kind and form; also what monthly caps withheld, by entry.

    The second and third values cover only the months in which a cap withheld something (`capped_entries`).
    """
    totals: dict[str, PersonTotal] = {}
    first, last = date(year, 1, 1), date(year, 12, 31)
    targets: dict[str, object] = {}
    for nip, name, unit_name, status_name, joined, left in _counted_people(conn, year, unit, status):
        target = targets.get(status_name)
        if target is None:
            target = targets[status_name] = policy.target(status_name)
        totals[nip] = PersonTotal(
            nip=nip, name=name, unit=unit_name, status=status_name, min_jp=target.min_jp, max_jp=target.max_jp,
            joined_in_year=bool(joined and first < joined <= last),
            left_in_year=bool(left and first <= left <= last))
    # A national year is half a million (person, kind) sums: add whole cents, make each Decimal once at the end.
    kind_cents: dict[str, dict[str, int]] = {}
    form_cents: dict[str, dict[str, int]] = {}
    sums = (select(ACTIVITY.c.nip, ACTIVITY.c.kind, ACTIVITY.c.form, func.sum(ACTIVITY.c.jp_cents))
            .where(counted(year, as_of)).group_by(ACTIVITY.c.nip, ACTIVITY.c.kind, ACTIVITY.c.form))
    for nip, kind, form, cents in conn.execute(sums):
        if nip not in totals:
            continue
        kinds = kind_cents.get(nip)
        if kinds is None:
            kinds, forms = kind_cents[nip], form_cents[nip] = {}, {}
        else:
            forms = form_cents[nip]
        cents = int(cents)
        kinds[kind] = kinds.get(kind, 0) + cents
        forms[form] = forms.get(form, 0) + cents
    for nip, kinds in kind_cents.items():
        person = totals[nip]
        person.by_kind = {kind: cents_to_jp(cents) for kind, cents in kinds.items()}
        person.by_form = {form: cents_to_jp(cents) for form, cents in form_cents[nip].items()}
    capped = capped_entries(conn, year, as_of, set(totals))
    withheld = monthly_withheld(capped)
    by_id = {e.id: e for e in capped}
    for entry_id, lost in withheld.items():
        entry = by_id[entry_id]
        person = totals[entry.nip]
        person.by_kind[entry.kind] -= lost
        person.by_form[entry.form] -= lost
    return list(totals.values()), withheld, capped
