"""Build examples/roster.xlsx: the staff and 2026 activities of a Pusdiklat-like unit, as a unit would send them.

Run `python examples/make_roster.py` to rebuild it; the workbook is committed so the demo needs nothing else.
It is laid out the way officers' spreadsheets are: a title banner above the header, a `No` column, NIPs typed
as text with spaces, golongan written several ways, dates as date cells and as day-first text.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

HERE = Path(__file__).resolve().parent

UNIT_PENYELENGGARAAN = "Bidang Penyelenggaraan Diklat"
UNIT_EVALUASI = "Bidang Evaluasi dan Sertifikasi"
UNIT_TU = "Subbagian Tata Usaha"
AGENCY = "Pusdiklat Kementerian Contoh"

# NIP, name, status, unit, position, golongan, supervisor NIP, joined
STAFF = [
    ("19700512 199503 1 002", "Dr. Hendra Gunawan, M.Si.", "PNS", UNIT_PENYELENGGARAAN,
     "Kepala Bidang Penyelenggaraan Diklat", "Pembina Tingkat I (IV/b)", "", None),
    ("19780823 200312 2 001", "Sri Wahyuni, S.E., M.M.", "PNS", UNIT_EVALUASI,
     "Kepala Bidang Evaluasi dan Sertifikasi", "IV/a", "", None),
    ("19850314 201001 2 003", "Siti Rahayu, S.Pd.", "PNS", UNIT_PENYELENGGARAAN,
     "Widyaiswara Ahli Muda", "III-c", "19700512 199503 1 002", None),
    ("19920315 201903 1 001", "Budi Santoso, S.Kom.", "PNS", UNIT_PENYELENGGARAAN,
     "Pranata Komputer Ahli Pertama", "IIIa", "19700512 199503 1 002", None),
    ("19880610 201403 1 004", "Agus Salim, S.Sos.", "PNS", UNIT_PENYELENGGARAAN,
     "Analis Pengembangan Kompetensi", "Penata (III/c)", "19700512 199503 1 002", None),
    ("19950721 202503 2 002", "Dewi Lestari, S.Psi.", "CPNS", UNIT_EVALUASI,
     "Analis SDM Aparatur Ahli Pertama", "III/a", "19780823 200312 2 001", "01/03/2025"),
    ("19900404 201503 2 006", "Rina Marlina, S.T.", "PNS", UNIT_EVALUASI,
     "Pengembang Teknologi Pembelajaran", "III/b", "19780823 200312 2 001", None),
    ("19830909 200902 1 003", "Joko Susilo", "PNS", UNIT_TU,
     "Kepala Subbagian Tata Usaha", "III/d", "19700512 199503 1 002", None),
    ("19960118 202203 1 005", "Fajar Nugroho, A.Md.", "PNS", UNIT_TU,
     "Pengelola Keuangan", "II/c", "19830909 200902 1 003", None),
    ("19930227 2024 2 1 2 001", "Maya Sari, S.Kom.", "PPPK", UNIT_EVALUASI,
     "Pranata Komputer Ahli Pertama", "IX", "19780823 200312 2 001", "01/04/2024"),
    ("19910830 2024 2 1 1 002", "Eko Prasetyo, S.T.", "PPPK", UNIT_PENYELENGGARAAN,
     "Teknisi Sarana dan Prasarana", "VII", "19700512 199503 1 002", "01/04/2024"),
    ("19870205 201101 1 007", "Rudi Hartono, S.H.", "PNS", UNIT_TU,
     "Analis Hukum", "III/c", "19830909 200902 1 003", None),
]

HENDRA, SRI, SITI, BUDI, AGUS, DEWI, RINA, JOKO, FAJAR, MAYA, EKO, RUDI = (s[0] for s in STAFF)

# NIP, kind (code, key or label as units write them), title, organizer, start, end, JP, sessions, days,
# coach, ref, international
ACTIVITIES = [
    (SITI, "C11", "Magang Perancangan Kurikulum", "LAN RI", date(2026, 2, 2), date(2026, 2, 13),
     None, None, None, None, "MG/LAN/2026/014", "Nasional"),
    (BUDI, "Magang/Praktik Kerja", "Magang Pengelolaan LMS", "Pusdatin BPS", "09/03/2026", "20/03/2026",
     None, None, None, None, "", "Nasional"),
    (BUDI, "coaching", "Penyusunan SKP", "", "14 Januari 2026", "14 Januari 2026",
     None, 2, None, HENDRA, "", ""),
    (BUDI, "coaching", "Rencana pengembangan karier", "", "10/02/2026", "10/02/2026",
     None, 1, None, HENDRA, "", ""),
    (AGUS, "C1", "Evaluasi pasca pelatihan", "", date(2026, 4, 7), date(2026, 4, 7),
     None, 3, None, HENDRA, "", ""),
    (DEWI, "C1", "Orientasi tugas analis SDM", "", date(2026, 3, 4), date(2026, 3, 4),
     None, 2, None, SRI, "", ""),
    (DEWI, "Mentoring", "Penulisan kajian kebutuhan diklat", "", date(2026, 5, 12), date(2026, 5, 12),
     None, 2, None, "Dr. Ahmad Fauzi (LAN)", "", ""),
    (DEWI, "B3", "Pelatihan Dasar CPNS", "BPSDM Provinsi", date(2026, 6, 1), date(2026, 7, 10),
     "40", None, None, None, "STTPP/2026/0931", "Nasional"),
    (MAYA, "C1", "Pengelolaan server LMS", "", date(2026, 2, 17), date(2026, 2, 17),
     None, 1, None, BUDI, "", ""),
    (MAYA, "B3", "Administrasi Sistem Linux", "Digital Talent Scholarship", date(2026, 8, 3),
     date(2026, 8, 7), "20", None, None, None, "DTS-26-11873", "Nasional"),
    (MAYA, "C3", "Keamanan Siber Dasar", "ASN Unggul", "15/09/2026", "15/09/2026",
     "8", None, None, None, "", "Nasional"),
    (SITI, "C3", "Desain Pembelajaran Daring", "ASN Unggul", date(2026, 3, 2), date(2026, 3, 6),
     "15", None, None, None, "ELN-2026-5531", "Nasional"),
    (SITI, "Seminar/Konferensi/Sarasehan", "Seminar Nasional Corporate University", "LAN RI",
     date(2026, 10, 20), date(2026, 10, 21), None, None, None, None, "", "Nasional"),
    (HENDRA, "B2", "Pelatihan Kepemimpinan Administrator", "LAN RI", date(2026, 4, 13), date(2026, 7, 31),
     "240", None, None, None, "PKA/2026/LAN/221", "Nasional"),
    (SRI, "B7", "Workshop Asesmen Kompetensi", "BKN", date(2026, 5, 19), date(2026, 5, 21),
     None, None, None, None, "", "Nasional"),
    (SRI, "C7", "Patok banding CorpU", "Civil Service College Singapore", date(2026, 9, 8), date(2026, 9, 10),
     None, None, None, None, "", "Internasional"),
    (RINA, "B3", "Produksi Video Pembelajaran", "Pusdiklat", date(2026, 7, 14), date(2026, 7, 16),
     "18", None, None, None, "", "Nasional"),
    (JOKO, "B10", "Bimtek Pengelolaan Arsip Dinamis", "ANRI", date(2026, 2, 24), date(2026, 2, 26),
     "24", None, None, None, "", "Nasional"),
    (FAJAR, "B11", "Sosialisasi SAKTI", "Kemenkeu", date(2026, 3, 11), date(2026, 3, 11),
     None, None, None, None, "", "Nasional"),
    (FAJAR, "C2", "Penatausahaan keuangan", "", date(2026, 4, 22), date(2026, 4, 22),
     None, 2, None, JOKO, "", ""),
    (EKO, "B3", "Pemeliharaan Gedung", "Kementerian PUPR", date(2026, 5, 5), date(2026, 5, 8),
     "16", None, None, None, "", "Nasional"),
    (RUDI, "C3", "Legal Drafting", "ASN Unggul", date(2026, 8, 18), date(2026, 8, 21),
     "10", None, None, None, "", "Nasional"),
    (AGUS, "B6", "Seminar Evaluasi Program", "Pusdiklat", date(2026, 11, 10), date(2026, 11, 11),
     None, None, None, None, "", "Nasional"),
]

STAFF_HEADERS = ["No", "NIP", "Nama Lengkap", "Status Kepegawaian", "Unit Kerja", "Jabatan", "Pangkat/Golongan",
                 "Instansi", "NIP Atasan", "TMT Masuk"]
ACTIVITY_HEADERS = ["No", "NIP Peserta", "Jenis Kegiatan", "Nama Kegiatan", "Penyelenggara", "Tanggal Mulai",
                    "Tanggal Selesai", "Jumlah JP", "Jumlah Sesi", "Hari", "Pembimbing", "Nomor Sertifikat",
                    "Lingkup (Nasional/Internasional)"]


def _sheet(ws, title: str, headers: list[str], rows: list[tuple]) -> None:
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws["A1"].font = Font(bold=True, size=13)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([f"{AGENCY} — Tahun 2026"])
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(headers))
    ws.append([])
    ws.append(headers)
    for cell in ws[4]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for number, row in enumerate(rows, start=1):
        ws.append([number, *[("" if v is None else v) for v in row]])
        for cell in ws[ws.max_row]:
            if hasattr(cell.value, "year"):
                cell.number_format = "DD/MM/YYYY"
    for column in ("B", "I") if ws.title == "Pegawai" else ("B", "K"):
        for cell in ws[column][4:]:
            cell.number_format = "@"  # NIPs are text: a number cell would lose the last three digits
    ws.freeze_panes = "A5"
    for letter, width in zip("ABCDEFGHIJKLM", (5, 24, 30, 16, 32, 36, 22, 26, 24, 14, 24, 20, 18)):
        ws.column_dimensions[letter].width = width


def build(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "Pegawai"
    _sheet(ws, "DAFTAR PEGAWAI", STAFF_HEADERS,
           [(nip, name, status, unit, position, rank, AGENCY, sup, joined)
            for nip, name, status, unit, position, rank, sup, joined in STAFF])
    _sheet(wb.create_sheet("Kegiatan"), "REKAP PENGEMBANGAN KOMPETENSI", ACTIVITY_HEADERS, ACTIVITIES)
    wb.save(path)
    return path


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "roster.xlsx"
    print(build(target))
