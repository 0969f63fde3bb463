"""The Typer application: global options, the command groups, and the one place errors become exit codes."""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer
from typer.core import TyperGroup
from typer.exceptions import TyperException

from jpledger import __version__
from jpledger.errors import InputRejected, JPLedgerError, UsageError

INTERNAL_ERROR = 70


class LedgerGroup(TyperGroup):
    """Turns jpledger's errors into one-line messages and the spec's exit codes, for every command."""

    def list_commands(self, ctx) -> list[str]:
        return list(self.commands)  # the order they were added in reads better than the alphabet

    def make_context(self, info_name, args, parent=None, **extra):
        # Kept before parsing consumes them: the trail records each change's command line as typed.
        typed = list(args)
        ctx = super().make_context(info_name, args, parent=parent, **extra)
        ctx.meta[ARGV_KEY] = typed
        return ctx

    def invoke(self, ctx):
        try:
            _refuse_unstorable(ctx.meta.get(ARGV_KEY, []))
            return super().invoke(ctx)
        except JPLedgerError as exc:
            if os.environ.get("JPLEDGER_DEBUG") == "1":
                raise
            print_error(exc)
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort, TyperException):
            raise
        except KeyboardInterrupt:
            typer.echo("interrupted; nothing was written", err=True)
            raise typer.Exit(130) from None
        except OSError as exc:
            # A file named on the command line that the system refuses (no such folder, no permission, name too
            # long, disk full): the person can fix that, so it is a usage error, not a bug.
            if os.environ.get("JPLEDGER_DEBUG") == "1":
                raise
            where = f"{exc.filename}: " if exc.filename else ""
            typer.echo(f"error: {where}{exc.strerror or type(exc).__name__}", err=True)
            raise typer.Exit(UsageError.exit_code) from None
        except Exception as exc:  # a bug: say so in one line; names and NIPs stay out of it
            if os.environ.get("JPLEDGER_DEBUG") == "1":
                raise
            typer.echo(f"error: internal error ({type(exc).__name__}); nothing was written. "
                       "Run again with JPLEDGER_DEBUG=1 for details and report it.", err=True)
            raise typer.Exit(INTERNAL_ERROR) from None


ARGV_KEY = "jpledger.argv"


def _refuse_unstorable(args: list[str]) -> None:
    """Bytes that are not UTF-8 reach Python as lone surrogates; the ledger cannot store them, so say so now."""
    for position, arg in enumerate(args, 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raise UsageError(f"argument {position} is not valid text (UTF-8); retype it or fix the terminal's "
                             "encoding") from None
        if "\0" in arg:
            raise UsageError(f"argument {position} contains a NUL character")


def command_line(args: list[str]) -> str:
    """The command as typed, for the trail; a --db URL loses its password."""
    import shlex

    shown, after_db = [], False
    for arg in args:
        if after_db and "://" in arg:
            arg = _safe_url(arg)
        elif arg.startswith("--db=") and "://" in arg:
            arg = "--db=" + _safe_url(arg[len("--db="):])
        after_db = arg == "--db"
        shown.append(arg)
    return shlex.join(["jpledger", *shown])


def _safe_url(url: str) -> str:
    from jpledger.store.db import safe_url  # only for a URL: plain commands start without the database layer

    return safe_url(url)


def print_error(exc: JPLedgerError) -> None:
    problems = exc.lines() if isinstance(exc, InputRejected) else []
    if problems:
        for line in problems:
            typer.echo(line, err=True)
        if str(exc) and str(exc) not in problems:
            typer.echo(f"error: {exc}", err=True)
    else:
        typer.echo(f"error: {exc}", err=True)


app = typer.Typer(
    cls=LedgerGroup,
    help="A ledger of ASN competency-development hours (JP): staff, magang, coaching, mentoring and "
         "training, each person's credited JP for the year, and the year-end audit.\n\n"
         "Example: jpledger init && jpledger audit --year 2026",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jpledger {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option("--db", help="Ledger file or SQLAlchemy URL "
                                           "(default: $JPLEDGER_DB, else ./jpledger.db).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress, no decoration.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    from jpledger.cli.common import State
    from jpledger.cli.render import set_quiet

    set_quiet(quiet)
    ctx.obj = State(db=db, quiet=quiet, command=command_line(ctx.meta.get(ARGV_KEY, [])))


def _register() -> None:
    from jpledger.cli import activity, admin, exports, imports, policy, record, report, staff

    admin.register_init(app)
    app.add_typer(staff.app, name="staff", help="Register people and change their records.")
    app.add_typer(record.app, name="record", help="Record magang, coaching, mentoring and every other kind.")
    app.add_typer(activity.app, name="activity", help="List, show and void recorded activities.")
    report.register(app)
    imports.register(app)
    exports.register(app)
    app.add_typer(policy.app, name="policy", help="The JP conversion policy: show, check, use.")
    admin.register(app)


_register()


def main() -> None:
    """Entry point of the `jpledger` script."""
    sys.exit(app(prog_name="jpledger", standalone_mode=True) or 0)
