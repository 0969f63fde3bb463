"""Import profiles: a YAML file that maps a roster layout the header aliases do not know onto jpledger's fields."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from jpledger.core.problems import Problems as _Problems
from jpledger.errors import InputRejected, UsageError
from jpledger.sheets.columns import ACTIVITY_COLUMNS, STAFF_COLUMNS, header_key

STAFF_FIELDS = tuple(c.field for c in STAFF_COLUMNS)
ACTIVITY_FIELDS = tuple(c.field for c in ACTIVITY_COLUMNS)
IGNORE = "ignore"
KINDS = ("staff", "activities")
DATE_ORDERS = ("dmy", "mdy", "ymd")
TOP_KEYS = ("sheet", "header_row", "kind", "date_order", "columns", "values", "fixed", "ignore_unused")
QUANTITIES = ("jp", "minutes", "days", "sessions", "semesters")
MAX_HEADER_ROW = 1000

EXAMPLE = """\
sheet: Riwayat Kursus      # only this sheet (optional)
header_row: 3              # the header's row number (optional; found by itself otherwise)
kind: activities           # staff | activities (optional)
date_order: dmy            # dmy (default) | mdy | ymd, for dates written as numbers in text
columns:                   # header text -> field (or `ignore`)
  Jenis Diklat: kind
values:                    # field -> {text in the sheet: what it means}
  kind: {Diklat Teknis: B3}
fixed:                     # field -> value for rows that leave it empty
  organizer: LAN RI
ignore_unused: [jp]        # quantity columns to pass over for kinds not counted in them
"""


@dataclass(frozen=True)
class Profile:
    """One layout: where its header is, what its columns mean, how its values read."""

    source: str = ""
    sheet: str | None = None
    header_row: int | None = None  # 1-based
    kind: str | None = None
    date_order: str = "dmy"
    columns: dict[str, str] = field(default_factory=dict)  # header_key(text) -> field or IGNORE
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> {value_key(text): text}
    fixed: dict[str, object] = field(default_factory=dict)
    # Quantity columns a layout fills for every kind (SIASN's hours): read only for kinds counted in them.
    ignore_unused: frozenset[str] = frozenset()


DEFAULT = Profile()


def value_key(value: object) -> str:
    """How a cell's text is matched against a profile's `values`: case and spacing do not matter."""
    return " ".join(str(value).split()).casefold()


def load_profile(path: str) -> Profile:
    """Read and check a profile file; every problem is listed, each with its line and key (exit 3)."""
    file = Path(path)
    if not file.is_file():
        raise UsageError(f"--profile: {path} {'is a folder' if file.is_dir() else 'not found'}")
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _rejected([f"{path}: not UTF-8 text; save the profile as UTF-8"]) from None
    except OSError as exc:
        raise UsageError(f"--profile: cannot read {path} ({exc.strerror or exc})") from None
    return parse_profile(text, str(path))


def parse_profile(text: str, source: str) -> Profile:
    problems = _Problems(source)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f" line {mark.line + 1}" if mark is not None else ""
        raise _rejected([f"{source}{line}: not valid YAML: {exc.problem or exc.context}"]) from None
    except yaml.YAMLError as exc:
        raise _rejected([f"{source}: not valid YAML: {exc}"]) from None
    if root is None:
        raise _rejected([f"{source}: the profile is empty; it looks like this:\n{EXAMPLE}"])
    top = _mapping(root, "", problems)
    if top is None:
        raise _rejected(problems.items)
    for key, (key_node, _) in top.items():
        if key not in TOP_KEYS:
            _unknown(problems, key_node, key, key, TOP_KEYS)

    sheet = _scalar(top, "sheet", problems)
    kind = _choice(top, "kind", KINDS, problems)
    date_order = _choice(top, "date_order", DATE_ORDERS, problems) or "dmy"
    header_row = None
    if "header_row" in top:
        node = top["header_row"][1]
        value = node.value if isinstance(node, yaml.ScalarNode) else None
        if value is None or not value.strip().isdigit() or not 1 <= int(value) <= MAX_HEADER_ROW:
            problems.add(node, "header_row", f"must be a row number from 1 to {MAX_HEADER_ROW}")
        else:
            header_row = int(value)
    everything = (*ACTIVITY_FIELDS, *(f for f in STAFF_FIELDS if f not in ACTIVITY_FIELDS))
    known = {"staff": STAFF_FIELDS, "activities": ACTIVITY_FIELDS}.get(kind or "", everything)

    columns: dict[str, str] = {}
    for heading, (key_node, value_node) in _section(top, "columns", problems).items():
        target = value_node.value.strip() if isinstance(value_node, yaml.ScalarNode) and value_node.value else ""
        where = f"columns.{heading}"
        if not header_key(heading):
            problems.add(key_node, where, "a header must have letters or digits")
        elif target != IGNORE and target not in known:
            _unknown(problems, value_node, where, target, (*known, IGNORE), what="field")
        elif header_key(heading) in columns:
            problems.add(key_node, where, "names the same header as another entry")
        else:
            columns[header_key(heading)] = target

    values: dict[str, dict[str, str]] = {}
    for name, (key_node, value_node) in _section(top, "values", problems).items():
        where = f"values.{name}"
        if name not in known:
            _unknown(problems, key_node, where, name, known, what="field")
            continue
        table = _mapping(value_node, where, problems)
        if table is None:
            continue
        values[name] = {}
        for source_text, (text_node, to_node) in table.items():
            if not isinstance(to_node, yaml.ScalarNode):
                problems.add(to_node, f"{where}.{source_text}", "must be a single value")
                continue
            values[name][value_key(source_text)] = to_node.value

    fixed: dict[str, object] = {}
    for name, (key_node, value_node) in _section(top, "fixed", problems).items():
        where = f"fixed.{name}"
        if name not in known:
            _unknown(problems, key_node, where, name, known, what="field")
        elif name == "nip":
            problems.add(key_node, where, "a NIP cannot be the same for every row")
        elif not isinstance(value_node, yaml.ScalarNode) or value_node.value.strip() == "":
            problems.add(value_node, where, "must be a single, non-empty value")
        else:
            fixed[name] = value_node.value.strip()

    ignore_unused: set[str] = set()
    if "ignore_unused" in top:
        node = top["ignore_unused"][1]
        items = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for item in items:
            name = item.value.strip() if isinstance(item, yaml.ScalarNode) else ""
            if name not in QUANTITIES:
                _unknown(problems, item, "ignore_unused", name, QUANTITIES, what="quantity column")
            else:
                ignore_unused.add(name)

    if problems.items:
        raise _rejected(problems.items)
    return Profile(source=source, sheet=sheet, header_row=header_row, kind=kind, date_order=date_order,
                   columns=columns, values=values, fixed=fixed, ignore_unused=frozenset(ignore_unused))


def _rejected(items: list[str]) -> InputRejected:
    message = items[0] if len(items) == 1 else f"{len(items)} problems in the profile"
    return InputRejected(message, items)


def _mapping(node: yaml.Node, where: str, problems: _Problems) -> dict | None:
    if not isinstance(node, yaml.MappingNode):
        problems.add(node, where, "must be a mapping of `key: value` lines")
        return None
    out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            problems.add(key_node, where, "keys must be plain text")
            continue
        key = key_node.value.strip()
        if key in out:
            problems.add(key_node, f"{where}.{key}" if where else key, "appears twice")
        out[key] = (key_node, value_node)
    return out


def _section(top: dict, key: str, problems: _Problems) -> dict:
    if key not in top:
        return {}
    return _mapping(top[key][1], key, problems) or {}


def _unknown(problems: _Problems, node: yaml.Node, where: str, key: str, known: tuple[str, ...],
             what: str = "key") -> None:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean {close[0]}?" if close else f"known: {', '.join(known)}"
    problems.add(node, where, f"unknown {what} {key!r} ({hint})")


def _scalar(top: dict, key: str, problems: _Problems) -> str | None:
    if key not in top:
        return None
    node = top[key][1]
    if not isinstance(node, yaml.ScalarNode) or not node.value.strip():
        problems.add(node, key, "must be a single, non-empty value")
        return None
    return node.value.strip()


def _choice(top: dict, key: str, choices: tuple[str, ...], problems: _Problems) -> str | None:
    value = _scalar(top, key, problems)
    if value is not None and value.lower() not in choices:
        problems.add(top[key][1], key, f"{value!r} is not one of {', '.join(choices)}")
        return None
    return value.lower() if value else None
