"""A year's figures: each person's credited JP against the target (totals), one person's transcript (statement),
and the year-end audit with its findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from jpledger.app.runtime import Runtime


def default_as_of(year: int, today: date) -> date:
    """The year's last day, or today while the year is still running."""
    end = date(year, 12, 31)
    return today if today < end else end


@dataclass
class YearFigures:
    year: int
    as_of: date
    today: date
    policy: object
    people: list  # PersonTotal
    withheld: dict[int, Decimal]  # activity id -> JP a monthly cap held back
    capped: list


def figures(rt: Runtime, year: int, *, as_of: date | None = None, unit: str | None = None,
            status: str | None = None, conn=None) -> YearFigures:
    """Each counted person's JP of the year as of a day (default: the year's end, or today while it runs)."""
    from jpledger.store.policies import active_policy
    from jpledger.store.years import year_totals

    cutoff = as_of or default_as_of(year, rt.today)
    if conn is None:
        with rt.read().read() as own:
            return figures(rt, year, as_of=cutoff, unit=unit, status=status, conn=own)
    _, policy, _ = active_policy(conn)
    people, withheld, capped = year_totals(conn, policy, year, cutoff, unit=unit, status=status)
    return YearFigures(year, cutoff, rt.today, policy, people, withheld, capped)


@dataclass
class Audit:
    figures: YearFigures
    overall: object  # UnitSummary of everyone
    units: list  # UnitSummary per unit
    findings: list  # Finding, most severe first

    @property
    def failed(self) -> bool:
        from jpledger.core.compliance import audit_fails

        return audit_fails(self.figures.people, self.findings)


def audit(rt: Runtime, year: int, *, as_of: date | None = None, unit: str | None = None) -> Audit:
    from jpledger.core.compliance import sort_findings, summarize
    from jpledger.store.findings import Scope, findings

    with rt.read().read() as conn:
        year_figures = figures(rt, year, as_of=as_of, unit=unit, conn=conn)
        scope = Scope(year, rt.today, year_figures.people, year_figures.withheld, year_figures.capped)
        found = sort_findings(findings(conn, scope))
    overall, units = summarize(year_figures.people)
    return Audit(year_figures, overall, units, found)


@dataclass
class StatementEntry:
    id: int
    kind: str
    code: str
    title: str
    start: date
    end: date
    jp: Decimal  # what counted
    withheld: Decimal
    running: Decimal
    caps: list[tuple[str, Decimal]] = field(default_factory=list)  # ("monthly" | "daily", JP withheld)


@dataclass
class Statement:
    person: dict
    year: int
    as_of: date
    target: object
    entries: list[StatementEntry]

    @property
    def jp(self) -> Decimal:
        return self.entries[-1].running if self.entries else Decimal(0)

    @property
    def state(self) -> str:
        from jpledger.core.compliance import state_of

        return state_of(self.jp, self.target.min_jp, self.target.max_jp)


def statement(rt: Runtime, nip: str, year: int, *, as_of: date | None = None) -> Statement:
    """One person's transcript: counts what `totals` and `audit` count (entries ending by `as_of`)."""
    from jpledger.core.compliance import cents_to_jp, monthly_withheld
    from jpledger.store.activities import list_activities
    from jpledger.store.policies import active_policy
    from jpledger.store.staff import require_staff
    from jpledger.store.years import capped_entries

    cutoff = as_of or default_as_of(year, rt.today)
    with rt.read().read() as conn:
        person = require_staff(conn, nip)
        _, policy, _ = active_policy(conn)
        rows = [r for r in list_activities(conn, nip=nip, year=year) if r["end"] <= cutoff]
        withheld = monthly_withheld(capped_entries(conn, year, cutoff, {nip}))
    running = Decimal(0)
    entries = []
    for r in rows:
        lost = withheld.get(r["id"], Decimal("0.00"))
        counted = cents_to_jp(r["jp_cents"]) - lost
        running += counted
        caps = []
        if lost:
            caps.append(("monthly", lost))
        if r["day_capped_cents"]:
            caps.append(("daily", cents_to_jp(r["day_capped_cents"])))
        entries.append(StatementEntry(r["id"], r["kind"], r["code"], r["title"], r["start"], r["end"], counted,
                                      lost + cents_to_jp(r["day_capped_cents"]), running, caps))
    return Statement(person, year, cutoff, policy.target(person["status"]), entries)
