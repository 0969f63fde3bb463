"""Looking after the ledger itself: init, log, backup, check, closing and reopening a year."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from jpledger.cli.common import (
    FormatOption,
    OutputFormat,
    note,
    open_for_check,
    open_for_read,
    open_for_write,
    render,
    required_reason,
    state,
)
from jpledger.errors import UsageError


def init(ctx: typer.Context) -> None:
    """Create the ledger (owner-only file) if it does not exist yet, and print its path.

    Example: jpledger --db /data/diklat.db init
    """
    ledger = open_for_write(ctx)
    if not ledger.created:
        note(ctx, "the ledger already exists; nothing changed")
    typer.echo(ledger.display)


def log(ctx: typer.Context,
        limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many entries, newest first.")] = 50,
        fmt: FormatOption = OutputFormat.table) -> None:
    """The audit trail: every change, when, by whom (JPLEDGER_ACTOR, else the OS user), what.

    Example: jpledger log --limit 20
    """
    from jpledger.store.ledger import trail_entries

    ledger = open_for_read(ctx)
    with ledger.read() as conn:
        rows = trail_entries(conn, limit)
    data = [{"at": r["at"].strftime("%Y-%m-%dT%H:%M:%SZ"), "actor": r["actor"], "action": r["action"],
             "detail": _detail(r["detail"]), "command": r.get("command")} for r in rows]
    if fmt is OutputFormat.table:
        rows = [d | {"detail": _short(d["detail"]), "command": _short(d["command"] or "", 60)} for d in data]
        render(rows, [("at", "At (UTC)"), ("actor", "Actor"), ("action", "Action"), ("detail", "Detail"),
                      ("command", "Command")], fmt, title="Trail")
    else:
        render([d | {"detail": json.dumps(d["detail"], ensure_ascii=False, default=str)} for d in data],
               [("at", "at"), ("actor", "actor"), ("action", "action"), ("detail", "detail"), ("command", "command")],
               fmt, json_data=data)


def _detail(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return text


def _short(detail, limit: int = 100) -> str:
    text = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def backup(ctx: typer.Context,
           file: Annotated[Path, typer.Argument(help="Where to write the copy.", show_default=False)],
           force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False) -> None:
    """Write a consistent copy of the ledger while others may be writing.

    Example: jpledger backup /backup/diklat-2026-12-31.db
    """
    from jpledger.store.db import backup_sqlite, trail

    ledger = open_for_read(ctx)
    if not ledger.is_sqlite:
        raise UsageError("backup copies a SQLite ledger; for PostgreSQL use the server's pg_dump")
    if file.is_dir():
        raise UsageError(f"{file} is a folder; give the copy a file name, e.g. {file / 'jpledger-backup.db'}")
    live = Path(ledger.location).resolve()
    if file.resolve() in (live, live.with_name(live.name + "-wal"), live.with_name(live.name + "-shm")):
        # --force would delete the ledger under its own open connection: writes after that are lost.
        raise UsageError(f"{file} is the ledger itself; choose another name for the copy")
    if file.exists() and not force:
        raise UsageError(f"{file} already exists; choose another name or add --force")
    with ledger.write() as conn:
        # Copied while this transaction holds the write lock: the copy is exactly the ledger the trail entry
        # speaks of, and a copy that fails leaves no entry.
        backup_sqlite(ledger, file, replace=force)
        trail(conn, "backup", {"file": str(file)})
    note(ctx, f"backed up {ledger.display} to {file}")


def check(ctx: typer.Context, fmt: FormatOption = OutputFormat.table) -> None:
    """Check the ledger: integrity, foreign keys, schema version, policy validity, impossible records.

    Prints nothing and exits 0 when clean; lists findings and exits 1 otherwise.

    Example: jpledger check && echo clean
    """
    from jpledger.store.checks import run_checks

    ledger = open_for_check(ctx)
    problems = run_checks(ledger)
    if fmt is OutputFormat.json:
        render(problems, [], fmt, json_data=problems)
    elif problems:
        render(problems, [("code", "Code"), ("where", "Where"), ("message", "Message")], fmt, title="Check")
    if problems:
        raise typer.Exit(1)


year_app = typer.Typer(no_args_is_help=True)
YearArg = Annotated[int, typer.Argument(help="The calendar year.", min=1900, max=2999, show_default=False)]
ReasonOpt = Annotated[str, typer.Option("--reason", "-r", help="Why (kept in the trail).")]


@year_app.command("close")
def year_close(ctx: typer.Context, year: YearArg, reason: ReasonOpt = ...) -> None:
    """Lock a reported year: records, voids, imports and reverts touching it are refused until it is reopened.

    Example: jpledger year close 2026 --reason "dilaporkan ke BKN 15/01/2027"
    """
    from jpledger.store.db import actor, now, trail
    from jpledger.store.ledger import YEAR_LOCK, locked_years

    reason = required_reason(reason, "the year is closed")
    ledger = open_for_write(ctx)
    with ledger.write() as conn:
        if year in locked_years(conn):
            raise UsageError(f"year {year} is already closed")
        conn.execute(YEAR_LOCK.insert().values(year=year, reason=reason, at=now(), actor=actor()))
        trail(conn, "year close", {"year": year, "reason": reason})
    note(ctx, f"year {year} closed: {reason}")


@year_app.command("reopen")
def year_reopen(ctx: typer.Context, year: YearArg, reason: ReasonOpt = ...) -> None:
    """Unlock a closed year so it can be corrected; the reopening is in the trail.

    Example: jpledger year reopen 2026 --reason "koreksi data magang"
    """
    from jpledger.store.db import trail
    from jpledger.store.ledger import YEAR_LOCK, locked_years

    reason = required_reason(reason, "the year is reopened")
    ledger = open_for_write(ctx)
    with ledger.write() as conn:
        if year not in locked_years(conn):
            raise UsageError(f"year {year} is not closed")
        conn.execute(YEAR_LOCK.delete().where(YEAR_LOCK.c.year == year))
        trail(conn, "year reopen", {"year": year, "reason": reason})
    note(ctx, f"year {year} reopened: {reason}")


def migrate_to(ctx: typer.Context,
               url: Annotated[str, typer.Argument(help="The target, e.g. postgresql+psycopg://user@host/db.",
                                                  show_default=False)]) -> None:
    """Copy this ledger into an empty PostgreSQL ledger and verify the copy (rows and every year's totals).

    Example: jpledger --db diklat.db migrate-to postgresql+psycopg://diklat@db.example.go.id/jpledger
    """
    from jpledger.store.copy import copy_ledger
    from jpledger.store.db import open_ledger, safe_url

    if "://" not in url:
        raise UsageError(f"URL: '{url}' is not a database URL; e.g. postgresql+psycopg://user@host/dbname")
    source = open_for_read(ctx)
    target = open_ledger(url, create=True, command=state(ctx).command)
    if target.location == source.location:
        raise UsageError("URL: the target is the ledger itself")
    counts = copy_ledger(source, target)
    note(ctx, f"copied {counts['staff']} people, {counts['activity']} activities, {counts['batch']} batches, "
              f"{counts['policy_version']} policy versions and {counts['trail']} trail entries to {safe_url(url)}; "
              "counts and every year's totals match")


def register_init(app: typer.Typer) -> None:
    app.command("init")(init)


def register(app: typer.Typer) -> None:
    app.command("log")(log)
    app.command("backup")(backup)
    app.command("check")(check)
    app.command("migrate-to")(migrate_to)
    app.add_typer(year_app, name="year", help="Close a reported year against silent change, or reopen it.")
