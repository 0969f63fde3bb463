"""`jpledger unit`: units (unit kerja) as a tree: add, rename or move, list with their levels."""


from typing import Annotated

import typer

from jpledger.cli.common import FormatOption, created_note, runtime, say
from jpledger.cli.render import Col, Output, OutputFormat, View, emit
from jpledger.errors import UsageError
from jpledger.i18n import N_, _

app = typer.Typer(no_args_is_help=True)

CodeArg = Annotated[str, typer.Argument(help=N_("The unit's code, e.g. 3201 or DISDIK."), show_default=False)]
NameOpt = Annotated[str | None, typer.Option("--name", "-n", help=N_("The unit's name, as reports show it."))]
ParentOpt = Annotated[str | None, typer.Option("--parent", "-p", help=N_("The unit it belongs to (code or name); "
                                                                        "none: a top-level unit."))]
COLUMNS = [Col("code", N_("Code"), "code"), Col("shown", N_("Name"), "long"), Col("parent", N_("Parent"), "code"),
           Col("level", N_("Level"), "int")]


def _text(value: str, code: str) -> str:
    cleaned = " ".join(value.split())
    if not cleaned:
        raise UsageError(code)
    return cleaned


@app.command("add")
def add(ctx: typer.Context, code: CodeArg, name: NameOpt = None, parent: ParentOpt = None) -> None:
    """Add a unit, at the top or below another (province -> OPD -> bidang).

    On PostgreSQL only admins add units (the database refuses anyone else).

    Example: jpledger unit add DISDIK --name "Dinas Pendidikan" --parent PROV
    """
    from jpledger.app import units

    code = _text(code, "UNIT_CODE_EMPTY")
    if name is None:
        raise UsageError("UNIT_NAME_REQUIRED", code=code)
    rt = runtime(ctx)
    unit = units.add(rt, code, _text(name, "UNIT_NAME_EMPTY"),
                     _text(parent, "UNIT_PARENT_EMPTY") if parent is not None else None)
    created_note(ctx, rt)
    if unit["parent"]:
        say(ctx, "UNIT_ADDED_BELOW", code=unit["code"], name=unit["name"], parent=unit["parent"])
    else:
        say(ctx, "UNIT_ADDED", code=unit["code"], name=unit["name"])


@app.command("update")
def update(ctx: typer.Context, code: CodeArg, name: NameOpt = None,
           parent: Annotated[str | None, typer.Option("--parent", "-p", help=N_(
               "Move it below this unit (code or name); \"\" moves it to the top level."))] = None) -> None:
    """Rename a unit or move it below another; people keep their unit, reports show its new name.

    A unit cannot move below itself or a unit below it. On PostgreSQL only admins change units.

    Example: jpledger unit update DISDIK --name "Dinas Pendidikan dan Kebudayaan"
    """
    from jpledger.app import units

    if name is None and parent is None:
        raise UsageError("UNIT_NOTHING_TO_CHANGE")
    to_top = parent is not None and not parent.strip()
    before, after = units.update(runtime(ctx), code, name=_text(name, "UNIT_NAME_EMPTY") if name is not None
                                 else None, parent=None if to_top or parent is None else parent.strip(),
                                 to_top=to_top)
    if before == after:
        say(ctx, "UNIT_UNCHANGED", code=after["code"])
        return
    changes = ", ".join(f"{_(field)} {before[field] or '-'} -> {after[field] or '-'}"
                        for field in (N_("name"), N_("parent")) if before[field] != after[field])
    say(ctx, "UNIT_UPDATED", code=after["code"], changes=changes)


@app.command("list")
def list_(ctx: typer.Context, fmt: FormatOption = OutputFormat.table) -> None:
    """List the units as a tree: each with its parent and level (1 at the top).

    Example: jpledger unit list --format json
    """
    from jpledger.app import units

    rows = units.listing(runtime(ctx))
    records = [{"code": u["code"], "name": u["name"], "parent": u["parent"], "level": u["level"]} for u in rows]
    shown = [r | {"shown": "  " * (r["level"] - 1) + r["name"]} for r in records]
    emit(Output(records=records, views=[View(COLUMNS, shown, _("Units"))]), fmt)
