"""The trail is complete: every command that changes the ledger leaves exactly one entry saying when, who
(JPLEDGER_ACTOR, else the OS user), which command line and what changed; a rejected command leaves none.

The list of write commands is checked against the command tree, so a new command that writes must be added here.
"""

from __future__ import annotations

import getpass
import shlex
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

from conftest import BUDI, EKO, SITI, Cli, command_paths

# Commands that only read the ledger (export and template write a workbook, activity evidence its files, not the
# ledger).
READ_ONLY = {"totals", "statement", "audit", "remind", "export", "template", "log", "check", "staff list", "staff show",
             "activity list", "activity show", "batch list", "policy show", "policy check", "unit list",
             "officer list", "journal", "activity evidence"}
# A login role for the scenario's `officer add`: roles belong to the whole server, which other tests share.
OFFICER = "trail_" + uuid.uuid4().hex[:12]


def _roster(path: Path, rows: list[tuple]) -> Path:
    lines = ["NIP Peserta,Jenis Kegiatan,Nama Kegiatan,Tanggal Mulai,Tanggal Selesai,Jumlah JP"]
    lines += [",".join(row) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _scenario(tmp_path: Path) -> list[tuple[tuple[str, ...], str, object]]:
    """Every write command once, in an order that works: (arguments, trail action, something the detail names)."""
    policy = tmp_path / "policy.yaml"
    roster = _roster(tmp_path / "rekap.csv", [(SITI, "B3", "Statistik Dasar", "02/02/2026", "04/02/2026", "20")])
    return [
        (("init",), "init", "schema"),
        (("staff", "add", SITI, "--name", "Siti Rahayu", "--unit", "Bidang Diklat"), "staff add", SITI),
        (("unit", "add", "PROV", "--name", "Pemerintah Provinsi"), "unit add", "PROV"),
        (("unit", "update", "Bidang Diklat", "--parent", "PROV"), "unit update", "PROV"),
        (("officer", "add", OFFICER, "--units", "PROV"), "officer add", OFFICER),  # PostgreSQL only
        (("officer", "remove", OFFICER), "officer remove", OFFICER),  # PostgreSQL only
        (("staff", "add", BUDI, "--name", "Budi Santoso", "--supervisor", SITI), "staff add", BUDI),
        (("staff", "update", BUDI, "--unit", "Bidang Evaluasi"), "staff update", "Bidang Evaluasi"),
        (("staff", "add", EKO, "--name", "Eko Prasetyo", "--status", "PPPK"), "staff add", EKO),
        (("staff", "contract", EKO, "--start", "01/04/2026", "--end", "31/03/2027", "--ref", "800/7/2026"),
         "staff contract", "800/7/2026"),
        (("record", "magang", SITI, "--start", "01/07/2026", "--end", "03/07/2026", "--host", "LAN RI"),
         "record magang", "magang"),
        (("record", "coaching", BUDI, "--coach", SITI, "--date", "14/03/2026", "--sessions", "2"),
         "record coaching", "coaching"),
        (("record", "mentoring", BUDI, "--mentor", "Dr. Ahmad Fauzi", "--date", "15/03/2026"),
         "record mentoring", "mentoring"),
        (("record", "training", SITI, BUDI, "--kind", "B3", "--title", "Analisis Data", "--start", "10/03/2026",
          "--jp", "8"), "record training", "pelatihan_teknis"),
        (("activity", "void", "1", "--reason", "salah input"), "activity void", "salah input"),
        (("activity", "verify", "4", "--note", "sertifikat diperiksa"), "activity verify", "sertifikat diperiksa"),
        (("activity", "reject", "5", "--reason", "tidak hadir"), "activity reject", "tidak hadir"),
        (("policy", "use", policy), "policy use", "BPS"),
        (("import", roster), "import", "rekap.csv"),
        (("batch", "revert", "1", "--reason", "dikirim ganda"), "batch revert", "dikirim ganda"),
        (("year", "close", "2025", "--reason", "dilaporkan ke BKN"), "year close", "dilaporkan ke BKN"),
        (("year", "reopen", "2025", "--reason", "koreksi"), "year reopen", "koreksi"),
        (("staff", "leave", BUDI, "--date", "30/12/2026", "--reason", "mutasi"), "staff leave", "mutasi"),
        (("backup", tmp_path / "salinan.db"), "backup", "salinan.db"),  # SQLite only (PostgreSQL: pg_dump)
    ]


def test_every_write_command_is_in_the_scenario_or_only_reads(tmp_path):
    covered = {" ".join(args[:2]) if args[0] in ("staff", "record", "activity", "batch", "policy", "year", "unit",
                                                  "officer")
               else args[0] for args, _, _ in _scenario(tmp_path)}
    unknown = command_paths() - READ_ONLY - covered - {"migrate-to"}  # migrate-to: see its own test below
    assert not unknown, f"write commands without a trail test: {sorted(unknown)}"


def test_every_write_command_leaves_one_entry_with_when_who_command_and_what(cli, tmp_path):
    for args, action, named in _scenario(tmp_path):
        if action == "backup" and cli.path is None or action.startswith("officer") and cli.path is not None:
            continue
        if action == "policy use":
            (tmp_path / "policy.yaml").write_text(cli.ok("policy", "show").stdout, encoding="utf-8")
        before = _count(cli)
        started = datetime.now(timezone.utc).replace(microsecond=0)
        cli.ok(*args)
        assert _count(cli) == before + 1, f"{action}: expected exactly one trail entry"
        entry = cli.ok("log", "--limit", "1", "--format", "json").json()[0]
        assert entry["action"] == action
        # On PostgreSQL the login that made the change; JPLEDGER_ACTOR only as what it claims.
        assert (entry["actor"], entry["claimed_actor"]) == (cli.actor("tester"),
                                                            None if cli.path is not None else "tester")
        at = datetime.strptime(entry["at"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
        assert started <= at <= datetime.now(timezone.utc) + timedelta(seconds=1)
        assert entry["command"] == shlex.join(["jpledger", *map(str, args)])
        assert str(named) in str(entry["detail"]), f"{action}: the detail does not say what changed"


def _count(cli: Cli) -> int:
    return cli.rows("SELECT COUNT(*) FROM trail")[0][0] if cli.exists else 0


def test_without_jpledger_actor_the_entry_names_the_os_user(cli, monkeypatch):
    monkeypatch.delenv("JPLEDGER_ACTOR")
    cli.ok("staff", "add", SITI, "--name", "Siti Rahayu")
    entry = cli.ok("log", "--limit", "1", "--format", "json").json()[0]
    assert entry["actor"] == cli.actor(getpass.getuser())
    assert entry["claimed_actor"] is None


def test_a_database_url_in_the_command_line_is_recorded_without_its_password(cli, tmp_path):
    from jpledger.cli import command_line

    url = f"sqlite:///{tmp_path / 'other.db'}"
    cli.ok("--db", url, "staff", "add", SITI, "--name", "Siti Rahayu")
    entry = cli.ok("--db", url, "log", "--limit", "1", "--format", "json").json()[0]
    assert entry["command"] == shlex.join(["jpledger", "--db", url, "staff", "add", SITI, "--name", "Siti Rahayu"])
    assert command_line(["--db", "postgresql://diklat:rahasia@db/jp", "init"]) == \
        "jpledger --db 'postgresql://diklat:***@db/jp' init"
    assert command_line(["--db=postgresql://diklat:rahasia@db/jp", "init"]) == \
        "jpledger '--db=postgresql://diklat:***@db/jp' init"


def test_migrate_to_leaves_its_entry_in_the_ledger_it_wrote(cli, tmp_path):
    cli.ok("staff", "add", SITI, "--name", "Siti Rahayu")
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    before = cli.snapshot()
    cli.ok("migrate-to", target)
    assert cli.snapshot() == before  # the source is only read
    copy = Cli(target, tmp_path / "copy.db")
    entry = copy.ok("--db", target, "log", "--limit", "1", "--format", "json").json()[0]
    assert entry["action"] == "migrate-to" and entry["command"] == f"jpledger migrate-to {target}"


def test_a_rejected_command_leaves_no_entry_and_changes_nothing(unit, tmp_path):
    unit.ok("record", "training", SITI, "--kind", "B3", "--title", "Lama", "--start", "10/03/2025", "--jp", "8")
    unit.ok("year", "close", "2025", "--reason", "dilaporkan")
    (tmp_path / "ada.db").write_bytes(b"an older copy")
    (tmp_path / "bad.yaml").write_text("name: x\nminutes_per_jp: -1\n", encoding="utf-8")
    bad_roster = _roster(tmp_path / "bad.csv", [("12345", "B3", "X", "02/02/2026", "02/02/2026", "2")])
    rejected = [
        ("staff", "add", SITI, "--name", "Siti Lagi"),
        ("staff", "update", "199909092020121009", "--unit", "X"),
        ("staff", "leave", "199909092020121009", "--date", "01/01/2026"),
        ("record", "magang", "199909092020121009", "--start", "01/07/2026", "--end", "02/07/2026", "--host", "X"),
        ("record", "coaching", BUDI, "--coach", SITI, "--date", "14/03/1980"),  # before Budi was born
        ("record", "mentoring", BUDI, "--mentor", "X", "--date", "14/03/2025"),
        ("record", "training", SITI, "--kind", "nonsense", "--title", "X", "--start", "10/03/2026"),
        ("activity", "void", "1", "--reason", "closed year"),
        ("activity", "void", "999", "--reason", "x"),
        ("policy", "use", tmp_path / "bad.yaml"),
        ("import", bad_roster),
        ("batch", "revert", "99", "--reason", "x"),
        ("year", "close", "2025", "--reason", "again"),
        ("year", "reopen", "2024", "--reason", "never closed"),
        ("backup", tmp_path / "ada.db"),
    ]
    before = unit.snapshot()
    for args in rejected:
        result = unit(*args)
        assert result.exit_code in (2, 3), (args, result.exit_code, result.stderr)
        assert unit.snapshot() == before, args
