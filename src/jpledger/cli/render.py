"""The one renderer: a command hands over its records (and, where the JSON is one object, that document) and the
tables a person reads; this module writes them as a table, JSON or CSV. A new output format touches only this file.

- JSON: the document, else the records; dates ISO, JP numbers with at most two decimals, one record per line.
- CSV: exactly the JSON records' keys and number forms, one header row; a nested object becomes one column per
  inner key (`by_kind.coaching`), lists stay JSON-only; text a spreadsheet would run (`=`, `+`, `-`, `@`, tab, CR)
  starts with `'`.
- Table: headings and states in the reader's language, numbers as that language writes them, fitted to the
  terminal: numbers, NIPs and dates are never cut; long text wraps or shortens with `…`.
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Callable, Iterable


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@dataclass(frozen=True)
class Col:
    """A table column: the record key it shows, its English heading (translated when shown) and its kind.

    Kinds: text (shortened with … when the terminal is narrow), long (wraps), nip, date, jp (two decimals), int,
    rate (a fraction shown as a percentage), state (met/short/over/ok, translated), flag (a yes/no), label (an
    English text of ours, translated), code (a stable code, never cut), markup (rich markup, never cut).
    """

    key: str
    heading: str
    kind: str = "text"
    style: str | None = None


@dataclass
class View:
    """One table a person reads: a title (dropped with --quiet), columns and rows (dicts keyed like the columns)."""

    columns: list[Col]
    rows: list[dict]
    title: str | None = None  # as the person reads it (already in their language)
    row_style: Callable[[dict], str | None] | None = None
    empty: str | None = "nothing to show"  # said after the title when there are no rows (None: say nothing)
    header: bool = True  # False for a list of fields and values, which needs no column headings


@dataclass
class Line:
    """A line of text under the tables (a total, a verdict), with an optional style for a part of it."""

    text: str
    styled: str = ""
    style: str | None = None
    quiet: bool = True  # still shown with --quiet


@dataclass
class Output:
    records: list[dict] = field(default_factory=list)
    document: Any = None
    views: list[View | Line] = field(default_factory=list)


# Set by the root callback for each invocation: with -q/--quiet, tables lose their titles, rules and bars.
_output = {"quiet": False}


def set_quiet(on: bool) -> None:
    _output["quiet"] = on


def quiet() -> bool:
    return _output["quiet"]


def emit(out: Output, fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        print_json(out.records if out.document is None else out.document)
    elif fmt is OutputFormat.csv:
        print_csv(out.records)
    else:
        print_views(out.views)


# --- JSON --------------------------------------------------------------------------------------------------------

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
    """A JP figure for JSON and CSV: a number with at most two decimals."""
    return None if value is None else float(Decimal(value).quantize(Decimal("0.01")))


_dump = json.JSONEncoder(ensure_ascii=False, default=_json_value).encode


def print_json(data: Any) -> None:
    """Write JSON a person can read and a national-size list cannot slow down.

    Records of a list go one per line: json's C encoder writes each (an indented dump falls back to pure
    Python, several times slower on a hundred thousand people).
    """
    def block(items: list, indent: str) -> str:
        if not items:
            return "[]"
        inner = indent + "  "
        return "[\n" + ",\n".join(inner + _dump(item) for item in items) + "\n" + indent + "]"

    if isinstance(data, list):
        text = block(data, "")
    elif isinstance(data, dict):
        text = "{\n" + ",\n".join(f"  {_dump(key)}: " + (block(value, "  ") if isinstance(value, list) else
                                                          _dump(value))
                                   for key, value in data.items()) + "\n}"
    else:
        text = _dump(data)
    sys.stdout.write(text + "\n")


# --- CSV ---------------------------------------------------------------------------------------------------------

_RUNNABLE = ("=", "+", "-", "@", "\t", "\r")


def flatten(record: dict) -> dict:
    """A JSON record as one CSV row: nested objects become `outer.inner` columns; lists are left to JSON."""
    out: dict = {}
    for key, value in record.items():
        if isinstance(value, dict):
            for inner, item in value.items():
                out[f"{key}.{inner}"] = item
        elif not isinstance(value, list):
            out[key] = value
    return out


def csv_cell(value: Any) -> str:
    """A value as the JSON writes it (numbers, true/false, ISO dates); text a spreadsheet would run is defused."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(_RUNNABLE) else value
    if isinstance(value, (bool, int, float, Decimal)):
        return _dump(value)
    if isinstance(value, (date, datetime)):
        return _json_value(value)
    return str(value)


def print_csv(records: Iterable[dict]) -> None:
    rows = [flatten(r) for r in records]
    keys: dict[str, None] = {}
    for row in rows:
        keys.update(dict.fromkeys(row))
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(list(keys))
    for row in rows:
        writer.writerow([csv_cell(row.get(key)) for key in keys])


# --- tables ------------------------------------------------------------------------------------------------------

STATE_STYLE = {"short": "red", "over": "yellow", "met": "green", "ok": "green"}
_FIXED = ("nip", "date", "jp", "int", "rate", "state", "flag", "code", "markup")


def state_label(state: str) -> str:
    from jpledger.i18n import N_, gettext

    labels = {"met": N_("met"), "short": N_("short"), "over": N_("over"), "ok": N_("ok")}
    return gettext(labels[state]) if state in labels else state


def cell(value: Any, kind: str = "text") -> str:
    """A value as a person reads it in a table, in the interface language."""
    from jpledger.i18n import gettext, number

    if value is None or value == "":
        return ""
    if kind == "state":
        return state_label(str(value))
    if kind == "label":
        return gettext(str(value))
    if kind == "flag" or isinstance(value, bool):
        return gettext("yes") if value else ""
    if kind == "rate":
        return number(Decimal(str(value)) * 100, 1) + "%"
    if isinstance(value, (Decimal, float)) or kind == "jp":
        return number(Decimal(str(value)), 2)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return " ".join(str(value).split()) if kind == "text" else str(value)


def console(stderr: bool = False):
    import os

    from rich.console import Console

    out = Console(stderr=stderr, highlight=False, soft_wrap=False)
    if not out.is_terminal and not os.environ.get("COLUMNS"):
        # In a pipe or a file nobody resizes the window: keep rows whole instead of wrapping at 80.
        out = Console(stderr=stderr, highlight=False, soft_wrap=False, width=200)
    return out


def _write(out, renderable) -> None:
    """Print without the padding rich adds at the end of every line."""
    with out.capture() as captured:
        out.print(renderable)
    sys.stdout.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))


def table(view: View):
    """A rich table of the view; None when it has no rows."""
    from rich import box
    from rich.table import Table

    from jpledger.i18n import gettext

    plain = quiet()
    rendered = [[cell(row.get(c.key), c.kind) for c in view.columns] for row in view.rows]
    # Columns empty in every row only take width from those that have something to say.
    keep = [i for i, c in enumerate(view.columns) if any(r[i] for r in rendered)] or list(range(len(view.columns)))
    result = Table(title=None if plain else view.title, show_header=view.header,
                   box=None if plain or not view.header else box.SIMPLE_HEAD, title_justify="left")
    for i in keep:
        column = view.columns[i]
        heading = gettext(column.heading) if column.heading else ""
        fixed = column.kind in _FIXED
        width = _markup_width if column.kind == "markup" else len
        widest = max([len(heading)] + [width(r[i]) for r in rendered]) if fixed else None
        result.add_column(heading, style=column.style,
                          justify="right" if column.kind in ("jp", "int", "rate") else "left",
                          no_wrap=column.kind != "long", min_width=widest,
                          overflow="fold" if column.kind == "long" else "ellipsis",
                          ratio=2 if column.kind == "long" else (None if fixed else 1))
    for row, cells in zip(view.rows, rendered):
        result.add_row(*[cells[i] for i in keep], style=view.row_style(row) if view.row_style else None)
    return result


def _markup_width(text: str) -> int:
    from rich.text import Text

    return Text.from_markup(text).cell_len


def print_views(views: Iterable[View | Line]) -> None:
    from jpledger.i18n import gettext

    out = console()
    for view in views:
        if isinstance(view, Line):
            if quiet() and not view.quiet:
                continue
            out.print(view.text, end="" if view.styled else "\n", style=None if view.styled else view.style)
            if view.styled:
                out.print(view.styled, style=view.style)
            continue
        if not view.rows:
            if view.empty and not quiet():
                said = gettext(view.empty)
                out.print(f"{view.title}: {said}" if view.title else said)
            continue
        _write(out, table(view))
