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
from typing import Any, Callable, Iterable, Iterator

from jpledger.cli import OUTPUT as _output
from jpledger.i18n import N_


class OutputFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


@dataclass(frozen=True)
class Col:
    """A table column: the record key it shows, its English heading (translated when shown) and its kind.

    Kinds: text (shortened with … when the terminal is narrow), long (wraps, or goes under its row when narrow),
    nip, date, jp (two decimals), int, rate (a fraction shown as a percentage), state (met/short/over/ok,
    translated), flag (a yes/no), label (an English text of ours, translated), code (a stable code, never cut),
    markup (rich markup, never cut), bar (a fraction drawn as a bar, as wide as there is room for, or none).
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
    # Said after the title when there are no rows (None: say nothing); marked for the catalog, worded when shown.
    empty: str | None = N_("nothing to show")
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


def quiet() -> bool:
    """With -q/--quiet, tables lose their titles, rules and bars (set by the root callback for each invocation, in
    the package, so that the callback need not import this module)."""
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
    Python, several times slower on a hundred thousand people). A list may come as any iterable (a generator):
    each record is written as it comes, so a national list is never held whole, as records or as text.
    A document's value may come as a function, for what is known only once its streamed list has been read (an
    audit's per-unit rows come before its people): that list is then written first to a spool (a file once it
    grows) and copied out in its place.
    """
    write = sys.stdout.write

    def block(items: Iterable, indent: str, write: Callable[[str], Any] = write) -> None:
        inner, lines, opened = indent + "  ", [], False
        for item in items:
            lines.append(inner + _dump(item))
            if len(lines) == 1000:  # a write per thousand records: few calls, little text held at once
                write((",\n" if opened else "[\n") + ",\n".join(lines))
                lines, opened = [], True
        if lines:
            write((",\n" if opened else "[\n") + ",\n".join(lines))
            opened = True
        write("\n" + indent + "]" if opened else "[]")

    def listed(value: Any) -> bool:
        return isinstance(value, (list, Iterator))

    if listed(data):
        block(data, "")
    elif isinstance(data, dict):
        spooled = {}
        if any(callable(value) for value in data.values()):
            import tempfile

            for key, value in data.items():
                if isinstance(value, Iterator):
                    spooled[key] = spool = tempfile.SpooledTemporaryFile(1 << 22, "w+", encoding="utf-8")
                    block(value, "  ", spool.write)
        for n, (key, value) in enumerate(data.items()):
            write(("{\n" if n == 0 else ",\n") + f"  {_dump(key)}: ")
            if key in spooled:
                import shutil

                with spooled[key] as spool:
                    spool.seek(0)
                    shutil.copyfileobj(spool, sys.stdout, 1 << 20)
                continue
            if callable(value):
                value = value()
            if listed(value):
                block(value, "  ")
            else:
                write(_dump(value))
        write("\n}" if data else "{\n\n}")
    else:
        write(_dump(data))
    write("\n")


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


# Narrowest a column of names or titles is made before it moves under its row (a message column: _LONG_UNDER).
_TEXT_MIN = 8
_TEXT_READS = 16
_LONG_UNDER = 40
_BAR = 20
_UNDER_INDENT = "    "


def _sized(view: View, rendered: list[list[str]], keep: list[int], room: int) -> tuple[dict[int, int], list[int]]:
    """Each column's width so the table fits `room`, and the text columns moved under their rows.

    Numbers, NIPs, dates, codes and states keep their full width; a heading wraps at its spaces before it widens a
    column. When the terminal is narrow a bar shortens first, then names and titles (shortened with …); a message
    narrower than _LONG_UNDER, and then texts from the right, go on a line of their own under each row. Only when the
    numbers alone are wider than the terminal does the table keep its width and the terminal wrap its lines:
    cutting a number would be worse.
    """
    from jpledger.i18n import gettext

    natural, least, fixed = {}, {}, set()
    for i in keep:
        column = view.columns[i]
        heading = gettext(column.heading) if column.heading else ""
        measure = _markup_width if column.kind == "markup" else len
        values = [measure(r[i]) for r in rendered]
        word = max((len(w) for w in heading.split()), default=0)
        if column.kind == "bar":
            natural[i], least[i] = _BAR, 0
        elif column.kind in _FIXED:
            natural[i] = least[i] = max([word, 1] + values)
            fixed.add(i)
        else:
            natural[i] = max([len(heading), 1] + values)
            least[i] = min(natural[i], max(word, _LONG_UNDER if column.kind == "long" else _TEXT_MIN))

    def spread(columns: list[int]) -> dict[int, int] | None:
        free = room - _overhead(len(columns))
        widths = {i: natural[i] for i in columns}
        over = sum(widths.values()) - free
        # A bar first gives up half its width, then text down to a width that still reads, then the rest of the
        # bar, then text down to its least; each column in proportion to what it would give up.
        bars = [i for i in columns if view.columns[i].kind == "bar"]
        text = [i for i in columns if i not in fixed and i not in bars]
        readable = {i: max(least[i], min(natural[i], _TEXT_READS)) for i in text}
        for group, floor in ((bars, {i: _BAR // 2 for i in bars}), (text, readable), (bars, {i: 0 for i in bars}),
                             (text, least)):
            if over <= 0:
                break
            slack = {i: widths[i] - floor[i] for i in group}
            slack = {i: spare for i, spare in slack.items() if spare > 0}
            total = sum(slack.values())
            if not total:
                continue
            take = min(over, total)
            for i, spare in slack.items():
                widths[i] -= min(-(-take * spare // total), spare)  # rounded up, so that the table fits
            over = sum(widths.values()) - free
        if over > 0:
            return None
        # A bar too short to show a difference is no bar at all.
        return {i: w for i, w in widths.items() if view.columns[i].kind != "bar" or w >= 5}

    columns = list(keep)
    # A message first, then from the right: a table's first columns say whom or what a row is about.
    movable = sorted((i for i in keep if i not in fixed and view.columns[i].kind != "bar"),
                     key=lambda i: (view.columns[i].kind != "long", -i))
    under: list[int] = []
    widths = spread(columns)
    while widths is None and movable:
        moved = movable.pop(0)
        under.append(moved)
        columns.remove(moved)
        widths = spread(columns)
    if widths is None:
        widths = {i: least[i] for i in columns if view.columns[i].kind != "bar"}
    return widths, sorted(under)


_OVERHEAD: dict[tuple[int, bool], int] = {}  # (columns, quiet) -> width of frame and padding


def _new_table(header: bool = True):
    from rich import box
    from rich.table import Table

    plain = quiet()
    return Table(box=None if plain or not header else box.SIMPLE_HEAD, show_header=header, show_edge=False,
                 pad_edge=False, collapse_padding=True)


def _overhead(columns: int) -> int:
    """What the table's frame and padding take besides its columns' own widths."""
    key = (columns, quiet())
    if key not in _OVERHEAD:
        from rich.console import Console

        probe = _new_table()
        for _ in range(columns):
            probe.add_column("", width=1, no_wrap=True)
        probe.add_row(*["x"] * columns)
        out = Console(width=1000, highlight=False, color_system=None, force_terminal=False)
        with out.capture() as captured:
            out.print(probe)
        _OVERHEAD[key] = max(len(line.rstrip()) for line in captured.get().splitlines()) - columns
    return _OVERHEAD[key]


def _bar(rate: float, width: int) -> str:
    filled = round(rate * width)
    style = "green" if rate >= 1 else ("yellow" if rate >= 0.8 else "red")
    return f"[{style}]{'█' * filled}{'░' * (width - filled)}[/]"


def table(view: View, out=None) -> list[str]:
    """The view's table as lines fitted to the console's width (see `_sized`); empty when it has no rows."""
    from rich.text import Text

    from jpledger.i18n import gettext

    if not view.rows:
        return []
    out = out or console()
    room = out.width
    plain = quiet()
    rendered = [[cell(row.get(c.key), c.kind) for c in view.columns] for row in view.rows]
    # Columns empty in every row only take width from those that have something to say.
    keep = [i for i, c in enumerate(view.columns) if any(r[i] for r in rendered)] or list(range(len(view.columns)))
    if plain:  # a bar is decoration
        keep = [i for i in keep if view.columns[i].kind != "bar"]
    widths, under = _sized(view, rendered, keep, room)
    result = _new_table(view.header)
    shown = [i for i in keep if i in widths]
    if not shown:  # everything went under: the first column stays to hold the rows
        shown, under = under[:1], under[1:]
        widths = {shown[0]: room - len(_UNDER_INDENT)}
    for i in shown:
        column = view.columns[i]
        heading = Text(gettext(column.heading) if column.heading else "", no_wrap=False, overflow="fold")
        result.add_column(heading, style=column.style, width=widths[i],
                          justify="right" if column.kind in ("jp", "int", "rate") else "left",
                          no_wrap=column.kind != "long", overflow="fold" if column.kind == "long" else "ellipsis")
    for row, cells in zip(view.rows, rendered):
        values = [_bar(row.get(view.columns[i].key) or 0, widths[i]) if view.columns[i].kind == "bar" else cells[i]
                  for i in shown]
        result.add_row(*values, style=view.row_style(row) if view.row_style else None)
    out.width = max(room, _overhead(len(shown)) + sum(widths[i] for i in shown))
    try:
        with out.capture() as captured:
            out.print(result)
    finally:
        out.width = room
    lines = [line.rstrip() for line in captured.get().rstrip("\n").splitlines()]
    if not under:
        return lines
    # What did not fit goes on lines of its own under each row (every row is one line here: nothing in the
    # table wraps), headed once under the table's heading.
    import textwrap

    def wrapped(text: str) -> list[str]:
        return textwrap.wrap(text, width=max(room - len(_UNDER_INDENT), 20), initial_indent=_UNDER_INDENT,
                             subsequent_indent=_UNDER_INDENT, break_on_hyphens=False)

    head, body = lines[:len(lines) - len(view.rows)], lines[len(lines) - len(view.rows):]
    headings = [gettext(view.columns[i].heading) for i in under if view.columns[i].heading]
    out_lines = head[:-1] + (wrapped(" · ".join(headings)) if headings and not plain else []) + head[-1:]
    for line, cells in zip(body, rendered):
        out_lines.append(line)
        out_lines += wrapped(" · ".join(cells[i] for i in under if cells[i]))
    return out_lines


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
        if view.title and not quiet():
            out.print(view.title + "\n")
        sys.stdout.write("".join(line + "\n" for line in table(view, out)) + "\n")
