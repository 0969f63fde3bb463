"""Closing a reported year against silent change, and reopening it."""

from __future__ import annotations

from jpledger.app.runtime import Runtime
from jpledger.errors import UsageError


def close(rt: Runtime, year: int, reason: str) -> None:
    from jpledger.codes import Phrase
    from jpledger.store.db import actor, now, trail
    from jpledger.store.officers import actor_value, require_admin
    from jpledger.store.tables import YEAR_LOCK
    from jpledger.store.years import locked_years

    with rt.write().write() as conn:
        require_admin(conn, Phrase("WHAT_YEARS"))  # a closed year locks every unit's figures
        if year in locked_years(conn):
            raise UsageError("YEAR_ALREADY_CLOSED", year=year)
        conn.execute(YEAR_LOCK.insert().values(year=year, reason=reason, at=now(), actor=actor_value(conn, actor())))
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
