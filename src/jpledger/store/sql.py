"""Plain SQL on either back end, and the quick way into a SQLite ledger for a read.

A query is written once, as SQL text with named parameters (`WHERE nip = :nip`; a list or set parameter becomes
`IN (...)`), and runs on whatever connection the command holds: the standard library's sqlite3 connection of a
quick read (`open_for_reading`), or a SQLAlchemy connection (PostgreSQL, every write, and a SQLite ledger that
needed the full opening) through `text()`. Rows come back with the same Python types SQLAlchemy's table types give
(dates, aware UTC datetimes, booleans), converted here by column name, in one place.

Reading a SQLite ledger this way imports neither SQLAlchemy nor anything it brings: an interactive command starts
in a fraction of the time.
"""

from __future__ import annotations

import os
import random
import re
import sqlite3
import stat
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, TypeVar

T = TypeVar("T")

# The schema version models.py and tables.py describe; a change to either is a new version and a migration.
SCHEMA_VERSION = 6


# --- the tables' columns ------------------------------------------------------------------------------------------

# Every table's columns in the order tables.py declares them (tests/test_quick_write.py compares).
COLUMNS = {
    "activity": ("id", "nip", "kind", "code", "form", "title", "start", "end", "year", "international",
                 "units_cents", "jp_cents", "rate_cents", "month_cap", "day_capped_cents", "coach", "coach_nip",
                 "organizer", "ref", "note", "sessions", "minutes", "days", "policy_version", "batch", "fingerprint",
                 "voided", "void_reason", "voided_at", "created_at", "mandiri", "jp_as_given", "verification",
                 "verified_by", "verified_at", "verify_note", "reject_reason", "goal", "actions", "follow_up"),
    "activity_evidence": ("activity_id", "sha256", "name"),
    "batch": ("id", "file", "at", "actor", "staff_added", "staff_updated", "added", "skipped", "reverted_at",
              "revert_reason"),
    "contract": ("id", "nip", "start", "end", "ref", "created_at", "batch"),
    "evidence": ("sha256", "size", "data", "created_at"),
    "meta": ("key", "value"),
    "officer": ("role", "admin", "created_at"),
    "officer_unit": ("role", "unit_code"),
    "policy_version": ("id", "name", "text", "at", "actor", "data"),
    "staff": ("nip", "name", "status", "unit", "position", "rank", "agency", "supervisor", "joined", "left",
              "leave_reason", "created_at", "updated_at", "unit_code", "appointed", "appointed_given"),
    "staff_history": ("id", "nip", "field", "value", "valid_from", "recorded_at", "batch"),
    "trail": ("id", "at", "actor", "action", "detail", "command", "claimed_actor", "units"),
    "unit": ("code", "name", "parent", "created_at"),
    "year_lock": ("year", "reason", "at", "actor", "report"),
}


def columns(table: str) -> str:
    """A table's every column, in order, for SELECT (quoted: `end` and `left` are words of SQL)."""
    return ", ".join(f'"{name}"' for name in COLUMNS[table])


# --- the types of columns, by name (tests/test_sql.py checks them against tables.py) ----------------------------

def day(value) -> date | None:
    """A date column as the driver hands it over (SQLite's ISO text, PostgreSQL's date) as a date."""
    return value if value is None or isinstance(value, date) else date.fromisoformat(value)


def _moment(value) -> datetime:
    if not isinstance(value, datetime):
        value = datetime.fromisoformat(value)
    # Databases without time zones keep UTC without an offset (tables.UTCDateTime).
    return value.replace(tzinfo=UTC) if value.utcoffset() is None else value.astimezone(UTC)


DATES = frozenset({"appointed", "end", "follow_up", "joined", "left", "start", "valid_from"})
MOMENTS = frozenset({"at", "created_at", "recorded_at", "reverted_at", "updated_at", "verified_at", "voided_at"})
FLAGS = frozenset({"admin", "appointed_given", "international", "jp_as_given", "mandiri", "voided"})
CONVERT = {**{n: day for n in DATES}, **{n: _moment for n in MOMENTS}, **{n: bool for n in FLAGS}}


# --- running a query ---------------------------------------------------------------------------------------------

_PARAM = re.compile(r"(?<![:\w]):(\w+)")


def _expand(sql: str, params: dict) -> tuple[str, dict]:
    """`IN :nips` with a list becomes `IN (:nips_0, :nips_1, ...)`, on every back end alike."""
    lists = {k: sorted(v) if isinstance(v, (set, frozenset)) else list(v) for k, v in params.items()
             if isinstance(v, (list, tuple, set, frozenset))}
    if not lists:
        return sql, params
    flat = {k: v for k, v in params.items() if k not in lists}
    for name, values in lists.items():
        flat.update({f"{name}_{i}": v for i, v in enumerate(values)})

    def spelled(found: re.Match) -> str:
        values = lists.get(found[1])
        if values is None:
            return found[0]
        return "(" + (", ".join(f":{found[1]}_{i}" for i in range(len(values))) or "NULL") + ")"

    return _PARAM.sub(spelled, sql), flat


def _sqlite_value(value):
    # SQLAlchemy's Date and DateTime store ISO text in SQLite; the driver's own adapters are deprecated.
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def quick(conn) -> bool:
    """Whether `conn` is the standard library's connection of a quick read of a SQLite ledger."""
    return isinstance(conn, sqlite3.Connection)


def _run(conn, sql: str, params: dict, *, stream: bool = False):
    sql, params = _expand(sql, params)
    for value in params.values():
        if isinstance(value, int) and not -2**63 <= value < 2**63:
            # No column holds it; SQLite's driver refuses it so, and the full opening says NUMBER_TOO_LARGE.
            raise OverflowError("Python int too large to convert to SQLite INTEGER")
    if quick(conn):
        cursor = conn.execute(sql, {k: _sqlite_value(v) for k, v in params.items()})
        return [d[0] for d in cursor.description or ()], cursor
    from sqlalchemy import text

    options = {"stream_results": True} if stream else None
    if conn.dialect.name == "sqlite":
        params = {k: _sqlite_value(v) for k, v in params.items()}
        if all(type(v) in _PLAIN for v in params.values()):
            # Bound by the driver's own named parameters, as on a quick read: compiling the text first costs more
            # than the query when an IN list names hundreds of people.
            result = conn.exec_driver_sql(sql, params, execution_options=options)
            return (list(result.keys()) if result.returns_rows else []), result
    result = conn.execute(text(sql), params, execution_options=options)
    return (list(result.keys()) if result.returns_rows else []), result


_PLAIN = frozenset({str, int, float, bool, type(None)})  # what SQLite's driver binds as it is


def tuples(conn, sql: str, /, **params) -> Iterator[tuple]:
    """The rows of a query as tuples, typed, as they come (a national year is not held twice)."""
    names, cursor = _run(conn, sql, params)
    convert = [(i, CONVERT[name]) for i, name in enumerate(names) if name in CONVERT]
    if not convert:
        yield from (tuple(row) for row in cursor)
        return
    for row in cursor:
        row = list(row)
        for i, to in convert:
            if row[i] is not None:
                row[i] = to(row[i])
        yield tuple(row)


def rows(conn, sql: str, /, **params) -> list[dict]:
    """The rows of a query as dicts keyed by column name, typed."""
    names, cursor = _run(conn, sql, params)
    convert = [(name, CONVERT[name]) for name in names if name in CONVERT]
    out = []
    for row in cursor:
        row = dict(zip(names, row))
        for name, to in convert:
            if row[name] is not None:
                row[name] = to(row[name])
        out.append(row)
    return out


def first(conn, sql: str, /, **params) -> dict | None:
    found = rows(conn, sql, **params)
    return found[0] if found else None


def scalar(conn, sql: str, /, **params) -> Any:
    for row in tuples(conn, sql, **params):
        return row[0]
    return None


def batches(conn, sql: str, size: int, /, **params) -> Iterator[list[tuple]]:
    """The rows of a query in lists of `size`, as the driver gives them (no conversion: a date may be ISO text, a
    flag 0 or 1): for a query that reads a national year, without a Row object per row or the year held twice.

    SQLite's rows are read from the driver's cursor, also under SQLAlchemy, whose result buffers nothing there;
    PostgreSQL's come from a server-side cursor through SQLAlchemy's result, which has already buffered its first
    rows (reading the driver's cursor beside it would lose them)."""
    if quick(conn) or conn.dialect.name == "sqlite":
        _, result = _run(conn, sql, params)
        cursor = result if quick(conn) else result.cursor
        parts = iter(lambda: cursor.fetchmany(size), [])
    else:
        _, result = _run(conn, sql, params, stream=True)
        parts = result.partitions(size)
    try:
        yield from parts
    finally:
        try:
            result.close()
        except sqlite3.ProgrammingError:
            pass  # the connection was closed first: its reader stopped reading (`| head`), and so did the rows


def execute(conn, sql: str, /, **params) -> int:
    """A statement that returns no rows; the number of rows it changed."""
    _, cursor = _run(conn, sql, params)
    return cursor.rowcount


def execute_many(conn, sql: str, rows: list[dict], /) -> None:
    """One statement run for each of `rows` (dicts of named parameters), in one batch: no IN lists here."""
    if not rows:
        return
    if quick(conn):
        conn.executemany(sql, [{k: _sqlite_value(v) for k, v in row.items()} for row in rows])
        return
    from sqlalchemy import text

    if conn.dialect.name == "sqlite":
        rows = [{k: _sqlite_value(v) for k, v in row.items()} for row in rows]
    conn.execute(text(sql), rows)


def on_sqlite(conn) -> bool:
    """Whether `conn` reads a SQLite ledger, quickly or through SQLAlchemy: SQL that differs is chosen by it."""
    return quick(conn) or conn.dialect.name == "sqlite"


def one_snapshot(conn) -> bool:
    """Whether every statement on `conn` reads the same snapshot of the ledger: any SQLite transaction, and on
    PostgreSQL a read of the full opening (Ledger.read: REPEATABLE READ)."""
    return on_sqlite(conn) or conn.get_execution_options().get("isolation_level") in ("REPEATABLE READ",
                                                                                        "SERIALIZABLE")


IN_CHUNK = 500  # bound parameters per IN (...), well under every back end's limit


def chunks(items: Iterable, size: int = IN_CHUNK) -> Iterator[list]:
    """`items` in lists of at most `size`: one IN (...) each."""
    items = list(items)
    for at in range(0, len(items), size):
        yield items[at:at + size]


# --- the quick way into a SQLite ledger ---------------------------------------------------------------------------

DEFAULT_DB = "jpledger.db"
BUSY_TIMEOUT_S = 30.0


def resolve_location(option: str | None) -> str:
    """--db beats JPLEDGER_DB beats ./jpledger.db."""
    return option or os.environ.get("JPLEDGER_DB") or DEFAULT_DB


def busy_timeout() -> float:
    """How long a writer waits for another to finish: JPLEDGER_BUSY_TIMEOUT seconds, else 30.

    A cron job that must not give up may wait longer; a script that must not hang, shorter.
    """
    from jpledger.errors import UsageError

    raw = os.environ.get("JPLEDGER_BUSY_TIMEOUT")
    if not raw:
        return BUSY_TIMEOUT_S
    try:
        seconds = float(raw)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds <= 86400:
        raise UsageError("BUSY_TIMEOUT_INVALID", value=raw)
    return seconds


def sqlite_busy(message: str) -> bool:
    """Whether SQLite's words say another connection holds the lock (the wait for it ran out, or was cut short)."""
    return "database is locked" in message or "database is busy" in message or "database table is locked" in message


def plain_file(location: str | None) -> Path | None:
    """The file a ledger location names when it is an existing regular file with something in it (never a URL):
    the only ledger the standard library opens; the full opening judges anything else."""
    where = resolve_location(location)
    if "://" in where:
        return None
    path = Path(where)
    try:
        found = path.stat()
    except (OSError, ValueError):
        return None
    return path if stat.S_ISREG(found.st_mode) and found.st_size > 0 else None


def _null(value: None) -> None:
    return None


# Python's SQLite driver finds no adapter for None or a boolean in its registry and then looks for one on the value
# by a path that raises and clears an AttributeError each time: a NULL bound five times slower than an integer, a
# good part of inserting a national roster's entries. Registered, they are found at the first look and bind as
# before, NULL and 0 or 1. The registry is the driver's, for the whole process: nothing binds differently.
sqlite3.register_adapter(type(None), _null)
sqlite3.register_adapter(bool, int)


def connect_file(path: Path, wait_s: float, factory: type = sqlite3.Connection) -> sqlite3.Connection:
    """A connection to the SQLite ledger file at `path`, made the one way every way in makes it (the full opening's
    engine, the quick read, the quick write).

    mode=rw: the driver never creates a missing file (it would with the umask's permissions; creating a ledger is
    the full opening's job). isolation_level=None: jpledger, not the driver, begins transactions. A lock is waited
    for `wait_s` seconds, foreign keys hold, and synchronous FULL makes a change reported as written survive a power
    cut too, not only a crash (one sync per command, which nobody at a terminal notices).
    """
    from urllib.parse import quote

    conn = sqlite3.connect(f"file:{quote(str(path))}?mode=rw", uri=True, timeout=wait_s, isolation_level=None,
                           check_same_thread=False, factory=factory)
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(wait_s * 1000)}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
    except BaseException:
        conn.close()
        raise
    return conn


def in_wal_mode(conn: sqlite3.Connection) -> bool:
    """Whether the ledger already logs ahead (WAL). The full opening sets it, once, after it judged the schema: until
    then the ledger is the full opening's to open."""
    return str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal"


def retrying(attempt: Callable[[], T], lost: Callable[[Exception], bool], wait_s: float) -> T:
    """`attempt()` again while it loses a race (`lost(exc)`: another connection held the lock), for at most `wait_s`
    seconds in all. Random pauses, doubling up to a second, keep two losers from colliding again in step."""
    deadline = time.monotonic() + wait_s
    pause = 0.02
    while True:
        try:
            return attempt()
        except Exception as exc:
            if not lost(exc) or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause * random.uniform(0.5, 1.5))
        pause = min(pause * 2, 1.0)


def open_for_reading(location: str | None) -> sqlite3.Connection | None:
    """A read transaction on the SQLite ledger at `location` through the standard library, when it is a plain
    current-schema ledger that needs nothing done first; else None, and the full opening (store/engine.py) decides:
    it creates, upgrades, refuses or explains (a missing ledger, a folder, a device, not a ledger, a newer schema).

    The connection is made as the full opening makes it (never creating the file, the same busy wait); the caller
    closes it.
    """
    path = plain_file(location)
    if path is None:
        return None
    conn = None
    try:
        conn = connect_file(path, busy_timeout())
        conn.execute("BEGIN")
        if not in_wal_mode(conn):
            raise sqlite3.DatabaseError("not in WAL mode yet")
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
        if version != [(str(SCHEMA_VERSION),)]:
            raise sqlite3.DatabaseError("not the current schema")
    except sqlite3.Error:
        if conn is not None:
            conn.close()
        return None
    return conn


def read_quickly(location: str | None, work):
    """`work(conn)` on a quick read of the SQLite ledger, or NO_QUICK_READ when there is none to be had (the caller
    then reads through the full opening). A driver error on the way (a busy file, a damaged page) is also left to
    the full opening, which words it as every other command does: a read changes nothing, so it runs again."""
    conn = open_for_reading(location)
    if conn is None:
        return NO_QUICK_READ
    try:
        return work(conn)
    except (sqlite3.Error, OverflowError):  # an id past 64 bits too: the full opening says NUMBER_TOO_LARGE
        return NO_QUICK_READ
    finally:
        conn.close()


NO_QUICK_READ = object()


def say_failure(location: str | None, exc: Exception):
    """Raise jpledger's error for a driver error met on a quick read, worded as the full opening words it (the
    same code, exit code and message). Only this path loads SQLAlchemy, whose error classes the wording reads."""
    from jpledger.store.engine import _wrapped
    from jpledger.store.transactions import translate_db_errors

    where = str(Path(resolve_location(location)))  # as the full opening names a ledger file
    with translate_db_errors(where, busy_timeout(), Path(where).parent):
        raise exc if isinstance(exc, OverflowError) else _wrapped(exc, "")

