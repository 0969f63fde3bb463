"""Registering people, changing their records over time, marking departures, and reading them back.

Status, unit, supervisor, rank and position keep a history: a change holds from a day on (`valid_from`), so a year
counted again later sees each person as they were on its day. A closed year refuses changes dated inside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from jpledger.app.runtime import Runtime
from jpledger.core.people import HISTORY_FIELDS
from jpledger.errors import UsageError

SERVICE_DAYS = ("appointed", "joined", "left")


@dataclass
class StaffChange:
    """What a command did to one person: {field: (old, new)} for each field that changed, and what to warn of."""

    nip: str
    name: str
    changes: dict = field(default_factory=dict)
    warnings: list[tuple[str, dict]] = field(default_factory=list)


@dataclass
class PersonView:
    person: dict
    history: list[dict]
    contracts: list[dict]
    supervisor_name: str | None = None  # when the supervisor is in the ledger (and in the reader's units)


def _rules(conn, nip: str, status: str, values: dict) -> dict:
    """The shared field rules on a person's values (rank for the status, supervisor, days in order)."""
    from jpledger.core import people

    if values.get("rank") is not None:
        values["rank"] = people.rank_for(values["rank"], status)
    people.check_supervisor(nip, values.get("supervisor"))
    people.check_service(nip, values.get("appointed"), values.get("joined"), values.get("left"))
    return values


def _supervisor_warnings(conn, values: dict) -> list[tuple[str, dict]]:
    from jpledger.store.staff import get_staff

    boss = values.get("supervisor")
    if boss and get_staff(conn, boss) is None:
        return [("WARN_UNKNOWN_SUPERVISOR", {"supervisor": boss})]
    return []


def add(rt: Runtime, nip: str, fields: dict) -> StaffChange:
    """Register a person; their values hold from the day they joined (else were appointed)."""
    from jpledger.core.employment import SINCE_ALWAYS, derived_appointed
    from jpledger.store.db import trail
    from jpledger.store.history import start_history
    from jpledger.store.staff import add_staff
    from jpledger.store.units import resolve_unit

    status = fields.get("status") or "PNS"
    values = dict(fields, status=status)
    given = values.get("appointed") is not None
    if not given:
        values["appointed"] = derived_appointed(nip, status, None)
    with rt.write().write() as conn:
        _rules(conn, nip, status, values)
        code = None
        if values.get("unit"):
            code, values["unit"] = resolve_unit(conn, values["unit"])
        else:
            _unit_required(conn)
        add_staff(conn, nip, {k: v for k, v in values.items()} | {"unit_code": code, "appointed_given": given})
        start_history(conn, nip, values | {"unit": code}, values.get("joined") or values["appointed"] or
                      SINCE_ALWAYS)
        trail(conn, "staff add", {"nip": nip} | fields)
        warnings = _supervisor_warnings(conn, values)
    return StaffChange(nip, values["name"], {k: (None, v) for k, v in fields.items()}, warnings)


def _service_days_moved(person: dict, values: dict, fields: dict) -> list[date]:
    """The days between which a change of service days moves what counts: each changed day, before and after, where a
    start of service left empty stands for the day counting began before it (joined: the appointment; appointed:
    always) and an empty leaving day for no end at all."""
    before = {"appointed": person.get("appointed") or date.min,
              "joined": person.get("joined") or person.get("appointed") or date.min, "left": person.get("left")}
    after = {"appointed": values.get("appointed") or date.min,
             "joined": values.get("joined") or values.get("appointed") or date.min, "left": values.get("left")}
    return [day for name in SERVICE_DAYS if name in fields and before[name] != after[name]
            for day in (before[name], after[name]) if day is not None]


def update(rt: Runtime, nip: str, fields: dict, valid_from: date | None = None,
           action: str = "staff update") -> StaffChange:
    """Change a person's fields. Status, unit, supervisor, rank and position change from `valid_from` (default
    today); an empty value (None) clears a field; `left=None` undoes a leave."""
    from jpledger.codes import Phrase
    from jpledger.core.employment import derived_appointed
    from jpledger.core.nip import validate_nip
    from jpledger.store.db import trail
    from jpledger.store.history import change
    from jpledger.store.staff import require_staff, update_staff
    from jpledger.store.units import resolve_unit
    from jpledger.store.years import refuse_locked_days

    since = valid_from or rt.today
    with rt.write().write() as conn:
        person = require_staff(conn, nip)
        status = fields.get("status") or person["status"]
        if "status" in fields:
            validate_nip(nip, status)
        values = {k: person.get(k) for k in ("rank", "supervisor", *SERVICE_DAYS)} | fields
        if "rank" not in fields and "status" in fields and person.get("rank"):
            values["rank"] = person["rank"]  # checked again against the new status
        if "appointed" in fields and fields["appointed"] is None:
            values["appointed"] = derived_appointed(nip, status, _first_contract(conn, nip))
        _rules(conn, nip, status, values)
        refuse_locked_days(conn, _service_days_moved(person, values, fields), Phrase("WHAT_SERVICE_DAYS", nip=nip))
        changes: dict = {}
        direct: dict = {}
        for name in HISTORY_FIELDS:
            if name not in fields:
                continue
            value = values.get(name) if name in ("rank", "supervisor") else fields[name]
            if name == "unit" and value is not None:
                code, unit_name = resolve_unit(conn, value)
                value, shown = code, unit_name
            else:
                if name == "unit":
                    _unit_required(conn)
                shown = value
            done = change(conn, nip, name, value, since)
            if done is None:
                continue
            refuse_locked_days(conn, [since], Phrase("WHAT_HISTORY", nip=nip))
            before, latest = done
            if name == "unit":
                direct["unit_code"] = latest
                direct["unit"] = _unit_name(conn, latest)
            else:
                direct[name] = latest
            # What held on that day, before: back-dated under a later change, that is not the current value.
            if before is None:  # no history of the field to ask (a ledger older than history): the row's value
                before = person.get("unit_code" if name == "unit" else name)
            changes[name] = (_unit_name(conn, before) if name == "unit" else before, shown)
        for name in ("name", "agency", *SERVICE_DAYS, "leave_reason"):
            if name in fields and person.get(name) != values.get(name, fields[name]):
                direct[name] = values.get(name, fields[name])
                changes[name] = (person.get(name), direct[name])
        if "left" in fields and fields["left"] is None and person.get("leave_reason"):
            direct["leave_reason"] = None
        if "appointed" in fields:
            direct["appointed_given"] = fields["appointed"] is not None
        if "status" in changes and not person.get("appointed_given") and "appointed" not in fields:
            direct["appointed"] = derived_appointed(nip, status, _first_contract(conn, nip))
        if direct:
            update_staff(conn, nip, direct)
        if changes:
            trail(conn, action, {"nip": nip, "from": since if any(n in HISTORY_FIELDS for n in changes)
                                         else None,
                                         "changes": {k: [o, n] for k, (o, n) in changes.items()}},
                  units=[person.get("unit_code")])  # a transfer is about the unit left as well
        warnings = _supervisor_warnings(conn, fields) if "supervisor" in changes else []
    return StaffChange(nip, person["name"], changes, warnings)


def _unit_required(conn) -> None:
    """An officer kept to some units puts everyone in one of them: a person with no unit would be nobody's."""
    from jpledger.store.officers import access

    if access(conn).scoped:
        raise UsageError("UNIT_REQUIRED_OFFICER")


def _unit_name(conn, code: str | None) -> str | None:
    from jpledger.store.units import unit_names_by_code

    return unit_names_by_code(conn).get(code, code) if code else None


def _first_contract(conn, nip: str) -> date | None:
    from jpledger.store.contracts import contracts_of

    contracts = contracts_of(conn, [nip]).get(nip)
    return contracts[0][0] if contracts else None


@dataclass
class ContractAdded:
    nip: str
    name: str
    appointed: date | None  # the new start of service, when the contract changed a derived one
    warnings: list[tuple[str, dict]] = field(default_factory=list)


def contract(rt: Runtime, nip: str, start: date, end: date, ref: str | None) -> ContractAdded:
    """Record a PPPK work agreement. It may not share a day with another of the person's contracts nor reach into a
    closed year; a PPPK whose start of service nobody gave starts it with their first contract."""
    from jpledger.codes import Phrase
    from jpledger.core.employment import contract_clash
    from jpledger.core.people import check_contract
    from jpledger.errors import UsageError
    from jpledger.store.contracts import add_contracts, derived_appointments, person_contracts_locked
    from jpledger.store.db import trail
    from jpledger.store.staff import require_staff, update_staff
    from jpledger.store.years import refuse_locked, refuse_locked_days

    check_contract(nip, start, end)
    with rt.write().write() as conn:
        person = require_staff(conn, nip)
        clash = contract_clash(start, end, person_contracts_locked(conn, nip))
        if clash is not None:
            raise UsageError("CONTRACT_OVERLAPS", nip=nip, start=clash[0], end=clash[1])
        # A contract decides how the years it covers are counted; the years around it keep their answers.
        refuse_locked(conn, range(start.year, end.year + 1), Phrase("WHAT_CONTRACT", nip=nip, start=start, end=end))
        add_contracts(conn, [(nip, (start, end, ref))])
        appointed = derived_appointments(conn, [nip]).get(nip)
        if appointed is not None:
            refuse_locked_days(conn, appointed, Phrase("WHAT_SERVICE_DAYS", nip=nip))
            update_staff(conn, nip, {"appointed": appointed[1]})
        trail(conn, "staff contract", {"nip": nip, "start": start, "end": end, "ref": ref,
                                       "appointed": list(appointed) if appointed else None})
    warnings = [] if person["status"] == "PPPK" else [("WARN_CONTRACT_NOT_PPPK",
                                                        {"nip": nip, "status": person["status"]})]
    return ContractAdded(nip, person["name"], appointed[1] if appointed else None, warnings)


def leave(rt: Runtime, nip: str, day: date, reason: str | None) -> StaffChange:
    """Mark a departure on `day` (the last day); the person's history stays."""
    return update(rt, nip, {"left": day, "leave_reason": reason}, action="staff leave")


def listing(rt: Runtime, *, unit: str | None, status: str | None, include_left: bool) -> list[dict]:
    """People now in `unit` (code or name) or a unit below it, or everyone."""
    from jpledger.store.staff import list_staff
    from jpledger.store.units import subtree_of

    with rt.read().read() as conn:
        codes = subtree_of(conn, unit)[1] if unit else None
        return list_staff(conn, units=codes, status=status, include_left=include_left)


def show(rt: Runtime, nip: str) -> PersonView:
    from jpledger.store.reads import contracts_of, get_staff, history, require_staff, unit_names_by_code

    def read(conn) -> PersonView:
        person = require_staff(conn, nip)
        names = unit_names_by_code(conn)
        values = history(conn, nip)
        for row in values:
            if row["field"] == "unit" and row["value"] is not None:
                row["value"] = names.get(row["value"], row["value"])
        contracts = [{"start": start, "end": end, "ref": ref}
                     for start, end, ref in contracts_of(conn, [nip]).get(nip, [])]
        boss = get_staff(conn, person["supervisor"]) if person.get("supervisor") else None
        return PersonView(person, values, contracts, boss["name"] if boss else None)

    return rt.reading(read)
