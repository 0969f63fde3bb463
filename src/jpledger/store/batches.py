"""Imports as units: the batch each import wrote, and taking one back out."""

from __future__ import annotations

from sqlalchemy import and_, select
from sqlalchemy.engine import Connection

from jpledger.errors import UsageError
from jpledger.store.db import actor, now
from jpledger.store.tables import ACTIVITY, BATCH


def list_batches(conn: Connection) -> list[dict]:
    return [dict(r) for r in conn.execute(select(BATCH).order_by(BATCH.c.id)).mappings()]


def get_batch(conn: Connection, batch_id: int) -> dict:
    row = conn.execute(select(BATCH).where(BATCH.c.id == batch_id)).mappings().first()
    if row is None:
        raise UsageError("BATCH_NOT_FOUND", batch=batch_id)
    return dict(row)


def add_batch(conn: Connection, file: str, *, staff_added: int, staff_updated: int, added: int,
              skipped: int) -> int:
    from jpledger.store.officers import actor_value

    return conn.execute(BATCH.insert().values(file=file, at=now(), actor=actor_value(conn, actor()),
                                              staff_added=staff_added,
                                              staff_updated=staff_updated, added=added, skipped=skipped)
                        ).inserted_primary_key[0]


def batch_years(conn: Connection, batch_id: int) -> list[int]:
    """The years of the live entries a batch added."""
    live = and_(ACTIVITY.c.batch == batch_id, ACTIVITY.c.voided.is_(False))
    return [r[0] for r in conn.execute(select(ACTIVITY.c.year).where(live).distinct())]


def batch_units(conn: Connection, batch_id: int) -> list[str]:
    """The units (now) of the people whose entries batch `batch_id` added: what its trail entries are about."""
    from jpledger.store.tables import STAFF

    query = (select(STAFF.c.unit_code).select_from(ACTIVITY.join(STAFF, STAFF.c.nip == ACTIVITY.c.nip))
             .where(ACTIVITY.c.batch == batch_id).distinct())
    return [code for (code,) in conn.execute(query) if code]


def revert_batch(conn: Connection, batch_id: int, reason: str, void_reason: str) -> int:
    """Void what batch `batch_id` added and mark it reverted; returns how many entries were voided."""
    live = and_(ACTIVITY.c.batch == batch_id, ACTIVITY.c.voided.is_(False))
    stamp = now()
    voided = conn.execute(ACTIVITY.update().where(live)
                          .values(voided=True, void_reason=void_reason, voided_at=stamp)).rowcount
    conn.execute(BATCH.update().where(BATCH.c.id == batch_id).values(reverted_at=stamp, revert_reason=reason))
    return voided
