"""Output a person reads (issue 9, items 9, 10, 12, 14 and 15): tables that fit the terminal without cutting a
number, a NIP or a date; a closed pipe that ends quietly; filters in both languages; staff changes shown as text.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from conftest import BUDI, DEWI, EKO, SITI, TODAY

LONG_NAME = "Raden Ajeng Kartini Puspitasari Dewi Kusumawardhani"
LONG_UNIT = "Bidang Pengembangan Kompetensi Aparatur Sipil Negara"
SUDARSONO = "197001102023211001"  # PPPK


@pytest.fixture
def crowded(unit):
    """Long names and units, a PPPK over the maximum, findings with long messages, a coaching journal."""
    unit.ok("staff", "add", SUDARSONO, "--name", "Sudarsono Wirjoatmodjo Hadiprawiro", "--status", "PPPK",
            "--unit", LONG_UNIT, "--supervisor", SITI)
    unit.ok("staff", "update", DEWI, "--name", LONG_NAME, "--unit", LONG_UNIT, "--from", "01/01/2026")
    unit.ok("record", "training", SUDARSONO, BUDI, "--kind", "B3", "--title", "Pelatihan Teknis Analisis Data "
            "Statistik Lanjutan untuk Perencanaan Pembangunan Daerah", "--start", "02/03/2026", "--end", "13/03/2026",
            "--jp", "30")
    unit.ok("record", "coaching", DEWI, "--coach", "Dr. Ahmad Fauzi dari Lembaga Administrasi Negara", "--date",
            "14/03/2026", "--sessions", "3")
    unit.ok("record", "training", SITI, "--kind", "C3", "--title", "MOOC", "--start", "02/04/2026", "--jp", "8")
    return unit


def jp(value, lang: str) -> str:
    text = f"{value:.2f}"
    return text.replace(".", ",") if lang == "id" else text


def must_show(cli, args: tuple, lang: str) -> set[str]:
    """What the table of `args` shows in its own columns and must show whole: NIPs, dates, JP, ids."""
    data = cli(*args, "--format", "json").json()
    command = " ".join(args[:2]) if args[0] in ("staff", "activity") else args[0]
    if command == "totals":
        return {p["nip"] for p in data} | {jp(p["jp"], lang) for p in data}
    if command == "audit":
        listed = [p for p in data["people"] if p["state"] in ("short", "over")]
        return ({p["nip"] for p in listed} | {jp(p["jp"], lang) for p in listed}
                | {f["nip"] for f in data["findings"] if f["nip"]})
    if command == "staff list":
        return {p[k] for p in data for k in ("nip", "supervisor", "appointed", "joined", "left") if p[k]}
    if command == "activity list":
        return {str(a[k]) for a in data for k in ("nip", "start", "end")} | {jp(a["credited"], lang) for a in data}
    if command == "statement":
        entries = data["entries"]
        return {e[k] for e in entries for k in ("start", "end")} | {jp(e[k], lang) for e in entries
                                                                    for k in ("credited", "withheld", "counted")}
    return {entry["at"] for entry in data}  # log


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("args", [
    ("totals", "--year", "2026"), ("totals", "--year", "2026", "--by-kind"), ("audit", "--year", "2026"),
    ("staff", "list"), ("activity", "list"), ("statement", DEWI, "--year", "2026"), ("log",),
], ids=["totals", "totals-by-kind", "audit", "staff-list", "activity-list", "statement", "log"])
def test_no_number_nip_or_date_is_cut_and_nothing_is_wider_than_the_terminal(crowded, monkeypatch, width, lang,
                                                                               args):
    monkeypatch.setenv("COLUMNS", str(width))
    shown = crowded("--lang", lang, *args)
    assert shown.exit_code in (0, 1), shown.stderr
    assert max(len(line) for line in shown.stdout.splitlines()) <= width
    words = set(re.split(r"\s+", shown.stdout))
    for value in must_show(crowded, args, lang):
        assert value in words, f"{value} is cut or missing at {width} columns"
    if args[0] != "log":  # a command line in the trail is text, and may be shortened like any text
        assert not re.search(r"\d[.,]?…", shown.stdout)


def test_the_audits_compliance_column_is_whole_in_indonesian_at_80_columns(crowded, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    shown = crowded("--lang", "id", "audit", "--year", "2026").stdout
    assert re.search(r"^Semua unit kerja\s+5\s+1\s+2\s+1\s+1 .*\s40,0%$", shown, re.MULTILINE), shown


def test_a_long_message_goes_under_its_row_on_a_narrow_terminal(crowded, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    lines = crowded("audit", "--year", "2026").stdout.splitlines()
    row = next(i for i, line in enumerate(lines) if line.startswith("info") and "MONTHLY_CAP_WITHHELD" in line)
    assert DEWI in lines[row]
    assert lines[row + 1].startswith("    coaching 2026-03: 2.00 JP withheld")


def test_wide_terminals_keep_every_column_on_the_row(crowded, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    lines = crowded("audit", "--year", "2026").stdout.splitlines()
    row = next(line for line in lines if "MONTHLY_CAP_WITHHELD" in line)
    assert "coaching 2026-03: 2.00 JP withheld" in row


def test_state_filters_take_either_language(unit):
    unit.ok("record", "training", SITI, "--kind", "B3", "--title", "X", "--start", "02/03/2026", "--jp", "20")
    for english, indonesian in (("short", "kurang"), ("met", "memenuhi"), ("ok", "Sesuai"), ("over", "melebihi")):
        assert unit.ok("totals", "--year", "2026", "--state", indonesian, "--format", "json").json() == \
            unit.ok("totals", "--year", "2026", "--state", english, "--format", "json").json()
    assert {p["nip"] for p in unit.ok("totals", "--year", "2026", "--state", "kurang", "--format", "json").json()} \
        == {BUDI, DEWI}
    wrong = unit("totals", "--year", "2026", "--state", "lulus")
    assert wrong.exit_code == 2
    assert "use one of met, short, over, ok, memenuhi, kurang, melebihi, sesuai" in wrong.stderr


# --- staff changes (items 12 and 15) ---------------------------------------------------------------------------

def test_an_empty_value_clears_a_field_a_leave_can_be_undone_and_nothing_reads_none(unit):
    unit.ok("staff", "update", BUDI, "--joined", "01/02/2020")
    cleared = unit("staff", "update", BUDI, "--joined", "")
    assert cleared.exit_code == 0, cleared.stderr
    assert unit.ok("staff", "show", BUDI, "--format", "json").json()["joined"] is None
    unit.ok("staff", "leave", BUDI, "--date", "30/06/2026", "--reason", "mutasi")
    undone = unit.ok("staff", "update", BUDI, "--left", "")
    assert "left 2026-06-30 -> -" in undone.stderr
    person = unit.ok("staff", "show", BUDI, "--format", "json").json()
    assert (person["left"], person["leave_reason"]) == (None, None)
    assert BUDI in {p["nip"] for p in unit.ok("staff", "list", "--format", "json").json()}
    unit.ok("staff", "update", BUDI, "--unit", "Bidang Baru")
    moved = unit.ok("staff", "update", BUDI, "--unit", "")
    assert "unit Bidang Baru -> -" in moved.stderr and "None" not in moved.stderr


def test_a_leave_stamps_the_record_as_every_update_does(unit):
    # Item 15: `staff leave` wrote its own SQL and skipped the stamp that `staff update` sets.
    long_ago = "2020-01-01 00:00:00"
    unit.rows("UPDATE staff SET updated_at = ? WHERE nip IN (?, ?)", long_ago, EKO, BUDI)
    unit.ok("staff", "leave", EKO, "--date", "30/06/2026")
    stamps = dict(unit.rows("SELECT nip, updated_at FROM staff WHERE nip IN (?, ?)", EKO, BUDI))
    assert not str(stamps[EKO]).startswith("2020") and str(stamps[BUDI]).startswith("2020")


# --- a closed pipe (item 9) ---------------------------------------------------------------------------------

def test_writing_into_a_closed_pipe_ends_quietly_with_141(tmp_path):
    db = tmp_path / "ledger.db"
    rows = ["NIP Peserta,Jenis Kegiatan,Nama Kegiatan,Tanggal Mulai,Tanggal Selesai,Jumlah JP"]
    rows += [f"{BUDI},B3,Pelatihan ke-{i} dengan judul yang cukup panjang,02/06/2026,04/06/2026,1"
             for i in range(2500)]
    (tmp_path / "rekap.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("JPLEDGER_")} | {
        "JPLEDGER_DB": str(db), "JPLEDGER_TODAY": TODAY}
    jpledger = [sys.executable, "-m", "jpledger"]
    subprocess.run([*jpledger, "staff", "add", BUDI, "--name", "Budi"], env=env, check=True, capture_output=True)
    subprocess.run([*jpledger, "import", "rekap.csv"], cwd=tmp_path, env=env, check=True, capture_output=True)
    # The shell's own pipe, as a person types it: head reads one line and goes; the rest has nowhere to go.
    command = " ".join([*jpledger, "activity", "list", "--format", "csv"])
    shell = subprocess.run(["bash", "-c", f"{command} 2>stderr.txt | head -1; echo ${{PIPESTATUS[0]}}"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    first, status = shell.stdout.splitlines()
    assert first.startswith("id,nip,kind")
    assert status == "141"
    assert (tmp_path / "stderr.txt").read_text() == ""


@pytest.mark.parametrize("report", [["totals", "--format", "json"], ["audit", "--format", "json"],
                                    ["totals", "--format", "csv"]])
def test_a_streamed_report_into_a_closed_pipe_ends_quietly_with_141(tmp_path, report):
    """totals and audit stream people from an open query: when the reader goes, the query is let go without a word.
    More people than the stream reads at a time keep it open. totals JSON is the case that printed a traceback (its
    cursor was closed after its connection); audit JSON and totals CSV hold the other streamed writers to the same
    quiet end."""
    db = tmp_path / "ledger.db"
    rows = ["NIP,Nama,Status Kepegawaian,Unit Kerja"]
    rows += [f"1980{1 + i // 28 % 12:02d}{1 + i % 28:02d}200501{1 + i // 336 % 2}{1 + i % 999:03d},"
             f"Pegawai dengan nama yang cukup panjang ke-{i},PNS,Unit {i % 7}" for i in range(6000)]
    (tmp_path / "pegawai.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("JPLEDGER_")} | {
        "JPLEDGER_DB": str(db), "JPLEDGER_TODAY": TODAY}
    jpledger = [sys.executable, "-m", "jpledger"]
    subprocess.run([*jpledger, "import", "pegawai.csv"], cwd=tmp_path, env=env, check=True, capture_output=True)
    command = " ".join([*jpledger, *report, "--year", TODAY[:4]])
    shell = subprocess.run(["bash", "-c", f"{command} 2>stderr.txt | head -c 100 >/dev/null; echo ${{PIPESTATUS[0]}}"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert shell.stdout.strip() == "141"
    assert (tmp_path / "stderr.txt").read_text() == ""
