"""Upgrades: a ledger of schema 1, built here statement by statement as jpledger 0.1 made it, opens in this
version, is upgraded after an owner-only backup and reports the same totals; an upgrade is all or nothing;
a ledger from a newer jpledger is refused with exit 4 and left byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import time
from pathlib import Path

import pytest

from conftest import SITI, Cli
from reliability import connect, count, integrity, start

# Schema 1 as jpledger 0.1 created it (SQLite), copied from its models: the tables the upgrade starts from.
V1_SCHEMA = """
CREATE TABLE meta ("key" VARCHAR NOT NULL, value VARCHAR NOT NULL, PRIMARY KEY ("key"));
CREATE TABLE staff (
    nip VARCHAR(18) NOT NULL, name VARCHAR NOT NULL, status VARCHAR NOT NULL, unit VARCHAR, position VARCHAR,
    rank VARCHAR, agency VARCHAR, supervisor VARCHAR(18), joined DATE, "left" DATE, leave_reason VARCHAR,
    created_at DATETIME NOT NULL, updated_at DATETIME NOT NULL, PRIMARY KEY (nip));
CREATE INDEX ix_staff_unit ON staff (unit);
CREATE TABLE policy_version (
    id INTEGER NOT NULL, name VARCHAR NOT NULL, text TEXT NOT NULL, at DATETIME NOT NULL, actor VARCHAR NOT NULL,
    PRIMARY KEY (id));
CREATE TABLE batch (
    id INTEGER NOT NULL, file VARCHAR NOT NULL, at DATETIME NOT NULL, actor VARCHAR NOT NULL,
    staff_added INTEGER NOT NULL, staff_updated INTEGER NOT NULL, added INTEGER NOT NULL, skipped INTEGER NOT NULL,
    reverted_at DATETIME, revert_reason VARCHAR, PRIMARY KEY (id));
CREATE TABLE trail (
    id INTEGER NOT NULL, at DATETIME NOT NULL, actor VARCHAR NOT NULL, action VARCHAR NOT NULL,
    detail TEXT NOT NULL, PRIMARY KEY (id));
CREATE TABLE year_lock (
    year INTEGER NOT NULL, reason VARCHAR NOT NULL, at DATETIME NOT NULL, actor VARCHAR NOT NULL, PRIMARY KEY (year));
CREATE TABLE activity (
    id INTEGER NOT NULL, nip VARCHAR(18) NOT NULL, kind VARCHAR NOT NULL, code VARCHAR NOT NULL,
    form VARCHAR NOT NULL, title VARCHAR NOT NULL, start DATE NOT NULL, "end" DATE NOT NULL, year INTEGER NOT NULL,
    international BOOLEAN NOT NULL, units_cents INTEGER NOT NULL, jp_cents INTEGER NOT NULL, rate_cents INTEGER,
    month_cap INTEGER, day_capped_cents INTEGER NOT NULL, coach VARCHAR, coach_nip VARCHAR(18), organizer VARCHAR,
    ref VARCHAR, note VARCHAR, sessions INTEGER, minutes INTEGER, days INTEGER, policy_version INTEGER NOT NULL,
    batch INTEGER, fingerprint VARCHAR NOT NULL, voided BOOLEAN NOT NULL, void_reason VARCHAR, voided_at DATETIME,
    created_at DATETIME NOT NULL, PRIMARY KEY (id),
    FOREIGN KEY(nip) REFERENCES staff (nip), FOREIGN KEY(policy_version) REFERENCES policy_version (id),
    FOREIGN KEY(batch) REFERENCES batch (id));
CREATE INDEX ix_activity_batch ON activity (batch);
CREATE INDEX ix_activity_fingerprint ON activity (fingerprint);
CREATE INDEX ix_activity_year_nip_jp ON activity (year, voided, nip, kind, jp_cents, "end");
CREATE INDEX ix_activity_nip_start ON activity (nip, start);
"""

BUDI, EKO = "199203152019031001", "199001012024211001"
AT = "2026-06-01 08:00:00.000000"
STAFF = [
    (SITI, "Siti Rahayu", "PNS", "Bidang Diklat", None, None, None, None, None, None, None, AT, AT),
    (BUDI, "Budi Santoso", "PNS", "Bidang Diklat", None, None, None, SITI, None, None, None, AT, AT),
    (EKO, "Eko Prasetyo", "PPPK", "Bidang Evaluasi", None, None, None, None, None, None, None, AT, AT),
]
# id, nip, kind, code, form, title, start, end, year, international, units_cents, jp_cents, rate_cents, month_cap,
# day_capped_cents, coach, coach_nip, organizer, ref, note, sessions, minutes, days, policy_version, batch,
# fingerprint, voided, void_reason, voided_at, created_at
ACTIVITIES = [
    (1, SITI, "pelatihan_teknis", "B3", "klasikal", "Analisis Data", "2026-03-10", "2026-03-12", 2026, 0, 2400, 2400,
     None, None, 0, None, None, None, None, None, None, None, None, 1, None, "f1", 0, None, None, AT),
    (2, BUDI, "pelatihan_teknis", "B3", "klasikal", "Analisis Data", "2026-03-10", "2026-03-12", 2026, 0, 2400, 2400,
     None, None, 0, None, None, None, None, None, None, None, None, 1, None, "f2", 1, "dobel", AT, AT),
    # Three coaching sessions in one month: the cap of two withholds one (2 JP).
    (3, BUDI, "coaching", "C1", "nonklasikal", "Coaching", "2026-04-14", "2026-04-14", 2026, 0, 300, 600, 200, 2,
     0, "Siti Rahayu", SITI, None, None, None, 3, None, None, 1, None, "f3", 0, None, None, AT),
    (4, EKO, "magang", "C11", "nonklasikal", "Magang di LAN", "2026-07-01", "2026-07-03", 2026, 0, 100, 2000, 2000,
     None, 0, None, None, "LAN", None, None, None, None, None, 1, None, "f4", 0, None, None, AT),
    (5, SITI, "elearning", "C3", "nonklasikal", "E-Learning", "2025-05-05", "2025-05-05", 2025, 0, 500, 300, None,
     None, 200, None, None, None, None, None, None, None, None, 1, None, "f5", 0, None, None, AT),
]
TRAIL = [
    (1, AT, "ratna", "init", '{"schema": 1}'),
    (2, AT, "ratna", "staff add", f'{{"nip": "{SITI}"}}'),
    (3, AT, "ratna", "activity void", '{"id": 2, "reason": "dobel"}'),
]
# What jpledger 0.1 reported for this ledger: (nip, jp, state) per year.
TOTALS = {
    2025: [(SITI, 3.0, "short"), (BUDI, 0.0, "short"), (EKO, 0.0, "ok")],
    2026: [(SITI, 24.0, "met"), (BUDI, 4.0, "short"), (EKO, 20.0, "ok")],
}


def build_v1_ledger(path: Path, *, version: int = 1, wal: bool = True) -> None:
    """A ledger file exactly as schema 1 looked, with people, credited activities, a void and a trail."""
    from jpledger.core.policy import default_policy, default_policy_text

    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    conn = sqlite3.connect(path)
    try:
        if wal:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.executescript(V1_SCHEMA)
        with conn:
            conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(version),))
            conn.execute("INSERT INTO policy_version VALUES (1, ?, ?, ?, 'ratna')",
                         (default_policy().name, default_policy_text(), AT))
            conn.executemany(f"INSERT INTO staff VALUES ({', '.join('?' * 13)})", STAFF)
            conn.executemany(f"INSERT INTO activity VALUES ({', '.join('?' * 30)})", ACTIVITIES)
            conn.executemany("INSERT INTO trail VALUES (?, ?, ?, ?, ?)", TRAIL)
    finally:
        conn.close()


def _totals(cli: Cli, year: int) -> list[tuple]:
    return [(p["nip"], p["jp"], p["state"]) for p in cli.ok("totals", "--year", year, "--format", "json").json()]


def _table(db: Path, table: str, width: int | None = None) -> list[tuple]:
    """A table's rows in order; with `width`, only its first columns (those an older schema had)."""
    with sqlite3.connect(db) as conn:
        return [row[:width] for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY 1')]


def _columns(db: Path, table: str) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]


@pytest.mark.parametrize("wal", [True, False], ids=["wal", "rollback-journal"])
def test_a_first_version_ledger_is_upgraded_after_an_owner_only_backup_and_reports_the_same_totals(cli, wal):
    from jpledger.store.models import SCHEMA_VERSION

    build_v1_ledger(cli.db, wal=wal)
    old = {t: _table(cli.db, t) for t in ("staff", "activity", "policy_version", "trail")}
    umask = os.umask(0)  # a permissive umask must not make the backup readable by others
    try:
        assert _totals(cli, 2026) == TOTALS[2026]
    finally:
        os.umask(umask)
    assert _totals(cli, 2025) == TOTALS[2025]

    assert _table(cli.db, "meta") == [("schema_version", str(SCHEMA_VERSION))]
    assert "command" in _columns(cli.db, "trail")
    # Lossless: every column a table had keeps its every value; the upgrade only adds columns beside them.
    for table in ("staff", "activity", "policy_version"):
        assert _table(cli.db, table, len(old[table][0])) == old[table]
    trail = _table(cli.db, "trail")
    assert [row[:5] for row in trail[:3]] == old["trail"] and [row[5] for row in trail[:3]] == [None] * 3
    migrate = [row for row in trail if row[3] == "migrate"]
    assert len(migrate) == 1 and '"from": 1' in migrate[0][4]

    backup = cli.db.with_name(cli.db.name + ".v1.bak")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert _table(backup, "meta") == [("schema_version", "1")]
    assert "command" not in _columns(backup, "trail")
    assert {t: _table(backup, t) for t in old} == old
    assert integrity(cli.db) == ["ok"]
    with sqlite3.connect(cli.db) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert cli("check").exit_code == 0

    entries = cli.ok("log", "--format", "json").json()
    assert entries[0]["action"] == "migrate" and entries[0]["command"].startswith("jpledger totals")
    assert entries[-1]["action"] == "init" and entries[-1]["command"] is None  # not known, not guessed


def test_a_failed_upgrade_changes_nothing(cli, monkeypatch):
    from jpledger.store import migrations

    build_v1_ledger(cli.db)
    before = cli.snapshot()

    def half_done(conn):
        migrations._trail_command(conn)
        conn.exec_driver_sql("ALTER TABLE no_such_table ADD COLUMN x TEXT")

    steps = list(migrations.MIGRATIONS)
    steps[0] = migrations.Migration(2, "fails half way", half_done)
    monkeypatch.setattr(migrations, "MIGRATIONS", steps)
    result = cli("totals", "--year", "2026")
    assert result.exit_code == 4 and "Traceback" not in result.stderr
    assert cli.snapshot() == before
    assert "command" not in _columns(cli.db, "trail")


def test_two_processes_opening_an_old_ledger_at_once_upgrade_it_once(tmp_path):
    db = tmp_path / "ledger.db"
    build_v1_ledger(db)
    # Hold the write lock while they start, so that they all find schema 1 and queue to upgrade it.
    holder = connect(db)
    holder.execute("BEGIN IMMEDIATE")
    try:
        procs = [start(db, "totals", "--year", "2026", "--format", "json") for _ in range(3)]
        time.sleep(2.5)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    results = [p.communicate(timeout=60) + (p.returncode,) for p in procs]
    assert [code for _, _, code in results] == [0, 0, 0], [err for _, err, _ in results]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM trail WHERE action = 'migrate'").fetchone() == (1,)
    assert sorted(p.name for p in tmp_path.iterdir() if ".bak" in p.name) == ["ledger.db.v1.bak"]
    assert count(db, "activity") == len(ACTIVITIES)


def _fingerprint(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("command", [
    ("totals", "--year", "2026"),
    ("staff", "add", "198503142010012003", "--name", "Siti Rahayu"),
    ("init",),
    ("log",),
    ("backup", "copy.db"),
])
@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal"])
def test_a_ledger_from_a_newer_jpledger_is_refused_and_left_byte_for_byte(cli, command, wal):
    build_v1_ledger(cli.db, version=99, wal=wal)
    before = _fingerprint(cli.db.parent)
    result = cli(*command)
    assert result.exit_code == 4
    assert "newer jpledger" in result.stderr and "schema 99" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert _fingerprint(cli.db.parent) == before


def test_check_reports_a_newer_schema_without_touching_it(cli):
    build_v1_ledger(cli.db, version=99, wal=False)
    before = _fingerprint(cli.db.parent)
    result = cli("check", "--format", "json")
    assert result.exit_code == 1
    assert [p["code"] for p in result.json()] == ["SCHEMA_VERSION"]
    assert _fingerprint(cli.db.parent) == before


def test_there_is_one_named_migration_step_per_schema_version():
    from jpledger.store.migrations import MIGRATIONS
    from jpledger.store.models import SCHEMA_VERSION

    assert [step.version for step in MIGRATIONS] == list(range(2, SCHEMA_VERSION + 1))
    assert len({step.name for step in MIGRATIONS}) == len(MIGRATIONS) and all(step.name for step in MIGRATIONS)


def test_the_schema_5_and_6_upgrades_keep_what_each_policy_text_reads_as_and_index_the_capped_entries(cli):
    """Each policy version of a schema 4 ledger gains the JSON of what its text reads as (reading the policy in use
    then needs no YAML parser), and the entries with a monthly cap gain their index; the texts and everything else
    stay as they were."""
    from jpledger.core.policy.text import policy_data
    from jpledger.store.models import SCHEMA_VERSION

    cli.ok("init")
    cli.ok("policy", "use", str(Path(__file__).parent.parent / "examples" / "policy-60-minutes.yaml"))
    cli.ok("staff", "add", SITI, "--name", "Siti", "--status", "PNS")
    cli.ok("record", "coaching", SITI, "--coach", "Pak Joko", "--date", "14/04/2026", "--sessions", "2")
    # The ledger as schema 4 had it: no column for the data, no index of the capped entries.
    cli.rows("ALTER TABLE policy_version DROP COLUMN data")
    cli.rows("DROP INDEX ix_activity_capped")
    cli.rows("UPDATE meta SET value = '4' WHERE key = 'schema_version'")
    before = cli.rows("SELECT id, name, text, at, actor FROM policy_version ORDER BY id")
    activities = cli.rows("SELECT * FROM activity ORDER BY id")
    assert len(before) == 2 and len(activities) == 1
    older = cli("check", "--format", "json")  # it reads the older schema as it is, and says only that it is older
    assert older.exit_code == 1 and {f["code"] for f in older.json()} == {"SCHEMA_VERSION"}

    shown = cli.ok("policy", "show").stdout
    after = cli.rows("SELECT id, name, text, at, actor, data FROM policy_version ORDER BY id")
    assert [row[:5] for row in after] == before
    assert [row[5] for row in after] == [policy_data(row[2]) for row in before] and all(row[5] for row in after)
    assert cli.rows("SELECT * FROM activity ORDER BY id") == activities
    assert cli.rows("SELECT value FROM meta WHERE key = 'schema_version'") == [(str(SCHEMA_VERSION),)]
    indexes = ("SELECT name FROM sqlite_master WHERE type = 'index'" if cli.path else
               "SELECT indexname FROM pg_indexes WHERE tablename = 'activity'")
    assert ("ix_activity_capped",) in cli.rows(indexes)
    assert shown == cli.ok("policy", "show").stdout and "60" in shown
    assert cli("check").exit_code == 0


def test_the_schema_4_upgrade_makes_units_history_and_verification_out_of_what_was_there(cli):
    """Each distinct unit text becomes a top-level unit; each person's current values become their history from
    their appointment (derived from the NIP); entries made before verification existed count as verified; each
    trail entry is about the units of the people it names."""
    build_v1_ledger(cli.db)
    cli.ok("totals", "--year", "2026")
    assert _table(cli.db, "unit", 3) == [("Bidang Diklat", "Bidang Diklat", None),
                                          ("Bidang Evaluasi", "Bidang Evaluasi", None)]
    with sqlite3.connect(cli.db) as conn:
        staff = conn.execute("SELECT nip, unit, unit_code, appointed, appointed_given FROM staff "
                             "ORDER BY nip").fetchall()
        history = conn.execute("SELECT nip, field, value, valid_from FROM staff_history ORDER BY nip, field").fetchall()
        verified = conn.execute("SELECT DISTINCT verification, verified_by FROM activity").fetchall()
        about = conn.execute("SELECT id, units FROM trail WHERE id <= 3 ORDER BY id").fetchall()
    # Siti's NIP says TMT CPNS January 2010, Budi's March 2019; Eko is PPPK: 1 January of the year in his NIP.
    assert staff == [(SITI, "Bidang Diklat", "Bidang Diklat", "2010-01-01", 0),
                     (EKO, "Bidang Evaluasi", "Bidang Evaluasi", "2024-01-01", 0),
                     (BUDI, "Bidang Diklat", "Bidang Diklat", "2019-03-01", 0)]
    assert history == [(SITI, "status", "PNS", "2010-01-01"), (SITI, "unit", "Bidang Diklat", "2010-01-01"),
                       (EKO, "status", "PPPK", "2024-01-01"), (EKO, "unit", "Bidang Evaluasi", "2024-01-01"),
                       (BUDI, "status", "PNS", "2019-03-01"), (BUDI, "supervisor", SITI, "2019-03-01"),
                       (BUDI, "unit", "Bidang Diklat", "2019-03-01")]
    assert verified == [("verified", "(upgrade)")]
    # Each earlier trail entry is about the units of the people it names; one naming nobody, the whole ledger.
    assert about == [(1, None), (2, '["Bidang Diklat"]'), (3, None)]
    assert cli("check").exit_code == 0
