"""Schema migrations: an ordered list, step N brings a ledger from schema N to N+1.

A fresh ledger is created at the current schema directly; these steps only upgrade older files.
They run inside one transaction, after a backup copy of the file has been taken.
"""

from __future__ import annotations

from sqlalchemy.engine import Connection


def _v0_to_v1(conn: Connection) -> None:
    # Schema 1 is the first release: there is nothing older to upgrade.
    raise AssertionError("schema 0 does not exist")


MIGRATIONS = [_v0_to_v1]
