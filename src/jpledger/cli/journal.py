"""`jpledger journal`: a person's coaching and mentoring sessions, or the sessions they gave as coach or mentor."""


from typing import Annotated

import typer

from jpledger.cli.common import FormatOption, parse_nip, runtime
from jpledger.cli.render import Col, Output, OutputFormat, View, emit
from jpledger.i18n import N_, _

JOURNAL_HELP = N_("A person's coaching and mentoring sessions in date order: goal, agreed actions, follow-up day, "
                  "coach or mentor; with --as-coach the sessions they gave.\n\n"
                  "Example: jpledger journal 199203152019031001 --year 2026")

# Narrow enough for 80 columns: the person is the title's (with --as-coach, the coachee is named); the texts wrap,
# goal and actions share one column; NIPs, minutes and sessions are in the JSON.
COLUMNS = [Col("id", N_("ID"), "int"), Col("date", N_("Date"), "date"), Col("code", N_("Code")),
           Col("who", N_("Coach / mentor"), "long"), Col("topic", N_("Topic"), "long"),
           Col("plan", N_("Goal and actions"), "long"),
           Col("follow_up", N_("Follow-up"), "date"), Col("jp", N_("JP"), "jp")]
AS_COACH_COLUMNS = [*COLUMNS[:3], Col("name", N_("Coachee / mentee"), "long"), *COLUMNS[4:]]


def session_json(row: dict) -> dict:
    from jpledger.core.compliance import cents_to_jp

    return {"id": row["id"], "date": row["start"], "kind": row["kind"], "nip": row["nip"], "coach": row["coach"],
            "coach_nip": row["coach_nip"], "sessions": row["sessions"], "minutes": row["minutes"],
            "topic": row["title"], "goal": row["goal"], "actions": row["actions"], "follow_up": row["follow_up"],
            "jp": float(cents_to_jp(row["jp_cents"])), "credited": float(row["credited"]),
            "withheld": float(row["withheld"]), "counted": float(row["counted"]), "verification": row["verification"],
            "name": row["name"]}


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
    table = [r | {"code": row["code"], "who": r["coach"] or r["coach_nip"], "plan": _plan(r)}
             for r, row in zip(records, rows)]
    who = f"{person['name']} ({person['nip']})"
    title = (_("Sessions given by {who}") if as_coach else _("Coaching and mentoring journal of {who}")).format(who=who)
    if year is not None:
        title += f", {year}"
    emit(Output(records=records, views=[View(AS_COACH_COLUMNS if as_coach else COLUMNS, table, title)]), fmt)


def _plan(record: dict) -> str:
    parts = [(_("goal: {text}") if name == "goal" else _("actions: {text}")).format(text=record[name])
             for name in ("goal", "actions") if record[name]]
    return "; ".join(parts)


def register(app: typer.Typer) -> None:
    app.command("journal", help=JOURNAL_HELP)(journal)
