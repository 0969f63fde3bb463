"""One rule set on every way in (issue 9, item 8; spec 15): what `staff add|update` and `record` refuse, an import
refuses too, naming the cell; rows an older jpledger took that today's rules refuse are `check` findings, and
`migrate-to` copies no ledger that holds any."""

from __future__ import annotations

from datetime import date

from conftest import BUDI, DEWI, EKO, SITI
from test_import import activity_rows, staff_rows, write_roster

AGUS = "198806102014031004"


def test_a_pppk_golongan_for_a_pns_is_refused_on_every_way_in(cli, tmp_path):
    added = cli("staff", "add", EKO, "--name", "Eko", "--status", "PPPK", "--rank", "III/a")
    assert added.exit_code == 2 and "III/a is a PNS golongan" in added.stderr
    roster = write_roster(tmp_path / "r.xlsx", {"Pegawai": staff_rows((EKO, "Eko", "PPPK", "", "", "III/a", ""))})
    imported = cli("import", roster)
    assert imported.exit_code == 3
    assert f"{roster}:Pegawai!G5: golongan III/a is a PNS golongan; a PPPK golongan is I to XVII" in imported.stderr


def test_a_new_status_that_the_kept_golongan_does_not_fit_is_refused_as_staff_update_refuses(unit, tmp_path):
    updated = unit("staff", "update", SITI, "--status", "PPPK")
    assert updated.exit_code == 2 and "III/c is a PNS golongan" in updated.stderr
    roster = write_roster(tmp_path / "r.xlsx", {"Pegawai": staff_rows((SITI, "Siti Rahayu", "PPPK", "", "", "", ""))})
    before = unit.snapshot()
    imported = unit("import", roster)
    assert imported.exit_code == 3
    assert (f"{roster}:Pegawai!D5: Status Kepegawaian PPPK does not fit the golongan the ledger holds (golongan "
            "III/c is a PNS golongan; a PPPK golongan is I to XVII); give the new golongan in this row too"
            ) in imported.stderr
    assert unit.snapshot() == before
    fixed = write_roster(tmp_path / "s.xlsx", {"Pegawai": staff_rows((SITI, "Siti Rahayu", "PPPK", "", "", "IX", ""))})
    unit.ok("import", fixed)
    assert unit.ok("staff", "show", SITI, "--format", "json").json()["rank"] == "IX"


def test_joined_before_the_start_of_service_the_nip_gives_is_refused_on_every_way_in(cli, tmp_path):
    # AGUS's NIP says TMT CPNS March 2014: joining in 2010 is before it, whether typed or imported.
    added = cli("staff", "add", AGUS, "--name", "Agus", "--joined", "01/01/2010")
    assert added.exit_code == 2 and "before the start of service" in added.stderr
    roster = write_roster(tmp_path / "r.xlsx", {"Pegawai": [["NIP", "Nama", "TMT Masuk"], [AGUS, "Agus",
                                                                                          date(2010, 1, 1)]]})
    imported = cli("import", roster)
    assert imported.exit_code == 3
    assert f"{roster}:Pegawai!C5: joined 2010-01-01 is before the start of service (appointed 2014-03-01)" \
        in imported.stderr


def test_activity_days_record_refuses_are_row_errors(unit, tmp_path):
    roster = write_roster(tmp_path / "r.xlsx", {"Kegiatan": activity_rows(
        (BUDI, "B3", "Lama sekali", None, date(1949, 3, 10), date(1949, 3, 10), 8, None, None, None, None),
        (BUDI, "B3", "Sebelum lahir", None, date(1991, 3, 10), date(1991, 3, 10), 8, None, None, None, None),
        (BUDI, "B3", "Tahun depan", None, date(2027, 12, 1), date(2027, 12, 2), 8, None, None, None, None),
    )})
    result = unit("import", roster)
    assert result.exit_code == 3
    assert result.stderr.splitlines()[:3] == [
        f"{roster}:Kegiatan!F5: the activity starts 1949-03-10, before 1950-01-01; check the year",
        f"{roster}:Kegiatan!F6: the activity starts 1991-03-10, before the person was born (1992-03-15)",
        f"{roster}:Kegiatan!G7: the activity ends 2027-12-02, more than a year from today (after 2027-11-22); "
        "check the year",
    ]


def test_rows_an_older_jpledger_took_are_check_findings(unit):
    """Written behind the rules, as an older jpledger (or a hand edit) could: each named by `check` with the fix."""
    unit.ok("check")
    unit.rows("UPDATE staff SET rank = 'III/a' WHERE nip = ?", EKO)
    unit.rows("UPDATE staff SET rank = 'III' WHERE nip = ?", BUDI)
    unit.rows("UPDATE staff SET supervisor = nip WHERE nip = ?", DEWI)
    unit.ok("record", "training", BUDI, "--kind", "B3", "--title", "Kelas", "--start", "10/03/2026", "--jp", "8")
    unit.rows("UPDATE activity SET start = '1948-01-05' WHERE nip = ?", BUDI)
    result = unit("check", "--format", "json")
    assert result.exit_code == 1
    found = sorted((p["code"], p["where"]) for p in result.json())
    assert found == sorted([("RULE_ACTIVITY_DAYS", "activity 1"), ("RULE_RANK", f"staff {BUDI}"),
                            ("RULE_RANK", f"staff {EKO}"), ("RULE_SUPERVISOR", f"staff {DEWI}")])
    messages = {p["where"]: p["message"] for p in result.json()}
    assert messages[f"staff {EKO}"] == "golongan III/a is a PNS golongan; a PPPK golongan is I to XVII"
    assert messages[f"staff {BUDI}"] == "golongan III is a PPPK golongan; a PNS golongan has its letter (III/a)"


def test_migrate_to_copies_no_ledger_that_breaks_the_rules(unit, tmp_path):
    unit.rows("UPDATE staff SET rank = 'III/a' WHERE nip = ?", EKO)
    target = tmp_path / "target.db"
    result = unit("migrate-to", f"sqlite:///{target}")
    assert result.exit_code == 3
    assert f"staff {EKO}: golongan III/a is a PNS golongan; a PPPK golongan is I to XVII (RULE_RANK)" in result.stderr
    assert "1 row breaks the rules every way into a ledger applies; nothing was copied" in result.stderr
    assert not target.exists()
    unit.ok("staff", "update", EKO, "--rank", "IX")
    unit.ok("migrate-to", f"sqlite:///{target}")
