"""The .xlsx package checked before any parser reads it: its size, its parts, every XML prolog, its worksheets."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.parsers import expat

from jpledger.errors import InputRejected
from jpledger.sheets.safety.refusal import UNPACK_ERRORS, refused

MAX_MEMBERS = 10_000
# A million-row roster unpacks to about half a gigabyte of XML; twice that is no roster.
MAX_UNPACKED = 1 << 30
# Spreadsheet XML packs 5 to 30 times; a zip bomb packs thousands of times. Small members may pack as they like.
MAX_RATIO = 150
RATIO_FLOOR = 16 << 20
MAX_PROLOG = 1 << 20

_XML_SUFFIXES = (".xml", ".rels", ".vml")


@dataclass
class SheetPart:
    name: str
    member: str  # the worksheet's XML inside the package


@dataclass
class Package:
    """An opened .xlsx package that passed the checks: its worksheets by name, in workbook order."""

    zip: zipfile.ZipFile
    sheets: list[SheetPart]
    # Serial numbers count days from 1 January 1904 (Excel for Mac's old default), not from 1900.
    date1904: bool = False


def bomb_ratio(info: zipfile.ZipInfo) -> int | None:
    """How many times a member grows when unpacked, when that is more than a real file does (a zip bomb): a
    workbook's part and a bundle's member are judged alike."""
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return info.file_size // max(info.compress_size, 1)
    return None


def open_package(path: Path, shown: str) -> Package:
    """Open the zip, check its size, its members and every XML prolog; list the worksheets."""
    try:
        package = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise refused(shown, "WORKBOOK_DAMAGED_ZIP") from None
    try:
        infos = package.infolist()
        names = {info.filename for info in infos}
        if len(infos) > MAX_MEMBERS:
            raise refused(shown, "WORKBOOK_TOO_MANY_PARTS", count=len(infos))
        if "xl/workbook.xml" not in names:
            raise refused(shown, _not_a_workbook(package, names))
        unpacked = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise refused(shown, "WORKBOOK_ENCRYPTED_ZIP")
            unpacked += info.file_size
            ratio = bomb_ratio(info)
            if ratio is not None:
                raise refused(shown, "WORKBOOK_ZIP_BOMB", part=info.filename, ratio=ratio)
        if unpacked > MAX_UNPACKED:
            raise refused(shown, "WORKBOOK_TOO_BIG", size=f"{unpacked / (1 << 20):.0f}", most=MAX_UNPACKED >> 20)
        for info in infos:
            if info.filename.lower().endswith(_XML_SUFFIXES):
                _check_prolog(package, info, shown)
        return _workbook(package, names, shown)
    except InputRejected:
        package.close()
        raise
    except UNPACK_ERRORS:
        package.close()
        raise refused(shown, "WORKBOOK_DAMAGED") from None


def _not_a_workbook(package: zipfile.ZipFile, names: set[str]) -> str:
    """The refusal code for a zip that is no .xlsx: what it is instead, where that can be told."""
    if "xl/workbook.bin" in names:
        return "WORKBOOK_XLSB"
    if "mimetype" in names:
        try:
            kind = package.read("mimetype")[:100]
        except Exception:  # a broken mimetype part says enough on its own
            kind = b""
        if b"opendocument.spreadsheet" in kind:
            return "WORKBOOK_ODS"
    if "word/document.xml" in names:
        return "WORKBOOK_WORD"
    return "WORKBOOK_OTHER_ZIP"


class _Root(Exception):
    """The root element began: the prolog is over."""


class _Declared(Exception):
    """A DOCTYPE (and with it any ENTITY) was declared."""


def _check_prolog(package: zipfile.ZipFile, info: zipfile.ZipInfo, shown: str) -> None:
    """Refuse a DOCTYPE (the door to entity bombs and external entities) before the root element of any part.

    Read by expat up to the root element only: whatever the part's encoding, comments and processing
    instructions, the parser says whether a declaration came first.
    """
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _declared
    parser.EntityDeclHandler = _declared
    parser.StartElementHandler = _root
    read = 0
    with package.open(info) as handle:
        while True:
            chunk = handle.read(1 << 14)
            read += len(chunk)
            try:
                parser.Parse(chunk, not chunk)
            except _Root:
                return
            except _Declared:
                raise refused(shown, "WORKBOOK_DOCTYPE", part=info.filename) from None
            except expat.ExpatError as exc:
                if exc.code == _NO_ELEMENTS:
                    return  # an empty part is the reader's problem, not an attack
                raise InputRejected("PART_NOT_XML", file=shown, part=info.filename,
                                    reason=expat.ErrorString(exc.code)) from None
            if not chunk:
                return
            if read > MAX_PROLOG:
                raise refused(shown, "WORKBOOK_ENDLESS_PROLOG", part=info.filename)


def _root(*_) -> None:
    raise _Root


def _declared(*_) -> None:
    raise _Declared


_NO_ELEMENTS = expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS]


def _workbook(package: zipfile.ZipFile, names: set[str], shown: str) -> Package:
    """The worksheets named in xl/workbook.xml, each with its XML part (chart sheets are left out), and the
    workbook's date system."""
    import defusedxml.ElementTree as SafeET

    def parse(member: str):
        try:
            return SafeET.fromstring(package.read(member), forbid_dtd=True)
        except Exception:  # defusedxml's refusals and plain parse errors alike: the part is unusable
            raise refused(shown, "WORKBOOK_BAD_XML", part=member) from None

    book = parse("xl/workbook.xml")
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in names:
        for rel in parse("xl/_rels/workbook.xml.rels"):
            if rel.get("Id") and rel.get("Target"):
                targets[rel.get("Id")] = rel.get("Target")
    parts = []
    date1904 = False
    for element in book.iter():
        if element.tag.endswith("}workbookPr") or element.tag == "workbookPr":
            date1904 = (element.get("date1904") or "").strip().lower() in ("1", "true")
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
    return Package(package, parts, date1904)


def _normalise(member: str) -> str:
    out: list[str] = []
    for piece in member.split("/"):
        if piece == "..":
            if out:
                out.pop()
        elif piece not in ("", "."):
            out.append(piece)
    return "/".join(out)


