"""`migrate-to`: copy a whole ledger into an empty one on another back end, then prove the copy is the same."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from jpledger.errors import LedgerError, UsageError
from jpledger.store import models
from jpledger.store.db import Ledger, trail

# Parents before children, so foreign keys hold at every insert (units among themselves: `_units_first`).
TABLES = [models.PolicyVersion.__table__, models.Batch.__table__, models.Unit.__table__, models.Staff.__table__,
          models.StaffHistory.__table__, models.Contract.__table__, models.Activity.__table__,
          models.Evidence.__table__, models.ActivityEvidence.__table__, models.Trail.__table__,
          models.YearLock.__table__, models.Officer.__table__, models.OfficerUnit.__table__]
CHUNK = 5000
# Evidence rows carry files of up to tens of megabytes: a few at a time.
SMALL_CHUNK = 20


def copy_ledger(source: Ledger, target: Ledger) -> dict[str, int]:
    """Copy every row of `source` into `target` in one transaction; verify counts and every year's totals."""
    counts: dict[str, int] = {}
    with source.read() as src, target.write() as dst:
        for table in (models.Staff.__table__, models.Activity.__table__, models.Batch.__table__):
            if dst.execute(select(func.count()).select_from(table)).scalar():
                raise UsageError("MIGRATE_TARGET_NOT_EMPTY", target=target.display)
        # A fresh target holds its own init entry and default policy: the source's history replaces them.
        for table in reversed(TABLES):
            dst.execute(table.delete())
        for table in TABLES:
            counts[table.name] = _copy_table(src, dst, table)
        _reset_sequences(dst, target)
        _verify(src, dst, counts)
        trail(dst, "migrate-to", {"from": source.display, "rows": counts})
    return counts


def _copy_table(src: Connection, dst: Connection, table) -> int:
    if table is models.Unit.__table__:
        rows = _units_first([dict(r) for r in src.execute(select(table)).mappings()])
        if rows:
            dst.execute(table.insert(), rows)
        return len(rows)
    total = 0
    size = SMALL_CHUNK if table is models.Evidence.__table__ else CHUNK
    result = src.execute(select(table).order_by(*table.primary_key.columns)).mappings()
    while True:
        rows = [dict(r) for r in result.fetchmany(size)]
        if not rows:
            return total
        dst.execute(table.insert(), rows)
        total += len(rows)


def _units_first(units: list[dict]) -> list[dict]:
    """Units ordered so that every parent comes before the units below it."""
    placed: set[str] = set()
    ordered: list[dict] = []
    waiting = sorted(units, key=lambda u: u["code"])
    while waiting:
        ready = [u for u in waiting if u["parent"] is None or u["parent"] in placed]
        if not ready:  # a parent that is not there: let the foreign key say so
            ready = waiting
        ordered += ready
        placed.update(u["code"] for u in ready)
        waiting = [u for u in waiting if u["code"] not in placed]
    return ordered


def _reset_sequences(dst: Connection, target: Ledger) -> None:
    # PostgreSQL-only: rows copied with their ids leave the id sequences behind; move them past the copy.
    if target.engine.dialect.name != "postgresql":
        return
    for table in TABLES:
        if "id" in table.c:
            dst.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)")


def _verify(src: Connection, dst: Connection, counts: dict[str, int]) -> None:
    from jpledger.store.policies import active_policy
    from jpledger.store.tables import ACTIVITY

    for table in TABLES:
        copied = dst.execute(select(func.count()).select_from(table)).scalar()
        if copied != counts[table.name]:
            raise LedgerError("COPY_COUNT_DIFFERS", table=table.name, copied=copied, source=counts[table.name])
    _verify_evidence(src, dst)
    _, policy, _ = active_policy(src)
    years = [y for (y,) in src.execute(select(ACTIVITY.c.year).distinct().order_by(ACTIVITY.c.year))]
    for year in years:
        before = _totals(src, policy, year)
        after = _totals(dst, policy, year)
        if before != after:
            differing = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
            raise LedgerError("COPY_TOTALS_DIFFER", year=year, count=len(differing))


def _verify_evidence(src: Connection, dst: Connection) -> None:
    """Every evidence file arrived byte for byte: the SHA-256 of its bytes on both sides, one file at a time."""
    from jpledger.store.evidence import blob_digests

    before, after = blob_digests(src), blob_digests(dst)
    differing = [sha for sha in before.keys() | after.keys() if before.get(sha) != after.get(sha)]
    if differing:
        raise LedgerError("COPY_EVIDENCE_DIFFERS", count=len(differing))


def _totals(conn: Connection, policy, year: int) -> dict:
    from jpledger.store.years import year_totals

    people = year_totals(conn, policy, year, date(year, 12, 31)).people
    return {p.nip: (p.jp, tuple(sorted(p.by_kind.items()))) for p in people}
