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
    from jpledger.core.compliance import summarize
    from jpledger.sheets.writer import ACTIVITY_FIELDS, ExportData, write_export
    from jpledger.store import activities, policies, staff
    from jpledger.store.years import cap_withheld, year_totals

    with rt.read().read() as conn:
        if unit:
            unit = known_unit(staff.unit_names(conn), unit)
        _, policy, _ = policies.active_policy(conn)
        totals_year = year or activities.latest_activity_year(conn, unit) or rt.today.year
        found = year_totals(conn, policy, totals_year, default_as_of(totals_year, rt.today), unit=unit)
        people = found.people
        overall, units = summarize(people)
        # What each cap withholds as the ledger stands now, counted as `statement` and `activity list` count it,
        # so one entry shows the same figures everywhere.
        withheld = cap_withheld(conn, policy, {(e.nip, e.day.year, e.day.month)
                                               for e in activities.live_capped_entries(conn, unit=unit)})
        data = ExportData(year=totals_year, staff=staff.list_staff(conn, unit=unit, include_left=True),
                          activities=activities.activity_rows(conn, ACTIVITY_FIELDS, year=year, unit=unit),
                          kind_units=policies.policy_kind_units(conn), withheld=withheld,
                          people=people, units=units, overall=overall)
        counts = write_export(path, data, lang)
    return Exported(year, totals_year, counts)


def template(rt: Runtime, path: Path, lang: str) -> None:
    from jpledger.app.policy import for_template
    from jpledger.sheets.template import write_template

    write_template(path, for_template(rt), lang)
