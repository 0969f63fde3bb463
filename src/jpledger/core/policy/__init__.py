"""The JP conversion policy: the model (model.py), the credit arithmetic (credit.py), its text (text.py: the fast
read of a stored policy, `policy show`'s output) and the check of a policy file (schema.py, the only part that
imports pydantic, loaded when a file is checked).

Every name the rest of jpledger used from the single module this package replaced is importable from here.
"""

from __future__ import annotations

from jpledger.core.policy.credit import Credit, credit, round_jp
from jpledger.core.policy.model import (
    COUNT,
    DEFAULT_MAX_JP_PER_ENTRY,
    EVIDENCE,
    FORMS,
    MAX_QUANTITY,
    PARTIAL_YEAR,
    PPPK_YEAR,
    STATUSES,
    UNITS,
    YEAR_OF,
    KindRule,
    Policy,
    PolicyError,
    Requirement,
    SiasnType,
    Target,
)
from jpledger.core.policy.text import dump_policy, policy_as_dict, read_policy, with_siasn_types

__all__ = [
    "COUNT", "DEFAULT_MAX_JP_PER_ENTRY", "EVIDENCE", "FORMS", "MAX_QUANTITY", "PARTIAL_YEAR", "PPPK_YEAR",
    "STATUSES", "UNITS", "YEAR_OF", "Credit", "KindRule", "Policy", "PolicyError", "Requirement", "SiasnType",
    "Target", "credit", "default_policy", "default_policy_text", "dump_policy", "load_policy_file",
    "parse_policy", "policy_as_dict", "read_policy", "round_jp", "with_siasn_types",
]


def parse_policy(text: str, source: str = "policy") -> Policy:
    """Read and check a policy file's text; every problem found is listed in the PolicyError raised."""
    from jpledger.core.policy.schema import parse_policy as check

    return check(text, source)


# Reading files is not the core's business: these live in jpledger.policyfile and are found here on first use, so
# callers written against the old single module keep working while they move.
_FROM_FILES = ("default_policy", "default_policy_text", "load_policy_file")


def __getattr__(name: str):
    if name in _FROM_FILES:
        from jpledger import policyfile

        return getattr(policyfile, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
