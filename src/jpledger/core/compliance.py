"""Year compliance: monthly caps, each person's credited JP against the target, and audit findings.

Pure functions over plain records; the store feeds them rows it has already aggregated in SQL.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Callable, Iterable

from jpledger.i18n import NO_UNIT

ZERO = Decimal("0")
CENT = Decimal("0.01")
NONE_NEEDED = ZERO.quantize(CENT)  # what `needed` is when nothing is short

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
    mandiri: bool = False


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


def state_of(*, over: bool, shortfalls: list[Decimal], has_min: bool) -> str:
    """A period's state: over a maximum beats short of a minimum or requirement (spec 8); met or ok otherwise."""
    if over:
        return "over"
    for gap in shortfalls:
        if gap > 0:
            return "short"
    return "met" if has_min else "ok"


@dataclass(slots=True)
class Tally:
    """The counted JP of one period (a calendar year or a contract year), in cents: by kind, by form, and what of it
    was self-initiated (mandiri)."""

    kind_cents: dict[str, int] = field(default_factory=dict)
    form_cents: dict[str, int] = field(default_factory=dict)
    mandiri_cents: int = 0

    def add(self, kind: str, form: str, mandiri: bool, cents: int) -> None:
        self.kind_cents[kind] = self.kind_cents.get(kind, 0) + cents
        self.form_cents[form] = self.form_cents.get(form, 0) + cents
        if mandiri:
            self.mandiri_cents += cents

    @property
    def cents(self) -> int:
        return sum(self.kind_cents.values())


@dataclass(slots=True)
class RequirementResult:
    name: str
    jp: Decimal
    min_jp: Decimal
    met: bool


@dataclass(slots=True)
class ContractYear:
    """One twelve-month window of a PPPK contract (shorter when the contract is), and what it counted."""

    start: date
    end: date
    jp: Decimal
    mandiri_jp: Decimal
    jp_toward_max: Decimal
    min_jp: Decimal | None
    max_jp: Decimal | None
    state: str


@dataclass(slots=True)
class PersonTotal:
    """One counted person of a year: their values as of the audit's day, their target and what counted.

    `jp`, `state`, `needed` and the rest are set by `judge()`; for a PPPK counted by contract year they are those of
    the contract year holding the day (`contract_years` lists every one overlapping the year).
    """

    nip: str
    name: str
    unit: str | None
    status: str
    min_jp: Decimal | None
    max_jp: Decimal | None
    # What counted, in hundredths of a JP, by kind and by form (see by_kind, by_form).
    kind_cents: dict[str, int] = field(default_factory=dict)
    form_cents: dict[str, int] = field(default_factory=dict)
    joined_in_year: bool = False
    left_in_year: bool = False
    unit_code: str | None = None
    supervisor: str | None = None
    jp: Decimal = ZERO
    mandiri_jp: Decimal = ZERO
    jp_toward_max: Decimal = ZERO
    state: str = "ok"
    needed: Decimal = ZERO
    contract_years: list[ContractYear] | None = None
    period: tuple[date, date] | None = None  # the contract year the figures are of; None: the calendar year
    requirements: list[RequirementResult] = field(default_factory=list)
    full_min_jp: Decimal | None = None  # the minimum before a partial year scaled it
    appointed: date | None = None
    joined: date | None = None
    left: date | None = None
    awaiting: int = 0  # the person's live entries of the year still unverified (the audit's per-unit column)

    # JP by kind and by form, made when asked: JSON writes the hundredths as they are, and a national year need
    # not make two dictionaries of Decimals per person that only a table reads.
    @property
    def by_kind(self) -> dict[str, Decimal]:
        return {k: _jp(c) for k, c in self.kind_cents.items()}

    @property
    def by_form(self) -> dict[str, Decimal]:
        return {f: _jp(c) for f, c in self.form_cents.items()}


@lru_cache(maxsize=1 << 16)
def _jp(cents: int) -> Decimal:
    # A national year repeats a few thousand distinct sums: one shared (immutable) Decimal each spares making and
    # keeping a million of them.
    return (Decimal(cents) / 100).quantize(CENT)


def requirement_results(requirements, status: str, tally: Tally) -> list[RequirementResult]:
    """Each requirement that applies to the status, met or not by what the period counted."""
    out = []
    for req in requirements:
        if status not in req.statuses:
            continue
        if req.kinds:
            cents = sum(tally.kind_cents.get(k, 0) for k in req.kinds)
        else:
            cents = sum(tally.form_cents.get(f, 0) for f in req.forms)
        jp = _jp(cents)
        out.append(RequirementResult(req.name, jp, req.min_jp, jp >= req.min_jp))
    return out


def _toward_max(tally: Tally, mandiri_counts: bool) -> Decimal:
    # Mandiri JP never push anyone over the maximum unless the policy says they count (spec 8).
    return _jp(tally.cents if mandiri_counts else tally.cents - tally.mandiri_cents)


def judge(person: PersonTotal, tally: Tally, *, mandiri_counts: bool, requirements=(),
          contract_years: list[ContractYear] | None = None) -> PersonTotal:
    """Set the person's figures from the tally of their period: JP, what counts toward the maximum, requirements,
    state (over beats short; over in any contract year is over) and what is still needed (the largest shortfall
    of the total and each requirement)."""
    kind_cents, own = tally.kind_cents, tally.mandiri_cents
    cents = sum(kind_cents.values())
    person.kind_cents, person.form_cents = kind_cents, tally.form_cents  # the tally is the person's alone
    jp = person.jp = _jp(cents)
    person.mandiri_jp = _jp(own)
    # As _toward_max, with the sum made once: judge runs for every person of a national year.
    toward = person.jp_toward_max = _jp(cents if mandiri_counts else cents - own)
    results = person.requirements = requirement_results(requirements, person.status, tally) if requirements else []
    person.contract_years = contract_years
    min_jp, max_jp = person.min_jp, person.max_jp
    over = (max_jp is not None and toward > max_jp) or (
        contract_years is not None and any(c.state == "over" for c in contract_years))
    shortfalls = [min_jp - jp] if min_jp is not None else []
    if results:
        shortfalls += [r.min_jp - r.jp for r in results]
    person.state = state_of(over=over, shortfalls=shortfalls, has_min=min_jp is not None)
    most = max(shortfalls) if shortfalls else ZERO
    person.needed = most.quantize(CENT) if most > 0 else NONE_NEEDED
    return person


def contract_year(start: date, end: date, tally: Tally, *, min_jp: Decimal | None, max_jp: Decimal | None,
                  mandiri_counts: bool) -> ContractYear:
    """One contract year's figures and state against the target (the PPPK maximum is per contract year)."""
    jp, toward = _jp(tally.cents), _toward_max(tally, mandiri_counts)
    state = state_of(over=max_jp is not None and toward > max_jp,
                     shortfalls=[min_jp - jp] if min_jp is not None else [], has_min=min_jp is not None)
    return ContractYear(start, end, jp, _jp(tally.mandiri_cents), toward, min_jp, max_jp, state)


@dataclass
class UnitSummary:
    unit: str
    headcount: int = 0
    met: int = 0
    short: int = 0
    over: int = 0
    ok: int = 0
    code: str | None = None  # the unit's code (None for everyone, or people without a unit)
    awaiting_verification: int = 0  # the people's live entries of the year still unverified

    def add(self, state: str, awaiting: int = 0) -> None:
        self.headcount += 1
        setattr(self, state, getattr(self, state) + 1)
        self.awaiting_verification += awaiting

    @property
    def compliance_rate(self) -> float:
        if not self.headcount:
            return 1.0
        return round((self.met + self.ok) / self.headcount, 4)


class Summary:
    """Everyone's tally and each unit's, by unit name and code, counted person by person as they come. `group` maps a
    person's unit (code, name) to the row they count in, for a per-unit table rolled up to a level of the tree."""

    def __init__(self, group: Callable[[str | None, str | None], tuple] | None = None) -> None:
        self.group = group
        self.overall = UnitSummary("(all)")
        self.units: dict[tuple[str, str], UnitSummary] = {}

    def add(self, person, waiting: int = 0) -> None:
        code, name = self.group(person.unit_code, person.unit) if self.group else (person.unit_code, person.unit)
        name = name or NO_UNIT
        unit = self.units.get((name, code or ""))
        if unit is None:  # made once per unit, not once per person as setdefault's argument would be
            unit = self.units[(name, code or "")] = UnitSummary(name, code=code)
        unit.add(person.state, waiting)
        self.overall.add(person.state, waiting)

    def result(self) -> tuple[UnitSummary, list[UnitSummary]]:
        return self.overall, [self.units[k] for k in sorted(self.units)]


def summarize(people: Iterable[PersonTotal], group: Callable[[str | None, str | None], tuple] | None = None,
              awaiting: dict[str, int] | None = None) -> tuple[UnitSummary, list[UnitSummary]]:
    """Everyone's tally and each unit's (see `Summary`); `awaiting` gives each NIP's entries still unverified."""
    awaiting = awaiting or {}
    summary = Summary(group)
    for person in people:
        summary.add(person, awaiting.get(person.nip, 0))
    return summary.result()


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


def remarks(p: PersonTotal) -> list[tuple[str, dict]]:
    """What a person's row must add for its figures to read right, as (key, params): `joined` or `left` during the
    year, `short_of` a requirement, `over_in` a PPPK contract year other than the one the row's JP are of."""
    said: list[tuple[str, dict]] = [(key, {}) for key, on in (("joined", p.joined_in_year),
                                                               ("left", p.left_in_year)) if on]
    said += [("short_of", {"name": r.name}) for r in p.requirements if not r.met]
    said += [("over_in", {"start": c.start.isoformat(), "end": c.end.isoformat()})
             for c in p.contract_years or () if c.state == "over" and (c.start, c.end) != p.period]
    return said
