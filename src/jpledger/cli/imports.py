"""`jpledger import` and `jpledger batch`: rosters in as all-or-nothing batches, and batches taken back out."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Iterator

import typer

from jpledger.cli.common import FormatOption, OutputFormat, note, open_for_read, open_for_write, render, state
from jpledger.errors import InputRejected, UsageError

IMPORT_HELP = """Import staff and activities from an .xlsx or .csv roster: every row, or none.

Sheets are found by their header row (NIP, Nama, Jenis Kegiatan, Tanggal Mulai ...), not by name. Every problem
is listed as FILE:SHEET!CELL: message and nothing is written (exit 3). Activities already in the ledger are
skipped, so importing the same file twice adds nothing; staff rows add new people and update changed fields.

Example: jpledger import rekap-2026.xlsx --errors perbaiki.xlsx
"""


def import_(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="The roster: .xlsx, or .csv (UTF-8, `,` or `;`).", show_default=False)],
    profile: Annotated[str | None, typer.Option("--profile", "-p", help="A YAML profile for a layout the "
                                                "headers alone do not explain.")] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", "-s", help="Read only this sheet.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Check everything and say what would change; "
                                          "write nothing.")] = False,
    errors: Annotated[str | None, typer.Option("--errors", "-e", help="On rejection, write the rejected rows "
                                               "with an error column to this .xlsx.")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    from jpledger.sheets import importer
    from jpledger.sheets.profile import DEFAULT, load_profile
    from jpledger.sheets.reader import read_file

    path = Path(file)
    errors_path = _errors_path(errors, path) if errors else None
    layout = load_profile(profile) if profile else DEFAULT
    with _progress(ctx) as progress, _without_cycle_collection():
        progress.step(f"reading {path.name}")
        reading = read_file(path, file, layout, sheet)
        try:
            # Read while the workbook's sheets load in the background.
            view = _ledger_view(ctx)
            progress.step("checking rows", total=0)
            parsed = importer.check(reading, view, progress.advance, lambda table: progress.grow(table.height))
        finally:
            reading.close()
        if not parsed.tables:
            raise InputRejected(f"{file}: found no staff or activities sheet; nothing was imported",
                                [f"{file}: {line}" for line in parsed.notes])
        if parsed.problems:
            lines = [p.line(file) for p in parsed.problems]
            count = f"{len(lines)} problem{'s' if len(lines) != 1 else ''}"
            message = f"{file}: {count}; nothing was imported"
            if errors_path is not None:
                _write_errors(errors_path, parsed, file)
                message += f"; the rejected rows are in {errors_path}"
            raise InputRejected(message, lines)
        progress.step("writing" if not dry_run else "comparing with the ledger")
        if dry_run:
            plan = _dry_plan(ctx, parsed, file)
            batch = None
        else:
            def write(conn):
                planned = importer.plan(conn, parsed, f"importing {file}")
                return planned, importer.apply(conn, planned, parsed, file)

            # Planned and written in one transaction, again from the start if it lost a race with another writer.
            plan, batch = open_for_write(ctx).write_retrying(write)
    _report(ctx, file, parsed, plan, batch, fmt)


def _errors_path(errors: str, source: Path) -> Path:
    target = Path(errors)
    if target.suffix.lower() != ".xlsx":
        raise UsageError(f"--errors: {errors} must be an .xlsx file name")
    if target.is_dir():
        raise UsageError(f"--errors: {errors} is a folder")
    if target.exists() and source.exists() and target.resolve() == source.resolve():
        raise UsageError("--errors: that is the roster itself; give the errors workbook another name")
    return target


def _ledger_view(ctx: typer.Context):
    """The ledger's policy and people, read without creating a ledger: a rejected import must write nothing."""
    from jpledger.core.policy import default_policy
    from jpledger.sheets.importer import LedgerView
    from jpledger.store.db import open_ledger
    from jpledger.store.ledger import active_policy, staff_by_nip

    if _no_ledger_yet(ctx):
        return LedgerView(policy_id=1, policy=default_policy(), staff={})
    ledger = open_ledger(state(ctx).db, create=False)
    try:
        with ledger.read() as conn:
            policy_id, policy, _ = active_policy(conn)
            return LedgerView(policy_id, policy, staff_by_nip(conn))
    finally:
        ledger.close()


def _no_ledger_yet(ctx: typer.Context) -> bool:
    """True when there is no ledger yet (a file not there, or a database without jpledger's tables)."""
    from jpledger.store.db import ledger_exists

    return not ledger_exists(state(ctx).db)


def _dry_plan(ctx: typer.Context, parsed, file: str):
    """The plan against the ledger as it is, in a read transaction; against an empty ledger if there is none."""
    from jpledger.sheets import importer
    from jpledger.store.db import open_ledger

    if _no_ledger_yet(ctx):
        return importer.Plan([(nip,) for nip in parsed.staff], [], 0, parsed.activities, 0, len(parsed.repeats))
    ledger = open_ledger(state(ctx).db, create=False)
    try:
        with ledger.read() as conn:
            return importer.plan(conn, parsed, f"importing {file}")
    finally:
        ledger.close()


def _report(ctx: typer.Context, file: str, parsed, plan, batch: int | None, fmt: OutputFormat) -> None:
    summary = plan.summary()
    staff, activities = summary["staff"], summary["activities"]
    if not state(ctx).quiet:
        for line in parsed.notes:
            typer.echo(f"{file}: {line}", err=True)
        for line in parsed.repeats:
            typer.echo(f"{file}:{line}", err=True)
    head = f"dry run of {file} (nothing written)" if batch is None else f"imported {file} as batch {batch}"
    would = " would be" if batch is None else ""
    repeated = f", {activities['repeated_in_file']} repeated in the file" if activities["repeated_in_file"] else ""
    note(ctx, f"{head}\n  staff: {staff['added']}{would} added, {staff['updated']}{would} updated, "
              f"{staff['unchanged']} unchanged\n  activities: {activities['added']}{would} added, "
              f"{activities['skipped']} skipped (already in the ledger){repeated}")
    data = {"file": file, "batch": batch, "dry_run": batch is None, **summary,
            "tables": [{"sheet": t.sheet, "kind": t.kind, "header_row": t.header_row,
                        "rows": parsed.rows.get(i, 0)} for i, t in enumerate(parsed.tables)],
            "skipped_sheets": parsed.notes, "repeats": parsed.repeats}
    if fmt is OutputFormat.table:
        return
    flat = {"file": file, "batch": batch, "dry_run": batch is None,
            **{f"staff_{k}": v for k, v in staff.items()}, **activities}
    render([flat], [(key, key) for key in flat], fmt, json_data=data)


# --- the errors workbook ---------------------------------------------------------------------------------------

def _write_errors(target: Path, parsed, file: str) -> None:
    """The rejected rows as they stand in the file, each with its problems; and every problem on its own sheet."""
    import math
    import tempfile
    from datetime import date, datetime

    import xlsxwriter

    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".jpledger-", suffix=".xlsx", dir=target.parent)
    os.close(handle)
    try:
        book = xlsxwriter.Workbook(temporary, {"strings_to_formulas": False, "strings_to_urls": False,
                                               "strings_to_numbers": False})
        bold = book.add_format({"bold": True, "bg_color": "#D9E1F2"})
        day = book.add_format({"num_format": "dd/mm/yyyy"})
        text = book.add_format({"num_format": "@"})
        wrong = book.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE", "text_wrap": True})
        names: set[str] = set()
        for index, table in enumerate(parsed.tables):
            rows = sorted((r for r in parsed.rejected.values() if r.table == index), key=lambda r: r.row)
            if not rows:
                continue
            sheet = book.add_worksheet(_sheet_name(table.sheet, names))
            headings = list(table.headings)
            for col, value in enumerate(headings):
                if value not in (None, ""):
                    sheet.write_string(0, col, str(value), bold)
            # After the widest row, so that no cell of the file is written over.
            width = max(len(headings), *(len(r.cells) for r in rows))
            sheet.write_string(0, width, "Baris", bold)
            sheet.write_string(0, width + 1, "Kesalahan", bold)
            nip_col = table.columns.get("nip")
            for out, rejected in enumerate(rows, start=1):
                for col, value in enumerate(rejected.cells):
                    if value is None or value == "":
                        continue
                    if isinstance(value, bool):
                        sheet.write_boolean(out, col, value)
                    elif isinstance(value, (int, float)) and math.isfinite(value):
                        sheet.write_number(out, col, value)
                    elif isinstance(value, (date, datetime)):
                        moment = value if isinstance(value, datetime) else datetime(value.year, value.month,
                                                                                     value.day)
                        sheet.write_datetime(out, col, moment, day)
                    else:
                        sheet.write_string(out, col, str(value), text if col == nip_col else None)
                sheet.write_number(out, width, rejected.row)
                sheet.write_string(out, width + 1, "\n".join(rejected.messages), wrong)
            sheet.set_column(width + 1, width + 1, 80)
            if nip_col is not None:
                sheet.set_column(nip_col, nip_col, 22, text)
            sheet.freeze_panes(1, 0)
            sheet.autofilter(0, 0, len(rows), width + 1)
        listing = book.add_worksheet(_sheet_name("Daftar Kesalahan", names))
        for col, title in enumerate(("Sheet", "Sel", "Kesalahan")):
            listing.write_string(0, col, title, bold)
        for out, problem in enumerate(parsed.problems, start=1):
            listing.write_string(out, 0, problem.sheet)
            listing.write_string(out, 1, problem.cell)
            listing.write_string(out, 2, problem.message)
        listing.set_column(0, 0, 20)
        listing.set_column(2, 2, 100)
        listing.freeze_panes(1, 0)
        book.set_properties({"title": f"Rejected rows of {Path(file).name}"})
        book.close()
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _sheet_name(name: str, taken: set[str]) -> str:
    """A legal, unused Excel sheet name: at most 31 characters, none of []:*?/\\."""
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'")[:31] or "Sheet"
    candidate, number = clean, 2
    while candidate.casefold() in taken:
        suffix = f" ({number})"
        candidate, number = clean[:31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.casefold())
    return candidate


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Checking a national roster makes millions of small objects and no reference cycles, so Python's cycle
    collector would only walk the growing heap again and again (a tenth of an import's time); it resumes after."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


# --- progress --------------------------------------------------------------------------------------------------

class _Progress:
    """A progress bar on stderr; does nothing off a terminal, with --quiet or under CI."""

    def __init__(self, bar=None):
        self.bar = bar
        self.task = None

    def step(self, description: str, total: int | None = None) -> None:
        if self.bar is None:
            return
        if self.task is not None:
            self.bar.remove_task(self.task)
        self.task = self.bar.add_task(description, total=total)

    def grow(self, rows: int) -> None:
        if self.bar is not None and self.task is not None:
            task = next(t for t in self.bar.tasks if t.id == self.task)
            self.bar.update(self.task, total=(task.total or 0) + rows)

    def advance(self, rows: int) -> None:
        if self.bar is not None and self.task is not None:
            self.bar.advance(self.task, rows)


@contextmanager
def _progress(ctx: typer.Context) -> Iterator[_Progress]:
    if state(ctx).quiet or os.environ.get("CI") or not sys.stderr.isatty():
        yield _Progress()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), console=Console(stderr=True), transient=True)
    with bar:
        yield _Progress(bar)


# --- batches ---------------------------------------------------------------------------------------------------

batch_app = typer.Typer(no_args_is_help=True)


def _batch_json(row: dict) -> dict:
    stamp = lambda moment: moment.strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None  # noqa: E731
    return {"id": row["id"], "file": row["file"], "at": stamp(row["at"]), "actor": row["actor"],
            "staff_added": row["staff_added"], "staff_updated": row["staff_updated"], "added": row["added"],
            "skipped": row["skipped"], "reverted": row["reverted_at"] is not None,
            "reverted_at": stamp(row["reverted_at"]), "revert_reason": row["revert_reason"]}


@batch_app.command("list")
def batch_list(ctx: typer.Context, fmt: FormatOption = OutputFormat.table) -> None:
    """List imports: what each added and skipped, and whether it was reverted.

    Example: jpledger batch list --format json
    """
    from jpledger.store.ledger import list_batches

    ledger = open_for_read(ctx)
    with ledger.read() as conn:
        data = [_batch_json(row) for row in list_batches(conn)]
    rows = [d | {"state": f"reverted: {d['revert_reason']}" if d["reverted"] else ""} for d in data]
    render(rows, [("id", "Batch"), ("at", "At (UTC)"), ("actor", "Actor"), ("file", "File"),
                  ("staff_added", "Staff added"), ("staff_updated", "Staff updated"), ("added", "Added"),
                  ("skipped", "Skipped"), ("state", "Reverted")], fmt, title="Batches", json_data=data)


@batch_app.command("revert")
def batch_revert(ctx: typer.Context,
                 batch: Annotated[int, typer.Argument(help="Batch id (see `jpledger batch list`).",
                                                      show_default=False)],
                 reason: Annotated[str, typer.Option("--reason", "-r", help="Why (kept in the trail).")] = ...
                 ) -> None:
    """Void every activity a batch added; the entries stay visible with the reason. People stay as they are.

    Example: jpledger batch revert 3 --reason "file sent twice with wrong dates"
    """
    from jpledger.store.db import trail
    from jpledger.store.ledger import get_batch, revert_batch

    reason = " ".join(reason.split())
    if not reason:
        raise UsageError("--reason: say why the batch is reverted")
    ledger = open_for_read(ctx)
    with ledger.write() as conn:
        row = get_batch(conn, batch)
        if row["reverted_at"] is not None:
            raise UsageError(f"batch {batch} was already reverted on {row['reverted_at']:%Y-%m-%d} "
                             f"({row['revert_reason']})")
        voided = revert_batch(conn, batch, reason)
        trail(conn, "batch revert", {"batch": batch, "file": row["file"], "reason": reason, "voided": voided})
    note(ctx, f"batch {batch} ({row['file']}) reverted: {voided} "
              f"{'entry' if voided == 1 else 'entries'} voided; people it added or changed stay as they are")


def register(app: typer.Typer) -> None:
    app.command("import", help=IMPORT_HELP)(import_)
    app.add_typer(batch_app, name="batch", help="Imports as units: list them, revert one.")
