"""Officers of a PostgreSQL ledger: making a login role an officer of some units (or an admin), listing them, and
taking a role's jpledger access away. The database enforces what each may do (store/officers.py)."""

from __future__ import annotations

from dataclasses import dataclass

from jpledger.app.runtime import Runtime
from jpledger.errors import UsageError


@dataclass
class OfficerAdded:
    role: str
    units: list[str]  # every unit the officer now looks after
    admin: bool
    created: bool  # the login role did not exist and was created


def _ledger(rt: Runtime):
    """The ledger, which must be on PostgreSQL: officers are its login roles; a SQLite file has one owner."""
    from jpledger.store.db import is_url, resolve_location

    if not is_url(resolve_location(rt.db)):
        raise UsageError("OFFICER_NEEDS_POSTGRESQL")
    ledger = rt.read()
    if ledger.engine.dialect.name != "postgresql":
        ledger.close()
        raise UsageError("OFFICER_NEEDS_POSTGRESQL")
    return ledger


def _role(role: str) -> str:
    name = role.strip()
    if not name or len(name.encode()) > 63 or "\0" in name or name.lower().startswith("pg_"):
        raise UsageError("OFFICER_ROLE_INVALID", role=role)
    return name


def add(rt: Runtime, role: str, units: list[str], admin: bool, password: str | None) -> OfficerAdded:
    from sqlalchemy import select, text

    from jpledger.codes import Phrase
    from jpledger.store import officers as store
    from jpledger.store.db import now, trail
    from jpledger.store.tables import OFFICER, OFFICER_UNIT
    from jpledger.store.units import require_unit

    role = _role(role)
    if not units and not admin:
        raise UsageError("OFFICER_UNITS_REQUIRED")
    with _ledger(rt).write() as conn:
        me = store.require_admin(conn, Phrase("WHAT_OFFICERS"))
        owner = store.table_owner(conn)
        if role in (owner, *store.group_names(conn)):
            raise UsageError("OFFICER_ROLE_IS_OWNER", role=role)
        codes = sorted({require_unit(conn, unit, "--units")[0] for unit in units})
        officers, admins = store.group_names(conn)
        if me.owner and store.may_create_roles(conn):
            store.grant_groups(conn, conn.execute(text("SELECT current_schema()")).scalar())
        if not store.role_exists(conn, officers):
            raise UsageError("OFFICER_NEEDS_GROUPS", owner=owner)
        exists = store.role_exists(conn, role)
        if exists and password is not None:
            raise UsageError("OFFICER_PASSWORD_EXISTING", role=role)
        if not exists:
            if not store.may_create_roles(conn):
                raise UsageError("OFFICER_CREATEROLE", role=role)
            store.create_login(conn, role, password)
        conn.exec_driver_sql(f"GRANT {store.quote(conn, officers)} TO {store.quote(conn, role)}")
        current = conn.execute(select(OFFICER.c.admin).where(OFFICER.c.role == role)).first()
        is_admin = admin or bool(current and current[0])
        if admin:
            # WITH ADMIN OPTION: an admin may make more officers and admins.
            conn.exec_driver_sql(f"GRANT {store.quote(conn, admins)} TO {store.quote(conn, role)} WITH ADMIN OPTION")
        if current is None:
            conn.execute(OFFICER.insert().values(role=role, admin=is_admin, created_at=now()))
        elif is_admin != current[0]:
            conn.execute(OFFICER.update().where(OFFICER.c.role == role).values(admin=is_admin))
        held = {code for (code,) in conn.execute(select(OFFICER_UNIT.c.unit_code).where(OFFICER_UNIT.c.role == role))}
        fresh = [code for code in codes if code not in held]
        if fresh:
            conn.execute(OFFICER_UNIT.insert(), [{"role": role, "unit_code": code} for code in fresh])
        trail(conn, "officer add", {"role": role, "units": codes, "admin": admin, "created": not exists},
              units=codes)
    return OfficerAdded(role, sorted(held | set(codes)), is_admin, not exists)


def listing(rt: Runtime) -> list[dict]:
    from jpledger.store.officers import officers

    ledger = _ledger(rt)
    with ledger.read() as conn:
        return officers(conn)


def remove(rt: Runtime, role: str) -> dict:
    """Take the role's jpledger access away (its units, admin, group memberships); the role itself stays."""
    from jpledger.codes import Phrase
    from jpledger.store import officers as store
    from jpledger.store.db import trail
    from jpledger.store.tables import OFFICER, OFFICER_UNIT

    role = _role(role)
    with _ledger(rt).write() as conn:
        store.require_admin(conn, Phrase("WHAT_OFFICERS"))
        found = next((o for o in store.officers(conn) if o["role"] == role), None)
        if found is None:
            raise UsageError("OFFICER_NOT_FOUND", role=role)
        conn.execute(OFFICER_UNIT.delete().where(OFFICER_UNIT.c.role == role))
        conn.execute(OFFICER.delete().where(OFFICER.c.role == role))
        if store.role_exists(conn, role):
            for group in store.group_names(conn):
                if _is_member(conn, role, group):
                    conn.exec_driver_sql(f"REVOKE {store.quote(conn, group)} FROM {store.quote(conn, role)}")
        trail(conn, "officer remove", {"role": role, "units": found["units"], "admin": found["admin"]},
              units=found["units"])
    return found


def _is_member(conn, role: str, group: str) -> bool:
    from sqlalchemy import text

    return bool(conn.execute(text(
        "SELECT EXISTS (SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
        "JOIN pg_roles g ON g.oid = m.roleid WHERE r.rolname = :role AND g.rolname = :grp)"),
        {"role": role, "grp": group}).scalar())
