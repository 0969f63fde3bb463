"""Spec 15: an exported workbook of a ledger that `check` finds clean imports back into an empty ledger with the same
people, history, contracts, units, activities, credits, verification and totals.

The ledgers are built at random from a seed (people of every status, units as a tree, changes over time, contracts,
leaves, mandiri entries, monthly caps, voids, verification, a policy changed half-way, JP taken as given), each
through the ways in a user has; every seed is one ledger, on the back end the suite runs on.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import pytest

from conftest import BUDI, PG_URL, Cli

# (NIP, status): PNS and CPNS with their TMT CPNS in digits 9-14; PPPK with the year of hiring there.
PEOPLE = [
    ("198503142010012003", "PNS"), ("199203152019031001", "PNS"), ("199507212020122002", "CPNS"),
    ("199001012024211001", "PPPK"), ("198806102014031004", "PNS"), ("199601182022031005", "PNS"),
    ("199302272024212001", "PPPK"), ("197911052005011002", "PNS"), ("199812122023022001", "CPNS"),
    ("198704042023211003", "PPPK"),
]
UNITS = [("BPS", "Badan Pusat Statistik", None), ("DIK", "Bidang Diklat", "BPS"), ("DIK1", "Seksi Teknis", "DIK"),
         ("EVA", "Bidang Evaluasi", "BPS")]
PNS_RANKS = ["II/c", "III/a", "III/b", "III/c", "IV/a"]
PPPK_RANKS = ["V", "VII", "IX", "XI"]
VARIANT = """\
name: Kebijakan Percobaan
minutes_per_jp: 60
targets:
  PNS:  {min_jp: 30}
  CPNS: {min_jp: 20}
  PPPK: {max_jp: 24}
kinds:
  pelatihan_teknis: {code: B3, label: Pelatihan Teknis, form: klasikal, unit: jp, international_factor: 1.5}
  seminar: {code: B6, label: Seminar, form: klasikal, unit: day, jp_per_unit: 5, international_jp_per_unit: 7}
  coaching: {code: C1, label: Coaching, form: nonklasikal, unit: session, jp_per_unit: 3, max_units_per_month: 1}
  mentoring: {code: C2, label: Mentoring, form: nonklasikal, unit: session, jp_per_unit: 2, max_units_per_month: 2}
  elearning: {code: C3, label: E-Learning, form: nonklasikal, unit: jp, max_jp_per_day: 4}
  magang: {code: C11, label: Magang, form: nonklasikal, unit: occurrence, jp_per_unit: 24}
  tugas_belajar: {code: A1, label: Tugas Belajar, form: pendidikan, unit: semester, jp_per_unit: 20}
"""


@pytest.fixture
def copy_location(tmp_path):
    """A second, empty ledger on the same back end: where the export goes back in."""
    if PG_URL:
        from conftest import _pg_database

        yield from _pg_database()
    else:
        yield str(tmp_path / "copy.db")


class Builder:
    """Builds one random ledger through the command line and imports, as an officer would over a year or two."""

    def __init__(self, cli: Cli, seed: int, folder: Path):
        self.cli, self.rnd, self.folder = cli, random.Random(seed), folder
        self.people: dict[str, dict] = {}
        self.entries: list[int] = []

    def day(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rnd.randrange((last - first).days + 1))

    def build(self) -> None:
        from test_import import write_roster

        rnd = self.rnd
        units = [["Kode Unit", "Nama Unit", "Kode Unit Induk"], *[list(u) for u in UNITS[:rnd.randint(1, 4)]]]
        self.cli.ok("import", write_roster(self.folder / "unit.xlsx", {"Unit": units}, banner=False))
        codes = [row[0] for row in units[1:]] + ["Bagian Umum"]  # a unit by text alone: added at the top
        for nip, status in rnd.sample(PEOPLE, rnd.randint(3, len(PEOPLE))):
            args = ["staff", "add", nip, "--name", f"Pegawai {nip[-3:]}", "--status", status,
                    "--unit", rnd.choice(codes), "--rank", rnd.choice(PPPK_RANKS if status == "PPPK" else PNS_RANKS)]
            start = date(2024, 1, 1) if status == "PPPK" else date(int(nip[8:12]), int(nip[12:14]), 1)
            if rnd.random() < 0.3 and start < date(2024, 1, 1):
                joined = self.day(start, date(2024, 12, 31))
                args += ["--joined", joined.isoformat()]
                start = joined
            if rnd.random() < 0.5:
                args += ["--position", rnd.choice(["Analis", "Statistisi", "Pranata Komputer"])]
            if self.people and rnd.random() < 0.5:
                args += ["--supervisor", rnd.choice(list(self.people))]
            self.cli.ok(*args)
            self.people[nip] = {"status": status, "start": max(start, date(2025, 1, 1)), "end": date(2026, 11, 22)}
        self.contracts()
        for nip in rnd.sample(list(self.people), min(3, len(self.people))):
            person = self.people[nip]
            since = self.day(date(2025, 2, 1), date(2026, 6, 30))
            field = rnd.choice(["--unit", "--position", "--rank"])
            value = (rnd.choice(codes) if field == "--unit" else "Kepala Seksi" if field == "--position"
                     else rnd.choice(PPPK_RANKS if person["status"] == "PPPK" else PNS_RANKS))
            self.cli.ok("staff", "update", nip, field, value, "--from", since.isoformat())
        self.activities(date(2025, 1, 1), date(2025, 12, 31))
        if rnd.random() < 0.6:
            policy = self.folder / "variant.yaml"
            policy.write_text(VARIANT, encoding="utf-8")
            self.cli.ok("policy", "use", policy)
        self.activities(date(2026, 1, 1), date(2026, 11, 20))
        self.as_given()
        if rnd.random() < 0.5:
            nip = rnd.choice(list(self.people))
            left = self.day(date(2026, 10, 1), date(2026, 11, 20))
            self.cli.ok("staff", "leave", nip, "--date", left.isoformat(), "--reason", "pindah instansi")
        for entry in rnd.sample(self.entries, min(2, len(self.entries))):
            self.cli.ok("activity", "void", entry, "--reason", "salah catat")
        self.verification()

    def contracts(self) -> None:
        from test_import import write_roster

        rows = [["NIP", "Tanggal Mulai Kontrak", "Tanggal Akhir Kontrak", "Nomor Perjanjian Kerja"]]
        for nip, person in self.people.items():
            if person["status"] == "PPPK" and self.rnd.random() < 0.8:
                rows.append([nip, date(2024, 3, 1), date(2025, 2, 28), f"PK-{nip[-3:]}-1"])
                if self.rnd.random() < 0.6:
                    rows.append([nip, date(2025, 3, 1), date(2027, 2, 28), f"PK-{nip[-3:]}-2"])
        if len(rows) > 1:
            self.cli.ok("import", write_roster(self.folder / "kontrak.xlsx", {"Kontrak": rows}, banner=False))

    def activities(self, first: date, last: date) -> None:
        rnd = self.rnd
        for nip, person in self.people.items():
            for _ in range(rnd.randint(1, 4)):
                start = self.day(max(first, person["start"]), last)
                extra = ["--mandiri"] if rnd.random() < 0.2 else []
                kind = rnd.choice(["B3", "B6", "C1", "C1", "C2", "C3", "C11", "A1"])
                if kind == "C1":
                    # Sessions bunched in one month: the monthly cap withholds some.
                    args = ["coaching", nip, "--coach", rnd.choice([*self.people, "Dr. Ahmad"]), "--date",
                            start.replace(day=min(start.day, 27)).isoformat(), "--sessions",
                            str(rnd.randint(1, 3)), "--topic", "Rencana kerja", "--goal", "SKP tercapai"]
                    if nip in args[3:4]:
                        args[3] = "Dr. Ahmad"
                elif kind == "C2":
                    args = ["mentoring", nip, "--mentor", "Ir. Wati", "--date", start.isoformat(), "--minutes", "60"]
                elif kind == "C11":
                    args = ["magang", nip, "--start", start.isoformat(),
                            "--end", min(start + timedelta(days=20), last).isoformat(), "--host", "BPS Provinsi"]
                else:
                    end = min(start + timedelta(days=rnd.randint(0, 3)), last)
                    args = ["training", nip, "--kind", kind, "--title", f"Kegiatan {rnd.randint(1, 999)}",
                            "--start", start.isoformat(), "--end", end.isoformat()]
                    if kind == "B3":
                        args += ["--jp", str(rnd.choice([8, 16, 24, 12.5]))]
                    elif kind == "C3":
                        args += ["--minutes", str(rnd.choice([90, 200, 400]))]
                    elif kind == "A1":
                        args += ["--semesters", "1"]
                    if kind in ("B3", "B6") and rnd.random() < 0.3:
                        args += ["--international"]
                result = self.cli.ok("record", *args, *extra, "--format", "json")
                self.entries += [e["id"] for e in result.json()]

    def as_given(self) -> None:
        """A roster whose JP the officer converted by hand, credited as given."""
        from test_import import activity_rows, write_roster

        nip = self.rnd.choice(list(self.people))
        start = max(date(2026, 3, 3), self.people[nip]["start"])
        roster = write_roster(self.folder / "jp.xlsx", {"Kegiatan": activity_rows(
            (nip, "B6", "Seminar Daerah", "BPS", start, start, 6, None, None, None, None))})
        profile = self.folder / "apa-adanya.yaml"
        profile.write_text("jp: as_given\n", encoding="utf-8")
        self.cli.ok("import", roster, "--profile", profile)

    def verification(self) -> None:
        """Some entries verified, one rejected (as `activity verify|reject` would mark them)."""
        live = [i for (i,) in self.cli.rows("SELECT id FROM activity WHERE voided = ? ORDER BY id", False)]
        for entry in self.rnd.sample(live, min(4, len(live))):
            self.cli.rows("UPDATE activity SET verification = 'verified', verified_by = 'pak verifikator', "
                          "verified_at = ?, verify_note = 'sertifikat ada' WHERE id = ?",
                          "2026-11-01 09:30:00", entry)
        rejected = self.rnd.choice(live)
        self.cli.rows("UPDATE activity SET verification = 'rejected', verified_by = 'pak verifikator', "
                      "verified_at = ?, reject_reason = 'bukan pengembangan kompetensi' WHERE id = ?",
                      "2026-11-02 10:00:00", rejected)


def at(cli: Cli, location: str) -> Cli:
    other = Cli(location, None if "://" in location else Path(location))
    other.runner = cli.runner
    return other


def _with_db(cli: Cli, location: str):
    def run(*args):
        return cli.ok("--db", location, *args)
    return run


_ACTIVITY = ("nip", "kind", "code", "form", "title", "start", "end", "year", "international", "units_cents",
             "jp_cents", "rate_cents", "month_cap", "coach", "coach_nip", "organizer", "ref", "note", "sessions",
             "minutes", "fingerprint", "mandiri", "verification", "verified_by", "verified_at", "verify_note",
             "reject_reason", "goal", "actions", "follow_up")


def snapshot(cli: Cli, location: str) -> dict:
    """Everything the round trip promises, read as a user and a report script would."""
    run = _with_db(cli, location)
    people = run("staff", "list", "--all", "--format", "json").json()
    shown = {p["nip"]: run("staff", "show", p["nip"], "--format", "json").json() for p in people}
    ledger = at(cli, location)
    columns = ", ".join(f'"{c}"' for c in _ACTIVITY)
    stamp = _ACTIVITY.index("verified_at")
    # A moment as the back end hands it over (text on SQLite, a datetime on PostgreSQL), to the second.
    activities = sorted((row[:stamp] + (str(row[stamp])[:19] if row[stamp] else None,) + row[stamp + 1:]
                         for row in ledger.rows(f"SELECT {columns} FROM activity WHERE voided = ?", False)), key=repr)
    years = sorted({row[_ACTIVITY.index("year")] for row in activities})
    return {
        "people": sorted(people, key=lambda p: p["nip"]),
        "history": {nip: s["history"] for nip, s in shown.items()},
        "contracts": {nip: s["contracts"] for nip, s in shown.items()},
        "units": sorted(ledger.rows("SELECT code, name, parent FROM unit")),
        "activities": activities,
        "totals": {year: run("totals", "--year", year, "--format", "json").json() for year in years},
        "audit": {year: {k: v for k, v in at_year.items() if k in ("summary", "units", "people")}
                  for year in years for at_year in [_audit(cli, location, year)]},
        "policy": run("policy", "show", "--format", "json").json(),
    }


def _audit(cli: Cli, location: str, year: int) -> dict:
    result = cli("--db", location, "audit", "--year", year, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    return result.json()


@pytest.mark.parametrize("seed", range(6))
def test_an_export_imports_back_into_an_empty_ledger_as_the_same_ledger(cli, copy_location, tmp_path, seed):
    Builder(cli, seed, tmp_path).build()
    check = cli("check", "--format", "json")
    assert check.exit_code == 0, check.stdout  # the promise holds for a ledger `check` finds clean
    book = tmp_path / "ekspor.xlsx"
    cli.ok("export", book)
    imported = cli.ok("--db", copy_location, "import", book, "--format", "json").json()
    assert imported["unused_columns"] == []
    source, copy = snapshot(cli, cli.location), snapshot(cli, copy_location)
    for part in source:
        assert copy[part] == source[part], part
    again = cli.ok("--db", copy_location, "import", book, "--format", "json").json()
    assert again["activities"]["added"] == 0 and again["staff"]["updated"] == 0  # importing it twice adds nothing


def test_two_entries_alike_come_back_as_two(unit, copy_location, tmp_path):
    # A duplicate-looking pair the officer kept (warned about when recorded) is two entries in the ledger: an
    # export of it imports back as two, not one and a repeat.
    for _ in range(2):
        unit.ok("record", "training", BUDI, "--kind", "B6", "--title", "Seminar SDM", "--start", "10/06/2026",
                "--end", "11/06/2026")
    book = tmp_path / "ekspor.xlsx"
    unit.ok("export", book)
    imported = unit.ok("--db", copy_location, "import", book, "--format", "json").json()
    assert imported["activities"]["added"] == 2 and imported["repeats"] == []
    totals = [unit.ok("--db", where, "totals", "--year", "2026", "--format", "json").json()
              for where in (unit.location, copy_location)]
    assert totals[0] == totals[1] and next(p for p in totals[1] if p["nip"] == BUDI)["jp"] == 16
    again = unit.ok("--db", copy_location, "import", book, "--format", "json").json()
    assert again["activities"]["added"] == 0  # importing it twice adds nothing


def test_an_export_into_a_ledger_with_activities_keeps_that_ledgers_policy(unit, copy_location, tmp_path):
    policy = tmp_path / "variant.yaml"
    policy.write_text(VARIANT, encoding="utf-8")
    unit.ok("policy", "use", policy)
    unit.ok("record", "coaching", "199203152019031001", "--coach", "Dr. Ahmad", "--date", "10/03/2026")
    book = tmp_path / "ekspor.xlsx"
    unit.ok("export", book)
    other = _with_db(unit, copy_location)
    other("staff", "add", "197911052005011002", "--name", "Orang Lain")
    other("record", "training", "197911052005011002", "--kind", "B3", "--title", "Kelas", "--start",
          "10/03/2026", "--jp", "8")
    result = other("import", book)
    assert "this ledger keeps its own policy" in result.stderr
    assert other("policy", "show", "--format", "json").json()["name"] != "Kebijakan Percobaan"
    coaching = [e for e in other("activity", "list", "--format", "json").json() if e["kind"] == "coaching"]
    assert [e["jp"] for e in coaching] == [3]  # credited under the variant's 3 JP a session, taken as given
