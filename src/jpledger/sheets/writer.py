"""Writing the ledger as an Excel workbook: staff, activities, the year's totals, and a summary with charts.

The workbook marks itself as a jpledger export (a sheet of its own) and carries what importing it back into an
empty ledger needs to give the same ledger: staff history, contracts and units on sheets of their own, and each
activity's credit as it stands (with the rate and monthly cap it was credited under) and its verification.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Iterable, Iterator

from jpledger.core.compliance import remarks
from jpledger.errors import UsageError
from jpledger.i18n import NO_UNIT
from jpledger.sheets.columns import (
    ACTIVITY_COLUMNS,
    CONTRACT_COLUMNS,
    EXPORT_ACTIVITY_COLUMNS,
    EXPORT_FORMAT,
    EXPORT_MARK,
    EXPORT_SHEET,
    HISTORY_COLUMNS,
    KIND_LABEL,
    STAFF_COLUMNS,
    UNIT_COLUMNS,
    Column,
)
from jpledger.sheets.printing import Stamp, print_ready

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
        "lang": "id",
        "staff": "Pegawai", "activities": "Kegiatan", "totals": "Rekap JP {year}", "summary": "Ringkasan {year}",
        "national": "Nasional", "international": "Internasional",
        "states": {"met": "Memenuhi", "short": "Kurang", "over": "Melebihi", "ok": "Sesuai"},
        "joined": "masuk tahun ini", "left": "keluar tahun ini", "short_of": "belum memenuhi {name}",
        "over_in": "melebihi pada {start}..{end}",
        "total_heads": ("JP Klasikal", "JP Nonklasikal", "JP Pendidikan", "Total JP", "JP Minimal", "JP Maksimal",
                   "Kekurangan JP", "Keadaan", "Keterangan"),
        "unit_heads": ("Unit Kerja", "Jumlah Pegawai", "Memenuhi", "Kurang", "Melebihi", "Sesuai", "Tingkat Kepatuhan"),
        "all_units": "Semua unit", "no_unit": "(tanpa unit)",
        "band_heads": ("Rentang JP", "Jumlah Pegawai"),
        "band_names": ("0 JP", "di bawah 10 JP", "10 s.d. di bawah 20 JP", "20 s.d. di bawah 40 JP",
                       "40 JP atau lebih"),
        "chart_rate": "Tingkat kepatuhan per unit kerja, {year}",
        "chart_bands": "Jumlah pegawai per rentang JP, {year}",
        "chart_rate_part": "Tingkat kepatuhan per unit kerja, {year} ({part}/{parts})",
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
        "lang": "en",
        "staff": "Staff", "activities": "Activities", "totals": "Totals {year}", "summary": "Summary {year}",
        "national": "National", "international": "International",
        "states": {"met": "met", "short": "short", "over": "over", "ok": "ok"},
        "joined": "joined in year", "left": "left in year", "short_of": "short of {name}",
        "over_in": "over in {start}..{end}",
        "total_heads": ("JP klasikal", "JP nonklasikal", "JP pendidikan", "Total JP", "Min JP", "Max JP",
                   "JP needed", "State", "Note"),
        "unit_heads": ("Unit", "People", "Met", "Short", "Over", "OK", "Compliance rate"),
        "all_units": "All units", "no_unit": "(no unit)",
        "band_heads": ("JP band", "People"),
        "band_names": ("0 JP", "under 10 JP", "10 to under 20 JP", "20 to under 40 JP", "40 JP and more"),
        "chart_rate": "Compliance rate per unit, {year}",
        "chart_bands": "People per JP band, {year}",
        "chart_rate_part": "Compliance rate per unit, {year} ({part}/{parts})",
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

    A failure (a full disk, an interrupted export) removes the temporary file and the writer's scratch files,
    so `path` is never half a workbook and nothing is left behind. The file is readable by its owner only: like
    the ledger, it holds NIPs, which embed birth dates.
    """
    import xlsxwriter
    from xlsxwriter.exceptions import XlsxWriterException

    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise _cannot_write(folder, exc) from None
    # The writer's scratch files (each sheet's cells, before they are zipped) hold NIPs too: in a folder of
    # our own, owner-only, removed whatever happens.
    scratch = tempfile.mkdtemp(prefix="jpledger-")
    target = _Target(os.fdopen(fd, "wb"))
    done = False
    try:
        try:
            workbook = xlsxwriter.Workbook(target, WORKBOOK_OPTIONS | {"constant_memory": constant_memory,
                                                                       "tmpdir": scratch})
            yield workbook
            workbook.close()
            target.finish()
            os.replace(temp, path)
        except (OSError, XlsxWriterException) as exc:  # a full disk, a folder gone read-only
            raise _cannot_write(path, _os_error(exc), scratch) from None
        done = True
    finally:
        target.abandon()
        shutil.rmtree(scratch, ignore_errors=True)
        if not done:
            try:
                os.unlink(temp)
            except OSError:
                pass


class _Target:
    """The workbook's file, which goes quiet once a write to it has failed.

    The zip writer inside xlsxwriter is left open when a write fails, and tries to finish the file again when
    it is collected; against a full disk that would print a second error and a traceback after ours. After a
    failure this takes every write and keeps count of the position, so that last attempt finds nothing to
    complain about, and nothing reaches the disk.
    """

    def __init__(self, handle):
        self._handle = handle
        self._failed = False
        self._position = 0

    def _try(self, call, *args):
        try:
            return call(*args)
        except OSError:
            self._failed = True
            raise

    def write(self, data) -> int:
        if not self._failed:
            self._try(self._handle.write, data)
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if not self._failed:
            self._position = self._try(self._handle.seek, offset, whence)
        elif whence == os.SEEK_SET:
            self._position = offset
        return self._position

    def flush(self) -> None:
        if not self._failed:
            self._try(self._handle.flush)

    def finish(self) -> None:
        """Everything on the disk, or the error that kept it off."""
        self.flush()
        self._try(os.fsync, self._handle.fileno())
        self._handle.close()

    def abandon(self) -> None:
        self._failed = True
        try:
            self._handle.close()
        except OSError:
            pass  # the failure that matters was reported already


def _os_error(exc: BaseException) -> BaseException:
    # xlsxwriter reports a failed write as its own exception carrying the system's error.
    inner = exc.args[0] if exc.args else None
    return inner if isinstance(inner, OSError) else exc


def _cannot_write(path: Path, exc: BaseException, scratch: str | None = None) -> UsageError:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        # The scratch files may be what filled their disk (the system's temporary folder), not the workbook. On one
        # disk the workbook is named: their free room, read one after the other, may differ by others' writes.
        elsewhere = scratch and not _same_disk(Path(scratch).parent, path.parent)
        where = Path(scratch).parent if elsewhere and _room(Path(scratch)) < _room(path.parent) else path
        return UsageError("DISK_FULL", path=where)
    reason = getattr(exc, "strerror", None) or str(exc).splitlines()[0]
    return UsageError("CANNOT_WRITE", path=path, reason=reason)


def _same_disk(one: Path, other: Path) -> bool:
    try:
        return os.stat(one).st_dev == os.stat(other if str(other) else ".").st_dev
    except OSError:
        return False


def _room(folder: Path) -> int:
    try:
        found = os.statvfs(folder if str(folder) else ".")
    except OSError:
        return 0
    return found.f_bavail * found.f_frsize


class Formats:
    """The cell formats of one workbook, made once: xlsxwriter keeps a format per distinct look."""

    def __init__(self, workbook, fill: str | None = None):
        def make(**props):
            if fill:
                props["bg_color"] = fill
            return workbook.add_format(props)

        self.text = make(num_format="@")
        # Dates and numbers stand under their own headings: dates to the left as the headings are, numbers to the
        # right under a heading aligned the same way (see header_formats), a little in from the column's edge.
        self.date = make(num_format="dd/mm/yyyy", align="left")
        self.jp = make(num_format="0.00", **NUMBER_ALIGN)
        self.int = make(num_format="0", **NUMBER_ALIGN)
        self.rate = make(num_format="0.0%", **NUMBER_ALIGN)
        self.plain = make()


# Right-aligned numbers keep one indent from the column's right edge, where Excel draws a filter's button over the
# heading: heading and figures then end at the same place.
NUMBER_ALIGN = {"align": "right", "indent": 1}


# Headings wrap at their spaces, so a long heading over short figures ("Lingkup (Nasional/Internasional)" over
# "Nasional") does not widen its column across the printed page.
HEADING = {"bold": True, "bg_color": HEADER_FILL, "bottom": 1, "num_format": "@", "text_wrap": True,
           "valign": "top"}
# Room beside a heading for the filter's button, in characters.
BUTTON = 3


def header_format(workbook):
    return workbook.add_format(HEADING)


def header_formats(workbook) -> tuple:
    """The heading format of text and date columns, and that of number columns (aligned as their figures are)."""
    return header_format(workbook), workbook.add_format(HEADING | NUMBER_ALIGN)


def heading_width(heading: str) -> int:
    """The narrowest column a heading reads well in: its longest word and the filter's button beside it."""
    return max([len(word) for word in heading.split()] + [3]) + BUTTON


def heading_lines(heading: str, width: int) -> int:
    """How many lines a heading takes when it wraps at its spaces in a column `width` characters wide."""
    room = max(width - BUTTON, 1)
    lines, used = 1, 0
    for word in heading.split():
        if used and used + 1 + len(word) > room:
            lines, used = lines + 1, len(word)
        else:
            used += (1 if used else 0) + len(word)
    return lines


def excel_day(day: date) -> int:
    """The serial number Excel stores for a date; written with a date format it is a real date cell."""
    return day.toordinal() - _EXCEL_EPOCH


def write_header(sheet, headings: list[str], fmt, numbers: Iterable[int] = (), number_fmt=None) -> None:
    """The column header in row 1; the columns in `numbers` get `number_fmt`, aligned as their figures.

    The row is as tall as the most-wrapped heading at its narrowest column (finish_table never makes a column
    narrower): rows streamed to disk cannot be changed once the data below them is written.
    """
    numeric = set(numbers)
    lines = max([heading_lines(h, heading_width(h)) for h in headings] + [1])
    sheet.set_row(0, 15 * lines)
    for col, heading in enumerate(headings):
        sheet.write_string(0, col, heading, number_fmt if col in numeric and number_fmt is not None else fmt)


def finish_table(sheet, headings: list[str], widths: list[int], last_row: int) -> None:
    """Frozen header, a filter over the whole table, columns as wide as their longest cell (within reason)."""
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(last_row, 0), len(headings) - 1)
    for col, (heading, width) in enumerate(zip(headings, widths)):
        sheet.set_column(col, col, min(max(heading_width(heading), width + 1), MAX_WIDTH))


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
    kind_labels: dict[str, str] = field(default_factory=dict)  # kind key -> label, shown beside the code
    stamp: Stamp | None = None  # year, as of, policy and time made, for the summary's top and the page headers
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
        counts["units"], summary_head = _write_summary(workbook, text, data, plain, head)
        _write_mark(workbook, text, data)
        summary = text["summary"].format(year=data.year)
        print_workbook(workbook, data.stamp, lang, repeat={summary: summary_head}, plain={summary})
    return counts


def print_workbook(workbook, stamp: Stamp | None, lang: str, repeat: dict[str, int] | None = None,
                   plain: set[str] = frozenset()) -> None:
    """Make every sheet of the workbook print well (sheets/printing.py): a data sheet repeats its first row, a sheet
    named in `repeat` the row given there; sheets named in `plain` are not tables and print without cell borders."""
    repeat = repeat or {}
    for sheet in workbook.worksheets():
        print_ready(sheet, stamp, lang, repeat_row=repeat.get(sheet.name, 0), gridlines=sheet.name not in plain)


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


ACTIVITY_NUMBERS = ("jp", "sessions", "minutes", "days", "semesters", "credited")


def _activity_headings(lang: str) -> tuple[list[str], dict[str, int]]:
    """The activities sheet's headings: the roster's columns, the kind's label beside its code, then what the ledger
    credited, withheld and counted, and the entry's verification."""
    after_kind = [c.field for c in ACTIVITY_COLUMNS].index("kind") + 1
    columns: tuple[Column, ...] = (*ACTIVITY_COLUMNS[:after_kind], KIND_LABEL, *ACTIVITY_COLUMNS[after_kind:],
                                   *(c for c in EXPORT_ACTIVITY_COLUMNS if c is not KIND_LABEL))
    return [c.heading(lang) for c in columns], {c.field: i for i, c in enumerate(columns)}


def _write_activities(workbook, text: dict, lang: str, data: ExportData, f: Formats, head) -> int:
    """The activities sheet(s), one row per live activity, written as it streams from the ledger.

    The quantity columns hold what the credit was computed from (the JP given, sessions, days, semesters or
    minutes); then the entry's credited JP, what a monthly cap withholds of it now, and what the person's total
    counts; the rate and monthly cap it was credited under; its verification. Imported back, the credited JP are
    taken as given, so an entry credited under an earlier policy keeps its credit.
    """
    headings, at = _activity_headings(lang)
    head, head_number = header_formats(workbook)
    numbers = [at[name] for name in ACTIVITY_NUMBERS]
    c_nip, c_name, c_kind, c_title, c_org = at["nip"], at["name"], at["kind"], at["title"], at["organizer"]
    c_label, labels = at["kind_label"], data.kind_labels
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
    w_name = w_title = w_org = w_coach = w_ref = w_note = w_kind = w_label = w_goal = w_actions = w_by = 0

    sheets: list = []
    total = 0
    row = limit = MAX_DATA_ROWS

    for (aid, nip, name, kind, code, title, organizer, start, end, units_cents, jp_cents, _sessions, minutes, days,
         coach, coach_nip, ref, international, note, version, month_cap, rate_cents, mandiri, goal, actions,
         follow_up, verification, verified_by, verified_at, verify_note, reject_reason) in data.activities:
        if row >= limit:
            # The first sheet, or a continuation once Excel's row limit is reached.
            name_of = text["activities"] if not sheets else f"{text['activities']} ({len(sheets) + 1})"
            sheet = workbook.add_worksheet(name_of)
            write_header(sheet, headings, head, numbers, head_number)
            sheets.append([sheet, 0])
            put_text, put_number = sheet.write_string, sheet.write_number
            row = 0
        row += 1
        sheets[-1][1] = row
        put_text(row, c_nip, nip, t_fmt)
        put_text(row, c_name, name, t_fmt)
        put_text(row, c_kind, code, t_fmt)
        label = labels.get(kind)
        if label:
            put_text(row, c_label, label, t_fmt)
            if len(label) > w_label:
                w_label = len(label)
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
        write_header(sheet, headings, head, numbers, head_number)
        sheets.append([sheet, 0])
    widths = [0] * len(headings)
    for col, width in ((c_nip, 18), (c_name, w_name), (c_kind, w_kind), (c_label, w_label), (c_title, w_title),
                       (c_org, w_org),
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
    head, head_number = header_formats(workbook)
    write_header(sheet, headings, head, range(4, 11), head_number)
    looks = {"short": Formats(workbook, SHORT_FILL), "over": Formats(workbook, OVER_FILL)}
    states = text["states"]
    widths = [18, 0, 0, 6, 8, 8, 8, 8, 6, 6, 8, 0, 0]
    put_text, put_number = sheet.write_string, sheet.write_number
    row = 0
    for row, p in enumerate(data.people, start=1):
        state = p.state
        f = looks.get(state, plain)
        marks = ", ".join(text[key].format(**params) for key, params in remarks(p))
        for col, value in enumerate((p.nip, p.name, p.unit, p.status)):
            if value:
                put_text(row, col, value, f.text)
                widths[col] = max(widths[col], len(value))
            elif state in looks:
                sheet.write_blank(row, col, None, f.plain)  # keep the highlight across the whole row
        for col, form in enumerate(FORMS, start=4):  # hundredths over 100: the nearest float to the JP, as in JSON
            put_number(row, col, p.form_cents.get(form, 0) / 100, f.jp)
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


# Printing the summary: how many units one compliance chart shows (more are split over several charts), and how
# tall a page is in rows of the sheet, under-estimated so that no chart runs over a page's end in Excel or
# LibreOffice (both print the sheet fitted to one page wide; a page holds about 0.63 of its width in height).
UNITS_PER_CHART = 25
ROW_PIXELS = 20
CHART_WIDTH = 640
PAGE_HEIGHT_PER_WIDTH = 0.55


def _pixels(width_chars: float) -> int:
    """A column's width in pixels, as Excel turns a width in characters into one (default font)."""
    return int(width_chars * 7 + 5)


def _write_summary(workbook, text: dict, data: ExportData, f: Formats, head) -> tuple[int, int]:
    """The year's stamp on top, compliance per unit and people per JP band, each a table with native Excel charts
    beside them; returns the number of units and the row of the unit table's header (repeated on printed pages)."""
    name = text["summary"].format(year=data.year)
    sheet = workbook.add_worksheet(name)
    title = workbook.add_format({"bold": True, "font_size": 14})
    sheet.write_string(0, 0, text["title"].format(year=data.year), title)
    sheet.set_row(0, 22)
    stamp_rows = data.stamp.parts(text["lang"])[1:] if data.stamp else []  # the year is in the title
    for row, part in enumerate(stamp_rows, start=1):
        sheet.write_string(row, 0, part)
    top = len(stamp_rows) + 2  # the unit table's header row, one blank row below the stamp

    headings = list(text["unit_heads"])
    labels = [text["no_unit"] if u.unit == NO_UNIT else u.unit for u in data.units]
    width = max([len(text["all_units"]), len(text["band_heads"][0])] + [len(b) for b in text["band_names"]]
                + [len(label) for label in labels])
    first_width = min(width + 2, MAX_WIDTH)
    number_width = max(15, *(heading_width(h) for h in headings[1:]))
    sheet.set_column(0, 0, first_width)
    sheet.set_column(1, 6, number_width)
    band_row = top + len(data.units) + 4

    def heading_row(at: int, shown) -> None:
        # Rows go to disk as they are written: a heading row's height is set before anything in it.
        sheet.set_row(at, 15 * max(heading_lines(h, first_width if col == 0 else number_width)
                                   for col, h in enumerate(shown)))

    heading_row(top, headings)
    _, head_number = header_formats(workbook)
    for col, heading in enumerate(headings):
        sheet.write_string(top, col, heading, head_number if col else head)
    bold = workbook.add_format({"bold": True, "top": 1, **NUMBER_ALIGN})
    bold_name = workbook.add_format({"bold": True, "top": 1})
    bold_rate = workbook.add_format({"bold": True, "top": 1, "num_format": "0.0%", **NUMBER_ALIGN})
    row = top
    for row, (u, label) in enumerate(zip(data.units, labels), start=top + 1):
        sheet.write_string(row, 0, label, f.text)
        for col, value in enumerate((u.headcount, u.met, u.short, u.over, u.ok), start=1):
            sheet.write_number(row, col, value, f.int)
        sheet.write_number(row, 6, u.compliance_rate, f.rate)
    o = data.overall
    row += 1
    sheet.write_string(row, 0, text["all_units"], bold_name)
    for col, value in enumerate((o.headcount, o.met, o.short, o.over, o.ok), start=1):
        sheet.write_number(row, col, value, bold)
    sheet.write_number(row, 6, o.compliance_rate, bold_rate)

    bands = [0] * 5
    for p in data.people:
        bands[jp_band(p.jp)] += 1
    heading_row(band_row, text["band_heads"])
    sheet.write_string(band_row, 0, text["band_heads"][0], head)
    sheet.write_string(band_row, 1, text["band_heads"][1], head_number)
    for i, (label, count) in enumerate(zip(text["band_names"], bands), start=1):
        sheet.write_string(band_row + i, 0, label, f.text)
        sheet.write_number(band_row + i, 1, count, f.int)

    sheet.freeze_panes(top + 1, 0)
    charts = []
    units = data.units
    parts = [units[i:i + UNITS_PER_CHART] for i in range(0, len(units), UNITS_PER_CHART)]
    for index, part in enumerate(parts):
        first = top + 1 + index * UNITS_PER_CHART
        chart = workbook.add_chart({"type": "bar"})
        # The cached values let a viewer draw the chart without recalculating (rows streamed to disk cannot be
        # read back for it), and make the unit names text categories rather than numbers.
        chart.add_series({"name": headings[6], "categories": [name, first, 0, first + len(part) - 1, 0],
                          "values": [name, first, 6, first + len(part) - 1, 6],
                          "data_labels": {"value": True, "num_format": "0%"},
                          "categories_data": labels[index * UNITS_PER_CHART:][:len(part)],
                          "values_data": [u.compliance_rate for u in part]})
        chart.set_title({"name": text["chart_rate"].format(year=data.year) if len(parts) == 1 else
                         text["chart_rate_part"].format(year=data.year, part=index + 1, parts=len(parts))})
        chart.set_x_axis({"min": 0, "max": 1, "num_format": "0%"})
        chart.set_y_axis({"reverse": True})  # units read top to bottom, as in the table
        chart.set_legend({"none": True})
        height = max(300, 60 + 24 * len(part))
        chart.set_size({"width": CHART_WIDTH, "height": height})
        charts.append((chart, height))
    if data.people:
        chart = workbook.add_chart({"type": "column"})
        chart.add_series({"name": text["band_heads"][1], "categories": [name, band_row + 1, 0, band_row + 5, 0],
                          "values": [name, band_row + 1, 1, band_row + 5, 1], "data_labels": {"value": True},
                          "categories_data": list(text["band_names"]), "values_data": bands})
        chart.set_title({"name": text["chart_bands"].format(year=data.year)})
        chart.set_legend({"none": True})
        chart.set_size({"width": CHART_WIDTH, "height": 320})
        charts.append((chart, 320))
    _place_charts(sheet, charts, top, _pixels(first_width) + 6 * _pixels(15) + _pixels(8.43) + CHART_WIDTH)
    return len(data.units), top


def _place_charts(sheet, charts: list, top: int, sheet_width: int) -> None:
    """Stack the charts in column I from below the table's header down, each whole on one printed page: a chart
    that would run over the end of a page starts the next one (a manual page break there).

    None is anchored on the header row itself: a printed sheet repeats that row, and what is drawn on it with it.
    """
    page_rows = max(int(sheet_width * PAGE_HEIGHT_PER_WIDTH / ROW_PIXELS), 20)
    top += 1
    page_end, row, breaks = page_rows, top, []  # page_end: the first row past the current page
    for chart, height in charts:
        rows = -(-height // ROW_PIXELS) + 1  # the chart and a row's gap below it
        if row + rows > page_end and row > top:
            breaks.append(row)
            page_end = row + page_rows - 1  # the repeated header row takes one row of the new page
        sheet.insert_chart(row, 8, chart)
        row += rows
    if breaks:
        sheet.set_h_pagebreaks(breaks)
