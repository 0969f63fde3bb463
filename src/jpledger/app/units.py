"""Units as a tree: adding, renaming and moving them (admins only on PostgreSQL), listing them with their levels."""

from __future__ import annotations

from jpledger.app.runtime import Runtime


def listing(rt: Runtime) -> list[dict]:
    from jpledger.store.units import units

    with rt.read().read() as conn:
        return units(conn)


def add(rt: Runtime, code: str, name: str, parent: str | None) -> dict:
    from jpledger.codes import Phrase
    from jpledger.store.db import trail
    from jpledger.store.officers import require_admin
    from jpledger.store.units import add_unit

    with rt.write().write() as conn:
        require_admin(conn, Phrase("WHAT_UNITS"))
        unit = add_unit(conn, code, name, parent)
        trail(conn, "unit add", unit, units=[unit["code"]])
    return unit


def update(rt: Runtime, code: str, *, name: str | None, parent: str | None, to_top: bool) -> tuple[dict, dict]:
    """Rename or move a unit; returns it before and after. A rename is forward-looking: closed years keep the
    report they stored."""
    from jpledger.codes import Phrase
    from jpledger.store.db import trail
    from jpledger.store.officers import require_admin
    from jpledger.store.units import update_unit

    with rt.write().write() as conn:
        require_admin(conn, Phrase("WHAT_UNITS"))
        before, after = update_unit(conn, code, name=name, parent=parent, to_top=to_top)
        if after != before:
            changes = {k: [before[k], after[k]] for k in ("name", "parent") if before[k] != after[k]}
            trail(conn, "unit update", {"code": after["code"], "changes": changes}, units=[after["code"]])
    return before, after


def filter_of(conn, text: str | None):
    """A person's test for `--unit TEXT`: their unit (on the day the caller counts) is that unit or below it."""
    if not text:
        return None
    from jpledger.store.units import subtree_of

    _, codes = subtree_of(conn, text)
    return lambda person: person.unit_code in codes


def rolled_up(conn, level: int):
    """(code, name) of the unit a person's unit rolls up to at `level`; a unit at or above it keeps its own."""
    from jpledger.core.units import ancestor_at, levels
    from jpledger.store.reads import parents, unit_names_by_code

    tree = parents(conn)
    depth = levels(tree)
    names = unit_names_by_code(conn)
    cache: dict[str | None, tuple[str | None, str | None]] = {}

    def group(code: str | None, name: str | None) -> tuple[str | None, str | None]:
        if code is None or code not in tree:
            return code, name
        if code not in cache:
            top = ancestor_at(tree, code, level, depth)
            cache[code] = (top, names.get(top, top))
        return cache[code]

    return group
