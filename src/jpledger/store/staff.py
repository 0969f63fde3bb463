"""Reading and writing people: one at a time for commands, whole lists at once for imports."""

from __future__ import annotations

from typing import Iterable

from sqlalchemy import select
from sqlalchemy.engine import Connection

from jpledger.errors import UsageError
from jpledger.store.bulk import indexes_set_aside, insert_many
from jpledger.store.db import now
from jpledger.store.reads import get_staff, require_staff  # noqa: F401 (plain SQL, for the quick read)
from jpledger.store.tables import STAFF, chunks

STAFF_FIELDS = ("name", "status", "unit", "position", "rank", "agency", "supervisor", "joined", "left", "appointed",
                "unit_code", "leave_reason")


def add_staff(conn: Connection, nip: str, fields: dict) -> None:
    if get_staff(conn, nip) is not None:
        raise UsageError("STAFF_EXISTS", nip=nip)
    stamp = now()
    conn.execute(STAFF.insert().values(nip=nip, created_at=stamp, updated_at=stamp, **fields))


def update_staff(conn: Connection, nip: str, fields: dict) -> dict:
    """Apply the given fields; return {field: (old, new)} for those that changed."""
    person = require_staff(conn, nip)
    changes = {k: (person.get(k), v) for k, v in fields.items() if person.get(k) != v}
    if changes:
        conn.execute(STAFF.update().where(STAFF.c.nip == nip)
                     .values(updated_at=now(), **{k: new for k, (_, new) in changes.items()}))
    return changes


def list_staff(conn: Connection, *, units: set[str] | None = None, status: str | None = None,
               include_left: bool = False) -> list[dict]:
    """People (those who left only with `include_left`), of the units with codes `units` when given."""
    query = select(STAFF).order_by(STAFF.c.unit, STAFF.c.name, STAFF.c.nip)
    if units is not None:
        query = query.where(STAFF.c.unit_code.in_(sorted(units)))
    if status:
        query = query.where(STAFF.c.status == status)
    if not include_left:
        query = query.where(STAFF.c.left.is_(None))
    return [dict(r) for r in conn.execute(query).mappings()]


# --- whole lists, for imports ----------------------------------------------------------------------------------

def staff_by_nip(conn: Connection, nips: Iterable[str] | None = None) -> dict[str, dict]:
    """People (all, or those of `nips`) with their STAFF_FIELDS, keyed by NIP."""
    columns = [STAFF.c.nip, *(STAFF.c[f] for f in STAFF_FIELDS)]
    if conn.execute(select(STAFF.c.nip).limit(1)).first() is None:
        return {}
    if nips is None:
        rows = list(conn.execute(select(*columns)))
    else:
        rows = []
        for chunk in chunks(sorted(set(nips))):
            rows.extend(conn.execute(select(*columns).where(STAFF.c.nip.in_(chunk))))
    return {row[0]: dict(zip(STAFF_FIELDS, row[1:])) for row in rows}


NEW_STAFF_COLUMNS = ("nip", *STAFF_FIELDS, "appointed_given")


def insert_staff_rows(conn: Connection, rows: list[tuple]) -> None:
    """Add people in one executemany; each row is a tuple of NEW_STAFF_COLUMNS."""
    if rows:
        stamp = now()
        with indexes_set_aside(conn, STAFF, len(rows)):  # a first national roster: built once, not grown row by row
            insert_many(conn, STAFF, NEW_STAFF_COLUMNS, rows, {"created_at": stamp, "updated_at": stamp})


def update_staff_rows(conn: Connection, changes: list[tuple[str, dict]]) -> None:
    """Apply {field: new value} per NIP; people changing the same fields share one executemany."""
    from sqlalchemy import bindparam

    stamp = now()
    groups: dict[tuple[str, ...], list[dict]] = {}
    for nip, fields in changes:
        params = {"n_nip": nip, **{f"n_{key}": value for key, value in fields.items()}}
        groups.setdefault(tuple(sorted(fields)), []).append(params)
    for names, params in groups.items():
        statement = (STAFF.update().where(STAFF.c.nip == bindparam("n_nip"))
                     .values(updated_at=stamp, **{name: bindparam(f"n_{name}") for name in names}))
        conn.execute(statement, params)
