"""Units (unit kerja) as the ledger keeps them: found by code or name, added when a text names none."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Connection

from jpledger.store.db import now
from jpledger.store.tables import UNIT


def find_unit(conn: Connection, text: str) -> tuple[str, str] | None:
    """(code, name) of the unit whose code, else name, is `text` (any case), or None."""
    wanted = " ".join(text.split())
    for column in (UNIT.c.code, UNIT.c.name):
        row = conn.execute(select(UNIT.c.code, UNIT.c.name).where(func.lower(column) == wanted.lower())
                           .order_by(UNIT.c.code).limit(1)).first()
        if row is not None:
            return row[0], row[1]
    return None


def resolve_unit(conn: Connection, text: str) -> tuple[str, str]:
    """(code, name) of the unit `text` names; text that names none adds a top-level unit with it as code and name,
    so rosters and commands that only ever wrote a unit's name keep working."""
    found = find_unit(conn, text)
    if found is not None:
        return found
    wanted = " ".join(text.split())
    conn.execute(UNIT.insert().values(code=wanted, name=wanted, parent=None, created_at=now()))
    return wanted, wanted


def unit_names_by_code(conn: Connection) -> dict[str, str]:
    return {code: name for code, name in conn.execute(select(UNIT.c.code, UNIT.c.name))}


def matching(conn: Connection, text: str) -> list[tuple[str, str]]:
    """Units whose code or name is `text`, any case."""
    wanted = " ".join(text.split()).lower()
    return list(conn.execute(select(UNIT.c.code, UNIT.c.name).where(
        or_(func.lower(UNIT.c.code) == wanted, func.lower(UNIT.c.name) == wanted))))
