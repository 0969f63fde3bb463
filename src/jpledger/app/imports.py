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
    fields: dict  # the row's staff fields, the unit by its code
    first_contract: date | None  # the start of the person's first contract in the file


@dataclass
class PersonChange:
    nip: str
    changes: dict  # field -> (old, new); a unit by its code
    since: date  # the day changed status, unit, supervisor, rank or position hold from
    derive_appointed: bool = False  # a new status moves a start of service nobody gave (as `staff update` does)


@dataclass
class Plan:
    new_staff: list[NewPerson]
    changed_staff: list[PersonChange]
    unchanged_staff: int
    activities: list[tuple]  # Entry
    skipped: int  # already live in the ledger
    repeats: int  # repeated within the file
    contracts: list = field(default_factory=list)  # ContractRow the file adds
    units: dict = field(default_factory=dict)  # code -> (name, parent) of the units the file adds, parents first
    history: list = field(default_factory=list)  # HistoryRow the file adds, a unit by its code
    policy: tuple | None = None  # (name, text) of an export's policy, put in use in a ledger with no activities
    evidence: dict = field(default_factory=dict)  # fingerprint -> [EvidenceFile] of the entries added
    attach: list = field(default_factory=list)  # (activity id, sha256, name): files for entries already there
    new_files: set = field(default_factory=set)  # sha256 of the files the ledger does not keep yet

    @property
    def links(self) -> int:
        return sum(len(files) for files in self.evidence.values()) + len(self.attach)

    def summary(self) -> dict:
        return {"staff": {"added": len(self.new_staff), "updated": len(self.changed_staff),
                          "unchanged": self.unchanged_staff},
                "activities": {"added": len(self.activities), "skipped": self.skipped,
                               "repeated_in_file": self.repeats},
                "contracts": {"added": len(self.contracts)},
                "units": {"added": len(self.units)},
                "history": {"added": len(self.history)},
                "evidence": {"shown": self.links, "new_files": len(self.new_files)}}


@dataclass
class Imported:
    file: str
    parsed: object  # sheets.importer.Parsed
    plan: Plan
    batch: int | None  # None for a dry run
    notices: list = field(default_factory=list)  # app.notices.Notice: what to warn of, never blocking
    notes: list = field(default_factory=list)  # coded notes on the whole file: (code, params)
    policy_version: int | None = None  # the export's policy, when the import put it in use


class _RowsRejected(Exception):
    """Planning against the ledger found rows it cannot take: their problems are in the parsed file."""


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
    from jpledger.codes import Phrase, message
    from jpledger.evidencefile import FolderSource, max_bytes
    from jpledger.sheets.bundle import is_bundle, open_bundle
    from jpledger.sheets.profile import DEFAULT, load_profile
    from jpledger.sheets.reader import read_file

    progress = progress or _Silent()
    path = Path(file)
    target = errors_path(errors, path) if errors else None
    layout = load_profile(profile) if profile else DEFAULT
    limit = max_bytes()
    # A zip holding the roster and its evidence files: the roster is read from it, the files are found in it.
    bundle = open_bundle(path, file) if is_bundle(path) else None
    try:
        roster, shown = (bundle.workbook, f"{file}/{bundle.member}") if bundle else (path, file)
        source = bundle.source if bundle else FolderSource(path.parent)
        progress.step(message("PROGRESS_READING", {"file": path.name}))
        reading = read_file(roster, shown, layout, sheet)
        hidden = _Hidden(rt)
        try:
            # Read while the workbook's sheets load in the background: the checks' code, then the ledger.
            from jpledger.sheets import importer

            view = _ledger_view(rt, hidden)
            adopt, notes = _export_policy(reading.export, view, file)
            progress.step(message("PROGRESS_CHECKING"), total=0)
            parsed = importer.check(reading, view, progress.advance, lambda table: progress.grow(table.height))
        finally:
            reading.close()
            hidden.close()
        if not parsed.tables:
            raise InputRejected("IMPORT_NO_SHEETS", problems=[Problem(file, code, params)
                                                              for code, params in parsed.notes], file=file)
        evidence, holders = importer.check_evidence(parsed, source, limit)
        if parsed.problems:
            _reject(parsed, shown, target)
        progress.step(message("PROGRESS_WRITING" if not dry_run else "PROGRESS_COMPARING"))
        try:
            if dry_run:
                planned, said = _dry_plan(rt, parsed, file, adopt, view.staff, evidence)
                return Imported(file, parsed, planned, None, said, notes)
            if not rt.exists():
                # Rows that cannot be taken create no ledger.
                plan(None, parsed, Phrase("WHAT_IMPORT", file=file), rt.today, adopt, evidence)

            def write(conn):
                from jpledger.app import notices

                planned = plan(conn, parsed, Phrase("WHAT_IMPORT", file=file), rt.today, adopt, evidence)
                person = _people_after(view.staff, planned)
                before = notices.pppk_over(conn, view.policy, planned.activities, person)
                said = _notices(conn, parsed, planned, view.staff, person, rt.today)
                # Evidence files not held since they were checked are read again here, inside the transaction:
                # reading them twice (should a lost race run this again) changes nothing.
                done = apply(conn, planned, parsed, file, lambda at: source.read(at, limit), holders)
                after = notices.pppk_over(conn, view.policy, planned.activities, person)
                return planned, done, said + notices.newly_over(_new_entries(parsed, planned), before, after)

            planned, (batch, version), said = rt.write().write_retrying(write)
        except _RowsRejected:
            _reject(parsed, shown, target)
    finally:
        if bundle is not None:
            bundle.close()
    if version is not None:
        notes = [("IMPORT_EXPORT_POLICY", {"name": planned.policy[0], "version": version})]
    return Imported(file, parsed, planned, batch, said, notes, version)


def _reject(parsed, file: str, target: Path | None):
    """Refuse the file (exit 3) listing every problem; with --errors, write the rejected rows back first."""
    parsed.sort()
    lines = [p.line(file) for p in parsed.problems]
    if target is not None:
        from jpledger.sheets.errorbook import write_errors

        write_errors(target, parsed, file)
        raise InputRejected("IMPORT_REJECTED_SEE", problems=lines, file=file, count=len(lines), errors=target)
    raise InputRejected("IMPORT_REJECTED", problems=lines, file=file, count=len(lines))


def _ledger_view(rt: Runtime, hidden: _Hidden):
    """The ledger's policy, people, contracts and units, read without creating a ledger: a rejected import must
    write nothing.

    An officer kept to some units (PostgreSQL) sees only their people; the view says which units are theirs.
    """
    from sqlalchemy import select

    from jpledger.policyfile import default_policy, default_policy_text
    from jpledger.sheets.importer import LedgerView, Scope
    from jpledger.store.contracts import contracts_of
    from jpledger.store.officers import access
    from jpledger.store.policies import active_policy
    from jpledger.store.staff import staff_by_nip
    from jpledger.store.tables import ACTIVITY
    from jpledger.store.units import unit_names_by_code

    if not rt.exists():
        return LedgerView(policy_id=1, policy=default_policy(), staff={}, today=rt.today,
                          policy_text=default_policy_text(), empty=True)
    ledger = rt.read()
    try:
        with ledger.read() as conn:
            policy_id, policy, text = active_policy(conn)
            empty = conn.execute(select(ACTIVITY.c.id).limit(1)).first() is None
            me = access(conn)
            scope = Scope(me.units, hidden) if me.scoped else None
            return LedgerView(policy_id, policy, staff_by_nip(conn), contracts=contracts_of(conn),
                              units=list(unit_names_by_code(conn).items()), scope=scope, today=rt.today,
                              policy_text=text, empty=empty)
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


def _export_policy(export: dict | None, view, file: str) -> tuple[tuple | None, list]:
    """An export's policy: put in use by a ledger with no activities yet (so the copy counts as the original did),
    else only named. The file's rows are then checked under it. Returns ((name, text) or None, notes)."""
    from jpledger.sheets.columns import EXPORT_SHEET

    text = str((export or {}).get("policy_text") or "")
    if not text.strip() or text.strip() == (view.policy_text or "").strip():
        return None, []
    if not view.empty:
        return None, [("IMPORT_EXPORT_OTHER_POLICY", {"name": export.get("policy") or "?",
                                                      "ours": view.policy.name})]
    from jpledger.core.policy import parse_policy

    policy = parse_policy(text, f"{file}:{EXPORT_SHEET}")
    view.policy = policy
    return (policy.name, text), []


def _dry_plan(rt: Runtime, parsed, file: str, adopt: tuple | None, staff: dict[str, dict],
              evidence: dict | None = None) -> tuple[Plan, list]:
    """The plan against the ledger as it is, in a read transaction, against an empty ledger if there is none; and
    what it warns of (all but a PPPK going over a maximum, which is counted as the rows are written)."""
    from jpledger.codes import Phrase

    if not rt.exists():
        planned = plan(None, parsed, Phrase("WHAT_IMPORT", file=file), rt.today, adopt, evidence)
        return planned, _notices(None, parsed, planned, staff, _people_after(staff, planned), rt.today)
    ledger = rt.read()
    try:
        with ledger.read() as conn:
            planned = plan(conn, parsed, Phrase("WHAT_IMPORT", file=file), rt.today, adopt, evidence)
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
            values["appointed"] = derived_appointed(person.nip, values["status"], person.first_contract)
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
    """Duplicate-looking rows, rows dated after today or outside employment, and coaches named by a NIP that
    neither the ledger nor the file holds (once each, at their first row; supervisors are the checker's)."""
    from jpledger.app import notices

    new = _new_entries(parsed, planned)
    said = notices.duplicates(conn, new) + notices.dated(new, person, today)
    warned: set[str] = set()
    for index, e in enumerate(planned.activities):
        coach = e.coach_nip
        if coach and coach not in staff and coach not in parsed.staff and coach not in warned:
            warned.add(coach)
            said.append(notices.Notice("WARN_UNKNOWN_COACH", {"coach": coach}, new.at(index, "coach")))
    return said


_ROW_ONLY = ("effective_from", "contract_start", "contract_end", "contract_ref", "unit_code", "parent_unit")


def plan(conn, parsed, what: object, today: date | None = None, adopt: tuple | None = None,
         evidence: dict | None = None) -> Plan:
    """What writing `parsed` would change, against the ledger as it is now (None: no ledger yet); refuses closed
    years (exit 3), and rows that do not fit the ledger (units elsewhere, contracts that overlap, a history that
    ends otherwise than the staff sheet says).

    `evidence` ({fingerprint: [EvidenceFile]}) goes with the entries added; for an entry already in the ledger, the
    files it does not show yet are added to it (a roster sent again with its certificates)."""
    from jpledger.store.activities import live_fingerprints_among
    from jpledger.store.evidence import stored_among
    from jpledger.store.policies import active_policy_id
    from jpledger.store.staff import staff_by_nip
    from jpledger.store.years import refuse_locked

    if conn is not None and active_policy_id(conn) != parsed.policy_id:
        raise LedgerError("POLICY_CHANGED_DURING_IMPORT")
    current = staff_by_nip(conn, parsed.staff) if conn is not None else {}
    units = _Units(conn, parsed)
    history = _history(parsed, units)
    new_staff, changed, unchanged = [], [], 0
    given = _appointed_given(conn, [nip for nip in parsed.staff if nip in current])
    firsts: dict[str, date] = {}
    for row in parsed.contracts:
        firsts[row.nip] = min(row.start, firsts.get(row.nip, row.start))
    for nip, row in parsed.staff.items():
        fields = {k: v for k, v in row.fields.items() if k not in _ROW_ONLY}
        code = units.of_person(row)
        if code is not None:
            fields["unit"] = code
        person = current.get(nip)
        if person is None:
            _history_agrees(parsed, row, fields, history.get(nip, {}), units)
            new_staff.append(NewPerson(nip, fields, firsts.get(nip)))
            continue
        changes = {}
        for name, value in fields.items():
            old = person.get("unit_code") if name == "unit" else person.get(name)
            if old != value:
                changes[name] = (old, value)
        if changes:
            changed.append(PersonChange(nip, changes, row.fields.get("effective_from") or today or date.today(),
                                        "status" in changes and not given.get(nip) and "appointed" not in changes))
        else:
            unchanged += 1
    contracts = _new_contracts(conn, parsed)
    if parsed.problems:
        raise _RowsRejected()
    if conn is None:
        files = _unique_files(evidence or {})
        return Plan(new_staff, changed, unchanged, parsed.activities, 0, len(parsed.repeats), contracts, units.new,
                    [r for rows in history.values() for r in rows.get("*", [])], adopt, files, [],
                    {f.sha256 for shown in files.values() for f in shown})
    live = live_fingerprints_among(conn, (entry.fingerprint for entry in parsed.activities))
    fresh = [entry for entry in parsed.activities if entry.fingerprint not in live] if live else parsed.activities
    refuse_locked(conn, {entry.year for entry in fresh}, what)
    files = _unique_files(evidence or {})
    attach = _attach_to_existing(conn, {fp: f for fp, f in files.items() if fp in live}, what) if live else []
    fresh_files = {fp: f for fp, f in files.items() if fp not in live}
    shas = {f.sha256 for shown in fresh_files.values() for f in shown} | {sha for _, sha, _ in attach}
    return Plan(new_staff, changed, unchanged, fresh, len(parsed.activities) - len(fresh), len(parsed.repeats),
                contracts, units.new, [r for rows in history.values() for r in rows.get("*", [])], adopt,
                fresh_files, attach, shas - stored_among(conn, shas))


def _unique_files(evidence: dict) -> dict:
    """Each entry's evidence files, each content once (two names for one file show it once)."""
    out = {}
    for fingerprint, files in evidence.items():
        seen: dict[str, object] = {}
        for f in files:
            seen.setdefault(f.sha256, f)
        if seen:
            out[fingerprint] = list(seen.values())
    return out


def _attach_to_existing(conn, files: dict, what: object) -> list[tuple[int, str, str]]:
    """(activity id, sha256, name) for the files that live entries with these fingerprints do not show yet."""
    from sqlalchemy import select

    from jpledger.store.evidence import linked_among
    from jpledger.store.tables import ACTIVITY, chunks
    from jpledger.store.years import refuse_locked

    if not files:
        return []
    entries = []
    for chunk in chunks(sorted(files)):
        entries += conn.execute(select(ACTIVITY.c.id, ACTIVITY.c.fingerprint, ACTIVITY.c.year)
                                .where(ACTIVITY.c.fingerprint.in_(chunk), ACTIVITY.c.voided.is_(False))).all()
    shown = linked_among(conn, (e.id for e in entries))
    attach, years = [], set()
    for entry in entries:
        for f in files[entry.fingerprint]:
            if (entry.id, f.sha256) not in shown:
                attach.append((entry.id, f.sha256, f.name))
                years.add(entry.year)
    refuse_locked(conn, years, what)
    return attach


def _appointed_given(conn, nips: list[str]) -> dict[str, bool]:
    """Whether someone gave each person's start of service (else it was derived and follows their status)."""
    if conn is None or not nips:
        return {}
    from sqlalchemy import select

    from jpledger.store.tables import STAFF, chunks

    found: dict[str, bool] = {}
    for chunk in chunks(sorted(nips)):
        found.update((nip, bool(flag)) for nip, flag in conn.execute(
            select(STAFF.c.nip, STAFF.c.appointed_given).where(STAFF.c.nip.in_(chunk))))
    return found


class _Units:
    """The ledger's units and the file's: which unit a row's text names, and the units the import adds.

    Units are few (a national agency has hundreds), so the ledger's are read whole. A unit is named by its code,
    else its name, in any case; text that names none adds a unit with that text as code and name, as `staff add`
    does, under the unit the row's parent column names (or at the top).
    """

    def __init__(self, conn, parsed):
        from sqlalchemy import select

        from jpledger.store.tables import UNIT

        self.parsed = parsed
        self.units: dict[str, tuple[str, str | None]] = {}  # code -> (name, parent): the ledger's, then the file's
        self.new: dict[str, tuple[str, str | None]] = {}  # the units the import adds, parents first
        self._codes: dict[str, str] = {}  # code, any case -> code
        self._names: dict[str, str] = {}  # name, any case -> the first code (in code order) with it
        if conn is not None:
            for code, name, parent in conn.execute(select(UNIT.c.code, UNIT.c.name, UNIT.c.parent)
                                                   .order_by(UNIT.c.code)):
                self._add(code, name, parent, new=False)
        self._sheet()

    def _add(self, code: str, name: str, parent: str | None, new: bool = True) -> None:
        self.units[code] = (name, parent)
        self._codes.setdefault(code.casefold(), code)
        self._names.setdefault(name.casefold(), code)
        if new:
            self.new[code] = (name, parent)

    def find(self, text: str) -> str | None:
        wanted = " ".join(text.split()).casefold()
        return self._codes.get(wanted) or self._names.get(wanted)

    def resolve(self, text: str, parent: str | None = None) -> str:
        found = self.find(text)
        if found is None:
            found = " ".join(text.split())
            self._add(found, found, parent)
        return found

    def _sheet(self) -> None:
        """The units sheet: each unit added under its parent, or found as the ledger holds it."""
        rows = dict(self.parsed.units)
        while rows:
            ready = [r for r in rows.values() if r.parent is None or self.find(r.parent) is not None
                     or r.parent not in rows]
            if not ready:  # units that are each other's parents
                for row in rows.values():
                    self.parsed.problem(*row.where, "parent", ("ROW_UNIT_LOOP", {"unit": row.code}))
                return
            for row in ready:
                del rows[row.code]
                parent = self.find(row.parent) if row.parent else None
                if row.parent and parent is None:
                    self.parsed.problem(*row.where, "parent", ("ROW_UNIT_PARENT_UNKNOWN", {"parent": row.parent}))
                    continue
                if row.code in self.units and row.code not in self.new:
                    name, held = self.units[row.code]
                    if name != row.name:
                        self.parsed.problem(*row.where, "name", ("ROW_UNIT_NAMED_OTHERWISE", {
                            "unit": row.code, "name": name, "given": row.name}))
                    elif held != parent:
                        self.parsed.problem(*row.where, "parent", ("ROW_UNIT_ELSEWHERE", {
                            "unit": row.code, "parent": held or "-", "given": parent or "-"}))
                    continue
                self._add(row.code, row.name, parent)

    def of_person(self, row) -> str | None:
        """The code of the unit a staff row puts the person in (adding it where the ledger has none), or None."""
        fields = row.fields
        text, code, parent_text = fields.get("unit"), fields.get("unit_code"), fields.get("parent_unit")
        if not (text or code or parent_text):
            return None
        parent = self.resolve(parent_text) if parent_text else None
        named = code or text
        if not named:
            return parent  # no unit below the parent: the person is in the parent unit itself
        where = row.sources.get("unit_code" if code else "unit", row.where)
        found = self.find(named)
        if found is None:
            found = " ".join(named.split())
            self._add(found, text if code and text else found, parent)
            return found
        name, held = self.units[found]
        if found == parent:
            self.parsed.problem(*where, "unit_code" if code else "unit", ("ROW_UNIT_UNDER_ITSELF", {"unit": found}))
        elif parent is not None and held != parent:
            self.parsed.problem(*row.sources.get("parent_unit", row.where), "parent_unit", ("ROW_UNIT_ELSEWHERE", {
                "unit": found, "parent": held or "-", "given": parent}))
        elif code and text and name.casefold() != " ".join(text.split()).casefold():
            self.parsed.problem(*row.sources.get("unit", row.where), "unit", ("ROW_UNIT_NAMED_OTHERWISE", {
                "unit": found, "name": name, "given": text}))
        return found


def _history(parsed, units: _Units) -> dict[str, dict[str, list]]:
    """The file's history rows by person and field (a unit by its code), and all of them under "*"."""
    from dataclasses import replace

    out: dict[str, dict[str, list]] = {}
    for row in sorted(parsed.history, key=lambda r: (r.nip, r.field, r.since)):
        if row.field == "unit" and row.value is not None:
            row = replace(row, value=units.resolve(row.value))
        person = out.setdefault(row.nip, {})
        person.setdefault(row.field, []).append(row)
        person.setdefault("*", []).append(row)
    return out


def _history_agrees(parsed, row, fields: dict, history: dict[str, list], units: _Units) -> None:
    """A new person's staff row and the last value of each history the file gives them must be the same; a field
    the staff row leaves empty is the history's last value."""
    from jpledger.sheets.reader import heading

    for name, rows in history.items():
        if name == "*":
            continue
        latest = rows[-1].value
        if name not in fields:
            if latest is not None:
                fields[name] = latest
            continue
        if latest != fields[name]:
            shown = {code: value[0] for code, value in units.units.items()}
            parsed.problem(*row.sources.get(name, row.where), name, ("ROW_HISTORY_DISAGREES", {
                "column": heading(name), "nip": row.nip, "value": shown.get(fields[name], fields[name]),
                "latest": shown.get(latest, latest) if latest is not None else "-"}))


def _new_contracts(conn, parsed) -> list:
    """The file's contracts the ledger does not hold yet; two of one person that overlap are problems."""
    from sqlalchemy import select

    from jpledger.store.tables import CONTRACT, chunks

    held: dict[str, list[tuple[date, date]]] = {}
    nips = sorted({row.nip for row in parsed.contracts})
    if conn is not None:
        for chunk in chunks(nips):
            for nip, start, end in conn.execute(select(CONTRACT.c.nip, CONTRACT.c.start, CONTRACT.c.end)
                                                .where(CONTRACT.c.nip.in_(chunk))):
                held.setdefault(nip, []).append((start, end))
    fresh, seen = [], {}
    for row in parsed.contracts:
        days = (row.start, row.end)
        if days in held.get(row.nip, []) or days in seen.get(row.nip, []):
            continue
        clash = next(((s, e) for s, e in held.get(row.nip, []) + seen.get(row.nip, [])
                      if s <= row.end and row.start <= e), None)
        if clash is not None:
            parsed.problem(*row.where, "contract_start", ("ROW_CONTRACT_OVERLAPS", {
                "start": row.start, "end": row.end, "nip": row.nip, "other_start": clash[0], "other_end": clash[1]}))
            continue
        seen.setdefault(row.nip, []).append(days)
        fresh.append(row)
    return fresh


def apply(conn, planned: Plan, parsed, shown: str, read_evidence=None, holders: dict | None = None
          ) -> tuple[int, int | None]:
    """Write the plan as one batch with its trail entry; returns the batch id, and the version of an export's
    policy the import put in use (else None).

    `holders` gives each new evidence file's SHA-256 a path holding it and the bytes when they were kept, else
    `read_evidence(path)` reads them."""
    from jpledger.codes import Phrase
    from jpledger.core.employment import SINCE_ALWAYS, derived_appointed
    from jpledger.core.entries import ENTRY_COLUMNS
    from jpledger.store.activities import insert_activity_rows
    from jpledger.store.batches import add_batch
    from jpledger.store.bulk import insert_many, pages_held
    from jpledger.store.db import now, trail
    from jpledger.store.history import HISTORY_FIELDS, change, start_histories
    from jpledger.store.staff import NEW_STAFF_COLUMNS, insert_staff_rows, update_staff
    from jpledger.store.tables import CONTRACT, HISTORY, UNIT
    from jpledger.store.trail import nips_in, units_of
    from jpledger.store.years import refuse_locked, refuse_locked_days

    pages_held(conn)
    version = None
    activities = planned.activities
    if planned.policy is not None:
        from jpledger.store.policies import store_policy

        version = store_policy(conn, *planned.policy)
        trail(conn, "policy use", {"version": version, "name": planned.policy[0], "file": shown})
        activities = [row._replace(policy_version=version) for row in activities]
    batch = add_batch(conn, shown, staff_added=len(planned.new_staff), staff_updated=len(planned.changed_staff),
                      added=len(activities), skipped=planned.skipped)
    stamp = now()
    if planned.units:
        conn.execute(UNIT.insert(), [{"code": code, "name": name, "parent": parent, "created_at": stamp}
                                     for code, (name, parent) in planned.units.items()])
    names = _unit_names(conn, planned)
    history: dict[str, list] = {}
    for row in planned.history:
        history.setdefault(row.nip, []).append(row)

    rows, starts, verbatim = [], [], []
    for person in planned.new_staff:
        values = dict(person.fields, status=person.fields.get("status") or "PNS")
        given = values.get("appointed") is not None
        if not given:
            values["appointed"] = derived_appointed(person.nip, values["status"], person.first_contract)
        code = values.get("unit")
        values["unit"] = names.get(code) if code else None
        values["unit_code"] = code
        rows.append((person.nip, *(values.get(name) for name in NEW_STAFF_COLUMNS[1:-1]), given))
        told = {r.field for r in history.get(person.nip, [])}
        starts.append((person.nip, {k: v for k, v in (values | {"unit": code}).items() if k not in told},
                       values.get("joined") or values["appointed"] or SINCE_ALWAYS))
        verbatim += [(r.nip, r.field, r.value, r.since) for r in history.pop(person.nip, [])]
    insert_staff_rows(conn, rows)
    start_histories(conn, starts, batch)
    if verbatim:
        insert_many(conn, HISTORY, ("nip", "field", "value", "valid_from"), verbatim,
                    {"recorded_at": stamp, "batch": batch})
    # People already in the ledger: the file's history first, then what their staff row changes.
    for nip, rows_of in history.items():
        direct: dict = {}
        for r in sorted(rows_of, key=lambda r: r.since):
            done = change(conn, nip, r.field, r.value, r.since, batch)
            if done is not None:
                refuse_locked_days(conn, [r.since], Phrase("WHAT_HISTORY", nip=nip))
                direct.update({"unit_code": done[1], "unit": names.get(done[1])} if r.field == "unit"
                              else {r.field: done[1]})
        if direct:
            update_staff(conn, nip, direct)
    for person in planned.changed_staff:
        direct = {}
        dated = [d for name in ("appointed", "joined", "left") if name in person.changes
                 for d in person.changes[name]]
        refuse_locked_days(conn, dated, Phrase("WHAT_SERVICE_DAYS", nip=person.nip))
        for name, (_, value) in person.changes.items():
            if name in HISTORY_FIELDS:
                done = change(conn, person.nip, name, value, person.since, batch)
                if done is None:
                    continue
                refuse_locked_days(conn, [person.since], Phrase("WHAT_HISTORY", nip=person.nip))
                if name == "unit":
                    direct["unit_code"] = done[1]
                    direct["unit"] = names.get(done[1], done[1])
                else:
                    direct[name] = done[1]
            else:
                direct[name] = value
                if name == "appointed":
                    direct["appointed_given"] = value is not None
        if person.derive_appointed:
            status = direct.get("status") or person.changes["status"][1]
            direct["appointed"] = derived_appointed(person.nip, status, _first_contract(conn, person.nip, planned))
        if direct:
            update_staff(conn, person.nip, direct)
    if planned.contracts:
        refuse_locked(conn, {y for c in planned.contracts for y in range(c.start.year, c.end.year + 1)},
                      Phrase("WHAT_CONTRACTS"))
        conn.execute(CONTRACT.insert(), [{"nip": c.nip, "start": c.start, "end": c.end, "ref": c.ref,
                                          "created_at": stamp, "batch": batch} for c in planned.contracts])
    if parsed.verification:
        extra = ("verification", "verified_by", "verified_at", "verify_note", "reject_reason")
        at = ENTRY_COLUMNS.index("fingerprint")
        insert_activity_rows(conn, (*ENTRY_COLUMNS, *extra),
                             [(*row, *parsed.verification[row[at]]) for row in activities], batch)
    else:
        insert_activity_rows(conn, ENTRY_COLUMNS, activities, batch)
    if planned.links:
        _write_evidence(conn, planned, batch, read_evidence, holders or {})
    detail = {
        "batch": batch, "file": shown,
        "sheets": [{"sheet": t.sheet, "kind": t.kind, "rows": parsed.rows.get(i, 0)}
                   for i, t in enumerate(parsed.tables)],
        **planned.summary(),
        "unused_columns": parsed.unused(),
        "jp_as_given": sum(1 for row in activities if row.jp_as_given),
        "staff_added": [p.nip for p in planned.new_staff],
        "staff_updated": {p.nip: {name: [_plain(old) if old is not None else None,
                                         _plain(new) if new is not None else None]
                                  for name, (old, new) in _shown_changes(p.changes, names).items()}
                          for p in planned.changed_staff},
    }
    # The units of the people it adds entries of, besides those of the people it adds or updates (the trail reads
    # theirs): a first roster's entries are all of people it adds.
    trail(conn, "import", detail, units=units_of(conn, {row.nip for row in activities} - set(nips_in(detail))))
    return batch, version


def _unit_names(conn, planned: Plan) -> dict[str, str]:
    from jpledger.store.units import unit_names_by_code

    return unit_names_by_code(conn) | {code: name for code, (name, _) in planned.units.items()}


def _shown_changes(changes: dict, names: dict[str, str]) -> dict:
    """A unit change as the unit names, as `staff update` writes it into the trail."""
    if "unit" not in changes:
        return changes
    old, new = changes["unit"]
    return changes | {"unit": (names.get(old, old) if old else old, names.get(new, new) if new else new)}


def _first_contract(conn, nip: str, planned: Plan) -> date | None:
    from sqlalchemy import func, select

    from jpledger.store.tables import CONTRACT

    held = conn.execute(select(func.min(CONTRACT.c.start)).where(CONTRACT.c.nip == nip)).scalar()
    return min([d for d in (held, *(c.start for c in planned.contracts if c.nip == nip)) if d], default=None)


def _write_evidence(conn, planned: Plan, batch: int, read_evidence, holders: dict) -> None:
    """Keep the new files (those not held in memory read again, and checked against the hash they had when the
    rows were checked) and show every file with its entry."""
    from sqlalchemy import select

    from jpledger.evidencefile import EvidenceProblem, digest
    from jpledger.store.evidence import link, store_blobs, stored_among
    from jpledger.store.tables import ACTIVITY, chunks

    def blobs():
        for sha in sorted(planned.new_files - stored_among(conn, planned.new_files)):
            path, data = holders[sha]
            if data is not None:
                yield sha, data
                continue
            try:
                data = read_evidence(path)
            except EvidenceProblem:
                data = None
            if data is None or digest(data) != sha:  # replaced since the rows were checked
                raise InputRejected("EVIDENCE_CHANGED", file=path)
            yield sha, data

    store_blobs(conn, blobs())
    ids: dict[str, int] = {}
    for chunk in chunks(sorted(planned.evidence)):
        ids.update({fp: i for i, fp in conn.execute(select(ACTIVITY.c.id, ACTIVITY.c.fingerprint)
                                                     .where(ACTIVITY.c.batch == batch,
                                                            ACTIVITY.c.fingerprint.in_(chunk)))})
    link(conn, [(ids[fp], f.sha256, f.name) for fp, files in planned.evidence.items() for f in files]
         + planned.attach)


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
