"""A year's figures: each person's credited JP against the target (totals), one person's transcript (statement),
and the year-end audit with its findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timezone
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
    everyone: list = field(default_factory=list)  # Person: everyone asked about, counted or not


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
                       found.no_contract, found.everyone)


@dataclass
class Audit:
    figures: YearFigures
    overall: object  # UnitSummary of everyone
    units: list  # UnitSummary per unit
    findings: list  # Finding, most severe first
    units_of: dict = field(default_factory=dict)  # nip -> (unit, unit_code) of everyone asked about

    @property
    def failed(self) -> bool:
        from jpledger.core.compliance import audit_fails

        return audit_fails(self.figures.people, self.findings)


def audit(rt: Runtime, year: int, *, as_of: date | None = None, unit: str | None = None,
          level: int | None = None, conn=None) -> Audit:
    """The year's audit; `unit`: that unit and every unit below it; `level`: the per-unit table rolled up to that
    level of the tree (people in units above it keep their own unit's row)."""
    from jpledger.app.units import rolled_up
    from jpledger.core.compliance import sort_findings, summarize
    from jpledger.store.evidence import awaiting_by_nip
    from jpledger.store.findings import Scope, findings

    if conn is None:
        with rt.read().read() as own:
            return audit(rt, year, as_of=as_of, unit=unit, level=level, conn=own)
    year_figures = figures(rt, year, as_of=as_of, unit=unit, conn=conn)
    scope = Scope(year, rt.today, year_figures.people, year_figures.withheld, year_figures.capped,
                  year_figures.no_contract, year_figures.everyone, year_figures.outside, year_figures.policy)
    found = sort_findings(findings(conn, scope))
    awaiting = awaiting_by_nip(conn, year)
    overall, units = summarize(year_figures.people, rolled_up(conn, level) if level else None, awaiting)
    return Audit(year_figures, overall, units, found, {p.nip: (p.unit, p.unit_code) for p in year_figures.everyone})


# --- the audit as its JSON document; a closed year's stored one -----------------------------------------------

def jp_json(value: Decimal | None) -> float | None:
    """A JP figure for JSON: a number with at most two decimals."""
    return None if value is None else float(Decimal(value).quantize(Decimal("0.01")))


def person_json(p) -> dict:
    """A counted person as `totals` and `audit` give them in JSON (and, flattened, in CSV)."""
    data = {"nip": p.nip, "name": p.name, "unit": p.unit, "unit_code": p.unit_code, "status": p.status,
            "jp": float(p.jp), "min_jp": jp_json(p.min_jp), "max_jp": jp_json(p.max_jp),
            "needed": float(p.needed), "state": p.state,
            "by_kind": {k: float(v) for k, v in sorted(p.by_kind.items()) if v},
            "by_form": {k: float(v) for k, v in sorted(p.by_form.items()) if v},
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


def audit_document(done: Audit, stream: bool = False) -> dict:
    """The audit as `audit --format json` prints it (section 6 of the contract); with `stream`, its people come as
    an iterator making each record as it is written, so a national audit never holds them all."""
    year_figures = done.figures
    people = (person_json(p) for p in year_figures.people)
    return {"year": year_figures.year, "as_of": year_figures.as_of, "policy": year_figures.policy.name,
            "summary": unit_json(done.overall, with_name=False), "units": [unit_json(u) for u in done.units],
            "people": people if stream else list(people),
            "findings": [f.as_dict() for f in done.findings]}


@dataclass
class AuditReport:
    """An audit as a document (its JSON), whether it fails, and for a closed year's stored report who closed the
    year, when and why."""

    document: dict
    failed: bool
    closed: dict | None = None  # {"at", "actor", "reason"}
    verified_only: bool = False  # the policy in use counts verified entries only (`count: verified`)


def audit_report(rt: Runtime, year: int, *, as_of: date | None = None, unit: str | None = None,
                 level: int | None = None, stream: bool = False) -> AuditReport:
    """The year's audit: for a closed year (as of its last day) the report stored when it was closed, so it reads
    as it was reported whatever changed since; else counted from the ledger as it stands. With `stream`, the
    document's people are an iterator (see `audit_document`)."""
    from jpledger.store.officers import access
    from jpledger.store.years import year_lock

    with rt.read().read() as conn:
        # An officer kept to some units counts their people from the ledger (the stored report names everyone's).
        lock = year_lock(conn, year, report=not access(conn).scoped)
        if lock is not None and lock["report"] and as_of in (None, date(year, 12, 31)):
            from jpledger.store.policies import active_policy

            stored = _stored(conn, lock, unit, level)
            stored.verified_only = active_policy(conn)[1].count == "verified"
            return stored
        done = audit(rt, year, as_of=as_of, unit=unit, level=level, conn=conn)
    return AuditReport(audit_document(done, stream), done.failed,
                       verified_only=done.figures.policy.count == "verified")


def stored_report(done: Audit) -> str:
    """The audit as the ledger keeps it for a closed year: its JSON document, and for each finding the code and
    parameters its message is worded from, so the stored report reads in whichever language asks for it later."""
    import json

    wording = [{"wording": f.wording, "params": {k: _encoded(v) for k, v in f.params.items()},
                "unit": list(done.units_of.get(f.nip, (None, None)))} for f in done.findings]
    return json.dumps({"document": audit_document(done), "findings": wording}, ensure_ascii=False,
                      default=_plain)


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
        overall, units = summarize([person(p) for p in people], rolled_up(conn, level) if level else None)
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
