"""Schema migrations: an ordered list, step N brings a ledger from schema N to N+1.

A fresh ledger is created at the current schema directly; these steps only upgrade older files.
They run on open, all in one transaction, after a backup copy of the file has been taken (store/db.py).
Each step is plain SQL every back end understands, so a PostgreSQL ledger upgrades the same way.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection


def _v0_to_v1(conn: Connection) -> None:
    # Schema 1 is the first release: there is nothing older to upgrade.
    raise AssertionError("schema 0 does not exist")


def _v1_to_v2(conn: Connection) -> None:
    # The trail records the command line that made each change. Older entries keep NULL: what was typed
    # then is not known, and guessing it would make the trail lie.
    conn.execute(text("ALTER TABLE trail ADD COLUMN command TEXT"))


def _v2_to_v3(conn: Connection) -> None:
    # The covering index gains `form` and puts `end` before `jp_cents`: a national year's totals and duplicate
    # check then read it in order instead of sorting a million entries. Same name, new columns.
    conn.execute(text("DROP INDEX ix_activity_year_nip_jp"))
    conn.execute(text('CREATE INDEX ix_activity_year_nip_jp ON activity (year, voided, nip, kind, form, "end", '
                      "jp_cents)"))


MIGRATIONS = [_v0_to_v1, _v1_to_v2, _v2_to_v3]
