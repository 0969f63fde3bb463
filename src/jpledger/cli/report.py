"""`jpledger totals`, `statement` and `audit`: each person's credited JP for a year against the target."""


from decimal import Decimal
from typing import Annotated

import typer

from jpledger.cli.common import (
    FormatOption,
    UnitOption,
    YearOption,
    either_language,
    parse_date,
    parse_nip,
    parse_status,
    runtime,
    say,
)
from jpledger.cli.printouts import PdfForceOption, PdfOption, SignerNipOption, SignerOption
from jpledger.cli.render import (
    STATE_STYLE,
    Col,
    Line,
    Output,
    OutputFormat,
    View,
    cell,
    console,
    emit,
    jp_number,
    quiet,
)
from jpledger.errors import UsageError
from jpledger.i18n import N_, _, unit_label

AsOfOption = Annotated[str | None, typer.Option("--as-of", help="Count entries ending on or before this day "
                                                "(default: the year's last day, or today while it runs).")]


def person_json(p) -> dict:
    """A counted person as `totals` and `audit` give them in JSON; the shape lives with the use cases, since a
    closed year's stored audit is built from it too."""
    from jpledger.app.reports import person_json as shape

    return shape(p)


def contract_json(c) -> dict:
    from jpledger.app.reports import contract_json as shape

    return shape(c)


def _as_of(as_of: str | None):
    return parse_date(as_of, "--as-of")


# The states as the Indonesian tables name them: a filter takes either language's word (`--state kurang`).
STATE_WORDS = {"memenuhi": "met", "kurang": "short", "melebihi": "over", "sesuai": "ok"}


def _state_filter(state: str | None) -> str | None:
    from jpledger.core.compliance import STATES

    if state is None:
        return None
    word = either_language(state, STATE_WORDS)
    if word not in STATES:
        raise UsageError("STATE_UNKNOWN", value=state, states=", ".join([*STATES, *STATE_WORDS]))
    return word


REMARKS = {"joined": N_("joined in year"), "left": N_("left in year"), "short_of": N_("short of {name}"),
           "over_in": N_("over in {start}..{end}")}


def _marks(p) -> str:
    """Short of a requirement, or a PPPK over in a contract year other than the one their JP are of: say which, or
    the row's JP and target read as if they were in line."""
    from jpledger.core.compliance import remarks

    return ", ".join(_(REMARKS[key]).format(**params) for key, params in remarks(p))


def _target(min_jp, max_jp) -> str:
    from jpledger.reports.words import amount as shown

    if min_jp is not None and max_jp is not None:  # both bind: the range, or the one figure both name
        return f"= {shown(min_jp)}" if min_jp == max_jp else f"{shown(min_jp)}–{shown(max_jp)}"
    if min_jp is not None:
        return f">= {shown(min_jp)}"
    if max_jp is not None:
        return f"<= {shown(max_jp)}"
    return ""


def totals(ctx: typer.Context, year: YearOption = ..., unit: UnitOption = None,
           status: Annotated[str | None, typer.Option("--status", "-s", help="PNS, CPNS or PPPK.")] = None,
           state: Annotated[str | None, typer.Option("--state", help=N_("Only met, short, over or ok (or memenuhi, "
                                                                       "kurang, melebihi, sesuai)."))] = None,
           by_kind: Annotated[bool, typer.Option("--by-kind", help="A column per kind.")] = False,
           as_of: AsOfOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """Each person's credited JP for the year against their target.

    Example: jpledger totals --year 2026 --state short --format csv > short.csv
    """
    from jpledger.app.reports import counting

    wanted = _state_filter(state)
    # People are judged as their rows are read, and JSON is written record by record as each is made: a national
    # list is never held whole.
    with counting(runtime(ctx), year, as_of=_as_of(as_of), unit=unit, status=parse_status(status)) as year_figures:
        people = (p for p in year_figures.people if wanted is None or p.state == wanted)
        if fmt is not OutputFormat.table:
            records = (person_json(p) for p in people)
            emit(Output(records=records if fmt is OutputFormat.json else list(records)), fmt)
            return
        people = list(people)
    policy = year_figures.policy
    held = [p.by_kind for p in people] if by_kind else [{} for _ in people]  # each person's, made once
    present = {k for kinds_of in held for k, v in kinds_of.items() if v}
    # A kind the policy in use dropped still holds its entries' JP: it keeps a column (headed by its key),
    # so the columns add up to the total.
    kinds = [k for k in policy.kinds if k in present] + sorted(present - set(policy.kinds))
    codes = {k: policy.kinds[k].code if k in policy.kinds else k for k in kinds}
    # A column per kind while they fit beside the figures every row has; on a narrower terminal the kinds a person
    # has go under their row as `B3 20,00 · C1 2,00`, so no figure is cut and no line wraps.
    widest = {k: max(len(codes[k]), *(len(cell(kinds_of.get(k, 0), "jp")) for kinds_of in held)) for k in kinds}
    in_columns = sum(w + 2 for w in widest.values()) + KIND_ROW_WIDTH <= console().width
    columns = [Col("nip", N_("NIP"), "nip"), Col("name", N_("Name")), Col("unit", N_("Unit")),
               Col("status", N_("Status"))]
    if in_columns:
        columns += [Col(f"kind:{k}", codes[k], "jp") for k in kinds]
    columns += [Col("jp", N_("JP"), "jp"), Col("target", N_("Target"), "code"), Col("needed", N_("Needed"), "jp"),
                Col("state", N_("State"), "state"), Col("marks", N_("Note"))]
    if kinds and not in_columns:
        columns.append(Col("by_kind", N_("By kind"), "long"))
    rows = []
    for p, kinds_of in zip(people, held):
        row = {"nip": p.nip, "name": p.name, "unit": p.unit, "status": p.status, "jp": p.jp,
               "target": _target(p.min_jp, p.max_jp), "needed": p.needed if p.min_jp is not None else None,
               "state": p.state, "marks": _marks(p)}
        if in_columns:
            row |= {f"kind:{k}": kinds_of.get(k, Decimal(0)) for k in kinds}
        else:
            row["by_kind"] = " · ".join(f"{codes[k]} {cell(kinds_of[k], 'jp')}" for k in kinds if kinds_of.get(k))
        rows.append(row)
    title = _("JP {year} (to {as_of})").format(year=year, as_of=year_figures.as_of.isoformat())
    emit(Output(views=[View(columns, rows, title, row_style=lambda r: STATE_STYLE.get(r["state"]))]), fmt)


# What a totals row takes besides its kind columns when names go under the row: NIP, JP, target, needed, state and
# the table's padding.
KIND_ROW_WIDTH = 62


STATEMENT_COLUMNS = [Col("id", N_("ID"), "int"), Col("start", N_("Start"), "date"), Col("end", N_("End"), "date"),
                     Col("code", N_("Code")), Col("title", N_("Title")), Col("credited", N_("Credited"), "jp"),
                     Col("withheld", N_("Withheld"), "jp"), Col("counted", N_("Counted"), "jp"),
                     Col("running", N_("Total"), "jp"), Col("note", N_("Note"), "long")]

def _entry_note(e) -> str:
    from jpledger.reports.words import entry_note

    return entry_note(e)


def _target_text(min_jp, max_jp) -> str:
    from jpledger.reports.words import amount as shown

    parts = []
    if min_jp is not None:
        parts.append(_("at least {jp}").format(jp=shown(min_jp)))
    if max_jp is not None:
        parts.append(_("at most {jp}").format(jp=shown(max_jp)))
    return _(" and ").join(parts) or _("none")


def statement(ctx: typer.Context,
              nip: Annotated[str, typer.Argument(help="The person's NIP.", show_default=False)],
              year: YearOption = ..., as_of: AsOfOption = None, fmt: FormatOption = OutputFormat.table,
              pdf: PdfOption = None, signer: SignerOption = None, signer_nip: SignerNipOption = None,
              force: PdfForceOption = False) -> None:
    """One person's transcript for a year: every activity, its credit, caps applied, the running total.

    Counts what `totals` and `audit` count: entries ending by --as-of (the year's end, or today while it runs).
    A PPPK with contracts is counted by contract year: every contract year overlapping the year is shown.
    --pdf writes it as an A4 PDF to sign (--signer and --signer-nip add the signature block).

    Example: jpledger statement 198503142010012003 --year 2026 --pdf transkrip.pdf --signer "Siti Rahayu"
    """
    from jpledger.app import reports
    from jpledger.cli.render import state_label
    from jpledger.i18n import number

    if pdf is not None:
        from jpledger.app.printouts import statement_pdf
        from jpledger.cli.printouts import prepare, wrote

        path, signed_by = prepare(ctx, pdf, force, signer, signer_nip)
        wrote(ctx, path, statement_pdf(runtime(ctx), parse_nip(nip), year, path, as_of=_as_of(as_of),
                                       signer=signed_by))
        return
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
    if total.contract_years is None:
        views: list = [View(STATEMENT_COLUMNS, rows, title)]
    else:
        # A PPPK counted by contract year: one table per contract year, its running total its own.
        views = [Line(title, quiet=False)]
        for c in total.contract_years:
            heading = _("Contract year {start}..{end}: {jp} JP{mandiri}, target {target}: {state}").format(
                start=c.start.isoformat(), end=c.end.isoformat(), jp=number(c.jp), mandiri=_mandiri(c),
                target=_target_text(c.min_jp, c.max_jp), state=state_label(c.state))
            views.append(View(STATEMENT_COLUMNS, [r for r in rows if r["contract_year"] == c.start], heading,
                              empty=N_("no activities in this contract year")))
        outside = [r for r in rows if r["contract_year"] is None]
        if outside:
            views.append(View(STATEMENT_COLUMNS, outside, _("In no recorded contract year")))
    for r in total.requirements:
        views.append(Line(_("Requirement {name}: {jp} of at least {min} JP ({state})").format(
            name=r.name, jp=number(r.jp), min=number(r.min_jp), state=_("met") if r.met else _("short"))))
    if total.period is not None:
        line = _("Total {jp} JP{mandiri} in the contract year {start}..{end}, target {target}: ").format(
            jp=number(total.jp), mandiri=_mandiri(total), start=total.period[0].isoformat(),
            end=total.period[1].isoformat(), target=_target_text(total.min_jp, total.max_jp))
    else:
        line = _("Total {jp} JP{mandiri}, target {target}: ").format(
            jp=number(total.jp), mandiri=_mandiri(total), target=_target_text(total.min_jp, total.max_jp))
    views.append(Line(line, state_label(total.state), STATE_STYLE.get(total.state)))
    emit(Output(records=entries, document=document, views=views), fmt)


def _mandiri(figures) -> str:
    """What of a total was mandiri and what the maximum was checked against, when some was."""
    from jpledger.i18n import number

    if not figures.mandiri_jp:
        return ""
    return _(" ({jp} mandiri, {toward} toward the maximum)").format(jp=number(figures.mandiri_jp),
                                                                   toward=number(figures.jp_toward_max))


UNIT_COLUMNS = [Col("unit", N_("Unit")), Col("headcount", N_("People"), "int"), Col("met", N_("Met"), "int"),
                Col("short", N_("Short"), "int"), Col("over", N_("Over"), "int"), Col("ok", N_("OK"), "int"),
                Col("compliance_rate", "", "bar"), Col("compliance_rate", N_("Compliance"), "rate"),
                Col("awaiting", N_("Unverified"), "int")]
PEOPLE_COLUMNS = [Col("nip", N_("NIP"), "nip"), Col("name", N_("Name")), Col("unit", N_("Unit")),
                  Col("status", N_("Status")), Col("jp", N_("JP"), "jp")]
FINDING_COLUMNS = [Col("severity", N_("Severity"), "markup"), Col("code", N_("Code"), "code"),
                   Col("nip", N_("NIP"), "nip"), Col("activity_id", N_("Activity"), "int"),
                   Col("message", N_("Message"), "long")]
SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "dim"}


def _bar(rate: float, width: int = 20) -> str:
    filled = round(rate * width)
    return "█" * filled + "░" * (width - filled)


def audit(ctx: typer.Context, year: YearOption = ..., unit: UnitOption = None, as_of: AsOfOption = None,
          level: Annotated[int | None, typer.Option("--level", "-l", min=1, max=99, help=N_(
              "Roll the per-unit table up to this level of the unit tree (1: the top units)."))] = None,
          fmt: FormatOption = OutputFormat.table, pdf: PdfOption = None, signer: SignerOption = None,
          signer_nip: SignerNipOption = None, force: PdfForceOption = False) -> None:
    """The year-end audit: compliance per unit, who is short or over, and findings in the data.

    --unit takes a unit and every unit below it; --level 1 sums each top-level unit (a province's OPDs with their
    bidang) in one row. Exits 1 when someone is short or over or an error finding exists, 0 when everything is in
    line. The audit of a closed year (`jpledger year close`) is the report stored when it was closed, marked so.
    --pdf writes it as an A4 PDF to sign: the per-unit table and a compliance bar chart, the short and over
    lists and the findings, at most 40 people a page (--signer and --signer-nip add the signature block).

    Example: jpledger audit --year 2026 --format json > audit-2026.json || echo "needs attention"
    """
    from jpledger.app import reports

    if pdf is not None:
        from jpledger.app.printouts import audit_pdf
        from jpledger.cli.printouts import prepare, wrote

        path, signed_by = prepare(ctx, pdf, force, signer, signer_nip)
        pages, found = audit_pdf(runtime(ctx), year, path, as_of=_as_of(as_of), unit=unit, level=level,
                                 signer=signed_by)
        wrote(ctx, path, pages)
        if found.failed:
            raise typer.Exit(1)
        return
    # As JSON, people are counted as their records are written, while the ledger is open.
    with reports.reading_audit(runtime(ctx), year, as_of=_as_of(as_of), unit=unit, level=level,
                               stream=fmt is OutputFormat.json) as done:
        document = done.document
        if done.closed and fmt is OutputFormat.csv:
            say(ctx, "AUDIT_OF_CLOSED_YEAR", year=year, **done.closed)
        views = _audit_views(document, done.closed, done.verified_only) if fmt is OutputFormat.table else []
        emit(Output(records=document["people"], document=document, views=views), fmt)
    if done.failed:
        raise typer.Exit(1)


def _audit_views(document: dict, closed: dict | None, verified_only: bool = False) -> list:
    """What a person reads of an audit, built from its JSON document alone (a closed year's is stored)."""
    from jpledger.codes import message

    plain = quiet()
    views: list = []
    if closed:
        views.append(Line(message("AUDIT_OF_CLOSED_YEAR", {"year": document["year"], **closed}), style="bold"))
    if not plain:
        views.append(Line(_("Audit {year}, counted to {as_of}, policy: {policy}").format(
            year=document["year"], as_of=str(document["as_of"]), policy=document["policy"]),
            style="bold", quiet=False))
    rows = [u | {"unit": unit_label(u["unit"])} for u in document["units"]] + [
        document["summary"] | {"unit": _("All units")}]
    # Entries awaiting verification: the column shows when the policy counts verified entries only and some wait.
    some = verified_only and document["summary"].get("awaiting_verification")
    rows = [row | {"awaiting": row.get("awaiting_verification") if some else None} for row in rows]
    views.append(View(UNIT_COLUMNS, rows, _("Compliance per unit")))
    people = document["people"]
    short = sorted((p for p in people if p["state"] == "short"), key=lambda p: (-p["needed"], p["nip"]))
    views.append(View(PEOPLE_COLUMNS + [Col("needed", N_("Needed"), "jp", "red")], short,
                      _("Short of the minimum ({count})").format(count=len(short)), empty=None))
    over = [_over_row(p, document["year"]) for p in people if p["state"] == "over"]
    views.append(View([*PEOPLE_COLUMNS[:-1], Col("period", N_("Period"), "code"),
                       Col("jp", N_("JP"), "jp", "yellow"), Col("max_jp", N_("Max"), "jp")], over,
                      _("Over the maximum ({count})").format(count=len(over)), empty=None))
    found = document["findings"]
    severity = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}
    rows = [f | {"severity": f"[{SEVERITY_STYLE[f['severity']]}]{_(severity[f['severity']])}[/]"} for f in found]
    views.append(View(FINDING_COLUMNS, rows, _("Findings ({count})").format(count=len(found)), empty=None))
    if not plain and not short and not over and not any(f["severity"] == "error" for f in found):
        views.append(Line(_("Everyone is in line."), style="green", quiet=False))
    return views


def _over_row(p: dict, year: int) -> dict:
    """A person (as the audit's JSON has them) over the maximum, with the period that is over (a PPPK's contract
    year, else the calendar year) and the JP checked against the maximum there (mandiri left out unless the policy
    counts them)."""
    over = next((c for c in p.get("contract_years") or [] if c["state"] == "over"), None)
    if over is not None:
        return p | {"period": f"{_day(over['start'])}..{_day(over['end'])}", "jp": over["jp_toward_max"],
                    "max_jp": over["max_jp"]}
    return p | {"period": str(year), "jp": p["jp_toward_max"]}


def _day(value) -> str:
    return value if isinstance(value, str) else value.isoformat()


def register(app: typer.Typer) -> None:
    app.command("totals")(totals)
    app.command("statement")(statement)
    app.command("audit")(audit)
