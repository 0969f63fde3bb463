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
                "contracts": {"added": self.contracts},
                "evidence": {"shown": self.links, "new_files": len(self.new_files)}}


@dataclass
class Imported:
    file: str
    parsed: object  # sheets.importer.Parsed
    plan: Plan
    batch: int | None  # None for a dry run


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
    from jpledger.evidencefile import FolderSource, max_bytes
    from jpledger.sheets import importer
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
        progress.step(f"reading {path.name}")
        reading = read_file(roster, shown, layout, sheet)
        try:
            # Read while the workbook's sheets load in the background.
            view = _ledger_view(rt)
            progress.step("checking rows", total=0)
            parsed = importer.check(reading, view, progress.advance, lambda table: progress.grow(table.height))
        finally:
            reading.close()
        if not parsed.tables:
            raise InputRejected("IMPORT_NO_SHEETS", problems=[Problem(file, "TEXT", {"text": n})
                                                              for n in parsed.notes], file=file)
        if parsed.evidence:
            progress.step("reading evidence files")
        evidence, holders = importer.check_evidence(parsed, source, limit)
        if parsed.problems:
            lines = [p.line(shown) for p in parsed.problems]
            if target is not None:
                from jpledger.sheets.errorbook import write_errors

                write_errors(target, parsed, shown)
                raise InputRejected("IMPORT_REJECTED_SEE", problems=lines, file=file, count=len(lines),
                                    errors=target)
            raise InputRejected("IMPORT_REJECTED", problems=lines, file=file, count=len(lines))
        progress.step("writing" if not dry_run else "comparing with the ledger")
        if dry_run:
            return Imported(file, parsed, _dry_plan(rt, parsed, file, evidence), None)

        def write(conn):
            planned = plan(conn, parsed, f"importing {file}", rt.today, evidence)
            # Evidence files not held since they were checked are read again here, inside the transaction:
            # reading them twice (should a lost race run this again) changes nothing.
            return planned, apply(conn, planned, parsed, file, lambda path: source.read(path, limit), holders)

        planned, batch = rt.write().write_retrying(write)
        return Imported(file, parsed, planned, batch)
    finally:
        if bundle is not None:
            bundle.close()


def _ledger_view(rt: Runtime):
    """The ledger's policy and people, read without creating a ledger: a rejected import must write nothing."""
    from jpledger.policyfile import default_policy
    from jpledger.sheets.importer import LedgerView
    from jpledger.store.policies import active_policy
    from jpledger.store.staff import staff_by_nip

    if not rt.exists():
        return LedgerView(policy_id=1, policy=default_policy(), staff={})
    ledger = rt.read()
    try:
        with ledger.read() as conn:
            policy_id, policy, _ = active_policy(conn)
            return LedgerView(policy_id, policy, staff_by_nip(conn))
    finally:
        ledger.close()


def _dry_plan(rt: Runtime, parsed, file: str, evidence: dict) -> Plan:
    """The plan against the ledger as it is, in a read transaction; against an empty ledger if there is none."""
    if not rt.exists():
        people = [NewPerson(nip, dict(row.fields), _contract(row.fields)) for nip, row in parsed.staff.items()]
        files = _unique_files(evidence)
        return Plan(people, [], 0, parsed.activities, 0, len(parsed.repeats),
                    sum(1 for p in people if p.contract), files,
                    new_files={f.sha256 for shown in files.values() for f in shown})
    ledger = rt.read()
    try:
        with ledger.read() as conn:
            return plan(conn, parsed, f"importing {file}", rt.today, evidence)
    finally:
        ledger.close()


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


_ROW_ONLY = ("effective_from", "contract_start", "contract_end", "contract_ref")


def _contract(fields: dict) -> tuple | None:
    start = fields.get("contract_start")
    return (start, fields["contract_end"], fields.get("contract_ref")) if start else None


def plan(conn, parsed, what: str, today: date | None = None, evidence: dict | None = None) -> Plan:
    """What writing `parsed` would change, against the ledger as it is now; refuses closed years (exit 3).

    `evidence` ({fingerprint: [EvidenceFile]}) goes with the entries added; for an entry already in the ledger, the
    files it does not show yet are added to it (a roster sent again with its certificates)."""
    from sqlalchemy import select

    from jpledger.store.activities import live_fingerprints_among
    from jpledger.store.evidence import stored_among
    from jpledger.store.policies import active_policy_id
    from jpledger.store.staff import staff_by_nip
    from jpledger.store.tables import CONTRACT, chunks
    from jpledger.store.units import find_unit
    from jpledger.store.years import refuse_locked

    if active_policy_id(conn) != parsed.policy_id:
        raise LedgerError("POLICY_CHANGED_DURING_IMPORT")
    current = staff_by_nip(conn, parsed.staff)
    known_contracts: set[tuple] = set()
    for chunk in chunks(sorted(parsed.staff)):
        known_contracts.update(conn.execute(select(CONTRACT.c.nip, CONTRACT.c.start, CONTRACT.c.end)
                                            .where(CONTRACT.c.nip.in_(chunk))).all())
    units: dict[str, tuple | None] = {}
    new_staff, changed, unchanged, contracts = [], [], 0, 0
    for nip, row in parsed.staff.items():
        contract = _contract(row.fields)
        if contract and (nip, contract[0], contract[1]) in known_contracts:
            contract = None
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
    live = live_fingerprints_among(conn, (entry.fingerprint for entry in parsed.activities))
    fresh = [entry for entry in parsed.activities if entry.fingerprint not in live] if live else parsed.activities
    refuse_locked(conn, {entry.year for entry in fresh}, what)
    files = _unique_files(evidence or {})
    attach = _attach_to_existing(conn, {fp: f for fp, f in files.items() if fp in live}, what) if live else []
    fresh_files = {fp: f for fp, f in files.items() if fp not in live}
    shas = {f.sha256 for shown in fresh_files.values() for f in shown} | {sha for _, sha, _ in attach}
    return Plan(new_staff, changed, unchanged, fresh, len(parsed.activities) - len(fresh), len(parsed.repeats),
                contracts, fresh_files, attach, shas - stored_among(conn, shas))


def _attach_to_existing(conn, files: dict, what: str) -> list[tuple[int, str, str]]:
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


def apply(conn, planned: Plan, parsed, shown: str, read_evidence=None, holders: dict | None = None) -> int:
    """Write the plan as one batch with its trail entry; returns the batch id.

    `holders` gives each new evidence file's SHA-256 a path holding it and the bytes when they were kept, else
    `read_evidence(path)` reads them."""
    from jpledger.codes import Phrase
    from jpledger.core.employment import SINCE_ALWAYS, derived_appointed
    from jpledger.core.entries import ENTRY_COLUMNS
    from jpledger.store.activities import insert_activity_rows
    from jpledger.store.batches import add_batch
    from jpledger.store.db import now, trail
    from jpledger.store.history import HISTORY_FIELDS, change, start_histories
    from jpledger.store.staff import NEW_STAFF_COLUMNS, insert_staff_rows, update_staff
    from jpledger.store.tables import CONTRACT
    from jpledger.store.units import resolve_unit
    from jpledger.store.years import refuse_locked_days

    batch = add_batch(conn, shown, staff_added=len(planned.new_staff), staff_updated=len(planned.changed_staff),
                      added=len(planned.activities), skipped=planned.skipped)
    units: dict[str, tuple[str, str]] = {}

    def unit(text: str) -> tuple[str, str]:
        if text not in units:
            units[text] = resolve_unit(conn, text)
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
    if contracts:
        stamp = now()
        conn.execute(CONTRACT.insert(), [{"nip": nip, "start": c[0], "end": c[1], "ref": c[2], "created_at": stamp,
                                          "batch": batch} for nip, c in contracts])
    insert_activity_rows(conn, ENTRY_COLUMNS, planned.activities, batch)
    if planned.links:
        _write_evidence(conn, planned, batch, read_evidence, holders or {})
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
    })
    return batch


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

def batches(rt: Runtime) -> list[dict]:
    from jpledger.store.batches import list_batches

    with rt.read().read() as conn:
        return list_batches(conn)


def revert(rt: Runtime, batch: int, reason: str) -> tuple[dict, int]:
    """Void every live entry batch `batch` added; returns the batch and how many entries were voided."""
    from jpledger.codes import Phrase
    from jpledger.store.batches import batch_years, get_batch, revert_batch
    from jpledger.store.db import trail
    from jpledger.store.years import refuse_locked

    ledger = rt.read()
    with ledger.write() as conn:
        row = get_batch(conn, batch)
        if row["reverted_at"] is not None:
            raise UsageError("BATCH_ALREADY_REVERTED", batch=batch, day=row["reverted_at"].date(),
                             reason=row["revert_reason"])
        refuse_locked(conn, batch_years(conn, batch), Phrase("WHAT_REVERT", batch=batch))
        voided = revert_batch(conn, batch, reason, f"batch {batch} reverted: {reason}")
        trail(conn, "batch revert", {"batch": batch, "file": row["file"], "reason": reason, "voided": voided})
    return row, voided
