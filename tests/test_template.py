"""`jpledger template`: the empty roster workbook, its drop-down lists and checks, and that a filled one imports."""

from __future__ import annotations

from datetime import datetime

import openpyxl
import pytest

from conftest import BUDI, SITI
from jpledger.core.golongan import all_golongan
from jpledger.core.policy import default_policy
from jpledger.sheets.columns import ACTIVITY_COLUMNS, STAFF_COLUMNS

SMALL_POLICY = """\
name: Kebijakan Kecil
kinds:
  coaching: {code: K1, label: Bimbingan Atasan, form: nonklasikal, unit: session, jp_per_unit: 2}
  kursus: {code: K2, label: Kursus Singkat, form: klasikal, unit: jp}
"""


def template(cli, path, *options):
    cli.ok("template", path, *options)
    return openpyxl.load_workbook(path)


def validations(sheet) -> dict[str, object]:
    """Data validations of a sheet by the column letter they start in."""
    return {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv for dv in sheet.data_validations.dataValidation}


def list_items(book, dv) -> list[str]:
    formula = dv.formula1
    if formula.startswith('"'):
        return formula.strip('"').split(",")
    sheet_name, cells = formula.lstrip("=").rsplit("!", 1)
    sheet = book[sheet_name.strip("'")]
    first, last = (int(part.strip("$A")) for part in cells.split(":"))
    return [sheet.cell(row, 1).value for row in range(first, last + 1)]


def test_sheets_headings_and_text_nip_columns(cli, tmp_path):
    book = template(cli, tmp_path / "roster.xlsx")
    assert book.sheetnames == ["Petunjuk", "Pegawai", "Kegiatan", "Daftar Pilihan"]
    assert [c.value for c in book["Pegawai"][1]] == [c.heading("id") for c in STAFF_COLUMNS]
    assert [c.value for c in book["Kegiatan"][1]] == [c.heading("id") for c in ACTIVITY_COLUMNS]
    staff, activities = book["Pegawai"], book["Kegiatan"]
    for sheet, column in ((staff, "A"), (staff, "H"), (activities, "A"), (activities, "M")):
        assert sheet.column_dimensions[column].number_format == "@", (sheet.title, column)
    assert staff.column_dimensions["I"].number_format == "dd/mm/yyyy"
    assert activities.column_dimensions["F"].number_format == "dd/mm/yyyy"
    assert staff.freeze_panes == activities.freeze_panes == "A2"


def test_english_headings_with_lang_en(cli, tmp_path):
    book = template(cli, tmp_path / "roster.xlsx", "--lang", "en")
    assert book.sheetnames == ["Instructions", "Staff", "Activities", "Lists"]
    assert [c.value for c in book["Activities"][1]] == [c.heading("en") for c in ACTIVITY_COLUMNS]


def test_drop_down_lists_and_date_checks(cli, tmp_path):
    book = template(cli, tmp_path / "roster.xlsx")
    staff, activities = validations(book["Pegawai"]), validations(book["Kegiatan"])
    assert list_items(book, staff["C"]) == ["PNS", "CPNS", "PPPK"]
    assert list_items(book, staff["F"]) == all_golongan()
    policy = default_policy()
    kinds = list_items(book, activities["C"])
    assert kinds == [k.label for k in policy.kinds.values()] + [k.code for k in policy.kinds.values()]
    assert list_items(book, activities["O"]) == ["Nasional", "Internasional"]
    for dv in (staff["C"], staff["F"], activities["C"]):
        assert dv.type == "list" and dv.showErrorMessage
    for dv in (staff["I"], staff["J"], activities["F"], activities["G"]):
        # "between" is the default operator, which the file leaves unsaid.
        assert dv.type == "date" and dv.operator in (None, "between") and dv.formula2
        assert "14/03/2026" in dv.error
    assert activities["I"].type == "whole" and activities["H"].type == "decimal"
    assert "18" in staff["A"].prompt  # NIP: a prompt, not a rule, so NIPs written with spaces still go in


def test_kinds_come_from_the_ledgers_active_policy(cli, tmp_path):
    policy = tmp_path / "kecil.yaml"
    policy.write_text(SMALL_POLICY, encoding="utf-8")
    cli.ok("policy", "use", policy)
    book = template(cli, tmp_path / "roster.xlsx")
    assert list_items(book, validations(book["Kegiatan"])["C"]) == ["Bimbingan Atasan", "Kursus Singkat", "K1",
                                                                    "K2"]
    reference = list(book["Daftar Pilihan"].iter_rows(min_row=2, min_col=3, max_col=6, values_only=True))
    assert reference[:2] == [("K1", "Bimbingan Atasan", "nonklasikal", "Jumlah Sesi"),
                             ("K2", "Kursus Singkat", "klasikal", "JP (atau Menit)")]


def test_template_never_creates_a_ledger(cli, tmp_path):
    template(cli, tmp_path / "roster.xlsx")
    assert not cli.exists


def test_instructions_in_indonesian(cli, tmp_path):
    book = template(cli, tmp_path / "roster.xlsx")
    assert book.active.title == "Petunjuk"
    text = "\n".join(c.value for c in book["Petunjuk"]["A"] if c.value)
    for phrase in ("18 digit sebagai teks", "14/03/2026", "Jenis Kegiatan", "Jumlah Sesi", "Coaching (C1)",
                   "Seminar/Konferensi/Sarasehan (B6)", "Tugas Belajar (A1)", "jpledger import"):
        assert phrase in text, phrase


def test_an_existing_file_is_replaced_only_with_force(cli, tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_bytes(b"filled in by hand")
    result = cli("template", path)
    assert result.exit_code == 2 and "--force" in result.stderr
    assert path.read_bytes() == b"filled in by hand"
    cli.ok("template", path, "--force")
    assert openpyxl.load_workbook(path).sheetnames[0] == "Petunjuk"


def test_a_filled_template_imports(cli, tmp_path):
    pytest.importorskip("jpledger.sheets.reader")
    if cli("import", "--help").exit_code != 0:
        pytest.skip("the import command is not there yet")
    cli.ok("init")
    path = tmp_path / "roster.xlsx"
    book = template(cli, path)
    staff, activities = book["Pegawai"], book["Kegiatan"]
    staff.append([SITI, "Siti Rahayu", "PNS", "Bidang Diklat", "Analis", "III/c", "BPS", None,
                  datetime(2010, 1, 1)])
    staff.append([BUDI, "Budi Santoso", "PNS", "Bidang Diklat", None, "III/a", "BPS", SITI])
    activities.append([BUDI, "Budi Santoso", "Pelatihan Teknis", "Analisis Data", "Pusdiklat",
                       datetime(2026, 3, 10), datetime(2026, 3, 12), 24])
    activities.append([BUDI, "Budi Santoso", "C1", "Rencana kerja", None, datetime(2026, 4, 2),
                       datetime(2026, 4, 2), None, 1, 60, None, None, SITI])
    book.save(path)
    cli.ok("import", path)
    totals = {p["nip"]: p for p in cli.ok("totals", "--year", "2026", "--format", "json").json()}
    assert totals[BUDI]["jp"] == 26 and totals[SITI]["jp"] == 0
