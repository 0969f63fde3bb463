"""Page setup for every workbook jpledger writes: A4 landscape, one page wide, the column header repeated on each
page, and the report's stamp (year, as of, policy, when made) in the printed page header."""

from __future__ import annotations

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


def print_ready(sheet, stamp: Stamp | None, lang: str, *, repeat_row: int | None = 0, gridlines: bool = True) -> None:
    """Set a worksheet up for printing: A4 landscape, fitted to one page wide (as many pages tall as it takes), the
    row `repeat_row` (its column header) repeated at the top of every page, the stamp in the page header and the page
    number in the footer. Callable on any sheet, before the workbook is closed."""
    text = TEXT["en" if lang == "en" else "id"]
    sheet.set_paper(A4)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.8, bottom=0.6)
    sheet.set_header(page_header(stamp, lang), {"margin": 0.3})
    sheet.set_footer(f"&C&9{text['page']}", {"margin": 0.3})
    if repeat_row is not None:
        sheet.repeat_rows(repeat_row)
    # Printed cell borders keep a wide row readable across the page; sheets that are not tables do without.
    sheet.hide_gridlines(0 if gridlines else 1)
