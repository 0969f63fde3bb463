"""`jpledger export FILE --siasn --year Y`: the year's activities as SIASN riwayat kursus rows to upload."""

from __future__ import annotations

import re

import openpyxl
import pytest

from conftest import BUDI, DEWI, EKO, SITI
from jpledger.sheets.siasn import HEADERS, whole_hours


def record(cli, *args):
    cli.ok("record", *args)


@pytest.fixture
def year(unit):
    """A sample 2026 (and one 2025 entry that must stay out of it)."""
    record(unit, "training", SITI, BUDI, "--kind", "B3", "--title", "Analisis Data", "--start", "10/03/2026",
           "--end", "12/03/2026", "--jp", "24", "--organizer", "Pusdiklat BPS", "--ref", "STTPP-001")
    record(unit, "coaching", BUDI, "--coach", SITI, "--date", "14/03/2026", "--sessions", "3")  # cap: 4 of 6 JP
    record(unit, "training", DEWI, "--kind", "C3", "--title", "E-learning SPSS", "--start", "02/04/2026",
           "--jp", "2.5")
    record(unit, "training", EKO, "--kind", "B3", "--title", "Kelas Singkat", "--start", "05/05/2026",
           "--minutes", "110")  # 2.44 JP
    record(unit, "training", SITI, "--kind", "narasumber", "--title", "Narasumber Rakornas", "--start",
           "20/05/2026", "--jp", "3")
    record(unit, "training", DEWI, "--kind", "B3", "--title", "Tahun lalu", "--start", "01/06/2025", "--jp", "10")
    return unit


def siasn(cli, path, *options):
    result = cli("export", path, "--siasn", *options)
    assert result.exit_code == 0, result.stderr
    return result, openpyxl.load_workbook(path)


def rows_of(sheet) -> list[dict]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def test_the_siasn_sheet_has_siasn_columns_one_row_per_person_and_activity(year, tmp_path):
    result, book = siasn(year, tmp_path / "siasn.xlsx", "--year", "2026")
    assert book.sheetnames == ["SIASN", "Tidak Diunggah", "Catatan"]
    sheet = book["SIASN"]
    assert [c.value for c in sheet[1]] == list(HEADERS)  # the header is the first row: it uploads as it is
    assert set(HEADERS) >= {"nip", "jenisKursus", "namaKursus", "institusiPenyelenggara", "jumlahJam",
                            "nomorSertipikat", "tahunKursus", "tanggalKursus", "tanggalSelesaiKursus",
                            "jenisDiklatId"}
    rows = rows_of(sheet)
    by = {(r["nip"], r["namaKursus"]): r for r in rows}
    assert set(by) == {(SITI, "Analisis Data"), (BUDI, "Analisis Data"), (BUDI, "Coaching"),
                       (DEWI, "E-learning SPSS"), (EKO, "Kelas Singkat")}
    analisis = by[(SITI, "Analisis Data")]
    assert (analisis["jenisDiklatId"], analisis["jenisKursus"]) == ("3", "Diklat Teknis")
    assert (analisis["institusiPenyelenggara"], analisis["nomorSertipikat"]) == ("Pusdiklat BPS", "STTPP-001")
    assert (analisis["tanggalKursus"], analisis["tanggalSelesaiKursus"], analisis["tahunKursus"]) == (
        "10-03-2026", "12-03-2026", 2026)
    for row in rows:
        assert re.fullmatch(r"\d\d-\d\d-\d{4}", row["tanggalKursus"]) and re.fullmatch(
            r"\d\d-\d\d-\d{4}", row["tanggalSelesaiKursus"])
        assert isinstance(row["jumlahJam"], int)
    nip_cells = [c for c in sheet["A"][1:]]
    assert all(c.data_type == "s" and len(c.value) == 18 for c in nip_cells)
    assert "5 SIASN rows of 2026" in result.stderr and "1 not uploaded" in result.stderr


def test_jumlah_jam_is_the_counted_jp_rounded_half_up(year, tmp_path):
    _, book = siasn(year, tmp_path / "siasn.xlsx", "--year", "2026")
    by = {(r["nip"], r["namaKursus"]): r["jumlahJam"] for r in rows_of(book["SIASN"])}
    assert by[(BUDI, "Coaching")] == 4  # 6 JP credited, 2 withheld by the monthly cap: what counted
    assert by[(DEWI, "E-learning SPSS")] == 3  # 2.5 -> 3
    assert by[(EKO, "Kelas Singkat")] == 2  # 110 minutes are 2.44 JP -> 2
    notes = " ".join(str(r[0]) for r in book["Catatan"].iter_rows(values_only=True) if r[0])
    assert "dibulatkan ke bilangan bulat, setengah ke atas" in notes and "dd-mm-yyyy" in notes
    from decimal import Decimal

    assert [whole_hours(Decimal(v)) for v in ("2.5", "2.49", "0.5", "0.49", "24")] == [3, 2, 1, 0, 24]


def test_kinds_without_a_siasn_type_go_to_the_second_sheet_with_the_reason(year, tmp_path):
    _, book = siasn(year, tmp_path / "siasn.xlsx", "--year", "2026")
    left = rows_of(book["Tidak Diunggah"])
    assert [(r["NIP"], r["Kode Jenis"], r["Nama Kegiatan"]) for r in left] == [(SITI, "B12", "Narasumber Rakornas")]
    assert "tidak punya siasn_type" in left[0]["Alasan"] and left[0]["JP Dihitung"] == 3


def test_coaching_without_a_type_in_the_policy_is_not_guessed(year, tmp_path):
    policy = year.ok("policy", "show", "--format", "yaml").stdout
    without = re.sub(r"\n +siasn_type:\n +id: '14'\n +name: Coaching", "", policy)
    assert without != policy
    file = tmp_path / "policy.yaml"
    file.write_text(without, encoding="utf-8")
    year.ok("policy", "use", file)
    _, book = siasn(year, tmp_path / "siasn.xlsx", "--year", "2026", "--lang", "en")
    assert book.sheetnames == ["SIASN", "Not uploaded", "Notes"]
    assert (BUDI, "Coaching") not in {(r["nip"], r["namaKursus"]) for r in rows_of(book["SIASN"])}
    left = {r["Kind code"]: r for r in rows_of(book["Not uploaded"])}
    assert set(left) == {"C1", "B12"}
    assert left["C1"]["Reason"].startswith("the kind has no siasn_type") and left["C1"]["Counted JP"] == 4


def test_siasn_needs_a_year_and_follows_unit(year, tmp_path):
    result = year("export", tmp_path / "siasn.xlsx", "--siasn")
    assert result.exit_code == 2 and "--year" in result.stderr and not (tmp_path / "siasn.xlsx").exists()
    _, book = siasn(year, tmp_path / "diklat.xlsx", "--year", "2026", "--unit", "Bidang Diklat")
    assert {r["nip"] for r in rows_of(book["SIASN"])} == {SITI, BUDI}
    _, book = siasn(year, tmp_path / "2025.xlsx", "--year", "2025")
    assert [(r["nip"], r["namaKursus"], r["tahunKursus"]) for r in rows_of(book["SIASN"])] == [
        (DEWI, "Tahun lalu", 2025)]


def test_siasn_workbook_prints_landscape_with_the_stamp(year, tmp_path):
    _, book = siasn(year, tmp_path / "siasn.xlsx", "--year", "2026")
    for sheet in book:
        assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToHeight == 0
        assert "Tahun 2026" in sheet.oddHeader.center.text
