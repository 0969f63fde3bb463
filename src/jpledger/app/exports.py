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
    from jpledger.core.compliance import monthly_withheld, summarize
    from jpledger.sheets.writer import ACTIVITY_FIELDS, ExportData, write_export
    from jpledger.store import activities, policies, staff
    from jpledger.store.units import subtree_of
    from jpledger.store.years import year_totals

    with rt.read().read() as conn:
        # --unit: the unit and every unit below it; people as they are now, totals by their unit on the day.
        codes = subtree_of(conn, unit)[1] if unit else None
        _, policy, _ = policies.active_policy(conn)
        totals_year = year or activities.latest_activity_year(conn, codes) or rt.today.year
        found = year_totals(conn, policy, totals_year, default_as_of(totals_year, rt.today), unit=unit)
        people, withheld = found.people, found.withheld
        overall, units = summarize(people)
        if year is None:  # the totals' year is not enough: every year's activities show what their caps withheld
            withheld = monthly_withheld(activities.live_capped_entries(conn, units=codes))
        data = ExportData(year=totals_year, staff=staff.list_staff(conn, units=codes, include_left=True),
                          activities=activities.activity_rows(conn, ACTIVITY_FIELDS, year=year, units=codes),
                          kind_units=policies.policy_kind_units(conn), withheld=withheld,
                          people=people, units=units, overall=overall)
        counts = write_export(path, data, lang)
    return Exported(year, totals_year, counts)


def template(rt: Runtime, path: Path, lang: str) -> None:
    from jpledger.app.policy import for_template
    from jpledger.sheets.template import write_template

    write_template(path, for_template(rt), lang)
