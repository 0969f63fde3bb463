"""Reading and writing activities: one entry at a time for commands, whole lists for imports and exports."""

from __future__ import annotations

from typing import Iterable

from sqlalchemy import and_, func, select
from sqlalchemy.engine import Connection

from jpledger.core.compliance import CappedEntry, cents_to_jp
from jpledger.store.bulk import indexes_set_aside, insert_many
from jpledger.store.db import now
from jpledger.store.reads import get_activity, list_activities  # noqa: F401 (plain SQL, for the quick read)
from jpledger.store.tables import ACTIVITY, STAFF, chunks


def void_activities(conn: Connection, ids: list[int], reason: str) -> int:
    if not ids:
        return 0
    return conn.execute(ACTIVITY.update().where(ACTIVITY.c.id.in_(ids), ACTIVITY.c.voided.is_(False))
                        .values(voided=True, void_reason=reason, voided_at=now())).rowcount


# --- whole lists, for imports ----------------------------------------------------------------------------------

def live_fingerprints_among(conn: Connection, fingerprints: Iterable[str]) -> set[str]:
    """Which of `fingerprints` belong to live activities: looked up through the index, never a full scan."""
    if conn.execute(select(ACTIVITY.c.id).limit(1)).first() is None:
        return set()
    wanted = sorted(set(fingerprints))
    found: set[str] = set()
    for chunk in chunks(wanted):
        found.update(r[0] for r in conn.execute(
            select(ACTIVITY.c.fingerprint).where(ACTIVITY.c.fingerprint.in_(chunk), ACTIVITY.c.voided.is_(False))))
    return found


def insert_activity_rows(conn: Connection, columns: tuple[str, ...], rows: list[tuple], batch: int | None) -> None:
    """Insert activity rows (tuples of `columns`) in one executemany, without RETURNING (the batch finds them)."""
    if not rows:
        return
    with indexes_set_aside(conn, ACTIVITY, len(rows)) as aside:
        if not aside:
            # In index order, so the rows land beside their neighbours instead of scattering through the indexes.
            at = {name: i for i, name in enumerate(columns)}
            rows = sorted(rows, key=lambda row: (row[at["year"]], row[at["nip"]], row[at["start"]]))
        insert_many(conn, ACTIVITY, columns, rows, {"batch": batch, "voided": False, "created_at": now()})


# --- exports -----------------------------------------------------------------------------------------------------

def _with_staff(units: set[str] | None):
    """Live activities joined to their person, of the people now in the units with codes `units` when given."""
    joined = ACTIVITY.join(STAFF, STAFF.c.nip == ACTIVITY.c.nip)
    condition = ACTIVITY.c.voided.is_(False)
    if units is not None:
        condition = and_(condition, STAFF.c.unit_code.in_(sorted(units)))
    return joined, condition


def latest_activity_year(conn: Connection, units: set[str] | None = None) -> int | None:
    """The latest year with a live activity (of the units' people): the year a report shows by default."""
    joined, condition = _with_staff(units)
    return conn.execute(select(func.max(ACTIVITY.c.year)).select_from(joined).where(condition)).scalar()


def activity_rows(conn: Connection, fields: tuple[str, ...], *, year: int | None = None,
                  units: set[str] | None = None) -> Iterable[tuple]:
    """Live activities as plain tuples of `fields` (activity columns, and the person's `name`), oldest first.

    Streamed in chunks as plain rows, never dicts: an export of a national year is hundreds of thousands of rows.
    """
    columns = [STAFF.c.name if f == "name" else ACTIVITY.c[f] for f in fields]
    joined, condition = _with_staff(units)
    if year is not None:
        condition = and_(condition, ACTIVITY.c.year == year)
    query = select(*columns).select_from(joined).where(condition).order_by(ACTIVITY.c.start, ACTIVITY.c.id)
    yield from conn.execute(query.execution_options(yield_per=5000))


def live_capped_entries(conn: Connection, *, units: set[str] | None = None) -> list[CappedEntry]:
    """Every live entry under a monthly cap, of every year, so an export can show what each cap withheld."""
    joined, condition = _with_staff(units)
    condition = and_(condition, ACTIVITY.c.month_cap.is_not(None))
    query = (select(ACTIVITY.c.id, ACTIVITY.c.nip, ACTIVITY.c.kind, ACTIVITY.c.start, ACTIVITY.c.units_cents,
                    ACTIVITY.c.rate_cents, ACTIVITY.c.month_cap, ACTIVITY.c.form)
             .select_from(joined).where(condition))
    return [CappedEntry(r.id, r.nip, r.kind, r.start, cents_to_jp(r.units_cents), cents_to_jp(r.rate_cents or 0),
                        r.month_cap, r.form)
            for r in conn.execute(query)]


# --- reminders ---------------------------------------------------------------------------------------------------

SESSION_KINDS = ("coaching", "mentoring")


def sessions_of(conn: Connection, nips: Iterable[str], year: int, until) -> list[dict]:
    """The live coaching and mentoring entries of these people in a year, ending by `until`, oldest first."""
    columns = (ACTIVITY.c.id, ACTIVITY.c.nip, ACTIVITY.c.kind, ACTIVITY.c.start, ACTIVITY.c.coach,
               ACTIVITY.c.coach_nip, ACTIVITY.c.sessions, ACTIVITY.c.minutes, ACTIVITY.c.title, ACTIVITY.c.goal,
               ACTIVITY.c.actions, ACTIVITY.c.follow_up, ACTIVITY.c.jp_cents)
    out: list[dict] = []
    for chunk in chunks(sorted(set(nips))):
        query = (select(*columns)
                 .where(ACTIVITY.c.nip.in_(chunk), ACTIVITY.c.kind.in_(SESSION_KINDS), ACTIVITY.c.year == year,
                        ACTIVITY.c.end <= until, ACTIVITY.c.voided.is_(False),
                        ACTIVITY.c.verification != "rejected"))
        out += [dict(r) for r in conn.execute(query).mappings()]
    return sorted(out, key=lambda r: (r["start"], r["id"]))


def year_entries(conn: Connection, year: int, *, units: set[str] | None = None) -> list[dict]:
    """The live activities of a year (of the units' people), each with its person's `name`, oldest first."""
    joined, condition = _with_staff(units)
    query = (select(ACTIVITY, STAFF.c.name).select_from(joined).where(condition, ACTIVITY.c.year == year)
             .order_by(ACTIVITY.c.nip, ACTIVITY.c.start, ACTIVITY.c.id))
    return [dict(r) for r in conn.execute(query).mappings()]


# --- the coaching and mentoring journal ---------------------------------------------------------------------------

def journal_rows(conn: Connection, nip: str, kinds: Iterable[str], *, year: int | None = None,
                 as_coach: bool = False) -> list[dict]:
    """Live sessions of `kinds` the person had (or, `as_coach`, gave), in date order, with the person's `name`."""
    who = ACTIVITY.c.coach_nip if as_coach else ACTIVITY.c.nip
    query = (select(ACTIVITY, STAFF.c.name).join(STAFF, STAFF.c.nip == ACTIVITY.c.nip)
             .where(who == nip, ACTIVITY.c.kind.in_(sorted(set(kinds))), ACTIVITY.c.voided.is_(False))
             .order_by(ACTIVITY.c.start, ACTIVITY.c.id))
    if year is not None:
        query = query.where(ACTIVITY.c.year == year)
    return [dict(r) for r in conn.execute(query).mappings()]
