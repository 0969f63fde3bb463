"""The page every PDF report shares: A4, the Arimo font (installed from the package registry, so every machine
prints the same letters, `≥` and Indonesian text included), a running header and footer, tables that repeat their
heading and hold at most 40 rows a page, a bar chart and the signature block."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Sequence

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from jpledger.errors import UsageError
from jpledger.i18n import N_, gettext, number

ROWS_PER_PAGE = 40
MARGIN = 15  # mm
LINE = 5.2  # mm, a table row
FONT = "Arimo"
# Greys and the colours of the states, as the terminal shows them (green, amber, red).
HEAD_FILL = (217, 225, 242)
ZEBRA = (245, 245, 245)
GOOD, WARN, BAD = (84, 160, 84), (230, 170, 40), (205, 70, 60)
# Text in those colours must still read on white paper: darker shades of the same.
WARN_TEXT, BAD_TEXT = (150, 95, 0), (180, 40, 30)

MONTHS = (N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
          N_("August"), N_("September"), N_("October"), N_("November"), N_("December"))


def long_date(day: date) -> str:
    """A date as a signed letter writes it: 22 November 2026, in the interface language."""
    return f"{day.day} {gettext(MONTHS[day.month - 1])} {day.year}"


def font_file(weight: int = 400) -> str:
    """The Arimo font file the fontpkg-arimo package installed (one variable font for every weight)."""
    import fontpkg

    return str(fontpkg.path("Arimo", weight))


@dataclass(frozen=True)
class Col:
    heading: str  # as the reader reads it (already translated)
    width: float  # mm
    align: str = "L"  # L, R or C
    wrap: bool = False  # long text wraps inside the row instead of being shortened


@dataclass(frozen=True)
class Signer:
    name: str
    nip: str | None = None
    position: str | None = None  # from the ledger, when the signer is in it


class Report(FPDF):
    """An A4 page with the report's title and stamp on top of every page and the page number at the bottom."""

    def __init__(self, title: str, stamp: list[str], made: str, orientation: str = "P"):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.title_text, self.stamp, self.made = title, stamp, made
        self.set_margins(MARGIN, MARGIN + 8, MARGIN)
        self.set_auto_page_break(True, MARGIN + 6)
        self.add_font(FONT, "", font_file())
        self.add_font(FONT, "B", font_file(700), variations={"wght": 700})
        self.set_title(title)
        self.set_creator("jpledger")
        self.rows_on_page = 0
        self.repeat: tuple | None = None  # the table heading to draw again on a new page

    # --- every page --------------------------------------------------------------------------------------------

    def header(self) -> None:
        self.rows_on_page = 0
        self.set_y(8)
        self.set_font(FONT, "B", 9)
        self.cell(0, 4.5, self.title_text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_font(FONT, "", 8)
        self.set_text_color(90)
        self.cell(0, 4, " · ".join(self.stamp), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0)
        self.set_draw_color(180)
        self.line(MARGIN, 18, self.w - MARGIN, 18)
        self.set_draw_color(0)
        self.set_y(MARGIN + 8)
        if self.repeat is not None:
            self._heading(*self.repeat)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(90)
        self.cell(0, 4, self.made, align="L")
        self.set_x(MARGIN)
        self.cell(0, 4, gettext("Page {page} of {pages}").format(page=self.page_no(), pages="{nb}"), align="R")
        self.set_text_color(0)

    @property
    def room(self) -> float:
        """Millimetres left above the bottom margin on this page."""
        return self.h - self.b_margin - self.get_y()

    # --- text ----------------------------------------------------------------------------------------------------

    def heading(self, text: str, size: float = 13) -> None:
        if self.room < 30:
            self.add_page()
        self.ln(2)
        self.set_font(FONT, "B", size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)

    def paragraph(self, text: str, size: float = 9.5, bold: bool = False) -> None:
        self.set_font(FONT, "B" if bold else "", size)
        self.multi_cell(0, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def pairs(self, rows: Sequence[tuple[str, str]], label_width: float = 42) -> None:
        """Label and value lines (a person's details)."""
        for label, value in rows:
            self.set_font(FONT, "", 9.5)
            self.set_text_color(80)
            self.cell(label_width, 5.5, label)
            self.set_text_color(0)
            self.set_font(FONT, "B", 9.5)
            self.multi_cell(0, 5.5, value or "-", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def fitted(self, text: str, width: float) -> str:
        """Text shortened with … to fit `width` (mm) in the current font."""
        room = width - 2
        if self.get_string_width(text) <= room:
            return text
        while text and self.get_string_width(text + "…") > room:
            text = text[:-1]
        return text.rstrip() + "…"

    # --- tables --------------------------------------------------------------------------------------------------

    def table(self, columns: Sequence[Col], rows: Sequence[Sequence[str]], *, size: float = 8.5,
              colour=None) -> None:
        """A table whose heading repeats on every page it runs onto, with at most ROWS_PER_PAGE rows a page.

        `colour(index)` may give a row's text colour (the state's).
        """
        self._table_size = size
        if self.room < 3 * LINE:
            self.add_page()
        self._heading(columns, size)
        self.repeat = (columns, size)
        for index, row in enumerate(rows):
            lines = [self._lines(col, text) for col, text in zip(columns, row)]
            height = LINE * max(len(item) for item in lines)
            if self.rows_on_page >= ROWS_PER_PAGE or self.room < height:
                self.add_page()  # the header draws the heading again
            self._row(columns, lines, height, index, colour(index) if colour else None)
            self.rows_on_page += 1
        self.repeat = None
        self.ln(3)

    def _heading(self, columns: Sequence[Col], size: float) -> None:
        self.set_font(FONT, "B", size)
        self.set_fill_color(*HEAD_FILL)
        for col in columns:
            self.cell(col.width, LINE + 1, self.fitted(col.heading, col.width), border="B", align=col.align,
                      fill=True)
        self.ln(LINE + 1)

    def _lines(self, col: Col, text: str) -> list[str]:
        self.set_font(FONT, "", self._table_size)
        if not col.wrap:
            return [self.fitted(text, col.width)]
        return self.multi_cell(col.width, LINE, text, dry_run=True, output="LINES") or [""]

    def _row(self, columns: Sequence[Col], lines: list[list[str]], height: float, index: int, colour) -> None:
        x, y = self.get_x(), self.get_y()
        if index % 2:
            self.set_fill_color(*ZEBRA)
            self.rect(x, y, sum(c.width for c in columns), height, style="F")
        self.set_font(FONT, "", self._table_size)
        if colour:
            self.set_text_color(*colour)
        for col, text in zip(columns, lines):
            for n, line in enumerate(text):
                self.set_xy(x, y + n * LINE)
                self.cell(col.width, LINE, line, align=col.align)
            x += col.width
        self.set_text_color(0)
        self.set_xy(MARGIN, y + height)

    # --- a horizontal bar chart ------------------------------------------------------------------------------------

    def bar_chart(self, title: str, bars: Sequence[tuple[str, float]], *, label_width: float = 60) -> None:
        """Bars from 0 to 100% (a rate between 0 and 1), one per label, with gridlines every 25%; green from 100%,
        amber from 80%, red below. Runs onto the next page, title and scale again, when it does not fit."""
        bar_h, gap = 5.0, 2.0
        width = self.w - 2 * MARGIN - label_width - 14
        start = 0
        while start < len(bars):
            if self.room < 40:
                self.add_page()
            self.set_font(FONT, "B", 10.5)
            self.cell(0, 7, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            fits = max(int((self.room - 12) // (bar_h + gap)), 1)
            part = bars[start:start + fits]
            top = self.get_y() + 5
            left = MARGIN + label_width
            height = len(part) * (bar_h + gap)
            self.set_font(FONT, "", 7.5)
            self.set_draw_color(200)
            for step in range(5):
                gx = left + width * step / 4
                self.line(gx, top - 1, gx, top + height)
                self.set_xy(gx - 8, top - 5)
                self.cell(16, 4, number(step * 25, 0) + "%", align="C")
            self.set_draw_color(0)
            for n, (label, rate) in enumerate(part):
                y = top + n * (bar_h + gap)
                self.set_font(FONT, "", 8.5)
                self.set_xy(MARGIN, y)
                self.cell(label_width - 2, bar_h, self.fitted(label, label_width - 2), align="R")
                self.set_fill_color(*(GOOD if rate >= 1 else WARN if rate >= 0.8 else BAD))
                self.rect(left, y, max(width * min(rate, 1.0), 0.4), bar_h, style="F")
                self.set_xy(left + width * min(rate, 1.0) + 1, y)
                self.cell(14, bar_h, number(rate * 100, 1) + "%")
            self.set_xy(MARGIN, top + height + 4)
            start += len(part)

    # --- the signature ------------------------------------------------------------------------------------------

    def signature(self, signer: Signer, day: date) -> None:
        """The block a report is signed in, on the right: the date, the signer's position, room to sign, name, NIP."""
        if self.room < 52:  # the block stays whole, on this page or the next
            self.add_page()
            # A page holding only a signature would sign nothing: it says which report it closes.
            from jpledger.i18n import gettext

            self.set_font(FONT, "", 10)
            self.multi_cell(0, 5, gettext("This page closes the report above: {title}.").format(
                title=self.title_text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(8)
        x = self.w - MARGIN - 75
        self.set_font(FONT, "", 10)
        lines = [long_date(day)] + ([signer.position] if signer.position else [])
        for line in lines:
            self.set_x(x)
            self.multi_cell(75, 5, line, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(20)
        self.set_x(x)
        self.set_font(FONT, "B", 10)
        self.cell(75, 5, signer.name, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(0)
        self.line(x, self.get_y(), x + min(self.get_string_width(signer.name) + 2, 75), self.get_y())
        if signer.nip:
            self.set_x(x)
            self.set_font(FONT, "", 10)
            self.cell(75, 5, f"NIP {signer.nip}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    # --- the file ------------------------------------------------------------------------------------------------

    def save(self, path: Path) -> int:
        """Write the PDF beside `path` and rename it over it once complete (owner-only: it names people by NIP);
        returns the number of pages."""
        folder = path.parent if str(path.parent) else Path(".")
        try:
            fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
        except OSError as exc:
            raise UsageError("SYSTEM_REFUSED", file=folder, reason=exc.strerror) from None
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(self.output())
            os.replace(temp, path)
        except OSError as exc:
            try:
                os.unlink(temp)
            except OSError:
                pass
            raise UsageError("SYSTEM_REFUSED", file=path, reason=exc.strerror) from None
        return self.pages_count


def pdf_path(file: str, force: bool) -> Path:
    """The PDF to write: a name ending in .pdf, in a folder that exists; an existing file only with --force."""
    path = Path(file)
    if path.suffix.lower() != ".pdf":
        raise UsageError("PDF_NOT_PDF", file=file, example=path.with_suffix(".pdf").name if path.name else "x.pdf")
    if path.is_dir():
        raise UsageError("PDF_IS_FOLDER", file=file)
    if path.exists() and not force:
        raise UsageError("FILE_EXISTS_FORCE", file=file)
    if not path.parent.is_dir():
        raise UsageError("FOLDER_MISSING", folder=path.parent)
    return path
