"""`jpledger staff`: register people, change their records, mark departures, read them back."""

from __future__ import annotations

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
SupervisorOpt = Annotated[str | None, typer.Option("--supervisor", help="NIP of the atasan langsung.")]
JoinedOpt = Annotated[str | None, typer.Option("--joined", help="Date the person joined (TMT), day first.")]

COLUMNS = [Col("nip", N_("NIP"), "nip"), Col("name", N_("Name")), Col("status", N_("Status")),
           Col("unit", N_("Unit")), Col("position", N_("Position")), Col("rank", N_("Rank")),
           Col("agency", N_("Agency")), Col("supervisor", N_("Supervisor"), "nip"), Col("joined", N_("Joined"), "date"),
           Col("left", N_("Left"), "date")]
JSON_KEYS = ("nip", "name", "status", "unit", "position", "rank", "agency", "supervisor", "joined", "left")


def staff_json(person: dict) -> dict:
    return {k: person.get(k) for k in JSON_KEYS} | {"leave_reason": person.get("leave_reason")}


def _fields(nip: str, name, status, unit, position, rank, agency, supervisor, joined) -> dict:
    from jpledger.core.golongan import normalize_golongan

    fields: dict = {}
    if name is not None:
        if not name.strip():
            raise UsageError("NAME_EMPTY")
        fields["name"] = " ".join(name.split())
    if status is not None:
        fields["status"] = parse_status(status)
    for key, value in (("unit", unit), ("position", position), ("agency", agency)):
        if value is not None:
            fields[key] = value.strip() or None
    if rank is not None:
        try:
            fields["rank"] = normalize_golongan(rank) if rank.strip() else None
        except UsageError as exc:
            raise UsageError("OPTION_INVALID", option="--rank", problem=exc) from None
    if supervisor is not None:
        fields["supervisor"] = parse_nip(supervisor, "--supervisor") if supervisor.strip() else None
        if fields["supervisor"] == nip:
            raise UsageError("OWN_SUPERVISOR", option="--supervisor")
    if joined is not None:
        fields["joined"] = parse_date(joined, "--joined")
    return fields


@app.command("add")
def add(ctx: typer.Context, nip: NipArg, name: NameOpt = None, status: StatusOpt = "PNS", unit: UnitOption = None,
        position: PositionOpt = None, rank: RankOpt = None, agency: AgencyOpt = None,
        supervisor: SupervisorOpt = None, joined: JoinedOpt = None) -> None:
    """Register a person.

    Example: jpledger staff add "19850314 201001 2 003" --name "Siti Rahayu" --unit "Bidang Diklat" --rank III/c
    """
    from jpledger.app import staff

    if name is None:
        raise UsageError("NAME_REQUIRED")
    status = parse_status(status) or "PNS"
    nip = parse_nip(nip, "NIP", status)
    fields = _fields(nip, name, status, unit, position, rank, agency, supervisor, joined)
    rt = runtime(ctx)
    done = staff.add(rt, nip, fields)
    created_note(ctx, rt)
    say(ctx, "STAFF_ADDED", nip=nip, name=done.name, status=fields["status"])


@app.command("update")
def update(ctx: typer.Context, nip: NipArg, name: NameOpt = None, status: StatusOpt = None,
           unit: UnitOption = None, position: PositionOpt = None, rank: RankOpt = None, agency: AgencyOpt = None,
           supervisor: SupervisorOpt = None, joined: JoinedOpt = None) -> None:
    """Change a person's fields (promotion, transfer, new supervisor). An empty value clears a field.

    Example: jpledger staff update 198503142010012003 --rank III/d --unit "Bidang Evaluasi"
    """
    from jpledger.app import staff

    nip = parse_nip(nip)
    fields = _fields(nip, name, status, unit, position, rank, agency, supervisor, joined)
    if not fields:
        raise UsageError("NOTHING_TO_CHANGE")
    rt = runtime(ctx)
    done = staff.update(rt, nip, fields)
    created_note(ctx, rt)
    if done.changes:
        say(ctx, "STAFF_UPDATED", nip=nip, name=done.name, changes=_changes(done.changes))
    else:
        say(ctx, "STAFF_UNCHANGED", nip=nip, name=done.name)


def _changes(changes: dict) -> str:
    from jpledger.cli.render import cell

    return ", ".join(f"{field} {cell(old) or '-'} -> {cell(new) or '-'}" for field, (old, new) in changes.items())


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
    """Show one person.

    Example: jpledger staff show 198503142010012003 --format json
    """
    from jpledger.app import staff
    from jpledger.core.nip import format_nip

    person = staff.show(runtime(ctx), parse_nip(nip))
    fields = [(c.heading, person.get(c.key), c.kind) for c in COLUMNS[1:]] + [
        (N_("Reason"), person.get("leave_reason"), "text")]
    rows = [{"field": N_("NIP"), "value": format_nip(person["nip"])}] + [
        {"field": heading, "value": _shown(value, kind)} for heading, value, kind in fields if value is not None]
    emit(Output(records=[staff_json(person)], document=staff_json(person),
                views=[View([Col("field", "", "label"), Col("value", "")], rows, person["name"])]), fmt)


def _shown(value, kind: str) -> str:
    from jpledger.cli.render import cell

    return cell(value, kind)
