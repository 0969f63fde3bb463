"""Rosters in the layout of BPS's Sistem 20JP input templates, built the way officers fill them: header on row 1,
cells in General format (NIPs typed as text by some, as numbers by others), JP converted by hand."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from conftest import BUDI, EKO, SITI

PROFILE = Path(__file__).resolve().parent.parent / "examples" / "profiles" / "sistem-20jp.yaml"
AGUS = "198806102014031004"
STAFF = ["NIP", "Nama", "Kode Unit Eselon 2", "Kode Unit Eselon 3"]
ACTIVITIES = ["Tanggal Mulai", "Tanggal Selesai", "Nama Kegiatan", "Penyelenggara Kegiatan",
              "Kode Jenis Pengembangan", "Total Jam Pelajaran", "NIP Peserta"]


def sheet(path: Path, head: list, *rows, text: tuple[int, ...] = ()) -> Path:
    """A one-sheet workbook like the template (`Sheet1`, header on row 1); every cell General unless in `text`."""
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.title = "Sheet1"
    ws.append(head)
    for row in rows:
        ws.append(list(row))
    for column in text:
        for (cell,) in ws.iter_rows(min_col=column, max_col=column, min_row=2):
            cell.number_format = "@"
    book.save(path)
    return path


def staff_roster(path: Path) -> Path:
    # Unit codes typed as numbers (General cells); one person with no eselon 3 unit works at the eselon 2 level.
    return sheet(path, STAFF, (SITI, "Siti Rahayu", 92800, 92810), (BUDI, "Budi Santoso", 92800, 92810),
                 (AGUS, "Agus Salim", 92800, None))


def test_staff_land_in_eselon_3_units_under_their_eselon_2_unit(cli, tmp_path):
    result = cli.ok("import", staff_roster(tmp_path / "pegawai.xlsx"), "--profile", PROFILE, "--format", "json")
    assert result.json()["staff"]["added"] == 3 and result.json()["units"]["added"] == 2
    assert result.json()["unused_columns"] == []
    assert "  also added: 2 units" in result.stderr.splitlines()
    people = {p["nip"]: p for p in cli.ok("staff", "list", "--format", "json").json()}
    assert (people[SITI]["unit_code"], people[BUDI]["unit_code"], people[AGUS]["unit_code"]) == (
        "92810", "92810", "92800")
    assert {p["status"] for p in people.values()} == {"PNS"}
    units = dict(cli.rows("SELECT code, parent FROM unit"))
    assert units == {"92800": None, "92810": "92800"}


def test_without_the_profile_the_unit_columns_are_named_as_not_imported(cli, tmp_path):
    result = cli.ok("import", staff_roster(tmp_path / "pegawai.xlsx"), "--format", "json")
    assert result.json()["unused_columns"] == [
        {"sheet": "Sheet1", "column": "C", "heading": "Kode Unit Eselon 2"},
        {"sheet": "Sheet1", "column": "D", "heading": "Kode Unit Eselon 3"}]
    assert "Sheet1: not imported: Kode Unit Eselon 2 (C), Kode Unit Eselon 3 (D)" in result.stderr
    dry = cli.ok("import", staff_roster(tmp_path / "lagi.xlsx"), "--dry-run")
    assert "not imported: Kode Unit Eselon 2 (C), Kode Unit Eselon 3 (D)" in dry.stderr


def test_an_eselon_3_code_that_is_the_eselon_2_code_is_named(cli, tmp_path):
    roster = sheet(tmp_path / "pegawai.xlsx", STAFF, (SITI, "Siti Rahayu", 1, 1))
    result = cli("import", roster, "--profile", PROFILE)
    assert result.exit_code == 3
    assert f"{roster}:Sheet1!D2: unit 1 is named as the person's unit and as the unit above it" in result.stderr
    assert not cli.exists


def test_a_unit_the_ledger_holds_elsewhere_is_named(cli, tmp_path):
    cli.ok("import", staff_roster(tmp_path / "pegawai.xlsx"), "--profile", PROFILE)
    moved = sheet(tmp_path / "pindah.xlsx", STAFF, (BUDI, "Budi Santoso", 92900, 92810))
    before = cli.snapshot()
    result = cli("import", moved, "--profile", PROFILE)
    assert result.exit_code == 3
    assert f"{moved}:Sheet1!C2: unit 92810 is under 92800 in the ledger, not under 92900" in result.stderr
    assert cli.snapshot() == before


def test_nips_typed_as_numbers_are_refused_and_text_ones_import(cli, tmp_path):
    roster = sheet(tmp_path / "pegawai.xlsx", STAFF, (SITI, "Siti Rahayu", 92800, 92810),
                   (int(BUDI[:15]) * 1000, "Budi Santoso", 92800, 92810))  # Excel keeps 15 digits
    result = cli("import", roster, "--profile", PROFILE)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == (
        f"{roster}:Sheet1!A3: NIP 199203152019031000 is a number cell, not text; Excel keeps only 15 digits of a "
        "number, so the last digits are lost: format the NIP column as Text and type the NIPs again")


def test_a_pppk_nip_in_a_sheet_without_status_says_how_to_mark_it(cli, tmp_path):
    """Issue 9, item 7: not "202421 is not a real year-month", but what the number looks like and what to do."""
    roster = sheet(tmp_path / "pegawai.xlsx", STAFF, (EKO, "Eko Prasetyo", 92800, 92810))
    result = cli("import", roster, "--profile", PROFILE)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == (
        f"{roster}:Sheet1!A2: NIP {EKO} looks like a NI PPPK: digits 9-14 (202421) are not a PNS appointment "
        "year-month. If the person is PPPK, write PPPK in the Status Kepegawaian column (add that column if the "
        "sheet has none); for PNS and CPNS check the NIP")
    marked = sheet(tmp_path / "pppk.xlsx", [*STAFF, "Status Kepegawaian"], (EKO, "Eko Prasetyo", 92800, 92810, "PPPK"))
    cli.ok("import", marked, "--profile", PROFILE)
    assert cli.ok("staff", "show", EKO, "--format", "json").json()["status"] == "PPPK"


def test_a_pppk_nip_marked_pns_is_still_a_wrong_nip(cli, tmp_path):
    roster = sheet(tmp_path / "pegawai.xlsx", [*STAFF, "Status Kepegawaian"], (EKO, "Eko", 92800, 92810, "PNS"))
    result = cli("import", roster, "--profile", PROFILE)
    assert result.exit_code == 3
    assert "appointment year-month (digits 9-14) 202421 is not a real year-month" in result.stderr
    assert "looks like a NI PPPK" not in result.stderr


def test_jp_typed_by_the_officer_is_credited_and_marked(cli, tmp_path):
    """Issue 9, item 6: coaching typed as 4 and 6 JP, a one-day seminar as 6 JP, credited as typed."""
    cli.ok("import", staff_roster(tmp_path / "pegawai.xlsx"), "--profile", PROFILE)
    roster = sheet(tmp_path / "kompetensi.xlsx", ACTIVITIES,
                   (datetime(2026, 3, 2), datetime(2026, 3, 2), "Coaching SKP", "Bagian Umum", "C1", 4, BUDI),
                   ("2026-04-06", "2026-04-06", "Coaching lanjutan", "Bagian Umum", "C1", 6, BUDI),
                   (date(2026, 5, 11), date(2026, 5, 11), "Seminar Statistik", "BPS RI", "B6", 6, BUDI),
                   (date(2026, 6, 8), date(2026, 6, 10), "Pelatihan SPSS", "Pusdiklat BPS", "B3", 24, BUDI),
                   (date(2026, 7, 1), date(2026, 7, 1), "Coaching", "Bagian Umum", "C1", 2, SITI),
                   text=(7,))
    result = cli.ok("import", roster, "--profile", PROFILE, "--format", "json")
    assert result.json()["activities"]["added"] == 5 and result.json()["jp_as_given"] == 3
    assert result.json()["unused_columns"] == []
    assert "3 entries credited with the file's JP" in result.stderr
    got = {e["title"]: e for e in cli.ok("activity", "list", "--format", "json").json()}
    assert {title: e["jp"] for title, e in got.items()} == {
        "Coaching SKP": 4, "Coaching lanjutan": 6, "Seminar Statistik": 6, "Pelatihan SPSS": 24, "Coaching": 2}
    seminar = cli.ok("activity", "show", got["Seminar Statistik"]["id"], "--format", "json").json()
    assert seminar["organizer"] == "BPS RI"  # Penyelenggara Kegiatan, no longer dropped
    coaching = cli.ok("activity", "show", got["Coaching SKP"]["id"], "--format", "json").json()
    assert coaching["sessions"] == 1  # no sessions column: one session, as `record coaching` counts
    audit = cli("audit", "--year", "2026", "--format", "json").json()
    flagged = sorted((f["activity_id"], f["severity"]) for f in audit["findings"] if f["code"] == "JP_AS_GIVEN")
    ids = sorted(got[t]["id"] for t in ("Coaching SKP", "Coaching lanjutan", "Seminar Statistik"))
    assert flagged == [(i, "info") for i in ids]
    budi = next(p for p in audit["people"] if p["nip"] == BUDI)
    assert budi["jp"] == 40


def test_without_the_profile_the_disagreeing_jp_is_refused(cli, tmp_path):
    cli.ok("import", staff_roster(tmp_path / "pegawai.xlsx"), "--profile", PROFILE)
    roster = sheet(tmp_path / "kompetensi.xlsx", ACTIVITIES,
                   (date(2026, 5, 11), date(2026, 5, 11), "Seminar Statistik", "BPS RI", "B6", 6, BUDI))
    result = cli("import", roster)
    assert result.exit_code == 3
    assert (f"{roster}:Sheet1!F2: Total Jam Pelajaran says 6 JP, but the policy credits Seminar/Konferensi/Sarasehan "
            "(B6) 4 JP for this row (1 day)") in result.stderr


def test_a_jp_above_the_policys_limit_for_one_entry_is_refused_even_as_given(cli, tmp_path):
    cli.ok("import", staff_roster(tmp_path / "pegawai.xlsx"), "--profile", PROFILE)
    roster = sheet(tmp_path / "kompetensi.xlsx", ACTIVITIES,
                   (date(2026, 5, 11), date(2026, 5, 11), "Seminar", "BPS RI", "B6", 999999, BUDI))
    result = cli("import", roster, "--profile", PROFILE)
    assert result.exit_code == 3
    assert f"{roster}:Sheet1!F2: seminar (B6) would be credited 999999 JP, more than the policy's " \
           "max_jp_per_entry of 1000 JP" in result.stderr
