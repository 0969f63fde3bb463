"""Checking a policy file: its schema in pydantic, the rules across kinds, every problem named with its key and line.

Only `policy check`, `policy use` and `jpledger check` come here; reading a stored policy back takes the fast way
(text.py), so no other command pays for importing pydantic. Values are checked by the same functions the fast way
reads them with; a check raises `Bad(code, ...)`, which `locate` words on the line the value was written.
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from jpledger.core import values
from jpledger.core.policy.model import (
    COUNT,
    EVIDENCE,
    FORMS,
    JP_UNITS,
    PARTIAL_YEAR,
    PPPK_YEAR,
    STATUSES,
    UNITS,
    YEAR_OF,
    Policy,
    PolicyError,
    normal_name,
)
from jpledger.core.policy.text import build_policy, resolve_kinds
from jpledger.core.problems import Document, Wording, known_keys, locate, read_yaml, unknown
from jpledger.core.values import Bad

_KEY_RE = re.compile(r"[a-z0-9][a-z0-9_]*")


def _optional(check):
    """A value where `key:` with no value means "not set", as if the line were absent."""
    return BeforeValidator(lambda value: None if value is None else check(value))


def _choice(choices: tuple[str, ...]):
    return BeforeValidator(lambda value: values.choice_of(value, choices))


def _one_of(choices: tuple[str, ...]):
    return _optional(lambda value: values.choice_of(value, choices))


def _status(value: Any) -> str:
    status = values.text_of(value).upper()
    if status not in STATUSES:
        raise Bad("POLICY_UNKNOWN_STATUS", known=", ".join(STATUSES))
    return status


def _some(items: Any) -> list:
    """A list of at least one item (a single value is a list of one)."""
    if isinstance(items, dict):
        raise Bad("YAML_LIST")
    if not values.listed(items):
        raise Bad("YAML_LIST_EMPTY")
    return values.listed(items)


def _kind_key(key: str) -> str:
    if not _KEY_RE.fullmatch(key):
        raise Bad("POLICY_KIND_KEY")
    return key


def _requirement_kind(name: Any, info: ValidationInfo) -> str:
    return resolve_kinds([name], (info.context or {}).get("kinds", []))[0]


def _positive(value: Any):
    return values.decimal_of(value, positive=True)


Text = Annotated[Any, BeforeValidator(values.text_of)]
Rate = Annotated[Any, _optional(values.decimal_of)]
Positive = Annotated[Any, _optional(_positive)]


class _Schema(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SiasnTypeSchema(_Schema):
    id: Text
    name: Text


class KindSchema(_Schema):
    # In the order a kind is read: the checks across keys below see the keys above them.
    code: Text
    label: Text
    form: Annotated[Any, _choice(FORMS)]
    unit: Annotated[Any, _choice(UNITS)]
    jp_per_unit: Rate = None
    international_jp_per_unit: Rate = None
    international_factor: Rate = None
    max_jp_per_day: Rate = None
    international_max_jp_per_day: Rate = None
    max_units_per_month: Annotated[Any, _optional(values.whole_of)] = None
    evidence: Annotated[Any, _one_of(EVIDENCE)] = None
    siasn_type: SiasnTypeSchema | None = None

    @field_validator("international_factor")
    @classmethod
    def _one_rate_abroad(cls, value, info: ValidationInfo):
        # Both would say how to credit abroad; refusing is safer than silently preferring one.
        if value is not None and info.data.get("international_jp_per_unit") is not None:
            raise Bad("POLICY_TWO_ABROAD_RATES")
        return value

    @field_validator("max_jp_per_day", "international_max_jp_per_day")
    @classmethod
    def _cap_on_jp(cls, value, info: ValidationInfo):
        if value is not None and info.data.get("unit") not in (None, *JP_UNITS):
            raise Bad("POLICY_DAY_CAP")
        return value

    @model_validator(mode="after")
    def _rate_for_units(self):
        if self.unit not in JP_UNITS and self.jp_per_unit is None:
            raise Bad("POLICY_NEEDS_RATE", unit=self.unit)
        return self


class TargetSchema(_Schema):
    min_jp: Rate = None
    max_jp: Rate = None

    @model_validator(mode="after")
    def _min_below_max(self):
        if self.min_jp is not None and self.max_jp is not None and self.min_jp > self.max_jp:
            raise Bad("POLICY_MIN_ABOVE_MAX", min=self.min_jp, max=self.max_jp)
        return self


class RequirementSchema(_Schema):
    name: Text
    statuses: Annotated[list[Annotated[Any, BeforeValidator(_status)]], BeforeValidator(_some)]
    kinds: Annotated[list[Annotated[Any, BeforeValidator(_requirement_kind)]], BeforeValidator(_some)] | None = None
    forms: Annotated[list[Annotated[Any, _choice(FORMS)]], BeforeValidator(_some)] | None = None
    min_jp: Annotated[Any, BeforeValidator(_positive)]

    @model_validator(mode="after")
    def _kinds_or_forms(self):
        if (self.kinds is None) == (self.forms is None):
            raise Bad("POLICY_KINDS_OR_FORMS")
        return self


class PolicySchema(_Schema):
    name: Text
    minutes_per_jp: Positive = None
    year_of: Annotated[Any, _one_of(YEAR_OF)] = None
    max_jp_per_entry: Positive = None
    partial_year: Annotated[Any, _one_of(PARTIAL_YEAR)] = None
    pppk_year: Annotated[Any, _one_of(PPPK_YEAR)] = None
    mandiri_counts_toward_max: Annotated[Any, _optional(values.flag_of)] = None
    count: Annotated[Any, _one_of(COUNT)] = None
    targets: dict[Annotated[str, BeforeValidator(_status)], TargetSchema | None] | None = None
    requirements: list[RequirementSchema] | None = None
    kinds: dict[Annotated[str, BeforeValidator(_kind_key)], KindSchema] | None

    @field_validator("kinds")
    @classmethod
    def _some_kinds(cls, value):
        if not value:
            raise Bad("POLICY_NO_KINDS")
        return value


_MISSING_AT_TOP = {"name": "POLICY_NAME_MISSING", "kinds": "POLICY_KINDS_MISSING"}

WORDING = Wording(
    unknown_key=lambda parent, key: unknown(key, known_keys(PolicySchema, parent),
                                            ("POLICY_UNKNOWN_KEY_CLOSE", "POLICY_UNKNOWN_KEY")),
    missing=lambda parent, name: Bad(_MISSING_AT_TOP[name]) if not parent and name in _MISSING_AT_TOP else None,
)


def parse_policy(text: str, source: str = "policy") -> Policy:
    """Read and check a policy file's text; every problem found is listed in the PolicyError raised."""
    document = read_yaml(text, source, "POLICY_EMPTY")
    data = document.data
    if data is not None and not isinstance(data, dict):
        document.add((), "YAML_MAPPING")
    if not isinstance(data, dict):
        raise _rejected(document)
    try:
        PolicySchema.model_validate(data, context={"kinds": _kind_names(data)})
    except ValidationError as error:
        locate(document, error.errors(include_url=False), WORDING)
    _check_names(document, data)
    _check_statuses(document, data)
    _check_requirement_names(document, data)
    if document.problems:
        raise _rejected(document)
    return build_policy(data)


def _rejected(document: Document) -> PolicyError:
    return PolicyError("POLICY_REJECTED", problems=document.problems, count=len(document.problems),
                       source=document.source)


def _kind_names(data: dict) -> list:
    """Each kind's key, code and label, to look up a requirement's kinds by (whatever else is wrong with a kind)."""
    from types import SimpleNamespace

    kinds = data.get("kinds")
    names = []
    for key, rule in (kinds.items() if isinstance(kinds, dict) else ()):
        rule = rule if isinstance(rule, dict) else {}
        names.append(SimpleNamespace(key=key, code=str(rule.get("code") or key), label=str(rule.get("label") or key)))
    return names


def _check_names(document: Document, data: dict) -> None:
    """Codes and labels must be unique, and no key, code or label may name two kinds once case is ignored."""
    kinds = data.get("kinds")
    if not isinstance(kinds, dict):
        return
    sound = {key: rule for key, rule in kinds.items()
             if isinstance(rule, dict) and not document.has_problem(("kinds", key))}
    owner: dict[str, str] = {}
    for key in sound:
        other = owner.setdefault(normal_name(key), key)
        if other != key:
            document.add(("kinds", key), "POLICY_SAME_LOOKUP", other=other)
    for key, rule in sound.items():
        for name in ("code", "label"):
            text = values.text_of(rule[name])
            other = owner.get(normal_name(text))
            if other is not None and other != key:
                document.add(("kinds", key, name), "POLICY_NAME_TAKEN", text=text, other=other)
            else:
                owner[normal_name(text)] = key


def _check_statuses(document: Document, data: dict) -> None:
    """`PNS` and `pns` are one status: a file may not set its target twice."""
    targets = data.get("targets")
    seen = set()
    for status in (targets if isinstance(targets, dict) else ()):
        normal = status.strip().upper()
        if normal in seen and normal in STATUSES:
            document.add(("targets", status), "POLICY_STATUS_TWICE")
        seen.add(normal)


def _check_requirement_names(document: Document, data: dict) -> None:
    requirements = data.get("requirements")
    seen = set()
    for position, requirement in enumerate(requirements if isinstance(requirements, list) else ()):
        name = requirement.get("name") if isinstance(requirement, dict) else None
        if isinstance(name, str) and name.strip():
            if name.strip().casefold() in seen:
                document.add(("requirements", position, "name"), "POLICY_REQUIREMENT_TWICE", name=name.strip())
            seen.add(name.strip().casefold())
