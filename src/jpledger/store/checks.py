"""`jpledger check`: what can be wrong inside a ledger file, each problem with a stable code.

The checks read only; they run on a ledger opened without upgrading it, so that an old, newer or damaged
schema is reported instead of refused. Each group of checks that cannot read its tables says so and the
others still run.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Callable

from sqlalchemy import String, and_, cast, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DatabaseError, OperationalError

from jpledger.codes import CHECKS, message
from jpledger.errors import JPLedgerError
from jpledger.store import models
from jpledger.store.schema import missing_parts, read_schema_version
from jpledger.store.tables import ACTIVITY, BATCH, HISTORY, POLICY, STAFF
from jpledger.store.transactions import first_line

# Stable codes: scripts may match on them. What each one means (for the README and `check --help`) is in the one
# registry of codes.
CHECK_CODES = {code: kind.meaning for code, kind in CHECKS.items()}
Add = Callable[[str, str, str], None]


def run_checks(ledger, today: date | None = None) -> list[dict]:
    problems: list[dict] = []

    def add(code: str, where: str, text: str) -> None:
        assert code in CHECK_CODES, code
        problems.append({"code": code, "where": where, "message": text})

    if ledger.is_sqlite:
        damage = _unopenable(ledger)
        if damage:
            add("INTEGRITY", "file", damage)
            return problems
    with ledger.read() as conn:
        if ledger.is_sqlite and not _file_checks(conn, add):
            return problems
        go_on, version = _schema_check(conn, add)
        if not go_on:
            return problems
        if version in (None, models.SCHEMA_VERSION):
            # An older schema lacks what its upgrade adds; only the current one (or an unknown one) is judged whole.
            for table, column in missing_parts(conn):
                params = {"table": table, "column": column, "version": models.SCHEMA_VERSION}
                add("SCHEMA_INCOMPLETE", "schema",
                    message("SCHEMA_INCOMPLETE_COLUMN" if column else "SCHEMA_INCOMPLETE", params))
        for group in (_policy_checks, _staff_checks, _activity_checks, _contract_checks, _evidence_checks,
                      _rule_checks):
            try:
                group(conn, add) if group is not _rule_checks else group(conn, add, today or date.today())
            except DatabaseError as exc:
                add("UNREADABLE", group.__name__.strip("_").replace("_checks", ""), first_line(exc))
    return problems


# --- SQLite-only: the file-level checks ---------------------------------------------------------------

def _unopenable(ledger) -> str | None:
    """The driver's complaint when the file does not open as a database at all (truncated, overwritten), else None.

    Every other command answers such a file with "run `jpledger check`": check must say what it found instead.
    A file that cannot be opened for other reasons (permissions, a busy lock) is left to the usual error.
    """
    try:
        with ledger.engine.connect() as conn:
            conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
    except OperationalError:
        return None
    except DatabaseError as exc:
        return first_line(exc)
    return None


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
            add("FOREIGN_KEY", f"{table} row {rowid}", message("CHECK_FOREIGN_KEY", {"parent": parent}))
    except DatabaseError as exc:
        add("INTEGRITY", "file", str(getattr(exc, "orig", None) or exc).splitlines()[0])
        return False
    return True

# --- end of the SQLite-only part ----------------------------------------------------------------------


def _schema_check(conn: Connection, add: Add) -> tuple[bool, int | None]:
    """The stored schema version against this jpledger's: (whether the rest can be checked, the version if read)."""
    current = models.SCHEMA_VERSION
    try:
        raw = read_schema_version(conn)
    except DatabaseError as exc:
        add("SCHEMA_VERSION", "meta", message("CHECK_SCHEMA_UNREADABLE", {"problem": first_line(exc)}))
        return False, None
    if raw is None:
        add("SCHEMA_VERSION", "meta", message("CHECK_SCHEMA_NONE", {}))
        return True, None
    try:
        version = int(raw)
    except ValueError:
        add("SCHEMA_VERSION", "meta", message("CHECK_SCHEMA_NOT_NUMBER", {"raw": raw}))
        return True, -1
    if version > current:
        add("SCHEMA_VERSION", "meta", message("CHECK_SCHEMA_NEWER", {"version": version, "current": current}))
        return False, version
    if version < current:
        add("SCHEMA_VERSION", "meta", message("CHECK_SCHEMA_OLDER", {"version": version, "current": current}))
    return True, version


def _policy_checks(conn: Connection, add: Add) -> None:
    from sqlalchemy import inspect, null

    from jpledger.core.policy import parse_policy

    # A ledger older than schema 5 has no JSON beside its policies yet (its upgrade adds it): only the texts.
    kept = "data" in {c["name"] for c in inspect(conn).get_columns("policy_version")}
    versions = conn.execute(select(POLICY.c.id, POLICY.c.text, POLICY.c.data if kept else null())
                            .order_by(POLICY.c.id)).all()
    if not versions:
        add("NO_POLICY", "policy_version", message("CHECK_NO_POLICY", {}))
    for pid, text, data in versions:
        try:
            parse_policy(text, f"policy version {pid}")
        except JPLedgerError as exc:
            add("POLICY_INVALID", f"policy version {pid}", str(exc))
        if data is not None and _data_differs(text, data):
            add("POLICY_DATA", f"policy version {pid}", message("CHECK_POLICY_DATA", {}))


def _data_differs(text: str, data: str) -> bool:
    """Whether the commands read a policy version other than its text says: they read the JSON kept beside the text
    (core/policy/text.py policy_data) while it names that very text and builds a policy."""
    from jpledger.core.policy.text import policy_from_data, read_policy

    try:
        used = policy_from_data(text, data)
    except Exception:  # noqa: BLE001 - then the commands read the text itself
        return False
    if used is None:
        return False
    try:
        return used != read_policy(text)
    except JPLedgerError:
        return True


def _staff_checks(conn: Connection, add: Add) -> None:
    from jpledger.core.nip import validate_nip

    rows = conn.execute(select(STAFF.c.nip, STAFF.c.status, cast(STAFF.c.joined, String),
                               cast(STAFF.c.left, String)))
    for nip, status, joined_text, left_text in rows:
        where = f"staff {nip}"
        if status not in ("PNS", "CPNS", "PPPK"):
            add("BAD_STATUS", where, message("CHECK_BAD_STATUS", {"status": status}))
        try:
            validate_nip(nip, status if status in ("PNS", "CPNS", "PPPK") else None)
        except JPLedgerError as exc:
            add("BAD_NIP", where, str(exc))
        joined = _date(joined_text, where, "joined", add)
        left = _date(left_text, where, "left", add)
        if joined and left and left < joined:
            add("LEFT_BEFORE_JOINED", where, message("CHECK_LEFT_BEFORE_JOINED", {"left": left, "joined": joined}))


def _date(text: str | None, where: str, field: str, add: Add) -> date | None:
    # Read as text: a malformed date would stop the typed read of the whole table.
    if text is None:
        return None
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        add("BAD_DATE", where, message("CHECK_BAD_DATE", {"field": field, "text": text}))
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
            add("IMPOSSIBLE_ACTIVITY", where, message("CHECK_IMPOSSIBLE_ACTIVITY", {
                "start": start_text, "end": end_text, "jp": jp_cents / 100, "units": units_cents / 100}))
        if start and end and year not in (start.year, end.year):
            add("WRONG_YEAR", where, message("CHECK_WRONG_YEAR", {"year": year}))
        if policy in kinds and kind not in kinds[policy]:
            add("UNKNOWN_KIND", where, message("CHECK_UNKNOWN_KIND", {"kind": kind, "policy": policy}))
        if voided and not (reason or "").strip():
            add("VOID_WITHOUT_REASON", where, message("CHECK_VOID_WITHOUT_REASON", {}))

    # The same questions as the foreign key check, asked in SQL every back end answers.
    orphans = (select(ACTIVITY.c.id, ACTIVITY.c.nip).outerjoin(STAFF, STAFF.c.nip == ACTIVITY.c.nip)
               .where(STAFF.c.nip.is_(None)))
    for aid, nip in conn.execute(orphans):
        add("ORPHAN_ACTIVITY", f"activity {aid}", message("CHECK_ORPHAN_PERSON", {"nip": nip}))
    no_batch = (select(ACTIVITY.c.id, ACTIVITY.c.batch).outerjoin(BATCH, BATCH.c.id == ACTIVITY.c.batch)
                .where(and_(ACTIVITY.c.batch.is_not(None), BATCH.c.id.is_(None))))
    for aid, batch in conn.execute(no_batch):
        add("ORPHAN_ACTIVITY", f"activity {aid}", message("CHECK_ORPHAN_BATCH", {"batch": batch}))
    no_policy = (select(ACTIVITY.c.id, ACTIVITY.c.policy_version)
                 .outerjoin(POLICY, POLICY.c.id == ACTIVITY.c.policy_version)
                 .where(POLICY.c.id.is_(None)))
    for aid, policy in conn.execute(no_policy):
        add("ORPHAN_ACTIVITY", f"activity {aid}", message("CHECK_ORPHAN_POLICY", {"policy": policy}))


def _contract_checks(conn: Connection, add: Add) -> None:
    from sqlalchemy import inspect

    from jpledger.codes import message
    from jpledger.store.contracts import overlaps

    if not inspect(conn).has_table("contract"):
        return  # a ledger from before schema 4 keeps no contracts yet: the next command adds the table
    for nip, earlier, later in overlaps(conn):
        add("CONTRACT_OVERLAP", f"staff {nip}", message("CONTRACT_OVERLAP", {
            "start": earlier[0], "end": earlier[1], "other_start": later[0], "other_end": later[1]}))


# --- the field rules of every way in ----------------------------------------------------------------------------

def _rule_checks(conn: Connection, add: Add, today: date) -> None:
    for code, where, text in rule_breaks(conn, today):
        add(code, where, text)


def _rank_rule(rank: str | None, status: str) -> None:
    from jpledger.core import people

    if rank:
        people.rank_for(rank, status)


def rule_breaks(conn: Connection, today: date) -> list[tuple[str, str, str]]:
    """(code, where, message) for each stored row that the shared field rules (core/people.py) would refuse today,
    as `staff add|update` and `record` refuse it: what an older jpledger, or another way in, let through."""
    from jpledger.core import people
    from jpledger.core.policy import read_policy

    found: list[tuple[str, str, str]] = []
    statuses: dict[str, str] = {}
    # Dates read as text: a malformed one (BAD_DATE says so) must not stop the rest.
    rows = conn.execute(select(STAFF.c.nip, STAFF.c.status, STAFF.c.rank, STAFF.c.supervisor,
                               *(cast(STAFF.c[name], String) for name in ("appointed", "joined", "left"))))
    for nip, status, rank, supervisor, *days in rows:
        where = f"staff {nip}"
        statuses[nip] = status
        appointed, joined, left = (_quiet_date(day) for day in days)
        if status not in people.STATUSES:
            continue  # BAD_STATUS says so
        for code, rule, args in (("RULE_RANK", _rank_rule, (rank, status)),
                                 ("RULE_SUPERVISOR", people.check_supervisor, (nip, supervisor)),
                                 ("RULE_SERVICE_DAYS", people.check_service, (nip, appointed, joined, left))):
            try:
                rule(*args)
            except JPLedgerError as exc:
                if exc.code == "LEFT_BEFORE_START" and joined and left and left < joined:
                    continue  # LEFT_BEFORE_JOINED says so
                found.append((code, where, str(exc)))
    held: dict[str, list[tuple[date, str]]] = {}
    for nip, field, value, since in conn.execute(
            select(HISTORY.c.nip, HISTORY.c.field, HISTORY.c.value, cast(HISTORY.c.valid_from, String))
            .where(HISTORY.c.field.in_(("status", "rank")))
            .order_by(HISTORY.c.nip, HISTORY.c.valid_from, HISTORY.c.id)):
        since = _quiet_date(since)
        if since is None:
            continue
        if field == "status":
            held.setdefault(nip, []).append((since, value))
            if value not in people.STATUSES:
                found.append(("RULE_HISTORY", f"staff {nip} history", message("STATUS_NOT_KNOWN", {"value": value})))
        elif value is not None:
            status = next((s for d, s in reversed(held.get(nip, [])) if d <= since), statuses.get(nip))
            try:
                people.rank_for(value, status if status in people.STATUSES else None)
            except JPLedgerError as exc:
                found.append(("RULE_HISTORY", f"staff {nip} history", message(
                    "ROW_HISTORY_STATUS_RANK", {"problem": exc, "day": since, "status": status})))
    limits: dict[int, object] = {}
    for pid, text in conn.execute(select(POLICY.c.id, POLICY.c.text)):
        try:
            limits[pid] = read_policy(text, f"policy version {pid}").max_jp_per_entry
        except JPLedgerError:
            pass  # reported as POLICY_INVALID
    for aid, nip, kind, start, end, jp_cents, policy in conn.execute(
            select(ACTIVITY.c.id, ACTIVITY.c.nip, ACTIVITY.c.kind, cast(ACTIVITY.c.start, String),
                   cast(ACTIVITY.c.end, String), ACTIVITY.c.jp_cents, ACTIVITY.c.policy_version)
            .where(ACTIVITY.c.voided.is_(False)).order_by(ACTIVITY.c.id)):
        where = f"activity {aid}"
        start, end = _quiet_date(start), _quiet_date(end)
        try:
            if start and end:
                people.check_activity_days(nip, start, end, today)
        except JPLedgerError as exc:
            found.append(("RULE_ACTIVITY_DAYS", where, str(exc)))
        limit = limits.get(policy)
        if limit is not None and jp_cents > limit * 100:
            found.append(("RULE_CREDIT_ABOVE_MAX", where, message("CREDIT_ABOVE_MAX", {
                "kind": kind, "jp": Decimal(jp_cents) / 100, "max": limit})))
    return found


def _quiet_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(str(text)[:10]) if text is not None else None
    except ValueError:
        return None


def _evidence_checks(conn: Connection, add: Add) -> None:
    """Every stored evidence file against its SHA-256: a flipped byte in a certificate is found here."""
    from sqlalchemy import inspect

    from jpledger.codes import message
    from jpledger.store.evidence import damaged_blobs, shown_by

    if not inspect(conn).has_table("evidence"):  # a ledger older than schema 4: the upgrade adds it
        return
    for sha, size, found, _ in damaged_blobs(conn):
        shown = ", ".join(f"{message('CHECK_WHERE_ACTIVITY', {'id': activity_id})} ({name})"
                          for activity_id, name in shown_by(conn, sha)) or "-"
        add("EVIDENCE_CORRUPT", f"evidence {sha[:12]}",
            message("EVIDENCE_CORRUPT", {"sha256": sha, "size": size, "found": found, "shown": shown}))
