"""`jpledger officer`: PostgreSQL login roles the database keeps to their own units; admins see everything."""


from typing import Annotated

import typer

from jpledger.cli.common import FormatOption, runtime, say
from jpledger.cli.render import Col, Output, OutputFormat, View, emit
from jpledger.errors import UsageError
from jpledger.i18n import N_, _

app = typer.Typer(no_args_is_help=True)

RoleArg = Annotated[str, typer.Argument(help=N_("The PostgreSQL login role, e.g. opd_disdik."), show_default=False)]
COLUMNS = [Col("role", N_("Role"), "code"), Col("units", N_("Units"), "long"), Col("admin", N_("Admin"), "flag")]


@app.command("add")
def add(ctx: typer.Context, role: RoleArg,
        units: Annotated[list[str] | None, typer.Option("--units", "-u", help=N_(
            "A unit the officer looks after, with every unit below it (code or name); repeat for more."))] = None,
        admin: Annotated[bool, typer.Option("--admin", help=N_(
            "An admin: sees every unit and changes units, officers, the policy and closed years."))] = False,
        password_stdin: Annotated[bool, typer.Option("--password-stdin", help=N_(
            "Read a new role's password from standard input (sent to the server as a SCRAM verifier)."))] = False
        ) -> None:
    """Make a PostgreSQL login role an officer of some units (or an admin); creates the role when it is new.

    Without --password-stdin a new role has no password: the DBA sets one, or it logs in by certificate or peer.
    The database itself keeps the officer to their units' people, in jpledger and in psql alike.

    Example: printf '%s\\n' "$PASSWORD" | jpledger officer add opd_disdik --units DISDIK --password-stdin
    """
    from jpledger.app import officers

    password = _password() if password_stdin else None
    done = officers.add(runtime(ctx), role, list(units or []), admin, password)
    if done.created:
        say(ctx, "OFFICER_CREATED", role=done.role)
    if done.admin:
        say(ctx, "OFFICER_ADMIN", role=done.role)
    else:
        say(ctx, "OFFICER_UNITS", role=done.role, units=", ".join(done.units))


def _password() -> str:
    import sys

    line = sys.stdin.readline()
    password = line[:-1] if line.endswith("\n") else line
    if not password:
        raise UsageError("OFFICER_PASSWORD_EMPTY")
    return password


@app.command("list")
def list_(ctx: typer.Context, fmt: FormatOption = OutputFormat.table) -> None:
    """List the ledger's officers: each role, its units and whether it is an admin.

    Example: jpledger officer list --format json
    """
    from jpledger.app import officers

    found = officers.listing(runtime(ctx))
    rows = [o | {"units": ", ".join(o["units"])} for o in found]
    emit(Output(records=found, views=[View(COLUMNS, rows, _("Officers"))]), fmt)


@app.command("remove")
def remove(ctx: typer.Context, role: RoleArg) -> None:
    """Take a role's access to this ledger away (its units, admin rights, group memberships).

    The login role itself stays: it is the DBA's to drop.

    Example: jpledger officer remove opd_disdik
    """
    from jpledger.app import officers

    done = officers.remove(runtime(ctx), role)
    say(ctx, "OFFICER_REMOVED", role=done["role"])
