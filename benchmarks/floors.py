"""The floors and peers the benchmark compares jpledger with: each a bare script doing the same work, nothing more.

Run as a process of its own, one job per call, so its time and memory are measured the way jpledger's are:

    python benchmarks/floors.py import-floor ROSTER.xlsx OUT.db     calamine reads every cell + sqlite3 inserts
    python benchmarks/floors.py read ROSTER.xlsx                    calamine reads every cell, nothing else
    python benchmarks/floors.py pandas ROSTER.xlsx OUT.db ENGINE    pandas read_excel + to_sql (openpyxl|calamine)
    python benchmarks/floors.py people LEDGER.db YEAR               the records `totals --format json` prints, from one
                                                                    GROUP BY (person, kind) joined to staff, streamed
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


# The default policy's targets by status (minimum, maximum): what the fair floor writes for each person.
TARGETS = {"PNS": (20.0, None), "CPNS": (20.0, None), "PPPK": (None, 24.0)}


def people(db: str, year: str) -> None:
    """The fair floor of `totals --format json`: the same records with the same keys, in the same order (by unit,
    then NIP), from one GROUP BY (person, kind) joined to staff, each record written as soon as its rows are read.

    It counts the year's live, unrejected entries ending by the year's end, of everyone not gone before the year
    began, against the default policy's target by status; no history, contracts, caps or requirements."""
    import json
    import sqlite3

    first, last = f"{year}-01-01", f"{year}-12-31"
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = conn.execute(
        "SELECT s.nip, s.name, s.unit, s.unit_code, s.status, s.joined, s.appointed, s.left, a.kind, MAX(a.form), "
        "SUM(a.jp_cents), SUM(CASE WHEN a.mandiri THEN a.jp_cents ELSE 0 END) "
        "FROM staff s LEFT JOIN activity a ON a.nip = s.nip AND a.year = ? AND a.voided = 0 "
        "AND a.verification != 'rejected' AND a.\"end\" <= ? "
        "WHERE s.left IS NULL OR s.left >= ? "
        "GROUP BY s.nip, a.kind ORDER BY COALESCE(s.unit, ''), s.nip", (int(year), last, first))
    dump = json.JSONEncoder(ensure_ascii=False).encode
    write = sys.stdout.write
    person, by_kind, by_form, mandiri = None, {}, {}, 0

    def record() -> str:
        nip, name, unit, unit_code, status, joined, appointed, left = person
        jp = sum(by_kind.values())
        min_jp, max_jp = TARGETS.get(status, (None, None))
        needed = max(min_jp - jp / 100, 0.0) if min_jp is not None else 0.0
        state = ("over" if max_jp is not None and jp / 100 > max_jp else "short" if needed else
                 "met" if min_jp is not None else "ok")
        started = joined or appointed
        return dump({"nip": nip, "name": name, "unit": unit, "unit_code": unit_code, "status": status,
                     "jp": jp / 100, "min_jp": min_jp, "max_jp": max_jp, "needed": needed, "state": state,
                     "by_kind": {k: c / 100 for k, c in sorted(by_kind.items()) if c},
                     "by_form": {f: c / 100 for f, c in sorted(by_form.items()) if c},
                     "mandiri_jp": mandiri / 100, "jp_toward_max": (jp - mandiri) / 100,
                     "joined_in_year": bool(started and first < started <= last),
                     "left_in_year": bool(left and first <= left <= last), "requirements": []})

    separator = "[\n  "
    for *who, kind, form, cents, own in rows:
        if person is not None and who[0] != person[0]:
            write(separator + record())
            separator = ",\n  "
            by_kind, by_form, mandiri = {}, {}, 0
        person = who
        if kind is not None:
            by_kind[kind] = cents
            by_form[form] = by_form.get(form, 0) + cents
            mandiri += own
    if person is not None:
        write(separator + record())
    write("\n]\n" if person is not None else "[]\n")


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


JOBS = {"import-floor": import_floor, "read": read, "pandas": pandas_import, "people": people,
        "write": write,
        "cells": save_cells, "copy-files": copy_files}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in JOBS:
        raise SystemExit(__doc__)
    JOBS[sys.argv[1]](*sys.argv[2:])
