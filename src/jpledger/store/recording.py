"""What recording an activity writes, in plain SQL on either back end (store/sql.py): the activity rows, the
evidence files they show, and the lookups that go with them. activities.py and evidence.py re-export these."""

from __future__ import annotations

from typing import Iterable

from jpledger.store import sql
from jpledger.store.trail import now

# What the activity table's columns hold when an insert names none (tables.py's defaults; tests/test_quick_write.py
# compares): a new entry is live and unverified.
ACTIVITY_DEFAULTS = {"international": False, "day_capped_cents": 0, "voided": False, "mandiri": False,
                     "jp_as_given": False, "verification": "unverified"}


def insert_activities(conn, rows: list[dict]) -> list[int]:
    """Insert prepared activity rows (core.entries.Entry as dicts); return their ids in order."""
    stamp = now()
    ids = []
    for row in rows:
        row = ACTIVITY_DEFAULTS | {"created_at": stamp} | row
        names = ", ".join(f'"{name}"' for name in row)
        # One row a statement: the ids come back in the rows' order on every back end (a command adds a few).
        ids.append(sql.first(conn, f"INSERT INTO activity ({names}) VALUES ({', '.join(':' + n for n in row)}) "
                                   "RETURNING id", **row)["id"])
    return ids


def nips_with_entries(conn, nips: Iterable[str]) -> set[str]:
    """Which of `nips` have at least one live activity, looked up through the index by person."""
    found: set[str] = set()
    for chunk in sql.chunks(sorted(set(nips))):
        found.update(nip for (nip,) in sql.tuples(
            conn, "SELECT DISTINCT nip FROM activity WHERE nip IN :nips AND voided = FALSE", nips=chunk))
    return found


# --- evidence files -----------------------------------------------------------------------------------------------

# Bytes of blobs sent to the database in one statement: few large files or many small ones.
_BATCH_BYTES = 64 << 20


def stored_among(conn, hashes: Iterable[str]) -> set[str]:
    """Which of `hashes` the ledger keeps already."""
    found: set[str] = set()
    for chunk in sql.chunks(sorted(set(hashes))):
        found.update(sha for (sha,) in sql.tuples(conn, "SELECT sha256 FROM evidence WHERE sha256 IN :hashes",
                                                  hashes=chunk))
    return found


def store_blobs(conn, blobs: Iterable[tuple[str, bytes]]) -> None:
    """Keep each (sha256, data) not kept yet, sent in batches of bounded size. A file kept already is left alone
    (ON CONFLICT DO NOTHING): two imports of the same certificate may meet."""
    stamp = now()
    batch: list[dict] = []
    size = 0
    for sha, data in blobs:
        batch.append({"sha256": sha, "size": len(data), "data": data, "created_at": stamp})
        size += len(data)
        if size >= _BATCH_BYTES:
            _flush(conn, batch)
            batch, size = [], 0
    _flush(conn, batch)


def _flush(conn, batch: list[dict]) -> None:
    sql.execute_many(conn, "INSERT INTO evidence (sha256, size, data, created_at) "
                           "VALUES (:sha256, :size, :data, :created_at) ON CONFLICT DO NOTHING", batch)


def link(conn, links: Iterable[tuple[int, str, str]]) -> None:
    """Show file `sha256` on activity `id` under `name`, for each (id, sha256, name) not shown there yet: one
    already shown keeps the name it was first shown under (ON CONFLICT DO NOTHING)."""
    rows = [{"activity_id": activity_id, "sha256": sha, "name": name} for activity_id, sha, name in links]
    for chunk in sql.chunks(rows, 5000):
        sql.execute_many(conn, "INSERT INTO activity_evidence (activity_id, sha256, name) "
                               "VALUES (:activity_id, :sha256, :name) ON CONFLICT DO NOTHING", chunk)


def linked_among(conn, ids: Iterable[int]) -> set[tuple[int, str]]:
    """(activity id, sha256) of the files the activities `ids` show."""
    found: set[tuple[int, str]] = set()
    for chunk in sql.chunks(sorted(set(ids))):
        found.update(sql.tuples(conn, "SELECT activity_id, sha256 FROM activity_evidence WHERE activity_id IN :ids",
                                ids=chunk))
    return found
