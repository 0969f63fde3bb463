"""The reminder workbooks `remind --out` writes, one per supervisor or unit: the group's people, what they have,
what they still need and at what pace, and the coaching and mentoring each had this year."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from jpledger.sheets.printing import Stamp, print_ready
from jpledger.sheets.writer import (
    MAX_WIDTH,
    Formats,
    atomic_workbook,
    excel_day,
    header_formats,
    heading_lines,
    heading_width,
)

TEXT = {
    "id": {
        "people": "Pengingat JP", "sessions": "Coaching dan Mentoring",
        "title": "Pengingat pengembangan kompetensi (JP) {year}", "supervisor": "Atasan langsung: {group}",
        "unit": "Unit kerja: {group}", "no_supervisor": "tanpa atasan", "no_unit": "tanpa unit kerja",
        "people_heads": ("NIP", "Nama", "Unit Kerja", "Status", "JP Saat Ini", "JP Minimal", "JP Maksimal",
                         "Kekurangan JP", "Sisa Bulan", "JP per Bulan", "Keadaan", "Coaching/Mentoring (Sesi)"),
        "session_heads": ("NIP", "Nama", "Tanggal", "Jenis", "Coach/Mentor", "Sesi", "Menit", "Topik", "Tujuan",
                          "Rencana Aksi", "Tanggal Tindak Lanjut", "JP Diakui"),
        "states": {"met": "Memenuhi", "short": "Kurang", "over": "Melebihi", "ok": "Sesuai"},
        "near": "mendekati batas maksimal", "kinds": {"coaching": "Coaching", "mentoring": "Mentoring"},
        "none": "Belum ada coaching atau mentoring tahun ini.",
    },
    "en": {
        "people": "JP reminder", "sessions": "Coaching and mentoring",
        "title": "Competency development (JP) reminder {year}", "supervisor": "Supervisor: {group}",
        "unit": "Unit: {group}", "no_supervisor": "no supervisor", "no_unit": "no unit",
        "people_heads": ("NIP", "Name", "Unit", "Status", "JP so far", "Min JP", "Max JP", "JP needed",
                         "Months left", "JP per month", "State", "Coaching/mentoring (sessions)"),
        "session_heads": ("NIP", "Name", "Date", "Kind", "Coach/mentor", "Sessions", "Minutes", "Topic", "Goal",
                          "Agreed actions", "Follow-up date", "Credited JP"),
        "states": {"met": "met", "short": "short", "over": "over", "ok": "ok"},
        "near": "near the maximum", "kinds": {"coaching": "Coaching", "mentoring": "Mentoring"},
        "none": "No coaching or mentoring this year yet.",
    },
}
SHORT_FILL = "#F8CBAD"
OVER_FILL = "#FFE699"

# What Windows refuses in a file name (and control characters), and the names it reserves for devices.
_UNSAFE = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]+')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_NAME = 100


def text_of(lang: str) -> dict:
    return TEXT["en" if lang == "en" else "id"]


def no_group(by: str, lang: str) -> str:
    return text_of(lang)["no_supervisor" if by == "supervisor" else "no_unit"]


def file_names(titles: list[str]) -> list[str]:
    """An .xlsx file name for each title: safe on Windows (no / \\ : * ? " < > |, no device names, no trailing dot or
    space), trimmed, at most MAX_NAME characters, and unique even where the file system ignores case."""
    taken: set[str] = set()
    out = []
    for title in titles:
        name = " ".join(_UNSAFE.sub("-", title).split())[:MAX_NAME].strip(" .-") or "-"
        if name.split(".")[0].upper() in _RESERVED:
            name = "_" + name
        unique, n = name, 2
        while unique.casefold() in taken:
            unique, n = f"{name} ({n})", n + 1
        taken.add(unique.casefold())
        out.append(unique + ".xlsx")
    return out


def write_group(path: Path, group, by: str, named: str, stamp: Stamp, lang: str) -> None:
    """One group's reminder workbook (an app.remind.Group, `named` as its file is), written atomically."""
    text = text_of(lang)
    with atomic_workbook(path, constant_memory=False) as workbook:
        title = text["title"].format(year=stamp.year)
        workbook.set_properties({"title": title, "comments": "jpledger remind"})
        about = text[by].format(group=named)
        _people_sheet(workbook, text, group, title, about, stamp, lang)
        _sessions_sheet(workbook, text, group, about)
        for sheet in workbook.worksheets():
            print_ready(sheet, stamp, lang, repeat_row=_HEAD_ROW, gridlines=False)


# The sheets open with the group and the stamp above the table; the table's header row repeats on printed pages.
_HEAD_ROW = 3


def _top(workbook, sheet, heading: str, about: str) -> None:
    sheet.write_string(0, 0, heading, workbook.add_format({"bold": True, "font_size": 14}))
    sheet.set_row(0, 22)
    sheet.write_string(1, 0, about, workbook.add_format({"bold": True}))


def _headings(sheet, headings, numbers: set[int], widths: list[int], head, head_number) -> None:
    sheet.set_row(_HEAD_ROW, 15 * max(heading_lines(h, w) for h, w in zip(headings, widths)))
    for col, heading in enumerate(headings):
        sheet.write_string(_HEAD_ROW, col, heading, head_number if col in numbers else head)
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.freeze_panes(_HEAD_ROW + 1, 0)


def _people_sheet(workbook, text, group, title: str, about: str, stamp: Stamp, lang: str) -> None:
    sheet = workbook.add_worksheet(text["people"])
    _top(workbook, sheet, title, about)
    sheet.write_string(2, 0, " · ".join(stamp.parts(lang)[1:]))
    headings = list(text["people_heads"])
    plain, looks = Formats(workbook), {"short": Formats(workbook, SHORT_FILL), "over": Formats(workbook, OVER_FILL)}
    rows = []
    for r in group.people:
        p = r.person
        state = text["states"][p.state]
        if p.state not in ("short", "over"):
            state = f"{state} ({text['near']})"
        rows.append((p, r, state, sum(s["sessions"] or 0 for s in r.sessions)))
    widths = [max(heading_width(h), 8) for h in headings]
    widths[0] = max(widths[0], 19)
    for p, _, state, _ in rows:
        widths[1] = max(widths[1], len(p.name) + 1)
        widths[2] = max(widths[2], len(p.unit or "") + 1)
        widths[10] = max(widths[10], len(state) + 1)
    widths = [min(w, MAX_WIDTH) for w in widths]
    head, head_number = header_formats(workbook)
    numbers = {4, 5, 6, 7, 8, 9, 11}
    _headings(sheet, headings, numbers, widths, head, head_number)
    for row, (p, r, state, sessions) in enumerate(rows, start=_HEAD_ROW + 1):
        f = looks.get(p.state, plain)
        for col, value in enumerate((p.nip, p.name, p.unit or "", p.status)):
            sheet.write_string(row, col, value, f.text)
        sheet.write_number(row, 4, float(p.jp), f.jp)
        for col, limit in ((5, p.min_jp), (6, p.max_jp)):
            if limit is not None:
                sheet.write_number(row, col, float(limit), f.jp)
            else:
                sheet.write_blank(row, col, None, f.plain)
        sheet.write_number(row, 7, float(p.needed), f.jp)
        sheet.write_number(row, 8, r.months_left, f.int)
        sheet.write_number(row, 9, float(r.jp_per_month), f.jp)
        sheet.write_string(row, 10, state, f.text)
        sheet.write_number(row, 11, sessions, f.int)
    sheet.autofilter(_HEAD_ROW, 0, _HEAD_ROW + len(rows), len(headings) - 1)
    sheet.activate()


def _sessions_sheet(workbook, text, group, about: str) -> None:
    sheet = workbook.add_worksheet(text["sessions"])
    _top(workbook, sheet, text["sessions"], about)
    headings = list(text["session_heads"])
    f = Formats(workbook)
    wrap = workbook.add_format({"text_wrap": True, "valign": "top", "num_format": "@"})
    names = {r.person.nip: r.person.name for r in group.people}
    rows = [s for r in group.people for s in r.sessions]
    widths = [max(heading_width(h), 8) for h in headings]
    widths[0], widths[2] = max(widths[0], 19), max(widths[2], 11)
    for s in rows:
        widths[1] = max(widths[1], len(names[s["nip"]]) + 1)
        widths[4] = max(widths[4], len(s["coach_nip"] or s["coach"] or "") + 1)
    for col in (7, 8, 9):  # free text wraps in a column of a fixed width
        widths[col] = 30
    widths = [min(w, MAX_WIDTH) for w in widths]
    head, head_number = header_formats(workbook)
    _headings(sheet, headings, {5, 6, 11}, widths, head, head_number)
    if not rows:
        sheet.write_string(_HEAD_ROW + 1, 0, text["none"])
        return
    for row, s in enumerate(rows, start=_HEAD_ROW + 1):
        sheet.write_string(row, 0, s["nip"], f.text)
        sheet.write_string(row, 1, names[s["nip"]], f.text)
        sheet.write_number(row, 2, excel_day(s["start"]), f.date)
        sheet.write_string(row, 3, text["kinds"].get(s["kind"], s["kind"]), f.text)
        who = s["coach_nip"] or s["coach"]
        if who:
            sheet.write_string(row, 4, who, f.text)
        if s["sessions"] is not None:
            sheet.write_number(row, 5, s["sessions"], f.int)
        if s["minutes"] is not None:
            sheet.write_number(row, 6, s["minutes"], f.int)
        for col, key in ((7, "title"), (8, "goal"), (9, "actions")):
            if s[key]:
                sheet.write_string(row, col, s[key], wrap)
        if s["follow_up"] is not None:
            sheet.write_number(row, 10, excel_day(s["follow_up"]), f.date)
        sheet.write_number(row, 11, float(Decimal(s["jp_cents"]) / 100), f.jp)
    sheet.autofilter(_HEAD_ROW, 0, _HEAD_ROW + len(rows), len(headings) - 1)
