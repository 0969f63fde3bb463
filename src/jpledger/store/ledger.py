"""Reading and writing the ledger's rows: staff, activities, policy versions, batches, the trail.

SQL does the summing; the pure rules in `jpledger.core` turn the sums into states and findings.
"""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from typing import Iterable

from sqlalchemy import and_, extract, func, or_, select
from sqlalchemy.engine import Connection

from jpledger.core.compliance import (
    CappedEntry,
    Finding,
    PersonTotal,
    cents_to_jp,
    monthly_withheld,
)
from jpledger.errors import InputRejected, UsageError
from jpledger.store import models
from jpledger.store.db import actor, now

STAFF = models.Staff.__table__
ACTIVITY = models.Activity.__table__
POLICY = models.PolicyVersion.__table__
BATCH = models.Batch.__table__
TRAIL = models.Trail.__table__
YEAR_LOCK = models.YearLock.__table__

STAFF_FIELDS = ("name", "status", "unit", "position", "rank", "agency", "supervisor", "joined", "left")


# --- staff ---------------------------------------------------------------------------------------

def get_staff(conn: Connection, nip: str) -> dict | None:
    row = conn.execute(select(STAFF).where(STAFF.c.nip == nip)).mappings().first()
    return dict(row) if row else None


def require_staff(conn: Connection, nip: str) -> dict:
    person = get_staff(conn, nip)
    if person is None:
        raise UsageError(f"NIP {nip} is not in the ledger; add the person first with "
                         f"`jpledger staff add {nip} --name \"...\"`")
    return person


def add_staff(conn: Connection, nip: str, fields: dict) -> None:
    if get_staff(conn, nip) is not None:
        raise UsageError(f"NIP {nip} is already in the ledger; change it with `jpledger staff update {nip} ...`")
    stamp = now()
    conn.execute(STAFF.insert().values(nip=nip, created_at=stamp, updated_at=stamp, **fields))


def update_staff(conn: Connection, nip: str, fields: dict) -> dict:
    """Apply the given fields; return {field: (old, new)} for those that changed."""
    person = require_staff(conn, nip)
    changes = {k: (person.get(k), v) for k, v in fields.items() if person.get(k) != v}
    if changes:
        conn.execute(STAFF.update().where(STAFF.c.nip == nip)
                     .values(updated_at=now(), **{k: new for k, (_, new) in changes.items()}))
    return changes


def list_staff(conn: Connection, *, unit: str | None = None, status: str | None = None,
               include_left: bool = False) -> list[dict]:
    query = select(STAFF).order_by(STAFF.c.unit, STAFF.c.name, STAFF.c.nip)
    if unit:
        query = query.where(func.lower(STAFF.c.unit) == unit.lower())
    if status:
        query = query.where(STAFF.c.status == status)
    if not include_left:
        query = query.where(STAFF.c.left.is_(None))
    return [dict(r) for r in conn.execute(query).mappings()]


# --- policy --------------------------------------------------------------------------------------

def active_policy(conn: Connection):
    """(version id, Policy, text) of the policy new entries are credited under."""
    from jpledger.core.policy import read_policy

    row = conn.execute(select(POLICY).order_by(POLICY.c.id.desc()).limit(1)).mappings().first()
    return row["id"], read_policy(row["text"], f"policy version {row['id']}"), row["text"]


def store_policy(conn: Connection, name: str, text: str) -> int:
    return conn.execute(POLICY.insert().values(name=name, text=text, at=now(), actor=actor())).inserted_primary_key[0]


# --- activities ----------------------------------------------------------------------------------

def fingerprint(nip: str, kind: str, start: date, end: date, title: str, jp_cents: int, ref: str | None) -> str:
    """What makes two entries "the same activity" for re-imports: person, kind, dates, title, credit, ref."""
    key = "\x1f".join([nip, kind, start.isoformat(), end.isoformat(), " ".join(title.lower().split()),
                       str(jp_cents), (ref or "").strip().lower()])
    return hashlib.blake2b(key.encode(), digest_size=12).hexdigest()


def locked_years(conn: Connection) -> dict[int, str]:
    return {r.year: r.reason for r in conn.execute(select(YEAR_LOCK.c.year, YEAR_LOCK.c.reason))}


def refuse_locked(conn: Connection, years: Iterable[int], what: str) -> None:
    locks = locked_years(conn)
    hit = sorted({y for y in years if y in locks})
    if hit:
        year = hit[0]
        raise InputRejected(f"year {year} is closed ({locks[year]}); {what} would change it. "
                            f"Reopen it first with `jpledger year reopen {year} --reason \"...\"`")


def insert_activities(conn: Connection, rows: list[dict]) -> list[int]:
    """Insert prepared activity rows in one statement batch; return their ids in order."""
    if not rows:
        return []
    stamp = now()
    for row in rows:
        row.setdefault("created_at", stamp)
    result = conn.execute(ACTIVITY.insert().returning(ACTIVITY.c.id, sort_by_parameter_order=True), rows)
    return [r[0] for r in result]


def get_activity(conn: Connection, activity_id: int) -> dict:
    row = conn.execute(select(ACTIVITY).where(ACTIVITY.c.id == activity_id)).mappings().first()
    if row is None:
        raise UsageError(f"activity {activity_id} is not in the ledger; see `jpledger activity list` for ids")
    return dict(row)


def list_activities(conn: Connection, *, nip: str | None = None, year: int | None = None,
                    kind: str | None = None, batch: int | None = None, include_voided: bool = False) -> list[dict]:
    query = select(ACTIVITY).order_by(ACTIVITY.c.start, ACTIVITY.c.id)
    if nip:
        query = query.where(ACTIVITY.c.nip == nip)
    if year is not None:
        query = query.where(ACTIVITY.c.year == year)
    if kind:
        query = query.where(ACTIVITY.c.kind == kind)
    if batch is not None:
        query = query.where(ACTIVITY.c.batch == batch)
    if not include_voided:
        query = query.where(ACTIVITY.c.voided.is_(False))
    return [dict(r) for r in conn.execute(query).mappings()]


def void_activities(conn: Connection, ids: list[int], reason: str) -> int:
    if not ids:
        return 0
    return conn.execute(ACTIVITY.update().where(ACTIVITY.c.id.in_(ids), ACTIVITY.c.voided.is_(False))
                        .values(voided=True, void_reason=reason, voided_at=now())).rowcount


# --- the year ------------------------------------------------------------------------------------

def _counted_people(conn: Connection, year: int, unit: str | None, status: str | None):
    """(nip, name, unit, status, joined, left) of everyone counted in the year, as plain rows."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    query = (select(STAFF.c.nip, STAFF.c.name, STAFF.c.unit, STAFF.c.status, STAFF.c.joined, STAFF.c.left)
             .where(or_(STAFF.c.left.is_(None), STAFF.c.left >= first))
             .where(or_(STAFF.c.joined.is_(None), STAFF.c.joined <= last))
             .order_by(STAFF.c.unit, STAFF.c.nip))
    if unit:
        query = query.where(func.lower(STAFF.c.unit) == unit.lower())
    if status:
        query = query.where(STAFF.c.status == status)
    return conn.execute(query)


def _counted(year: int, as_of: date):
    return and_(ACTIVITY.c.year == year, ACTIVITY.c.voided.is_(False), ACTIVITY.c.end <= as_of)


def capped_entries(conn: Connection, year: int, as_of: date, nips: set[str] | None = None) -> list[CappedEntry]:
    """The counted entries of the people's months in which a monthly cap may withhold something.

    A month whose units stay within the cap withholds nothing, so for a whole ledger SQL first finds the months
    over it and only their entries come back: a national year has hundreds of thousands of coaching entries and
    a few hundred such months. A handful of people (a statement) are looked up by NIP directly.
    """
    capped = and_(_counted(year, as_of), ACTIVITY.c.month_cap.is_not(None))
    months = None
    if nips is not None and len(nips) <= _IN_CHUNK:
        wanted = sorted(nips)
    else:
        year_of, month_of = extract("year", ACTIVITY.c.start), extract("month", ACTIVITY.c.start)
        over = (select(ACTIVITY.c.nip, ACTIVITY.c.kind, year_of, month_of).where(capped)
                .group_by(ACTIVITY.c.nip, ACTIVITY.c.kind, year_of, month_of)
                # Against the smallest cap of the month: a month within it is within every cap its entries carry.
                .having(func.sum(ACTIVITY.c.units_cents) > func.min(ACTIVITY.c.month_cap) * 100))
        months = {(nip, kind, int(y), int(m)) for nip, kind, y, m in conn.execute(over)
                  if nips is None or nip in nips}
        wanted = sorted({nip for nip, _, _, _ in months})
    entries = []
    for chunk in _chunks(wanted):
        query = (select(ACTIVITY.c.id, ACTIVITY.c.nip, ACTIVITY.c.kind, ACTIVITY.c.start, ACTIVITY.c.units_cents,
                        ACTIVITY.c.rate_cents, ACTIVITY.c.month_cap, ACTIVITY.c.form)
                 .where(capped, ACTIVITY.c.nip.in_(chunk)))
        entries += [CappedEntry(r.id, r.nip, r.kind, r.start, cents_to_jp(r.units_cents),
                                cents_to_jp(r.rate_cents or 0), r.month_cap, r.form)
                    for r in conn.execute(query)
                    if months is None or (r.nip, r.kind, r.start.year, r.start.month) in months]
    return entries


def year_totals(conn: Connection, policy, year: int, as_of: date, *, unit: str | None = None,
                status: str | None = None) -> tuple[list[PersonTotal], dict[int, Decimal], list[CappedEntry]]:
    """Each counted person's credited JP by kind and form; also what monthly caps withheld, by entry.

    The second and third values cover only the months in which a cap withheld something (`capped_entries`).
    """
    totals: dict[str, PersonTotal] = {}
    first, last = date(year, 1, 1), date(year, 12, 31)
    targets: dict[str, object] = {}
    for nip, name, unit_name, status_name, joined, left in _counted_people(conn, year, unit, status):
        target = targets.get(status_name)
        if target is None:
            target = targets[status_name] = policy.target(status_name)
        totals[nip] = PersonTotal(
            nip=nip, name=name, unit=unit_name, status=status_name, min_jp=target.min_jp, max_jp=target.max_jp,
            joined_in_year=bool(joined and first < joined <= last),
            left_in_year=bool(left and first <= left <= last))
    # A national year is half a million (person, kind) sums: add whole cents, make each Decimal once at the end.
    kind_cents: dict[str, dict[str, int]] = {}
    form_cents: dict[str, dict[str, int]] = {}
    sums = (select(ACTIVITY.c.nip, ACTIVITY.c.kind, ACTIVITY.c.form, func.sum(ACTIVITY.c.jp_cents))
            .where(_counted(year, as_of)).group_by(ACTIVITY.c.nip, ACTIVITY.c.kind, ACTIVITY.c.form))
    for nip, kind, form, cents in conn.execute(sums):
        if nip not in totals:
            continue
        kinds = kind_cents.get(nip)
        if kinds is None:
            kinds, forms = kind_cents[nip], form_cents[nip] = {}, {}
        else:
            forms = form_cents[nip]
        cents = int(cents)
        kinds[kind] = kinds.get(kind, 0) + cents
        forms[form] = forms.get(form, 0) + cents
    for nip, kinds in kind_cents.items():
        person = totals[nip]
        person.by_kind = {kind: cents_to_jp(cents) for kind, cents in kinds.items()}
        person.by_form = {form: cents_to_jp(cents) for form, cents in form_cents[nip].items()}
    capped = capped_entries(conn, year, as_of, set(totals))
    withheld = monthly_withheld(capped)
    by_id = {e.id: e for e in capped}
    for entry_id, lost in withheld.items():
        entry = by_id[entry_id]
        person = totals[entry.nip]
        person.by_kind[entry.kind] -= lost
        person.by_form[entry.form] -= lost
    return list(totals.values()), withheld, capped


def findings(conn: Connection, year: int, today: date, people: list[PersonTotal],
             withheld: dict[int, Decimal], capped: list[CappedEntry]) -> list[Finding]:
    """The audit's data findings for the counted people and their entries of the year."""
    counted = {p.nip for p in people}
    out: list[Finding] = []
    live = and_(ACTIVITY.c.year == year, ACTIVITY.c.voided.is_(False))

    future = select(ACTIVITY.c.id, ACTIVITY.c.nip, ACTIVITY.c.end).where(live, ACTIVITY.c.end > today)
    for r in conn.execute(future):
        if r.nip in counted:
            out.append(Finding("FUTURE_ACTIVITY", r.nip, r.id, f"ends {r.end.isoformat()}, after today"))

    # Only people with a joining or leaving date can have entries outside employment: start from them.
    dated = select(STAFF.c.nip).where(or_(STAFF.c.joined.is_not(None), STAFF.c.left.is_not(None)))
    outside = (select(ACTIVITY.c.id, ACTIVITY.c.nip, ACTIVITY.c.start, ACTIVITY.c.end, STAFF.c.joined, STAFF.c.left)
               .join(STAFF, STAFF.c.nip == ACTIVITY.c.nip)
               .where(live, ACTIVITY.c.nip.in_(dated),
                      or_(and_(STAFF.c.joined.is_not(None), ACTIVITY.c.end < STAFF.c.joined),
                          and_(STAFF.c.left.is_not(None), ACTIVITY.c.start > STAFF.c.left))))
    for r in conn.execute(outside):
        if r.nip in counted:
            span = (f"joined {r.joined.isoformat()}" if r.joined and r.end < r.joined
                    else f"left {r.left.isoformat()}")
            out.append(Finding("OUTSIDE_EMPLOYMENT", r.nip, r.id,
                               f"{r.start.isoformat()}..{r.end.isoformat()} is outside employment ({span})"))

    coaching = (select(ACTIVITY.c.id, ACTIVITY.c.nip, ACTIVITY.c.coach, ACTIVITY.c.coach_nip, STAFF.c.supervisor)
                .join(STAFF, STAFF.c.nip == ACTIVITY.c.nip)
                .where(live, ACTIVITY.c.kind == "coaching",
                       # Coaching by the supervisor is the rule: only the exceptions come back from SQL.
                       or_(STAFF.c.supervisor.is_(None), ACTIVITY.c.coach_nip.is_distinct_from(STAFF.c.supervisor))))
    for r in conn.execute(coaching):
        if r.nip not in counted:
            continue
        # Coaching recorded through `record training --kind coaching` (or a roster) may name no coach.
        by = f"coached by {r.coach}" if r.coach else "no coach named"
        if r.supervisor is None:
            out.append(Finding("NO_SUPERVISOR", r.nip, r.id, f"{by}; no supervisor recorded to compare with"))
        elif r.coach_nip != r.supervisor:
            out.append(Finding("COACH_NOT_SUPERVISOR", r.nip, r.id,
                               f"{by}, but the recorded supervisor is {r.supervisor}"))

    capped_by_id = {e.id: e for e in capped}
    for entry_id, lost in sorted(withheld.items()):
        e = capped_by_id[entry_id]
        out.append(Finding("MONTHLY_CAP_WITHHELD", e.nip, entry_id,
                           f"{e.kind} {e.day:%Y-%m}: {lost} JP withheld (at most {e.month_cap} sessions a month)"))

    daily = select(ACTIVITY.c.id, ACTIVITY.c.nip, ACTIVITY.c.kind, ACTIVITY.c.day_capped_cents).where(
        live, ACTIVITY.c.day_capped_cents > 0)
    for r in conn.execute(daily):
        if r.nip in counted:
            out.append(Finding("DAILY_CAP_WITHHELD", r.nip, r.id,
                               f"{r.kind}: {cents_to_jp(r.day_capped_cents)} JP past the per-day cap not credited"))

    out += _duplicates(conn, live, counted)

    boss = STAFF.alias("boss")
    unknown = (select(STAFF.c.nip, STAFF.c.supervisor)
               .where(STAFF.c.supervisor.is_not(None),
                      ~select(boss.c.nip).where(boss.c.nip == STAFF.c.supervisor).exists()))
    for nip, supervisor in conn.execute(unknown):
        if nip in counted:
            out.append(Finding("UNKNOWN_SUPERVISOR", nip, None, f"supervisor {supervisor} is not in the ledger"))

    for p in people:
        if p.joined_in_year:
            out.append(Finding("JOINED_DURING_YEAR", p.nip, None, "joined during the year"))
        if p.left_in_year:
            out.append(Finding("LEFT_DURING_YEAR", p.nip, None, "left during the year"))
    locks = locked_years(conn)
    if year in locks:
        out.append(Finding("YEAR_CLOSED", None, None, f"year {year} is closed: {locks[year]}"))
    return out


def _duplicates(conn: Connection, live, counted: set[str]) -> list[Finding]:
    """Live entries sharing person, kind, dates and title with an earlier one.

    Grouping a national year by title would sort every entry. The covering index already orders them by person,
    kind, form and end date, so SQL finds the few groups sharing those without sorting, and only their entries
    are compared by start date and title (a kind keeps its form, so the form splits no real duplicates).
    """
    candidates = (select(ACTIVITY.c.nip, ACTIVITY.c.kind, ACTIVITY.c.end).where(live)
                  .group_by(ACTIVITY.c.nip, ACTIVITY.c.kind, ACTIVITY.c.form, ACTIVITY.c.end)
                  .having(func.count() > 1))
    groups = {(nip, kind, end) for nip, kind, end in conn.execute(candidates) if nip in counted}
    title_key = func.lower(func.trim(ACTIVITY.c.title))
    first: dict[tuple, int] = {}
    out = []
    for chunk in _chunks(sorted({nip for nip, _, _ in groups})):
        rows = conn.execute(select(ACTIVITY.c.id, ACTIVITY.c.nip, ACTIVITY.c.kind, ACTIVITY.c.start, ACTIVITY.c.end,
                                   title_key).where(live, ACTIVITY.c.nip.in_(chunk)).order_by(ACTIVITY.c.id))
        for entry_id, nip, kind, start, end, title in rows:
            if (nip, kind, end) not in groups:
                continue
            key = (nip, kind, start, end, title)
            if key in first:
                out.append(Finding("DUPLICATE_ENTRY", nip, entry_id, f"looks like a duplicate of activity {first[key]}"))
            else:
                first[key] = entry_id
    return out


# --- batches and the trail -----------------------------------------------------------------------

def list_batches(conn: Connection) -> list[dict]:
    return [dict(r) for r in conn.execute(select(BATCH).order_by(BATCH.c.id)).mappings()]


def get_batch(conn: Connection, batch_id: int) -> dict:
    row = conn.execute(select(BATCH).where(BATCH.c.id == batch_id)).mappings().first()
    if row is None:
        raise UsageError(f"batch {batch_id} is not in the ledger; see `jpledger batch list`")
    return dict(row)


def trail_entries(conn: Connection, limit: int | None) -> list[dict]:
    query = select(TRAIL).order_by(TRAIL.c.id.desc())
    if limit:
        query = query.limit(limit)
    return [dict(r) for r in conn.execute(query).mappings()]


# --- export --------------------------------------------------------------------------------------

def _with_staff(unit: str | None):
    """Activities joined to their person, limited to one unit (any case) when `unit` is given."""
    joined = ACTIVITY.join(STAFF, STAFF.c.nip == ACTIVITY.c.nip)
    condition = ACTIVITY.c.voided.is_(False)
    if unit:
        condition = and_(condition, func.lower(STAFF.c.unit) == unit.lower())
    return joined, condition


def latest_activity_year(conn: Connection, unit: str | None = None) -> int | None:
    """The latest year with a live activity (of the unit's people): the year a report shows by default."""
    joined, condition = _with_staff(unit)
    return conn.execute(select(func.max(ACTIVITY.c.year)).select_from(joined).where(condition)).scalar()


def unit_names(conn: Connection) -> list[str]:
    rows = conn.execute(select(STAFF.c.unit).where(STAFF.c.unit.is_not(None)).distinct().order_by(STAFF.c.unit))
    return [r[0] for r in rows]


def activity_rows(conn: Connection, fields: tuple[str, ...], *, year: int | None = None,
                  unit: str | None = None) -> Iterable[tuple]:
    """Live activities as plain tuples of `fields` (activity columns, and the person's `name`), oldest first.

    Streamed in chunks as plain rows, never dicts: an export of a national year is hundreds of thousands of rows.
    """
    columns = [STAFF.c.name if f == "name" else ACTIVITY.c[f] for f in fields]
    joined, condition = _with_staff(unit)
    if year is not None:
        condition = and_(condition, ACTIVITY.c.year == year)
    query = select(*columns).select_from(joined).where(condition).order_by(ACTIVITY.c.start, ACTIVITY.c.id)
    yield from conn.execute(query.execution_options(yield_per=5000))


def live_capped_entries(conn: Connection, *, unit: str | None = None) -> list[CappedEntry]:
    """Every live entry under a monthly cap, of every year, so an export can show what each cap withheld."""
    joined, condition = _with_staff(unit)
    condition = and_(condition, ACTIVITY.c.month_cap.is_not(None))
    query = (select(ACTIVITY.c.id, ACTIVITY.c.nip, ACTIVITY.c.kind, ACTIVITY.c.start, ACTIVITY.c.units_cents,
                    ACTIVITY.c.rate_cents, ACTIVITY.c.month_cap, ACTIVITY.c.form)
             .select_from(joined).where(condition))
    return [CappedEntry(r.id, r.nip, r.kind, r.start, cents_to_jp(r.units_cents), cents_to_jp(r.rate_cents or 0),
                        r.month_cap, r.form)
            for r in conn.execute(query)]


def policy_kind_units(conn: Connection) -> dict[tuple[int, str], str]:
    """(policy version, kind key) -> the unit that version counted the kind in (jp, session, day ...)."""
    from jpledger.core.policy import read_policy

    units: dict[tuple[int, str], str] = {}
    for version, text in conn.execute(select(POLICY.c.id, POLICY.c.text)):
        for key, rule in read_policy(text, f"policy version {version}").kinds.items():
            units[(version, key)] = rule.unit
    return units


# --- imports -------------------------------------------------------------------------------------
# Bulk reads and writes for `import` and `batch`: whole lists at once, Core statements, no ORM objects.

_IN_CHUNK = 500  # bound parameters per IN (...), well under every back end's limit


def _chunks(items: list, size: int = _IN_CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def staff_by_nip(conn: Connection, nips: Iterable[str] | None = None) -> dict[str, dict]:
    """People (all, or those of `nips`) with their STAFF_FIELDS, keyed by NIP."""
    columns = [STAFF.c.nip, *(STAFF.c[f] for f in STAFF_FIELDS)]
    if conn.execute(select(STAFF.c.nip).limit(1)).first() is None:
        return {}
    if nips is None:
        rows = list(conn.execute(select(*columns)))
    else:
        rows = []
        for chunk in _chunks(sorted(set(nips))):
            rows.extend(conn.execute(select(*columns).where(STAFF.c.nip.in_(chunk))))
    return {row[0]: dict(zip(STAFF_FIELDS, row[1:])) for row in rows}


def active_policy_id(conn: Connection) -> int:
    """The version id of the policy new entries are credited under, without reading the policy itself."""
    return conn.execute(select(func.max(POLICY.c.id))).scalar()


def live_fingerprints_among(conn: Connection, fingerprints: Iterable[str]) -> set[str]:
    """Which of `fingerprints` belong to live activities: looked up through the index, never a full scan."""
    if conn.execute(select(ACTIVITY.c.id).limit(1)).first() is None:
        return set()
    wanted = sorted(set(fingerprints))
    found: set[str] = set()
    for chunk in _chunks(wanted):
        found.update(r[0] for r in conn.execute(
            select(ACTIVITY.c.fingerprint).where(ACTIVITY.c.fingerprint.in_(chunk), ACTIVITY.c.voided.is_(False))))
    return found


def add_batch(conn: Connection, file: str, *, staff_added: int, staff_updated: int, added: int,
              skipped: int) -> int:
    return conn.execute(BATCH.insert().values(file=file, at=now(), actor=actor(), staff_added=staff_added,
                                              staff_updated=staff_updated, added=added, skipped=skipped)
                        ).inserted_primary_key[0]


def insert_staff_rows(conn: Connection, rows: list[tuple]) -> None:
    """Add people in one executemany; each row is (nip, *STAFF_FIELDS)."""
    if rows:
        stamp = now()
        _insert_many(conn, STAFF, ("nip", *STAFF_FIELDS), rows, {"created_at": stamp, "updated_at": stamp})


def update_staff_rows(conn: Connection, changes: list[tuple[str, dict]]) -> None:
    """Apply {field: new value} per NIP; people changing the same fields share one executemany."""
    from sqlalchemy import bindparam

    stamp = now()
    groups: dict[tuple[str, ...], list[dict]] = {}
    for nip, fields in changes:
        params = {"n_nip": nip, **{f"n_{key}": value for key, value in fields.items()}}
        groups.setdefault(tuple(sorted(fields)), []).append(params)
    for names, params in groups.items():
        statement = (STAFF.update().where(STAFF.c.nip == bindparam("n_nip"))
                     .values(updated_at=stamp, **{name: bindparam(f"n_{name}") for name in names}))
        conn.execute(statement, params)


def insert_activity_rows(conn: Connection, columns: tuple[str, ...], rows: list[tuple], batch: int | None) -> None:
    """Insert activity rows (tuples of `columns`) in one executemany, without RETURNING (the batch finds them)."""
    if not rows:
        return
    # Building an index over rows already in place is faster than growing it row by row, but rebuilding means
    # re-reading what the table held before: worth it only when the new rows outnumber the old.
    existing = conn.execute(select(func.max(ACTIVITY.c.id))).scalar() or 0
    rebuild = list(ACTIVITY.indexes) if conn.dialect.name == "sqlite" and len(rows) > existing else []
    if not rebuild:
        # In index order, so the rows land beside their neighbours instead of scattering through the indexes.
        at = {name: i for i, name in enumerate(columns)}
        rows = sorted(rows, key=lambda row: (row[at["year"]], row[at["nip"]], row[at["start"]]))
    for index in rebuild:
        index.drop(conn)
    _insert_many(conn, ACTIVITY, columns, rows, {"batch": batch, "created_at": now()})
    for index in rebuild:
        index.create(conn)


def _insert_many(conn: Connection, table, names: tuple[str, ...], rows: list[tuple], same: dict) -> None:
    """One executemany of `rows` (tuples of column `names`), each with the values `same` for more columns.

    On SQLite the tuples go to the driver directly: SQLAlchemy's per-row parameter handling costs more than the
    insert itself. Values still pass through the columns' own bind processors, once per distinct value; booleans
    need none, as the driver stores them as the 0 and 1 the processor would make of them.
    """
    if conn.dialect.name != "sqlite":
        conn.execute(table.insert(), [dict(zip(names, row)) | same for row in rows])
        return
    from sqlalchemy import Boolean

    def processor(name: str):
        kind = table.c[name].type
        return None if isinstance(kind, Boolean) else kind.dialect_impl(conn.dialect).bind_processor(conn.dialect)

    tail = tuple(value if value is None or processor(name) is None else processor(name)(value)
                 for name, value in same.items())
    converting = [(i, process, {}) for i, process in enumerate(map(processor, names)) if process is not None]

    def prepare(row: tuple) -> tuple:
        out = list(row)
        for i, process, done in converting:
            value = out[i]
            if value is not None:
                try:
                    out[i] = done[value]
                except KeyError:
                    out[i] = done[value] = process(value)
        out.extend(tail)
        return tuple(out)

    quoted = ", ".join(conn.dialect.identifier_preparer.quote(name) for name in (*names, *same))
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({quoted}) VALUES ({', '.join('?' * (len(names) + len(same)))})",
                         [prepare(row) for row in rows])


def revert_batch(conn: Connection, batch_id: int, reason: str) -> int:
    """Void what batch `batch_id` added and mark it reverted; refused (exit 3) when a closed year holds any of it."""
    live = and_(ACTIVITY.c.batch == batch_id, ACTIVITY.c.voided.is_(False))
    years = [r[0] for r in conn.execute(select(ACTIVITY.c.year).where(live).distinct())]
    refuse_locked(conn, years, f"reverting batch {batch_id}")
    stamp = now()
    voided = conn.execute(ACTIVITY.update().where(live)
                          .values(voided=True, void_reason=f"batch {batch_id} reverted: {reason}",
                                  voided_at=stamp)).rowcount
    conn.execute(BATCH.update().where(BATCH.c.id == batch_id).values(reverted_at=stamp, revert_reason=reason))
    return voided
