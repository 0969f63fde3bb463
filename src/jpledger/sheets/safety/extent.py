"""How far a worksheet's cells reach, measured before a reader allocates them; formula cells never calculated."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from typing import Iterator

from jpledger.sheets.safety.package import MAX_PROLOG, SheetPart
from jpledger.sheets.safety.refusal import CHUNK, refused

# The reader holds a sheet's whole rectangle of cells in memory (32 bytes a cell), even an empty one.
MAX_CELLS = 40_000_000
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
# Formula cells without a saved value are reported one by one, up to this many a sheet.
MAX_FORMULAS = 10_000


@dataclass
class SheetScan:
    """What the cell reader does not tell: formula cells that were never calculated."""

    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column), 0-based -> formula


def column_index(letters: str) -> int:
    """0-based column of `A`, `AB`, `XFD`."""
    number = 0
    for ch in letters.upper():
        number = number * 26 + ord(ch) - 64
    return number - 1


def column_letters(index: int) -> str:
    """`A` for column 0, `AB` for 27."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet[\s>]")
_CELL_REF = re.compile(rb'(?<![\w.-])r\s*=\s*["\']\s*([A-Za-z]{0,4})(\d+)')
# The common layout: every cell tag starts with its reference, written ` r="..."`. A second `r` in a tag is a
# duplicate attribute, which the reader refuses, so the first one is the one that counts.
_UNREFERENCED_CELL = re.compile(rb'<c(?! r=")[\s>/]')
# The reader matches element names without their prefix, so a prefixed cell counts like any other.
_PREFIXED = re.compile(rb":(?:c|row)[\s>/]")
_WIDE = re.compile(rb' r="[A-Za-z]{2}')
_WIDE_REFS = re.compile(rb' r="([A-Za-z]{2,})\d')
# References with two letters or more (columns past Z) or seven digits or more (rows past 999,999).
_WIDE_OR_FAR = re.compile(rb' r="[A-Za-z](?:[A-Za-z]|\d{7})')
_WIDE_OR_FAR_REFS = re.compile(rb' r="([A-Za-z]{1,4})(\d+)"')
_TAG = re.compile(rb"""<(?:[\w.-]+:)?(row|c)(?=[\s/>])((?:[^>"']|"[^"]*"|'[^']*')*)>""")


def scan_sheet(package: zipfile.ZipFile, part: SheetPart, shown: str) -> SheetScan:
    """Stream through one worksheet's XML: refuse a rectangle of cells too big to hold; find uncalculated formulas.

    Reading a sheet allocates its whole rectangle, from A1 to the furthest cell, at once: a few bytes naming
    cell XFD1048576 would ask for half a terabyte. The common layout (every cell tag starting with its
    `r="..."` reference, as Excel and the usual libraries write them) is checked with a few byte scans; a sheet
    too wide for their rough bound is scanned again more closely, and anything else is walked tag by tag.
    """
    scan = SheetScan()
    quick = _Quick()
    for prefix, piece in _pieces(package, part):
        quick.odd = quick.odd or bool(prefix)  # prefixed element names are rare enough to walk tag by tag
        quick.feed(piece)
        _formulas(piece, prefix, scan)
    rows, columns = quick.rows, quick.columns
    if not quick.odd and quick.bound() * columns > MAX_CELLS:
        close = _Extent()
        for _, piece in _pieces(package, part):
            close.feed(piece)
        if close.odd or close.rows * close.columns <= MAX_CELLS < close.bound * close.columns:
            quick.odd = True  # only an exact count can tell
        rows, columns = close.rows, close.columns
    if quick.odd:
        extent = _Extent()
        extent.walk(package, part)
        rows, columns = extent.rows, extent.columns
    if rows > EXCEL_ROWS or columns > EXCEL_COLUMNS:
        raise refused(shown, f"sheet {part.name!r} names a cell beyond Excel's last row or column; "
                             "the file is broken or hostile")
    if rows * columns > MAX_CELLS:
        raise refused(shown, f"sheet {part.name!r} spans {rows:,} rows by {columns:,} columns ({rows * columns:,} "
                             f"cells), more than a reader should hold ({MAX_CELLS:,}); delete stray cells far "
                             "below or right of the table, or split the file")
    return scan


def _pieces(package: zipfile.ZipFile, part: SheetPart) -> Iterator[tuple[bytes, bytes]]:
    """(element prefix, piece) of a worksheet's XML, cut after complete rows so that no cell straddles two."""
    prefix: bytes | None = None
    tail = b""
    with package.open(part.member) as handle:
        while True:
            chunk = handle.read(CHUNK)
            data = tail + chunk
            if prefix is None:
                found = _ROOT.search(data)
                if found is None and chunk and len(data) < MAX_PROLOG:
                    tail = data
                    continue
                prefix = (found.group(1) + b":") if found and found.group(1) else b""
            if chunk:
                cut = data.rfind(b"</" + prefix + b"row>")
                cut = cut + len(prefix) + 6 if cut >= 0 else data.rfind(b"<")
                if cut <= 0:
                    tail = data
                    continue
                yield prefix, data[:cut]
                tail = data[cut:]
            else:
                yield prefix, data
                return


def _uncommon(piece: bytes) -> bool:
    """A cell without its reference (placed by counting) or a prefixed cell: the byte scans cannot follow."""
    return bool(_UNREFERENCED_CELL.search(piece) or _PREFIXED.search(piece))


def _last_row_tag(piece: bytes) -> int | None:
    """The number of the last `<row r="N"` in `piece`, None without one, -1 when it is not a number."""
    last = piece.rfind(b'<row r="')
    if last < 0:
        return None
    number = piece[last + 8:piece.find(b'"', last + 8)]
    return int(number) if number.isdigit() else -1


class _Quick:
    """A rough bound on how far a sheet's cells reach, from three byte scans a piece.

    Columns: 26 unless a reference has two letters or more (then read exactly). Rows: under a million unless a
    reference has seven digits or more (then read exactly). Under Excel's limits that bounds a sheet of up to
    40 columns well within what a reader may hold; wider sheets take the closer look.
    """

    def __init__(self):
        self.rows = 0
        self.columns = 0
        self.odd = False
        self._top = 0

    def feed(self, piece: bytes) -> None:
        if self.odd:
            return
        if _uncommon(piece):
            self.odd = True
            return
        self.rows = max(self.rows, _last_row_tag(piece) or 0)
        if not self.columns and b'<c r="' in piece:
            self.columns = 26
        if _WIDE_OR_FAR.search(piece):
            for letters, number in _WIDE_OR_FAR_REFS.findall(piece):
                if len(letters) > 1:
                    self.columns = max(self.columns, column_index(letters.decode()) + 1)
                if len(number) >= 7:
                    self.rows = max(self.rows, int(number))
                    self._top = max(self._top, int(number))

    def bound(self) -> int:
        """No cell names a row past this."""
        return max(self._top, self.rows, 999_999 if self.columns else 0)


class _Extent:
    """The furthest row and column a sheet's cells name: exact, or an upper bound within a tenth of it."""

    def __init__(self):
        self.rows = 0
        self.columns = 0
        self.bound = 0  # no cell names a row at or past it
        self.odd = False
        self._beyond: re.Pattern | None = None

    def feed(self, piece: bytes) -> None:
        """One piece of the common layout; anything else sets `odd` for the walk."""
        if self.odd:
            return
        if _uncommon(piece):
            self.odd = True
            return
        last = _last_row_tag(piece)
        if last == -1:
            self.odd = True
            return
        if last is not None:
            self.rows = max(self.rows, last)
            if self.rows >= self.bound:
                # Rows come in order, so no cell should name a row past the last row tag. Checked against a
                # round number just above it, so the pattern is built a few times per sheet, not per piece.
                self.bound = _round_above(self.rows)
                self._beyond = re.compile(_at_least(self.bound))
        if self._beyond is None:
            if b'<c r="' in piece:  # cells before any numbered row
                self.odd = True
            return
        if self._beyond.search(piece):
            self.odd = True
            return
        if _WIDE.search(piece):
            self.columns = max([self.columns, *(column_index(m.decode()) + 1 for m in _WIDE_REFS.findall(piece))])
        elif self.rows:
            self.columns = max(self.columns, 26)

    def walk(self, package: zipfile.ZipFile, part: SheetPart) -> None:
        """Walk every row and cell tag as the reader places them: by reference where given, else next in line."""
        row = col = -1
        top_row = top_col = -1
        tail = b""
        with package.open(part.member) as handle:
            while True:
                chunk = handle.read(CHUNK)
                data = tail + chunk
                cut = data.rfind(b"<") if chunk else len(data)
                if cut < 0:
                    cut = 0
                piece, tail = data[:cut], data[cut:]
                for match in _TAG.finditer(piece):
                    refs = [(letters, int(number)) for letters, number in _CELL_REF.findall(match.group(2))]
                    if match.group(1) == b"row":
                        row = max(number for _, number in refs) - 1 if refs else row + 1
                        col = -1
                    else:
                        if refs:
                            row = max(row, max(number for _, number in refs) - 1)
                            named = [column_index(letters.decode()) for letters, _ in refs if letters]
                            col = max(named) if named else col + 1
                        else:
                            col += 1
                        top_col = max(top_col, col)
                    top_row = max(top_row, row)
                if not chunk:
                    break
        self.rows, self.columns = top_row + 1, top_col + 1


def _round_above(number: int) -> int:
    """The smallest number above `number` with at most two significant digits (12345 -> 13000)."""
    step = 10 ** max(len(str(number + 1)) - 2, 0)
    return (number // step + 1) * step


def _at_least(bound: int) -> bytes:
    """A regex for a cell reference (` r="AB123"`) whose row is `bound` (two significant digits) or more."""
    digits = str(bound)
    rest = len(digits) - 2
    first, second = int(digits[0]), int(digits[1]) if len(digits) > 1 else 0
    if len(digits) == 1:
        options = [b"[%d-9]" % first]
    else:
        options = [b"%d%d\\d{%d}" % (first, second, rest)]
        if second < 9:
            options.append(b"%d[%d-9]\\d{%d}" % (first, second + 1, rest))
    if first < 9:
        options.append(b"[%d-9]\\d{%d}" % (first + 1, len(digits) - 1))
    options.append(b"\\d{%d,}" % (len(digits) + 1))
    return rb' r="[A-Za-z]{1,4}(?:' + b"|".join(options) + b')"'


_FORMULA_OPEN = {}
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v(?:\s[^>]*)?>([^<]*)</(?:[\w.-]+:)?v>")
_FORMULA_TEXT = re.compile(rb"<(?:[\w.-]+:)?f(?:\s[^>]*)?>([^<]*)</(?:[\w.-]+:)?f>")
_STRING_RESULT = re.compile(rb'\st\s*=\s*["\'](?:str|e)["\']')


def _formulas(piece: bytes, prefix: bytes, scan: SheetScan) -> None:
    """Record formula cells without a saved (cached) value: the reader would see them as empty."""
    opener = _FORMULA_OPEN.get(prefix)
    if opener is None:
        opener = _FORMULA_OPEN[prefix] = re.compile(b"<" + re.escape(prefix) + rb"f[\s>/]")
    found = opener.search(piece)
    cell_open, cell_close = b"<" + prefix + b"c", b"</" + prefix + b"c>"
    while found is not None and len(scan.formulas) < MAX_FORMULAS:
        start = piece.rfind(cell_open, 0, found.start())
        end = piece.find(cell_close, found.start())
        if start < 0 or end < 0:
            break
        cell = piece[start:end]
        tag_end = cell.find(b">")
        ref = _CELL_REF.search(cell[:tag_end])
        value = _VALUE.search(cell)
        cached = value is not None and (value.group(1).strip() or _STRING_RESULT.search(cell[:tag_end]))
        if not cached and ref:
            formula = _FORMULA_TEXT.search(cell)
            text = formula.group(1).decode("utf-8", "replace") if formula else ""
            key = (int(ref.group(2)) - 1, column_index(ref.group(1).decode()))
            scan.formulas[key] = _unescape(text)
        found = opener.search(piece, end)


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'")
            .replace("&amp;", "&"))
