"""The quick way into a SQLite ledger for one write, through the standard library (the write's twin of
sql.open_for_reading): `record` starts without loading SQLAlchemy.

The connection is made as the full opening makes it (store/engine.py: never creating the file, the same PRAGMAs,
BEGIN IMMEDIATE behind the same busy wait, lost races of the lock tried again), and driver errors are worded by
the same translate_db_errors (sql.say_failure). Only a plain ledger that needs nothing done first is opened so: an
existing regular file, already in WAL mode, of the current schema with every table and column. Anything else (a
ledger to create, upgrade or refuse, a damaged one, a database server) is left to the full opening, which decides
and explains.
"""

from __future__ import annotations

import sqlite3
from contextlib import contextmanager
from typing import Iterator

from jpledger.store import sql

# A current ledger that lacks one of them is refused by the full opening (schema.missing_parts), so it never gets
# a quick write.
_EVERY_COLUMN = frozenset((table, column) for table, columns in sql.COLUMNS.items() for column in columns)


class WriteConnection(sqlite3.Connection):
    """The standard library's connection of a quick write: what the full opening's Ledger would know of it."""

    command: str | None = None  # the command line, kept with every trail entry (store/trail.py)
    display: str = ""  # the ledger, as messages name it
    wait_s: float


def open_for_writing(location: str | None, command: str | None = None) -> WriteConnection | None:
    """A write transaction (BEGIN IMMEDIATE) on the SQLite ledger at `location` through the standard library, when
    it is a plain current ledger; else None, and the caller opens it fully. A lock still held by another writer
    when the busy wait runs out is LEDGER_BUSY, as on the full opening."""
    path = sql.plain_file(location)
    if path is None:
        return None
    wait_s = sql.busy_timeout()
    conn = None
    try:
        conn = sql.connect_file(path, wait_s, WriteConnection)
        conn.command, conn.display, conn.wait_s = command, str(path), wait_s
        if not sql.in_wal_mode(conn):
            raise sqlite3.DatabaseError("not in WAL mode yet")
    except sqlite3.Error:
        if conn is not None:
            conn.close()
        return None
    try:
        _begin(conn)
    except BaseException as exc:
        conn.close()
        if isinstance(exc, sqlite3.Error) and sql.sqlite_busy(str(exc)):
            sql.say_failure(conn.display, exc)
        if isinstance(exc, sqlite3.Error):
            return None
        raise
    try:
        current = _current(conn)
    except sqlite3.Error:
        current = False
    if not current:
        _end(conn, "ROLLBACK")
        return None
    return conn


def _begin(conn: WriteConnection) -> None:
    """BEGIN IMMEDIATE: the write lock up front, waited for behind busy_timeout; a lock attempt that lost a race is
    tried again until the wait is over, as the full opening does."""
    def busy(exc: Exception) -> bool:
        return isinstance(exc, sqlite3.OperationalError) and sql.sqlite_busy(str(exc))

    sql.retrying(lambda: conn.execute("BEGIN IMMEDIATE"), busy, conn.wait_s)


def _current(conn: WriteConnection) -> bool:
    """Whether the ledger is of the current schema with every table and column: read inside the write
    transaction, so no upgrade can come between."""
    version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    if version != [(str(sql.SCHEMA_VERSION),)]:
        return False
    present = set(conn.execute("SELECT m.name, c.name FROM sqlite_master AS m, pragma_table_info(m.name) AS c "
                               "WHERE m.type = 'table'").fetchall())
    return _EVERY_COLUMN <= present


def _end(conn: WriteConnection, statement: str) -> None:
    try:
        conn.execute(statement)
    except sqlite3.Error:
        pass  # a failed rollback: closing the connection rolls back all the same
    finally:
        conn.close()


@contextmanager
def transaction(conn: WriteConnection) -> Iterator[WriteConnection]:
    """One all-or-nothing write on a connection from open_for_writing: committed when the block ends, rolled back
    if anything in it fails; a driver error is jpledger's error, worded as the full opening words it."""
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        _end(conn, "ROLLBACK")
        if isinstance(exc, (sqlite3.Error, OverflowError)):
            sql.say_failure(conn.display, exc)  # the ledger's path as the full opening names it
        raise
    conn.close()
