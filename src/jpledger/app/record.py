"""Recording activities: every kind credited under the policy in use, one entry per person, in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
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
    jp: Decimal  # the policy's credit
    withheld: Decimal = Decimal("0.00")  # held back by a monthly cap, as the ledger stands now
    counted: Decimal = Decimal("0.00")  # what the person's total gets
    unshown: bool = False  # the policy requires evidence for the kind and none was given


@dataclass
class Recorded:
    added: list[Added]
    notices: list = field(default_factory=list)  # app.notices.Notice: what to warn of, never blocking


def coach_of(conn, text: str, option: str) -> tuple[str, str | None, bool]:
    """A coach or mentor: a NIP (kept with the name the ledger has for it) or a free-text name; and whether a
    NIP is one the ledger does not know (kept all the same, and warned about)."""
    from jpledger.core.nip import NipError, clean_nip, validate_nip
    from jpledger.store import sql
    from jpledger.store.reads import get_staff

    name = " ".join(text.split())
    if not name:
        raise UsageError("COACH_EMPTY", option=option)
    digits = clean_nip(name) if any(ch.isdigit() for ch in name) else ""
    if digits.isdigit():
        try:
            nip = validate_nip(name)
        except NipError as exc:
            raise UsageError("OPTION_INVALID", option=option, problem=exc) from None
        person = get_staff(conn, nip)
        if person:
            return person["name"], nip, False
        if not sql.quick(conn):  # officers exist on PostgreSQL only
            from jpledger.store.officers import staff_outside

            if staff_outside(conn, [nip]):
                # A coach in another unit (often the head of the unit above): kept by NIP, whose name this officer
                # may not read.
                return nip, nip, False
        return nip, nip, True
    return name, None, False


def record(rt: Runtime, items: list[NewActivity], action: str, coach_option: str | None = None,
           evidence: list | None = None) -> Recorded:
    """Credit and insert the entries; `coach_option` names the option whose coach or mentor is looked up;
    `evidence` files are kept with every entry added (stored once, whatever the number of entries). Days no one
    can mean (before 1950 or the person's birth, more than a year ahead) are refused; what only looks wrong is
    written and warned about."""
    from jpledger.app import notices
    from jpledger.core.entries import credit_entry
    from jpledger.core.people import check_activity_days
    from jpledger.evidencefile import read_named
    from jpledger.store import recording, sql
    from jpledger.store.reads import ACTIVITY_COLUMNS, active_policy, require_staff
    from jpledger.store.trail import trail
    from jpledger.store.years import entry_figures, refuse_locked

    warned = []
    # Read before the ledger is opened: a file that cannot be kept is a usage error, and nothing is written.
    files = [read_named(str(path)) for path in evidence or []]
    first_named: dict[str, str] = {}
    for f in files:  # one content is kept and shown once, under the first name it was given: say so of the others
        first = first_named.setdefault(f.sha256, f.name)
        if first != f.name:
            warned.append(notices.Notice("WARN_EVIDENCE_SAME_FILE", {"name": f.name, "first": first}))
    with rt.writing() as conn:
        policy_id, policy, _ = active_policy(conn)
        people = {}
        for item in items:
            people[item.nip] = require_staff(conn, item.nip)
            try:
                check_activity_days(item.nip, item.start, item.end, rt.today)
            except UsageError as exc:
                raise UsageError("FOR_PERSON", nip=item.nip, problem=exc) from None
            if coach_option:
                item.coach, item.coach_nip, unknown = coach_of(conn, item.coach or "", coach_option)
                if unknown:
                    warned.append(notices.Notice("WARN_UNKNOWN_COACH", {"coach": item.coach_nip}))
        entries = [credit_entry(policy, policy_id, item) for item in items]
        refuse_locked(conn, [e.year for e in entries], action)
        over_before = notices.pppk_over(conn, policy, entries, people.get)
        ids = recording.insert_activities(conn, [e._asdict() for e in entries])
        if files:
            recording.store_blobs(conn, ((f.sha256, f.data) for f in files))
            recording.link(conn, [(i, f.sha256, f.name) for i in ids for f in files])
        shown = [f.shown() for f in files]
        trail(conn, action, [{"id": i, "nip": e.nip, "kind": e.kind, "jp": e.jp_cents / 100,
                              "start": e.start, "end": e.end} | ({"evidence": shown} if shown else {})
                             for i, e in zip(ids, entries)])
        new = notices.NewEntries(entries, ids)
        warned += notices.duplicates(conn, new) + notices.dated(new, people.get, rt.today)
        warned += notices.newly_over(new, over_before, notices.pppk_over(conn, policy, entries, people.get))
        rows = [r for chunk in sql.chunks(ids)
                for r in sql.rows(conn, f"SELECT {ACTIVITY_COLUMNS} FROM activity WHERE id IN :ids", ids=chunk)]
        figures = entry_figures(conn, policy, rows)
    added = [Added(i, e.nip, people[e.nip]["name"], e.kind, e.code, e.start, e.end, figures[i].credited,
                   figures[i].withheld, figures[i].counted, not files and policy.kinds[e.kind].evidence == "required")
             for i, e in zip(ids, entries)]
    return Recorded(added, warned)
