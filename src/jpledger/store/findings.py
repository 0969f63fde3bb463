"""The audit's findings in the data: small rules, each asking SQL for the exceptions and returning coded findings.

Every rule takes the same `Scope` (the year, today, the counted people, everyone asked about, what caps withheld
and which entries lie outside employment) and yields `Finding`s with a stable code from `jpledger.codes.FINDINGS`;
`findings()` runs them all. Rules about entries cover every entry of the year of everyone asked about, counted or
not: a leave typed years too early must not hide a person's entries from the audit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace
from typing import Callable, Iterable, Iterator

from jpledger.core import employment
from jpledger.core.compliance import Finding, PersonTotal, cents_to_jp
from jpledger.store import sql
from jpledger.store.sql import chunks
from jpledger.store.years import YearTotals, counts_verified_only, locked_years

# The year's live entries (the rules' SQL names columns of the activity table; `a.` where a join needs it).
LIVE = "a.year = :year AND a.voided = FALSE"


@dataclass
class Scope:
    year: int
    today: date
    policy: object  # the policy in use: which kinds need evidence, whether only verified entries count
    # What the year's count found beside each person's figures: whom it asked about, what caps withheld, the entries
    # outside employment, the PPPK without a contract, their contracts (store/years.py).
    found: YearTotals
    # What the counted people's own figures say (joined or left in the year, a requirement unmet), gathered as they
    # were counted: see `about_person`.
    about_people: list[Finding] = field(default_factory=list)
    scan: str = ""  # how the rules best read the year's entries where no index holds their columns (`year_scan`)

    def covers(self, nip: str) -> bool:
        """Whether the person is one the audit asks about (counted or not)."""
        return self.found.asked.covers(nip)

    def counts(self, nip: str) -> bool:
        """Whether the person is counted in the year."""
        return self.found.asked.counts(nip)


def year_scan(conn, year: int) -> str:
    """What follows `FROM activity [alias]` in a query over a year's entries that reads columns no index holds.

    Through the year's index, SQLite looks each entry up in the table, in index order: about four times the cost of
    reading the table straight through. So on SQLite, when the year holds more than a quarter of the ledger's
    entries (a young ledger, a benchmark), the table is read in its own order (NOT INDEXED); an older ledger's
    year is found through the index. PostgreSQL's planner weighs this itself."""
    if not sql.on_sqlite(conn):
        return ""
    everything = sql.scalar(conn, "SELECT COUNT(*) FROM activity") or 0
    theirs = sql.scalar(conn, "SELECT COUNT(*) FROM activity WHERE year = :year", year=year) or 0
    return " NOT INDEXED" if theirs * 4 > everything else ""


def _rows(conn, query: str, /, **params) -> list[SimpleNamespace]:
    """The rows of a query with their columns as attributes (`r.nip`), typed."""
    return [SimpleNamespace(**row) for row in sql.rows(conn, query, **params)]


def about_person(p: PersonTotal) -> list[Finding]:
    """What a counted person's own figures say: joined or left during the year, each requirement unmet."""
    found = []
    if p.joined_in_year:
        found.append(Finding("JOINED_DURING_YEAR", p.nip, None))
    if p.left_in_year:
        found.append(Finding("LEFT_DURING_YEAR", p.nip, None))
    for r in p.requirements:
        if not r.met:
            found.append(Finding("REQUIREMENT_UNMET", p.nip, None, {"name": r.name, "jp": r.jp, "min_jp": r.min_jp}))
    return found


Rule = Callable[[object, Scope], Iterable[Finding]]


def future_activity(conn, scope: Scope) -> Iterator[Finding]:
    rows = sql.tuples(conn, f'SELECT a.id, a.nip, a."end" FROM activity a WHERE {LIVE} AND a."end" > :today',
                      year=scope.year, today=scope.today)
    for id_, nip, end in rows:
        if scope.covers(nip):
            yield Finding("FUTURE_ACTIVITY", nip, id_, {"end": end})


def outside_employment(conn, scope: Scope) -> Iterator[Finding]:
    """Entries wholly before the start of service or after leaving: not credited, an error until the dates are
    fixed or the entry is voided."""
    people = scope.found.asked.people
    for chunk in chunks(sorted(scope.found.outside)):
        for r in _rows(conn, 'SELECT id, nip, start, "end" FROM activity WHERE id IN :ids', ids=chunk):
            person = people.get(r.nip)
            if person is None:
                continue
            if person.left is not None and r.start > person.left:
                yield Finding("OUTSIDE_EMPLOYMENT", r.nip, r.id, {"start": r.start, "end": r.end,
                                                                 "left": person.left},
                              wording="OUTSIDE_EMPLOYMENT_LEFT")
            else:
                yield Finding("OUTSIDE_EMPLOYMENT", r.nip, r.id, {"start": r.start, "end": r.end,
                                                                 "appointed": person.appointed})


def earned_before_joining(conn, scope: Scope) -> Iterator[Finding]:
    """Entries between the start of service and joining this agency (earned at the previous one): credited, and
    said so."""
    first = date(scope.year, 1, 1)
    movers = {nip: p for nip, p in scope.found.asked.people.items() if p.joined is not None and p.joined > first}
    for chunk in chunks(sorted(movers)):
        rows = _rows(conn, f'SELECT a.id, a.nip, a.start, a."end" FROM activity a WHERE {LIVE} AND a.nip IN :nips '
                           "ORDER BY a.id", year=scope.year, nips=chunk)
        for r in rows:
            person = movers[r.nip]
            if r.id not in scope.found.outside and employment.before_joining(r.end, person.appointed, person.joined):
                yield Finding("EARNED_BEFORE_JOINING", r.nip, r.id, {"start": r.start, "end": r.end,
                                                                    "joined": person.joined})


def coaching_supervisor(conn, scope: Scope) -> Iterator[Finding]:
    # The supervisor's own row (boss) gives their name beside the NIP. Coaching by the supervisor is the rule: only
    # the exceptions come back from SQL (IS NOT: a coach with no NIP differs from any supervisor).
    distinct = "IS NOT" if sql.on_sqlite(conn) else "IS DISTINCT FROM"
    query = ("SELECT a.id, a.nip, a.coach, a.coach_nip, s.supervisor, boss.name AS supervisor_name "
             f"FROM activity a{scope.scan} JOIN staff s ON s.nip = a.nip "
             "LEFT OUTER JOIN staff boss ON boss.nip = s.supervisor "
             f"WHERE {LIVE} AND a.kind = 'coaching' AND (s.supervisor IS NULL OR a.coach_nip {distinct} s.supervisor)")
    for r in _rows(conn, query, year=scope.year):
        if not scope.covers(r.nip):
            continue
        # Coaching recorded through `record training --kind coaching` (or a roster) may name no coach.
        params = {"coach": r.coach,
                  "supervisor": f"{r.supervisor_name} ({r.supervisor})" if r.supervisor_name else r.supervisor}
        if r.supervisor is None:
            yield Finding("NO_SUPERVISOR", r.nip, r.id, params,
                          wording="NO_SUPERVISOR" if r.coach else "NO_SUPERVISOR_NO_COACH")
        elif r.coach_nip != r.supervisor:
            yield Finding("COACH_NOT_SUPERVISOR", r.nip, r.id, params,
                          wording="COACH_NOT_SUPERVISOR" if r.coach else "COACH_NOT_SUPERVISOR_NO_COACH")


def monthly_cap(conn, scope: Scope) -> Iterator[Finding]:
    by_id = {e.id: e for e in scope.found.capped}
    for entry_id, lost in sorted(scope.found.withheld.items()):
        e = by_id[entry_id]
        yield Finding("MONTHLY_CAP_WITHHELD", e.nip, entry_id,
                      {"kind": e.kind, "month": f"{e.day:%Y-%m}", "jp": lost, "cap": e.month_cap})


def daily_cap(conn, scope: Scope) -> Iterator[Finding]:
    """Entries a per-day cap cut (of the people asked about), and entries credited with the JP their imported file
    gave where the policy would have credited otherwise (every one of them, counted or not, so an officer can check
    each figure typed by hand): neither column is indexed, so one pass over the year's entries finds both."""
    query = ("SELECT a.id, a.nip, a.kind, a.day_capped_cents, a.jp_as_given, a.jp_cents, a.batch "
             f"FROM activity a{scope.scan} WHERE {LIVE} AND (a.day_capped_cents > 0 OR a.jp_as_given = TRUE)")
    for r in _rows(conn, query, year=scope.year):
        if (r.day_capped_cents or 0) > 0 and scope.covers(r.nip):
            yield Finding("DAILY_CAP_WITHHELD", r.nip, r.id, {"kind": r.kind, "jp": cents_to_jp(r.day_capped_cents)})
        if r.jp_as_given:
            yield Finding("JP_AS_GIVEN", r.nip, r.id, {"jp": cents_to_jp(r.jp_cents), "batch": r.batch})


def duplicates(conn, scope: Scope) -> Iterator[Finding]:
    """Live entries sharing person, kind, dates and title with an earlier one.

    Grouping a national year by title would sort every entry, and so would grouping it by end date: the covering
    index orders entries by person, kind and form, then mandiri and verification before the end date. So SQL finds,
    in index order, the people with a kind and form whose entries end on fewer distinct days than there are
    entries, and only those people's entries are compared: among the groups of an equal person, kind, form and
    end date, by start date and title (a kind keeps its form, so the form splits no real duplicates).
    """
    candidates = (f"SELECT a.nip FROM activity a WHERE {LIVE} GROUP BY a.nip, a.kind, a.form "
                  'HAVING COUNT(*) > COUNT(DISTINCT a."end")')
    nips = sorted({nip for (nip,) in sql.tuples(conn, candidates, year=scope.year) if scope.covers(nip)})
    first: dict[tuple, int] = {}
    for chunk in chunks(nips):
        rows = list(sql.tuples(conn, 'SELECT a.id, a.nip, a.kind, a.form, a.start, a."end", LOWER(TRIM(a.title)) '
                                     f"FROM activity a WHERE {LIVE} AND a.nip IN :nips ORDER BY a.id",
                               year=scope.year, nips=chunk))
        ends = Counter((nip, kind, form, end) for _, nip, kind, form, _, end, _ in rows)
        groups = {(nip, kind, end) for (nip, kind, _, end), n in ends.items() if n > 1}
        for entry_id, nip, kind, _, start, end, title in rows:
            if (nip, kind, end) not in groups:
                continue
            key = (nip, kind, start, end, title)
            if key in first:
                yield Finding("DUPLICATE_ENTRY", nip, entry_id, {"first": first[key]})
            else:
                first[key] = entry_id


def unknown_supervisor(conn, scope: Scope) -> Iterator[Finding]:
    query = ("SELECT s.nip, s.supervisor FROM staff s WHERE s.supervisor IS NOT NULL "
             "AND NOT EXISTS (SELECT boss.nip FROM staff boss WHERE boss.nip = s.supervisor)")
    for nip, supervisor in sql.tuples(conn, query):
        if scope.counts(nip):
            yield Finding("UNKNOWN_SUPERVISOR", nip, None, {"supervisor": supervisor})


def people_found(conn, scope: Scope) -> Iterator[Finding]:
    yield from scope.about_people


def year_closed(conn, scope: Scope) -> Iterator[Finding]:
    locks = locked_years(conn)
    if scope.year in locks:
        yield Finding("YEAR_CLOSED", None, None, {"year": scope.year, "reason": locks[scope.year]})


def no_evidence(conn, scope: Scope) -> Iterator[Finding]:
    kinds = scope.policy.kinds if scope.policy is not None else {}
    required = sorted(key for key, rule in kinds.items() if rule.evidence == "required")
    if not required:
        return
    # A rejected entry counts nothing already: whether it shows a file no longer matters.
    query = (f"SELECT a.id, a.nip, a.kind FROM activity a WHERE {LIVE} AND a.kind IN :required "
             "AND a.verification != 'rejected' AND NOT EXISTS (SELECT ae.activity_id FROM activity_evidence ae "
             "WHERE ae.activity_id = a.id) ORDER BY a.id")
    for id_, nip, kind in sql.tuples(conn, query, year=scope.year, required=required):
        if scope.counts(nip):
            yield Finding("NO_EVIDENCE", nip, id_, {"kind": kinds[kind].label})


def unverified(conn, scope: Scope) -> Iterator[Finding]:
    if scope.policy is None or not counts_verified_only(scope.policy):
        return
    query = f"SELECT a.id, a.nip FROM activity a WHERE {LIVE} AND a.verification = 'unverified' ORDER BY a.id"
    for id_, nip in sql.tuples(conn, query, year=scope.year):
        if scope.counts(nip):
            yield Finding("UNVERIFIED", nip, id_)


def no_contract(conn, scope: Scope) -> Iterator[Finding]:
    for nip in scope.found.no_contract:
        yield Finding("NO_CONTRACT", nip, None, {"year": scope.year})


def contract_overlap(conn, scope: Scope) -> Iterator[Finding]:
    from jpledger.store.reads import overlaps

    # Only a pair of which one reaches into the year changes how the year is counted.
    first, last = date(scope.year, 1, 1), date(scope.year, 12, 31)
    # Everyone's contracts in one query, kept to the counted people here: asking by NIP would take a query per
    # few hundred people of a national ledger, most of whom have no contract.
    for nip, earlier, later in overlaps(conn, contracts=scope.found.contracts):
        if not scope.counts(nip) or not any(c[0] <= last and c[1] >= first for c in (earlier, later)):
            continue
        yield Finding("CONTRACT_OVERLAP", nip, None, {"start": earlier[0], "end": earlier[1],
                                                      "other_start": later[0], "other_end": later[1]})


RULES: list[Rule] = [future_activity, outside_employment, earned_before_joining, coaching_supervisor, monthly_cap,
                     daily_cap, duplicates, unknown_supervisor, people_found, year_closed, no_contract,
                     contract_overlap, no_evidence, unverified]


def findings(conn, scope: Scope) -> list[Finding]:
    """Every rule's findings: about the counted people, and about the year's entries of everyone asked about."""
    return [finding for rule in RULES for finding in rule(conn, scope)]
