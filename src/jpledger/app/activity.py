"""Reading activities back, and striking one out."""

from __future__ import annotations

from jpledger.app.runtime import Runtime
from jpledger.errors import UsageError


def listing(rt: Runtime, *, nip: str | None, year: int | None, kind: str | None, batch: int | None,
            include_voided: bool, verification: str | None = None) -> list[dict]:
    from jpledger.store.activities import list_activities
    from jpledger.store.batches import get_batch
    from jpledger.store.policies import active_policy, kind_key
    from jpledger.store.staff import require_staff

    with rt.read().read() as conn:
        # A person or batch not in the ledger is a mistake to point out, not an empty list.
        if nip:
            require_staff(conn, nip)
        if batch is not None:
            get_batch(conn, batch)
        policy = active_policy(conn)[1]
        key = kind_key(conn, policy, kind) if kind else None
        rows = list_activities(conn, nip=nip, year=year, kind=key, batch=batch, include_voided=include_voided,
                               verification=verification)
        return _with_evidence(conn, _with_figures(conn, policy, rows))


def show(rt: Runtime, activity_id: int) -> dict:
    from jpledger.store.reads import active_policy, get_activity

    return rt.reading(lambda conn: _with_evidence(conn, _with_figures(conn, active_policy(conn)[1],
                                                                      [get_activity(conn, activity_id)]))[0])


def _with_figures(conn, policy, rows: list[dict]) -> list[dict]:
    """Each row with the figures every command shows of an entry: `credited` (the policy's credit), `withheld`
    (by a monthly cap, as the ledger stands now), `counted` (what the person's total gets) and why not."""
    from jpledger.store.years import entry_figures

    figures = entry_figures(conn, policy, rows)
    return [row | {"credited": f.credited, "withheld": f.withheld, "counted": f.counted, "not_counted": f.why_not}
            for row, f in ((row, figures[row["id"]]) for row in rows)]


def _with_evidence(conn, rows: list[dict]) -> list[dict]:
    """Each row with `evidence`: the files it shows, [{name, size, sha256}]."""
    from jpledger.store.reads import evidence_of

    shown = evidence_of(conn, (r["id"] for r in rows))
    for row in rows:
        row["evidence"] = shown.get(row["id"], [])
    return rows


def void(rt: Runtime, activity_id: int, reason: str) -> dict:
    """Strike an entry; returns it as it was."""
    from jpledger.codes import Phrase
    from jpledger.store.activities import get_activity, void_activities
    from jpledger.store.db import trail
    from jpledger.store.years import refuse_locked

    with rt.write().write() as conn:
        row = get_activity(conn, activity_id)
        if row["voided"]:
            raise UsageError("ALREADY_VOIDED", id=activity_id, reason=row["void_reason"])
        refuse_locked(conn, [row["year"]], Phrase("WHAT_VOID", id=activity_id))
        void_activities(conn, [activity_id], reason)
        trail(conn, "activity void", {"id": activity_id, "nip": row["nip"], "reason": reason})
    return row
