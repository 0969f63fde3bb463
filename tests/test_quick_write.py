"""The quick write (store/writing.py): `record` writes a current SQLite ledger through the standard library, and
must write and print exactly what the full opening through SQLAlchemy writes and prints; a busy ledger, a driver
error half way, a closed year and an incomplete schema end as they always did, the ledger unchanged."""

import re
import sqlite3

import pytest

from conftest import BUDI, DEWI, EKO, SITI
from jpledger.store import sql, writing

STRANGER = "199001012024211999"  # a valid NIP the ledger does not know
PDF = b"%PDF-1.4\n% a certificate\n"


@pytest.fixture
def quick_used(monkeypatch):
    """Whether each write since went the quick way: [True, False, ...]."""
    used = []
    real = writing.open_for_writing

    def watched(location, command=None):
        conn = real(location, command)
        used.append(conn is not None)
        return conn

    monkeypatch.setattr(writing, "open_for_writing", watched)
    return used


def full_only(monkeypatch) -> None:
    monkeypatch.setattr(writing, "open_for_writing", lambda location, command=None: None)


def _records(tmp_path):
    cert = tmp_path / "STTPP Siti.pdf"
    cert.write_bytes(PDF)
    again = tmp_path / "salinan.pdf"
    again.write_bytes(PDF)
    return [
        ("record", "coaching", BUDI, "--coach", SITI, "--date", "14/03/2026", "--sessions", "3", "--minutes", "90",
         "--goal", "Menyusun  laporan", "--actions", "Draf minggu depan", "--follow-up", "01/04/2026"),
        ("record", "coaching", BUDI, "--coach", SITI, "--date", "14/03/2026", "--sessions", "3"),  # a duplicate
        ("record", "mentoring", DEWI, "--mentor", "Dr.  Ahmad Fauzi", "--date", "01/02/2026", "--mandiri",
         "--international", "--ref", "ND-7"),
        ("record", "coaching", DEWI, "--coach", STRANGER, "--date", "02/02/2026", "--format", "json"),
        ("record", "training", BUDI, DEWI, EKO, "--kind", "B3", "--title", "Analisis Data", "--start", "10/03/2026",
         "--end", "12/03/2026", "--jp", "24", "--format", "csv"),
        ("record", "magang", SITI, "--start", "01/07/2026", "--end", "31/07/2026", "--host", "BPS Provinsi Jawa Barat"),
        ("record", "training", EKO, "--kind", "B3", "--title", "Masa Depan", "--start", "10/12/2026", "--jp", "8"),
        ("record", "training", SITI, DEWI, "--kind", "B3", "--title", "Statistik", "--start", "05/05/2026", "--jp",
         "16", "--evidence", str(cert), "--evidence", str(again)),
        ("record", "coaching", STRANGER, "--coach", SITI, "--date", "14/03/2026"),  # not in the ledger: exit 2
        ("record", "coaching", BUDI, "--coach", SITI, "--date", "14/03/1949"),  # a day no one can mean: exit 2
        ("--lang", "id", "record", "training", BUDI, "--kind", "B3", "--title", "Rapat", "--start", "01/06/2026",
         "--minutes", "135"),
    ]


def _moments_masked(snapshot: dict) -> dict:
    """Every row, with the moments of writing (which differ by the second between two runs) masked."""
    moment = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")
    return {table: [tuple("<moment>" if isinstance(v, str) and moment.match(v) else v for v in row) for row in rows]
            for table, rows in snapshot.items()}


def test_the_quick_write_and_the_full_opening_write_and_print_the_same(unit, tmp_path, monkeypatch, quick_used):
    twin = tmp_path / "twin.db"
    with sqlite3.connect(unit.db) as source, sqlite3.connect(twin) as target:
        source.backup(target)
    commands = _records(tmp_path)
    quick = [unit(*args) for args in commands]
    assert quick_used == [True] * len(commands)
    written = unit.snapshot()

    full_only(monkeypatch)
    monkeypatch.setenv("JPLEDGER_DB", str(twin))
    unit.path = twin
    full = [unit(*args) for args in commands]
    assert [(a.exit_code, a.stdout, a.stderr) for a in quick] == [(b.exit_code, b.stdout, b.stderr) for b in full]
    assert [r.exit_code for r in quick] == [0] * 8 + [2, 2, 0]
    assert "looks like a duplicate" in quick[1].stderr and STRANGER in quick[3].stderr
    assert _moments_masked(written) == _moments_masked(unit.snapshot())
    # The trail keeps who and with which command line, the same either way.
    (trail,) = unit.rows("SELECT actor, action, command, units FROM trail WHERE action = 'record mentoring'")
    assert trail[:2] == ("tester", "record mentoring") and "--mentor" in trail[2] and "Bidang Evaluasi" in trail[3]


def test_a_busy_ledger_is_the_same_error_and_exit_and_nothing_is_written(unit, monkeypatch, quick_used):
    before = unit.snapshot()
    monkeypatch.setenv("JPLEDGER_BUSY_TIMEOUT", "0.3")
    args = ("record", "coaching", BUDI, "--coach", SITI, "--date", "14/03/2026")
    holder = sqlite3.connect(unit.db, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        quick = unit(*args)
        full_only(monkeypatch)
        full = unit(*args)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert quick_used == []  # the quick write met the lock held and said so itself: it did not fall back
    assert (quick.exit_code, quick.stdout, quick.stderr) == (full.exit_code, full.stdout, full.stderr)
    assert quick.exit_code == 4 and "busy" in quick.stderr and "0.3" in quick.stderr
    assert unit.snapshot() == before


def test_a_driver_error_half_way_is_worded_as_before_and_nothing_is_written(unit, monkeypatch, quick_used):
    """The activity is inserted, then the trail's insert fails in the database: all or nothing."""
    unit.needs_sqlite()
    unit.rows("CREATE TRIGGER no_room BEFORE INSERT ON trail BEGIN SELECT RAISE(ABORT, 'no room for it'); END")
    before = unit.snapshot()
    args = ("record", "training", BUDI, "--kind", "B3", "--title", "Analisis Data", "--start", "10/03/2026",
            "--jp", "8")
    quick = unit(*args)
    assert quick_used == [True]
    full_only(monkeypatch)
    full = unit(*args)
    assert (quick.exit_code, quick.stdout, quick.stderr) == (full.exit_code, full.stdout, full.stderr)
    assert quick.exit_code == 4 and "no room for it" in quick.stderr and len(quick.stderr.splitlines()) == 1
    assert unit.snapshot() == before


def test_an_error_of_jpledger_half_way_leaves_the_ledger_unchanged(unit, tmp_path, monkeypatch, quick_used):
    from jpledger.errors import InputRejected
    from jpledger.store import recording

    def refused(*_args, **_kwargs):
        raise InputRejected("YEAR_CLOSED_REFUSES", year=2026, reason="audited", what="record training")

    cert = tmp_path / "STTPP.pdf"
    cert.write_bytes(PDF)
    before = unit.snapshot()
    monkeypatch.setattr(recording, "link", refused)
    result = unit("record", "training", BUDI, "--kind", "B3", "--title", "X", "--start", "10/03/2026", "--jp", "8",
                  "--evidence", cert)
    assert quick_used == [unit.path is not None] and result.exit_code == 3  # never quick on PostgreSQL
    assert unit.snapshot() == before


def test_a_closed_year_is_refused_on_the_quick_write(unit, quick_used):
    unit.ok("year", "close", "2025", "--reason", "Laporan tahunan terkirim")
    before = unit.snapshot()
    quick_used.clear()
    result = unit("record", "coaching", BUDI, "--coach", SITI, "--date", "10/11/2025")
    assert quick_used == [unit.path is not None]
    assert result.exit_code == 3 and "year 2025 is closed" in result.stderr
    assert unit.snapshot() == before


def test_only_a_plain_current_complete_ledger_is_written_quickly(unit, tmp_path, monkeypatch):
    db = unit.db
    conn = writing.open_for_writing(str(db), "jpledger record")
    assert conn is not None and conn.in_transaction and conn.command == "jpledger record"
    # Set as the full opening sets them (store/engine.py).
    pragmas = ("busy_timeout", "foreign_keys", "synchronous", "journal_mode")
    quick = [conn.execute(f"PRAGMA {name}").fetchone()[0] for name in pragmas]
    conn.execute("ROLLBACK")
    conn.close()
    from jpledger.store.engine import _sqlite_engine

    engine = _sqlite_engine(db, sql.busy_timeout())
    try:
        with engine.connect() as full:
            assert quick == [full.exec_driver_sql(f"PRAGMA {name}").scalar() for name in pragmas]
    finally:
        engine.dispose()
    assert writing.open_for_writing(str(tmp_path / "none.db")) is None
    assert writing.open_for_writing(str(tmp_path)) is None
    assert writing.open_for_writing(f"sqlite:///{db}") is None
    # A ledger that lacks a column: the full opening refuses it, naming what is missing, and writes nothing.
    unit.rows("ALTER TABLE activity DROP COLUMN follow_up")
    assert writing.open_for_writing(str(db)) is None
    before = unit.snapshot()
    result = unit("record", "coaching", BUDI, "--coach", SITI, "--date", "14/03/2026")
    assert result.exit_code == 4 and "activity.follow_up" in result.stderr
    assert unit.snapshot() == before
    # An older schema: upgraded by the full opening.
    unit.rows("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    assert writing.open_for_writing(str(db)) is None
    # Not yet in WAL mode.
    other = tmp_path / "rollback.db"
    with sqlite3.connect(db) as source, sqlite3.connect(other) as target:
        source.backup(target)
    with sqlite3.connect(other) as target:
        target.execute("PRAGMA journal_mode = DELETE")
    assert writing.open_for_writing(str(other)) is None


def test_the_quick_write_knows_every_table_and_column_and_the_defaults_of_an_entry(unit):
    from jpledger.store.recording import ACTIVITY_DEFAULTS
    from jpledger.store.tables import ACTIVITY, METADATA

    assert ACTIVITY_DEFAULTS == {c.name: c.default.arg for c in ACTIVITY.columns if c.default is not None}
    assert sql.COLUMNS == {t.name: tuple(c.name for c in t.columns) for t in METADATA.sorted_tables}
    assert sql.SCHEMA_VERSION == int(unit.rows("SELECT value FROM meta WHERE key = 'schema_version'")[0][0])
