"""Helpers for the reliability tests: real jpledger processes, many valid NIPs, and looks inside a ledger file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from conftest import TODAY


def env_for(db: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, JPLEDGER_DB=str(db), JPLEDGER_TODAY=TODAY, JPLEDGER_ACTOR="tester", NO_COLOR="1",
               COLUMNS="200")
    env.pop("JPLEDGER_DEBUG", None)
    env.pop("JPLEDGER_TEST_PG", None)
    env.update(extra)
    return env


def argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "jpledger", *map(str, args)]


def run(db: Path, *args: str, timeout: float = 60, **extra_env: str) -> subprocess.CompletedProcess:
    """Run jpledger in a process of its own, as a cron job or a second officer would."""
    return subprocess.run(argv(*args), env=env_for(db, **extra_env), capture_output=True, text=True,
                          timeout=timeout)


def start(db: Path, *args: str, output: bool = True, **extra_env: str) -> subprocess.Popen:
    """Start jpledger without waiting; `output=False` throws its output away, so it never blocks on a full pipe."""
    sink = subprocess.PIPE if output else subprocess.DEVNULL
    return subprocess.Popen(argv(*args), env=env_for(db, **extra_env), stdout=sink, stderr=sink, text=True)


def nips(count: int, first: int = 0) -> list[str]:
    """`count` distinct valid PNS NIPs: real birth dates, appointed at 20, sex digit 1 or 2, serial from 001."""
    out = []
    for i in range(first, first + count):
        year, month, day = 1960 + i % 35, 1 + i // 35 % 12, 1 + i // 420 % 28
        serial = 1 + i // 11760
        out.append(f"{year:04d}{month:02d}{day:02d}{year + 20:04d}{month:02d}{1 + i % 2}{serial:03d}")
    assert len(set(out)) == count
    return out


def add_staff(db: Path, people: list[str], **fields) -> None:
    """Register many people at once through the store, far faster than one command each."""
    from jpledger.store.db import now, open_ledger
    from jpledger.store.tables import STAFF

    ledger = open_ledger(str(db), create=True)
    try:
        stamp = now()
        with ledger.write() as conn:
            conn.execute(STAFF.insert(), [dict(nip=nip, name=f"Pegawai {nip[-6:]}", status="PNS", created_at=stamp,
                                               updated_at=stamp, **fields) for nip in people])
    finally:
        ledger.close()


def connect(db: Path, timeout: float = 5.0) -> sqlite3.Connection:
    return sqlite3.connect(db, timeout=timeout, isolation_level=None)


def rows(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: equal snapshots mean nothing was written."""
    with connect(db) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


def count(db: Path, table: str) -> int:
    with connect(db) as conn:
        return conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]


def integrity(db: Path) -> list[str]:
    with connect(db) as conn:
        return [r[0] for r in conn.execute("PRAGMA integrity_check")]


def holds_write_lock(db: Path) -> bool:
    """True while some other connection holds the ledger's write lock (a write transaction is open)."""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


def short_error(stderr: str, lines: int = 4) -> bool:
    """What every failure must look like: a few plain lines, never a traceback."""
    return "Traceback" not in stderr and 0 < len(stderr.strip().splitlines()) <= lines
