"""The coaching and mentoring journal: a person's sessions, or the sessions they gave, with goal and actions."""

from __future__ import annotations

from jpledger.app.runtime import Runtime

JOURNAL_KINDS = ("coaching", "mentoring")


def journal(rt: Runtime, nip: str, *, year: int | None = None, as_coach: bool = False) -> tuple[dict, list[dict]]:
    """(the person, their sessions in date order): coaching and mentoring, and any kind the policy in use counts
    in sessions (an agency's own name for them)."""
    from jpledger.store.activities import journal_rows
    from jpledger.store.policies import active_policy
    from jpledger.store.staff import require_staff
    from jpledger.store.years import entry_figures

    with rt.read().read() as conn:
        person = require_staff(conn, nip)
        _, policy, _ = active_policy(conn)
        kinds = set(JOURNAL_KINDS) | {key for key, rule in policy.kinds.items() if rule.unit == "session"}
        rows = journal_rows(conn, nip, kinds, year=year, as_coach=as_coach)
        # The same three figures as everywhere an entry is shown: credited, withheld by a cap, counted.
        figures = entry_figures(conn, policy, rows)
        return person, [r | {"credited": figures[r["id"]].credited, "withheld": figures[r["id"]].withheld,
                             "counted": figures[r["id"]].counted} for r in rows]
