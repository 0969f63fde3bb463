"""A year's figures: each person's credited JP against the target (totals), one person's transcript (statement),
and the year-end audit with its findings."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timezone
from decimal import Decimal
from typing import Callable, Iterable, Iterator

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
    people: Iterable  # PersonTotal in report order: a list, or streamed (see `counting`)
    # store.years.YearTotals: what the count found beside the people (caps withheld, entries outside employment,
    # everyone asked about...), complete once `people` has been read through.
    found: object


def figures(rt: Runtime, year: int, *, as_of: date | None = None, unit: str | None = None,
            status: str | None = None, conn=None, stream: bool = False, waiting: bool = False) -> YearFigures:
    """Each counted person's JP of the year as of a day (default: the year's end, or today while it runs). With
    `stream` (and `conn`), `people` is an iterator judging each person as their rows are read: the rest of the
    figures are complete once it has been read through. With `waiting`, each person's `awaiting` is counted too
    (the audit's per-unit column)."""
    from jpledger.store.reads import active_policy
    from jpledger.store.years import year_run, year_totals

    cutoff = as_of or default_as_of(year, rt.today)
    if conn is None:
        with rt.reading_through() as own:
            return figures(rt, year, as_of=cutoff, unit=unit, status=status, conn=own)
    _, policy, _ = active_policy(conn)
    found = (year_run if stream else year_totals)(conn, policy, year, cutoff, unit=unit, status=status,
                                                   waiting=waiting)
    return YearFigures(year, cutoff, rt.today, policy, found.people, found)


@contextmanager
def counting(rt: Runtime, year: int, *, as_of: date | None = None, unit: str | None = None,
             status: str | None = None) -> Iterator[YearFigures]:
    """The year's figures with their people streamed: read them within the `with` block, while the ledger is open.
    A national year is never held whole, as people or as records."""
    with rt.reading_through() as conn:
        yield figures(rt, year, as_of=as_of, unit=unit, status=status, conn=conn, stream=True)


@dataclass
class Audit:
    figures: YearFigures
    overall: object  # UnitSummary of everyone
    units: list  # UnitSummary per unit
    findings: list  # Finding, most severe first
    units_of: dict = field(default_factory=dict)  # nip -> (unit, unit_code) of the people asked about found
    failing: bool = False  # someone is short or over

    @property
    def failed(self) -> bool:
        """Exit 1 for the audit: someone short or over, or any error finding."""
        return self.failing or any(f.severity == "error" for f in self.findings)


class _AuditCount:
    """An audit as it is counted: `people()` yields each counted person as they are judged, adding them to the
    per-unit rows and noting what their figures say; `finish()` then runs the rules over the ledger. A national
    audit holds its per-unit rows and findings, never its people."""

    def __init__(self, rt: Runtime, conn, year: int, as_of: date | None, unit: str | None, level: int | None,
                 stream: bool) -> None:
        from jpledger.app.units import rolled_up
        from jpledger.core.compliance import Summary

        self.conn = conn
        self.figures = figures(rt, year, as_of=as_of, unit=unit, conn=conn, stream=stream, waiting=True)
        self.summary = Summary(rolled_up(conn, level) if level else None)
        self.about: list = []
        self.failing = False
        self.done: Audit | None = None

    def people(self) -> Iterator:
        from jpledger.store.findings import about_person

        add, about = self.summary.add, self.about
        for p in self.figures.people:
            add(p, p.awaiting)
            if p.joined_in_year or p.left_in_year or p.requirements:
                about += about_person(p)
            if p.state == "short" or p.state == "over":
                self.failing = True
            yield p

    def finish(self, units_of: bool = False) -> Audit:
        """The findings and per-unit rows, once `people()` has been read through (with `units_of`, the unit of each
        person asked about that a finding names, as a closed year's stored report keeps it)."""
        if self.done is not None:
            return self.done
        from jpledger.core.compliance import sort_findings
        from jpledger.store.findings import Scope, findings, year_scan
        from jpledger.store.years import people_on

        f = self.figures
        scope = Scope(f.year, f.today, f.policy, f.found, self.about, year_scan(self.conn, f.year))
        found = sort_findings(findings(self.conn, scope))
        where = {}
        if units_of:
            named = {x.nip for x in found if x.nip and scope.covers(x.nip)}
            where = {p.nip: (p.unit, p.unit_code) for p in people_on(self.conn, f.as_of, nips=named)} if named else {}
        overall, units = self.summary.result()
        self.done = Audit(f, overall, units, found, where, self.failing)
        return self.done


def audit(rt: Runtime, year: int, *, as_of: date | None = None, unit: str | None = None,
          level: int | None = None, conn=None, units_of: bool = False) -> Audit:
    """The year's audit; `unit`: that unit and every unit below it; `level`: the per-unit table rolled up to that
    level of the tree (people in units above it keep their own unit's row); `units_of`: see `_AuditCount.finish`."""
    if conn is None:
        with rt.reading_through() as own:
            return audit(rt, year, as_of=as_of, unit=unit, level=level, conn=own, units_of=units_of)
    count = _AuditCount(rt, conn, year, as_of, unit, level, stream=False)
    people = list(count.people())
    done = count.finish(units_of)
    done.figures.people = people
    return done


# --- the audit as its JSON document; a closed year's stored one -----------------------------------------------

def jp_json(value: Decimal | None) -> float | None:
    """A JP figure for JSON: a number with at most two decimals."""
    if value is None:
        return None
    # Targets: a handful of values, written for every person of a national year.
    number = _JP_NUMBERS.get(value)
    if number is None:
        number = _JP_NUMBERS[value] = float(Decimal(value).quantize(Decimal("0.01")))
    return number


_JP_NUMBERS: dict = {}


def person_json(p) -> dict:
    """A counted person as `totals` and `audit` give them in JSON (and, flattened, in CSV)."""
    data = {"nip": p.nip, "name": p.name, "unit": p.unit, "unit_code": p.unit_code, "status": p.status,
            "jp": float(p.jp), "min_jp": jp_json(p.min_jp), "max_jp": jp_json(p.max_jp),
            "needed": float(p.needed), "state": p.state,
            # A hundredth over 100 is the nearest float to the JP, as float() of its Decimal is.
            "by_kind": {k: c / 100 for k, c in sorted(p.kind_cents.items()) if c},
            "by_form": {k: c / 100 for k, c in sorted(p.form_cents.items()) if c},
            "mandiri_jp": float(p.mandiri_jp), "jp_toward_max": float(p.jp_toward_max),
            "joined_in_year": p.joined_in_year, "left_in_year": p.left_in_year,
            "requirements": [{"name": r.name, "jp": float(r.jp), "min_jp": float(r.min_jp), "met": r.met}
                             for r in p.requirements]}
    if p.full_min_jp != p.min_jp:
        data["full_min_jp"] = jp_json(p.full_min_jp)
    if p.contract_years is not None:
        data["contract_years"] = [contract_json(c) for c in p.contract_years]
    return data


def contract_json(c) -> dict:
    return {"start": c.start, "end": c.end, "jp": float(c.jp), "max_jp": jp_json(c.max_jp), "state": c.state,
            "mandiri_jp": float(c.mandiri_jp), "jp_toward_max": float(c.jp_toward_max),
            "min_jp": jp_json(c.min_jp)}


def unit_json(u, with_name: bool = True) -> dict:
    data = {"unit": u.unit, "unit_code": u.code} if with_name else {}
    return data | {"headcount": u.headcount, "met": u.met, "short": u.short, "over": u.over, "ok": u.ok,
                   "compliance_rate": u.compliance_rate, "awaiting_verification": u.awaiting_verification}


def audit_document(done: Audit) -> dict:
    """The audit as `audit --format json` prints it (section 6 of the contract)."""
    year_figures = done.figures
    return {"year": year_figures.year, "as_of": year_figures.as_of, "policy": year_figures.policy.name,
            "summary": unit_json(done.overall, with_name=False), "units": [unit_json(u) for u in done.units],
            "people": [person_json(p) for p in year_figures.people],
            "findings": [f.as_dict() for f in done.findings]}


def _streamed_document(count: _AuditCount) -> dict:
    """The same document with its people streamed: each record made as it is written, and the values that depend
    on everyone (the summary and per-unit rows before the people, the findings after) given as functions the
    writer calls once the people have been written; the findings, too, are worded as they are written."""
    f = count.figures
    return {"year": f.year, "as_of": f.as_of, "policy": f.policy.name,
            "summary": lambda: unit_json(count.finish().overall, with_name=False),
            "units": lambda: [unit_json(u) for u in count.finish().units],
            "people": (person_json(p) for p in count.people()),
            "findings": lambda: (x.as_dict() for x in count.finish().findings)}


@dataclass
class AuditReport:
    """An audit as a document (its JSON), whether it fails, and for a closed year's stored report who closed the
    year, when and why."""

    document: dict
    failing: bool | Callable[[], bool]  # a streamed document's says so once the document has been written
    closed: dict | None = None  # {"at", "actor", "reason"}
    verified_only: bool = False  # the policy in use counts verified entries only (`count: verified`)

    @property
    def failed(self) -> bool:
        return self.failing() if callable(self.failing) else self.failing


def audit_report(rt: Runtime, year: int, *, as_of: date | None = None, unit: str | None = None,
                 level: int | None = None) -> AuditReport:
    """The year's audit: for a closed year (as of its last day) the report stored when it was closed, so it reads
    as it was reported whatever changed since; else counted from the ledger as it stands."""
    with reading_audit(rt, year, as_of=as_of, unit=unit, level=level) as report:
        return report


@contextmanager
def reading_audit(rt: Runtime, year: int, *, as_of: date | None = None, unit: str | None = None,
                  level: int | None = None, stream: bool = False) -> Iterator[AuditReport]:
    """`audit_report` to be read within the `with` block: with `stream`, the document's people are an iterator and
    its summary, per-unit rows and findings functions (see `_streamed_document`), so a national audit never holds
    its people; they are counted as the document is written, while the ledger is open."""
    from jpledger.store.reads import scoped
    from jpledger.store.years import counts_verified_only, year_lock

    with rt.reading_through() as conn:
        # An officer kept to some units counts their people from the ledger (the stored report names everyone's).
        lock = year_lock(conn, year, report=not scoped(conn))
        if lock is not None and lock["report"] and as_of in (None, date(year, 12, 31)):
            from jpledger.store.reads import active_policy

            stored = _stored(conn, lock, unit, level)
            stored.verified_only = counts_verified_only(active_policy(conn)[1])
            yield stored
            return
        if not stream:
            done = audit(rt, year, as_of=as_of, unit=unit, level=level, conn=conn)
            yield AuditReport(audit_document(done), done.failed,
                              verified_only=counts_verified_only(done.figures.policy))
            return
        count = _AuditCount(rt, conn, year, as_of, unit, level, stream=True)
        yield AuditReport(_streamed_document(count), lambda: count.finish().failed,
                          verified_only=counts_verified_only(count.figures.policy))


def stored_report(done: Audit) -> str:
    """The audit as the ledger keeps it for a closed year: its JSON document, and for each finding the code and
    parameters its message is worded from, so the stored report reads in whichever language asks for it later."""
    import json

    wording = [{"wording": f.wording, "params": {k: _encoded(v) for k, v in f.params.items()},
                "unit": list(done.units_of.get(f.nip, (None, None)))} for f in done.findings]
    # Each person's entries awaiting verification, for per-unit rows counted again when a unit is asked for.
    awaiting = {p.nip: p.awaiting for p in done.figures.people if getattr(p, "awaiting", 0)}
    return json.dumps({"document": audit_document(done), "findings": wording, "awaiting": awaiting},
                      ensure_ascii=False, default=_plain)


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON")


def _encoded(value):
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, Decimal):
        return {"decimal": str(value)}
    return value


def _decoded(value):
    if isinstance(value, dict) and "date" in value:
        return date.fromisoformat(value["date"])
    if isinstance(value, dict) and "decimal" in value:
        return Decimal(value["decimal"])
    return value


def _stored(conn, lock: dict, unit: str | None, level: int | None = None) -> AuditReport:
    """A closed year's stored report, its findings worded in the reader's language, limited to a unit if asked."""
    import json
    from types import SimpleNamespace

    from jpledger.codes import message
    from jpledger.store.years import unit_matcher

    data = json.loads(lock["report"])
    document = data["document"]
    findings = document["findings"]
    for finding, kept in zip(findings, data["findings"]):
        params = {k: _decoded(v) for k, v in kept["params"].items()}
        finding["message"] = message(kept["wording"] or finding["code"], params)
    match = unit_matcher(conn, unit)
    if match is not None or level:
        # The per-unit rows are counted again from the stored people: those of the unit asked for, rolled up to
        # the level asked for (in today's unit tree).
        from jpledger.app.units import rolled_up
        from jpledger.core.compliance import summarize

        def person(p: dict):
            return SimpleNamespace(nip=p["nip"], unit=p["unit"], unit_code=p.get("unit_code"), state=p["state"])

        people = [p for p in document["people"] if match is None or match(person(p))]
        # A report stored before it kept `awaiting` counts none: what it was closed with did not say.
        overall, units = summarize([person(p) for p in people], rolled_up(conn, level) if level else None,
                                   awaiting=data.get("awaiting", {}))
        document["people"], document["units"] = people, [unit_json(u) for u in units]
        document["summary"] = unit_json(overall, with_name=False)
    if match is not None:
        document["findings"] = [f for f, kept in zip(findings, data["findings"])
                                if f["nip"] is None or match(SimpleNamespace(unit=kept["unit"][0],
                                                                             unit_code=kept["unit"][1]))]
    at = lock["at"]
    if at.tzinfo is not None:  # PostgreSQL hands the moment back in the session's time zone
        at = at.astimezone(timezone.utc)
    document["closed"] = {"at": at.strftime("%Y-%m-%dT%H:%M:%SZ"), "actor": lock["actor"], "reason": lock["reason"]}
    failed = (any(p["state"] in ("short", "over") for p in document["people"])
              or any(f["severity"] == "error" for f in document["findings"]))
    return AuditReport(document, failed, document["closed"])


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
    running: Decimal  # the total so far of the entry's period (its contract year, for a PPPK counted by them)
    why_not: str | None = None
    day_capped: Decimal = Decimal("0.00")
    contract_year: date | None = None  # the start of the contract year the entry counts in


@dataclass
class Statement:
    person: dict
    year: int
    as_of: date
    total: object  # PersonTotal: target, state, requirements, contract years
    entries: list[StatementEntry]


def statement(rt: Runtime, nip: str, year: int, *, as_of: date | None = None) -> Statement:
    """One person's transcript: counts what `totals` and `audit` count (entries ending by `as_of`).

    A PPPK counted by contract year sees every contract year overlapping the year with the entries of each (some
    from the calendar years around it), and the year's entries that fall in none of them, which count toward none.
    """
    from jpledger.core.compliance import PersonTotal, Tally, judge
    from jpledger.store.reads import active_policy, list_activities, require_staff
    from jpledger.store.years import entry_figures, year_totals

    cutoff = as_of or default_as_of(year, rt.today)

    def read(conn):
        person = require_staff(conn, nip)
        _, policy, _ = active_policy(conn)
        found = year_totals(conn, policy, year, cutoff, nips=[nip])  # this person alone, not the whole ledger
        if found.people:
            total = found.people[0]
        else:  # not counted this year (not yet appointed, or left before it): the target and nothing counted
            target = policy.target(person["status"])
            total = judge(PersonTotal(nip, person["name"], person["unit"], person["status"], target.min_jp,
                                      target.max_jp), Tally(), mandiri_counts=False)
        windows = [(c.start, c.end) for c in total.contract_years or []]
        rows = [r for r in list_activities(conn, nip=nip)
                if r["end"] <= cutoff and (r["year"] == year or any(a <= day_of(policy, r) <= b for a, b in windows))]
        return person, policy, total, windows, rows, entry_figures(conn, policy, rows)

    def day_of(policy, row: dict) -> date:
        return row["end"] if policy.year_of != "start" else row["start"]

    person, policy, total, windows, rows, figures = rt.reading(read)
    entries = []
    running: dict[date | None, Decimal] = {}
    for r in rows:
        f = figures[r["id"]]
        window = next((a for a, b in windows if a <= day_of(policy, r) <= b), None)
        counted, withheld, why_not = f.counted, f.withheld, f.why_not
        if windows and window is None and why_not is None:
            counted, withheld, why_not = Decimal("0.00"), Decimal("0.00"), "no_contract_year"
        running[window] = running.get(window, Decimal(0)) + counted
        entries.append(StatementEntry(r["id"], r["kind"], r["code"], r["title"], r["start"], r["end"], f.credited,
                                      withheld, counted, running[window], why_not,
                                      cents_to_jp(r["day_capped_cents"]), window))
    return Statement(person, year, cutoff, total, entries)
