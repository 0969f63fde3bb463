"""Crash safety: a jpledger process (a long `record training`, a big import) killed with SIGKILL at any point
leaves the ledger exactly as it was before the command (or, if the kill came after the commit, with the whole
change): never a part of it, never damaged.

The kills land at moments seen from outside: while the command holds the write lock (its transaction is open),
a little later, and at plain delays after it started. No test hook is built into jpledger for this.
"""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from reliability import add_staff, connect, count, holds_write_lock, integrity, nips, rows, start

CLASS = 2000  # people in one `record training`: a write long enough to be killed in the middle


def _kill(proc) -> None:
    proc.kill()
    proc.communicate(timeout=30)


def _wait_for(condition, proc, timeout: float = 60) -> bool:
    """Poll until `condition()` holds; False if the process ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.002)
    return False


def _whole_or_nothing(db: Path, before: dict, added: int) -> bool:
    """Check the ledger after a kill; True when nothing of the command is in it, False when all of it is."""
    assert integrity(db) == ["ok"]
    after = rows(db)
    if after == before:
        return True
    assert len(after["activity"]) == len(before["activity"]) + added
    assert len(after["trail"]) == len(before["trail"]) + 1
    assert len(after["batch"]) - len(before["batch"]) in (0, 1)  # an import is a batch
    for table in set(after) - {"activity", "trail", "batch"}:
        assert after[table] == before[table]
    return False


def _roster(path: Path, people: list[str]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["NIP Peserta", "Jenis Kegiatan", "Nama Kegiatan", "Tanggal Mulai", "Tanggal Selesai",
                         "Jumlah JP"])
        writer.writerows([nip, "B3", "Diklat Massal", "10/03/2026", "12/03/2026", "24"] for nip in people)
    return path


@pytest.mark.parametrize("write", ["record", "import"])
def test_a_long_write_killed_at_any_point_leaves_the_ledger_as_it_was(tmp_path, write):
    db = tmp_path / "ledger.db"
    people = nips(CLASS)
    add_staff(db, people)
    if write == "record":
        command = ("-q", "record", "training", *people, "--kind", "B3", "--title", "Diklat Massal", "--start",
                   "10/03/2026", "--jp", "8", "--format", "json")
    else:
        command = ("-q", "import", str(_roster(tmp_path / "rekap.csv", people)), "--format", "json")

    # Once left alone, to see how long it writes on this machine: from the first moment it holds the write lock
    # to the last (a command that wrongly committed part way would take the lock again for the rest).
    before = rows(db)
    proc = start(db, *command, output=False)
    assert _wait_for(lambda: holds_write_lock(db), proc)
    first = last = time.monotonic()
    spans, locked = 1, True
    while proc.poll() is None:
        now_locked = holds_write_lock(db)
        if now_locked:
            last = time.monotonic()
        spans += now_locked and not locked
        locked = now_locked
        if time.monotonic() - first > 60:
            _kill(proc)
            pytest.fail("the write did not finish within a minute")
        time.sleep(0.002)
    held = last - first
    assert spans == 1, "the command wrote in more than one transaction"
    assert proc.returncode == 0
    assert not _whole_or_nothing(db, before, CLASS)

    killed_inside = 0
    for after, delay in (("start", 0.3), ("lock", 0.0), ("lock", held * 0.25), ("lock", held * 0.5),
                         ("lock", held * 0.75), ("lock", held * 0.9)):
        if write == "import":
            # A re-import of the same rows adds nothing: void what the last one added so the next adds it all again.
            with connect(db) as conn:
                conn.execute("UPDATE activity SET voided = 1, void_reason = 'test'")
        before = rows(db)
        proc = start(db, *command, output=False)
        # After a plain delay (before, while or after it opens the ledger), or once its transaction is open.
        inside = after == "lock" and _wait_for(lambda: holds_write_lock(db), proc)
        time.sleep(delay)
        _kill(proc)
        if _whole_or_nothing(db, before, CLASS) and inside:
            killed_inside += 1
    # The early kills landed inside the transaction; a later one may find it finished (then all of it is there).
    assert killed_inside >= 2


def test_a_ledger_creation_killed_at_any_point_leaves_no_ledger_or_a_whole_one(tmp_path):
    from jpledger.store.db import open_ledger

    outcomes = set()
    for i, delay in enumerate((0.0, 0.01, 0.05)):
        db = tmp_path / f"l{i}.db"
        proc = start(db, "init")
        # Kill once the new ledger is being built beside its final name, and a little later.
        _wait_for(lambda: any(p.name.endswith(".creating") for p in tmp_path.iterdir()), proc)
        time.sleep(delay)
        _kill(proc)
        if db.exists():
            assert integrity(db) == ["ok"] and count(db, "trail") == 1
            outcomes.add("whole")
        else:
            outcomes.add("none")
        # What a killed creation cannot clean up is its own half-built file beside the ledger, never the ledger.
        for leftover in tmp_path.glob(f".{db.name}.*"):
            leftover.unlink()
        open_ledger(str(db), create=True).close()
        assert integrity(db) == ["ok"] and count(db, "trail") == 1
    assert "none" in outcomes


@pytest.mark.parametrize("failure", ["database", "bug"])
def test_a_creation_that_fails_leaves_nothing_behind(cli, monkeypatch, failure):
    import sqlite3

    from sqlalchemy.exc import OperationalError

    def fail(*_args, **_kwargs):
        if failure == "database":
            raise OperationalError("INSERT", None, sqlite3.OperationalError("disk I/O error"))
        raise RuntimeError("half way")

    folder = cli.db.parent
    with monkeypatch.context() as patch:
        patch.setattr("jpledger.policyfile.default_policy_text", fail)
        result = cli("staff", "add", "198503142010012003", "--name", "Siti Rahayu")
    assert result.exit_code == (4 if failure == "database" else 70)
    assert "Traceback" not in result.stderr
    assert list(folder.iterdir()) == []  # neither a half-made ledger nor the file it was built in
    cli.ok("staff", "add", "198503142010012003", "--name", "Siti Rahayu")


def test_an_upgrade_killed_at_any_point_leaves_the_old_ledger_or_the_upgraded_one(tmp_path, monkeypatch):
    from conftest import TODAY, Cli
    from jpledger.store.models import SCHEMA_VERSION
    from test_reliability_upgrade import TOTALS, build_v1_ledger

    monkeypatch.setenv("JPLEDGER_TODAY", TODAY)
    for i, delay in enumerate((0.0, 0.01, 0.05)):
        db = tmp_path / f"old{i}.db"
        build_v1_ledger(db)
        before = rows(db)
        proc = start(db, "totals", "--year", "2026")
        _wait_for(lambda db=db: db.with_name(db.name + ".v1.bak").exists(), proc)
        time.sleep(delay)
        _kill(proc)
        assert integrity(db) == ["ok"]
        after = rows(db)
        if after != before:
            assert after["meta"] == [("schema_version", str(SCHEMA_VERSION))]
        totals = Cli(str(db), db).ok("--db", str(db), "totals", "--year", "2026", "--format", "json").json()
        assert [(p["nip"], p["jp"], p["state"]) for p in totals] == TOTALS[2026]
