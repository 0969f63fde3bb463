"""What kind of file a roster is, by its first bytes rather than its name: a workbook, CSV, or something refused."""

from __future__ import annotations

from pathlib import Path

from jpledger.errors import UsageError
from jpledger.sheets.safety.refusal import CHUNK, refused

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# An encrypted .xlsx is an OLE2 file holding this stream; a legacy .xls holds a "Workbook" stream instead.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


def sniff(path: Path, shown: str) -> str:
    """'xlsx' or 'csv' by the file's first bytes (not its name); refuse what is neither."""
    if not path.exists():
        raise UsageError("FILE_NOT_FOUND", file=shown)
    if path.is_dir():
        raise UsageError("ROSTER_IS_FOLDER", file=shown)
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError as exc:
        raise UsageError("FILE_UNREADABLE", file=shown, reason=exc.strerror or exc) from None
    if head.startswith(OLE2):
        if _holds(path, _ENCRYPTED_STREAM):
            raise refused(shown, "WORKBOOK_PASSWORD")
        raise refused(shown, "WORKBOOK_XLS")
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "xlsx"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<html", b"<!doctype html", b"<table", b"<meta")):
        raise refused(shown, "WORKBOOK_WEB_PAGE")
    if text.startswith(b"<?xml") and b"spreadsheet" in text:
        raise refused(shown, "WORKBOOK_XML_2003")
    if path.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods", ".xltx"):
        raise refused(shown, "WORKBOOK_NOT_ZIP")
    return "csv"


def _holds(path: Path, needle: bytes) -> bool:
    tail = b""
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            if needle in tail + chunk:
                return True
            tail = chunk[-len(needle):]
    return False
