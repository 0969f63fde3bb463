"""How a year's totals are read: the people and their sums from two queries of one snapshot, or from one statement
where a connection gives each statement its own; the same figures either way."""

import json
from pathlib import Path

import pytest

from jpledger.store import sql

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "roster.xlsx"
LATE = "199001012015031009"  # PNS, no unit, no entries: sorts first (no unit) and has no sums at all
MAYA = "199302272024212001"  # PPPK of the example roster


@pytest.fixture
def year(cli):
    """The example roster, and beside it a person of no unit with no entry, and a mandiri entry of a PPPK."""
    cli.ok("-q", "import", EXAMPLE)
    cli.ok("staff", "add", LATE, "--name", "Tanpa Unit")
    cli.ok("record", "training", MAYA, "--kind", "B3", "--title", "Belajar Mandiri", "--start", "03/02/2026",
           "--jp", "6", "--mandiri")
    return cli


def _reports(cli) -> dict[str, str]:
    out = {}
    for name, args in {"totals": ["totals", "--year", "2026"],
                       "totals_mid": ["totals", "--year", "2026", "--as-of", "2026-06-30"],
                       "by_unit": ["totals", "--year", "2026", "--unit", "Bidang Penyelenggaraan Diklat"],
                       "pppk": ["totals", "--year", "2026", "--status", "PPPK"],
                       "audit": ["audit", "--year", "2026"]}.items():
        result = cli(*args, "--format", "json")
        assert result.exit_code in (0, 1), result.stderr
        out[name] = result.stdout
    return out


def test_the_two_queries_give_what_one_statement_gives(year, monkeypatch):
    apart = _reports(year)
    people = {p["nip"]: p for p in json.loads(apart["totals"])}
    assert len(people) == 13 and people[LATE]["jp"] == 0.0 and people[LATE]["unit"] is None
    assert people[MAYA]["mandiri_jp"] == 6.0 and people[MAYA]["jp_toward_max"] == people[MAYA]["jp"] - 6.0
    assert list(people)[0] == LATE  # report order: no unit first, then by unit and NIP
    assert any(p["jp"] > 0 for p in people.values())
    read = []
    real = sql.one_snapshot

    def one_statement(conn):
        read.append(real(conn))
        return False

    monkeypatch.setattr(sql, "one_snapshot", one_statement)
    together = _reports(year)
    assert read and all(read)  # every report read one snapshot, and was made to read by one statement instead
    assert together == apart


def test_a_report_read_sees_one_snapshot_while_others_commit(cli):
    """A change committed while a report reads is not half in it: every statement of the read sees the ledger
    as its first one did (SQLite's read transaction; REPEATABLE READ on PostgreSQL)."""
    cli.ok("staff", "add", LATE, "--name", "Tanpa Unit")
    from jpledger.store.db import open_ledger

    ledger = open_ledger(cli.location, create=False)
    try:
        with ledger.read() as conn:
            assert sql.one_snapshot(conn)
            before = sql.scalar(conn, "SELECT COUNT(*) FROM staff")
            # Another command's write, on its own connection, committed while this read is open.
            cli.ok("staff", "add", "199202022016041002", "--name", "Baru")
            assert sql.scalar(conn, "SELECT COUNT(*) FROM staff") == before == 1
        with ledger.read() as conn:
            assert sql.scalar(conn, "SELECT COUNT(*) FROM staff") == 2
        if cli.path is None:  # PostgreSQL holds a read to reading: nothing written through it can break the snapshot
            from jpledger.errors import JPLedgerError

            with pytest.raises(JPLedgerError), ledger.read() as conn:
                sql.execute(conn, "UPDATE staff SET name = :name WHERE nip = :nip", name="Diubah", nip=LATE)
            assert cli.rows("SELECT COUNT(*) FROM staff")[0][0] == 2
    finally:
        ledger.close()
