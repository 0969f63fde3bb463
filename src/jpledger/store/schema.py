"""The ledger's schema: created whole in an empty database, upgraded by the migrations after a backup, and its
stored version read and judged."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from sqlalchemy import inspect, select
from sqlalchemy.engine import Connection

from jpledger.errors import LedgerError
from jpledger.store.migrations import pending
from jpledger.store.tables import META, METADATA, SCHEMA_VERSION
from jpledger.store.transactions import Ledger, trail

# Makes the copy of a ledger about to be upgraded from the given schema version; returns where it is.
BackUp = Callable[[int], Path]


def read_schema_version(conn: Connection) -> str | None:
    """The schema version as stored (None without a meta table or row); `jpledger check` judges the text."""
    if not inspect(conn).has_table("meta"):
        return None
    return conn.execute(select(META.c.value).where(META.c.key == "schema_version")).scalar()


def schema_version(conn: Connection) -> int | None:
    value = read_schema_version(conn)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise LedgerError("SCHEMA_VERSION_NOT_A_NUMBER", value=value) from None


def missing_parts(conn: Connection) -> list[tuple[str, str | None]]:
    """What the ledger lacks of the current schema: (table, None) for a table, (table, column) for a column.

    Read from the tables themselves, so it keeps up with every new table and column without a list of its own.
    """
    present = {table: {column["name"] for column in columns}
               for (_, table), columns in inspect(conn).get_multi_columns().items()}
    missing: list[tuple[str, str | None]] = []
    for table in METADATA.sorted_tables:
        if table.name not in present:
            missing.append((table.name, None))
        else:
            missing.extend((table.name, column.name) for column in table.columns
                           if column.name not in present[table.name])
    return missing


def prepare_schema(ledger: Ledger, back_up: BackUp | None, *, whole: bool = False) -> bool:
    """Make the schema current: create it in an empty database, upgrade an older one, refuse a newer one.

    `back_up` copies the ledger before an upgrade (SQLite files); None where the server keeps the copies.
    With `whole` (a command that writes), a current schema that lacks a table or column is refused: a write
    would fail half way with the driver's words, or worse, succeed without its trail.
    Returns True when this call created the ledger.
    """
    with ledger.read() as conn:
        version = schema_version(conn)
        has_tables = bool(inspect(conn).get_table_names())
        missing = missing_parts(conn) if whole and version == SCHEMA_VERSION else []
    if missing:
        raise LedgerError("SCHEMA_INCOMPLETE_REFUSED", ledger=ledger.display,
                          missing=", ".join(f"{table}.{column}" if column else table for table, column in missing))
    if version is None:
        if has_tables:
            raise LedgerError("NOT_A_JPLEDGER_LEDGER", ledger=ledger.display)
        return create_schema(ledger)
    current = SCHEMA_VERSION
    if version > current:
        raise LedgerError("SCHEMA_NEWER", ledger=ledger.display, version=version, current=current)
    if version < current:
        _upgrade(ledger, back_up)
    return False


def _schema_lock(conn: Connection) -> None:
    """Serialize schema creation and upgrades between processes.

    SQLite's BEGIN IMMEDIATE already did; on PostgreSQL two first-time inits (or upgrades) queue on an
    advisory lock instead of racing to CREATE or ALTER the same table.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7277001)")


def _upgrade(ledger: Ledger, back_up: BackUp | None) -> None:
    """Apply the migrations from the stored version to the current one, in one transaction, after a backup."""
    current = SCHEMA_VERSION
    with ledger.write() as conn:
        _schema_lock(conn)
        # Another process may have upgraded it while we waited for the write lock.
        version = schema_version(conn)
        if version is None or version >= current:
            return
        # Taken while this transaction holds the write lock: the copy is exactly what the upgrade starts from.
        from jpledger.store.officers import refuse_upgrade, secure

        refuse_upgrade(conn, version, current)
        backup = back_up(version) if back_up is not None else None
        for step in pending(version):
            step.apply(conn)
        secure(conn)  # PostgreSQL: new tables and columns are under the officers' policies at once
        _set_version(conn, current)
        trail(conn, "migrate", {"from": version, "to": current, "backup": str(backup) if backup else None})


def create_schema(ledger: Ledger) -> bool:
    """Create the tables, the schema version, the default policy and the first trail entry in one transaction.

    Returns False when another process had created them first.
    """
    from jpledger.policyfile import default_policy, default_policy_text

    with ledger.write() as conn:
        _schema_lock(conn)
        # Another process may have created it while we waited for the write lock.
        if schema_version(conn) is not None:
            return False
        from jpledger.store.models import SQLModel  # indexes, keys and server defaults: only where tables are made
        from jpledger.store.officers import secure
        from jpledger.store.policies import store_policy

        SQLModel.metadata.create_all(conn)
        secure(conn)  # PostgreSQL: officers' policies and grants exist from the first moment
        _set_version(conn, SCHEMA_VERSION)
        policy = default_policy()
        store_policy(conn, policy.name, default_policy_text())
        trail(conn, "init", {"schema": SCHEMA_VERSION, "policy": policy.name})
    return True


def _set_version(conn: Connection, version: int) -> None:
    table = META
    conn.execute(table.delete().where(table.c.key == "schema_version"))
    conn.execute(table.insert().values(key="schema_version", value=str(version)))
