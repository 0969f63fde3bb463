"""The one family of errors jpledger raises; each carries the exit code the spec promises."""


class JPLedgerError(Exception):
    """Base of every error a user may see; `str(error)` is the one-line message."""

    exit_code = 1


class UsageError(JPLedgerError):
    """A bad argument value: malformed NIP or date, unknown kind, something not in the ledger."""

    exit_code = 2


class InputRejected(JPLedgerError):
    """An import or policy file is wrong; nothing was written.

    `problems` holds one line per problem (for imports: `FILE:SHEET!CELL: message`).
    """

    exit_code = 3

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


class LedgerError(JPLedgerError):
    """The ledger itself: missing for a read, locked past the wait, corrupt, newer schema."""

    exit_code = 4


class LedgerBusy(LedgerError):
    """Another writer held the ledger past the wait, or a transaction lost a race to one; trying again may work."""
