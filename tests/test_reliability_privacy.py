"""Privacy: NIPs embed birth dates, so the ledger, its -wal/-shm side files and every copy of it are readable by
their owner only, whatever the umask; an unexpected error prints one line without any NIP or name (a traceback
only with JPLEDGER_DEBUG=1); backups and exports never overwrite a file without --force.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from contextlib import contextmanager

import pytest

from conftest import BUDI, SITI
from reliability import env_for

NAME = "Siti Rahayu"


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@contextmanager
def permissive_umask():
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_the_ledger_its_side_files_and_its_backups_are_owner_only_under_any_umask(cli, tmp_path):
    from jpledger.store.db import open_ledger

    with permissive_umask():
        cli.ok("staff", "add", SITI, "--name", NAME)
        ledger = open_ledger(str(cli.db), create=False)
        try:
            with ledger.write():  # while a write is open, SQLite's side files exist
                side = [cli.db.with_name(cli.db.name + s) for s in ("-wal", "-shm")]
                assert all(p.exists() for p in side)
                assert [mode(p) for p in side] == [0o600, 0o600]
        finally:
            ledger.close()
        cli.ok("backup", tmp_path / "salinan.db")
        (tmp_path / "lama.db").write_bytes(b"old copy")
        os.chmod(tmp_path / "lama.db", 0o644)
        cli.ok("backup", tmp_path / "lama.db", "--force")
    assert mode(cli.db) == 0o600
    assert mode(tmp_path / "salinan.db") == 0o600
    assert mode(tmp_path / "lama.db") == 0o600  # the replaced copy is owner-only too, not the old file's mode
    assert not list(tmp_path.glob(".*partial")) and not list(tmp_path.glob(".*creating"))


def test_a_new_ledger_made_by_a_real_process_with_umask_0_is_owner_only(tmp_path):
    db = tmp_path / "baru" / "ledger.db"
    db.parent.mkdir()  # jpledger never creates folders
    result = subprocess.run([sys.executable, "-m", "jpledger", "staff", "add", SITI, "--name", NAME],
                            env=env_for(db), capture_output=True, text=True, timeout=60,
                            preexec_fn=lambda: os.umask(0))
    assert result.returncode == 0, result.stderr
    assert mode(db) == 0o600
    assert sorted(p.name for p in db.parent.iterdir()) == ["ledger.db"]


def _boom(*_args, **_kwargs):
    # What a bug in the middle of a write might carry in its message: the data it was working on.
    raise RuntimeError(f"cannot insert {SITI} ({NAME}) with supervisor {BUDI}")


def test_an_unexpected_error_is_one_line_without_nip_or_name(unit, monkeypatch):
    before = unit.snapshot()
    monkeypatch.setattr("jpledger.store.recording.insert_activities", _boom)
    result = unit("record", "training", SITI, "--kind", "B3", "--title", "Analisis Data", "--start", "10/03/2026",
                  "--jp", "8")
    assert result.exit_code == 70
    assert len(result.stderr.strip().splitlines()) == 1 and "internal error" in result.stderr
    for secret in (SITI, BUDI, NAME, "Traceback"):
        assert secret not in result.stderr + result.stdout
    assert unit.snapshot() == before


def test_with_jpledger_debug_the_unexpected_error_surfaces_whole(unit, monkeypatch):
    monkeypatch.setattr("jpledger.store.recording.insert_activities", _boom)
    monkeypatch.setenv("JPLEDGER_DEBUG", "1")
    with pytest.raises(RuntimeError, match=SITI):
        unit("record", "training", SITI, "--kind", "B3", "--title", "Analisis Data", "--start", "10/03/2026",
             "--jp", "8")


BROKEN_PROCESS = f"""
import jpledger.store.years as years

def boom(*args, **kwargs):
    raise KeyError("{SITI} {NAME}")

years.year_totals = years.year_run = boom
from jpledger.cli import main
main()
"""


@pytest.mark.parametrize("debug", [False, True])
def test_a_real_process_prints_a_traceback_only_with_jpledger_debug(unit, debug):
    extra = {"JPLEDGER_DEBUG": "1"} if debug else {}
    result = subprocess.run([sys.executable, "-c", BROKEN_PROCESS, "totals", "--year", "2026"],
                            env=env_for(unit.db, **extra), capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    if debug:
        assert "Traceback" in result.stderr and SITI in result.stderr
    else:
        assert result.returncode == 70
        assert "Traceback" not in result.stderr and SITI not in result.stderr and NAME not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command, name, magic", [
    ("backup", "salinan.db", b"SQLite format 3\x00"),
    ("export", "laporan.xlsx", b"PK"),
    ("template", "roster.xlsx", b"PK"),
])
def test_nothing_is_overwritten_without_force(unit, tmp_path, command, name, magic):
    if command == "backup":
        unit.needs_sqlite()  # PostgreSQL ledgers are backed up with pg_dump
    target = tmp_path / name
    target.write_bytes(b"someone's work")
    result = unit(command, target)
    assert result.exit_code == 2 and "--force" in result.stderr
    assert target.read_bytes() == b"someone's work"
    unit.ok(command, target, "--force")
    assert target.read_bytes().startswith(magic)
