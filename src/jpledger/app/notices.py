"""What new entries warn of, at record time and in an import's summary: one line each, never blocking.

A duplicate-looking entry, one dated after today, one outside the person's employment, a PPPK taken over the
maximum by it, a coach or mentor NIP not in the ledger. The entries are written whatever these say: the officer
reads them and decides, and the audit lists the same things as findings until they are dealt with.
A national roster holds a hundred thousand entries and hardly any of them warn: a notice names its entry only
when there is something to say.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable

from jpledger.core import employment


@dataclass
class Notice:
    code: str
    params: dict
    where: str | None = None  # the roster cell it is about, in an import


@dataclass
class NewEntries:
    """Entries about to be written or just written (core.entries.Entry), and how a notice names one of them: by
    its activity id once it has one (record), else by the person and the roster cell it came from (import)."""

    rows: list
    ids: list[int] | None = None
    cell: Callable[[int, str], str | None] | None = None  # (index, column) -> `Kegiatan!E14`

    def label(self, index: int):
        from jpledger.codes import Phrase

        nip = self.rows[index].nip
        return Phrase("ENTRY_OF", id=self.ids[index], nip=nip) if self.ids else Phrase("ROW_ENTRY", nip=nip)

    def at(self, index: int, column: str) -> str | None:
        return self.cell(index, column) if self.cell else None


def duplicates(conn, new: NewEntries) -> list[Notice]:
    """New entries sharing person, kind, dates and title with a live entry of the ledger (none when `conn` is None)
    or with an earlier new one."""
    from jpledger.store import sql

    titles: dict[str | None, str] = {}  # rosters repeat a title for a whole class: its key is made once

    def key(nip, kind, start, end, title):
        found = titles.get(title)
        if found is None:
            found = titles[title] = " ".join((title or "").lower().split())
        return nip, kind, start, end, found

    for title in {e.title for e in new.rows}:
        titles[title] = " ".join((title or "").lower().split())
    keys = [(e.nip, e.kind, e.start, e.end, titles[e.title]) for e in new.rows]
    # key -> index of the first new entry with it (written last to first, so the first index stays)
    first: dict[tuple, int] = dict(zip(reversed(keys), range(len(keys) - 1, -1, -1)))
    mine = set(new.ids or ())
    # A first import into an empty ledger has nothing to compare with: no lookups at all.
    others = "WHERE id NOT IN :mine " if mine else ""
    empty = conn is None or sql.scalar(conn, f"SELECT id FROM activity {others}LIMIT 1", mine=sorted(mine)) is None
    years = sorted({e.year for e in new.rows})
    older: dict[tuple, int] = {}  # key -> the ledger's live activity with it
    for chunk in sql.chunks(sorted({k[0] for k in first}) if not empty else []):
        rows = sql.tuples(conn, 'SELECT id, nip, kind, start, "end", title FROM activity WHERE nip IN :nips '
                                "AND year IN :years AND voided = FALSE ORDER BY id", nips=chunk, years=years)
        for activity_id, nip, kind, start, end, title in rows:
            k = key(nip, kind, start, end, title)
            if activity_id not in mine and k in first:
                older.setdefault(k, activity_id)
    notices = []
    if not older and len(first) == len(keys):
        return notices  # nothing like anything else
    for index, k in enumerate(keys):
        earlier = first[k]
        if k in older:
            code, shown = "WARN_DUPLICATE", older[k]
        elif earlier == index:
            continue
        elif new.ids is not None:
            code, shown = "WARN_DUPLICATE", new.ids[earlier]
        else:
            code, shown = "WARN_DUPLICATE_IN_FILE", new.at(earlier, "title")
        notices.append(Notice(code, {"entry": new.label(index), "first": shown}, new.at(index, "title")))
    return notices


def dated(new: NewEntries, person: Callable[[str], dict | None], today: date) -> list[Notice]:
    """Entries ending after today, and entries outside the person's employment (`person`: nip -> staff fields)."""
    notices = []
    service: dict[str, tuple] = {}  # nip -> (appointed, left), looked up once a person
    outside = employment.outside_employment
    for index, e in enumerate(new.rows):
        if e.end > today:
            notices.append(Notice("WARN_FUTURE", {"entry": new.label(index), "end": e.end}, new.at(index, "end")))
        days = service.get(e.nip)
        if days is None:
            found = person(e.nip) or {}
            days = service[e.nip] = (found.get("appointed"), found.get("left"))
        appointed, left = days
        if outside(e.start, e.end, appointed, left):
            if left is not None and e.start > left:
                notices.append(Notice("WARN_AFTER_LEAVING", {"entry": new.label(index), "left": left},
                                      new.at(index, "start")))
            else:
                notices.append(Notice("WARN_BEFORE_SERVICE", {"entry": new.label(index), "appointed": appointed},
                                      new.at(index, "start")))
    return notices


def pppk_over(conn, policy, rows: list, person: Callable[[str], dict | None]) -> dict[tuple[str, int], dict]:
    """{(nip, year): what is over} for the PPPK among the entries' people who are over a maximum in the entries'
    years now (a contract year over, or the calendar year), counted to each year's end."""
    from jpledger.store.recording import nips_with_entries
    from jpledger.store.sql import IN_CHUNK, chunks, on_sqlite
    from jpledger.store.years import year_totals

    if policy.target("PPPK").max_jp is None:
        return {}
    by_year: dict[int, set[str]] = {}
    pppk: dict[str, bool] = {}  # nip -> whether PPPK, looked up once a person
    for e in rows:
        found = pppk.get(e.nip)
        if found is None:
            found = pppk[e.nip] = (person(e.nip) or {}).get("status") == "PPPK"
        if found:
            by_year.setdefault(e.year, set()).add(e.nip)
    if policy.target("PPPK").max_jp >= 0:
        # Someone without a single entry in the ledger has no JP to be over with: a first import asks nothing.
        held = nips_with_entries(conn, set().union(*by_year.values()))
        by_year = {year: nips & held for year, nips in by_year.items() if nips & held}
    over = {}
    # Each person counts alone. On SQLite a few hundred at a time are looked up by NIP, where more at once would
    # have the year's every capped month grouped to find theirs; PostgreSQL groups them faster than it answers twice.
    size = IN_CHUNK if on_sqlite(conn) else None
    people = ((year, p) for year, nips in sorted(by_year.items())
              for chunk in chunks(sorted(nips), size or max(len(nips), 1))
              for p in year_totals(conn, policy, year, date(year, 12, 31), nips=chunk).people)
    for year, p in people:
        if p.state != "over":
            continue
        window = next((c for c in p.contract_years or [] if c.state == "over"), None)
        if window is not None:
            over[(p.nip, year)] = {"name": p.name, "jp": window.jp, "max": window.max_jp, "start": window.start,
                                   "end": window.end}
        elif p.max_jp is not None:
            over[(p.nip, year)] = {"name": p.name, "jp": p.jp_toward_max, "max": p.max_jp, "year": year}
    return over


def newly_over(new: NewEntries, before: dict, after: dict) -> list[Notice]:
    """A PPPK over a maximum now who was not before these entries: said once, of their latest new entry."""
    latest: dict[tuple[str, int], int] = {}
    for index, e in enumerate(new.rows):
        k = (e.nip, e.year)
        if k in after and k not in before and (k not in latest or e.end >= new.rows[latest[k]].end):
            latest[k] = index
    notices = []
    for k, index in latest.items():
        figures = after[k]
        code = "WARN_PPPK_OVER_CONTRACT" if "start" in figures else "WARN_PPPK_OVER"
        notices.append(Notice(code, {"entry": new.label(index), **figures}, new.at(index, "nip")))
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
