"""How a file that cannot be imported is refused: one line naming the file, exit 3, and what to do instead."""

from __future__ import annotations

import zipfile
import zlib

from jpledger.errors import InputRejected

SAVE_AS = "open it in Excel and save it as an Excel Workbook (.xlsx), then import that file"
# What unpacking a damaged package raises, besides our own refusals.
UNPACK_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError)
CHUNK = 1 << 20


def refused(shown: str, message: str) -> InputRejected:
    return InputRejected(f"{shown}: {message}")
