"""A reported year cannot change silently: once `year close Y` locks it, records, voids, imports and batch reverts
touching it are refused with exit 3 naming the lock, until `year reopen Y`; both are in the trail, and the audit
of a closed year says so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BUDI, DEWI, SITI

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
], ids=["magang", "coaching", "mentoring", "training", "across-new-year", "void", "batch-revert"])
def test_changes_touching_a_closed_year_are_refused_naming_the_lock(closed, args):
    _refused(closed, *args)


def test_an_import_with_any_row_in_a_closed_year_is_refused_whole(closed, tmp_path):
    roster = _roster(tmp_path / "campur.csv",
                     (SITI, "B3", "Baru", "02/02/2026", "03/02/2026", "10", "", ""),
                     (BUDI, "C1", "Coaching", "14/11/2025", "14/11/2025", "", "2", SITI))
    _refused(closed, "import", roster)


def test_other_years_stay_open_and_reopening_unlocks(closed):
    closed.ok("record", "training", SITI, "--kind", "B3", "--title", "Tahun Ini", "--start", "10/03/2026", "--jp", "8")
    closed.ok("year", "reopen", "2025", "--reason", "koreksi data magang")
    closed.ok("activity", "void", "1", "--reason", "salah input")
    closed.ok("record", "coaching", BUDI, "--coach", SITI, "--date", "14/03/2025")


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
