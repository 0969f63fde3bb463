"""Rosters in as all-or-nothing batches, and batches taken back out.

An import reads the file and checks every row against the ledger as it stands (sheets/), then plans what the rows
change and writes it in one transaction as one batch, again from the start if it lost a race with another writer.
A rejected file writes nothing, not even a ledger: the rows are checked before one may be created.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Protocol

from jpledger.app.runtime import Runtime
from jpledger.errors import InputRejected, LedgerError, Problem, UsageError


class Progress(Protocol):
    def step(self, description: str, total: int | None = None) -> None: ...
    def grow(self, rows: int) -> None: ...
    def advance(self, rows: int) -> None: ...


class _Silent:
    def step(self, description: str, total: int | None = None) -> None:
        pass

    def grow(self, rows: int) -> None:
        pass

    def advance(self, rows: int) -> None:
        pass


@dataclass
class NewPerson:
    nip: str
    fields: dict  # the row's staff fields (unit as written)
    contract: tuple | None  # (start, end, ref)


@dataclass
class PersonChange:
    nip: str
    changes: dict  # field -> (old, new); a unit by what the row wrote
    since: date  # the day changed status, unit, supervisor, rank or position hold from
    contract: tuple | None


@dataclass
class Plan:
    new_staff: list[NewPerson]
    changed_staff: list[PersonChange]
    unchanged_staff: int
    activities: list[tuple]  # Entry
    skipped: int  # already live in the ledger
    repeats: int  # repeated within the file
    contracts: int = 0  # contracts the file adds

    def summary(self) -> dict:
        return {"staff": {"added": len(self.new_staff), "updated": len(self.changed_staff),
                          "unchanged": self.unchanged_staff},
                "activities": {"added": len(self.activities), "skipped": self.skipped,
                               "repeated_in_file": self.repeats},
                "contracts": {"added": self.contracts}}


@dataclass
class Imported:
    file: str
    parsed: object  # sheets.importer.Parsed
    plan: Plan
    batch: int | None  # None for a dry run
    notices: list = field(default_factory=list)  # app.notices.Notice: what to warn of, never blocking


def errors_path(errors: str, source: Path) -> Path:
    target = Path(errors)
    if target.suffix.lower() != ".xlsx":
        raise UsageError("ERRORS_NOT_XLSX", file=errors)
    if target.is_dir():
        raise UsageError("ERRORS_IS_FOLDER", file=errors)
    if target.exists() and source.exists() and target.resolve() == source.resolve():
        raise UsageError("ERRORS_IS_ROSTER")
    return target


def run(rt: Runtime, file: str, *, profile: str | None = None, sheet: str | None = None, dry_run: bool = False,
        errors: str | None = None, progress: Progress | None = None) -> Imported:
    from jpledger.sheets import importer
    from jpledger.sheets.profile import DEFAULT, load_profile
    from jpledger.sheets.reader import read_file

    progress = progress or _Silent()
    path = Path(file)
    target = errors_path(errors, path) if errors else None
    layout = load_profile(profile) if profile else DEFAULT
    progress.step(f"reading {path.name}")
    reading = read_file(path, file, layout, sheet)
    hidden = _Hidden(rt)
    try:
        # Read while the workbook's sheets load in the background.
        view = _ledger_view(rt, hidden)
        progress.step("checking rows", total=0)
        parsed = importer.check(reading, view, progress.advance, lambda table: progress.grow(table.height))
    finally:
        reading.close()
        hidden.close()
    if not parsed.tables:
        raise InputRejected("IMPORT_NO_SHEETS", problems=[Problem(file, "TEXT", {"text": n}) for n in parsed.notes],
                            file=file)
    if parsed.problems:
        lines = [p.line(file) for p in parsed.problems]
        if target is not None:
            from jpledger.sheets.errorbook import write_errors

            write_errors(target, parsed, file)
            raise InputRejected("IMPORT_REJECTED_SEE", problems=lines, file=file, count=len(lines), errors=target)
        raise InputRejected("IMPORT_REJECTED", problems=lines, file=file, count=len(lines))
    progress.step("writing" if not dry_run else "comparing with the ledger")
    if dry_run:
        planned, said = _dry_plan(rt, parsed, file, view.staff)
        return Imported(file, parsed, planned, None, said)

    def write(conn):
        from jpledger.app import notices

        planned = plan(conn, parsed, f"importing {file}", rt.today, file)
        person = _people_after(view.staff, planned)
        before = notices.pppk_over(conn, view.policy, planned.activities, person)
        said = _notices(conn, parsed, planned, view.staff, person, rt.today)
        batch = apply(conn, planned, parsed, file)
        after = notices.pppk_over(conn, view.policy, planned.activities, person)
        return planned, batch, said + notices.newly_over(_new_entries(parsed, planned), before, after)

    planned, batch, said = rt.write().write_retrying(write)
    return Imported(file, parsed, planned, batch, said)


def _ledger_view(rt: Runtime, hidden: _Hidden):
    """The ledger's policy, people and units, read without creating a ledger: a rejected import must write nothing.

    An officer kept to some units (PostgreSQL) sees only their people; the view says which units are theirs.
    """
    from jpledger.policyfile import default_policy
    from jpledger.sheets.importer import LedgerView, Scope
    from jpledger.store.contracts import contracts_of
    from jpledger.store.officers import access
    from jpledger.store.policies import active_policy
    from jpledger.store.staff import staff_by_nip
    from jpledger.store.units import unit_names_by_code

    if not rt.exists():
        return LedgerView(policy_id=1, policy=default_policy(), staff={}, today=rt.today)
    ledger = rt.read()
    try:
        with ledger.read() as conn:
            policy_id, policy, _ = active_policy(conn)
            me = access(conn)
            scope = Scope(me.units, hidden) if me.scoped else None
            return LedgerView(policy_id, policy, staff_by_nip(conn), contracts=contracts_of(conn),
                              units=list(unit_names_by_code(conn).items()), scope=scope, today=rt.today)
    finally:
        ledger.close()


class _Hidden:
    """Whether a NIP an officer cannot see is in the ledger (outside their units), asked of the database only for
    NIPs that neither the officer's view of the ledger nor the file holds."""

    def __init__(self, rt: Runtime):
        self.rt = rt
        self.ledger = None

    def __call__(self, nip: str) -> bool:
        from jpledger.store.officers import staff_outside

        if self.ledger is None:
            self.ledger = self.rt.read()
        with self.ledger.read() as conn:
            return bool(staff_outside(conn, [nip]))

    def close(self) -> None:
        if self.ledger is not None:
            self.ledger.close()


def _dry_plan(rt: Runtime, parsed, file: str, staff: dict[str, dict]) -> tuple[Plan, list]:
    """The plan against the ledger as it is, in a read transaction, against an empty ledger if there is none; and
    what it warns of (all but a PPPK going over a maximum, which is counted as the rows are written)."""
    if not rt.exists():
        people = [NewPerson(nip, dict(row.fields), _contract(row.fields)) for nip, row in parsed.staff.items()]
        planned = Plan(people, [], 0, parsed.activities, 0, len(parsed.repeats),
                       sum(1 for p in people if p.contract))
        return planned, _notices(None, parsed, planned, staff, _people_after(staff, planned), rt.today)
    ledger = rt.read()
    try:
        with ledger.read() as conn:
            planned = plan(conn, parsed, f"importing {file}", rt.today, file)
            return planned, _notices(conn, parsed, planned, staff, _people_after(staff, planned), rt.today)
    finally:
        ledger.close()


# --- what an import warns of -------------------------------------------------------------------------------------

def _people_after(staff: dict[str, dict], planned: Plan):
    """A look-up of anyone's staff fields as they will be once the plan is written (`staff`: the ledger's, as the
    import read them): nip -> fields, or None."""
    from jpledger.core.employment import derived_appointed

    changed: dict[str, dict] = {}
    for change in planned.changed_staff:
        changed[change.nip] = (staff.get(change.nip) or {}) | {k: new for k, (_, new) in change.changes.items()}
    for person in planned.new_staff:
        values = dict(person.fields, status=person.fields.get("status") or "PNS")
        if values.get("appointed") is None:
            values["appointed"] = derived_appointed(person.nip, values["status"],
                                                    person.contract[0] if person.contract else None)
        changed[person.nip] = values
    return lambda nip: changed.get(nip) or staff.get(nip)


def _new_entries(parsed, planned: Plan):
    """The plan's entries, each named by the cell of its row when a notice speaks of it."""
    from jpledger.app.notices import NewEntries

    rows = planned.activities

    def cell(index: int, column: str) -> str | None:
        origin = parsed.origin.get(rows[index].fingerprint)
        if origin is None:
            return None
        table = parsed.tables[origin[0]]
        at = table.columns.get(column, table.columns.get("nip"))
        return f"{table.sheet}!{table.cell(origin[1], at)}"

    return NewEntries(rows, cell=cell)


def _notices(conn, parsed, planned: Plan, staff: dict[str, dict], person, today: date) -> list:
    """Duplicate-looking rows, rows dated after today or outside employment, and coaches and supervisors named by
    a NIP that neither the ledger nor the file holds (once each, at their first row)."""
    from jpledger.app import notices

    new = _new_entries(parsed, planned)
    said = notices.duplicates(conn, new) + notices.dated(new, person, today)
    warned: set[str] = set()
    for index, e in enumerate(planned.activities):
        coach = e.coach_nip
        if coach and coach not in staff and coach not in parsed.staff and coach not in warned:
            warned.add(coach)
            said.append(notices.Notice("WARN_UNKNOWN_COACH", {"coach": coach}, new.at(index, "coach")))
    for row in parsed.staff.values():
        boss = row.fields.get("supervisor")
        if boss and boss not in staff and boss not in parsed.staff and boss not in warned:
            warned.add(boss)
            table, number = row.sources.get("supervisor", row.where)
            where = f"{table.sheet}!{table.cell(number, table.columns.get('supervisor'))}"
            said.append(notices.Notice("WARN_UNKNOWN_SUPERVISOR", {"supervisor": boss}, where))
    return said


_ROW_ONLY = ("effective_from", "contract_start", "contract_end", "contract_ref")


def _contract(fields: dict) -> tuple | None:
    start = fields.get("contract_start")
    return (start, fields["contract_end"], fields.get("contract_ref")) if start else None


def _new_contract(nip: str, row, contract: tuple, ledger: list[tuple], clashes: list[str], file: str
                  ) -> tuple | None:
    """A row's contract when the ledger does not hold it yet (the same start and end again adds nothing).

    The rows were checked against the contracts read before the file; one recorded since that shares a day with
    the row's is a problem of the row, named by its cell, like any other.
    """
    from jpledger.codes import message
    from jpledger.core.employment import contract_clash

    start, end = contract[0], contract[1]
    if any((c[0], c[1]) == (start, end) for c in ledger):
        return None
    clash = contract_clash(start, end, ledger)
    if clash is not None:
        table, number = row.sources.get("contract_start", row.where)
        where = f"{file}:{table.sheet}!{table.cell(number, table.columns.get('contract_start'))}"
        clashes.append(f"{where}: {message('CONTRACT_OVERLAPS', {'nip': nip, 'start': clash[0], 'end': clash[1]})}")
        return None
    return contract


def plan(conn, parsed, what: str, today: date | None = None, file: str = "") -> Plan:
    """What writing `parsed` would change, against the ledger as it is now; refuses closed years (exit 3)."""
    from jpledger.codes import Phrase
    from jpledger.store.activities import live_fingerprints_among
    from jpledger.store.contracts import contracts_of
    from jpledger.store.policies import active_policy_id
    from jpledger.store.staff import staff_by_nip
    from jpledger.store.units import find_unit
    from jpledger.store.years import refuse_locked

    if active_policy_id(conn) != parsed.policy_id:
        raise LedgerError("POLICY_CHANGED_DURING_IMPORT")
    current = staff_by_nip(conn, parsed.staff)
    ledger_contracts = contracts_of(conn, parsed.staff)
    units: dict[str, tuple | None] = {}
    new_staff, changed, unchanged, contracts, clashes = [], [], 0, 0, []
    for nip, row in parsed.staff.items():
        contract = _contract(row.fields)
        if contract:
            contract = _new_contract(nip, row, contract, ledger_contracts.get(nip, []), clashes, file)
        if contract:
            refuse_locked(conn, range(contract[0].year, contract[1].year + 1),
                          Phrase("WHAT_CONTRACT", nip=nip, start=contract[0], end=contract[1]))
        contracts += contract is not None
        fields = {k: v for k, v in row.fields.items() if k not in _ROW_ONLY}
        person = current.get(nip)
        if person is None:
            new_staff.append(NewPerson(nip, fields, contract))
            continue
        changes = {}
        for name, value in fields.items():
            if name == "unit":
                if value not in units:
                    units[value] = find_unit(conn, value)
                same = units[value] is not None and units[value][0] == person.get("unit_code")
            else:
                same = person.get(name) == value
            if not same:
                changes[name] = (person.get(name), value)
        if changes or contract:
            changed.append(PersonChange(nip, changes, row.fields.get("effective_from") or today or date.today(),
                                        contract))
        else:
            unchanged += 1
    if clashes:
        raise InputRejected("IMPORT_REJECTED", problems=clashes, file=file, count=len(clashes))
    live = live_fingerprints_among(conn, (entry.fingerprint for entry in parsed.activities))
    fresh = [entry for entry in parsed.activities if entry.fingerprint not in live] if live else parsed.activities
    refuse_locked(conn, {entry.year for entry in fresh}, what)
    return Plan(new_staff, changed, unchanged, fresh, len(parsed.activities) - len(fresh), len(parsed.repeats),
                contracts)


def apply(conn, planned: Plan, parsed, shown: str) -> int:
    """Write the plan as one batch with its trail entry; returns the batch id."""
    from jpledger.codes import Phrase
    from jpledger.core.employment import SINCE_ALWAYS, derived_appointed
    from jpledger.core.entries import ENTRY_COLUMNS
    from jpledger.store.activities import insert_activity_rows
    from jpledger.store.batches import add_batch, batch_units
    from jpledger.store.contracts import add_contracts, derived_appointments
    from jpledger.store.db import trail
    from jpledger.store.history import HISTORY_FIELDS, change, start_histories
    from jpledger.store.staff import NEW_STAFF_COLUMNS, insert_staff_rows, update_staff
    from jpledger.store.units import resolve_units
    from jpledger.store.years import refuse_locked_days

    batch = add_batch(conn, shown, staff_added=len(planned.new_staff), staff_updated=len(planned.changed_staff),
                      added=len(planned.activities), skipped=planned.skipped)
    # Every unit the rows name, found (or added) at once: a national roster names hundreds.
    units = resolve_units(conn, [p.fields["unit"] for p in planned.new_staff if p.fields.get("unit")]
                          + [p.changes["unit"][1] for p in planned.changed_staff
                             if p.changes.get("unit", (None, None))[1] is not None])

    def unit(text: str) -> tuple[str, str]:
        return units[text]

    rows, histories, contracts = [], [], []
    for person in planned.new_staff:
        values = dict(person.fields, status=person.fields.get("status") or "PNS")
        given = values.get("appointed") is not None
        if not given:
            values["appointed"] = derived_appointed(person.nip, values["status"],
                                                    person.contract[0] if person.contract else None)
        code = None
        if values.get("unit"):
            code, values["unit"] = unit(values["unit"])
        values["unit_code"] = code
        rows.append((person.nip, *(values.get(name) for name in NEW_STAFF_COLUMNS[1:-1]), given))
        histories.append((person.nip, values | {"unit": code}, values.get("joined") or values["appointed"]
                          or SINCE_ALWAYS))
        if person.contract:
            contracts.append((person.nip, person.contract))
    insert_staff_rows(conn, rows)
    start_histories(conn, histories, batch)
    for person in planned.changed_staff:
        direct: dict = {}
        dated = [d for name in ("appointed", "joined", "left") if name in person.changes
                 for d in person.changes[name]]
        refuse_locked_days(conn, dated, Phrase("WHAT_SERVICE_DAYS", nip=person.nip))
        for name, (_, value) in person.changes.items():
            if name in HISTORY_FIELDS:
                if name == "unit" and value is not None:
                    value = unit(value)[0]
                done = change(conn, person.nip, name, value, person.since, batch)
                if done is None:
                    continue
                refuse_locked_days(conn, [person.since], Phrase("WHAT_HISTORY", nip=person.nip))
                if name == "unit":
                    direct["unit_code"] = done[1]
                    direct["unit"] = next((n for c, n in units.values() if c == done[1]), done[1])
                else:
                    direct[name] = done[1]
            else:
                direct[name] = value
                if name == "appointed":
                    direct["appointed_given"] = value is not None
        if direct:
            update_staff(conn, person.nip, direct)
        if person.contract:
            contracts.append((person.nip, person.contract))
    add_contracts(conn, contracts, batch)
    # A PPPK whose start of service nobody gave starts it with their first contract, also one a re-import adds.
    for nip, days in derived_appointments(conn, [nip for nip, _ in contracts]).items():
        refuse_locked_days(conn, days, Phrase("WHAT_SERVICE_DAYS", nip=nip))
        update_staff(conn, nip, {"appointed": days[1]})
    insert_activity_rows(conn, ENTRY_COLUMNS, planned.activities, batch)
    trail(conn, "import", {
        "batch": batch, "file": shown,
        "sheets": [{"sheet": t.sheet, "kind": t.kind, "rows": parsed.rows.get(i, 0)}
                   for i, t in enumerate(parsed.tables)],
        **planned.summary(),
        "staff_added": [p.nip for p in planned.new_staff],
        "staff_updated": {p.nip: {name: [_plain(old) if old is not None else None,
                                         _plain(new) if new is not None else None]
                                  for name, (old, new) in p.changes.items()}
                          for p in planned.changed_staff},
    }, units=batch_units(conn, batch))
    return batch


def _plain(value: object) -> str:
    from datetime import date

    return value.isoformat() if isinstance(value, date) else str(value)


# --- batches -----------------------------------------------------------------------------------------------------

def _refuse_others_batch(conn, row: dict) -> None:
    """An officer reverts only the imports they made (their units' people); an admin reverts any."""
    from jpledger.store.officers import access

    me = access(conn)
    if me.scoped and row["actor"] != me.role:
        raise UsageError("BATCH_NOT_YOURS", batch=row["id"], actor=row["actor"])


def batches(rt: Runtime) -> list[dict]:
    from jpledger.store.batches import list_batches

    with rt.read().read() as conn:
        return list_batches(conn)


def revert(rt: Runtime, batch: int, reason: str) -> tuple[dict, int]:
    """Void every live entry batch `batch` added; returns the batch and how many entries were voided."""
    from jpledger.codes import Phrase
    from jpledger.store.batches import batch_units, batch_years, get_batch, revert_batch
    from jpledger.store.db import trail
    from jpledger.store.years import refuse_locked

    ledger = rt.read()
    with ledger.write() as conn:
        row = get_batch(conn, batch)
        _refuse_others_batch(conn, row)
        if row["reverted_at"] is not None:
            raise UsageError("BATCH_ALREADY_REVERTED", batch=batch, day=row["reverted_at"].date(),
                             reason=row["revert_reason"])
        refuse_locked(conn, batch_years(conn, batch), Phrase("WHAT_REVERT", batch=batch))
        voided = revert_batch(conn, batch, reason, f"batch {batch} reverted: {reason}")
        trail(conn, "batch revert", {"batch": batch, "file": row["file"], "reason": reason, "voided": voided},
              units=batch_units(conn, batch))
    return row, voided
