"""Year compliance: monthly caps, each person's credited JP against the target, and audit findings.

Pure functions over plain records; the store feeds them rows it has already aggregated in SQL.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

ZERO = Decimal("0")
CENT = Decimal("0.01")

STATES = ("met", "short", "over", "ok")


def round_jp(value: Decimal) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def cents_to_jp(cents: int | None) -> Decimal:
    # JP live in the ledger as whole hundredths so SQL sums stay exact on every back end.
    return (Decimal(int(cents or 0)) / 100).quantize(CENT)


def jp_to_cents(jp: Decimal) -> int:
    return int(round_jp(jp) * 100)


@dataclass(frozen=True)
class CappedEntry:
    """An entry of a kind with a monthly cap on its units (coaching, mentoring)."""

    id: int
    nip: str
    kind: str
    day: date
    units: Decimal
    rate: Decimal
    month_cap: int
    form: str = ""


def monthly_withheld(entries: Iterable[CappedEntry]) -> dict[int, Decimal]:
    """JP each entry loses to its kind's monthly cap, in date order within the person's month.

    The first sessions of a month are credited; the ones past the cap are withheld, so a
    late entry in the month is the one that loses, as an officer reading the log would expect.
    """
    by_month: dict[tuple, list[CappedEntry]] = defaultdict(list)
    for entry in entries:
        by_month[(entry.nip, entry.kind, entry.day.year, entry.day.month)].append(entry)
    withheld: dict[int, Decimal] = {}
    for group in by_month.values():
        group.sort(key=lambda e: (e.day, e.id))
        remaining = Decimal(group[0].month_cap)
        for entry in group:
            allowed = min(entry.units, max(remaining, ZERO))
            remaining -= entry.units
            lost_units = entry.units - allowed
            if lost_units > 0:
                withheld[entry.id] = round_jp(lost_units * entry.rate)
    return withheld


def state_of(jp: Decimal, min_jp: Decimal | None, max_jp: Decimal | None) -> str:
    if max_jp is not None and jp > max_jp:
        return "over"
    if min_jp is not None:
        return "met" if jp >= min_jp else "short"
    return "ok"


@dataclass
class PersonTotal:
    nip: str
    name: str
    unit: str | None
    status: str
    min_jp: Decimal | None
    max_jp: Decimal | None
    by_kind: dict[str, Decimal] = field(default_factory=dict)
    by_form: dict[str, Decimal] = field(default_factory=dict)
    joined_in_year: bool = False
    left_in_year: bool = False

    @property
    def jp(self) -> Decimal:
        return sum(self.by_kind.values(), ZERO).quantize(CENT)

    @property
    def state(self) -> str:
        return state_of(self.jp, self.min_jp, self.max_jp)

    @property
    def needed(self) -> Decimal:
        if self.min_jp is None:
            return ZERO.quantize(CENT)
        return max(self.min_jp - self.jp, ZERO).quantize(CENT)


@dataclass
class UnitSummary:
    unit: str
    headcount: int = 0
    met: int = 0
    short: int = 0
    over: int = 0
    ok: int = 0

    def add(self, state: str) -> None:
        self.headcount += 1
        setattr(self, state, getattr(self, state) + 1)

    @property
    def compliance_rate(self) -> float:
        if not self.headcount:
            return 1.0
        return round((self.met + self.ok) / self.headcount, 4)


def summarize(people: Iterable[PersonTotal]) -> tuple[UnitSummary, list[UnitSummary]]:
    overall = UnitSummary("(all)")
    units: dict[str, UnitSummary] = {}
    for person in people:
        name = person.unit or "(no unit)"
        units.setdefault(name, UnitSummary(name)).add(person.state)
        overall.add(person.state)
    return overall, [units[k] for k in sorted(units)]


@dataclass(frozen=True)
class Finding:
    """One thing the audit found in the data: a stable code, whom and which entry it is about, and the parameters
    its message is worded from (in the reader's language, when it is read)."""

    code: str
    nip: str | None
    activity_id: int | None
    params: dict = field(default_factory=dict, compare=False, hash=False)
    # The message's own code when one finding words itself more than one way (left / joined ...).
    wording: str | None = field(default=None, compare=False, hash=False)

    @property
    def severity(self) -> str:
        from jpledger.codes import FINDINGS

        return FINDINGS[self.code].severity

    @property
    def message(self) -> str:
        from jpledger.codes import message

        return message(self.wording or self.code, self.params)

    def as_dict(self) -> dict:
        return {"code": self.code, "severity": self.severity, "nip": self.nip,
                "activity_id": self.activity_id, "message": self.message}


SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_ORDER[f.severity], f.code, f.nip or "", f.activity_id or 0))


def audit_fails(people: Iterable[PersonTotal], findings: Iterable[Finding]) -> bool:
    """Exit 1 for the audit: someone short or over, or any error finding."""
    return any(p.state in ("short", "over") for p in people) or any(f.severity == "error" for f in findings)
