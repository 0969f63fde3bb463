"""Rosters in as all-or-nothing batches, and batches taken back out.

An import reads the file and checks every row against the ledger as it stands (sheets/), then plans what the rows
change and writes it in one transaction as one batch, again from the start if it lost a race with another writer.
A rejected file writes nothing, not even a ledger: the rows are checked before one may be created.
"""

from __future__ import annotations

from dataclasses import dataclass
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
class Plan:
    new_staff: list[tuple]  # (nip, *STAFF_FIELDS)
    changed_staff: list[tuple[str, dict]]  # NIP, {field: (old, new)}
    unchanged_staff: int
    activities: list[tuple]  # Entry
    skipped: int  # already live in the ledger
    repeats: int  # repeated within the file

    def summary(self) -> dict:
        return {"staff": {"added": len(self.new_staff), "updated": len(self.changed_staff),
                          "unchanged": self.unchanged_staff},
                "activities": {"added": len(self.activities), "skipped": self.skipped,
                               "repeated_in_file": self.repeats}}


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
    from jpledger.sheets import importer
    from jpledger.sheets.profile import DEFAULT, load_profile
    from jpledger.sheets.reader import read_file

    progress = progress or _Silent()
    path = Path(file)
    target = errors_path(errors, path) if errors else None
    layout = load_profile(profile) if profile else DEFAULT
    progress.step(f"reading {path.name}")
    reading = read_file(path, file, layout, sheet)
    try:
        # Read while the workbook's sheets load in the background.
        view = _ledger_view(rt)
        progress.step("checking rows", total=0)
        parsed = importer.check(reading, view, progress.advance, lambda table: progress.grow(table.height))
    finally:
        reading.close()
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
        return Imported(file, parsed, _dry_plan(rt, parsed, file), None)

    def write(conn):
        planned = plan(conn, parsed, f"importing {file}")
        return planned, apply(conn, planned, parsed, file)

    planned, batch = rt.write().write_retrying(write)
    return Imported(file, parsed, planned, batch)


def _ledger_view(rt: Runtime):
    """The ledger's policy and people, read without creating a ledger: a rejected import must write nothing."""
    from jpledger.core.policy import default_policy
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


def _dry_plan(rt: Runtime, parsed, file: str) -> Plan:
    """The plan against the ledger as it is, in a read transaction; against an empty ledger if there is none."""
    if not rt.exists():
        return Plan([(nip,) for nip in parsed.staff], [], 0, parsed.activities, 0, len(parsed.repeats))
    ledger = rt.read()
    try:
        with ledger.read() as conn:
            return plan(conn, parsed, f"importing {file}")
    finally:
        ledger.close()


def plan(conn, parsed, what: str) -> Plan:
    """What writing `parsed` would change, against the ledger as it is now; refuses closed years (exit 3)."""
    from jpledger.sheets.importer import STAFF_FIELDS
    from jpledger.store.activities import live_fingerprints_among
    from jpledger.store.policies import active_policy_id
    from jpledger.store.staff import staff_by_nip
    from jpledger.store.years import refuse_locked

    if active_policy_id(conn) != parsed.policy_id:
        raise LedgerError("POLICY_CHANGED_DURING_IMPORT")
    current = staff_by_nip(conn, parsed.staff)
    new_staff, changed, unchanged = [], [], 0
    for nip, row in parsed.staff.items():
        person = current.get(nip)
        if person is None:
            fields = row.fields | {"status": row.fields.get("status") or "PNS"}
            new_staff.append((nip, *(fields.get(name) for name in STAFF_FIELDS)))
            continue
        changes = {name: (person.get(name), value) for name, value in row.fields.items()
                   if person.get(name) != value}
        if changes:
            changed.append((nip, changes))
        else:
            unchanged += 1
    live = live_fingerprints_among(conn, (entry.fingerprint for entry in parsed.activities))
    fresh = [entry for entry in parsed.activities if entry.fingerprint not in live] if live else parsed.activities
    refuse_locked(conn, {entry.year for entry in fresh}, what)
    return Plan(new_staff, changed, unchanged, fresh, len(parsed.activities) - len(fresh), len(parsed.repeats))


def apply(conn, planned: Plan, parsed, shown: str) -> int:
    """Write the plan as one batch with its trail entry; returns the batch id."""
    from jpledger.core.entries import ENTRY_COLUMNS
    from jpledger.store.activities import insert_activity_rows
    from jpledger.store.batches import add_batch
    from jpledger.store.db import trail
    from jpledger.store.staff import insert_staff_rows, update_staff_rows

    batch = add_batch(conn, shown, staff_added=len(planned.new_staff), staff_updated=len(planned.changed_staff),
                      added=len(planned.activities), skipped=planned.skipped)
    insert_staff_rows(conn, planned.new_staff)
    update_staff_rows(conn, [(nip, {name: new for name, (_, new) in changes.items()})
                             for nip, changes in planned.changed_staff])
    insert_activity_rows(conn, ENTRY_COLUMNS, planned.activities, batch)
    trail(conn, "import", {
        "batch": batch, "file": shown,
        "sheets": [{"sheet": t.sheet, "kind": t.kind, "rows": parsed.rows.get(i, 0)}
                   for i, t in enumerate(parsed.tables)],
        **planned.summary(),
        "staff_added": [row[0] for row in planned.new_staff],
        "staff_updated": {nip: {name: [_plain(old) if old is not None else None,
                                       _plain(new) if new is not None else None]
                                for name, (old, new) in changes.items()}
                          for nip, changes in planned.changed_staff},
    })
    return batch


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
