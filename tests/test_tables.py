"""The Core tables commands read and write through (store/tables.py) against the SQLModel models that create and
upgrade the schema (store/models.py): the same columns, types, keys and defaults, or a command would write what
the schema does not hold."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import String, create_engine, select

from jpledger.store import models, tables


def _shape(column) -> tuple:
    kind = column.type
    if type(kind).__name__ == "AutoString":  # SQLModel's String; the same as String on SQLite and PostgreSQL
        kind = kind.impl
    name = "String" if isinstance(kind, String) and type(kind).__name__ in ("String", "AutoString") else \
        type(kind).__name__
    default = column.default.arg if column.default is not None else None
    return (column.name, name, getattr(kind, "length", None), getattr(kind, "timezone", None), column.primary_key,
            column.nullable, default)


def test_the_core_tables_are_the_models_tables():
    ours = {table.name: table for table in tables.METADATA.sorted_tables}
    theirs = {table.name: table for table in models.SQLModel.metadata.sorted_tables}
    assert set(ours) == set(theirs)
    for name, table in theirs.items():
        assert [_shape(c) for c in ours[name].columns] == [_shape(c) for c in table.columns], name
    assert models.SCHEMA_VERSION == tables.SCHEMA_VERSION


def test_a_datetime_is_stored_and_read_in_utc_as_the_models_do(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'ledger.db'}")
    models.SQLModel.metadata.create_all(engine)
    jakarta = datetime(2026, 3, 14, 9, 30, tzinfo=timezone(timedelta(hours=7)))
    with engine.begin() as conn:
        conn.execute(tables.TRAIL.insert().values(at=jakarta, actor="a", action="x", detail="{}"))
        conn.execute(models.Trail.__table__.insert().values(at=jakarta, actor="b", action="x", detail="{}"))
        ours = conn.execute(select(tables.TRAIL.c.at).order_by(tables.TRAIL.c.id)).scalars().all()
        theirs = conn.execute(select(models.Trail.__table__.c.at).order_by(models.Trail.__table__.c.id)).scalars().all()
    assert ours == theirs == [datetime(2026, 3, 14, 2, 30, tzinfo=timezone.utc)] * 2
    with engine.begin() as conn, pytest.raises(Exception, match="timezone"):
        conn.execute(tables.TRAIL.insert().values(at=datetime(2026, 3, 14), actor="a", action="x", detail="{}"))
    engine.dispose()
