"""What new entries warn of, at record time and in an import's summary: one line each, never blocking.

A duplicate-looking entry, one dated after today, one outside the person's employment, a PPPK taken over the
maximum by it, a coach or mentor NIP not in the ledger. The entries are written whatever these say: the officer
reads them and decides, and the audit lists the same things as findings until they are dealt with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from jpledger.core import employment


@dataclass
class Notice:
    code: str
    params: dict
    where: str | None = None  # the roster cell it is about, in an import


@dataclass
class NewEntry:
    """An entry about to be written or just written: its ledger fields, and how a notice names it."""

    entry: object  # core.entries.Entry
    label: object  # a Phrase: "activity 12 of NIP", or "the entry of NIP" for a roster row
    where: dict | None = None  # column -> cell address, for a roster row
    id: int | None = None

    def at(self, column: str) -> str | None:
        return None if self.where is None else self.where.get(column) or self.where.get("nip")


def _title_key(title: str | None) -> str:
    return " ".join((title or "").lower().split())


def duplicates(conn, new: list[NewEntry]) -> list[Notice]:
    """New entries sharing person, kind, dates and title with a live entry of the ledger (none when `conn` is None)
    or an earlier new one."""
    from sqlalchemy import select

    from jpledger.store.tables import ACTIVITY, chunks

    def key(nip, kind, start, end, title):
        return nip, kind, start, end, _title_key(title)

    mine = {n.id for n in new if n.id is not None}
    wanted = {key(n.entry.nip, n.entry.kind, n.entry.start, n.entry.end, n.entry.title) for n in new}
    years = sorted({n.entry.year for n in new})
    first: dict[tuple, object] = {}
    # A first import into an empty ledger has nothing to compare with: no lookups at all.
    empty = conn is None or conn.execute(
        select(ACTIVITY.c.id).where(ACTIVITY.c.id.notin_(sorted(mine))).limit(1)).first() is None
    for chunk in chunks(sorted({k[0] for k in wanted}) if not empty else []):
        rows = conn.execute(select(ACTIVITY.c.id, ACTIVITY.c.nip, ACTIVITY.c.kind, ACTIVITY.c.start, ACTIVITY.c.end,
                                   ACTIVITY.c.title)
                            .where(ACTIVITY.c.nip.in_(chunk), ACTIVITY.c.year.in_(years),
                                   ACTIVITY.c.voided.is_(False)).order_by(ACTIVITY.c.id))
        for r in rows:
            k = key(r.nip, r.kind, r.start, r.end, r.title)
            if r.id not in mine and k in wanted:
                first.setdefault(k, r.id)
    notices = []
    for n in new:
        e = n.entry
        k = key(e.nip, e.kind, e.start, e.end, e.title)
        earlier = first.get(k)
        if earlier is None:
            first[k] = n
        elif isinstance(earlier, int):
            notices.append(Notice("WARN_DUPLICATE", {"entry": n.label, "first": earlier}, n.at("title")))
        else:
            shown = earlier.id if earlier.id is not None else earlier.at("title")
            code = "WARN_DUPLICATE" if earlier.id is not None else "WARN_DUPLICATE_IN_FILE"
            notices.append(Notice(code, {"entry": n.label, "first": shown}, n.at("title")))
    return notices


def dated(new: list[NewEntry], people: dict[str, dict], today: date) -> list[Notice]:
    """Entries ending after today, and entries outside the person's employment (`people`: nip -> staff fields)."""
    notices = []
    for n in new:
        e = n.entry
        if e.end > today:
            notices.append(Notice("WARN_FUTURE", {"entry": n.label, "end": e.end}, n.at("end")))
        person = people.get(e.nip) or {}
        appointed, left = person.get("appointed"), person.get("left")
        if employment.outside_employment(e.start, e.end, appointed, left):
            if left is not None and e.start > left:
                notices.append(Notice("WARN_AFTER_LEAVING", {"entry": n.label, "left": left}, n.at("start")))
            else:
                notices.append(Notice("WARN_BEFORE_SERVICE", {"entry": n.label, "appointed": appointed},
                                      n.at("start")))
    return notices


def pppk_over(conn, policy, entries: Iterable, people: dict[str, dict]) -> dict[tuple[str, int], dict]:
    """{(nip, year): what is over} for the PPPK among the entries' people who are over a maximum in the entries'
    years now (a contract year over, or the calendar year), counted to each year's end."""
    from jpledger.store.years import year_totals

    if policy.target("PPPK").max_jp is None:
        return {}
    by_year: dict[int, set[str]] = {}
    for e in entries:
        if (people.get(e.nip) or {}).get("status") == "PPPK":
            by_year.setdefault(e.year, set()).add(e.nip)
    over = {}
    for year, nips in sorted(by_year.items()):
        for p in year_totals(conn, policy, year, date(year, 12, 31), nips=nips).people:
            if p.state != "over":
                continue
            window = next((c for c in p.contract_years or [] if c.state == "over"), None)
            if window is not None:
                over[(p.nip, year)] = {"name": p.name, "jp": window.jp, "max": window.max_jp, "start": window.start,
                                       "end": window.end}
            elif p.max_jp is not None:
                over[(p.nip, year)] = {"name": p.name, "jp": p.jp_toward_max, "max": p.max_jp, "year": year}
    return over


def newly_over(new: list[NewEntry], before: dict, after: dict) -> list[Notice]:
    """A PPPK over a maximum now who was not before these entries: said once, of their latest new entry."""
    latest: dict[tuple[str, int], NewEntry] = {}
    for n in new:
        k = (n.entry.nip, n.entry.year)
        if k in after and k not in before and (k not in latest or n.entry.end >= latest[k].entry.end):
            latest[k] = n
    notices = []
    for k, n in latest.items():
        figures = after[k]
        code = "WARN_PPPK_OVER_CONTRACT" if "start" in figures else "WARN_PPPK_OVER"
        notices.append(Notice(code, {"entry": n.label, **figures}, n.at("nip")))
    return notices


def limited(notices: list[Notice], most: int = 20) -> list[Notice]:
    """The first `most` notices of each kind, each kind followed by how many more were left out: a national roster
    may hold thousands of one kind, and the first ones show what to look for."""
    kinds: dict[str, list[Notice]] = {}
    for notice in notices:
        kinds.setdefault(notice.code, []).append(notice)
    shown = []
    for same in kinds.values():
        shown += same[:most]
        if len(same) > most:
            shown.append(Notice("WARNINGS_MORE", {"count": len(same) - most}))
    return shown
