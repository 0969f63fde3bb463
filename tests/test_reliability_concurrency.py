"""Several writers at once: real processes creating, recording and importing into one ledger all succeed and
lose no row;
readers and writers do not wait for each other (WAL); a writer kept waiting too long gets exit 4 in plain words.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from conftest import SITI
from reliability import add_staff, connect, count, integrity, nips, run, short_error, start

WORKERS = 4


def _finish(procs) -> list[tuple[int, str, str]]:
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        results.append((proc.returncode, out, err))
    return results


def test_processes_creating_and_writing_one_ledger_at_once_all_succeed_and_lose_nothing(tmp_path):
    db = tmp_path / "shared.db"
    people = nips(WORKERS)

    # Round 1: the ledger does not exist; every process creates it (or finds it) and adds one person.
    first = _finish([start(db, "staff", "add", nip, "--name", f"Pegawai {i}") for i, nip in enumerate(people)])
    assert [code for code, _, _ in first] == [0] * WORKERS, [err for _, _, err in first]
    assert sum("created a new ledger" in err for _, _, err in first) == 1
    assert count(db, "staff") == WORKERS

    # Round 2: at the same time, processes record a class for everyone, a coaching for one person, or import a
    # roster of their own (which also adds people).
    rosters = [_roster(tmp_path / f"rekap-{i}.xlsx", people, nips(3, first=100 + 3 * i), i) for i in range(2)]
    procs = [start(db, "record", "training", *people, "--kind", "B3", "--title", f"Kelas {i}",
                   "--start", f"{i + 1:02d}/03/2026", "--jp", "8", "--format", "json") for i in range(WORKERS)]
    procs += [start(db, "record", "coaching", nip, "--coach", "Dr. Ahmad", "--date", "14/04/2026",
                    "--format", "json") for nip in people[:2]]
    imports = [start(db, "import", roster, "--format", "json") for roster in rosters]
    second = _finish(procs)
    imported = _finish(imports)
    assert [code for code, _, _ in second + imported] == [0] * (len(procs) + 2), [e for _, _, e in second + imported]
    ids = [entry["id"] for _, out, _ in second for entry in json.loads(out)]
    assert len(ids) == len(set(ids)) == WORKERS * WORKERS + 2
    batches = [json.loads(out)["batch"] for _, out, _ in imported]
    assert sorted(batches) == [1, 2]

    with connect(db) as conn:
        recorded = sorted(r[0] for r in conn.execute("SELECT id FROM activity WHERE batch IS NULL"))
        by_batch = conn.execute("SELECT batch, COUNT(*) FROM activity WHERE batch IS NOT NULL GROUP BY batch")
        assert dict(by_batch.fetchall()) == {1: WORKERS + 3, 2: WORKERS + 3}
        actions = [r[0] for r in conn.execute("SELECT action FROM trail")]
    assert recorded == sorted(ids)
    assert count(db, "staff") == WORKERS + 6
    assert actions.count("init") == 1
    assert actions.count("staff add") == WORKERS and actions.count("import") == 2
    assert actions.count("record training") == WORKERS and actions.count("record coaching") == 2
    assert integrity(db) == ["ok"]


def _roster(path, people: list[str], newcomers: list[str], n: int):
    """A workbook that adds `newcomers` and gives everyone, old and new, one e-learning entry."""
    from openpyxl import Workbook

    book = Workbook()
    staff = book.active
    staff.title = "Pegawai"
    staff.append(["NIP", "Nama", "Unit Kerja"])
    for nip in newcomers:
        staff.append([nip, f"Pegawai Baru {nip[-4:]}", f"Bidang {n}"])
    activities = book.create_sheet("Kegiatan")
    activities.append(["NIP Peserta", "Jenis Kegiatan", "Nama Kegiatan", "Tanggal Mulai", "Jumlah JP"])
    for nip in people + newcomers:
        activities.append([nip, "C3", f"Daring {n}", f"0{n + 1}/05/2026", 3])
    book.save(path)
    return path


def test_a_reader_holding_a_snapshot_does_not_block_a_writer(tmp_path):
    db = tmp_path / "ledger.db"
    add_staff(db, [SITI])
    reader = connect(db)
    try:
        reader.execute("BEGIN")
        assert reader.execute("SELECT COUNT(*) FROM activity").fetchone() == (0,)
        # Without WAL the writer could not commit while this read is open and would give up after the wait.
        result = run(db, "record", "training", SITI, "--kind", "B3", "--title", "Analisis Data",
                     "--start", "10/03/2026", "--jp", "8", JPLEDGER_BUSY_TIMEOUT="5")
        assert result.returncode == 0, result.stderr
        assert reader.execute("SELECT COUNT(*) FROM activity").fetchone() == (0,)  # its snapshot still holds
        reader.execute("COMMIT")
        assert reader.execute("SELECT COUNT(*) FROM activity").fetchone() == (1,)
    finally:
        reader.close()


def test_a_writer_in_the_middle_of_a_transaction_does_not_block_a_reader(tmp_path):
    db = tmp_path / "ledger.db"
    add_staff(db, [SITI])
    writer = connect(db)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE staff SET name = 'Belum Disimpan'")
        result = run(db, "staff", "list", "--format", "json", JPLEDGER_BUSY_TIMEOUT="5")
        assert result.returncode == 0, result.stderr
        assert [p["name"] for p in json.loads(result.stdout)] != ["Belum Disimpan"]  # never a half-done change
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_writer_kept_waiting_past_the_wait_gets_exit_4_and_nothing_is_written(cli, monkeypatch):
    cli.ok("staff", "add", SITI, "--name", "Siti Rahayu")
    before = cli.snapshot()
    monkeypatch.setenv("JPLEDGER_BUSY_TIMEOUT", "0.3")
    holder = connect(cli.db)
    try:
        holder.execute("BEGIN IMMEDIATE")
        result = cli("record", "training", SITI, "--kind", "B3", "--title", "Analisis Data", "--start", "10/03/2026",
                     "--jp", "8")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 4
    assert short_error(result.stderr, 1) and "busy" in result.stderr and "try again" in result.stderr
    assert cli.snapshot() == before


def test_a_bad_wait_setting_is_a_usage_error(cli, monkeypatch):
    monkeypatch.setenv("JPLEDGER_BUSY_TIMEOUT", "soon")
    result = cli("init")
    assert result.exit_code == 2 and "JPLEDGER_BUSY_TIMEOUT" in result.stderr
    assert not cli.exists


# --- the retry itself ----------------------------------------------------------------------------------

def _lost_race() -> OperationalError:
    return OperationalError("BEGIN IMMEDIATE", None, sqlite3.OperationalError("database is locked"))


@pytest.fixture
def ledger(tmp_path):
    from jpledger.store.db import open_ledger

    opened = open_ledger(str(tmp_path / "ledger.db"), create=True)
    yield opened
    opened.close()


def test_a_transaction_that_lost_a_race_is_run_again_from_the_start(ledger):
    from jpledger.store.db import trail

    calls = []

    def work(conn):
        calls.append(1)
        trail(conn, "test", {"attempt": len(calls)})  # written, then rolled back when the race is lost
        if len(calls) == 1:
            raise _lost_race()
        return "done"

    assert ledger.write_retrying(work) == "done"
    assert len(calls) == 2
    with ledger.read() as conn:
        details = [r[0] for r in conn.exec_driver_sql("SELECT detail FROM trail WHERE action = 'test'")]
    assert details == ['{"attempt": 2}']


def test_only_a_lost_race_is_run_again(ledger):
    from jpledger.errors import UsageError

    calls = []

    def work(conn):
        calls.append(1)
        raise UsageError("NIP is not in the ledger")

    with pytest.raises(UsageError):
        ledger.write_retrying(work)
    assert len(calls) == 1


def test_taking_the_write_lock_is_tried_again_when_it_fails_at_once(ledger, monkeypatch):
    from jpledger.store.db import Ledger

    real, failures = Ledger._begin_write, []

    def flaky(self):
        if len(failures) < 2:
            failures.append(1)
            raise _lost_race()
        return real(self)

    monkeypatch.setattr(Ledger, "_begin_write", flaky)
    with ledger.write() as conn:
        conn.exec_driver_sql("INSERT INTO meta (key, value) VALUES ('probe', 'x')")
    assert len(failures) == 2
    with ledger.read() as conn:
        assert conn.exec_driver_sql("SELECT value FROM meta WHERE key = 'probe'").scalar() == "x"


def test_lock_failures_are_not_retried_past_the_wait(ledger, monkeypatch):
    from jpledger.errors import LedgerBusy
    from jpledger.store.db import Ledger

    def always(self):
        raise _lost_race()

    monkeypatch.setattr(Ledger, "_begin_write", always)
    ledger.wait_s = 0.2
    with pytest.raises(LedgerBusy):
        with ledger.write():
            pass
