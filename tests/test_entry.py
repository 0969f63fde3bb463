"""The script's entry (cli.run): once a command is done it ends the process at once, with the command's status, and
lets nothing go that Python's own ending would have finished."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import BUDI, TODAY


def _env(tmp_path) -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith("JPLEDGER_")} | {
        "JPLEDGER_DB": str(tmp_path / "ledger.db"), "JPLEDGER_TODAY": TODAY}


def _closed_stderr(tmp_path, *args: str) -> subprocess.CompletedProcess:
    command = " ".join([sys.executable, "-m", "jpledger", *args])
    return subprocess.run(["bash", "-c", f"{command} 2>&-"], cwd=tmp_path, env=_env(tmp_path),
                          capture_output=True, text=True, timeout=120)


def test_with_stderr_closed_the_status_is_still_the_commands(tmp_path):
    """A cron job may close stderr (`2>&-`): a write that committed must not look failed (and be run again)."""
    assert _closed_stderr(tmp_path, "init").returncode == 0
    assert _closed_stderr(tmp_path, "staff", "add", BUDI, "--name", "Budi").returncode == 0
    shown = _closed_stderr(tmp_path, "staff", "show", BUDI, "--format", "json")
    assert shown.returncode == 0 and '"Budi"' in shown.stdout
    assert _closed_stderr(tmp_path, "staff", "show", "123").returncode == 2
    assert _closed_stderr(tmp_path, "--db", str(tmp_path / "nowhere.db"), "staff", "show", BUDI).returncode == 4


def test_under_a_profiler_python_ends_as_usual(tmp_path):
    """cProfile (and coverage tools) write what they measured as Python ends: that ending is kept for them."""
    out = tmp_path / "prof.out"
    done = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "jpledger", "--help"],
                          cwd=tmp_path, env=_env(tmp_path), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "Usage" in done.stdout
    assert out.stat().st_size > 0


class _Ended(Exception):
    def __init__(self, status: int):
        self.status = status


def test_a_servers_pooled_connection_is_closed_before_the_end(cli, monkeypatch):
    """On PostgreSQL the engine's pool keeps a connection after the command; run() closes it (the server would
    otherwise see the client vanish), then ends with the command's status."""
    if cli.path is not None:
        pytest.skip("needs a PostgreSQL ledger")
    from jpledger import cli as entry
    from jpledger.store import engine

    cli.ok("init")
    seen: list[list[int]] = []
    real = engine.close_servers

    def watched() -> None:
        seen.append([e.pool.checkedin() for e in engine._SERVERS])
        real()
        seen.append([e.pool.checkedin() for e in engine._SERVERS])

    def ended(status: int):
        raise _Ended(status)

    monkeypatch.setattr(engine, "close_servers", watched)
    monkeypatch.setattr(entry.os, "_exit", ended)
    monkeypatch.setattr(sys, "argv", ["jpledger", "--db", cli.location, "staff", "list", "--format", "json"])
    with pytest.raises(_Ended) as end:
        entry.run()
    assert end.value.status == 0
    before, after = seen
    assert sum(before) >= 1  # the command's connection, back in its pool
    assert sum(after) == 0
