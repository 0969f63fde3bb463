"""`jpledger import` and `jpledger batch`: rosters in as all-or-nothing batches, and batches taken back out."""


import os
import sys
from contextlib import contextmanager
from typing import Annotated, Iterator

import typer

from jpledger.cli.common import FormatOption, created_note, runtime, say, state, warn
from jpledger.cli.render import Col, Output, OutputFormat, View, emit
from jpledger.errors import UsageError
from jpledger.i18n import N_, _

IMPORT_HELP = """Import staff and activities from an .xlsx or .csv roster: every row, or none.

Sheets are found by their header row (NIP, Nama, Jenis Kegiatan, Tanggal Mulai ...), not by name. Every problem
is listed as FILE:SHEET!CELL: message and nothing is written (exit 3). Activities already in the ledger are
skipped, so importing the same file twice adds nothing; staff rows add new people and update changed fields.
Columns it does not read are listed after the summary. A JP column must agree with the policy's credit unless the
profile says `jp: as_given`. A workbook written by `jpledger export` imports back whole.
A Bukti (Evidence) column names files beside the roster, kept inside the ledger; a .zip holding one roster and
its evidence files imports as the roster.

Example: jpledger import rekap-2026.xlsx --errors perbaiki.xlsx
"""


def import_(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="The roster: .xlsx, .csv (UTF-8, `,` or `;`), or a .zip of "
                                                  "the roster and its evidence files.", show_default=False)],
    profile: Annotated[str | None, typer.Option("--profile", "-p", help="A YAML profile for a layout the "
                                                "headers alone do not explain.")] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", "-s", help="Read only this sheet.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", "-n", help="Check everything and say what would change; "
                                          "write nothing.")] = False,
    errors: Annotated[str | None, typer.Option("--errors", "-e", help="On rejection, write the rejected rows "
                                               "with an error column to this .xlsx.")] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    from jpledger.app import imports

    if errors:
        _errors_folder(errors)
    rt = runtime(ctx)
    with _without_cycle_collection():
        with _progress(ctx) as progress:
            done = imports.run(rt, file, profile=profile, sheet=sheet, dry_run=dry_run, errors=errors,
                               progress=progress)
        created_note(ctx, rt)
        _report(ctx, done, fmt)
        # Let go of the checked rows before the collector resumes, so that it does not walk them all once more.
        del done


def _errors_folder(errors: str) -> None:
    """The errors workbook goes into a folder that exists: none is created (asked before reading the roster)."""
    from pathlib import Path

    from jpledger.errors import UsageError

    folder = Path(errors).parent
    if not folder.is_dir():
        raise UsageError("FOLDER_MISSING", folder=folder)


def _report(ctx: typer.Context, done, fmt: OutputFormat) -> None:
    """The summary on stderr (what was added, what the file holds that was not imported); JSON or CSV on stdout."""
    from jpledger.codes import Phrase, message

    file, parsed, batch = done.file, done.parsed, done.batch
    summary = done.plan.summary()
    staff, activities = summary["staff"], summary["activities"]
    unused = parsed.unused()
    if not state(ctx).quiet:
        for code, params in [*parsed.notes, *done.notes]:
            typer.echo(f"{file}: {message(code, params)}", err=True)
        for code, params in parsed.repeats:
            typer.echo(f"{file}:{message(code, params)}", err=True)
    repeats = activities["repeated_in_file"]
    say(ctx, "IMPORT_DRY_RUN" if batch is None else "IMPORT_DONE", file=file, batch=batch,
        staff_added=staff["added"], staff_updated=staff["updated"], staff_unchanged=staff["unchanged"],
        added=activities["added"], skipped=activities["skipped"],
        repeated=Phrase("IMPORT_REPEATED", count=repeats) if repeats else "")
    more = [message(f"IMPORT_{name.upper()}", {"count": summary[name]["added"]})
            for name in ("contracts", "units", "history") if summary[name]["added"]]
    if more:
        say(ctx, "IMPORT_ALSO_DRY_RUN" if batch is None else "IMPORT_ALSO", parts=", ".join(more))
    as_given = sum(1 for row in done.plan.activities if row.jp_as_given)
    if as_given:
        say(ctx, "IMPORT_AS_GIVEN", count=as_given)
    shown = summary["evidence"]
    if shown["shown"]:
        say(ctx, "IMPORT_EVIDENCE_DRY" if batch is None else "IMPORT_EVIDENCE", count=shown["shown"],
            new=shown["new_files"])
    if parsed.links:
        say(ctx, "EVIDENCE_LINKS_KEPT", file=file, count=parsed.links)
    from jpledger.app.notices import limited

    for notice in limited(done.notices):
        if notice.where:
            warn(ctx, "WARN_AT", file=file, where=notice.where, warning=Phrase(notice.code, **notice.params))
        else:
            warn(ctx, notice.code, **notice.params)
    for warning in parsed.warnings:
        warn(ctx, "WARN_AT", file=file, where=f"{warning.sheet}!{warning.cell}", warning=warning.message)
    for sheet in dict.fromkeys(column["sheet"] for column in unused):
        # After the summary, and even with --quiet: what the file holds that the ledger did not take.
        columns = ", ".join(f"{c['heading']} ({c['column']})" for c in unused if c["sheet"] == sheet)
        typer.echo(f"{file}: {message('IMPORT_UNUSED_COLUMNS', {'sheet': sheet, 'columns': columns})}", err=True)
    if fmt is OutputFormat.table:
        return
    warnings = [{"code": n.code, "where": n.where, "message": str(Phrase(n.code, **n.params))} for n in done.notices]
    warnings += [{"code": w.code, "where": f"{w.sheet}!{w.cell}", "message": w.message} for w in parsed.warnings]
    data = {"file": file, "batch": batch, "dry_run": batch is None, **summary, "jp_as_given": as_given,
            "tables": [{"sheet": t.sheet, "kind": t.kind, "header_row": t.header_row,
                        "rows": parsed.rows.get(i, 0)} for i, t in enumerate(parsed.tables)],
            "unused_columns": unused,
            "skipped_sheets": [message(code, params) for code, params in parsed.notes],
            "repeats": [message(code, params) for code, params in parsed.repeats],
            "policy_version": done.policy_version, "warnings": warnings}
    flat = {"file": file, "batch": batch, "dry_run": batch is None,
            **{f"staff_{k}": v for k, v in staff.items()}, **activities, "jp_as_given": as_given,
            "unused_columns": len(unused), "warnings": len(warnings), **{f"evidence_{k}": v for k, v in shown.items()}}
    emit(Output(records=[flat], document=data), fmt)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Checking a national roster makes millions of small objects and no reference cycles, so Python's cycle
    collector would only walk the growing heap again and again (a tenth of an import's time); it resumes after,
    once they are gone."""
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

BATCH_COLUMNS = [Col("id", N_("Batch"), "int"), Col("at", N_("At (UTC)"), "date"), Col("actor", N_("Actor")),
                 Col("file", N_("File")), Col("staff_added", N_("Staff added"), "int"),
                 Col("staff_updated", N_("Staff updated"), "int"), Col("added", N_("Added"), "int"),
                 Col("skipped", N_("Skipped"), "int"), Col("state", N_("Reverted"))]


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
    from jpledger.app import imports

    data = [_batch_json(row) for row in imports.batches(runtime(ctx))]
    rows = [d | {"state": _("reverted: {reason}").format(reason=d["revert_reason"]) if d["reverted"] else ""}
            for d in data]
    emit(Output(records=data, views=[View(BATCH_COLUMNS, rows, _("Batches"))]), fmt)


@batch_app.command("revert")
def batch_revert(ctx: typer.Context,
                 batch: Annotated[int, typer.Argument(help="Batch id (see `jpledger batch list`).",
                                                      show_default=False)],
                 reason: Annotated[str, typer.Option("--reason", "-r", help="Why (kept in the trail).")] = ...
                 ) -> None:
    """Void every activity a batch added; the entries stay visible with the reason. People stay as they are.

    Example: jpledger batch revert 3 --reason "file sent twice with wrong dates"
    """
    from jpledger.app import imports

    reason = " ".join(reason.split())
    if not reason:
        raise UsageError("REASON_REVERT")
    row, voided = imports.revert(runtime(ctx), batch, reason)
    say(ctx, "BATCH_REVERTED", batch=batch, file=row["file"], count=voided)


def register(app: typer.Typer) -> None:
    app.command("import", help=IMPORT_HELP)(import_)
    app.add_typer(batch_app, name="batch", help="Imports as units: list them, revert one.")
