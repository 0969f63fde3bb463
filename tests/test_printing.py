"""Workbooks that print: every sheet `export` and `template` write is A4 landscape, one page wide, its header row
repeated, and says in its page header which year, as of which day and under which policy it counts."""

from __future__ import annotations

import shutil
import subprocess

import openpyxl
import pytest

from conftest import BUDI, SITI
from test_export import filled  # noqa: F401  (the fixture: a unit with a year of activities)


def export(cli, path, *options):
    cli.ok("export", path, *options)
    return openpyxl.load_workbook(path)


def test_every_exported_sheet_prints_landscape_one_page_wide_with_its_header_repeated(filled, tmp_path):
    book = export(filled, tmp_path / "rekap.xlsx")
    for sheet in book:
        setup = sheet.page_setup
        assert (setup.orientation, str(setup.paperSize)) == ("landscape", "9"), sheet.title  # A4
        assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
        # One page wide (1 is the file format's default, so it may go unwritten), as many tall as it takes.
        assert (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0), sheet.title
    for name in ("Pegawai", "Kegiatan", "Rekap JP 2026"):
        assert book[name].print_title_rows == "$1:$1"  # data sheets keep their column header in row 1
    assert book["Ringkasan 2026"].print_title_rows == "$6:$6"  # the unit table's header, below the stamp


def test_the_page_header_and_the_summary_say_year_as_of_policy_and_time_made(filled, tmp_path):
    book = export(filled, tmp_path / "rekap.xlsx")
    for sheet in book:
        middle, right = sheet.oddHeader.center.text, sheet.oddHeader.right.text
        assert "Tahun 2026" in middle and "data per 22/11/2026 (tahun berjalan, belum final)" in middle
        assert "Kebijakan: BPS Sestama B-031/2019" in middle
        assert right.startswith("Dibuat ")
        assert sheet.oddHeader.left.text == "&A"  # the sheet's name
        assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
    top = [row[0] for row in book["Ringkasan 2026"].iter_rows(max_row=4, values_only=True)]
    assert top[:3] == ["Rekap pengembangan kompetensi (JP) 2026", "data per 22/11/2026 (tahun berjalan, belum final)",
                       "Kebijakan: BPS Sestama B-031/2019"]
    assert top[3].startswith("Dibuat ")


def test_a_past_year_is_not_marked_as_running_and_english_says_it_in_english(filled, tmp_path):
    book = export(filled, tmp_path / "report.xlsx", "--year", "2025", "--lang", "en")
    middle = book["Summary 2025"].oddHeader.center.text
    assert middle == "Year 2025 · as of 31/12/2025 · Policy: BPS Sestama B-031/2019"
    assert book["Staff"].oddFooter.center.text == "Page &P of &N"


def test_numbers_stand_under_their_own_headings(filled, tmp_path):
    book = export(filled, tmp_path / "rekap.xlsx")
    activities = book["Kegiatan"]
    heads = {c.value: c for c in activities[1]}
    for heading in ("JP", "Jumlah Sesi", "Hari", "JP Diakui"):
        assert heads[heading].alignment.horizontal == "right", heading
    column = heads["JP Diakui"].column_letter
    figures = [c for c in activities[column][1:] if c.value is not None]
    assert figures and all(c.alignment.horizontal == "right" for c in figures)
    assert heads["Tanggal Mulai"].alignment.horizontal in (None, "general", "left")
    totals = {c.value: c for c in book["Rekap JP 2026"][1]}
    assert totals["Total JP"].alignment.horizontal == "right" and totals["Nama"].alignment.horizontal != "right"


def test_the_template_prints_too_and_its_guide_rows_hold_their_text(cli, tmp_path):
    path = tmp_path / "roster.xlsx"
    cli.ok("template", path)
    book = openpyxl.load_workbook(path)
    for sheet in book:
        setup = sheet.page_setup
        assert setup.orientation == "landscape" and (setup.fitToWidth or 1, setup.fitToHeight) == (1, 0), sheet.title
    guide = book["Petunjuk"]
    width = guide.column_dimensions["A"].width
    for row in guide.iter_rows(min_row=2):
        cell = row[0]
        if not cell.value:
            continue
        height = guide.row_dimensions[cell.row].height or 15  # 15 points, the default, goes unwritten
        # A wrapped paragraph gets a row tall enough for its lines, or it prints over the next one.
        lines = -(-len(cell.value) // int(width))  # no line holds more characters than the column is wide
        assert height >= 15 * lines, (cell.value[:30], height, lines)


# --- what a printer gets: the workbook converted to PDF by LibreOffice, where it is installed -----------------

def _to_pdf(workbook, folder):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    pypdf = pytest.importorskip("pypdf")
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{folder}/profile", "--convert-to", "pdf",
                    "--outdir", str(folder), str(workbook)], check=True, capture_output=True, timeout=240)
    return pypdf.PdfReader(str(folder / (workbook.stem + ".pdf")))


def test_a_small_export_prints_one_page_per_sheet_with_its_stamp(filled, tmp_path):
    path = tmp_path / "rekap.xlsx"
    filled.ok("export", path, "--year", "2026")
    pdf = _to_pdf(path, tmp_path)
    # staff, activities, history, contracts, units, totals, summary and the export's mark: each fits on one page
    assert len(pdf.pages) == 8
    for page in pdf.pages:
        text = page.extract_text()
        assert "data per 22/11/2026" in text and "BPS Sestama B-031/2019" in text
    summary = pdf.pages[6].extract_text()
    assert "Tingkat kepatuhan per unit kerja, 2026" in summary and "Jumlah pegawai per rentang JP, 2026" in summary
    assert SITI in pdf.pages[0].extract_text() and BUDI in pdf.pages[2].extract_text()


def test_many_units_split_the_compliance_chart_and_no_chart_straddles_a_page_break(cli, tmp_path):
    roster = tmp_path / "roster.csv"
    rows = [f"19900101201501{1}{n:03d},Pegawai {n},Unit {n:02d}\n" for n in range(1, 61)]  # 60 units
    roster.write_text("NIP,Nama,Unit Kerja\n" + "".join(rows), encoding="utf-8")
    cli.ok("import", roster)
    book = export(cli, tmp_path / "rekap.xlsx", "--year", "2026")
    summary = book["Ringkasan 2026"]
    charts = sorted(summary._charts, key=lambda c: c.anchor._from.row)
    assert len(charts) == 4  # 25 + 25 + 10 units, and the JP bands
    breaks = [b.id for b in summary.row_breaks.brk]
    assert breaks  # the charts do not fit on the first page
    for chart in charts:
        first, last = chart.anchor._from.row, chart.anchor.to.row
        # A break after row `b` ends a page there: no chart starts above it and ends below it.
        assert not any(first < b < last for b in breaks), (first, last, breaks)
