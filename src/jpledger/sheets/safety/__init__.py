"""Refusing hostile or broken spreadsheet files before any parser reads them, each with one clear line (exit 3).

Three checks, in the order a file meets them: what kind of file it is (sniffing), whether its zip package is a
workbook fit to open (package), and whether a worksheet's cells reach further than a reader can hold (extent).
"""

from jpledger.sheets.safety.extent import SheetScan, column_index, column_letters, scan_sheet
from jpledger.sheets.safety.package import Package, SheetPart, open_package
from jpledger.sheets.safety.refusal import UNPACK_ERRORS, refused
from jpledger.sheets.safety.sniffing import OLE2, sniff

__all__ = ["OLE2", "UNPACK_ERRORS", "Package", "SheetPart", "SheetScan", "column_index",
           "column_letters", "open_package", "refused", "scan_sheet", "sniff"]
