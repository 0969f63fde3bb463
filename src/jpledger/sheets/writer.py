"""Writing the ledger as an Excel workbook: staff, activities, the year's totals, and a summary with charts.

The workbook marks itself as a jpledger export (a sheet of its own) and carries what importing it back into an
empty ledger needs to give the same ledger: staff history, contracts and units on sheets of their own, and each
activity's credit as it stands (with the rate and monthly cap it was credited under) and its verification.
"""

from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator

from jpledger.errors import UsageError
from jpledger.sheets.columns import (
    ACTIVITY_COLUMNS,
    CONTRACT_COLUMNS,
    EXPORT_ACTIVITY_COLUMNS,
    EXPORT_FORMAT,
    EXPORT_MARK,
    EXPORT_SHEET,
    HISTORY_COLUMNS,
    STAFF_COLUMNS,
    UNIT_COLUMNS,
    Column,
)

# Excel holds 1,048,576 rows a sheet; the first is the header. Activities past that go on a continuation sheet.
MAX_DATA_ROWS = 1_048_575
MAX_WIDTH = 50
# Day 0 of Excel's 1900 date system: a date cell is a day count from it with a date format.
_EXCEL_EPOCH = date(1899, 12, 30).toordinal()

# What the activity rows carry, in this order (the store selects exactly these).
ACTIVITY_FIELDS = ("id", "nip", "name", "kind", "code", "title", "organizer", "start", "end", "units_cents",
                   "jp_cents", "sessions", "minutes", "days", "coach", "coach_nip", "ref", "international", "note",
                   "policy_version", "month_cap", "rate_cents", "mandiri", "goal", "actions", "follow_up",
                   "verification", "verified_by", "verified_at", "verify_note", "reject_reason")
# The staff sheet: a person's own values (a row's effective date and contract have sheets of their own).
STAFF_EXPORT = tuple(c for c in STAFF_COLUMNS if c.field not in ("effective_from", "contract_start", "contract_end",
                                                                 "contract_ref", "parent_unit"))

TEXT = {
    "id": {
        "staff": "Pegawai", "activities": "Kegiatan", "totals": "Rekap JP {year}", "summary": "Ringkasan {year}",
        "national": "Nasional", "international": "Internasional",
        "states": {"met": "Memenuhi", "short": "Kurang", "over": "Melebihi", "ok": "Sesuai"},
        "joined": "masuk tahun ini", "left": "keluar tahun ini",
        "total_heads": ("JP Klasikal", "JP Nonklasikal", "JP Pendidikan", "Total JP", "JP Minimal", "JP Maksimal",
                   "Kekurangan JP", "Keadaan", "Masa Kerja"),
        "unit_heads": ("Unit Kerja", "Jumlah Pegawai", "Memenuhi", "Kurang", "Melebihi", "Sesuai", "Tingkat Kepatuhan"),
        "all_units": "Semua unit", "no_unit": "(tanpa unit)",
        "band_heads": ("Rentang JP", "Jumlah Pegawai"),
        "band_names": ("0 JP", "di bawah 10 JP", "10 s.d. di bawah 20 JP", "20 s.d. di bawah 40 JP",
                       "40 JP atau lebih"),
        "chart_rate": "Tingkat kepatuhan per unit kerja, {year}",
        "chart_bands": "Jumlah pegawai per rentang JP, {year}",
        "title": "Rekap pengembangan kompetensi (JP) {year}",
        "history": "Riwayat Pegawai", "contracts": "Kontrak PPPK", "units": "Unit Kerja",
        "yes": "Ya", "no": "Tidak",
        "verification": {"unverified": "Belum diverifikasi", "verified": "Terverifikasi", "rejected": "Ditolak"},
        "about": ("Buku kerja ini ditulis oleh `jpledger export`. Mengimpornya kembali ke jpledger memberi buku "
                  "besar yang sama: pegawai dengan riwayatnya, kontrak, unit kerja, kegiatan dengan JP yang diakui "
                  "dan verifikasinya. JP diambil apa adanya (diakui menurut kebijakan pada masanya). Lembar "
                  "rekap dan ringkasan dihitung ulang oleh buku besar, tidak diimpor."),
    },
    "en": {
        "staff": "Staff", "activities": "Activities", "totals": "Totals {year}", "summary": "Summary {year}",
        "national": "National", "international": "International",
        "states": {"met": "met", "short": "short", "over": "over", "ok": "ok"},
        "joined": "joined in year", "left": "left in year",
        "total_heads": ("JP klasikal", "JP nonklasikal", "JP pendidikan", "Total JP", "Min JP", "Max JP",
                   "JP needed", "State", "Employment"),
        "unit_heads": ("Unit", "People", "Met", "Short", "Over", "OK", "Compliance rate"),
        "all_units": "All units", "no_unit": "(no unit)",
        "band_heads": ("JP band", "People"),
        "band_names": ("0 JP", "under 10 JP", "10 to under 20 JP", "20 to under 40 JP", "40 JP and more"),
        "chart_rate": "Compliance rate per unit, {year}",
        "chart_bands": "People per JP band, {year}",
        "title": "Competency development (JP) {year}",
        "history": "Staff History", "contracts": "PPPK Contracts", "units": "Units",
        "yes": "Yes", "no": "No",
        "verification": {"unverified": "unverified", "verified": "verified", "rejected": "rejected"},
        "about": ("This workbook was written by `jpledger export`. Importing it back into jpledger gives the same "
                  "ledger: people with their history, contracts, units, activities with their credited JP and "
                  "their verification. The JP are taken as given (credited under the policy of their day). The "
                  "totals and summary sheets are computed again by the ledger, not imported."),
    },
}

FORMS = ("klasikal", "nonklasikal", "pendidikan")
STAFF_DATES = ("appointed", "joined", "left", "effective_from", "contract_start", "contract_end")
# Fills for the totals sheet: short of the minimum (red-ish), over the maximum (amber).
SHORT_FILL = "#F8CBAD"
OVER_FILL = "#FFE699"
HEADER_FILL = "#D9E1F2"


def sheet_text(lang: str) -> dict:
    return TEXT["en" if lang == "en" else "id"]


# --- files ----------------------------------------------------------------------------------------------------

WORKBOOK_OPTIONS = {
    # Every string is written as text: a name like "=HYPERLINK(...)" must never become a formula or a link.
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
    "default_date_format": "dd/mm/yyyy",
}


@contextmanager
def atomic_workbook(path: Path, *, constant_memory: bool) -> Iterator:
    """A Workbook written to a temporary file beside `path`, renamed over it only once it is complete.

    A failure (a full disk, an interrupted export) removes the temporary file, so `path` is never half a workbook.
    The file is readable by its owner only: like the ledger, it holds NIPs, which embed birth dates.
    """
    import xlsxwriter
    from xlsxwriter.exceptions import XlsxWriterException

    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise UsageError(f"cannot write in {folder}: {exc.strerror}") from None
    os.close(fd)
    done = False
    try:
        try:
            workbook = xlsxwriter.Workbook(temp, WORKBOOK_OPTIONS | {"constant_memory": constant_memory})
            yield workbook
            workbook.close()
            os.replace(temp, path)
        except (OSError, XlsxWriterException) as exc:  # a full disk, a folder gone read-only
            reason = getattr(exc, "strerror", None) or str(exc).splitlines()[0]
            raise UsageError(f"cannot write {path}: {reason}") from None
        done = True
    finally:
        if not done:
            try:
                os.unlink(temp)
            except OSError:
                pass


class Formats:
    """The cell formats of one workbook, made once: xlsxwriter keeps a format per distinct look."""

    def __init__(self, workbook, fill: str | None = None):
        def make(**props):
            if fill:
                props["bg_color"] = fill
            return workbook.add_format(props)

        self.text = make(num_format="@")
        self.date = make(num_format="dd/mm/yyyy")
        self.jp = make(num_format="0.00")
        self.int = make(num_format="0")
        self.rate = make(num_format="0.0%")
        self.plain = make()


def header_format(workbook):
    return workbook.add_format({"bold": True, "bg_color": HEADER_FILL, "bottom": 1, "num_format": "@"})


def excel_day(day: date) -> int:
    """The serial number Excel stores for a date; written with a date format it is a real date cell."""
    return day.toordinal() - _EXCEL_EPOCH


def write_header(sheet, headings: list[str], fmt) -> None:
    for col, heading in enumerate(headings):
        sheet.write_string(0, col, heading, fmt)


def finish_table(sheet, headings: list[str], widths: list[int], last_row: int) -> None:
    """Frozen header, a filter over the whole table, columns as wide as their longest cell (within reason)."""
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(last_row, 0), len(headings) - 1)
    for col, (heading, width) in enumerate(zip(headings, widths)):
        # +3 leaves room for the filter button beside the heading.
        sheet.set_column(col, col, min(max(len(heading) + 3, width + 1), MAX_WIDTH))


# --- the export -----------------------------------------------------------------------------------------------

@dataclass
class ExportData:
    """Everything one export writes; `activities` is streamed (tuples in ACTIVITY_FIELDS order)."""

    year: int
    staff: list[dict]
    activities: Iterable[tuple]
    kind_units: dict[tuple[int, str], str]  # (policy version, kind key) -> unit
    withheld: dict[int, Decimal]  # activity id -> JP a monthly cap held back
    people: list  # PersonTotal of the year
    units: list  # UnitSummary per unit
    overall: object  # UnitSummary of all units
    # The ledger's own tables, for the export to import back whole.
    history: list[tuple] = ()  # (nip, name, field, value, valid_from)
    contracts: list[tuple] = ()  # (nip, start, end, ref)
    unit_tree: list[tuple] = ()  # (code, name, parent)
    # Entries that count nothing however much they were credited (rejected; unverified under `count: verified`;
    # outside employment): activity id -> True.
    uncounted: set[int] = frozenset()
    as_of: date | None = None
    policy: tuple[str, str] = ("", "")  # (name, text) of the policy in use
    made: str = ""  # when the export was made (ISO, UTC)


def write_export(path: Path, data: ExportData, lang: str) -> dict[str, int]:
    """Write the export workbook to `path` (atomically); returns how many rows each part got."""
    text = sheet_text(lang)
    with atomic_workbook(path, constant_memory=True) as workbook:
        workbook.set_properties({"title": text["title"].format(year=data.year), "comments": "jpledger export"})
        plain = Formats(workbook)
        head = header_format(workbook)
        counts = {"staff": _write_staff(workbook, text, lang, data.staff, plain, head)}
        counts["activities"] = _write_activities(workbook, text, lang, data, plain, head)
        _write_history(workbook, text, lang, data, plain, head)
        _write_contracts(workbook, text, lang, data, plain, head)
        _write_units(workbook, text, lang, data, plain, head)
        counts["people"] = _write_totals(workbook, text, lang, data, plain, head)
        counts["units"] = _write_summary(workbook, text, data, plain, head)
        _write_mark(workbook, text, data)
    return counts


def _write_staff(workbook, text: dict, lang: str, staff: list[dict], f: Formats, head) -> int:
    sheet = workbook.add_worksheet(text["staff"])
    headings = [c.heading(lang) for c in STAFF_EXPORT]
    write_header(sheet, headings, head)
    widths = [0] * len(headings)
    columns = [(col, c.field, c.field in STAFF_DATES) for col, c in enumerate(STAFF_EXPORT)]
    put_text, put_number = sheet.write_string, sheet.write_number
    row = 0
    for row, person in enumerate(staff, start=1):
        for col, name, is_date in columns:
            value = person.get(name)
            if value is None or value == "":
                continue
            if is_date:
                put_number(row, col, excel_day(value), f.date)
                widths[col] = 10
            else:
                value = str(value)
                put_text(row, col, value, f.text)
                if len(value) > widths[col]:
                    widths[col] = len(value)
    finish_table(sheet, headings, widths, row)
    return row


def _activity_headings(lang: str) -> tuple[list[str], dict[str, int]]:
    columns: tuple[Column, ...] = (*ACTIVITY_COLUMNS, *EXPORT_ACTIVITY_COLUMNS)
    return [c.heading(lang) for c in columns], {c.field: i for i, c in enumerate(columns)}


def _write_activities(workbook, text: dict, lang: str, data: ExportData, f: Formats, head) -> int:
    """The activities sheet(s), one row per live activity, written as it streams from the ledger.

    The quantity columns hold what the credit was computed from (the JP given, sessions, days, semesters or
    minutes); then the entry's credited JP, what a monthly cap withholds of it now, and what the person's total
    counts; the rate and monthly cap it was credited under; its verification. Imported back, the credited JP are
    taken as given, so an entry credited under an earlier policy keeps its credit.
    """
    headings, at = _activity_headings(lang)
    c_nip, c_name, c_kind, c_title, c_org = at["nip"], at["name"], at["kind"], at["title"], at["organizer"]
    c_start, c_end, c_jp, c_sessions, c_minutes = at["start"], at["end"], at["jp"], at["sessions"], at["minutes"]
    c_days, c_semesters, c_coach, c_ref = at["days"], at["semesters"], at["coach"], at["ref"]
    c_intl, c_note, c_credited = at["international"], at["note"], at["credited"]
    c_withheld, c_counted, c_rate, c_cap = at["withheld"], at["counted"], at["rate"], at["month_cap"]
    c_mandiri, c_goal, c_actions, c_follow = at["mandiri"], at["goal"], at["actions"], at["follow_up"]
    c_state, c_by, c_at, c_vnote, c_reason = (at["verification"], at["verified_by"], at["verified_at"],
                                              at["verify_note"], at["reject_reason"])
    scope = {True: text["international"], False: text["national"]}
    yes_no = {True: text["yes"], False: text["no"]}
    states = text["verification"]
    kind_units, withheld, uncounted = data.kind_units, data.withheld, data.uncounted
    t_fmt, d_fmt, jp_fmt, i_fmt = f.text, f.date, f.jp, f.int
    # Widths of the free-text columns are measured as rows stream by; the others have known widths.
    w_name = w_title = w_org = w_coach = w_ref = w_note = w_kind = w_goal = w_actions = w_by = 0

    sheets: list = []
    total = 0
    row = limit = MAX_DATA_ROWS

    for (aid, nip, name, kind, code, title, organizer, start, end, units_cents, jp_cents, sessions, minutes, days,
         coach, coach_nip, ref, international, note, version, month_cap, rate_cents, mandiri, goal, actions,
         follow_up, verification, verified_by, verified_at, verify_note, reject_reason) in data.activities:
        if row >= limit:
            # The first sheet, or a continuation once Excel's row limit is reached.
            name_of = text["activities"] if not sheets else f"{text['activities']} ({len(sheets) + 1})"
            sheet = workbook.add_worksheet(name_of)
            write_header(sheet, headings, head)
            sheets.append([sheet, 0])
            put_text, put_number = sheet.write_string, sheet.write_number
            row = 0
        row += 1
        sheets[-1][1] = row
        put_text(row, c_nip, nip, t_fmt)
        put_text(row, c_name, name, t_fmt)
        put_text(row, c_kind, code, t_fmt)
        put_text(row, c_title, title, t_fmt)
        put_number(row, c_start, start.toordinal() - _EXCEL_EPOCH, d_fmt)
        put_number(row, c_end, end.toordinal() - _EXCEL_EPOCH, d_fmt)
        unit = kind_units.get((version, kind))
        if unit == "jp":
            # The JP before any per-day cap; credited from minutes, the minutes too (the JP they made under the
            # policy of the day: imported back, those JP are taken, whatever minutes make a JP by then).
            put_number(row, c_jp, units_cents / 100, jp_fmt)
            if minutes is not None:
                put_number(row, c_minutes, minutes, i_fmt)
            if days is not None:  # given days set a per-day cap's reach
                put_number(row, c_days, days, i_fmt)
        elif unit == "session":
            put_number(row, c_sessions, units_cents // 100, i_fmt)
            if minutes is not None:
                put_number(row, c_minutes, minutes, i_fmt)
        elif unit == "day":
            put_number(row, c_days, units_cents // 100, i_fmt)
        elif unit == "semester":
            put_number(row, c_semesters, units_cents // 100, i_fmt)
        elif unit == "minute":
            put_number(row, c_minutes, units_cents / 100, jp_fmt)
        lost = withheld.get(aid, 0) if month_cap is not None else 0
        put_number(row, c_credited, jp_cents / 100, jp_fmt)
        put_number(row, c_withheld, float(lost) if aid not in uncounted else 0, jp_fmt)
        put_number(row, c_counted, float(Decimal(jp_cents) / 100 - lost) if aid not in uncounted else 0, jp_fmt)
        if rate_cents is not None:
            put_number(row, c_rate, rate_cents / 100, jp_fmt)
        if month_cap is not None:
            put_number(row, c_cap, month_cap, i_fmt)
        put_text(row, c_intl, scope[bool(international)], t_fmt)
        put_text(row, c_mandiri, yes_no[bool(mandiri)], t_fmt)
        put_text(row, c_state, states.get(verification, verification), t_fmt)
        if verified_by:
            put_text(row, c_by, verified_by, t_fmt)
            w_by = max(w_by, len(verified_by))
        if verified_at is not None:
            put_text(row, c_at, verified_at.isoformat(sep=" "), t_fmt)
        if verify_note:
            put_text(row, c_vnote, verify_note, t_fmt)
        if reject_reason:
            put_text(row, c_reason, reject_reason, t_fmt)
        if follow_up is not None:
            put_number(row, c_follow, follow_up.toordinal() - _EXCEL_EPOCH, d_fmt)
        if len(name) > w_name:
            w_name = len(name)
        if len(title) > w_title:
            w_title = len(title)
        if len(code) > w_kind:
            w_kind = len(code)
        if organizer:
            put_text(row, c_org, organizer, t_fmt)
            if len(organizer) > w_org:
                w_org = len(organizer)
        who = coach_nip or coach
        if who:
            put_text(row, c_coach, who, t_fmt)
            if len(who) > w_coach:
                w_coach = len(who)
        if ref:
            put_text(row, c_ref, ref, t_fmt)
            if len(ref) > w_ref:
                w_ref = len(ref)
        if note:
            put_text(row, c_note, note, t_fmt)
            if len(note) > w_note:
                w_note = len(note)
        if goal:
            put_text(row, c_goal, goal, t_fmt)
            w_goal = max(w_goal, len(goal))
        if actions:
            put_text(row, c_actions, actions, t_fmt)
            w_actions = max(w_actions, len(actions))
    if not sheets:  # no activities: still the sheet and its headings, so the workbook keeps its shape
        sheet = workbook.add_worksheet(text["activities"])
        write_header(sheet, headings, head)
        sheets.append([sheet, 0])
    widths = [0] * len(headings)
    for col, width in ((c_nip, 18), (c_name, w_name), (c_kind, w_kind), (c_title, w_title), (c_org, w_org),
                       (c_start, 10), (c_end, 10), (c_jp, 6), (c_sessions, 3), (c_minutes, 4), (c_days, 3),
                       (c_semesters, 2), (c_coach, w_coach), (c_ref, w_ref), (c_note, w_note), (c_credited, 6),
                       (c_withheld, 6), (c_counted, 6), (c_rate, 6), (c_cap, 3), (c_goal, w_goal),
                       (c_actions, w_actions), (c_follow, 10), (c_by, w_by), (c_at, 25),
                       (c_intl, len(text["international"])), (c_mandiri, len(text["no"])),
                       (c_state, max(len(v) for v in states.values()))):
        widths[col] = width
    for sheet, last in sheets:
        finish_table(sheet, headings, widths, last)
        total += last
    return total


def _write_rows(workbook, name: str, columns: tuple[Column, ...], lang: str, rows: Iterable[tuple], f: Formats,
                head, dates: tuple[int, ...] = ()) -> int:
    """A plain table of text cells and date cells (the columns at `dates`), header row first."""
    sheet = workbook.add_worksheet(name)
    headings = [c.heading(lang) for c in columns]
    write_header(sheet, headings, head)
    widths = [0] * len(headings)
    row = 0
    for row, values in enumerate(rows, start=1):
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            if col in dates:
                sheet.write_number(row, col, excel_day(value), f.date)
                widths[col] = 10
            else:
                sheet.write_string(row, col, str(value), f.text)
                widths[col] = max(widths[col], len(str(value)))
    finish_table(sheet, headings, widths, row)
    return row


def _write_history(workbook, text: dict, lang: str, data: ExportData, f: Formats, head) -> int:
    """Each person's status, unit (by code), supervisor, rank and position over time: what holds from which day."""
    field_heading = {c.field: c.heading(lang) for c in STAFF_COLUMNS}
    rows = ((nip, name, field_heading[field], value, since) for nip, name, field, value, since in data.history)
    return _write_rows(workbook, text["history"], HISTORY_COLUMNS, lang, rows, f, head, dates=(4,))


def _write_contracts(workbook, text: dict, lang: str, data: ExportData, f: Formats, head) -> int:
    """PPPK work agreements, one row each (renewals are more rows)."""
    return _write_rows(workbook, text["contracts"], CONTRACT_COLUMNS, lang, data.contracts, f, head, dates=(1, 2))


def _write_units(workbook, text: dict, lang: str, data: ExportData, f: Formats, head) -> int:
    """The units as a tree: each with the code of the unit above it."""
    return _write_rows(workbook, text["units"], UNIT_COLUMNS, lang, data.unit_tree, f, head)


def _write_mark(workbook, text: dict, data: ExportData) -> None:
    """The sheet by which the workbook says it is a jpledger export: what import reads it as (key | value)."""
    sheet = workbook.add_worksheet(EXPORT_SHEET)
    reports = [text["totals"].format(year=data.year), text["summary"].format(year=data.year)]
    rows = [(EXPORT_MARK, text["about"]), ("format", str(EXPORT_FORMAT)), ("made", data.made),
            ("year", str(data.year)), ("as_of", data.as_of.isoformat() if data.as_of else ""),
            ("policy", data.policy[0]), ("policy_text", data.policy[1]), ("reports", "\n".join(reports))]
    wrap = workbook.add_format({"text_wrap": True, "valign": "top", "num_format": "@"})
    for row, (key, value) in enumerate(rows):
        sheet.write_string(row, 0, key)
        sheet.write_string(row, 1, value, wrap)
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 100)


def _write_totals(workbook, text: dict, lang: str, data: ExportData, plain: Formats, head) -> int:
    """The year's totals, one row per counted person; short rows red-ish, over rows amber."""
    sheet = workbook.add_worksheet(text["totals"].format(year=data.year))
    staff_heading = {c.field: c.heading(lang) for c in STAFF_COLUMNS}
    headings = [staff_heading[k] for k in ("nip", "name", "unit", "status")] + list(text["total_heads"])
    write_header(sheet, headings, head)
    looks = {"short": Formats(workbook, SHORT_FILL), "over": Formats(workbook, OVER_FILL)}
    states = text["states"]
    widths = [18, 0, 0, 6, 8, 8, 8, 8, 6, 6, 8, 0, 0]
    put_text, put_number = sheet.write_string, sheet.write_number
    row = 0
    for row, p in enumerate(data.people, start=1):
        state = p.state
        f = looks.get(state, plain)
        marks = ", ".join(m for m, on in ((text["joined"], p.joined_in_year), (text["left"], p.left_in_year)) if on)
        for col, value in enumerate((p.nip, p.name, p.unit, p.status)):
            if value:
                put_text(row, col, value, f.text)
                widths[col] = max(widths[col], len(value))
            elif state in looks:
                sheet.write_blank(row, col, None, f.plain)  # keep the highlight across the whole row
        for col, form in enumerate(FORMS, start=4):
            put_number(row, col, float(p.by_form.get(form, Decimal(0))), f.jp)
        put_number(row, 7, float(p.jp), f.jp)
        for col, limit in ((8, p.min_jp), (9, p.max_jp)):
            if limit is not None:
                put_number(row, col, float(limit), f.jp)
            elif state in looks:
                sheet.write_blank(row, col, None, f.plain)  # keep the highlight across the whole row
        put_number(row, 10, float(p.needed), f.jp)
        put_text(row, 11, states[state], f.text)
        widths[11] = max(widths[11], len(states[state]))
        if marks:
            put_text(row, 12, marks, f.text)
            widths[12] = max(widths[12], len(marks))
        elif state in looks:
            sheet.write_blank(row, 12, None, f.plain)
    finish_table(sheet, headings, widths, row)
    return row


def jp_band(jp: Decimal) -> int:
    """Index of a person's JP band: 0, under 10, 10 to under 20, 20 to under 40, 40 and more."""
    if jp <= 0:
        return 0
    if jp < 10:
        return 1
    if jp < 20:
        return 2
    if jp < 40:
        return 3
    return 4


def _write_summary(workbook, text: dict, data: ExportData, f: Formats, head) -> int:
    """Compliance per unit and people per JP band, each a table with a native Excel chart beside it."""
    name = text["summary"].format(year=data.year)
    sheet = workbook.add_worksheet(name)
    headings = list(text["unit_heads"])
    write_header(sheet, headings, head)
    bold = workbook.add_format({"bold": True, "top": 1})
    bold_rate = workbook.add_format({"bold": True, "top": 1, "num_format": "0.0%"})
    width = max([len(text["all_units"]), len(text["band_heads"][0])] + [len(b) for b in text["band_names"]])
    row = 0
    labels = []
    for row, u in enumerate(data.units, start=1):
        label = text["no_unit"] if u.unit == "(no unit)" else u.unit
        labels.append(label)
        width = max(width, len(label))
        sheet.write_string(row, 0, label, f.text)
        for col, value in enumerate((u.headcount, u.met, u.short, u.over, u.ok), start=1):
            sheet.write_number(row, col, value, f.int)
        sheet.write_number(row, 6, u.compliance_rate, f.rate)
    last_unit = row
    o = data.overall
    row += 1
    sheet.write_string(row, 0, text["all_units"], bold)
    for col, value in enumerate((o.headcount, o.met, o.short, o.over, o.ok), start=1):
        sheet.write_number(row, col, value, bold)
    sheet.write_number(row, 6, o.compliance_rate, bold_rate)

    bands = [0] * 5
    for p in data.people:
        bands[jp_band(p.jp)] += 1
    band_row = row + 3
    sheet.write_string(band_row, 0, text["band_heads"][0], head)
    sheet.write_string(band_row, 1, text["band_heads"][1], head)
    for i, (label, count) in enumerate(zip(text["band_names"], bands), start=1):
        sheet.write_string(band_row + i, 0, label, f.text)
        sheet.write_number(band_row + i, 1, count, f.int)

    sheet.freeze_panes(1, 0)
    sheet.set_column(0, 0, min(width + 2, MAX_WIDTH))
    sheet.set_column(1, 6, 15)
    rate_height = 0
    if last_unit:
        chart = workbook.add_chart({"type": "bar"})
        # The cached values let a viewer draw the chart without recalculating (rows streamed to disk cannot be
        # read back for it), and make the unit names text categories rather than numbers.
        chart.add_series({"name": headings[6], "categories": [name, 1, 0, last_unit, 0],
                          "values": [name, 1, 6, last_unit, 6], "data_labels": {"value": True, "num_format": "0%"},
                          "categories_data": labels, "values_data": [u.compliance_rate for u in data.units]})
        chart.set_title({"name": text["chart_rate"].format(year=data.year)})
        chart.set_x_axis({"min": 0, "max": 1, "num_format": "0%"})
        chart.set_y_axis({"reverse": True})  # units read top to bottom, as in the table
        chart.set_legend({"none": True})
        rate_height = max(300, 60 + 24 * last_unit)
        chart.set_size({"width": 640, "height": rate_height})
        sheet.insert_chart(0, 8, chart)
    if data.people:
        chart = workbook.add_chart({"type": "column"})
        chart.add_series({"name": text["band_heads"][1], "categories": [name, band_row + 1, 0, band_row + 5, 0],
                          "values": [name, band_row + 1, 1, band_row + 5, 1], "data_labels": {"value": True},
                          "categories_data": list(text["band_names"]), "values_data": bands})
        chart.set_title({"name": text["chart_bands"].format(year=data.year)})
        chart.set_legend({"none": True})
        chart.set_size({"width": 640, "height": 320})
        # Below the first chart (rows are 20 pixels high), or at the top when there is none.
        sheet.insert_chart(rate_height // 20 + 2 if rate_height else 0, 8, chart)
    return len(data.units)
