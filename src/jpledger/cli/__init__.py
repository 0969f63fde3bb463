"""The Typer application: global options, the command groups, the language of help, and the one place errors
become words and exit codes."""


import inspect
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

import typer
from typer._click.exceptions import BadOptionUsage, BadParameter, MissingParameter, NoArgsIsHelpError, NoSuchOption
from typer._click.exceptions import UsageError as ClickUsageError
from typer._coercion import RuntimeParam, TypeDescriptor, build_runtime_param
from typer._param_types import coerce_cli_choice
from typer.core import TyperCommand, TyperGroup
from typer.exceptions import TyperException

from jpledger import __version__, i18n
from jpledger.errors import InputRejected, JPLedgerError, UsageError
from jpledger.i18n import N_, gettext

INTERNAL_ERROR = 70
# What a shell reports for a process ended by SIGPIPE (128 + 13): the status after writing into a closed pipe.
PIPE_CLOSED = 141
ARGV_KEY = "jpledger.argv"
# Accepted after the subcommand too, unless the subcommand has an option of that name (`export --lang`).
GLOBAL_OPTIONS = ("--db", "--lang", "--quiet", "-q")

# Typer's and Click's own words, for the catalog. Click's vendored copy has no gettext and Typer hands these to us
# in English, so the help layout below and the usage-error edge translate them.
TYPER_TEXTS = (
    N_("Usage:"), N_("Arguments"), N_("Options"), N_("Commands"), N_("[OPTIONS]"), N_("COMMAND [ARGS]..."),
    N_("Show this message and exit."), N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("required"), N_("default: {default}"), N_("env var: {var}"),
)
HINT_OPTIONS = N_("run '{command} --help' to see the options")
HINT_COMMANDS = N_("run '{command} --help' to see the commands")
HINT_ARGUMENTS = N_("run '{command} --help' to see what it takes")


# --- help in the interface language ---------------------------------------------------------------------------

class _TranslatedHelp:
    """Typer's plain help layout with every word looked up in the catalog at the moment it is shown.

    Help texts stay English msgids in the command tree (built once, shared by every invocation); marking one with
    `N_()` where it is declared puts it in the catalog.
    """

    def format_usage(self, ctx, formatter) -> None:
        pieces = [gettext(piece) for piece in self.collect_usage_pieces(ctx)]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=gettext("Usage:") + " ")

    def format_help_text(self, ctx, formatter) -> None:
        text = gettext(inspect.cleandoc(self.help)).partition("\f")[0] if self.help else ""
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def format_options(self, ctx, formatter) -> None:
        rows: dict[str, list[tuple[str, str]]] = {"argument": [], "option": []}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is not None and param.param_type_name in rows:
                rows[param.param_type_name].append((_metavars(record[0]), _help_column(param.help or "", record[1])))
        for kind, title in (("argument", "Arguments"), ("option", "Options")):
            if rows[kind]:
                with formatter.section(gettext(title)):
                    formatter.write_dl(rows[kind])


# The kinds of value Typer names after an option (`--year <int range>`), read in the interface language.
METAVARS = {"<int range>": N_("<int range>"), "<int>": N_("<int>"), "<str>": N_("<str>"), "<float>": N_("<float>"),
            "<path>": N_("<path>")}
_METAVAR = re.compile("|".join(re.escape(m) for m in METAVARS))


def _metavars(names: str) -> str:
    return _METAVAR.sub(lambda found: gettext(METAVARS[found.group(0)]), names)


def _help_column(own: str, text: str) -> str:
    """A parameter's help as Typer composed it (`help  [default: x; required]`), in the interface language."""
    if not text.startswith(own):
        return text
    extras = text[len(own):].strip()
    if extras.startswith("[") and extras.endswith("]"):
        extras = "[" + "; ".join(_help_extra(piece) for piece in extras[1:-1].split("; ")) + "]"
    own = gettext(own) if own else ""
    return f"{own}  {extras}" if own and extras else own or extras


def _help_extra(piece: str) -> str:
    if piece == "required":
        return gettext("required")
    for template in ("default: {default}", "env var: {var}"):
        head, _, rest = template.partition("{")
        if piece.startswith(head):
            return gettext(template).format_map({rest.rstrip("}"): piece[len(head):]})
    return piece  # a number range such as 1900<=x<=2999 reads the same in both languages


# --- values of options and arguments without pydantic where nothing can go wrong -----------------------------

_NOT_PLAIN = object()


def _plain_value(annotation: Any, info: Any, value: Any, ctx) -> Any:
    """The value Typer's pydantic coercion would give, for text, whole numbers in range, exact choices, an optional
    one of these given, and lists of text (NIPs, evidence files); else _NOT_PLAIN, and Typer's own coercion decides
    (and words the refusal)."""
    if info.parser is not None:
        return _NOT_PLAIN
    kinds = get_args(annotation)
    if get_origin(annotation) in (Union, UnionType) and len(kinds) == 2 and type(None) in kinds:
        # Typer passes no None on: an optional option given is coerced as its type.
        return _plain_value(kinds[0] if kinds[1] is type(None) else kinds[1], info, value, ctx)
    if get_origin(annotation) is list and kinds == (str,):
        plain = isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value)
        return list(value) if plain else _NOT_PLAIN
    if annotation is str:
        return value if isinstance(value, str) else _NOT_PLAIN
    if annotation is bool:
        return value if isinstance(value, bool) else _NOT_PLAIN
    if annotation is int and not info.clamp:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        elif isinstance(value, str) and 0 < len(value) <= 18 and value.isascii() and value.isdigit():
            number = int(value)
        else:
            return _NOT_PLAIN
        if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
            return _NOT_PLAIN
        return number
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        try:
            return coerce_cli_choice(value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
        except ValueError:
            return _NOT_PLAIN
    return _NOT_PLAIN


@dataclass(frozen=True)
class _PlainFirst(RuntimeParam):
    """Typer 0.29 builds a pydantic TypeAdapter for every parameter it coerces, and importing pydantic costs an
    interactive command more than its own work; the plain cases are coerced here as pydantic would, and anything
    else (paths, dates, refusals) goes to Typer's coercion unchanged."""

    descriptor: TypeDescriptor

    def _coerce_value(self, value: Any, param, ctx) -> Any:
        plain = _plain_value(self.annotation, self.parameter_info, value, ctx)
        if plain is not _NOT_PLAIN:
            return plain
        return build_runtime_param(self.descriptor)._coerce_value(value, param=param, ctx=ctx)


class _PlainCoercion:
    """Installs _PlainFirst on the command's parameters before Typer would build its own."""

    def parse_args(self, ctx, args):
        for param in self.get_params(ctx):
            descriptor = getattr(param, "type_descriptor", None)
            if descriptor is not None and getattr(param, "_runtime_param", False) is None:
                param._runtime_param = _PlainFirst(parameter_info=descriptor.parameter_info,
                                                   annotation=descriptor.annotation, descriptor=descriptor)
        return super().parse_args(ctx, args)


class LedgerCommand(_PlainCoercion, _TranslatedHelp, TyperCommand):
    """Every jpledger command: Typer's command with its help in the interface language."""


class HelpGroup(_PlainCoercion, _TranslatedHelp, TyperGroup):
    """Every jpledger command group: commands in the order they were added, help in the interface language."""

    def list_commands(self, ctx) -> list[str]:
        return list(self.commands)  # the order they were added in reads better than the alphabet

    def format_options(self, ctx, formatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx, formatter) -> None:
        from typer._click.utils import make_default_short_help

        if isinstance(self.commands, _Commands):  # listed from the index: nothing is imported to list them
            shown = [(name, None, self.commands.help_of(name)) for name in self.list_commands(ctx)]
        else:
            shown = [(name, command.short_help, command.help) for name in self.list_commands(ctx)
                     if (command := self.get_command(ctx, name)) is not None and not command.hidden]
        if not shown:
            return
        limit = formatter.width - 6 - max(len(name) for name, _, _ in shown)
        # Translated before shortening: the msgid is the whole help, not its first sentence.
        rows = [(name, gettext(short) if short else make_default_short_help(gettext(whole or ""), limit))
                for name, short, whole in shown]
        with formatter.section(gettext("Commands")):
            formatter.write_dl(rows)


# --- the root: language, global options anywhere, and the error edge ----------------------------------------

class LedgerGroup(HelpGroup):
    """The root: settles the language, takes global options after the subcommand, and turns every error into one
    or two lines and the spec's exit code."""

    def main(self, *args, **kwargs):
        try:
            return super().main(*args, **kwargs)
        finally:
            i18n.reset()  # the next invocation in this process settles its own language

    def make_context(self, info_name, args, parent=None, **extra):
        # Kept before parsing consumes them: the trail records each change's command line as typed.
        typed = list(args)
        if parent is None:
            args = _hoist_global_options(self, typed)
            try:
                i18n.settle(_root_lang(self, args), os.environ)
            except UsageError as exc:
                print_error(exc)
                raise typer.Exit(exc.exit_code) from None
        try:
            ctx = super().make_context(info_name, args, parent=parent, **extra)
        except BrokenPipeError:  # `--help | head -1`: help and --version are written while parsing
            pipe_closed()
        except ClickUsageError as exc:
            if isinstance(exc, NoArgsIsHelpError):
                raise
            _usage_failed(exc, exc.ctx.command_path if exc.ctx is not None else info_name)
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
        except ClickUsageError as exc:
            if isinstance(exc, NoArgsIsHelpError):
                raise
            # The parser raises some errors without their command's context: find the command from the words.
            _usage_failed(exc, exc.ctx.command_path if exc.ctx is not None
                          else _command_path(self, ctx.meta.get(ARGV_KEY, [])))
        except (typer.Exit, typer.Abort, TyperException):
            raise
        except KeyboardInterrupt:
            from jpledger.codes import message

            typer.echo(message("INTERRUPTED"), err=True)
            raise typer.Exit(130) from None
        except BrokenPipeError:
            pipe_closed()
        except OSError as exc:
            # A file named on the command line that the system refuses (no such folder, no permission, name too
            # long, disk full): the person can fix that, so it is a usage error, not a bug.
            if os.environ.get("JPLEDGER_DEBUG") == "1":
                raise
            reason = exc.strerror or type(exc).__name__
            print_error(UsageError("SYSTEM_REFUSED", file=exc.filename, reason=reason) if exc.filename
                        else UsageError("SYSTEM_ERROR", reason=reason))
            raise typer.Exit(UsageError.exit_code) from None
        except Exception as exc:  # a bug: say so in one line; names and NIPs stay out of it
            if os.environ.get("JPLEDGER_DEBUG") == "1":
                raise
            from jpledger.codes import message

            say_error(message("INTERNAL_ERROR", {"kind": type(exc).__name__}))
            raise typer.Exit(INTERNAL_ERROR) from None


def _option_names(command) -> tuple[set[str], set[str]]:
    """A command's option names, and those of them that take a value."""
    names, valued = {"-h", "--help"}, set()
    for param in command.params:
        if param.param_type_name == "option":
            names.update(param.opts, param.secondary_opts)
            if not (param.is_flag or param.count):
                valued.update(param.opts)
    return names, valued


def _root_end(root, args: list[str]) -> int:
    """Where the root's own options end and the command begins."""
    _, valued = _option_names(root)
    at = 0
    while at < len(args) and args[at].startswith("-") and args[at] not in ("-", "--"):
        at += 2 if args[at] in valued else 1
    return min(at, len(args))


def _hoist_global_options(root, args: list[str]) -> list[str]:
    """Move `-q`, `--db` and `--lang` typed after the subcommand to before it, where the root parses them; a
    subcommand's own option of the same name (`export --lang`) stays with it."""
    _, root_valued = _option_names(root)
    start = _root_end(root, args)
    command, kept, moved, at = root, [], [], start
    names, valued = _option_names(root)
    while at < len(args):
        token = args[at]
        if token == "--":
            kept.extend(args[at:])
            break
        name = token.split("=", 1)[0] if token.startswith("--") else token
        if name in GLOBAL_OPTIONS and name not in names:
            take = 2 if name in root_valued and "=" not in token else 1
            moved.extend(args[at:at + take])
        elif isinstance(command, TyperGroup) and token in command.commands:
            command = command.commands[token]
            names, valued = _option_names(command)
            take = 1
            kept.append(token)
        else:
            take = 2 if name in valued and "=" not in token else 1
            kept.extend(args[at:at + take])
        at += take
    return args[:start] + moved + kept


def _root_lang(root, args: list[str]) -> str | None:
    """The value of the root's `--lang`, read before parsing so that even `--help` is in that language."""
    end = _root_end(root, args)
    for at, token in enumerate(args[:end]):
        if token.startswith("--lang="):
            return token[len("--lang="):]
        if token == "--lang" and at + 1 < len(args):
            return args[at + 1]
    return None


def _command_path(root, args: list[str]) -> str:
    """`jpledger staff update` for the arguments as typed: the command a hint should send the person to."""
    args = _hoist_global_options(root, args)
    path, command = [root.name or "jpledger"], root
    for token in args[_root_end(root, args):]:
        if not isinstance(command, TyperGroup) or token not in command.commands:
            break
        command = command.commands[token]
        path.append(token)
    return " ".join(path)


# --- usage errors: one line and one hint, in the interface language -----------------------------------------

# Click raises these as a bare UsageError whose only content is its English sentence: Typer 0.29's exact words,
# read back here (tests/test_i18n.py runs each through the command line, so a Typer that words them otherwise fails).
_NO_SUCH_COMMAND = re.compile(r"No such command (?P<name>'.*?'|\".*?\")\.(?: Did you mean (?P<near>.+)\?)?")
_EXTRA_ARGUMENTS = re.compile(r"Got unexpected extra argument\(s\) \((?P<arguments>.*)\)")
_TAKES_NO_VALUE = re.compile(r"Option .* does not take a value\.")


def _usage_failed(exc: ClickUsageError, command: str):
    """Word one of Click's usage errors ourselves (its own are English and four lines) and exit 2."""
    error, hint = _usage_error(exc)
    print_error(error)
    typer.echo(gettext("hint: {hint}").format(hint=gettext(hint).format(command=command)), err=True)
    raise typer.Exit(UsageError.exit_code) from None


def _usage_error(exc: ClickUsageError) -> tuple[UsageError, str]:
    """The code and parameters of a Click usage error, and which hint helps."""
    if isinstance(exc, NoSuchOption):
        if exc.possibilities:
            near = ", ".join(sorted(exc.possibilities))
            return UsageError("NO_SUCH_OPTION_NEAR", option=exc.option_name, near=near), HINT_OPTIONS
        return UsageError("NO_SUCH_OPTION", option=exc.option_name), HINT_OPTIONS
    if isinstance(exc, BadOptionUsage):
        code = "OPTION_TAKES_NO_VALUE" if _TAKES_NO_VALUE.fullmatch(exc.message) else "OPTION_NEEDS_VALUE"
        return UsageError(code, option=exc.option_name), HINT_OPTIONS
    if isinstance(exc, MissingParameter) and exc.param is not None:
        if exc.param.param_type_name == "argument":
            return UsageError("MISSING_ARGUMENT", argument=_param_name(exc.param)), HINT_ARGUMENTS
        return UsageError("MISSING_OPTION", option=_param_name(exc.param)), HINT_OPTIONS
    if isinstance(exc, BadParameter) and exc.param is not None:
        hint = HINT_ARGUMENTS if exc.param.param_type_name == "argument" else HINT_OPTIONS
        return _bad_value(exc), hint
    said = exc.message
    if said.rstrip(".") == "Missing command":
        return UsageError("MISSING_COMMAND"), HINT_COMMANDS
    if found := _NO_SUCH_COMMAND.fullmatch(said):
        name = found["name"][1:-1]
        if found["near"]:
            near = ", ".join(part.strip().strip("'\"") for part in found["near"].split(","))
            return UsageError("NO_SUCH_COMMAND_NEAR", command=name, near=near), HINT_COMMANDS
        return UsageError("NO_SUCH_COMMAND", command=name), HINT_COMMANDS
    if found := _EXTRA_ARGUMENTS.fullmatch(said):
        return UsageError("EXTRA_ARGUMENTS", arguments=found["arguments"]), HINT_ARGUMENTS
    return UsageError("USAGE", problem=said[:1].lower() + said[1:].rstrip(".")), HINT_ARGUMENTS


def _param_name(param) -> str:
    if param.param_type_name == "argument":
        return param.display_name_raw.upper()
    return max(param.opts, key=len)


def _bad_value(exc: BadParameter) -> UsageError:
    """A value the parameter's type refused, from the validation error Typer raised it from."""
    option = _param_name(exc.param)
    errors = exc.__cause__.errors() if hasattr(exc.__cause__, "errors") else []
    first = errors[0] if errors else {}
    kind, value, limits = first.get("type", ""), first.get("input"), first.get("ctx") or {}
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return UsageError("NOT_A_WHOLE_NUMBER", option=option, value=value)
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type"):
        return UsageError("NOT_A_NUMBER", option=option, value=value)
    if kind in ("greater_than_equal", "greater_than"):
        return UsageError("TOO_SMALL", option=option, value=value, least=limits.get("ge", limits.get("gt")))
    if kind in ("less_than_equal", "less_than"):
        return UsageError("TOO_LARGE", option=option, value=value, most=limits.get("le", limits.get("lt")))
    described = getattr(exc.param, "type_descriptor", None)
    if described is not None and described.is_choice and described.choices:
        choices = ", ".join(str(getattr(choice, "value", choice)) for choice in described.choices)
        return UsageError("NOT_A_CHOICE", option=option, value=value, choices=choices)
    return UsageError("OPTION_INVALID", option=option, problem=exc.message)


def _refuse_unstorable(args: list[str]) -> None:
    """Bytes that are not UTF-8 reach Python as lone surrogates; the ledger cannot store them, so say so now."""
    for position, arg in enumerate(args, 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            raise UsageError("ARGUMENT_NOT_TEXT", position=position) from None
        if "\0" in arg:
            raise UsageError("ARGUMENT_HAS_NUL", position=position)


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
    for line in problems:
        typer.echo(line, err=True)
    worded = str(exc)
    if worded and worded not in problems:
        say_error(worded)


def say_error(worded: str) -> None:
    typer.echo(gettext("error: {message}").format(message=worded), err=True)


ROOT_HELP = N_("A ledger of ASN competency-development hours (JP): staff, magang, coaching, mentoring and "
               "training, each person's credited JP for the year, and the year-end audit.\n\n"
               "Example: jpledger init && jpledger audit --year 2026")


@dataclass
class State:
    """One invocation's global options, on the root context."""

    db: str | None = None
    quiet: bool = False
    command: str | None = None  # the command line as typed, for the trail


# Set by the root callback for each invocation: with -q/--quiet, tables lose their titles, rules and bars
# (cli/render.py reads it).
OUTPUT = {"quiet": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"jpledger {__version__}")
        raise typer.Exit()


def main_options(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option("--db", help=N_("Ledger file or SQLAlchemy URL "
                                                           "(default: $JPLEDGER_DB, else ./jpledger.db)."))] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=N_("No progress, no decoration."))] = False,
    lang: Annotated[str | None, typer.Option("--lang", metavar="id|en", show_default=False,
                                             help=N_("Language of what you read: id (Bahasa Indonesia) or en "
                                                     "(English) (default: $JPLEDGER_LANG, else the locale)."))] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help=N_("Print the version and exit."))] = False,
) -> None:
    del lang  # settled before parsing (LedgerGroup.make_context), so that help is in that language too
    OUTPUT["quiet"] = quiet
    ctx.obj = State(db=db, quiet=quiet, command=command_line(ctx.meta.get(ARGV_KEY, [])))


def _root(cls: type) -> typer.Typer:
    root = typer.Typer(
        name="jpledger",
        cls=cls,
        help=ROOT_HELP,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    root.callback()(main_options)
    return root


# --- the command tree: each command built from its module only when it is run or its own help is asked for ----

class _Commands(Mapping):
    """A group's commands by name, in the order help lists them, each imported and built the first time it is
    looked up; names and help texts come from the index (cli/tree.py), so listing them imports nothing."""

    def __init__(self, entries: dict):
        self._entries = entries
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str):
        if name not in self._built:
            self._built[name] = _build(name, self._entries[name])
        return self._built[name]

    def __iter__(self):
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, name: object) -> bool:
        return name in self._entries

    def help_of(self, name: str) -> str:
        entry = self._entries[name]
        return entry[0] if isinstance(entry[-1], dict) else entry[-1]


def _build(name: str, entry: tuple):
    """One command or group of the index, as Typer would build it from its declaration."""
    import importlib

    import typer.main
    from typer.models import CommandInfo

    if isinstance(entry[-1], dict):  # a group: (help, {subcommand: entry})
        return HelpGroup(name=name, commands=_Commands(entry[1]), help=entry[0], no_args_is_help=True,
                         rich_markup_mode=None)
    module, function, help_text = entry
    callback = getattr(importlib.import_module(module), function)
    return typer.main.get_command_from_info(CommandInfo(name=name, cls=LedgerCommand, callback=callback,
                                                        help=help_text),
                                            pretty_exceptions_short=app.pretty_exceptions_short,
                                            rich_markup_mode=None)


class _IndexedLedgerGroup(LedgerGroup):
    """The root as jpledger runs it: its commands come from the index, each built when it is needed."""

    def __init__(self, *args, **kwargs):
        from jpledger.cli.tree import TREE

        super().__init__(*args, **kwargs)
        self.commands = _Commands(TREE)


app = _root(_IndexedLedgerGroup)


def declared_app() -> typer.Typer:
    """The whole tree built at once from every command module, as declared there: what the index is written from
    (`python -m jpledger.cli.helptext`) and checked against, and where the catalog finds every help text."""
    from jpledger.cli import (
        activity,
        admin,
        exports,
        imports,
        journal,
        officers,
        policy,
        record,
        remind,
        report,
        staff,
        units,
    )

    declared = _root(LedgerGroup)
    admin.register_init(declared)
    declared.add_typer(staff.app, name="staff", help=N_("Register people and change their records."))
    declared.add_typer(record.app, name="record", help=N_("Record magang, coaching, mentoring and every other kind."))
    declared.add_typer(activity.app, name="activity", help=N_("List, show and void recorded activities."))
    report.register(declared)
    remind.register(declared)
    journal.register(declared)
    imports.register(declared)
    exports.register(declared)
    declared.add_typer(policy.app, name="policy", help=N_("The JP conversion policy: show, check, use."))
    declared.add_typer(units.app, name="unit", help=N_("Units (unit kerja) as a tree: add, update, list."))
    declared.add_typer(officers.app, name="officer", help=N_("PostgreSQL officers kept to their own units: add, "
                                                             "list, remove."))
    admin.register(declared)
    _translate_help_everywhere(declared)
    return declared


def _translate_help_everywhere(typer_app: typer.Typer) -> None:
    """Make every command and group of the tree ours (Typer's `cls`), so that all help is in the person's language.

    Commands are declared in their own modules without a `cls`; setting it here, before Typer builds the tree,
    keeps those modules free of this concern.
    """
    for command in typer_app.registered_commands:
        if command.cls in (None, TyperCommand):  # Typer's own default, set by `@app.command()`
            command.cls = LedgerCommand
    for group in typer_app.registered_groups:
        group.cls = HelpGroup
        _translate_help_everywhere(group.typer_instance)


def pipe_closed():
    """The reader of stdout went away (`jpledger totals ... | head`): end quietly with the status a shell gives a
    process ended by SIGPIPE, whichever command was writing.

    What is still buffered for stdout would fail again as Python exits and print its own complaint, so stdout
    goes to the null device first.
    """
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError):  # no file descriptor (output captured in-process): nothing is left to fail
        pass
    raise typer.Exit(PIPE_CLOSED)


def main() -> None:
    """Run the command line and exit with its status, as any Python program ends (tests call this)."""
    try:
        status = app(prog_name="jpledger", standalone_mode=True) or 0
    except SystemExit as exc:
        status = exc.code
    try:
        # Output shorter than the buffer is written only now: a reader gone by then is a closed pipe too.
        sys.stdout.flush()
    except BrokenPipeError:
        try:
            pipe_closed()
        except typer.Exit as closed:
            status = closed.exit_code
    sys.exit(status)


def run() -> None:
    """Entry point of the `jpledger` script and of `python -m jpledger`: `main()`, then out at once.

    By the time a command returns, everything it does is done: its transaction committed, its files written and
    closed, its reader thread stopped, its SQLite connections closed; a server's pooled connection is closed here,
    and the output flushed. What Python would do next on its way out is take every module and object apart one by
    one, which nobody waits for with any use: 30 ms of a report or of `staff show`, 0.13 s after importing a 10k
    roster and 0.25 s after a national one. The usual way out stays for a status Python would print (text rather
    than a number), for a standard stream that cannot be flushed, and under a profiler or a coverage tool, which
    write what they measured as Python ends.
    """
    try:
        main()
    except SystemExit as done:
        status = done.code
        if (status is not None and not isinstance(status, int)) or sys.gettrace() or sys.getprofile():
            raise
        servers = sys.modules.get("jpledger.store.engine")  # loaded by the commands that went through SQLAlchemy
        try:
            if servers is not None:
                servers.close_servers()
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:  # closed by the caller (`2>&-`): Python has none to flush
                    stream.flush()
        except Exception:
            raise done from None  # Python's own ending says what it can, as it always did
        os._exit(status or 0)
