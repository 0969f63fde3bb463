"""What kind of file a roster is, by its first bytes rather than its name: a workbook, CSV, or something refused."""

from __future__ import annotations

from pathlib import Path

from jpledger.errors import UsageError
from jpledger.sheets.safety.refusal import CHUNK, SAVE_AS, refused

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted .xlsx is an OLE2 file holding this stream; a legacy .xls holds a "Workbook" stream instead.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


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
