"""How far a worksheet's cells reach, measured before a reader allocates them; formula cells never calculated."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from typing import Iterator
from xml.parsers import expat

from jpledger.errors import InputRejected
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


# --- screened by bytes ----------------------------------------------------------------------------------------

_ROOT = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet[\s>]")
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
# A character reference (or any `&`) inside a tag: only a parser reads it.
_REFERENCE_IN_TAG = re.compile(rb"<[^<>]*&")


def scan_sheet(package: zipfile.ZipFile, part: SheetPart, shown: str) -> SheetScan:
    """Stream through one worksheet's XML: refuse a rectangle of cells too big to hold; find uncalculated formulas.

    Reading a sheet allocates its whole rectangle, from A1 to the furthest cell, at once: a few bytes naming
    cell XFD1048576 would ask for half a terabyte. What is read exactly (a cell's reference, a formula, whether
    it has a saved value) is read by expat, the standard library's XML parser, which also decodes character
    references such as `&#10;`. Parsing a national roster's every cell that way costs more than reading it, so
    the common layout (every cell tag starting with its `r="..."` reference, as Excel and the usual libraries
    write them) is screened with a few byte scans that bound its extent, a sheet too wide for their rough
    bound is scanned again more closely, and anything the scans cannot read exactly is walked by expat.
    """
    scan = SheetScan()
    quick = _Quick()
    for prefix, piece in _pieces(package, part):
        # Prefixed element names, or a root element the scans did not find, are rare enough to walk by expat.
        quick.odd = prefix != b""
        quick.feed(piece)
        if quick.odd:
            break  # the walk below reads it all, formulas included
        _formulas(piece, scan, part, shown)
    rows, columns = quick.rows, quick.columns
    if not quick.odd and quick.bound() * columns > MAX_CELLS:
        close = _Extent()
        for _, piece in _pieces(package, part):
            close.feed(piece)
        if close.odd or close.rows * close.columns <= MAX_CELLS < close.bound * close.columns:
            quick.odd = True  # only an exact count can tell
        rows, columns = close.rows, close.columns
    if quick.odd:
        walk = _walk(package, part, shown)
        rows, columns = walk.top_row + 1, walk.top_col + 1
        scan.formulas = walk.formulas
    if rows > EXCEL_ROWS or columns > EXCEL_COLUMNS:
        raise refused(shown, "SHEET_BEYOND_EXCEL", sheet=part.name)
    if rows * columns > MAX_CELLS:
        raise refused(shown, "SHEET_TOO_MANY_CELLS", sheet=part.name, rows=f"{rows:,}", columns=f"{columns:,}",
                      cells=f"{rows * columns:,}", most=f"{MAX_CELLS:,}")
    return scan


def _pieces(package: zipfile.ZipFile, part: SheetPart) -> Iterator[tuple[bytes | None, bytes]]:
    """(element prefix, piece) of a worksheet's XML, cut after complete rows so that no cell straddles two.

    The prefix is None when the scans cannot find the root element (another encoding than UTF-8, say).
    """
    prefix: bytes | None = None
    found_root = False
    tail = b""
    with package.open(part.member) as handle:
        while True:
            chunk = handle.read(CHUNK)
            data = tail + chunk
            if not found_root:
                found = _ROOT.search(data)
                if found is None and chunk and len(data) < MAX_PROLOG:
                    tail = data
                    continue
                found_root = True
                prefix = None if found is None else (found.group(1) + b":") if found.group(1) else b""
            if chunk:
                cut = data.rfind(b"</" + (prefix or b"") + b"row>")
                cut = cut + len(prefix or b"") + 6 if cut >= 0 else data.rfind(b"<")
                if cut <= 0:
                    tail = data
                    continue
                yield prefix, data[:cut]
                tail = data[cut:]
            else:
                yield prefix, data
                return


def _uncommon(piece: bytes) -> bool:
    """What the byte scans cannot follow: a cell without its reference (placed by counting), a prefixed cell, or
    a character reference inside a tag (`r="&#88;FD1"`), which only a parser decodes."""
    return bool(_UNREFERENCED_CELL.search(piece) or _PREFIXED.search(piece)
                or (b"&" in piece and _REFERENCE_IN_TAG.search(piece)))


def _last_row_tag(piece: bytes) -> int | None:
    """The number of the last `<row r="N"` in `piece`, None without one, -1 when it is not a number."""
    last = piece.rfind(b'<row r="')
    if last < 0:
        return None
    number = piece[last + 8:piece.find(b'"', last + 8)]
    return int(number) if number.isdigit() else -1


class _ByteScan:
    """What the byte scans share: they follow the common layout only, and say `odd` once a piece leaves it."""

    odd = False

    def _follows(self, piece: bytes) -> bool:
        if not self.odd and _uncommon(piece):
            self.odd = True
        return not self.odd


class _Quick(_ByteScan):
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
        if not self._follows(piece):
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


class _Extent(_ByteScan):
    """The furthest row and column a sheet's cells name: exact, or an upper bound within a tenth of it."""

    def __init__(self):
        self.rows = 0
        self.columns = 0
        self.bound = 0  # no cell names a row at or past it
        self.odd = False
        self._beyond: re.Pattern | None = None

    def feed(self, piece: bytes) -> None:
        """One piece of the common layout; anything else sets `odd` for the walk."""
        if not self._follows(piece):
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


# --- read exactly, by expat ----------------------------------------------------------------------------------

class _Walk:
    """Row and cell tags placed as the reader places them (by reference where given, else next in line), and the
    formula cells without a saved value, from expat's events.

    Only the start of each element is followed; the text and the end of a cell are followed only inside a cell
    with a formula, and a plain `r="B7"` takes a short way, which keeps a sheet's millions of events cheap.
    """

    def __init__(self) -> None:
        self.row = self.col = -1
        self.top_row = self.top_col = -1
        self.formulas: dict[tuple[int, int], str] = {}
        self._parser = None
        self._attributes: dict[str, str] = {}  # the open cell's
        self._formula: list[str] | None = None  # the open cell's formula text, when it has one
        self._value: list[str] | None = None  # and its saved value's
        self._text: list[str] | None = None  # where character data goes
        self._tags: dict[str, str] = {}
        self._columns: dict[str, int] = {}  # column letters read before: a sheet repeats a few of them

    def parser(self):
        self._parser = parser = expat.ParserCreate()
        parser.buffer_text = True
        parser.StartElementHandler = self._start
        return parser

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        tag = self._tags.get(name)
        if tag is None:  # the reader matches element names without their prefix
            tag = self._tags[name] = name.rpartition(":")[2]
        if tag == "c":
            self._attributes = attributes
            ref = attributes.get("r")
            if ref is not None and attributes.keys() <= _PLAIN_ATTRIBUTES:
                letters = ref.rstrip("0123456789")
                column = self._columns.get(letters, -1)
                if column >= 0 and 0 < len(ref) - len(letters) <= 9:
                    row = int(ref[len(letters):]) - 1
                    if row > self.row:
                        self.row = row
                    self.col = column
                    if self.row > self.top_row:
                        self.top_row = self.row
                    if column > self.top_col:
                        self.top_col = column
                    return
            refs = self._references(attributes)
            if refs:
                self.row = max(self.row, max(number for _, number in refs) - 1)
                named = [column for column, _ in refs if column >= 0]
                self.col = max(named) if named else self.col + 1
            else:
                self.col += 1
            self.top_row, self.top_col = max(self.top_row, self.row), max(self.top_col, self.col)
        elif tag == "row":
            refs = self._references(attributes)
            self.row = max(number for _, number in refs) - 1 if refs else self.row + 1
            self.col = -1
            self.top_row = max(self.top_row, self.row)
        elif tag == "f" and self._formula is None:
            self._formula = self._text = []
            self._parser.CharacterDataHandler = self._characters
            self._parser.EndElementHandler = self._end
        elif tag == "v" and self._formula is not None:
            self._value = self._text = []

    def _references(self, attributes: dict[str, str]) -> list[tuple[int, int]]:
        """The cell references among a tag's attributes (`r`, prefixed or not) as (column or -1, row number)."""
        if attributes.keys() <= _PLAIN_ATTRIBUTES:  # the usual tag: its one reference, if any, is `r`
            values = [attributes["r"]] if "r" in attributes else []
        else:
            values = [value for key, value in attributes.items() if key.rpartition(":")[2] == "r"]
        refs = []
        for value in values:
            text = value.strip()
            letters = text.rstrip("0123456789")
            digits = text[len(letters):]
            column = self._columns.get(letters)
            if column is None:
                if letters and not (letters.isascii() and letters.isalpha()):
                    continue  # no reference the reader could place: placed by counting
                column = self._columns[letters] = column_index(letters) if letters else -1
            if digits:
                # Past nine digits a row is beyond Excel's last all the same (and int() refuses thousands).
                refs.append((column, int(digits) if len(digits) <= 9 else 10**9))
        return refs

    def _end(self, name: str) -> None:
        tag = name.rpartition(":")[2]
        if tag in ("f", "v"):
            self._text = None
        elif tag == "c":
            value = "".join(self._value) if self._value is not None else None
            # A string or error result may be saved empty; any other result must be there.
            cached = value is not None and (value.strip() or self._attributes.get("t") in ("str", "e"))
            if not cached and len(self.formulas) < MAX_FORMULAS:
                self.formulas[(self.row, self.col)] = "".join(self._formula or [])
            self._formula = self._value = self._text = None
            self._parser.CharacterDataHandler = None
            self._parser.EndElementHandler = None

    def _characters(self, text: str) -> None:
        if self._text is not None:
            self._text.append(text)


# Attributes a cell or row tag usually has; a tag with others (prefixed ones) has its references looked for.
_PLAIN_ATTRIBUTES = frozenset({"r", "s", "t", "cm", "vm", "ph", "spans", "ht", "customHeight", "customFormat",
                               "hidden", "outlineLevel", "collapsed", "thickTop", "thickBot"})


def _walk(package: zipfile.ZipFile, part: SheetPart, shown: str) -> _Walk:
    """Every row and cell tag of a worksheet, by expat."""
    walk = _Walk()
    parser = walk.parser()
    try:
        with package.open(part.member) as handle:
            while chunk := handle.read(CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise _broken(shown, part, exc) from None
    return walk


def _broken(shown: str, part: SheetPart, exc: expat.ExpatError) -> InputRejected:
    return InputRejected("SHEET_NOT_WELL_FORMED", file=shown, sheet=part.name, reason=expat.ErrorString(exc.code),
                         line=exc.lineno)


def _formulas(piece: bytes, scan: SheetScan, part: SheetPart, shown: str) -> None:
    """Formula cells of the common layout without a saved value: found by a byte search for their formula tag,
    each cell then read whole by expat (all of a piece's at once: one parser, one pass)."""
    found = piece.find(b"<f")
    cells = []
    while found >= 0:
        if piece[found + 2:found + 3] in (b">", b"/", b" ", b"\t", b"\r", b"\n"):
            start = piece.rfind(b"<c ", 0, found)
            end = piece.find(b"</c>", found)
            if start < 0 or end < 0:
                break
            cells.append(piece[start:end + 4])
            found = end
        found = piece.find(b"<f", found + 2)
    if not cells or len(scan.formulas) >= MAX_FORMULAS:
        return
    walk = _Walk()
    parser = walk.parser()
    try:
        parser.Parse(b"<cells>" + b"".join(cells) + b"</cells>", True)
    except expat.ExpatError as exc:
        raise _broken(shown, part, exc) from None
    for cell, formula in walk.formulas.items():
        if len(scan.formulas) < MAX_FORMULAS:
            scan.formulas[cell] = formula
