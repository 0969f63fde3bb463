"""The JP conversion policy: the one in use, checking a file, and putting a new version in use."""

from __future__ import annotations

from pathlib import Path

from jpledger.app.runtime import Runtime


def current(rt: Runtime):
    """(version, Policy) of the policy new entries are credited under."""
    from jpledger.store.policies import active_policy

    with rt.read().read() as conn:
        version, policy, _ = active_policy(conn)
    return version, policy


def check_file(file: Path):
    """The policy a file holds, fully checked (every problem named with its key and line)."""
    from jpledger.policyfile import load_policy_file

    policy, _ = load_policy_file(file)
    return policy


def use(rt: Runtime, file: Path) -> tuple[int, object]:
    """Store the file's policy as a new version; entries already recorded keep their credit."""
    from jpledger.codes import Phrase
    from jpledger.policyfile import load_policy_file
    from jpledger.store.db import trail
    from jpledger.store.officers import require_admin
    from jpledger.store.policies import store_policy

    policy, text = load_policy_file(file)
    with rt.write().write() as conn:
        require_admin(conn, Phrase("WHAT_POLICY"))
        version = store_policy(conn, policy.name, text)
        trail(conn, "policy use", {"version": version, "name": policy.name, "file": str(file)})
    return version, policy


def for_template(rt: Runtime):
    """The ledger's policy when there is a ledger; the shipped one otherwise (a template creates nothing)."""
    from jpledger.policyfile import default_policy

    if not rt.exists():
        return default_policy()
    return current(rt)[1]
