"""Finding, creating, opening and upgrading the ledger; write transactions and the audit trail."""

from __future__ import annotations

import getpass
import json
import os
import shutil
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from sqlalchemy import create_engine, event, inspect, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, OperationalError

from jpledger.errors import LedgerError
from jpledger.store import models
from jpledger.store.migrations import MIGRATIONS

DEFAULT_DB = "jpledger.db"
BUSY_TIMEOUT_S = 30.0


def resolve_location(option: str | None) -> str:
    """--db beats JPLEDGER_DB beats ./jpledger.db."""
    return option or os.environ.get("JPLEDGER_DB") or DEFAULT_DB


def is_url(location: str) -> bool:
    return "://" in location


def actor() -> str:
    name = os.environ.get("JPLEDGER_ACTOR")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no user database entry (containers): still record something honest
        return f"uid:{os.getuid()}"


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def safe_url(location: str) -> str:
    """A URL fit for messages: never the password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(location).render_as_string(hide_password=True)
    except Exception:
        return location.split("://", 1)[0] + "://…"


class Ledger:
    """An open ledger: an engine plus what every command needs to read and write it."""

    def __init__(self, engine: Engine, location: str, created: bool = False):
        self.engine = engine
        self.location = location
        self.created = created

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def display(self) -> str:
        return safe_url(self.location) if is_url(self.location) else str(Path(self.location))

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One all-or-nothing write; a transaction that lost a race is retried whole by the caller."""
        with _translate_db_errors(self.display):
            with self.engine.begin() as conn:
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with _translate_db_errors(self.display):
            with self.engine.connect() as conn:
                yield conn.execution_options(read_only=True)

    def close(self) -> None:
        self.engine.dispose()


def trail(conn: Connection, action: str, detail: dict | str) -> None:
    """Record a change in the same transaction as the change itself, so neither exists without the other."""
    body = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False, default=str)
    conn.execute(models.Trail.__table__.insert().values(at=now(), actor=actor(), action=action, detail=body))


@contextmanager
def _translate_db_errors(where: str) -> Iterator[None]:
    try:
        yield
    except OperationalError as exc:
        message = str(exc.orig) if exc.orig is not None else str(exc)
        if "locked" in message or "busy" in message:
            raise LedgerError(f"{where}: the ledger stayed locked by another writer for {BUSY_TIMEOUT_S:.0f} s; "
                              "try again when the other command has finished") from None
        raise LedgerError(f"{where}: {message.splitlines()[0]}") from None
    except DatabaseError as exc:
        message = str(exc.orig) if exc.orig is not None else str(exc)
        raise LedgerError(f"{where}: {message.splitlines()[0]} (run `jpledger check`, or restore a backup)") from None


# --- SQLite-only section -------------------------------------------------------------------------
# Everything specific to SQLite lives here: file creation with owner-only permissions, WAL, the busy
# wait, and BEGIN IMMEDIATE so that two writers queue for the lock instead of failing on upgrade.

def _create_sqlite_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def _sqlite_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_S})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # pragma: no cover - exercised through every command
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA synchronous = NORMAL")
        # WAL lets readers go on while one writer writes; it is a property of the file, set once.
        if str(cur.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            cur.execute("PRAGMA journal_mode = WAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):  # pragma: no cover - exercised through every command
        # Readers take no lock; writers take the write lock up front and queue behind busy_timeout.
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("read_only") else "BEGIN IMMEDIATE")

    return engine


def backup_sqlite(ledger: Ledger, target: Path) -> None:
    """A consistent copy while others may be writing: VACUUM INTO reads one snapshot."""
    # The copy holds NIPs too: create it owner-only before SQLite writes a byte (an empty file is accepted).
    _create_sqlite_file(target)
    raw = ledger.engine.raw_connection()
    try:
        # VACUUM cannot run inside a transaction, so it goes to the driver connection directly.
        raw.driver_connection.execute("VACUUM INTO ?", (str(target),))
    except Exception:
        target.unlink(missing_ok=True)
        raise
    finally:
        raw.close()

# --- end of the SQLite-only section ---------------------------------------------------------------


def open_ledger(location: str | None, *, create: bool) -> Ledger:
    """Open the ledger; create it when `create` (commands that write), else refuse a missing one (exit 4)."""
    where = resolve_location(location)
    if is_url(where):
        return _open_url(where, create=create)
    path = Path(where)
    created = False
    if not path.exists():
        if not create:
            raise LedgerError(f"no ledger at {path}; create one with `jpledger init` "
                              "(or point --db / JPLEDGER_DB at an existing one)")
        _create_sqlite_file(path)
        created = True
    elif path.is_dir():
        raise LedgerError(f"{path} is a folder, not a ledger file")
    elif path.stat().st_size == 0:
        # What an interrupted `init` or a `touch` leaves: SQLite would take it for a new database, so a read
        # would quietly create a ledger (with the file's permissions) instead of saying there is none.
        if not create:
            raise LedgerError(f"{path} is empty, not a ledger; create one with `jpledger init`")
        os.chmod(path, 0o600)
        created = True
    engine = _sqlite_engine(path)
    ledger = Ledger(engine, str(path), created=created)
    with _translate_db_errors(ledger.display):
        _prepare_schema(ledger, path)
    return ledger


def _open_url(url: str, *, create: bool) -> Ledger:
    try:
        engine = create_engine(url, pool_pre_ping=True)
    except Exception as exc:  # unknown driver, malformed URL
        raise LedgerError(f"cannot use {safe_url(url)}: {str(exc).splitlines()[0]}") from None
    ledger = Ledger(engine, url)
    try:
        with engine.connect():
            pass
    except Exception as exc:
        raise LedgerError(f"cannot reach {safe_url(url)}: {_connect_reason(exc)}") from None
    with _translate_db_errors(ledger.display):
        if not inspect(engine).has_table("meta"):
            if not create:
                raise LedgerError(f"no ledger in {safe_url(url)}; create one with `jpledger --db URL init`")
            ledger.created = True
        _prepare_schema(ledger, None)
    return ledger


def _connect_reason(exc: Exception) -> str:
    """The driver's cause in one line ("Connection refused", "database x does not exist"), never a password."""
    orig = getattr(exc, "orig", None) or exc
    text = " ".join(str(orig).split()) or type(orig).__name__
    # libpq repeats "connection to server at ... failed:" before the cause; the cause is what helps.
    cause = text.rsplit(" failed: ", 1)[-1]
    return cause.replace("FATAL: ", "").split(" Is the server running")[0].strip()


def schema_version(conn: Connection) -> int | None:
    if not inspect(conn).has_table("meta"):
        return None
    value = conn.execute(select(models.Meta.value).where(models.Meta.key == "schema_version")).scalar()
    return int(value) if value is not None else None


def _prepare_schema(ledger: Ledger, path: Path | None) -> None:
    with ledger.engine.connect() as conn:
        conn.execution_options(read_only=True)
        version = schema_version(conn)
        has_tables = bool(inspect(conn).get_table_names())
    if version is None:
        if has_tables:
            raise LedgerError(f"{ledger.display} is not a jpledger ledger (it has tables but no schema version)")
        _create_schema(ledger)
        return
    current = models.SCHEMA_VERSION
    if version > current:
        raise LedgerError(f"{ledger.display} was written by a newer jpledger (schema {version}, this one knows "
                          f"{current}); upgrade jpledger to open it")
    if version < current:
        if path is not None:
            backup = path.with_name(f"{path.name}.v{version}.bak")
            with ledger.engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copy2(path, backup)
            os.chmod(backup, 0o600)
        with ledger.engine.begin() as conn:
            for step in MIGRATIONS[version:current]:
                step(conn)
            _set_version(conn, current)
            trail(conn, "migrate", {"from": version, "to": current})


def _create_schema(ledger: Ledger) -> None:
    from jpledger.core.policy import default_policy, default_policy_text

    with ledger.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # PostgreSQL-only: two first-time inits queue on this lock instead of racing to CREATE TABLE.
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7277001)")
        # Another process may have created it while we waited for the write lock.
        if schema_version(conn) is not None:
            return
        models.SQLModel.metadata.create_all(conn)
        _set_version(conn, models.SCHEMA_VERSION)
        policy = default_policy()
        conn.execute(models.PolicyVersion.__table__.insert().values(
            name=policy.name, text=default_policy_text(), at=now(), actor=actor()))
        trail(conn, "init", {"schema": models.SCHEMA_VERSION, "policy": policy.name})


def _set_version(conn: Connection, version: int) -> None:
    table = models.Meta.__table__
    conn.execute(table.delete().where(table.c.key == "schema_version"))
    conn.execute(table.insert().values(key="schema_version", value=str(version)))


def retrying(func, attempts: int = 5):
    """Run a write again when it lost a race (a serialization failure or a lock gone stale)."""
    for attempt in range(attempts):
        try:
            return func()
        except LedgerError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
    return None
