"""The JP conversion policy as plain values: the kinds of activity, the targets, the requirements and settings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from jpledger.core.values import FileRejected
from jpledger.errors import UsageError

UNITS = ("jp", "minute", "day", "session", "occurrence", "semester")
FORMS = ("klasikal", "nonklasikal", "pendidikan")
STATUSES = ("PNS", "CPNS", "PPPK")
YEAR_OF = ("end", "start")
PARTIAL_YEAR = ("full", "prorate")
PPPK_YEAR = ("contract", "calendar")
COUNT = ("all", "verified")
EVIDENCE = ("optional", "required")
# The most JP, minutes, sessions or days one entry may claim: no certificate says more, and past this the
# arithmetic and the store would fail instead of refusing the entry with a clear message.
MAX_QUANTITY = 1_000_000
# No certificate credits more in one entry (spec 7); a policy may set its own figure.
DEFAULT_MAX_JP_PER_ENTRY = Decimal(1000)
DEFAULT_MINUTES_PER_JP = Decimal(45)
# The legal targets apply when a policy file has no `targets` key at all (they come from the PPs, not the agency);
# `targets: {}` says explicitly that nobody has one.
LEGAL_TARGETS = (("PNS", "20", None), ("CPNS", "20", None), ("PPPK", None, "24"))
# Units whose amount is the JP itself (given, or derived from minutes); every other unit needs a rate.
JP_UNITS = ("jp", "minute")

# What kind lookups ignore, so that "E-Learning", "elearning" and "e_learning" are one kind.
_NAME_NOISE = re.compile(r"[\s_\-/]+")


def normal_name(text: str) -> str:
    """A kind's key, code or label as lookups compare it: no case, spaces, underscores, dashes or slashes."""
    return _NAME_NOISE.sub("", str(text)).casefold()


class PolicyError(FileRejected):
    """A policy file that cannot be used; `problems` holds one `FILE line N: key: message` per problem."""


@dataclass(frozen=True)
class SiasnType:
    """The SIASN riwayat kursus type a kind is reported as: `jenisDiklatId` and its name (`jenisKursus`)."""

    id: str
    name: str


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
    evidence: str = "optional"
    siasn_type: SiasnType | None = None


@dataclass(frozen=True)
class Target:
    """The yearly JP a person of one status must reach (min_jp), must not exceed (max_jp), or both."""

    min_jp: Decimal | None = None
    max_jp: Decimal | None = None


@dataclass(frozen=True)
class Requirement:
    """JP a person of the named statuses must earn in some kinds or forms, beyond the total (the IP ASN indicator)."""

    name: str
    statuses: tuple[str, ...]
    min_jp: Decimal
    kinds: tuple[str, ...] = ()  # kind keys; empty when the requirement names forms
    forms: tuple[str, ...] = ()

    def applies_to(self, status: str) -> bool:
        return (status or "").strip().upper() in self.statuses

    def counts(self, rule: KindRule) -> bool:
        """Whether JP credited under `rule` count toward this requirement."""
        return rule.key in self.kinds if self.kinds else rule.form in self.forms


@dataclass(frozen=True)
class Policy:
    """A whole conversion policy, as read from one policy file."""

    name: str
    minutes_per_jp: Decimal
    year_of: str
    targets: dict[str, Target]
    kinds: dict[str, KindRule]
    max_jp_per_entry: Decimal = DEFAULT_MAX_JP_PER_ENTRY
    partial_year: str = "full"
    pppk_year: str = "contract"
    mandiri_counts_toward_max: bool = False
    count: str = "all"
    requirements: tuple[Requirement, ...] = ()

    def kind(self, text: str) -> KindRule:
        """Find a kind by key, code or label, ignoring case, spaces, underscores, dashes and slashes."""
        rule = find_kind(self.kinds.values(), text)
        if rule is None:
            known = ", ".join(f"{rule.key} ({rule.code})" for rule in self.kinds.values())
            raise UsageError("KIND_UNKNOWN", text=text, known=known)
        return rule

    def target(self, status: str) -> Target:
        """The target for an employment status; a status the policy does not name has none."""
        return self.targets.get((status or "").strip().upper(), Target())

    def year_of_dates(self, start: date, end: date | None) -> int:
        """The calendar year an activity from `start` to `end` counts in (an open end counts as `start`)."""
        if self.year_of == "start" or end is None:
            return start.year
        return end.year


def find_kind(rules, text: str):
    """The rule among `rules` whose key, code or label reads as `text` (see normal_name), else None."""
    wanted = normal_name(text or "")
    if wanted:
        for rule in rules:
            if wanted in (normal_name(rule.key), normal_name(rule.code), normal_name(rule.label)):
                return rule
    return None
