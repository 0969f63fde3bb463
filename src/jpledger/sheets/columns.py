"""The roster columns jpledger knows: each field's header aliases (Indonesian and English) and export headings.

Import matches a header by `header_key()` (case, spaces, dots and slashes ignored) against these aliases;
export and template write the first heading of each language, so an exported workbook imports again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    field: str
    id: str  # heading written in Indonesian workbooks
    en: str  # heading written in English workbooks
    aliases: tuple[str, ...] = ()

    def heading(self, lang: str) -> str:
        return self.en if lang == "en" else self.id


STAFF_COLUMNS = (
    Column("nip", "NIP", "NIP", ("NIP Baru", "NIP Pegawai", "NIP/NI PPPK", "NI PPPK")),
    Column("name", "Nama", "Name", ("Nama Lengkap", "Nama Pegawai", "Full Name")),
    Column("status", "Status Kepegawaian", "Status", ("Status", "Jenis Pegawai", "Employment Status")),
    Column("unit", "Unit Kerja", "Unit", ("Satker", "Satuan Kerja", "Unit Organisasi", "Work Unit")),
    Column("position", "Jabatan", "Position", ("Nama Jabatan", "Job Title")),
    Column("rank", "Pangkat/Golongan", "Rank", ("Gol. Ruang", "Golongan", "Pangkat", "Golongan Ruang", "Gol")),
    Column("agency", "Instansi", "Agency", ("Nama Instansi",)),
    Column("supervisor", "NIP Atasan", "Supervisor NIP", ("NIP Atasan Langsung", "Atasan", "Supervisor")),
    Column("appointed", "TMT CPNS", "Appointed", ("TMT Pengangkatan", "Tanggal Pengangkatan", "TMT ASN",
                                                  "Appointed On")),
    Column("joined", "TMT Masuk", "Joined", ("TMT", "Tanggal Masuk", "TMT Mutasi", "Joined On")),
    Column("left", "Tanggal Keluar", "Left", ("TMT Keluar", "Left On", "Tanggal Berhenti")),
    # The day a changed status, unit, supervisor, rank or position on the row holds from.
    Column("effective_from", "Berlaku Mulai", "Effective From", ("TMT Jabatan", "Tanggal Berlaku", "Berlaku Sejak")),
    # A PPPK work agreement on the row (perjanjian kerja).
    Column("contract_start", "Tanggal Mulai Kontrak", "Contract Start", ("TMT PPPK", "Mulai Kontrak",
                                                                           "Awal Kontrak")),
    Column("contract_end", "Tanggal Akhir Kontrak", "Contract End", ("Akhir Kontrak", "Selesai Kontrak")),
    Column("contract_ref", "Nomor Perjanjian Kerja", "Contract Ref", ("Nomor Kontrak", "No Perjanjian Kerja")),
    # The unit by its code: what a new unit is coded (its name from the unit column), or which unit of the ledger.
    Column("unit_code", "Kode Unit", "Unit Code", ("Kode Unit Kerja", "Kode Satker", "Kode Satuan Kerja")),
    # The unit above the person's unit: a new unit is added under it (Sistem 20JP's eselon 2 above eselon 3).
    Column("parent_unit", "Unit Induk", "Parent Unit", ("Kode Unit Induk", "Parent Unit Code")),
    Column("leave_reason", "Alasan Keluar", "Leave Reason", ("Alasan Berhenti", "Reason for Leaving")),
)

ACTIVITY_COLUMNS = (
    Column("nip", "NIP", "NIP", ("NIP Baru", "NIP Peserta", "NIP Pegawai")),
    Column("name", "Nama", "Name", ("Nama Lengkap", "Nama Peserta", "Nama Pegawai")),
    Column("kind", "Jenis Kegiatan", "Kind", ("Jenis Pengembangan", "Kode Jenis Pengembangan", "Jenis Diklat",
                                              "Kode Jenis", "Jenis", "Kode")),
    Column("title", "Nama Kegiatan", "Title", ("Nama Kursus", "Nama Diklat", "Nama Pelatihan", "Judul", "Topik",
                                               "Topic")),
    Column("organizer", "Penyelenggara", "Organizer", ("Host", "Institusi Penyelenggara", "Tempat Magang",
                                                       "Instansi Penyelenggara", "Penyelenggara Kegiatan")),
    Column("start", "Tanggal Mulai", "Start", ("Tgl Mulai", "Mulai", "Start Date", "Tanggal")),
    Column("end", "Tanggal Selesai", "End", ("Tgl Selesai", "Selesai", "End Date")),
    Column("jp", "JP", "JP", ("Jumlah JP", "Total Jam Pelajaran", "Jumlah Jam", "Jam Pelajaran")),
    Column("sessions", "Jumlah Sesi", "Sessions", ("Sesi",)),
    Column("minutes", "Menit", "Minutes", ("Durasi Menit", "Durasi (Menit)", "Jumlah Menit")),
    Column("days", "Hari", "Days", ("Jumlah Hari", "Lama Hari")),
    Column("semesters", "Semester", "Semesters", ("Jumlah Semester",)),
    Column("coach", "Pembimbing", "Coach", ("Coach", "Mentor", "Coach/Mentor", "NIP Pembimbing")),
    Column("ref", "Nomor Sertifikat", "Ref", ("No Sertifikat", "Nomor STTPP", "No STTPP", "Reference",
                                             "Certificate")),
    Column("international", "Lingkup (Nasional/Internasional)", "International",
           ("Lingkup", "Internasional", "Scope")),
    Column("note", "Keterangan", "Note", ("Catatan", "Notes")),
    Column("mandiri", "Mandiri", "Mandiri", ("Pengembangan Mandiri", "Self-initiated", "Self Initiated")),
    Column("goal", "Tujuan", "Goal", ("Tujuan Coaching", "Sasaran")),
    Column("actions", "Rencana Aksi", "Actions", ("Tindak Lanjut", "Agreed Actions", "Aksi")),
    Column("follow_up", "Tanggal Tindak Lanjut", "Follow-up", ("Follow Up", "Tgl Tindak Lanjut")),
    Column("evidence", "Bukti", "Evidence", ("Bukti Dukung", "File Bukti", "Berkas Bukti")),
)

# Written by export beside the activity's own columns. Import reads them only from a workbook that marks itself as
# a jpledger export (`EXPORT_MARK`): there the credited JP are taken as given, with the rate and monthly cap they
# were credited under and the entry's verification. Elsewhere the credit is the ledger's to compute, so a roster's
# columns of these names are listed as not imported.
CREDITED = Column("credited", "JP Diakui", "Credited JP")
# Written by export beside the kind's code, so a printed sheet names the kind; import reads the code.
KIND_LABEL = Column("kind_label", "Nama Jenis Kegiatan", "Kind Name")
WITHHELD = Column("withheld", "JP Ditahan", "Withheld JP")
COUNTED = Column("counted", "JP Dihitung", "Counted JP")
EXPORT_ACTIVITY_COLUMNS = (
    KIND_LABEL, CREDITED, WITHHELD, COUNTED,
    Column("rate", "JP per Satuan", "JP per Unit"),
    Column("month_cap", "Batas Satuan per Bulan", "Units per Month at Most"),
    Column("verification", "Verifikasi", "Verification"),
    Column("verified_by", "Diverifikasi Oleh", "Verified By"),
    Column("verified_at", "Waktu Verifikasi", "Verified At"),
    Column("verify_note", "Catatan Verifikasi", "Verification Note"),
    Column("reject_reason", "Alasan Penolakan", "Reason Rejected"),
)
# Computed by the ledger from the rest: known, never read.
COMPUTED = ("withheld", "counted", "kind_label")

# The other tables of an export, read from any workbook: a person's values over time, PPPK work agreements (several
# per person), and the units as a tree.
HISTORY_COLUMNS = (
    Column("nip", "NIP", "NIP", ("NIP Baru", "NIP Pegawai")),
    Column("name", "Nama", "Name", ("Nama Lengkap", "Nama Pegawai")),
    Column("field", "Data", "Field", ("Kolom", "Jenis Data")),
    Column("value", "Nilai", "Value", ("Isi",)),
    Column("valid_from", "Berlaku Mulai", "Valid From", ("TMT", "Berlaku Sejak", "Effective From")),
)
CONTRACT_COLUMNS = (
    Column("nip", "NIP", "NIP", ("NIP Baru", "NIP Pegawai", "NI PPPK")),
    Column("contract_start", "Tanggal Mulai Kontrak", "Contract Start", ("TMT PPPK", "Mulai Kontrak",
                                                                           "Awal Kontrak")),
    Column("contract_end", "Tanggal Akhir Kontrak", "Contract End", ("Akhir Kontrak", "Selesai Kontrak")),
    Column("contract_ref", "Nomor Perjanjian Kerja", "Contract Ref", ("Nomor Kontrak", "No Perjanjian Kerja")),
)
UNIT_COLUMNS = (
    Column("code", "Kode Unit", "Unit Code", ("Kode Unit Kerja", "Kode Satker")),
    Column("name", "Nama Unit", "Unit Name", ("Nama Unit Kerja", "Nama Satker")),
    Column("parent", "Kode Unit Induk", "Parent Unit Code", ("Unit Induk", "Parent Unit")),
)

# The sheet by which a workbook says it is a jpledger export: `EXPORT_MARK` in A1, then key | value rows.
EXPORT_SHEET = "jpledger"
EXPORT_MARK = "jpledger export"
EXPORT_FORMAT = 1

_NOISE = re.compile(r"[\s._/\\()\-:]+")


def header_key(text: object) -> str:
    """How headers are compared: case, spaces, dots, slashes, dashes and brackets do not matter."""
    return _NOISE.sub("", str(text or "")).lower()


def alias_map(columns: tuple[Column, ...]) -> dict[str, str]:
    """header_key -> field, over every heading and alias of `columns`."""
    out: dict[str, str] = {}
    for col in columns:
        for text in (col.field, col.id, col.en, *col.aliases):
            out.setdefault(header_key(text), col.field)
    return out


STAFF_ALIASES = alias_map(STAFF_COLUMNS)
ACTIVITY_ALIASES = alias_map(ACTIVITY_COLUMNS)
EXPORT_ACTIVITY_ALIASES = alias_map(EXPORT_ACTIVITY_COLUMNS)
HISTORY_ALIASES = alias_map(HISTORY_COLUMNS)
CONTRACT_ALIASES = alias_map(CONTRACT_COLUMNS)
UNIT_ALIASES = alias_map(UNIT_COLUMNS)
# A first column that only numbers the rows: known, never read, never listed as a column left out.
ROW_NUMBER_KEYS = frozenset({"no", "nourut", "nomorurut", "#"})
