"""`jpledger batch`: every import is a batch; `batch revert` voids what one batch added, kept in the trail."""

from __future__ import annotations

from datetime import date

from conftest import BUDI, SITI
from test_import import AGUS, activity_rows, staff_rows, write_roster


def two_batches(cli, tmp_path):
    first = write_roster(tmp_path / "januari.xlsx", {
        "Pegawai": staff_rows((AGUS, "Agus Salim", "PNS", "Bidang Diklat", "", "III/a", SITI)),
        "Kegiatan": activity_rows(
            (BUDI, "B3", "Analisis Data", "BPS", date(2026, 1, 12), date(2026, 1, 14), 24, None, None, None, None),
            (AGUS, "C1", "SKP", None, date(2026, 1, 20), None, None, 2, SITI, None, None),
        )})
    second = write_roster(tmp_path / "februari.xlsx", {"Kegiatan": activity_rows(
        (BUDI, "C3", "Literasi Digital", None, date(2026, 2, 2), None, 3, None, None, None, None))})
    cli.ok("import", first)
    cli.ok("import", second)
    return first, second


def test_batch_list_json(unit, tmp_path):
    first, second = two_batches(unit, tmp_path)
    batches = unit.ok("batch", "list", "--format", "json").json()
    assert [(b["id"], b["file"], b["added"], b["reverted"]) for b in batches] == [
        (1, str(first), 2, False), (2, str(second), 1, False)]
    assert batches[0]["staff_added"] == 1 and batches[0]["skipped"] == 0
    assert batches[0]["at"].endswith("Z") and batches[0]["actor"] == unit.actor("tester")
    assert {"id", "file", "at", "added", "reverted"} <= set(batches[0])
    table = unit.ok("batch", "list").stdout
    assert "januari.xlsx" in table and "februari.xlsx" in table


def test_revert_voids_what_the_batch_added_and_only_that(unit, tmp_path):
    two_batches(unit, tmp_path)
    before = unit.ok("totals", "--year", "2026", "--format", "json").json()
    result = unit.ok("batch", "revert", "1", "--reason", "dikirim ganda")
    assert "batch 1" in result.stderr and "2 entries voided" in result.stderr
    entries = {e["title"]: e for e in unit.ok("activity", "list", "--all", "--format", "json").json()}
    assert entries["Analisis Data"]["voided"] and entries["SKP"]["voided"]
    assert entries["Analisis Data"]["void_reason"] == "batch 1 reverted: dikirim ganda"
    assert not entries["Literasi Digital"]["voided"]
    after = {p["nip"]: p["jp"] for p in unit.ok("totals", "--year", "2026", "--format", "json").json()}
    assert after[BUDI] == 3 and {p["nip"]: p["jp"] for p in before}[BUDI] == 27
    # The people the batch added stay.
    assert unit.ok("staff", "show", AGUS, "--format", "json").json()["name"] == "Agus Salim"
    batches = unit.ok("batch", "list", "--format", "json").json()
    assert batches[0]["reverted"] is True and batches[0]["revert_reason"] == "dikirim ganda"
    trail = unit.ok("log", "--format", "json").json()[0]
    assert trail["action"] == "batch revert"
    assert trail["detail"] == {"batch": 1, "file": batches[0]["file"], "reason": "dikirim ganda", "voided": 2}


def test_reimport_after_a_revert_adds_the_rows_again(unit, tmp_path):
    first, _ = two_batches(unit, tmp_path)
    unit.ok("batch", "revert", "1", "--reason", "salah tanggal")
    data = unit.ok("import", first, "--format", "json").json()
    assert data["activities"]["added"] == 2


def test_revert_twice_or_unknown_batch_is_a_usage_error(unit, tmp_path):
    two_batches(unit, tmp_path)
    unit.ok("batch", "revert", "2", "--reason", "x")
    again = unit("batch", "revert", "2", "--reason", "x")
    assert again.exit_code == 2 and "already reverted" in again.stderr
    unknown = unit("batch", "revert", "9", "--reason", "x")
    assert unknown.exit_code == 2
    assert "batch 9 is not in the ledger" in unknown.stderr and "jpledger batch list" in unknown.stderr
    empty = unit("batch", "revert", "1", "--reason", "  ")
    assert empty.exit_code == 2


def test_revert_in_a_closed_year_is_refused(unit, tmp_path):
    two_batches(unit, tmp_path)
    unit.ok("year", "close", "2026", "--reason", "dilaporkan ke BKN")
    before = unit.snapshot()
    result = unit("batch", "revert", "1", "--reason", "x")
    assert result.exit_code == 3
    assert "year 2026 is closed (dilaporkan ke BKN)" in result.stderr and "reverting batch 1" in result.stderr
    assert unit.snapshot() == before


def test_batch_list_needs_a_ledger(cli):
    result = cli("batch", "list")
    assert result.exit_code == 4 and not cli.db.exists()
