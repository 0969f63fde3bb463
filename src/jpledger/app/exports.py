"""The ledger as a workbook a person opens in Excel, and an empty roster workbook to fill in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jpledger.app.runtime import Runtime
from jpledger.errors import UsageError


@dataclass
class Exported:
    year: int | None  # the activities' year, None for all years
    totals_year: int
    counts: dict[str, int]


def known_unit(names: list[str], unit: str) -> str:
    """The unit as the ledger spells it; a unit nobody belongs to is a usage error that lists the known ones."""
    for name in names:
        if name.lower() == unit.strip().lower():
            return name
    shown = ", ".join(names[:15]) + (", ..." if len(names) > 15 else "") if names else None
    raise UsageError("UNIT_UNKNOWN", unit=unit, units=shown) if shown else UsageError("UNIT_UNKNOWN_NONE", unit=unit)


def export(rt: Runtime, path: Path, *, year: int | None, unit: str | None, lang: str) -> Exported:
    from jpledger.app.reports import default_as_of
    from jpledger.core.compliance import monthly_withheld, summarize
    from jpledger.sheets.writer import ACTIVITY_FIELDS, ExportData, write_export
    from jpledger.store import activities, policies, staff
    from jpledger.store.db import now
    from jpledger.store.years import year_totals

    with rt.read().read() as conn:
        if unit:
            unit = known_unit(staff.unit_names(conn), unit)
        _, policy, text = policies.active_policy(conn)
        totals_year = year or activities.latest_activity_year(conn, unit) or rt.today.year
        as_of = default_as_of(totals_year, rt.today)
        found = year_totals(conn, policy, totals_year, as_of, unit=unit)
        people, withheld = found.people, found.withheld
        overall, units = summarize(people)
        if year is None:  # the totals' year is not enough: every year's activities show what their caps withheld
            withheld = monthly_withheld(activities.live_capped_entries(conn, unit=unit))
        listed = staff.list_staff(conn, unit=unit, include_left=True)
        history, contracts, tree = _ledger_tables(conn, listed)
        data = ExportData(year=totals_year, staff=listed,
                          activities=activities.activity_rows(conn, ACTIVITY_FIELDS, year=year, unit=unit),
                          kind_units=policies.policy_kind_units(conn), withheld=withheld,
                          people=people, units=units, overall=overall, history=history, contracts=contracts,
                          unit_tree=tree, uncounted=_uncounted(conn, policy, listed, year),
                          as_of=as_of, policy=(policy.name, text), made=now().isoformat(sep=" "))
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
