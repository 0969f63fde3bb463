"""A reported year cannot change silently: once `year close Y` locks it, every change under its report is refused
with exit 3 naming the lock, until `year reopen Y`; both are in the trail. The audit of a closed year is the report
stored when it was closed, byte for byte whatever else changes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import BUDI, DEWI, EKO, SITI, command_paths

REASON = "dilaporkan ke BKN 15/01/2026"


def _roster(path: Path, *rows: tuple) -> Path:
    lines = ["NIP Peserta,Jenis Kegiatan,Nama Kegiatan,Tanggal Mulai,Tanggal Selesai,Jumlah JP,Jumlah Sesi,Pembimbing"]
    path.write_text("\n".join(lines + [",".join(row) for row in rows]) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def closed(unit, tmp_path):
    """2025 holds an entry recorded by hand and a batch imported; then 2025 is closed."""
    unit.ok("record", "training", SITI, "--kind", "B3", "--title", "Analisis Data", "--start", "10/03/2025",
            "--jp", "24")
    unit.ok("import", _roster(tmp_path / "rekap-2025.csv", (BUDI, "B3", "Statistik", "02/06/2025", "04/06/2025",
                                                            "20", "", "")))
    unit.ok("year", "close", "2025", "--reason", REASON)
    return unit


def _refused(cli, *args) -> None:
    before = cli.snapshot()
    result = cli(*args)
    assert result.exit_code == 3, (args, result.exit_code, result.stderr)
    assert "year 2025 is closed" in result.stderr and REASON in result.stderr
    assert "jpledger year reopen 2025" in result.stderr
    assert cli.snapshot() == before


@pytest.mark.parametrize("args", [
    ("record", "magang", BUDI, "--start", "01/12/2025", "--end", "05/12/2025", "--host", "LAN RI"),
    ("record", "coaching", BUDI, "--coach", SITI, "--date", "14/03/2025"),
    ("record", "mentoring", DEWI, "--mentor", "Dr. Ahmad Fauzi", "--date", "14 Maret 2025"),
    ("record", "training", SITI, BUDI, "--kind", "C3", "--title", "E-Learning", "--start", "05/05/2025", "--jp", "3"),
    # An entry counts in the year of its end: one ending in 2025 is refused wherever it starts.
    ("record", "training", SITI, "--kind", "B3", "--title", "Lintas Tahun", "--start", "29/12/2024",
     "--end", "02/01/2025", "--jp", "10"),
    ("activity", "void", "1", "--reason", "salah input"),
    ("batch", "revert", "1", "--reason", "salah tanggal"),
    # Budi has no joining day: he counted from his appointment (2019); joining in 2026 would drop him from 2025.
    ("staff", "update", BUDI, "--joined", "01/02/2026"),
    ("staff", "update", BUDI, "--appointed", "01/02/2026"),
    # Dewi joined in 2021: moving it into 2026 changes 2025 as well.
    ("staff", "update", DEWI, "--joined", "01/02/2026"),
    ("staff", "update", BUDI, "--left", "30/06/2025"),
], ids=["magang", "coaching", "mentoring", "training", "across-new-year", "void", "batch-revert", "joined-unset",
        "appointed", "joined-moved", "left"])
def test_changes_touching_a_closed_year_are_refused_naming_the_lock(closed, args):
    _refused(closed, *args)


def test_an_import_with_any_row_in_a_closed_year_is_refused_whole(closed, tmp_path):
    roster = _roster(tmp_path / "campur.csv",
                     (SITI, "B3", "Baru", "02/02/2026", "03/02/2026", "10", "", ""),
                     (BUDI, "C1", "Coaching", "14/11/2025", "14/11/2025", "", "2", SITI))
    _refused(closed, "import", roster)


def test_service_days_after_the_closed_year_still_change(closed):
    closed.ok("staff", "add", "199801012022031002", "--name", "Rina", "--appointed", "01/03/2026")
    closed.ok("staff", "update", "199801012022031002", "--joined", "01/04/2026")
    closed.ok("staff", "update", EKO, "--left", "31/03/2026")


def test_other_years_stay_open_and_reopening_unlocks(closed):
    closed.ok("record", "training", SITI, "--kind", "B3", "--title", "Tahun Ini", "--start", "10/03/2026", "--jp", "8")
    closed.ok("year", "reopen", "2025", "--reason", "koreksi data magang")
    closed.ok("activity", "void", "1", "--reason", "salah input")
    closed.ok("record", "coaching", BUDI, "--coach", SITI, "--date", "14/03/2025")


def test_closing_a_year_that_has_not_ended_warns_and_closes_it(closed):
    result = closed("year", "close", "2026", "--reason", "laporan semester")  # today is 2026-11-22
    assert result.exit_code == 0
    assert "warning: year 2026 has not ended yet (today is 2026-11-22)" in result.stderr
    assert closed("year", "close", "2024", "--reason", "lama").stderr.count("warning") == 0
    refused = closed("record", "training", SITI, "--kind", "B3", "--title", "Desember", "--start", "10/12/2026",
                     "--jp", "8")
    assert refused.exit_code == 3


def test_closing_and_reopening_are_in_the_trail(closed):
    closed.ok("year", "reopen", "2025", "--reason", "koreksi")
    reopen, close = closed.ok("log", "--limit", "2", "--format", "json").json()
    assert (close["action"], close["detail"]) == ("year close", {"year": 2025, "reason": REASON})
    assert (reopen["action"], reopen["detail"]) == ("year reopen", {"year": 2025, "reason": "koreksi"})
    assert close["command"].startswith("jpledger year close 2025") and close["actor"] == closed.actor("tester")


def test_the_audit_of_a_closed_year_says_so(closed):
    findings = closed("audit", "--year", "2025", "--format", "json").json()["findings"]
    assert [f for f in findings if f["code"] == "YEAR_CLOSED"] == [
        {"code": "YEAR_CLOSED", "severity": "info", "nip": None, "activity_id": None,
         "message": f"year 2025 is closed: {REASON}"}]
    assert "YEAR_CLOSED" in closed("audit", "--year", "2025").stdout
    open_year = closed("audit", "--year", "2026", "--format", "json").json()["findings"]
    assert "YEAR_CLOSED" not in {f["code"] for f in open_year}


# --- the closed year's report stays as it was reported ------------------------------------------------------------

# Commands that do not write the ledger's data (export, template and `remind --out` write workbooks; officers are
# database roles, not data under a report).
READ_ONLY = {"totals", "statement", "audit", "export", "template", "log", "check", "staff list", "staff show",
             "activity list", "activity show", "activity evidence", "batch list", "policy show", "policy check",
             "unit list", "journal", "remind", "officer add", "officer list", "officer remove", "backup", "init",
             "migrate-to"}


def _staff_sheet(path: Path, nip: str, unit: str, since: str) -> Path:
    path.write_text(f"NIP,Nama,Unit Kerja,TMT Jabatan\n{nip},Budi Santoso,{unit},{since}\n", encoding="utf-8")
    return path


def _scenario(tmp_path: Path) -> list[tuple[str, tuple, int]]:
    """Every command that writes, against closed 2025: (command, arguments, exit). Exit 3 is a refusal naming the
    lock; exit 0 a change that only looks forward. Commands not built yet are skipped until they are."""
    newer_policy = tmp_path / "policy-30.yaml"
    return [
        ("record magang", ("record", "magang", BUDI, "--start", "01/12/2025", "--end", "05/12/2025", "--host", "LAN"),
         3),
        ("record coaching", ("record", "coaching", BUDI, "--coach", SITI, "--date", "14/03/2025"), 3),
        ("record mentoring", ("record", "mentoring", DEWI, "--mentor", "Dr. Ahmad", "--date", "14/03/2025"), 3),
        ("record training", ("record", "training", SITI, "--kind", "B3", "--title", "X", "--start", "29/12/2024",
                             "--end", "02/01/2025", "--jp", "10"), 3),
        ("import", ("import", _roster(tmp_path / "susulan.csv",
                                      (BUDI, "B3", "Susulan", "02/09/2025", "02/09/2025", "8", "", ""))), 3),
        ("import", ("import", _staff_sheet(tmp_path / "mutasi.csv", BUDI, "Bidang Baru", "01/07/2025")), 3),
        ("activity void", ("activity", "void", "1", "--reason", "salah input"), 3),
        ("activity verify", ("activity", "verify", "1"), 3),
        ("activity reject", ("activity", "reject", "1", "--reason", "tanpa bukti"), 3),
        ("batch revert", ("batch", "revert", "1", "--reason", "salah tanggal"), 3),
        # Issue 9, item 1: a leave dated inside the closed year, and one typed years too early (item 2).
        ("staff leave", ("staff", "leave", BUDI, "--date", "31/12/2025"), 3),
        ("staff leave", ("staff", "leave", BUDI, "--date", "01/01/2020"), 3),
        ("staff update", ("staff", "update", BUDI, "--unit", "Bidang Baru", "--from", "01/07/2025"), 3),
        ("staff update", ("staff", "update", BUDI, "--rank", "III/b", "--from", "01/01/2025"), 3),
        ("staff update", ("staff", "update", BUDI, "--supervisor", DEWI, "--from", "01/10/2025"), 3),
        ("staff update", ("staff", "update", BUDI, "--joined", "01/02/2025"), 3),
        ("staff update", ("staff", "update", BUDI, "--appointed", "01/04/2019"), 3),
        ("staff update", ("staff", "update", BUDI, "--left", "30/06/2025"), 3),
        ("staff update", ("staff", "update", DEWI, "--joined", ""), 3),
        ("staff contract", ("staff", "contract", EKO, "--start", "01/01/2025", "--end", "31/12/2025"), 3),
        # Changes that only look forward are allowed, and the stored report does not move.
        ("staff add", ("staff", "add", LATER, "--name", "Rina Wati", "--unit", "Bidang Diklat"), 0),
        ("staff update", ("staff", "update", BUDI, "--name", "Budi S.", "--unit", "Bidang Baru"), 0),
        ("staff leave", ("staff", "leave", SITI, "--date", "30/11/2026", "--reason", "pensiun"), 0),
        # A PPPK's first contract starts their service when nobody gave its start: a 2027 one would take Eko out
        # of 2025.
        ("staff contract", ("staff", "contract", EKO, "--start", "01/01/2027", "--end", "31/12/2027"), 3),
        ("record training", ("record", "training", BUDI, "--kind", "B3", "--title", "Baru", "--start", "10/03/2026",
                             "--jp", "8"), 0),
        ("policy use", ("policy", "use", newer_policy), 0),
        ("unit add", ("unit", "add", "BB", "--name", "Bidang Baru Sekali"), 0),
        ("unit update", ("unit", "update", "Bidang Diklat", "--name", "Bidang Pengembangan SDM"), 0),
        ("year close", ("year", "close", "2024", "--reason", "dilaporkan"), 0),
    ]


LATER = "199801012022031002"  # a person registered after 2025 was reported


def test_every_write_command_is_in_the_closed_year_scenario(tmp_path):
    covered = {command for command, _, _ in _scenario(tmp_path)}
    missing = command_paths() - READ_ONLY - covered - {"year reopen"}  # reopening is how a closed year changes
    assert not missing, f"write commands not run against a closed year: {sorted(missing)}"


def test_the_audit_of_a_closed_year_is_byte_for_byte_the_same_after_every_write_command(closed, tmp_path):
    policy = closed.ok("policy", "show").stdout.replace("  PNS:\n    min_jp: 20", "  PNS:\n    min_jp: 30")
    assert "min_jp: 30" in policy
    (tmp_path / "policy-30.yaml").write_text(policy, encoding="utf-8")
    reported = closed("audit", "--year", "2025", "--format", "json").stdout
    commands = command_paths()
    ran = 0
    for command, args, expected in _scenario(tmp_path):
        if command not in commands:
            continue  # not built yet: runs here as soon as it is
        before = closed.snapshot()
        result = closed(*args)
        assert result.exit_code == expected, (args, result.exit_code, result.stderr)
        if expected == 3:
            assert "year 2025 is closed" in result.stderr and REASON in result.stderr, (args, result.stderr)
            assert closed.snapshot() == before, args
        assert closed("audit", "--year", "2025", "--format", "json").stdout == reported, args
        ran += 1
    assert ran >= 20
    # What the stored report protects against: counted again now, 2025 reads differently.
    closed.ok("year", "reopen", "2025", "--reason", "koreksi")
    assert closed("audit", "--year", "2025", "--format", "json").stdout != reported


def test_closing_stores_the_audit_and_the_closed_year_prints_it_marked_closed(closed):
    report = closed("audit", "--year", "2025", "--format", "json")
    assert report.exit_code == 1  # Siti, Dewi and the rest are short of 20 JP in 2025
    document = report.json()
    assert (document["year"], document["as_of"]) == (2025, "2025-12-31")
    assert document["closed"]["reason"] == REASON and document["closed"]["actor"] == closed.actor("tester")
    assert document["closed"]["at"].endswith("Z")
    stored = closed.rows("SELECT report FROM year_lock WHERE year = 2025")[0][0]
    assert json.loads(stored)["document"]["people"] == document["people"]
    table = closed("audit", "--year", "2025").stdout
    assert "year 2025 was closed on" in table and f"by {closed.actor('tester')}" in table and REASON in table
    csv = closed("audit", "--year", "2025", "--format", "csv")
    assert csv.stdout.splitlines()[0].startswith("nip,name,unit")
    assert "year 2025 was closed on" in csv.stderr


def test_a_closed_years_report_speaks_the_readers_language(closed):
    closed.ok("record", "coaching", BUDI, "--coach", SITI, "--date", "14/03/2026", "--sessions", "3")
    english = closed("audit", "--year", "2025", "--format", "json").json()
    indonesian = closed("--lang", "id", "audit", "--year", "2025", "--format", "json").json()
    assert [f["code"] for f in english["findings"]] == [f["code"] for f in indonesian["findings"]]
    assert {f["message"] for f in indonesian["findings"] if f["code"] == "YEAR_CLOSED"} == {
        f"tahun 2025 ditutup: {REASON}"}
    assert "ditutup" in closed("--lang", "id", "audit", "--year", "2025").stdout


def test_a_closed_years_report_limited_to_a_unit_and_a_count_on_another_day(closed):
    whole = closed("audit", "--year", "2025", "--format", "json").json()
    mine = closed("audit", "--year", "2025", "--unit", "bidang diklat", "--format", "json").json()
    assert {p["nip"] for p in mine["people"]} == {p["nip"] for p in whole["people"]
                                                  if p["unit"] == "Bidang Diklat"} == {SITI, BUDI}
    assert [u["unit"] for u in mine["units"]] == ["Bidang Diklat"]
    assert mine["summary"]["headcount"] == 2 and mine["closed"] == whole["closed"]
    # the entries still awaiting verification are counted again with them, as the whole report counted them
    diklat = next(u for u in whole["units"] if u["unit"] == "Bidang Diklat")
    assert mine["units"][0]["awaiting_verification"] == diklat["awaiting_verification"] == 2
    assert {f["nip"] for f in mine["findings"]} <= {SITI, BUDI, None}
    # Another day than the year's end is a count of the ledger as it stands, not the stored report.
    midyear = closed("audit", "--year", "2025", "--as-of", "30/06/2025", "--format", "json").json()
    assert "closed" not in midyear and midyear["as_of"] == "2025-06-30"


def test_reopening_drops_the_stored_report(closed):
    closed.ok("year", "reopen", "2025", "--reason", "koreksi")
    assert closed.rows("SELECT COUNT(*) FROM year_lock")[0][0] == 0
    assert "closed" not in closed("audit", "--year", "2025", "--format", "json").json()
