"""Finding, opening and creating a ledger: a SQLite file, or a database server named by a URL."""

from __future__ import annotations

import os
import stat
import tempfile
import weakref
from pathlib import Path

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError, OperationalError

from jpledger.errors import LedgerError, UsageError
from jpledger.store.schema import create_schema, prepare_schema
from jpledger.store.sql import connect_file, resolve_location
from jpledger.store.transactions import Ledger, busy_timeout, disk_full, sqlite_busy, translate_db_errors


def is_url(location: str) -> bool:
    return "://" in location


def safe_url(location: str) -> str:
    """A URL fit for messages: never the password."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(location).render_as_string(hide_password=True)
    except Exception:
        return location.split("://", 1)[0] + "://…"


def open_ledger(location: str | None, *, create: bool, command: str | None = None, prepare: bool = True) -> Ledger:
    """Open the ledger; create it when `create` (commands that write), else refuse a missing one (exit 4).

    `prepare` upgrades an older schema and refuses a newer one; `jpledger check` opens without it, to report
    what it finds instead. `command` is the command line recorded with every trail entry.
    """
    where = resolve_location(location)
    path = sqlite_file(where)
    if path is None:
        return _open_url(where, create=create, command=command, prepare=prepare)
    return _open_sqlite(path, create=create, command=command, prepare=prepare,
                        display=safe_url(where) if is_url(where) else str(path))


def sqlite_file(location: str) -> Path | None:
    """The SQLite file a location names, as a path or as a `sqlite:///PATH` URL; None for a server's URL.

    A file named by URL is opened and created exactly as one named by its path (owner-only, WAL, a backup
    before an upgrade): the driver would otherwise create it with whatever permissions the umask leaves.
    """
    if not is_url(location):
        return Path(location)
    from sqlalchemy.engine import make_url

    try:
        url = make_url(location)
    except Exception:  # malformed: opening it as a URL says what is wrong
        return None
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if url.query or url.database.startswith("file:"):
        raise UsageError("SQLITE_URL_OPTIONS", url=safe_url(location))
    return Path(url.database)


def ledger_exists(location: str | None) -> bool:
    """Whether there is a ledger to read, creating nothing (an import checks its rows before it may create one)."""
    where = resolve_location(location)
    path = sqlite_file(where)
    if path is not None:
        return path.is_file() and path.stat().st_size > 0
    ledger = _open_url(where, create=True, command=None, prepare=False)
    try:
        with ledger.read() as conn:
            return inspect(conn).has_table("meta")
    finally:
        ledger.close()


# --- a database server -----------------------------------------------------------------------------------

# The engines this process opened on a database server. Their pools keep a connection after a command's transaction
# ends; Python's own ending closes it, and `cli.run()`, which ends the process without that, asks `close_servers()`.
_SERVERS: weakref.WeakSet = weakref.WeakSet()


def close_servers() -> None:
    """Close the pooled connections of every server engine still open, telling each server goodbye."""
    for engine in list(_SERVERS):
        engine.dispose()


def _open_url(url: str, *, create: bool, command: str | None, prepare: bool) -> Ledger:
    try:
        engine = create_engine(url, pool_pre_ping=True)
    except Exception as exc:  # unknown driver, malformed URL
        reason = (str(exc).splitlines() or [""])[0]
        raise LedgerError("DATABASE_URL_UNUSABLE", url=safe_url(url), reason=reason) from None
    _SERVERS.add(engine)
    ledger = Ledger(engine, url, command=command, display=safe_url(url))
    try:
        with engine.connect():
            pass
    except Exception as exc:
        raise LedgerError("DATABASE_UNREACHABLE", url=safe_url(url), reason=_connect_reason(exc)) from None
    with translate_db_errors(ledger.display, ledger.wait_s):
        if not inspect(engine).has_table("meta"):
            if not create:
                raise LedgerError("NO_LEDGER_AT_URL", url=safe_url(url))
        else:
            from jpledger.store.officers import refuse_strangers

            with engine.connect() as conn:
                refuse_strangers(conn)
        if prepare and prepare_schema(ledger, None, whole=create):
            ledger.created = True
    return ledger


def _connect_reason(exc: Exception) -> str:
    """The driver's cause in one line ("Connection refused", "database x does not exist"), never a password."""
    orig = getattr(exc, "orig", None) or exc
    text = " ".join(str(orig).split()) or type(orig).__name__
    # libpq repeats "connection to server at ... failed:" before the cause; the cause is what helps.
    cause = text.rsplit(" failed: ", 1)[-1]
    return cause.replace("FATAL: ", "").split(" Is the server running")[0].strip()


# --- SQLite-only section -------------------------------------------------------------------------
# Everything specific to SQLite lives here: creating the file owner-only and in one step, WAL, the busy
# wait, and BEGIN IMMEDIATE so that two writers queue for the lock instead of failing on upgrade.

def _sqlite_engine(path: Path, wait_s: float) -> Engine:
    from sqlalchemy.pool import NullPool

    # NullPool: a command holds a connection only while it reads or writes, so nothing stays open (and no
    # -wal file stays behind) between transactions or after a command, even when many run in one process.
    # The connection is made as the quick read and the quick write make theirs (sql.connect_file); SQLAlchemy, not
    # the driver, decides when transactions begin.
    engine = create_engine("sqlite://", creator=lambda: connect_file(path, wait_s), poolclass=NullPool)

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
        if not sqlite_busy(str(exc)):
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
    """A driver error met on a raw connection, as SQLAlchemy would have raised it, for translate_db_errors."""
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
        raise UsageError("FOLDER_MISSING", folder=target.parent) from None
    except OSError as exc:
        if disk_full(exc):
            raise UsageError("DISK_FULL", path=target) from None
        raise UsageError("COPY_FOLDER_UNWRITABLE", folder=target.parent, reason=exc.strerror) from None
    os.close(fd)
    partial = Path(name)
    try:
        partial.unlink()  # VACUUM INTO wants to create it; _sqlite_vacuum_into does so owner-only
        try:
            _sqlite_vacuum_into(ledger, partial)
        except DatabaseError as exc:
            if disk_full(exc):  # the copy's disk, which need not be the ledger's
                raise UsageError("DISK_FULL", path=target) from None
            raise
        try:
            if replace:
                os.replace(partial, target)
            else:
                os.link(partial, target)
        except FileExistsError:
            raise UsageError("FILE_EXISTS_FORCE", file=target) from None
        except OSError as exc:
            raise UsageError("DISK_FULL" if disk_full(exc) else "CANNOT_WRITE", path=target,
                             reason=exc.strerror) from None
    finally:
        partial.unlink(missing_ok=True)


def _sqlite_checkpoint(ledger: Ledger) -> None:
    """Move everything from the -wal file into the ledger file itself, or fail."""
    import sqlite3

    raw = ledger.engine.raw_connection()
    try:
        busy, _, _ = raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    except sqlite3.Error as exc:  # a full disk, met while the new ledger is moved out of its -wal file
        raise _wrapped(exc, "PRAGMA wal_checkpoint") from None
    finally:
        raw.close()
    if busy:
        raise LedgerError("LEDGER_CHECKPOINT_BUSY", ledger=ledger.display)


def _sqlite_side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _create_sqlite_ledger(path: Path, command: str | None) -> bool:
    """Build a complete ledger beside `path`, then put it in place in one step; False if another was first.

    Nobody ever sees a half-made ledger: not another process opening the same path a moment later (it finds
    either nothing or a finished ledger), and not the next command after this one failed or was killed (a
    failed build leaves only its own temporary file, which is removed).
    """
    try:
        # mkstemp: a fresh name nobody else uses, created owner-only (0600) whatever the umask.
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".creating")
    except FileNotFoundError:
        raise UsageError("LEDGER_FOLDER_MISSING", folder=path.parent, path=path) from None
    except OSError as exc:
        if disk_full(exc):
            raise LedgerError("DISK_FULL", path=path) from None
        raise LedgerError("LEDGER_CANNOT_CREATE", path=path, reason=exc.strerror) from None
    os.close(fd)
    building = Path(name)
    try:
        ledger = Ledger(_sqlite_engine(building, busy_timeout()), str(path), command=command, folder=path.parent)
        try:
            with translate_db_errors(str(path), ledger.wait_s, ledger.folder):
                _sqlite_use_wal(ledger)
                create_schema(ledger)
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


def _open_sqlite(path: Path, *, create: bool, command: str | None, prepare: bool, display: str) -> Ledger:
    found = _regular_file_or_nothing(path, create=create)
    created = False
    empty = found is not None and found.st_size == 0
    if found is None:
        if not create:
            raise LedgerError("NO_LEDGER", path=path)
        created = _create_sqlite_ledger(path, command)
    elif empty and not create:
        # What a `touch` leaves: SQLite would take it for a new database, so a read would quietly create a
        # ledger (with the file's permissions) instead of saying there is none.
        raise LedgerError("LEDGER_FILE_EMPTY", path=path)
    ledger = Ledger(_sqlite_engine(path, busy_timeout()), str(path), created=created, command=command,
                    display=display, folder=path.parent)
    if prepare:
        try:
            if empty:
                os.chmod(path, 0o600)
            with translate_db_errors(ledger.display, ledger.wait_s, ledger.folder):
                if prepare_schema(ledger, lambda version: _sqlite_backup_before_upgrade(ledger, path, version),
                                  whole=create):
                    ledger.created = True
                _sqlite_use_wal(ledger)
        except BaseException:
            ledger.close()
            raise
    return ledger


def _regular_file_or_nothing(path: Path, *, create: bool) -> os.stat_result | None:
    """The ledger file's status, or None when there is none yet; anything else at `path` is refused untouched.

    A named pipe or a device at the ledger's path is no ledger, and a refused command changes nothing, not even a
    mode (made owner-only, /dev/null would break the machine for every other user).
    """
    try:
        found = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        _folder_for(path, create=create)
        return None
    except (OSError, ValueError) as exc:
        raise LedgerError("LEDGER_CANNOT_OPEN", path=path, reason=getattr(exc, "strerror", None) or exc) from None
    if stat.S_ISDIR(found.st_mode):
        raise LedgerError("LEDGER_IS_FOLDER", path=path)
    if not stat.S_ISREG(found.st_mode):
        raise LedgerError("LEDGER_NOT_A_FILE", path=path)
    return found


def _folder_for(path: Path, *, create: bool) -> None:
    """Refuse a ledger path whose folder is missing (when creating: jpledger never creates folders) or is a file.

    Creating in a folder that is not there is a mistake in the command (exit 2); reading there is a ledger
    that is not there (exit 4), as for any other missing file.
    """
    wrong = UsageError if create else LedgerError
    folder = path.parent
    try:
        if folder.is_dir():
            return
    except OSError:
        return  # unreadable: creating or opening says what the system says
    for above in (folder, *folder.parents):
        if above.exists():
            if not above.is_dir():
                raise wrong("LEDGER_FOLDER_IS_FILE", folder=above, path=path)
            break
    if create:
        raise wrong("LEDGER_FOLDER_MISSING", folder=folder, path=path)


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
            if disk_full(exc):
                raise LedgerError("DISK_FULL", path=backup) from None
            raise LedgerError("UPGRADE_BACKUP_FAILED", path=path, backup=backup, reason=exc.strerror) from None
    raise LedgerError("UPGRADE_TOO_MANY_BACKUPS", path=path)

# --- end of the SQLite-only section ---------------------------------------------------------------
