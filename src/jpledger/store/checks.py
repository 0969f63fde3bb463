"""`jpledger check`: what can be wrong inside a ledger file, each problem with a stable code."""

from __future__ import annotations

from sqlalchemy import and_, or_, select

from jpledger.errors import JPLedgerError
from jpledger.store import models
from jpledger.store.ledger import ACTIVITY, BATCH, POLICY, STAFF


def run_checks(ledger) -> list[dict]:
    problems: list[dict] = []

    def add(code: str, where: str, message: str) -> None:
        problems.append({"code": code, "where": where, "message": message})

    with ledger.read() as conn:
        if ledger.is_sqlite:
            # SQLite-only: the file-level checks.
            result = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
            if result != ["ok"]:
                for line in result[:20]:
                    add("INTEGRITY", "file", line)
            for table, rowid, parent, _ in conn.exec_driver_sql("PRAGMA foreign_key_check"):
                add("FOREIGN_KEY", f"{table} row {rowid}", f"refers to a missing {parent} row")
        version = conn.execute(select(models.Meta.value).where(models.Meta.key == "schema_version")).scalar()
        if version is None or int(version) != models.SCHEMA_VERSION:
            add("SCHEMA_VERSION", "meta", f"schema version {version}, expected {models.SCHEMA_VERSION}")
        from jpledger.core.nip import validate_nip
        from jpledger.core.policy import parse_policy

        for pid, text in conn.execute(select(POLICY.c.id, POLICY.c.text)):
            try:
                parse_policy(text, f"policy version {pid}")
            except JPLedgerError as exc:
                add("POLICY_INVALID", f"policy version {pid}", str(exc))
        for nip, status in conn.execute(select(STAFF.c.nip, STAFF.c.status)):
            try:
                validate_nip(nip, status)
            except JPLedgerError as exc:
                add("BAD_NIP", f"staff {nip}", str(exc))
            if status not in ("PNS", "CPNS", "PPPK"):
                add("BAD_STATUS", f"staff {nip}", f"status {status!r} is not PNS, CPNS or PPPK")
        for nip, joined, left in conn.execute(select(STAFF.c.nip, STAFF.c.joined, STAFF.c.left)
                                              .where(STAFF.c.joined.is_not(None), STAFF.c.left.is_not(None),
                                                     STAFF.c.left < STAFF.c.joined)):
            add("LEFT_BEFORE_JOINED", f"staff {nip}", f"left {left} before joining {joined}")
        impossible = select(ACTIVITY.c.id, ACTIVITY.c.start, ACTIVITY.c.end, ACTIVITY.c.jp_cents).where(
            or_(ACTIVITY.c.end < ACTIVITY.c.start, ACTIVITY.c.jp_cents < 0))
        for aid, start, end, cents in conn.execute(impossible):
            add("IMPOSSIBLE_ACTIVITY", f"activity {aid}", f"{start}..{end}, {cents / 100} JP")
        orphans = (select(ACTIVITY.c.id, ACTIVITY.c.nip).outerjoin(STAFF, STAFF.c.nip == ACTIVITY.c.nip)
                   .where(STAFF.c.nip.is_(None)))
        for aid, nip in conn.execute(orphans):
            add("ORPHAN_ACTIVITY", f"activity {aid}", f"person {nip} is not in the ledger")
        bad_batch = (select(ACTIVITY.c.id, ACTIVITY.c.batch).outerjoin(BATCH, BATCH.c.id == ACTIVITY.c.batch)
                     .where(and_(ACTIVITY.c.batch.is_not(None), BATCH.c.id.is_(None))))
        for aid, batch in conn.execute(bad_batch):
            add("ORPHAN_ACTIVITY", f"activity {aid}", f"batch {batch} is not in the ledger")
        wrong_year = select(ACTIVITY.c.id, ACTIVITY.c.year, ACTIVITY.c.start, ACTIVITY.c.end)
        for aid, year, start, end in conn.execute(wrong_year):
            if year not in (start.year, end.year):
                add("WRONG_YEAR", f"activity {aid}", f"year {year} is neither the start's nor the end's")
    return problems
