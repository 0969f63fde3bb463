"""The year's activities in the layout of BKN SIASN's riwayat kursus, to upload as they are (spec 12): one row per
person and activity under SIASN's own field names; entries that cannot go (a kind without a SIASN type, nothing
counted) on a second sheet with the reason, and a note sheet saying how the figures were made."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from jpledger.sheets.printing import Stamp, print_ready
from jpledger.sheets.writer import (
    MAX_WIDTH,
    Formats,
    atomic_workbook,
    excel_day,
    header_formats,
    heading_width,
    write_header,
)

# SIASN's names, in its payload's spelling (nomorSertipikat included); never translated.
HEADERS = ("nip", "jenisDiklatId", "jenisKursus", "namaKursus", "institusiPenyelenggara", "jumlahJam",
           "nomorSertipikat", "tahunKursus", "tanggalKursus", "tanggalSelesaiKursus")

TEXT = {
    "id": {
        "left": "Tidak Diunggah", "notes": "Catatan",
        "left_heads": ("NIP", "Nama", "Kode Jenis", "Nama Jenis Kegiatan", "Nama Kegiatan", "Tanggal Mulai",
                       "Tanggal Selesai", "JP Dihitung", "Alasan"),
        "reasons": {
            "no_type": "jenis ini tidak punya siasn_type di kebijakan: jenis SIASN tidak ditebak",
            "voided": "dibatalkan", "rejected": "ditolak saat verifikasi",
            "unverified": "belum diverifikasi (kebijakan hanya menghitung yang terverifikasi)",
            "outside_employment": "di luar masa kerja pegawai",
            "nothing": "tidak ada JP yang dihitung (seluruhnya ditahan batas bulanan)",
            "rounds_to_zero": "JP yang dihitung ({jp}) dibulatkan menjadi 0 jam",
        },
        "title": "Riwayat kursus SIASN {year}",
        "lines": (
            "Lembar SIASN berisi satu baris per pegawai per kegiatan, dengan nama kolom SIASN, mulai dari baris "
            "judul kolom, sehingga dapat diunggah apa adanya.",
            "jumlahJam adalah JP yang dihitung (JP yang diakui dikurangi yang ditahan batas bulanan) dibulatkan ke "
            "bilangan bulat, setengah ke atas: 2,5 menjadi 3 dan 2,49 menjadi 2.",
            "tanggalKursus dan tanggalSelesaiKursus ditulis dd-mm-yyyy; tahunKursus adalah tahun tanggal selesai.",
            "jenisDiklatId dan jenisKursus diambil dari siasn_type tiap jenis kegiatan di kebijakan. Jenis tanpa "
            "siasn_type tidak ditebak: kegiatannya ada di lembar {left} beserta alasannya, begitu pula kegiatan "
            "yang tidak menghitung JP apa pun.",
            "Periksa jenisDiklatId dengan daftar referensi SIASN instansi Anda sebelum mengunggah banyak baris.",
        ),
        "counts": "{rows} baris untuk diunggah; {left} kegiatan tidak diunggah.",
    },
    "en": {
        "left": "Not uploaded", "notes": "Notes",
        "left_heads": ("NIP", "Name", "Kind code", "Kind name", "Title", "Start", "End", "Counted JP", "Reason"),
        "reasons": {
            "no_type": "the kind has no siasn_type in the policy: a SIASN type is never guessed",
            "voided": "voided", "rejected": "rejected in verification",
            "unverified": "not verified yet (the policy counts verified entries only)",
            "outside_employment": "outside the person's employment",
            "nothing": "nothing counted (a monthly cap withheld all of it)",
            "rounds_to_zero": "the counted JP ({jp}) round to 0 hours",
        },
        "title": "SIASN riwayat kursus {year}",
        "lines": (
            "The SIASN sheet holds one row per person and activity under SIASN's field names, starting with its "
            "header row, so that it uploads as it is.",
            "jumlahJam is the counted JP (the credited JP less what a monthly cap withheld) rounded to a whole "
            "number, half up: 2.5 becomes 3 and 2.49 becomes 2.",
            "tanggalKursus and tanggalSelesaiKursus are written dd-mm-yyyy; tahunKursus is the year of the end date.",
            "jenisDiklatId and jenisKursus come from each kind's siasn_type in the policy. Kinds without one are not "
            "guessed: their activities are on the sheet {left} with the reason, as are activities that count "
            "nothing.",
            "Check the jenisDiklatId values against your SIASN instance's reference list before a bulk upload.",
        ),
        "counts": "{rows} rows to upload; {left} activities not uploaded.",
    },
}


@dataclass
class SiasnEntry:
    """One live activity of the year with what it counts and the kind's SIASN type (None when it has none)."""

    nip: str
    name: str
    code: str
    label: str
    title: str
    organizer: str | None
    ref: str | None
    start: object  # date
    end: object  # date
    counted: Decimal
    why_not: str | None  # voided, rejected, unverified, outside_employment: why it counts nothing
    siasn_id: str | None
    siasn_name: str | None


def whole_hours(jp: Decimal) -> int:
    """SIASN's jumlahJam: the counted JP rounded to a whole number, half up."""
    return int(Decimal(jp).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def reason_left_out(entry: SiasnEntry) -> tuple[str, dict] | None:
    """Why an entry is not uploaded (a reason's key and its parameters), or None when it goes to SIASN."""
    if entry.siasn_id is None:
        return "no_type", {}
    if entry.why_not:
        return entry.why_not, {}
    if entry.counted <= 0:
        return "nothing", {}
    if whole_hours(entry.counted) == 0:
        return "rounds_to_zero", {"jp": entry.counted}
    return None


def dmy(day) -> str:
    return day.strftime("%d-%m-%Y")


def write_siasn(path: Path, entries: list[SiasnEntry], year: int, stamp: Stamp, lang: str) -> tuple[int, int, str]:
    """Write the SIASN workbook (atomically); returns (rows uploaded, entries left out, the second sheet's name)."""
    text = TEXT["en" if lang == "en" else "id"]
    sent, left = [], []
    for entry in entries:
        reason = reason_left_out(entry)
        if reason is None:
            sent.append(entry)
        else:
            key, params = reason
            if "jp" in params:
                params = {"jp": f"{params['jp']:.2f}".replace(".", "," if lang != "en" else ".")}
            left.append((entry, text["reasons"][key].format(**params)))
    with atomic_workbook(path, constant_memory=False) as workbook:
        workbook.set_properties({"title": text["title"].format(year=year), "comments": "jpledger export --siasn"})
        f = Formats(workbook)
        head, head_number = header_formats(workbook)
        _siasn_sheet(workbook, sent, f, head, head_number)
        _left_sheet(workbook, text, left, f, head, head_number)
        _notes_sheet(workbook, text, year, stamp, lang, len(sent), len(left))
        for sheet in workbook.worksheets():
            notes = sheet.name == text["notes"]
            print_ready(sheet, stamp, lang, repeat_row=None if notes else 0, gridlines=not notes)
    return len(sent), len(left), text["left"]


def _siasn_sheet(workbook, sent: list[SiasnEntry], f: Formats, head, head_number) -> None:
    sheet = workbook.add_worksheet("SIASN")
    headings = list(HEADERS)
    numbers = [HEADERS.index("jumlahJam"), HEADERS.index("tahunKursus")]
    write_header(sheet, headings, head, numbers, head_number)
    widths = [heading_width(h) for h in headings]
    for row, e in enumerate(sent, start=1):
        # Dates are text in SIASN's dd-mm-yyyy, not date cells: a spreadsheet would show them in its own format.
        cells = (e.nip, e.siasn_id, e.siasn_name, e.title, e.organizer or "", whole_hours(e.counted), e.ref or "",
                 e.end.year, dmy(e.start), dmy(e.end))
        for col, value in enumerate(cells):
            if isinstance(value, int):
                sheet.write_number(row, col, value, f.int)
                continue
            if value:
                sheet.write_string(row, col, value, f.text)
            widths[col] = max(widths[col], len(value) + 1)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(width, MAX_WIDTH))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(sent), 1), len(headings) - 1)


def _left_sheet(workbook, text: dict, left: list, f: Formats, head, head_number) -> None:
    sheet = workbook.add_worksheet(text["left"])
    headings = list(text["left_heads"])
    write_header(sheet, headings, head, [7], head_number)
    widths = [heading_width(h) for h in headings]
    widths[5] = widths[6] = max(widths[5], 11)
    for row, (e, reason) in enumerate(left, start=1):
        for col, value in ((0, e.nip), (1, e.name), (2, e.code), (3, e.label), (4, e.title), (8, reason)):
            sheet.write_string(row, col, value, f.text)
            widths[col] = max(widths[col], len(value) + 1)
        sheet.write_number(row, 5, excel_day(e.start), f.date)
        sheet.write_number(row, 6, excel_day(e.end), f.date)
        sheet.write_number(row, 7, float(e.counted), f.jp)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, min(width, MAX_WIDTH if col != 8 else 70))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(left), 1), len(headings) - 1)


def _notes_sheet(workbook, text: dict, year: int, stamp: Stamp, lang: str, sent: int, left: int) -> None:
    sheet = workbook.add_worksheet(text["notes"])
    sheet.set_column(0, 0, 110)
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    sheet.write_string(0, 0, text["title"].format(year=year), workbook.add_format({"bold": True, "font_size": 14}))
    sheet.set_row(0, 22)
    lines = [*stamp.parts(lang)[1:], "", *(line.format(left=text["left"]) for line in text["lines"]), "",
             text["counts"].format(rows=sent, left=left)]
    for row, line in enumerate(lines, start=1):
        sheet.write_string(row, 0, line, wrap)
        sheet.set_row(row, 15 * max(1, -(-len(line) // 105)))
