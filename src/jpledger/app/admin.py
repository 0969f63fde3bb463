"""Looking after the ledger itself: creating it, its trail, a backup copy, its checks, and moving it to PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from jpledger.app.runtime import Runtime
from jpledger.errors import UsageError


def init(rt: Runtime) -> str:
    """Create the ledger if it does not exist yet; returns where it is."""
    return rt.write().display


def log(rt: Runtime, limit: int | None) -> list[dict]:
    """The newest trail entries first, each detail read back from its JSON."""
    from sqlalchemy import select

    from jpledger.store.tables import TRAIL

    query = select(TRAIL).order_by(TRAIL.c.id.desc())
    if limit:
        query = query.limit(limit)
    with rt.read().read() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
    for row in rows:
        try:
            row["detail"] = json.loads(row["detail"])
        except ValueError:
            pass
    return rows


def backup(rt: Runtime, file: Path, force: bool) -> str:
    """A consistent copy of a SQLite ledger while others may be writing; returns the ledger's display name."""
    from jpledger.store.db import backup_sqlite, trail

    ledger = rt.read()
    if not ledger.is_sqlite:
        raise UsageError("BACKUP_NEEDS_SQLITE")
    if file.is_dir():
        raise UsageError("BACKUP_IS_FOLDER", file=file, example=file / "jpledger-backup.db")
    live = Path(ledger.location).resolve()
    if file.resolve() in (live, live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm")):
        # --force would delete the ledger under its own open connection: writes after that are lost.
        raise UsageError("BACKUP_IS_LEDGER", file=file)
    if file.exists() and not force:
        raise UsageError("FILE_EXISTS_FORCE", file=file)
    with ledger.write() as conn:
        # Copied while this transaction holds the write lock: the copy is exactly the ledger the trail entry
        # speaks of, and a copy that fails leaves no entry.
        backup_sqlite(ledger, file, replace=force)
        trail(conn, "backup", {"file": str(file)})
    return ledger.display


def check(rt: Runtime) -> list[dict]:
    """What `check` finds in the ledger: [{code, where, message}], empty when it is clean."""
    from jpledger.store.checks import run_checks

    return run_checks(rt.unprepared(), rt.today)


def migrate_to(rt: Runtime, url: str) -> dict[str, int]:
    """Copy this ledger into an empty one at `url` and verify the copy; returns the rows copied per table."""
    from jpledger.store.copy import copy_ledger
    from jpledger.store.db import open_ledger

    if "://" not in url:
        raise UsageError("NOT_A_URL", url=url)
    source = rt.read()
    _refuse_rule_breaks(source, rt.today)
    target = open_ledger(url, create=True, command=rt.command)
    if target.location == source.location:
        raise UsageError("MIGRATE_TO_ITSELF")
    return copy_ledger(source, target)


def _refuse_rule_breaks(source, today) -> None:
    """migrate-to copies a ledger only when every row keeps the rules every way in applies (exit 3 otherwise)."""
    from jpledger.errors import InputRejected
    from jpledger.store.checks import rule_breaks

    with source.read() as conn:
        found = rule_breaks(conn, today)
    if found:
        raise InputRejected("MIGRATE_RULES_REFUSE", count=len(found),
                            problems=[f"{where}: {text} ({code})" for code, where, text in found])
