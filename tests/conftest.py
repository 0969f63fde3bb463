"""Shared fixtures: every test gets its own ledger through JPLEDGER_DB and a pinned "today"."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jpledger.cli import app

TODAY = "2026-11-22"

# Valid NIPs for tests (PNS: birth date, TMT CPNS at 18+, sex digit, serial; PPPK: no TMT check).
SITI = "198503142010012003"  # PNS, supervisor of Budi and Dewi
BUDI = "199203152019031001"  # PNS
DEWI = "199507212020122002"  # CPNS
EKO = "199001012024211001"  # PPPK


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self):
        return json.loads(self.stdout)


class Cli:
    """Runs jpledger in-process as a user would type it; returns exit code, stdout and stderr apart."""

    def __init__(self, db: Path):
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        result = self.runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    def ok(self, *args: str) -> Result:
        result = self(*args)
        assert result.exit_code == 0, f"{args}: exit {result.exit_code}\n{result.stdout}\n{result.stderr}"
        return result

    def rows(self, sql: str, *params) -> list[tuple]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql, params).fetchall()

    def snapshot(self) -> dict[str, list[tuple]]:
        """Every row of every table: compare before and after to prove nothing was written."""
        if not self.db.exists():
            return {}
        with sqlite3.connect(self.db) as conn:
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
            return {t: conn.execute(f'SELECT * FROM "{t}"').fetchall() for t in tables}


@pytest.fixture
def cli(tmp_path, monkeypatch) -> Cli:
    db = tmp_path / "ledger.db"
    monkeypatch.setenv("JPLEDGER_DB", str(db))
    monkeypatch.setenv("JPLEDGER_TODAY", TODAY)
    monkeypatch.setenv("JPLEDGER_ACTOR", "tester")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("JPLEDGER_DEBUG", raising=False)
    return Cli(db)


@pytest.fixture
def unit(cli) -> Cli:
    """A small unit: Siti supervises Budi (PNS) and Dewi (CPNS); Eko is PPPK."""
    cli.ok("staff", "add", SITI, "--name", "Siti Rahayu", "--unit", "Bidang Diklat", "--rank", "III/c")
    cli.ok("staff", "add", BUDI, "--name", "Budi Santoso", "--unit", "Bidang Diklat", "--supervisor", SITI)
    cli.ok("staff", "add", DEWI, "--name", "Dewi Lestari", "--status", "CPNS", "--unit", "Bidang Evaluasi",
           "--supervisor", SITI, "--joined", "01/03/2021")
    cli.ok("staff", "add", EKO, "--name", "Eko Prasetyo", "--status", "PPPK", "--unit", "Bidang Evaluasi")
    return cli
