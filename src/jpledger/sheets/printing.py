"""Page setup for every workbook jpledger writes: A4 landscape, one page wide, the column header repeated on each
page, and the report's stamp (year, as of, policy, when made) in the printed page header."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime

A4 = 9  # Excel's paper code
# Excel refuses a page header longer than 255 characters, codes included; a long policy name is shortened to fit.
MAX_POLICY = 70

TEXT = {
    "id": {"year": "Tahun {year}", "as_of": "data per {day}", "running": "tahun berjalan, belum final",
           "policy": "Kebijakan: {policy}", "made": "Dibuat {time}", "page": "Halaman &P dari &N"},
    "en": {"year": "Year {year}", "as_of": "as of {day}", "running": "year still running, not final",
           "policy": "Policy: {policy}", "made": "Made {time}", "page": "Page &P of &N"},
}


@dataclass(frozen=True)
class Stamp:
    """What a printed report says of itself: the year it counts, the day it counts to, the policy, when it was made."""

    year: int | None
    as_of: date | None
    policy: str | None
    made: datetime

    @property
    def running(self) -> bool:
        """A mid-year report must not pass for the year's final figures."""
        return self.year is not None and self.as_of is not None and self.as_of < date(self.year, 12, 31)

    def parts(self, lang: str, *, short: bool = False) -> list[str]:
        """The stamp as phrases in the workbook's language; `short` shortens a long policy name (page headers)."""
        text = TEXT["en" if lang == "en" else "id"]
        parts = []
        if self.year is not None:
            parts.append(text["year"].format(year=self.year))
        if self.as_of is not None:
            said = text["as_of"].format(day=self.as_of.strftime("%d/%m/%Y"))
            parts.append(f"{said} ({text['running']})" if self.running else said)
        if self.policy:
            policy = self.policy
            if short and len(policy) > MAX_POLICY:
                policy = policy[:MAX_POLICY - 1] + "…"
            parts.append(text["policy"].format(policy=policy))
        parts.append(text["made"].format(time=self.made.strftime("%d/%m/%Y %H:%M")))
        return parts


def made_now() -> datetime:
    return datetime.now().replace(second=0, microsecond=0)


def _escaped(text: str) -> str:
    # `&` starts a code in Excel's header language (&P page, &A sheet): a literal one is written twice.
    return text.replace("&", "&&")


def page_header(stamp: Stamp | None, lang: str) -> str:
    """The printed page header: the sheet's name on the left, the stamp in the middle and when it was made."""
    if stamp is None:
        return "&L&9&A"
    *about, made = stamp.parts(lang, short=True)
    return f"&L&9&A&C&9{_escaped(' · '.join(about))}&R&9{_escaped(made)}"


# How many characters of column width one landscape A4 page holds before the print shrinks past easy reading (at
# 100% about 145 fit between the margins; down to about 70% still reads well).
PAGE_CHARACTERS = 200
# A table wider than a page repeats its first two columns (NIP and name, or a unit's code and name) on every page.
KEY_COLUMNS = 2


def pages_wide(widths: list[float]) -> int:
    """How many pages across a table of these column widths (characters) prints on, its key columns repeated on
    each page after the first."""
    total = sum(widths)
    if total <= PAGE_CHARACTERS:
        return 1
    key = sum(widths[:KEY_COLUMNS])
    return 1 + math.ceil((total - PAGE_CHARACTERS) / max(PAGE_CHARACTERS - key, 1))


def _column_widths(sheet) -> list[float]:
    """The sheet's column widths in characters, as set so far (the writer keeps them in pixels: 7 a character, 5 of
    padding)."""
    info = getattr(sheet, "col_info", {})
    last = max(info, default=-1)
    pixels = [getattr(info.get(col), "width", None) for col in range(last + 1)]
    return [(p - 5) / 7 if p else DEFAULT_WIDTH for p in pixels]


DEFAULT_WIDTH = 8.43  # a spreadsheet's column width when none is set


def print_ready(sheet, stamp: Stamp | None, lang: str, *, repeat_row: int | None = 0, gridlines: bool = True) -> None:
    """Set a worksheet up for printing: A4 landscape, the row `repeat_row` (its column header) repeated at the top of
    every page, the stamp in the page header and the page number in the footer. A table that fits is one page wide;
    a wider one (the activities sheet has over thirty columns) prints across as many pages as keep it readable,
    left to right before going down, its first two columns repeated on each. Callable on any sheet, before the
    workbook is closed."""
    text = TEXT["en" if lang == "en" else "id"]
    sheet.set_paper(A4)
    sheet.set_landscape()
    across = pages_wide(_column_widths(sheet)) if repeat_row is not None else 1
    sheet.fit_to_pages(across, 0)
    if across > 1:
        sheet.repeat_columns(0, KEY_COLUMNS - 1)
        sheet.print_across()
    sheet.set_margins(left=0.4, right=0.4, top=0.8, bottom=0.6)
    sheet.set_header(page_header(stamp, lang), {"margin": 0.3})
    sheet.set_footer(f"&C&9{text['page']}", {"margin": 0.3})
    if repeat_row is not None:
        sheet.repeat_rows(repeat_row)
    # Printed cell borders keep a wide row readable across the page; sheets that are not tables do without.
    sheet.hide_gridlines(0 if gridlines else 1)
