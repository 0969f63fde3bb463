"""Registering people, changing their records, marking departures, and reading them back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from jpledger.app.runtime import Runtime
from jpledger.errors import UsageError


@dataclass
class StaffChange:
    """What a command did to one person: {field: (old, new)} for each field that changed."""

    nip: str
    name: str
    changes: dict = field(default_factory=dict)


def add(rt: Runtime, nip: str, fields: dict) -> StaffChange:
    from jpledger.store.db import trail
    from jpledger.store.staff import add_staff

    with rt.write().write() as conn:
        add_staff(conn, nip, fields)
        trail(conn, "staff add", {"nip": nip} | fields)
    return StaffChange(nip, fields["name"], {k: (None, v) for k, v in fields.items()})


def update(rt: Runtime, nip: str, fields: dict) -> StaffChange:
    from jpledger.core.nip import validate_nip
    from jpledger.store.db import trail
    from jpledger.store.staff import require_staff, update_staff

    with rt.write().write() as conn:
        person = require_staff(conn, nip)
        if "status" in fields:
            validate_nip(nip, fields["status"])
        changes = update_staff(conn, nip, fields)
        if changes:
            trail(conn, "staff update", {"nip": nip, "changes": {k: [o, n] for k, (o, n) in changes.items()}})
    return StaffChange(nip, person["name"], changes)


def leave(rt: Runtime, nip: str, day: date, reason: str | None) -> StaffChange:
    from jpledger.store.db import trail
    from jpledger.store.staff import require_staff, update_staff

    with rt.write().write() as conn:
        person = require_staff(conn, nip)
        if person["joined"] and day < person["joined"]:
            raise UsageError("LEAVE_BEFORE_JOINED", day=day, nip=nip, joined=person["joined"])
        changes = update_staff(conn, nip, {"left": day, "leave_reason": reason})
        trail(conn, "staff leave", {"nip": nip, "date": day, "reason": reason})
    return StaffChange(nip, person["name"], changes)


def listing(rt: Runtime, *, unit: str | None, status: str | None, include_left: bool) -> list[dict]:
    from jpledger.store.staff import list_staff

    with rt.read().read() as conn:
        return list_staff(conn, unit=unit, status=status, include_left=include_left)


def show(rt: Runtime, nip: str) -> dict:
    from jpledger.store.staff import require_staff

    with rt.read().read() as conn:
        return require_staff(conn, nip)
