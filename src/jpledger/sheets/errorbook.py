"""The errors workbook of a rejected import: the rejected rows as they stand in the file, each with its problems.

The columns it adds, and the problems in them, are in the workbook's language (Indonesian unless chosen otherwise),
like every workbook jpledger writes; the rows are the file's own.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_errors(target: Path, parsed, file: str, lang: str | None = None) -> None:
    """The rejected rows as they stand in the file, each with its problems; and every problem on its own sheet."""
    from jpledger.i18n import speaking, workbook_language

    with speaking(lang or workbook_language()):
        _write(target, parsed, file)


def _write(target: Path, parsed, file: str) -> None:
    import math
    import tempfile
    from datetime import date, datetime

    import xlsxwriter

    from jpledger.codes import message

    handle, temporary = tempfile.mkstemp(prefix=".jpledger-", suffix=".xlsx", dir=target.parent)
    os.close(handle)
    try:
        book = xlsxwriter.Workbook(temporary, {"strings_to_formulas": False, "strings_to_urls": False,
                                               "strings_to_numbers": False})
        bold = book.add_format({"bold": True, "bg_color": "#D9E1F2"})
        day = book.add_format({"num_format": "dd/mm/yyyy"})
        text = book.add_format({"num_format": "@"})
        wrong = book.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE", "text_wrap": True})
        names: set[str] = set()
        for index, table in enumerate(parsed.tables):
            rows = sorted((r for r in parsed.rejected.values() if r.table == index), key=lambda r: r.row)
            if not rows:
                continue
            sheet = book.add_worksheet(_sheet_name(table.sheet, names))
            headings = list(table.headings)
            for col, value in enumerate(headings):
                if value not in (None, ""):
                    sheet.write_string(0, col, str(value), bold)
            # After the widest row, so that no cell of the file is written over.
            width = max(len(headings), *(len(r.cells) for r in rows))
            sheet.write_string(0, width, message("ERRORS_ROW"), bold)
            sheet.write_string(0, width + 1, message("ERRORS_PROBLEMS"), bold)
            nip_col = table.columns.get("nip")
            for out, rejected in enumerate(rows, start=1):
                for col, value in enumerate(rejected.cells):
                    if value is None or value == "":
                        continue
                    if isinstance(value, bool):
                        sheet.write_boolean(out, col, value)
                    elif isinstance(value, (int, float)) and math.isfinite(value):
                        sheet.write_number(out, col, value)
                    elif isinstance(value, (date, datetime)):
                        moment = value if isinstance(value, datetime) else datetime(value.year, value.month,
                                                                                     value.day)
                        sheet.write_datetime(out, col, moment, day)
                    else:
                        sheet.write_string(out, col, str(value), text if col == nip_col else None)
                sheet.write_number(out, width, rejected.row)
                sheet.write_string(out, width + 1, "\n".join(f"{cell}: {message(code, params)}"
                                                             for cell, code, params in rejected.messages), wrong)
            sheet.set_column(width + 1, width + 1, 80)
            if nip_col is not None:
                sheet.set_column(nip_col, nip_col, 22, text)
            sheet.freeze_panes(1, 0)
            sheet.autofilter(0, 0, len(rows), width + 1)
        listing = book.add_worksheet(_sheet_name(message("ERRORS_LISTING"), names))
        for col, title in enumerate((message("ERRORS_SHEET"), message("ERRORS_CELL"), message("ERRORS_PROBLEMS"))):
            listing.write_string(0, col, title, bold)
        for out, problem in enumerate(parsed.problems, start=1):
            listing.write_string(out, 0, problem.sheet)
            listing.write_string(out, 1, problem.cell)
            listing.write_string(out, 2, problem.message)
        listing.set_column(0, 0, 20)
        listing.set_column(2, 2, 100)
        listing.freeze_panes(1, 0)
        book.set_properties({"title": message("ERRORS_TITLE", {"file": Path(file).name})})
        book.close()
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _sheet_name(name: str, taken: set[str]) -> str:
    """A legal, unused Excel sheet name: at most 31 characters, none of []:*?/\\."""
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name).strip("'")[:31] or "Sheet"
    candidate, number = clean, 2
    while candidate.casefold() in taken:
        suffix = f" ({number})"
        candidate, number = clean[:31 - len(suffix)] + suffix, number + 1
    taken.add(candidate.casefold())
    return candidate
