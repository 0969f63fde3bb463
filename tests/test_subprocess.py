"""jpledger as a real process, the way scripts and cron jobs run it: start-up, streams, exit codes, no escapes.

Each process costs a fresh interpreter, so these tests are few and share one ledger where they only read.
"""

import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import BUDI, SITI, TODAY

BASE_ENV = {k: v for k, v in os.environ.items()
            if not k.startswith("JPLEDGER_") and k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "TERM")}


def jpledger(db, *args, extra_env=None, python_args=()):
    """Run `python -m jpledger ARGS` against the ledger `db`, with stdout and stderr kept apart."""
    env = BASE_ENV | {"JPLEDGER_DB": str(db), "JPLEDGER_TODAY": TODAY, "JPLEDGER_ACTOR": "cron"} | (extra_env or {})
    return subprocess.run([sys.executable, *python_args, "-m", "jpledger", *map(str, args)], cwd=db.parent,
                          env=env, capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    """Siti supervises Budi; Budi had three coaching sessions in March 2026 from someone else."""
    db = tmp_path_factory.mktemp("shared") / "ledger.db"
    added = jpledger(db, "staff", "add", SITI, "--name", "Siti Rahayu", "--unit", "Bidang Diklat")
    assert added.returncode == 0 and added.stdout == ""
    assert "created a new ledger" in added.stderr
    jpledger(db, "staff", "add", BUDI, "--name", "Budi Santoso", "--unit", "Bidang Diklat", "--supervisor", SITI)
    recorded = jpledger(db, "record", "coaching", BUDI, "--coach", "Pak Joko", "--date", "14/03/2026",
                        "--sessions", "3", "--format", "json")
    assert recorded.returncode == 0, recorded.stderr
    assert [(a["nip"], a["kind"], a["jp"]) for a in json.loads(recorded.stdout)] == [(BUDI, "coaching", 6)]
    assert "1 entry added" in recorded.stderr
    return db


# What a command needs decides what it loads: help needs Typer and the catalog, never the database layer, the
# ORM, pydantic (Typer would coerce values with it) or the workbook and PDF libraries.
HEAVY = {"sqlalchemy", "sqlmodel", "pydantic", "yaml", "xlsxwriter", "python_calamine", "openpyxl", "fpdf"}


def imported_modules(result) -> set[str]:
    return {line.split("|")[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time")}


@pytest.mark.parametrize("args, heading", [(["--help"], "Commands:"), (["--lang", "id", "--help"], "Perintah:"),
                                           (["staff", "show", "--help"], "Options:")])
def test_help_creates_no_ledger_and_does_not_load_the_database_layer(tmp_path, args, heading):
    result = jpledger(tmp_path / "ledger.db", *args, python_args=["-X", "importtime"])
    assert result.returncode == 0
    assert heading in result.stdout
    imported = imported_modules(result)
    assert "jpledger.cli" in imported and "typer" in imported  # the measure itself works
    assert HEAVY & imported == set()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [["staff", "show", BUDI, "--format", "json"], ["activity", "show", "1"],
                                  ["statement", BUDI, "--year", "2026", "--format", "json"],
                                  ["totals", "--year", "2026", "--format", "json"], ["audit", "--year", "2026"]])
def test_an_interactive_read_of_a_sqlite_ledger_loads_no_sqlalchemy(ledger, args):
    """A current SQLite ledger is read through the standard library (store/sql.py): not even SQLAlchemy Core; its
    policy is read back from the JSON stored beside its text, without PyYAML."""
    result = jpledger(ledger, *args, python_args=["-X", "importtime"])
    assert result.returncode in ((0, 1) if args[0] == "audit" else (0,)), result.stderr
    assert BUDI in result.stdout or "Pak Joko" in result.stdout  # it did read the ledger
    imported = imported_modules(result)
    assert "sqlite3" in imported
    assert HEAVY & imported == set()


@pytest.mark.parametrize("args", [
    ["record", "coaching", BUDI, "--coach", SITI, "--date", "14/04/2026", "--sessions", "2", "--format", "json"],
    ["record", "mentoring", BUDI, "--mentor", "Pak Joko", "--date", "15/04/2026"],
    ["record", "training", BUDI, SITI, "--kind", "B3", "--title", "Analisis Data", "--start", "10/03/2026",
     "--jp", "24"],
    ["record", "magang", SITI, "--start", "01/07/2026", "--end", "31/07/2026", "--host", "BPS Jawa Barat"]])
def test_recording_on_a_sqlite_ledger_loads_no_sqlalchemy(ledger, tmp_path, args):
    """`record` writes a current SQLite ledger through the standard library too (store/writing.py)."""
    db = tmp_path / "ledger.db"
    shutil.copyfile(ledger, db)  # the shared ledger stays as the other tests know it
    result = jpledger(db, *args, python_args=["-X", "importtime"])
    assert result.returncode == 0, result.stderr
    assert "added" in result.stderr  # it did write
    imported = imported_modules(result)
    assert "sqlite3" in imported and "jpledger.store.writing" in imported
    assert HEAVY & imported == set()


def test_importing_the_cli_loads_no_database_layer():
    code = "import sys, jpledger.cli; print([m for m in ('sqlalchemy', 'openpyxl', 'sqlmodel') if m in sys.modules])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout.strip()) == (0, "[]")


def test_json_on_stdout_is_clean_and_the_audit_exit_code_reaches_the_shell(ledger):
    report = jpledger(ledger, "audit", "--year", "2026", "--format", "json")
    assert report.returncode == 1  # both are short of 20 JP
    data = json.loads(report.stdout)
    assert (data["summary"]["headcount"], data["summary"]["short"]) == (2, 2)
    people = json.loads(jpledger(ledger, "totals", "--year", "2026", "--format", "json").stdout)
    assert {p["nip"]: p["jp"] for p in people} == {SITI: 0, BUDI: 4}


def test_a_read_on_a_missing_ledger_is_exit_4(tmp_path):
    result = jpledger(tmp_path / "ledger.db", "totals", "--year", "2026")
    assert result.returncode == 4
    assert "jpledger init" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [
    ["totals", "--year", "soon"],
    ["staff", "add", "12345", "--name", "X"],
    ["record", "magang", BUDI, "--start", "31/02/2026", "--end", "01/03/2026", "--host", "X"],
    ["record", "training", BUDI, "--kind", "nope", "--title", "X", "--start", "10/03/2026", "--jp", "2"],
    ["--no-such-option"],
])
def test_no_traceback_on_a_bad_argument(ledger, args):
    result = jpledger(ledger, *args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() and result.stdout == ""


@pytest.mark.parametrize("extra_env", [{}, {"NO_COLOR": "1", "TERM": "xterm-256color"}], ids=["pipe", "no-color"])
def test_no_escape_codes_in_a_pipe(ledger, extra_env):
    for args in (["audit", "--year", "2026"], ["totals", "--year", "2026"], ["statement", BUDI, "--year", "2026"],
                 ["staff", "list"]):
        result = jpledger(ledger, *args, extra_env=extra_env)
        assert result.returncode in (0, 1), result.stderr
        assert result.stdout.strip()
        assert "\x1b" not in result.stdout + result.stderr, args
        if args[0] == "audit":
            assert "Compliance per unit" in result.stdout and "COACH_NOT_SUPERVISOR" in result.stdout
