"""The trail: who changed what, when, with which command line, and about which units; written in plain SQL
(store/sql.py) in the same transaction as the change it records, on any connection a write holds."""

from __future__ import annotations

import getpass
import json
import os
from datetime import datetime, timezone
from typing import Iterable

from jpledger.store import sql


def actor() -> str:
    name = os.environ.get("JPLEDGER_ACTOR")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no user database entry (containers): still record something honest
        return f"uid:{os.getuid()}"


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def command_of(conn) -> str | None:
    """The command line a write connection was opened for: an attribute of the standard library's connection of a
    quick write (store/writing.py), an execution option of a SQLAlchemy one (Ledger.write)."""
    if sql.quick(conn):
        return getattr(conn, "command", None)
    return conn.get_execution_options().get("jpledger_command")


def trail(conn, action: str, detail: dict | list | str, units: Iterable[str] = ()) -> None:
    """Record a change in the same transaction as the change itself, so neither exists without the other.

    The entry is about the units of the people its detail names, and `units` besides. On PostgreSQL the actor is
    the database session user, which nobody can claim to be (the trail's row-level security refuses any other),
    and what JPLEDGER_ACTOR says is kept beside it; on SQLite the actor is what JPLEDGER_ACTOR or the OS says
    (store/officers.py).
    """
    body = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False, default=str)
    params = {"at": now(), "action": action, "detail": body, "command": command_of(conn),
              "units": trail_units(conn, detail, units)}
    if sql.on_sqlite(conn):
        who, params["actor"], params["claimed"] = ":actor", actor(), None
    else:
        who, params["claimed"] = "session_user", os.environ.get("JPLEDGER_ACTOR") or None
    sql.execute(conn, "INSERT INTO trail (at, actor, action, detail, command, claimed_actor, units) "
                      f"VALUES (:at, {who}, :action, :detail, :command, :claimed, :units)", **params)


def trail_units(conn, detail: object, units: Iterable[str] = ()) -> str | None:
    """The units a trail entry is about, as JSON: those of the people it names (any `nip` in it) and `units`.

    An officer's `log` shows the entries about their units only; an entry that names nobody (a policy, a closed
    year) is about the whole ledger: NULL.
    """
    nips = set(nips_in(detail))
    codes = {code for code in units if code} | units_of(conn, nips)
    if not nips and not codes:
        return None
    return json.dumps(sorted(codes), ensure_ascii=False)


# Past this many people, their units are read from the whole staff table in one query rather than a few hundred NIPs
# at a time: an import of a national roster names every one of its people.
_WHOLE_TABLE = 4 * sql.IN_CHUNK


def units_of(conn, nips: set[str]) -> set[str]:
    """The codes of the units the people with these NIPs are in now."""
    if len(nips) > _WHOLE_TABLE:
        return {code for nip, code in sql.tuples(conn, "SELECT nip, unit_code FROM staff") if code and nip in nips}
    codes: set[str] = set()
    for chunk in sql.chunks(sorted(nips)):
        codes.update(code for (code,) in sql.tuples(conn, "SELECT DISTINCT unit_code FROM staff WHERE nip IN :nips",
                                                    nips=chunk) if code)
    return codes


def nips_in(detail: object) -> Iterable[str]:
    """The NIPs of the people a trail entry's detail is about (not a supervisor or coach it mentions)."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            if key in ("nip", "nips") and isinstance(value, str):
                yield value
            elif key in ("nips", "staff_added") and isinstance(value, list):
                yield from (v for v in value if isinstance(v, str))
            elif key == "staff_updated" and isinstance(value, dict):
                yield from value
            else:
                yield from nips_in(value)
    elif isinstance(detail, list):
        for item in detail:
            yield from nips_in(item)
