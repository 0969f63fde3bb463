"""Faults found by trying to break jpledger: full disks, odd files at the ledger path, folders that are not there,
a ledger missing part of its schema, digits that are not 0-9, workbooks that count dates from 1904.

Each is met with one clear line and the documented exit code, and changes nothing: not a row, not a file's mode.
Full disks are small tmpfs mounts made for the test (skipped, with the reason, where mounting is not allowed).
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import BUDI, SITI, TODAY, Cli
from reliability import integrity, rows, run

FULL = "the disk or the folder is full; nothing was written"


# --- a small disk ---------------------------------------------------------------------------------------------

@pytest.fixture
def small_disk(tmp_path):
    """A folder on a tmpfs of its own, 2 MB: `fill()` leaves no room on it."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command here to make a small disk")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {made.stderr.strip() or 'mount failed'}")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder: Path) -> Path:
    """Take every byte left on `folder`'s disk; returns the file holding them (delete it to free the disk)."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as handle:
        block = b"\0" * 4096
        try:
            while True:
                handle.write(block)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


def one_line(stderr: str) -> str:
    """The whole of stderr, which must be one plain line: never a traceback, never a second complaint."""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    return lines[0]


@pytest.fixture
def here(tmp_path, monkeypatch):
    """Runs jpledger in-process on ledgers named by the test itself (`--db`), SQLite files only."""
    monkeypatch.setenv("JPLEDGER_TODAY", TODAY)
    monkeypatch.setenv("JPLEDGER_ACTOR", "tester")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("JPLEDGER_DB", raising=False)
    monkeypatch.delenv("JPLEDGER_DEBUG", raising=False)
    monkeypatch.chdir(tmp_path)
    return Cli(str(tmp_path / "unused.db"), None)


@pytest.mark.parametrize("command, name", [("export", "rekap.xlsx"), ("template", "rekap.xlsx"),
                                           ("backup", "salinan.db")])
def test_a_file_written_onto_a_full_disk_is_one_line_saying_so_and_leaves_nothing(tmp_path, small_disk, command,
                                                                                   name):
    db = tmp_path / "ledger.db"
    assert run(db, "staff", "add", SITI, "--name", "Siti Rahayu").returncode == 0
    filler = fill(small_disk)
    scratch = tmp_path / "tmp"  # where the workbook writer keeps its parts (they hold NIPs) while it works
    scratch.mkdir()
    # A real process: what it prints while exiting counts too.
    result = run(db, command, small_disk / name, TMPDIR=str(scratch))
    assert result.returncode == 2
    assert one_line(result.stderr) == f"error: cannot write {small_disk / name}: {FULL}. Free some " \
                                      "space, or write somewhere else, and run it again"
    assert list(small_disk.iterdir()) == [filler]
    assert list(scratch.iterdir()) == []


def test_a_write_onto_a_full_disk_says_the_disk_is_full_and_changes_nothing(here, small_disk):
    db = small_disk / "ledger.db"
    here.ok("--db", db, "staff", "add", SITI, "--name", "Siti Rahayu")
    before = rows(db)
    filler = fill(small_disk)
    result = here("--db", db, "record", "training", SITI, "--kind", "B3", "--title", "Analisis Data " * 300,
                  "--start", "10/03/2026", "--jp", "8")
    assert result.exit_code == 4
    assert one_line(result.stderr).startswith(f"error: cannot write {db}: {FULL}")
    filler.unlink()
    assert rows(db) == before and integrity(db) == ["ok"]
    here.ok("--db", db, "record", "training", SITI, "--kind", "B3", "--title", "Analisis Data", "--start",
            "10/03/2026", "--jp", "8")


def test_a_ledger_made_on_a_full_disk_says_the_disk_is_full_and_leaves_nothing(here, small_disk):
    filler = fill(small_disk)
    result = here("--db", small_disk / "ledger.db", "init")
    assert result.exit_code == 4
    assert FULL in one_line(result.stderr)
    assert list(small_disk.iterdir()) == [filler]


# --- what is at the ledger's path -----------------------------------------------------------------------------

def test_a_named_pipe_at_the_ledger_path_is_refused_and_left_as_it_was(tmp_path):
    pipe = tmp_path / "ledger.db"
    os.mkfifo(pipe)
    os.chmod(pipe, 0o644)
    roster = tmp_path / "pegawai.csv"
    roster.write_text(f"NIP,Nama\n{BUDI},Budi Santoso\n", encoding="utf-8")
    for args in (("staff", "add", SITI, "--name", "Siti Rahayu"), ("init",), ("import", roster),
                 ("totals", "--year", "2026"), ("check",)):
        result = run(pipe, *args, timeout=30)  # a process of its own: a command that opened the pipe would hang
        assert result.returncode == 4, (args, result.stderr)
        assert one_line(result.stderr) == (f"error: {pipe} is not a regular file (it is a named pipe, a device or a "
                                           "socket), so it cannot be a ledger; nothing was changed"), args
        found = pipe.stat()
        assert stat.S_ISFIFO(found.st_mode) and stat.S_IMODE(found.st_mode) == 0o644, args
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger.db", "pegawai.csv"]


WRITES = [("init",), ("staff", "add", SITI, "--name", "Siti Rahayu"), ("import", "pegawai.csv"),
          ("year", "close", "2025", "--reason", "dilaporkan")]
READS = [("totals", "--year", "2026"), ("staff", "list"), ("check",), ("export", "rekap.xlsx")]


@pytest.mark.parametrize("args", WRITES, ids=lambda a: " ".join(a[:2]))
def test_a_ledger_in_a_folder_that_is_not_there_is_a_usage_error_and_no_folder_is_made(here, tmp_path, args):
    Path("pegawai.csv").write_text(f"NIP,Nama\n{BUDI},Budi Santoso\n", encoding="utf-8")
    db = tmp_path / "tidak" / "ada" / "ledger.db"
    result = here("--db", db, *args)
    assert result.exit_code == 2
    assert one_line(result.stderr) == (f"error: {db.parent} does not exist, so no ledger can be made at {db}; "
                                       "create the folder first (jpledger never creates folders)")
    assert not (tmp_path / "tidak").exists()


@pytest.mark.parametrize("args", READS, ids=lambda a: a[0])
def test_reading_a_ledger_in_a_folder_that_is_not_there_stays_exit_4(here, tmp_path, args):
    db = tmp_path / "tidak" / "ledger.db"
    result = here("--db", db, *args)
    assert result.exit_code == 4
    assert one_line(result.stderr).startswith(f"error: no ledger at {db}")
    assert not db.parent.exists()


@pytest.mark.parametrize("args, code", [(("init",), 2), (("staff", "add", SITI, "--name", "Siti"), 2),
                                        (("totals", "--year", "2026"), 4)])
def test_a_ledger_path_below_a_plain_file_says_the_folder_part_is_a_file(here, tmp_path, args, code):
    plain = tmp_path / "catatan.txt"
    plain.write_text("not a folder\n", encoding="utf-8")
    result = here("--db", plain / "sub" / "ledger.db", *args)
    assert result.exit_code == code
    assert one_line(result.stderr) == (f"error: {plain} is a file, not a folder, so there can be no ledger at "
                                       f"{plain / 'sub' / 'ledger.db'}")
    assert plain.read_text(encoding="utf-8") == "not a folder\n"


@contextmanager
def umask(mask: int):
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_ledger_named_by_a_sqlite_url_is_created_owner_only_every_way(here, tmp_path):
    with umask(0o022):
        here.ok("--db", f"sqlite:///{tmp_path / 'init.db'}", "init")
        here.ok("--db", f"sqlite:///{tmp_path / 'first.db'}", "staff", "add", SITI, "--name", "Siti Rahayu")
        here.ok("--db", tmp_path / "first.db", "migrate-to", f"sqlite:///{tmp_path / 'copy.db'}")
    assert [mode(tmp_path / name) for name in ("init.db", "first.db", "copy.db")] == [0o600] * 3
    # The same ledger, whichever way it is named.
    assert here.ok("--db", f"sqlite:///{tmp_path / 'copy.db'}", "staff", "list", "--format", "json").json() \
        == here.ok("--db", tmp_path / "first.db", "staff", "list", "--format", "json").json()


def test_a_sqlite_url_with_driver_options_is_refused(here, tmp_path):
    result = here("--db", f"sqlite:///{tmp_path / 'x.db'}?mode=rwc", "init")
    assert result.exit_code == 2 and "sqlite:///PATH" in one_line(result.stderr)
    assert not (tmp_path / "x.db").exists()


# --- a ledger missing part of its schema ----------------------------------------------------------------------

@pytest.mark.parametrize("damage", ["DROP TABLE trail", "ALTER TABLE staff DROP COLUMN agency"])
def test_a_write_on_a_ledger_missing_part_of_its_schema_is_refused_saying_to_run_check(unit, damage):
    unit.rows(damage)
    before = unit.snapshot()
    for args in (("staff", "add", "198806102014031004", "--name", "Agus Salim"),
                 ("record", "training", SITI, "--kind", "B3", "--title", "Analisis", "--start", "10/03/2026",
                  "--jp", "8"),
                 ("year", "close", "2025", "--reason", "dilaporkan")):
        result = unit(*args)
        assert result.exit_code == 4, (args, result.stderr)
        assert "run `jpledger check`" in one_line(result.stderr).replace("Run `", "run `"), args
        assert unit.snapshot() == before
    found = unit("check", "--format", "json")
    assert found.exit_code == 1 and {f["code"] for f in found.json()} == {"SCHEMA_INCOMPLETE"}


# --- NIP digits -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("nip, bad", [("¹⁹⁸⁵⁰³¹⁴²⁰¹⁰⁰¹²⁰⁰³", "¹"), ("١٩٨٥٠٣١٤٢٠١٠٠١٢٠٠٣", "١")],
                         ids=["superscript", "arabic-indic"])
def test_a_nip_in_other_digits_is_a_usage_error_and_a_row_error(cli, tmp_path, nip, bad):
    result = cli("staff", "add", nip, "--name", "Siti Rahayu")
    assert result.exit_code == 2
    assert one_line(result.stderr) == f"error: NIP '{nip}': a NIP must be 18 digits 0-9, but it contains '{bad}'"
    roster = tmp_path / "pegawai.csv"
    roster.write_text(f"NIP,Nama\n{BUDI},Budi Santoso\n{nip},Siti Rahayu\n", encoding="utf-8")
    result = cli("import", roster)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == (f"{roster}:pegawai!A3: NIP '{nip}': a NIP must be 18 digits 0-9, "
                                             f"but it contains '{bad}'")
    assert not cli.exists  # neither made a ledger


# --- workbooks that count dates from 1904 ---------------------------------------------------------------------

def test_a_workbook_in_the_1904_date_system_imports_its_serial_numbers_as_it_shows_them(unit, tmp_path):
    """Excel for Mac's old default: serial 44621 is 2 March 2026 there, not 1 March 2022."""
    import datetime

    import xlsxwriter

    path = tmp_path / "mac.xlsx"
    book = xlsxwriter.Workbook(path, {"date_1904": True})
    shown = book.add_format({"num_format": "dd/mm/yyyy"})
    staff = book.add_worksheet("Pegawai")
    staff.write_row(0, 0, ["NIP", "Nama", "TMT Masuk"])
    staff.write_string(1, 0, "198806102014031004")
    staff.write_string(1, 1, "Agus Salim")
    staff.write_number(1, 2, 42794)  # 1 March 2021, typed into a cell formatted as a number
    activities = book.add_worksheet("Kegiatan")
    activities.write_row(0, 0, ["NIP Peserta", "Jenis Kegiatan", "Nama Kegiatan", "Tanggal Mulai", "Jumlah JP"])
    activities.write_row(1, 0, [BUDI, "B3", "Serial", 44621, 8])
    activities.write_row(2, 0, [BUDI, "B3", "Tanggal", None, 8])
    activities.write_datetime(2, 3, datetime.datetime(2026, 3, 2), shown)
    book.close()
    unit.ok("import", path)
    entries = unit.ok("activity", "list", "--format", "json").json()
    assert sorted((e["title"], e["start"]) for e in entries) == [("Serial", "2026-03-02"), ("Tanggal", "2026-03-02")]
    assert unit.ok("staff", "show", "198806102014031004", "--format", "json").json()["joined"] == "2021-03-01"
