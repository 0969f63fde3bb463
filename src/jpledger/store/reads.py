"""The reads an officer's everyday commands make (`staff show`, `activity show`, `statement`), written once in plain
SQL (store/sql.py): they run on the standard library's connection of a quick SQLite read and on any SQLAlchemy
connection alike. The modules these functions belong to (staff.py, history.py, ...) re-export them."""

from __future__ import annotations

from typing import Iterable

from jpledger.errors import UsageError
from jpledger.store import sql

STAFF_COLUMNS = sql.columns("staff")
ACTIVITY_COLUMNS = sql.columns("activity")


def scoped(conn) -> bool:
    """Whether the ledger keeps this reader to some units (an officer on PostgreSQL; never on SQLite)."""
    if sql.on_sqlite(conn):
        return False
    from jpledger.store.officers import access

    return access(conn).scoped


# --- people --------------------------------------------------------------------------------------------------------

def get_staff(conn, nip: str) -> dict | None:
    return sql.first(conn, f"SELECT {STAFF_COLUMNS} FROM staff WHERE nip = :nip", nip=nip)


def require_staff(conn, nip: str) -> dict:
    """The person, or a usage error: outside the officer's units when they are in the ledger (PostgreSQL's
    row-level security hides them), else not in the ledger."""
    person = get_staff(conn, nip)
    if person is None:
        outside = False
        if not sql.quick(conn):  # officers exist on PostgreSQL only
            from jpledger.store.officers import staff_outside

            outside = bool(staff_outside(conn, [nip]))
        raise UsageError("STAFF_OUTSIDE" if outside else "STAFF_NOT_FOUND", nip=nip)
    return person


def history(conn, nip: str) -> list[dict]:
    """Every recorded value of the person, oldest first: {field, value, valid_from, recorded_at}."""
    return sql.rows(conn, "SELECT field, value, valid_from, recorded_at FROM staff_history WHERE nip = :nip "
                          "ORDER BY valid_from, field, id", nip=nip)


def unit_names_by_code(conn) -> dict[str, str]:
    return dict(sql.tuples(conn, "SELECT code, name FROM unit"))


def contracts_of(conn, nips: Iterable[str] | None = None) -> dict:
    """{nip: [(start, end, ref), ...] in date order} for the people given (everyone's, without `nips`)."""
    query = 'SELECT nip, start, "end", ref FROM contract {where} ORDER BY nip, start, "end", id'
    if nips is None:
        rows = list(sql.tuples(conn, query.format(where="")))
    else:
        rows = [row for chunk in sql.chunks(sorted(set(nips)))
                for row in sql.tuples(conn, query.format(where="WHERE nip IN :nips"), nips=chunk)]
    out: dict[str, list] = {}
    for nip, start, end, ref in rows:
        out.setdefault(nip, []).append((start, end, ref))
    return out


# --- activities ----------------------------------------------------------------------------------------------------

def get_activity(conn, activity_id: int) -> dict:
    # CAST: an id past the column's range is the back end's error (PostgreSQL's integer), not "not in the ledger".
    row = sql.first(conn, f"SELECT {ACTIVITY_COLUMNS} FROM activity WHERE id = CAST(:id AS INTEGER)", id=activity_id)
    if row is None:
        outside = False
        if not sql.quick(conn):  # officers exist on PostgreSQL only
            from jpledger.store.officers import activity_outside

            # PostgreSQL's row-level security hides another unit's entries: say so rather than "not in the ledger".
            outside = bool(activity_outside(conn, activity_id))
        raise UsageError("ACTIVITY_OUTSIDE" if outside else "ACTIVITY_NOT_FOUND", id=activity_id)
    return row


def list_activities(conn, *, nip: str | None = None, year: int | None = None, kind: str | None = None,
                    batch: int | None = None, include_voided: bool = False,
                    verification: str | None = None) -> list[dict]:
    filters = {"nip": nip or None, "year": year, "kind": kind or None, "batch": batch, "verification": verification}
    where = [f"{name} = :{name}" for name, value in filters.items() if value is not None]
    params = {name: value for name, value in filters.items() if value is not None}
    if not include_voided:
        where.append("voided = FALSE")
    clause = f"WHERE {' AND '.join(where)} " if where else ""
    return sql.rows(conn, f"SELECT {ACTIVITY_COLUMNS} FROM activity {clause}ORDER BY start, id", **params)


def evidence_of(conn, ids: Iterable[int]) -> dict[int, list[dict]]:
    """{activity id: [{name, size, sha256}, ...]} in the order the files were given (by name within one)."""
    out: dict[int, list[dict]] = {}
    wanted = sorted(set(ids))
    if not wanted or sql.scalar(conn, "SELECT activity_id FROM activity_evidence LIMIT 1") is None:
        return out
    for chunk in sql.chunks(wanted):
        for activity_id, name, size, sha in sql.tuples(
                conn, "SELECT ae.activity_id, ae.name, e.size, ae.sha256 FROM activity_evidence ae "
                      "JOIN evidence e ON e.sha256 = ae.sha256 WHERE ae.activity_id IN :ids "
                      "ORDER BY ae.activity_id, ae.name, ae.sha256", ids=chunk):
            out.setdefault(activity_id, []).append({"name": name, "size": size, "sha256": sha})
    return out


# --- the policy ----------------------------------------------------------------------------------------------------

def active_policy(conn):
    """(version id, Policy, text) of the policy new entries are credited under."""
    from jpledger.core.policy import read_policy

    row = sql.first(conn, "SELECT id, text, data FROM policy_version ORDER BY id DESC LIMIT 1")
    return row["id"], read_policy(row["text"], f"policy version {row['id']}", row["data"]), row["text"]


# --- units ---------------------------------------------------------------------------------------------------------

def clean(text: str) -> str:
    return " ".join(text.split())


def parents(conn) -> dict[str, str | None]:
    """The whole tree: each unit's parent by code (None at the top)."""
    return dict(sql.tuples(conn, "SELECT code, parent FROM unit"))


def matching(conn, text: str) -> list[tuple[str, str]]:
    """Units whose code or name is `text`, any case."""
    return list(sql.tuples(conn, "SELECT code, name FROM unit WHERE LOWER(code) = :wanted OR LOWER(name) = :wanted "
                                 "ORDER BY code", wanted=clean(text).lower()))


def find_unit(conn, text: str) -> tuple[str, str] | None:
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


def require_unit(conn, text: str, option: str = "--unit") -> tuple[str, str]:
    """(code, name) of the unit `text` names; a text naming none is a usage error that lists some units."""
    found = find_unit(conn, text)
    if found is not None:
        return found
    codes = [code for (code,) in sql.tuples(conn, "SELECT code FROM unit ORDER BY code LIMIT 16")]
    if not codes:
        raise UsageError("UNIT_NOT_FOUND_NONE", option=option, unit=clean(text))
    shown = ", ".join(codes[:15]) + (", ..." if len(codes) > 15 else "")
    raise UsageError("UNIT_NOT_FOUND", option=option, unit=clean(text), units=shown)


def subtree_of(conn, text: str, option: str = "--unit") -> tuple[str, set[str]]:
    """The code of the unit `text` names and the codes of it and every unit below it (a usage error if none)."""
    from jpledger.core.units import subtree

    code, _ = require_unit(conn, text, option)
    return code, subtree(parents(conn), [code])


def overlaps(conn, nips: Iterable[str] | None = None, *, contracts: dict | None = None
             ) -> list[tuple[str, tuple, tuple]]:
    """Contracts sharing a day with an earlier one of the same person: (nip, earlier, later), in NIP order; of
    `contracts` (contracts_of's) when a caller has read them already."""
    from jpledger.core.employment import contract_clash

    if contracts is None:
        contracts = contracts_of(conn, nips)
    out = []
    for nip, theirs in sorted(contracts.items()):
        for index, contract in enumerate(theirs[1:], start=1):
            clash = contract_clash(contract[0], contract[1], theirs[:index])
            if clash is not None:
                out.append((nip, clash, contract))
    return out
