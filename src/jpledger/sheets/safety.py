"""Refusing hostile or broken spreadsheet files before any parser reads them, each with one clear line (exit 3)."""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterator

from jpledger.errors import InputRejected, UsageError

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted .xlsx is an OLE2 file holding this stream; a legacy .xls holds a "Workbook" stream instead.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")

MAX_MEMBERS = 10_000
# A million-row roster unpacks to about half a gigabyte of XML; twice that is no roster.
MAX_UNPACKED = 1 << 30
# Spreadsheet XML packs 5 to 30 times; a zip bomb packs thousands of times. Small members may pack as they like.
MAX_RATIO = 150
RATIO_FLOOR = 16 << 20
# The reader holds a sheet's whole rectangle of cells in memory (32 bytes a cell), even an empty one.
MAX_CELLS = 40_000_000
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
MAX_PROLOG = 1 << 20
CHUNK = 1 << 20
# Formula cells without a saved value are reported one by one, up to this many a sheet.
MAX_FORMULAS = 10_000

_XML_SUFFIXES = (".xml", ".rels", ".vml")
# What unpacking a damaged package raises, besides our own refusals.
UNPACK_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError)
SAVE_AS = "open it in Excel and save it as an Excel Workbook (.xlsx), then import that file"


def refused(shown: str, message: str) -> InputRejected:
    return InputRejected(f"{shown}: {message}")


# --- what kind of file ---------------------------------------------------------------------------------------

def sniff(path: Path, shown: str) -> str:
    """'xlsx' or 'csv' by the file's first bytes (not its name); refuse what is neither."""
    if not path.exists():
        raise UsageError(f"{shown}: no such file")
    if path.is_dir():
        raise UsageError(f"{shown} is a folder; give the roster file (.xlsx or .csv)")
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError as exc:
        raise UsageError(f"{shown}: cannot read it ({exc.strerror or exc})") from None
    if head.startswith(OLE2):
        if _holds(path, _ENCRYPTED_STREAM):
            raise refused(shown, "the workbook is protected with a password; open it in Excel, remove the password "
                                 "(File > Info > Protect Workbook > Encrypt with Password, clear it), save and import "
                                 "again")
        raise refused(shown, f"this is an old Excel 97-2003 workbook (.xls); {SAVE_AS}")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "xlsx"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<html", b"<!doctype html", b"<table", b"<meta")):
        raise refused(shown, f"this is a web page saved with a spreadsheet name, not a workbook; {SAVE_AS}")
    if text.startswith(b"<?xml") and b"spreadsheet" in text:
        raise refused(shown, f"this is an Excel 2003 XML spreadsheet; {SAVE_AS}")
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".xltx"):
        raise refused(shown, f"this is not an Excel workbook (it is not a zip package); {SAVE_AS}")
    return "csv"


def _holds(path: Path, needle: bytes) -> bool:
    tail = b""
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle):]
    return False


# --- the zip package -----------------------------------------------------------------------------------------

@dataclass
class SheetPart:
    name: str
    member: str  # the worksheet's XML inside the package


@dataclass
class Package:
    """An opened .xlsx package that passed the checks: its worksheets by name, in workbook order."""

    zip: zipfile.ZipFile
    sheets: list[SheetPart]


def open_package(path: Path, shown: str) -> Package:
    """Open the zip, check its size, its members and every XML prolog; list the worksheets."""
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise refused(shown, f"the workbook is damaged (not a readable zip package); {SAVE_AS}") from None
    try:
        infos = package.infolist()
        names = {info.filename for info in infos}
        if len(infos) > MAX_MEMBERS:
            raise refused(shown, f"the package holds {len(infos)} parts; no workbook needs that many")
        if "xl/workbook.xml" not in names:
            raise refused(shown, _not_a_workbook(package, names))
        unpacked = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise refused(shown, "the package is encrypted; save the workbook without a password and import again")
            unpacked += info.file_size
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise refused(shown, f"{info.filename} unpacks {info.file_size // max(info.compress_size, 1)} times "
                                     "its packed size; that is a zip bomb, not a workbook")
        if unpacked > MAX_UNPACKED:
            raise refused(shown, f"the workbook unpacks to {unpacked / (1 << 20):.0f} MB, more than the "
                                 f"{MAX_UNPACKED >> 20} MB a roster can need; split it into smaller files")
        for info in infos:
            if info.filename.lower().endswith(_XML_SUFFIXES):
                _check_prolog(package, info, shown)
        return Package(package, _worksheets(package, names, shown))
    except InputRejected:
        package.close()
        raise
    except UNPACK_ERRORS:
        package.close()
        raise refused(shown, f"the workbook is damaged (a part cannot be unpacked); {SAVE_AS}") from None


def _not_a_workbook(package: zipfile.ZipFile, names: set[str]) -> str:
    if "xl/workbook.bin" in names:
        return f"this is a binary workbook (.xlsb); {SAVE_AS}"
    if "mimetype" in names:
        try:
            kind = package.read("mimetype")[:100]
        except Exception:  # a broken mimetype part says enough on its own
            kind = b""
        if b"opendocument.spreadsheet" in kind:
            return f"this is an OpenDocument spreadsheet (.ods); {SAVE_AS}"
    if "word/document.xml" in names:
        return "this is a Word document, not a workbook"
    return "this is a zip archive but not an Excel workbook (it has no xl/workbook.xml)"


def _check_prolog(package: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str) -> None:
    """Refuse a DOCTYPE (the door to entity bombs and external entities) before the root element of any part."""
    data = b""
    with package.open(info) as handle:
        while True:
            chunk = handle.read(1 << 14)
            data += chunk
            verdict = _prolog_verdict(data, final=not chunk)
            if verdict is None and len(data) <= MAX_PROLOG:
                continue
            if verdict == "ok":
                return
            if verdict is None:
                raise refused(shown, f"{info.filename} has an endless XML prolog; that is no workbook")
            raise refused(shown, f"{info.filename} {verdict}; the file was made to attack XML readers and "
                                 "is not imported")


def _prolog_verdict(data: bytes, final: bool) -> str | None:
    """'ok' once the root element starts, a complaint, or None when more bytes are needed."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="ignore")
    else:
        text = data.removeprefix(b"\xef\xbb\xbf").decode("latin-1")
    pos = 0
    while True:
        while pos < len(text) and text[pos] in " \t\r\n":
            pos += 1
        if pos >= len(text):
            return "ok" if final else None  # an empty part is the reader's problem, not an attack
        if text.startswith("<?", pos):
            end = text.find("?>", pos)
            if end < 0:
                return "is not XML" if final else None
            pos = end + 2
        elif text.startswith("<!--", pos):
            end = text.find("-->", pos)
            if end < 0:
                return "is not XML" if final else None
            pos = end + 3
        elif text.startswith("<!", pos):
            if len(text) - pos < 9 and not final:
                return None
            return "declares a DOCTYPE or ENTITY"
        elif text.startswith("<", pos):
            return "ok"
        else:
            return "is not XML"


def _worksheets(package: zipfile.ZipFile, names: set[str], shown: str) -> list[SheetPart]:
    """The worksheets named in xl/workbook.xml, each with its XML part (chart sheets are left out)."""
    import defusedxml.ElementTree as SafeET

    def parse(member: str):
        try:
            return SafeET.fromstring(package.read(member), forbid_dtd=True)
        except Exception:  # defusedxml's refusals and plain parse errors alike: the part is unusable
            raise refused(shown, f"{member} is broken or hostile XML; {SAVE_AS}") from None

    book = parse("xl/workbook.xml")
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in names:
        for rel in parse("xl/_rels/workbook.xml.rels"):
            if rel.get("Id") and rel.get("Target"):
                targets[rel.get("Id")] = rel.get("Target")
    parts = []
    for element in book.iter():
        if not element.tag.endswith("}sheet") and element.tag != "sheet":
            continue
        rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rid or "")
        if not target or "worksheets/" not in target:
            continue
        member = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        member = _normalise(member)
        if member in names:
            parts.append(SheetPart(element.get("name") or "", member))
    return parts


def _normalise(member: str) -> str:
    out: list[str] = []
    for piece in member.split("/"):
        if piece == "..":
            if out:
                out.pop()
        elif piece not in ("", "."):
            out.append(piece)
    return "/".join(out)


# --- one worksheet's XML -------------------------------------------------------------------------------------

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
