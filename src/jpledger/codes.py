"""Every message a person can read from an error, an import problem, a finding or a check, by stable code.

One registry: a code names one kind of problem everywhere (scripts match on it, the README documents it), and its
English template is the msgid of the gettext catalogs (`jpledger/locale`), so `message()` words it in the interface
language. Templates take named parameters; a Decimal parameter is written as the reader's language writes numbers.
Codes are never translated. Keep each area's codes in its own section.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jpledger.i18n import N_


@dataclass(frozen=True)
class FindingKind:
    """An audit finding: its severity and what it means (for the README and `audit --help`)."""

    severity: str
    meaning: str


@dataclass(frozen=True)
class CheckKind:
    """A `jpledger check` problem: what it means."""

    meaning: str


# --- errors and import problems: code -> English template ---------------------------------------------------------

MESSAGES: dict[str, str] = {
    # A sentence not yet given a code of its own (kept while modules move to codes; the catalog test lists them).
    "TEXT": "{text}",
    # -- general
    "NOTHING_WRITTEN": N_("{what}; nothing was written"),
}

# --- audit findings: code -> (severity, meaning); their messages are MESSAGES under the same code -----------------

FINDINGS: dict[str, FindingKind] = {}

# --- `jpledger check`: code -> meaning; their messages are MESSAGES under the same code ---------------------------

CHECKS: dict[str, CheckKind] = {}


def message(code: str, params: dict[str, Any] | None = None) -> str:
    """The message of `code` with its parameters, in the interface language."""
    from jpledger.i18n import gettext, shown

    template = MESSAGES.get(code)
    if template is None:
        return code if not params else f"{code} {params}"
    values = {key: shown(value) for key, value in (params or {}).items()}
    return gettext(template).format_map(values)
