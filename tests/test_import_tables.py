"""Tables besides staff and activities, found by their headers in any workbook: PPPK contracts (several a person),
staff history (a value from a day on) and the unit tree."""

from __future__ import annotations

from datetime import date

from conftest import BUDI, EKO, SITI
from test_import import write_roster

MAYA = "199302272024212001"  # PPPK


def contracts(cli) -> list[tuple]:
    return sorted(cli.rows("SELECT nip, CAST(start AS TEXT), CAST(\"end\" AS TEXT), ref FROM contract"), key=repr)


def test_a_staff_sheet_with_contract_columns_adds_the_person_and_one_contract(cli, tmp_path):
    roster = write_roster(tmp_path / "pppk.xlsx", {"Pegawai": [
        ["NIP", "Nama", "Status Kepegawaian", "TMT PPPK", "Akhir Kontrak", "Nomor Kontrak"],
        [MAYA, "Maya Sari", "PPPK", date(2024, 3, 1), date(2026, 2, 28), "PK-001"]]}, banner=False)
    data = cli.ok("import", roster, "--format", "json").json()
    assert data["staff"]["added"] == 1 and data["contracts"]["added"] == 1
    shown = cli.ok("staff", "show", MAYA, "--format", "json").json()
    assert shown["contracts"] == [{"start": "2024-03-01", "end": "2026-02-28", "ref": "PK-001"}]
    assert shown["appointed"] == "2024-03-01"  # a PPPK's start of service: the first contract's start


def test_a_contracts_sheet_holds_renewals_and_refuses_overlaps(unit, tmp_path):
    head = ["NIP", "Tanggal Mulai Kontrak", "Tanggal Akhir Kontrak", "Nomor Perjanjian Kerja"]
    roster = write_roster(tmp_path / "kontrak.xlsx", {"Kontrak": [
        head, [EKO, date(2024, 1, 1), date(2024, 12, 31), "PK-1"], [EKO, date(2025, 1, 1), date(2026, 12, 31), "PK-2"],
    ]}, banner=False)
    data = unit.ok("import", roster, "--format", "json").json()
    assert data["tables"][0]["kind"] == "contracts" and data["contracts"]["added"] == 2
    assert contracts(unit) == [(EKO, "2024-01-01", "2024-12-31", "PK-1"), (EKO, "2025-01-01", "2026-12-31", "PK-2")]
    assert unit.ok("import", roster, "--format", "json").json()["contracts"]["added"] == 0
    clash = write_roster(tmp_path / "bentrok.xlsx", {"Kontrak": [
        head, [EKO, date(2026, 6, 1), date(2027, 5, 31), "PK-3"]]}, banner=False)
    before = unit.snapshot()
    result = unit("import", clash)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == (
        f"{clash}:Kontrak!B2: this contract (2026-06-01 to 2027-05-31) overlaps {EKO}'s contract of 2025-01-01 to "
        "2026-12-31; contracts of one person may not overlap")
    assert unit.snapshot() == before


def test_a_contract_for_someone_not_in_the_ledger_is_named(unit, tmp_path):
    roster = write_roster(tmp_path / "kontrak.xlsx", {"Kontrak": [
        ["NIP", "Tanggal Mulai Kontrak", "Tanggal Akhir Kontrak"], [MAYA, date(2025, 1, 1), date(2024, 1, 1)]]},
        banner=False)
    result = unit("import", roster)
    assert result.exit_code == 3
    assert f"{roster}:Kontrak!A2: NIP {MAYA} is not in the ledger or in a staff sheet of this file" in result.stderr
    assert f"{roster}:Kontrak!C2: the contract ends 2024-01-01, before it starts 2025-01-01" in result.stderr


def test_a_history_sheet_gives_values_from_their_day(unit, tmp_path):
    roster = write_roster(tmp_path / "riwayat.xlsx", {"Riwayat": [
        ["NIP", "Data", "Nilai", "Berlaku Mulai"],
        [BUDI, "Pangkat/Golongan", "III/b", date(2025, 4, 1)],
        [BUDI, "Unit Kerja", "Bidang Evaluasi", date(2026, 1, 1)],
        [BUDI, "position", "Statistisi Ahli Pertama", date(2026, 1, 1)]]}, banner=False)
    data = unit.ok("import", roster, "--format", "json").json()
    assert data["tables"][0]["kind"] == "history" and data["history"]["added"] == 3
    shown = unit.ok("staff", "show", BUDI, "--format", "json").json()
    assert (shown["rank"], shown["unit"], shown["position"]) == ("III/b", "Bidang Evaluasi", "Statistisi Ahli Pertama")
    assert {"field": "rank", "value": "III/b", "from": "2025-04-01"} in shown["history"]
    audit = unit("audit", "--year", "2025", "--format", "json").json()
    assert next(p for p in audit["people"] if p["nip"] == BUDI)["unit"] == "Bidang Diklat"  # as it was in 2025


def test_a_history_golongan_that_does_not_fit_the_status_of_its_day_is_named(unit, tmp_path):
    roster = write_roster(tmp_path / "riwayat.xlsx", {"Riwayat": [
        ["NIP", "Data", "Nilai", "Berlaku Mulai"], [EKO, "rank", "III/a", date(2025, 4, 1)],
        [SITI, "status", "Honorer", date(2025, 4, 1)], [SITI, "Unit", "", date(2025, 4, 1)]]}, banner=False)
    result = unit("import", roster)
    assert result.exit_code == 3
    assert (f"{roster}:Riwayat!C2: golongan III/a is a PNS golongan; a PPPK golongan is I to XVII (on 2025-04-01, "
            "when the status was PPPK)") in result.stderr
    assert f"{roster}:Riwayat!C3: status 'Honorer' is not PNS, CPNS or PPPK" in result.stderr
    assert "Riwayat!C4" not in result.stderr  # an empty value clears the unit from that day


def test_a_units_sheet_adds_the_tree_and_names_what_does_not_fit(cli, tmp_path):
    roster = write_roster(tmp_path / "unit.xlsx", {"Unit": [
        ["Kode Unit", "Nama Unit", "Kode Unit Induk"], ["DIK1", "Seksi Teknis", "DIK"], ["DIK", "Bidang Diklat", "BPS"],
        ["BPS", "Badan Pusat Statistik", None]]}, banner=False)
    data = cli.ok("import", roster, "--format", "json").json()
    assert data["units"]["added"] == 3
    assert sorted(cli.rows("SELECT code, name, parent FROM unit")) == [
        ("BPS", "Badan Pusat Statistik", None), ("DIK", "Bidang Diklat", "BPS"), ("DIK1", "Seksi Teknis", "DIK")]
    assert cli.ok("import", roster, "--format", "json").json()["units"]["added"] == 0
    wrong = write_roster(tmp_path / "salah.xlsx", {"Unit": [
        ["Kode Unit", "Nama Unit", "Kode Unit Induk"], ["DIK", "Bidang Diklat", "LAN"],
        ["DIK1", "Seksi Lain", "DIK"], ["EVA", "Bidang Evaluasi", "XYZ"]]}, banner=False)
    result = cli("import", wrong)
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert f"{wrong}:Unit!C2: unit LAN is neither in the ledger nor in the units sheet of this file" in lines
    assert (f"{wrong}:Unit!B3: unit DIK1 is named 'Seksi Teknis' in the ledger, not 'Seksi Lain'; change the row, "
            "or rename the unit first") in lines
    assert f"{wrong}:Unit!C4: unit XYZ is neither in the ledger nor in the units sheet of this file" in lines
