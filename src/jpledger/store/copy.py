"""`migrate-to`: copy a whole ledger into an empty one on another back end, then prove the copy is the same."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from jpledger.errors import LedgerError, UsageError
from jpledger.store import models
from jpledger.store.db import Ledger, trail

# Parents before children, so foreign keys hold at every insert.
TABLES = [models.PolicyVersion.__table__, models.Batch.__table__, models.Staff.__table__,
          models.Activity.__table__, models.Trail.__table__, models.YearLock.__table__]
CHUNK = 5000


def copy_ledger(source: Ledger, target: Ledger) -> dict[str, int]:
    """Copy every row of `source` into `target` in one transaction; verify counts and every year's totals."""
    counts: dict[str, int] = {}
    with source.read() as src, target.write() as dst:
        for table in (models.Staff.__table__, models.Activity.__table__, models.Batch.__table__):
            if dst.execute(select(func.count()).select_from(table)).scalar():
                raise UsageError(f"{target.display} already holds a ledger with data; migrate-to copies into an "
                                 "empty one only")
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
    total = 0
    result = src.execute(select(table).order_by(*table.primary_key.columns)).mappings()
    while True:
        rows = [dict(r) for r in result.fetchmany(CHUNK)]
        if not rows:
            return total
        dst.execute(table.insert(), rows)
        total += len(rows)


def _reset_sequences(dst: Connection, target: Ledger) -> None:
    # PostgreSQL-only: rows copied with their ids leave the id sequences behind; move them past the copy.
    if target.engine.dialect.name != "postgresql":
        return
    for table in TABLES:
        if "id" in table.c:
            dst.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)")


def _verify(src: Connection, dst: Connection, counts: dict[str, int]) -> None:
    from jpledger.store.ledger import ACTIVITY, active_policy

    for table in TABLES:
        copied = dst.execute(select(func.count()).select_from(table)).scalar()
        if copied != counts[table.name]:
            raise LedgerError(f"copy check failed: {table.name} has {copied} rows, the source {counts[table.name]}; "
                              "nothing was kept")
    _, policy, _ = active_policy(src)
    years = [y for (y,) in src.execute(select(ACTIVITY.c.year).distinct().order_by(ACTIVITY.c.year))]
    for year in years:
        before = _totals(src, policy, year)
        after = _totals(dst, policy, year)
        if before != after:
            differing = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
            raise LedgerError(f"copy check failed: totals for {year} differ for {len(differing)} people; "
                              "nothing was kept")


def _totals(conn: Connection, policy, year: int) -> dict:
    from jpledger.store.ledger import year_totals

    people, _, _ = year_totals(conn, policy, year, date(year, 12, 31))
    return {p.nip: (p.jp, tuple(sorted(p.by_kind.items()))) for p in people}
