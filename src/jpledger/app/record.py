"""Recording activities: every kind credited under the policy in use, one entry per person, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from jpledger.app.runtime import Runtime
from jpledger.core.entries import NewActivity
from jpledger.errors import UsageError


@dataclass
class Added:
    id: int
    nip: str
    name: str
    kind: str
    code: str
    start: date
    end: date
    jp: Decimal
    unshown: bool = False  # the policy requires evidence for the kind and none was given


def coach_of(conn, text: str, option: str) -> tuple[str, str | None]:
    """A coach or mentor: a NIP in the ledger (kept as NIP and name) or a free-text name."""
    from jpledger.core.nip import NipError, clean_nip, validate_nip
    from jpledger.store.staff import require_staff

    name = " ".join(text.split())
    if not name:
        raise UsageError("COACH_EMPTY", option=option)
    digits = clean_nip(name) if any(ch.isdigit() for ch in name) else ""
    if digits.isdigit():
        try:
            nip = validate_nip(name)
        except NipError as exc:
            raise UsageError("OPTION_INVALID", option=option, problem=exc) from None
        return require_staff(conn, nip)["name"], nip
    return name, None


def record(rt: Runtime, items: list[NewActivity], action: str, coach_option: str | None = None,
           evidence: list | None = None) -> list[Added]:
    """Credit and insert the entries; `coach_option` names the option whose coach or mentor is looked up;
    `evidence` files are kept with every entry added (stored once, whatever the number of entries)."""
    from jpledger.core.compliance import cents_to_jp
    from jpledger.core.entries import credit_entry
    from jpledger.evidencefile import read_named
    from jpledger.store.activities import insert_activities
    from jpledger.store.db import trail
    from jpledger.store.evidence import link, store_blobs
    from jpledger.store.policies import active_policy
    from jpledger.store.staff import require_staff
    from jpledger.store.years import refuse_locked

    # Read before the ledger is opened: a file that cannot be kept is a usage error, and nothing is written.
    files = [read_named(str(path)) for path in evidence or []]
    with rt.write().write() as conn:
        policy_id, policy, _ = active_policy(conn)
        names = {}
        for item in items:
            names[item.nip] = require_staff(conn, item.nip)["name"]
            if coach_option:
                item.coach, item.coach_nip = coach_of(conn, item.coach or "", coach_option)
        entries = [credit_entry(policy, policy_id, item) for item in items]
        refuse_locked(conn, [e.year for e in entries], action)
        ids = insert_activities(conn, [e._asdict() for e in entries])
        if files:
            store_blobs(conn, ((f.sha256, f.data) for f in files))
            link(conn, [(i, f.sha256, f.name) for i in ids for f in files])
        shown = [f.shown() for f in files]
        trail(conn, action, [{"id": i, "nip": e.nip, "kind": e.kind, "jp": e.jp_cents / 100,
                              "start": e.start, "end": e.end} | ({"evidence": shown} if shown else {})
                             for i, e in zip(ids, entries)])
    return [Added(i, e.nip, names[e.nip], e.kind, e.code, e.start, e.end, cents_to_jp(e.jp_cents),
                  not files and policy.kinds[e.kind].evidence == "required")
            for i, e in zip(ids, entries)]
