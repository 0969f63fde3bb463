"""The quick read (store/sql.py): `staff show`, `activity show`, `statement`, `totals` and `audit` read a current
SQLite ledger through the standard library, and must print exactly what the full opening through SQLAlchemy
prints; anything unusual goes to the full opening, which upgrades, refuses or explains as before."""

import sqlite3

import pytest

from conftest import BUDI, DEWI, EKO, SITI
from jpledger.store import sql


@pytest.fixture
def varied(unit):
    """Entries of every sort: capped months, a void, a rejection, a unit changed mid-year, PPPK contract years."""
    unit.ok("record", "coaching", BUDI, "--coach", SITI, "--date", "14/03/2026", "--sessions", "3")
    unit.ok("record", "coaching", BUDI, "--coach", "Pak Joko", "--date", "20/03/2026", "--sessions", "1",
            "--international")
    unit.ok("record", "training", BUDI, "--kind", "B3", "--title", "Analisis Data", "--start", "10/03/2026",
            "--end", "12/03/2026", "--jp", "24")
    unit.ok("record", "mentoring", DEWI, "--mentor", SITI, "--date", "01/02/2026", "--sessions", "2", "--mandiri")
    unit.ok("record", "coaching", SITI, "--coach", "Pak Joko", "--date", "10/11/2025", "--sessions", "2")
    unit.ok("record", "coaching", DEWI, "--coach", SITI, "--date", "02/02/2026", "--sessions", "1")
    unit.ok("activity", "void", "5", "--reason", "typed twice")
    unit.ok("activity", "reject", "6", "--reason", "no certificate")
    unit.ok("staff", "update", BUDI, "--unit", "Bidang Evaluasi", "--from", "01/06/2026")
    unit.ok("staff", "contract", EKO, "--start", "01/04/2025", "--end", "31/03/2026")
    unit.ok("staff", "contract", EKO, "--start", "01/04/2026", "--end", "31/03/2027", "--ref", "PK-2")
    unit.ok("record", "coaching", EKO, "--coach", SITI, "--date", "10/05/2026", "--sessions", "2")
    unit.ok("record", "coaching", EKO, "--coach", SITI, "--date", "10/02/2026", "--sessions", "1")
    return unit


def _commands():
    for lang in ("en", "id"):
        for fmt in ("json", "table", "csv"):
            for nip in (SITI, BUDI, DEWI, EKO):
                yield ["--lang", lang, "staff", "show", nip, "--format", fmt]
                for year in ("2025", "2026"):
                    yield ["--lang", lang, "statement", nip, "--year", year, "--format", fmt]
            for activity in range(1, 10):
                yield ["--lang", lang, "activity", "show", str(activity), "--format", fmt]
        yield ["--lang", lang, "staff", "show", "199001012024211999"]  # not in the ledger
        yield ["--lang", lang, "activity", "show", "99"]
        yield ["--lang", lang, "activity", "show", "99999999999999999999999"]  # past 64 bits
        yield ["--lang", lang, "activity", "show", "3000000000"]  # past PostgreSQL's integer
        yield ["--lang", lang, "statement", BUDI, "--year", "2026", "--as-of", "15/03/2026"]


def test_the_quick_read_and_the_full_opening_print_the_same(varied, monkeypatch):
    used = []
    real = sql.read_quickly

    def watched(location, work):
        done = real(location, work)
        used.append(done is not sql.NO_QUICK_READ)
        return done

    monkeypatch.setattr(sql, "read_quickly", watched)
    quick = [varied(*args) for args in _commands()]
    monkeypatch.setattr(sql, "read_quickly", lambda location, work: sql.NO_QUICK_READ)
    full = [varied(*args) for args in _commands()]
    for args, a, b in zip(_commands(), quick, full):
        assert (a.exit_code, a.stdout, a.stderr) == (b.exit_code, b.stdout, b.stderr), args
    assert {r.exit_code for r in full} == {0, 2}
    # On SQLite every read but the id past 64 bits was quick; a PostgreSQL ledger is never read that way.
    assert used.count(True) == (len(used) - 2 if varied.path else 0)


def _year_commands():
    for lang in ("en", "id"):
        for fmt in ("json", "table", "csv"):
            for year in ("2025", "2026"):
                yield ["--lang", lang, "totals", "--year", year, "--format", fmt]
                yield ["--lang", lang, "audit", "--year", year, "--format", fmt]
        yield ["--lang", lang, "totals", "--year", "2026", "--unit", "Bidang Evaluasi", "--by-kind"]
        yield ["--lang", lang, "totals", "--year", "2026", "--status", "PPPK", "--state", "short"]
        yield ["--lang", lang, "totals", "--year", "2026", "--unit", "no such unit"]
        yield ["--lang", lang, "audit", "--year", "2026", "--unit", "Bidang Evaluasi", "--format", "json"]
        yield ["--lang", lang, "audit", "--year", "2026", "--level", "1"]
        yield ["--lang", lang, "audit", "--year", "2026", "--as-of", "31/03/2026", "--format", "json"]


def test_totals_and_audit_read_quickly_and_print_what_the_full_opening_prints(varied, monkeypatch):
    used = []
    real = sql.open_for_reading

    def watched(location):
        conn = real(location)
        used.append(conn is not None)
        return conn

    def compare():
        used.clear()
        monkeypatch.setattr(sql, "open_for_reading", watched)
        quick = [varied(*args) for args in _year_commands()]
        monkeypatch.setattr(sql, "open_for_reading", lambda location: None)
        full = [varied(*args) for args in _year_commands()]
        for args, a, b in zip(_year_commands(), quick, full):
            assert (a.exit_code, a.stdout, a.stderr) == (b.exit_code, b.stdout, b.stderr), args
        assert used and all(used) == bool(varied.path)
        return full

    assert {r.exit_code for r in compare()} == {0, 1, 2}
    # A closed year's stored audit reads the same way.
    varied.ok("year", "close", "2025", "--reason", "dilaporkan")
    assert any("dilaporkan" in r.stdout for r in compare())


def test_a_driver_error_while_a_report_streams_is_worded_as_the_full_opening_words_it(varied, monkeypatch):
    from jpledger.app.runtime import Runtime
    from jpledger.errors import LedgerError
    from jpledger.store.engine import _wrapped

    if varied.path is None:
        pytest.skip("the quick read is SQLite's")
    monkeypatch.chdir(varied.db.parent)
    typed = f"./{varied.db.name}"  # the ledger as typed: messages name it as the full opening does

    def said(error: sqlite3.Error, quick: bool) -> tuple[str, int, str]:
        with pytest.raises(LedgerError) as raised:
            with Runtime(typed).reading_through() as conn:
                assert sql.quick(conn) == quick
                raise error if quick else _wrapped(error, "")
        return raised.value.code, raised.value.exit_code, str(raised.value)

    errors = [sqlite3.OperationalError("database is locked"), sqlite3.DatabaseError("database disk image is malformed")]
    quick = [said(error, True) for error in errors]
    monkeypatch.setattr(sql, "open_for_reading", lambda location: None)
    assert quick == [said(error, False) for error in errors]
    assert [code for code, _, _ in quick] == ["LEDGER_BUSY", "DATABASE_DAMAGED"]
    assert quick[0][2].startswith(f"{varied.db.name}: ")


def test_an_id_past_the_column_is_too_large_on_every_back_end(unit):
    for activity in ("99999999999999999999999", "3000000000" if not unit.path else "99999999999999999999"):
        refused = unit("activity", "show", activity)
        assert (refused.exit_code, refused.stderr) == (2, "error: a number given is too large\n")


def test_the_quick_read_takes_only_a_plain_current_sqlite_ledger(varied, tmp_path):
    db = varied.db
    assert sql.open_for_reading(str(db)) is not None
    assert sql.open_for_reading(str(tmp_path / "none.db")) is None
    assert sql.open_for_reading(str(tmp_path)) is None
    assert sql.open_for_reading(f"sqlite:///{db}") is None  # a URL: the full opening checks it
    (tmp_path / "empty.db").touch()
    assert sql.open_for_reading(str(tmp_path / "empty.db")) is None
    varied.rows("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    assert sql.open_for_reading(str(db)) is None
    refused = varied("staff", "show", BUDI)
    assert refused.exit_code == 4 and "99" in refused.stderr  # the full opening's words: a newer schema


def test_a_ledger_not_yet_in_wal_mode_is_read_through_the_full_opening(varied):
    conn = sqlite3.connect(varied.db)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    assert sql.open_for_reading(str(varied.db)) is None
    assert varied.ok("staff", "show", BUDI, "--format", "json").json()["name"] == "Budi Santoso"
    assert sql.open_for_reading(str(varied.db)) is not None  # the full opening set WAL, once


def test_a_driver_error_on_the_quick_read_is_left_to_the_full_opening(varied):
    def busy(conn):
        raise sqlite3.OperationalError("database is locked")

    assert sql.read_quickly(str(varied.db), busy) is sql.NO_QUICK_READ


def test_a_missing_ledger_is_still_exit_4_and_created_nowhere(cli, tmp_path):
    for args in (["staff", "show", BUDI], ["activity", "show", "1"], ["statement", BUDI, "--year", "2026"]):
        result = cli(*args)
        assert result.exit_code == 4 and "init" in result.stderr
    assert not cli.exists


def test_column_types_by_name_are_those_of_the_tables():
    from sqlalchemy import Boolean, Date, DateTime

    from jpledger.store.tables import METADATA, UTCDateTime

    found = {"dates": set(), "moments": set(), "flags": set()}
    for table in METADATA.sorted_tables:
        for column in table.columns:
            kind = column.type
            if isinstance(kind, (UTCDateTime, DateTime)):
                found["moments"].add(column.name)
            elif isinstance(kind, Date):
                found["dates"].add(column.name)
            elif isinstance(kind, Boolean):
                found["flags"].add(column.name)
    assert found == {"dates": sql.DATES, "moments": sql.MOMENTS, "flags": sql.FLAGS}
    typed = sql.DATES | sql.MOMENTS | sql.FLAGS
    for table in METADATA.sorted_tables:  # a name typed in one table is not a plain value in another
        assert not [c.name for c in table.columns
                    if c.name in typed and not isinstance(c.type, (UTCDateTime, DateTime, Date, Boolean))]


def test_a_list_parameter_is_spelled_out_on_every_back_end():
    assert sql._expand("SELECT 1 WHERE nip IN :nips AND id = :id", {"nips": ["b", "a"], "id": 3}) == (
        "SELECT 1 WHERE nip IN (:nips_0, :nips_1) AND id = :id", {"id": 3, "nips_0": "b", "nips_1": "a"})
    assert sql._expand("x IN :n", {"n": set()}) == ("x IN (NULL)", {})


def test_a_year_holding_most_of_the_ledger_is_read_in_table_order_with_the_same_findings(varied, monkeypatch):
    from jpledger.store import findings

    engine = varied._engine()
    try:
        with engine.connect() as conn:
            # 2026 holds most entries of this ledger, 2025 one of ten; PostgreSQL's planner chooses for itself.
            assert findings.year_scan(conn, 2026) == (" NOT INDEXED" if varied.path else "")
            assert findings.year_scan(conn, 2025) == ""
    finally:
        engine.dispose()
    chosen = varied("audit", "--year", "2026", "--format", "json").stdout
    assert "NO_SUPERVISOR" in chosen and "COACH_NOT_SUPERVISOR" in chosen  # the rules that read the table found
    monkeypatch.setattr(findings, "year_scan", lambda conn, year: "")
    assert varied("audit", "--year", "2026", "--format", "json").stdout == chosen
