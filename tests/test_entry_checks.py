"""What a new entry is checked for, at the command line and in an import (issue 9, items 4, 11 and 17).

Days nobody can mean and credits past the policy's ceiling are refused (exit 2 on the command line, a row error
and exit 3 in an import), writing nothing. What only looks wrong is written and warned about, one line on stderr
each, never blocking. Every entry shows the same credited / withheld / counted figures wherever it is shown.
"""

from pathlib import Path

import pytest

from conftest import BUDI, DEWI, EKO, SITI

ROSTER_HEAD = "NIP Peserta,Jenis Kegiatan,Nama Kegiatan,Tanggal Mulai,Tanggal Selesai,Jumlah JP,Jumlah Sesi,Pembimbing"


def roster(path: Path, *rows: str) -> Path:
    path.write_text("\n".join([ROSTER_HEAD, *rows]) + "\n", encoding="utf-8")
    return path


def warnings(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("warning: ")]


# --- refused: days nobody can mean, credits past the ceiling --------------------------------------------------

@pytest.mark.parametrize(("options", "said"), [
    (("--start", "01/01/1900"), "the activity starts 1900-01-01, before 1950-01-01; check the year"),
    (("--start", "01/01/1991"), "the activity starts 1991-01-01, before the person was born (1992-03-15)"),
    (("--start", "01/12/2027"), "the activity ends 2027-12-01, more than a year from today (after 2027-11-22)"),
    (("--start", "20/11/2027", "--end", "23/11/2027"), "ends 2027-11-23, more than a year from today"),
    (("--start", "01/03/2026", "--jp", "999999"), "would be credited 999999.00 JP, more than the policy's "
                                                   "max_jp_per_entry of 1000 JP"),
], ids=["before-1950", "before-birth", "years-ahead", "a-year-and-a-day", "jp-999999"])
def test_days_nobody_can_mean_and_absurd_credits_are_refused(unit, options, said):
    before = unit.snapshot()
    args = ["record", "training", SITI, BUDI, "--kind", "B3", "--title", "X", *options]
    result = unit(*args, *(["--jp", "5"] if "--jp" not in options else []))
    assert result.exit_code == 2, result.stderr
    assert said in result.stderr
    assert unit.snapshot() == before


def test_a_refused_day_names_the_person_of_a_class(unit):
    result = unit("record", "training", SITI, BUDI, "--kind", "B3", "--title", "X", "--start", "01/06/1991",
                  "--jp", "5")
    assert result.stderr.strip() == (f"error: {BUDI}: the activity starts 1991-06-01, before the person was born "
                                     "(1992-03-15)")


def test_the_last_day_a_year_ahead_is_accepted_with_a_warning(unit):
    result = unit("record", "training", BUDI, "--kind", "B3", "--title", "Rencana", "--start", "22/11/2027",
                  "--jp", "5")
    assert result.exit_code == 0
    assert warnings(result) == ["warning: activity 1 of 199203152019031001 ends 2027-11-22, after today; the audit "
                                "lists it as an error until that day"]


def test_an_import_refuses_the_same_days_as_row_errors(unit, tmp_path):
    bad = roster(tmp_path / "rekap.csv",
                 f"{BUDI},B3,Zaman Dulu,02/06/1900,04/06/1900,20,,",
                 f"{BUDI},B3,Sebelum Lahir,02/06/1991,04/06/1991,20,,",
                 f"{BUDI},B3,Jauh Sekali,02/06/2028,04/06/2028,20,,",
                 f"{SITI},B3,Wajar,02/06/2026,04/06/2026,20,,")
    before = unit.snapshot()
    result = unit("import", bad)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[:3] == [
        f"{bad}:rekap!D2: the activity starts 1900-06-02, before 1950-01-01; check the year",
        f"{bad}:rekap!D3: the activity starts 1991-06-02, before the person was born (1992-03-15)",
        f"{bad}:rekap!E4: the activity ends 2028-06-04, more than a year from today (after 2027-11-22); "
        "check the year"]
    assert unit.snapshot() == before


# --- warned about: written all the same --------------------------------------------------------------------

def test_a_future_day_a_duplicate_and_an_entry_after_leaving_are_written_with_a_warning_each(unit):
    unit.ok("record", "training", BUDI, "--kind", "B3", "--title", "Statistik", "--start", "02/03/2026", "--jp", "8")
    twice = unit("record", "training", BUDI, "--kind", "B3", "--title", " statistik ", "--start", "02/03/2026",
                 "--jp", "10")
    assert twice.exit_code == 0
    assert warnings(twice) == ["warning: activity 2 of 199203152019031001 looks like a duplicate of activity 1 "
                               "(same kind, dates and title)"]
    ahead = unit("record", "training", SITI, "--kind", "B3", "--title", "Rencana", "--start", "02/03/2027",
                 "--jp", "8")
    assert warnings(ahead) == ["warning: activity 3 of 198503142010012003 ends 2027-03-02, after today; the audit "
                               "lists it as an error until that day"]
    unit.ok("staff", "leave", BUDI, "--date", "30/06/2026")
    after = unit("record", "training", BUDI, "--kind", "B3", "--title", "Terlambat", "--start", "02/08/2026",
                 "--jp", "8", "--format", "json")
    assert warnings(after) == ["warning: activity 4 of 199203152019031001 is after the person left (2026-06-30): "
                               "not credited"]
    assert after.json()[0] == {"id": 4, "nip": BUDI, "kind": "pelatihan_teknis", "jp": 8, "credited": 8,
                                    "withheld": 0, "counted": 0}
    assert unit.rows("SELECT COUNT(*) FROM activity")[0][0] == 4


def test_quiet_keeps_the_warnings(unit):
    result = unit("-q", "record", "training", SITI, "--kind", "B3", "--title", "Rencana", "--start", "02/03/2027",
                  "--jp", "8")
    assert len(warnings(result)) == 1 and "entry added" not in result.stderr


def test_a_pppk_taken_over_the_maximum_is_warned_once_by_the_entry_that_did_it(unit):
    first = unit("record", "training", EKO, "--kind", "B3", "--title", "Dasar", "--start", "02/03/2026", "--jp", "20")
    assert warnings(first) == []
    over = unit("record", "training", EKO, "--kind", "B3", "--title", "Lanjut", "--start", "02/04/2026", "--jp", "6")
    assert warnings(over) == ["warning: activity 2 of 199001012024211001 takes Eko Prasetyo (PPPK) over the maximum: "
                              "26.00 JP in 2026, at most 24"]
    again = unit("record", "training", EKO, "--kind", "B3", "--title", "Lagi", "--start", "02/05/2026", "--jp", "2")
    assert warnings(again) == []  # already over: this entry did not take him there


def test_a_coach_the_ledger_does_not_know_is_kept_in_a_roster_too(unit, tmp_path):
    file = roster(tmp_path / "coaching.csv", f"{BUDI},C1,Coaching,14/03/2026,14/03/2026,,1,1970 0101 2000 01 1 001",
                  f"{BUDI},C1,Coaching,15/04/2026,15/04/2026,,1,197001012000011001")
    result = unit("import", file)
    assert result.exit_code == 0, result.stderr
    assert warnings(result) == [f"warning: {file}:coaching!H2: coach or mentor 197001012000011001 is not in the "
                                "ledger (kept; add the person when you can)"]
    assert unit.rows("SELECT DISTINCT coach_nip FROM activity") == [("197001012000011001",)]


def test_an_import_says_each_warning_at_its_cell_and_in_its_json(unit, tmp_path):
    unit.ok("staff", "leave", BUDI, "--date", "30/06/2026")
    file = roster(tmp_path / "rekap.csv",
                  f"{SITI},B3,Statistik,02/06/2026,04/06/2026,20,,",
                  f"{SITI},B3,statistik ,02/06/2026,04/06/2026,21,,",
                  f"{SITI},B3,Tahun Depan,02/06/2027,04/06/2027,20,,",
                  f"{BUDI},B3,Sesudah Pensiun,02/08/2026,04/08/2026,20,,")
    dry = unit("import", file, "--dry-run")
    expected = [
        f"warning: {file}:rekap!C3: the entry of {SITI} looks like a duplicate of rekap!C2 (same kind, dates and "
        "title)",
        f"warning: {file}:rekap!E4: the entry of {SITI} ends 2027-06-04, after today; the audit lists it as an error "
        "until that day",
        f"warning: {file}:rekap!D5: the entry of {BUDI} is after the person left (2026-06-30): not credited"]
    assert (dry.exit_code, warnings(dry)) == (0, expected)
    done = unit("import", file, "--format", "json")
    assert (done.exit_code, warnings(done)) == (0, expected)
    assert [(w["code"], w["where"]) for w in done.json()["warnings"]] == [
        ("WARN_DUPLICATE_IN_FILE", "rekap!C3"), ("WARN_FUTURE", "rekap!E4"), ("WARN_AFTER_LEAVING", "rekap!D5")]
    assert unit.rows("SELECT COUNT(*) FROM activity")[0][0] == 4


def test_an_import_warns_of_a_duplicate_of_an_entry_already_in_the_ledger_and_a_pppk_over(unit, tmp_path):
    unit.ok("record", "training", EKO, "--kind", "B3", "--title", "Dasar", "--start", "02/03/2026", "--jp", "20")
    file = roster(tmp_path / "rekap.csv", f"{EKO},B3,DASAR,02/03/2026,02/03/2026,21,,")
    result = unit("import", file)
    assert warnings(result) == [
        f"warning: {file}:rekap!C2: the entry of {EKO} looks like a duplicate of activity 1 (same kind, dates and "
        "title)",
        f"warning: {file}:rekap!A2: the entry of {EKO} takes Eko Prasetyo (PPPK) over the maximum: 41.00 JP in "
        "2026, at most 24"]


def test_an_import_does_not_warn_of_a_pppk_who_was_over_before_it(unit, tmp_path):
    unit.ok("record", "training", EKO, "--kind", "B3", "--title", "Dasar", "--start", "02/03/2026", "--jp", "30")
    file = roster(tmp_path / "rekap.csv", f"{EKO},B3,Lanjut,02/04/2026,02/04/2026,6,,",
                  f"{DEWI},B3,Dasar,02/04/2026,02/04/2026,6,,")
    result = unit("import", file)
    assert (result.exit_code, warnings(result)) == (0, [])


def test_a_staff_sheet_with_an_unknown_supervisor_is_imported_with_a_warning(cli, tmp_path):
    file = tmp_path / "pegawai.csv"
    file.write_text(f"NIP,Nama,NIP Atasan\n{BUDI},Budi Santoso,{SITI}\n", encoding="utf-8")
    result = cli("import", file)
    assert result.exit_code == 0, result.stderr
    assert warnings(result) == [f"warning: {file}:pegawai!C2: supervisor {SITI} is not in the ledger (kept; add the "
                                "person when you can)"]


# --- one set of figures everywhere -----------------------------------------------------------------------------

def test_an_entry_over_the_monthly_cap_shows_the_same_figures_everywhere(unit):
    # Item 11: the record command said 2.00 while the statement credited 0.00 and withheld 2.00.
    unit.ok("record", "coaching", BUDI, "--coach", SITI, "--date", "05/03/2026", "--sessions", "2")
    third = unit.ok("record", "coaching", BUDI, "--coach", SITI, "--date", "20/03/2026", "--format", "json").json()
    assert third == [{"id": 2, "nip": BUDI, "kind": "coaching", "jp": 2, "credited": 2, "withheld": 2, "counted": 0}]
    shown = unit.ok("activity", "show", "2", "--format", "json").json()
    listed = unit.ok("activity", "list", "--format", "json").json()
    entries = unit.ok("statement", BUDI, "--year", "2026", "--format", "json").json()["entries"]
    figures = ("credited", "withheld", "counted")
    assert [shown[k] for k in figures] == [listed[1][k] for k in figures] == [entries[1][k] for k in figures] == [
        2, 2, 0]
    assert (shown["jp"], entries[1]["jp"]) == (2, 0)  # `jp` keeps its Part I meaning in each
    csv = unit.ok("activity", "list", "--format", "csv").stdout.splitlines()
    assert csv[0].split(",")[7:11] == ["jp", "credited", "withheld", "counted"]
    table = unit.ok("record", "coaching", BUDI, "--coach", SITI, "--date", "21/03/2026").stdout
    assert "Credited" in table and "Withheld" in table and "Counted" in table
