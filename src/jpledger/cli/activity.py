"""`jpledger activity`: list, show and void recorded activities."""

from __future__ import annotations

from typing import Annotated

import typer

from jpledger.cli.common import FormatOption, created_note, parse_nip, required_reason, runtime, say
from jpledger.cli.render import Col, Output, OutputFormat, View, emit
from jpledger.i18n import N_, _

app = typer.Typer(no_args_is_help=True)

IdArg = Annotated[int, typer.Argument(help="Activity id (see `jpledger activity list`).", show_default=False)]

COLUMNS = [Col("id", N_("ID"), "int"), Col("nip", N_("NIP"), "nip"), Col("code", N_("Code")), Col("kind", N_("Kind")),
           Col("title", N_("Title")), Col("start", N_("Start"), "date"), Col("end", N_("End"), "date"),
           Col("jp", N_("Credited"), "jp"), Col("withheld", N_("Withheld"), "jp"), Col("counted", N_("Counted"), "jp"),
           Col("batch", N_("Batch"), "int"), Col("void", N_("Note"))]
JSON_KEYS = ("id", "nip", "kind", "code", "title", "start", "end", "jp", "credited", "withheld", "counted",
             "not_counted", "voided", "void_reason", "batch")
EXTRA_KEYS = ("form", "year", "international", "coach", "coach_nip", "organizer", "ref", "note", "sessions",
              "minutes", "days", "policy_version", "created_at")


def activity_json(row: dict, full: bool = False) -> dict:
    """An activity in JSON: `jp` is the policy's credit (as `credited`); `withheld` and `counted` are what a cap
    holds back and what the person's total gets, the same figures as `statement` and the export show."""
    from jpledger.core.compliance import cents_to_jp

    figures = {"jp": float(cents_to_jp(row["jp_cents"])), "credited": float(row["credited"]),
               "withheld": float(row["withheld"]), "counted": float(row["counted"])}
    data = {k: figures[k] if k in figures else row.get(k) for k in JSON_KEYS}
    if full:
        data |= {k: row.get(k) for k in EXTRA_KEYS}
    return data


def _table_row(row: dict) -> dict:
    from jpledger.reports.words import WHY_NOT
    from jpledger.core.compliance import cents_to_jp

    if row["voided"]:
        void = _("voided: {reason}").format(reason=row["void_reason"])
    else:
        void = _(WHY_NOT[row["not_counted"]]) if row["not_counted"] else ""
    return row | {"jp": cents_to_jp(row["jp_cents"]), "withheld": row["withheld"] or None, "void": void}


@app.command("list")
def list_(ctx: typer.Context,
          nip: Annotated[str | None, typer.Option("--nip", help="Only this person.")] = None,
          year: Annotated[int | None, typer.Option("--year", "-y", help="Only this year (of the end date).")] = None,
          kind: Annotated[str | None, typer.Option("--kind", "-k", help="Only this kind (key, code or label).")] = None,
          batch: Annotated[int | None, typer.Option("--batch", "-b", help="Only what this import added.")] = None,
          all_: Annotated[bool, typer.Option("--all", "-a", help="Include voided entries.")] = False,
          fmt: FormatOption = OutputFormat.table) -> None:
    """List activities.

    Example: jpledger activity list --nip 198503142010012003 --year 2026
    """
    from jpledger.app import activity

    nip = parse_nip(nip, "--nip") if nip else None
    rows = activity.listing(runtime(ctx), nip=nip, year=year, kind=kind, batch=batch, include_voided=all_)
    emit(Output(records=[activity_json(r) for r in rows],
                views=[View(COLUMNS, [_table_row(r) for r in rows], _("Activities"))]), fmt)


@app.command("show")
def show(ctx: typer.Context, activity_id: IdArg, fmt: FormatOption = OutputFormat.table) -> None:
    """Show one activity with everything recorded about it.

    Example: jpledger activity show 42 --format json
    """
    from jpledger.app import activity

    data = activity_json(activity.show(runtime(ctx), activity_id), full=True)
    rows = [{"field": k, "value": v} for k, v in data.items() if v not in (None, False, "")]
    emit(Output(records=[data], document=data,
                views=[View([Col("field", ""), Col("value", "")], rows,
                            _("Activity {id}").format(id=activity_id), header=False)]), fmt)


@app.command("void")
def void(ctx: typer.Context, activity_id: IdArg,
         reason: Annotated[str, typer.Option("--reason", "-r", help="Why it no longer counts.")] = ...) -> None:
    """Strike an entry: it stays visible with its reason and no longer counts.

    Example: jpledger activity void 42 --reason "recorded twice"
    """
    from jpledger.app import activity

    reason = required_reason(reason, "REASON_VOID")
    rt = runtime(ctx)
    row = activity.void(rt, activity_id, reason)
    created_note(ctx, rt)
    say(ctx, "VOIDED", id=activity_id, nip=row["nip"], kind=row["kind"], reason=reason)
