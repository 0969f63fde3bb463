"""Looking after the ledger itself: init, log, backup, check, closing and reopening a year, migrate-to."""


import json
import re
from pathlib import Path
from typing import Annotated

import typer

from jpledger.cli.common import FormatOption, created_note, required_reason, runtime, say, warn
from jpledger.cli.render import Col, Output, OutputFormat, View, emit
from jpledger.i18n import N_, _


def init(ctx: typer.Context) -> None:
    """Create the ledger (owner-only file) if it does not exist yet, and print its path.

    Example: jpledger --db /data/diklat.db init
    """
    from jpledger.app import admin

    rt = runtime(ctx)
    where = admin.init(rt)
    if rt.created:
        created_note(ctx, rt)
    else:
        say(ctx, "LEDGER_EXISTS")
    typer.echo(where)


LOG_COLUMNS = [Col("at", N_("At (UTC)"), "date"), Col("actor", N_("Actor")), Col("claimed_actor", N_("Claimed")),
               Col("action", N_("Action"), "code"), Col("detail", N_("Detail"), "long"), Col("command", N_("Command"))]


def log(ctx: typer.Context,
        limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many entries, newest first.")] = 50,
        fmt: FormatOption = OutputFormat.table) -> None:
    """The audit trail: every change, when, by whom (JPLEDGER_ACTOR, else the OS user), what.

    On PostgreSQL the actor is the database login that made the change (JPLEDGER_ACTOR is kept beside it as
    claimed_actor), and an officer sees the entries about their own units.

    Example: jpledger log --limit 20
    """
    from jpledger.app import admin

    data = [{"at": r["at"].strftime("%Y-%m-%dT%H:%M:%SZ"), "actor": r["actor"], "claimed_actor": r["claimed_actor"],
             "action": r["action"], "detail": r["detail"], "command": r.get("command")}
            for r in admin.log(runtime(ctx), limit)]
    text = [d | {"detail": _short(readable(d["detail"]), 240), "command": _short(d["command"] or "", 60)} for d in data]
    # CSV cells are text: the detail goes as its JSON.
    flat = [d | {"detail": json.dumps(d["detail"], ensure_ascii=False, default=str)} for d in data]
    emit(Output(records=flat, document=data, views=[View(LOG_COLUMNS, text, _("Trail"))]), fmt)


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def readable(detail) -> str:
    """A trail entry's detail as a person reads it: `key value` pairs joined by ` · `, nested counts as
    `staff (added 12)`, long lists by their length; nothing that is empty, none or a zero count is shown."""
    if not isinstance(detail, dict):
        return _value(detail)
    return " · ".join(f"{_key(key)} {shown}" for key, value in detail.items()
                      if not _empty(value) and (shown := _value(value)))


# The trail's detail keys as a person reads them (the JSON keeps the keys).
TRAIL_KEYS = {
    "batch": N_("batch"), "file": N_("file"), "sheets": N_("sheets"), "sheet": N_("sheet"), "kind": N_("kind"),
    "rows": N_("rows"), "staff": N_("staff"), "added": N_("added"), "updated": N_("updated"),
    "unchanged": N_("unchanged"), "activities": N_("activities"), "skipped": N_("skipped"),
    "repeated_in_file": N_("repeated in file"), "contracts": N_("contracts"), "units": N_("units"),
    "history": N_("history"), "evidence": N_("evidence"), "shown": N_("shown"), "new_files": N_("new files"),
    "unused_columns": N_("unused columns"), "jp_as_given": N_("JP as given"), "staff_added": N_("staff added"),
    "staff_updated": N_("staff updated"), "schema": N_("schema"), "policy": N_("policy"), "nip": N_("NIP"),
    "name": N_("name"), "status": N_("status"), "unit": N_("unit"), "unit_code": N_("unit code"),
    "position": N_("position"), "rank": N_("rank"), "agency": N_("agency"), "supervisor": N_("supervisor"),
    "joined": N_("joined"), "left": N_("left"), "appointed": N_("appointed"), "reason": N_("reason"),
    "id": N_("ID"), "ids": N_("IDs"), "year": N_("year"), "version": N_("version"), "start": N_("start"),
    "end": N_("end"), "role": N_("role"), "from": N_("from"), "to": N_("to"), "code": N_("code"),
    "changes": N_("changes"), "was": N_("was"), "voided": N_("voided"), "ref": N_("ref"), "parent": N_("parent"),
    "note": N_("note"), "jp": N_("JP"), "created": N_("created"), "backup": N_("backup"), "reversed": N_("reversed"),
}


def _key(key: str) -> str:
    return _(TRAIL_KEYS[key]) if key in TRAIL_KEYS else key.replace("_", " ")


def _empty(value) -> bool:
    return value is None or value == "" or value == 0 and not isinstance(value, bool) or value in ([], {})


def _value(value) -> str:
    if isinstance(value, dict):
        inner = ", ".join(f"{_key(k)} {_value(v)}" for k, v in value.items() if not _empty(v))
        return f"({inner})" if inner else ""
    if isinstance(value, list):
        if len(value) > 3:
            return str(len(value))
        return ", ".join(" ".join(_value(v) for v in item.values() if not _empty(v)) if isinstance(item, dict)
                         else _value(item) for item in value)
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, float):  # JP: with the language's decimal mark
        from decimal import Decimal

        from jpledger.i18n import number

        return number(Decimal(str(value)))
    return str(value)


def backup(ctx: typer.Context,
           file: Annotated[Path, typer.Argument(help="Where to write the copy.", show_default=False)],
           force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False) -> None:
    """Write a consistent copy of the ledger while others may be writing.

    Example: jpledger backup /backup/diklat-2026-12-31.db
    """
    from jpledger.app import admin

    where = admin.backup(runtime(ctx), file, force)
    say(ctx, "BACKED_UP", ledger=where, file=file)


CHECK_COLUMNS = [Col("code", N_("Code"), "code"), Col("where", N_("Where"), "code"),
                 Col("message", N_("Message"), "long")]
# A check problem's place as JSON and CSV give it (`staff NIP`, `activity 25`, `contract row 3`), worded for the table.
WHERE = ((re.compile(r"staff (\S+)"), "CHECK_WHERE_STAFF"), (re.compile(r"activity (\S+)"), "CHECK_WHERE_ACTIVITY"),
         (re.compile(r"evidence (\S+)"), "CHECK_WHERE_EVIDENCE"),
         (re.compile(r"policy version (\S+)"), "CHECK_WHERE_POLICY"),
         (re.compile(r"(?P<table>\w+) row (\S+)"), "CHECK_WHERE_ROW"), (re.compile("file"), "CHECK_WHERE_FILE"),
         (re.compile("schema"), "CHECK_WHERE_SCHEMA"), (re.compile("meta"), "CHECK_WHERE_META"),
         (re.compile("policy_version"), "CHECK_WHERE_POLICIES"))


def where_shown(where: str) -> str:
    from jpledger.codes import message

    for pattern, code in WHERE:
        found = pattern.fullmatch(where)
        if found:
            groups = found.groupdict()
            return message(code, groups | {"id": found.groups()[-1]} if found.groups() else {})
    return where


def check(ctx: typer.Context, fmt: FormatOption = OutputFormat.table) -> None:
    """Check the ledger: integrity, foreign keys, schema version, policy validity, impossible records.

    Prints nothing and exits 0 when clean; lists findings and exits 1 otherwise.

    Example: jpledger check && echo clean
    """
    from jpledger.app import admin

    problems = admin.check(runtime(ctx))
    if problems or fmt is OutputFormat.json:
        shown = [p | {"where": where_shown(p["where"])} for p in problems]
        emit(Output(records=problems, views=[View(CHECK_COLUMNS, shown, _("Check"))]), fmt)
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
    from jpledger.app import years

    reason = required_reason(reason, "REASON_CLOSE")
    rt = runtime(ctx)
    years.close(rt, year, reason)
    created_note(ctx, rt)
    say(ctx, "YEAR_CLOSED_NOTE", year=year, reason=reason)
    if rt.today.year <= year:
        # Allowed (a unit may report early), but the officer should know what the stored report holds.
        warn(ctx, "WARN_YEAR_NOT_ENDED", year=year, today=rt.today)


@year_app.command("reopen")
def year_reopen(ctx: typer.Context, year: YearArg, reason: ReasonOpt = ...) -> None:
    """Unlock a closed year so it can be corrected; the reopening is in the trail.

    Example: jpledger year reopen 2026 --reason "koreksi data magang"
    """
    from jpledger.app import years

    reason = required_reason(reason, "REASON_REOPEN")
    rt = runtime(ctx)
    years.reopen(rt, year, reason)
    created_note(ctx, rt)
    say(ctx, "YEAR_REOPENED", year=year, reason=reason)


def migrate_to(ctx: typer.Context,
               url: Annotated[str, typer.Argument(help="The target, e.g. postgresql+psycopg://user@host/db.",
                                                  show_default=False)]) -> None:
    """Copy this ledger into an empty PostgreSQL ledger and verify the copy (rows and every year's totals).

    Example: jpledger --db diklat.db migrate-to postgresql+psycopg://diklat@db.example.go.id/jpledger
    """
    from jpledger.app import admin
    from jpledger.store.db import safe_url

    counts = admin.migrate_to(runtime(ctx), url)
    say(ctx, "MIGRATED", staff=counts["staff"], activities=counts["activity"], batches=counts["batch"],
        policies=counts["policy_version"], trail=counts["trail"], url=safe_url(url))


def register_init(app: typer.Typer) -> None:
    app.command("init")(init)


def register(app: typer.Typer) -> None:
    app.command("log")(log)
    app.command("backup")(backup)
    app.command("check")(check)
    app.command("migrate-to")(migrate_to)
    app.add_typer(year_app, name="year", help="Close a reported year against silent change, or reopen it.")
