"""Reading roster files (.xlsx, .csv): each sheet's header row found by its column names, rows handed on with addresses.

A sheet is a staff sheet when its header names a NIP and a name and no kind; an activities sheet when it names
a NIP, a kind and a start date. Sheet names do not matter. The header may sit below title rows and banners, and a
`No` column (or any column jpledger does not know) is left alone.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Callable, Iterator

from jpledger.errors import UsageError
from jpledger.sheets import safety
from jpledger.sheets.cells import is_empty
from jpledger.sheets.columns import ACTIVITY_ALIASES, ACTIVITY_COLUMNS, STAFF_ALIASES, STAFF_COLUMNS, header_key
from jpledger.sheets.profile import DEFAULT, IGNORE, Profile
from jpledger.sheets.safety import column_letters, refused

HEADER_SEARCH_ROWS = 20
# Fields only an activities sheet has: a sheet with a NIP and a name and one of these but no kind is ambiguous.
_ACTIVITY_ONLY = ("start", "end", "title", "organizer", "sessions", "minutes", "days", "semesters", "coach", "ref",
                  "international", "mandiri", "goal", "actions", "follow_up", "evidence")
_HEADINGS = {c.field: c.id for c in (*STAFF_COLUMNS, *ACTIVITY_COLUMNS)}


def heading(field_name: str) -> str:
    """The Indonesian heading of a field, as messages name columns (`Tanggal Mulai`)."""
    return _HEADINGS.get(field_name, field_name)


@dataclass
class Table:
    """One staff or activities table found in a sheet."""

    sheet: str
    kind: str  # "staff" | "activities"
    header_row: int  # 1-based
    offset: int  # the sheet column (0-based) of each row's first cell
    columns: dict[str, int]  # field -> index into a row's cells
    headings: list[object]  # the header row's cells, for writing rejected rows back
    rows: Iterator[tuple[int, list]]  # (1-based row number, cells)
    height: int  # rows below the header, for progress
    profile: Profile = DEFAULT
    problems: list[tuple[int, int | None, str]] = field(default_factory=list)  # (row, cell index, message)

    def cell(self, row: int, index: int | None) -> str:
        """`D14`, or the row number alone when there is no cell to point at."""
        return f"{column_letters(self.offset + index)}{row}" if index is not None else str(row)


class Reading:
    """What a file holds: its tables and the sheets passed over (and why), found sheet by sheet.

    A workbook's sheets load in the background while the caller gets on with other work (reading the ledger,
    checking the staff sheet); `each()` hands the tables over in workbook order as they become ready.
    """

    def __init__(self, pending: list[Callable[[], Table | str | None]], close: Callable[[], None] = lambda: None):
        self.tables: list[Table] = []
        self.notes: list[str] = []
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
    problems: list[tuple[int, int | None, str]]
    skip: str | None = None  # why the sheet is passed over although it has a header


def find_header(head: list[tuple[int, list]], profile: Profile) -> Header | None:
    """The first row of `head` that reads as a staff or activities header; None when no row does."""
    for number, cells in head:
        if profile.header_row is not None and number != profile.header_row:
            continue
        found = _read_header(number, cells, profile)
        if found is not None or profile.header_row is not None:
            return found
    return None


def _read_header(number: int, cells: list, profile: Profile) -> Header | None:
    staff: dict[str, list[int]] = {}
    activities: dict[str, list[int]] = {}
    jp_columns = False
    for index, value in enumerate(cells):
        if is_empty(value):
            continue
        key = header_key(value)
        if key in profile.columns:
            target = profile.columns[key]
            if target != IGNORE:
                staff.setdefault(target, []).append(index)
                activities.setdefault(target, []).append(index)
            continue
        if key in STAFF_ALIASES:
            staff.setdefault(STAFF_ALIASES[key], []).append(index)
        if key in ACTIVITY_ALIASES:
            activities.setdefault(ACTIVITY_ALIASES[key], []).append(index)
        elif "jp" in key:
            jp_columns = True
    fixed = profile.fixed
    kind = profile.kind
    if kind is None:
        if "nip" in activities and ("kind" in activities or "kind" in fixed):
            kind = "activities"
        elif "nip" in staff and "name" in staff:
            kind = "staff"
        else:
            return None
    found = activities if kind == "activities" else staff
    if "nip" not in found:
        return None
    problems: list[tuple[int, int | None, str]] = []
    skip = None
    if kind == "staff" and profile.kind is None:
        if jp_columns or "jp" in activities:
            skip = "it has JP columns but no kind column, so it reads as a report, not a roster"
        else:
            extra = [f for f in _ACTIVITY_ONLY if f in activities]
            if extra:
                problems.append((number, activities[extra[0]][0],
                                 f"this sheet has NIP and {heading('name')} like a staff sheet, but also "
                                 f"{heading(extra[0])} like an activities sheet and no {heading('kind')} column; "
                                 "add the kind column, or import it with a profile that says what it is"))
    columns: dict[str, int] = {}
    allowed = {c.field for c in (ACTIVITY_COLUMNS if kind == "activities" else STAFF_COLUMNS)}
    for name, indexes in found.items():
        if name not in allowed:
            continue
        columns[name] = indexes[0]
        for extra_index in indexes[1:]:
            problems.append((number, extra_index, f"this column and an earlier one both read as {heading(name)}; "
                             "rename or delete one (or map one to `ignore` in a profile)"))
    if kind == "activities" and "start" not in columns and "start" not in fixed:
        problems.append((number, 0, f"an activities sheet needs a {heading('start')} (Start) column"))
    if kind == "activities" and "kind" not in columns and "kind" not in fixed:
        problems.append((number, 0, f"an activities sheet needs a {heading('kind')} (Kind) column"))
    return Header(number, kind, columns, problems, skip)


# --- opening a file ------------------------------------------------------------------------------------------

def read_file(path: Path, shown: str, profile: Profile = DEFAULT, only_sheet: str | None = None) -> Reading:
    """Check and open a roster file; find its tables. Refuses hostile or broken files (exit 3)."""
    kind = safety.sniff(path, shown)
    if profile.sheet and only_sheet and profile.sheet != only_sheet:
        raise UsageError(f"--sheet {only_sheet!r} and the profile's sheet {profile.sheet!r} disagree; give one")
    wanted = only_sheet or profile.sheet
    if kind == "csv":
        return _csv(path, shown, profile)
    return _xlsx(path, shown, profile, wanted)


def _chosen(names: list[str], wanted: str | None) -> list[str]:
    if wanted is None:
        return names
    exact = [n for n in names if n == wanted] or [n for n in names if n.casefold() == wanted.casefold()]
    if not exact:
        raise UsageError(f"--sheet: there is no sheet named {wanted!r}; the sheets are: "
                         + ", ".join(repr(n) for n in names))
    return exact[:1]


def _xlsx(path: Path, shown: str, profile: Profile, wanted: str | None) -> Reading:
    """Check every chosen sheet's XML before the reader touches it, then load the sheets one after another in a
    background thread (the reader lets go of the interpreter while it parses), each as soon as it is checked."""
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
        for name in _chosen(list(by_name), wanted):
            scan = safety.scan_sheet(package.zip, by_name[name], shown)
            loading = worker.submit(loader.load, name)
            pending.append(lambda name=name, scan=scan, loading=loading: _sheet_table(
                shown, name, scan, loading, profile, package.date1904))
    except safety.UNPACK_ERRORS:
        close()
        raise refused(shown, f"the workbook is damaged (a part cannot be unpacked); {safety.SAVE_AS}") from None
    except BaseException:
        close()
        raise
    finally:
        package.zip.close()
    return Reading(pending, close=close)


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
                 date1904: bool) -> Table | str:
    try:
        sheet, numbered, head = loading.result()
    except BaseException as exc:  # the reader's own errors and its Rust panics alike
        raise _unreadable(shown, name, exc) from None
    offset = sheet.start[1] if sheet.start else 0
    header = find_header(head, profile)
    if header is None:
        return _no_header(name, profile)
    if header.skip:
        return f"sheet {name!r} skipped: {header.skip}"
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
        return refused(shown, "the workbook is protected with a password; remove the password in Excel, save and "
                              "import again")
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else name
    where = f"sheet {sheet!r} " if sheet else "the workbook "
    return refused(shown, f"{where}cannot be read ({detail}); {safety.SAVE_AS}")


def _no_header(name: str, profile: Profile) -> str:
    if profile.header_row is not None:
        return (f"sheet {name!r} skipped: row {profile.header_row} (the profile's header_row) has no NIP column "
                "jpledger or the profile knows")
    return (f"sheet {name!r} skipped: no header row with NIP and {heading('name')} (staff) or NIP, "
            f"{heading('kind')} and {heading('start')} (activities) in its first {HEADER_SEARCH_ROWS} rows")


def _table(name: str, header: Header, offset: int, head: list[tuple[int, list]],
           rest: Iterator[tuple[int, list]], profile: Profile) -> Table:
    headings = next(cells for number, cells in head if number == header.row)
    below = [(number, cells) for number, cells in head if number > header.row]
    return Table(sheet=name, kind=header.kind, header_row=header.row, offset=offset, columns=header.columns,
                 headings=list(headings), rows=chain(below, rest), height=len(below), profile=profile,
                 problems=list(header.problems))


def _merged_header(sheet, header: Header, offset: int) -> list[tuple[int, int | None, str]]:
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
            problems.append((header.row, left - offset,
                             f"header cells {span} are merged, which hides the header of column {hidden}; "
                             "unmerge them and give each column its own header"))
    return problems


def _uncalculated(formulas: dict[tuple[int, int], str], header: Header, offset: int) -> list:
    """Formula cells without a saved value in the header or in a column that is imported."""
    used = {offset + index for index in header.columns.values()}
    problems = []
    for (row, col), formula in sorted(formulas.items()):
        if row + 1 == header.row or (row + 1 > header.row and col in used):
            # On one line: a formula may hold line breaks (`&#10;` in the file).
            shown_formula = f" ={' '.join(formula.split())[:60]}" if formula else ""
            problems.append((row + 1, col - offset,
                             f"formula{shown_formula} has no saved value (the file was never calculated); open it "
                             "in Excel, save it, and import again (or paste the column as values)"))
    return problems


# --- CSV -----------------------------------------------------------------------------------------------------

_SAMPLE = 1 << 16
_DELIMITERS = (",", ";", "\t")


def _csv(path: Path, shown: str, profile: Profile) -> Reading:
    name = path.stem
    with path.open("rb") as handle:
        sample = handle.read(_SAMPLE)
    if b"\x00" in sample:
        raise refused(shown, "this is not a text (CSV) file, nor an Excel workbook")
    try:
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(sample, final=len(sample) < _SAMPLE)
    except UnicodeDecodeError:
        raise refused(shown, "the file is not UTF-8 text; in Excel save it as 'CSV UTF-8 (Comma delimited)'") from None
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
        return Reading([lambda: f"sheet {name!r} skipped: {header.skip}"])
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
        raise refused(shown, f"row {number + 1} is not UTF-8 text; in Excel save the file as "
                             "'CSV UTF-8 (Comma delimited)'") from None
    except csv.Error as exc:
        raise refused(shown, f"row {number + 1} cannot be read as CSV ({exc})") from None
