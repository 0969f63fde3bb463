"""How a file that cannot be imported is refused: one line naming the file, exit 3, and what to do instead."""

from __future__ import annotations

import zipfile
import zlib

from jpledger.errors import InputRejected

# What unpacking a damaged package raises, besides our own refusals.
UNPACK_ERRORS = (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError)
CHUNK = 1 << 20


def refused(shown: str, code: str, /, **params) -> InputRejected:
    """The refusal `code` (its message names the file and what to do instead) for the file shown as `shown`."""
    return InputRejected(code, file=shown, **params)
