"""Closing a reported year against silent change, and reopening it.

Closing keeps the year's audit as of its last day in the ledger: `audit --year` prints that report while the year
stays closed, so the figures an officer signed read the same later, whatever changed around them since.
"""

from __future__ import annotations

from datetime import date

from jpledger.app.runtime import Runtime
from jpledger.errors import UsageError


def close(rt: Runtime, year: int, reason: str) -> None:
    from jpledger.app.reports import audit, stored_report
    from jpledger.codes import Phrase
    from jpledger.store.db import actor, now, trail
    from jpledger.store.officers import actor_value, require_admin
    from jpledger.store.tables import YEAR_LOCK
    from jpledger.store.years import keep_report, locked_years

    with rt.write().write() as conn:
        require_admin(conn, Phrase("WHAT_YEARS"))  # a closed year locks every unit's figures
        if year in locked_years(conn):
            raise UsageError("YEAR_ALREADY_CLOSED", year=year)
        conn.execute(YEAR_LOCK.insert().values(year=year, reason=reason, at=now(), actor=actor_value(conn, actor())))
        # Counted after the lock is in place, in the same transaction: the report says the year is closed, and
        # no write can slip between the count and the lock.
        done = audit(rt, year, as_of=date(year, 12, 31), conn=conn, units_of=True)
        keep_report(conn, year, stored_report(done))
        trail(conn, "year close", {"year": year, "reason": reason})


def reopen(rt: Runtime, year: int, reason: str) -> None:
    from jpledger.codes import Phrase
    from jpledger.store.db import trail
    from jpledger.store.officers import require_admin
    from jpledger.store.tables import YEAR_LOCK
    from jpledger.store.years import locked_years

    with rt.write().write() as conn:
        require_admin(conn, Phrase("WHAT_YEARS"))
        if year not in locked_years(conn):
            raise UsageError("YEAR_NOT_CLOSED", year=year)
        conn.execute(YEAR_LOCK.delete().where(YEAR_LOCK.c.year == year))
        trail(conn, "year reopen", {"year": year, "reason": reason})
