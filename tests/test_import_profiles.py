"""Import profiles: the shipped examples each import a workbook of their layout; a wrong profile is named."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from conftest import BUDI, DEWI, EKO, SITI
from test_import import write_roster

PROFILES = Path(__file__).resolve().parent.parent / "examples" / "profiles"


def by_title(cli) -> dict[str, dict]:
    return {e["title"]: e for e in cli.ok("activity", "list", "--format", "json").json()}


def test_siasn_riwayat_kursus_layout(unit, tmp_path):
    head = ["NIP", "Nama", "Jenis Diklat", "Nama Kursus", "Institusi Penyelenggara", "Jumlah Jam",
            "Nomor Sertifikat", "Tahun", "Tanggal Mulai", "Tanggal Selesai"]
    roster = write_roster(tmp_path / "riwayat-kursus.xlsx", {"Riwayat Kursus": [
        head,
        [BUDI, "Budi Santoso", "Diklat Teknis", "Analisis Data Statistik", "Pusdiklat BPS", 40, "STTPP-0931",
         2026, "02-03-2026", "06-03-2026"],
        [BUDI, "Budi Santoso", "Seminar", "Seminar Statistik Nasional", "BPS", 8, "", 2026, "20-05-2026",
         "22-05-2026"],
        [SITI, "Siti Rahayu", "Bimtek", "Bimtek Arsip Dinamis", "ANRI", 24, "B-11", 2026, "24-02-2026",
         "26-02-2026"],
    ]}, banner=False)
    plain = unit("import", roster)
    assert plain.exit_code == 3  # without the profile SIASN's own kind names mean nothing
    assert "unknown kind 'Diklat Teknis'" in plain.stderr
    unit.ok("import", roster, "--profile", PROFILES / "siasn-riwayat-kursus.yaml")
    got = by_title(unit)
    assert (got["Analisis Data Statistik"]["kind"], got["Analisis Data Statistik"]["jp"]) == ("pelatihan_teknis", 40)
    # SIASN's 8 hours are passed over: the policy credits a seminar by its days.
    assert (got["Seminar Statistik Nasional"]["kind"], got["Seminar Statistik Nasional"]["jp"]) == ("seminar", 12)
    assert got["Bimtek Arsip Dinamis"]["code"] == "B10" and got["Bimtek Arsip Dinamis"]["start"] == "2026-02-24"


def test_coaching_google_form_layout(unit, tmp_path):
    head = ["Timestamp", "Email Address", "NIP Coachee", "Nama Coachee", "NIP / Nama Coach", "Tanggal Sesi",
            "Durasi (menit)", "Jumlah Pertemuan", "Topik atau Tujuan", "Rencana Aksi", "Tanggal Tindak Lanjut",
            "Tautan Bukti"]
    (tmp_path / "notulen-budi.pdf").write_bytes(b"%PDF-1.4 notulen coaching Budi")
    roster = write_roster(tmp_path / "responses.xlsx", {"Form Responses 1": [
        head,
        [datetime(2026, 3, 14, 10, 22), "budi@contoh.go.id", BUDI, "Budi", SITI, "3/14/2026", 60, 2,
         "Penyusunan SKP", "Draf SKP", "4/11/2026", "https://drive.example/1"],
        [datetime(2026, 4, 2, 9, 5), "dewi@contoh.go.id", DEWI, "Dewi", "Dr. Ahmad Fauzi", "4/2/2026", 45, "",
         "Orientasi tugas", "", "", ""],
        [datetime(2026, 4, 9, 9, 5), "budi@contoh.go.id", BUDI, "Budi", SITI, "4/9/2026", 60, 1,
         "Tindak lanjut SKP", "Revisi indikator", "", "notulen-budi.pdf"],
    ]}, banner=False, text_columns=("C", "E"))
    done = unit.ok("import", roster, "--profile", PROFILES / "coaching-google-form.yaml")
    # The link cannot be kept inside the ledger; the import says where it went instead.
    assert "1 evidence link kept as the entry's reference" in done.stderr
    journal = {s["goal"]: s for s in unit.ok("journal", BUDI, "--format", "json").json()}
    skp = unit.ok("activity", "show", journal["Penyusunan SKP"]["id"], "--format", "json").json()
    assert (skp["kind"], skp["title"], skp["start"], skp["jp"], skp["sessions"], skp["minutes"]) == (
        "coaching", "Coaching", "2026-03-14", 4, 2, 60)
    assert (skp["goal"], skp["actions"], skp["follow_up"]) == ("Penyusunan SKP", "Draf SKP", "2026-04-11")
    assert skp["coach_nip"] == SITI and skp["note"] is None and skp["ref"] == "https://drive.example/1"
    assert skp["evidence"] == []
    later = unit.ok("activity", "show", journal["Tindak lanjut SKP"]["id"], "--format", "json").json()
    assert [(f["name"], f["size"]) for f in later["evidence"]] == [("notulen-budi.pdf", 30)]
    orientasi = unit.ok("journal", DEWI, "--format", "json").json()
    assert [(s["date"], s["jp"], s["coach"]) for s in orientasi] == [("2026-04-02", 2, "Dr. Ahmad Fauzi")]


def test_sapk_staff_layout(cli, tmp_path):
    head = ["NIP BARU", "NIP LAMA", "NAMA", "TGL LAHIR", "STATUS CPNS PNS", "GOL AKHIR", "JABATAN NAMA",
            "UNOR NAMA", "INSTANSI INDUK NAMA", "TMT CPNS", "NIP ATASAN LANGSUNG"]
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Data"
    sheet.append(["DATA PEGAWAI PER 1 JANUARI 2026"])
    sheet.append(head)
    sheet.append([SITI, "150312345", "SITI RAHAYU", date(1985, 3, 14), "P", "III/c", "Widyaiswara Ahli Muda",
                  "Bidang Diklat", "Kementerian Contoh", "01-01-2010", ""])
    sheet.append([DEWI, "", "DEWI LESTARI", date(1995, 7, 21), "C", "III/a", "Analis SDM", "Bidang Evaluasi",
                  "Kementerian Contoh", "01-12-2020", SITI])
    sheet.append([EKO, "", "EKO PRASETYO", date(1990, 1, 1), "Pegawai Pemerintah dengan Perjanjian Kerja", "VII",
                  "Teknisi", "Bidang Evaluasi", "Kementerian Contoh", "", SITI])
    for row in sheet.iter_rows(min_row=3):
        row[0].number_format = row[10].number_format = "@"
    roster = tmp_path / "pegawai-sapk.xlsx"
    book.save(roster)
    cli.ok("import", roster, "--profile", PROFILES / "sapk-pegawai.yaml")
    people = {p["nip"]: p for p in cli.ok("staff", "list", "--format", "json").json()}
    assert (people[SITI]["status"], people[SITI]["rank"], people[SITI]["unit"]) == ("PNS", "III/c", "Bidang Diklat")
    # TMT CPNS is the start of service (appointed); joined stays empty without a transfer in.
    assert (people[DEWI]["status"], people[DEWI]["appointed"], people[DEWI]["joined"], people[DEWI]["supervisor"]) == (
        "CPNS", "2020-12-01", None, SITI)
    assert (people[EKO]["status"], people[EKO]["agency"]) == ("PPPK", "Kementerian Contoh")


def test_fixed_values_fill_empty_cells_and_mdy_dates(unit, tmp_path):
    profile = tmp_path / "elearning.yaml"
    profile.write_text("kind: activities\ndate_order: mdy\ncolumns:\n  Course: title\n  Completed: start\n"
                       "  Hours: jp\n  Employee NIP: nip\nfixed:\n  kind: C3\n  organizer: ASN Unggul\n",
                       encoding="utf-8")
    roster = write_roster(tmp_path / "lms.xlsx", {"Export": [
        ["Employee NIP", "Course", "Completed", "Hours"],
        [BUDI, "Literasi Data", "12/31/2026", 2],
        [SITI, "Etika ASN", "01/02/2026", 1.5],
    ]}, banner=False)
    unit.ok("import", roster, "--profile", profile)
    got = by_title(unit)
    assert got["Literasi Data"]["start"] == "2026-12-31" and got["Etika ASN"]["start"] == "2026-01-02"
    assert {e["kind"] for e in got.values()} == {"elearning"}
    detail = unit.ok("activity", "show", got["Etika ASN"]["id"], "--format", "json").json()
    assert detail["organizer"] == "ASN Unggul" and detail["jp"] == 1.5


def test_a_wrong_profile_is_rejected_naming_key_and_line(unit, tmp_path):
    profile = tmp_path / "salah.yaml"
    profile.write_text("kind: activities\ncolumns:\n  Kode: jenis\nheader_rows: 3\ndate_order: dym\n"
                       "fixed:\n  nip: '1'\n", encoding="utf-8")
    roster = write_roster(tmp_path / "r.xlsx", {"K": [["NIP", "Kode", "Tanggal Mulai"], [BUDI, "B3", "1/1/2026"]]})
    before = unit.snapshot()
    result = unit("import", roster, "--profile", profile)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[:4] == [
        f"{profile} line 4: header_rows: unknown key 'header_rows' (did you mean header_row?)",
        f"{profile} line 5: date_order: 'dym' is not one of dmy, mdy, ymd",
        f"{profile} line 3: columns.Kode: unknown field 'jenis' (known: nip, name, kind, title, organizer, start, "
        "end, jp, sessions, minutes, days, semesters, coach, ref, international, note, mandiri, goal, actions, "
        "follow_up, evidence, ignore)",
        f"{profile} line 7: fixed.nip: a NIP cannot be the same for every row",
    ]
    assert unit.snapshot() == before


def test_a_profile_that_is_not_yaml_or_not_there(unit, tmp_path):
    roster = write_roster(tmp_path / "r.xlsx", {"K": [["NIP", "Nama"], [BUDI, "Budi"]]})
    broken = tmp_path / "broken.yaml"
    broken.write_text("columns: [unclosed\n", encoding="utf-8")
    result = unit("import", roster, "--profile", broken)
    assert result.exit_code == 3 and "not valid YAML" in result.stderr
    missing = unit("import", roster, "--profile", tmp_path / "none.yaml")
    assert missing.exit_code == 2 and "not found" in missing.stderr


def test_profile_header_row_that_is_not_a_header(unit, tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text("header_row: 2\n", encoding="utf-8")
    roster = write_roster(tmp_path / "r.xlsx", {"K": [["NIP", "Nama"], [BUDI, "Budi"]]}, banner=False)
    result = unit("import", roster, "--profile", profile)
    assert result.exit_code == 3
    assert "row 2 (the profile's header_row) has no NIP column" in result.stderr


def test_the_jp_key_says_whose_jp_is_credited():
    from jpledger.sheets.profile import DEFAULT, parse_profile

    assert parse_profile("jp: as_given\n", "p.yaml").jp == "as_given"
    assert parse_profile("jp: Policy\nignore_unused: jp\n", "p.yaml").jp == "policy"
    assert parse_profile("kind: activities\n", "p.yaml").jp == DEFAULT.jp == "policy"
    assert parse_profile("ignore_unused: days\n", "p.yaml").ignore_unused == {"days"}


def test_a_wrong_profile_lists_every_problem_with_its_line(unit, tmp_path):
    profile = tmp_path / "salah.yaml"
    profile.write_text("jp: given\nignore_unused: [jp, jam]\nkind: staff\nkind: activities\n"
                       "values:\n  kind: {Diklat: [B3]}\n", encoding="utf-8")
    roster = write_roster(tmp_path / "r.xlsx", {"K": [["NIP", "Nama"], [BUDI, "Budi"]]})
    before = unit.snapshot()
    result = unit("import", roster, "--profile", profile)
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        f"{profile} line 4: kind: appears twice (first on line 3)",
        f"{profile} line 6: values.kind.Diklat: must be a single value",
        f"{profile} line 2: ignore_unused[2]: unknown quantity column 'jam' (known: jp, minutes, days, sessions, "
        "semesters)",
        f"{profile} line 1: jp: 'given' is not one of policy, as_given",
        f"error: 4 problems in {profile}",
    ]
    assert unit.snapshot() == before


def test_a_header_row_in_digits_other_than_0_9_is_named_not_a_crash():
    import pytest

    from jpledger.sheets.profile import ProfileError, parse_profile

    with pytest.raises(ProfileError) as error:
        parse_profile("header_row: ²\n", "p.yaml")
    assert str(error.value) == "p.yaml line 1: header_row: must be a row number from 1 to 1000"
