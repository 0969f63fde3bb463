"""The ledger's tables at the current schema version, declared once with SQLModel.

Changing a table means a new SCHEMA_VERSION and a step in migrations.py that brings older ledgers here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlalchemy import Column, Index, Text
from sqlmodel import Field, SQLModel

SCHEMA_VERSION = 3


class Meta(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


class Staff(SQLModel, table=True):
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


class PolicyVersion(SQLModel, table=True):
    __tablename__ = "policy_version"
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    text: str = Field(sa_column=Column(Text, nullable=False))
    at: datetime
    actor: str


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


class Activity(SQLModel, table=True):
    __tablename__ = "activity"
    __table_args__ = (
        # Covering index (schema 3): the year's sums by person, kind and form are one index-only GROUP BY in index
        # order, with no sort, and the audit finds duplicate-looking entries (same person, kind, end) the same way.
        Index("ix_activity_year_nip_jp", "year", "voided", "nip", "kind", "form", "end", "jp_cents"),
        Index("ix_activity_nip_start", "nip", "start"),
        Index("ix_activity_fingerprint", "fingerprint"),
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


class Trail(SQLModel, table=True):
    __tablename__ = "trail"
    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime
    actor: str
    action: str
    detail: str = Field(sa_column=Column(Text, nullable=False))
    # The command line as typed (schema 2): what was asked for, beside `detail`, what changed.
    command: Optional[str] = Field(default=None, sa_column=Column(Text, nullable=True))


class YearLock(SQLModel, table=True):
    __tablename__ = "year_lock"
    year: int = Field(primary_key=True)
    reason: str
    at: datetime
    actor: str
