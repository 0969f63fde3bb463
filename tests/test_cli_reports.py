"""`jpledger totals`, `statement` and `audit` through the command line: caps, the year, states and findings."""

import pytest

from conftest import BUDI, DEWI, EKO, SITI

PERSON_KEYS = {"nip", "name", "unit", "status", "jp", "min_jp", "max_jp", "needed", "state", "by_kind"}
COUNTS = {"headcount", "met", "short", "over", "ok", "compliance_rate"}
FINDING_KEYS = {"code", "severity", "nip", "activity_id", "message"}
NEWCOMER = "199801012022031002"  # PNS, not part of the `unit` fixture


def train(cli, *nips, jp="20", start="10/03/2026", end=None, kind="B3", title="Analisis Data", fmt_json=True):
    """Record a classroom training for the people named; returns the ids added."""
    args = ["record", "training", *nips, "--kind", kind, "--title", title, "--start", start, "--jp", jp]
    if end:
        args += ["--end", end]
    return [a["id"] for a in cli.ok(*args, "--format", "json").json()]


def coaching(cli, nip, day, sessions=1, coach=SITI, kind="coaching"):
    option = "--coach" if kind == "coaching" else "--mentor"
    added = cli.ok("record", kind, nip, option, coach, "--date", day, "--sessions", str(sessions),
                   "--format", "json").json()
    return added[0]["id"]


def totals(cli, *options, year="2026"):
    return {p["nip"]: p for p in cli.ok("totals", "--year", year, *options, "--format", "json").json()}


def statement(cli, nip, year="2026"):
    return cli.ok("statement", nip, "--year", year, "--format", "json").json()


def audit(cli, *options, year="2026"):
    result = cli("audit", "--year", year, *options, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, result.json()


def codes(report, code):
    return [f for f in report["findings"] if f["code"] == code]


# --- monthly and daily caps -----------------------------------------------------------------------

def test_three_coaching_sessions_in_a_month_credit_four_and_withhold_two(unit):
    entry = coaching(unit, BUDI, "14/03/2026", sessions=3)
    assert unit.rows("SELECT jp_cents FROM activity WHERE id = ?", entry) == [(600,)]
    stmt = statement(unit, BUDI)
    assert [(e["id"], e["jp"], e["withheld"]) for e in stmt["entries"]] == [(entry, 4, 2)]
    assert stmt["jp"] == 4
    assert totals(unit)[BUDI]["jp"] == 4
    assert totals(unit)[BUDI]["by_kind"] == {"coaching": 4}
    table = unit.ok("statement", BUDI, "--year", "2026").stdout
    assert "monthly cap withheld 2.00" in table


def test_of_two_entries_in_one_month_the_later_one_loses(unit):
    # Recorded out of order: the session on the 20th is the one past the cap, whatever was typed first.
    late = coaching(unit, BUDI, "20/03/2026", sessions=2)
    early = coaching(unit, BUDI, "05/03/2026", sessions=1)
    entries = {e["id"]: e for e in statement(unit, BUDI)["entries"]}
    assert (entries[early]["jp"], entries[early]["withheld"]) == (2, 0)
    assert (entries[late]["jp"], entries[late]["withheld"]) == (2, 2)
    assert totals(unit)[BUDI]["jp"] == 4


def test_the_cap_is_per_month(unit):
    coaching(unit, BUDI, "31/03/2026", sessions=2)
    coaching(unit, BUDI, "01/04/2026", sessions=2)
    assert totals(unit)[BUDI]["jp"] == 8


def test_mentoring_is_capped_apart_from_coaching(unit):
    coaching(unit, BUDI, "05/03/2026", sessions=2)
    coaching(unit, BUDI, "06/03/2026", sessions=2, coach="Ibu Ratna", kind="mentoring")
    coaching(unit, BUDI, "07/03/2026", sessions=1, coach="Ibu Ratna", kind="mentoring")
    person = totals(unit)[BUDI]
    assert person["by_kind"] == {"coaching": 4, "mentoring": 4}
    assert person["jp"] == 8


def test_voiding_the_early_entry_gives_the_later_its_sessions_back(unit):
    early = coaching(unit, BUDI, "05/03/2026", sessions=2)
    coaching(unit, BUDI, "20/03/2026", sessions=2)
    assert totals(unit)[BUDI]["jp"] == 4
    unit.ok("activity", "void", early, "--reason", "did not take place")
    assert totals(unit)[BUDI]["jp"] == 4
    assert [e["withheld"] for e in statement(unit, BUDI)["entries"]] == [0]


@pytest.mark.parametrize("international, credited", [(False, 3), (True, 4)])
def test_elearning_is_capped_per_day(unit, international, credited):
    scope = ["--international"] if international else []
    unit.ok("record", "training", BUDI, "--kind", "C3", "--title", "MOOC ASN", "--start", "14/03/2026",
            "--jp", "8", *scope)
    stmt = statement(unit, BUDI)
    # The per-day cap is part of the policy's credit; `withheld` is what a monthly cap holds back of it.
    assert [(e["credited"], e["day_capped"], e["withheld"], e["counted"]) for e in stmt["entries"]] == [
        (credited, 8 - credited, 0, credited)]
    assert totals(unit)[BUDI]["jp"] == credited


def test_elearning_cap_grows_with_the_days(unit):
    unit.ok("record", "training", BUDI, "--kind", "elearning", "--title", "MOOC ASN", "--start", "14/03/2026",
            "--end", "16/03/2026", "--jp", "8")
    assert totals(unit)[BUDI]["jp"] == 8


def test_three_half_hours_are_0_67_each_and_2_01_in_all(unit):
    for n in range(3):
        added = unit.ok("record", "training", BUDI, "--kind", "B3", "--title", f"Kelas singkat {n}",
                        "--start", f"1{n}/03/2026", "--minutes", "30", "--format", "json").json()
        assert added[0]["jp"] == 0.67
    person = totals(unit)[BUDI]
    assert person["jp"] == 2.01
    assert person["needed"] == 17.99
    assert statement(unit, BUDI)["jp"] == 2.01
    assert "2.01" in unit.ok("totals", "--year", "2026").stdout


# --- the year an activity counts in ---------------------------------------------------------------

def test_an_activity_counts_in_the_year_of_its_end_date(unit, monkeypatch):
    monkeypatch.setenv("JPLEDGER_TODAY", "2027-02-01")
    unit.ok("record", "training", BUDI, "--kind", "B3", "--title", "Diklat Akhir Tahun", "--start", "28/12/2026",
            "--end", "03/01/2027", "--jp", "30")
    assert totals(unit, year="2026")[BUDI]["jp"] == 0
    assert totals(unit, year="2027")[BUDI]["jp"] == 30
    assert statement(unit, BUDI, year="2026")["entries"] == []
    assert [e["start"] for e in statement(unit, BUDI, year="2027")["entries"]] == ["2026-12-28"]
    listed = unit.ok("activity", "list", "--year", "2027", "--format", "json").json()
    assert [(a["start"], a["end"]) for a in listed] == [("2026-12-28", "2027-01-03")]


# --- totals ---------------------------------------------------------------------------------------

def test_totals_json_shape_and_states(unit):
    train(unit, SITI, jp="20")                    # PNS met, exactly at the minimum
    train(unit, BUDI, jp="19.5")                  # PNS short
    train(unit, DEWI, jp="10")                    # CPNS short: same minimum as PNS
    unit.ok("record", "magang", EKO, "--start", "01/07/2026", "--end", "31/07/2026", "--host", "BPS")
    people = totals(unit)
    assert all(PERSON_KEYS <= set(p) for p in people.values())
    assert {n: p["state"] for n, p in people.items()} == {SITI: "met", BUDI: "short", DEWI: "short", EKO: "ok"}
    assert people[BUDI] == people[BUDI] | {"name": "Budi Santoso", "unit": "Bidang Diklat", "status": "PNS",
                                           "jp": 19.5, "min_jp": 20, "max_jp": None, "needed": 0.5,
                                           "by_kind": {"pelatihan_teknis": 19.5}}
    assert (people[DEWI]["min_jp"], people[DEWI]["needed"]) == (20, 10)
    assert (people[EKO]["min_jp"], people[EKO]["max_jp"], people[EKO]["jp"]) == (None, 24, 20)


def test_pppk_over_24_is_over(unit):
    unit.ok("record", "magang", EKO, "--start", "01/07/2026", "--end", "31/07/2026", "--host", "BPS")
    train(unit, EKO, jp="4")
    assert totals(unit)[EKO]["state"] == "ok"  # 24 is the most allowed, not past it
    train(unit, EKO, jp="0.01", title="Kelas singkat")
    assert (totals(unit)[EKO]["state"], totals(unit)[EKO]["jp"]) == ("over", 24.01)


def test_totals_filters_by_state_unit_and_status(unit):
    train(unit, SITI, jp="20")
    assert set(totals(unit, "--state", "short")) == {BUDI, DEWI}
    assert set(totals(unit, "--state", "MET")) == {SITI}
    assert set(totals(unit, "--state", "ok")) == {EKO}
    assert set(totals(unit, "--state", "over")) == set()
    assert set(totals(unit, "--unit", "Bidang Evaluasi")) == {DEWI, EKO}
    assert set(totals(unit, "--status", "pppk")) == {EKO}
    assert set(totals(unit, "--unit", "Bidang Diklat", "--state", "short")) == {BUDI}
    result = unit("totals", "--year", "2026", "--state", "done")
    assert result.exit_code == 2
    assert "met, short, over, ok" in result.stderr


def test_totals_by_kind_adds_a_column_per_kind(unit):
    train(unit, BUDI, jp="12")
    coaching(unit, BUDI, "14/03/2026", sessions=2)
    plain = unit.ok("totals", "--year", "2026").stdout
    by_kind = unit.ok("totals", "--year", "2026", "--by-kind").stdout
    assert "B3" not in plain and "C1" not in plain
    assert "B3" in by_kind and "C1" in by_kind
    # CSV carries the JSON's keys and numbers: by_kind becomes one column per kind, whether or not --by-kind.
    header, *rows = unit.ok("totals", "--year", "2026", "--format", "csv").stdout.splitlines()
    columns = header.split(",")
    assert "by_kind.pelatihan_teknis" in columns and "by_kind.coaching" in columns
    assert "target" not in columns and "marks" not in columns
    budi = dict(zip(columns, next(r for r in rows if r.startswith(BUDI)).split(",")))
    assert (budi["by_kind.pelatihan_teknis"], budi["by_kind.coaching"], budi["jp"]) == ("12.0", "4.0", "16.0")


def test_totals_by_kind_at_80_columns_puts_each_persons_kinds_under_the_row(unit, monkeypatch):
    train(unit, BUDI, jp="12")
    coaching(unit, BUDI, "14/03/2026", sessions=2)
    for n, kind in enumerate(("pelatihan_manajerial", "pelatihan_fungsional", "kursus", "penataran",
                              "bimbingan_teknis", "elearning", "pelatihan_jarak_jauh", "komunitas_belajar")):
        unit.ok("record", "training", SITI, "--kind", kind, "--title", f"Kegiatan {n}", "--start", "10/03/2026",
                "--jp", "2")
    monkeypatch.setenv("COLUMNS", "80")
    lines = unit.ok("totals", "--year", "2026", "--by-kind").stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    budi = lines.index(next(line for line in lines if line.startswith(BUDI)))
    assert "16.00" in lines[budi] and "B3 12.00 · C1 4.00" in lines[budi + 1]
    monkeypatch.setenv("COLUMNS", "200")  # wide enough: a column per kind, as before
    wide = unit.ok("totals", "--year", "2026", "--by-kind").stdout.splitlines()
    assert "B3 12.00" not in "\n".join(wide) and " C1 " in wide[2]


def test_people_who_left_before_the_year_are_not_counted(unit):
    unit.ok("staff", "leave", BUDI, "--date", "31/12/2025", "--reason", "pensiun")
    assert BUDI not in totals(unit)
    assert BUDI in totals(unit, year="2025")


def test_people_who_joined_or_left_during_the_year_are_counted_and_marked(unit):
    unit.ok("staff", "add", NEWCOMER, "--name", "Rina Wati", "--unit", "Bidang Diklat", "--joined", "01/06/2026")
    unit.ok("staff", "leave", BUDI, "--date", "30/06/2026", "--reason", "mutasi")
    people = totals(unit)
    assert (people[NEWCOMER]["joined_in_year"], people[NEWCOMER]["left_in_year"]) == (True, False)
    assert (people[BUDI]["joined_in_year"], people[BUDI]["left_in_year"]) == (False, True)
    assert (people[SITI]["joined_in_year"], people[SITI]["left_in_year"]) == (False, False)
    table = unit.ok("totals", "--year", "2026").stdout
    assert "joined in year" in table and "left in year" in table
    report = audit(unit)[1]
    assert [f["nip"] for f in codes(report, "JOINED_DURING_YEAR")] == [NEWCOMER]
    assert [f["nip"] for f in codes(report, "LEFT_DURING_YEAR")] == [BUDI]


def test_people_who_join_after_the_year_are_not_counted(unit):
    unit.ok("staff", "add", NEWCOMER, "--name", "Rina Wati", "--joined", "02/01/2027")
    assert NEWCOMER not in totals(unit)


def test_totals_table_and_empty_year(unit):
    out = unit.ok("totals", "--year", "2026").stdout
    assert "Siti Rahayu" in out and ">= 20" in out and "<= 24" in out
    assert unit.ok("totals", "--year", "2026", "--state", "over").stdout.strip().endswith("nothing to show")


# --- statement ------------------------------------------------------------------------------------

def test_statement_json_shape(unit):
    first = train(unit, BUDI, jp="12", start="10/03/2026", end="12/03/2026")[0]
    second = coaching(unit, BUDI, "14/04/2026", sessions=3)
    stmt = statement(unit, BUDI)
    assert {k: stmt[k] for k in ("nip", "name", "year", "jp", "min_jp", "max_jp", "state")} == {
        "nip": BUDI, "name": "Budi Santoso", "year": 2026, "jp": 16, "min_jp": 20, "max_jp": None,
        "state": "short"}
    assert [{k: e[k] for k in ("id", "kind", "title", "start", "end", "jp", "withheld")} for e in stmt["entries"]] == [
        {"id": first, "kind": "pelatihan_teknis", "title": "Analisis Data", "start": "2026-03-10",
         "end": "2026-03-12", "jp": 12, "withheld": 0},
        {"id": second, "kind": "coaching", "title": "Coaching", "start": "2026-04-14", "end": "2026-04-14",
         "jp": 4, "withheld": 2},
    ]


def test_statement_table_shows_a_running_total_and_the_state(unit):
    train(unit, BUDI, jp="12", start="10/03/2026")
    train(unit, BUDI, jp="8", start="10/05/2026", title="Kursus Statistik", kind="B8")
    out = unit.ok("statement", BUDI, "--year", "2026").stdout
    assert "12.00" in out and "20.00" in out
    assert "Total 20.00 JP, target at least 20: met" in out


def test_statement_of_a_pppk_names_the_maximum(unit):
    out = unit.ok("statement", EKO, "--year", "2026").stdout
    assert "at most 24" in out


def test_statement_of_unknown_nip_is_exit_2(unit):
    result = unit("statement", "197001012000011001", "--year", "2026")
    assert result.exit_code == 2
    assert "staff add" in result.stderr


# --- audit ----------------------------------------------------------------------------------------

def test_audit_json_shape(unit):
    train(unit, SITI, BUDI, jp="20")
    code, report = audit(unit)
    assert set(report) == {"year", "as_of", "policy", "summary", "units", "people", "findings"}
    assert (report["year"], report["as_of"], report["policy"]) == (2026, "2026-11-22", "BPS Sestama B-031/2019")
    # Part II adds each unit's entries awaiting verification (both new entries are).
    assert report["summary"] == {"headcount": 4, "met": 2, "short": 1, "over": 0, "ok": 1, "compliance_rate": 0.75,
                                 "awaiting_verification": 2}
    assert report["units"] == [
        {"unit": "Bidang Diklat", "unit_code": "Bidang Diklat", "headcount": 2, "met": 2, "short": 0, "over": 0,
         "ok": 0, "compliance_rate": 1.0, "awaiting_verification": 2},
        {"unit": "Bidang Evaluasi", "unit_code": "Bidang Evaluasi", "headcount": 2, "met": 0, "short": 1, "over": 0,
         "ok": 1, "compliance_rate": 0.5, "awaiting_verification": 0},
    ]
    assert {p["nip"] for p in report["people"]} == {SITI, BUDI, DEWI, EKO}
    assert all(PERSON_KEYS <= set(p) for p in report["people"])
    dewi = next(p for p in report["people"] if p["nip"] == DEWI)
    assert (dewi["state"], dewi["needed"], dewi["status"]) == ("short", 20, "CPNS")
    assert all(set(f) == FINDING_KEYS for f in report["findings"])
    assert code == 1


def test_audit_people_match_totals(unit):
    train(unit, SITI, BUDI, DEWI, EKO, jp="21.25")
    report = audit(unit)[1]
    listed = unit.ok("totals", "--year", "2026", "--format", "json").json()
    assert sorted(report["people"], key=lambda p: p["nip"]) == sorted(listed, key=lambda p: p["nip"])


def test_audit_exit_0_when_everyone_is_in_line(unit):
    train(unit, SITI, BUDI, DEWI, jp="20")
    train(unit, EKO, jp="24")
    code, report = audit(unit)
    assert code == 0
    assert report["summary"]["compliance_rate"] == 1.0
    assert unit("audit", "--year", "2026").exit_code == 0
    assert "Everyone is in line." in unit("audit", "--year", "2026").stdout


def test_audit_exit_1_when_someone_is_over(unit):
    train(unit, SITI, BUDI, DEWI, jp="20")
    train(unit, EKO, jp="24.5")
    code, report = audit(unit)
    assert code == 1
    assert report["summary"] | {"compliance_rate": None} == {"headcount": 4, "met": 3, "short": 0, "over": 1,
                                                             "ok": 0, "compliance_rate": None,
                                                             "awaiting_verification": 4}
    assert report["summary"]["compliance_rate"] == 0.75


def test_audit_of_nobody_is_fully_compliant(cli):
    cli.ok("init")
    code, report = audit(cli)
    assert code == 0
    assert report["summary"] == {"headcount": 0, "met": 0, "short": 0, "over": 0, "ok": 0, "compliance_rate": 1.0,
                                 "awaiting_verification": 0}
    assert (report["units"], report["people"], report["findings"]) == ([], [], [])


def test_audit_unit_option(unit):
    train(unit, SITI, BUDI, jp="20")
    code, report = audit(unit, "--unit", "Bidang Diklat")
    assert code == 0
    assert {p["nip"] for p in report["people"]} == {SITI, BUDI}
    assert [u["unit"] for u in report["units"]] == ["Bidang Diklat"]


def test_audit_as_of_leaves_out_later_entries(unit):
    train(unit, BUDI, jp="20", start="01/09/2026")
    train(unit, SITI, jp="5", start="01/03/2026")
    code, report = audit(unit, "--as-of", "30/06/2026")
    assert report["as_of"] == "2026-06-30"
    jp = {p["nip"]: p["jp"] for p in report["people"]}
    assert (jp[BUDI], jp[SITI]) == (0, 5)
    assert {p["nip"]: p["jp"] for p in audit(unit)[1]["people"]}[BUDI] == 20


def test_audit_as_of_defaults_to_the_last_day_of_a_past_year(unit):
    assert audit(unit, year="2025")[1]["as_of"] == "2025-12-31"


def test_a_future_activity_is_an_error_whatever_as_of_says(unit):
    train(unit, SITI, BUDI, DEWI, jp="20")
    future = train(unit, EKO, jp="2", start="01/12/2026", title="Diklat Desember")[0]
    code, report = audit(unit, "--as-of", "30/06/2026")
    assert [(f["severity"], f["nip"], f["activity_id"]) for f in codes(report, "FUTURE_ACTIVITY")] == [
        ("error", EKO, future)]
    assert code == 1


def test_future_is_measured_from_today(unit, monkeypatch):
    train(unit, SITI, BUDI, DEWI, jp="20", start="01/12/2026")
    assert codes(audit(unit)[1], "FUTURE_ACTIVITY") != []
    monkeypatch.setenv("JPLEDGER_TODAY", "2027-01-15")
    code, report = audit(unit)
    assert codes(report, "FUTURE_ACTIVITY") == []
    assert code == 0


def test_an_activity_after_leaving_is_an_error_and_one_before_joining_is_said(unit):
    # Rina was appointed in 2022 (her NIP says so) and transferred in on 1 June: March was her previous agency's.
    unit.ok("staff", "add", NEWCOMER, "--name", "Rina Wati", "--unit", "Bidang Diklat", "--joined", "01/06/2026")
    before = train(unit, NEWCOMER, jp="20", start="10/03/2026")[0]
    unit.ok("staff", "leave", BUDI, "--date", "30/06/2026")
    after = train(unit, BUDI, jp="20", start="10/08/2026")[0]
    report = audit(unit)[1]
    found = {(f["nip"], f["activity_id"], f["severity"]) for f in codes(report, "OUTSIDE_EMPLOYMENT")}
    assert found == {(BUDI, after, "error")}
    assert [(f["nip"], f["activity_id"], f["severity"]) for f in codes(report, "EARNED_BEFORE_JOINING")] == [
        (NEWCOMER, before, "info")]


def test_coaching_findings_compare_the_coach_with_the_supervisor(unit):
    by_supervisor = coaching(unit, BUDI, "05/03/2026", coach=SITI)
    by_other = coaching(unit, DEWI, "05/03/2026", coach="Pak Joko")
    unsupervised = coaching(unit, SITI, "05/03/2026", coach="Pak Joko")
    report = audit(unit)[1]
    assert [(f["nip"], f["activity_id"], f["severity"]) for f in codes(report, "COACH_NOT_SUPERVISOR")] == [
        (DEWI, by_other, "warning")]
    # The supervisor is named, not only numbered.
    assert codes(report, "COACH_NOT_SUPERVISOR")[0]["message"] == (
        f"coached by Pak Joko, but the recorded supervisor is Siti Rahayu ({SITI})")
    assert [(f["nip"], f["activity_id"], f["severity"]) for f in codes(report, "NO_SUPERVISOR")] == [
        (SITI, unsupervised, "info")]
    assert by_supervisor not in {f["activity_id"] for f in report["findings"]}


def test_cap_findings_are_info(unit):
    capped = coaching(unit, BUDI, "05/03/2026", coach=SITI, sessions=3)
    elearning = train(unit, BUDI, kind="C3", jp="8", title="MOOC")[0]
    report = audit(unit)[1]
    assert [(f["nip"], f["activity_id"], f["severity"]) for f in codes(report, "MONTHLY_CAP_WITHHELD")] == [
        (BUDI, capped, "info")]
    assert [(f["nip"], f["activity_id"], f["severity"]) for f in codes(report, "DAILY_CAP_WITHHELD")] == [
        (BUDI, elearning, "info")]


def test_duplicate_entries_are_a_warning_on_the_second(unit):
    first = train(unit, BUDI, jp="8")[0]
    second = train(unit, BUDI, jp="8", title="  analisis data ")[0]
    train(unit, BUDI, jp="8", start="11/03/2026")  # another day: not a duplicate
    found = codes(audit(unit)[1], "DUPLICATE_ENTRY")
    assert [(f["nip"], f["activity_id"], f["severity"]) for f in found] == [(BUDI, second, "warning")]
    assert str(first) in found[0]["message"]


def test_a_supervisor_not_in_the_ledger_is_a_warning(unit):
    unit.ok("staff", "add", NEWCOMER, "--name", "Rina Wati", "--supervisor", "197001012000011001")
    found = codes(audit(unit)[1], "UNKNOWN_SUPERVISOR")
    assert [(f["nip"], f["activity_id"], f["severity"]) for f in found] == [(NEWCOMER, None, "warning")]


def test_warnings_and_infos_alone_do_not_fail_the_audit(unit):
    train(unit, SITI, BUDI, DEWI, jp="20")
    coaching(unit, DEWI, "05/03/2026", coach="Pak Joko", sessions=3)
    code, report = audit(unit)
    assert {f["severity"] for f in report["findings"]} == {"warning", "info"}
    assert code == 0


def test_findings_are_sorted_errors_first(unit):
    train(unit, BUDI, jp="2", start="01/12/2026")
    coaching(unit, DEWI, "05/03/2026", coach="Pak Joko", sessions=3)
    severities = [f["severity"] for f in audit(unit)[1]["findings"]]
    order = {"error": 0, "warning": 1, "info": 2}
    assert severities == sorted(severities, key=order.get)
    assert severities[0] == "error"


def test_audit_table_shows_compliance_bars_and_the_short_sorted_by_need(unit):
    train(unit, SITI, jp="15")   # needs 5
    train(unit, BUDI, jp="2")    # needs 18
    train(unit, DEWI, jp="11")   # needs 9
    result = unit("audit", "--year", "2026")
    assert result.exit_code == 1
    out = result.stdout
    assert "Compliance per unit" in out
    assert "Bidang Diklat" in out and "Bidang Evaluasi" in out and "All units" in out
    evaluasi = next(line for line in out.splitlines() if "Bidang Evaluasi" in line)
    assert "█" * 10 + "░" * 10 in evaluasi and "50.0%" in evaluasi
    assert "░" * 20 in next(line for line in out.splitlines() if "Bidang Diklat" in line)
    short = out[out.index("Short of the minimum (3)"):]
    assert short.index(BUDI) < short.index(DEWI) < short.index(SITI)
    assert "18.00" in short
    assert "\x1b[" not in out


def test_audit_csv_lists_the_people(unit):
    train(unit, SITI, jp="20")
    header, *rows = unit("audit", "--year", "2026", "--format", "csv").stdout.splitlines()
    assert header.split(",")[:2] == ["nip", "name"]
    assert len(rows) == 4


def test_by_kind_columns_add_up_after_the_policy_drops_a_kind(unit, tmp_path):
    train(unit, BUDI, jp="12")
    coaching(unit, BUDI, "14/03/2026", sessions=2)
    policy = tmp_path / "magang-only.yaml"
    policy.write_text("name: Magang saja\nkinds:\n  magang: {code: C11, label: Magang, form: nonklasikal, "
                      "unit: occurrence, jp_per_unit: 20}\n", encoding="utf-8")
    unit.ok("policy", "use", policy)
    header, *rows = unit.ok("totals", "--year", "2026", "--by-kind", "--format", "csv").stdout.splitlines()
    columns = header.split(",")
    budi = dict(zip(columns, next(r for r in rows if r.startswith(BUDI)).split(",")))
    by_kind = {k: v for k, v in budi.items() if k.startswith("by_kind.")}
    assert by_kind == {"by_kind.pelatihan_teknis": "12.0", "by_kind.coaching": "4.0"}
    assert budi["jp"] == "16.0"
    heading = next(line for line in unit.ok("totals", "--year", "2026", "--by-kind").stdout.splitlines()
                   if "NIP" in line).split()
    assert "pelatihan_teknis" in heading and "coaching" in heading


def test_coaching_recorded_without_a_coach_is_a_finding_that_says_so(unit):
    entries = [a["id"] for a in unit.ok("record", "training", BUDI, SITI, "--kind", "C1", "--title", "Coaching kinerja",
                                        "--start", "10/03/2026", "--format", "json").json()]
    report = audit(unit)[1]
    messages = {f["activity_id"]: f["message"] for f in report["findings"]
                if f["code"] in ("COACH_NOT_SUPERVISOR", "NO_SUPERVISOR")}
    assert set(messages) == set(entries)
    assert all("no coach named" in m and "None" not in m for m in messages.values())


def test_statement_counts_what_totals_count(unit):
    """An entry dated after today is left out of the statement as it is of totals, until --as-of says otherwise."""
    unit.ok("record", "magang", BUDI, "--start", "01/02/2026", "--end", "10/02/2026", "--host", "LAN")
    unit.ok("record", "coaching", BUDI, "--coach", SITI, "--date", "15/12/2026")  # after the pinned today
    statement = unit.ok("statement", BUDI, "--year", "2026", "--format", "json").json()
    totals = {p["nip"]: p for p in unit.ok("totals", "--year", "2026", "--format", "json").json()}
    assert statement["jp"] == totals[BUDI]["jp"] == 20
    assert statement["as_of"] == "2026-11-22" and len(statement["entries"]) == 1
    later = unit.ok("statement", BUDI, "--year", "2026", "--as-of", "31/12/2026", "--format", "json").json()
    assert later["jp"] == 22 and len(later["entries"]) == 2


def test_a_target_with_both_a_minimum_and_a_maximum_shows_both(unit, tmp_path):
    from pathlib import Path

    policy = Path(__file__).parent.parent / "examples" / "policy-permendikdasmen-6-2025.yaml"
    unit.ok("policy", "use", policy)
    row = next(line for line in unit.ok("totals", "--year", "2026").stdout.splitlines() if line.startswith(EKO))
    assert "= 24" in row  # PPPK: at least and at most 24
    ranged = policy.read_text(encoding="utf-8").replace("min_jp: 24", "min_jp: 20", 1)
    (tmp_path / "p.yaml").write_text(ranged, encoding="utf-8")
    unit.ok("policy", "use", tmp_path / "p.yaml")
    row = next(line for line in unit.ok("totals", "--year", "2026").stdout.splitlines() if line.startswith(EKO))
    assert "20–24" in row
