"""Inserting many rows at once, fast on SQLite and PostgreSQL and plain everywhere else."""

from __future__ import annotations

import itertools
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy.engine import Connection

_temporary = itertools.count(1)


def insert_many(conn: Connection, table, names: tuple[str, ...], rows: list[tuple], same: dict) -> None:
    """One executemany of `rows` (tuples of column `names`), each with the values `same` for more columns.

    On SQLite the tuples go to the driver directly (`_sqlite_insert`): SQLAlchemy's per-row parameter handling
    costs more than the insert itself.
    On PostgreSQL they are copied (COPY): straight into the table for a role its row-level security does not apply
    to (the ledger's owner), else into a temporary table and inserted from there in one statement.
    """
    if conn.dialect.name == "postgresql":
        secured = conn.exec_driver_sql("SELECT row_security_active(%(table)s)", {"table": table.name}).scalar()
        (_copy_then_insert if secured else _copy)(conn, table, names, rows, same)
        if not secured:
            _statistics_renewed(conn, table, len(rows))
        return
    if conn.dialect.name != "sqlite":
        conn.execute(table.insert(), [dict(zip(names, row)) | same for row in rows])
        return
    _sqlite_insert(conn, table, names, rows, same)


# Rows an insert adds, at the least, before PostgreSQL gathers the table's statistics again at once.
_RENEW_STATISTICS_ROWS = 1000


def _statistics_renewed(conn: Connection, table, adding: int) -> None:
    """On PostgreSQL, the planner's statistics of `table` gathered again (ANALYZE) when the `adding` rows just
    copied in are a thousand or more and at least as many as it held at its last count, or it has no statistics
    yet: a first roster, a national one above all.

    The planner chooses how to join, group and sort a table from its statistics. Without them, the audit of a
    national year straight after its import took 10 s instead of 7 s, until autovacuum gathered them a minute or so
    later. ANALYZE reads a sample of the table's rows, this transaction's among them. The statistics themselves are
    committed or rolled back with the import; the row count it leaves in pg_class is not (PostgreSQL writes it in
    place), so a table whose statistics an import's rollback took away is analysed again by the next large one. Only
    the table's owner may run it: the caller copied straight into the table. It holds a lock that lets reads and
    writes through, and makes another import's ANALYZE of the same table wait for this one's commit.
    """
    if adding < _RENEW_STATISTICS_ROWS:
        return
    held, gathered = conn.exec_driver_sql(
        "SELECT c.reltuples, EXISTS (SELECT 1 FROM pg_stats AS s WHERE s.schemaname = n.nspname "
        "AND s.tablename = c.relname) FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace "
        "WHERE c.oid = %(table)s::regclass", {"table": table.name}).one()  # reltuples -1: never counted
    if adding >= (held or 0) or not gathered:
        conn.exec_driver_sql(f"ANALYZE {conn.dialect.identifier_preparer.quote(table.name)}")


# Rows handed to SQLite's driver at a time: enough that a call's own cost does not count, few enough that a
# national roster is never held twice over while it is bound.
_SLICE = 20_000


def _sqlite_insert(conn: Connection, table, names: tuple[str, ...], rows: list[tuple], same: dict) -> None:
    """`insert_many` on SQLite: the rows a slice at a time, each slice bound column by column.

    Every value passes through its column's own bind processor (dates to ISO text, booleans to 0 and 1), as
    SQLAlchemy would pass it, once per distinct value of a column in a slice. A column empty in every row of a
    slice and without a default of its own is left out of that slice's statement: it is NULL either way, and the
    driver binds a NULL, like a boolean, by a slower path than a number or a text.
    """
    from itertools import repeat

    if not rows:
        return
    dialect = conn.dialect
    quote = dialect.identifier_preparer.quote
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names]
    tail = []
    for name, value in same.items():
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        tail.append(value if value is None or process is None else process(value))
    with_default = {name for _, name, _, _, default, _ in
                    conn.exec_driver_sql(f"PRAGMA table_info({quote(table.name)})") if default is not None}
    for begin in range(0, len(rows), _SLICE):
        columns = list(zip(*rows[begin:begin + _SLICE]))
        height = len(columns[0])
        kept, values = [], []
        for name, process, column in zip(names, processors, columns):
            if column[0] is None and column.count(None) == height and name not in with_default:
                continue
            if process is not None:
                done = {value: process(value) for value in set(column) if value is not None}
                column = map(done.get, column)  # None stays None
            kept.append(name)
            values.append(column)
        quoted = ", ".join(quote(name) for name in (*kept, *same))
        conn.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({quoted}) VALUES "
                             f"({', '.join('?' * (len(kept) + len(same)))})",
                             list(zip(*values, *map(repeat, tail))))


# How much of what one write changes SQLite may hold in memory until it commits, in KiB (its default is 2 MiB).
_WRITE_CACHE_KIB = 256 << 10


def pages_held(conn: Connection) -> None:
    """On SQLite, let this write keep up to 256 MiB of the pages it changes in memory until it commits.

    With the default 2 MiB a national roster's rows spill to the -wal file while they go in, and building the
    indexes then reads them back from there; the commit writes the same pages either way. Memory is taken only as
    pages are changed, and given back when the connection closes after its transaction (the engine pools none).
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(f"PRAGMA cache_size = -{_WRITE_CACHE_KIB}")


@contextmanager
def indexes_set_aside(conn: Connection, table, adding: int) -> Iterator[bool]:
    """On SQLite, the table's indexes dropped while `adding` rows go in, and built again once they are in.

    Building an index over rows already in place is several times faster than growing it row by row; but building
    means reading again what the table held before, so it is done only when the new rows outnumber the old. The
    indexes are read from the ledger itself, as its schema made them, and dropped and made again inside the
    caller's transaction: a failed import leaves them as they were. Yields whether they were set aside (when not,
    rows inserted in index order land beside their neighbours).
    """
    if conn.dialect.name != "sqlite" or not adding:
        yield False
        return
    driver = conn.connection.driver_connection
    held = driver.execute(f"SELECT max(rowid) FROM {table.name}").fetchone()[0] or 0
    if adding <= held:
        yield False
        return
    indexes = driver.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                             "AND sql IS NOT NULL", (table.name,)).fetchall()
    quote = conn.dialect.identifier_preparer.quote
    for name, _ in indexes:
        conn.exec_driver_sql(f"DROP INDEX {quote(name)}")
    yield True
    for _, sql in indexes:
        conn.exec_driver_sql(sql)


def _copy(conn: Connection, table, names: tuple[str, ...], rows: list[tuple], same: dict) -> None:
    """COPY straight into `table`, with the values `same` (through their columns' bind processors, as an INSERT
    would pass them) at the end of every row. An error of the server comes out as SQLAlchemy's, as from any other
    statement, so that a lost race is run again and a full disk is said as one."""
    import psycopg
    from sqlalchemy.exc import DBAPIError

    dialect = conn.dialect

    def bound(name: str, value):
        process = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
        return value if value is None or process is None else process(value)

    tail = tuple(bound(name, value) for name, value in same.items())
    quote = dialect.identifier_preparer.quote
    statement = f"COPY {quote(table.name)} ({', '.join(quote(name) for name in (*names, *same))}) FROM STDIN"
    try:
        with conn.connection.driver_connection.cursor() as cursor:
            with cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row((*row, *tail))
    except psycopg.Error as exc:
        raise DBAPIError.instance(statement, None, exc, psycopg.Error) from None


def _copy_then_insert(conn: Connection, table, names: tuple[str, ...], rows: list[tuple], same: dict) -> None:
    """COPY into a temporary table, then INSERT ... SELECT into `table`.

    COPY is PostgreSQL's fast way in, several times faster than inserting row by row; but COPY into a table under
    row-level security is refused, so the rows land in a temporary table first and the INSERT that moves them
    meets the officers' policies like any other (store/officers.py).
    """
    from sqlalchemy import Column, MetaData, Table, cast, literal, select

    quote = conn.dialect.identifier_preparer.quote
    temporary = f"jpledger_copy_{next(_temporary)}"
    columns = ", ".join(quote(name) for name in names)
    conn.exec_driver_sql(f"CREATE TEMPORARY TABLE {temporary} ON COMMIT DROP AS "
                         f"SELECT {columns} FROM {quote(table.name)} WITH NO DATA")
    with conn.connection.driver_connection.cursor() as cursor:
        with cursor.copy(f"COPY {temporary} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    source = Table(temporary, MetaData(), *(Column(name, table.c[name].type) for name in names))
    values = [cast(literal(value, type_=table.c[name].type), table.c[name].type) for name, value in same.items()]
    conn.execute(table.insert().from_select([*names, *same], select(*source.c, *values)))
    conn.exec_driver_sql(f"DROP TABLE {temporary}")
