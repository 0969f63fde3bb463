"""A policy's text and back: the fast read of a stored policy, `policy show`'s YAML and JSON, the default's upgrade.

Policies reach the ledger only through `policy check`'s validation (schema.py), so reading one back needs no
schema: the plain data (every scalar as the text written) is built into the plain dataclasses. Both readers turn
the same plain data into a Policy through `build_policy`, so they cannot disagree. The ledger keeps that data as
JSON beside the text (`policy_data`), so reading a stored policy back needs no YAML parser either: PyYAML is loaded
only for a text without it, for `policy show` and for checking.
"""

from __future__ import annotations

import json
from dataclasses import fields, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any

from jpledger.core.policy.model import (
    DEFAULT_MAX_JP_PER_ENTRY,
    DEFAULT_MINUTES_PER_JP,
    LEGAL_TARGETS,
    KindRule,
    Policy,
    PolicyError,
    Requirement,
    SiasnType,
    Target,
    find_kind,
)
from jpledger.core.values import Bad, decimal_of, flag_of, listed, text_of, whole_of

# --------------------------------------------------------------------------------------------------------------
# Plain data -> Policy
# --------------------------------------------------------------------------------------------------------------

_KIND_NUMBERS = ("jp_per_unit", "international_jp_per_unit", "international_factor", "max_jp_per_day",
                 "international_max_jp_per_day")


def build_kind(key: str, data: dict) -> KindRule:
    values: dict[str, Any] = {
        "code": text_of(data["code"]),
        "label": text_of(data["label"]),
        "form": text_of(data["form"]).lower(),
        "unit": text_of(data["unit"]).lower(),
    }
    for name in _KIND_NUMBERS:
        if data.get(name) is not None:  # `key:` with no value means "not set", as if the line were absent
            values[name] = decimal_of(data[name])
    if data.get("max_units_per_month") is not None:
        values["max_units_per_month"] = whole_of(data["max_units_per_month"])
    if data.get("evidence") is not None:
        values["evidence"] = text_of(data["evidence"]).lower()
    if data.get("siasn_type") is not None:
        siasn = data["siasn_type"]
        values["siasn_type"] = SiasnType(id=text_of(siasn["id"]), name=text_of(siasn["name"]))
    return KindRule(key=key, **values)


def build_targets(data: dict) -> dict[str, Target]:
    if "targets" not in data:
        return {status: Target(_dec(low), _dec(high)) for status, low, high in LEGAL_TARGETS}
    targets = {}
    for status, limits in (data["targets"] or {}).items():
        limits = limits or {}
        targets[status.strip().upper()] = Target(
            min_jp=decimal_of(limits["min_jp"]) if limits.get("min_jp") is not None else None,
            max_jp=decimal_of(limits["max_jp"]) if limits.get("max_jp") is not None else None)
    return targets


def resolve_kinds(names: list, kinds) -> tuple[str, ...]:
    """Kind keys for a requirement's kinds, each given by key, code or label; unknown ones raise Bad."""
    keys: list[str] = []
    for name in names:
        rule = find_kind(kinds, text_of(name))
        if rule is None:
            raise Bad("POLICY_REQUIREMENT_KIND", text=text_of(name),
                      known=", ".join(f"{kind.key} ({kind.code})" for kind in kinds))
        if rule.key not in keys:
            keys.append(rule.key)
    return tuple(keys)


def build_requirement(data: dict, kinds) -> Requirement:
    return Requirement(
        name=text_of(data["name"]),
        statuses=tuple(dict.fromkeys(text_of(s).upper() for s in listed(data.get("statuses")))),
        min_jp=decimal_of(data["min_jp"], positive=True),
        kinds=resolve_kinds(listed(data.get("kinds")), kinds),
        forms=tuple(dict.fromkeys(text_of(f).lower() for f in listed(data.get("forms")))),
    )


def _setting(data: dict, key: str, default, read):
    return default if data.get(key) is None else read(data[key])


def build_policy(data: dict) -> Policy:
    """A Policy from a file's plain data that the schema accepts (anything else raises)."""
    kinds = {key: build_kind(key, rule) for key, rule in data["kinds"].items()}
    return Policy(
        name=text_of(data["name"]),
        minutes_per_jp=_setting(data, "minutes_per_jp", DEFAULT_MINUTES_PER_JP,
                                lambda v: decimal_of(v, positive=True)),
        year_of=_setting(data, "year_of", "end", lambda v: text_of(v).lower()),
        targets=build_targets(data),
        kinds=kinds,
        max_jp_per_entry=_setting(data, "max_jp_per_entry", DEFAULT_MAX_JP_PER_ENTRY,
                                  lambda v: decimal_of(v, positive=True)),
        partial_year=_setting(data, "partial_year", "full", lambda v: text_of(v).lower()),
        pppk_year=_setting(data, "pppk_year", "contract", lambda v: text_of(v).lower()),
        mandiri_counts_toward_max=_setting(data, "mandiri_counts_toward_max", False, flag_of),
        count=_setting(data, "count", "all", lambda v: text_of(v).lower()),
        requirements=tuple(build_requirement(r, list(kinds.values())) for r in listed(data.get("requirements"))),
    )


def _dec(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


# --------------------------------------------------------------------------------------------------------------
# The fast read of stored text
# --------------------------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _text_loader():
    """Safe YAML (the C loader when there is one), every scalar kept as the text written: numbers stay exact, `yes`
    stays `yes`."""
    import yaml

    class TextLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass

    def scalar_text(loader, node):
        return loader.construct_scalar(node)

    for tag in ("bool", "int", "float", "timestamp"):
        TextLoader.add_constructor(f"tag:yaml.org,2002:{tag}", scalar_text)
    return TextLoader


def _plain_data(text: str):
    import yaml

    return yaml.load(text, Loader=_text_loader())


def policy_data(text: str) -> str | None:
    """What `read_policy` builds a stored policy from, as JSON, to be stored beside its text; None when the text does
    not read as a policy, or holds what JSON cannot carry unchanged (the text is then read each time instead).

    It holds the text it was made from: a text changed behind jpledger's back no longer matches, and is read itself.
    """
    try:
        data = _plain_data(text)
        build_policy(data)
        stored = json.dumps({"text": text, "policy": data}, ensure_ascii=False)
        if json.loads(stored)["policy"] != data:
            return None
    except Exception:  # noqa: BLE001 - whatever it is, the text stays the policy
        return None
    return stored


def read_policy(text: str, source: str = "policy", data: str | None = None) -> Policy:
    """A stored policy as a Policy, without the schema: from `data` (its `policy_data`, kept beside it) when that
    was made from this very text, else from the text.

    The ledger stores only text that passed `policy check` (or the shipped default), so this trusts it; a text
    that does not even read as a policy (a ledger edited behind jpledger's back) gets the full check instead,
    which raises its PolicyError naming each problem. `jpledger check` runs the full check on every version.
    """
    try:
        kept = policy_from_data(text, data) if data is not None else None
        return kept if kept is not None else build_policy(_plain_data(text))
    except Exception:  # noqa: BLE001 - whatever went wrong, the full check says what and where
        from jpledger.core.policy.schema import parse_policy

        return parse_policy(text, source)


def policy_from_data(text: str, data: str) -> Policy | None:
    """The policy the JSON kept beside a stored text builds, when it was made from that very text; None when it was
    made from another (the text was changed behind jpledger's back). Raises when the JSON does not read or build."""
    made = json.loads(data)
    return build_policy(made["policy"]) if made["text"] == text else None


# --------------------------------------------------------------------------------------------------------------
# Writing a policy out
# --------------------------------------------------------------------------------------------------------------

def _as_dict(policy: Policy, number) -> dict:
    kinds = {}
    for key, rule in policy.kinds.items():
        entry: dict[str, Any] = {}
        for item in fields(KindRule):
            value = getattr(rule, item.name)
            if item.name == "key" or value is None or value == item.default:
                continue
            if isinstance(value, SiasnType):
                value = {"id": value.id, "name": value.name}
            entry[item.name] = number(value) if isinstance(value, Decimal) else value
        kinds[key] = entry
    targets = {}
    for status, target in policy.targets.items():
        targets[status] = {
            name: number(getattr(target, name)) for name in ("min_jp", "max_jp") if getattr(target, name) is not None
        }
    requirements = []
    for requirement in policy.requirements:
        entry = {"name": requirement.name, "statuses": list(requirement.statuses)}
        entry |= {"kinds": list(requirement.kinds)} if requirement.kinds else {"forms": list(requirement.forms)}
        requirements.append(entry | {"min_jp": number(requirement.min_jp)})
    return {
        "name": policy.name,
        "minutes_per_jp": number(policy.minutes_per_jp),
        "year_of": policy.year_of,
        "max_jp_per_entry": number(policy.max_jp_per_entry),
        "partial_year": policy.partial_year,
        "pppk_year": policy.pppk_year,
        "mandiri_counts_toward_max": policy.mandiri_counts_toward_max,
        "count": policy.count,
        "targets": targets,
        "requirements": requirements,
        "kinds": kinds,
    }


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def policy_as_dict(policy: Policy) -> dict:
    """The policy as plain JSON-able data (numbers are int when whole, else float)."""
    return _as_dict(policy, _json_number)


@lru_cache(maxsize=1)
def _policy_dumper():
    """Safe YAML that writes Decimals as the plain numbers they are, never through a float."""
    import yaml

    class PolicyDumper(yaml.SafeDumper):
        pass

    def decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
        if value == value.to_integral_value():
            return dumper.represent_int(int(value))
        return dumper.represent_scalar("tag:yaml.org,2002:float", format(value.normalize(), "f"))

    PolicyDumper.add_representer(Decimal, decimal)
    return PolicyDumper


def dump_policy(policy: Policy, title: str = "JP conversion policy: {name}") -> str:
    """The policy as a YAML policy file that parse_policy reads back to an equal Policy, under a comment line `title`
    (given in the reader's language by the caller)."""
    # One line whatever the name holds, so the comment cannot spill into the YAML below it.
    import yaml

    header = "# " + " ".join(title.format(name=policy.name).split()) + "\n"
    body = yaml.dump(
        _as_dict(policy, lambda value: value),
        Dumper=_policy_dumper(),
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=120,
    )
    return header + body


# --------------------------------------------------------------------------------------------------------------
# Upgrading stored copies of the shipped default
# --------------------------------------------------------------------------------------------------------------

def with_siasn_types(stored: str, shipped: str) -> str | None:
    """`shipped` (today's default policy text) when `stored` is a copy of an older shipped default, else None.

    Older defaults differ from today's only in lacking `siasn_type`; the content is compared, not the bytes, so a
    copy saved with other spacing or comments still counts, and a policy an agency changed in any way is left alone.
    """
    try:
        old, new = read_policy(stored), read_policy(shipped)
    except PolicyError:  # a stored text that does not even read is not a copy of ours
        return None
    without = replace(new, kinds={key: replace(rule, siasn_type=None) for key, rule in new.kinds.items()})
    if old == new or old != without:
        return None
    return shipped
