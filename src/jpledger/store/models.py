"""The ledger's tables at the current schema version, declared once with SQLModel.

Changing a table means a new SCHEMA_VERSION (tables.py) and a step in migrations.py that brings older ledgers here,
and the same change in tables.py, the Core declaration commands read and write through.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Column, Index, LargeBinary, Text, false, text
from sqlmodel import Field, SQLModel

from jpledger.store.tables import SCHEMA_VERSION  # noqa: F401  (kept where the reader of this schema is)


class Meta(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


class Unit(SQLModel, table=True):
    """A unit kerja (schema 4); units form a tree through `parent` (province -> OPD -> bidang)."""

    __tablename__ = "unit"
    code: str = Field(primary_key=True)
    name: str
    parent: Optional[str] = Field(default=None, foreign_key="unit.code", index=True)
    created_at: datetime


class Staff(SQLModel, table=True):
    """A person with their current values; `staff_history` holds what each value was and since when.

    `nip`, `name`, `unit` (the unit's name) and `status` keep their names and meaning: agencies write their own SQL
    reports against them.
    """

    __tablename__ = "staff"
    nip: str = Field(primary_key=True, max_length=18)
    name: str
    status: str = "PNS"
    unit: Optional[str] = Field(default=None, index=True)
    position: Optional[str] = None
    rank: Optional[str] = None
    agency: Optional[str] = None
    supervisor: Optional[str] = Field(default=None, max_length=18)
    joined: Optional[date] = None
    left: Optional[date] = None
    leave_reason: Optional[str] = None
    created_at: datetime
    updated_at: datetime
    # Schema 4: the unit by code, and the start of service as ASN (TMT), given or derived from the NIP or the first
    # contract; `appointed_given` says which, so a derived date follows the NIP or the contracts when they change.
    unit_code: Optional[str] = Field(default=None, foreign_key="unit.code", index=True)
    appointed: Optional[date] = None
    appointed_given: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class StaffHistory(SQLModel, table=True):
    """One value of one of a person's HISTORY_FIELDS (core/people.py), in force from `valid_from` until the next
    one (schema 4).

    A unit is kept by its code; the others as the staff table keeps them.
    """

    __tablename__ = "staff_history"
    __table_args__ = (
        Index("ix_staff_history_nip", "nip", "field", "valid_from"),
        Index("ix_staff_history_from", "valid_from"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    nip: str = Field(foreign_key="staff.nip", max_length=18)
    field: str
    value: Optional[str] = None
    valid_from: date
    recorded_at: datetime
    batch: Optional[int] = Field(default=None, foreign_key="batch.id")


class Contract(SQLModel, table=True):
    """A PPPK work agreement (perjanjian kerja), schema 4; renewals are more contracts."""

    __tablename__ = "contract"
    __table_args__ = (Index("ix_contract_nip", "nip", "start"),)
    id: Optional[int] = Field(default=None, primary_key=True)
    nip: str = Field(foreign_key="staff.nip", max_length=18)
    start: date
    end: date
    ref: Optional[str] = None
    created_at: datetime
    batch: Optional[int] = Field(default=None, foreign_key="batch.id")


class PolicyVersion(SQLModel, table=True):
    __tablename__ = "policy_version"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    text: str = Field(sa_column=Column(Text, nullable=False))
    at: datetime
    actor: str
    # Schema 5: what the text reads as, as JSON (core/policy/text.py policy_data): reading it back needs no YAML.
    data: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))


class Batch(SQLModel, table=True):
    __tablename__ = "batch"
    id: Optional[int] = Field(default=None, primary_key=True)
    file: str
    at: datetime
    actor: str
    staff_added: int = 0
    staff_updated: int = 0
    added: int = 0
    skipped: int = 0
    reverted_at: Optional[datetime] = None
    revert_reason: Optional[str] = None


CAPPED_INDEX_COLUMNS = ("year", "voided", "nip", "kind", "start", "units_cents", "month_cap", "verification", "end")


class Activity(SQLModel, table=True):
    __tablename__ = "activity"
    __table_args__ = (
        # Covering index (schema 3): the year's sums by person, kind and form are one index-only GROUP BY in index
        # order, with no sort, and the audit finds duplicate-looking entries (same person, kind, end) the same way.
        # Schema 4 adds mandiri and verification: what a person's total counts depends on both.
        Index("ix_activity_year_nip_jp", "year", "voided", "nip", "kind", "form", "mandiri", "verification", "end",
              "jp_cents"),
        Index("ix_activity_nip_start", "nip", "start"),
        Index("ix_activity_fingerprint", "fingerprint"),
        # Covering the entries of kinds with a monthly cap, and only them (schema 6): the year's months over a cap
        # are found from it, instead of reading every entry of the table for a third of them.
        Index("ix_activity_capped", *CAPPED_INDEX_COLUMNS, sqlite_where=text("month_cap IS NOT NULL"),
              postgresql_where=text("month_cap IS NOT NULL")),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    nip: str = Field(foreign_key="staff.nip", max_length=18)
    kind: str
    code: str
    form: str
    title: str
    start: date
    end: date
    year: int
    international: bool = False
    units_cents: int
    jp_cents: int
    rate_cents: Optional[int] = None
    month_cap: Optional[int] = None
    day_capped_cents: int = 0
    coach: Optional[str] = None
    coach_nip: Optional[str] = Field(default=None, max_length=18)
    organizer: Optional[str] = None
    ref: Optional[str] = None
    note: Optional[str] = None
    sessions: Optional[int] = None
    minutes: Optional[int] = None
    days: Optional[int] = None
    policy_version: int = Field(foreign_key="policy_version.id")
    batch: Optional[int] = Field(default=None, foreign_key="batch.id", index=True)
    fingerprint: str
    voided: bool = False
    void_reason: Optional[str] = None
    voided_at: Optional[datetime] = None
    created_at: datetime
    # Schema 4: self-initiated development; JP taken from the file as given (a profile's `jp: as_given`);
    # verification (unverified, verified, rejected) with who, when and why; the coaching journal.
    # Server defaults too: bulk inserts write only the columns they name, and older rows gain these columns.
    mandiri: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    jp_as_given: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    verification: str = Field(default="unverified", sa_column_kwargs={"server_default": text("'unverified'")})
    verified_by: Optional[str] = None
    verified_at: Optional[datetime] = None
    verify_note: Optional[str] = None
    reject_reason: Optional[str] = None
    goal: Optional[str] = None
    actions: Optional[str] = None
    follow_up: Optional[date] = None


class Evidence(SQLModel, table=True):
    """An evidence file's bytes, stored once whatever number of activities show it (schema 4)."""

    __tablename__ = "evidence"
    sha256: str = Field(primary_key=True, max_length=64)
    size: int
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime


class ActivityEvidence(SQLModel, table=True):
    """Which evidence files an activity shows, under the names they arrived with (schema 4)."""

    __tablename__ = "activity_evidence"
    activity_id: int = Field(foreign_key="activity.id", primary_key=True)
    sha256: str = Field(foreign_key="evidence.sha256", primary_key=True, max_length=64, index=True)
    name: str


class Trail(SQLModel, table=True):
    __tablename__ = "trail"
    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime
    actor: str
    action: str
    detail: str = Field(sa_column=Column(Text, nullable=False))
    # The command line as typed (schema 2): what was asked for, beside `detail`, what changed.
    command: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))
    # Schema 4: on PostgreSQL `actor` is the database session user; what JPLEDGER_ACTOR claimed is kept beside it.
    claimed_actor: Optional[str] = None
    # Schema 4: the unit codes the change is about (a JSON list; NULL for the whole ledger): an officer's `log`
    # shows the entries about their units.
    units: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))


class YearLock(SQLModel, table=True):
    __tablename__ = "year_lock"
    year: int = Field(primary_key=True)
    reason: str
    at: datetime
    actor: str
    # Schema 4: the year's audit as it was reported (JSON), printed for `audit --year` while the year stays closed.
    report: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))


class Officer(SQLModel, table=True):
    """A PostgreSQL login role allowed into this ledger (schema 4); admins change units, officers and the policy."""

    __tablename__ = "officer"
    role: str = Field(primary_key=True)
    admin: bool = False
    created_at: datetime


class OfficerUnit(SQLModel, table=True):
    """The units (with everything below them) an officer may see and change (schema 4)."""

    __tablename__ = "officer_unit"
    role: str = Field(foreign_key="officer.role", primary_key=True)
    unit_code: str = Field(foreign_key="unit.code", primary_key=True)
