"""A year's figures: each person's credited JP against the target (totals), one person's transcript (statement),
and the year-end audit with its findings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from jpledger.app.runtime import Runtime
from jpledger.core.compliance import cents_to_jp


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
    outside: dict[int, str]  # activity id -> nip: entries outside employment
    no_contract: list[str]  # PPPK counted by the calendar year for want of a contract


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
    found = year_totals(conn, policy, year, cutoff, unit=unit, status=status)
    return YearFigures(year, cutoff, rt.today, policy, found.people, found.withheld, found.capped, found.outside,
                       found.no_contract)


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
    from jpledger.store.evidence import awaiting_by_nip
    from jpledger.store.findings import Scope, findings

    with rt.read().read() as conn:
        year_figures = figures(rt, year, as_of=as_of, unit=unit, conn=conn)
        scope = Scope(year, rt.today, year_figures.people, year_figures.withheld, year_figures.capped,
                      year_figures.policy)
        found = sort_findings(findings(conn, scope))
        awaiting = awaiting_by_nip(conn, year)
    overall, units = summarize(year_figures.people, awaiting)
    return Audit(year_figures, overall, units, found)


@dataclass
class StatementEntry:
    id: int
    kind: str
    code: str
    title: str
    start: date
    end: date
    credited: Decimal
    withheld: Decimal
    counted: Decimal
    running: Decimal
    why_not: str | None = None
    day_capped: Decimal = Decimal("0.00")
    contract_year: int | None = None  # index into the statement's contract years


@dataclass
class Statement:
    person: dict
    year: int
    as_of: date
    total: object  # PersonTotal: target, state, requirements, contract years
    entries: list[StatementEntry]


def statement(rt: Runtime, nip: str, year: int, *, as_of: date | None = None) -> Statement:
    """One person's transcript: counts what `totals` and `audit` count (entries ending by `as_of`); a PPPK counted
    by contract year sees every contract year overlapping the year and the entries of each."""
    from jpledger.core.compliance import PersonTotal, Tally, judge
    from jpledger.store.activities import list_activities
    from jpledger.store.policies import active_policy
    from jpledger.store.staff import require_staff
    from jpledger.store.years import entry_figures, year_totals

    cutoff = as_of or default_as_of(year, rt.today)
    with rt.read().read() as conn:
        person = require_staff(conn, nip)
        _, policy, _ = active_policy(conn)
        found = year_totals(conn, policy, year, cutoff, match=lambda p: p.nip == nip)
        if found.people:
            total = found.people[0]
        else:  # not counted this year (not yet appointed, or left before it): the target and nothing counted
            target = policy.target(person["status"])
            total = judge(PersonTotal(nip, person["name"], person["unit"], person["status"], target.min_jp,
                                      target.max_jp), Tally(), mandiri_counts=False)
        windows = total.contract_years or []
        if windows:
            rows = [r for r in list_activities(conn, nip=nip) if windows[0].start <= r["end"] <= windows[-1].end]
        else:
            rows = list_activities(conn, nip=nip, year=year)
        rows = [r for r in rows if r["end"] <= cutoff]
        figures = entry_figures(conn, policy, rows)
    running = Decimal(0)
    entries = []
    for r in rows:
        f = figures[r["id"]]
        running += f.counted
        held = next((i for i, w in enumerate(windows) if w.start <= r["end"] <= w.end), None) if windows else None
        entries.append(StatementEntry(r["id"], r["kind"], r["code"], r["title"], r["start"], r["end"], f.credited,
                                      f.withheld, f.counted, running, f.why_not,
                                      cents_to_jp(r["day_capped_cents"]), held))
    return Statement(person, year, cutoff, total, entries)
