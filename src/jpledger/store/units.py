"""Units (unit kerja) as the ledger keeps them: a tree found by code or name, added when a text names none."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Connection

from jpledger.errors import UsageError
from jpledger.store.db import now
from jpledger.store.reads import unit_names_by_code  # noqa: F401 (plain SQL, for the quick read)
from jpledger.store.tables import STAFF, UNIT


def clean(text: str) -> str:
    return " ".join(text.split())


def parents(conn: Connection) -> dict[str, str | None]:
    """The whole tree: each unit's parent by code (None at the top)."""
    return {code: parent for code, parent in conn.execute(select(UNIT.c.code, UNIT.c.parent))}


def matching(conn: Connection, text: str) -> list[tuple[str, str]]:
    """Units whose code or name is `text`, any case."""
    wanted = clean(text).lower()
    return list(conn.execute(select(UNIT.c.code, UNIT.c.name).where(
        or_(func.lower(UNIT.c.code) == wanted, func.lower(UNIT.c.name) == wanted)).order_by(UNIT.c.code)))


def find_unit(conn: Connection, text: str) -> tuple[str, str] | None:
    """(code, name) of the unit whose code, else name, is `text` (any case), or None.

    A code wins over a name; a name that several units share (every OPD has its Sekretariat) names none of them
    for sure, so it is a usage error that lists their codes.
    """
    wanted = clean(text).lower()
    found = matching(conn, text)
    by_code = [row for row in found if row[0].lower() == wanted]
    if by_code:
        return by_code[0][0], by_code[0][1]
    if len(found) > 1:
        raise UsageError("UNIT_AMBIGUOUS", unit=clean(text), codes=", ".join(code for code, _ in found))
    return (found[0][0], found[0][1]) if found else None


def require_unit(conn: Connection, text: str, option: str = "--unit") -> tuple[str, str]:
    """(code, name) of the unit `text` names; a text naming none is a usage error that lists some units."""
    found = find_unit(conn, text)
    if found is not None:
        return found
    codes = [code for (code,) in conn.execute(select(UNIT.c.code).order_by(UNIT.c.code).limit(16))]
    if not codes:
        raise UsageError("UNIT_NOT_FOUND_NONE", option=option, unit=clean(text))
    shown = ", ".join(codes[:15]) + (", ..." if len(codes) > 15 else "")
    raise UsageError("UNIT_NOT_FOUND", option=option, unit=clean(text), units=shown)


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


def subtree_of(conn: Connection, text: str, option: str = "--unit") -> tuple[str, set[str]]:
    """The code of the unit `text` names and the codes of it and every unit below it (a usage error if none)."""
    from jpledger.core.units import subtree

    code, _ = require_unit(conn, text, option)
    return code, subtree(parents(conn), [code])


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
