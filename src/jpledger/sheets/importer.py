"""Checking a roster: every row read into typed records (people, ledger entries) or cell-addressed problems.

Nothing here prints or touches the store: `app/imports.py` plans the records against the ledger and writes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from typing import Callable

from jpledger.core.entries import Entry, entry
from jpledger.core.nip import NipError, clean_nip, validate_nip
from jpledger.errors import UsageError
from jpledger.evidencefile import split_cell
from jpledger.sheets import cells as read
from jpledger.sheets.cells import CellError
from jpledger.sheets.profile import QUANTITIES as _QUANTITIES
from jpledger.sheets.profile import STAFF_FIELDS as _STAFF_COLUMNS
from jpledger.sheets.profile import value_key
from jpledger.sheets.reader import Reading, Table, heading

STAFF_FIELDS = tuple(name for name in _STAFF_COLUMNS if name != "nip")
_STAFF_TEXT = ("name", "unit", "position", "agency", "contract_ref")
_STAFF_DATES = ("appointed", "joined", "left", "effective_from", "contract_start", "contract_end")
_JOURNAL = ("mandiri", "goal", "actions", "follow_up", "evidence")


def raw_evidence(raws: tuple) -> str:
    """The evidence cell of a row as written (one or more paths, relative to the roster)."""
    return str(raws[-1]).strip()


@dataclass
class EvidenceCell:
    """The files an activity row names as its evidence, where the row is, and the row itself for the errors
    workbook."""

    paths: list[str]
    table: int
    row: int
    cells: list
# Which quantity columns each unit of the policy reads; the rest must be empty for that kind.
_UNIT_TAKES = {
    "jp": ("jp", "minutes", "days"),
    "minute": ("minutes", "days"),
    "day": ("days",),
    "session": ("sessions", "minutes"),  # minutes of a session are kept for the coaching log, not credited
    "occurrence": (),
    "semester": ("semesters",),
}
_UNIT_WORDS = {"jp": "JP", "minute": "minutes", "day": "days", "session": "sessions",
               "occurrence": "occurrences (one per row)", "semester": "semesters"}
_ADD_PERSON = "add the person first: a row in a staff sheet of this file, or `jpledger staff add {nip} --name \"...\"`"
_NO_NIP = ("NIP is empty; every row needs the person's NIP (delete rows that are not data, such as totals or "
           "signatures)")


@dataclass
class LedgerView:
    """What checking a roster needs to know of the ledger, read once before the file."""

    policy_id: int
    policy: object
    staff: dict[str, dict]  # NIP -> STAFF_FIELDS of everyone in the ledger


@dataclass
class Problem:
    sheet: str
    cell: str
    message: str
    order: tuple = ()

    def line(self, shown: str) -> str:
        return f"{shown}:{self.sheet}!{self.cell}: {self.message}"


@dataclass
class StaffRow:
    nip: str
    fields: dict  # only the fields the rows for this NIP fill in
    where: tuple  # (table, row) of the first row
    sources: dict[str, tuple] = field(default_factory=dict)  # field -> (table, row), where later rows added one


@dataclass
class Rejected:
    """A row with problems, as it stands in the file, for the errors workbook."""

    table: int
    row: int
    cells: list
    messages: list[str] = field(default_factory=list)


@dataclass
class Parsed:
    tables: list[Table]
    notes: list[str]
    policy_id: int
    staff: dict[str, StaffRow] = field(default_factory=dict)
    activities: list[Entry] = field(default_factory=list)
    repeats: list[str] = field(default_factory=list)  # `Kegiatan!B9: ...` rows that repeat an earlier row
    # An entry's fingerprint -> the rows naming its evidence files (a repeated row may name more); reading the
    # files is `check_evidence`'s.
    evidence: dict[str, list[EvidenceCell]] = field(default_factory=dict)
    links: int = 0  # evidence cells holding a link, kept as the entry's reference
    problems: list[Problem] = field(default_factory=list)
    rejected: dict[tuple[int, int], Rejected] = field(default_factory=dict)
    rows: dict[int, int] = field(default_factory=dict)  # table index -> data rows read


# --- checking the rows ---------------------------------------------------------------------------------------

def check(reading: Reading, view: LedgerView, tick: Callable[[int], None] | None = None,
          found: Callable[[Table], None] | None = None) -> Parsed:
    """Every row of every table read into ledger rows or problems.

    Staff tables are checked first, so activities may name people the same file adds; they are checked as soon
    as they are read, while later sheets are still loading.
    """
    checker = _Checker(view, Parsed(reading.tables, reading.notes, view.policy_id), tick or (lambda n: None))
    later = []
    for index, table in reading.each():
        if found is not None:
            found(table)
        for row, cell_index, message in table.problems:
            checker.problem(index, table, row, cell_index, message, None)
        if table.kind == "staff":
            checker.staff_table(index, table)
        else:
            later.append((index, table))
    for index, table in later:
        checker.activity_table(index, table)
    checker.drop_repeats()
    checker.parsed.problems.sort(key=lambda p: p.order)
    return checker.parsed


# Bytes of evidence an import holds in memory from checking them to writing them; files past it are read again.
KEEP_BYTES = 128 << 20


def check_evidence(parsed: Parsed, source, limit: int) -> tuple[dict[str, list], dict[str, tuple]]:
    """Read every evidence file the rows name from `source` (the roster's folder, or its zip) and hash it; a file
    that cannot be kept is a problem at its cell. Returns ({fingerprint: [EvidenceFile]}, {sha256: (a path that
    holds it, its bytes or None)}): bytes are kept up to KEEP_BYTES, and the import reads the rest again as it
    writes them, so that thousands of certificates never sit in memory at once."""
    from jpledger.codes import message
    from jpledger.evidencefile import EvidenceFile, EvidenceProblem, digest, name_of

    files: dict[str, list] = {}
    holders: dict[str, tuple] = {}
    held = 0
    seen: dict[str, object] = {}  # a path many rows name (one certificate for a whole class) is read once
    for fingerprint, cells in parsed.evidence.items():
        kept = []
        for cell in cells:
            for path in cell.paths:
                found = seen.get(path)
                if found is None:
                    try:
                        data = source.read(path, limit)
                        found = EvidenceFile(name_of(path), len(data), digest(data))
                        if found.sha256 not in holders:
                            keep = held + len(data) <= KEEP_BYTES
                            held += len(data) if keep else 0
                            holders[found.sha256] = (path, data if keep else None)
                    except EvidenceProblem as problem:
                        found = problem
                    seen[path] = found
                if isinstance(found, EvidenceProblem):
                    _cell_problem(parsed, cell, "evidence", message(found.code, found.params))
                else:
                    kept.append(found)
        files[fingerprint] = kept
    parsed.problems.sort(key=lambda p: p.order)
    return files, holders


def _cell_problem(parsed: Parsed, cell: EvidenceCell, name: str, message: str) -> None:
    table = parsed.tables[cell.table]
    index = table.columns.get(name)
    column = table.offset + index if index is not None else -1
    address = table.cell(cell.row, index)
    parsed.problems.append(Problem(table.sheet, address, message, (cell.table, cell.row, column)))
    rejected = parsed.rejected.setdefault((cell.table, cell.row), Rejected(cell.table, cell.row, list(cell.cells)))
    rejected.messages.append(f"{address}: {message}")


def _getter(table: Table, name: str) -> Callable[[list], object]:
    """Reads field `name` from a row: its column (through the profile's value map), else the profile's fixed value."""
    index = table.columns.get(name)
    mapping = table.profile.values.get(name)
    fixed = table.profile.fixed.get(name)
    if index is None:
        return lambda cells: fixed
    if mapping is None and fixed is None:
        return itemgetter(index)

    def get(cells: list) -> object:
        value = cells[index]
        if mapping is not None and value is not None and value != "":
            value = mapping.get(value_key(value), value)
        if fixed is not None and read.is_empty(value):
            return fixed
        return value

    return get


def _picker(table: Table, names: tuple[str, ...]) -> Callable[[list], tuple]:
    """Reads fields `names` of a row at once; a field without a column reads as the empty cell every row is
    given at its end (index -1). Profile value maps and fixed values are applied on top."""
    pick = itemgetter(*(table.columns.get(name, -1) for name in names))
    special = [(i, table.profile.values.get(name), table.profile.fixed.get(name)) for i, name in enumerate(names)
               if name in table.profile.values or name in table.profile.fixed]
    if not special:
        return pick

    def read_row(cells: list) -> tuple:
        values = list(pick(cells))
        for i, mapping, fixed in special:
            value = values[i]
            if mapping is not None and value is not None and value != "":
                value = mapping.get(value_key(value), value)
            if fixed is not None and read.is_empty(value):
                value = fixed
            values[i] = value
        return tuple(values)

    return read_row


def _blank_test(table: Table) -> Callable[[list], bool]:
    """True for a row with nothing in any column the table reads (a `No` alone counts as nothing)."""
    indexes = sorted(set(table.columns.values()))
    if len(indexes) == 1:
        only = indexes[0]
        return lambda cells: not cells[only]
    pick = itemgetter(*indexes)
    return lambda cells: not any(pick(cells))


class _Checker:
    def __init__(self, view: LedgerView, parsed: Parsed, tick: Callable[[int], None]):
        self.view = view
        self.policy = view.policy
        self.parsed = parsed
        self.tick = tick
        self.where: list[tuple[int, int]] = []  # (table, row) of each activity row, for the repeats
        self._people: dict[object, tuple[str | None, str | None]] = {}
        self._kinds: dict[object, tuple[object, str | None]] = {}
        self._dates: dict[tuple, tuple[date | None, str | None]] = {}
        # The empty cell is seeded where empty is allowed, so the hot loop needs no test for it.
        self._scopes: dict[object, tuple[bool | None, str | None]] = {"": (False, None), None: (False, None)}
        self._coaches: dict[object, tuple[tuple, str | None]] = {"": ((None, None), None), None: ((None, None), None)}
        self._texts: dict[object, tuple[str | None, str | None]] = {"": (None, None), None: (None, None)}
        self._amounts: dict[tuple, tuple[tuple, list]] = {}
        self._credits: dict[tuple, tuple] = {}
        self._ignored: frozenset[str] = frozenset()
        self._bosses: dict[object, tuple[str | None, str | None]] = {}
        self._headings: dict[str, str] = {}

    # -- problems ------------------------------------------------------------------------------------------

    def problem(self, index: int, table: Table, row: int, cell_index: int | None, message: str,
                cells: list | None) -> None:
        column = table.offset + cell_index if cell_index is not None else -1
        self.parsed.problems.append(Problem(table.sheet, table.cell(row, cell_index), message,
                                            (index, row, column)))
        if cells is not None:
            rejected = self.parsed.rejected.setdefault((index, row), Rejected(index, row, list(cells)))
            rejected.messages.append(f"{table.cell(row, cell_index)}: {message}")

    # -- staff ---------------------------------------------------------------------------------------------

    def staff_table(self, index: int, table: Table) -> None:
        get = {name: _getter(table, name) for name in ("nip", *STAFF_FIELDS)}
        g_nip, g_status, g_rank, g_supervisor = get["nip"], get["status"], get["rank"], get["supervisor"]
        texts = [(name, get[name]) for name in _STAFF_TEXT if name in table.columns or name in table.profile.fixed]
        dates = [(name, get[name]) for name in _STAFF_DATES if name in table.columns or name in table.profile.fixed]
        at = table.columns
        blank = _blank_test(table)
        known = self.view.staff
        staff = self.parsed.staff
        order = table.profile.date_order
        statuses: dict[object, tuple[str | None, str | None]] = {"": (None, None), None: (None, None)}
        ranks: dict[tuple, tuple[str | None, str | None]] = {}
        for number, cells in self._filled_rows(index, table, blank, 2000):
            errors: list[tuple[str, str]] = []
            raw_status = g_status(cells)
            found = statuses.get(raw_status)
            if found is None:
                found = statuses[raw_status] = _try(read.status, raw_status)
            status, message = found
            if message:
                errors.append(("status", message))
            nip = None
            raw_nip = g_nip(cells)
            if read.is_empty(raw_nip):
                errors.append(("nip", _NO_NIP))
            else:
                try:
                    text = read.nip_text(raw_nip)
                    cleaned = clean_nip(text)
                    earlier = staff.get(cleaned)
                    nip = validate_nip(text, status or (earlier.fields.get("status") if earlier else None)
                                       or (known.get(cleaned) or {}).get("status") or "PNS")
                except (CellError, NipError) as exc:
                    errors.append(("nip", str(exc)))
            fields: dict = {"status": status} if status else {}
            for name, getter in texts:
                value = getter(cells)
                if value is not None and value != "":
                    value, message = self._texts.get(value) or self._text(value)
                    if message:
                        errors.append((name, message))
                    elif value:
                        fields[name] = value
            raw_rank = g_rank(cells)
            if raw_rank is not None and raw_rank != "":
                person_status = status or (known.get(nip) or {}).get("status") or "PNS"
                found = ranks.get((raw_rank, person_status))
                if found is None:
                    found = ranks[(raw_rank, person_status)] = _try(read.golongan, raw_rank, person_status)
                if found[1]:
                    errors.append(("rank", found[1]))
                elif found[0]:
                    fields["rank"] = found[0]
            raw_supervisor = g_supervisor(cells)
            if raw_supervisor is not None and raw_supervisor != "":
                boss, message = self._supervisor(raw_supervisor)
                if message:
                    errors.append(("supervisor", message))
                elif boss == nip:
                    errors.append(("supervisor", "a person cannot be their own supervisor"))
                elif boss:
                    fields["supervisor"] = boss
            for name, getter in dates:
                value = getter(cells)
                if not read.is_empty(value):
                    day, message = self._date(value, order, name)
                    if message:
                        errors.append((name, message))
                    else:
                        fields[name] = day
            if nip and not errors:
                errors.extend(self._service(nip, fields))
            if nip and not errors and nip not in known and nip not in staff and "name" not in fields:
                errors.append(("name" if "name" in at else "nip",
                               f"NIP {nip} is not in the ledger yet and this row gives no name; fill in "
                               f"{heading('name')} to add the person"))
            if not errors:
                errors.extend(self._merge_staff(table, number, nip, fields))
            if not errors and isinstance(raw_nip, str):
                # Activities naming this person the same way need no second look at the NIP.
                self._people.setdefault(raw_nip, (nip, None))
            for name, message in errors:
                self.problem(index, table, number, at.get(name), message, cells)

    def _service(self, nip: str, fields: dict) -> list[tuple[str, str]]:
        """The shared rules on the days of service (with what the ledger already knows of the person), and a
        contract's two days."""
        from jpledger.core.people import check_service

        known = self.view.staff.get(nip) or {}
        days = {name: fields.get(name, known.get(name)) for name in ("appointed", "joined", "left")}
        try:
            check_service(nip, days["appointed"], days["joined"], days["left"])
        except UsageError as exc:
            field = next((name for name in ("left", "joined", "appointed") if name in fields), "nip")
            return [(field, str(exc))]
        start, end = fields.get("contract_start"), fields.get("contract_end")
        if (start is None) != (end is None):
            missing = "contract_end" if end is None else "contract_start"
            return [(missing, f"a contract needs both {heading('contract_start')} and {heading('contract_end')}")]
        if start and end and end < start:
            return [("contract_end", f"the contract ends {end}, before it starts {start}")]
        return []

    def _supervisor(self, raw: object) -> tuple[str | None, str | None]:
        """The NIP of a supervisor (atasan); a NIP checked against the supervisor's status where it is known."""
        try:
            return self._bosses[raw]
        except KeyError:
            pass
        try:
            text = read.nip_text(raw)
            cleaned = clean_nip(text)
            row = self.parsed.staff.get(cleaned)
            status = (row.fields.get("status") if row else None) or (self.view.staff.get(cleaned) or {}).get(
                "status")
            found = (validate_nip(text, status), None)
        except CellError as exc:
            found = (None, f"supervisor {exc}")
        except NipError as exc:
            found = (None, str(exc))
        self._bosses[raw] = found
        return found

    def _merge_staff(self, table: Table, number: int, nip: str, fields: dict) -> list[tuple[str, str]]:
        """One person per NIP: a second row for the same NIP may add fields but not contradict the first."""
        earlier = self.parsed.staff.get(nip)
        if earlier is None:
            self.parsed.staff[nip] = StaffRow(nip, fields, (table, number))
            return []
        for name, value in fields.items():
            if name in earlier.fields and earlier.fields[name] != value:
                first_table, first_row = earlier.sources.get(name, earlier.where)
                first = f"{first_table.sheet}!{first_table.cell(first_row, first_table.columns.get(name))}"
                return [(name, f"NIP {nip} is also at {first} with {heading(name)} "
                               f"'{_plain(earlier.fields[name])}', here '{_plain(value)}'; keep one row per person")]
        for name, value in fields.items():
            if name not in earlier.fields:
                earlier.fields[name] = value
                earlier.sources[name] = (table, number)
        return []

    def _filled_rows(self, index: int, table: Table, blank, every: int):
        """The table's rows that hold something, padded to the header's width (a CSV row may stop early).

        Counts them into `parsed.rows` and moves the progress bar every `every` rows.
        """
        width = len(table.headings)
        count = 0
        for number, cells in table.rows:
            if len(cells) < width:
                cells = [*cells, *([""] * (width - len(cells)))]
            if blank(cells):
                continue
            count += 1
            if count % every == 0:
                self.tick(every)
            yield number, cells
        self.tick(count % every)
        self.parsed.rows[index] = count

    # -- activities ----------------------------------------------------------------------------------------

    def activity_table(self, index: int, table: Table) -> None:
        """The hot loop of a national roster: every lookup is cached by the cell's value, so each distinct NIP,
        kind, date, text and quantity is read once, and a row costs a handful of dictionary lookups."""
        pick = _picker(table, ("nip", "kind", "start", "end", "international", "coach", "title", "organizer",
                                "ref", "note"))
        pick_amounts = _picker(table, _QUANTITIES)
        # Part II's columns (mandiri, the coaching journal, evidence) are read only where a sheet has them.
        journal = any(name in table.columns or name in table.profile.fixed for name in _JOURNAL)
        pick_journal = _picker(table, _JOURNAL) if journal else None
        evidence = self.parsed.evidence
        self._headings = {name: " ".join(str(table.headings[i]).split()) for name, i in table.columns.items()}
        self._ignored = table.profile.ignore_unused
        at = table.columns
        blank = _blank_test(table)
        order = table.profile.date_order
        out = self.parsed.activities
        where = self.where
        policy_id = self.view.policy_id
        by_end = self.policy.year_of != "start"  # as Policy.year_of_dates counts a year, without a call a row
        people, kinds, scopes, coaches, texts, amounts = (
            self._people, self._kinds, self._scopes, self._coaches, self._texts, self._amounts)
        # Per table: what a quantity column is called, and which ones the profile passes over, differ by table.
        credits = self._credits = {}
        for number, cells in self._filled_rows(index, table, blank, 5000):
            cells.append("")
            raw_nip, raw_kind, raw_start, raw_end, raw_intl, raw_coach, raw_title, raw_org, raw_ref, raw_note = pick(
                cells)
            errors = []

            nip, message = people.get(raw_nip) or self._person(raw_nip)
            if message:
                errors.append(("nip", message))
            rule, message = kinds.get(raw_kind) or self._kind(raw_kind)
            if message:
                errors.append(("kind", message))
            start = raw_start if type(raw_start) is date else None
            if start is None:
                start, message = self._date(raw_start, order, "start")
                if message:
                    errors.append(("start", message))
            if type(raw_end) is date:
                end = raw_end
            elif raw_end == "" or raw_end is None:
                end = start
            else:
                end, message = self._date(raw_end, order, "end")
                if message:
                    errors.append(("end", message))
            if end is not None and start is not None and end < start:
                errors.append(("end", f"end date {end} is before the start date {start}"))
                end = None
            international, message = scopes.get(raw_intl) or self._scope(raw_intl)
            if message:
                errors.append(("international", message))
            (coach, coach_nip), message = coaches.get(raw_coach) or self._coach(raw_coach)
            if message:
                errors.append(("coach", message))
            title, message = texts.get(raw_title) or self._text(raw_title)
            if message:
                errors.append(("title", message))
            organizer, message = texts.get(raw_org) or self._text(raw_org)
            if message:
                errors.append(("organizer", message))
            # References are mostly unique: read directly rather than filling a cache with them.
            if type(raw_ref) is str and raw_ref[:1] != "#":
                ref = " ".join(raw_ref.split()) or None
            else:
                ref, message = texts.get(raw_ref) or self._text(raw_ref)
                if message:
                    errors.append(("ref", message))
            note, message = texts.get(raw_note) or self._text(raw_note)
            if message:
                errors.append(("note", message))
            raw_amounts = pick_amounts(cells)
            if not errors:
                # The credit depends only on the kind, the scope, the number of days and the quantity cells.
                key = (rule.key, international, (end - start).days, raw_amounts)
                found = credits.get(key) or self._credit(rule, international, raw_amounts, key)
                credit, credit_errors = found
                if credit_errors:
                    errors.extend(credit_errors)
            else:
                errors.extend((amounts.get(raw_amounts) or self._amounts_of(raw_amounts))[1])
            if errors:
                for name, message in errors:
                    self.problem(index, table, number, at.get(name), message, cells[:-1])
                continue

            extra = {}
            named = None
            if pick_journal is not None:
                raws = pick_journal(cells)
                extra, journal_errors = self._journal(raws, order)
                if journal_errors:
                    for name, message in journal_errors:
                        self.problem(index, table, number, at.get(name), message, cells[:-1])
                    continue
                if extra.pop("evidence"):
                    named, links = split_cell(raw_evidence(raws))
                    if links:
                        # A link (a Google Form's upload answer) cannot be kept inside the ledger; it is not dropped
                        # either: it becomes the reference, or joins the note when the row has a reference.
                        self.parsed.links += len(links)
                        text = " ".join(links)
                        if ref is None:
                            ref = text
                        else:
                            note = f"{note} {text}" if note else text
            credited, sessions, minutes, days = credit
            out.append(entry(policy_id, rule, credited, end.year if by_end else start.year, nip, title, start, end,
                             international, coach, coach_nip, organizer, ref, note, sessions, minutes, days,
                             **extra))
            where.append((index, number))
            if named:
                evidence.setdefault(out[-1].fingerprint, []).append(EvidenceCell(named, index, number, cells[:-1]))

    def _journal(self, raws: tuple, order: str) -> tuple[dict, list[tuple[str, str]]]:
        """Mandiri (yes/no), the coaching journal's goal, actions and follow-up day, and whether evidence is named."""
        raw_mandiri, raw_goal, raw_actions, raw_follow_up, raw_evidence = raws
        values: dict = {}
        errors: list[tuple[str, str]] = []
        if not read.is_empty(raw_mandiri):
            mandiri, message = self._scopes.get(("mandiri", raw_mandiri)) or self._yes_no(raw_mandiri)
            if message:
                errors.append(("mandiri", message))
            values["mandiri"] = bool(mandiri)
        for name, raw in (("goal", raw_goal), ("actions", raw_actions)):
            text, message = self._texts.get(raw) or self._text(raw)
            if message:
                errors.append((name, message))
            values[name] = text
        if not read.is_empty(raw_follow_up):
            day, message = self._date(raw_follow_up, order, "follow_up")
            if message:
                errors.append(("follow_up", message))
            values["follow_up"] = day
        values["evidence"] = not read.is_empty(raw_evidence)
        return values, errors

    def _yes_no(self, raw: object) -> tuple[bool | None, str | None]:
        found = self._scopes[("mandiri", raw)] = _try(read.yes_no, raw)
        return found

    def _person(self, raw: object) -> tuple[str | None, str | None]:
        """(NIP, None) for someone in the ledger or in a staff sheet of the file, else (None, problem)."""
        try:
            return self._people[raw]
        except KeyError:
            pass
        except TypeError:  # an unhashable cell cannot be cached, and cannot be a NIP either
            return None, f"NIP {read.shown(raw)} is not text"
        if read.is_empty(raw):
            found = (None, _NO_NIP)
        else:
            try:
                text = read.nip_text(raw)
                cleaned = clean_nip(text)
                status = self._status_of(cleaned)
                nip = validate_nip(text, status)
                found = (nip, None) if status else (None, f"NIP {nip} is not in the ledger or in a staff sheet of "
                                                          f"this file; {_ADD_PERSON.format(nip=nip)}")
            except (CellError, NipError) as exc:
                found = (None, str(exc))
        self._people[raw] = found
        return found

    def _status_of(self, nip: str) -> str | None:
        row = self.parsed.staff.get(nip)
        current = self.view.staff.get(nip)
        if row is None and current is None:
            return None
        return (row.fields.get("status") if row else None) or (current or {}).get("status") or "PNS"

    def _name_of(self, nip: str) -> str | None:
        row = self.parsed.staff.get(nip)
        return (row.fields.get("name") if row else None) or (self.view.staff.get(nip) or {}).get("name")

    def _kind(self, raw: object):
        try:
            return self._kinds[raw]
        except (KeyError, TypeError):
            pass
        if read.is_empty(raw):
            found = (None, f"{heading('kind')} is empty; write the kind's code (B3), key or label")
        else:
            try:
                found = (self.policy.kind(" ".join(str(raw).split())), None)
            except UsageError:
                found = (None, f"unknown kind '{read.shown(raw)}'; write a code such as B3 or C1, a key or a label "
                               "(`jpledger policy show` lists them)")
        self._kinds[raw] = found
        return found

    def _date(self, raw: object, order: str, name: str) -> tuple[date | None, str | None]:
        kind = type(raw)
        if kind is date:
            return raw, None
        if kind is datetime:
            return raw.date(), None
        if read.is_empty(raw):
            return None, f"{heading(name)} is empty"
        key = (raw, order)
        try:
            day, message = self._dates[key]
        except KeyError:
            try:
                day, message = read.date_value(raw, order), None
            except CellError as exc:
                day, message = None, str(exc)
            self._dates[key] = (day, message)
        if message:
            return None, f"{name} date {message}"
        return day, None

    def _amounts_of(self, raws: tuple) -> tuple[tuple, list]:
        """The quantity columns (JP, minutes, days, sessions, semesters) of a row, read as one."""
        values, errors = [], []
        for name, raw in zip(_QUANTITIES, raws):
            if raw is None or raw == "":
                values.append(None)
                continue
            try:
                values.append(read.number(raw, whole=name not in ("jp", "minutes")))
            except CellError as exc:
                values.append(None)
                errors.append((name, str(exc)))
        found = (tuple(values), errors)
        self._amounts[raws] = found
        return found

    def _text(self, raw: object) -> tuple[str | None, str | None]:
        found = self._texts[raw] = _try(read.text, raw)
        return found

    def _scope(self, raw: object) -> tuple[bool | None, str | None]:
        found = self._scopes[raw] = _try(read.scope, raw)
        return found

    def _coach(self, raw: object) -> tuple[tuple | None, str | None]:
        """A coach or mentor: a NIP of someone in the ledger or the file (kept with their name), or a name."""
        try:
            if not isinstance(raw, str):
                read.nip_text(raw)
            text = " ".join(raw.split())
            digits = clean_nip(text) if any(ch.isdigit() for ch in text) else ""
            if digits.isdigit():
                status = self._status_of(digits)
                nip = validate_nip(text, status)
                if status is None:
                    raise CellError(f"coach NIP {nip} is not in the ledger or in a staff sheet of this file; "
                                    "add the person, or write the coach's name instead")
                found = ((self._name_of(nip) or nip, nip), None)
            else:
                found = ((text, None), None)
        except (CellError, NipError) as exc:
            found = ((None, None), f"coach {exc}" if str(exc).startswith("NIP") else str(exc))
        self._coaches[raw] = found
        return found

    def _credit(self, rule, international: bool, raw_amounts: tuple, key: tuple) -> tuple[tuple | None, list]:
        """((Amounts, sessions, minutes, days), []) for a row's kind, scope, days and quantity cells, or
        (None, [(column, problem) ...])."""
        quantities, errors = self._amounts.get(raw_amounts) or self._amounts_of(raw_amounts)
        if errors:
            return None, errors
        span = key[2]
        given = {name: value for name, value in zip(_QUANTITIES, quantities) if value is not None}
        unit = rule.unit
        column = self._column
        for name in list(given):
            if name not in _UNIT_TAKES[unit]:
                if name in self._ignored:  # the profile says this layout fills the column for every kind
                    del given[name]
                    continue
                return None, [(name, f"{rule.label} ({rule.code}) is counted in {_UNIT_WORDS[unit]}, so "
                                     f"{column(name)} must be empty")]
        if unit == "jp" and "jp" in given and "minutes" in given:
            return None, [("minutes", f"give {column('jp')} or {column('minutes')}, not both")]
        if unit == "jp" and "jp" not in given and "minutes" not in given:
            return None, [("jp", f"{rule.label} ({rule.code}) is counted in JP: fill in {column('jp')}"
                                 + (f" (or {column('minutes')})" if self._headings.get("minutes") else ""))]
        if unit == "minute" and "minutes" not in given:
            return None, [("minutes", f"{rule.label} ({rule.code}) is counted in minutes: fill in "
                                      f"{column('minutes')}")]
        from datetime import timedelta

        from jpledger.core.entries import credit_amounts

        # Only the number of days between start and end matters to the credit, so any start will do.
        first = date(2000, 1, 1)
        try:
            amounts = credit_amounts(self.policy, rule, start=first, end=first + timedelta(days=span),
                                     international=international, jp=given.get("jp"),
                                     minutes=given.get("minutes") if unit != "session" else None,
                                     days=int(given["days"]) if "days" in given else None,
                                     sessions=int(given["sessions"]) if "sessions" in given else None,
                                     semesters=int(given["semesters"]) if "semesters" in given else None)
        except UsageError as exc:
            return None, [("kind", str(exc))]
        sessions = int(given["sessions"]) if "sessions" in given else (1 if unit == "session" else None)
        found = ((amounts, sessions, int(given["minutes"]) if "minutes" in given else None,
                  int(given["days"]) if "days" in given else None), [])
        self._credits[key] = found
        return found

    def _column(self, name: str) -> str:
        """A column as the sheet heads it (`Jumlah JP`), else by jpledger's heading."""
        return self._headings.get(name) or heading(name)

    def drop_repeats(self) -> None:
        """A row that repeats an earlier row of the file exactly (same fingerprint) is imported once."""
        seen: dict[str, tuple[int, int]] = {}
        kept = []
        for row, where in zip(self.parsed.activities, self.where):
            first = seen.setdefault(row.fingerprint, where)
            if first is where:
                kept.append(row)
            else:
                self.parsed.repeats.append(f"{self._address(where)}: the same activity as "
                                           f"{self._address(first)}; imported once")
        if len(kept) < len(self.parsed.activities):
            self.parsed.activities = kept

    def _address(self, where: tuple[int, int]) -> str:
        table = self.parsed.tables[where[0]]
        return f"{table.sheet}!{table.cell(where[1], table.columns.get('nip'))}"


def _try(reader: Callable, *args) -> tuple[object, str | None]:
    """(value, None) or (None, the cell's problem)."""
    try:
        return reader(*args), None
    except CellError as exc:
        return None, str(exc)


def _plain(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
