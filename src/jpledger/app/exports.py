"""The ledger as a workbook a person opens in Excel, and an empty roster workbook to fill in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jpledger.app.runtime import Runtime


@dataclass
class Exported:
    year: int | None  # the activities' year, None for all years
    totals_year: int
    counts: dict[str, int]


def export(rt: Runtime, path: Path, *, year: int | None, unit: str | None, lang: str) -> Exported:
    from jpledger.app.reports import default_as_of
    from jpledger.core.compliance import summarize
    from jpledger.sheets.printing import Stamp, made_now
    from jpledger.sheets.writer import ACTIVITY_FIELDS, ExportData, write_export
    from jpledger.store import activities, policies, staff
    from jpledger.store.db import now
    from jpledger.store.units import subtree_of
    from jpledger.store.years import cap_withheld, year_totals

    with rt.read().read() as conn:
        # --unit: the unit and every unit below it; people as they are now, totals by their unit on the day.
        codes = subtree_of(conn, unit)[1] if unit else None
        _, policy, text = policies.active_policy(conn)
        totals_year = year or activities.latest_activity_year(conn, codes) or rt.today.year
        as_of = default_as_of(totals_year, rt.today)
        found = year_totals(conn, policy, totals_year, as_of, unit=unit)
        people = found.people
        overall, units = summarize(people)
        # What each cap withholds as the ledger stands now, counted as `statement` and `activity list` count it,
        # so one entry shows the same figures everywhere.
        withheld = cap_withheld(conn, policy, {(e.nip, e.day.year, e.day.month)
                                               for e in activities.live_capped_entries(conn, units=codes)})
        listed = staff.list_staff(conn, units=codes, include_left=True)
        history, contracts, tree = _ledger_tables(conn, listed)
        data = ExportData(year=totals_year, staff=listed,
                          activities=activities.activity_rows(conn, ACTIVITY_FIELDS, year=year, units=codes),
                          kind_units=policies.policy_kind_units(conn), withheld=withheld,
                          people=people, units=units, overall=overall,
                          kind_labels=policies.policy_kind_labels(conn),
                          stamp=Stamp(totals_year, as_of, policy.name, made_now()),
                          history=history, contracts=contracts, unit_tree=tree,
                          uncounted=_uncounted(conn, policy, listed, year), as_of=as_of, policy=(policy.name, text),
                          made=now().isoformat(sep=" "))
        counts = write_export(path, data, lang)
    return Exported(year, totals_year, counts)


def _ledger_tables(conn, people: list[dict]) -> tuple[list, list, list]:
    """The exported people's history and contracts, and every unit: what an import needs besides the staff rows."""
    from sqlalchemy import select

    from jpledger.store.tables import CONTRACT, HISTORY, UNIT, chunks

    names = {p["nip"]: p["name"] for p in people}
    history, contracts = [], []
    for chunk in chunks(sorted(names)):
        history += [(nip, names[nip], field, value, since) for nip, field, value, since in conn.execute(
            select(HISTORY.c.nip, HISTORY.c.field, HISTORY.c.value, HISTORY.c.valid_from)
            .where(HISTORY.c.nip.in_(chunk)).order_by(HISTORY.c.nip, HISTORY.c.valid_from, HISTORY.c.id))]
        contracts += [(nip, start, end, ref) for nip, start, end, ref in conn.execute(
            select(CONTRACT.c.nip, CONTRACT.c.start, CONTRACT.c.end, CONTRACT.c.ref)
            .where(CONTRACT.c.nip.in_(chunk)).order_by(CONTRACT.c.nip, CONTRACT.c.start))]
    history.sort(key=lambda r: (r[0], r[4]))
    contracts.sort(key=lambda r: (r[0], r[1]))
    tree = [tuple(r) for r in conn.execute(select(UNIT.c.code, UNIT.c.name, UNIT.c.parent).order_by(UNIT.c.code))]
    return history, contracts, tree


def _uncounted(conn, policy, people: list[dict], year: int | None) -> set[int]:
    """Live entries that count nothing whatever their credit: rejected, unverified under a policy that counts only
    verified entries, or outside the person's employment."""
    from sqlalchemy import and_, select

    from jpledger.core.employment import outside_employment
    from jpledger.store.tables import ACTIVITY
    from jpledger.store.years import counts_verified_only

    served = {p["nip"]: (p.get("appointed"), p.get("left")) for p in people}
    condition = ACTIVITY.c.voided.is_(False)
    if year is not None:
        condition = and_(condition, ACTIVITY.c.year == year)
    query = select(ACTIVITY.c.id, ACTIVITY.c.nip, ACTIVITY.c.start, ACTIVITY.c.end, ACTIVITY.c.verification).where(
        condition)
    verified_only = counts_verified_only(policy)
    out = set()
    for aid, nip, start, end, state in conn.execute(query):
        appointed, left = served.get(nip, (None, None))
        if state == "rejected" or (verified_only and state != "verified") or outside_employment(
                start, end, appointed, left):
            out.add(aid)
    return out


def template(rt: Runtime, path: Path, lang: str) -> None:
    from jpledger.app.policy import for_template
    from jpledger.sheets.template import write_template

    write_template(path, for_template(rt), lang)


@dataclass
class SiasnExported:
    rows: int  # rows on the SIASN sheet
    left: int  # entries on the second sheet, with the reason
    left_sheet: str


def siasn(rt: Runtime, path: Path, *, year: int, unit: str | None, lang: str) -> SiasnExported:
    """The year's activities as SIASN riwayat kursus rows: what each counts (as the statement says) rounded to whole
    hours, typed by each kind's `siasn_type` in the policy (the newest version that has the kind)."""
    from jpledger.app.reports import default_as_of
    from jpledger.sheets.printing import Stamp, made_now
    from jpledger.sheets.siasn import SiasnEntry, write_siasn
    from jpledger.store import activities, policies
    from jpledger.store.units import subtree_of
    from jpledger.store.years import entry_figures

    with rt.read().read() as conn:
        codes = subtree_of(conn, unit)[1] if unit else None
        _, policy, _ = policies.active_policy(conn)
        rules = policies.policy_kind_rules(conn)
        rows = activities.year_entries(conn, year, units=codes)
        figures = entry_figures(conn, policy, rows)
    entries = []
    for r in rows:
        rule, counted = rules.get(r["kind"]), figures[r["id"]]
        siasn_type = rule.siasn_type if rule else None
        entries.append(SiasnEntry(r["nip"], r["name"], r["code"], rule.label if rule else r["kind"], r["title"],
                                  r["organizer"], r["ref"], r["start"], r["end"], counted.counted, counted.why_not,
                                  siasn_type.id if siasn_type else None, siasn_type.name if siasn_type else None))
    stamp = Stamp(year, default_as_of(year, rt.today), policy.name, made_now())
    sent, left, sheet = write_siasn(path, entries, year, stamp, lang)
    return SiasnExported(sent, left, sheet)
