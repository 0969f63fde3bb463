"""Officers on PostgreSQL: login roles the database itself keeps to their units (row-level security and GRANTs).

Everything here is the server's enforcement, not jpledger's: an officer who opens `psql` with their own password
meets the same policies. jpledger reads who it is talking to (`access`) only to word a refusal well before the
database makes it, and to say "outside your units" where the database would only show nothing.

Who is who, per ledger (a PostgreSQL database):
- the owner, the role that created the tables (and superusers): sees and changes everything, upgrades the schema;
- admins (`officer add ROLE --admin`): see everything, change units, officers, the policy and closed years;
- officers (`officer add ROLE --units CODE`): read and write the people whose current unit is one of theirs or
  below it, with those people's history, contracts, activities and evidence, and the trail entries about them;
- anyone else: nothing at all.
The ledger's two group roles are named after the database, so two ledgers on one server never share officers.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Iterable

from sqlalchemy import bindparam, literal_column, select, text
from sqlalchemy.engine import Connection

from jpledger.store.tables import OFFICER, OFFICER_UNIT, STAFF, chunks

# What officers may add or change; the rest they only read. Admins also change ADMIN_TABLES.
OFFICER_WRITES = {"staff": "INSERT, UPDATE", "staff_history": "INSERT, UPDATE", "contract": "INSERT, UPDATE",
                  "activity": "INSERT, UPDATE", "activity_evidence": "INSERT, DELETE", "evidence": "INSERT",
                  "batch": "INSERT, UPDATE", "trail": "INSERT"}
ADMIN_TABLES = ("unit", "officer", "officer_unit", "policy_version", "year_lock")
# Columns officers may not read: a closed year's stored audit names every unit's people.
HIDDEN_COLUMNS = {"year_lock": ("report",)}
# `jpledger_` functions the policies and jpledger call; the two that look past the policies say only whether
# something exists, so that a refusal can say "outside your units" instead of "not in the ledger".
_OUTSIDE_FUNCTIONS = ("jpledger_staff_existing(text[])", "jpledger_activity_exists(bigint)")
_ROLE_NAME_BYTES = 63  # PostgreSQL's NAMEDATALEN - 1


@dataclass(frozen=True)
class Access:
    """Who the ledger is talking to, as far as it limits them."""

    role: str | None = None  # the database session user (None on SQLite)
    scoped: bool = False  # kept to `units` by the database's row-level security
    admin: bool = True  # may change units, officers, the policy and closed years
    owner: bool = True  # owns the tables: may upgrade the schema and set up the groups
    units: frozenset[str] = field(default_factory=frozenset)  # their units and every unit below (when scoped)


def is_postgresql(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def access(conn: Connection) -> Access:
    """The session user's standing in this ledger: everything on SQLite (one owner-only file)."""
    if not is_postgresql(conn):
        return Access()
    role, owner = conn.execute(text(
        "SELECT session_user, pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c "
        "WHERE c.oid = to_regclass('meta')")).one()
    if owner:
        return Access(role)
    admin = conn.execute(select(OFFICER.c.admin).where(OFFICER.c.role == literal_column("session_user"))).scalar()
    if admin:
        return Access(role, admin=True, owner=False)
    units = frozenset(code for (code,) in conn.execute(text("SELECT jpledger_my_units()")))
    return Access(role, scoped=True, admin=False, owner=False, units=units)


def actor_value(conn: Connection, claimed: str):
    """Who the trail (and a batch, a policy version, a closed year) records as having made a change.

    On PostgreSQL the database session user, which nobody can claim to be; the row-level security on the trail
    refuses any other. On SQLite what `JPLEDGER_ACTOR` or the OS says (`claimed`).
    """
    return literal_column("session_user") if is_postgresql(conn) else claimed


# --- looking past the policies, only to say "outside your units" ---------------------------------------------

def staff_outside(conn: Connection, nips: Iterable[str]) -> set[str]:
    """Of `nips`, those in the ledger that the session user may not see (always none on SQLite)."""
    wanted = sorted(set(nips))
    if not wanted or not is_postgresql(conn):
        return set()
    existing: set[str] = set()
    for chunk in chunks(wanted):
        existing.update(nip for (nip,) in conn.execute(
            text("SELECT jpledger_staff_existing(:nips)").bindparams(bindparam("nips", chunk))))
    if not existing:
        return set()
    seen: set[str] = set()
    for chunk in chunks(sorted(existing)):
        seen.update(nip for (nip,) in conn.execute(select(STAFF.c.nip).where(STAFF.c.nip.in_(chunk))))
    return existing - seen


def activity_outside(conn: Connection, activity_id: int) -> bool:
    """Whether activity `activity_id` exists but belongs to someone outside the session user's units."""
    if not is_postgresql(conn):
        return False
    return bool(conn.execute(text("SELECT jpledger_activity_exists(:id)"), {"id": activity_id}).scalar())


# --- refusals before the database makes them -------------------------------------------------------------------

def require_admin(conn: Connection, what: object) -> Access:
    """Refuse (exit 2) a change only admins make (units, officers, the policy, closed years) to anyone else."""
    from jpledger.errors import UsageError

    found = access(conn)
    if not found.admin:
        raise UsageError("ADMIN_ONLY", role=found.role, what=what)
    return found


def refuse_upgrade(conn: Connection, version: int, current: int) -> None:
    """An older schema is upgraded by the ledger's owner only (ALTER TABLE is theirs): exit 4 for anyone else."""
    from jpledger.errors import LedgerError

    if not is_postgresql(conn):
        return
    role, owner, owner_name = conn.execute(text(
        "SELECT session_user, pg_has_role(current_user, c.relowner, 'USAGE'), pg_get_userbyid(c.relowner) "
        "FROM pg_class c WHERE c.oid = to_regclass('meta')")).one()
    if not owner:
        raise LedgerError("UPGRADE_NEEDS_OWNER", role=role, version=version, current=current, owner=owner_name)


def refuse_strangers(conn: Connection) -> None:
    """A role that is neither the owner nor an officer of this ledger reads nothing: exit 4 saying who to ask."""
    from jpledger.errors import LedgerError

    if not is_postgresql(conn):
        return
    role, allowed = conn.execute(text(
        "SELECT session_user, has_table_privilege(to_regclass('meta'), 'SELECT')")).one()
    if not allowed:
        raise LedgerError("NOT_AN_OFFICER", role=role)


# --- the groups, the policies and the grants ---------------------------------------------------------------------

def group_names(conn: Connection) -> tuple[str, str]:
    """(officers' group, admins' group) of this ledger, named after its database."""
    database = conn.execute(text("SELECT current_database()")).scalar()
    return _role_name("jpledger_officer_", database), _role_name("jpledger_admin_", database)


def _role_name(prefix: str, database: str) -> str:
    name = prefix + database
    if len(name.encode()) <= _ROLE_NAME_BYTES:
        return name
    digest = hashlib.sha256(database.encode()).hexdigest()[:10]
    cut = database.encode()[: _ROLE_NAME_BYTES - len(prefix) - len(digest) - 1].decode(errors="ignore")
    return f"{prefix}{cut}_{digest}"


def quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote_identifier(name)


def _literal(value: str) -> str:
    # The driver reads `%` in a statement as a placeholder's start; `quote` doubles it in names, so here too.
    return "'" + value.replace("'", "''").replace("%", "%%") + "'"


def secure(conn: Connection) -> None:
    """Put the functions and row-level security policies in place (and the groups and grants, where the role
    running this may create roles). Idempotent: schema creation and every upgrade run it, so new tables and
    columns are covered the moment they exist."""
    if not is_postgresql(conn):
        return
    schema = conn.execute(text("SELECT current_schema()")).scalar()
    s = quote(conn, schema)
    for statement in _functions(s, _literal(schema)):
        conn.exec_driver_sql(statement)
    for table, policies in _policies(s).items():
        conn.exec_driver_sql(f"ALTER TABLE {s}.{table} ENABLE ROW LEVEL SECURITY")
        existing = {name for (name,) in conn.execute(
            text("SELECT policyname FROM pg_policies WHERE schemaname = :s AND tablename = :t"),
            {"s": schema, "t": table})}
        for name in sorted(existing):
            if name.startswith("jpledger_"):
                conn.exec_driver_sql(f"DROP POLICY {quote(conn, name)} ON {s}.{table}")
        for name, body in policies:
            conn.exec_driver_sql(f"CREATE POLICY {name} ON {s}.{table} {body}")
    if may_create_roles(conn):
        grant_groups(conn, schema)


def may_create_roles(conn: Connection) -> bool:
    return bool(conn.execute(text(
        "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user")).scalar())


def grant_groups(conn: Connection, schema: str) -> None:
    """Create the ledger's two groups when missing, and grant them what officers and admins may do."""
    from jpledger.store.models import SQLModel

    officers, admins = group_names(conn)
    o, a, s = quote(conn, officers), quote(conn, admins), quote(conn, schema)
    for name in (officers, admins):
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first()
        if exists is None:
            conn.exec_driver_sql(f"CREATE ROLE {quote(conn, name)} NOLOGIN")
    # Admins are officers too (they read what officers read) and may make more officers and admins.
    conn.exec_driver_sql(f"GRANT {o} TO {a} WITH ADMIN OPTION")
    database = quote(conn, conn.execute(text("SELECT current_database()")).scalar())
    # TEMPORARY: bulk writes go through a temporary table (COPY cannot write where row-level security applies).
    conn.exec_driver_sql(f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {o}")
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {s} TO {o}")
    for table in SQLModel.metadata.sorted_tables:
        hidden = HIDDEN_COLUMNS.get(table.name, ())
        readable = "" if not hidden else "(" + ", ".join(
            quote(conn, c.name) for c in table.columns if c.name not in hidden) + ")"
        conn.exec_driver_sql(f"REVOKE SELECT ON {s}.{table.name} FROM {o}")
        conn.exec_driver_sql(f"GRANT SELECT {readable} ON {s}.{table.name} TO {o}")
        if hidden:
            conn.exec_driver_sql(f"GRANT SELECT ON {s}.{table.name} TO {a}")
        if table.name in OFFICER_WRITES:
            conn.exec_driver_sql(f"GRANT {OFFICER_WRITES[table.name]} ON {s}.{table.name} TO {o}")
        if table.name in ADMIN_TABLES:
            conn.exec_driver_sql(f"GRANT INSERT, UPDATE, DELETE ON {s}.{table.name} TO {a}")
    conn.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {o}")
    for function in _OUTSIDE_FUNCTIONS:
        conn.exec_driver_sql(f"REVOKE ALL ON FUNCTION {s}.{function} FROM PUBLIC")
        conn.exec_driver_sql(f"GRANT EXECUTE ON FUNCTION {s}.{function} TO {o}")


def _functions(s: str, schema_literal: str) -> list[str]:
    # jpledger_my_units: the session user's units and every unit below them. Plain SQL, not SECURITY DEFINER,
    # so the planner inlines it into the policies; officers may read units and officer_unit anyway.
    # The two existence checks run as the owner (past the policies) and answer only yes or no.
    pinned = f"SET search_path = {schema_literal}, pg_temp"
    return [
        f"""CREATE OR REPLACE FUNCTION {s}.jpledger_my_units() RETURNS SETOF text LANGUAGE sql STABLE AS $$
            WITH RECURSIVE below(code) AS (
                SELECT unit_code FROM {s}.officer_unit WHERE role = session_user
                UNION
                SELECT u.code FROM {s}.unit u JOIN below b ON u.parent = b.code)
            SELECT code FROM below $$""",
        f"""CREATE OR REPLACE FUNCTION {s}.jpledger_is_admin() RETURNS boolean LANGUAGE sql STABLE AS $$
            SELECT coalesce((SELECT admin FROM {s}.officer WHERE role = session_user), false) $$""",
        f"""CREATE OR REPLACE FUNCTION {s}.jpledger_staff_existing(nips text[]) RETURNS SETOF text
            LANGUAGE sql STABLE SECURITY DEFINER {pinned} AS $$
            SELECT nip FROM {s}.staff WHERE nip = ANY(nips) $$""",
        f"""CREATE OR REPLACE FUNCTION {s}.jpledger_activity_exists(wanted bigint) RETURNS boolean
            LANGUAGE sql STABLE SECURITY DEFINER {pinned} AS $$
            SELECT EXISTS (SELECT 1 FROM {s}.activity WHERE id = wanted) $$""",
    ]


def _policies(s: str) -> dict[str, list[tuple[str, str]]]:
    # `(SELECT ...)` around the calls: evaluated once per statement, not once per row.
    admin = f"(SELECT {s}.jpledger_is_admin())"
    mine = f"(SELECT {s}.jpledger_my_units())"
    people = f"(SELECT p.nip FROM {s}.staff p)"  # the staff table's own policy decides who is in it

    def through(condition: str) -> str:
        return f"FOR ALL USING ({admin} OR {condition}) WITH CHECK ({admin} OR {condition})"

    return {
        "staff": [("jpledger_staff", through(f"unit_code IN {mine}"))],
        "staff_history": [("jpledger_staff_history", through(f"nip IN {people}"))],
        "contract": [("jpledger_contract", through(f"nip IN {people}"))],
        "activity": [("jpledger_activity", through(f"nip IN {people}"))],
        "activity_evidence": [("jpledger_activity_evidence",
                               through(f"activity_id IN (SELECT a.id FROM {s}.activity a)"))],
        # A file is shown to whoever may see an activity that shows it; anyone may add one (stored once,
        # by its SHA-256: adding a file someone else already added is INSERT ... ON CONFLICT DO NOTHING).
        "evidence": [("jpledger_evidence_read", f"FOR SELECT USING ({admin} OR sha256 IN "
                                                f"(SELECT e.sha256 FROM {s}.activity_evidence e))"),
                     ("jpledger_evidence_add", "FOR INSERT WITH CHECK (true)")],
        # The trail: the reader's own entries, those about the whole ledger (no units), and those about their
        # units only: an entry that also names another unit's people (an admin's class for two OPDs) is for
        # admins. Nobody writes an entry in another's name.
        "trail": [("jpledger_trail_read", f"FOR SELECT USING ({admin} OR actor = session_user OR units IS NULL "
                                          f"OR (json_array_length(units::json) > 0 AND NOT EXISTS (SELECT 1 FROM "
                                          f"json_array_elements_text(units::json) u(code) WHERE u.code NOT IN "
                                          f"{mine})))"),
                  ("jpledger_trail_add", "FOR INSERT WITH CHECK (actor = session_user)")],
        # Batches: anyone reads the list; an officer reverts only their own imports.
        "batch": [("jpledger_batch_read", "FOR SELECT USING (true)"),
                  ("jpledger_batch_add", "FOR INSERT WITH CHECK (actor = session_user)"),
                  ("jpledger_batch_revert", f"FOR UPDATE USING ({admin} OR actor = session_user)")],
    }


# --- officers themselves -----------------------------------------------------------------------------------------


def officers(conn: Connection) -> list[dict]:
    """Every officer with their units, by role name."""
    units: dict[str, list[str]] = {}
    for role, code in conn.execute(select(OFFICER_UNIT.c.role, OFFICER_UNIT.c.unit_code)
                                   .order_by(OFFICER_UNIT.c.role, OFFICER_UNIT.c.unit_code)):
        units.setdefault(role, []).append(code)
    return [{"role": role, "units": units.get(role, []), "admin": bool(admin)}
            for role, admin in conn.execute(select(OFFICER.c.role, OFFICER.c.admin).order_by(OFFICER.c.role))]


def role_exists(conn: Connection, role: str) -> bool:
    return conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first() is not None


def create_login(conn: Connection, role: str, password: str | None) -> None:
    """A new login role; its password travels as a SCRAM-SHA-256 verifier made here, never as clear text."""
    statement = f"CREATE ROLE {quote(conn, role)} LOGIN"
    if password is not None:
        raw = conn.connection.driver_connection
        verifier = raw.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256").decode()
        statement += f" PASSWORD {_literal(verifier)}"
    conn.exec_driver_sql(statement)


def table_owner(conn: Connection) -> str:
    return conn.execute(text("SELECT pg_get_userbyid(c.relowner) FROM pg_class c "
                             "WHERE c.oid = to_regclass('meta')")).scalar()

