"""What every command shares: global state, opening the ledger, argument parsing and output rendering."""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Annotated, Any

import typer

from jpledger.errors import UsageError


@dataclass
class State:
    db: str | None = None
    quiet: bool = False
    command: str | None = None  # the command line as typed, for the trail


def state(ctx: typer.Context) -> State:
    root = ctx.find_root()
    if not isinstance(root.obj, State):
        root.obj = State()
    return root.obj


def note(ctx: typer.Context, message: str) -> None:
    """A message for the person (stderr), silenced by --quiet."""
    if not state(ctx).quiet:
        typer.echo(message, err=True)


def open_for_read(ctx: typer.Context):
    from jpledger.store.db import open_ledger

    return open_ledger(state(ctx).db, create=False, command=state(ctx).command)


def open_for_check(ctx: typer.Context):
    """Open without upgrading or refusing the schema, so that `check` can report on it instead."""
    from jpledger.store.db import open_ledger

    return open_ledger(state(ctx).db, create=False, command=state(ctx).command, prepare=False)


def open_for_write(ctx: typer.Context):
    from jpledger.store.db import open_ledger

    ledger = open_ledger(state(ctx).db, create=True, command=state(ctx).command)
    if ledger.created:
        note(ctx, f"created a new ledger at {ledger.display}")
    return ledger


# --- options shared by many commands ---------------------------------------------------------------

class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


FormatOption = Annotated[OutputFormat, typer.Option("--format", "-f", help="Output: table, json or csv.")]
YearOption = Annotated[int, typer.Option("--year", "-y", help="Calendar year, e.g. 2026.", min=1900, max=2999)]
UnitOption = Annotated[str | None, typer.Option("--unit", "-u", help="Only this unit (unit kerja).")]
IntlOption = Annotated[bool, typer.Option("--international", help="Abroad / international scope.")]
RefOption = Annotated[str | None, typer.Option("--ref", help="Certificate number or evidence reference.")]


def parse_date(value: str | None, option: str) -> date | None:
    from jpledger.core.dates import DateError, parse_date as parse

    if value is None:
        return None
    try:
        return parse(value)
    except DateError as exc:
        raise UsageError(f"{option}: {exc}") from None


def parse_nip(value: str, option: str = "NIP", status: str | None = None) -> str:
    from jpledger.core.nip import NipError, validate_nip

    try:
        return validate_nip(value, status)
    except NipError as exc:
        # The NIP message already says "NIP ...": only name the option when it is not the NIP argument.
        raise UsageError(str(exc) if option == "NIP" else f"{option}: {exc}") from None


def required_reason(value: str, why: str) -> str:
    """A --reason that says something: it goes into the trail beside the change."""
    if not value.strip():
        raise UsageError(f"--reason: say why {why}")
    return value.strip()


def parse_status(value: str | None) -> str | None:
    if value is None:
        return None
    status = value.strip().upper()
    if status not in ("PNS", "CPNS", "PPPK"):
        raise UsageError(f"--status: '{value}' is not a status; use PNS, CPNS or PPPK")
    return status


# --- rendering -------------------------------------------------------------------------------------

def _json_value(value: Any) -> Any:
    """What json cannot write itself: ISO dates, JP (Decimal) as numbers with at most two decimals."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() and abs(value) < 10**15 else float(value)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


def jp_number(value: Decimal | None) -> float | None:
    return None if value is None else float(Decimal(value).quantize(Decimal("0.01")))


def print_json(data: Any) -> None:
    """Write JSON a person can read and a national-size list cannot slow down.

    Records of a list go one per line: json's C encoder writes each (an indented dump falls back to pure
    Python, several times slower on a hundred thousand people).
    """
    dump = json.JSONEncoder(ensure_ascii=False, default=_json_value).encode

    def block(items: list, indent: str) -> str:
        if not items:
            return "[]"
        inner = indent + "  "
        return "[\n" + ",\n".join(inner + dump(item) for item in items) + "\n" + indent + "]"

    if isinstance(data, list):
        text = block(data, "")
    elif isinstance(data, dict):
        text = "{\n" + ",\n".join(f"  {dump(key)}: " + (block(value, "  ") if isinstance(value, list) else dump(value))
                                   for key, value in data.items()) + "\n}"
    else:
        text = dump(data)
    sys.stdout.write(text + "\n")


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


# Set by the root callback for each invocation: with -q/--quiet, tables lose their titles, rules and bars.
_output = {"quiet": False}


def set_quiet(on: bool) -> None:
    _output["quiet"] = on


def quiet() -> bool:
    return _output["quiet"]


def print_table(out, table) -> None:
    """Print a rich table without the padding rich adds at the end of every line."""
    with out.capture() as captured:
        out.print(table)
    sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def console(stderr: bool = False):
    import os

    from rich.console import Console

    out = Console(stderr=stderr, highlight=False, soft_wrap=False)
    if not out.is_terminal and not os.environ.get("COLUMNS"):
        # In a pipe or a file nobody resizes the window: keep rows whole instead of wrapping at 80.
        out = Console(stderr=stderr, highlight=False, soft_wrap=False, width=200)
    return out


def render(rows: list[dict], columns: list[tuple[str, str]], fmt: OutputFormat, *, title: str | None = None,
           json_data: Any = None, styles: dict[str, str] | None = None, row_style=None) -> None:
    """Print rows as a table, JSON or CSV; `columns` is [(key, heading)]; JSON prints `json_data` or the rows."""
    if fmt is OutputFormat.json:
        print_json(rows if json_data is None else json_data)
        return
    if fmt is OutputFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([key for key, _ in columns])
        for row in rows:
            writer.writerow([cell(row.get(key)) for key, _ in columns])
        return
    from rich import box
    from rich.table import Table

    table = Table(title=None if quiet() else title, box=None if quiet() else box.SIMPLE_HEAD, title_justify="left")
    # Columns empty in every row only take width from those that have something to say.
    columns = [(k, h) for k, h in columns if any(cell(row.get(k)) for row in rows)] or columns
    for key, heading in columns:
        numeric = key in ("jp", "id", "withheld", "needed", "min_jp", "max_jp", "added", "total", "running")
        table.add_column(heading, justify="right" if numeric else "left",
                         no_wrap=key in ("nip", "supervisor", "id", "start", "end", "date", "at", "jp"),
                         min_width=18 if key in ("nip", "supervisor") else None,
                         style=(styles or {}).get(key))
    for row in rows:
        table.add_row(*[cell(row.get(key)) for key, _ in columns], style=row_style(row) if row_style else None)
    out = console()
    if not rows:
        if not quiet():
            out.print(f"{title + ': ' if title else ''}nothing to show")
        return
    print_table(out, table)
