"""`jpledger staff`: register people, change their records, mark departures, read them back."""

from __future__ import annotations

from typing import Annotated

import typer

from jpledger.cli.common import (
    FormatOption,
    OutputFormat,
    UnitOption,
    note,
    open_for_read,
    open_for_write,
    parse_date,
    parse_nip,
    parse_status,
    render,
)
from jpledger.errors import UsageError

app = typer.Typer(no_args_is_help=True)

NipArg = Annotated[str, typer.Argument(help="18-digit NIP (spaces and dots are fine).", show_default=False)]
NameOpt = Annotated[str | None, typer.Option("--name", "-n", help="Full name (nama lengkap).")]
StatusOpt = Annotated[str | None, typer.Option("--status", "-s", help="PNS, CPNS or PPPK.")]
PositionOpt = Annotated[str | None, typer.Option("--position", help="Jabatan.")]
RankOpt = Annotated[str | None, typer.Option("--rank", help="Pangkat/golongan, e.g. III/a or 'Penata Muda (III/a)'.")]
AgencyOpt = Annotated[str | None, typer.Option("--agency", help="Instansi.")]
SupervisorOpt = Annotated[str | None, typer.Option("--supervisor", help="NIP of the atasan langsung.")]
JoinedOpt = Annotated[str | None, typer.Option("--joined", help="Date the person joined (TMT), day first.")]

COLUMNS = [("nip", "NIP"), ("name", "Name"), ("status", "Status"), ("unit", "Unit"), ("position", "Position"),
           ("rank", "Rank"), ("agency", "Agency"), ("supervisor", "Supervisor"), ("joined", "Joined"),
           ("left", "Left")]
JSON_KEYS = ("nip", "name", "status", "unit", "position", "rank", "agency", "supervisor", "joined", "left")


def staff_json(person: dict) -> dict:
    return {k: person.get(k) for k in JSON_KEYS} | {"leave_reason": person.get("leave_reason")}


def _fields(nip: str, name, status, unit, position, rank, agency, supervisor, joined) -> dict:
    from jpledger.core.golongan import normalize_golongan

    fields: dict = {}
    if name is not None:
        if not name.strip():
            raise UsageError("--name: a name cannot be empty")
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
            raise UsageError(f"--rank: {exc}") from None
    if supervisor is not None:
        fields["supervisor"] = parse_nip(supervisor, "--supervisor") if supervisor.strip() else None
        if fields["supervisor"] == nip:
            raise UsageError("--supervisor: a person cannot be their own supervisor")
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
    from jpledger.store.db import trail
    from jpledger.store.ledger import add_staff

    if name is None:
        raise UsageError("--name is required: jpledger staff add NIP --name \"Full Name\"")
    status = parse_status(status) or "PNS"
    nip = parse_nip(nip, "NIP", status)
    fields = _fields(nip, name, status, unit, position, rank, agency, supervisor, joined)
    ledger = open_for_write(ctx)
    with ledger.write() as conn:
        add_staff(conn, nip, fields)
        trail(conn, "staff add", {"nip": nip} | fields)
    note(ctx, f"added {nip} {fields['name']} ({fields['status']})")


@app.command("update")
def update(ctx: typer.Context, nip: NipArg, name: NameOpt = None, status: StatusOpt = None,
           unit: UnitOption = None, position: PositionOpt = None, rank: RankOpt = None, agency: AgencyOpt = None,
           supervisor: SupervisorOpt = None, joined: JoinedOpt = None) -> None:
    """Change a person's fields (promotion, transfer, new supervisor). An empty value clears a field.

    Example: jpledger staff update 198503142010012003 --rank III/d --unit "Bidang Evaluasi"
    """
    from jpledger.store.db import trail
    from jpledger.store.ledger import require_staff, update_staff

    nip = parse_nip(nip)
    fields = _fields(nip, name, status, unit, position, rank, agency, supervisor, joined)
    if not fields:
        raise UsageError("nothing to change: give at least one option, e.g. --unit or --rank")
    ledger = open_for_write(ctx)
    with ledger.write() as conn:
        person = require_staff(conn, nip)
        if "status" in fields:
            parse_nip(nip, "NIP", fields["status"])
        changes = update_staff(conn, nip, fields)
        if changes:
            trail(conn, "staff update", {"nip": nip, "changes": {k: [o, n] for k, (o, n) in changes.items()}})
    if changes:
        note(ctx, f"updated {nip} {person['name']}: " + ", ".join(f"{k} {o} -> {n}" for k, (o, n) in changes.items()))
    else:
        note(ctx, f"{nip} {person['name']}: nothing changed")


@app.command("leave")
def leave(ctx: typer.Context, nip: NipArg,
          date: Annotated[str, typer.Option("--date", "-d", help="Last day (day first).")] = ...,
          reason: Annotated[str | None, typer.Option("--reason", "-r", help="Why: pensiun, mutasi, ...")] = None
          ) -> None:
    """Mark a departure; the person's history stays in the ledger.

    Example: jpledger staff leave 198503142010012003 --date 30/06/2026 --reason mutasi
    """
    from jpledger.store.db import trail
    from jpledger.store.ledger import STAFF, require_staff

    nip = parse_nip(nip)
    day = parse_date(date, "--date")
    ledger = open_for_write(ctx)
    with ledger.write() as conn:
        person = require_staff(conn, nip)
        if person["joined"] and day < person["joined"]:
            raise UsageError(f"--date: {day} is before {nip} joined ({person['joined']})")
        conn.execute(STAFF.update().where(STAFF.c.nip == nip).values(left=day, leave_reason=reason))
        trail(conn, "staff leave", {"nip": nip, "date": day, "reason": reason})
    note(ctx, f"{nip} {person['name']} left on {day}")


@app.command("list")
def list_(ctx: typer.Context, unit: UnitOption = None, status: StatusOpt = None,
          all_: Annotated[bool, typer.Option("--all", "-a", help="Include people who left.")] = False,
          fmt: FormatOption = OutputFormat.table) -> None:
    """List people (those who left only with --all).

    Example: jpledger staff list --unit "Bidang Diklat" --format csv > staff.csv
    """
    from jpledger.store.ledger import list_staff

    ledger = open_for_read(ctx)
    with ledger.read() as conn:
        people = list_staff(conn, unit=unit, status=parse_status(status), include_left=all_)
    render(people, COLUMNS, fmt, title="Staff", json_data=[staff_json(p) for p in people])


@app.command("show")
def show(ctx: typer.Context, nip: NipArg, fmt: FormatOption = OutputFormat.table) -> None:
    """Show one person.

    Example: jpledger staff show 198503142010012003 --format json
    """
    from jpledger.core.nip import format_nip
    from jpledger.store.ledger import require_staff

    nip = parse_nip(nip)
    ledger = open_for_read(ctx)
    with ledger.read() as conn:
        person = require_staff(conn, nip)
    if fmt is not OutputFormat.table:
        render([person], COLUMNS + [("leave_reason", "Leave reason")], fmt,
               json_data=staff_json(person))
        return
    rows = [{"field": "NIP", "value": format_nip(nip)}] + [
        {"field": heading, "value": person.get(key)} for key, heading in COLUMNS[1:] + [("leave_reason", "Reason")]
        if person.get(key) is not None]
    render(rows, [("field", ""), ("value", "")], fmt, title=person["name"])
