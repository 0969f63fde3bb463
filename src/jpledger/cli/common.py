"""What every command shares: the per-invocation state, the use cases' runtime, and parsing option values."""


from datetime import date
from typing import Annotated

import typer

from jpledger.cli import State  # noqa: F401 (where commands and tests find it)
from jpledger.cli.render import OutputFormat
from jpledger.errors import UsageError
from jpledger.i18n import N_


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


def runtime(ctx: typer.Context):
    """The use cases' view of this invocation: the ledger's location, the command line, today."""
    from jpledger.app.runtime import Runtime

    current = state(ctx)
    return Runtime(db=current.db, command=current.command)


def note(ctx: typer.Context, message: str) -> None:
    """A message for the person (stderr), silenced by --quiet."""
    if not state(ctx).quiet:
        typer.echo(message, err=True)


def created_note(ctx: typer.Context, rt) -> None:
    """Say so when a command that writes had to create the ledger."""
    from jpledger.codes import message

    if rt.created:
        note(ctx, message("LEDGER_CREATED", {"where": rt.display}))


# --- options shared by many commands ---------------------------------------------------------------

FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output: table, json or csv.")]
YearOption = Annotated[int, typer.Option("--year", "-y", help="Calendar year, e.g. 2026.", min=1900, max=2999)]
UnitOption = Annotated[str | None, typer.Option("--unit", "-u", help=N_(
    "A unit kerja by code or name; as a filter, with every unit below it."))]
IntlOption = Annotated[bool, typer.Option("--international", help="Abroad / international scope.")]
RefOption = Annotated[str | None, typer.Option("--ref", help="Certificate number or evidence reference.")]


def parse_date(value: str | None, option: str) -> date | None:
    from jpledger.core.dates import DateError
    from jpledger.core.dates import parse_date as parse

    if value is None:
        return None
    try:
        return parse(value)
    except DateError as exc:
        raise UsageError("OPTION_INVALID", option=option, problem=exc) from None


def parse_nip(value: str, option: str = "NIP", status: str | None = None) -> str:
    from jpledger.core.nip import NipError, validate_nip

    try:
        return validate_nip(value, status)
    except NipError as exc:
        # The NIP message already says "NIP ...": only name the option when it is not the NIP argument.
        if option == "NIP":
            raise
        raise UsageError("OPTION_INVALID", option=option, problem=exc) from None


def required_reason(value: str, code: str) -> str:
    """A --reason that says something: it goes into the trail beside the change; `code` says what it is for."""
    if not value.strip():
        raise UsageError(code)
    return value.strip()


def either_language(value: str, words: dict[str, str]) -> str:
    """A filter's word as typed, in English or in the Indonesian of the screens (`kurang` is `short`): spaces and
    case do not matter. Whether the result is a valid choice is the caller's to say."""
    word = " ".join(value.split()).lower()
    return words.get(word, word)


def parse_status(value: str | None) -> str | None:
    if value is None:
        return None
    status = value.strip().upper()
    if status not in ("PNS", "CPNS", "PPPK"):
        raise UsageError("STATUS_UNKNOWN", option="--status", value=value)
    return status


def say(ctx: typer.Context, code: str, /, **params) -> None:
    """A coded message for the person (stderr), in their language; silenced by --quiet."""
    from jpledger.codes import message

    note(ctx, message(code, params))


def warn(ctx: typer.Context, code: str, /, **params) -> None:
    """A warning that blocks nothing, one line on stderr (also with --quiet: it is about the data)."""
    from jpledger.codes import message
    from jpledger.i18n import gettext

    typer.echo(f"{gettext('warning')}: {message(code, params)}", err=True)
