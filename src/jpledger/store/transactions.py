"""Reading and writing an open ledger: one transaction at a time, lost races run again, driver errors said as
jpledger's errors, and the trail written in the same transaction as the change it records."""

from __future__ import annotations

import errno
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DatabaseError, OperationalError

from jpledger.errors import LedgerBusy, LedgerError, UsageError
from jpledger.store.sql import BUSY_TIMEOUT_S, busy_timeout, retrying, sqlite_busy  # noqa: F401 (their home before)
from jpledger.store.trail import actor, now, trail  # noqa: F401 (their home before)

T = TypeVar("T")


class Ledger:
    """An open ledger: an engine plus what every command needs to read and write it.

    `command` is the command line that opened it; every trail entry written through `write()` carries it.
    `display` names the ledger in messages (a URL without its password).
    """

    def __init__(self, engine: Engine, location: str, created: bool = False, command: str | None = None, *,
                 display: str | None = None, folder: Path | None = None):
        self.engine = engine
        self.location = location
        self.created = created
        self.command = command
        self.display = display or location
        self.folder = folder  # the folder of a ledger file, to tell a full disk from other I/O errors
        self.wait_s = busy_timeout()

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One all-or-nothing write: committed when the block ends, rolled back if anything in it fails.

        Waiting for the write lock happens here, before the block runs, so a lock attempt that lost a race is
        simply tried again. A transaction that loses a race after it began raises LedgerBusy; use
        `write_retrying` for a body that is safe to run again.
        """
        with translate_db_errors(self.display, self.wait_s, self.folder):
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
        with translate_db_errors(self.display, self.wait_s, self.folder):
            with self.engine.connect() as conn:
                # One snapshot for every statement of the read: a report's figures are of one moment whatever
                # commits meanwhile. SQLite's BEGIN (engine.py) gives it; on PostgreSQL, READ COMMITTED would give
                # each statement its own, and the server holds the read to reading, so it never fails to serialise.
                server = {} if self.is_sqlite else {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
                yield conn.execution_options(read_only=True, **server)

    def close(self) -> None:
        self.engine.dispose()


# Lost races: SQLite's busy/locked (the wait ran out, or was cut short) and PostgreSQL's serialization failure,
# deadlock and lock-not-available. All of them roll the transaction back, so running it again is safe.
_RACE_SQLSTATES = {"40001", "40P01", "55P03"}
_INSUFFICIENT_PRIVILEGE = "42501"
_OUT_OF_RANGE = "22003"  # numeric_value_out_of_range
_FULL_SQLSTATES = {"53100"}  # PostgreSQL's disk_full
# Less room than this left beside a ledger whose write failed with an I/O error: the disk is full.
_LITTLE_ROOM = 1 << 20
# A table or column the statement names is not there: PostgreSQL's undefined_table and undefined_column, and
# SQLite's words for the same.
_MISSING_SQLSTATES = {"42P01", "42703"}
_SQLITE_MISSING = ("no such table", "no such column", "has no column named")


def _busy(exc: BaseException) -> bool:
    orig = getattr(exc, "orig", None) or exc
    return isinstance(exc, OperationalError) and sqlite_busy(str(orig))


def _sqlstate(exc: BaseException) -> str | None:
    orig = getattr(exc, "orig", None) or exc
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)


def _lost_race(exc: BaseException) -> bool:
    return isinstance(exc, LedgerBusy) or _busy(exc) or _sqlstate(exc) in _RACE_SQLSTATES


def _retry_lost_races(attempt: Callable[[], T], wait_s: float) -> T:
    """Call `attempt` until it does not lose a race, for at most `wait_s` seconds in all."""
    return retrying(attempt, _lost_race, wait_s)


def disk_full(exc: BaseException, folder: Path | None = None) -> bool:
    """Whether a failed write ran out of room: a full disk or a quota, as the system or the database says it.

    SQLite says "disk I/O error" when it cannot grow its shared-memory file on a full disk, and may say it for
    other failed writes too: those count as full when the ledger's folder has almost no room left.
    """
    if isinstance(exc, OSError):
        return exc.errno in (errno.ENOSPC, errno.EDQUOT)
    orig = getattr(exc, "orig", None) or exc
    name = getattr(orig, "sqlite_errorname", None) or ""
    if name in ("SQLITE_FULL", "SQLITE_IOERR_SHMSIZE") or _sqlstate(exc) in _FULL_SQLSTATES:
        return True
    return name.startswith("SQLITE_IOERR") and folder is not None and _room(folder) < _LITTLE_ROOM


def _room(folder: Path) -> int:
    try:
        found = os.statvfs(folder)
    except OSError:
        return _LITTLE_ROOM  # cannot tell: not full as far as anyone knows
    return found.f_bavail * found.f_frsize


@contextmanager
def translate_db_errors(where: str, wait_s: float = BUSY_TIMEOUT_S, folder: Path | None = None) -> Iterator[None]:
    """jpledger's error for a database error in the block; `folder` holds the ledger file, where there is one."""
    # Only the first line of a driver message: PostgreSQL's second line (DETAIL) may quote a NIP or a name.
    try:
        yield
    except DatabaseError as exc:
        if _sqlstate(exc) == _OUT_OF_RANGE:
            raise UsageError("NUMBER_TOO_LARGE") from None
        if _sqlstate(exc) == _INSUFFICIENT_PRIVILEGE:
            # PostgreSQL's GRANTs and row-level security said no to this role (store/officers.py).
            raise UsageError("DATABASE_REFUSED", reason=first_line(exc)) from None
        if disk_full(exc, folder):
            raise LedgerError("DISK_FULL", path=where) from None
        if _busy(exc):
            raise LedgerBusy("LEDGER_BUSY", ledger=where, seconds=f"{wait_s:g}") from None
        if _lost_race(exc):
            raise LedgerBusy("LOST_RACE", ledger=where) from None
        if _sqlstate(exc) in _MISSING_SQLSTATES or (isinstance(exc, OperationalError)
                                                    and any(words in first_line(exc) for words in _SQLITE_MISSING)):
            raise LedgerError("SCHEMA_DAMAGED", ledger=where, reason=first_line(exc)) from None
        if isinstance(exc, OperationalError):  # cannot open, disk full, I/O error: the file may be fine
            raise LedgerError("DATABASE_FAILED", ledger=where, reason=first_line(exc)) from None
        raise LedgerError("DATABASE_DAMAGED", ledger=where, reason=first_line(exc)) from None
    except OverflowError:
        # SQLite's driver refuses integers past 64 bits (PostgreSQL says _OUT_OF_RANGE): an absurd id or count
        # typed on the command line, not a problem of the ledger.
        raise UsageError("NUMBER_TOO_LARGE") from None


def first_line(exc: Exception) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__
