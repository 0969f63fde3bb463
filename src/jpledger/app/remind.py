"""Reminders before the year ends: who is short, near or over a maximum, at what pace they must go, grouped by
supervisor (atasan langsung) or unit; and one workbook per group to send (spec 11)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from jpledger.app.runtime import Runtime


@dataclass
class Reminder:
    person: object  # PersonTotal, with the values it had on as_of
    months_left: int
    jp_per_month: Decimal
    sessions: list[dict] = field(default_factory=list)  # the year's coaching and mentoring (for the workbooks)


@dataclass
class Group:
    key: str | None  # the supervisor's NIP or the unit's code; None for people without one
    name: str | None  # the supervisor's name (None when not in the ledger) or the unit's name
    people: list[Reminder]


@dataclass
class Reminders:
    year: int
    as_of: date
    policy: str
    by: str  # supervisor | unit
    groups: list[Group]

    @property
    def anyone(self) -> bool:
        return any(g.people for g in self.groups)


BY = ("supervisor", "unit")


def reminders(rt: Runtime, year: int, *, as_of: date | None = None, by: str = "supervisor",
              unit: str | None = None, with_sessions: bool = False) -> Reminders:
    """Everyone the year's figures (as of `as_of`) say needs a reminder, grouped; PPPK by contract year, as the
    totals count them. `with_sessions` adds each person's coaching and mentoring of the year."""
    from jpledger.app.reports import figures
    from jpledger.core.pace import jp_per_month, months_left, needs_reminder
    from jpledger.store import activities, staff

    with rt.read().read() as conn:
        found = figures(rt, year, as_of=as_of, unit=unit, conn=conn)
        # Someone who has left by the day counted to is nobody's to remind, though the year still counts them.
        listed = [p for p in found.people if needs_reminder(p) and not (p.left and p.left <= found.as_of)]
        months = months_left(found.as_of, year)
        people = [Reminder(p, months, jp_per_month(p.needed, months)) for p in listed]
        names: dict[str, str] = {}
        if by == "supervisor":
            known = staff.staff_by_nip(conn, {p.supervisor for p in listed if p.supervisor})
            names = {nip: fields["name"] for nip, fields in known.items()}
        if with_sessions and people:
            mine: dict[str, list[dict]] = {}
            for row in activities.sessions_of(conn, [r.person.nip for r in people], year, found.as_of):
                mine.setdefault(row["nip"], []).append(row)
            for r in people:
                r.sessions = mine.get(r.person.nip, [])
    groups: dict[str | None, Group] = {}
    for r in people:
        p = r.person
        if by == "supervisor":
            key, name = p.supervisor, names.get(p.supervisor) if p.supervisor else None
        else:
            key, name = p.unit_code or p.unit, p.unit
        groups.setdefault(key, Group(key, name, [])).people.append(r)
    for group in groups.values():
        group.people.sort(key=lambda r: (-r.person.needed, r.person.state != "over", r.person.nip))
    # Named groups in name order, then those named only by a NIP, then people with no supervisor or unit.
    ordered = sorted(groups.values(), key=lambda g: (g.key is None, g.name is None, (g.name or g.key or "").lower()))
    return Reminders(year, found.as_of, found.policy.name, by, ordered)


@dataclass
class Written:
    files: list[Path]


def write_workbooks(done: Reminders, folder: Path, lang: str, *, force: bool = False) -> Written:
    """One workbook per group in `folder`, named after the group (safe on Windows, unique, trimmed).

    Nothing is written when a file of those names is there already and `force` is not given: it may be the copy an
    officer has annotated; all names are checked before the first is written.
    """
    from jpledger.errors import UsageError
    from jpledger.sheets.printing import Stamp, made_now
    from jpledger.sheets.remind import file_names, write_group

    if not folder.is_dir():
        raise UsageError("FOLDER_MISSING", folder=folder)
    groups = [g for g in done.groups if g.people]
    titles = [group_title(g, done.by, lang) for g in groups]
    paths = [folder / name for name in file_names(titles)]
    if not force:
        for path in paths:
            if path.exists():
                raise UsageError("FILE_EXISTS_FORCE", file=path)
    stamp = Stamp(done.year, done.as_of, done.policy, made_now())
    for group, title, path in zip(groups, titles, paths):
        write_group(path, group, done.by, title, stamp, lang)
    return Written(paths)


def group_title(group: Group, by: str, lang: str) -> str:
    """How a group is named in its workbook's file name and title: "Siti Rahayu 198503142010012003", a unit's name."""
    from jpledger.sheets.remind import no_group

    if group.key is None:
        return no_group(by, lang)
    if by == "supervisor":
        return f"{group.name} {group.key}" if group.name else group.key
    return group.name or group.key
