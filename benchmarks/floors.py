"""The floors and peers the benchmark compares jpledger with: each a bare script doing the same work, nothing more.

Run as a process of its own, one job per call, so its time and memory are measured the way jpledger's are:

    python benchmarks/floors.py import-floor ROSTER.xlsx OUT.db     calamine reads every cell + sqlite3 inserts
    python benchmarks/floors.py read ROSTER.xlsx                    calamine reads every cell, nothing else
    python benchmarks/floors.py pandas ROSTER.xlsx OUT.db ENGINE    pandas read_excel + to_sql (openpyxl|calamine)
    python benchmarks/floors.py totals LEDGER.db YEAR               one GROUP BY nip over the ledger, printed as JSON
    python benchmarks/floors.py write CELLS.pickle OUT.xlsx ENGINE  the cells of a workbook written bare
                                                                    (xlsxwriter constant memory | openpyxl write-only)
    python benchmarks/floors.py cells WORKBOOK.xlsx CELLS.pickle    (preparation, not timed) save a workbook's cells
    python benchmarks/floors.py copy-files FOLDER OUT [sync]        copy every file of FOLDER into OUT (and sync it)

Only the standard library and the one library each floor is about are imported.
"""

from __future__ import annotations

import sys


def read_all(path: str) -> dict[str, list[list]]:
    """Every cell of every sheet, as python-calamine gives them."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(path)
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def read(path: str) -> None:
    sheets = read_all(path)
    print(sum(len(rows) for rows in sheets.values()))


def import_floor(path: str, db: str) -> None:
    """Read the roster and insert every data row into SQLite in one transaction: no checks, no conversions."""
    import sqlite3

    sheets = read_all(path)
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN")
    for number, rows in enumerate(sheets.values()):
        if not rows:
            continue
        width = len(rows[0])  # calamine gives every row of a sheet the same width
        table = f"sheet{number}"
        conn.execute(f"CREATE TABLE {table} ({', '.join(f'c{i}' for i in range(width))})")
        conn.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * width)})", rows[1:])
    conn.execute("COMMIT")
    conn.close()


def pandas_import(path: str, db: str, engine: str) -> None:
    """What an officer would script: pandas reads each sheet and writes it to SQLite as is."""
    import sqlite3

    import pandas as pd

    frames = pd.read_excel(path, sheet_name=None, engine=engine, dtype={"NIP": str, "NIP Atasan": str})
    conn = sqlite3.connect(db)
    for number, frame in enumerate(frames.values()):
        frame.to_sql(f"sheet{number}", conn, index=False)
    conn.commit()
    conn.close()


def totals(db: str, year: str) -> None:
    """Each person's JP of the year, summed by SQLite and printed as JSON: the least a totals command can do."""
    import json
    import sqlite3

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = conn.execute("SELECT nip, SUM(jp_cents) FROM activity WHERE year = ? AND voided = 0 GROUP BY nip",
                        (int(year),))
    sys.stdout.write(json.dumps([{"nip": nip, "jp": cents / 100} for nip, cents in rows]) + "\n")


def save_cells(workbook: str, out: str) -> None:
    import pickle

    with open(out, "wb") as f:
        pickle.dump(read_all(workbook), f, protocol=pickle.HIGHEST_PROTOCOL)


def write(cells: str, out: str, engine: str) -> None:
    """Write the same cells as a given workbook, bare: values only, a date format where a cell is a date."""
    import pickle
    from datetime import date, datetime

    with open(cells, "rb") as f:
        sheets = pickle.load(f)
    if engine == "xlsxwriter":
        import xlsxwriter

        book = xlsxwriter.Workbook(out, {"constant_memory": True})
        day = book.add_format({"num_format": "dd/mm/yyyy"})
        for name, rows in sheets.items():
            ws = book.add_worksheet(name)
            for r, row in enumerate(rows):
                for c, value in enumerate(row):
                    if value == "" or value is None:
                        continue
                    if isinstance(value, (date, datetime)):
                        ws.write_datetime(r, c, value, day)
                    elif isinstance(value, str):
                        ws.write_string(r, c, value)
                    else:
                        ws.write(r, c, value)
        book.close()
    elif engine == "openpyxl":
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        book = Workbook(write_only=True)
        for name, rows in sheets.items():
            ws = book.create_sheet(name)
            for row in rows:
                out_row = []
                for value in row:
                    if isinstance(value, (date, datetime)):
                        cell = WriteOnlyCell(ws, value)
                        cell.number_format = "dd/mm/yyyy"
                        out_row.append(cell)
                    else:
                        out_row.append(None if value == "" else value)
                ws.append(out_row)
        book.save(out)
    else:
        raise SystemExit(f"unknown engine {engine}")


def copy_files(folder: str, out: str, sync: str = "") -> None:
    """What keeping evidence files costs at the least: a copy of each, nothing checked, nothing recorded; with
    `sync`, each copy is also on disk when it ends, as a ledger's commit is."""
    import os
    import shutil
    from pathlib import Path

    for source in Path(folder).iterdir():
        target = Path(out) / source.name
        shutil.copyfile(source, target)
        if sync:
            fd = os.open(target, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


JOBS = {"import-floor": import_floor, "read": read, "pandas": pandas_import, "totals": totals, "write": write,
        "cells": save_cells, "copy-files": copy_files}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in JOBS:
        raise SystemExit(__doc__)
    JOBS[sys.argv[1]](*sys.argv[2:])
