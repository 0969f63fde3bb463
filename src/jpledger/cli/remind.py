"""`jpledger remind`: who is behind before the year ends and at what pace, per supervisor or unit (spec 11)."""


from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from jpledger.cli.common import FormatOption, UnitOption, YearOption, runtime, say
from jpledger.cli.render import STATE_STYLE, Col, Line, Output, OutputFormat, View, emit, jp_number
from jpledger.cli.report import AsOfOption, _as_of, _target
from jpledger.i18n import N_, _, ngettext


class By(str, Enum):
    supervisor = "supervisor"
    unit = "unit"


ByOption = Annotated[By, typer.Option("--by", case_sensitive=False,
                                      help=N_("Group by supervisor (atasan langsung, the default) or unit."))]
OutOption = Annotated[str | None, typer.Option("--out", metavar="DIR", show_default=False,
                                               help=N_("Also write one workbook per group into this folder."))]
ForceOption = Annotated[bool, typer.Option("--force", help=N_("Replace a group's workbook that is already in DIR."))]

COLUMNS = [Col("nip", N_("NIP"), "nip"), Col("name", N_("Name")), Col("unit", N_("Unit")),
           Col("status", N_("Status")), Col("jp", N_("JP"), "jp"), Col("target", N_("Target")),
           Col("needed", N_("Needed"), "jp"), Col("months_left", N_("Months left"), "int"),
           Col("jp_per_month", N_("JP a month"), "jp"), Col("state", N_("State"), "state"),
           Col("note", N_("Note"), "label")]


def person_json(r) -> dict:
    """One reminded person as JSON (and, after `group` and `group_name`, a CSV row)."""
    p = r.person
    return {"nip": p.nip, "name": p.name, "unit": p.unit, "status": p.status, "jp": float(p.jp),
            "needed": float(p.needed), "months_left": r.months_left, "jp_per_month": float(r.jp_per_month),
            "state": p.state, "min_jp": jp_number(p.min_jp), "max_jp": jp_number(p.max_jp),
            "jp_toward_max": float(p.jp_toward_max), "near_max": p.state not in ("short", "over")}


def remind(ctx: typer.Context, year: YearOption = ..., as_of: AsOfOption = None, by: ByOption = By.supervisor,
           unit: UnitOption = None, out: OutOption = None, force: ForceOption = False,
           fmt: FormatOption = OutputFormat.table) -> None:
    """Who is short of the year's target (or near or over a maximum), with what they still need and the JP a month
    that reaches it by December, grouped by supervisor (atasan langsung) or unit.

    PPPK are counted by contract year, as `totals` counts them. --out writes one workbook per group, named after
    it, with its people and the coaching and mentoring each had this year. Exits 1 when anyone is listed, 0 when
    nobody is.

    Example: jpledger remind --year 2026 --as-of 01/07/2026 --out pengingat/
    """
    from jpledger.app.remind import reminders, write_workbooks
    from jpledger.i18n import workbook_language

    done = reminders(runtime(ctx), year, as_of=_as_of(as_of), by=by.value, unit=unit, with_sessions=out is not None)
    if out is not None:
        written = write_workbooks(done, Path(out), workbook_language(), force=force)
        say(ctx, "REMIND_WROTE", count=len(written.files), folder=out)
    document = [{"group": g.key, "group_name": g.name, "people": [person_json(r) for r in g.people]}
                for g in done.groups]
    records = [{"group": g["group"], "group_name": g["group_name"]} | person for g in document
               for person in g["people"]]
    emit(Output(records=records, document=document, views=_views(done)), fmt)
    if done.anyone:
        raise typer.Exit(1)


def _views(done) -> list:
    if not done.anyone:
        return [Line(_("Nobody to remind in {year} as of {as_of}.").format(year=done.year,
                                                                          as_of=done.as_of.isoformat()))]
    months = done.groups[0].people[0].months_left
    views: list = [Line(ngettext("Reminders {year}, counted to {as_of}: {months} month left",
                                 "Reminders {year}, counted to {as_of}: {months} months left", months).format(
        year=done.year, as_of=done.as_of.isoformat(), months=months), style="bold", quiet=False)]
    for group in done.groups:
        views.append(View(COLUMNS, [_row(r) for r in group.people], _group_title(group, done.by),
                          row_style=lambda row: STATE_STYLE.get(row["state"]) if row["state"] != "ok" else None))
    return views


def _row(r) -> dict:
    p = r.person
    return {"nip": p.nip, "name": p.name, "unit": p.unit, "status": p.status, "jp": p.jp,
            "target": _target(p.min_jp, p.max_jp), "needed": p.needed if p.min_jp is not None or p.needed else None,
            "months_left": r.months_left, "jp_per_month": r.jp_per_month if p.needed else None, "state": p.state,
            "note": N_("near the maximum") if p.state not in ("short", "over") else ""}


def _group_title(group, by: str) -> str:
    if by == "supervisor":
        if group.key is None:
            return _("No supervisor recorded")
        who = f"{group.name} ({group.key})" if group.name else group.key
        return _("Supervisor {who}").format(who=who)
    return _("Unit {unit}").format(unit=group.name) if group.key is not None else _("No unit recorded")


def register(app: typer.Typer) -> None:
    app.command("remind")(remind)
