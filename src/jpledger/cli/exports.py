"""`jpledger export` and `jpledger template`: the ledger as a workbook, and an empty roster workbook to fill."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from jpledger.cli.common import UnitOption, note, open_for_read, state
from jpledger.errors import UsageError


class Lang(str, Enum):
    id = "id"
    en = "en"


FileArg = Annotated[str, typer.Argument(help="The workbook to write (.xlsx).", show_default=False)]
LangOption = Annotated[Lang, typer.Option("--lang", case_sensitive=False,
                                          help="Headings and labels: id (Indonesian) or en (English).")]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")]


def output_path(file: str, force: bool) -> Path:
    """The workbook to write; an existing file is replaced only with --force (it may be someone's work)."""
    path = Path(file)
    if path.suffix.lower() != ".xlsx":
        example = path.with_suffix(".xlsx").name if path.name else "jpledger.xlsx"
        raise UsageError(f"{file}: the workbook must be an .xlsx file, e.g. {example}")
    if path.is_dir():
        raise UsageError(f"{file} is a folder; give a file name ending in .xlsx")
    if path.exists() and not force:
        raise UsageError(f"{file} already exists; add --force to replace it, or choose another name")
    if not path.parent.is_dir():
        raise UsageError(f"folder {path.parent} does not exist; create it first or choose another place")
    return path


def export(ctx: typer.Context, file: FileArg,
           year: Annotated[int | None, typer.Option("--year", "-y", min=1900, max=2999,
                                                    help="Only this year's activities; also the year of the "
                                                         "totals (default: all activities, totals of the latest "
                                                         "year that has any).")] = None,
           unit: UnitOption = None, lang: LangOption = Lang.id, force: ForceOption = False) -> None:
    """Write the ledger to an Excel workbook: staff, activities, the year's totals and a summary with charts.

    Sheets: staff; live activities (of --year, else all); each person's JP for the year by form against the
    target, short rows red and over rows amber; per-unit compliance and people per JP band, with charts.
    The workbook imports again: `jpledger import FILE` into an empty ledger gives the same people and totals.

    Example: jpledger export rekap-2026.xlsx --year 2026 --unit "Bidang Diklat"
    """
    from jpledger.cli.report import _today, default_as_of
    from jpledger.core.compliance import monthly_withheld, summarize
    from jpledger.sheets.writer import ACTIVITY_FIELDS, ExportData, write_export
    from jpledger.store import ledger as store

    path = output_path(file, force)
    ledger = open_for_read(ctx)
    today = _today()
    with ledger.read() as conn:
        if unit:
            unit = _known_unit(store.unit_names(conn), unit)
        _, policy, _ = store.active_policy(conn)
        totals_year = year or store.latest_activity_year(conn, unit) or today.year
        people, withheld, _ = store.year_totals(conn, policy, totals_year, default_as_of(totals_year, today),
                                                unit=unit)
        overall, units = summarize(people)
        if year is None:  # the totals' year is not enough: every year's activities show what their caps withheld
            withheld = monthly_withheld(store.live_capped_entries(conn, unit=unit))
        data = ExportData(year=totals_year, staff=store.list_staff(conn, unit=unit, include_left=True),
                          activities=store.activity_rows(conn, ACTIVITY_FIELDS, year=year, unit=unit),
                          kind_units=store.policy_kind_units(conn), withheld=withheld,
                          people=people, units=units, overall=overall)
        counts = write_export(path, data, lang.value)
    scope = f"of {year}" if year else "of all years"
    note(ctx, f"wrote {path}: {counts['staff']} staff, {_many(counts['activities'], 'activity', 'activities')} "
              f"{scope}, {totals_year} totals for {_many(counts['people'], 'person', 'people')} in "
              f"{_many(counts['units'], 'unit', 'units')}")


def _many(count: int, one: str, more: str) -> str:
    return f"{count} {one if count == 1 else more}"


def _known_unit(names: list[str], unit: str) -> str:
    """The unit as the ledger spells it; a unit nobody belongs to is a usage error that lists the known ones."""
    for name in names:
        if name.lower() == unit.strip().lower():
            return name
    shown = ", ".join(names[:15]) + (", ..." if len(names) > 15 else "") if names else "none yet"
    raise UsageError(f"--unit: nobody in the ledger belongs to unit {unit!r}; units: {shown}")


def template(ctx: typer.Context, file: FileArg, lang: LangOption = Lang.id, force: ForceOption = False) -> None:
    """Write an empty roster workbook to fill in and import: staff and activity sheets with drop-down lists.

    NIP columns are text, dates are checked, kind / status / golongan are chosen from lists (kinds from the
    ledger's active policy, or the shipped one when there is no ledger yet), and a sheet explains how to fill it.
    No ledger is created.

    Example: jpledger template roster-kosong.xlsx && jpledger import roster-kosong.xlsx --dry-run
    """
    from jpledger.sheets.template import write_template

    path = output_path(file, force)
    write_template(path, _policy_for_template(ctx), lang.value)
    note(ctx, f"wrote {path}: fill in the staff and activity sheets, then run `jpledger import {path}`")


def _policy_for_template(ctx: typer.Context):
    """The ledger's active policy when a ledger exists; the shipped one otherwise (a template creates nothing)."""
    from jpledger.core.policy import default_policy
    from jpledger.store.db import resolve_location
    from jpledger.store.ledger import active_policy

    if not _has_ledger(resolve_location(state(ctx).db)):
        return default_policy()
    with open_for_read(ctx).read() as conn:
        return active_policy(conn)[1]


def _has_ledger(where: str) -> bool:
    from jpledger.store.db import is_url

    if not is_url(where):
        return Path(where).exists()
    from sqlalchemy import create_engine, inspect

    try:
        engine = create_engine(where)
        try:
            with engine.connect() as conn:
                return inspect(conn).has_table("meta")
        finally:
            engine.dispose()
    except Exception:  # unreachable or malformed: opening it for real says what is wrong, with exit 4
        return True


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("template")(template)
