"""`jpledger totals`, `statement` and `audit`: each person's credited JP for a year against the target."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

import typer

from jpledger.cli.common import FormatOption, UnitOption, YearOption, parse_date, parse_nip, parse_status, runtime
from jpledger.cli.render import (
    STATE_STYLE,
    Col,
    Line,
    Output,
    OutputFormat,
    View,
    emit,
    jp_number,
    quiet,
)
from jpledger.errors import UsageError
from jpledger.i18n import N_, _

AsOfOption = Annotated[str | None, typer.Option("--as-of", help="Count entries ending on or before this day "
                                                "(default: the year's last day, or today while it runs).")]


def person_json(p) -> dict:
    """A counted person as `totals` and `audit` give them in JSON (and, flattened, in CSV)."""
    data = {"nip": p.nip, "name": p.name, "unit": p.unit, "unit_code": p.unit_code, "status": p.status,
            "jp": float(p.jp), "min_jp": jp_number(p.min_jp), "max_jp": jp_number(p.max_jp),
            "needed": float(p.needed), "state": p.state,
            "by_kind": {k: float(v) for k, v in sorted(p.by_kind.items()) if v},
            "by_form": {k: float(v) for k, v in sorted(p.by_form.items()) if v},
            "mandiri_jp": float(p.mandiri_jp), "jp_toward_max": float(p.jp_toward_max),
            "joined_in_year": p.joined_in_year, "left_in_year": p.left_in_year,
            "requirements": [{"name": r.name, "jp": float(r.jp), "min_jp": float(r.min_jp), "met": r.met}
                             for r in p.requirements]}
    if p.full_min_jp != p.min_jp:
        data["full_min_jp"] = jp_number(p.full_min_jp)
    if p.contract_years is not None:
        data["contract_years"] = [contract_json(c) for c in p.contract_years]
    return data


def contract_json(c) -> dict:
    return {"start": c.start, "end": c.end, "jp": float(c.jp), "max_jp": jp_number(c.max_jp), "state": c.state,
            "mandiri_jp": float(c.mandiri_jp), "jp_toward_max": float(c.jp_toward_max),
            "min_jp": jp_number(c.min_jp)}


def _as_of(as_of: str | None):
    return parse_date(as_of, "--as-of") if as_of else None


def _state_filter(state: str | None) -> str | None:
    from jpledger.core.compliance import STATES

    if state is not None and state.lower() not in STATES:
        raise UsageError("STATE_UNKNOWN", value=state, states=", ".join(STATES))
    return state.lower() if state else None


def _marks(p) -> str:
    marks = [(_("joined in year"), p.joined_in_year), (_("left in year"), p.left_in_year)]
    return ", ".join(mark for mark, on in marks if on)


def _target(min_jp, max_jp) -> str:
    from jpledger.i18n import number

    if min_jp is not None:
        return f">= {number(min_jp, 0) if min_jp == int(min_jp) else number(min_jp)}"
    if max_jp is not None:
        return f"<= {number(max_jp, 0) if max_jp == int(max_jp) else number(max_jp)}"
    return ""


def totals(ctx: typer.Context, year: YearOption = ..., unit: UnitOption = None,
           status: Annotated[str | None, typer.Option("--status", "-s", help="PNS, CPNS or PPPK.")] = None,
           state: Annotated[str | None, typer.Option("--state", help="Only met, short, over or ok.")] = None,
           by_kind: Annotated[bool, typer.Option("--by-kind", help="A column per kind.")] = False,
           as_of: AsOfOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """Each person's credited JP for the year against their target.

    Example: jpledger totals --year 2026 --state short --format csv > short.csv
    """
    from jpledger.app.reports import figures

    wanted = _state_filter(state)
    year_figures = figures(runtime(ctx), year, as_of=_as_of(as_of), unit=unit, status=parse_status(status))
    people = [p for p in year_figures.people if wanted is None or p.state == wanted]
    records = [person_json(p) for p in people]
    if fmt is not OutputFormat.table:
        emit(Output(records=records), fmt)
        return
    policy = year_figures.policy
    present = {k for p in people for k, v in p.by_kind.items() if v} if by_kind else set()
    # A kind the policy in use dropped still holds its entries' JP: it keeps a column (headed by its key),
    # so the columns add up to the total.
    kinds = [k for k in policy.kinds if k in present] + sorted(present - set(policy.kinds))
    columns = [Col("nip", N_("NIP"), "nip"), Col("name", N_("Name")), Col("unit", N_("Unit")),
               Col("status", N_("Status"))]
    columns += [Col(f"kind:{k}", policy.kinds[k].code if k in policy.kinds else k, "jp") for k in kinds]
    columns += [Col("jp", N_("JP"), "jp"), Col("target", N_("Target")), Col("needed", N_("Needed"), "jp"),
                Col("state", N_("State"), "state"), Col("marks", N_("Note"))]
    rows = []
    for p in people:
        row = {"nip": p.nip, "name": p.name, "unit": p.unit, "status": p.status, "jp": p.jp,
               "target": _target(p.min_jp, p.max_jp), "needed": p.needed if p.min_jp is not None else None,
               "state": p.state, "marks": _marks(p)}
        row |= {f"kind:{k}": p.by_kind.get(k, Decimal(0)) for k in kinds}
        rows.append(row)
    title = _("JP {year} (to {as_of})").format(year=year, as_of=year_figures.as_of.isoformat())
    emit(Output(views=[View(columns, rows, title, row_style=lambda r: STATE_STYLE.get(r["state"]))]), fmt)


STATEMENT_COLUMNS = [Col("id", N_("ID"), "int"), Col("start", N_("Start"), "date"), Col("end", N_("End"), "date"),
                     Col("code", N_("Code")), Col("title", N_("Title")), Col("credited", N_("Credited"), "jp"),
                     Col("withheld", N_("Withheld"), "jp"), Col("counted", N_("Counted"), "jp"),
                     Col("running", N_("Total"), "jp"), Col("note", N_("Note"))]
WHY_NOT = {"voided": N_("voided"), "rejected": N_("rejected"), "unverified": N_("not verified yet"),
           "outside_employment": N_("outside employment")}


def _entry_note(e) -> str:
    from jpledger.i18n import number

    notes = []
    if e.why_not:
        notes.append(_(WHY_NOT[e.why_not]))
    if e.withheld:
        notes.append(_("monthly cap withheld {jp}").format(jp=number(e.withheld)))
    if e.day_capped:
        notes.append(_("daily cap withheld {jp}").format(jp=number(e.day_capped)))
    return "; ".join(notes)


def _target_text(min_jp, max_jp) -> str:
    from jpledger.i18n import number

    def shown(value):
        return number(value, 0) if value == int(value) else number(value)

    parts = []
    if min_jp is not None:
        parts.append(_("at least {jp}").format(jp=shown(min_jp)))
    if max_jp is not None:
        parts.append(_("at most {jp}").format(jp=shown(max_jp)))
    return _(" and ").join(parts) or _("none")


def statement(ctx: typer.Context,
              nip: Annotated[str, typer.Argument(help="The person's NIP.", show_default=False)],
              year: YearOption = ..., as_of: AsOfOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """One person's transcript for a year: every activity, its credit, caps applied, the running total.

    Counts what `totals` and `audit` count: entries ending by --as-of (the year's end, or today while it runs).
    A PPPK with contracts is counted by contract year: every contract year overlapping the year is shown.

    Example: jpledger statement 198503142010012003 --year 2026
    """
    from jpledger.app import reports
    from jpledger.cli.render import state_label
    from jpledger.i18n import number

    done = reports.statement(runtime(ctx), parse_nip(nip), year, as_of=_as_of(as_of))
    person, total = done.person, done.total
    entries = [{"id": e.id, "kind": e.kind, "title": e.title, "start": e.start, "end": e.end,
                "jp": jp_number(e.counted), "credited": jp_number(e.credited), "withheld": jp_number(e.withheld),
                "counted": jp_number(e.counted), "day_capped": jp_number(e.day_capped), "not_counted": e.why_not,
                "contract_year": e.contract_year} for e in done.entries]
    document = {"nip": person["nip"], "name": person["name"], "unit": person["unit"], "status": person["status"],
                "year": year, "as_of": done.as_of, "jp": float(total.jp), "min_jp": jp_number(total.min_jp),
                "max_jp": jp_number(total.max_jp), "state": total.state, "needed": float(total.needed),
                "mandiri_jp": float(total.mandiri_jp), "jp_toward_max": float(total.jp_toward_max),
                "requirements": person_json(total)["requirements"], "entries": entries}
    if total.contract_years is not None:
        document["contract_years"] = [contract_json(c) for c in total.contract_years]
    rows = [vars(e) | {"note": _entry_note(e)} for e in done.entries]
    title = f"{person['name']} ({person['nip']}), {person['status']}, {person['unit'] or '-'}: {year}"
    views: list = [View(STATEMENT_COLUMNS, rows, title)]
    for c in total.contract_years or []:
        views.append(Line(_("Contract year {start}..{end}: {jp} JP ({state})").format(
            start=c.start.isoformat(), end=c.end.isoformat(), jp=number(c.jp), state=state_label(c.state))))
    for r in total.requirements:
        views.append(Line(_("Requirement {name}: {jp} of at least {min} JP ({state})").format(
            name=r.name, jp=number(r.jp), min=number(r.min_jp), state=_("met") if r.met else _("short"))))
    line = _("Total {jp} JP, target {target}: ").format(jp=number(total.jp),
                                                          target=_target_text(total.min_jp, total.max_jp))
    views.append(Line(line, state_label(total.state), STATE_STYLE.get(total.state)))
    emit(Output(records=entries, document=document, views=views), fmt)


UNIT_COLUMNS = [Col("unit", N_("Unit")), Col("headcount", N_("People"), "int"), Col("met", N_("Met"), "int"),
                Col("short", N_("Short"), "int"), Col("over", N_("Over"), "int"), Col("ok", N_("OK"), "int"),
                Col("compliance", N_("Compliance"), "markup"), Col("awaiting", N_("Unverified"), "int")]
PEOPLE_COLUMNS = [Col("nip", N_("NIP"), "nip"), Col("name", N_("Name")), Col("unit", N_("Unit")),
                  Col("status", N_("Status")), Col("jp", N_("JP"), "jp")]
FINDING_COLUMNS = [Col("severity", N_("Severity"), "markup"), Col("code", N_("Code"), "code"),
                   Col("nip", N_("NIP"), "nip"), Col("activity_id", N_("Activity"), "int"),
                   Col("message", N_("Message"), "long")]
SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "dim"}


def _unit_json(u, with_name: bool = True) -> dict:
    data = {"unit": u.unit} if with_name else {}
    return data | {"headcount": u.headcount, "met": u.met, "short": u.short, "over": u.over, "ok": u.ok,
                   "compliance_rate": u.compliance_rate, "awaiting_verification": u.awaiting_verification}


def _bar(rate: float, width: int = 20) -> str:
    filled = round(rate * width)
    return "█" * filled + "░" * (width - filled)


def audit(ctx: typer.Context, year: YearOption = ..., unit: UnitOption = None, as_of: AsOfOption = None,
          fmt: FormatOption = OutputFormat.table) -> None:
    """The year-end audit: compliance per unit, who is short or over, and findings in the data.

    Exits 1 when someone is short or over or an error finding exists, 0 when everything is in line.

    Example: jpledger audit --year 2026 --format json > audit-2026.json || echo "needs attention"
    """
    from jpledger.app import reports

    done = reports.audit(runtime(ctx), year, as_of=_as_of(as_of), unit=unit)
    year_figures = done.figures
    people = [person_json(p) for p in year_figures.people]
    document = {"year": year, "as_of": year_figures.as_of, "policy": year_figures.policy.name,
                "summary": _unit_json(done.overall, with_name=False), "units": [_unit_json(u) for u in done.units],
                "people": people, "findings": [f.as_dict() for f in done.findings]}
    emit(Output(records=people, document=document, views=_audit_views(done)), fmt)
    if done.failed:
        raise typer.Exit(1)


def _audit_views(done) -> list:
    from jpledger.i18n import number

    year_figures = done.figures
    plain = quiet()
    views: list = []
    if not plain:
        views.append(Line(_("Audit {year}, counted to {as_of}, policy: {policy}").format(
            year=year_figures.year, as_of=year_figures.as_of.isoformat(), policy=year_figures.policy.name),
            style="bold", quiet=False))
    rows = []
    for u in done.units + [done.overall]:
        rate_style = "green" if u.compliance_rate >= 1 else ("yellow" if u.compliance_rate >= 0.8 else "red")
        bar = "" if plain else f"[{rate_style}]{_bar(u.compliance_rate)}[/] "
        rate = number(Decimal(str(u.compliance_rate)) * 100, 1) + "%"
        name = _("All units") if u is done.overall else u.unit
        # Entries awaiting verification: the column shows only when some do.
        awaiting = u.awaiting_verification if done.overall.awaiting_verification else None
        rows.append(_unit_json(u) | {"unit": name, "compliance": f"{bar}{rate:>6}", "awaiting": awaiting})
    views.append(View(UNIT_COLUMNS, rows, _("Compliance per unit")))
    people = year_figures.people
    short = sorted((p for p in people if p.state == "short"), key=lambda p: (-p.needed, p.nip))
    views.append(View(PEOPLE_COLUMNS + [Col("needed", N_("Needed"), "jp", "red")],
                      [vars(p) | {"jp": p.jp, "needed": p.needed} for p in short],
                      _("Short of the minimum ({count})").format(count=len(short)), empty=None))
    over = [p for p in people if p.state == "over"]
    views.append(View([*PEOPLE_COLUMNS[:-1], Col("jp", N_("JP"), "jp", "yellow"), Col("max_jp", N_("Max"), "jp")],
                      [vars(p) | {"jp": p.jp} for p in over],
                      _("Over the maximum ({count})").format(count=len(over)), empty=None))
    found = done.findings
    severity = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}
    rows = [f.as_dict() | {"severity": f"[{SEVERITY_STYLE[f.severity]}]{_(severity[f.severity])}[/]"} for f in found]
    views.append(View(FINDING_COLUMNS, rows, _("Findings ({count})").format(count=len(found)), empty=None))
    if not plain and not short and not over and not any(f.severity == "error" for f in found):
        views.append(Line(_("Everyone is in line."), style="green", quiet=False))
    return views


def register(app: typer.Typer) -> None:
    app.command("totals")(totals)
    app.command("statement")(statement)
    app.command("audit")(audit)
