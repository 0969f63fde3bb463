"""`jpledger staff`: register people, change their records, mark departures, read them back."""


from typing import Annotated

import typer

from jpledger.cli.common import (
    FormatOption,
    UnitOption,
    created_note,
    parse_date,
    parse_nip,
    parse_status,
    runtime,
    say,
)
from jpledger.cli.render import Col, Output, OutputFormat, View, emit
from jpledger.errors import UsageError
from jpledger.i18n import N_, _

app = typer.Typer(no_args_is_help=True)

NipArg = Annotated[str, typer.Argument(help="18-digit NIP (spaces and dots are fine).", show_default=False)]
NameOpt = Annotated[str | None, typer.Option("--name", "-n", help="Full name (nama lengkap).")]
StatusOpt = Annotated[str | None, typer.Option("--status", "-s", help="PNS, CPNS or PPPK.")]
PositionOpt = Annotated[str | None, typer.Option("--position", help="Jabatan.")]
RankOpt = Annotated[str | None, typer.Option("--rank", help="Pangkat/golongan, e.g. III/a or 'Penata Muda (III/a)'.")]
AgencyOpt = Annotated[str | None, typer.Option("--agency", help="Instansi.")]
UnitOpt = Annotated[str | None, typer.Option("--unit", "-u", help=N_("Unit kerja: its code or name (a name no unit has "
                                                                     "adds a unit)."))]
SupervisorOpt = Annotated[str | None, typer.Option("--supervisor", help="NIP of the atasan langsung.")]
JoinedOpt = Annotated[str | None, typer.Option("--joined", help=N_("Day the person joined this agency (a transfer "
                                                                   "in); default: the appointment day."))]
AppointedOpt = Annotated[str | None, typer.Option("--appointed", help=N_("Start of service as ASN (TMT CPNS; for "
                                                                         "PPPK the first contract's start); default: "
                                                                         "from the NIP."))]

COLUMNS = [Col("nip", N_("NIP"), "nip"), Col("name", N_("Name")), Col("status", N_("Status")),
           Col("unit", N_("Unit")), Col("position", N_("Position")), Col("rank", N_("Rank")),
           Col("agency", N_("Agency")), Col("supervisor", N_("Supervisor"), "nip"),
           Col("appointed", N_("Appointed"), "date"), Col("joined", N_("Joined"), "date"),
           Col("left", N_("Left"), "date")]
SUPERVISOR_HEADING = next(c.heading for c in COLUMNS if c.key == "supervisor")
JSON_KEYS = ("nip", "name", "status", "unit", "unit_code", "position", "rank", "agency", "supervisor", "appointed",
             "joined", "left", "leave_reason")
HISTORY_NAMES = {"status": N_("status"), "unit": N_("unit"), "supervisor": N_("supervisor"), "rank": N_("rank"),
                 "position": N_("position")}


def staff_json(person: dict) -> dict:
    return {k: person.get(k) for k in JSON_KEYS}


def _fields(nip: str, name, status, unit, position, rank, agency, supervisor, joined, appointed=None,
            left=None) -> dict:
    """The options given, as field values; an empty text clears the field (None)."""
    fields: dict = {}
    if name is not None:
        if not name.strip():
            raise UsageError("NAME_EMPTY")
        fields["name"] = " ".join(name.split())
    if status is not None:
        fields["status"] = parse_status(status)
    for key, value in (("unit", unit), ("position", position), ("agency", agency), ("rank", rank)):
        if value is not None:
            fields[key] = " ".join(value.split()) or None
    if fields.get("rank"):
        from jpledger.core.golongan import normalize_golongan

        try:  # a golongan nobody writes: name the option; whether it fits the status is the record's rule
            normalize_golongan(fields["rank"])
        except UsageError as exc:
            raise UsageError("OPTION_INVALID", option="--rank", problem=exc) from None
    if supervisor is not None:
        fields["supervisor"] = parse_nip(supervisor, "--supervisor") if supervisor.strip() else None
        if fields["supervisor"] == nip:
            raise UsageError("OWN_SUPERVISOR", option="--supervisor")
    for key, value in (("joined", joined), ("appointed", appointed), ("left", left)):
        if value is not None:
            fields[key] = parse_date(value, f"--{key}") if value.strip() else None
    return fields


def _warn(ctx: typer.Context, warnings: list) -> None:
    from jpledger.cli.common import warn

    for code, params in warnings:
        warn(ctx, code, **params)


@app.command("add")
def add(ctx: typer.Context, nip: NipArg, name: NameOpt = None, status: StatusOpt = "PNS", unit: UnitOpt = None,
        position: PositionOpt = None, rank: RankOpt = None, agency: AgencyOpt = None,
        supervisor: SupervisorOpt = None, joined: JoinedOpt = None, appointed: AppointedOpt = None) -> None:
    """Register a person.

    Example: jpledger staff add "19850314 201001 2 003" --name "Siti Rahayu" --unit "Bidang Diklat" --rank III/c
    """
    from jpledger.app import staff

    if name is None:
        raise UsageError("NAME_REQUIRED")
    status = parse_status(status) or "PNS"
    nip = parse_nip(nip, "NIP", status)
    fields = _fields(nip, name, status, unit, position, rank, agency, supervisor, joined, appointed)
    fields = {k: v for k, v in fields.items() if v is not None}
    rt = runtime(ctx)
    done = staff.add(rt, nip, fields)
    created_note(ctx, rt)
    say(ctx, "STAFF_ADDED", nip=nip, name=done.name, status=fields["status"])
    _warn(ctx, done.warnings)


@app.command("update")
def update(ctx: typer.Context, nip: NipArg, name: NameOpt = None, status: StatusOpt = None,
           unit: UnitOpt = None, position: PositionOpt = None, rank: RankOpt = None, agency: AgencyOpt = None,
           supervisor: SupervisorOpt = None, joined: JoinedOpt = None, appointed: AppointedOpt = None,
           left: Annotated[str | None, typer.Option("--left", help="Last day of service; \"\" undoes a leave.")] = None,
           from_: Annotated[str | None, typer.Option("--from", help="Day a new status, unit, supervisor, rank or "
                                                     "position holds from (default: today).")] = None) -> None:
    """Change a person's fields (promotion, transfer, new supervisor); an empty value ("") clears a field.

    Status, unit, supervisor, rank and position keep their history: the new value holds from --from (default
    today), so the audit of an earlier year still sees the old one.

    Example: jpledger staff update 198503142010012003 --rank III/d --unit "Bidang Evaluasi" --from 01/04/2026
    """
    from jpledger.app import staff

    nip = parse_nip(nip)
    fields = _fields(nip, name, status, unit, position, rank, agency, supervisor, joined, appointed, left)
    if not fields:
        raise UsageError("NOTHING_TO_CHANGE")
    since = parse_date(from_, "--from")  # an empty --from "" is not a day: the parser says so
    rt = runtime(ctx)
    done = staff.update(rt, nip, fields, since)
    created_note(ctx, rt)
    if done.changes:
        say(ctx, "STAFF_UPDATED", nip=nip, name=done.name, changes=_changes(done.changes))
    else:
        say(ctx, "STAFF_UNCHANGED", nip=nip, name=done.name)
    _warn(ctx, done.warnings)


FIELD_NAMES = {**HISTORY_NAMES, "name": N_("name"), "agency": N_("agency"), "appointed": N_("appointed"),
               "joined": N_("joined"), "left": N_("left"), "leave_reason": N_("reason")}


def _changes(changes: dict) -> str:
    from jpledger.cli.render import cell

    return ", ".join(f"{_(FIELD_NAMES.get(field, field))} {cell(old) or '-'} -> {cell(new) or '-'}"
                     for field, (old, new) in changes.items() if field != "leave_reason" or new)


@app.command("leave")
def leave(ctx: typer.Context, nip: NipArg,
          date: Annotated[str, typer.Option("--date", "-d", help="Last day (day first).")] = ...,
          reason: Annotated[str | None, typer.Option("--reason", "-r", help="Why: pensiun, mutasi, ...")] = None
          ) -> None:
    """Mark a departure; the person's history stays in the ledger.

    Example: jpledger staff leave 198503142010012003 --date 30/06/2026 --reason mutasi
    """
    from jpledger.app import staff

    nip = parse_nip(nip)
    day = parse_date(date, "--date")
    rt = runtime(ctx)
    done = staff.leave(rt, nip, day, reason)
    created_note(ctx, rt)
    say(ctx, "STAFF_LEFT", nip=nip, name=done.name, day=day)


@app.command("contract")
def contract(ctx: typer.Context, nip: NipArg,
             start: Annotated[str, typer.Option("--start", help=N_("First day of the contract (day first)."),
                                                show_default=False)] = ...,
             end: Annotated[str, typer.Option("--end", help=N_("Last day of the contract (day first)."),
                                              show_default=False)] = ...,
             ref: Annotated[str | None, typer.Option("--ref", help=N_("Number of the work agreement (nomor "
                                                                      "perjanjian kerja)."))] = None) -> None:
    """Record a PPPK work agreement (perjanjian kerja); a renewal is another contract.

    The PPPK maximum applies per contract year: twelve months from each contract's start. Contracts of one
    person cannot overlap.

    Example: jpledger staff contract 199001012024211001 --start 01/04/2026 --end 31/03/2027 --ref 800/112/2026
    """
    from jpledger.app import staff
    from jpledger.core.people import check_contract

    nip = parse_nip(nip)
    first, last = parse_date(start, "--start"), parse_date(end, "--end")
    if last < first:
        raise UsageError("END_BEFORE_START", start=first, end=last)
    check_contract(nip, first, last, ("--start", "--end"))
    rt = runtime(ctx)
    done = staff.contract(rt, nip, first, last, " ".join(ref.split()) or None if ref else None)
    created_note(ctx, rt)
    say(ctx, "CONTRACT_ADDED", nip=nip, name=done.name, start=first, end=last)
    if done.appointed is not None:
        say(ctx, "APPOINTED_FROM_CONTRACT", nip=nip, name=done.name, day=done.appointed)
    _warn(ctx, done.warnings)


@app.command("list")
def list_(ctx: typer.Context, unit: UnitOption = None, status: StatusOpt = None,
          all_: Annotated[bool, typer.Option("--all", "-a", help="Include people who left.")] = False,
          fmt: FormatOption = OutputFormat.table) -> None:
    """List people (those who left only with --all).

    Example: jpledger staff list --unit "Bidang Diklat" --format csv > staff.csv
    """
    from jpledger.app import staff

    people = staff.listing(runtime(ctx), unit=unit, status=parse_status(status), include_left=all_)
    emit(Output(records=[staff_json(p) for p in people], views=[View(COLUMNS, people, _("Staff"))]), fmt)


@app.command("show")
def show(ctx: typer.Context, nip: NipArg, fmt: FormatOption = OutputFormat.table) -> None:
    """Show one person, with the history of their status, unit, supervisor, rank and position, and contracts.

    Example: jpledger staff show 198503142010012003 --format json
    """
    from jpledger.app import staff
    from jpledger.core.nip import format_nip

    view = staff.show(runtime(ctx), parse_nip(nip))
    person = view.person
    history = [{"field": h["field"], "value": h["value"], "from": h["valid_from"]} for h in view.history]
    data = staff_json(person) | {"history": history, "contracts": view.contracts}
    fields = [(c.heading, person.get(c.key), c.kind) for c in COLUMNS[1:]] + [
        (N_("Reason"), person.get("leave_reason"), "text")]
    rows = [{"field": N_("NIP"), "value": format_nip(person["nip"])}] + [
        {"field": heading, "value": _shown(value, kind)} for heading, value, kind in fields if value is not None]
    if view.supervisor_name:  # a NIP alone says little to the reader: the name beside it
        for row in rows:
            if row["field"] == SUPERVISOR_HEADING:
                row["value"] += f" ({view.supervisor_name})"
    views = [View([Col("field", "", "label"), Col("value", "")], rows, person["name"], header=False)]
    if history:
        views.append(View([Col("from", N_("From"), "date"), Col("field", N_("Field"), "label"),
                           Col("value", N_("Value"))],
                          [h | {"field": HISTORY_NAMES.get(h["field"], h["field"])} for h in history],
                          _("History")))
    if view.contracts:
        views.append(View([Col("start", N_("Start"), "date"), Col("end", N_("End"), "date"), Col("ref", N_("Ref"))],
                          view.contracts, _("Contracts")))
    emit(Output(records=[staff_json(person)], document=data, views=views), fmt)


def _shown(value, kind: str) -> str:
    from jpledger.cli.render import cell

    return cell(value, kind)
