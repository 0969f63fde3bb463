"""Inserting many rows at once, fast on SQLite and plain everywhere else."""

from __future__ import annotations

from sqlalchemy.engine import Connection


def insert_many(conn: Connection, table, names: tuple[str, ...], rows: list[tuple], same: dict) -> None:
    """One executemany of `rows` (tuples of column `names`), each with the values `same` for more columns.

    On SQLite the tuples go to the driver directly: SQLAlchemy's per-row parameter handling costs more than the
    insert itself. Values still pass through the columns' own bind processors, once per distinct value; booleans
    need none, as the driver stores them as the 0 and 1 the processor would make of them.
    """
    if conn.dialect.name != "sqlite":
        conn.execute(table.insert(), [dict(zip(names, row)) | same for row in rows])
        return
    from sqlalchemy import Boolean

    def processor(name: str):
        kind = table.c[name].type
        return None if isinstance(kind, Boolean) else kind.dialect_impl(conn.dialect).bind_processor(conn.dialect)

    tail = tuple(value if value is None or processor(name) is None else processor(name)(value)
                 for name, value in same.items())
    converting = [(i, process, {}) for i, process in enumerate(map(processor, names)) if process is not None]

    def prepare(row: tuple) -> tuple:
        out = list(row)
        for i, process, done in converting:
            value = out[i]
            if value is not None:
                try:
                    out[i] = done[value]
                except KeyError:
                    out[i] = done[value] = process(value)
        out.extend(tail)
        return tuple(out)

    quoted = ", ".join(conn.dialect.identifier_preparer.quote(name) for name in (*names, *same))
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({quoted}) VALUES ({', '.join('?' * (len(names) + len(same)))})",
                         [prepare(row) for row in rows])
