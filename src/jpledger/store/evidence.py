"""Why an entry is believed: the evidence files kept in the ledger, and each entry's verification.

A file's bytes are stored once, by SHA-256, however many entries show it (`evidence`); `activity_evidence` says
which entries show which files, under the names they arrived with. Verification is a state of the entry itself
(`unverified`, `verified`, `rejected`) with who, when and why.
"""

from __future__ import annotations

import hashlib
from typing import Iterator

from sqlalchemy import select
from sqlalchemy.engine import Connection

from jpledger.store.db import now
from jpledger.store.recording import link, linked_among, store_blobs, stored_among  # noqa: F401 (plain SQL)
from jpledger.store.tables import ACTIVITY, ACTIVITY_EVIDENCE, EVIDENCE, chunks


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


