"""Looking after the ledger through the command line: init, the policy, log, backup, check, closing a year,
ledger problems (exit 4), where the ledger is, and help."""

import gc
import os
import sqlite3
import stat

import pytest
import typer

from conftest import BUDI, SITI
from jpledger import __version__
from jpledger.cli import app
from jpledger.store.models import SCHEMA_VERSION

MAGANG_30 = """\
name: Magang 30 JP
minutes_per_jp: 45
year_of: end
targets:
  PNS: {min_jp: 20}
  CPNS: {min_jp: 20}
  PPPK: {max_jp: 24}
kinds:
  magang:
    code: C11
    label: Magang/Praktik Kerja
    form: nonklasikal
    unit: occurrence
    jp_per_unit: 30
  pelatihan_teknis:
    code: B3
    label: Pelatihan Teknis
    form: klasikal
    unit: jp
"""

ISSUE_2_COMMANDS = {"init", "staff", "record", "activity", "totals", "statement", "audit", "policy", "log",
                    "backup", "check", "year"}


def magang(cli, nip=BUDI, start="01/07/2026", end="31/07/2026"):
    return cli.ok("record", "magang", nip, "--start", start, "--end", end, "--host", "BPS Jabar",
                  "--format", "json").json()[0]


def trail_count(cli) -> int:
    return cli.rows("SELECT COUNT(*) FROM trail")[0][0]


# --- init and where the ledger is ------------------------------------------------------------------

def test_init_creates_an_owner_only_ledger_and_prints_its_path(cli):
    old = os.umask(0)
    try:
        result = cli.ok("init")
    finally:
        os.umask(old)
    assert result.stdout.strip() == str(cli.db)
    assert stat.S_IMODE(cli.db.stat().st_mode) == 0o600
    assert cli.rows("SELECT value FROM meta WHERE key = 'schema_version'") == [(str(SCHEMA_VERSION),)]


def test_init_is_idempotent(cli):
    first = cli.ok("init")
    cli.ok("staff", "add", SITI, "--name", "Siti Rahayu")
    before = cli.snapshot()
    again = cli.ok("init")
    assert again.stdout == first.stdout
    assert "already exists" in again.stderr
    assert cli.snapshot() == before


def test_a_write_command_creates_the_ledger_and_says_so(cli):
    result = cli.ok("staff", "add", SITI, "--name", "Siti Rahayu")
    assert "created a new ledger" in result.stderr
    assert "created" not in cli.ok("staff", "add", BUDI, "--name", "Budi").stderr
    assert stat.S_IMODE(cli.db.stat().st_mode) == 0o600


def test_quiet_silences_messages(cli):
    result = cli.ok("-q", "staff", "add", SITI, "--name", "Siti Rahayu")
    assert (result.stdout, result.stderr) == ("", "")


def test_db_option_beats_the_environment(cli, tmp_path):
    other = tmp_path / "other.db"
    assert cli.ok("--db", str(other), "init").stdout.strip() == str(other)
    assert other.exists() and not cli.exists
    cli.ok("--db", str(other), "staff", "add", SITI, "--name", "Siti Rahayu")
    assert cli("staff", "list").exit_code == 4
    assert cli.ok("--db", str(other), "staff", "show", SITI).exit_code == 0


def test_environment_beats_the_working_directory(cli, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    cli.ok("init")
    assert cli.exists
    assert not (work / "jpledger.db").exists()


def test_without_option_or_environment_the_ledger_is_in_the_working_directory(cli, tmp_path, monkeypatch):
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.delenv("JPLEDGER_DB")
    assert cli.ok("init").stdout.strip() == "jpledger.db"
    assert (work / "jpledger.db").exists()
    assert stat.S_IMODE((work / "jpledger.db").stat().st_mode) == 0o600
    cli.ok("staff", "add", SITI, "--name", "Siti Rahayu")
    assert sqlite3.connect(work / "jpledger.db").execute("SELECT nip FROM staff").fetchall() == [(SITI,)]


# --- exit 4: the ledger itself -------------------------------------------------------------------

@pytest.mark.parametrize("command", [
    ["staff", "list"], ["staff", "show", SITI], ["activity", "list"], ["activity", "show", "1"],
    ["totals", "--year", "2026"], ["statement", SITI, "--year", "2026"], ["audit", "--year", "2026"],
    ["policy", "show"], ["log"], ["check"],
])
def test_a_read_on_a_missing_ledger_is_exit_4_and_creates_nothing(cli, command):
    result = cli(*command)
    assert result.exit_code == 4
    assert "create one with `jpledger" in result.stderr and " init`" in result.stderr
    assert result.stdout == ""
    assert not cli.exists
    if cli.path is not None:
        assert list(cli.path.parent.iterdir()) == []


def test_backup_of_a_missing_ledger_is_exit_4(cli, tmp_path):
    assert cli("backup", tmp_path / "copy.db").exit_code == 4
    assert not cli.db.exists() and not (tmp_path / "copy.db").exists()


def _newer_schema(cli):
    cli.ok("staff", "add", SITI, "--name", "Siti Rahayu")
    cli.rows("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    if cli.path is not None:
        gc.collect()  # close the connections in-process runs left open, so none checkpoints into the file later
        with sqlite3.connect(cli.path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()


@pytest.mark.parametrize("command", [
    ["staff", "list"], ["totals", "--year", "2026"], ["staff", "add", BUDI, "--name", "Budi"], ["init"],
    ["record", "magang", SITI, "--start", "01/07/2026", "--end", "31/07/2026", "--host", "X"],
])
def test_a_ledger_of_a_newer_schema_is_refused_and_left_untouched(cli, command):
    _newer_schema(cli)
    before, data = cli.snapshot(), cli.path and cli.path.read_bytes()
    result = cli(*command)
    assert result.exit_code == 4
    assert "newer" in result.stderr and "99" in result.stderr
    assert cli.snapshot() == before
    assert (cli.path and cli.path.read_bytes()) == data


@pytest.mark.parametrize("command", [["staff", "list"], ["staff", "add", BUDI, "--name", "Budi"], ["init"]])
def test_a_file_that_is_not_a_ledger_is_exit_4_and_left_alone(cli, command):
    cli.db.write_text("NIP;Nama\n198503142010012003;Siti\n" * 200)
    data = cli.db.read_bytes()
    result = cli(*command)
    assert result.exit_code == 4
    assert str(cli.db) in result.stderr
    assert "Traceback" not in result.stderr
    assert cli.db.read_bytes() == data


def test_a_database_of_another_program_is_exit_4(cli):
    with sqlite3.connect(cli.db) as conn:
        conn.execute("CREATE TABLE pegawai (nip TEXT)")
    conn.close()
    result = cli("staff", "list")
    assert result.exit_code == 4
    assert "not a jpledger ledger" in result.stderr


def test_a_folder_is_not_a_ledger(cli):
    cli.db.mkdir()
    result = cli("staff", "list")
    assert result.exit_code == 4
    assert "folder" in result.stderr


# --- policy ----------------------------------------------------------------------------------------

def test_policy_show_yaml_is_a_file_policy_check_accepts(cli, tmp_path):
    cli.ok("init")
    shown = cli.ok("policy", "show").stdout
    assert "BPS Sestama B-031/2019" in shown and "magang:" in shown
    file = tmp_path / "mine.yaml"
    file.write_text(shown, encoding="utf-8")
    result = cli.ok("policy", "check", file)
    assert "ok" in result.stderr and "26 kinds" in result.stderr


def test_policy_show_json(cli):
    cli.ok("init")
    shown = cli.ok("policy", "show", "--format", "json").json()
    assert (shown["name"], shown["minutes_per_jp"], shown["year_of"], shown["version"]) == (
        "BPS Sestama B-031/2019", 45, "end", 1)
    assert shown["targets"] == {"PNS": {"min_jp": 20}, "CPNS": {"min_jp": 20}, "PPPK": {"max_jp": 24}}
    assert shown["kinds"]["coaching"] == {"code": "C1", "label": "Coaching", "form": "nonklasikal",
                                          "unit": "session", "jp_per_unit": 2, "international_jp_per_unit": 4,
                                          "max_units_per_month": 2, "siasn_type": {"id": "14", "name": "Coaching"}}


@pytest.mark.parametrize("line, bad, named", [
    (14, "    jp_per_unit: 30", "    jp_per_uint: 30"),
    (14, "    jp_per_unit: 30", "    jp_per_unit: -30"),
])
def test_policy_check_of_a_bad_file_is_exit_3_naming_key_and_line(cli, tmp_path, line, bad, named):
    assert MAGANG_30.splitlines()[line - 1] == bad
    file = tmp_path / "bad.yaml"
    file.write_text(MAGANG_30.replace(bad, named), encoding="utf-8")
    result = cli("policy", "check", file)
    assert result.exit_code == 3
    key = named.strip().split(":")[0]
    assert f"line {line}" in result.stderr
    assert f"kinds.magang.{key}" in result.stderr
    assert "Traceback" not in result.stderr


def test_policy_check_lists_every_problem(cli, tmp_path):
    file = tmp_path / "bad.yaml"
    file.write_text(MAGANG_30.replace("minutes_per_jp: 45", "minutes_per_jp: -45")
                    .replace("form: klasikal", "form: klasik"), encoding="utf-8")
    result = cli("policy", "check", file)
    assert result.exit_code == 3
    assert "line 2: minutes_per_jp" in result.stderr
    assert "line 18: kinds.pelatihan_teknis.form" in result.stderr


def test_policy_check_of_a_missing_file_is_exit_2(cli, tmp_path):
    result = cli("policy", "check", tmp_path / "nowhere.yaml")
    assert result.exit_code == 2
    assert "not found" in result.stderr


def test_policy_use_credits_later_entries_and_keeps_earlier_credits(cli, tmp_path):
    cli.ok("staff", "add", BUDI, "--name", "Budi Santoso")
    earlier = magang(cli, start="01/03/2026", end="31/03/2026")
    file = tmp_path / "magang30.yaml"
    file.write_text(MAGANG_30, encoding="utf-8")
    result = cli.ok("policy", "use", file)
    assert "version 2" in result.stderr
    later = magang(cli)
    assert (earlier["jp"], later["jp"]) == (20, 30)
    shown = {a["id"]: a for a in [cli.ok("activity", "show", i, "--format", "json").json()
                                  for i in (earlier["id"], later["id"])]}
    assert (shown[earlier["id"]]["jp"], shown[earlier["id"]]["policy_version"]) == (20, 1)
    assert (shown[later["id"]]["jp"], shown[later["id"]]["policy_version"]) == (30, 2)
    budi = cli.ok("totals", "--year", "2026", "--format", "json").json()[0]
    assert budi["jp"] == 50
    assert cli.ok("policy", "show", "--format", "json").json()["name"] == "Magang 30 JP"
    assert cli.ok("audit", "--year", "2026", "--format", "json").json()["policy"] == "Magang 30 JP"


def test_a_kind_the_policy_in_use_does_not_allow_is_exit_2(cli, tmp_path):
    cli.ok("staff", "add", BUDI, "--name", "Budi Santoso")
    file = tmp_path / "magang30.yaml"
    file.write_text(MAGANG_30, encoding="utf-8")
    cli.ok("policy", "use", file)
    result = cli("record", "coaching", BUDI, "--coach", "Pak Joko", "--date", "14/03/2026")
    assert result.exit_code == 2
    assert "unknown kind" in result.stderr and "magang (C11)" in result.stderr


def test_policy_use_of_a_bad_file_writes_nothing(cli, tmp_path):
    cli.ok("init")
    before = cli.snapshot()
    file = tmp_path / "bad.yaml"
    file.write_text(MAGANG_30.replace("jp_per_unit: 30", "jp_per_unit: -1"), encoding="utf-8")
    assert cli("policy", "use", file).exit_code == 3
    assert cli.snapshot() == before


# --- log -------------------------------------------------------------------------------------------

def test_log_json_names_when_who_and_what(cli, monkeypatch):
    cli.ok("init")
    monkeypatch.setenv("JPLEDGER_ACTOR", "ratna.bkpsdm")
    cli.ok("staff", "add", SITI, "--name", "Siti Rahayu", "--unit", "Bidang Diklat")
    entries = cli.ok("log", "--format", "json").json()
    assert len(entries) == 2 and all({"at", "actor", "action", "detail"} <= set(e) for e in entries)
    newest, oldest = entries
    assert (newest["actor"], newest["action"]) == (cli.actor("ratna.bkpsdm"), "staff add")
    assert newest["detail"]["nip"] == SITI and newest["detail"]["unit"] == "Bidang Diklat"
    assert (oldest["actor"], oldest["action"]) == (cli.actor("tester"), "init")
    assert newest["at"][:4].isdigit() and newest["at"][4] == "-"
    assert [e["action"] for e in cli.ok("log", "--limit", "1", "--format", "json").json()] == ["staff add"]
    assert "staff add" in cli.ok("log").stdout


def test_log_table_reads_each_detail_as_words_not_json():
    from jpledger.cli.admin import readable

    detail = {"from": 3, "to": 4, "backup": None, "batch": 2, "file": "rekap.xlsx",
              "sheets": [{"sheet": "Pegawai", "kind": "staff", "rows": 12}],
              "staff": {"added": 12, "updated": 0}, "unused_columns": [], "staff_added": ["1", "2", "3", "4"],
              "admin": False}
    assert readable(detail) == ("from 3 · to 4 · batch 2 · file rekap.xlsx · sheets Pegawai staff 12 · "
                                "staff (added 12) · staff added 4 · admin ✗")
    assert readable({"jp": 6.0, "reason": "salah input"}) == "JP 6.00 · reason salah input"
    assert readable("plain words") == "plain words"


def test_log_table_shows_no_json_and_no_none(cli):
    cli.ok("init")
    cli.ok("staff", "add", SITI, "--name", "Siti Rahayu")
    table = cli.ok("log").stdout
    assert f"NIP {SITI} · name Siti Rahayu" in table
    assert not any(mark in table for mark in ("{", '"', "None", "null"))
    cli.ok("record", "training", SITI, "--kind", "B3", "--title", "Excel", "--start", "10/03/2026", "--jp", "6.5")
    indonesian = cli.ok("--lang", "id", "log").stdout
    assert f"NIP {SITI} · nama Siti Rahayu" in indonesian and "6,50" in indonesian and "6.5" not in indonesian


def test_every_write_command_leaves_a_trail_entry(cli, tmp_path):
    policy = tmp_path / "p.yaml"
    policy.write_text(MAGANG_30, encoding="utf-8")
    steps = [
        (["init"], "init"),
        (["staff", "add", SITI, "--name", "Siti Rahayu"], "staff add"),
        (["staff", "add", BUDI, "--name", "Budi Santoso", "--supervisor", SITI], "staff add"),
        (["staff", "update", BUDI, "--unit", "Bidang Diklat"], "staff update"),
        (["record", "magang", BUDI, "--start", "01/07/2026", "--end", "31/07/2026", "--host", "X"], "record magang"),
        (["record", "coaching", BUDI, "--coach", SITI, "--date", "14/03/2026"], "record coaching"),
        (["record", "mentoring", BUDI, "--mentor", "Ibu Ratna", "--date", "14/03/2026"], "record mentoring"),
        (["record", "training", BUDI, SITI, "--kind", "B3", "--title", "X", "--start", "10/03/2026", "--jp", "2"],
         "record training"),
        (["activity", "void", "1", "--reason", "salah input"], "activity void"),
        (["staff", "leave", BUDI, "--date", "31/12/2026"], "staff leave"),
        (["year", "close", "2025", "--reason", "dilaporkan"], "year close"),
        (["year", "reopen", "2025", "--reason", "koreksi"], "year reopen"),
        (["policy", "use", policy], "policy use"),
        (["backup", tmp_path / "copy.db"], "backup"),
    ]
    if cli.path is None:
        steps.pop()  # backup copies a SQLite file; a PostgreSQL ledger has its server's tools
    for args, action in steps:
        cli.ok(*args)
        newest = cli.ok("log", "--limit", "1", "--format", "json").json()[0]
        assert newest["action"] == action, args
    assert trail_count(cli) == len(steps)
    # Reading changes nothing in the trail; neither does a rejected command.
    cli.ok("totals", "--year", "2026")
    assert cli("staff", "add", SITI, "--name", "Siti Rahayu").exit_code == 2
    assert trail_count(cli) == len(steps)


# --- backup ----------------------------------------------------------------------------------------

def test_backup_is_a_copy_that_opens_with_the_same_rows(unit, tmp_path):
    assert unit.db.exists()
    magang(unit)
    copy = tmp_path / "copy.db"
    result = unit.ok("backup", copy)
    assert str(copy) in result.stderr
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    with sqlite3.connect(copy) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        for table in ("staff", "activity", "policy_version", "meta"):
            assert conn.execute(f"SELECT * FROM {table}").fetchall() == unit.rows(f"SELECT * FROM {table}")
    conn.close()
    unit.ok("--db", copy, "staff", "show", SITI)


def test_backup_refuses_to_overwrite_without_force(unit, tmp_path):
    assert unit.db.exists()  # a SQLite ledger: PostgreSQL has its server's own tools
    copy = tmp_path / "copy.db"
    copy.write_text("keep me")
    result = unit("backup", copy)
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert copy.read_text() == "keep me"
    unit.ok("backup", copy, "--force")
    assert sqlite3.connect(copy).execute("SELECT COUNT(*) FROM staff").fetchone() == (4,)
    # Worded as every other command words a missing folder and a file already there.
    assert unit("backup", copy).stderr == f"error: {copy} already exists; add --force to replace it, or choose " \
                                          "another name\n"
    missing = unit("backup", tmp_path / "none" / "copy.db")
    assert missing.exit_code == 2
    assert missing.stderr == f"error: folder {tmp_path / 'none'} does not exist; create it first or choose another " \
                             "place\n"


# --- check -----------------------------------------------------------------------------------------

def test_check_of_a_clean_ledger_prints_nothing(unit):
    magang(unit)
    result = unit("check")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert unit.ok("check", "--format", "json").json() == []


def test_check_finds_rows_written_behind_its_back(unit):
    entry = magang(unit)["id"]
    unit.rows("INSERT INTO staff (nip, name, status, created_at, updated_at) "
              "VALUES ('198513142010012003', 'Salah Ketik', 'PNS', '2026-01-01', '2026-01-01')")
    unit.rows('UPDATE activity SET "end" = \'2026-06-01\' WHERE id = ?', entry)
    result = unit("check")
    assert result.exit_code == 1
    assert "BAD_NIP" in result.stdout and "198513142010012003" in result.stdout
    assert "IMPOSSIBLE_ACTIVITY" in result.stdout
    problems = unit("check", "--format", "json").json()
    assert {p["code"] for p in problems} == {"BAD_NIP", "IMPOSSIBLE_ACTIVITY"}
    assert all(set(p) == {"code", "where", "message"} for p in problems)


def test_check_finds_an_activity_of_nobody(unit):
    magang(unit)
    with sqlite3.connect(unit.db) as conn:
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("UPDATE activity SET nip = '197001012000011001'")
    conn.close()
    result = unit("check")
    assert result.exit_code == 1
    assert "FOREIGN_KEY" in result.stdout or "ORPHAN_ACTIVITY" in result.stdout


# --- year close and reopen -------------------------------------------------------------------------

def test_a_closed_year_refuses_records_and_voids_until_reopened(unit):
    entry = magang(unit)["id"]
    unit.ok("year", "close", "2026", "--reason", "dilaporkan ke BKN")
    before = unit.snapshot()
    refused = unit("record", "magang", SITI, "--start", "01/07/2026", "--end", "31/07/2026", "--host", "X")
    assert refused.exit_code == 3
    assert "year 2026 is closed" in refused.stderr and "dilaporkan ke BKN" in refused.stderr
    assert "jpledger year reopen 2026" in refused.stderr
    voided = unit("activity", "void", entry, "--reason", "salah")
    assert voided.exit_code == 3
    assert "year 2026 is closed" in voided.stderr
    # An activity that ends in the next year belongs to that year, which is open.
    unit.ok("record", "training", SITI, "--kind", "B3", "--title", "X", "--start", "28/12/2026",
            "--end", "02/01/2027", "--jp", "2")
    assert unit.rows("SELECT COUNT(*) FROM activity") == [(2,)]
    assert before["activity"] == sorted(unit.rows("SELECT * FROM activity WHERE year = 2026"), key=repr)

    unit.ok("year", "reopen", "2026", "--reason", "koreksi magang")
    unit.ok("activity", "void", entry, "--reason", "salah")
    magang(unit, nip=SITI)


def test_audit_of_a_closed_year_shows_it(unit):
    unit.ok("year", "close", "2026", "--reason", "dilaporkan ke BKN")
    report = unit("audit", "--year", "2026", "--format", "json").json()
    closed = [f for f in report["findings"] if f["code"] == "YEAR_CLOSED"]
    assert len(closed) == 1 and "dilaporkan ke BKN" in closed[0]["message"]
    assert "YEAR_CLOSED" not in unit("audit", "--year", "2025", "--format", "json").stdout


def test_closing_twice_and_reopening_an_open_year_are_exit_2(unit):
    unit.ok("year", "close", "2026", "--reason", "dilaporkan")
    assert unit("year", "close", "2026", "--reason", "lagi").exit_code == 2
    assert unit("year", "reopen", "2025", "--reason", "x").exit_code == 2
    assert unit("year", "close", "2025", "--reason", " ").exit_code == 2


# --- help, version, bad arguments ----------------------------------------------------------------

def _commands(group, path=()):
    """Every command a user runs (`staff add`, `audit`, ...), not the groups that hold them."""
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name)


def test_help_lists_every_command(cli):
    result = cli.ok("--help")
    listed = {line.split()[0] for line in result.stdout.split("Commands:")[1].splitlines() if line.strip()}
    assert ISSUE_2_COMMANDS <= listed
    assert listed == set(typer.main.get_command(app).commands)
    assert not cli.exists


def test_every_command_has_help_with_an_example(cli):
    paths = list(_commands(typer.main.get_command(app)))
    assert len(paths) >= 25
    missing = [" ".join(p) for p in paths if "Example" not in cli.ok(*p, "--help").stdout]
    assert missing == []
    assert not cli.exists


def test_version(cli):
    assert cli.ok("--version").stdout.strip() == f"jpledger {__version__}"


@pytest.mark.parametrize("args", [
    ["totals", "--year", "twenty"],
    ["totals", "--year", "2026", "--format", "xml"],
    ["staff", "list", "--colour"],
    ["frobnicate"],
    ["activity", "show", "abc"],
])
def test_bad_arguments_are_exit_2(unit, args):
    result = unit(*args)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.strip()


def test_an_empty_file_is_not_turned_into_a_ledger_by_a_read(cli):
    # What an interrupted `init` or a `touch` leaves behind: a read must say so, not quietly create a ledger.
    cli.db.touch(mode=0o644)
    os.chmod(cli.db, 0o644)
    result = cli("staff", "list")
    assert result.exit_code == 4
    assert "jpledger init" in result.stderr
    assert cli.db.stat().st_size == 0
    cli.ok("init")
    assert cli.rows("SELECT value FROM meta WHERE key = 'schema_version'") == [(str(SCHEMA_VERSION),)]
    assert stat.S_IMODE(cli.db.stat().st_mode) == 0o600


def test_backup_onto_a_folder_is_a_usage_error(unit, tmp_path):
    assert unit.db.exists()  # a SQLite ledger: PostgreSQL has its server's own tools
    folder = tmp_path / "backups"
    folder.mkdir()
    (folder / "keep.txt").write_text("keep me")
    for args in (["backup", folder], ["backup", folder, "--force"]):
        result = unit(*args)
        assert result.exit_code == 2, result.stderr
        assert "is a folder" in result.stderr
    assert (folder / "keep.txt").read_text() == "keep me"


def test_backup_onto_the_ledger_itself_is_refused(unit):
    before = unit.snapshot()
    result = unit("backup", unit.db, "--force")
    assert result.exit_code == 2
    assert "the ledger itself" in result.stderr
    assert unit.snapshot() == before
    unit.ok("staff", "show", SITI)
