"""`jpledger export`: the workbook an officer opens in Excel, checked cell by cell with openpyxl."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from conftest import BUDI, DEWI, EKO, SITI
from jpledger.sheets.columns import ACTIVITY_COLUMNS, EXPORT_ACTIVITY_COLUMNS, KIND_LABEL
from jpledger.sheets.writer import STAFF_EXPORT

LEFT = "198806302014021001"  # PNS who leaves mid-2026

SHEETS_ID = ["Pegawai", "Kegiatan", "Riwayat Pegawai", "Kontrak PPPK", "Unit Kerja", "Rekap JP 2026",
             "Ringkasan 2026", "jpledger"]
SHEETS_EN = ["Staff", "Activities", "Staff History", "PPPK Contracts", "Units", "Totals 2026", "Summary 2026",
             "jpledger"]
SHORT_FILL = "FFF8CBAD"
OVER_FILL = "FFFFE699"


def record(cli, *args):
    return [a["id"] for a in cli.ok("record", *args, "--format", "json").json()]


@pytest.fixture
def filled(unit):
    """The unit with a year of activities of every way of counting; Dewi ends 2026 short and Eko (PPPK) over."""
    record(unit, "training", SITI, BUDI, "--kind", "B3", "--title", "Analisis Data", "--start", "10/03/2026",
           "--end", "12/03/2026", "--jp", "24", "--organizer", "Pusdiklat BPS", "--ref", "STTPP-001")
    record(unit, "coaching", BUDI, "--coach", SITI, "--date", "14/03/2026", "--sessions", "3", "--minutes", "60",
           "--topic", "Rencana kerja")
    record(unit, "mentoring", DEWI, "--mentor", "Dr. Ahmad Fauzi", "--date", "02/04/2026")
    record(unit, "training", EKO, "--kind", "B6", "--title", "+62 Seminar Statistik", "--start", "10/03/2026",
           "--end", "11/03/2026", "--international")
    record(unit, "training", EKO, "--kind", "C3", "--title", "@E-learning SPSS", "--start", "10/04/2026",
           "--minutes", "200")
    record(unit, "training", EKO, "--kind", "B3", "--title", "-Kelas Besar", "--start", "10/05/2026", "--jp", "30")
    record(unit, "magang", DEWI, "--start", "01/07/2025", "--end", "31/07/2025", "--host", "BPS Provinsi Jawa Barat")
    record(unit, "training", SITI, "--kind", "A1", "--title", "Tugas Belajar S2", "--start", "01/02/2025",
           "--end", "30/06/2025", "--semesters", "2")
    voided = record(unit, "training", DEWI, "--kind", "B3", "--title", "Salah catat", "--start", "01/06/2026",
                    "--jp", "40")
    unit.ok("activity", "void", voided[0], "--reason", "double entry")
    unit.ok("staff", "update", BUDI, "--name", "=HYPERLINK(\"http://x.example\",\"Budi\")")
    unit.ok("staff", "add", LEFT, "--name", "Rudi Hartono", "--unit", "Bidang Evaluasi", "--position", "Analis",
            "--agency", "BPS", "--joined", "01/02/2021")
    record(unit, "training", LEFT, "--kind", "B7", "--title", "Lokakarya Data", "--start", "03/02/2026",
           "--end", "05/02/2026", "--days", "2")
    unit.ok("staff", "leave", LEFT, "--date", "30/06/2026", "--reason", "pindah instansi")
    return unit


def export(cli, path, *options):
    cli.ok("export", path, *options)
    return openpyxl.load_workbook(path)


def table(sheet) -> list[dict]:
    """Rows of a sheet as {heading: value}, header row first."""
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def by_title(sheet) -> dict:
    return {row["Nama Kegiatan"]: row for row in table(sheet)}


# --- shape ----------------------------------------------------------------------------------------

def test_sheets_and_headings_are_indonesian_by_default(filled, tmp_path):
    book = export(filled, tmp_path / "rekap.xlsx")
    assert book.sheetnames == SHEETS_ID
    assert [c.value for c in book["Pegawai"][1]] == [c.heading("id") for c in STAFF_EXPORT]
    activity_headings = [c.heading("id") for c in ACTIVITY_COLUMNS]
    activity_headings.insert(activity_headings.index("Jenis Kegiatan") + 1, KIND_LABEL.heading("id"))
    assert [c.value for c in book["Kegiatan"][1]] == activity_headings + [
        c.heading("id") for c in EXPORT_ACTIVITY_COLUMNS if c is not KIND_LABEL]
    # The joined/left column says what it holds: a note, not years of service ("Masa Kerja").
    assert [c.value for c in book["Rekap JP 2026"][1]] == [
        "NIP", "Nama", "Unit Kerja", "Status Kepegawaian", "JP Klasikal", "JP Nonklasikal", "JP Pendidikan",
        "Total JP", "JP Minimal", "JP Maksimal", "Kekurangan JP", "Keadaan", "Keterangan"]


def test_english_headings_with_lang_en(filled, tmp_path):
    book = export(filled, tmp_path / "report.xlsx", "--lang", "en")
    assert book.sheetnames == SHEETS_EN
    assert [c.value for c in book["Staff"][1]] == [c.heading("en") for c in STAFF_EXPORT]
    assert "Credited JP" in [c.value for c in book["Activities"][1]]
    rows = {r["NIP"]: r for r in table(book["Totals 2026"])}
    assert rows[DEWI]["State"] == "short"
    assert {r["International"] for r in table(book["Activities"])} == {"National", "International"}


def test_nip_cells_are_text_and_dates_are_date_cells(filled, tmp_path):
    book = export(filled, tmp_path / "rekap.xlsx")
    for sheet, columns in (("Pegawai", "AH"), ("Kegiatan", "A"), ("Rekap JP 2026", "A")):
        for col in columns:
            for cell in book[sheet][col][1:]:
                if cell.value is None:
                    continue
                assert cell.data_type == "s" and cell.number_format == "@", (sheet, cell.coordinate)
                assert len(cell.value) == 18
    staff = book["Pegawai"]
    dewi = next(r for r in staff.iter_rows(min_row=2) if r[0].value == DEWI)
    joined = dewi[9]  # after the appointment day (column I)
    assert joined.is_date and joined.value == datetime(2021, 3, 1) and joined.number_format == "dd/mm/yyyy"
    starts = [r[6] for r in book["Kegiatan"].iter_rows(min_row=2)]
    assert all(c.is_date and isinstance(c.value, datetime) for c in starts)


def test_header_frozen_filters_on_and_widths_fitted(filled, tmp_path):
    book = export(filled, tmp_path / "rekap.xlsx")
    for name in SHEETS_ID[:3]:
        sheet = book[name]
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
    assert book["Ringkasan 2026"].freeze_panes == "A7"  # below the unit table's header, under the stamp
    staff = book["Pegawai"]
    assert staff.column_dimensions["A"].width >= 18  # a NIP shows whole
    longest = max(len(r[4].value) for r in book["Kegiatan"].iter_rows(min_row=2))
    assert book["Kegiatan"].column_dimensions["E"].width >= longest


def test_short_rows_red_and_over_rows_amber(filled, tmp_path):
    book = export(filled, tmp_path / "rekap.xlsx")
    rows = {r[0].value: r for r in book["Rekap JP 2026"].iter_rows(min_row=2)}
    state = {nip: (r[11].value, r[7].value) for nip, r in rows.items()}
    assert state == {SITI: ("Memenuhi", 24), BUDI: ("Memenuhi", 28), DEWI: ("Kurang", 2), EKO: ("Melebihi", 45),
                     LEFT: ("Kurang", 10)}
    assert rows[LEFT][12].value == "keluar tahun ini" and rows[SITI][12].value is None
    assert {c.fill.fgColor.rgb for c in rows[DEWI]} == {SHORT_FILL}
    assert {c.fill.fgColor.rgb for c in rows[EKO]} == {OVER_FILL}
    assert rows[SITI][0].fill.fill_type is None
    assert rows[DEWI][10].value == 18  # still needed
    assert rows[EKO][9].value == 24 and rows[EKO][8].value is None  # PPPK: a maximum, no minimum


def test_names_and_titles_that_look_like_formulas_stay_text(filled, tmp_path):
    path = tmp_path / "rekap.xlsx"
    book = export(filled, path)
    name = "=HYPERLINK(\"http://x.example\",\"Budi\")"
    found = [c for sheet in book for row in sheet.iter_rows() for c in row
             if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert {c.value for c in found} >= {name, "+62 Seminar Statistik", "@E-learning SPSS", "-Kelas Besar"}
    assert all(c.data_type == "s" for c in found)
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in archive.read(n) for n in sheets)
        assert not any("hyperlink" in n for n in archive.namelist())


def test_summary_has_native_charts_and_the_unit_table(filled, tmp_path):
    path = tmp_path / "rekap.xlsx"
    book = export(filled, path)
    summary = book["Ringkasan 2026"]
    rows = list(summary.iter_rows(values_only=True))[5:]  # under the title and the stamp
    assert rows[0][:7] == ("Unit Kerja", "Jumlah Pegawai", "Memenuhi", "Kurang", "Melebihi", "Sesuai",
                           "Tingkat Kepatuhan")
    assert rows[1][:7] == ("Bidang Diklat", 2, 2, 0, 0, 0, 1)
    assert rows[2][:7] == ("Bidang Evaluasi", 3, 0, 2, 1, 0, 0)
    assert rows[3][:7] == ("Semua unit", 5, 2, 2, 1, 0, 0.4)
    assert rows[6][:2] == ("Rentang JP", "Jumlah Pegawai")
    bands = {r[0]: r[1] for r in rows[7:12]}
    assert bands == {"0 JP": 0, "di bawah 10 JP": 1, "10 s.d. di bawah 20 JP": 1, "20 s.d. di bawah 40 JP": 2,
                     "40 JP atau lebih": 1}
    with zipfile.ZipFile(path) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        assert charts == ["xl/charts/chart1.xml", "xl/charts/chart2.xml"]
        xml = b"".join(archive.read(n) for n in charts)
    assert b"<c:barChart>" in xml and b'<c:barDir val="bar"/>' in xml and b'<c:barDir val="col"/>' in xml
    assert b"'Ringkasan 2026'!$G$7:$G$8" in xml  # compliance rate per unit
    # Unit names are text categories with a cached copy, so the chart draws before any recalculation.
    assert b"<c:strRef><c:f>'Ringkasan 2026'!$A$7:$A$8</c:f><c:strCache>" in xml
    assert b"<c:v>Bidang Evaluasi</c:v>" in xml and b"<c:v>40 JP atau lebih</c:v>" in xml
    assert len(summary._charts) == 2


# --- what the activity rows say --------------------------------------------------------------------

def test_activities_carry_the_quantity_credited_from_and_the_credit(filled, tmp_path):
    book = export(filled, tmp_path / "rekap.xlsx")
    rows = by_title(book["Kegiatan"])
    assert "Salah catat" not in rows  # voided entries are not exported
    training = rows["Analisis Data"]
    assert (training["Jenis Kegiatan"], training["JP"], training["JP Diakui"]) == ("B3", 24, 24)
    assert training["Nama Jenis Kegiatan"] == "Pelatihan Teknis"  # the kind by label as well as code
    assert (training["Penyelenggara"], training["Nomor Sertifikat"]) == ("Pusdiklat BPS", "STTPP-001")
    coaching = rows["Rencana kerja"]
    assert (coaching["Jenis Kegiatan"], coaching["Jumlah Sesi"], coaching["Menit"], coaching["JP"]) == (
        "C1", 3, 60, None)
    assert coaching["Pembimbing"] == SITI
    # 3 sessions are credited 6 JP; the monthly cap of 2 sessions withholds 2, so the total counts 4.
    assert (coaching["JP Diakui"], coaching["JP Ditahan"], coaching["JP Dihitung"]) == (6, 2, 4)
    assert (coaching["JP per Satuan"], coaching["Batas Satuan per Bulan"]) == (2, 2)
    assert (coaching["Mandiri"], coaching["Verifikasi"]) == ("Tidak", "Belum diverifikasi")
    assert (training["JP Ditahan"], training["JP Dihitung"], training["Batas Satuan per Bulan"]) == (0, 24, None)
    assert rows["Mentoring"]["Pembimbing"] == "Dr. Ahmad Fauzi"
    seminar = rows["+62 Seminar Statistik"]
    assert (seminar["Hari"], seminar["JP Diakui"]) == (2, 12)
    assert seminar["Lingkup (Nasional/Internasional)"] == "Internasional"
    elearning = rows["@E-learning SPSS"]
    # 200 minutes made 4.44 JP, of which the per-day cap credits 3.
    assert (elearning["Menit"], elearning["JP"], elearning["JP Diakui"]) == (200, 4.44, 3)
    assert rows["Tugas Belajar S2"]["Semester"] == 2 and rows["Tugas Belajar S2"]["JP Diakui"] == 40
    magang = rows["Magang di BPS Provinsi Jawa Barat"]
    assert (magang["JP"], magang["Hari"], magang["JP Diakui"]) == (None, None, 20)
    assert training["Lingkup (Nasional/Internasional)"] == "Nasional"


def test_all_years_by_default_one_year_with_year(filled, tmp_path):
    every = export(filled, tmp_path / "all.xlsx")
    assert len(table(every["Kegiatan"])) == 10  # 11 entries of 9 records, less the voided one
    one = export(filled, tmp_path / "2025.xlsx", "--year", "2025")
    assert one.sheetnames == [*SHEETS_ID[:5], "Rekap JP 2025", "Ringkasan 2025", "jpledger"]
    assert {r["Nama Kegiatan"] for r in table(one["Kegiatan"])} == {"Magang di BPS Provinsi Jawa Barat",
                                                                  "Tugas Belajar S2"}
    totals = {r["NIP"]: r["Total JP"] for r in table(one["Rekap JP 2025"])}
    assert totals == {SITI: 40, BUDI: 0, DEWI: 20, EKO: 0, LEFT: 0}


def test_totals_default_to_the_latest_year_with_activities(unit, tmp_path):
    record(unit, "training", SITI, "--kind", "B3", "--title", "Lama", "--start", "10/03/2024", "--jp", "8")
    book = export(unit, tmp_path / "rekap.xlsx")
    assert book.sheetnames[5:7] == ["Rekap JP 2024", "Ringkasan 2024"]


def test_unit_limits_every_sheet(filled, tmp_path):
    book = export(filled, tmp_path / "diklat.xlsx", "--unit", "bidang diklat")
    assert {r["NIP"] for r in table(book["Pegawai"])} == {SITI, BUDI}
    assert {r["NIP"] for r in table(book["Kegiatan"])} == {SITI, BUDI}
    assert {r["NIP"] for r in table(book["Rekap JP 2026"])} == {SITI, BUDI}
    result = filled("export", tmp_path / "x.xlsx", "--unit", "Bidang Nowhere")
    assert result.exit_code == 2
    assert "Bidang Diklat" in result.stderr and not (tmp_path / "x.xlsx").exists()


def test_an_empty_ledger_exports_headings_only(cli, tmp_path):
    cli.ok("init")
    book = export(cli, tmp_path / "kosong.xlsx")
    assert book.sheetnames == SHEETS_ID  # the pinned today is in 2026
    assert book["Kegiatan"].max_row == 1 and book["Pegawai"].max_row == 1


def test_activities_past_excels_row_limit_continue_on_another_sheet(filled, tmp_path, monkeypatch):
    from jpledger.sheets import writer

    monkeypatch.setattr(writer, "MAX_DATA_ROWS", 4)
    book = export(filled, tmp_path / "rekap.xlsx")
    assert book.sheetnames[:4] == ["Pegawai", "Kegiatan", "Kegiatan (2)", "Kegiatan (3)"]
    assert [len(table(book[n])) for n in book.sheetnames[1:4]] == [4, 4, 2]
    assert book["Kegiatan (3)"].freeze_panes == "A2"


# --- files ----------------------------------------------------------------------------------------

def test_an_existing_file_is_replaced_only_with_force(filled, tmp_path):
    path = tmp_path / "rekap.xlsx"
    path.write_bytes(b"someone's work")
    result = filled("export", path)
    assert result.exit_code == 2
    assert "--force" in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == b"someone's work"
    filled.ok("export", path, "--force")
    assert openpyxl.load_workbook(path).sheetnames == SHEETS_ID


def test_a_failed_export_leaves_no_file_and_no_half_workbook(filled, tmp_path, monkeypatch):
    from jpledger.sheets import writer

    def broken(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "_write_totals", broken)
    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "rekap.xlsx"
    result = filled("export", path)
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"error: cannot write {path}: the disk or the folder is full; nothing was "
                                     "written. Free some space, or write somewhere else, and run it again")
    assert list(folder.iterdir()) == []
    path.write_bytes(b"old")
    assert filled("export", path, "--force").exit_code == 2
    assert path.read_bytes() == b"old"
    assert list(folder.iterdir()) == [path]


def test_export_reads_only_and_refuses_a_missing_ledger(cli, tmp_path):
    result = cli("export", tmp_path / "rekap.xlsx")
    assert result.exit_code == 4 and "init" in result.stderr
    assert not cli.exists and not (tmp_path / "rekap.xlsx").exists()


def test_export_changes_nothing_in_the_ledger(filled, tmp_path):
    before = filled.snapshot()
    filled.ok("export", tmp_path / "rekap.xlsx")
    assert filled.snapshot() == before


def test_only_xlsx_files(filled, tmp_path):
    result = filled("export", tmp_path / "rekap.xls")
    assert result.exit_code == 2 and ".xlsx" in result.stderr


# --- round trip -----------------------------------------------------------------------------------

def _people(cli, db):
    # A leave reason has no roster column, so it is the one staff field a workbook does not carry.
    people = cli.ok("--db", db, "staff", "list", "--all", "--format", "json").json()
    return sorted(({k: v for k, v in p.items() if k != "leave_reason"} for p in people), key=lambda p: p["nip"])


def _activities(cli, db):
    """Every recorded detail of each live activity, less what belongs to the ledger rather than the activity.

    `days` is left out: a kind counted in days is exported with its days spelled out even when they were the
    calendar days of its dates, so the copy holds the same number where the original held "from the dates".
    """
    own = ("id", "batch", "created_at", "policy_version", "days")
    ids = [a["id"] for a in cli.ok("--db", db, "activity", "list", "--format", "json").json()]
    shown = [cli.ok("--db", db, "activity", "show", i, "--format", "json").json() for i in ids]
    return sorted((sorted((k, v) for k, v in a.items() if k not in own) for a in shown), key=repr)


def _totals(cli, db, year):
    return cli.ok("--db", db, "totals", "--year", year, "--format", "json").json()


def test_round_trip(filled, tmp_path):
    pytest.importorskip("jpledger.sheets.reader")
    if filled("import", "--help").exit_code != 0:
        pytest.skip("the import command is not there yet")
    path = tmp_path / "rekap.xlsx"
    filled.ok("export", path)
    source = str(filled.location)
    copy = str(tmp_path / "copy.db")
    filled.ok("--db", copy, "import", path)
    assert _people(filled, copy) == _people(filled, source)
    assert _activities(filled, copy) == _activities(filled, source)
    for year in ("2025", "2026"):
        assert _totals(filled, copy, year) == _totals(filled, source, year)


def test_a_full_disk_is_named_where_it_is(tmp_path, monkeypatch):
    """The workbook's folder is named, unless the writer's scratch files sit on another disk with less room: on one
    disk, two readings of its free room one after the other may differ by what others wrote in between."""
    from jpledger.sheets import writer

    assert writer._same_disk(tmp_path, tmp_path / ".") and not writer._same_disk(tmp_path / "missing", tmp_path)
    full = OSError(28, "No space left on device")
    path, scratch = tmp_path / "out" / "rekap.xlsx", str(tmp_path / "jpledger-x")
    room = {path.parent: 10_000, Path(scratch): 5_000}
    monkeypatch.setattr(writer, "_room", lambda folder: room[folder])
    monkeypatch.setattr(writer, "_same_disk", lambda one, other: True)
    assert writer._cannot_write(path, full, scratch).params["path"] == path
    monkeypatch.setattr(writer, "_same_disk", lambda one, other: False)
    assert writer._cannot_write(path, full, scratch).params["path"] == tmp_path
    room[Path(scratch)] = 20_000
    assert writer._cannot_write(path, full, scratch).params["path"] == path
