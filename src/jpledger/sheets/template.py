"""The roster template: empty staff and activity sheets with drop-down lists and checks, and how to fill them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jpledger.sheets.columns import ACTIVITY_COLUMNS, STAFF_COLUMNS
from jpledger.sheets.printing import print_ready
from jpledger.sheets.writer import MAX_DATA_ROWS, atomic_workbook, header_format, sheet_text, write_header

STATUSES = ("PNS", "CPNS", "PPPK")
LAST_ROW = MAX_DATA_ROWS  # checks cover every row a sheet can hold
# The guide's one column, in characters, and how many characters of running text a line of it holds: fewer than
# its width, since a line breaks at a space and a wide letter takes more room than the digit a width counts.
GUIDE_WIDTH = 110
GUIDE_LINE = 105

TEXT = {
    "id": {
        "guide": "Petunjuk", "lists": "Daftar Pilihan",
        "list_heads": ("Pilihan Jenis Kegiatan", "", "Kode Jenis Kegiatan", "Nama Jenis Kegiatan", "Bentuk",
                       "Diisi Dengan Kolom"),
        "takes": {"jp": "JP (atau Menit)", "minute": "Menit", "day": "Hari (atau tanggal mulai-selesai)",
                  "session": "Jumlah Sesi", "semester": "Semester", "occurrence": "cukup tanggal mulai-selesai"},
        "nip_title": "NIP", "nip_msg": "18 digit, sebagai teks, mis. 198503142010012003",
        "date_title": "Tanggal", "date_msg": "Tulis tanggal sebagai hari/bulan/tahun, mis. 14/03/2026",
        "list_title": "Pilih dari daftar", "list_msg": "Pilih salah satu isi daftar (lembar Daftar Pilihan)",
        "number_msg": "Isi dengan angka lebih dari 0",
        "whole_msg": "Isi dengan bilangan bulat lebih dari 0",
    },
    "en": {
        "guide": "Instructions", "lists": "Lists",
        "list_heads": ("Kind choices", "", "Kind code", "Kind name", "Form", "Fill in column"),
        "takes": {"jp": "JP (or Minutes)", "minute": "Minutes", "day": "Days (or the start-end dates)",
                  "session": "Sessions", "semester": "Semesters", "occurrence": "only the start-end dates"},
        "nip_title": "NIP", "nip_msg": "18 digits, as text, e.g. 198503142010012003",
        "date_title": "Date", "date_msg": "Write the date day/month/year, e.g. 14/03/2026",
        "list_title": "Choose from the list", "list_msg": "Choose one of the list (Lists sheet)",
        "number_msg": "A number above 0",
        "whole_msg": "A whole number above 0",
    },
}


def guide_lines(policy, lang: str) -> list[str]:
    """The instructions, one paragraph a line; the kinds named under each quantity come from the policy."""
    by_unit: dict[str, list[str]] = {}
    for rule in policy.kinds.values():
        by_unit.setdefault(rule.unit, []).append(f"{rule.label} ({rule.code})")
    minutes = f"{policy.minutes_per_jp:g}"

    def kinds(*units: str) -> str:
        names = [name for unit in units for name in by_unit.get(unit, [])]
        return ", ".join(names) if names else "-"

    heading = {c.field: c.heading(lang) for c in (*STAFF_COLUMNS, *ACTIVITY_COLUMNS)}
    sheets = sheet_text(lang)
    staff, activities = sheets["staff"], sheets["activities"]
    if lang == "en":
        return [
            "How to fill in this roster",
            f"1. Sheet {staff}: one row per person. Sheet {activities}: one row per person per activity "
            "(a class of 30 is 30 rows). Do not change the heading row.",
            f"2. {heading['nip']}: 18 digits as text, e.g. 198503142010012003 (spaces are fine). The NIP columns are "
            "formatted as Text; when pasting from another file use Paste Values. A NIP stored as a number "
            "(shown as 1.98503E+17) is rejected: Excel has already dropped its last digits.",
            "3. Dates: day/month/year, e.g. 14/03/2026.",
            f"4. {heading['status']}: PNS, CPNS or PPPK. {heading['rank']}: III/a to IV/e for PNS, I to XVII for "
            "PPPK (choose from the list).",
            f"5. {heading['kind']}: choose the name or the code from the list, e.g. Pelatihan Teknis or B3 "
            "(all kinds are on the Lists sheet).",
            "6. Fill in the quantity the way the kind is counted:",
            f"   - {heading['jp']}: the JP on the certificate, or {heading['minutes']} ({minutes} minutes make one "
            f"JP) for {kinds('jp', 'minute')}.",
            f"   - {heading['sessions']}: for {kinds('session')}; {heading['coach']} is the coach's or mentor's "
            f"NIP if they are on the roster, else their name; {heading['minutes']} may record the session length.",
            f"   - {heading['days']}: for {kinds('day')}; left empty, the days from start to end are counted.",
            f"   - {heading['semesters']}: for {kinds('semester')}.",
            f"   - Only the start and end dates: {kinds('occurrence')} (credited once per activity).",
            f"7. {heading['international']}: National or International (empty means National).",
            "8. Save as .xlsx and import: jpledger import FILE.xlsx (try --dry-run first). If any row is wrong "
            "nothing is saved, and every problem is listed with its cell, e.g. Activities!F14.",
        ]
    return [
        "Petunjuk pengisian roster",
        f"1. Lembar {staff}: satu baris per pegawai. Lembar {activities}: satu baris per peserta per kegiatan "
        "(satu kelas berisi 30 orang ditulis 30 baris). Jangan mengubah baris judul kolom.",
        f"2. {heading['nip']}: 18 digit sebagai teks, mis. 198503142010012003 (boleh dengan spasi). Kolom NIP "
        "sudah berformat Teks; bila menempel dari berkas lain gunakan Tempel Nilai (Paste Values). NIP yang "
        "tersimpan sebagai angka (tampil 1,98503E+17) ditolak karena Excel sudah menghapus digit terakhirnya.",
        "3. Tanggal ditulis hari/bulan/tahun, mis. 14/03/2026.",
        f"4. {heading['status']}: PNS, CPNS atau PPPK. {heading['rank']}: III/a sampai IV/e untuk PNS, I sampai "
        "XVII untuk PPPK (pilih dari daftar).",
        f"5. {heading['kind']}: pilih nama atau kode dari daftar, mis. Pelatihan Teknis atau B3 (semua jenis ada "
        "di lembar Daftar Pilihan).",
        "6. Isi jumlahnya sesuai cara jenis itu dihitung:",
        f"   - {heading['jp']}: JP sesuai sertifikat, atau {heading['minutes']} ({minutes} menit = 1 JP) untuk "
        f"{kinds('jp', 'minute')}.",
        f"   - {heading['sessions']}: untuk {kinds('session')}; {heading['coach']} diisi NIP coach atau mentor bila "
        f"ada di roster, atau namanya; {heading['minutes']} boleh diisi lama sesi sebagai catatan.",
        f"   - {heading['days']}: untuk {kinds('day')}; bila kosong dihitung dari tanggal mulai sampai selesai.",
        f"   - {heading['semesters']}: untuk {kinds('semester')}.",
        f"   - Cukup tanggal mulai dan selesai: {kinds('occurrence')} (dihitung sekali per kegiatan).",
        f"7. {heading['international']}: Nasional atau Internasional (kosong berarti Nasional).",
        "8. Simpan sebagai .xlsx lalu impor: jpledger import NAMA-BERKAS.xlsx (coba dulu dengan --dry-run). "
        "Bila ada baris yang salah, tidak ada yang disimpan, dan setiap kesalahan disebut dengan selnya, "
        "mis. Kegiatan!F14.",
    ]


def write_template(path: Path, policy, lang: str) -> None:
    """Write the roster template to `path` (atomically)."""
    from jpledger.core.golongan import all_golongan

    text = TEXT["en" if lang == "en" else "id"]
    sheets = sheet_text(lang)
    with atomic_workbook(path, constant_memory=False) as workbook:
        workbook.set_properties({"title": text["guide"], "comments": "jpledger roster template"})
        head = header_format(workbook)
        formats = {"text": workbook.add_format({"num_format": "@"}),
                   "date": workbook.add_format({"num_format": "dd/mm/yyyy"}),
                   "jp": workbook.add_format({"num_format": "0.00"})}

        guide = workbook.add_worksheet(text["guide"])
        staff = workbook.add_worksheet(sheets["staff"])
        activities = workbook.add_worksheet(sheets["activities"])
        lists = workbook.add_worksheet(text["lists"])

        # Kinds may be chosen by label or by code, as the importer reads both.
        rules = list(policy.kinds.values())
        choices = [r.label for r in rules] + [r.code for r in rules]
        _write_lists(lists, text, rules, choices, head, formats["text"])
        kind_source = f"='{text['lists']}'!$A$2:$A${len(choices) + 1}"
        golongan = all_golongan()
        checks = {
            "status": {"validate": "list", "source": list(STATUSES)},
            "rank": {"validate": "list", "source": golongan},
            "kind": {"validate": "list", "source": kind_source},
            "international": {"validate": "list", "source": [sheets["national"], sheets["international"]]},
            "mandiri": {"validate": "list", "source": ["Ya", "Tidak"] if lang != "en" else ["Yes", "No"]},
        }
        _write_roster(staff, STAFF_COLUMNS, lang, head, formats, checks, text)
        _write_roster(activities, ACTIVITY_COLUMNS, lang, head, formats, checks, text)

        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        title = workbook.add_format({"bold": True, "font_size": 14})
        guide.set_column(0, 0, GUIDE_WIDTH)
        for row, line in enumerate(guide_lines(policy, lang)):
            guide.write_string(row, 0, line, title if row == 0 else wrap)
            # Excel and LibreOffice keep a row's stored height: a wrapped paragraph in a row one line tall prints
            # over the paragraphs below it.
            guide.set_row(row, 22 if row == 0 else 15 * -(-len(line) // GUIDE_LINE))
        guide.activate()
        for sheet in (staff, activities, lists):
            print_ready(sheet, None, lang)
        print_ready(guide, None, lang, repeat_row=None, gridlines=False)


_TEXT_FIELDS = {"nip", "supervisor", "coach", "ref", "name", "title", "organizer", "note", "unit", "position",
                "agency", "contract_ref", "goal", "actions", "evidence", "unit_code", "parent_unit", "leave_reason"}
_DATE_FIELDS = {"appointed", "joined", "left", "effective_from", "contract_start", "contract_end", "start", "end",
                "follow_up"}
_WHOLE_FIELDS = {"sessions", "minutes", "days", "semesters"}


def _write_roster(sheet, columns, lang: str, head, formats: dict, checks: dict, text: dict) -> None:
    """One empty roster sheet: headings, column formats (NIP as text, dates as dates) and a check per column."""
    headings = [c.heading(lang) for c in columns]
    write_header(sheet, headings, head)
    sheet.freeze_panes(1, 0)
    for col, column in enumerate(columns):
        name = column.field
        width = max(len(headings[col]) + 3, 14)
        fmt = None
        check = None
        if name in ("nip", "supervisor"):
            width, fmt = 22, formats["text"]
            # A prompt, not a rule: NIPs written with spaces (19850314 201001 2 003) are fine too.
            check = {"validate": "any", "input_title": text["nip_title"], "input_message": text["nip_msg"]}
        elif name in _TEXT_FIELDS:
            fmt = formats["text"]
            width = max(width, 28 if name in ("name", "title", "organizer", "unit", "position") else width)
        elif name in _DATE_FIELDS:
            fmt = formats["date"]
            check = {"validate": "date", "criteria": "between", "minimum": date(1900, 1, 1),
                     "maximum": date(2999, 12, 31), "input_title": text["date_title"],
                     "input_message": text["date_msg"], "error_title": text["date_title"],
                     "error_message": text["date_msg"]}
        elif name == "jp":
            fmt = formats["jp"]
            check = {"validate": "decimal", "criteria": ">", "value": 0, "error_message": text["number_msg"]}
        elif name in _WHOLE_FIELDS:
            check = {"validate": "integer", "criteria": ">", "value": 0, "error_message": text["whole_msg"]}
        elif name in checks:
            check = dict(checks[name], error_title=text["list_title"], error_message=text["list_msg"])
            fmt = formats["text"]
        sheet.set_column(col, col, width, fmt)
        if check:
            sheet.data_validation(1, col, LAST_ROW, col, check)
    sheet.autofilter(0, 0, 0, len(columns) - 1)


def _write_lists(sheet, text: dict, rules, choices: list[str], head, text_fmt) -> None:
    """The drop-down source for kinds (labels, then codes) and a table saying how each kind is filled in."""
    for col, heading in enumerate(text["list_heads"]):
        if heading:
            sheet.write_string(0, col, heading, head)
    for row, choice in enumerate(choices, start=1):
        sheet.write_string(row, 0, choice, text_fmt)
    for row, rule in enumerate(rules, start=1):
        for col, value in enumerate((rule.code, rule.label, rule.form, text["takes"][rule.unit]), start=2):
            sheet.write_string(row, col, value, text_fmt)
    sheet.set_column(0, 0, max(len(c) for c in choices) + 2)
    sheet.set_column(1, 1, 3)
    sheet.set_column(2, 2, len(text["list_heads"][2]) + 2)
    sheet.set_column(3, 3, max(len(r.label) for r in rules) + 2)
    sheet.set_column(4, 5, 30)
    sheet.freeze_panes(1, 0)
