"""`jpledger export` and `jpledger template`: the ledger as a workbook, and an empty roster workbook to fill."""


from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from jpledger.cli.common import UnitOption, runtime, say
from jpledger.errors import UsageError
from jpledger.i18n import N_, ngettext


class Lang(str, Enum):
    id = "id"
    en = "en"


FileArg = Annotated[str, typer.Argument(help="The workbook to write (.xlsx).", show_default=False)]
LangOption = Annotated[Lang | None, typer.Option(
    "--lang", case_sensitive=False, show_default=False,
    help=N_("Headings and labels: id (Indonesian) or en (English); without it, the global --lang or JPLEDGER_LANG "
            "when set, else id."))]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")]


def output_path(file: str, force: bool) -> Path:
    """The workbook to write; an existing file is replaced only with --force (it may be someone's work)."""
    path = Path(file)
    if path.suffix.lower() != ".xlsx":
        example = path.with_suffix(".xlsx").name if path.name else "jpledger.xlsx"
        raise UsageError("WORKBOOK_NOT_XLSX", file=file, example=example)
    if path.is_dir():
        raise UsageError("WORKBOOK_IS_FOLDER", file=file)
    if path.exists() and not force:
        raise UsageError("FILE_EXISTS_FORCE", file=file)
    if not path.parent.is_dir():
        raise UsageError("FOLDER_MISSING", folder=path.parent)
    return path


def export(ctx: typer.Context, file: FileArg,
           year: Annotated[int | None, typer.Option("--year", "-y", min=1900, max=2999,
                                                    help="Only this year's activities; also the year of the "
                                                         "totals (default: all activities, totals of the latest "
                                                         "year that has any).")] = None,
           unit: UnitOption = None, lang: LangOption = None, force: ForceOption = False,
           siasn: Annotated[bool, typer.Option("--siasn", help=N_("The year's activities as SIASN riwayat kursus "
                                                                  "rows to upload (needs --year)."))] = False) -> None:
    """Write the ledger to an Excel workbook: staff, activities, the year's totals and a summary with charts.

    Sheets: staff; live activities (of --year, else all) with their credited, withheld and counted JP; staff
    history, PPPK contracts and units; each person's JP for the year by form against the target, short rows red
    and over rows amber; per-unit compliance and people per JP band, with charts. The workbook imports again
    whole: `jpledger import FILE` into an empty ledger gives the same people, history, contracts, units,
    activities, credits, verification and totals. Every sheet prints on A4 landscape, one page wide, with the
    year, as-of day, policy and time made on each page.

    With --siasn (and --year): SIASN's riwayat kursus layout instead, one row per person and activity, jumlahJam
    the counted JP rounded half up; kinds without a siasn_type in the policy go to a second sheet with the reason.

    Example: jpledger export rekap-2026.xlsx --year 2026 --unit "Bidang Diklat"
    """
    from jpledger.app.exports import export as write

    if siasn:
        _siasn(ctx, file, year, unit, _workbook_lang(lang), force)
        return
    path = output_path(file, force)
    done = write(runtime(ctx), path, year=year, unit=unit, lang=_workbook_lang(lang))
    counts = done.counts
    activities = ngettext("{count} activity", "{count} activities", counts["activities"])
    people = ngettext("{count} person", "{count} people", counts["people"])
    units = ngettext("{count} unit", "{count} units", counts["units"])
    say(ctx, "EXPORTED_YEAR" if year else "EXPORTED_ALL", file=path, staff=counts["staff"],
        activities=activities.format(count=counts["activities"]), year=year, totals_year=done.totals_year,
        people=people.format(count=counts["people"]), units=units.format(count=counts["units"]))


def _siasn(ctx: typer.Context, file: str, year: int | None, unit: str | None, lang: str, force: bool) -> None:
    from jpledger.app.exports import siasn

    if year is None:
        raise UsageError("SIASN_NEEDS_YEAR")
    path = output_path(file, force)
    done = siasn(runtime(ctx), path, year=year, unit=unit, lang=lang)
    say(ctx, "EXPORTED_SIASN", file=path, count=done.rows, year=year, left=done.left, sheet=done.left_sheet)


def template(ctx: typer.Context, file: FileArg, lang: LangOption = None, force: ForceOption = False) -> None:
    """Write an empty roster workbook to fill in and import: staff and activity sheets with drop-down lists.

    NIP columns are text, dates are checked, kind / status / golongan are chosen from lists (kinds from the
    ledger's active policy, or the shipped one when there is no ledger yet), and a sheet explains how to fill it.
    No ledger is created.

    Example: jpledger template roster-kosong.xlsx && jpledger import roster-kosong.xlsx --dry-run
    """
    from jpledger.app.exports import template as write

    path = output_path(file, force)
    write(runtime(ctx), path, _workbook_lang(lang))
    say(ctx, "TEMPLATE_WRITTEN", file=path)


def _workbook_lang(own: Lang | None) -> str:
    """The workbook's own --lang, else the global --lang or JPLEDGER_LANG when set, else Indonesian (spec 14)."""
    from jpledger.i18n import workbook_language

    return workbook_language(own.value if own else None)


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("template")(template)
