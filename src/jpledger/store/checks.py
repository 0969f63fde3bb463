"""`jpledger check`: what can be wrong inside a ledger file, each problem with a stable code.

The checks read only; they run on a ledger opened without upgrading it, so that an old, newer or damaged
schema is reported instead of refused. Each group of checks that cannot read its tables says so and the
others still run.
"""

from __future__ import annotations

from datetime import date
from typing import Callable

from sqlalchemy import String, and_, cast, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DatabaseError

from jpledger.codes import CHECKS
from jpledger.errors import JPLedgerError
from jpledger.store import models
from jpledger.store.tables import ACTIVITY, BATCH, POLICY, STAFF

# Stable codes: scripts may match on them. What each one means, for the README and for `check --help`.
CHECK_CODES = {
    "INTEGRITY": "the file itself is damaged (SQLite integrity check); restore a backup",
    "FOREIGN_KEY": "a row refers to a row that is not there (SQLite foreign key check)",
    "SCHEMA_VERSION": "the schema version is missing, unreadable, older (upgraded by the next command) or newer",
    "UNREADABLE": "a table could not be read at all",
    "NO_POLICY": "no policy version is stored, so nothing can be credited",
    "POLICY_INVALID": "a stored policy version does not pass `policy check`",
    "BAD_NIP": "a person's NIP is not a valid NIP for their status",
    "BAD_STATUS": "a person's status is not PNS, CPNS or PPPK",
    "BAD_DATE": "a stored date is not a date",
    "LEFT_BEFORE_JOINED": "a person left before they joined",
    "IMPOSSIBLE_ACTIVITY": "an activity ends before it starts, or has negative JP or quantity",
    "ORPHAN_ACTIVITY": "an activity's person, batch or policy version is not in the ledger",
    "UNKNOWN_KIND": "an activity's kind is not in the policy version that credited it",
    "WRONG_YEAR": "an activity counts in a year that is neither its start's nor its end's",
    "VOID_WITHOUT_REASON": "a voided activity has no reason",
}
Add = Callable[[str, str, str], None]


def run_checks(ledger) -> list[dict]:
    problems: list[dict] = []

    def add(code: str, where: str, message: str) -> None:
        assert code in CHECK_CODES or code in CHECKS, code
        problems.append({"code": code, "where": where, "message": message})

    with ledger.read() as conn:
        if ledger.is_sqlite and not _file_checks(conn, add):
            return problems
        if not _schema_check(conn, add):
            return problems
        for group in (_policy_checks, _staff_checks, _activity_checks, _evidence_checks):
            try:
                group(conn, add)
            except DatabaseError as exc:
                reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
                add("UNREADABLE", group.__name__.strip("_").replace("_checks", ""), reason)
    return problems


# --- SQLite-only: the file-level checks ---------------------------------------------------------------

def _file_checks(conn: Connection, add: Add) -> bool:
    """PRAGMA integrity_check and foreign_key_check; False when the file cannot be read any further."""
    try:
        result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
    except DatabaseError as exc:
        add("INTEGRITY", "file", str(getattr(exc, "orig", None) or exc).splitlines()[0])
        return False
    if result != ["ok"]:
        for line in result[:20]:
            add("INTEGRITY", "file", " ".join(str(line).split()))
    try:
        for table, rowid, parent, _ in conn.exec_driver_sql("PRAGMA foreign_key_check"):
            add("FOREIGN_KEY", f"{table} row {rowid}", f"refers to a missing {parent} row")
    except DatabaseError as exc:
        add("INTEGRITY", "file", str(getattr(exc, "orig", None) or exc).splitlines()[0])
        return False
    return True

# --- end of the SQLite-only part ----------------------------------------------------------------------


def _schema_check(conn: Connection, add: Add) -> bool:
    """The stored schema version against this jpledger's; False when the rest cannot be checked."""
    from jpledger.store.db import read_schema_version

    current = models.SCHEMA_VERSION
    try:
        raw = read_schema_version(conn)
    except DatabaseError as exc:
        add("SCHEMA_VERSION", "meta", f"cannot read the schema version: {str(exc.orig).splitlines()[0]}")
        return False
    if raw is None:
        add("SCHEMA_VERSION", "meta", "no schema version: not a jpledger ledger, or its meta table was emptied")
        return True
    try:
        version = int(raw)
    except ValueError:
        add("SCHEMA_VERSION", "meta", f"schema version '{raw}' is not a number")
        return True
    if version > current:
        add("SCHEMA_VERSION", "meta", f"schema {version} is newer than this jpledger knows ({current}); "
                                      "upgrade jpledger to check the rest")
        return False
    if version < current:
        add("SCHEMA_VERSION", "meta", f"schema {version} is older than {current}; the next command upgrades it "
                                      "(after a backup copy)")
    return True


def _policy_checks(conn: Connection, add: Add) -> None:
    from jpledger.core.policy import parse_policy

    versions = conn.execute(select(POLICY.c.id, POLICY.c.text).order_by(POLICY.c.id)).all()
    if not versions:
        add("NO_POLICY", "policy_version", "no policy version is stored; `jpledger policy use FILE` stores one")
    for pid, text in versions:
        try:
            parse_policy(text, f"policy version {pid}")
        except JPLedgerError as exc:
            add("POLICY_INVALID", f"policy version {pid}", str(exc))


def _staff_checks(conn: Connection, add: Add) -> None:
    from jpledger.core.nip import validate_nip

    rows = conn.execute(select(STAFF.c.nip, STAFF.c.status, cast(STAFF.c.joined, String),
                               cast(STAFF.c.left, String)))
    for nip, status, joined_text, left_text in rows:
        where = f"staff {nip}"
        if status not in ("PNS", "CPNS", "PPPK"):
            add("BAD_STATUS", where, f"status {status!r} is not PNS, CPNS or PPPK")
        try:
            validate_nip(nip, status if status in ("PNS", "CPNS", "PPPK") else None)
        except JPLedgerError as exc:
            add("BAD_NIP", where, str(exc))
        joined = _date(joined_text, where, "joined", add)
        left = _date(left_text, where, "left", add)
        if joined and left and left < joined:
            add("LEFT_BEFORE_JOINED", where, f"left {left} before joining {joined}")


def _date(text: str | None, where: str, field: str, add: Add) -> date | None:
    # Read as text: a malformed date would stop the typed read of the whole table.
    if text is None:
        return None
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        add("BAD_DATE", where, f"{field} {text!r} is not a date")
        return None


def _activity_checks(conn: Connection, add: Add) -> None:
    from jpledger.core.policy import read_policy

    kinds: dict[int, set[str]] = {}
    for pid, text in conn.execute(select(POLICY.c.id, POLICY.c.text)):
        try:
            kinds[pid] = set(read_policy(text, f"policy version {pid}").kinds)
        except JPLedgerError:
            pass  # reported as POLICY_INVALID
    rows = conn.execute(select(ACTIVITY.c.id, ACTIVITY.c.kind, ACTIVITY.c.year, cast(ACTIVITY.c.start, String),
                               cast(ACTIVITY.c.end, String), ACTIVITY.c.jp_cents, ACTIVITY.c.units_cents,
                               ACTIVITY.c.policy_version, ACTIVITY.c.voided, ACTIVITY.c.void_reason))
    for aid, kind, year, start_text, end_text, jp_cents, units_cents, policy, voided, reason in rows:
        where = f"activity {aid}"
        start = _date(start_text, where, "start", add)
        end = _date(end_text, where, "end", add)
        if (start and end and end < start) or jp_cents < 0 or units_cents < 0:
            add("IMPOSSIBLE_ACTIVITY", where, f"{start_text}..{end_text}, {jp_cents / 100} JP, "
                                              f"{units_cents / 100} units")
        if start and end and year not in (start.year, end.year):
            add("WRONG_YEAR", where, f"year {year} is neither the start's nor the end's")
        if policy in kinds and kind not in kinds[policy]:
            add("UNKNOWN_KIND", where, f"kind {kind!r} is not in policy version {policy}, which credited it")
        if voided and not (reason or "").strip():
            add("VOID_WITHOUT_REASON", where, "voided without a reason")

    # The same questions as the foreign key check, asked in SQL every back end answers.
    orphans = (select(ACTIVITY.c.id, ACTIVITY.c.nip).outerjoin(STAFF, STAFF.c.nip == ACTIVITY.c.nip)
               .where(STAFF.c.nip.is_(None)))
    for aid, nip in conn.execute(orphans):
        add("ORPHAN_ACTIVITY", f"activity {aid}", f"person {nip} is not in the ledger")
    no_batch = (select(ACTIVITY.c.id, ACTIVITY.c.batch).outerjoin(BATCH, BATCH.c.id == ACTIVITY.c.batch)
                .where(and_(ACTIVITY.c.batch.is_not(None), BATCH.c.id.is_(None))))
    for aid, batch in conn.execute(no_batch):
        add("ORPHAN_ACTIVITY", f"activity {aid}", f"batch {batch} is not in the ledger")
    no_policy = (select(ACTIVITY.c.id, ACTIVITY.c.policy_version)
                 .outerjoin(POLICY, POLICY.c.id == ACTIVITY.c.policy_version)
                 .where(POLICY.c.id.is_(None)))
    for aid, policy in conn.execute(no_policy):
        add("ORPHAN_ACTIVITY", f"activity {aid}", f"policy version {policy} is not in the ledger")


def _evidence_checks(conn: Connection, add: Add) -> None:
    """Every stored evidence file against its SHA-256: a flipped byte in a certificate is found here."""
    from sqlalchemy import inspect

    from jpledger.codes import message
    from jpledger.store.evidence import damaged_blobs, shown_by

    if not inspect(conn).has_table("evidence"):  # a ledger older than schema 4: the upgrade adds it
        return
    for sha, size, found, _ in damaged_blobs(conn):
        shown = ", ".join(f"activity {activity_id} ({name})" for activity_id, name in shown_by(conn, sha)) or "-"
        add("EVIDENCE_CORRUPT", f"evidence {sha[:12]}",
            message("EVIDENCE_CORRUPT", {"sha256": sha, "size": size, "found": found, "shown": shown}))
