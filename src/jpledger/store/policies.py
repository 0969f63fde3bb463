"""The policy versions a ledger keeps: the one in use, storing a new one, and what earlier ones said of a kind."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from jpledger.errors import UsageError
from jpledger.store.db import actor, now
from jpledger.store.reads import active_policy  # noqa: F401 (plain SQL, for the quick read)
from jpledger.store.tables import POLICY


def active_policy_id(conn: Connection) -> int:
    """The version id of the policy new entries are credited under, without reading the policy itself."""
    return conn.execute(select(func.max(POLICY.c.id))).scalar()


def store_policy(conn: Connection, name: str, text: str) -> int:
    from jpledger.core.policy.text import policy_data
    from jpledger.store.officers import actor_value

    return conn.execute(POLICY.insert().values(name=name, text=text, at=now(), actor=actor_value(conn, actor()),
                                               data=policy_data(text))).inserted_primary_key[0]


def earlier_policies(conn: Connection):
    """Every policy version but the one in use, newest first, as (version, Policy)."""
    from jpledger.core.policy import read_policy

    rows = conn.execute(select(POLICY.c.id, POLICY.c.text, POLICY.c.data).order_by(POLICY.c.id.desc())).all()[1:]
    for version, text, data in rows:
        yield version, read_policy(text, f"policy version {version}", data)


def kind_key(conn: Connection, policy, text: str) -> str:
    """A kind's key by the policy in use, else by the earlier versions that credited entries of it.

    Entries keep the kind they were credited as, so one the policy in use dropped can still be listed.
    """
    try:
        return policy.kind(text).key
    except UsageError:
        for _, earlier in earlier_policies(conn):
            try:
                return earlier.kind(text).key
            except UsageError:
                continue
        raise


def policy_kind_units(conn: Connection) -> dict[tuple[int, str], str]:
    """(policy version, kind key) -> the unit that version counted the kind in (jp, session, day ...)."""
    from jpledger.core.policy import read_policy

    units: dict[tuple[int, str], str] = {}
    for version, text, data in conn.execute(select(POLICY.c.id, POLICY.c.text, POLICY.c.data)):
        for key, rule in read_policy(text, f"policy version {version}", data).kinds.items():
            units[(version, key)] = rule.unit
    return units


def policy_kind_labels(conn: Connection) -> dict[str, str]:
    """kind key -> its label, as the newest policy version that has the kind words it."""
    return {key: rule.label for key, rule in policy_kind_rules(conn).items()}


def policy_kind_rules(conn: Connection) -> dict:
    """kind key -> its KindRule in the newest policy version that has the kind (the one in use, for its kinds)."""
    from jpledger.core.policy import read_policy

    rules: dict = {}
    for version, text, data in conn.execute(select(POLICY.c.id, POLICY.c.text, POLICY.c.data)
                                            .order_by(POLICY.c.id.desc())):
        for key, rule in read_policy(text, f"policy version {version}", data).kinds.items():
            rules.setdefault(key, rule)
    return rules
