"""`jpledger remind`: who is behind before the year ends, at what pace, per supervisor or unit, and the workbooks
to send to each."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from conftest import BUDI, DEWI, EKO, SITI
from jpledger.core.pace import jp_per_month, months_left
from jpledger.sheets.remind import file_names


@pytest.fixture
def behind(unit):
    """Mid-2026: Budi (PNS) has 8 JP, Dewi (CPNS) none, Siti 24 and Eko (PPPK, max 24) 21."""
    unit.ok("record", "training", BUDI, "--kind", "B3", "--title", "Analisis", "--start", "10/03/2026", "--jp", "8")
    unit.ok("record", "training", SITI, "--kind", "B3", "--title", "Kepemimpinan", "--start", "10/02/2026",
            "--jp", "24")
    unit.ok("record", "training", EKO, "--kind", "B3", "--title", "Kelas PPPK", "--start", "10/04/2026", "--jp", "21")
    unit.ok("record", "coaching", DEWI, "--coach", SITI, "--date", "12/05/2026", "--sessions", "2",
            "--topic", "Rencana belajar", "--goal", "Lulus latsar", "--actions", "Baca modul 1")
    unit.ok("record", "mentoring", BUDI, "--mentor", "Dr. Ahmad Fauzi", "--date", "20/09/2026")  # after 1 July
    return unit


def people(result) -> dict[str, dict]:
    return {p["nip"]: p | {"group": g["group"]} for g in result.json() for p in g["people"]}


def test_the_pinned_case_a_pns_with_8_jp_on_the_first_of_july(behind):
    result = behind("remind", "--year", "2026", "--as-of", "2026-07-01", "--format", "json")
    assert result.exit_code == 1  # someone is listed
    budi = people(result)[BUDI]
    assert (budi["jp"], budi["needed"], budi["months_left"], budi["jp_per_month"]) == (8, 12, 6, 2.0)
    assert budi["state"] == "short"


def test_months_left_counts_the_as_of_month_only_from_its_first_day(behind):
    mid = people(behind("remind", "--year", "2026", "--as-of", "15/07/2026", "--format", "json"))[DEWI]
    assert (mid["needed"], mid["months_left"], mid["jp_per_month"]) == (16, 5, 3.2)  # coaching credited 4
    assert months_left(date(2026, 7, 1), 2026) == 6 and months_left(date(2026, 7, 15), 2026) == 5
    assert months_left(date(2026, 12, 31), 2026) == 0 and months_left(date(2027, 3, 1), 2026) == 0
    assert months_left(date(2025, 11, 1), 2026) == 12
    assert jp_per_month(Decimal(20), 0) == Decimal("20.00")  # at least one month: the rest is due now
    assert jp_per_month(Decimal(10), 3) == Decimal("3.33") and jp_per_month(Decimal("0.05"), 2) == Decimal("0.03")


def test_who_is_listed_short_near_or_over_a_maximum(behind):
    listed = people(behind("remind", "--year", "2026", "--as-of", "01/07/2026", "--format", "json"))
    assert set(listed) == {BUDI, DEWI, EKO}  # Siti met her 20 JP
    eko = listed[EKO]
    assert (eko["state"], eko["jp"], eko["max_jp"], eko["near_max"], eko["needed"]) == ("ok", 21, 24, True, 0)
    behind.ok("record", "training", EKO, "--kind", "B3", "--title", "Lagi", "--start", "01/06/2026", "--jp", "4")
    assert people(behind("remind", "--year", "2026", "--as-of", "01/07/2026", "--format", "json"))[EKO]["state"] \
        == "over"


def test_someone_who_has_left_is_not_reminded(behind):
    behind.ok("staff", "leave", DEWI, "--date", "30/06/2026", "--reason", "pindah instansi")
    assert set(people(behind("remind", "--year", "2026", "--as-of", "01/07/2026", "--format", "json"))) == {BUDI, EKO}
    # Before the day she left she is still reminded.
    assert DEWI in people(behind("remind", "--year", "2026", "--as-of", "01/06/2026", "--format", "json"))


def test_grouped_by_the_supervisor_on_the_as_of_day_or_by_unit(behind):
    groups = behind("remind", "--year", "2026", "--as-of", "01/07/2026", "--format", "json").json()
    assert [(g["group"], g["group_name"], [p["nip"] for p in g["people"]]) for g in groups] == [
        (SITI, "Siti Rahayu", [DEWI, BUDI]),  # most needed first
        (None, None, [EKO]),  # no supervisor recorded
    ]
    # A change of supervisor from August does not move Budi in a July reminder, and does in a September one.
    behind.ok("staff", "update", BUDI, "--supervisor", DEWI, "--from", "01/08/2026")
    july = people(behind("remind", "--year", "2026", "--as-of", "01/07/2026", "--format", "json"))
    september = people(behind("remind", "--year", "2026", "--as-of", "01/09/2026", "--format", "json"))
    assert (july[BUDI]["group"], september[BUDI]["group"]) == (SITI, DEWI)
    by_unit = behind("remind", "--year", "2026", "--as-of", "01/07/2026", "--by", "unit", "--format", "json").json()
    assert [(g["group_name"], sorted(p["nip"] for p in g["people"])) for g in by_unit] == [
        ("Bidang Diklat", [BUDI]), ("Bidang Evaluasi", sorted([DEWI, EKO]))]


def test_csv_is_one_row_per_person_with_the_group_first(behind):
    result = behind("remind", "--year", "2026", "--as-of", "01/07/2026", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert result.stdout.splitlines()[0].startswith("group,group_name,nip,name,unit,status,jp,needed,months_left,"
                                                     "jp_per_month,state")
    assert [(r["group"], r["nip"], r["jp_per_month"]) for r in rows] == [
        (SITI, DEWI, "2.67"), (SITI, BUDI, "2.0"), ("", EKO, "0.0")]


def test_the_table_names_each_supervisor(behind):
    result = behind("remind", "--year", "2026", "--as-of", "01/07/2026")
    assert result.exit_code == 1
    assert "Supervisor Siti Rahayu (198503142010012003)" in result.stdout
    assert "No supervisor recorded" in result.stdout and "near the maximum" in result.stdout
    assert "6 months left" in result.stdout


def test_nobody_listed_exits_0(unit):
    for nip in (SITI, BUDI, DEWI):
        unit.ok("record", "training", nip, "--kind", "B3", "--title", "Kelas", "--start", "10/03/2026", "--jp", "20")
    result = unit("remind", "--year", "2026", "--as-of", "01/07/2026")
    assert result.exit_code == 0 and "Nobody to remind" in result.stdout
    assert unit("remind", "--year", "2026", "--format", "json").json() == []


def test_unit_limits_the_list_and_an_unknown_unit_is_a_usage_error(behind):
    listed = people(behind("remind", "--year", "2026", "--as-of", "01/07/2026", "--unit", "bidang diklat",
                           "--format", "json"))
    assert set(listed) == {BUDI}
    result = behind("remind", "--year", "2026", "--unit", "Bidang Nowhere")
    assert result.exit_code == 2 and "Bidang Diklat" in result.stderr


# --- one workbook per group ------------------------------------------------------------------------------------

def _sheet_rows(path, index):
    sheet = openpyxl.load_workbook(path).worksheets[index]
    rows = list(sheet.iter_rows(values_only=True))
    return rows[3], rows[4:]  # header row 4, under the title, the group and the stamp


def test_out_writes_one_workbook_per_supervisor_with_the_right_people(behind, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    result = behind("remind", "--year", "2026", "--as-of", "01/07/2026", "--out", tmp_path)
    assert result.exit_code == 1
    assert "wrote 2 reminder workbooks" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Siti Rahayu 198503142010012003.xlsx",
                                                         "tanpa atasan.xlsx"]
    heads, rows = _sheet_rows(tmp_path / "Siti Rahayu 198503142010012003.xlsx", 0)
    assert heads[:4] == ("NIP", "Nama", "Unit Kerja", "Status")
    found = {r[0]: dict(zip(heads, r)) for r in rows}
    assert set(found) == {BUDI, DEWI}
    budi = found[BUDI]
    assert (budi["JP Saat Ini"], budi["Kekurangan JP"], budi["Sisa Bulan"], budi["JP per Bulan"]) == (8, 12, 6, 2)
    assert found[DEWI]["Coaching/Mentoring (Sesi)"] == 2
    heads, sessions = _sheet_rows(tmp_path / "Siti Rahayu 198503142010012003.xlsx", 1)
    session = dict(zip(heads, sessions[0]))
    assert len(sessions) == 1  # Budi's mentoring ends after 1 July: not this reminder's
    assert (session["NIP"], session["Jenis"], session["Coach/Mentor"], session["Sesi"]) == (DEWI, "Coaching",
                                                                                          SITI, 2)
    assert (session["Tujuan"], session["Rencana Aksi"]) == ("Lulus latsar", "Baca modul 1")
    _, eko = _sheet_rows(tmp_path / "tanpa atasan.xlsx", 0)
    assert [r[0] for r in eko] == [EKO]


def test_out_refuses_to_overwrite_without_force_and_needs_an_existing_folder(behind, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    behind("remind", "--year", "2026", "--as-of", "01/07/2026", "--out", tmp_path)
    mine = tmp_path / "tanpa atasan.xlsx"
    mine.write_bytes(b"an officer's notes")
    result = behind("remind", "--year", "2026", "--as-of", "01/07/2026", "--out", tmp_path)
    assert result.exit_code == 2 and "--force" in result.stderr
    assert mine.read_bytes() == b"an officer's notes"
    behind("remind", "--year", "2026", "--as-of", "01/07/2026", "--out", tmp_path, "--force")
    assert openpyxl.load_workbook(mine).worksheets[0].title == "Pengingat JP"
    result = behind("remind", "--year", "2026", "--out", tmp_path / "missing")
    assert result.exit_code == 2 and "does not exist" in result.stderr and not (tmp_path / "missing").exists()


def test_out_workbooks_follow_the_chosen_language(behind, tmp_path):
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    behind("--lang", "en", "remind", "--year", "2026", "--as-of", "01/07/2026", "--out", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir())[1] == "no supervisor.xlsx"
    heads, _ = _sheet_rows(tmp_path / "no supervisor.xlsx", 0)
    assert heads[:5] == ("NIP", "Name", "Unit", "Status", "JP so far")


def test_file_names_are_safe_on_windows_trimmed_and_unique():
    names = file_names(['Bidang A/B: "Data" <baru>?', "  Tata  Usaha.  ", "tata usaha", "CON", "x" * 300, "***",
                        "Tata Usaha"])
    assert names[0] == "Bidang A-B- -Data- -baru.xlsx"
    assert names[1:3] == ["Tata Usaha.xlsx", "tata usaha (2).xlsx"]  # one name whatever the case
    assert names[3] == "_CON.xlsx" and len(names[4]) == 100 + len(".xlsx") and names[5] == "-.xlsx"
    assert names[6] == "Tata Usaha (3).xlsx"
    for name in names:
        assert not set(name) & set('/\\:*?"<>|') and name == name.strip()


def test_remind_only_reads_the_ledger(behind, tmp_path):
    before = behind.snapshot()
    behind("remind", "--year", "2026", "--out", tmp_path)
    behind("remind", "--year", "2026", "--by", "unit", "--format", "csv")
    assert behind.snapshot() == before
