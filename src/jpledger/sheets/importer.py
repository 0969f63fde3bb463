"""Checking a roster: every row read into typed records (people, ledger entries, history, contracts, units) or
cell-addressed problems.

Nothing here prints or touches the store: `app/imports.py` plans the records against the ledger and writes them.
A problem is a coded message (`codes.MESSAGES`), worded when a person reads it: on the terminal in their language,
in the errors workbook in the workbook's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Callable

from jpledger.codes import Phrase
from jpledger.core.entries import Amounts, Entry, entry
from jpledger.core.nip import NipError, clean_nip, looks_like_pppk, validate_nip
from jpledger.core.people import HISTORY_FIELDS
from jpledger.errors import JPLedgerError, UsageError
from jpledger.evidencefile import split_cell
from jpledger.sheets import cells as read
from jpledger.sheets.cells import CellError
from jpledger.sheets.profile import QUANTITIES as _QUANTITIES
from jpledger.sheets.profile import STAFF_FIELDS as _STAFF_COLUMNS
from jpledger.sheets.profile import value_key
from jpledger.sheets.reader import Reading, Said, Table, heading

STAFF_FIELDS = tuple(name for name in _STAFF_COLUMNS if name != "nip")
_STAFF_TEXT = ("name", "unit", "unit_code", "parent_unit", "position", "agency", "leave_reason", "contract_ref")
_STAFF_DATES = ("appointed", "joined", "left", "effective_from", "contract_start", "contract_end")
_JOURNAL = ("mandiri", "goal", "actions", "follow_up", "evidence")
# What an export's activity rows carry besides a roster's: the credit as it stood, and the verification.
_EXPORTED = ("credited", "rate", "month_cap", "verification", "verified_by", "verified_at", "verify_note",
             "reject_reason")


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
_UNIT_WORDS = {"jp": "UNIT_JP", "minute": "UNIT_MINUTES", "day": "UNIT_DAYS", "session": "UNIT_SESSIONS",
               "occurrence": "UNIT_OCCURRENCES", "semester": "UNIT_SEMESTERS"}
# A kind counted in these has a credit of its own to compare a JP column with.
_UNIT_COUNTED = {"minute": "UNIT_MINUTE", "day": "UNIT_DAY", "session": "UNIT_SESSION",
                 "occurrence": "UNIT_OCCURRENCE", "semester": "UNIT_SEMESTER"}
_NO_NIP: Said = ("ROW_NO_NIP", {})


def said(error: JPLedgerError) -> Said:
    """A coded error as a problem of a cell."""
    return error.code, error.params


@dataclass
class Scope:
    """What an officer kept to some units (PostgreSQL) may name in a roster."""

    mine: frozenset[str]  # the codes of their units and every unit below them
    hidden: Callable[[str], bool]  # whether a NIP they cannot see is in the ledger (outside their units)


@dataclass
class LedgerView:
    """What checking a roster needs to know of the ledger, read once before the file."""

    policy_id: int
    policy: object
    staff: dict[str, dict]  # NIP -> STAFF_FIELDS of everyone in the ledger (everyone the reader may see)
    contracts: dict[str, list[tuple]] = field(default_factory=dict)  # NIP -> (start, end, ref) in the ledger
    units: list[tuple[str, str]] = field(default_factory=list)  # (code, name) of every unit
    scope: Scope | None = None  # an officer's limits; None for everyone else
    today: date | None = None  # an activity ending more than a year after it is refused
    policy_text: str = ""  # the policy's text as stored, to tell an export's policy from it
    empty: bool = True  # no activities yet: an export's policy may be put in use


@dataclass
class Problem:
    sheet: str
    cell: str
    code: str
    params: dict = field(default_factory=dict)
    order: tuple = ()

    @property
    def message(self) -> str:
        from jpledger.codes import message

        return message(self.code, self.params)

    def line(self, shown: str) -> str:
        return f"{shown}:{self.sheet}!{self.cell}: {self.message}"


@dataclass
class StaffRow:
    nip: str
    fields: dict  # only the fields the rows for this NIP fill in
    where: tuple  # (table index, row) of the first row
    sources: dict[str, tuple] = field(default_factory=dict)  # field -> (table index, row), where a later row added it


@dataclass
class HistoryRow:
    """One value of a person over time: `field` holds `value` from `since` on (a unit as the file names it)."""

    nip: str
    field: str
    value: str | None
    since: date
    where: tuple  # (table index, row)


@dataclass
class ContractRow:
    nip: str
    start: date
    end: date
    ref: str | None
    where: tuple  # (table index, row)


@dataclass
class UnitRow:
    code: str
    name: str
    parent: str | None
    where: tuple  # (table index, row)


@dataclass
class Rejected:
    """A row with problems, as it stands in the file, for the errors workbook."""

    table: int
    row: int
    cells: list
    messages: list[tuple[str, str, dict]] = field(default_factory=list)  # (cell, code, params)


@dataclass
class Parsed:
    tables: list[Table]
    notes: list[Said]
    policy_id: int
    staff: dict[str, StaffRow] = field(default_factory=dict)
    activities: list[Entry] = field(default_factory=list)
    repeats: list[Said] = field(default_factory=list)  # rows that repeat an earlier row
    # An entry's fingerprint -> the rows naming its evidence files (a repeated row may name more); reading the
    # files is `check_evidence`'s.
    evidence: dict[str, list[EvidenceCell]] = field(default_factory=dict)
    links: int = 0  # evidence cells holding a link, kept as the entry's reference
    origin: dict[str, tuple[int, int]] = field(default_factory=dict)  # an entry's fingerprint -> (table, row)
    history: list[HistoryRow] = field(default_factory=list)
    contracts: list[ContractRow] = field(default_factory=list)
    units: dict[str, UnitRow] = field(default_factory=dict)  # code -> the units sheet's row
    # From a jpledger export: an entry's fingerprint -> (verification, by, at, note, reject reason).
    verification: dict[str, tuple] = field(default_factory=dict)
    export: dict | None = None  # what the export's own sheet says (its policy), when the file is one
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # what is kept, but said (a supervisor not in the ledger)
    rejected: dict[tuple[int, int], Rejected] = field(default_factory=dict)
    rows: dict[int, int] = field(default_factory=dict)  # table index -> data rows read

    def unused(self) -> list[dict]:
        """Every column the import leaves out: {"sheet", "column", "heading"}."""
        return [{"sheet": table.sheet, **column} for table in self.tables for column in table.unused_columns()]

    def problem(self, index: int, row: int, name: str | None, message: Said, cells: list | None = None) -> None:
        """A problem of the cell of field `name` in row `row` of table `index` (the row alone without a field)."""
        table = self.tables[index]
        cell_index = table.columns.get(name) if name else None
        column = table.offset + cell_index if cell_index is not None else -1
        cell = table.cell(row, cell_index)
        code, params = message
        self.problems.append(Problem(table.sheet, cell, code, params, (index, row, column)))
        if cells is not None:
            rejected = self.rejected.setdefault((index, row), Rejected(index, row, list(cells)))
            rejected.messages.append((cell, code, params))

    def sort(self) -> None:
        self.problems.sort(key=lambda p: p.order)


# --- checking the rows ---------------------------------------------------------------------------------------

def check(reading: Reading, view: LedgerView, tick: Callable[[int], None] | None = None,
          found: Callable[[Table], None] | None = None) -> Parsed:
    """Every row of every table read into ledger rows or problems.

    Staff and units tables are checked first, so other tables may name people and units the same file adds;
    they are checked as soon as they are read, while later sheets are still loading.
    """
    parsed = Parsed(reading.tables, reading.notes, view.policy_id, export=reading.export)
    checker = _Checker(view, parsed, tick or (lambda n: None))
    later = []
    for index, table in reading.each():
        if found is not None:
            found(table)
        for row, cell_index, message in table.problems:
            column = table.offset + cell_index if cell_index is not None else -1
            parsed.problems.append(Problem(table.sheet, table.cell(row, cell_index), *message, (index, row, column)))
        if table.kind == "staff":
            checker.staff_table(index, table)
        elif table.kind == "units":
            checker.unit_table(index, table)
        else:
            later.append((index, table))
    for kind in ("history", "contracts", "activities"):
        for index, table in later:
            if table.kind == kind:
                getattr(checker, f"{kind}_table")(index, table)
    checker.drop_repeats()
    checker.unknown_supervisors()
    checker.units_for_new_people()
    parsed.sort()
    return parsed


# Bytes of evidence an import holds in memory from checking them to writing them; files past it are read again.
KEEP_BYTES = 128 << 20


def check_evidence(parsed: Parsed, source, limit: int) -> tuple[dict[str, list], dict[str, tuple]]:
    """Read every evidence file the rows name from `source` (the roster's folder, or its zip) and hash it; a file
    that cannot be kept is a problem at its cell. Returns ({fingerprint: [EvidenceFile]}, {sha256: (a path that
    holds it, its bytes or None)}): bytes are kept up to KEEP_BYTES, and the import reads the rest again as it
    writes them, so that thousands of certificates never sit in memory at once."""
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
                    parsed.problem(cell.table, cell.row, "evidence", (found.code, found.params), cell.cells)
                else:
                    kept.append(found)
        files[fingerprint] = kept
    parsed.sort()
    return files, holders


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
        self._people: dict[object, tuple[str | None, Said | None]] = {}
        self._kinds: dict[object, tuple[object, Said | None]] = {}
        self._dates: dict[tuple, tuple[date | None, Said | None]] = {}
        # The empty cell is seeded where empty is allowed, so the hot loop needs no test for it.
        self._scopes: dict[object, tuple[bool | None, Said | None]] = {"": (False, None), None: (False, None)}
        self._coaches: dict[object, tuple[tuple, Said | None]] = {"": ((None, None), None), None: ((None, None), None)}
        self._texts: dict[object, tuple[str | None, Said | None]] = {"": (None, None), None: (None, None)}
        self._amounts: dict[tuple, tuple[tuple, list]] = {}
        self._credits: dict[tuple, tuple] = {}
        self._ignored: frozenset[str] = frozenset()
        self._bosses: dict[object, tuple[str | None, Said | None]] = {}
        self._headings: dict[str, str] = {}
        self._as_given = False
        self._bounds: dict[str, tuple[date, date]] = {}  # NIP -> the days its activities must lie within
        self._unit_codes = {code.lower(): code for code, _ in view.units}
        self._unit_names: dict[str, list[str]] = {}
        for code, name in view.units:
            self._unit_names.setdefault(name.lower(), []).append(code)
        self._unit_checks: dict[str, Said | None] = {}

    def problem(self, index: int, table: Table, row: int, name: str | None, message: Said,
                cells: list | None) -> None:
        self.parsed.problem(index, row, name, message, cells)

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
        statuses: dict[object, tuple[str | None, Said | None]] = {"": (None, None), None: (None, None)}
        ranks: dict[tuple, tuple[str | None, Said | None]] = {}
        for number, cells in self._filled_rows(index, table, blank, 2000):
            errors: list[tuple[str, Said]] = []
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
                    said_status = status or (earlier.fields.get("status") if earlier else None) or (
                        known.get(cleaned) or {}).get("status")
                    try:
                        nip = validate_nip(text, said_status or "PNS")
                    except NipError:
                        if said_status is None and not message and looks_like_pppk(text):
                            raise CellError("ROW_NIP_LOOKS_PPPK", nip=cleaned, digits=cleaned[8:14],
                                            column=self._heading_in(table, "status")) from None
                        raise
                except (CellError, NipError) as exc:
                    errors.append(("nip", said(exc)))
            if nip and self.view.scope is not None and nip not in known and self.view.scope.hidden(nip):
                # Someone in the ledger whom this officer may not see: that is the one thing to say of the row.
                self.problem(index, table, number, "nip", ("IMPORT_STAFF_OUTSIDE", {"nip": nip}), cells)
                continue
            fields: dict = {"status": status} if status else {}
            for name, getter in texts:
                value = getter(cells)
                if value is not None and value != "":
                    value, message = self._texts.get(value) or self._text(value)
                    if message:
                        errors.append((name, message))
                    elif value:
                        fields[name] = value
            if "unit" in fields:
                unit_text = fields["unit"]
                problem = (self._unit_checks[unit_text] if unit_text in self._unit_checks
                           else self._unit(unit_text))
                if problem:
                    errors.append(("unit", problem))
            raw_rank = g_rank(cells)
            person_status = status or (known.get(nip) or {}).get("status") or "PNS"
            if raw_rank is not None and raw_rank != "":
                found = ranks.get((raw_rank, person_status))
                if found is None:
                    found = ranks[(raw_rank, person_status)] = _try(read.golongan, raw_rank, person_status)
                if found[1]:
                    errors.append(("rank", found[1]))
                elif found[0]:
                    fields["rank"] = found[0]
            elif status and nip in known and known[nip].get("rank") and known[nip].get("status") != status:
                # A new status is checked against the golongan the person keeps, as `staff update` does.
                try:
                    read.golongan(known[nip]["rank"], status)
                except CellError as exc:
                    errors.append(("status", ("ROW_RANK_FOR_NEW_STATUS", {
                        "column": self._heading_in(table, "status"), "status": status,
                        "problem": _phrase(said(exc))})))
            raw_supervisor = g_supervisor(cells)
            if raw_supervisor is not None and raw_supervisor != "":
                boss, message = self._supervisor(raw_supervisor)
                if message:
                    errors.append(("supervisor", message))
                elif boss == nip:
                    errors.append(("supervisor", ("OWN_SUPERVISOR_OF", {})))
                elif boss:
                    fields["supervisor"] = boss
            for name, getter in dates:
                value = getter(cells)
                if not read.is_empty(value):
                    day, message = self._date(value, order, name, table)
                    if message:
                        errors.append((name, message))
                    else:
                        fields[name] = day
            if nip and not errors:
                errors.extend(self._service(nip, fields, person_status, table))
            if nip and not errors and nip not in known and nip not in staff and "name" not in fields:
                errors.append(("name" if "name" in at else "nip",
                               ("ROW_NEEDS_NAME", {"nip": nip, "column": self._heading_in(table, "name")})))
            if not errors:
                errors.extend(self._merge_staff(index, number, nip, fields))
            if not errors and "contract_start" in fields:
                self.parsed.contracts.append(ContractRow(nip, fields["contract_start"], fields["contract_end"],
                                                         fields.get("contract_ref"), (index, number)))
            if not errors and isinstance(raw_nip, str):
                # Activities naming this person the same way need no second look at the NIP.
                self._people.setdefault(raw_nip, (nip, None))
            for name, message in errors:
                self.problem(index, table, number, name, message, cells)

    def _unit(self, text: str) -> Said | None:
        """The problem with a staff row's unit, if any: a name several units share, and for an officer a unit
        outside theirs or one the ledger does not have (only admins add units)."""
        wanted = text.lower()
        code = self._unit_codes.get(wanted)
        problem = None
        if code is None:
            named = self._unit_names.get(wanted, [])
            if len(named) > 1:
                problem = ("IMPORT_UNIT_AMBIGUOUS", {"unit": text, "codes": ", ".join(sorted(named))})
            code = named[0] if len(named) == 1 else None
        scope = self.view.scope
        if problem is None and scope is not None:
            if code is None and text not in self.parsed.units:
                problem = ("IMPORT_UNIT_NOT_FOUND", {"unit": text})
            elif code is not None and code not in scope.mine:
                problem = ("IMPORT_UNIT_OUTSIDE", {"unit": text, "code": code})
        self._unit_checks[text] = problem
        return problem

    def units_for_new_people(self) -> None:
        """An officer's new people each need one of their units: someone with no unit would be nobody's."""
        if self.view.scope is None:
            return
        for nip, row in self.parsed.staff.items():
            if nip not in self.view.staff and not row.fields.get("unit"):
                index, number = row.where
                table = self.parsed.tables[index]
                self.parsed.problem(index, number, "unit" if "unit" in table.columns else "nip",
                                    ("IMPORT_UNIT_NEEDED", {"nip": nip, "column": self._heading_in(table, "unit")}))

    @staticmethod
    def _heading_in(table: Table, name: str) -> str:
        """A column as the sheet heads it, else by jpledger's heading."""
        index = table.columns.get(name)
        return " ".join(str(table.headings[index]).split()) if index is not None else heading(name)

    def _service(self, nip: str, fields: dict, status: str, table: Table) -> list[tuple[str, Said]]:
        """The shared rules on the days of service (with what the ledger already knows of the person, and the
        start of service `staff add` would derive), and a contract's two days."""
        from jpledger.core.employment import derived_appointed
        from jpledger.core.people import check_service

        known = self.view.staff.get(nip) or {}
        days = {name: fields.get(name, known.get(name)) for name in ("appointed", "joined", "left")}
        if days["appointed"] is None and not known:
            days["appointed"] = derived_appointed(nip, status, fields.get("contract_start"))
        try:
            check_service(nip, days["appointed"], days["joined"], days["left"])
        except UsageError as exc:
            name = next((name for name in ("left", "joined", "appointed") if name in fields), "nip")
            return [(name, said(exc))]
        start, end = fields.get("contract_start"), fields.get("contract_end")
        if (start is None) != (end is None):
            missing = "contract_end" if end is None else "contract_start"
            return [(missing, ("ROW_CONTRACT_BOTH", {"start": self._heading_in(table, "contract_start"),
                                                     "end": self._heading_in(table, "contract_end")}))]
        if start and end and end < start:
            return [("contract_end", ("ROW_CONTRACT_ENDS_FIRST", {"end": end, "start": start}))]
        if start and end:
            from jpledger.core.employment import contract_clash

            ledger = [c for c in self.view.contracts.get(nip, ()) if (c[0], c[1]) != (start, end)]
            clash = contract_clash(start, end, ledger)
            if clash is not None:
                # The same contract again is a re-import and adds nothing; another that shares a day is refused.
                return [("contract_start", ("CONTRACT_OVERLAPS", {"nip": nip, "start": clash[0], "end": clash[1]}))]
        return []

    def _supervisor(self, raw: object) -> tuple[str | None, Said | None]:
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
            found = (None, ("ROW_SUPERVISOR", {"problem": _phrase(said(exc))}))
        except NipError as exc:
            found = (None, said(exc))
        self._bosses[raw] = found
        return found

    def _merge_staff(self, index: int, number: int, nip: str, fields: dict) -> list[tuple[str, Said]]:
        """One person per NIP: a second row for the same NIP may add fields but not contradict the first."""
        earlier = self.parsed.staff.get(nip)
        if earlier is None:
            self.parsed.staff[nip] = StaffRow(nip, fields, (index, number))
            return []
        for name, value in fields.items():
            if name in earlier.fields and earlier.fields[name] != value:
                first_index, first_row = earlier.sources.get(name, earlier.where)
                first_table = self.parsed.tables[first_index]
                first = f"{first_table.sheet}!{first_table.cell(first_row, first_table.columns.get(name))}"
                return [(name, ("ROW_SAME_PERSON_DIFFERS", {
                    "nip": nip, "first": first, "column": heading(name), "old": _plain(earlier.fields[name]),
                    "new": _plain(value)}))]
        for name, value in fields.items():
            if name not in earlier.fields:
                earlier.fields[name] = value
                earlier.sources[name] = (index, number)
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

    # -- units, history, contracts --------------------------------------------------------------------------

    def unit_table(self, index: int, table: Table) -> None:
        """Units by code and name, each under the unit its parent code names (or at the top)."""
        get = _picker(table, ("code", "name", "parent"))
        units = self.parsed.units
        for number, cells in self._filled_rows(index, table, _blank_test(table), 2000):
            cells.append("")
            values, errors = {}, []
            for name, raw in zip(("code", "name", "parent"), get(cells)):
                value, message = self._texts.get(raw) or self._text(raw)
                if message:
                    errors.append((name, message))
                values[name] = value
            if not errors and not values["code"]:
                errors.append(("code", ("ROW_EMPTY", {"column": self._heading_in(table, "code")})))
            if not errors and values["code"] in units:
                first = units[values["code"]]
                if (first.name, first.parent) != (values["name"] or values["code"], values["parent"]):
                    errors.append(("code", ("HEADER_TWICE", {"column": values["code"]})))
            if errors:
                for name, message in errors:
                    self.problem(index, table, number, name, message, cells[:-1])
                continue
            units[values["code"]] = UnitRow(values["code"], values["name"] or values["code"], values["parent"],
                                            (index, number))

    def history_table(self, index: int, table: Table) -> None:
        """A person's values over time: which field, its value, and the day it holds from."""
        from jpledger.sheets.columns import STAFF_ALIASES, header_key

        get = _picker(table, ("nip", "field", "value", "valid_from"))
        order = table.profile.date_order
        fields = {header_key(name): name for name in HISTORY_FIELDS}
        rows: list[HistoryRow] = []
        for number, cells in self._filled_rows(index, table, _blank_test(table), 2000):
            cells.append("")
            raw_nip, raw_field, raw_value, raw_since = get(cells)
            errors: list[tuple[str, Said]] = []
            nip, message = self._person(raw_nip)
            if message:
                errors.append(("nip", message))
            key = header_key(raw_field)
            name = fields.get(key) or STAFF_ALIASES.get(key)
            if name not in HISTORY_FIELDS:
                errors.append(("field", ("CELL_NOT_A_FIELD", {"value": read.shown(raw_field),
                                                              "fields": ", ".join(HISTORY_FIELDS)})))
            since, message = self._date(raw_since, order, "valid_from", table)
            if message:
                errors.append(("valid_from", message))
            value = None
            if not errors and not read.is_empty(raw_value):
                value, message = self._history_value(name, nip, raw_value)
                if message:
                    errors.append(("value", message))
            elif not errors and name == "status":
                errors.append(("value", ("ROW_EMPTY", {"column": self._heading_in(table, "value")})))
            if errors:
                for field_name, message in errors:
                    self.problem(index, table, number, field_name, message, cells[:-1])
                continue
            rows.append(HistoryRow(nip, name, value, since, (index, number)))
        self._check_ranks(rows)
        self.parsed.history.extend(rows)

    def _history_value(self, name: str, nip: str, raw: object) -> tuple[str | None, Said | None]:
        if name == "status":
            return _try(read.status, raw)
        if name == "rank":
            return _try(read.golongan, raw, None)
        if name == "supervisor":
            boss, message = self._supervisor(raw)
            if not message and boss == nip:
                return None, ("OWN_SUPERVISOR_OF", {})
            return boss, message
        return self._texts.get(raw) or self._text(raw)

    def _check_ranks(self, rows: list[HistoryRow]) -> None:
        """Each golongan of a history against the status the person had on its day, as `staff update` checks."""
        from jpledger.core.people import rank_for

        statuses: dict[str, list[tuple[date, str]]] = {}
        for row in rows:
            if row.field == "status":
                statuses.setdefault(row.nip, []).append((row.since, row.value))
        for row in rows:
            if row.field != "rank" or row.value is None:
                continue
            held = sorted(statuses.get(row.nip, []))
            status = next((s for since, s in reversed(held) if since <= row.since), None) or self._status_of(row.nip)
            try:
                rank_for(row.value, status)
            except UsageError as exc:
                self.parsed.problem(*row.where, "value", ("ROW_HISTORY_STATUS_RANK", {
                    "problem": _phrase(said(exc)), "day": row.since, "status": status}))

    def contracts_table(self, index: int, table: Table) -> None:
        """PPPK work agreements, several a person."""
        get = _picker(table, ("nip", "contract_start", "contract_end", "contract_ref"))
        order = table.profile.date_order
        for number, cells in self._filled_rows(index, table, _blank_test(table), 2000):
            cells.append("")
            raw_nip, raw_start, raw_end, raw_ref = get(cells)
            errors: list[tuple[str, Said]] = []
            nip, message = self._person(raw_nip)
            if message:
                errors.append(("nip", message))
            start, message = self._date(raw_start, order, "contract_start", table)
            if message:
                errors.append(("contract_start", message))
            end, message = self._date(raw_end, order, "contract_end", table)
            if message:
                errors.append(("contract_end", message))
            ref, message = self._texts.get(raw_ref) or self._text(raw_ref)
            if message:
                errors.append(("contract_ref", message))
            if start and end and end < start:
                errors.append(("contract_end", ("ROW_CONTRACT_ENDS_FIRST", {"end": end, "start": start})))
            if errors:
                for name, message in errors:
                    self.problem(index, table, number, name, message, cells[:-1])
                continue
            self.parsed.contracts.append(ContractRow(nip, start, end, ref, (index, number)))

    # -- activities ----------------------------------------------------------------------------------------

    def activities_table(self, index: int, table: Table) -> None:
        """The hot loop of a national roster: every lookup is cached by the cell's value, so each distinct NIP,
        kind, date, text and quantity is read once, and a row costs a handful of dictionary lookups."""
        pick = _picker(table, ("nip", "kind", "start", "end", "international", "coach", "title", "organizer",
                                "ref", "note"))
        pick_amounts = _picker(table, _QUANTITIES)
        # Part II's columns (mandiri, the coaching journal, evidence) are read only where a sheet has them.
        journal = any(name in table.columns or name in table.profile.fixed for name in _JOURNAL)
        pick_journal = _picker(table, _JOURNAL) if journal else None
        # An export's own columns: the credit as it stood, the rate and cap it was credited under, verification.
        exported = self.parsed.export is not None and "credited" in table.columns
        pick_exported = _picker(table, _EXPORTED) if exported else None
        verification = self.parsed.verification
        evidence = self.parsed.evidence
        self._headings = {name: " ".join(str(table.headings[i]).split()) for name, i in table.columns.items()}
        self._ignored = table.profile.ignore_unused
        self._as_given = table.profile.jp == "as_given"
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
        problem = self.parsed.problem
        bounds = self._bounds  # NIP -> the days its activities may lie within, filled by _days
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
                start, message = self._date(raw_start, order, "start", table)
                if message:
                    errors.append(("start", message))
            if type(raw_end) is date:
                end = raw_end
            elif raw_end == "" or raw_end is None:
                end = start
            else:
                end, message = self._date(raw_end, order, "end", table)
                if message:
                    errors.append(("end", message))
            if end is not None and start is not None and end < start:
                errors.append(("end", ("ROW_END_BEFORE_START", {"end": end, "start": start})))
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
            if not errors and nip and start and end:
                within = bounds.get(nip)
                if within is None or not (within[0] <= start and end <= within[1]):
                    errors.extend(self._days(nip, start, end))
            if not errors:
                # The credit depends only on the kind, the scope, the number of days and the quantity cells.
                key = (rule.key, international, (end - start).days, raw_amounts)
                found = credits.get(key) or self._credit(rule, international, raw_amounts, key)
                credit, credit_errors = found
                if credit_errors:
                    errors.extend(credit_errors)
            else:
                errors.extend((amounts.get(raw_amounts) or self._amounts_of(raw_amounts))[1])
            kept = None
            if not errors and exported:
                kept, export_errors = self._exported(pick_exported(cells), credit, rule, order, table)
                errors.extend(export_errors)
            if errors:
                for name, message in errors:
                    problem(index, number, name, message, cells[:-1])
                continue

            extra = {}
            named = None
            if pick_journal is not None:
                raws = pick_journal(cells)
                extra, journal_errors = self._journal(raws, order, table)
                if journal_errors:
                    for name, message in journal_errors:
                        problem(index, number, name, message, cells[:-1])
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
            credited, sessions, minutes, days, as_given = kept[0] if kept else credit
            row = entry(policy_id, rule, credited, end.year if by_end else start.year, nip, title, start, end,
                        international, coach, coach_nip, organizer, ref, note, sessions, minutes, days,
                        jp_as_given=as_given, **extra)
            if kept:
                if kept[1] != row.month_cap:
                    row = row._replace(month_cap=kept[1])
                verification[row.fingerprint] = kept[2]
            out.append(row)
            where.append((index, number))
            if named:
                evidence.setdefault(row.fingerprint, []).append(EvidenceCell(named, index, number, cells[:-1]))

    def _days(self, nip: str, start: date, end: date) -> list[tuple[str, Said]]:
        """The days of an activity by the shared rules `record` applies (not before 1950 or the person's birth,
        not ending more than a year from today); the bounds are read once a person."""
        from jpledger.core.people import activity_days_within, check_activity_days

        today = self.view.today or date.today()
        bounds = self._bounds.get(nip)
        if bounds is None:
            bounds = self._bounds[nip] = activity_days_within(nip, today)
        if bounds[0] <= start and end <= bounds[1]:
            return []
        try:
            check_activity_days(nip, start, end, today)
        except UsageError as exc:
            return [("end" if exc.code == "ACTIVITY_TOO_LATE" else "start", said(exc))]
        return []

    def _journal(self, raws: tuple, order: str, table: Table) -> tuple[dict, list[tuple[str, Said]]]:
        """Mandiri (yes/no), the coaching journal's goal, actions and follow-up day, and whether evidence is named."""
        raw_mandiri, raw_goal, raw_actions, raw_follow_up, raw_evidence = raws
        values: dict = {}
        errors: list[tuple[str, Said]] = []
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
            day, message = self._date(raw_follow_up, order, "follow_up", table)
            if message:
                errors.append(("follow_up", message))
            values["follow_up"] = day
        values["evidence"] = not read.is_empty(raw_evidence)
        return values, errors

    def _exported(self, raws: tuple, credit: tuple, rule, order: str,
                  table: Table) -> tuple[tuple | None, list[tuple[str, Said]]]:
        """An export's row as the ledger held it: its credited JP taken as given (they were credited under the policy
        of their day), with the rate and monthly cap they were credited under, and its verification.

        Returns ((credit, month cap, verification), []) or (None, problems).
        """
        raw_credited, raw_rate, raw_cap, raw_state, raw_by, raw_at, raw_note, raw_reason = raws
        errors: list[tuple[str, Said]] = []
        if read.is_empty(raw_credited):
            return None, [("credited", ("ROW_CREDITED_EMPTY", {"column": self._column("credited")}))]
        values = {}
        for name, raw, whole in (("credited", raw_credited, False), ("rate", raw_rate, False),
                                 ("month_cap", raw_cap, True)):
            if read.is_empty(raw):
                values[name] = None
                continue
            value, message = _try(read.number, raw, whole=whole)
            if message:
                errors.append((name, message))
            values[name] = value
        state, message = ("unverified", None) if read.is_empty(raw_state) else _try(read.verification, raw_state)
        if message:
            errors.append(("verification", message))
        at = None
        if not read.is_empty(raw_at):
            at, message = _try(read.moment, raw_at, order)
            if message:
                errors.append(("verified_at", message))
        texts = []
        for name, raw in (("verified_by", raw_by), ("verify_note", raw_note), ("reject_reason", raw_reason)):
            text, message = self._texts.get(raw) or self._text(raw)
            if message:
                errors.append((name, message))
            texts.append(text)
        if errors:
            return None, errors
        from jpledger.core.compliance import jp_to_cents

        amounts, sessions, minutes, days, _ = credit
        given = jp_to_cents(values["credited"])
        rate = jp_to_cents(values["rate"]) if values["rate"] is not None else amounts.rate_cents
        as_given = given != amounts.jp_cents
        if as_given or rate != amounts.rate_cents:
            amounts = Amounts(amounts.units_cents, given, rate, 0 if as_given else amounts.day_capped_cents)
        cap = int(values["month_cap"]) if values["month_cap"] is not None else None
        return ((amounts, sessions, minutes, days, as_given), cap, (state, texts[0], at, texts[1], texts[2])), []

    def _yes_no(self, raw: object) -> tuple[bool | None, Said | None]:
        found = self._scopes[("mandiri", raw)] = _try(read.yes_no, raw)
        return found

    def _person(self, raw: object) -> tuple[str | None, Said | None]:
        """(NIP, None) for someone in the ledger or in a staff sheet of the file, else (None, problem)."""
        try:
            return self._people[raw]
        except KeyError:
            pass
        except TypeError:  # an unhashable cell cannot be cached, and cannot be a NIP either
            return None, ("ROW_NIP_NOT_TEXT", {"value": read.shown(raw)})
        if read.is_empty(raw):
            found = (None, _NO_NIP)
        else:
            try:
                text = read.nip_text(raw)
                cleaned = clean_nip(text)
                status = self._status_of(cleaned)
                nip = validate_nip(text, status)
                if status:
                    found = (nip, None)
                elif self.view.scope is not None and self.view.scope.hidden(nip):
                    found = (None, ("IMPORT_STAFF_OUTSIDE", {"nip": nip}))
                else:
                    found = (None, ("ROW_NIP_UNKNOWN", {"nip": nip}))
            except (CellError, NipError) as exc:
                found = (None, said(exc))
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
            found = (None, ("ROW_KIND_EMPTY", {"column": self._column("kind")}))
        else:
            try:
                found = (self.policy.kind(" ".join(str(raw).split())), None)
            except UsageError:
                found = (None, ("ROW_KIND_UNKNOWN", {"value": read.shown(raw)}))
        self._kinds[raw] = found
        return found

    def _date(self, raw: object, order: str, name: str, table: Table) -> tuple[date | None, Said | None]:
        kind = type(raw)
        if kind is date:
            return raw, None
        if kind is datetime:
            return raw.date(), None
        if read.is_empty(raw):
            return None, ("ROW_EMPTY", {"column": self._heading_in(table, name)})
        key = (raw, order)
        try:
            day, message = self._dates[key]
        except KeyError:
            day, message = _try(read.date_value, raw, order)
            self._dates[key] = (day, message)
        if message:
            if name in ("start", "end"):
                return None, ("ROW_START_DATE" if name == "start" else "ROW_END_DATE", {"problem": _phrase(message)})
            return None, ("ROW_DATE", {"column": self._heading_in(table, name), "problem": _phrase(message)})
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
                errors.append((name, said(exc)))
        found = (tuple(values), errors)
        self._amounts[raws] = found
        return found

    def _text(self, raw: object) -> tuple[str | None, Said | None]:
        found = self._texts[raw] = _try(read.text, raw)
        return found

    def _scope(self, raw: object) -> tuple[bool | None, Said | None]:
        found = self._scopes[raw] = _try(read.scope, raw)
        return found

    def _coach(self, raw: object) -> tuple[tuple | None, Said | None]:
        """A coach or mentor: a NIP of someone in the ledger or the file (kept with their name), or a name."""
        try:
            if not isinstance(raw, str):
                read.nip_text(raw)
            text = " ".join(raw.split())
            digits = clean_nip(text) if any(ch.isdigit() for ch in text) else ""
            if digits.isdigit():
                # A coach the ledger does not know is kept by NIP; the import warns of it (spec 7).
                nip = validate_nip(text, self._status_of(digits))
                found = ((self._name_of(nip) or nip, nip), None)
            else:
                found = ((text, None), None)
        except CellError as exc:
            found = ((None, None), ("ROW_COACH", {"problem": _phrase(said(exc))}) if exc.code.startswith("CELL_NIP")
                     else said(exc))
        except NipError as exc:
            found = ((None, None), ("ROW_COACH", {"problem": _phrase(said(exc))}))
        self._coaches[raw] = found
        return found

    def _credit(self, rule, international: bool, raw_amounts: tuple, key: tuple) -> tuple[tuple | None, list]:
        """((Amounts, sessions, minutes, days, JP as given), []) for a row's kind, scope, days and quantity cells,
        or (None, [(column, problem) ...]).

        A JP column beside a kind counted otherwise (days, sessions, occurrences, semesters, minutes) must agree
        with the policy's credit of the row, unless the profile says the file's JP are credited as given.
        """
        quantities, errors = self._amounts.get(raw_amounts) or self._amounts_of(raw_amounts)
        if errors:
            return None, errors
        span = key[2]
        given = {name: value for name, value in zip(_QUANTITIES, quantities) if value is not None}
        unit = rule.unit
        column = self._column
        stated = None  # a JP column to compare with the policy's credit of a kind counted otherwise
        if "jp" in given and unit != "jp" and "jp" not in self._ignored:
            stated = given.pop("jp")
        for name in list(given):
            if name not in _UNIT_TAKES[unit]:
                if name in self._ignored:  # the profile says this layout fills the column for every kind
                    del given[name]
                    continue
                return None, [(name, ("ROW_QUANTITY_UNUSED", {"kind": rule.label, "code": rule.code,
                                                              "unit": Phrase(_UNIT_WORDS[unit]),
                                                              "column": column(name)}))]
        log_minutes = None
        if unit == "jp" and "jp" in given and "minutes" in given:
            if self.parsed.export is None:
                return None, [("minutes", ("ROW_JP_OR_MINUTES", {"jp": column("jp"),
                                                                 "minutes": column("minutes")}))]
            # An export gives the JP its minutes made under the policy of their day: those JP are credited.
            log_minutes = int(given.pop("minutes"))
        if unit == "jp" and "jp" not in given and "minutes" not in given:
            if self._headings.get("minutes"):
                return None, [("jp", ("ROW_NEEDS_JP_OR_MINUTES", {"kind": rule.label, "code": rule.code,
                                                                  "column": column("jp"),
                                                                  "minutes": column("minutes")}))]
            return None, [("jp", ("ROW_NEEDS_JP", {"kind": rule.label, "code": rule.code, "column": column("jp")}))]
        if unit == "minute" and "minutes" not in given and not (stated is not None and self._as_given):
            return None, [("minutes", ("ROW_NEEDS_MINUTES", {"kind": rule.label, "code": rule.code,
                                                             "column": column("minutes")}))]
        from datetime import timedelta

        from jpledger.core.entries import credit_amounts

        # Only the number of days between start and end matters to the credit, so any start will do.
        first = date(2000, 1, 1)
        as_given = False
        try:
            if unit == "minute" and "minutes" not in given:
                amounts = None  # the JP as given, with no minutes to say what the policy would credit
            else:
                amounts = credit_amounts(self.policy, rule, start=first, end=first + timedelta(days=span),
                                         international=international, jp=given.get("jp"),
                                         minutes=given.get("minutes") if unit != "session" else None,
                                         days=int(given["days"]) if "days" in given else None,
                                         sessions=int(given["sessions"]) if "sessions" in given else None,
                                         semesters=int(given["semesters"]) if "semesters" in given else None)
            if self._as_given and (stated is not None or (unit == "jp" and "jp" in given)):
                stated = stated if stated is not None else given["jp"]
                amounts, as_given = self._taken_as_given(rule, amounts, stated)
            elif stated is not None and amounts.jp_cents != _cents(stated):
                counted = (amounts.units_cents // 100 if unit != "minute" else int(given["minutes"]))
                return None, [("jp", ("ROW_JP_DISAGREES", {
                    "column": column("jp"), "given": _number(stated), "kind": rule.label, "code": rule.code,
                    "credit": _number(Decimal(amounts.jp_cents) / 100), "units": counted,
                    "unit": Phrase(_UNIT_COUNTED[unit], count=counted)}))]
        except UsageError as exc:
            return None, [("jp" if stated is not None and self._as_given else "kind", said(exc))]
        sessions = int(given["sessions"]) if "sessions" in given else (1 if unit == "session" else None)
        minutes = int(given["minutes"]) if "minutes" in given else log_minutes
        found = ((amounts, sessions, minutes, int(given["days"]) if "days" in given else None, as_given), [])
        self._credits[key] = found
        return found

    def _taken_as_given(self, rule, amounts: Amounts | None, stated: Decimal) -> tuple[Amounts, bool]:
        """The file's JP as the credit (a profile's `jp: as_given`), still within the policy's limit for one entry;
        marked as given only where the policy would credit otherwise."""
        from jpledger.core.compliance import jp_to_cents

        cents = jp_to_cents(stated)
        limit = self.policy.max_jp_per_entry
        if limit is not None and stated > limit:
            raise UsageError("CREDIT_ABOVE_MAX", kind=f"{rule.key} ({rule.code})", jp=stated, max=limit)
        if amounts is not None and amounts.jp_cents == cents:
            return amounts, False
        if amounts is None:
            return Amounts(cents, cents, None, 0), True
        return Amounts(amounts.units_cents, cents, amounts.rate_cents, 0), True

    def _column(self, name: str) -> str:
        """A column as the sheet heads it (`Jumlah JP`), else by jpledger's heading."""
        return self._headings.get(name) or heading(name)

    def unknown_supervisors(self) -> None:
        """A supervisor NIP neither in the ledger nor in the file is kept, and said, as `staff add` says it."""
        staff, known = self.parsed.staff, self.view.staff
        for row in staff.values():
            boss = row.fields.get("supervisor")
            if boss and boss not in staff and boss not in known:
                index, number = row.sources.get("supervisor", row.where)
                table = self.parsed.tables[index]
                self.parsed.warnings.append(Problem(table.sheet, table.cell(number, table.columns.get("supervisor")),
                                                    "WARN_UNKNOWN_SUPERVISOR", {"supervisor": boss}))

    def drop_repeats(self) -> None:
        """A row that repeats an earlier row of the file exactly (same fingerprint) is imported once; in a jpledger
        export each row is an entry of the ledger it came from (two alike are two entries there), so all are kept."""
        origin = self.parsed.origin
        fingerprints = [row.fingerprint for row in self.parsed.activities]
        if len(set(fingerprints)) == len(fingerprints):  # the usual roster: no row repeats another
            origin.update(zip(fingerprints, self.where))
            return
        seen: dict[str, tuple[int, int]] = {}
        kept = []
        whole = self.parsed.export is not None
        for row, where in zip(self.parsed.activities, self.where):
            first = seen.setdefault(row.fingerprint, where)
            if first is where or whole:
                kept.append(row)
                origin[row.fingerprint] = where
            else:
                self.parsed.repeats.append(("ROW_REPEATED", {"where": self._address(where),
                                                             "first": self._address(first)}))
        if len(kept) < len(self.parsed.activities):
            self.parsed.activities = kept

    def _address(self, where: tuple[int, int]) -> str:
        table = self.parsed.tables[where[0]]
        return f"{table.sheet}!{table.cell(where[1], table.columns.get('nip'))}"


def _phrase(message: Said) -> Phrase:
    """A coded message inside another, worded in the reader's language when the outer one is."""
    return Phrase(message[0], **message[1])


def _number(value: Decimal) -> Decimal:
    """A quantity as a person writes it: 24, not 24.0; 2.5, not 2.50."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _cents(value: Decimal) -> int:
    from jpledger.core.compliance import jp_to_cents

    return jp_to_cents(value)


def _try(reader: Callable, *args, **kwargs) -> tuple[object, Said | None]:
    """(value, None) or (None, the cell's problem)."""
    try:
        return reader(*args, **kwargs), None
    except CellError as exc:
        return None, said(exc)


def _plain(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)
