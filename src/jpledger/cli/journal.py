"""`jpledger journal`: a person's coaching and mentoring sessions, or the sessions they gave as coach or mentor."""

from __future__ import annotations

from typing import Annotated

import typer

from jpledger.cli.common import FormatOption, parse_nip, runtime
from jpledger.cli.render import Col, Output, OutputFormat, View, emit
from jpledger.i18n import N_, _

JOURNAL_HELP = N_("A person's coaching and mentoring sessions in date order: goal, agreed actions, follow-up day, "
                  "coach or mentor; with --as-coach the sessions they gave.\n\n"
                  "Example: jpledger journal 199203152019031001 --year 2026")

COLUMNS = [Col("id", N_("ID"), "int"), Col("date", N_("Date"), "date"), Col("kind", N_("Kind")),
           Col("nip", N_("NIP"), "nip"), Col("coach", N_("Coach / mentor")), Col("sessions", N_("Sessions"), "int"),
           Col("minutes", N_("Minutes"), "int"), Col("topic", N_("Topic")), Col("goal", N_("Goal"), "long"),
           Col("actions", N_("Actions"), "long"), Col("follow_up", N_("Follow-up"), "date"),
           Col("jp", N_("JP"), "jp")]


def session_json(row: dict) -> dict:
    from jpledger.core.compliance import cents_to_jp

    return {"id": row["id"], "date": row["start"], "kind": row["kind"], "nip": row["nip"], "coach": row["coach"],
            "coach_nip": row["coach_nip"], "sessions": row["sessions"], "minutes": row["minutes"],
            "topic": row["title"], "goal": row["goal"], "actions": row["actions"], "follow_up": row["follow_up"],
            "jp": float(cents_to_jp(row["jp_cents"])), "verification": row["verification"]}


def journal(ctx: typer.Context,
            nip: Annotated[str, typer.Argument(help=N_("The person's NIP."), show_default=False)],
            year: Annotated[int | None, typer.Option("--year", "-y", min=1900, max=2999,
                                                     help=N_("Only this year."))] = None,
            as_coach: Annotated[bool, typer.Option("--as-coach", help=N_("The sessions this person gave as coach "
                                                                          "or mentor."))] = False,
            fmt: FormatOption = OutputFormat.table) -> None:
    from jpledger.app.journal import journal as read

    person, rows = read(runtime(ctx), parse_nip(nip), year=year, as_coach=as_coach)
    records = [session_json(r) for r in rows]
    table = [r | {"coach": r["coach"] or r["coach_nip"], "jp": r["jp"]} for r in records]
    who = f"{person['name']} ({person['nip']})"
    title = (_("Sessions given by {who}") if as_coach else _("Coaching and mentoring journal of {who}")).format(who=who)
    if year is not None:
        title += f", {year}"
    emit(Output(records=records, views=[View(COLUMNS, table, title)]), fmt)


def register(app: typer.Typer) -> None:
    app.command("journal", help=JOURNAL_HELP)(journal)
