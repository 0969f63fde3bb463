"""A year's figures: who is counted and with which values on the day of the count, what their entries credit, what
caps withhold, and PPPK contract years; and the years that are closed.

SQL does the summing; the pure rules in `jpledger.core` (employment, compliance) turn the sums into states.
What counts toward a person's total: the year's live entries ending by the day of the count, not rejected (and
verified, under a policy that counts only verified entries), not wholly before the start of service or after
leaving, less what a monthly cap withholds.
"""

from __future__ import annotations

import heapq
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import groupby
from operator import itemgetter
from typing import Callable, Iterable, Iterator

from jpledger.core import employment
from jpledger.core.compliance import (
    CappedEntry,
    PersonTotal,
    Tally,
    cents_to_jp,
    contract_year,
    judge,
    monthly_withheld,
)
from jpledger.errors import InputRejected
from jpledger.store import sql
from jpledger.store.reads import contracts_of
from jpledger.store.sql import IN_CHUNK, chunks


def locked_years(conn) -> dict[int, str]:
    return dict(sql.tuples(conn, "SELECT year, reason FROM year_lock"))


def year_lock(conn, year: int, *, report: bool = True) -> dict | None:
    """The lock of a closed year (reason, when, who, and unless `report` is False the stored report as JSON text),
    None when it is open. (An officer kept to some units may not read the stored report: it names every unit's
    people.)"""
    row = sql.first(conn, f"SELECT year, reason, at, actor{', report' if report else ''} FROM year_lock "
                          "WHERE year = :year", year=year)
    return (row | ({} if report else {"report": None})) if row else None


def keep_report(conn, year: int, report: str) -> None:
    """Store the audit of a year as it was closed: what `audit --year` prints while the year stays closed."""
    sql.execute(conn, "UPDATE year_lock SET report = :report WHERE year = :year", report=report, year=year)


def refuse_locked(conn, years: Iterable[int], what: object) -> None:
    """Refuse (exit 3) a change to entries of a closed year; `what` names the change."""
    locks = locked_years(conn)
    hit = sorted({y for y in years if y in locks})
    if hit:
        year = hit[0]
        raise InputRejected("YEAR_CLOSED_REFUSES", year=year, reason=locks[year], what=what)


def refuse_locked_days(conn, days: Iterable[date | None], what: object) -> None:
    """Refuse (exit 3) a change dated on or before the end of a closed year (history, joining, leaving)."""
    locks = locked_years(conn)
    if not locks:
        return
    latest = max(locks)
    hit = [day for day in days if day is not None and day.year <= latest]
    if hit:
        year = min(y for y in locks if y >= min(hit).year)
        raise InputRejected("YEAR_CLOSED_REFUSES", year=year, reason=locks[year], what=what)


# --- what counts -------------------------------------------------------------------------------------------------

def counts_verified_only(policy) -> bool:
    return policy.count == "verified"


def counting(policy) -> str:
    """The entries a policy lets count at all (SQL on the activity table): live, not rejected (and verified, when
    it counts only those)."""
    # `voided = FALSE`, not `NOT voided`: an equality lets SQLite's index on (year, voided, nip, ...) reach the NIP.
    live = "voided = FALSE AND verification <> 'rejected'"
    return live + " AND verification = 'verified'" if counts_verified_only(policy) else live


def counted(policy) -> str:
    """The entries a year's totals count as of a day (SQL, parameters :year and :as_of): the year's counting
    entries ending by then."""
    return f'year = :year AND "end" <= :as_of AND {counting(policy)}'


def _capped(rows) -> list[CappedEntry]:
    return [CappedEntry(id_, nip, kind, start, cents_to_jp(units), cents_to_jp(rate or 0), cap, form, bool(mandiri))
            for id_, nip, kind, start, units, rate, cap, form, mandiri, *_ in rows]


_CAPPED_COLUMNS = "id, nip, kind, start, units_cents, rate_cents, month_cap, form, mandiri"


def capped_entries(conn, year: int, as_of: date, nips: set[str] | None, policy) -> list[CappedEntry]:
    """The counted entries of the people's months in which a monthly cap may withhold something.

    A month whose units stay within the cap withholds nothing, so for a whole ledger SQL first finds the months
    over it, from the index of capped entries alone, and only their entries come back: a national year has hundreds
    of thousands of coaching entries and a few hundred such months. A handful of people (a statement) are looked up
    by NIP directly.
    """
    capped = f"{counted(policy)} AND month_cap IS NOT NULL"
    months = None
    if nips is not None and len(nips) <= IN_CHUNK:
        wanted = sorted(nips)
    else:
        if sql.on_sqlite(conn):  # a date is ISO text there: its month is its first seven characters
            month_of = "substr(start, 1, 7)"
        else:
            month_of = "EXTRACT(YEAR FROM start), EXTRACT(MONTH FROM start)"
        # Against the smallest cap of the month: a month within it is within every cap its entries carry.
        over = sql.tuples(conn, f"SELECT nip, kind, {month_of} FROM activity WHERE {capped} "
                                f"GROUP BY nip, kind, {month_of} "
                                "HAVING SUM(units_cents) > MIN(month_cap) * 100", year=year, as_of=as_of)
        months = set()
        for nip, kind, *month in over:
            if nips is None or nip in nips:
                months.add((nip, kind, *((int(month[0][:4]), int(month[0][5:7])) if len(month) == 1
                                         else (int(month[0]), int(month[1])))))
        wanted = sorted({nip for nip, _, _, _ in months})
    entries = []
    for chunk in chunks(wanted):
        rows = sql.tuples(conn, f"SELECT {_CAPPED_COLUMNS} FROM activity WHERE {capped} AND nip IN :nips",
                          year=year, as_of=as_of, nips=chunk)
        entries += [e for e in _capped(rows)
                    if months is None or (e.nip, e.kind, e.day.year, e.day.month) in months]
    return entries


# Who has a value that changed after the day: their staff row does not hold their values on it.
CHANGED_AFTER = "SELECT DISTINCT nip FROM staff_history WHERE valid_from > :day"


# --- people on the day of the count ------------------------------------------------------------------------------

@dataclass(slots=True)
class Person:
    """A person's record with the HISTORY_FIELDS as they stood on one day."""

    nip: str
    name: str
    status: str
    unit: str | None
    unit_code: str | None
    supervisor: str | None
    rank: str | None
    position: str | None
    joined: date | None
    left: date | None
    appointed: date | None

    @property
    def started(self) -> date | None:
        """The day the person joined this agency; without a transfer in, the start of service."""
        return self.joined or self.appointed


def history_of(conn, nips: Iterable[str]) -> dict[str, dict[str, list[tuple[date, str | None]]]]:
    """{nip: {field: [(valid_from, value), ...] oldest first}} for the people given."""
    out: dict[str, dict[str, list]] = {}
    for chunk in chunks(sorted(set(nips))):
        rows = sql.tuples(conn, "SELECT nip, field, valid_from, value FROM staff_history WHERE nip IN :nips "
                                "ORDER BY nip, field, valid_from, id", nips=chunk)
        for nip, name, since, value in rows:
            out.setdefault(nip, {}).setdefault(name, []).append((since, value))
    return out


def value_on(values: list[tuple[date, str | None]], day: date) -> str | None:
    """The value in force on `day`: the latest from on or before it, else the earliest (before anyone dated one)."""
    chosen = values[0][1]
    for since, value in values:
        if since <= day:
            chosen = value
        else:
            break
    return chosen


def unit_names(conn, codes: Iterable[str]) -> dict[str, str]:
    wanted = sorted({c for c in codes if c})
    names = {}
    for chunk in chunks(wanted):
        names.update(sql.tuples(conn, "SELECT code, name FROM unit WHERE code IN :codes", codes=chunk))
    return names


def people_on(conn, day: date, *, first: date | None = None, nips: Iterable[str] | None = None,
              everyone: bool = False) -> list[Person]:
    """Everyone counted in a year on `day` (joined or appointed by then, not left before `first`), with their
    values as of `day`; or the people named by `nips`, or `everyone` in the ledger, whoever they are."""
    query = ('SELECT nip, name, status, unit, unit_code, supervisor, rank, position, joined, "left", appointed '
             "FROM staff")
    if nips is not None:
        rows = [row for chunk in chunks(sorted(set(nips)))
                for row in sql.tuples(conn, f"{query} WHERE nip IN :nips", nips=chunk)]
    elif everyone:
        rows = sql.tuples(conn, f"{query} ORDER BY nip")
    else:
        where, params = "(COALESCE(joined, appointed) IS NULL OR COALESCE(joined, appointed) <= :day)", {"day": day}
        if first is not None:
            where += ' AND ("left" IS NULL OR "left" >= :first)'
            params["first"] = first
        rows = sql.tuples(conn, f"{query} WHERE {where} ORDER BY nip", **params)
    people = [Person(*row) for row in rows]
    # Only people with a value that changed after the day need their history: the rest hold today's values.
    if nips is not None:  # a few people of a national ledger: only their history is looked at
        changed = {nip for chunk in chunks(sorted({p.nip for p in people}))
                   for (nip,) in sql.tuples(conn, f"{CHANGED_AFTER} AND nip IN :nips", day=day, nips=chunk)}
    else:
        changed = {nip for (nip,) in sql.tuples(conn, CHANGED_AFTER, day=day)}
    if changed:
        mine = [p for p in people if p.nip in changed]
        history = history_of(conn, [p.nip for p in mine])
        codes = set()
        for person in mine:
            for name, values in history.get(person.nip, {}).items():
                setattr(person, "unit_code" if name == "unit" else name, value_on(values, day))
            codes.add(person.unit_code)
        names = unit_names(conn, codes)
        for person in mine:
            if "unit" in history.get(person.nip, {}):
                person.unit = names.get(person.unit_code, person.unit_code)
    return people


def unit_matcher(conn, unit: str | None) -> Callable[[Person], bool] | None:
    """Whether a person's unit on the day counted is the unit asked for (by code or name) or a unit below it;
    a unit the ledger does not have is a usage error."""
    if not unit:
        return None
    from jpledger.store.reads import subtree_of

    _, codes = subtree_of(conn, unit)
    return lambda p: p.unit_code in codes


# --- the year's totals -------------------------------------------------------------------------------------------

@dataclass
class Asked:
    """Whom a year's count asked about (the unit's people, or the ledger's), counted in the year or not: the audit's
    findings cover their entries too, so a leave typed years too early hides nothing. Kept small for a national
    ledger: a whole ledger is `nips` None, and only the few people whose dates a rule reads are kept whole."""

    nips: set[str] | None = None  # None: everyone in the ledger
    uncounted: set[str] = field(default_factory=set)  # of them, those not counted in the year
    # Who joined after the year began, and whose entries may lie outside employment, with their values on the day.
    people: dict[str, Person] = field(default_factory=dict)

    def covers(self, nip: str) -> bool:
        return self.nips is None or nip in self.nips

    def counts(self, nip: str) -> bool:
        return self.covers(nip) and nip not in self.uncounted

    def merge(self, other: "Asked") -> None:
        if self.nips is not None:
            self.nips |= other.nips if other.nips is not None else set()
        self.uncounted |= other.uncounted
        self.people.update(other.people)


@dataclass
class YearTotals:
    # Each counted person's figures in report order (by unit, then NIP): a list, or from `year_run` an iterator
    # that judges each person as their rows are read. The other fields are complete once it has been read.
    people: Iterable[PersonTotal]
    withheld: dict[int, Decimal]  # activity id -> JP a monthly cap held back (of the counted entries)
    capped: list[CappedEntry]
    # activity id -> nip: the year's entries outside employment, of everyone asked about, counted or not
    outside: dict[int, str] = field(default_factory=dict)
    no_contract: list[str] = field(default_factory=list)  # PPPK counted by the calendar year for want of a contract
    asked: Asked = field(default_factory=Asked)
    contracts: dict | None = None  # the whole ledger's contracts by NIP, when the count read them (contracts_of)


def report_order(total: PersonTotal) -> tuple[str, str]:
    return (total.unit or "", total.nip)


def _outside_candidates(people: list[Person], first: date, last: date) -> list[Person]:
    """People whose entries of the year may lie outside their employment: appointed during or after the year
    began, or left by its end. Everyone else's entries of the year are inside."""
    return [p for p in people if (p.appointed is not None and p.appointed > first)
            or (p.left is not None and p.left <= last)]


def outside_entries(conn, people: list[Person], year: int) -> dict[int, str]:
    """Live entries of the year wholly before the start of service or after leaving: {activity id: nip}."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    candidates = {p.nip: p for p in _outside_candidates(people, first, last)}
    out: dict[int, str] = {}
    for chunk in chunks(sorted(candidates)):
        rows = sql.tuples(conn, 'SELECT id, nip, start, "end" FROM activity WHERE year = :year AND voided = FALSE '
                                "AND nip IN :nips", year=year, nips=chunk)
        for entry_id, nip, start, end in rows:
            person = candidates[nip]
            if employment.outside_employment(start, end, person.appointed, person.left):
                out[entry_id] = nip
    return out


def _target(policy, person: Person, year: int):
    target = policy.target(person.status)
    min_jp = target.min_jp
    if min_jp is not None and policy.partial_year == "prorate":
        months = employment.months_served(year, person.started, person.left)
        min_jp = employment.prorated(min_jp, months)
    return target, min_jp


class _Judge:
    """Makes a counted person's PersonTotal from their period's tally (or their contract years'), with the targets
    of their status worked out once per status unless a partial year scales them person by person."""

    def __init__(self, policy, year: int, windows: dict, by_contract_year: dict, as_of: date) -> None:
        self.policy, self.year, self.windows, self.by_contract_year, self.as_of = (
            policy, year, windows, by_contract_year, as_of)
        self.first, self.last = date(year, 1, 1), date(year, 12, 31)
        self.mandiri_counts = policy.mandiri_counts_toward_max
        self.requirements = policy.requirements
        self.prorate = policy.partial_year == "prorate"
        self.targets: dict[str, tuple] = {}

    def __call__(self, person: Person, tally: Tally | None) -> PersonTotal:
        if self.prorate:
            target, min_jp = _target(self.policy, person, self.year)
        else:
            known = self.targets.get(person.status)
            if known is None:
                known = self.targets[person.status] = _target(self.policy, person, self.year)
            target, min_jp = known
        first, last, started = self.first, self.last, person.started
        total = PersonTotal(
            nip=person.nip, name=person.name, unit=person.unit, status=person.status, min_jp=min_jp,
            max_jp=target.max_jp, unit_code=person.unit_code, supervisor=person.supervisor,
            joined_in_year=bool(started and first < started <= last),
            left_in_year=bool(person.left and first <= person.left <= last), full_min_jp=target.min_jp,
            appointed=person.appointed, joined=person.joined, left=person.left)
        if person.nip in self.windows:
            _judge_by_contract_year(self.policy, total, target, self.windows[person.nip],
                                    self.by_contract_year[person.nip][0], self.as_of, self.mandiri_counts,
                                    self.requirements)
        else:
            judge(total, tally or Tally(), mandiri_counts=self.mandiri_counts, requirements=self.requirements)
        return total


def _windows(people: Iterable[Person], year: int, theirs: dict[str, list]) -> dict[str, list[tuple[date, date]]]:
    """The contract years overlapping the year of the counted PPPK among `people` who have a recorded contract
    reaching into it; `theirs` is the contracts by NIP (contracts_of)."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    windows = {}
    for p in people:
        contracts = theirs.get(p.nip)
        if p.status != "PPPK" or not contracts:
            continue
        found = employment.overlapping(employment.contract_years([c[:2] for c in contracts]), first, last)
        if found:
            windows[p.nip] = found
    return windows


def year_totals(conn, policy, year: int, as_of: date, *, unit: str | None = None,
                status: str | None = None, match: Callable[[Person], bool] | None = None,
                nips: Iterable[str] | None = None, waiting: bool = False) -> YearTotals:
    """Each counted person's figures for the year as of `as_of`, as a list; only of the people `nips` names when
    given (a record command asks about a few people of a national ledger). `waiting`: see `year_run`."""
    if nips is not None:
        return _named(conn, policy, year, as_of, set(nips), match or unit_matcher(conn, unit), status,
                      waiting=waiting)
    found = year_run(conn, policy, year, as_of, unit=unit, status=status, match=match, waiting=waiting)
    found.people = list(found.people)
    return found


def _named(conn, policy, year: int, as_of: date, nips: set[str],
           match: Callable[[Person], bool] | None, status: str | None, *, waiting: bool = False) -> YearTotals:
    """The year's figures of the people `nips` names, looked up by NIP; with `waiting`, each one's live entries of
    the year still unverified too."""
    found = people_on(conn, as_of, nips=nips)
    everyone = [p for p in found if (match is None or match(p)) and (status is None or p.status == status)]
    people = [p for p in everyone if employment.counted_in(year, as_of, p.joined, p.appointed, p.left)]
    by_nip = {p.nip: p for p in people}

    # PPPK are counted by contract year where the policy says so and a recorded contract reaches into the year;
    # the others by the calendar year, and without a contract for the year the finding NO_CONTRACT says so.
    windows: dict[str, list[tuple[date, date]]] = {}
    no_contract = []
    if policy.pppk_year == "contract":
        pppk = [p for p in people if p.status == "PPPK"]
        windows = _windows(pppk, year, contracts_of(conn, [p.nip for p in pppk]))
        no_contract = [p.nip for p in pppk if p.nip not in windows]

    outside = outside_entries(conn, everyone, year)
    tallies: dict[str, Tally] = {}
    sums = (f"SELECT nip, kind, form, mandiri, SUM(jp_cents) FROM activity WHERE {counted(policy)} "
            "AND nip IN :nips GROUP BY nip, kind, form, mandiri")
    for chunk in chunks(sorted(by_nip)):
        for nip, kind, form, mandiri, cents in sql.tuples(conn, sums, year=year, as_of=as_of, nips=chunk):
            if nip not in windows:
                tally = tallies.get(nip)
                if tally is None:
                    tally = tallies[nip] = Tally()
                tally.add(kind, form, bool(mandiri), int(cents))
    for chunk in chunks(sorted(i for i, nip in outside.items() if nip in tallies)):
        rows = sql.tuples(conn, f"SELECT nip, kind, form, mandiri, jp_cents FROM activity WHERE {counted(policy)} "
                                "AND id IN :ids", year=year, as_of=as_of, ids=chunk)
        for nip, kind, form, mandiri, cents in rows:
            tallies[nip].add(kind, form, bool(mandiri), -int(cents))

    calendar = {nip for nip in by_nip if nip not in windows}
    capped = [e for e in capped_entries(conn, year, as_of, calendar, policy) if e.id not in outside]
    withheld = monthly_withheld(capped)
    capped_by_id = {e.id: e for e in capped}
    for entry_id, lost in withheld.items():
        entry = capped_by_id[entry_id]
        tally = tallies.get(entry.nip)
        if tally is not None:
            tally.add(entry.kind, entry.form, entry.mandiri, -int(lost * 100))

    by_contract_year = _contract_year_tallies(conn, policy, by_nip, windows, as_of)
    for _, lost, theirs in by_contract_year.values():
        withheld.update(lost)
        capped.extend(theirs)

    awaiting: dict[str, int] = {}
    if waiting:
        unverified = ("SELECT nip, COUNT(*) FROM activity WHERE year = :year AND voided = FALSE "
                      "AND verification = 'unverified' AND nip IN :nips GROUP BY nip")
        for chunk in chunks(sorted(by_nip)):
            awaiting.update((nip, int(n)) for nip, n in sql.tuples(conn, unverified, year=year, nips=chunk))
    make = _Judge(policy, year, windows, by_contract_year, as_of)
    totals = []
    for person in people:
        # Dropped once judged: the tallies and the totals are never all held at once.
        total = make(person, tallies.pop(person.nip, None))
        total.awaiting = awaiting.get(person.nip, 0)
        totals.append(total)
    totals.sort(key=report_order)
    asked = Asked({p.nip for p in everyone}, {p.nip for p in everyone if p.nip not in by_nip},
                  {p.nip: p for p in everyone})
    return YearTotals(totals, withheld, capped, outside, no_contract, asked)


def year_run(conn, policy, year: int, as_of: date, *, unit: str | None = None,
             status: str | None = None, match: Callable[[Person], bool] | None = None,
             waiting: bool = False) -> YearTotals:
    """The year's figures of everyone asked about in the ledger as of `as_of`, streamed: `people` yields each
    counted person judged as soon as their rows are read, in report order (by unit, then NIP), so a national year
    is never held whole; the rest of the YearTotals is complete once `people` has been read through.

    The staff joined to each person's sums by kind, form and mandiri are walked in report order, read from the
    driver's cursor: the people and their sums from two queries side by side where the connection reads one
    snapshot (SQLite; a PostgreSQL read), else from one. What needs single entries is fetched beforehand, for the
    few it concerns: entries outside employment, months over a monthly cap, PPPK contract years. People whose
    values on the day differ from their staff row (a change dated after it) are counted by NIP, as a statement
    counts one person, and merged in. With `waiting`, each PersonTotal's `awaiting` is their live entries of the
    year still unverified.
    """
    first, last = date(year, 1, 1), date(year, 12, 31)
    match = match or unit_matcher(conn, unit)

    def asked(p: Person) -> bool:
        return (match is None or match(p)) and (status is None or p.status == status)

    def counted_in(p: Person) -> bool:
        return employment.counted_in(year, as_of, p.joined, p.appointed, p.left)

    changed = {nip for (nip,) in sql.tuples(conn, CHANGED_AFTER, day=as_of)}
    apart = _named(conn, policy, year, as_of, changed, match, status, waiting=waiting) if changed else None

    windows: dict[str, list[tuple[date, date]]] = {}
    holders: dict[str, Person] = {}
    if policy.pppk_year == "contract":
        contracts = contracts_of(conn, None)  # the whole ledger's, read once
        holders = {p.nip: p for p in people_on(conn, as_of, nips=sorted(set(contracts) - changed))
                   if p.status == "PPPK" and asked(p) and counted_in(p)}
        windows = _windows(holders.values(), year, contracts)
    by_contract_year = _contract_year_tallies(conn, policy, holders, windows, as_of)

    late = [nip for (nip,) in sql.tuples(conn, 'SELECT nip FROM staff WHERE appointed > :first OR "left" <= :last',
                                         first=first, last=last)
            if nip not in changed]
    candidates = [p for p in people_on(conn, as_of, nips=late) if asked(p)] if late else []
    outside = outside_entries(conn, candidates, year)
    less: dict[str, list[tuple]] = {}  # nip -> the counted entries outside employment, to take off their sums
    for chunk in chunks(sorted(outside)):
        rows = sql.tuples(conn, f"SELECT nip, kind, form, mandiri, jp_cents FROM activity WHERE {counted(policy)} "
                                "AND id IN :ids", year=year, as_of=as_of, ids=chunk)
        for nip, kind, form, mandiri, cents in rows:
            less.setdefault(nip, []).append((kind, form, bool(mandiri), -int(cents)))

    # The months over a cap, of everyone: a person's months are theirs alone, so what is withheld is kept for the
    # people counted by the calendar year as they are reached.
    over: dict[str, list[CappedEntry]] = {}
    for e in capped_entries(conn, year, as_of, None, policy):
        if e.id not in outside and e.nip not in changed and e.nip not in windows:
            over.setdefault(e.nip, []).append(e)
    lost_by_id = monthly_withheld([e for entries in over.values() for e in entries])

    withheld: dict[int, Decimal] = {}
    capped: list[CappedEntry] = []
    for _, lost, theirs in by_contract_year.values():
        withheld.update(lost)
        capped.extend(theirs)
    no_contract: list[str] = []
    found = Asked(None if match is None and status is None else set(), set(), {p.nip: p for p in candidates})
    result = YearTotals(iter(()), withheld, capped, outside, no_contract, found,
                        contracts if policy.pppk_year == "contract" else None)
    if apart is not None:
        withheld.update(apart.withheld)
        capped.extend(apart.capped)
        outside.update(apart.outside)
        no_contract.extend(apart.no_contract)
        found.merge(apart.asked)

    # Each group of a person's counted entries of the year; with `waiting`, of their live entries: what of it
    # counts (NULL: none), and how many of its entries still await verification.
    # (`counted` names columns of the activity table alone: unqualified, they are a's.)
    ordered = "COALESCE(s.unit, ''), s.nip"
    if not sql.on_sqlite(conn):  # report order is by code point, as Python's and SQLite's is
        ordered = 'COALESCE(s.unit, \'\') COLLATE "C", s.nip COLLATE "C"'
    if waiting:
        joined = "a.nip = s.nip AND a.year = :year AND a.voided = FALSE"
        sums = (f"SUM(CASE WHEN {counted(policy)} THEN a.jp_cents END), "
                "SUM(CASE WHEN a.verification = 'unverified' THEN 1 ELSE 0 END)")
    else:
        joined = f"a.nip = s.nip AND {counted(policy)}"
        sums = "SUM(a.jp_cents), NULL"
    # Rank and position are left out: no figure reads them, and a sort carries every column of its rows.
    person_columns = ('s.nip, s.name, s.status, s.unit, s.unit_code, s.supervisor, NULL, NULL, s.joined, s."left", '
                      "s.appointed")
    grouped = (f"FROM staff AS s LEFT OUTER JOIN activity AS a ON {joined} "
               f"GROUP BY s.nip, a.kind, a.form, a.mandiri ORDER BY {ordered}")
    # A group's row ends with kind, form, mandiri and the two sums, whichever columns come before them.
    people_query = None
    if sql.one_snapshot(conn):
        # The people in report order, and beside them their groups in the same order carrying only the NIP: the
        # narrow groups sort in half the time they take with each person's columns repeated in every one. Both
        # read one snapshot, so they name the same people in the same order.
        query = f"SELECT s.nip, a.kind, a.form, a.mandiri, {sums} {grouped}"
        people_query = f"SELECT {person_columns} FROM staff AS s ORDER BY {ordered}"
    else:
        # One statement, one snapshot, where each statement sees its own (PostgreSQL's READ COMMITTED writes).
        query = f"SELECT {person_columns}, a.kind, a.form, a.mandiri, {sums} {grouped}"
    make = _Judge(policy, year, windows, by_contract_year, as_of)
    pppk_by_contract = policy.pppk_year == "contract"
    asked_nips = found.nips

    def person(row, groups: list) -> PersonTotal | None:
        nip = row[0]
        if nip in changed:
            return None
        p = Person(nip, row[1], row[2], row[3], row[4], row[5], row[6], row[7], sql.day(row[8]), sql.day(row[9]),
                   sql.day(row[10]))
        if not asked(p):
            return None
        if asked_nips is not None:
            asked_nips.add(nip)
        if p.joined is not None and p.joined > first:
            found.people[nip] = p
        if not counted_in(p):
            found.uncounted.add(nip)
            return None
        tally = None
        if nip not in windows:
            if pppk_by_contract and p.status == "PPPK":
                no_contract.append(nip)
            tally = Tally()
            # Tally.add, inline: half a million groups in a national year make the call count.
            by_kind, by_form, mandiri_cents = tally.kind_cents, tally.form_cents, 0
            for group in groups:
                cents = group[-2]
                if cents is None:
                    continue
                cents = int(cents)  # PostgreSQL may sum to a Decimal
                kind, form = group[-5], group[-4]
                by_kind[kind] = by_kind.get(kind, 0) + cents
                by_form[form] = by_form.get(form, 0) + cents
                if group[-3]:
                    mandiri_cents += cents
            tally.mandiri_cents = mandiri_cents
            for kind, form, mandiri, cents in less.get(nip, ()):
                tally.add(kind, form, mandiri, cents)
            for e in over.get(nip, ()):
                capped.append(e)
                lost = lost_by_id.get(e.id)
                if lost is not None:
                    withheld[e.id] = lost
                    tally.add(e.kind, e.form, e.mandiri, -int(lost * 100))
        total = make(p, tally)
        if waiting:  # the audit's per-unit column: the person's live entries still unverified
            total.awaiting = int(sum(g[-1] or 0 for g in groups))
        return total

    def each_person() -> Iterator[tuple[tuple, list]]:
        """Each person's row and their groups' rows, as the driver gives them: a national year's million are read
        as they come (see sql.batches)."""
        batches = sql.batches(conn, query, 5000, year=year, as_of=as_of)
        people = sql.batches(conn, people_query, 5000) if people_query else None
        try:
            by_person = groupby((row for batch in batches for row in batch), key=itemgetter(0))
            if people is None:  # each group's row begins with its person's
                for _, rows in by_person:
                    groups = list(rows)
                    yield groups[0], groups
            else:  # the people in the same order; the outer join gives each of them a row of groups
                pending = next(by_person, None)
                for head in (row for batch in people for row in batch):
                    if pending is not None and pending[0] == head[0]:
                        yield head, list(pending[1])
                        pending = next(by_person, None)
                    else:
                        yield head, []
                if pending is not None:
                    raise RuntimeError("the people and their sums were not read from one snapshot")
        finally:
            batches.close()
            if people is not None:
                people.close()

    def streamed() -> Iterator[PersonTotal]:
        with closing(each_person()) as pairs:
            for head, groups in pairs:
                total = person(head, groups)
                if total is not None:
                    yield total
        no_contract.sort()

    result.people = heapq.merge(streamed(), apart.people, key=report_order) if apart is not None else streamed()
    return result


def _contract_year_tallies(conn, policy, people: dict[str, Person],
                           windows: dict[str, list[tuple[date, date]]], as_of: date
                           ) -> dict[str, tuple[list[Tally], dict[int, Decimal], list[CappedEntry]]]:
    """What each contract year of each person counted as of `as_of`: {nip: (a Tally per window, JP a monthly cap
    withheld by entry, the capped entries)}.

    Entries fall in the window holding the day the policy counts them by (their end, or their start), whatever
    calendar year that is; an entry in no window (between contracts, before the first) counts toward none.
    Windows overlapping one year lie within the years before and after it, so one query per chunk of people finds
    every entry they need.
    """
    if not windows:
        return {}
    by_end = policy.year_of != "start"
    day_of = '"end"' if by_end else "start"
    lowest = min(w[0][0] for w in windows.values())
    highest = max(w[-1][1] for w in windows.values())
    rows = []
    for chunk in chunks(sorted(windows)):
        rows += sql.tuples(conn, f'SELECT {_CAPPED_COLUMNS}, "end", jp_cents FROM activity '
                                 f'WHERE {counting(policy)} AND nip IN :nips AND "end" <= :as_of '
                                 f"AND {day_of} >= :lowest AND {day_of} <= :highest",
                           nips=chunk, as_of=as_of, lowest=lowest, highest=highest)
    mine: dict[str, list] = {nip: [] for nip in windows}
    for r in rows:  # id, nip, kind, start, units_cents, rate_cents, month_cap, form, mandiri, end, jp_cents
        person = people[r[1]]
        if not employment.outside_employment(r[3], r[9], person.appointed, person.left):
            mine[r[1]].append(r)
    out = {}
    for nip, entries in mine.items():
        capped = _capped([r for r in entries if r[6] is not None])
        lost = monthly_withheld(capped)
        tallies = [Tally() for _ in windows[nip]]
        for id_, _, kind, start, _, _, _, form, mandiri, end, jp_cents in entries:
            index = employment.window_of(windows[nip], end if by_end else start)
            if index is not None:
                tallies[index].add(kind, form, bool(mandiri), jp_cents - int(lost.get(id_, 0) * 100))
        out[nip] = (tallies, lost, capped)
    return out


def _judge_by_contract_year(policy, total: PersonTotal, target, windows: list[tuple[date, date]],
                            tallies: list[Tally], as_of: date, mandiri_counts: bool, requirements) -> None:
    """Judge a PPPK by contract year: every window overlapping the year is listed; the person's figures are those of
    the window holding `as_of` (or the last one ending before it, else the first); over when any window is over.

    Under `partial_year: prorate` a contract year shorter than twelve months has its minimum scaled by its months,
    as a calendar year served in part has."""
    def minimum(first: date, last: date):
        if target.min_jp is not None and policy.partial_year == "prorate":
            return employment.prorated(target.min_jp, employment.window_months(first, last))
        return target.min_jp

    years = [contract_year(a, b, tally, min_jp=minimum(a, b), max_jp=target.max_jp, mandiri_counts=mandiri_counts)
             for (a, b), tally in zip(windows, tallies)]
    held = employment.window_holding(windows, as_of)
    held = 0 if held is None else held
    total.min_jp, total.period = years[held].min_jp, windows[held]
    judge(total, tallies[held], mandiri_counts=mandiri_counts, requirements=requirements, contract_years=years)


# --- one entry's figures -----------------------------------------------------------------------------------------

@dataclass
class EntryFigures:
    credited: Decimal  # the policy's credit (per-day caps applied)
    withheld: Decimal  # held back by a monthly cap, as the ledger stands now
    counted: Decimal  # what the person's total gets
    why_not: str | None = None  # voided, rejected, unverified, outside_employment: why it counts nothing


def entry_figures(conn, policy, rows: list[dict]) -> dict[int, EntryFigures]:
    """Credited, withheld and counted JP of each activity row (dicts of the activity table), the same figures
    wherever an entry is shown: `record`, `activity list|show`, `statement`, the export."""
    verified_only = counts_verified_only(policy)
    employed = {p.nip: p for p in people_on(conn, date.max, nips={r["nip"] for r in rows})}
    lost = cap_withheld(conn, policy, {(r["nip"], r["start"].year, r["start"].month) for r in rows
                                       if r["month_cap"] is not None}, employed)
    out = {}
    for r in rows:
        credited = cents_to_jp(r["jp_cents"])
        withheld = lost.get(r["id"], Decimal("0.00"))
        if r["voided"]:
            why = "voided"
        elif r["verification"] == "rejected":
            why = "rejected"
        elif verified_only and r["verification"] != "verified":
            why = "unverified"
        elif _outside(employed.get(r["nip"]), r["start"], r["end"]):
            why = "outside_employment"
        else:
            why = None
        counted_jp = Decimal("0.00") if why else credited - withheld
        out[r["id"]] = EntryFigures(credited, withheld if not why else Decimal("0.00"), counted_jp, why)
    return out


def cap_withheld(conn, policy, months: set[tuple[str, int, int]], people: dict[str, Person] | None = None
                 ) -> dict[int, Decimal]:
    """What monthly caps withhold, as the ledger stands now, from the entries of the people's months given
    ({(nip, year, month)}): {activity id: JP}. Every command that shows an entry's figures counts them here.
    `people`: those people as they stand now (people_on), when the caller has read them already."""
    if not months:
        return {}
    first = min(date(y, m, 1) for _, y, m in months)
    entries = []
    for chunk in chunks(sorted({nip for nip, _, _ in months})):
        found = sql.tuples(conn, f"SELECT {_CAPPED_COLUMNS} FROM activity WHERE {counting(policy)} "
                                 "AND month_cap IS NOT NULL AND nip IN :nips AND start >= :first",
                           nips=chunk, first=first)
        entries += [e for e in _capped(found) if (e.nip, e.day.year, e.day.month) in months]
    if people is None:
        people = {p.nip: p for p in people_on(conn, date.max, nips={e.nip for e in entries})}
    return monthly_withheld([e for e in entries if not _outside(people.get(e.nip), e.day, e.day)])


def _outside(person: Person | None, start: date, end: date) -> bool:
    return person is not None and employment.outside_employment(start, end, person.appointed, person.left)
