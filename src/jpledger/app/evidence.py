"""Verifying and rejecting entries, and handing an entry's evidence files back out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jpledger.app.runtime import Runtime
from jpledger.errors import LedgerError, UsageError


@dataclass
class Verified:
    verified: list[int]  # entries this command verified
    already: list[int]  # entries that were verified before


def verify(rt: Runtime, ids: list[int], batch: int | None, note: str | None) -> Verified:
    """Mark the entries `ids` and the live entries of `batch` verified by the actor, now."""
    from jpledger.codes import Phrase
    from jpledger.store.activities import get_activity
    from jpledger.store.batches import get_batch
    from jpledger.store.db import actor, trail
    from jpledger.store.evidence import set_verified
    from jpledger.store.reads import list_activities

    if not ids and batch is None:
        raise UsageError("VERIFY_WHAT")
    with rt.write().write() as conn:
        rows = {}
        for activity_id in ids:
            row = get_activity(conn, activity_id)
            if row["voided"]:
                raise UsageError("VERIFY_VOIDED", id=activity_id, reason=row["void_reason"])
            rows[activity_id] = row
        if batch is not None:
            get_batch(conn, batch)
            for row in list_activities(conn, batch=batch):  # the batch's live entries, in one query
                rows.setdefault(row["id"], row)
        todo = [r for r in rows.values() if r["verification"] != "verified"]
        already = sorted(r["id"] for r in rows.values() if r["verification"] == "verified")
        if not todo:
            return Verified([], already)
        _refuse_closed(conn, todo, lambda row: Phrase("WHAT_VERIFY", id=row["id"]))
        done = sorted(r["id"] for r in todo)
        set_verified(conn, done, actor(), note)
        trail(conn, "activity verify", {"ids": done, "batch": batch, "note": note,
                                        "reversed": sorted(r["id"] for r in todo if r["verification"] == "rejected")})
    return Verified(done, already)


def reject(rt: Runtime, activity_id: int, reason: str) -> dict:
    """Mark an entry rejected by the actor, now, with the reason; returns the entry as it was."""
    from jpledger.codes import Phrase
    from jpledger.store.activities import get_activity
    from jpledger.store.db import actor, trail
    from jpledger.store.evidence import set_rejected

    with rt.write().write() as conn:
        row = get_activity(conn, activity_id)
        if row["voided"]:
            raise UsageError("VERIFY_VOIDED", id=activity_id, reason=row["void_reason"])
        if row["verification"] == "rejected":
            raise UsageError("ALREADY_REJECTED", id=activity_id, reason=row["reject_reason"])
        _refuse_closed(conn, [row], lambda r: Phrase("WHAT_REJECT", id=r["id"]))
        set_rejected(conn, activity_id, actor(), reason)
        trail(conn, "activity reject", {"id": activity_id, "nip": row["nip"], "reason": reason,
                                        "was": row["verification"]})
    return row


def _refuse_closed(conn, rows: list[dict], what) -> None:
    """A closed year's entries keep their verification as it was reported (exit 3), naming the first one."""
    from jpledger.store.years import locked_years, refuse_locked

    locks = locked_years(conn)
    hit = sorted((r for r in rows if r["year"] in locks), key=lambda r: (r["year"], r["id"]))
    if hit:
        refuse_locked(conn, [hit[0]["year"]], what(hit[0]))


@dataclass
class WrittenFile:
    name: str
    size: int
    sha256: str
    file: Path


def write_out(rt: Runtime, activity_id: int, folder: Path, force: bool) -> list[WrittenFile]:
    """Write an entry's evidence files into `folder`, byte for byte as they were kept; nothing is written when any
    file is already there (without `force`) or a stored file no longer matches its SHA-256."""
    from jpledger.evidencefile import digest, out_names, write_new
    from jpledger.store.activities import get_activity
    from jpledger.store.evidence import blobs_of

    with rt.read().read() as conn:
        get_activity(conn, activity_id)
        blobs = blobs_of(conn, activity_id)
    if not blobs:
        raise UsageError("NO_EVIDENCE_FILES", id=activity_id)
    for name, sha, data in blobs:
        if digest(data) != sha:
            raise LedgerError("EVIDENCE_DAMAGED_OUT", name=name, id=activity_id)
    if not folder.exists():
        raise UsageError("FOLDER_MISSING", folder=folder)
    if not folder.is_dir():
        raise UsageError("OUT_NOT_A_FOLDER", folder=folder)
    targets = [folder / name for name in out_names([name for name, _, _ in blobs])]
    if not force:
        for target in targets:
            if target.exists() or target.is_symlink():
                raise UsageError("FILE_EXISTS_FORCE", file=target)
    written = []
    for target, (_, sha, data) in zip(targets, blobs):
        try:
            write_new(target, data, replace=force)
        except FileExistsError:
            raise UsageError("FILE_EXISTS_FORCE", file=target) from None
        written.append(WrittenFile(target.name, len(data), sha, target))
    return written
