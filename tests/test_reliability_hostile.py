"""Hostile input at scale: random text, undecodable bytes, absurd numbers and file names for every command's
arguments, and random rows, cell types and bytes for `import`. Each run succeeds or fails cleanly: exit 2 or 3
(1 for audit and check, which report), a few plain lines on stderr, never a traceback, and a failed run leaves
the ledger exactly as it was.
"""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BUDI, DEWI, EKO, SITI, TODAY, Cli

# Bounded, and the same examples on every run (a failure found once is found again); explore with more locally.
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

INTERESTING = [
    "", " ", "-", "--", "0", "-1", "1.5", "1,5", "1e400", "NaN", "inf", "-inf", "99999999999999999999999",
    "2026-02-30", "31/04/2026", "00/00/0000", "14 Maret 2026", "9999-12-31", "0001-01-01", "12/13/2026",
    SITI, BUDI, DEWI, "19850314 201001 2 003", "1.98503E+17", "'198503142010012003", "198503142010012003.0",
    "B3", "coaching", "Pelatihan Teknis", "C99", "=HYPERLINK(\"x\")", "@SUM(A1)", "Robert'); DROP TABLE staff;--",
    "\u202eevil", "a" * 300, "\n", "\t", "%s%n", "../../etc/passwd", "/", ".", "nul", "CON",
]
# What a terminal hands over: any text, or bytes that are not UTF-8 (Python keeps them as lone surrogates).
hostile = st.one_of(
    st.sampled_from(INTERESTING),
    st.text(max_size=40),
    st.binary(max_size=20).map(lambda b: b.decode("utf-8", "surrogateescape")),
    st.integers().map(str),
    st.floats().map(str),
)
# Values that pass, per kind of argument.
VALID = {
    "nip": [SITI, BUDI, DEWI, EKO, "19850314 201001 2 003", "198806102014031004", "199302272024212001"],
    "text": ["Siti Rahayu", "Bidang Diklat", "Analisis Data", "dobel"],
    "date": ["14/03/2026", "2026-03-10", "14 Maret 2026", "01/01/2025", "31 Dec 2026"],
    "status": ["PNS", "CPNS", "PPPK"],
    "rank": ["III/a", "Penata (III/c)", "IV/e"],
    "kind": ["B3", "coaching", "C3", "magang", "Pelatihan Teknis", "elearning"],
    "number": ["1", "2", "8", "24", "0.5", "1,5"],
    "count": ["1", "2", "3", "45"],
    "id": ["1", "2", "3", "4"],
    "year": ["2025", "2026"],
    "state": ["met", "short", "over", "ok"],
    "format": ["json", "csv", "table", "yaml"],
    "lang": ["id", "en"],
    "file": ["keluar.xlsx", "salinan.db", "../rekap.csv", "../policy.yaml"],
    "year-action": ["close", "reopen"],
    "policy-action": ["show", "check", "use"],
}


def slot(kind: str):
    """Three times in four a valid value: so runs get past the first check, and a hostile one meets the deeper."""
    valid = st.sampled_from(VALID[kind])
    return st.integers(0, 3).flatmap(lambda pick: hostile if pick == 0 else valid)


COMMANDS = {
    "staff add": lambda v: ["staff", "add", v("nip"), "--name", v("text"), "--status", v("status"), "--unit",
                            v("text"), "--rank", v("rank"), "--supervisor", v("nip"), "--joined", v("date")],
    "staff update": lambda v: ["staff", "update", v("nip"), "--position", v("text"), "--status", v("status"),
                               "--supervisor", v("nip"), "--joined", v("date")],
    "staff leave": lambda v: ["staff", "leave", v("nip"), "--date", v("date"), "--reason", v("text")],
    "staff show": lambda v: ["staff", "show", v("nip"), "--format", v("format")],
    "record magang": lambda v: ["record", "magang", v("nip"), v("nip"), "--start", v("date"), "--end", v("date"),
                                "--host", v("text")],
    "record coaching": lambda v: ["record", "coaching", v("nip"), "--coach", v("nip"), "--date", v("date"),
                                  "--sessions", v("count"), "--minutes", v("count")],
    "record mentoring": lambda v: ["record", "mentoring", v("nip"), "--mentor", v("text"), "--date", v("date"),
                                   "--topic", v("text")],
    "record training": lambda v: ["record", "training", v("nip"), "--kind", v("kind"), "--title", v("text"),
                                  "--start", v("date"), "--end", v("date"), "--jp", v("number")],
    "record training minutes": lambda v: ["record", "training", v("nip"), "--kind", v("kind"), "--title",
                                          v("text"), "--start", v("date"), "--minutes", v("number")],
    "record training days": lambda v: ["record", "training", v("nip"), "--kind", v("kind"), "--title", v("text"),
                                       "--start", v("date"), "--days", v("count")],
    "activity list": lambda v: ["activity", "list", "--nip", v("nip"), "--year", v("year"), "--kind", v("kind"),
                                "--batch", v("id"), "--format", v("format")],
    "activity show": lambda v: ["activity", "show", v("id"), "--format", v("format")],
    "activity void": lambda v: ["activity", "void", v("id"), "--reason", v("text")],
    "totals": lambda v: ["totals", "--year", v("year"), "--unit", v("text"), "--status", v("status"), "--state",
                         v("state"), "--as-of", v("date"), "--format", v("format")],
    "statement": lambda v: ["statement", v("nip"), "--year", v("year"), "--format", v("format")],
    "audit": lambda v: ["audit", "--year", v("year"), "--as-of", v("date"), "--unit", v("text")],
    "batch revert": lambda v: ["batch", "revert", v("id"), "--reason", v("text")],
    "year": lambda v: ["year", v("year-action"), v("year"), "--reason", v("text")],
    "log": lambda v: ["log", "--limit", v("count"), "--format", v("format")],
    "policy": lambda v: ["policy", v("policy-action"), v("file")],
    "import": lambda v: ["import", v("file"), "--sheet", v("text")],
    "export": lambda v: ["export", v("file"), "--year", v("year"), "--lang", v("lang"), "--unit", v("text")],
    "template": lambda v: ["template", v("file"), "--lang", v("lang")],
    "backup": lambda v: ["backup", v("file")],
}
REPORTS = {"audit", "check"}  # they exit 1 to report what they found


class Runner:
    """Runs commands against one ledger and checks each: clean exit, short stderr, nothing written on failure."""

    def __init__(self, cli):
        self.cli = cli
        self.before = cli.snapshot()

    def __call__(self, *args, lines: int = 5, allowed: set[int] | None = None) -> None:
        result = self.cli(*args)
        assert "Traceback" not in result.stderr + result.stdout, (args, result.stderr)
        allowed = allowed or {0, 2, 3} | ({1} if args and args[0] in REPORTS else set())
        assert result.exit_code in allowed, (args, result.exit_code, result.stderr)
        if result.exit_code in (2, 3):
            assert 0 < len(result.stderr.strip().splitlines()) <= lines, (args, result.stderr)
        after = self.cli.snapshot()
        if result.exit_code != 0:
            assert after == self.before, args
        self.before = after


def _fill(cli, folder) -> None:
    """The small unit, with entries, a batch and a closed year."""
    for args in (
        ("staff", "add", SITI, "--name", "Siti Rahayu", "--unit", "Bidang Diklat", "--rank", "III/c"),
        ("staff", "add", BUDI, "--name", "Budi Santoso", "--unit", "Bidang Diklat", "--supervisor", SITI),
        ("staff", "add", DEWI, "--name", "Dewi Lestari", "--status", "CPNS", "--supervisor", SITI),
        ("staff", "add", EKO, "--name", "Eko Prasetyo", "--status", "PPPK", "--unit", "Bidang Evaluasi"),
        ("record", "coaching", BUDI, "--coach", SITI, "--date", "14/03/2026", "--sessions", "3"),
        ("record", "training", SITI, DEWI, "--kind", "B3", "--title", "Analisis", "--start", "10/03/2025",
         "--jp", "24"),
        ("import", folder / "rekap.csv"),
        ("year", "close", "2025", "--reason", "dilaporkan"),
    ):
        cli.ok(*args)


@pytest.fixture(scope="module")
def filled(tmp_path_factory):
    """A SQLite ledger filled once for the module; each test gets a copy (filling it is most of a test's cost)."""
    folder = tmp_path_factory.mktemp("hostile")
    _files(folder)
    template = folder / "template.db"
    with pytest.MonkeyPatch.context() as patch:  # what the `cli` fixture sets, for this one ledger
        patch.setenv("JPLEDGER_DB", str(template))
        patch.setenv("JPLEDGER_TODAY", TODAY)
        patch.setenv("JPLEDGER_ACTOR", "tester")
        _fill(Cli(str(template), template), folder)
    return template


def _files(folder) -> None:
    (folder / "rekap.csv").write_text(f"NIP Peserta,Jenis Kegiatan,Nama Kegiatan,Tanggal Mulai,Jumlah JP\n{BUDI},C3,"
                                      "Daring,02/02/2026,3\n", encoding="utf-8")
    from jpledger.core.policy import default_policy_text

    (folder / "policy.yaml").write_text(default_policy_text(), encoding="utf-8")


@pytest.fixture
def ledger(cli, filled, tmp_path, monkeypatch):
    """A copy of the filled ledger (filled afresh on PostgreSQL); commands run in an empty scratch folder."""
    import shutil

    _files(tmp_path)
    if cli.path is None:
        _fill(cli, tmp_path)
    else:
        shutil.copyfile(filled, cli.path)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.chdir(scratch)  # random file names land here, never in the source tree
    return cli


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_random_arguments_fail_cleanly_and_change_nothing(ledger, name):
    check = Runner(ledger)

    @SETTINGS
    @given(st.data())
    def run(data):
        check(*COMMANDS[name](lambda kind: data.draw(slot(kind))))

    run()


HUGE = "99999999999999999999999"


@pytest.mark.parametrize("args", [
    ("activity", "show", HUGE),
    ("activity", "void", HUGE, "--reason", "x"),
    ("batch", "revert", HUGE, "--reason", "x"),
    ("record", "coaching", BUDI, "--coach", SITI, "--date", "14/03/2026", "--sessions", HUGE),
    ("record", "training", SITI, "--kind", "magang", "--title", "x", "--start", "01/07/2026", "--days", HUGE),
    ("record", "training", SITI, "--kind", "B3", "--title", "x", "--start", "01/07/2026", "--jp", "1e400"),
    ("staff", "add", "\udcff\udcfe", "--name", "x"),
    ("staff", "add", "198806102014031004", "--name", "Agus\udcff"),
    ("template", ""),
    ("export", "a" * 300 + ".xlsx"),
    ("backup", "no/such/folder/copy.db"),
], ids=["show-huge-id", "void-huge-id", "revert-huge-batch", "huge-sessions", "huge-days", "jp-overflow",
        "undecodable-nip", "undecodable-name", "empty-file-name", "file-name-too-long", "missing-folder"])
def test_arguments_that_once_broke_a_command_fail_cleanly(ledger, args):
    Runner(ledger)(*args)


# --- the importer ---------------------------------------------------------------------------------------------

HEADERS = ["NIP", "Nama", "Status", "Unit Kerja", "NIP Peserta", "Jenis Kegiatan", "Nama Kegiatan",
           "Tanggal Mulai", "Tanggal Selesai", "JP", "Jumlah Sesi", "Menit", "Hari", "Pembimbing", "Lingkup"]
cell = st.one_of(
    st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True, allow_infinity=False),
    st.text(max_size=25), st.sampled_from(INTERESTING), st.sampled_from(VALID["nip"] + VALID["date"] + VALID["kind"]),
    st.dates(date(1900, 1, 1), date(2100, 12, 31)),
    st.datetimes(datetime(1900, 1, 1), datetime(2100, 12, 31)),
    st.times(time(0), time(23, 59)),
    st.sampled_from(["=1/0", "=NOW()", "=A1", "#REF!", "#N/A"]),
)
sheet = st.tuples(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8, unique=True),
                  st.lists(st.lists(cell, max_size=8), max_size=12))


IMPORTED_OR_REJECTED = {0, 3}  # a file that is there is imported, or rejected as input (never a usage error)


def _xlsx(path, header, rows) -> None:
    from openpyxl import Workbook

    book = Workbook()
    ws = book.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    book.save(path)


@SETTINGS
@given(sheet)
def test_random_rows_and_cell_types_import_all_or_nothing(ledger, tmp_path, drawn):
    header, rows = drawn
    path = tmp_path / "acak.xlsx"
    try:
        _xlsx(path, header, rows)
    except Exception:  # values openpyxl itself refuses (control characters): not a workbook anyone can send
        return
    Runner(ledger)("import", path, lines=200, allowed=IMPORTED_OR_REJECTED)


@SETTINGS
@given(st.lists(st.lists(st.one_of(hostile, *map(slot, ("nip", "kind", "date", "number"))), max_size=8),
                max_size=10),
       st.sampled_from(HEADERS[4:]))
def test_random_csv_rows_import_all_or_nothing(ledger, tmp_path, rows, extra):
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["NIP Peserta", "Jenis Kegiatan", "Nama Kegiatan", "Tanggal Mulai", extra])
    writer.writerows(rows)
    path = tmp_path / "acak.csv"
    path.write_text(out.getvalue(), encoding="utf-8", errors="surrogateescape")
    Runner(ledger)("import", path, lines=200, allowed=IMPORTED_OR_REJECTED)


@SETTINGS
@given(st.binary(max_size=2000), st.sampled_from([".xlsx", ".csv", ".xls", ".txt", ""]))
def test_random_bytes_as_a_roster_are_refused_cleanly(ledger, tmp_path, blob, suffix):
    path = tmp_path / f"sampah{suffix}"
    path.write_bytes(blob)
    Runner(ledger)("import", path, lines=200, allowed=IMPORTED_OR_REJECTED)


@pytest.mark.parametrize("column, amount", [("Jumlah JP", HUGE), ("Jumlah Sesi", HUGE), ("Jumlah JP", "1e400")])
def test_absurd_quantities_in_a_roster_are_rejected_as_input(ledger, tmp_path, column, amount):
    path = tmp_path / "besar.csv"
    path.write_text(f"NIP Peserta,Jenis Kegiatan,Nama Kegiatan,Tanggal Mulai,{column}\n"
                    f"{SITI},{'C1' if 'Sesi' in column else 'B3'},X,02/02/2026,{amount}\n", encoding="utf-8")
    Runner(ledger)("import", path, allowed={3})


def test_a_zip_that_is_not_a_workbook_and_a_huge_sheet_claim_are_refused(ledger, tmp_path):
    import zipfile

    path = tmp_path / "palsu.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'aaaa'>]><workbook>&a;</workbook>")
    before = ledger.snapshot()
    result = ledger("import", path)
    assert result.exit_code == 3 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 3
    assert ledger.snapshot() == before
