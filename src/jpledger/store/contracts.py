"""PPPK work agreements (perjanjian kerja): each person's contracts, adding them, and the people whose overlap."""

from __future__ import annotations

from datetime import date
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.engine import Connection

from jpledger.store.reads import contracts_of, overlaps  # noqa: F401 (plain SQL, for the quick read)
from jpledger.store.tables import CONTRACT, STAFF, chunks

Contract = tuple[date, date, str | None]  # start, end, ref


def person_contracts_locked(conn: Connection, nip: str) -> list[Contract]:
    """One person's contracts, their staff row locked first (FOR UPDATE on PostgreSQL; a SQLite writer holds the
    whole file) so that two commands adding a contract at once cannot both find no overlap."""
    conn.execute(select(STAFF.c.nip).where(STAFF.c.nip == nip).with_for_update())
    return contracts_of(conn, [nip]).get(nip, [])


def add_contracts(conn: Connection, rows: list[tuple[str, Contract]], batch: int | None = None) -> None:
    """Add (nip, (start, end, ref)) rows in one statement; the caller has checked that none overlaps another."""
    from jpledger.store.db import now

    if rows:
        stamp = now()
        conn.execute(CONTRACT.insert(), [{"nip": nip, "start": start, "end": end, "ref": ref, "created_at": stamp,
                                          "batch": batch} for nip, (start, end, ref) in rows])


def derived_appointments(conn: Connection, nips: Iterable[str]) -> dict[str, tuple[date | None, date | None]]:
    """For PPPK whose start of service nobody gave, and who have contracts: {nip: (appointed now, the first
    contract's start)} where the two differ. The caller writes them, once it has checked the closed years."""
    from sqlalchemy import func

    from jpledger.core.employment import derived_appointed

    first = (select(CONTRACT.c.nip, func.min(CONTRACT.c.start).label("first"))
             .group_by(CONTRACT.c.nip).subquery())
    changed = {}
    for chunk in chunks(sorted(set(nips))):
        rows = conn.execute(select(STAFF.c.nip, STAFF.c.status, STAFF.c.appointed, first.c.first)
                            .join(first, first.c.nip == STAFF.c.nip)
                            .where(STAFF.c.nip.in_(chunk), STAFF.c.appointed_given.is_not(True),
                                   STAFF.c.status == "PPPK")).all()
        for nip, status, appointed, start in rows:
            derived = derived_appointed(nip, status, start)
            if derived != appointed:
                changed[nip] = (appointed, derived)
    return changed
