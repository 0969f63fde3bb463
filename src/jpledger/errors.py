"""The one family of errors jpledger raises: each a stable code with parameters and the exit code the spec promises.

An error is a value, not a sentence: `UsageError("STAFF_NOT_FOUND", nip=nip)`. It is worded only when a person is
about to read it (`str(error)`), from the message registry (`jpledger.codes`) in the interface language, so the
same error reads in Indonesian or English and scripts may match on `error.code`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def _is_code(text: str) -> bool:
    return bool(text) and text.replace("_", "").isalnum() and text.upper() == text and not text[0].isdigit()


class JPLedgerError(Exception):
    """Base of every error a user may see; `str(error)` is the one-line message in the interface language."""

    exit_code = 1

    def __init__(self, code: str, /, **params: Any):
        if not _is_code(code):
            # A sentence instead of a code: kept working while modules move to codes, flagged by the catalog test.
            code, params = "TEXT", {"text": code}
        super().__init__(code)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        from jpledger.codes import message

        return message(self.code, self.params)


class UsageError(JPLedgerError):
    """A bad argument value: malformed NIP or date, unknown kind, something not in the ledger."""

    exit_code = 2


@dataclass
class Problem:
    """One problem of an input file, where it is (`roster.xlsx:Kegiatan!D14`, `policy.yaml line 7: kinds.x`)."""

    where: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        from jpledger.codes import message

        return message(self.code, self.params)

    def line(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class InputRejected(JPLedgerError):
    """An import or policy file is wrong, or a closed year refuses the change; nothing was written.

    `problems` holds every problem found (for imports, one per cell: `FILE:SHEET!CELL: message`).
    """

    exit_code = 3

    def __init__(self, code: str, /, problems: list[Problem] | list[str] | None = None, **params: Any):
        super().__init__(code, **params)
        self.problems = list(problems or [])

    def lines(self) -> list[str]:
        return [p.line() if isinstance(p, Problem) else p for p in self.problems]


class LedgerError(JPLedgerError):
    """The ledger itself: missing for a read, locked past the wait, corrupt, newer schema."""

    exit_code = 4


class LedgerBusy(LedgerError):
    """Another writer held the ledger past the wait, or a transaction lost a race to one; trying again may work."""
