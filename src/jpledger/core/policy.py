"""The JP conversion policy: loading and checking a policy file, and turning one activity into credited JP."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, fields
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from jpledger.core.dates import inclusive_days
from jpledger.core.problems import Problems as _Problems
from jpledger.errors import InputRejected, UsageError

UNITS = ("jp", "minute", "day", "session", "occurrence", "semester")
FORMS = ("klasikal", "nonklasikal", "pendidikan")
STATUSES = ("PNS", "CPNS", "PPPK")
YEAR_OF = ("end", "start")
# The most JP, minutes, sessions or days one entry may claim: no certificate says more, and past this the
# arithmetic and the store would fail instead of refusing the entry with a clear message.
MAX_QUANTITY = 1_000_000

# Units whose amount is the JP itself (given, or derived from minutes); every other unit needs a rate.
_JP_UNITS = ("jp", "minute")
_RATE_KEYS = (
    "jp_per_unit",
    "international_jp_per_unit",
    "international_factor",
    "max_jp_per_day",
    "international_max_jp_per_day",
)
_KIND_KEYS = ("code", "label", "form", "unit", *_RATE_KEYS, "max_units_per_month")
_TOP_KEYS = ("name", "minutes_per_jp", "year_of", "targets", "kinds")
_TARGET_KEYS = ("min_jp", "max_jp")
# The legal targets apply when a policy file has no `targets` key at all (they come from the PPs, not the agency);
# `targets: {}` says explicitly that nobody has one.
_LEGAL_TARGETS = (("PNS", "20", None), ("CPNS", "20", None), ("PPPK", None, "24"))
_DEFAULT_MINUTES_PER_JP = Decimal(45)
_CENT = Decimal("0.01")
_KEY_RE = re.compile(r"[a-z0-9][a-z0-9_]*")
_INT_RE = re.compile(r"\+?[0-9][0-9_]*")
# What `kind()` ignores when matching, so that "E-Learning", "elearning" and "e_learning" are one kind.
_NAME_NOISE = re.compile(r"[\s_\-/]+")


class PolicyError(InputRejected):
    """A policy file that cannot be used; `problems` holds one `FILE line N: key: message` per problem."""


@dataclass(frozen=True)
class KindRule:
    """One kind of activity and how it converts to JP."""

    key: str
    code: str
    label: str
    form: str
    unit: str
    jp_per_unit: Decimal | None = None
    international_jp_per_unit: Decimal | None = None
    international_factor: Decimal | None = None
    max_jp_per_day: Decimal | None = None
    international_max_jp_per_day: Decimal | None = None
    max_units_per_month: int | None = None


@dataclass(frozen=True)
class Target:
    """The yearly JP a person of one status must reach (min_jp) or must not exceed (max_jp)."""

    min_jp: Decimal | None = None
    max_jp: Decimal | None = None


@dataclass(frozen=True)
class Policy:
    """A whole conversion policy, as read from one policy file."""

    name: str
    minutes_per_jp: Decimal
    year_of: str
    targets: dict[str, Target]
    kinds: dict[str, KindRule]

    def kind(self, text: str) -> KindRule:
        """Find a kind by key, code or label, ignoring case, spaces, underscores, dashes and slashes."""
        wanted = _normal_name(text or "")
        if wanted:
            for rule in self.kinds.values():
                if wanted in (_normal_name(rule.key), _normal_name(rule.code), _normal_name(rule.label)):
                    return rule
        known = ", ".join(f"{rule.key} ({rule.code})" for rule in self.kinds.values())
        raise UsageError(f"unknown kind {text!r}; known kinds: {known}")

    def target(self, status: str) -> Target:
        """The target for an employment status; a status the policy does not name has none."""
        return self.targets.get((status or "").strip().upper(), Target())

    def year_of_dates(self, start: date, end: date | None) -> int:
        """The calendar year an activity from `start` to `end` counts in (an open end counts as `start`)."""
        if self.year_of == "start" or end is None:
            return start.year
        return end.year


@dataclass(frozen=True)
class Credit:
    """The JP one activity earns under one kind's rule, before any per-month cap on the person."""

    jp: Decimal
    units: Decimal
    rate: Decimal | None
    capped_by_day: Decimal


def round_jp(value: Decimal) -> Decimal:
    """Round a JP amount to two places, half up, as every credit is stored and shown."""
    return Decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------------------------------------------
# Credit arithmetic
# --------------------------------------------------------------------------------------------------------------

_UNIT_INPUTS = {
    "jp": ("jp", "minutes", "days"),
    "minute": ("minutes", "days"),
    "day": ("days",),
    "session": ("sessions",),
    "occurrence": (),
    "semester": ("semesters",),
}


def _takes(rule: KindRule) -> str:
    """How a kind is counted, in the words of the command-line options."""
    if rule.unit == "jp":
        return "is counted in JP: use --jp or --minutes"
    if rule.unit == "minute":
        return "is counted in minutes: use --minutes"
    if rule.unit == "day":
        return "is counted in days: use --days or the start/end dates"
    if rule.unit == "session":
        return "is counted in sessions: use --sessions"
    if rule.unit == "semester":
        return "is counted in semesters: use --semesters"
    return "is credited once per occurrence: give only the start/end dates"


def _kind_name(rule: KindRule) -> str:
    return f"{rule.key} ({rule.code})"


def _quantity(name: str, value: Any, *, whole: bool) -> Decimal:
    """A quantity from the caller as an exact Decimal; floats go through their text so 0.1 stays 0.1."""
    if isinstance(value, bool):
        raise UsageError(f"--{name} must be a number, not {value!r}")
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise UsageError(f"--{name} must be a number, not {value!r}") from None
    if not number.is_finite():
        raise UsageError(f"--{name} must be a number, not {value!r}")
    if whole and number != number.to_integral_value():
        raise UsageError(f"--{name} must be a whole number, not {value}")
    if number <= 0:
        raise UsageError(f"--{name} must be more than 0, not {value}")
    return number


def _rate(rule: KindRule, international: bool, base: Decimal | None) -> Decimal:
    """JP per unit: the international rate if one is set, else the national rate (times the factor abroad)."""
    if international and rule.international_jp_per_unit is not None:
        return rule.international_jp_per_unit
    rate = base if base is not None else Decimal(1)
    if international and rule.international_factor is not None:
        rate = rate * rule.international_factor
    return rate


def credit(
    rule: KindRule,
    *,
    minutes_per_jp: Decimal,
    start: date,
    end: date,
    international: bool = False,
    jp: Decimal | None = None,
    minutes: Decimal | None = None,
    days: int | None = None,
    sessions: int | None = None,
    semesters: int | None = None,
) -> Credit:
    """The JP one activity earns under `rule`, with the per-day cap applied; the monthly cap is not applied here."""
    if end is None:
        end = start
    if minutes_per_jp is None or Decimal(minutes_per_jp) <= 0:
        raise UsageError(f"minutes per JP must be more than 0, not {minutes_per_jp}")
    if end < start:
        raise UsageError(f"the end date {end.isoformat()} is before the start date {start.isoformat()}")
    given = {
        name: value
        for name, value in (
            ("jp", jp),
            ("minutes", minutes),
            ("days", days),
            ("sessions", sessions),
            ("semesters", semesters),
        )
        if value is not None
    }
    unused = [name for name in given if name not in _UNIT_INPUTS[rule.unit]]
    if unused:
        listed = ", ".join(f"--{name}" for name in unused)
        raise UsageError(f"{_kind_name(rule)} {_takes(rule)}, not {listed}")
    calendar_days = Decimal(inclusive_days(start, end))
    day_count = _quantity("days", days, whole=True) if days is not None else calendar_days

    if rule.unit in _JP_UNITS:
        return _credit_jp(rule, minutes_per_jp, international, jp, minutes, day_count)

    if rule.unit == "day":
        units = day_count
    elif rule.unit == "session":
        units = _quantity("sessions", sessions, whole=True) if sessions is not None else Decimal(1)
    elif rule.unit == "semester":
        units = _quantity("semesters", semesters, whole=True) if semesters is not None else Decimal(1)
    else:  # occurrence: one activity is one occurrence, however long it ran
        units = Decimal(1)
    rate = _rate(rule, international, rule.jp_per_unit)
    return Credit(jp=round_jp(units * rate), units=units, rate=rate, capped_by_day=Decimal("0.00"))


def _credit_jp(
    rule: KindRule,
    minutes_per_jp: Decimal,
    international: bool,
    jp: Decimal | None,
    minutes: Decimal | None,
    day_count: Decimal,
) -> Credit:
    """Credit for a kind counted in JP or minutes: the amount times any rate or factor, then the per-day cap."""
    if jp is not None and minutes is not None:
        raise UsageError(f"{_kind_name(rule)}: give --jp or --minutes, not both")
    if rule.unit == "minute":
        if minutes is None:
            raise UsageError(f"{_kind_name(rule)} {_takes(rule)}")
        units = _quantity("minutes", minutes, whole=False)
        amount = units / Decimal(minutes_per_jp)
    elif jp is not None:
        units = _quantity("jp", jp, whole=False)
        amount = units
    elif minutes is not None:
        amount = _quantity("minutes", minutes, whole=False) / Decimal(minutes_per_jp)
        # The unit is JP, so the quantity is the JP the minutes make, rounded like every JP figure.
        units = round_jp(amount)
    else:
        raise UsageError(f"{_kind_name(rule)} {_takes(rule)}")
    raw = amount * _rate(rule, international, rule.jp_per_unit)
    per_day = rule.max_jp_per_day
    if international and rule.international_max_jp_per_day is not None:
        per_day = rule.international_max_jp_per_day
    credited = raw if per_day is None else min(raw, per_day * day_count)
    # Round the whole and the credited part once each, so credited + withheld is exactly the rounded whole.
    jp_credited = round_jp(credited)
    return Credit(jp=jp_credited, units=units, rate=None, capped_by_day=round_jp(raw) - jp_credited)


# --------------------------------------------------------------------------------------------------------------
# Reading a policy file
# --------------------------------------------------------------------------------------------------------------

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"


def _normal_name(text: str) -> str:
    return _NAME_NOISE.sub("", str(text)).casefold()


def _scalar_text(node: yaml.Node) -> str | None:
    """The text of a scalar node, None for anything else (a list or a mapping where a value belongs)."""
    return node.value.strip() if isinstance(node, yaml.ScalarNode) else None


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == _NULL


def _mapping(node: yaml.Node, where: str, problems: _Problems) -> list[tuple[str, yaml.Node, yaml.Node]] | None:
    """(key, key node, value node) of a YAML mapping, merges (`<<`) resolved; duplicate keys are problems."""
    if not isinstance(node, yaml.MappingNode):
        problems.add(node, where, "must be a mapping of `key: value` lines")
        return None
    seen: dict[str, yaml.Node] = {}
    for key_node, _ in node.value:
        if key_node.tag == _MERGE:
            continue
        key = _scalar_text(key_node)
        if key is None:
            problems.add(key_node, where, "keys must be plain names")
            return None
        if key in seen:
            problems.add(key_node, _join(where, key), f"appears twice (first on line {seen[key].start_mark.line + 1})")
        seen[key] = key_node
    try:
        # Resolves `<<: *anchor` in place so that kinds may share settings; later keys win, as YAML says.
        yaml.constructor.SafeConstructor().flatten_mapping(node)
    except yaml.MarkedYAMLError as error:
        problems.add(node, where, f"cannot merge: {error.problem}")
        return None
    items: dict[str, tuple[yaml.Node, yaml.Node]] = {}
    for key_node, value_node in node.value:
        key = _scalar_text(key_node)
        if key is None:
            problems.add(key_node, where, "keys must be plain names")
            return None
        items.pop(key, None)
        items[key] = (key_node, value_node)
    return [(key, key_node, value_node) for key, (key_node, value_node) in items.items()]


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _unknown_key(problems: _Problems, key_node: yaml.Node, where: str, key: str, known: tuple[str, ...]) -> None:
    close = difflib.get_close_matches(key, known, n=1)
    hint = f"did you mean {close[0]}?" if close else f"known keys: {', '.join(known)}"
    problems.add(key_node, _join(where, key), f"unknown key ({hint})")


def _text(node: yaml.Node, where: str, problems: _Problems) -> str | None:
    text = _scalar_text(node)
    if text is None or _is_null(node) or text == "":
        problems.add(node, where, "must not be empty" if text is not None else "must be a single value")
        return None
    return text


def _number(node: yaml.Node, where: str, problems: _Problems, *, positive: bool = False) -> Decimal | None:
    """An exact Decimal from the number's text as written (so 1.2 is 1.2, not the float nearest it)."""
    text = _scalar_text(node)
    if text is None or node.tag not in (_STR, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        shown = f" ({text})" if text else ""
        problems.add(node, where, f"must be a number{shown}")
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        problems.add(node, where, f"must be a number ({text})")
        return None
    if number < 0:
        problems.add(node, where, f"must not be negative ({text})")
        return None
    if positive and number == 0:
        problems.add(node, where, f"must be more than 0 ({text})")
        return None
    return number


def _positive_int(node: yaml.Node, where: str, problems: _Problems) -> int | None:
    text = _scalar_text(node)
    if text is None or node.tag not in (_STR, "tag:yaml.org,2002:int") or not _INT_RE.fullmatch(text):
        problems.add(node, where, f"must be a whole number of at least 1 ({text or 'not a single value'})")
        return None
    value = int(text.replace("_", ""))
    if value < 1:
        problems.add(node, where, f"must be a whole number of at least 1 ({text})")
        return None
    return value


def _parse_targets(node: yaml.Node, problems: _Problems) -> dict[str, Target]:
    targets: dict[str, Target] = {}
    if _is_null(node):
        return targets
    for status_text, status_node, value_node in _mapping(node, "targets", problems) or []:
        status = status_text.upper()
        where = f"targets.{status_text}"
        if status not in STATUSES:
            problems.add(status_node, where, f"unknown status (known: {', '.join(STATUSES)})")
            continue
        if status in targets:
            problems.add(status_node, where, "appears twice")
            continue
        values: dict[str, Decimal | None] = {}
        if not _is_null(value_node):
            for key, key_node, number_node in _mapping(value_node, where, problems) or []:
                if key not in _TARGET_KEYS:
                    _unknown_key(problems, key_node, where, key, _TARGET_KEYS)
                elif not _is_null(number_node):
                    values[key] = _number(number_node, _join(where, key), problems)
        target = Target(min_jp=values.get("min_jp"), max_jp=values.get("max_jp"))
        if target.min_jp is not None and target.max_jp is not None and target.min_jp > target.max_jp:
            problems.add(status_node, where, f"min_jp {target.min_jp} is more than max_jp {target.max_jp}")
        targets[status] = target
    return targets


def _parse_kind(key: str, key_node: yaml.Node, node: yaml.Node, problems: _Problems) -> KindRule | None:
    where = f"kinds.{key}"
    before = len(problems.items)
    if not _KEY_RE.fullmatch(key):
        problems.add(key_node, where, "a kind's key must be lower-case letters, digits and underscores")
    items = _mapping(node, where, problems)
    if items is None:
        return None
    values: dict[str, Any] = {}
    nodes: dict[str, yaml.Node] = {}
    for field, field_key_node, value_node in items:
        field_where = _join(where, field)
        if field not in _KIND_KEYS:
            _unknown_key(problems, field_key_node, where, field, _KIND_KEYS)
            continue
        nodes[field] = value_node
        if field in ("code", "label"):
            values[field] = _text(value_node, field_where, problems)
        elif field in ("form", "unit"):
            text = _text(value_node, field_where, problems)
            allowed = FORMS if field == "form" else UNITS
            if text is not None and text.lower() not in allowed:
                problems.add(value_node, field_where, f"{text!r} is not one of {', '.join(allowed)}")
            elif text is not None:
                values[field] = text.lower()
        elif _is_null(value_node):
            continue  # `key:` with no value means "not set", as if the line were absent
        elif field == "max_units_per_month":
            values[field] = _positive_int(value_node, field_where, problems)
        else:
            values[field] = _number(value_node, field_where, problems)
    for required in ("code", "label", "form", "unit"):
        if required not in nodes:
            problems.add(key_node, where, f"missing {required}")
    unit = values.get("unit")
    if unit is not None and unit not in _JP_UNITS and ("jp_per_unit" not in nodes or _is_null(nodes["jp_per_unit"])):
        problems.add(key_node, where, f"a kind counted per {unit} needs jp_per_unit")
    if unit is not None and unit not in _JP_UNITS:
        for cap in ("max_jp_per_day", "international_max_jp_per_day"):
            if cap in nodes:
                problems.add(nodes[cap], _join(where, cap),
                             "a per-day cap applies only to kinds counted in jp or minute")
    if "international_jp_per_unit" in nodes and "international_factor" in nodes:
        # Both would say how to credit abroad; refusing is safer than silently preferring one.
        problems.add(nodes["international_factor"], _join(where, "international_factor"),
                     "give international_jp_per_unit or international_factor, not both")
    if len(problems.items) > before:
        return None
    return KindRule(key=key, **values)


def _check_names(rules: list[tuple[KindRule, yaml.Node, dict[str, yaml.Node]]], problems: _Problems) -> None:
    """Codes and labels must be unique, and no key, code or label may name two kinds once case is ignored."""
    owner: dict[str, str] = {}
    for rule, key_node, _field_nodes in rules:
        other = owner.setdefault(_normal_name(rule.key), rule.key)
        if other != rule.key:
            problems.add(key_node, f"kinds.{rule.key}", f"reads the same as kinds.{other} when looked up")
    for rule, key_node, field_nodes in rules:
        for field in ("code", "label"):
            name = _normal_name(getattr(rule, field))
            other = owner.get(name)
            if other is not None and other != rule.key:
                problems.add(field_nodes.get(field, key_node), f"kinds.{rule.key}.{field}",
                             f"{getattr(rule, field)!r} already names kinds.{other}")
            else:
                owner[name] = rule.key


def parse_policy(text: str, source: str = "policy") -> Policy:
    """Read and check a policy file's text; every problem found is listed in the PolicyError raised."""
    problems = _Problems(source)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f" line {mark.line + 1}" if mark is not None else ""
        detail = error.problem or error.context or "cannot be read"
        raise PolicyError(f"{source}{line}: not valid YAML: {detail}", [f"{source}{line}: not valid YAML: {detail}"])
    except yaml.YAMLError as error:
        raise PolicyError(f"{source}: not valid YAML: {error}", [f"{source}: not valid YAML: {error}"])
    if root is None:
        raise PolicyError(f"{source}: the policy file is empty", [f"{source}: the policy file is empty"])

    top = {key: (key_node, value_node) for key, key_node, value_node in _mapping(root, "", problems) or []}
    if not isinstance(root, yaml.MappingNode):
        _raise(problems)
    for key, (key_node, _) in top.items():
        if key not in _TOP_KEYS:
            _unknown_key(problems, key_node, "", key, _TOP_KEYS)

    name = None
    if "name" in top:
        name = _text(top["name"][1], "name", problems)
    else:
        problems.add(None, "name", "missing (the policy's name, e.g. the decree it follows)")

    minutes_per_jp = _DEFAULT_MINUTES_PER_JP
    if "minutes_per_jp" in top and not _is_null(top["minutes_per_jp"][1]):
        minutes_per_jp = _number(top["minutes_per_jp"][1], "minutes_per_jp", problems, positive=True)

    year_of = "end"
    if "year_of" in top and not _is_null(top["year_of"][1]):
        text = _text(top["year_of"][1], "year_of", problems)
        if text is not None and text.lower() not in YEAR_OF:
            problems.add(top["year_of"][1], "year_of", f"{text!r} is not one of {', '.join(YEAR_OF)}")
        elif text is not None:
            year_of = text.lower()

    if "targets" in top:
        targets = _parse_targets(top["targets"][1], problems)
    else:
        targets = {status: Target(_dec(low), _dec(high)) for status, low, high in _LEGAL_TARGETS}

    kinds: dict[str, KindRule] = {}
    if "kinds" not in top:
        problems.add(None, "kinds", "missing (the kinds of activity this policy allows)")
    else:
        kinds_node = top["kinds"][1]
        items = [] if _is_null(kinds_node) else _mapping(kinds_node, "kinds", problems)
        if items is not None and not items:
            problems.add(kinds_node, "kinds", "must list at least one kind")
        parsed = []
        for key, key_node, value_node in items or []:
            rule = _parse_kind(key, key_node, value_node, problems)
            if rule is not None:
                field_nodes = {}
                if isinstance(value_node, yaml.MappingNode):
                    field_nodes = {k.value: v for k, v in value_node.value if isinstance(k, yaml.ScalarNode)}
                parsed.append((rule, key_node, field_nodes))
                kinds[key] = rule
        _check_names(parsed, problems)

    if problems.items:
        _raise(problems)
    return Policy(name=name, minutes_per_jp=minutes_per_jp, year_of=year_of, targets=targets, kinds=kinds)


def _dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def _raise(problems: _Problems):
    items = problems.items
    message = items[0] if len(items) == 1 else f"{len(items)} problems in {problems.source}"
    raise PolicyError(message, items)


def load_policy_file(path) -> tuple[Policy, str]:
    """Read and check a policy file; returns the policy and the exact text, which the ledger keeps."""
    file = Path(path)
    if not file.is_file():
        what = "is a directory, not a policy file" if file.is_dir() else "not found"
        raise UsageError(f"policy file {path} {what}")
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = f"{path}: not UTF-8 text (byte {error.start}); save the policy file as UTF-8"
        raise PolicyError(message, [message]) from None
    except OSError as error:
        raise UsageError(f"cannot read policy file {path}: {error.strerror}") from None
    return parse_policy(text, str(path)), text


def default_policy_text() -> str:
    """The text of the policy shipped with jpledger."""
    return resources.files("jpledger").joinpath("default_policy.yaml").read_text(encoding="utf-8")


def default_policy() -> Policy:
    """The policy shipped with jpledger (the BPS table of domain.md section 3)."""
    return parse_policy(default_policy_text(), "default_policy.yaml")


# --------------------------------------------------------------------------------------------------------------
# Writing a policy out
# --------------------------------------------------------------------------------------------------------------

def _as_dict(policy: Policy, number) -> dict:
    kinds = {}
    for key, rule in policy.kinds.items():
        entry: dict[str, Any] = {}
        for field in fields(KindRule):
            value = getattr(rule, field.name)
            if field.name == "key" or value is None:
                continue
            entry[field.name] = number(value) if isinstance(value, Decimal) else value
        kinds[key] = entry
    targets = {}
    for status, target in policy.targets.items():
        targets[status] = {
            name: number(getattr(target, name)) for name in _TARGET_KEYS if getattr(target, name) is not None
        }
    return {
        "name": policy.name,
        "minutes_per_jp": number(policy.minutes_per_jp),
        "year_of": policy.year_of,
        "targets": targets,
        "kinds": kinds,
    }


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def policy_as_dict(policy: Policy) -> dict:
    """The policy as plain JSON-able data (numbers are int when whole, else float)."""
    return _as_dict(policy, _json_number)


class _PolicyDumper(yaml.SafeDumper):
    """Writes Decimals as the plain numbers they are, never through a float."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    if value == value.to_integral_value():
        return dumper.represent_int(int(value))
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value.normalize(), "f"))


_PolicyDumper.add_representer(Decimal, _represent_decimal)


def dump_policy(policy: Policy) -> str:
    """The policy as a YAML policy file that parse_policy reads back to an equal Policy."""
    # One line whatever the name holds, so the comment cannot spill into the YAML below it.
    header = f"# JP conversion policy: {' '.join(policy.name.split())}\n"
    body = yaml.dump(
        _as_dict(policy, lambda value: value),
        Dumper=_PolicyDumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=120,
    )
    return header + body
