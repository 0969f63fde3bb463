"""Reading roster files (.xlsx, .csv): each sheet's header row found by its column names, rows handed on with addresses.

A sheet is an activities sheet when its header names a NIP, a kind and a start date; a history sheet when it names
a NIP, a field, a value and the day it holds from; a contracts sheet when it names a NIP and a contract's two days
and no other staff column; a staff sheet when it names a NIP and a name; a units sheet when it names a unit's code
and name and no NIP. Sheet names do not matter, but for the one sheet by which a jpledger export marks itself. The
header may sit below title rows and banners; a `No` column is left alone, and every other column jpledger does not
read is listed, so that nothing is dropped without a word.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Callable, Iterator

from jpledger.errors import InputRejected, UsageError
from jpledger.sheets import safety
from jpledger.sheets.cells import is_empty
from jpledger.sheets.columns import (
    ACTIVITY_ALIASES,
    ACTIVITY_COLUMNS,
    COMPUTED,
    CONTRACT_ALIASES,
    CONTRACT_COLUMNS,
    EXPORT_ACTIVITY_ALIASES,
    EXPORT_ACTIVITY_COLUMNS,
    EXPORT_FORMAT,
    EXPORT_MARK,
    EXPORT_SHEET,
    HISTORY_ALIASES,
    HISTORY_COLUMNS,
    ROW_NUMBER_KEYS,
    STAFF_ALIASES,
    STAFF_COLUMNS,
    UNIT_ALIASES,
    UNIT_COLUMNS,
    header_key,
)
from jpledger.sheets.profile import DEFAULT, IGNORE, Profile
from jpledger.sheets.safety import column_letters

HEADER_SEARCH_ROWS = 20
# Fields only an activities sheet has: a sheet with a NIP and a name and one of these but no kind is ambiguous.
_ACTIVITY_ONLY = ("start", "end", "title", "organizer", "sessions", "minutes", "days", "semesters", "coach", "ref",
                  "international", "mandiri", "goal", "actions", "follow_up", "evidence")
_HEADINGS = {c.field: c.id for c in (*UNIT_COLUMNS, *HISTORY_COLUMNS, *STAFF_COLUMNS, *EXPORT_ACTIVITY_COLUMNS,
                                      *ACTIVITY_COLUMNS)}
# The fields each kind of table reads.
FIELDS = {
    "staff": {c.field for c in STAFF_COLUMNS},
    "activities": {c.field for c in (*ACTIVITY_COLUMNS, *EXPORT_ACTIVITY_COLUMNS)},
    "history": {c.field for c in HISTORY_COLUMNS},
    "contracts": {c.field for c in CONTRACT_COLUMNS},
    "units": {c.field for c in UNIT_COLUMNS},
}
_ALIASES = {"staff": STAFF_ALIASES, "activities": {**EXPORT_ACTIVITY_ALIASES, **ACTIVITY_ALIASES},
            "history": HISTORY_ALIASES, "contracts": CONTRACT_ALIASES, "units": UNIT_ALIASES}
# A contracts sheet says whose contract and nothing more: with a name (or any other staff column) it is a staff
# sheet, which may add the person and one contract a row.
_CONTRACT_STAFF = {"nip", "contract_start", "contract_end", "contract_ref"}
# Columns only an export's rows carry (the credit as it stands, verification): read from an export alone.
EXPORT_ONLY = {c.field for c in EXPORT_ACTIVITY_COLUMNS}


def heading(field_name: str) -> str:
    """The Indonesian heading of a field, as messages name columns (`Tanggal Mulai`)."""
    return _HEADINGS.get(field_name, field_name)


Said = tuple  # a coded message: (code, {param: value}), worded when a person reads it


@dataclass
class Table:
    """One staff, activities, history, contracts or units table found in a sheet."""

    sheet: str
    kind: str  # "staff" | "activities" | "history" | "contracts" | "units"
    header_row: int  # 1-based
    offset: int  # the sheet column (0-based) of each row's first cell
    columns: dict[str, int]  # field -> index into a row's cells
    headings: list[object]  # the header row's cells, for writing rejected rows back
    rows: Iterator[tuple[int, list]]  # (1-based row number, cells)
    height: int  # rows below the header, for progress
    profile: Profile = DEFAULT
    problems: list[tuple[int, int | None, Said]] = field(default_factory=list)  # (row, cell index, message)
    unused: list[int] = field(default_factory=list)  # indexes of header cells no field reads

    def cell(self, row: int, index: int | None) -> str:
        """`D14`, or the row number alone when there is no cell to point at."""
        return f"{column_letters(self.offset + index)}{row}" if index is not None else str(row)

    def unused_columns(self) -> list[dict]:
        """The columns this table does not import: {"column": "E", "heading": "Kode Unit Eselon 2"}."""
        return [{"column": column_letters(self.offset + index), "heading": " ".join(str(self.headings[index]).split())}
                for index in self.unused]


class Reading:
    """What a file holds: its tables and the sheets passed over (and why), found sheet by sheet.

    A workbook's sheets load in the background while the caller gets on with other work (reading the ledger,
    checking the staff sheet); `each()` hands the tables over in workbook order as they become ready. `export`
    holds what the sheet of a jpledger export says of it (format, policy, when), read before any table.
    """

    def __init__(self, pending: list[Callable[[], Table | Said | None]], close: Callable[[], None] = lambda: None,
                 export: dict | None = None):
        self.tables: list[Table] = []
        self.notes: list[Said] = []
        self.export = export
        self._pending = list(pending)
        self._close = close

    def each(self) -> Iterator[tuple[int, Table]]:
        """(index, table) in workbook order; a sheet without a roster table leaves a note instead."""
        while self._pending:
            found = self._pending.pop(0)()
            if isinstance(found, Table):
                self.tables.append(found)
                yield len(self.tables) - 1, found
            elif found:
                self.notes.append(found)

    def all(self) -> list[Table]:
        for _ in self.each():
            pass
        return self.tables

    def close(self) -> None:
        self._pending.clear()
        self._close()


# --- the header row ------------------------------------------------------------------------------------------

@dataclass
class Header:
    row: int
    kind: str
    columns: dict[str, int]
    problems: list[tuple[int, int | None, Said]]
    skip: Said | None = None  # why the sheet is passed over although it has a header
    unused: list[int] = field(default_factory=list)


def find_header(head: list[tuple[int, list]], profile: Profile, export: bool = False) -> Header | None:
    """The first row of `head` that reads as a roster table's header; None when no row does."""
    for number, cells in head:
        if profile.header_row is not None and number != profile.header_row:
            continue
        found = _read_header(number, cells, profile, export)
        if found is not None or profile.header_row is not None:
            return found
    return None


def _kind_of(found: dict[str, dict[str, list[int]]], profile: Profile) -> str | None:
    """Which table a header starts, by the fields its columns name (a profile's kind decides for it)."""
    if profile.kind is not None:
        return profile.kind
    activities, staff = found["activities"], found["staff"]
    if "nip" in activities and ("kind" in activities or "kind" in profile.fixed):
        return "activities"
    history = found["history"]
    if all(name in history for name in ("nip", "field", "value", "valid_from")):
        return "history"
    if "nip" in staff and "contract_start" in staff and "contract_end" in staff and set(staff) <= _CONTRACT_STAFF:
        return "contracts"
    if "nip" in staff and "name" in staff:
        return "staff"
    units = found["units"]
    if "code" in units and "name" in units and "nip" not in staff:
        return "units"
    return None


def _read_header(number: int, cells: list, profile: Profile, export: bool = False) -> Header | None:
    found: dict[str, dict[str, list[int]]] = {kind: {} for kind in _ALIASES}
    known: set[int] = set()  # columns that are read or deliberately passed over
    jp_columns = False
    for index, value in enumerate(cells):
        if is_empty(value):
            continue
        key = header_key(value)
        if key in ROW_NUMBER_KEYS:
            known.add(index)
            continue
        if key in profile.columns:
            target = profile.columns[key]
            known.add(index)
            if target != IGNORE:
                found["staff"].setdefault(target, []).append(index)
                found["activities"].setdefault(target, []).append(index)
            continue
        for kind, aliases in _ALIASES.items():
            if key in aliases:
                found[kind].setdefault(aliases[key], []).append(index)
        if key not in _ALIASES["activities"] and "jp" in key:
            jp_columns = True
    kind = _kind_of(found, profile)
    if kind is None:
        return None
    fields = found[kind]
    if "nip" not in fields and kind != "units":
        return None
    problems: list[tuple[int, int | None, Said]] = []
    skip = None
    if kind == "staff" and profile.kind is None:
        activities = found["activities"]
        if jp_columns or "jp" in activities:
            skip = ("SHEET_SKIPPED_REPORT", {})
        else:
            extra = [f for f in _ACTIVITY_ONLY if f in activities]
            if extra:
                problems.append((number, activities[extra[0]][0],
                                 ("HEADER_AMBIGUOUS", {"name": heading("name"), "other": heading(extra[0]),
                                                       "kind": heading("kind")})))
    columns: dict[str, int] = {}
    allowed = FIELDS[kind]
    for name, indexes in fields.items():
        if name not in allowed:
            continue
        if name in EXPORT_ONLY and not export:
            continue  # a roster's own "credited JP": the ledger computes the credit, so it is listed as not read
        known.update(indexes)
        if name in COMPUTED:
            continue
        columns[name] = indexes[0]
        for extra_index in indexes[1:]:
            problems.append((number, extra_index, ("HEADER_TWICE", {"column": heading(name)})))
    if kind == "activities" and "start" not in columns and "start" not in profile.fixed:
        problems.append((number, 0, ("HEADER_NEEDS_START", {"column": heading("start")})))
    if kind == "activities" and "kind" not in columns and "kind" not in profile.fixed:
        problems.append((number, 0, ("HEADER_NEEDS_KIND", {"column": heading("kind")})))
    unused = [index for index, value in enumerate(cells) if not is_empty(value) and index not in known]
    return Header(number, kind, columns, problems, skip, unused)


# --- opening a file ------------------------------------------------------------------------------------------

def read_file(path: Path, shown: str, profile: Profile = DEFAULT, only_sheet: str | None = None) -> Reading:
    """Check and open a roster file; find its tables. Refuses hostile or broken files (exit 3)."""
    kind = safety.sniff(path, shown)
    if profile.sheet and only_sheet and profile.sheet != only_sheet:
        raise UsageError("SHEET_OPTION_DISAGREES", sheet=only_sheet, profile=profile.sheet)
    wanted = only_sheet or profile.sheet
    if kind == "csv":
        return _csv(path, shown, profile)
    return _xlsx(path, shown, profile, wanted)


def _chosen(names: list[str], wanted: str | None) -> list[str]:
    if wanted is None:
        return names
    exact = [n for n in names if n == wanted] or [n for n in names if n.casefold() == wanted.casefold()]
    if not exact:
        raise UsageError("SHEET_NOT_FOUND", sheet=wanted, sheets=", ".join(repr(n) for n in names))
    return exact[:1]


def _xlsx(path: Path, shown: str, profile: Profile, wanted: str | None) -> Reading:
    """Check every chosen sheet's XML before the reader touches it, then load the sheets one after another in a
    background thread (the reader lets go of the interpreter while it parses), each as soon as it is checked.

    The sheet by which an export marks itself is read first, whichever sheets are chosen: how the others read
    depends on it.
    """
    from concurrent.futures import ThreadPoolExecutor

    package = safety.open_package(path, shown)
    loader = _Loader(path)
    worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="jpledger-read")
    pending = []

    def close() -> None:
        worker.shutdown(wait=True, cancel_futures=True)
        loader.close()

    try:
        by_name = {part.name: part for part in package.sheets}
        export = None
        if EXPORT_SHEET in by_name:
            safety.scan_sheet(package.zip, by_name[EXPORT_SHEET], shown)
            export = _export_mark(shown, worker.submit(loader.load, EXPORT_SHEET))
        reports = [n for n in export["reports"] if n in by_name] if export and wanted is None else []
        for name in _chosen([n for n in by_name if not (export and n == EXPORT_SHEET)], wanted):
            if name in reports:
                continue  # the export's totals and summary: the ledger computes them again
            scan = safety.scan_sheet(package.zip, by_name[name], shown)
            loading = worker.submit(loader.load, name)
            pending.append(lambda name=name, scan=scan, loading=loading: _sheet_table(
                shown, name, scan, loading, profile, package.date1904, export is not None))
    except safety.UNPACK_ERRORS:
        close()
        raise InputRejected("WORKBOOK_DAMAGED", file=shown) from None
    except BaseException:
        close()
        raise
    finally:
        package.zip.close()
    reading = Reading(pending, close=close, export=export)
    if reports:
        reading.notes.append(("EXPORT_REPORTS_SKIPPED", {"sheets": ", ".join(repr(n) for n in reports)}))
    return reading


def _export_mark(shown: str, loading) -> dict | None:
    """What the sheet of a jpledger export says (its key | value rows), or None when it is not one after all."""
    try:
        sheet, numbered, head = loading.result()
    except BaseException as exc:  # the reader's own errors and its Rust panics alike
        raise _unreadable(shown, EXPORT_SHEET, exc) from None
    rows = [cells for _, cells in head] + [cells for _, cells in numbered]
    if not rows or not rows[0] or str(rows[0][0]).strip() != EXPORT_MARK:
        return None
    values = {str(cells[0]).strip(): cells[1] if len(cells) > 1 else None for cells in rows[1:] if cells and cells[0]}
    version = str(values.get("format", "")).strip()
    if version not in (str(EXPORT_FORMAT), f"{EXPORT_FORMAT}.0"):
        raise InputRejected("EXPORT_MARK_UNREADABLE", file=shown, sheet=EXPORT_SHEET, version=version or "?")
    reports = [n.strip() for n in str(values.get("reports") or "").split("\n") if n.strip()]
    return {"format": EXPORT_FORMAT, "policy": values.get("policy"), "policy_text": values.get("policy_text"),
            "made": values.get("made"), "reports": reports}


class _Loader:
    """Opens the workbook once and loads sheets from it; runs in the reading thread."""

    def __init__(self, path: Path):
        self.path = path
        self.book = None

    def load(self, name: str):
        import python_calamine

        if self.book is None:
            self.book = python_calamine.CalamineWorkbook.from_path(str(self.path))
        sheet = self.book.get_sheet_by_name(name)
        numbered = enumerate(sheet.iter_rows(), 1)
        return sheet, numbered, list(islice(numbered, HEADER_SEARCH_ROWS))

    def close(self) -> None:
        if self.book is not None:
            self.book.close()


def _sheet_table(shown: str, name: str, scan: safety.SheetScan, loading, profile: Profile,
                 date1904: bool, export: bool) -> Table | Said:
    try:
        sheet, numbered, head = loading.result()
    except BaseException as exc:  # the reader's own errors and its Rust panics alike
        raise _unreadable(shown, name, exc) from None
    offset = sheet.start[1] if sheet.start else 0
    header = find_header(head, profile, export)
    if header is None:
        return _no_header(name, profile)
    if header.skip:
        return header.skip[0], {**header.skip[1], "sheet": name}
    table = _table(name, header, offset, head, numbered, profile)
    table.height = max((sheet.end[0] + 1 if sheet.end else 0) - header.row, 0)
    table.problems.extend(_merged_header(sheet, header, offset))
    table.problems.extend(_uncalculated(scan.formulas, header, offset))
    if date1904:
        table.rows = _dates_from_1904(table.rows, [i for f, i in table.columns.items() if f in _DATE_FIELDS])
    return table


_DATE_FIELDS = ("start", "end", "joined", "left")


def _dates_from_1904(rows: Iterator[tuple[int, list]], columns: list[int]) -> Iterator[tuple[int, list]]:
    """Rows whose serial numbers in date columns are read in the 1904 date system, as the workbook counts them.

    The reader turns date-formatted cells into dates itself; a date typed into a cell formatted as a number
    arrives as its serial number, which the importer would otherwise count from 1900, four years and a day
    early. One it cannot read as a date is left as it is, for the importer to report.
    """
    from jpledger.sheets.cells import CellError, date_value

    for number, cells in rows:
        for index in columns:
            value = cells[index] if index < len(cells) else None
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                try:
                    cells[index] = date_value(value, date1904=True)
                except CellError:
                    pass
        yield number, cells


def _unreadable(shown: str, sheet: str | None, exc: BaseException):
    if isinstance(exc, (KeyboardInterrupt, SystemExit)):
        raise exc
    name = type(exc).__name__
    if name == "PasswordError":
        return InputRejected("WORKBOOK_PASSWORD", file=shown)
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else name
    if sheet:
        return InputRejected("SHEET_UNREADABLE", file=shown, sheet=sheet, detail=detail)
    return InputRejected("WORKBOOK_UNREADABLE", file=shown, detail=detail)


def _no_header(name: str, profile: Profile) -> Said:
    if profile.header_row is not None:
        return "SHEET_SKIPPED_HEADER_ROW", {"sheet": name, "row": profile.header_row}
    return "SHEET_SKIPPED_NO_HEADER", {"sheet": name, "name": heading("name"), "kind": heading("kind"),
                                       "start": heading("start"), "rows": HEADER_SEARCH_ROWS}


def _table(name: str, header: Header, offset: int, head: list[tuple[int, list]],
           rest: Iterator[tuple[int, list]], profile: Profile) -> Table:
    headings = next(cells for number, cells in head if number == header.row)
    below = [(number, cells) for number, cells in head if number > header.row]
    return Table(sheet=name, kind=header.kind, header_row=header.row, offset=offset, columns=header.columns,
                 headings=list(headings), rows=chain(below, rest), height=len(below), profile=profile,
                 problems=list(header.problems), unused=list(header.unused))


def _merged_header(sheet, header: Header, offset: int) -> list[tuple[int, int | None, Said]]:
    """Merged cells across the header row hide the headers of every column but the first."""
    try:
        ranges = sheet.merged_cell_ranges or []
    except Exception:  # an unreadable merge list hides nothing we could report on
        return []
    row = header.row - 1
    problems = []
    for (top, left), (bottom, right) in ranges:
        if top <= row <= bottom and right > left:
            span = f"{column_letters(left)}{header.row}:{column_letters(right)}{header.row}"
            hidden = column_letters(left + 1) + (f"-{column_letters(right)}" if right > left + 1 else "")
            problems.append((header.row, left - offset, ("HEADER_MERGED", {"span": span, "hidden": hidden})))
    return problems


def _uncalculated(formulas: dict[tuple[int, int], str], header: Header, offset: int) -> list:
    """Formula cells without a saved value in the header or in a column that is imported."""
    used = {offset + index for index in header.columns.values()}
    problems = []
    for (row, col), formula in sorted(formulas.items()):
        if row + 1 == header.row or (row + 1 > header.row and col in used):
            # On one line: a formula may hold line breaks (`&#10;` in the file).
            shown_formula = f" ={' '.join(formula.split())[:60]}" if formula else ""
            problems.append((row + 1, col - offset, ("FORMULA_NO_VALUE", {"formula": shown_formula})))
    return problems


# --- CSV -----------------------------------------------------------------------------------------------------

_SAMPLE = 1 << 16
_DELIMITERS = (",", ";", "\t")


def _csv(path: Path, shown: str, profile: Profile) -> Reading:
    name = path.stem
    with path.open("rb") as handle:
        sample = handle.read(_SAMPLE)
    if b"\x00" in sample:
        raise InputRejected("CSV_NOT_TEXT", file=shown)
    try:
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(sample, final=len(sample) < _SAMPLE)
    except UnicodeDecodeError:
        raise InputRejected("CSV_NOT_UTF8", file=shown) from None
    found = None
    for delimiter in _DELIMITERS:
        lines = text.splitlines()[:HEADER_SEARCH_ROWS]
        try:
            head = list(enumerate(csv.reader(lines, delimiter=delimiter), 1))
        except csv.Error:
            continue
        header = find_header(head, profile)
        if header is not None and (found is None or len(header.columns) > len(found[1].columns)):
            found = (delimiter, header)
    if found is None:
        return Reading([lambda: _no_header(name, profile)])
    delimiter, header = found
    if header.skip:
        return Reading([lambda: (header.skip[0], {**header.skip[1], "sheet": name})])
    stream = io.TextIOWrapper(path.open("rb"), encoding="utf-8-sig", newline="")
    rows = _csv_rows(csv.reader(stream, delimiter=delimiter), shown)
    head = list(islice(rows, header.row))
    return Reading([lambda: _table(name, header, 0, head, rows, profile)], close=stream.close)


def _csv_rows(reader, shown: str) -> Iterator[tuple[int, list]]:
    # Rows are counted as records, the way a spreadsheet shows the file, so a cell address finds its cell.
    number = 0
    try:
        for row in reader:
            number += 1
            yield number, row
    except UnicodeDecodeError:
        raise InputRejected("CSV_ROW_NOT_UTF8", file=shown, row=number + 1) from None
    except csv.Error as exc:
        raise InputRejected("CSV_ROW_UNREADABLE", file=shown, row=number + 1, detail=exc) from None
