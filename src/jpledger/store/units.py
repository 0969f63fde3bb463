"""Units (unit kerja) as the ledger keeps them: a tree found by code or name, added when a text names none."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from jpledger.errors import UsageError
from jpledger.store.db import now
from jpledger.store.reads import (  # noqa: F401 (reads of the tree, in plain SQL for the quick read; once here)
    clean,
    find_unit,
    parents,
    require_unit,
    subtree_of,
    unit_names_by_code,
)
from jpledger.store.tables import STAFF, UNIT


def resolve_unit(conn: Connection, text: str) -> tuple[str, str]:
    """(code, name) of the unit a person is put in; text that names none adds a top-level unit with it as code and
    name, so rosters and commands that only ever wrote a unit's name keep working.

    An officer kept to some units may only put people in those (and below them), and adds no units.
    """
    return resolve_units(conn, [text])[text]


def resolve_units(conn: Connection, texts) -> dict[str, tuple[str, str]]:
    """`resolve_unit` of many texts at once (an import's hundreds of units): one read of the units, one insert."""
    from jpledger.store.officers import access

    wanted = sorted(set(texts))
    if not wanted:
        return {}
    by_code: dict[str, tuple[str, str]] = {}
    by_name: dict[str, list[tuple[str, str]]] = {}
    for code, name in conn.execute(select(UNIT.c.code, UNIT.c.name).order_by(UNIT.c.code)):
        by_code.setdefault(code.lower(), (code, name))
        by_name.setdefault(name.lower(), []).append((code, name))
    scope = access(conn)
    out: dict[str, tuple[str, str]] = {}
    new: dict[str, str] = {}
    for text in wanted:
        key = clean(text).lower()
        found = by_code.get(key)
        if found is None:
            named = by_name.get(key, [])
            if len(named) > 1:
                raise UsageError("UNIT_AMBIGUOUS", unit=clean(text), codes=", ".join(code for code, _ in named))
            found = named[0] if named else None
        if found is None and scope.scoped:
            raise UsageError("UNIT_NOT_FOUND_OFFICER", unit=clean(text))
        if found is not None and scope.scoped and found[0] not in scope.units:
            raise UsageError("UNIT_OUTSIDE_YOURS", unit=found[1], code=found[0])
        if found is None:
            # Two texts that differ only in case or spacing name one new unit.
            code = new.setdefault(key, clean(text))
            found = (code, code)
        out[text] = found
    if new:
        stamp = now()
        conn.execute(UNIT.insert(), [{"code": code, "name": code, "parent": None, "created_at": stamp}
                                     for code in new.values()])
    return out


def units(conn: Connection) -> list[dict]:
    """Every unit with its level (1 at the top), each parent before the units below it."""
    from jpledger.core.units import levels, tree_order

    rows = {r.code: dict(r._mapping) for r in conn.execute(select(UNIT.c.code, UNIT.c.name, UNIT.c.parent))}
    tree = {code: row["parent"] for code, row in rows.items()}
    depth = levels(tree)
    return [rows[code] | {"level": depth[code]} for code in tree_order(tree)]


def add_unit(conn: Connection, code: str, name: str, parent: str | None) -> dict:
    """A new unit below `parent` (a code or a name), or at the top; its code is new whatever the case."""
    taken = conn.execute(select(UNIT.c.code).where(func.lower(UNIT.c.code) == code.lower())).first()
    if taken is not None:
        raise UsageError("UNIT_EXISTS", code=taken[0])
    parent_code = require_unit(conn, parent, "--parent")[0] if parent else None
    conn.execute(UNIT.insert().values(code=code, name=name, parent=parent_code, created_at=now()))
    return {"code": code, "name": name, "parent": parent_code}


def update_unit(conn: Connection, code: str, *, name: str | None = None, parent: str | None = None,
                to_top: bool = False) -> tuple[dict, dict]:
    """Rename a unit or move it below another (`to_top`: to the top level); returns the unit before and after.

    The staff table keeps each person's unit name beside its code (agencies report on it), so a rename rewrites
    that name for everyone in the unit.
    """
    from jpledger.core.units import makes_cycle

    row = conn.execute(select(UNIT.c.code, UNIT.c.name, UNIT.c.parent)
                       .where(func.lower(UNIT.c.code) == code.lower())).first()
    if row is None:
        require_unit(conn, code, "CODE")  # a name instead of the code is fine; else this names what exists
        row = conn.execute(select(UNIT.c.code, UNIT.c.name, UNIT.c.parent)
                           .where(UNIT.c.code == find_unit(conn, code)[0])).first()
    before = {"code": row.code, "name": row.name, "parent": row.parent}
    after = dict(before)
    if name is not None:
        after["name"] = name
    if to_top:
        after["parent"] = None
    elif parent is not None:
        after["parent"] = require_unit(conn, parent, "--parent")[0]
        if makes_cycle(parents(conn), row.code, after["parent"]):
            raise UsageError("UNIT_CYCLE", code=row.code, parent=after["parent"])
    if after != before:
        conn.execute(UNIT.update().where(UNIT.c.code == row.code).values(name=after["name"], parent=after["parent"]))
        if after["name"] != before["name"]:
            conn.execute(STAFF.update().where(STAFF.c.unit_code == row.code)
                         .values(unit=after["name"], updated_at=now()))
    return before, after
