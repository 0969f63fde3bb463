"""Why an entry is believed: the evidence files kept in the ledger, and each entry's verification.

A file's bytes are stored once, by SHA-256, however many entries show it (`evidence`); `activity_evidence` says
which entries show which files, under the names they arrived with. Verification is a state of the entry itself
(`unverified`, `verified`, `rejected`) with who, when and why.
"""

from __future__ import annotations

import hashlib
from typing import Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.engine import Connection

from jpledger.store.db import now
from jpledger.store.reads import evidence_of  # noqa: F401 (plain SQL, for the quick read)
from jpledger.store.tables import ACTIVITY, ACTIVITY_EVIDENCE, EVIDENCE, chunks

# Bytes of blobs sent to the database in one statement: few large files or many small ones.
_BATCH_BYTES = 64 << 20


def _insert_new(conn: Connection, table):
    """INSERT that leaves a row already there alone: two imports of the same certificate may meet."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table).on_conflict_do_nothing()


def stored_among(conn: Connection, hashes: Iterable[str]) -> set[str]:
    """Which of `hashes` the ledger keeps already."""
    found: set[str] = set()
    for chunk in chunks(sorted(set(hashes))):
        found.update(r[0] for r in conn.execute(select(EVIDENCE.c.sha256).where(EVIDENCE.c.sha256.in_(chunk))))
    return found


def store_blobs(conn: Connection, blobs: Iterable[tuple[str, bytes]]) -> int:
    """Keep each (sha256, data) not kept yet; returns how many were new. Sent in batches of bounded size."""
    stamp = now()
    added = 0
    batch: list[dict] = []
    size = 0
    for sha, data in blobs:
        batch.append({"sha256": sha, "size": len(data), "data": data, "created_at": stamp})
        size += len(data)
        if size >= _BATCH_BYTES:
            added += _flush(conn, batch)
            batch, size = [], 0
    return added + _flush(conn, batch)


def _flush(conn: Connection, batch: list[dict]) -> int:
    if not batch:
        return 0
    before = len(stored_among(conn, (b["sha256"] for b in batch)))
    conn.execute(_insert_new(conn, EVIDENCE), batch)
    return len({b["sha256"] for b in batch}) - before


def link(conn: Connection, links: Iterable[tuple[int, str, str]]) -> int:
    """Show file `sha256` on activity `id` under `name`, for each (id, sha256, name) not shown there yet."""
    rows, seen = [], set()
    for activity_id, sha, name in links:
        if (activity_id, sha) not in seen:
            seen.add((activity_id, sha))
            rows.append({"activity_id": activity_id, "sha256": sha, "name": name})
    if not rows:
        return 0
    existing = linked_among(conn, {r["activity_id"] for r in rows})
    rows = [r for r in rows if (r["activity_id"], r["sha256"]) not in existing]
    for chunk in chunks(rows, 5000):
        conn.execute(_insert_new(conn, ACTIVITY_EVIDENCE), chunk)
    return len(rows)


def linked_among(conn: Connection, ids: Iterable[int]) -> set[tuple[int, str]]:
    """(activity id, sha256) of the files the activities `ids` show."""
    found: set[tuple[int, str]] = set()
    for chunk in chunks(sorted(set(ids))):
        found.update(tuple(r) for r in conn.execute(
            select(ACTIVITY_EVIDENCE.c.activity_id, ACTIVITY_EVIDENCE.c.sha256)
            .where(ACTIVITY_EVIDENCE.c.activity_id.in_(chunk))))
    return found


def blobs_of(conn: Connection, activity_id: int) -> list[tuple[str, str, bytes]]:
    """(name, sha256, data) of every file an activity shows."""
    rows = conn.execute(select(ACTIVITY_EVIDENCE.c.name, EVIDENCE.c.sha256, EVIDENCE.c.data)
                        .join(EVIDENCE, EVIDENCE.c.sha256 == ACTIVITY_EVIDENCE.c.sha256)
                        .where(ACTIVITY_EVIDENCE.c.activity_id == activity_id)
                        .order_by(ACTIVITY_EVIDENCE.c.name, EVIDENCE.c.sha256))
    return [(name, sha, bytes(data)) for name, sha, data in rows]


def damaged_blobs(conn: Connection) -> Iterator[tuple[str, int, int, str]]:
    """(sha256 it is kept under, size recorded, size found, sha256 found) of every stored file whose bytes no
    longer hash to its key; read one file at a time, however many there are."""
    keys = [r[0] for r in conn.execute(select(EVIDENCE.c.sha256).order_by(EVIDENCE.c.sha256))]
    for sha in keys:
        row = conn.execute(select(EVIDENCE.c.size, EVIDENCE.c.data).where(EVIDENCE.c.sha256 == sha)).first()
        if row is None:
            continue
        data = bytes(row.data)
        found = hashlib.sha256(data).hexdigest()
        if found != sha or len(data) != row.size:
            yield sha, row.size, len(data), found


def shown_by(conn: Connection, sha: str) -> list[tuple[int, str]]:
    """(activity id, name) of the entries that show a stored file."""
    return [tuple(r) for r in conn.execute(select(ACTIVITY_EVIDENCE.c.activity_id, ACTIVITY_EVIDENCE.c.name)
                                           .where(ACTIVITY_EVIDENCE.c.sha256 == sha)
                                           .order_by(ACTIVITY_EVIDENCE.c.activity_id))]


def blob_digests(conn: Connection) -> dict[str, str]:
    """{sha256 key: SHA-256 of the bytes as stored}, one file at a time: what migrate-to compares."""
    keys = [r[0] for r in conn.execute(select(EVIDENCE.c.sha256).order_by(EVIDENCE.c.sha256))]
    out = {}
    for sha in keys:
        data = conn.execute(select(EVIDENCE.c.data).where(EVIDENCE.c.sha256 == sha)).scalar()
        out[sha] = hashlib.sha256(bytes(data)).hexdigest()
    return out


# --- verification ------------------------------------------------------------------------------------------------

def set_verified(conn: Connection, ids: list[int], who: str, note: str | None) -> None:
    """Mark entries verified by `who`, now; a reversed rejection loses its reason (the trail keeps it)."""
    stamp = now()
    for chunk in chunks(sorted(ids)):
        conn.execute(ACTIVITY.update().where(ACTIVITY.c.id.in_(chunk)).values(
            verification="verified", verified_by=who, verified_at=stamp, verify_note=note, reject_reason=None))


def set_rejected(conn: Connection, activity_id: int, who: str, reason: str) -> None:
    conn.execute(ACTIVITY.update().where(ACTIVITY.c.id == activity_id).values(
        verification="rejected", verified_by=who, verified_at=now(), reject_reason=reason, verify_note=None))


