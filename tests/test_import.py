"""`jpledger import`: rosters built in code, imported all or nothing, every problem addressed to its cell."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from conftest import BUDI, DEWI, EKO, SITI

AGUS = "198806102014031004"
FAJAR = "199601182022031005"
MAYA = "199302272024212001"  # PPPK

STAFF_HEAD = ["No", "NIP", "Nama Lengkap", "Status Kepegawaian", "Unit Kerja", "Jabatan", "Pangkat/Golongan",
              "NIP Atasan"]
ACTIVITY_HEAD = ["No", "NIP Peserta", "Jenis Kegiatan", "Nama Kegiatan", "Penyelenggara", "Tanggal Mulai",
                 "Tanggal Selesai", "Jumlah JP", "Jumlah Sesi", "Pembimbing", "Nomor Sertifikat",
                 "Lingkup (Nasional/Internasional)"]


def write_roster(path: Path, sheets: dict[str, list[list]], *, banner: bool = True, text_columns=("B",),
                 merges: list[str] = ()) -> Path:
    """An .xlsx as units send them: a merged title banner, a blank row, the header, numbered rows.

    `sheets` maps a sheet name to [header, row, row ...]; the header lands on row 4 when `banner` is set.
    """
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        if banner:
            sheet.append([f"DAFTAR {name.upper()} TAHUN 2026"])
            sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(rows[0]), 2))
            sheet.append(["Pusdiklat Kementerian Contoh"])
            sheet.append([])
        for row in rows:
            sheet.append(list(row))
        for column in text_columns:
            for cell in sheet[column]:
                cell.number_format = "@"
        for merge in merges:
            sheet.merge_cells(merge)
    book.save(path)
    return path


def staff_rows(*people) -> list[list]:
    return [STAFF_HEAD, *[[i, *person] for i, person in enumerate(people, start=1)]]


def activity_rows(*entries) -> list[list]:
    """Each entry: (nip, kind, title, organizer, start, end, jp, sessions, coach, ref, scope)."""
    return [ACTIVITY_HEAD, *[[i, *entry] for i, entry in enumerate(entries, start=1)]]


def unit_roster(path: Path) -> Path:
    """Three people (one new, one PPPK) and activities of several kinds, coach by NIP and by name."""
    return write_roster(path, {
        "Pegawai": staff_rows(
            (SITI, "Siti Rahayu", "PNS", "Bidang Diklat", "Widyaiswara", "III/c", ""),
            (AGUS, "Agus Salim", "pns", "Bidang Diklat", "Analis", "Penata Muda (III/a)", SITI),
            (MAYA, "Maya Sari", "Pppk", "Bidang Evaluasi", "Pranata Komputer", "IX", SITI),
        ),
        "Kegiatan": activity_rows(
            (SITI, "B3", "Analisis Data", "BPS", date(2026, 3, 10), date(2026, 3, 12), 24, None, None, "STTPP-1",
             "Nasional"),
            (AGUS, "coaching", "Penyusunan SKP", None, "14/01/2026", None, None, 2, SITI, None, None),
            (AGUS, "Mentoring", "Kajian", None, "12 Mei 2026", "12 Mei 2026", None, 1, "Dr. Ahmad Fauzi", None, ""),
            (MAYA, "E-Learning", "Keamanan Siber", "ASN Unggul", date(2026, 9, 15), date(2026, 9, 15), "8", None,
             None, None, "Tidak"),
            (SITI, "B6", "Seminar Nasional", "LAN", date(2026, 10, 20), date(2026, 10, 21), None, None, None, None,
             "Internasional"),
        ),
    })


def activities_json(cli) -> list[dict]:
    return cli.ok("activity", "list", "--all", "--format", "json").json()


# --- a good import -------------------------------------------------------------------------------------------

def test_import_adds_people_and_activities_and_says_how_many(cli, tmp_path):
    roster = unit_roster(tmp_path / "roster.xlsx")
    result = cli.ok("import", roster, "--format", "json")
    data = result.json()
    assert data["staff"] == {"added": 3, "updated": 0, "unchanged": 0}
    assert data["activities"] == {"added": 5, "skipped": 0, "repeated_in_file": 0}
    assert data["batch"] == 1 and data["dry_run"] is False
    # Found by their header rows (row 4, below the banner and with a No column), not by their names.
    assert [(t["sheet"], t["kind"], t["header_row"], t["rows"]) for t in data["tables"]] == [
        ("Pegawai", "staff", 4, 3), ("Kegiatan", "activities", 4, 5)]
    assert "staff: 3 added, 0 updated, 0 unchanged" in result.stderr
    assert "activities: 5 added, 0 skipped" in result.stderr

    entries = {(e["nip"], e["kind"]): e for e in activities_json(cli)}
    assert entries[(SITI, "pelatihan_teknis")]["jp"] == 24
    assert entries[(AGUS, "coaching")]["jp"] == 4  # 2 sessions at 2 JP
    assert entries[(AGUS, "coaching")]["start"] == "2026-01-14" == entries[(AGUS, "coaching")]["end"]
    assert entries[(MAYA, "elearning")]["jp"] == 3  # 8 JP in one day, capped at 3 a day
    assert entries[(SITI, "seminar")]["jp"] == 12  # 2 days at the international 6 JP a day
    assert {e["batch"] for e in entries.values()} == {1}

    coaching = cli.ok("activity", "show", entries[(AGUS, "coaching")]["id"], "--format", "json").json()
    assert coaching["coach_nip"] == SITI and coaching["coach"] == "Siti Rahayu"
    mentoring = cli.ok("activity", "show", entries[(AGUS, "mentoring")]["id"], "--format", "json").json()
    assert mentoring["coach"] == "Dr. Ahmad Fauzi" and mentoring["coach_nip"] is None

    people = {p["nip"]: p for p in cli.ok("staff", "list", "--format", "json").json()}
    assert people[AGUS]["rank"] == "III/a" and people[AGUS]["status"] == "PNS"
    assert people[AGUS]["supervisor"] == SITI
    assert people[MAYA]["status"] == "PPPK" and people[MAYA]["rank"] == "IX"

    log = cli.ok("log", "--format", "json").json()
    assert log[0]["action"] == "import" and log[0]["detail"]["batch"] == 1


def test_reimporting_the_same_file_adds_nothing(cli, tmp_path):
    roster = unit_roster(tmp_path / "roster.xlsx")
    cli.ok("import", roster)
    again = cli.ok("import", roster, "--format", "json").json()
    assert again["staff"] == {"added": 0, "updated": 0, "unchanged": 3}
    assert again["activities"]["added"] == 0 and again["activities"]["skipped"] == 5
    assert len(activities_json(cli)) == 5


def test_an_import_into_a_fresh_ledger_keeps_every_index(cli, tmp_path):
    """More rows than the ledger holds go in with the indexes set aside; they are all built again, and used."""
    assert cli.db  # SQLite's own schema; PostgreSQL copies the rows in instead
    cli.ok("init")
    sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name"
    before = cli.rows(sql)
    assert any(name == "ix_activity_fingerprint" for name, _ in before)
    cli.ok("import", unit_roster(tmp_path / "roster.xlsx"))
    assert cli.rows(sql) == before
    plan = cli.rows("EXPLAIN QUERY PLAN SELECT id FROM activity WHERE fingerprint = ?", "x")
    assert "ix_activity_fingerprint" in str(plan)
    assert cli.ok("check").exit_code == 0


def test_staff_rows_update_changed_fields(unit, tmp_path):
    roster = write_roster(tmp_path / "mutasi.xlsx", {"Pegawai": staff_rows(
        (BUDI, "Budi Santoso", "PNS", "Bidang Evaluasi", "Pranata Komputer", "III-b", SITI),
        (DEWI, "Dewi Lestari", "CPNS", "", "Analis SDM", "", SITI),
    )})
    data = unit.ok("import", roster, "--format", "json").json()
    assert data["staff"] == {"added": 0, "updated": 2, "unchanged": 0}
    budi = unit.ok("staff", "show", BUDI, "--format", "json").json()
    assert (budi["unit"], budi["rank"], budi["position"]) == ("Bidang Evaluasi", "III/b", "Pranata Komputer")
    dewi = unit.ok("staff", "show", DEWI, "--format", "json").json()
    assert dewi["position"] == "Analis SDM"
    assert dewi["unit"] == "Bidang Evaluasi"  # an empty cell leaves a field as it was
    detail = unit.ok("log", "--format", "json").json()[0]["detail"]
    assert detail["staff_updated"][BUDI]["unit"] == ["Bidang Diklat", "Bidang Evaluasi"]
    again = unit.ok("import", roster, "--format", "json").json()
    assert again["staff"] == {"added": 0, "updated": 0, "unchanged": 2}


def test_every_date_form_imports(unit, tmp_path):
    forms = [
        date(2026, 3, 14),  # a date cell
        datetime(2026, 3, 14, 0, 0),  # a date-time cell
        46095.0,  # the Excel serial number of 2026-03-14 in a plain number cell
        "14/03/2026", "14-03-2026", "2026-03-14", "14 Maret 2026", "14 Mar 2026", "14 March 2026",
        "14.03.2026",
    ]
    entries = [(BUDI, "C3", f"Modul {i}", None, form, form, 2, None, None, None, None)
               for i, form in enumerate(forms)]
    roster = write_roster(tmp_path / "tanggal.xlsx", {"Kegiatan": activity_rows(*entries)})
    unit.ok("import", roster)
    got = activities_json(unit)
    assert len(got) == len(forms)
    assert {(e["start"], e["end"]) for e in got} == {("2026-03-14", "2026-03-14")}


def test_international_column_reads_every_way_of_saying_it(unit, tmp_path):
    says = {"Ya": 2.4, "Tidak": 2, "Internasional": 2.4, "Nasional": 2, "Yes": 2.4, "No": 2, "TRUE": 2.4,
            "false": 2, "1": 2.4, "0": 2, None: 2}
    entries = [(BUDI, "B3", f"Kursus {i}", None, date(2026, 4, 1), None, 2, None, None, None, word)
               for i, word in enumerate(says)]
    unit.ok("import", write_roster(tmp_path / "lingkup.xlsx", {"Kegiatan": activity_rows(*entries)}))
    got = {e["title"]: e["jp"] for e in activities_json(unit)}
    assert got == {f"Kursus {i}": jp for i, jp in enumerate(says.values())}


def test_kinds_by_key_code_or_label(unit, tmp_path):
    entries = [(BUDI, kind, f"Pelatihan {i}", None, date(2026, 5, 4), None, 10, None, None, None, None)
               for i, kind in enumerate(("pelatihan_teknis", "B3", "Pelatihan Teknis", "pelatihan teknis", "b3"))]
    unit.ok("import", write_roster(tmp_path / "jenis.xlsx", {"Kegiatan": activity_rows(*entries)}))
    assert {e["kind"] for e in activities_json(unit)} == {"pelatihan_teknis"}


def test_golongan_and_status_spellings(cli, tmp_path):
    roster = write_roster(tmp_path / "gol.xlsx", {"Pegawai": staff_rows(
        (SITI, "Siti", "pns", "", "", "III-c", ""),
        (BUDI, "Budi", "PNS", "", "", "IIIa", ""),
        (AGUS, "Agus", "Pns", "", "", "Penata Muda (III/a)", ""),
        (EKO, "Eko", "pppk", "", "", "VII", ""),
    )})
    cli.ok("import", roster)
    ranks = {p["nip"]: (p["status"], p["rank"]) for p in cli.ok("staff", "list", "--format", "json").json()}
    assert ranks == {SITI: ("PNS", "III/c"), BUDI: ("PNS", "III/a"), AGUS: ("PNS", "III/a"), EKO: ("PPPK", "VII")}


def test_identical_rows_in_one_file_are_imported_once(unit, tmp_path):
    row = (BUDI, "B3", "Analisis Data", "BPS", date(2026, 3, 10), date(2026, 3, 12), 24, None, None, "R-1", None)
    roster = write_roster(tmp_path / "dobel.xlsx", {"Kegiatan": activity_rows(row, row)})
    result = unit.ok("import", roster, "--format", "json")
    assert result.json()["activities"] == {"added": 1, "skipped": 0, "repeated_in_file": 1}
    assert f"{roster}:Kegiatan!B6: the same activity as Kegiatan!B5; imported once" in result.stderr


def test_activities_may_name_people_the_staff_sheet_of_the_same_file_adds(cli, tmp_path):
    roster = write_roster(tmp_path / "baru.xlsx", {
        # The activities sheet first: the staff sheet is read before it all the same.
        "Kegiatan": activity_rows((FAJAR, "C2", "Keuangan", None, date(2026, 4, 22), None, None, 2, "Joko", None,
                                   None)),
        "Pegawai": staff_rows((FAJAR, "Fajar Nugroho", "PNS", "Tata Usaha", "", "II/c", "")),
    })
    cli.ok("import", roster)
    assert [e["nip"] for e in activities_json(cli)] == [FAJAR]


def test_sheet_option_reads_one_sheet(unit, tmp_path):
    roster = unit_roster(tmp_path / "roster.xlsx")
    data = unit.ok("import", roster, "--sheet", "Pegawai", "--format", "json").json()
    assert [t["sheet"] for t in data["tables"]] == ["Pegawai"] and data["activities"]["added"] == 0
    wrong = unit("import", roster, "--sheet", "Rekap")
    assert wrong.exit_code == 2
    assert "no sheet named 'Rekap'" in wrong.stderr and "'Pegawai', 'Kegiatan'" in wrong.stderr


def test_an_exported_totals_sheet_is_not_taken_for_staff(cli, tmp_path):
    roster = write_roster(tmp_path / "rekap.xlsx", {
        "Pegawai": staff_rows((SITI, "Siti Rahayu", "PNS", "Bidang Diklat", "", "", "")),
        "Rekap JP 2026": [["NIP", "Nama", "Unit Kerja", "Total JP", "JP Minimal"], [SITI, "Siti R.", "X", 4, 20]],
    })
    result = cli.ok("import", roster)
    assert "sheet 'Rekap JP 2026' skipped" in result.stderr
    assert cli.ok("staff", "show", SITI, "--format", "json").json()["name"] == "Siti Rahayu"


def test_csv_with_bom_semicolons_and_a_title_line(unit, tmp_path):
    csv_file = tmp_path / "kegiatan.csv"
    lines = ["REKAP KEGIATAN 2026;;;;", ";".join(["No", "NIP", "Kode Jenis Pengembangan", "Judul", "Tgl Mulai",
                                                  "JP"]),
             f"1;{BUDI};B3;Analisis Data;10/03/2026;24", f"2;'{SITI};C3;Literasi Digital;11-03-2026;2,5"]
    csv_file.write_bytes("\ufeff".encode() + "\r\n".join(lines).encode("utf-8"))
    data = unit.ok("import", csv_file, "--format", "json").json()
    assert data["activities"]["added"] == 2
    assert data["tables"] == [{"sheet": "kegiatan", "kind": "activities", "header_row": 2, "rows": 2}]
    assert sorted(e["jp"] for e in activities_json(unit)) == [2.5, 24]


def test_csv_with_commas_and_short_rows(unit, tmp_path):
    csv_file = tmp_path / "pegawai.csv"
    csv_file.write_text(f"NIP,Nama,Unit Kerja,Jabatan\n{AGUS},Agus Salim,Bidang Diklat\n", encoding="utf-8")
    unit.ok("import", csv_file)
    assert unit.ok("staff", "show", AGUS, "--format", "json").json()["unit"] == "Bidang Diklat"


def test_a_file_without_a_roster_sheet_is_rejected(cli, tmp_path):
    roster = write_roster(tmp_path / "catatan.xlsx", {"Catatan": [["Tanggal", "Catatan"], ["1/1/2026", "x"]]})
    result = cli("import", roster)
    assert result.exit_code == 3
    assert "found no staff or activities sheet" in result.stderr
    assert f"{roster}: sheet 'Catatan' skipped: no header row" in result.stderr


def test_missing_file_is_a_usage_error(cli, tmp_path):
    result = cli("import", tmp_path / "nowhere.xlsx")
    assert result.exit_code == 2
    assert "no such file" in result.stderr and not cli.db.exists()


# --- rejections ----------------------------------------------------------------------------------------------

def test_nip_in_a_number_cell_is_refused_with_the_fix(unit, tmp_path):
    roster = write_roster(tmp_path / "roster.xlsx", {"Kegiatan": activity_rows(
        (int(BUDI), "B3", "Analisis", None, date(2026, 3, 10), None, 24, None, None, None, None))},
        text_columns=())
    before = unit.snapshot()
    result = unit("import", roster)
    assert result.exit_code == 3
    line = result.stderr.splitlines()[0]
    assert line.startswith(f"{roster}:Kegiatan!B5: NIP 1992031520190310")
    assert "is a number cell, not text" in line
    assert "format the NIP column as Text and type the NIPs again" in line
    assert unit.snapshot() == before


def test_nip_in_e_notation_is_refused_never_guessed(unit, tmp_path):
    roster = write_roster(tmp_path / "roster.xlsx", {"Pegawai": staff_rows(
        ("1,98806E+17", "Agus Salim", "PNS", "", "", "", ""))})
    result = unit("import", roster)
    assert result.exit_code == 3
    assert f"{roster}:Pegawai!B5: NIP '1,98806E+17' arrived as a number in E-notation" in result.stderr
    assert "format the NIP column as Text" in result.stderr


def test_every_problem_is_listed_with_its_cell_and_nothing_is_written(unit, tmp_path):
    roster = write_roster(tmp_path / "roster.xlsx", {"Kegiatan": activity_rows(
        (BUDI, "B3", "Analisis Data", None, date(2026, 3, 10), None, 24, None, None, None, None),
        (BUDI, "B3", "Analisis Lanjut", None, "28/02/2026", "30/02/2026", 24, None, None, None, None),
        (AGUS, "Diklat", "Apa saja", None, "2026-03-01", None, 8, None, None, None, None),
        ("1992031520190310", "C1", "Coaching", None, "01/04/2026", None, None, "dua", None, None, "Mungkin"),
    )})
    before = unit.snapshot()
    result = unit("import", roster)
    assert result.exit_code == 3
    lines = result.stderr.splitlines()
    assert lines == [
        f"{roster}:Kegiatan!G6: end date 30/02/2026 is not a date: February 2026 has 28 days",
        f"{roster}:Kegiatan!B7: NIP {AGUS} is not in the ledger or in a staff sheet of this file; add the person "
        f"first: a row in a staff sheet of this file, or `jpledger staff add {AGUS} --name \"...\"`",
        f"{roster}:Kegiatan!C7: unknown kind 'Diklat'; write a code such as B3 or C1, a key or a label "
        "(`jpledger policy show` lists them)",
        f"{roster}:Kegiatan!B8: NIP '1992031520190310': length must be 18 digits, got 16",
        f"{roster}:Kegiatan!I8: 'dua' is not a number",
        f"{roster}:Kegiatan!L8: 'Mungkin' is not a scope: write Nasional or Internasional (or Ya/Tidak)",
        f"error: {roster}: 6 problems; nothing was imported",
    ]
    assert unit.snapshot() == before


def test_a_rejected_import_creates_no_ledger(cli, tmp_path):
    roster = write_roster(tmp_path / "roster.xlsx", {"Kegiatan": activity_rows(
        (BUDI, "B3", "Analisis", None, date(2026, 3, 10), None, 24, None, None, None, None))})
    assert cli("import", roster).exit_code == 3
    assert not cli.db.exists()


def test_quantities_the_kind_does_not_take_are_refused(unit, tmp_path):
    roster = write_roster(tmp_path / "roster.xlsx", {"Kegiatan": activity_rows(
        (BUDI, "C11", "Magang", None, date(2026, 3, 10), None, None, 2, None, None, None),
        (BUDI, "B3", "Kursus", None, date(2026, 3, 10), None, None, None, None, None, None),
    )})
    result = unit("import", roster)
    assert result.exit_code == 3
    assert f"{roster}:Kegiatan!I5: Magang/Praktik Kerja (C11) is counted in occurrences (one per row), so " \
           "Jumlah Sesi must be empty" in result.stderr
    assert f"{roster}:Kegiatan!H6: Pelatihan Teknis (B3) is counted in JP: fill in Jumlah JP" in result.stderr


def test_a_jp_column_that_disagrees_with_the_policy_names_both_figures(unit, tmp_path):
    """A one-day seminar typed as 6 JP, coaching typed as 4 and 6 JP: the policy credits 4 and 2 (issue 9, item 6)."""
    roster = write_roster(tmp_path / "roster.xlsx", {"Kegiatan": activity_rows(
        (BUDI, "B6", "Seminar", None, date(2026, 3, 10), None, 6, None, None, None, None),
        (BUDI, "C1", "SKP", None, date(2026, 4, 14), None, 4, None, SITI, None, None),
        (BUDI, "C1", "SKP lanjut", None, date(2026, 5, 14), None, 6, 3, SITI, None, None),
        (BUDI, "C11", "Magang", "BPS", date(2026, 7, 1), date(2026, 7, 31), 20, None, None, None, None),
    )})
    before = unit.snapshot()
    result = unit("import", roster)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[:2] == [
        f"{roster}:Kegiatan!H5: Jumlah JP says 6 JP, but the policy credits Seminar/Konferensi/Sarasehan (B6) 4 JP "
        "for this row (1 day); correct Jumlah JP or leave it empty, or import with a profile that says "
        "`jp: as_given` to credit the file's JP",
        f"{roster}:Kegiatan!H6: Jumlah JP says 4 JP, but the policy credits Coaching (C1) 2 JP for this row "
        "(1 session); correct Jumlah JP or leave it empty, or import with a profile that says `jp: as_given` to "
        "credit the file's JP",
    ]
    assert "Kegiatan!H7: Jumlah JP says 6 JP" not in result.stderr  # 3 sessions are 6 JP: they agree
    assert "Kegiatan!H8" not in result.stderr  # a magang is 20 JP, as the row says
    assert "3 problems" not in result.stderr and "2 problems" in result.stderr
    assert unit.snapshot() == before


def test_a_jp_column_that_agrees_with_the_policy_is_taken(unit, tmp_path):
    roster = write_roster(tmp_path / "roster.xlsx", {"Kegiatan": activity_rows(
        (BUDI, "B6", "Seminar", None, date(2026, 3, 10), date(2026, 3, 11), 8, None, None, None, None),
        (BUDI, "C1", "SKP", None, date(2026, 4, 14), None, 2, None, SITI, None, None),
    )})
    data = unit.ok("import", roster, "--format", "json").json()
    assert data["activities"]["added"] == 2 and data["jp_as_given"] == 0
    got = {e["title"]: e for e in activities_json(unit)}
    assert (got["Seminar"]["jp"], got["SKP"]["jp"]) == (8, 2)
    coaching = unit.ok("activity", "show", got["SKP"]["id"], "--format", "json").json()
    assert coaching["sessions"] == 1  # no sessions column: one session, as `record coaching` counts


def test_staff_row_problems_are_addressed(cli, tmp_path):
    roster = write_roster(tmp_path / "roster.xlsx", {"Pegawai": staff_rows(
        (SITI, "Siti", "Honorer", "", "", "", ""),
        (BUDI, "Budi", "PNS", "", "", "IX", ""),
        (AGUS, "", "PNS", "", "", "", ""),
        (EKO, "Eko", "PPPK", "", "", "", EKO),
    )})
    result = cli("import", roster)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[:4] == [
        f"{roster}:Pegawai!D5: status 'Honorer' is not PNS, CPNS or PPPK",
        f"{roster}:Pegawai!G6: golongan IX is a PPPK golongan; a PNS golongan has its letter (III/a)",
        f"{roster}:Pegawai!C7: NIP {AGUS} is not in the ledger yet and this row gives no name; fill in Nama Lengkap "
        "to add the person",
        f"{roster}:Pegawai!H8: a person cannot be their own supervisor",
    ]


def test_a_supervisor_not_in_the_ledger_is_kept_and_said(cli, tmp_path):
    """As `staff add` keeps and warns of it (spec 7): one line, with the cell, after the summary."""
    roster = write_roster(tmp_path / "roster.xlsx", {"Pegawai": staff_rows(
        (BUDI, "Budi", "PNS", "", "", "", SITI), (AGUS, "Agus", "PNS", "", "", "", BUDI))})
    result = cli.ok("import", roster, "-q")
    assert result.stderr.splitlines() == [
        f"warning: {roster}:Pegawai!H5: supervisor {SITI} is not in the ledger (kept; add the person when you can)"]
    assert cli.ok("staff", "show", BUDI, "--format", "json").json()["supervisor"] == SITI


def test_the_same_person_twice_with_different_fields_is_refused(cli, tmp_path):
    roster = write_roster(tmp_path / "roster.xlsx", {"Pegawai": staff_rows(
        (SITI, "Siti", "PNS", "Bidang Diklat", "", "", ""),
        (SITI, "Siti", "PNS", "Bidang Evaluasi", "", "", ""),
    )})
    result = cli("import", roster)
    assert result.exit_code == 3
    assert (f"{roster}:Pegawai!E6: NIP {SITI} is also at Pegawai!E5 with Unit Kerja 'Bidang Diklat', here "
            "'Bidang Evaluasi'; keep one row per person") in result.stderr


def test_rows_that_are_not_data_are_named(unit, tmp_path):
    roster = write_roster(tmp_path / "roster.xlsx", {"Kegiatan": [
        *activity_rows((BUDI, "B3", "Analisis", None, date(2026, 3, 10), None, 24, None, None, None, None)),
        ["", "", "", "Jumlah", "", "", "", 24],
    ]})
    result = unit("import", roster)
    assert result.exit_code == 3
    assert f"{roster}:Kegiatan!B6: NIP is empty; every row needs the person's NIP" in result.stderr


# --- dry run and the errors workbook -------------------------------------------------------------------------

def test_dry_run_checks_everything_and_writes_nothing(unit, tmp_path):
    roster = unit_roster(tmp_path / "roster.xlsx")
    before = unit.snapshot()
    result = unit.ok("import", roster, "--dry-run", "--format", "json")
    assert unit.snapshot() == before
    data = result.json()
    assert data["dry_run"] is True and data["batch"] is None
    assert data["staff"] == {"added": 2, "updated": 1, "unchanged": 0}
    assert data["activities"]["added"] == 5
    assert "dry run of" in result.stderr and "would be added" in result.stderr


def test_dry_run_without_a_ledger_creates_none(cli, tmp_path):
    result = cli.ok("import", unit_roster(tmp_path / "roster.xlsx"), "--dry-run", "--format", "json")
    assert result.json()["staff"]["added"] == 3
    assert not cli.db.exists()


def test_dry_run_reports_problems_too(unit, tmp_path):
    roster = write_roster(tmp_path / "roster.xlsx", {"Kegiatan": activity_rows(
        (BUDI, "B3", "Analisis", None, "32/01/2026", None, 24, None, None, None, None))})
    result = unit("import", roster, "--dry-run")
    assert result.exit_code == 3 and "Kegiatan!F5: start date" in result.stderr


def test_errors_workbook_holds_the_rejected_rows_and_their_problems(unit, tmp_path):
    from openpyxl import load_workbook

    roster = write_roster(tmp_path / "roster.xlsx", {"Kegiatan": activity_rows(
        (BUDI, "B3", "Analisis", None, date(2026, 3, 10), None, 24, None, None, None, None),
        (BUDI, "B3", "Statistik", None, date(2026, 3, 10), "kemarin", 24, None, None, None, None),
    )})
    out = tmp_path / "perbaiki.xlsx"
    result = unit("import", roster, "--errors", out)
    assert result.exit_code == 3
    assert f"the rejected rows are in {out}" in result.stderr
    book = load_workbook(out)
    sheet = book["Kegiatan"]
    header = [c.value for c in sheet[1]]
    assert header == [*ACTIVITY_HEAD, "Baris", "Kesalahan"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1  # only the rejected row
    assert rows[0][1] == BUDI and rows[0][3] == "Statistik" and rows[0][6] == "kemarin"
    assert rows[0][len(ACTIVITY_HEAD)] == 6
    # The workbook's added column speaks the workbook's language: Indonesian unless chosen otherwise.
    assert rows[0][-1].startswith("G6: tanggal selesai 'kemarin' bukan tanggal yang valid")
    listing = [[c.value for c in r] for r in book["Daftar Kesalahan"].iter_rows(min_row=2)]
    assert listing == [["Kegiatan", "G6", rows[0][-1][4:]]]


def test_errors_workbook_speaks_the_workbook_language(unit, tmp_path, monkeypatch):
    """Indonesian unless chosen otherwise, whatever the terminal speaks; English when chosen."""
    from openpyxl import load_workbook

    roster = write_roster(tmp_path / "roster.xlsx", {"Kegiatan": activity_rows(
        (BUDI, "B3", "Statistik", None, date(2026, 3, 10), "30/02/2026", 24, None, None, None, None))})
    out = tmp_path / "perbaiki.xlsx"
    assert unit("import", roster, "--errors", out).exit_code == 3
    sheet = load_workbook(out)["Kegiatan"]
    assert [c.value for c in sheet[1]][-2:] == ["Baris", "Kesalahan"]
    assert sheet["N2"].value == ("G5: tanggal selesai 30/02/2026 bukan tanggal yang valid: Februari 2026 hanya "
                                 "punya 28 hari")
    english = tmp_path / "fix.xlsx"
    assert unit("--lang", "en", "import", roster, "--errors", english).exit_code == 3
    book = load_workbook(english)
    assert [c.value for c in book["Kegiatan"][1]][-2:] == ["Row", "Problems"]
    assert book["Kegiatan"]["N2"].value == "G5: end date 30/02/2026 is not a date: February 2026 has 28 days"
    assert [c.value for c in book["All problems"][1]] == ["Sheet", "Cell", "Problems"]


def test_problems_in_indonesian_keep_the_cell_address(unit, tmp_path):
    roster = write_roster(tmp_path / "roster.xlsx", {"Kegiatan": activity_rows(
        (BUDI, "B3", "Statistik", None, date(2026, 3, 10), "30/02/2026", 24, None, None, None, None),
        (BUDI, "B6", "Seminar", None, date(2026, 3, 10), None, 6, None, None, None, None),
        (int(BUDI[:15]) * 1000, "C1", "SKP", None, date(2026, 3, 10), None, None, None, None, None, None))},
        text_columns=())
    result = unit("--lang", "id", "import", roster)
    assert result.exit_code == 3
    assert result.stderr.splitlines() == [
        f"{roster}:Kegiatan!G5: tanggal selesai 30/02/2026 bukan tanggal yang valid: Februari 2026 hanya punya "
        "28 hari",
        f"{roster}:Kegiatan!H6: Jumlah JP berisi 6 JP, tetapi kebijakan mengakui Seminar/Konferensi/Sarasehan (B6) "
        "4 JP untuk baris ini (1 hari); perbaiki Jumlah JP atau kosongkan, atau impor dengan profil berisi "
        "`jp: as_given` agar JP dari berkas yang diakui",
        f"{roster}:Kegiatan!B7: NIP 199203152019031000 adalah sel angka, bukan teks; Excel hanya menyimpan 15 "
        "digit angka sehingga digit terakhirnya hilang: format kolom NIP sebagai Teks lalu ketik ulang NIP-nya",
        f"kesalahan: {roster}: 3 masalah; tidak ada yang diimpor",
    ]


def test_errors_workbook_may_not_replace_the_roster(unit, tmp_path):
    roster = unit_roster(tmp_path / "roster.xlsx")
    result = unit("import", roster, "--errors", roster)
    assert result.exit_code == 2 and "the roster itself" in result.stderr


def test_errors_workbook_in_a_folder_that_does_not_exist_is_a_usage_error_creating_nothing(unit, tmp_path):
    roster = unit_roster(tmp_path / "roster.xlsx")
    before = unit.snapshot()
    result = unit("import", roster, "--errors", tmp_path / "nodir" / "sub" / "perbaiki.xlsx")
    assert result.exit_code == 2 and f"folder {tmp_path / 'nodir' / 'sub'} does not exist" in result.stderr
    assert not (tmp_path / "nodir").exists() and unit.snapshot() == before


# --- locks, progress ----------------------------------------------------------------------------------------

def test_a_closed_year_refuses_the_import(unit, tmp_path):
    unit.ok("year", "close", "2026", "--reason", "dilaporkan")
    roster = write_roster(tmp_path / "roster.xlsx", {"Kegiatan": activity_rows(
        (BUDI, "B3", "Analisis", None, date(2026, 3, 10), None, 24, None, None, None, None))})
    before = unit.snapshot()
    result = unit("import", roster)
    assert result.exit_code == 3
    assert "year 2026 is closed (dilaporkan)" in result.stderr and "jpledger year reopen 2026" in result.stderr
    assert f"the import of {roster} would change it" in result.stderr
    assert f"impor {roster} akan mengubahnya" in unit("--lang", "id", "import", roster).stderr
    assert unit.snapshot() == before
    # Staff rows alone touch no year.
    unit.ok("import", write_roster(tmp_path / "staf.xlsx", {"Pegawai": staff_rows(
        (AGUS, "Agus Salim", "PNS", "", "", "", ""))}))


@pytest.mark.parametrize("tty, quiet, ci, shown", [(True, False, None, True), (False, False, None, False),
                                                   (True, True, None, False), (True, False, "true", False)])
def test_progress_only_on_a_terminal(monkeypatch, tty, quiet, ci, shown):
    import sys

    from jpledger.cli import imports
    from jpledger.cli.common import State

    class Ctx:
        def find_root(self):
            return self

    ctx = Ctx()
    ctx.obj = State(quiet=quiet)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: tty, raising=False)
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with imports._progress(ctx) as progress:
        assert (progress.bar is not None) is shown


# --- the rows the import writes are the rows `record` writes -------------------------------------------------

def test_checked_rows_match_what_record_would_write(unit, tmp_path):
    """A roster row and `record` credit through the same core function: the entries are equal."""
    from decimal import Decimal

    from jpledger.core.entries import NewActivity, credit_entry
    from jpledger.core.policy import default_policy
    from jpledger.sheets import importer
    from jpledger.sheets.reader import read_file

    entries = [
        (BUDI, "B3", "Analisis", "BPS", date(2026, 3, 10), date(2026, 3, 12), 24, None, None, "R-1", "Ya"),
        (BUDI, "C1", "SKP", None, date(2026, 1, 14), None, None, 3, SITI, None, None),
        (BUDI, "C3", "Daring", None, date(2026, 2, 2), date(2026, 2, 3), "9,5", None, None, None, None),
        (BUDI, "B6", None, "LAN", date(2026, 10, 20), date(2026, 10, 22), None, None, None, None, "Internasional"),
        (BUDI, "C11", "Magang", "BPS", date(2026, 7, 1), date(2026, 7, 31), None, None, None, None, None),
    ]
    roster = write_roster(tmp_path / "roster.xlsx", {"Kegiatan": activity_rows(*entries)})
    policy = default_policy()
    view = importer.LedgerView(1, policy, {BUDI: {"status": "PNS", "name": "Budi"},
                                           SITI: {"status": "PNS", "name": "Siti Rahayu"}})
    parsed = importer.check(read_file(roster, str(roster)), view)
    assert not parsed.problems
    expected = [
        NewActivity(BUDI, "B3", "Analisis", date(2026, 3, 10), date(2026, 3, 12), True, jp=Decimal(24),
                    organizer="BPS", ref="R-1"),
        NewActivity(BUDI, "C1", "SKP", date(2026, 1, 14), date(2026, 1, 14), sessions=3, coach="Siti Rahayu",
                    coach_nip=SITI),
        NewActivity(BUDI, "C3", "Daring", date(2026, 2, 2), date(2026, 2, 3), jp=Decimal("9.5")),
        NewActivity(BUDI, "B6", "", date(2026, 10, 20), date(2026, 10, 22), True, organizer="LAN"),
        NewActivity(BUDI, "C11", "Magang", date(2026, 7, 1), date(2026, 7, 31), organizer="BPS"),
    ]
    assert len(parsed.activities) == len(expected)
    for row, item in zip(parsed.activities, expected):
        assert row == credit_entry(policy, 1, item)
