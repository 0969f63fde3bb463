"""Shared fixtures: every test gets its own ledger through JPLEDGER_DB and a pinned "today".

With JPLEDGER_TEST_PG set to a PostgreSQL URL (tests/pgserver.py does that), each test's ledger is a fresh
database on that server instead of a SQLite file; tests that need the file itself (`cli.db`) are skipped.
"""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jpledger.cli import app

TODAY = "2026-11-22"

# The suite reads English unless a test asks for Indonesian: the locale may choose the language (spec 14), so a
# machine set up in Indonesian must not change what the other tests see.
for _name in ("JPLEDGER_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"

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


PG_URL = os.environ.get("JPLEDGER_TEST_PG")


def _cache_command_tree() -> None:
    """Build Typer's command tree once per test run instead of once per invocation (half of each call)."""
    import typer.testing

    build, built = typer.testing._get_command, {}

    def cached(typer_app):
        if id(typer_app) not in built:
            built[id(typer_app)] = build(typer_app)
        return built[id(typer_app)]

    typer.testing._get_command = cached


_cache_command_tree()


class Cli:
    """Runs jpledger in-process as a user would type it; returns exit code, stdout and stderr apart."""

    def __init__(self, location: str, path: Path | None):
        self.location = location
        self.path = path
        self.runner = CliRunner()

    @property
    def db(self) -> Path:
        """The SQLite ledger file; a test that needs it does not apply to a PostgreSQL ledger."""
        self.needs_sqlite()
        return self.path

    def needs_sqlite(self) -> None:
        """Skip the test on a PostgreSQL ledger."""
        if self.path is None:
            pytest.skip("needs a SQLite ledger file")

    @property
    def exists(self) -> bool:
        if self.path is not None:
            return self.path.exists()
        from sqlalchemy import create_engine, inspect

        engine = create_engine(self.location)
        try:
            with engine.connect() as conn:
                return inspect(conn).has_table("meta")
        finally:
            engine.dispose()

    def __call__(self, *args: str, input: str | None = None) -> Result:
        result = self.runner.invoke(app, [str(a) for a in args], input=input, catch_exceptions=False)
        return Result(result.exit_code, result.stdout, result.stderr)

    def ok(self, *args: str) -> Result:
        result = self(*args)
        assert result.exit_code == 0, f"{args}: exit {result.exit_code}\n{result.stdout}\n{result.stderr}"
        return result

    def actor(self, claimed: str) -> str:
        """Who the trail records for a change made while JPLEDGER_ACTOR says `claimed`: that on SQLite, the
        database login on PostgreSQL, where the claim is only kept beside it (spec 13)."""
        if self.path is not None:
            return claimed
        from sqlalchemy.engine import make_url

        return make_url(self.location).username

    def _engine(self):
        from sqlalchemy import create_engine

        return create_engine(self.location if self.path is None else f"sqlite:///{self.path}")

    def rows(self, sql: str, *params) -> list[tuple]:
        """Run SQL (with `?` placeholders) against the ledger, whichever back end it is on."""
        engine = self._engine()
        if self.path is None:
            sql = sql.replace("?", "%s")
        try:
            with engine.begin() as conn:
                result = conn.exec_driver_sql(sql, tuple(params))
                return [tuple(r) for r in result] if result.returns_rows else []
        finally:
            engine.dispose()

    def snapshot(self) -> dict[str, list[tuple]]:
        """Every row of every table: compare before and after to prove nothing was written."""
        if not self.exists:
            return {}
        from sqlalchemy import inspect, text

        engine = self._engine()
        try:
            with engine.connect() as conn:
                tables = sorted(inspect(conn).get_table_names())
                return {t: sorted((tuple(r) for r in conn.execute(text(f'SELECT * FROM "{t}"'))), key=repr)
                        for t in tables}
        finally:
            engine.dispose()


def _pg_database():
    """A fresh, empty PostgreSQL database for one test; dropped afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(PG_URL)
    name = "t_" + uuid.uuid4().hex[:16]
    dsn = dict(host=admin.host, port=admin.port, user=admin.username, dbname=admin.database or "postgres")
    with psycopg.connect(**dsn, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield admin.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(**dsn, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def ledger_location(tmp_path):
    if PG_URL:
        yield from _pg_database()
    else:
        yield str(tmp_path / "ledger.db")


@pytest.fixture
def cli(ledger_location, monkeypatch) -> Cli:
    monkeypatch.setenv("JPLEDGER_DB", ledger_location)
    monkeypatch.setenv("JPLEDGER_TODAY", TODAY)
    monkeypatch.setenv("JPLEDGER_ACTOR", "tester")
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("JPLEDGER_DEBUG", raising=False)
    return Cli(ledger_location, None if "://" in ledger_location else Path(ledger_location))


@pytest.fixture
def unit(cli) -> Cli:
    """A small unit: Siti supervises Budi (PNS) and Dewi (CPNS); Eko is PPPK."""
    cli.ok("staff", "add", SITI, "--name", "Siti Rahayu", "--unit", "Bidang Diklat", "--rank", "III/c")
    cli.ok("staff", "add", BUDI, "--name", "Budi Santoso", "--unit", "Bidang Diklat", "--supervisor", SITI)
    cli.ok("staff", "add", DEWI, "--name", "Dewi Lestari", "--status", "CPNS", "--unit", "Bidang Evaluasi",
           "--supervisor", SITI, "--joined", "01/03/2021")
    cli.ok("staff", "add", EKO, "--name", "Eko Prasetyo", "--status", "PPPK", "--unit", "Bidang Evaluasi")
    return cli


def add_province(cli: Cli) -> None:
    """A province's unit tree: PROV with two OPDs (DISDIK, DINKES), each with a bidang (DISDIK-SD, DINKES-P2P).
    Parents are named by code, by name and in another case, as officers type them."""
    cli.ok("unit", "add", "PROV", "--name", "Pemerintah Provinsi Jawa Barat")
    cli.ok("unit", "add", "DISDIK", "--name", "Dinas Pendidikan", "--parent", "PROV")
    cli.ok("unit", "add", "DINKES", "--name", "Dinas Kesehatan", "--parent", "Pemerintah Provinsi Jawa Barat")
    cli.ok("unit", "add", "DISDIK-SD", "--name", "Bidang Pembinaan SD", "--parent", "DISDIK")
    cli.ok("unit", "add", "DINKES-P2P", "--name", "Bidang P2P", "--parent", "dinkes")


def command_paths() -> set[str]:
    """Every command of the tree as typed (`staff update`): tests that must cover each command check against it."""
    import typer.main

    from jpledger.cli import app

    def walk(command, path):
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                yield from walk(sub, [*path, name])
        else:
            yield " ".join(path)

    return set(walk(typer.main.get_command(app), []))


def pytest_collection_modifyitems(config, items):
    """On the PostgreSQL run, only tests that go through a ledger run again; pure unit tests ran already."""
    if not PG_URL:
        return
    keep, drop = [], []
    for item in items:
        uses_ledger = {"cli", "ledger_location"} & set(getattr(item, "fixturenames", ()))
        (keep if uses_ledger else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
