"""Schema migrations: a named, ordered list; each brings a ledger from the version before it to its own.

A fresh ledger is created at the current schema directly; these steps only upgrade older ledgers. They run on
open, all in one transaction, after a backup copy of the file has been taken (store/db.py). Each step says in SQL
every back end understands what it adds, and declares the tables it creates itself (never through the current
models, which later versions change), so an old ledger upgrades the same way whatever comes after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Callable

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    text,
)
from sqlalchemy.engine import Connection


@dataclass(frozen=True)
class Migration:
    version: int  # the schema version a ledger has after this step
    name: str
    apply: Callable[[Connection], None]


def _trail_command(conn: Connection) -> None:
    # The trail records the command line that made each change. Older entries keep NULL: what was typed
    # then is not known, and guessing it would make the trail lie.
    conn.execute(text("ALTER TABLE trail ADD COLUMN command TEXT"))


def _covering_index_with_form(conn: Connection) -> None:
    # The covering index gains `form` and puts `end` before `jp_cents`: a national year's totals and duplicate
    # check then read it in order instead of sorting a million entries. Same name, new columns.
    conn.execute(text("DROP INDEX ix_activity_year_nip_jp"))
    conn.execute(text('CREATE INDEX ix_activity_year_nip_jp ON activity (year, voided, nip, kind, form, "end", '
                      "jp_cents)"))


# --- schema 4: employment over time, units, contracts, evidence, verification, officers -------------------------

_V4 = MetaData()
_V4_UNIT = Table(
    "unit", _V4,
    Column("code", String, primary_key=True),
    Column("name", String, nullable=False),
    Column("parent", String, ForeignKey("unit.code"), nullable=True, index=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
Table("staff", _V4, Column("nip", String(18), primary_key=True))
Table("activity", _V4, Column("id", Integer, primary_key=True))
Table("batch", _V4, Column("id", Integer, primary_key=True))
_V4_HISTORY = Table(
    "staff_history", _V4,
    Column("id", Integer, primary_key=True),
    Column("nip", String(18), ForeignKey("staff.nip"), nullable=False),
    Column("field", String, nullable=False),
    Column("value", String, nullable=True),
    Column("valid_from", Date, nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("batch", Integer, ForeignKey("batch.id"), nullable=True),
    Index("ix_staff_history_nip", "nip", "field", "valid_from"),
    Index("ix_staff_history_from", "valid_from"),
)
_V4_CONTRACT = Table(
    "contract", _V4,
    Column("id", Integer, primary_key=True),
    Column("nip", String(18), ForeignKey("staff.nip"), nullable=False),
    Column("start", Date, nullable=False),
    Column("end", Date, nullable=False),
    Column("ref", String, nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("batch", Integer, ForeignKey("batch.id"), nullable=True),
    Index("ix_contract_nip", "nip", "start"),
)
_V4_EVIDENCE = Table(
    "evidence", _V4,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
_V4_ACTIVITY_EVIDENCE = Table(
    "activity_evidence", _V4,
    Column("activity_id", Integer, ForeignKey("activity.id"), primary_key=True),
    Column("sha256", String(64), ForeignKey("evidence.sha256"), primary_key=True, index=True),
    Column("name", String, nullable=False),
)
_V4_OFFICER = Table(
    "officer", _V4,
    Column("role", String, primary_key=True),
    Column("admin", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
_V4_OFFICER_UNIT = Table(
    "officer_unit", _V4,
    Column("role", String, ForeignKey("officer.role"), primary_key=True),
    Column("unit_code", String, ForeignKey("unit.code"), primary_key=True),
)
_V4_NEW = (_V4_UNIT, _V4_HISTORY, _V4_CONTRACT, _V4_EVIDENCE, _V4_ACTIVITY_EVIDENCE, _V4_OFFICER, _V4_OFFICER_UNIT)
# (table, column, type, default): NOT NULL columns carry a default, so the rows already there get a value.
_V4_COLUMNS = (
    ("staff", "unit_code", String(), "REFERENCES unit (code)"),
    ("staff", "appointed", Date(), None),
    ("staff", "appointed_given", Boolean(), "false"),
    ("activity", "mandiri", Boolean(), "false"),
    ("activity", "jp_as_given", Boolean(), "false"),
    ("activity", "verification", String(), "'unverified'"),
    ("activity", "verified_by", String(), None),
    ("activity", "verified_at", DateTime(timezone=True), None),
    ("activity", "verify_note", String(), None),
    ("activity", "reject_reason", String(), None),
    ("activity", "goal", String(), None),
    ("activity", "actions", String(), None),
    ("activity", "follow_up", Date(), None),
    ("trail", "claimed_actor", String(), None),
    ("trail", "units", Text(), None),
    ("year_lock", "report", Text(), None),
)
_V4_HISTORY_FIELDS = ("status", "unit", "supervisor", "rank", "position")
# Before any real date of service: the start of a history nobody recorded.
_SINCE_ALWAYS = date(1900, 1, 1)


def _employment_history(conn: Connection) -> None:
    """Units as a table, the start of service, every person's current values as their history, entries verified.

    Lossless: each distinct unit text becomes a top-level unit with that text as code and name; each person's
    current status, unit, supervisor, rank and position become their history from the day they joined (else from
    their appointment, else since always); the start of service is derived from the NIP as it would be for a new
    person. Entries already in the ledger were the ledger's word before verification existed: verified, by
    `(upgrade)`. A stored copy of the shipped default policy gains the SIASN course types (nothing else changes).
    """
    from jpledger.core.employment import derived_appointed

    for table in _V4_NEW:
        table.create(conn)
    for table, column, kind, default in _V4_COLUMNS:
        type_name = kind.compile(dialect=conn.dialect)
        if default is None:
            tail = ""
        elif default.startswith("REFERENCES"):
            tail = f" {default}"
        else:
            tail = f" NOT NULL DEFAULT {default}"
        conn.execute(text(f'ALTER TABLE {table} ADD COLUMN "{column}" {type_name}{tail}'))
    conn.execute(text("CREATE INDEX ix_staff_unit_code ON staff (unit_code)"))
    conn.execute(text("DROP INDEX ix_activity_year_nip_jp"))
    conn.execute(text('CREATE INDEX ix_activity_year_nip_jp ON activity (year, voided, nip, kind, form, mandiri, '
                      'verification, "end", jp_cents)'))

    stamp = datetime.now(timezone.utc).replace(microsecond=0)
    units = [r[0] for r in conn.execute(text("SELECT DISTINCT unit FROM staff WHERE unit IS NOT NULL"))]
    if units:
        conn.execute(_V4_UNIT.insert(), [{"code": u, "name": u, "parent": None, "created_at": stamp} for u in units])
        conn.execute(text("UPDATE staff SET unit_code = unit WHERE unit IS NOT NULL"))
    people = conn.execute(text('SELECT nip, status, unit, supervisor, rank, position, joined FROM staff')).all()
    appointed = []
    history = []
    for nip, status, unit, supervisor, rank, position, joined in people:
        start = derived_appointed(nip, status, None)
        if start is not None:
            appointed.append({"n": nip, "d": start})
        since = joined or start or _SINCE_ALWAYS
        for field, value in zip(_V4_HISTORY_FIELDS, (status, unit, supervisor, rank, position)):
            if value is not None:
                history.append({"nip": nip, "field": field, "value": value, "valid_from": since,
                                "recorded_at": stamp, "batch": None})
    if appointed:
        conn.execute(text("UPDATE staff SET appointed = :d WHERE nip = :n").bindparams(bindparam("d", type_=Date())),
                     appointed)
    if history:
        conn.execute(_V4_HISTORY.insert(), history)
    _trail_units(conn)
    conn.execute(text("UPDATE activity SET verification = 'verified', verified_by = '(upgrade)', verified_at = :at")
                 .bindparams(bindparam("at", type_=DateTime(timezone=True))), {"at": stamp})
    # Stored copies of the shipped default policy gain the SIASN course types; other policies are the agency's.
    from jpledger.policyfile import shipped_default_upgrade

    for version, stored in conn.execute(text("SELECT id, text FROM policy_version")).all():
        upgraded = shipped_default_upgrade(stored)
        if upgraded is not None:
            conn.execute(text("UPDATE policy_version SET text = :t WHERE id = :i"), {"t": upgraded, "i": version})


def _trail_units(conn: Connection) -> None:
    """Each earlier trail entry is about the units of the people it names (their units now): an officer's `log`
    shows the entries about their units. An entry naming nobody stays about the whole ledger (NULL)."""
    import json

    from jpledger.store.trail import nips_in

    unit_of = dict(conn.execute(text("SELECT nip, unit_code FROM staff")).all())
    changes = []
    for entry, detail in conn.execute(text("SELECT id, detail FROM trail")).all():
        try:
            nips = set(nips_in(json.loads(detail)))
        except ValueError:
            continue
        if nips:
            codes = sorted({unit_of[n] for n in nips if unit_of.get(n)})
            changes.append({"i": entry, "u": json.dumps(codes, ensure_ascii=False)})
    if changes:
        conn.execute(text("UPDATE trail SET units = :u WHERE id = :i"), changes)


def _policy_data(conn: Connection) -> None:
    """Each policy version keeps beside its text what the text reads as, as JSON (core/policy/text.py policy_data):
    reading the policy in use back, which nearly every command does, then needs no YAML parser. A text that does not
    read as a policy keeps none, and is read (and refused) as before."""
    from jpledger.core.policy.text import policy_data

    conn.execute(text("ALTER TABLE policy_version ADD COLUMN data TEXT"))
    for version, stored in conn.execute(text("SELECT id, text FROM policy_version")).all():
        data = policy_data(stored)
        if data is not None:
            conn.execute(text("UPDATE policy_version SET data = :d WHERE id = :i"), {"d": data, "i": version})


def _capped_index(conn: Connection) -> None:
    """A covering index of the entries with a monthly cap (store/models.py says why)."""
    conn.execute(text('CREATE INDEX ix_activity_capped ON activity (year, voided, nip, kind, start, units_cents, '
                      'month_cap, verification, "end") WHERE month_cap IS NOT NULL'))


MIGRATIONS = [
    Migration(2, "trail records the command line", _trail_command),
    Migration(3, "covering index with the form", _covering_index_with_form),
    Migration(4, "employment history, units, contracts, evidence, verification, officers", _employment_history),
    Migration(5, "policy versions keep what their text reads as", _policy_data),
    Migration(6, "an index of the entries with a monthly cap", _capped_index),
]


def pending(version: int) -> list[Migration]:
    """The steps that bring a ledger of schema `version` to the current one, in order."""
    return [step for step in MIGRATIONS if step.version > version]
