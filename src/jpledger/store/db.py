"""Finding, creating, opening and upgrading the ledger; write transactions and the audit trail."""

from __future__ import annotations

import getpass
import json
import os
import random
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from sqlalchemy import create_engine, event, inspect, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, OperationalError

from jpledger.errors import LedgerBusy, LedgerError, UsageError
from jpledger.store import models
from jpledger.store.migrations import pending

DEFAULT_DB = "jpledger.db"
BUSY_TIMEOUT_S = 30.0
T = TypeVar("T")


def resolve_location(option: str | None) -> str:
    """--db beats JPLEDGER_DB beats ./jpledger.db."""
    return option or os.environ.get("JPLEDGER_DB") or DEFAULT_DB


def is_url(location: str) -> bool:
    return "://" in location


def busy_timeout() -> float:
    """How long a writer waits for another to finish: JPLEDGER_BUSY_TIMEOUT seconds, else 30.

    A cron job that must not give up may wait longer; a script that must not hang, shorter.
    """
    raw = os.environ.get("JPLEDGER_BUSY_TIMEOUT")
    if not raw:
        return BUSY_TIMEOUT_S
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 86400:
        raise UsageError(f"JPLEDGER_BUSY_TIMEOUT: '{raw}' is not a number of seconds between 0 and 86400")
    return seconds


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
    """An open ledger: an engine plus what every command needs to read and write it.

    `command` is the command line that opened it; every trail entry written through `write()` carries it.
    """

    def __init__(self, engine: Engine, location: str, created: bool = False, command: str | None = None):
        self.engine = engine
        self.location = location
        self.created = created
        self.command = command
        self.wait_s = busy_timeout()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def display(self) -> str:
        return safe_url(self.location) if is_url(self.location) else str(Path(self.location))

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One all-or-nothing write: committed when the block ends, rolled back if anything in it fails.

        Waiting for the write lock happens here, before the block runs, so a lock attempt that lost a race is
        simply tried again. A transaction that loses a race after it began raises LedgerBusy; use
        `write_retrying` for a body that is safe to run again.
        """
        with _translate_db_errors(self.display, self.wait_s):
            conn = _retry_lost_races(self._begin_write, self.wait_s)
            try:
                yield conn
                conn.commit()
            except BaseException:
                conn.rollback()
                raise
            finally:
                conn.close()

    def write_retrying(self, work: Callable[[Connection], T]) -> T:
        """Run `work(conn)` in one write transaction, again from the start if the transaction lost a race.

        `work` must only read and write through `conn` (no output, no files), so that running it twice is the
        same as running it once: a lost race rolls everything back before the next attempt.
        """
        def attempt() -> T:
            with self.write() as conn:
                return work(conn)

        return _retry_lost_races(attempt, self.wait_s)

    def _begin_write(self) -> Connection:
        conn = self.engine.connect()
        try:
            conn.execution_options(jpledger_command=self.command)
            conn.begin()
        except BaseException:
            conn.close()
            raise
        return conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with _translate_db_errors(self.display, self.wait_s):
            with self.engine.connect() as conn:
                yield conn.execution_options(read_only=True)

    def close(self) -> None:
        self.engine.dispose()


def trail(conn: Connection, action: str, detail: dict | list | str, units: Iterable[str] = ()) -> None:
    """Record a change in the same transaction as the change itself, so neither exists without the other.

    The entry is about the units of the people its detail names, and `units` besides (store/officers.py).
    """
    from jpledger.store.officers import actor_value, claimed_actor, trail_units

    body = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False, default=str)
    conn.execute(models.Trail.__table__.insert().values(
        at=now(), actor=actor_value(conn, actor()), action=action, detail=body,
        command=conn.get_execution_options().get("jpledger_command"), claimed_actor=claimed_actor(conn),
        units=trail_units(conn, detail, units)))


# Lost races: SQLite's busy/locked (the wait ran out, or was cut short) and PostgreSQL's serialization failure,
# deadlock and lock-not-available. All of them roll the transaction back, so running it again is safe.
_RACE_SQLSTATES = {"40001", "40P01", "55P03"}
_OUT_OF_RANGE = "22003"  # numeric_value_out_of_range
_INSUFFICIENT_PRIVILEGE = "42501"


def _busy(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", None) or exc
    return isinstance(exc, OperationalError) and _sqlite_busy_message(str(orig))


def _sqlstate(exc: BaseException) -> str | None:
    orig = getattr(exc, "orig", None) or exc
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)


def _lost_race(exc: BaseException) -> bool:
    return isinstance(exc, LedgerBusy) or _busy(exc) or _sqlstate(exc) in _RACE_SQLSTATES


def _retry_lost_races(attempt: Callable[[], T], wait_s: float) -> T:
    """Call `attempt` until it does not lose a race, for at most `wait_s` seconds in all."""
    deadline = time.monotonic() + wait_s
    pause = 0.02
    while True:
        try:
            return attempt()
        except (DatabaseError, LedgerBusy) as exc:
            if not _lost_race(exc) or time.monotonic() + pause > deadline:
                raise
        # Random pauses keep two losers from colliding again in step.
        time.sleep(pause * random.uniform(0.5, 1.5))
        pause = min(pause * 2, 1.0)


@contextmanager
def _translate_db_errors(where: str, wait_s: float = BUSY_TIMEOUT_S) -> Iterator[None]:
    # Only the first line of a driver message: PostgreSQL's second line (DETAIL) may quote a NIP or a name.
    try:
        yield
    except DatabaseError as exc:
        if _sqlstate(exc) == _OUT_OF_RANGE:
            raise UsageError("a number given is too large") from None
        if _sqlstate(exc) == _INSUFFICIENT_PRIVILEGE:
            # PostgreSQL's GRANTs and row-level security said no to this role (store/officers.py).
            raise UsageError("DATABASE_REFUSED", reason=_first_line(exc)) from None
        if _busy(exc):
            raise LedgerBusy(f"{where}: another command kept the ledger busy for {wait_s:g} s; "
                             "try again when it has finished (JPLEDGER_BUSY_TIMEOUT sets the wait)") from None
        if _lost_race(exc):
            raise LedgerBusy(f"{where}: the change lost a race with another writer; run it again") from None
        if isinstance(exc, OperationalError):  # cannot open, disk full, I/O error: the file may be fine
            raise LedgerError(f"{where}: {_first_line(exc)}") from None
        raise LedgerError(f"{where}: {_first_line(exc)} (run `jpledger check`, or restore a backup)") from None
    except OverflowError:
        # SQLite's driver refuses integers past 64 bits (PostgreSQL says _OUT_OF_RANGE): an absurd id or count
        # typed on the command line, not a problem of the ledger.
        raise UsageError("a number given is too large") from None


def _first_line(exc: Exception) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


# --- SQLite-only section -------------------------------------------------------------------------
# Everything specific to SQLite lives here: creating the file owner-only and in one step, WAL, the busy
# wait, and BEGIN IMMEDIATE so that two writers queue for the lock instead of failing on upgrade.

def _sqlite_busy_message(message: str) -> bool:
    return "database is locked" in message or "database is busy" in message or "database table is locked" in message


def _sqlite_connect(path: Path, wait_s: float):
    import sqlite3
    from urllib.parse import quote

    # mode=rw: never let the driver create a missing file (it would do so with the umask's permissions);
    # creating a ledger is `_create_sqlite_ledger`'s job. isolation_level=None: SQLAlchemy, not the driver,
    # decides when transactions begin.
    return sqlite3.connect(f"file:{quote(str(path))}?mode=rw", uri=True, timeout=wait_s,
                           isolation_level=None, check_same_thread=False)


def _sqlite_engine(path: Path, wait_s: float) -> Engine:
    from sqlalchemy.pool import NullPool

    # NullPool: a command holds a connection only while it reads or writes, so nothing stays open (and no
    # -wal file stays behind) between transactions or after a command, even when many run in one process.
    engine = create_engine("sqlite://", creator=lambda: _sqlite_connect(path, wait_s), poolclass=NullPool)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(wait_s * 1000)}")
        cur.execute("PRAGMA foreign_keys = ON")
        # FULL: a change the command reported as written survives a power cut too, not only a crash; it costs
        # one sync per command, which nobody at a terminal notices.
        cur.execute("PRAGMA synchronous = FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # Readers take no lock; writers take the write lock up front and queue behind busy_timeout.
        conn.exec_driver_sql("BEGIN" if conn.get_execution_options().get("read_only") else "BEGIN IMMEDIATE")

    return engine


def _sqlite_use_wal(ledger: Ledger) -> None:
    """WAL lets readers go on while one writer writes. It is a property of the file, set once: here, after the
    schema version was found acceptable, so that a ledger this version refuses is not changed by a byte."""
    import sqlite3

    raw = ledger.engine.raw_connection()
    try:
        driver = raw.driver_connection
        if str(driver.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
            driver.execute("PRAGMA journal_mode = WAL")
    except sqlite3.Error as exc:
        # The switch needs the file to itself for a moment; if others are busy with it, the next open tries again.
        if not _sqlite_busy_message(str(exc)):
            raise _wrapped(exc, "PRAGMA journal_mode") from None
    finally:
        raw.close()


def _owner_only_file(path: Path) -> None:
    """Create an empty file readable by its owner only; fail if anything exists there already."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def _sqlite_vacuum_into(ledger: Ledger, target: Path) -> None:
    """Copy the ledger's last committed state into `target`, an empty owner-only file created here.

    VACUUM INTO reads one snapshot, so the copy is consistent while others write; it runs on a connection of
    its own (VACUUM cannot run inside a transaction), and so sees what was committed before a caller's open
    write transaction, never that transaction's own changes.
    """
    # The copy holds NIPs too: owner-only before SQLite writes a byte (VACUUM INTO accepts an empty file).
    import sqlite3

    _owner_only_file(target)
    raw = ledger.engine.raw_connection()
    try:
        raw.driver_connection.execute("VACUUM INTO ?", (str(target),))
    except BaseException as exc:
        target.unlink(missing_ok=True)
        if isinstance(exc, sqlite3.Error):
            raise _wrapped(exc, "VACUUM INTO") from None
        raise
    finally:
        raw.close()


def _wrapped(exc, statement: str) -> DatabaseError:
    """A driver error met on a raw connection, as SQLAlchemy would have raised it, for _translate_db_errors."""
    import sqlite3

    cls = OperationalError if isinstance(exc, sqlite3.OperationalError) else DatabaseError
    return cls(statement, None, exc)


def backup_sqlite(ledger: Ledger, target: Path, *, replace: bool = False) -> None:
    """A consistent, owner-only copy of the ledger at `target` while others may write.

    The copy is made under a temporary name beside `target` and then put in place in one step, so `target`
    is never a half-written copy, and a failed copy never destroys an older one that `replace` would replace.
    Without `replace` an existing `target` is refused, even one that appeared while the copy was made.
    """
    try:
        fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    except FileNotFoundError:
        raise UsageError(f"{target.parent} does not exist; create the folder first") from None
    except OSError as exc:
        raise UsageError(f"cannot write in {target.parent}: {exc.strerror}") from None
    os.close(fd)
    partial = Path(name)
    try:
        partial.unlink()  # VACUUM INTO wants to create it; _sqlite_vacuum_into does so owner-only
        _sqlite_vacuum_into(ledger, partial)
        try:
            if replace:
                os.replace(partial, target)
            else:
                os.link(partial, target)
        except FileExistsError:
            raise UsageError(f"{target} already exists; choose another name or add --force") from None
        except OSError as exc:
            raise UsageError(f"cannot write {target}: {exc.strerror}") from None
    finally:
        partial.unlink(missing_ok=True)


def _sqlite_checkpoint(ledger: Ledger) -> None:
    """Move everything from the -wal file into the ledger file itself, or fail."""
    raw = ledger.engine.raw_connection()
    try:
        busy, _, _ = raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        raw.close()
    if busy:
        raise LedgerError(f"{ledger.display}: could not complete the new ledger (checkpoint busy); run it again")


def _sqlite_side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _create_sqlite_ledger(path: Path, command: str | None) -> bool:
    """Build a complete ledger beside `path`, then put it in place in one step; False if another was first.

    Nobody ever sees a half-made ledger: not another process opening the same path a moment later (it finds
    either nothing or a finished ledger), and not the next command after this one failed or was killed (a
    failed build leaves only its own temporary file, which is removed).
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # mkstemp: a fresh name nobody else uses, created owner-only (0600) whatever the umask.
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".creating")
    except OSError as exc:
        raise LedgerError(f"cannot create a ledger at {path}: {exc.strerror}") from None
    os.close(fd)
    building = Path(name)
    try:
        ledger = Ledger(_sqlite_engine(building, busy_timeout()), str(path), command=command)
        try:
            with _translate_db_errors(str(path)):
                _sqlite_use_wal(ledger)
                _create_schema(ledger)
                _sqlite_checkpoint(ledger)
        finally:
            ledger.close()
        try:
            # A hard link fails if `path` exists: of two processes creating the same ledger, exactly one wins.
            os.link(building, path)
        except FileExistsError:
            return False
        except OSError:
            # A file system without hard links: a rename is one step too, only not exclusive.
            if path.exists():
                return False
            os.replace(building, path)
        _sync_folder(path.parent)
        return True
    finally:
        for leftover in [building, *_sqlite_side_files(building)]:
            leftover.unlink(missing_ok=True)


def _sync_folder(folder: Path) -> None:
    # The new name must survive a power cut as well as the file's content does.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _open_sqlite(path: Path, *, create: bool, command: str | None, prepare: bool) -> Ledger:
    created = False
    try:
        exists = path.exists()
        if exists and path.is_dir():
            raise LedgerError(f"{path} is a folder, not a ledger file")
        empty = exists and path.stat().st_size == 0
    except (OSError, ValueError) as exc:
        raise LedgerError(f"cannot open a ledger at {path}: {getattr(exc, 'strerror', None) or exc}") from None
    if not exists:
        if not create:
            raise LedgerError(f"no ledger at {path}; create one with `jpledger init` "
                              "(or point --db / JPLEDGER_DB at an existing one)")
        created = _create_sqlite_ledger(path, command)
    elif empty and not create:
        # What a `touch` leaves: SQLite would take it for a new database, so a read would quietly create a
        # ledger (with the file's permissions) instead of saying there is none.
        raise LedgerError(f"{path} is empty, not a ledger; create one with `jpledger init`")
    ledger = Ledger(_sqlite_engine(path, busy_timeout()), str(path), created=created, command=command)
    if prepare:
        try:
            if empty:
                os.chmod(path, 0o600)
            with _translate_db_errors(ledger.display, ledger.wait_s):
                if _prepare_schema(ledger, path):
                    ledger.created = True
                _sqlite_use_wal(ledger)
        except BaseException:
            ledger.close()
            raise
    return ledger


def _sqlite_backup_before_upgrade(ledger: Ledger, path: Path, version: int) -> Path:
    """Copy the ledger about to be upgraded to `<name>.v<version>.bak` (a numbered name if that is taken)."""
    for n in range(1, 1000):
        backup = path.with_name(f"{path.name}.v{version}.bak" if n == 1 else f"{path.name}.v{version}.{n}.bak")
        try:
            _sqlite_vacuum_into(ledger, backup)
            return backup
        except FileExistsError:
            continue
        except OSError as exc:  # a read-only folder, a full disk: better no upgrade than one without a copy
            raise LedgerError(f"cannot back up {path} to {backup} before upgrading it: {exc.strerror}; "
                              "nothing was changed") from None
    raise LedgerError(f"cannot back up {path} before upgrading it: too many old backups beside it")

# --- end of the SQLite-only section ---------------------------------------------------------------


def open_ledger(location: str | None, *, create: bool, command: str | None = None, prepare: bool = True) -> Ledger:
    """Open the ledger; create it when `create` (commands that write), else refuse a missing one (exit 4).

    `prepare` upgrades an older schema and refuses a newer one; `jpledger check` opens without it, to report
    what it finds instead. `command` is the command line recorded with every trail entry.
    """
    where = resolve_location(location)
    if is_url(where):
        return _open_url(where, create=create, command=command, prepare=prepare)
    return _open_sqlite(Path(where), create=create, command=command, prepare=prepare)


def _open_url(url: str, *, create: bool, command: str | None, prepare: bool) -> Ledger:
    try:
        engine = create_engine(url, pool_pre_ping=True)
    except Exception as exc:  # unknown driver, malformed URL
        raise LedgerError(f"cannot use {safe_url(url)}: {str(exc).splitlines()[0]}") from None
    ledger = Ledger(engine, url, command=command)
    try:
        with engine.connect():
            pass
    except Exception as exc:
        raise LedgerError(f"cannot reach {safe_url(url)}: {_connect_reason(exc)}") from None
    with _translate_db_errors(ledger.display, ledger.wait_s):
        if not inspect(engine).has_table("meta"):
            if not create:
                raise LedgerError(f"no ledger in {safe_url(url)}; create one with `jpledger --db URL init`")
        else:
            from jpledger.store.officers import refuse_strangers

            with engine.connect() as conn:
                refuse_strangers(conn)
        if prepare and _prepare_schema(ledger, None):
            ledger.created = True
    return ledger


def ledger_exists(location: str | None) -> bool:
    """Whether there is a ledger to read, creating nothing (an import checks its rows before it may create one)."""
    where = resolve_location(location)
    if not is_url(where):
        path = Path(where)
        return path.is_file() and path.stat().st_size > 0
    ledger = _open_url(where, create=True, command=None, prepare=False)
    try:
        with ledger.read() as conn:
            return inspect(conn).has_table("meta")
    finally:
        ledger.close()


def _connect_reason(exc: Exception) -> str:
    """The driver's cause in one line ("Connection refused", "database x does not exist"), never a password."""
    orig = getattr(exc, "orig", None) or exc
    text = " ".join(str(orig).split()) or type(orig).__name__
    # libpq repeats "connection to server at ... failed:" before the cause; the cause is what helps.
    cause = text.rsplit(" failed: ", 1)[-1]
    return cause.replace("FATAL: ", "").split(" Is the server running")[0].strip()


def read_schema_version(conn: Connection) -> str | None:
    """The schema version as stored (None without a meta table or row); `jpledger check` judges the text."""
    if not inspect(conn).has_table("meta"):
        return None
    return conn.execute(select(models.Meta.value).where(models.Meta.key == "schema_version")).scalar()


def schema_version(conn: Connection) -> int | None:
    value = read_schema_version(conn)
    if value is None:
        return None
    try:
        return int(value)
    except ValueError:
        raise LedgerError(f"the ledger's schema version '{value}' is not a number; run `jpledger check`, or "
                          "restore a backup") from None


def _prepare_schema(ledger: Ledger, path: Path | None) -> bool:
    """Make the schema current: create it in an empty database, upgrade an older one, refuse a newer one.

    Returns True when this call created the ledger.
    """
    with ledger.read() as conn:
        version = schema_version(conn)
        has_tables = bool(inspect(conn).get_table_names())
    if version is None:
        if has_tables:
            raise LedgerError(f"{ledger.display} is not a jpledger ledger (it has tables but no schema version)")
        return _create_schema(ledger)
    current = models.SCHEMA_VERSION
    if version > current:
        raise LedgerError(f"{ledger.display} was written by a newer jpledger (schema {version}, this one knows "
                          f"{current}); upgrade jpledger to open it")
    if version < current:
        _upgrade(ledger, path)
    return False


def _schema_lock(conn: Connection) -> None:
    """Serialize schema creation and upgrades between processes.

    SQLite's BEGIN IMMEDIATE already did; on PostgreSQL two first-time inits (or upgrades) queue on an
    advisory lock instead of racing to CREATE or ALTER the same table.
    """
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7277001)")


def _upgrade(ledger: Ledger, path: Path | None) -> None:
    """Apply the migrations from the stored version to the current one, in one transaction, after a backup."""
    current = models.SCHEMA_VERSION
    with ledger.write() as conn:
        _schema_lock(conn)
        # Another process may have upgraded it while we waited for the write lock.
        version = schema_version(conn)
        if version is None or version >= current:
            return
        from jpledger.store.officers import refuse_upgrade, secure

        refuse_upgrade(conn, version, current)
        # Taken while this transaction holds the write lock: the copy is exactly what the upgrade starts from.
        backup = _sqlite_backup_before_upgrade(ledger, path, version) if path is not None else None
        for step in pending(version):
            step.apply(conn)
        secure(conn)  # PostgreSQL: new tables and columns are under the officers' policies at once
        _set_version(conn, current)
        trail(conn, "migrate", {"from": version, "to": current, "backup": str(backup) if backup else None})


def _create_schema(ledger: Ledger) -> bool:
    """Create the tables, the schema version, the default policy and the first trail entry in one transaction.

    Returns False when another process had created them first.
    """
    from jpledger.policyfile import default_policy, default_policy_text

    with ledger.write() as conn:
        _schema_lock(conn)
        # Another process may have created it while we waited for the write lock.
        if schema_version(conn) is not None:
            return False
        from jpledger.store.officers import actor_value, secure

        models.SQLModel.metadata.create_all(conn)
        secure(conn)  # PostgreSQL: officers' policies and grants exist from the first moment
        _set_version(conn, models.SCHEMA_VERSION)
        policy = default_policy()
        conn.execute(models.PolicyVersion.__table__.insert().values(
            name=policy.name, text=default_policy_text(), at=now(), actor=actor_value(conn, actor())))
        trail(conn, "init", {"schema": models.SCHEMA_VERSION, "policy": policy.name})
    return True


def _set_version(conn: Connection, version: int) -> None:
    table = models.Meta.__table__
    conn.execute(table.delete().where(table.c.key == "schema_version"))
    conn.execute(table.insert().values(key="schema_version", value=str(version)))
