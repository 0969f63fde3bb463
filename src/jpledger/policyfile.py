"""Policy files on disk and the policy shipped inside the package, read into the core's Policy."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from jpledger.core.policy import Policy, PolicyError, parse_policy, read_policy, with_siasn_types
from jpledger.errors import Problem, UsageError

SHIPPED = "default_policy.yaml"


def load_policy_file(path) -> tuple[Policy, str]:
    """Read and check a policy file; returns the policy and the exact text, which the ledger keeps."""
    file = Path(path)
    if not file.is_file():
        raise UsageError("POLICY_FILE_IS_FOLDER" if file.is_dir() else "POLICY_FILE_MISSING", path=str(path))
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        problem = Problem(str(path), "POLICY_NOT_UTF8", {"byte": error.start})
        raise PolicyError("POLICY_REJECTED", problems=[problem], count=1, source=str(path)) from None
    except OSError as error:
        raise UsageError("POLICY_FILE_UNREADABLE", path=str(path), reason=error.strerror) from None
    return parse_policy(text, str(path)), text


def default_policy_text() -> str:
    """The text of the policy shipped with jpledger."""
    return resources.files("jpledger").joinpath(SHIPPED).read_text(encoding="utf-8")


def default_policy() -> Policy:
    """The policy shipped with jpledger (the BPS table of domain.md section 3); its check is a test's job."""
    return read_policy(default_policy_text(), SHIPPED)


def shipped_default_upgrade(stored: str) -> str | None:
    """For the schema migration: the text a stored copy of an older shipped default becomes (with `siasn_type`),
    or None when the stored policy is not such a copy and must be left as it is."""
    return with_siasn_types(stored, default_policy_text())
