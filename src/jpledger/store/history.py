"""A person's values over time: each change of status, unit, supervisor, rank or position from a day on."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.engine import Connection

from jpledger.core.people import HISTORY_FIELDS
from jpledger.store.db import now
from jpledger.store.tables import HISTORY


def values_of(conn: Connection, nip: str, field: str) -> list[tuple[date, str | None]]:
    rows = conn.execute(select(HISTORY.c.valid_from, HISTORY.c.value)
                        .where(HISTORY.c.nip == nip, HISTORY.c.field == field)
                        .order_by(HISTORY.c.valid_from, HISTORY.c.id))
    return [(r[0], r[1]) for r in rows]


def start_history(conn: Connection, nip: str, values: dict, since: date, batch: int | None = None) -> None:
    """A new person's values, in force from `since` (the day they joined, else were appointed)."""
    start_histories(conn, [(nip, values, since)], batch)


def start_histories(conn: Connection, people: list[tuple[str, dict, date]], batch: int | None = None) -> None:
    """New people's values, each in force from its day: [(nip, values, since)] in one executemany."""
    from jpledger.store.bulk import indexes_set_aside, insert_many

    rows = [(nip, f, values[f], since) for nip, values, since in people for f in HISTORY_FIELDS
            if values.get(f) is not None]
    with indexes_set_aside(conn, HISTORY, len(rows)):
        if rows:
            insert_many(conn, HISTORY, ("nip", "field", "value", "valid_from"), rows,
                        {"recorded_at": now(), "batch": batch})


def change(conn: Connection, nip: str, field: str, value: str | None, valid_from: date,
           batch: int | None = None) -> tuple[str | None, str | None] | None:
    """Record that `field` holds `value` from `valid_from` on; returns (value before, latest value) when it changed
    anything, None when the value already held on that day. The latest value is what the staff row keeps."""
    from jpledger.store.years import value_on

    values = values_of(conn, nip, field)
    before = value_on(values, valid_from) if values else None
    if before == value:
        return None
    conn.execute(HISTORY.insert().values(nip=nip, field=field, value=value, valid_from=valid_from,
                                         recorded_at=now(), batch=batch))
    later = [v for since, v in values if since > valid_from]
    return before, (later[-1] if later else value)
