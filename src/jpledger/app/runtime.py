"""What every use case is given: where the ledger is, the command line for the trail, and today's date."""

from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable, Iterator, TypeVar

T = TypeVar("T")


def today() -> date:
    """Today; JPLEDGER_TODAY pins it for reproducible reports and tests (the audit's future check uses it too)."""
    from jpledger.core.dates import DateError, parse_date
    from jpledger.errors import UsageError

    pinned = os.environ.get("JPLEDGER_TODAY")
    if not pinned:
        return date.today()
    try:
        return parse_date(pinned)
    except DateError as exc:
        raise UsageError("OPTION_INVALID", option="JPLEDGER_TODAY", problem=exc) from None


@dataclass
class Runtime:
    """One command's view of the world: `db` as given (--db, else JPLEDGER_DB, else ./jpledger.db)."""

    db: str | None = None
    command: str | None = None  # the command line as typed, kept with every trail entry
    today: date = field(default_factory=today)
    created: bool = False  # set when a write had to create the ledger
    display: str | None = None  # where the ledger is, fit for messages, once it was opened for writing

    def read(self):
        """The ledger for reading; a missing one is exit 4."""
        from jpledger.store.db import open_ledger

        return open_ledger(self.db, create=False, command=self.command)

    def reading(self, work: Callable[[Any], T]) -> T:
        """`work(conn)` in one read of the ledger: on a current SQLite ledger through the standard library, without
        loading SQLAlchemy (store/sql.py), else through the full opening (`read()`), which also words every refusal.
        `work` reads through the plain-SQL store functions (store/reads.py) and may run twice: once more on the full
        opening when the quick read met a driver error."""
        from jpledger.store.sql import NO_QUICK_READ, read_quickly

        done = read_quickly(self.db, work)
        if done is not NO_QUICK_READ:
            return done
        with self.read().read() as conn:
            return work(conn)

    @contextmanager
    def reading_through(self) -> Iterator[Any]:
        """A connection to read through within the `with` block: the quick read's (see `reading`) on a current
        SQLite ledger, else the full opening's. The block runs once, since what it streams may already be written
        out: a driver error met on the quick read is worded as the full opening words it."""
        from jpledger.store.sql import open_for_reading, say_failure

        conn = open_for_reading(self.db)
        if conn is None:
            with self.read().read() as full:
                yield full
            return
        try:
            yield conn
        except (sqlite3.Error, OverflowError) as exc:
            say_failure(self.db, exc)
        finally:
            conn.close()

    def write(self):
        """The ledger for writing, created (owner-only) when missing."""
        from jpledger.store.db import open_ledger

        ledger = open_ledger(self.db, create=True, command=self.command)
        self.created = self.created or ledger.created
        self.display = ledger.display
        return ledger

    @contextmanager
    def writing(self) -> Iterator[Any]:
        """One all-or-nothing write: on a current SQLite ledger through the standard library, without loading
        SQLAlchemy (store/writing.py), else through the full opening (`write()`), which creates, upgrades, refuses
        or explains. The block writes through the plain-SQL store functions (store/sql.py) and runs once."""
        from jpledger.store.writing import open_for_writing, transaction

        conn = open_for_writing(self.db, self.command)
        if conn is None:
            with self.write().write() as full:
                yield full
            return
        self.display = conn.display
        with transaction(conn):
            yield conn

    def unprepared(self):
        """The ledger as it is, neither upgraded nor refused, for `check` to report on."""
        from jpledger.store.db import open_ledger

        return open_ledger(self.db, create=False, command=self.command, prepare=False)

    def exists(self) -> bool:
        """Whether there is a ledger to read, creating nothing."""
        from jpledger.store.db import ledger_exists

        return ledger_exists(self.db)
