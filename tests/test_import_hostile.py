"""Hostile and broken files: each refused with one clear line and exit 3, never a traceback, nothing written."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from conftest import BUDI
from jpledger.sheets import safety
from test_import import ACTIVITY_HEAD, STAFF_HEAD, activity_rows, write_roster


def a_roster(path: Path) -> Path:
    return write_roster(path, {"Kegiatan": activity_rows(
        (BUDI, "B3", "Analisis", None, date(2026, 3, 10), None, 24, None, None, None, None))})


def rewrite(source: Path, target: Path, changes: dict[str, bytes | None], extra: dict[str, bytes] = ()) -> Path:
    """A copy of the package `source` with some parts replaced (None drops a part) and some added."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename in changes:
                if changes[item.filename] is not None:
                    new.writestr(item.filename, changes[item.filename])
            else:
                new.writestr(item, old.read(item.filename))
        for name, data in dict(extra).items():
            new.writestr(name, data)
    return target


def sheet_xml(body: str) -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main"><sheetData>{body}</sheetData></worksheet>').encode()


def refused(cli, path, *args) -> str:
    """Run the import; it must fail with exit 3, one error line, no traceback, and leave the ledger alone."""
    before = cli.snapshot()
    result = cli("import", path, *args)
    assert result.exit_code == 3, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert cli.snapshot() == before
    return result.stderr.strip()


@pytest.fixture
def ledger(unit):
    return unit


def test_password_protected_workbook(ledger, tmp_path):
    # What Excel writes when a workbook is encrypted: an OLE2 compound file holding an EncryptedPackage stream.
    path = tmp_path / "rahasia.xlsx"
    path.write_bytes(safety.OLE2 + b"\0" * 504 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 64
                     + "EncryptedPackage".encode("utf-16-le") + b"\0" * 1024)
    assert "protected with a password" in refused(ledger, path)


def test_legacy_xls_workbook(ledger, tmp_path):
    path = tmp_path / "lama.xls"
    path.write_bytes(safety.OLE2 + b"\0" * 504 + "Workbook".encode("utf-16-le") + b"\0" * 2048)
    assert "old Excel 97-2003 workbook (.xls)" in refused(ledger, path)


def test_not_a_zip(ledger, tmp_path):
    path = tmp_path / "roster.xlsx"
    path.write_text("NIP,Nama\n", encoding="utf-8")
    assert "not an Excel workbook (it is not a zip package)" in refused(ledger, path)


def test_an_empty_file(ledger, tmp_path):
    path = tmp_path / "kosong.xlsx"
    path.write_bytes(b"")
    assert "not a zip package" in refused(ledger, path)


def test_a_web_page_saved_as_xls(ledger, tmp_path):
    path = tmp_path / "export.xls"
    path.write_text("<html><body><table><tr><td>NIP</td></tr></table></body></html>", encoding="utf-8")
    assert "a web page saved with a spreadsheet name" in refused(ledger, path)


def test_a_zip_that_is_not_a_workbook(ledger, tmp_path):
    path = tmp_path / "arsip.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("data/roster.csv", "NIP,Nama\n")
    assert "a zip archive but not an Excel workbook" in refused(ledger, path)


def test_a_truncated_workbook(ledger, tmp_path):
    whole = a_roster(tmp_path / "utuh.xlsx").read_bytes()
    path = tmp_path / "putus.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    assert "damaged" in refused(ledger, path)


def test_a_damaged_part(ledger, tmp_path):
    source = a_roster(tmp_path / "utuh.xlsx")
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(source) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    # Flip bytes inside the sheet's compressed data: the CRC no longer matches.
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    for i in range(start, start + 40):
        data[i] ^= 0xFF
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(bytes(data))
    assert refused(ledger, path)


ENTITY_BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
               b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
               b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/styles.xml",
                                  "[Content_Types].xml"])
def test_xml_entity_bombs_are_refused(ledger, tmp_path, part):
    source = a_roster(tmp_path / "asli.xlsx")
    with zipfile.ZipFile(source) as z:
        original = z.read(part)
    body = original.split(b"?>", 1)[1] if original.startswith(b"<?xml") else original
    path = rewrite(source, tmp_path / "bom.xlsx", {part: ENTITY_BOMB + body})
    assert f"{part} declares a DOCTYPE or ENTITY" in refused(ledger, path)


def test_an_external_entity_after_a_comment_is_refused(ledger, tmp_path):
    source = a_roster(tmp_path / "asli.xlsx")
    hostile = (b'<?xml version="1.0"?><!-- a comment first --><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
               b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&xxe;</t></si></sst>')
    path = rewrite(source, tmp_path / "xxe.xlsx", {}, {"xl/sharedStrings.xml": hostile})
    assert "declares a DOCTYPE or ENTITY" in refused(ledger, path)


def test_defusedxml_guards_openpyxl_and_our_own_parsing():
    import defusedxml
    import defusedxml.ElementTree
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True
    with pytest.raises(defusedxml.DTDForbidden):
        defusedxml.ElementTree.fromstring(ENTITY_BOMB + b"<a/>", forbid_dtd=True)


def test_a_cell_far_beyond_the_table_is_refused_before_reading(ledger, tmp_path):
    # Two cells, A1 and XFD1048576: reading would mean holding 17 billion cells.
    from openpyxl import Workbook

    book = Workbook()
    book.active["A1"] = "NIP"
    book.active["XFD1048576"] = 1
    path = tmp_path / "jauh.xlsx"
    book.save(path)
    message = refused(ledger, path)
    assert "1,048,576 rows by 16,384 columns" in message and "delete stray cells" in message


@pytest.mark.parametrize("body", [
    # A cell naming a row far below its own row tag.
    '<row r="1"><c r="A1" t="inlineStr"><is><t>NIP</t></is></c><c r="ZZ900000"><v>1</v></c></row>',
    # The same, written with spaces around '=' and single quotes, which readers accept.
    '<row r="1"><c r="A1" t="inlineStr"><is><t>NIP</t></is></c><c\tr = \'ZZ900000\'><v>1</v></c></row>',
    # Rows and cells without references, placed by counting.
    '<row r="900000"><c><v>1</v></c></row>' + '<row><c r="ZY1"><v>1</v></c></row>',
    # A prefixed cell element, which readers take for a cell all the same.
    '<row r="1"><x:c xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" r="ZZ900000">'
    '<x:v>1</x:v></x:c></row>',
    # A reference spelled with character references, which an XML parser reads as ZZ900000.
    '<row r="1"><c r="A1" t="inlineStr"><is><t>NIP</t></is></c><c r="&#90;&#x5A;900000"><v>1</v></c></row>',
], ids=["far-row", "spaced-quotes", "counted", "prefixed", "character-references"])
def test_crafted_cell_references_are_refused(ledger, tmp_path, body):
    source = a_roster(tmp_path / "asli.xlsx")
    path = rewrite(source, tmp_path / "rekayasa.xlsx", {"xl/worksheets/sheet1.xml": sheet_xml(body)})
    assert "more than a reader should hold" in refused(ledger, path)


def test_a_worksheet_in_another_encoding_is_measured_all_the_same(ledger, tmp_path):
    source = a_roster(tmp_path / "asli.xlsx")
    body = '<row r="1"><c r="A1" t="inlineStr"><is><t>NIP</t></is></c><c r="ZZ900000"><v>1</v></c></row>'
    xml = sheet_xml(body).decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    path = rewrite(source, tmp_path / "utf16.xlsx", {"xl/worksheets/sheet1.xml": xml})
    assert "more than a reader should hold" in refused(ledger, path)


@pytest.mark.parametrize("part, change, said", [
    # An `&` inside a tag sends the sheet to the parser, which finds it is not XML at all.
    ("xl/worksheets/sheet1.xml", lambda xml: xml.replace(b'<c r="A1"', b'<c r="A1" &', 1),
     "sheet 'Kegiatan' is not well-formed XML (not well-formed (invalid token), line "),
    ("xl/styles.xml", lambda xml: b"garbage" + xml, "xl/styles.xml is not XML (not well-formed (invalid token))"),
], ids=["sheet", "part"])
def test_a_part_that_is_not_xml_is_refused_naming_it(ledger, tmp_path, part, change, said):
    source = a_roster(tmp_path / "asli.xlsx")
    with zipfile.ZipFile(source) as z:
        original = z.read(part)
    assert change(original) != original
    path = rewrite(source, tmp_path / "rusak.xlsx", {part: change(original)})
    assert said in refused(ledger, path)


def test_a_wide_sheet_is_measured_closely(ledger, tmp_path):
    """Past 40 columns the quick bound is too rough: the rows are counted, and a far cell still found."""
    from openpyxl.utils import get_column_letter

    extra = [f"Catatan {i}" for i in range(50)]
    path = write_roster(tmp_path / "lebar.xlsx", {"Kegiatan": [
        [*activity_rows()[0], *extra],
        [1, BUDI, "B3", "Analisis", None, date(2026, 3, 10), None, 24, None, None, None, None, *["x"] * 50]]})
    ledger.ok("import", path)
    with zipfile.ZipFile(path) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    far = xml.replace(b"</row></sheetData>", b'</row><row r="6"><c r="%s900000"><v>1</v></c></row></sheetData>'
                      % get_column_letter(62).encode())
    assert far != xml
    hostile = rewrite(path, tmp_path / "jauh.xlsx", {"xl/worksheets/sheet1.xml": far})
    assert "more than a reader should hold" in refused(ledger, hostile)


def test_zip_bomb_ratio_is_refused(ledger, tmp_path, monkeypatch):
    monkeypatch.setattr(safety.package, "RATIO_FLOOR", 1 << 16)
    source = a_roster(tmp_path / "asli.xlsx")
    path = rewrite(source, tmp_path / "bom.xlsx", {}, {"xl/media/image1.png": b"\0" * (4 << 20)})
    assert "that is a zip bomb" in refused(ledger, path)


def test_a_workbook_that_unpacks_too_big_is_refused(ledger, tmp_path, monkeypatch):
    monkeypatch.setattr(safety.package, "MAX_UNPACKED", 1 << 16)
    source = a_roster(tmp_path / "asli.xlsx")
    path = rewrite(source, tmp_path / "besar.xlsx", {}, {"xl/media/image1.png": bytes(range(256)) * 400})
    assert "split it into smaller files" in refused(ledger, path)


def test_formula_cells_without_a_saved_value(ledger, tmp_path):
    path = write_roster(tmp_path / "rumus.xlsx", {"Kegiatan": activity_rows(
        (BUDI, "B3", "Analisis", None, date(2026, 3, 10), None, "=8*3", None, None, None, None))})
    result = ledger("import", path)
    assert result.exit_code == 3 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == (
        f"{path}:Kegiatan!H5: formula =8*3 has no saved value (the file was never calculated); open it in Excel, "
        "save it, and import again (or paste the column as values)")


def test_a_formula_is_shown_as_written_character_references_and_all(ledger, tmp_path):
    """`&#42;` is a `*` and `&#10;` a line break to any XML reader: the message shows the formula, on one line."""
    source = write_roster(tmp_path / "rumus.xlsx", {"Kegiatan": activity_rows(
        (BUDI, "B3", "Analisis", None, date(2026, 3, 10), None, "=8*3", None, None, None, None))})
    with zipfile.ZipFile(source) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    spelled = xml.replace(b"<f>8*3</f>", b"<f>8&#42;&#10;3</f>")
    assert spelled != xml
    path = rewrite(source, tmp_path / "dieja.xlsx", {"xl/worksheets/sheet1.xml": spelled})
    result = ledger("import", path)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0].startswith(f"{path}:Kegiatan!H5: formula =8* 3 has no saved value")


def test_formula_cells_with_a_saved_value_import(ledger, tmp_path):
    source = write_roster(tmp_path / "rumus.xlsx", {"Kegiatan": activity_rows(
        (BUDI, "B3", "Analisis", None, date(2026, 3, 10), None, "=8*3", None, None, None, None))})
    with zipfile.ZipFile(source) as z:
        xml = z.read("xl/worksheets/sheet1.xml")
    calculated = xml.replace(b"<f>8*3</f><v></v>", b"<f>8*3</f><v>24</v>").replace(
        b"<f>8*3</f><v />", b"<f>8*3</f><v>24</v>")
    assert calculated != xml
    path = rewrite(source, tmp_path / "dihitung.xlsx", {"xl/worksheets/sheet1.xml": calculated})
    ledger.ok("import", path)
    assert [e["jp"] for e in ledger.ok("activity", "list", "--format", "json").json()] == [24]


def test_merged_header_cells_hiding_a_column(ledger, tmp_path):
    path = write_roster(tmp_path / "gabung.xlsx", {"Kegiatan": activity_rows(
        (BUDI, "B3", "Analisis", None, date(2026, 3, 10), date(2026, 3, 12), 24, None, None, None, None))},
        merges=["F4:G4"])
    result = ledger("import", path)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[0] == (
        f"{path}:Kegiatan!F4: header cells F4:G4 are merged, which hides the header of column G; unmerge them and "
        "give each column its own header")


def test_csv_that_is_not_utf8(ledger, tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_bytes("NIP;Nama\n199203152019031001;Budi Sänto\n".encode("latin-1"))
    assert "not UTF-8 text" in refused(ledger, path)


def test_binary_bytes_named_csv(ledger, tmp_path):
    path = tmp_path / "acak.csv"
    path.write_bytes(bytes(range(256)) * 8)
    assert "not a text (CSV) file" in refused(ledger, path)


def test_a_folder_is_a_usage_error(ledger, tmp_path):
    result = ledger("import", tmp_path)
    assert result.exit_code == 2 and "is a folder" in result.stderr


def test_random_bytes_never_raise_a_traceback(ledger, tmp_path):
    import random

    rng = random.Random(20)
    source = a_roster(tmp_path / "asli.xlsx").read_bytes()
    for trial in range(12):
        data = bytearray(source)
        for _ in range(rng.randrange(1, 30)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        path = tmp_path / f"acak{trial}.xlsx"
        path.write_bytes(bytes(data))
        result = ledger("import", path)
        assert result.exit_code in (0, 3), result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr


# --- random rows and cell types ---------------------------------------------------------------------------

def test_random_rows_succeed_or_are_rejected_cleanly(unit, tmp_path):
    """Random cells of every type under real headers: each import either succeeds or is rejected with cell-
    addressed lines (exit 3), never a traceback, and a rejected one leaves the ledger as it was."""
    from datetime import datetime, time

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from conftest import SITI

    cell = st.one_of(
        st.none(), st.booleans(), st.integers(-10, 10**18), st.floats(allow_nan=False, allow_infinity=False),
        st.dates(date(1899, 12, 31), date(2100, 1, 1)), st.datetimes(datetime(1950, 1, 1), datetime(2100, 1, 1)),
        st.times(time(0), time(23, 59)),
        st.sampled_from([BUDI, SITI, f"'{BUDI}", "19920315 201903 1 001", "1,99203E+17", "B3", "C1", "coaching",
                         "Seminar/Konferensi/Sarasehan", "14/03/2026", "30/02/2026", "14 Maret 2026", "Ya",
                         "Internasional", "24", "2,5", "#N/A", "=SUM(A1)", "III/a", "PPPK", ""]),
        # Any text a cell can hold (control characters cannot be stored in a workbook).
        st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=40),
    )
    activities = st.lists(st.lists(cell, min_size=12, max_size=12), min_size=1, max_size=6)
    staff = st.lists(st.lists(cell, min_size=8, max_size=8), max_size=3)

    # The ledger carries over from one example to the next; a rejected import must leave it as it was.
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(rows=activities, staff_rows=staff)
    def run(rows, staff_rows):
        sheets = {"Kegiatan": [ACTIVITY_HEAD, *rows]}
        if staff_rows:
            sheets["Pegawai"] = [STAFF_HEAD, *staff_rows]
        path = write_roster(tmp_path / "acak.xlsx", sheets, banner=False, text_columns=())
        before = unit.snapshot()
        result = unit("import", path)
        assert result.exit_code in (0, 3), result.stderr
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr
        if result.exit_code == 3:
            assert unit.snapshot() == before
            lines = result.stderr.splitlines()
            assert lines[-1].startswith("error: ")
            assert all(line.startswith(f"{path}:") for line in lines[:-1])

    run()
