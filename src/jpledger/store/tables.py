"""The ledger's tables as SQLAlchemy Core handles, and the helpers every query module shares.

The tables are declared once more here, in Core alone, so that a command that reads or writes rows starts without
importing SQLModel, pydantic and the ORM (models.py, which creates and upgrades the schema, needs them). The two
declarations must name the same columns with the same types and defaults: tests/test_tables.py compares them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Integer, Interval, LargeBinary, MetaData, String, Table, Text
from sqlalchemy.types import TypeDecorator

# The schema version models.py and these tables describe: kept in sql.py, where the quick read checks it too.
from jpledger.store.sql import SCHEMA_VERSION, chunks  # noqa: F401 (chunks: for every query)


class UTCDateTime(TypeDecorator):
    """An aware datetime stored in UTC and read back in UTC: the same conversion as SQLModel's type of that name,
    which models.py's datetime columns use."""

    impl = DateTime
    cache_ok = True

    def __init__(self) -> None:
        super().__init__(timezone=True)

    def coerce_compared_value(self, op: Any, value: Any):
        if isinstance(value, timedelta):
            return Interval()
        return self

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            raise ValueError("Datetime values must have timezone information. "
                             "Use datetime.now(timezone.utc), or annotate the field with NaiveDatetime for naive "
                             "storage.")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.utcoffset() is None:
            # Databases without time zones keep UTC without an offset.
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


METADATA = MetaData()
NIP = 18


def _key(name: str, type_=None) -> Column:
    return Column(name, type_ if type_ is not None else String(), primary_key=True, nullable=False)


def _must(name: str, type_, **kw) -> Column:
    return Column(name, type_, nullable=False, **kw)


def _may(name: str, type_) -> Column:
    return Column(name, type_, nullable=True)


def _text() -> String:
    return String()


META = Table("meta", METADATA, _key("key"), _must("value", _text()))

UNIT = Table("unit", METADATA, _key("code"), _must("name", _text()), _may("parent", _text()),
             _must("created_at", UTCDateTime()))

STAFF = Table(
    "staff", METADATA,
    _key("nip", String(NIP)), _must("name", _text()), _must("status", _text(), default="PNS"),
    _may("unit", _text()), _may("position", _text()), _may("rank", _text()), _may("agency", _text()),
    _may("supervisor", String(NIP)), _may("joined", Date()), _may("left", Date()), _may("leave_reason", _text()),
    _must("created_at", UTCDateTime()), _must("updated_at", UTCDateTime()), _may("unit_code", _text()),
    _may("appointed", Date()), _must("appointed_given", Boolean(), default=False),
)

HISTORY = Table(
    "staff_history", METADATA,
    _key("id", Integer()), _must("nip", String(NIP)), _must("field", _text()), _may("value", _text()),
    _must("valid_from", Date()), _must("recorded_at", UTCDateTime()), _may("batch", Integer()),
)

CONTRACT = Table(
    "contract", METADATA,
    _key("id", Integer()), _must("nip", String(NIP)), _must("start", Date()), _must("end", Date()),
    _may("ref", _text()), _must("created_at", UTCDateTime()), _may("batch", Integer()),
)

POLICY = Table(
    "policy_version", METADATA,
    _key("id", Integer()), _must("name", _text()), _must("text", Text()), _must("at", UTCDateTime()),
    _must("actor", _text()), _may("data", Text()),
)

BATCH = Table(
    "batch", METADATA,
    _key("id", Integer()), _must("file", _text()), _must("at", UTCDateTime()), _must("actor", _text()),
    _must("staff_added", Integer(), default=0), _must("staff_updated", Integer(), default=0),
    _must("added", Integer(), default=0), _must("skipped", Integer(), default=0),
    _may("reverted_at", UTCDateTime()), _may("revert_reason", _text()),
)

ACTIVITY = Table(
    "activity", METADATA,
    _key("id", Integer()), _must("nip", String(NIP)), _must("kind", _text()), _must("code", _text()),
    _must("form", _text()), _must("title", _text()), _must("start", Date()), _must("end", Date()),
    _must("year", Integer()), _must("international", Boolean(), default=False), _must("units_cents", Integer()),
    _must("jp_cents", Integer()), _may("rate_cents", Integer()), _may("month_cap", Integer()),
    _must("day_capped_cents", Integer(), default=0), _may("coach", _text()), _may("coach_nip", String(NIP)),
    _may("organizer", _text()), _may("ref", _text()), _may("note", _text()), _may("sessions", Integer()),
    _may("minutes", Integer()), _may("days", Integer()), _must("policy_version", Integer()),
    _may("batch", Integer()), _must("fingerprint", _text()), _must("voided", Boolean(), default=False),
    _may("void_reason", _text()), _may("voided_at", UTCDateTime()), _must("created_at", UTCDateTime()),
    _must("mandiri", Boolean(), default=False), _must("jp_as_given", Boolean(), default=False),
    _must("verification", _text(), default="unverified"), _may("verified_by", _text()),
    _may("verified_at", UTCDateTime()), _may("verify_note", _text()), _may("reject_reason", _text()),
    _may("goal", _text()), _may("actions", _text()), _may("follow_up", Date()),
)

EVIDENCE = Table(
    "evidence", METADATA,
    _key("sha256", String(64)), _must("size", Integer()), _must("data", LargeBinary()),
    _must("created_at", UTCDateTime()),
)

ACTIVITY_EVIDENCE = Table(
    "activity_evidence", METADATA,
    _key("activity_id", Integer()), _key("sha256", String(64)), _must("name", _text()),
)

TRAIL = Table(
    "trail", METADATA,
    _key("id", Integer()), _must("at", UTCDateTime()), _must("actor", _text()), _must("action", _text()),
    _must("detail", Text()), _may("command", Text()), _may("claimed_actor", _text()), _may("units", Text()),
)

YEAR_LOCK = Table(
    "year_lock", METADATA,
    _key("year", Integer()), _must("reason", _text()), _must("at", UTCDateTime()), _must("actor", _text()),
    _may("report", Text()),
)

OFFICER = Table("officer", METADATA, _key("role"), _must("admin", Boolean(), default=False),
                _must("created_at", UTCDateTime()))

OFFICER_UNIT = Table("officer_unit", METADATA, _key("role"), _key("unit_code"))
