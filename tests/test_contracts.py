"""PPPK contract years, mandiri development and a policy's requirements (spec 8), through the command line.

The PPPK maximum is per contract year (twelve months from each contract's start), not per calendar year; mandiri JP
stay out of the maximum unless the policy counts them; a requirement beyond the total can leave someone short.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import BUDI, EKO

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
MAYA = "199302272024212001"  # PPPK, not in the `unit` fixture


def train(cli, nip, day, jp, *options, kind="B3", title=None):
    """One classroom training ending on `day`; returns its id."""
    added = cli.ok("record", "training", nip, "--kind", kind, "--title", title or f"Pelatihan {day}",
                   "--start", day, "--jp", str(jp), *options, "--format", "json").json()
    return added[0]["id"]


def contract(cli, nip, start, end, *options):
    return cli.ok("staff", "contract", nip, "--start", start, "--end", end, *options)


def person(cli, year, nip, *options):
    people = {p["nip"]: p for p in cli.ok("totals", "--year", year, *options, "--format", "json").json()}
    return people[nip]


def audit(cli, year, *options):
    result = cli("audit", "--year", year, *options, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, result.json()


def findings(report, code):
    return [f for f in report["findings"] if f["code"] == code]


def use_policy(cli, tmp_path, **settings):
    """The default policy with some top-level settings changed, in use from now on."""
    lines = []
    for line in cli.ok("policy", "show").stdout.splitlines():
        key = line.split(":", 1)[0]
        lines.append(f"{key}: {settings.pop(key)}" if key in settings else line)
    assert not settings, f"not top-level keys of the shown policy: {settings}"
    path = tmp_path / "policy.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    cli.ok("policy", "use", path)


@pytest.fixture
def april(unit, monkeypatch):
    """Eko (PPPK) on a contract from 1 April 2026: 20 JP in Apr-Dec 2026 and 10 JP in Jan-Mar 2027; the audit runs
    in May 2027."""
    monkeypatch.setenv("JPLEDGER_TODAY", "2027-05-03")
    contract(unit, EKO, "01/04/2026", "31/03/2027")
    train(unit, EKO, "10/06/2026", 12)
    train(unit, EKO, "05/11/2026", 8)
    unit.mandiri_id = train(unit, EKO, "10/02/2027", 10)
    return unit


# --- recording contracts ---------------------------------------------------------------------------------------

def test_a_contract_is_recorded_and_listed_by_staff_show(unit):
    result = contract(unit, EKO, "01/04/2026", "31/03/2027", "--ref", "800/112/2026")
    assert "2026-04-01 to 2027-03-31" in result.stderr
    contract(unit, EKO, "01/04/2027", "31/03/2029")  # a renewal is another contract
    shown = unit.ok("staff", "show", EKO, "--format", "json").json()
    assert shown["contracts"] == [{"start": "2026-04-01", "end": "2027-03-31", "ref": "800/112/2026"},
                                  {"start": "2027-04-01", "end": "2029-03-31", "ref": None}]
    table = unit.ok("staff", "show", EKO).stdout
    assert "Contracts" in table and "800/112/2026" in table and "2029-03-31" in table
    entry = unit.ok("log", "--limit", "1", "--format", "json").json()[0]
    assert entry["action"] == "staff contract"
    assert entry["detail"]["start"] == "2027-04-01" and entry["detail"]["nip"] == EKO


@pytest.mark.parametrize("start, end", [("01/03/2027", "31/03/2028"),   # starts before the first one ends
                                        ("01/01/2026", "01/04/2026"),   # ends on its first day
                                        ("01/06/2026", "30/09/2026"),   # inside it
                                        ("01/04/2026", "31/03/2027")])  # the same contract again
def test_a_contract_overlapping_another_of_the_person_is_a_usage_error(unit, start, end):
    contract(unit, EKO, "01/04/2026", "31/03/2027")
    before = unit.snapshot()
    result = unit("staff", "contract", EKO, "--start", start, "--end", end)
    assert result.exit_code == 2
    assert "already has a contract from 2026-04-01 to 2027-03-31" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert unit.snapshot() == before


def test_contracts_of_different_people_may_share_days(unit):
    unit.ok("staff", "add", MAYA, "--name", "Maya Sari", "--status", "PPPK")
    contract(unit, EKO, "01/04/2026", "31/03/2027")
    contract(unit, MAYA, "01/04/2026", "31/03/2027")
    assert len(unit.ok("staff", "show", MAYA, "--format", "json").json()["contracts"]) == 1


@pytest.mark.parametrize("args, named", [
    (["--start", "01/04/2027", "--end", "31/03/2027"], "--end: 2027-03-31 is before --start 2027-04-01"),
    (["--start", "31/02/2026", "--end", "31/03/2027"], "--start"),
    (["--start", "01/04/1940", "--end", "31/03/2027"], "--start 1940-04-01 is before 1950-01-01"),
    (["--start", "01/04/2026"], "--end"),
])
def test_wrong_days_are_usage_errors_naming_the_option(unit, args, named):
    before = unit.snapshot()
    result = unit("staff", "contract", EKO, *args)
    assert result.exit_code == 2 and named in result.stderr, result.stderr
    assert unit.snapshot() == before


def test_a_contract_for_someone_not_in_the_ledger_says_how_to_add_them(unit):
    result = unit("staff", "contract", MAYA, "--start", "01/04/2026", "--end", "31/03/2027")
    assert result.exit_code == 2 and "staff add" in result.stderr


def test_a_contract_reaching_into_a_closed_year_is_refused(unit):
    unit.ok("year", "close", "2025", "--reason", "dilaporkan ke BKN")
    before = unit.snapshot()
    result = unit("staff", "contract", EKO, "--start", "01/07/2025", "--end", "30/06/2026")
    assert result.exit_code == 3
    assert "year 2025 is closed" in result.stderr and "a contract of" in result.stderr
    assert unit.snapshot() == before
    # Wholly in the open years, it would still move Eko's start of service (from the NIP, 2024) out of 2025.
    result = unit("staff", "contract", EKO, "--start", "01/01/2026", "--end", "31/12/2026")
    assert result.exit_code == 3 and "changing when" in result.stderr
    assert unit.snapshot() == before
    unit.ok("staff", "add", MAYA, "--name", "Maya Sari", "--status", "PPPK", "--appointed", "01/02/2024")
    contract(unit, MAYA, "01/01/2026", "31/12/2026")  # a given start of service stays: the open years take it


def test_the_first_contract_starts_the_service_of_a_pppk_whose_appointment_nobody_gave(unit):
    assert unit.ok("staff", "show", EKO, "--format", "json").json()["appointed"] == "2024-01-01"  # from the NIP
    result = contract(unit, EKO, "01/04/2024", "31/03/2026")
    assert "appointed) is now 2024-04-01" in result.stderr
    contract(unit, EKO, "01/04/2026", "31/03/2027")  # a later one changes nothing
    assert unit.ok("staff", "show", EKO, "--format", "json").json()["appointed"] == "2024-04-01"
    unit.ok("staff", "add", MAYA, "--name", "Maya Sari", "--status", "PPPK", "--appointed", "01/02/2024")
    contract(unit, MAYA, "01/04/2024", "31/03/2026")  # a given appointment stays
    assert unit.ok("staff", "show", MAYA, "--format", "json").json()["appointed"] == "2024-02-01"


def test_a_contract_for_someone_not_pppk_is_kept_with_a_warning(unit):
    result = contract(unit, BUDI, "01/04/2026", "31/03/2027")
    assert "warning" in result.stderr and "not PPPK" in result.stderr
    assert person(unit, "2026", BUDI).get("contract_years") is None  # counted by the calendar year as a PNS


# --- contract years: the cases -------------------------------------------------------------------------

def test_over_in_the_contract_year_while_each_calendar_year_is_under_the_maximum(april, tmp_path):
    eko = person(april, "2027", EKO, "--as-of", "2027-03-31")
    assert (eko["jp"], eko["state"]) == (30, "over")
    assert eko["contract_years"] == [{"start": "2026-04-01", "end": "2027-03-31", "jp": 30.0, "max_jp": 24.0,
                                      "state": "over", "mandiri_jp": 0.0, "jp_toward_max": 30.0, "min_jp": None}]
    # Counted again after the contract year ended, it stays over: the last contract year ending before the day.
    assert person(april, "2027", EKO)["state"] == "over"
    assert person(april, "2026", EKO, "--as-of", "2027-03-31")["state"] == "over"
    report = audit(april, "2027")[1]
    assert [p["state"] for p in report["people"] if p["nip"] == EKO] == ["over"]
    over = april("audit", "--year", "2027")
    assert "2026-04-01..2027-03-31" in over.stdout and "30.00" in over.stdout
    # By the calendar year each year is under 24: 20 and 10.
    use_policy(april, tmp_path, pppk_year="calendar")
    assert [(p["jp"], p["state"], "contract_years" in p) for p in (person(april, "2026", EKO),
                                                                   person(april, "2027", EKO))] == [
        (20, "ok", False), (10, "ok", False)]


def test_the_same_ten_jp_marked_mandiri_stay_out_of_the_maximum(april, tmp_path):
    april.ok("activity", "void", april.mandiri_id, "--reason", "dicatat ulang sebagai mandiri")
    train(april, EKO, "10/02/2027", 10, "--mandiri")
    eko = person(april, "2027", EKO, "--as-of", "2027-03-31")
    assert (eko["jp"], eko["mandiri_jp"], eko["jp_toward_max"], eko["state"]) == (30, 10, 20, "ok")
    assert eko["contract_years"][0]["state"] == "ok"
    assert [p["state"] for p in audit(april, "2027")[1]["people"] if p["nip"] == EKO] == ["ok"]
    table = april.ok("statement", EKO, "--year", "2026", "--as-of", "2027-03-31").stdout
    assert "30.00 JP (10.00 mandiri, 20.00 toward the maximum)" in table
    use_policy(april, tmp_path, mandiri_counts_toward_max="true")
    assert person(april, "2027", EKO, "--as-of", "2027-03-31")["state"] == "over"


def test_a_renewal_splits_the_windows_and_each_entry_counts_in_its_own(unit, tmp_path):
    contract(unit, EKO, "01/07/2025", "30/06/2026")
    contract(unit, EKO, "01/07/2026", "30/06/2027")
    train(unit, EKO, "10/10/2025", 20)
    train(unit, EKO, "10/05/2026", 6)   # still the first contract's year: 26 there
    train(unit, EKO, "30/06/2026", 1)
    train(unit, EKO, "01/07/2026", 4)   # the renewal's first day
    train(unit, EKO, "10/09/2026", 5)
    eko = person(unit, "2026", EKO)  # as of today, 22 November 2026: inside the renewal's first year
    assert [(c["start"], c["end"], c["jp"], c["state"]) for c in eko["contract_years"]] == [
        ("2025-07-01", "2026-06-30", 27.0, "over"), ("2026-07-01", "2027-06-30", 9.0, "ok")]
    assert (eko["jp"], eko["state"]) == (9, "over")  # the running year's JP; over because one year is
    # The table shows the running contract year's 9 JP: its note says which contract year is over.
    assert "over in 2025-07-01..2026-06-30" in unit.ok("totals", "--year", "2026").stdout
    # and so does the exported totals sheet, in the workbook's language
    import openpyxl

    unit.ok("export", tmp_path / "rekap.xlsx", "--year", "2026")
    rows = list(openpyxl.load_workbook(tmp_path / "rekap.xlsx")["Rekap JP 2026"].iter_rows(values_only=True))
    heads, eko_row = rows[0], next(r for r in rows if r[0] == EKO)
    assert eko_row[heads.index("Keterangan")] == "melebihi pada 2025-07-01..2026-06-30"


def test_a_multi_year_contract_is_cut_into_twelve_month_windows(unit):
    contract(unit, EKO, "15/03/2025", "14/03/2030")
    eko = person(unit, "2026", EKO)
    assert [(c["start"], c["end"]) for c in eko["contract_years"]] == [("2025-03-15", "2026-03-14"),
                                                                       ("2026-03-15", "2027-03-14")]


def test_a_six_month_contract_is_one_window(unit):
    contract(unit, EKO, "01/04/2026", "30/09/2026")
    train(unit, EKO, "10/05/2026", 10)
    late = train(unit, EKO, "10/10/2026", 20)  # after the contract: in no contract year
    eko = person(unit, "2026", EKO)
    assert [(c["start"], c["end"], c["jp"]) for c in eko["contract_years"]] == [("2026-04-01", "2026-09-30", 10.0)]
    assert (eko["jp"], eko["state"]) == (10, "ok")
    entries = {e["id"]: e for e in unit.ok("statement", EKO, "--year", "2026", "--format", "json").json()["entries"]}
    assert (entries[late]["counted"], entries[late]["not_counted"], entries[late]["contract_year"]) == (
        0, "no_contract_year", None)
    assert "In no recorded contract year" in unit.ok("statement", EKO, "--year", "2026").stdout


def test_a_running_contract_year_is_judged_on_what_it_holds_so_far(april):
    eko = next(p for p in audit(april, "2026", "--as-of", "2026-12-31")[1]["people"] if p["nip"] == EKO)
    assert (eko["jp"], eko["state"], eko["contract_years"][0]["jp"]) == (20, "ok", 20)
    eko = next(p for p in audit(april, "2026", "--as-of", "2027-02-10")[1]["people"] if p["nip"] == EKO)
    assert (eko["jp"], eko["state"]) == (30, "over")


def test_a_contract_year_that_starts_with_the_year_reads_like_the_calendar(unit):
    contract(unit, EKO, "01/01/2026", "31/12/2026")
    train(unit, EKO, "10/05/2026", 25)
    eko = person(unit, "2026", EKO)
    assert (eko["jp"], eko["state"], len(eko["contract_years"])) == (25, "over", 1)


# --- without a contract ----------------------------------------------------------------------------------------

def test_without_a_contract_the_calendar_year_counts_and_no_contract_says_so(unit):
    train(unit, EKO, "10/05/2026", 20)
    eko = person(unit, "2026", EKO)
    assert (eko["jp"], "contract_years" in eko) == (20, False)
    report = audit(unit, "2026")[1]
    assert [(f["nip"], f["severity"]) for f in findings(report, "NO_CONTRACT")] == [(EKO, "info")]
    assert "staff contract" in findings(report, "NO_CONTRACT")[0]["message"]


def test_contracts_that_do_not_reach_the_year_leave_it_to_the_calendar(unit):
    contract(unit, EKO, "01/01/2024", "31/12/2024")
    train(unit, EKO, "10/05/2026", 20)
    eko = person(unit, "2026", EKO)
    assert (eko["jp"], "contract_years" in eko) == (20, False)
    assert [f["nip"] for f in findings(audit(unit, "2026")[1], "NO_CONTRACT")] == [EKO]


def test_pppk_year_calendar_counts_the_calendar_year_without_a_finding(unit, tmp_path):
    use_policy(unit, tmp_path, pppk_year="calendar")
    contract(unit, EKO, "01/04/2025", "31/03/2026")
    train(unit, EKO, "10/02/2026", 10)
    train(unit, EKO, "10/05/2026", 15)
    eko = person(unit, "2026", EKO)
    assert (eko["jp"], eko["state"], "contract_years" in eko) == (25, "over", False)
    assert findings(audit(unit, "2026")[1], "NO_CONTRACT") == []


def test_overlapping_contracts_recorded_behind_the_command_line_are_an_audit_error(unit):
    contract(unit, EKO, "01/04/2026", "31/03/2027")
    unit.rows(f"INSERT INTO contract (nip, start, \"end\", created_at) VALUES ('{EKO}', '2027-01-01', "
              "'2027-12-31', '2027-01-01 08:00:00')")
    code, report = audit(unit, "2026")
    found = findings(report, "CONTRACT_OVERLAP")
    assert code == 1 and [(f["nip"], f["severity"]) for f in found] == [(EKO, "error")]
    assert "2026-04-01..2027-03-31" in found[0]["message"] and "2027-01-01..2027-12-31" in found[0]["message"]
    assert findings(audit(unit, "2025")[1], "CONTRACT_OVERLAP") == []  # neither reaches into 2025
    checked = unit("check", "--format", "json")
    assert checked.exit_code == 1 and [f["code"] for f in checked.json()] == ["CONTRACT_OVERLAP"]


# --- the statement ---------------------------------------------------------------------------------------------

def test_the_statement_shows_each_contract_year_and_its_entries(april):
    data = april.ok("statement", EKO, "--year", "2026", "--as-of", "2027-03-31", "--format", "json").json()
    assert data["contract_years"][0]["start"] == "2026-04-01" and data["state"] == "over"
    assert [(e["end"], e["contract_year"]) for e in data["entries"]] == [
        ("2026-06-10", "2026-04-01"), ("2026-11-05", "2026-04-01"), ("2027-02-10", "2026-04-01")]
    table = april.ok("statement", EKO, "--year", "2026", "--as-of", "2027-03-31").stdout
    assert "Contract year 2026-04-01..2027-03-31: 30.00 JP, target at most 24: over" in table
    assert "in the contract year 2026-04-01..2027-03-31" in table


def test_the_statement_keeps_a_running_total_per_contract_year(unit):
    contract(unit, EKO, "01/07/2025", "30/06/2026")
    contract(unit, EKO, "01/07/2026", "30/06/2027")
    train(unit, EKO, "10/05/2026", 6)
    train(unit, EKO, "10/09/2026", 5)
    train(unit, EKO, "10/10/2026", 4)
    table = unit.ok("statement", EKO, "--year", "2026").stdout
    first, second = table.split("Contract year 2026-07-01..2027-06-30")
    assert "6.00" in first and "9.00" in second and "15.00" not in table


# --- requirements and a ministry's targets ---------------------------------------------------------------------

def test_a_requirement_of_b3_leaves_a_pns_with_thirty_jp_of_seminars_short(unit):
    unit.ok("policy", "use", EXAMPLES / "policy-ip-asn.yaml")
    unit.ok("record", "training", BUDI, "--kind", "B6", "--title", "Seminar Internasional", "--start", "02/03/2026",
            "--end", "06/03/2026", "--international")  # 5 days at 6 JP
    budi = person(unit, "2026", BUDI)
    assert (budi["jp"], budi["state"], budi["needed"]) == (30, "short", 20)
    assert budi["requirements"] == [{"name": "IP ASN pelatihan teknis", "jp": 0.0, "min_jp": 20.0, "met": False}]
    found = findings(audit(unit, "2026")[1], "REQUIREMENT_UNMET")
    assert [(f["nip"], f["severity"]) for f in found if f["nip"] == BUDI] == [(BUDI, "warning")]
    assert "IP ASN pelatihan teknis" in next(f["message"] for f in found if f["nip"] == BUDI)
    assert "Requirement IP ASN pelatihan teknis: 0.00 of at least 20.00 JP (short)" in unit.ok(
        "statement", BUDI, "--year", "2026").stdout
    assert "short of IP ASN pelatihan teknis" in unit.ok("totals", "--year", "2026").stdout
    train(unit, BUDI, "10/04/2026", 20)  # pelatihan teknis
    budi = person(unit, "2026", BUDI)
    assert (budi["state"], budi["requirements"][0]["met"]) == ("met", True)
    assert BUDI not in [f["nip"] for f in findings(audit(unit, "2026")[1], "REQUIREMENT_UNMET")]
    assert person(unit, "2026", EKO)["requirements"] == []  # the requirement names PNS and CPNS only


def test_a_ministry_minimum_for_pppk_makes_twenty_jp_short_and_thirty_over(unit):
    unit.ok("policy", "use", EXAMPLES / "policy-permendikdasmen-6-2025.yaml")
    contract(unit, EKO, "01/01/2026", "31/12/2026")
    train(unit, EKO, "10/05/2026", 20)
    eko = person(unit, "2026", EKO)
    assert (eko["min_jp"], eko["max_jp"], eko["state"], eko["needed"]) == (24, 24, "short", 4)
    assert eko["contract_years"][0]["state"] == "short"
    train(unit, EKO, "10/06/2026", 10)
    assert person(unit, "2026", EKO)["state"] == "over"
    assert person(unit, "2026", BUDI)["min_jp"] == 30


def test_a_short_contract_year_prorates_its_minimum_when_the_policy_prorates(unit, tmp_path):
    unit.ok("policy", "use", EXAMPLES / "policy-permendikdasmen-6-2025.yaml")
    text = unit.ok("policy", "show").stdout.replace("partial_year: full", "partial_year: prorate")
    (tmp_path / "prorate.yaml").write_text(text, encoding="utf-8")
    unit.ok("policy", "use", tmp_path / "prorate.yaml")
    contract(unit, EKO, "01/04/2026", "30/09/2026")
    train(unit, EKO, "10/05/2026", 12)
    eko = person(unit, "2026", EKO)
    assert (eko["contract_years"][0]["min_jp"], eko["min_jp"], eko["state"]) == (12, 12, "met")


# --- imports ---------------------------------------------------------------------------------------------------

def _staff_csv(path, *rows, head="NIP,Nama Lengkap,Status,Tanggal Mulai Kontrak,Tanggal Akhir Kontrak,"
                                 "Nomor Perjanjian Kerja"):
    path.write_text("\n".join([head, *(",".join(row) for row in rows)]) + "\n", encoding="utf-8")
    return path


def test_an_imported_contract_is_added_once_and_starts_the_service(cli, tmp_path):
    roster = _staff_csv(tmp_path / "pegawai.csv", (MAYA, "Maya Sari", "PPPK", "01/04/2026", "31/03/2027", "800/9"))
    cli.ok("import", roster)
    shown = cli.ok("staff", "show", MAYA, "--format", "json").json()
    assert (shown["appointed"], shown["contracts"]) == (
        "2026-04-01", [{"start": "2026-04-01", "end": "2027-03-31", "ref": "800/9"}])
    cli.ok("import", roster)  # again: nothing new
    assert cli.rows("SELECT COUNT(*) FROM contract") == [(1,)]
    assert cli.ok("log", "--limit", "1", "--format", "json").json()[0]["detail"]["contracts"] == {"added": 0}
    renewal = _staff_csv(tmp_path / "perpanjangan.csv", (MAYA, "Maya Sari", "PPPK", "01/04/2027", "31/03/2028"),
                         head="NIP,Nama,Status,TMT PPPK,Contract End")
    cli.ok("import", renewal)
    assert len(cli.ok("staff", "show", MAYA, "--format", "json").json()["contracts"]) == 2


def test_an_imported_contract_overlapping_the_ledgers_is_a_row_error_naming_the_cell(unit, tmp_path):
    contract(unit, EKO, "01/04/2026", "31/03/2027")
    roster = _staff_csv(tmp_path / "pegawai.csv",
                        (MAYA, "Maya Sari", "PPPK", "01/04/2026", "31/03/2027", ""),
                        (EKO, "Eko Prasetyo", "PPPK", "01/03/2027", "29/02/2028", ""))
    before = unit.snapshot()
    result = unit("import", roster)
    assert result.exit_code == 3
    assert "pegawai.csv:pegawai!D3: " in result.stderr
    assert "already has a contract from 2026-04-01 to 2027-03-31" in result.stderr
    assert unit.snapshot() == before


@pytest.mark.parametrize("start, end, cell, words", [
    ("01/04/2027", "31/03/2026", "E2", "before it starts"),
    ("01/04/2026", "", "E2", "needs both"),
])
def test_an_imported_contract_with_wrong_days_is_a_row_error(cli, tmp_path, start, end, cell, words):
    roster = _staff_csv(tmp_path / "pegawai.csv", (MAYA, "Maya Sari", "PPPK", start, end, ""))
    result = cli("import", roster)
    assert result.exit_code == 3 and f"pegawai!{cell}: " in result.stderr and words in result.stderr
    assert not cli.exists


def test_an_imported_contract_reaching_into_a_closed_year_is_refused(unit, tmp_path):
    unit.ok("year", "close", "2025", "--reason", "dilaporkan ke BKN")
    before = unit.snapshot()
    roster = _staff_csv(tmp_path / "pegawai.csv", (EKO, "Eko Prasetyo", "PPPK", "01/07/2025", "30/06/2026", ""))
    result = unit("import", roster)
    assert result.exit_code == 3 and "year 2025 is closed" in result.stderr
    assert unit.snapshot() == before
