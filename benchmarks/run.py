"""jpledger's benchmark: each workload's median time and peak memory beside a floor measured in the same run.

    make bench                      (or: python benchmarks/run.py [--only 1,3] [--no-write])

Every figure is a whole process (`python -m jpledger ...` of this interpreter, or a bare floor script from
`floors.py`), timed around its run and measured for its peak resident memory; jpledger and its floor run
alternately so that a busy machine slows both alike. Generated rosters and ledgers are cached under
benchmarks/work/ (delete it to start afresh). The table is printed and, after a full run, written to
benchmarks/RESULTS.md. See benchmarks/README.md for what each workload means.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
PY = sys.executable
JPLEDGER = [PY, "-m", "jpledger"]
FLOORS = [PY, str(HERE / "floors.py")]
YEAR = 2025
SMALL = (10_000, 100_000)
LARGE = (100_000, 1_000_000)
ENV = dict(os.environ, JPLEDGER_ACTOR="benchmark", PYTHONWARNINGS="ignore")
ENV.pop("JPLEDGER_DB", None)
ENV.pop("JPLEDGER_DEBUG", None)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- measuring one process -----------------------------------------------------------------------

@dataclass
class Sample:
    seconds: float
    peak_mb: float


class Failed(Exception):
    """A measured command did not do its job; the row shows why instead of a number."""


# GNU time reports the peak memory of the process it starts, which it forks from itself, a small program.
# Without it, the kernel's per-child rusage is used; a child forked from this script starts from this
# script's own resident size, which is why outputs go to files here and are never kept in memory.
GNU_TIME = "/usr/bin/time" if Path("/usr/bin/time").exists() else None


def run(cmd: list[str], ok: tuple[int, ...] = (0,)) -> Sample:
    """Run `cmd` to the end (output discarded); its wall time and the peak resident memory of that process."""
    with tempfile.NamedTemporaryFile() as peak, tempfile.TemporaryFile() as err:
        argv = [GNU_TIME, "-f", "%M", "-o", peak.name, *cmd] if GNU_TIME else cmd
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)  # the child's own rusage, unlike RUSAGE_CHILDREN's running max
        seconds = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        kb = usage.ru_maxrss
        if GNU_TIME:
            lines = Path(peak.name).read_text().split()
            kb = int(lines[-1]) if lines and lines[-1].isdigit() else kb
        if code not in ok:
            err.seek(0)
            lines = [ln for ln in err.read().decode(errors="replace").splitlines()
                     if ln.strip() and not ln.startswith("Command exited")]
            raise Failed(f"`{' '.join(Path(c).name if '/' in c else c for c in cmd[:6])}` exited {code}: "
                         f"{lines[-1] if lines else 'no message'}")
    return Sample(seconds, kb / 1024)


@dataclass
class Series:
    samples: list[Sample] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return statistics.median(s.seconds for s in self.samples)

    @property
    def peak_mb(self) -> float:
        return max(s.peak_mb for s in self.samples)

    @property
    def runs(self) -> int:
        return len(self.samples)


def alternate(runs: int, *pairs: tuple[Callable[[], list[str]], Callable[[], None] | None, tuple[int, ...]]
              ) -> list[Series]:
    """Run each (command, untimed preparation, accepted exit codes) `runs` times, taking turns."""
    out = [Series() for _ in pairs]
    for _ in range(runs):
        for series, (command, prepare, ok) in zip(out, pairs):
            if prepare:
                prepare()
            series.samples.append(run(command(), ok))
    return out


# --- the report ----------------------------------------------------------------------------------

# The same ratios in the last run before this round's features (staff history, contracts, evidence, verification,
# units, officers): benchmarks/RESULTS.md of 2026-11-22 23:15 UTC, same machine. The issue allows those features to
# cost the figures at most 10%; rows whose floor changed since (totals and audit now run against the fair floor) or
# that are new have no figure here.
BEFORE_RUN = "2026-11-22 23:15 UTC"
BEFORE = {
    "import 10k staff + 100k activities (.xlsx)": 2.47,
    "import 10k staff + 100k activities (.xlsx), against pandas (openpyxl)": 0.21,
    "import 10k staff + 100k activities (.xlsx), against pandas (calamine)": 1.21,
    "import 100k staff + 1,000k activities (.xlsx)": 2.27,
    "peak memory of the 1M import": 0.96,
    f"export --year {YEAR}, 100k activities": 1.25,
    "jpledger --help": 1.77,
    "jpledger staff show NIP --format json": 8.70,
    "record coaching on a 1M-activity ledger": 0.96,
    "import 10k staff + 100k activities on PostgreSQL": 2.33,
    f"audit --year {YEAR} --format json on PostgreSQL, 100k activities": 1.20,
}
ALLOWED_COST = 1.10


@dataclass
class Row:
    workload: str
    floor: str
    target: str
    limit: float | None = None  # the ratio must be at most this (None: report only)
    jp: Series | None = None
    base: Series | None = None
    memory: bool = False  # compare peak memory instead of time
    error: str | None = None
    sizes: tuple[int, int] | None = None  # compare bytes on disk (jpledger's, the floor's) instead of time
    key: str | None = None  # its name in BEFORE, where the workload's own reads the same for two rows

    @property
    def ratio(self) -> float | None:
        if self.sizes:
            return self.sizes[0] / self.sizes[1]
        if not (self.jp and self.base):
            return None
        if self.memory:
            return self.jp.peak_mb / self.base.peak_mb
        return self.jp.seconds / self.base.seconds

    @property
    def before(self) -> str:
        """The ratio before this round, and `+N%` where this round cost more than it was allowed to."""
        then = BEFORE.get(self.key or self.workload)
        if then is None or self.ratio is None:
            return "-"
        worse = self.ratio / then
        return f"{then:.2f}x" + (f" (+{(worse - 1) * 100:.0f}%)" if worse > ALLOWED_COST else "")

    @property
    def met(self) -> str:
        if self.error or self.ratio is None:
            return "n/a"
        if self.limit is None:
            return "-"
        return "yes" if self.ratio <= self.limit else "NO"


def _figure(series: Series | None, memory: bool) -> str:
    if series is None:
        return "-"
    if memory:
        return f"{series.peak_mb:,.0f} MB"
    return f"{series.seconds:.2f} s ({series.peak_mb:,.0f} MB, {series.runs}x)"


def table(rows: list[Row]) -> list[str]:
    lines = ["| # | workload | jpledger | floor | floor figure | ratio | before this round | target | met? |",
             "|---|---|---|---|---|---|---|---|---|"]
    for number, row in enumerate(rows, start=1):
        if row.error:
            lines.append(f"| {number} | {row.workload} | not measured: {row.error} | {row.floor} | - | - | - | "
                         f"{row.target} | n/a |")
            continue
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "-"
        if row.sizes:
            mine, floor = (f"{size / (1 << 20):,.1f} MB" for size in row.sizes)
        else:
            mine, floor = _figure(row.jp, row.memory), _figure(row.base, row.memory)
        lines.append(f"| {number} | {row.workload} | {mine} | {row.floor} | {floor} | {ratio} | {row.before} | "
                     f"{row.target} | {row.met} |")
    return lines


def machine() -> list[str]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return [f"- Machine: {cpu}, {os.cpu_count()} cores, {ram} RAM, {platform.system()} {platform.release()}",
            f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}"]


def versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    names = ("jpledger", "typer", "rich", "SQLAlchemy", "sqlmodel", "python-calamine", "openpyxl", "XlsxWriter",
             "pandas")
    found = []
    for name in names:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} (not installed)")
    return "- Libraries: " + ", ".join(found)


# --- workloads -----------------------------------------------------------------------------------

def _stamp() -> str:
    return hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()[:12]


def roster(staff: int, activities: int) -> Path:
    """The generated roster of that size, made once and kept until the generator changes."""
    folder = WORK / f"roster-{staff}-{activities}"
    path, stamp = folder / "roster.xlsx", folder / "generator.sha"
    if path.exists() and stamp.exists() and stamp.read_text() == _stamp():
        return path
    say(f"generating {staff:,} staff and {activities:,} activities (kept in {folder.relative_to(HERE.parent)}) ...")
    started = time.perf_counter()
    subprocess.run([PY, str(HERE / "generate.py"), "--staff", str(staff), "--activities", str(activities),
                    "--out", str(folder), "--seed", "1", "--year", str(YEAR), "--format", "xlsx"],
                   check=True, stdout=subprocess.DEVNULL, env=ENV)
    stamp.write_text(_stamp())
    say(f"  generated in {time.perf_counter() - started:.0f} s")
    return path


def _fresh(*paths: Path) -> None:
    for path in paths:
        for extra in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{extra}").unlink(missing_ok=True)


def _empty_ledger(db: Path) -> Callable[[], None]:
    def prepare() -> None:
        _fresh(db)
        run(JPLEDGER + ["--db", str(db), "-q", "init"])
    return prepare


def _import_series(size: tuple[int, int], runs: int, db: Path, floor_db: Path, label: str,
                   pandas_engines: tuple[str, ...], pandas_runs: int) -> list[Row]:
    path = roster(*size)
    staff, activities = size
    what = f"import {staff // 1000}k staff + {activities // 1000:,}k activities (.xlsx)"
    rows = [Row(what, "calamine read + sqlite3 executemany", "<= 2.5x", 2.5)]
    say(f"{label}: {what}, {runs} run{'s' if runs > 1 else ''} each ...")
    try:
        jp, floor = alternate(runs,
                              (lambda: JPLEDGER + ["--db", str(db), "-q", "import", str(path)],
                               _empty_ledger(db), (0,)),
                              (lambda: FLOORS + ["import-floor", str(path), str(floor_db)],
                               lambda: _fresh(floor_db), (0,)))
        rows[0].jp, rows[0].base = jp, floor
    except Failed as exc:
        rows[0].error = str(exc)
        return rows
    for engine in pandas_engines:
        row = Row(f"{what}, against pandas", f"pandas read_excel ({engine}) + to_sql", "< 1x (faster)", 0.999,
                  key=f"{what}, against pandas ({engine})")
        say(f"{label}: pandas read_excel engine={engine} + to_sql, {pandas_runs} run(s) ...")
        try:
            (row.base,) = alternate(pandas_runs, (lambda engine=engine: FLOORS + ["pandas", str(path), str(floor_db),
                                                                                  engine],
                                                  lambda: _fresh(floor_db), (0,)))
            row.jp = jp
        except Failed as exc:
            row.error = str(exc)
        rows.append(row)
    _fresh(floor_db)
    return rows


def workload_import_small(state: dict) -> list[Row]:
    db = WORK / "ledger-small.db"
    # Five runs each: the machine's own load moves a single run by a tenth or more.
    rows = _import_series(SMALL, 5, db, WORK / "floor-small.db", "1", ("openpyxl", "calamine"), 1)
    if rows[0].jp:
        state["small"] = db
    return rows


def workload_import_large(state: dict) -> list[Row]:
    db = WORK / "ledger-large.db"
    # One run each: a million-row import takes a minute, and make bench must stay within ten.
    rows = _import_series(LARGE, 1, db, WORK / "floor-large.db", "2", (), 0)
    if not rows[0].jp:
        return rows
    state["large"] = db
    say("2: calamine read alone, for the memory floor ...")
    path = roster(*LARGE)
    (read,) = alternate(1, (lambda: FLOORS + ["read", str(path)], None, (0,)))
    rows.append(Row("peak memory of the 1M import", "calamine read alone", "<= 1.5x", 1.5,
                    jp=rows[0].jp, base=read, memory=True))
    return rows


def _two_against_one(rows: list[Row], runs: int, first, second, floor) -> None:
    """Two jpledger commands and the floor they share, in turns; into rows[0] and rows[1]."""
    a, b, base = alternate(runs, first, second, floor)
    rows[0].jp, rows[1].jp = a, b
    rows[0].base = rows[1].base = base


def _large_ledger(state: dict) -> Path:
    db = state.get("large") or WORK / "ledger-large.db"
    if not db.exists():
        raise Failed("no 1M-activity ledger (workload 2 did not run or failed)")
    return db


FAIR_FLOOR = "sqlite3 GROUP BY (person, kind) joined to staff -> the same JSON records, streamed"


def _reports(db: Path, size: str, runs: int, label: str, memory: bool) -> list[Row]:
    """totals and audit as JSON against the fair floor (the same records from one GROUP BY, streamed), in turns;
    with `memory`, their peak memory against the floor's as well."""
    rows = [Row(f"totals --year {YEAR} --format json, {size} activities", FAIR_FLOOR, "<= 1.5x", 1.5),
            Row(f"audit --year {YEAR} --format json, {size} activities", FAIR_FLOOR, "<= 2x", 2)]
    if memory:
        rows += [Row(f"peak memory of totals, {size} activities", "the fair floor's", "<= 4x", 4, memory=True),
                 Row(f"peak memory of audit, {size} activities", "the fair floor's", "<= 4x", 4, memory=True)]
    say(f"{label}: totals and audit on the {size}-activity ledger and the fair floor, {runs} runs each ...")
    report = ["--year", str(YEAR), "--format", "json"]
    _two_against_one(rows, runs, (lambda: JPLEDGER + ["--db", str(db), "-q", "totals", *report], None, (0,)),
                     (lambda: JPLEDGER + ["--db", str(db), "-q", "audit", *report], None, (0, 1)),
                     (lambda: FLOORS + ["people", str(db), str(YEAR)], None, (0,)))
    if memory:
        rows[2].jp, rows[3].jp = rows[0].jp, rows[1].jp
        rows[2].base = rows[3].base = rows[0].base
    return rows


def workload_reports(state: dict) -> list[Row]:
    rows = []
    try:
        db = state.get("small") or WORK / "ledger-small.db"
        if not db.exists():
            raise Failed("no 100k-activity ledger (workload 1 did not run or failed)")
        rows += _reports(db, "100k", 9, "3", memory=False)  # under a second a run: nine, for a steadier median
    except Failed as exc:
        rows = [Row("totals and audit --format json, 100k activities", FAIR_FLOOR, "<= 1.5x / 2x", error=str(exc))]
    try:
        rows += _reports(_large_ledger(state), "1M", 5, "3", memory=True)
    except Failed as exc:
        rows.append(Row("totals and audit --format json, 1M activities", FAIR_FLOOR, "<= 1.5x / 2x",
                        error=str(exc)))
    return rows


def workload_export(state: dict) -> list[Row]:
    row = Row(f"export --year {YEAR}, 100k activities", "faster of xlsxwriter / openpyxl writing the same cells",
              "<= 1.5x", 1.5)
    db = state.get("small") or WORK / "ledger-small.db"
    out, bare, cells = WORK / "export.xlsx", WORK / "bare.xlsx", WORK / "export-cells.pickle"
    try:
        if not db.exists():
            raise Failed("no 100k-activity ledger (workload 1 did not run or failed)")
        say("4: export of a 100k-activity year, 2 runs; the bare writers on the same cells ...")
        export = lambda: JPLEDGER + ["--db", str(db), "-q", "export", str(out), "--year", str(YEAR)]  # noqa: E731
        out.unlink(missing_ok=True)
        run(export())
        run(FLOORS + ["cells", str(out), str(cells)])  # the cells jpledger wrote, for the writers to write bare
        # openpyxl write-only is about twice as slow as xlsxwriter: once is enough to show which is faster.
        (openpyxl,) = alternate(1, (lambda: FLOORS + ["write", str(cells), str(bare), "openpyxl"], None, (0,)))
        # Twice each, after an untimed first export: it is well within its target, and make bench within ten minutes.
        jp, xlsxwriter = alternate(
            2, (export, lambda: out.unlink(missing_ok=True), (0,)),
            (lambda: FLOORS + ["write", str(cells), str(bare), "xlsxwriter"], None, (0,)))
        faster, name = min((xlsxwriter, "xlsxwriter constant_memory"), (openpyxl, "openpyxl write-only"),
                           key=lambda pair: pair[0].seconds)
        row.jp, row.base = jp, faster
        row.floor = f"{name} writing the same cells (openpyxl {openpyxl.seconds:.2f} s, " \
                    f"xlsxwriter {xlsxwriter.seconds:.2f} s)"
    except Failed as exc:
        row.error = str(exc)
    for path in (bare, cells):
        path.unlink(missing_ok=True)
    return [row]


def _someone(db: Path) -> tuple[str, str]:
    """A PNS with a supervisor in the ledger: (NIP, supervisor NIP)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT s.nip, s.supervisor FROM staff s JOIN staff b ON b.nip = s.supervisor "
                           "WHERE s.status = 'PNS' AND s.left IS NULL ORDER BY s.nip LIMIT 1").fetchone()
    finally:
        conn.close()
    if row is None:
        raise Failed("no PNS with a supervisor in the ledger")
    return row


def _small_ledger(state: dict) -> Path:
    """The 100k-activity ledger of workload 1; imported once, untimed, when only the start-up rows are asked for."""
    db = state.get("small") or WORK / "ledger-small.db"
    if not db.exists():
        say("5: no 100k-activity ledger yet: importing the 10k roster once (not timed) ...")
        _empty_ledger(db)()
        run(JPLEDGER + ["--db", str(db), "-q", "import", str(roster(*SMALL))])
        state["small"] = db
    return db


def _an_activity(db: Path, nip: str) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT id FROM activity WHERE nip = ? ORDER BY id LIMIT 1", (nip,)).fetchone()
    finally:
        conn.close()
    if row is None:
        raise Failed("the chosen person has no activity")
    return row[0]


def workload_startup(state: dict) -> list[Row]:
    """What an officer types dozens of times a day, each against the start-up of Typer alone (issue 16)."""
    floor = "python -c 'import typer'"
    rows = [Row("jpledger --help", floor, "<= 1.3x", 1.3),
            Row("jpledger staff show NIP --format json", floor, "<= 4x", 4),
            Row("jpledger activity show ID --format json", floor, "<= 4x", 4),
            Row("jpledger record coaching NIP --coach NIP ... --format json", floor, "<= 4x", 4),
            Row(f"jpledger statement NIP --year {YEAR} --format json", floor, "<= 4x", 4),
            # What the stack alone costs: a command that imports SQLAlchemy starts no faster than this.
            Row("python -c 'import typer, sqlalchemy' (for reference)", floor, "report only")]
    try:
        db = _small_ledger(state)
        nip, coach = _someone(db)
        activity = _an_activity(db, nip)
        days = iter(range(10_000))

        def record() -> list[str]:
            # A new day each run: the same session twice would be the same entry.
            day = date(YEAR, 1, 1) + timedelta(days=next(days) % 365)
            return JPLEDGER + ["--db", str(db), "-q", "record", "coaching", nip, "--coach", coach,
                               "--date", day.strftime("%d/%m/%Y"), "--sessions", "1", "--format", "json"]

        say(f"5: start-up and the interactive commands, 7 runs each, in turns with {floor} ...")
        commands = ((lambda: JPLEDGER + ["--help"], None, (0,)),
                    (lambda: JPLEDGER + ["--db", str(db), "staff", "show", nip, "--format", "json"], None, (0,)),
                    (lambda: JPLEDGER + ["--db", str(db), "activity", "show", str(activity), "--format", "json"],
                     None, (0,)),
                    (record, None, (0,)),
                    (lambda: JPLEDGER + ["--db", str(db), "statement", nip, "--year", str(YEAR), "--format", "json"],
                     None, (0,)),
                    (lambda: [PY, "-c", "import typer, sqlalchemy"], None, (0,)),
                    (lambda: [PY, "-c", "import typer"], None, (0,)))
        alternate(1, *commands)  # byte-compile and warm the file cache first
        *mine, base = alternate(7, *commands)
        for row, series in zip(rows, mine):
            row.jp, row.base = series, base
    except Failed as exc:
        for row in rows:
            row.error = str(exc)
    return rows


def workload_record(state: dict) -> list[Row]:
    row = Row("record coaching on a 1M-activity ledger", "the same on a ledger with just the two people",
              "<= 1.2x", 1.2)
    copy, empty = WORK / "record-large.db", WORK / "record-empty.db"
    try:
        db = _large_ledger(state)
        nip, coach = _someone(db)
        say("6: record coaching on a copy of the 1M ledger and on a small one, 3 runs each ...")

        def copy_large() -> None:
            _fresh(copy)
            shutil.copyfile(db, copy)
            # Flush the copy now: else the command's own sync would pay for writing out the whole copied file.
            fd = os.open(copy, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

        def small_ledger() -> None:
            _empty_ledger(empty)()
            run(JPLEDGER + ["--db", str(empty), "-q", "staff", "add", coach, "--name", "Atasan", "--status", "PNS"])
            run(JPLEDGER + ["--db", str(empty), "-q", "staff", "add", nip, "--name", "Pegawai", "--status", "PNS",
                            "--supervisor", coach])

        def record(target: Path) -> Callable[[], list[str]]:
            return lambda: JPLEDGER + ["--db", str(target), "-q", "record", "coaching", nip, "--coach", coach,
                                       "--date", f"16/06/{YEAR}", "--sessions", "1", "--format", "json"]

        row.jp, row.base = alternate(3, (record(copy), copy_large, (0,)), (record(empty), small_ledger, (0,)))
    except Failed as exc:
        row.error = str(exc)
    _fresh(copy, empty)
    return [row]


def _pg_database(url: str) -> str:
    """A fresh, empty database on the benchmark's PostgreSQL server; its URL."""
    import psycopg
    from sqlalchemy.engine import make_url

    server = make_url(url)
    name = f"bench_{os.getpid()}_{int(time.time())}"
    with psycopg.connect(host=server.host, port=server.port, user=server.username,
                         dbname=server.database or "postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return server.set(database=name).render_as_string(hide_password=False)


def workload_postgres(state: dict) -> list[Row]:
    """Import and audit on PostgreSQL beside the same on SQLite, at 100k activities, and the audit at 1M too (the
    1M ledger imported once, untimed): each within 1.5x of SQLite's."""
    what = "10k staff + 100k activities"
    audit = f"audit --year {YEAR} --format json on PostgreSQL"
    rows = [Row(f"import {what} on PostgreSQL", "the same import on SQLite", "<= 1.5x", 1.5),
            Row(f"{audit}, 100k activities", "the same audit on SQLite", "<= 1.5x", 1.5),
            Row(f"{audit}, 1M activities", "the same audit on SQLite", "<= 1.5x", 1.5)]
    server = os.environ.get("JPLEDGER_TEST_PG")
    if not server:
        for row in rows:
            row.error = "no PostgreSQL server (make bench starts one where it is installed)"
        return rows
    path, sqlite_db = roster(*SMALL), WORK / "ledger-pg-sqlite.db"
    report = ["--year", str(YEAR), "--format", "json"]
    try:
        say("7: import and audit on PostgreSQL beside SQLite ...")
        current: dict[str, str] = {}

        def fresh_pg() -> None:  # untimed: each import goes into a new, empty ledger, as on SQLite (`init`)
            current["url"] = _pg_database(server)
            run(JPLEDGER + ["--db", current["url"], "-q", "init"])

        rows[0].jp, rows[0].base = alternate(
            2, (lambda: JPLEDGER + ["--db", current["url"], "-q", "import", str(path)], fresh_pg, (0,)),
            (lambda: JPLEDGER + ["--db", str(sqlite_db), "-q", "import", str(path)], _empty_ledger(sqlite_db), (0,)))
        rows[1].jp, rows[1].base = alternate(
            3, (lambda: JPLEDGER + ["--db", current["url"], "-q", "audit", *report], None, (0, 1)),
            (lambda: JPLEDGER + ["--db", str(sqlite_db), "-q", "audit", *report], None, (0, 1)))
    except Failed as exc:
        rows[0].error = rows[1].error = str(exc)
    _fresh(sqlite_db)
    try:
        large = _large_ledger(state)
        say("7: importing the 1M roster into PostgreSQL once (not timed), then the audit beside SQLite's ...")
        url = _pg_database(server)
        run(JPLEDGER + ["--db", url, "-q", "import", str(roster(*LARGE))])
        rows[2].jp, rows[2].base = alternate(
            2, (lambda: JPLEDGER + ["--db", url, "-q", "audit", *report], None, (0, 1)),
            (lambda: JPLEDGER + ["--db", str(large), "-q", "audit", *report], None, (0, 1)))
    except Failed as exc:
        rows[2].error = str(exc)
    return rows


EVIDENCE_FILES, EVIDENCE_BYTES, EVIDENCE_PEOPLE = 1000, 200 * 1024, 100


def evidence_roster() -> Path:
    """A roster of 1,000 activities, each naming its own 200 KB certificate beside it; made once and kept."""
    import random

    import xlsxwriter

    folder = WORK / f"evidence-{EVIDENCE_FILES}"
    path, done = folder / "roster.xlsx", folder / "complete"
    if done.exists():
        return path
    say(f"writing {EVIDENCE_FILES:,} certificates of {EVIDENCE_BYTES // 1024} KB and their roster ...")
    sys.path.insert(0, str(HERE))
    from generate import Roster

    rng = random.Random(8)
    (folder / "sertifikat").mkdir(parents=True, exist_ok=True)
    people = Roster(rng, EVIDENCE_PEOPLE, YEAR).people
    book = xlsxwriter.Workbook(str(path))
    text = book.add_format({"num_format": "@"})
    staff = book.add_worksheet("Pegawai")
    staff.write_row(0, 0, ["NIP", "Nama", "Status Kepegawaian", "Unit Kerja"])
    for r, person in enumerate(people, start=1):
        staff.write_string(r, 0, person["nip"], text)
        staff.write_row(r, 1, [person["name"], person["status"], person["unit"]])
    sheet = book.add_worksheet("Kegiatan")
    sheet.write_row(0, 0, ["NIP", "Jenis Kegiatan", "Nama Kegiatan", "Tanggal Mulai", "JP", "Bukti"])
    for i in range(1, EVIDENCE_FILES + 1):
        # Certificates are PDFs and scans, which hardly compress: random bytes stand for them.
        name = f"sertifikat/{i:04d}.pdf"
        (folder / name).write_bytes(b"%PDF-1.4\n" + rng.randbytes(EVIDENCE_BYTES - 9))
        person = people[i % len(people)]
        day = f"{(i % 28) + 1:02d}/{(i % 12) + 1:02d}/{YEAR}"
        sheet.write_string(i, 0, person["nip"], text)
        sheet.write_row(i, 1, ["B3", f"Pelatihan Teknis {i}", day, 8, name])
    book.close()
    done.touch()
    return path


def _ledger_bytes(db: Path) -> int:
    return sum(Path(f"{db}{extra}").stat().st_size for extra in ("", "-wal") if Path(f"{db}{extra}").exists())


def workload_evidence(state: dict) -> list[Row]:
    what = f"import {EVIDENCE_FILES:,} activities with a {EVIDENCE_BYTES // 1024} KB certificate each"
    rows = [Row(what, "copying the same files (shutil.copyfile)", "report only"),
            Row(f"{what}, against a copy on disk", "copying the same files, each synced to disk", "report only"),
            Row("size of that ledger", f"the {EVIDENCE_FILES:,} files' total", "report only")]
    db, copies = WORK / "ledger-evidence.db", WORK / "evidence-copies"
    try:
        path = evidence_roster()
        say(f"8: {what}, 3 runs; copying the files, 3 runs ...")

        def fresh_copies() -> None:
            shutil.rmtree(copies, ignore_errors=True)
            copies.mkdir(parents=True)

        folder = str(path.parent / "sertifikat")
        rows[0].jp, rows[0].base, rows[1].base = alternate(
            3, (lambda: JPLEDGER + ["--db", str(db), "-q", "import", str(path)], _empty_ledger(db), (0,)),
            (lambda: FLOORS + ["copy-files", folder, str(copies)], fresh_copies, (0,)),
            (lambda: FLOORS + ["copy-files", folder, str(copies), "sync"], fresh_copies, (0,)))
        rows[1].jp = rows[0].jp
        files = sum(f.stat().st_size for f in (path.parent / "sertifikat").iterdir())
        rows[2].sizes = (_ledger_bytes(db), files)
    except Failed as exc:
        for row in rows:
            row.error = str(exc)
    shutil.rmtree(copies, ignore_errors=True)
    _fresh(db)
    return rows


WORKLOADS = {1: workload_import_small, 2: workload_import_large, 3: workload_reports, 4: workload_export,
             5: workload_startup, 6: workload_record, 7: workload_postgres, 8: workload_evidence}


def byte_compiled() -> None:
    """jpledger's modules compiled to bytecode first, as installing the package leaves them: an editable install
    run where PYTHONDONTWRITEBYTECODE is set (CI machines often set it) would otherwise compile every one of its
    modules again on every run, which no installed copy does, while the floors' libraries were compiled when
    they were installed."""
    import compileall

    import jpledger

    compileall.compile_dir(str(Path(jpledger.__file__).parent), quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="comma-separated workload numbers (1-8); RESULTS.md is then left alone")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    args = parser.parse_args(argv)
    chosen = sorted(int(n) for n in args.only.split(",")) if args.only else sorted(WORKLOADS)
    WORK.mkdir(parents=True, exist_ok=True)
    byte_compiled()
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    state: dict = {}
    rows: list[Row] = []
    for number in chosen:
        rows += WORKLOADS[number](state)
    elapsed = time.perf_counter() - started
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = table(rows)
    print("\n".join(lines))
    missed = [r for r in rows if r.met == "NO"]
    print(f"\n{len(missed)} target(s) missed; the benchmark took {elapsed:.0f} s")
    if args.only is None and not args.no_write:
        report = ["# jpledger benchmark results", "",
                  "Written by `make bench` (benchmarks/run.py); what each workload means is in benchmarks/README.md.",
                  "Each figure is the median wall time of whole processes (runs shown as `Nx`) with the largest peak "
                  "resident memory among those runs; the floor ran alternately with jpledger in the same run. "
                  f"`before this round` is the same ratio in the run of {BEFORE_RUN}, before staff history, "
                  "contracts, evidence, verification, units and officers; `(+N%)` marks a row those features cost "
                  f"more than the {(ALLOWED_COST - 1) * 100:.0f}% allowed. Rows without it are new or have a new "
                  "floor.", "",
                  f"- Date: {when}", *machine(), versions(),
                  f"- Whole benchmark: {elapsed:.0f} s; load average {load_before:.1f} when it began, "
                  f"{os.getloadavg()[0]:.1f} when it ended (other work on the machine slows jpledger and its floors "
                  "alike, but not always in proportion)", "",
                  *lines, ""]
        (HERE / "RESULTS.md").write_text("\n".join(report))
        say(f"wrote {(HERE / 'RESULTS.md').relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
