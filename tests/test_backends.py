"""Back ends: `migrate-to` copies and verifies a ledger; URLs, connection errors and PostgreSQL specifics."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import BUDI, DEWI, EKO, PG_URL, SITI, Cli

needs_pg = pytest.mark.skipif(not PG_URL, reason="needs a PostgreSQL server (JPLEDGER_TEST_PG)")


def _fill(cli: Cli) -> None:
    """A realistic small ledger: two years, caps, a void, a policy change, a closed year, a trail."""
    cli.ok("staff", "add", SITI, "--name", "Siti Rahayu", "--unit", "Bidang Diklat", "--rank", "III/c")
    cli.ok("staff", "add", BUDI, "--name", "Budi Santoso", "--unit", "Bidang Diklat", "--supervisor", SITI)
    cli.ok("staff", "add", DEWI, "--name", "Dewi Lestari", "--status", "CPNS", "--unit", "Bidang Evaluasi",
           "--supervisor", SITI, "--joined", "01/03/2021")
    cli.ok("staff", "add", EKO, "--name", "Eko Prasetyo", "--status", "PPPK", "--unit", "Bidang Evaluasi")
    cli.ok("record", "magang", BUDI, DEWI, "--start", "02/02/2025", "--end", "13/02/2025", "--host", "LAN RI")
    cli.ok("record", "coaching", BUDI, "--coach", SITI, "--date", "14/01/2026", "--sessions", "3")
    cli.ok("record", "mentoring", DEWI, "--mentor", "Dr. Ahmad Fauzi", "--date", "12 Mei 2026", "--sessions", "2")
    cli.ok("record", "training", SITI, EKO, "--kind", "C3", "--title", "Desain Pembelajaran Daring",
           "--start", "02/03/2026", "--end", "06/03/2026", "--jp", "15")
    cli.ok("record", "training", EKO, "--kind", "B3", "--title", "Linux", "--start", "03/08/2026",
           "--end", "07/08/2026", "--jp", "20", "--international")
    cli.ok("activity", "void", "3", "--reason", "salah input")
    cli.ok("year", "close", "2025", "--reason", "dilaporkan")


def _view(cli: Cli) -> dict:
    return {
        "totals": {y: cli.ok("totals", "--year", y, "--format", "json").json() for y in ("2025", "2026")},
        "activities": cli.ok("activity", "list", "--all", "--format", "json").json(),
        "staff": cli.ok("staff", "list", "--all", "--format", "json").json(),
        "policy": cli.ok("policy", "show", "--format", "json").json(),
    }


def _migrate_and_compare(cli: Cli, target: str, tmp_path) -> None:
    source = tmp_path / "source.db"
    src = Cli(str(source), source)
    os.environ["JPLEDGER_DB"] = str(source)
    try:
        _fill(src)
        before = _view(src)
        trail_before = len(src.ok("log", "--limit", "1000", "--format", "json").json())
        result = src.ok("migrate-to", target)
        assert "counts and every year's totals match" in result.stderr
        os.environ["JPLEDGER_DB"] = target
        dst = Cli(target, None)
        assert _view(dst) == before
        log = dst.ok("log", "--limit", "1000", "--format", "json").json()
        assert len(log) == trail_before + 1 and log[0]["action"] == "migrate-to"
        # Ids continue after the copied ones, and the closed year is still closed.
        added = dst.ok("record", "coaching", DEWI, "--coach", SITI, "--date", "01/04/2026", "--format", "json").json()
        assert added[0]["id"] == max(a["id"] for a in before["activities"]) + 1
        refused = dst("record", "coaching", DEWI, "--coach", SITI, "--date", "01/04/2025")
        assert refused.exit_code == 3 and "year 2025 is closed" in refused.stderr
        # A second copy into a ledger that now holds data is refused and changes nothing.
        os.environ["JPLEDGER_DB"] = str(source)
        again = src("migrate-to", target)
        assert again.exit_code == 2 and "empty" in again.stderr
    finally:
        os.environ["JPLEDGER_DB"] = cli.location


def test_migrate_to_copies_and_verifies_sqlite_target(cli, tmp_path):
    _migrate_and_compare(cli, f"sqlite:///{tmp_path / 'target.db'}", tmp_path)


@needs_pg
def test_migrate_to_postgresql(cli, tmp_path):
    # On the PostgreSQL run `cli.location` is a fresh, empty database on the test server.
    _migrate_and_compare(cli, cli.location, tmp_path)


def test_migrate_to_needs_a_url(cli, tmp_path):
    cli.ok("init")
    result = cli("migrate-to", str(tmp_path / "plain.db"))
    assert result.exit_code == 2 and "not a database URL" in result.stderr


def test_unreachable_server_is_exit_4_naming_host_not_password(cli):
    result = cli("--db", "postgresql+psycopg://officer:s3cret-pw@127.0.0.1:1/jpledger", "totals", "--year", "2026")
    assert result.exit_code == 4
    assert "127.0.0.1" in result.stderr and "s3cret-pw" not in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_unknown_driver_is_exit_4(cli):
    result = cli("--db", "nosuchdb://x/y", "totals", "--year", "2026")
    assert result.exit_code == 4 and "nosuchdb" in result.stderr


@needs_pg
def test_concurrent_writers_on_postgresql(cli):
    """Several processes record at once into one PostgreSQL ledger: all succeed, no row is lost."""
    cli.ok("staff", "add", SITI, "--name", "Siti Rahayu")
    cli.ok("staff", "add", BUDI, "--name", "Budi Santoso", "--supervisor", SITI)
    env = dict(os.environ, JPLEDGER_DB=cli.location)
    procs = [subprocess.Popen([sys.executable, "-m", "jpledger", "-q", "record", "coaching", BUDI, "--coach", SITI,
                               "--date", f"{day:02d}/05/2026", "--format", "json"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for day in range(1, 9)]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0] * 8, [err for _, err in outputs]
    ids = {json.loads(out)[0]["id"] for out, _ in outputs}
    assert len(ids) == 8
    assert cli.rows("SELECT COUNT(*) FROM activity")[0][0] == 8


@needs_pg
def test_a_large_first_import_gathers_the_planners_statistics(cli, tmp_path):
    """A thousand entries or more, outnumbering what the table held, are followed by ANALYZE inside the import: the
    first report is planned from statistics, without waiting for autovacuum. A rolled-back import takes its
    statistics with it, and the next large import gathers them again."""
    from test_import import activity_rows, staff_rows, write_roster

    def roster(path, count):
        days = [f"{1 + n % 28:02d}/{1 + n // 28 % 12:02d}/2026" for n in range(count)]
        return write_roster(path, {
            "Pegawai": staff_rows((SITI, "Siti Rahayu", "PNS", "Bidang Diklat", "Widyaiswara", "III/c", "")),
            "Kegiatan": activity_rows(*[(SITI, "B3", f"Pelatihan {n}", "BPS", day, None, 2, None, None, None, None)
                                        for n, day in enumerate(days)])})

    gathered = "SELECT COUNT(*) FROM pg_stats WHERE tablename = 'activity' AND attname = 'nip'"
    cli.ok("init")
    assert cli.rows(gathered)[0][0] == 0
    # An import that fails after its entries went in, and after they were analysed, rolls back.
    from jpledger.store import bulk

    real = bulk._copy

    def copied_then_failed(conn, table, *args):
        real(conn, table, *args)
        if table.name == "activity":
            bulk._statistics_renewed(conn, table, len(args[1]))
            raise RuntimeError("the import fails after copying")

    first = roster(tmp_path / "besar.xlsx", 1500)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(bulk, "_copy", copied_then_failed)
        failed = cli("-q", "import", first)
    assert failed.exit_code == 70 and "RuntimeError" in failed.stderr, failed
    assert cli.rows("SELECT COUNT(*) FROM activity")[0][0] == 0
    assert cli.rows(gathered)[0][0] == 0  # rolled back with the rows, though pg_class kept the count of 1,500
    assert cli.rows("SELECT reltuples FROM pg_class WHERE relname = 'activity'")[0][0] == 1500
    # Fewer rows than that count, but the table has no statistics: gathered all the same.
    assert cli.ok("-q", "import", roster(tmp_path / "kecil.xlsx", 1200), "--format", "json").json()[
        "activities"]["added"] == 1200
    assert cli.rows(gathered)[0][0] == 1
