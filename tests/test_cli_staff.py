"""`jpledger staff` through the command line: registering people, changing them, departures, reading them back."""

import pytest

from conftest import BUDI, DEWI, EKO, SITI

STAFF_KEYS = {"nip", "name", "status", "unit", "position", "rank", "agency", "supervisor", "joined", "left"}


def test_add_then_show_json_has_every_promised_key(cli):
    cli.ok("staff", "add", "19850314 201001 2 003", "--name", "  Siti   Rahayu ", "--unit", "Bidang Diklat",
           "--position", "Widyaiswara Ahli Muda", "--rank", "III/c", "--agency", "Perpustakaan Nasional",
           "--joined", "01/01/2010")
    cli.ok("staff", "add", BUDI, "--name", "Budi Santoso", "--supervisor", SITI)

    siti = cli.ok("staff", "show", SITI, "--format", "json").json()
    assert STAFF_KEYS <= set(siti)
    assert siti == siti | {"nip": SITI, "name": "Siti Rahayu", "status": "PNS", "unit": "Bidang Diklat",
                           "position": "Widyaiswara Ahli Muda", "rank": "III/c", "agency": "Perpustakaan Nasional",
                           "supervisor": None, "joined": "2010-01-01", "left": None}
    budi = cli.ok("staff", "show", "19920315.201903.1.001", "--format", "json").json()
    assert budi["supervisor"] == SITI
    assert budi["status"] == "PNS"


def test_add_says_what_it_added_on_stderr_and_keeps_stdout_empty(cli):
    result = cli.ok("staff", "add", SITI, "--name", "Siti Rahayu")
    assert result.stdout == ""
    assert SITI in result.stderr and "Siti Rahayu" in result.stderr


def test_show_table_prints_the_person(unit):
    out = unit.ok("staff", "show", BUDI).stdout
    assert "Budi Santoso" in out
    assert "19920315 201903 1 001" in out
    assert "Bidang Diklat" in out


@pytest.mark.parametrize("rank, stored", [
    ("Penata Muda (III/a)", "III/a"),
    ("III-a", "III/a"),
    ("IIIa", "III/a"),
    ("pembina", "IV/a"),
])
def test_rank_is_normalized(cli, rank, stored):
    cli.ok("staff", "add", SITI, "--name", "Siti Rahayu", "--rank", rank)
    assert cli.ok("staff", "show", SITI, "--format", "json").json()["rank"] == stored


def test_unknown_rank_is_a_usage_error(cli):
    result = cli("staff", "add", SITI, "--name", "Siti Rahayu", "--rank", "Kolonel")
    assert result.exit_code == 2
    assert "--rank" in result.stderr
    assert cli.snapshot().get("staff", []) == []


@pytest.mark.parametrize("nip, part", [
    ("198513142010012003", "birth date"),
    ("198503142000012003", "appointment"),  # TMT 2000 is before the 18th birthday (2003)
    ("198503142010132003", "appointment"),  # month 13
    ("198503142010013003", "sex digit"),
    ("198503142010012000", "serial"),
    ("19850314201001200", "length"),
    ("1985031420100120031", "length"),
])
def test_bad_nip_is_exit_2_naming_the_part(cli, nip, part):
    result = cli("staff", "add", nip, "--name", "Siti Rahayu")
    assert result.exit_code == 2
    assert part in result.stderr
    assert "Traceback" not in result.stderr
    assert cli.snapshot().get("staff", []) == []


def test_pppk_nip_is_not_checked_for_an_appointment_month(cli):
    # Digits 9-14 of an NI PPPK are not a TMT year-month (here "202421", month 21).
    refused = cli("staff", "add", EKO, "--name", "Eko Prasetyo", "--status", "PNS")
    assert refused.exit_code == 2
    assert "appointment" in refused.stderr
    cli.ok("staff", "add", EKO, "--name", "Eko Prasetyo", "--status", "pppk")
    assert cli.ok("staff", "show", EKO, "--format", "json").json()["status"] == "PPPK"


def test_pppk_nip_still_needs_a_real_birth_date_and_sex_digit(cli):
    result = cli("staff", "add", "199013012024211001", "--name", "X", "--status", "PPPK")
    assert result.exit_code == 2 and "birth date" in result.stderr
    result = cli("staff", "add", "199001012024215001", "--name", "X", "--status", "PPPK")
    assert result.exit_code == 2 and "sex digit" in result.stderr


def test_duplicate_add_is_exit_2_and_keeps_the_first(unit):
    result = unit("staff", "add", "19850314 201001 2 003", "--name", "Someone Else")
    assert result.exit_code == 2
    assert "already" in result.stderr and "staff update" in result.stderr
    assert unit.ok("staff", "show", SITI, "--format", "json").json()["name"] == "Siti Rahayu"


def test_add_needs_a_name_and_a_known_status(cli):
    assert cli("staff", "add", SITI).exit_code == 2
    result = cli("staff", "add", SITI, "--name", "Siti", "--status", "Honorer")
    assert result.exit_code == 2
    assert "PNS, CPNS or PPPK" in result.stderr


def test_a_person_cannot_supervise_themselves(cli):
    result = cli("staff", "add", SITI, "--name", "Siti", "--supervisor", SITI)
    assert result.exit_code == 2
    assert "supervisor" in result.stderr


def test_update_changes_fields_and_clears_with_empty_value(unit):
    unit.ok("staff", "update", BUDI, "--rank", "Penata Muda Tingkat I (III/b)", "--unit", "Bidang Evaluasi",
            "--position", "Analis")
    budi = unit.ok("staff", "show", BUDI, "--format", "json").json()
    assert (budi["rank"], budi["unit"], budi["position"]) == ("III/b", "Bidang Evaluasi", "Analis")
    unit.ok("staff", "update", BUDI, "--supervisor", "")
    assert unit.ok("staff", "show", BUDI, "--format", "json").json()["supervisor"] is None


def test_update_of_unknown_nip_says_how_to_add(unit):
    result = unit("staff", "update", "197001012000011001", "--unit", "X")
    assert result.exit_code == 2
    assert "not in the ledger" in result.stderr
    assert "jpledger staff add 197001012000011001" in result.stderr


def test_update_with_nothing_to_change_is_a_usage_error(unit):
    result = unit("staff", "update", BUDI)
    assert result.exit_code == 2
    assert "nothing to change" in result.stderr


def test_update_to_pns_checks_the_nip_as_pns(unit):
    before = unit.snapshot()
    result = unit("staff", "update", EKO, "--status", "PNS")
    assert result.exit_code == 2
    assert "appointment" in result.stderr
    assert unit.snapshot() == before


def test_leave_hides_the_person_from_list_unless_all(unit):
    unit.ok("staff", "leave", BUDI, "--date", "30 Juni 2026", "--reason", "mutasi")
    listed = unit.ok("staff", "list", "--format", "json").json()
    assert BUDI not in {p["nip"] for p in listed}
    assert {p["nip"] for p in listed} == {SITI, DEWI, EKO}
    everyone = {p["nip"]: p for p in unit.ok("staff", "list", "--all", "--format", "json").json()}
    assert set(everyone) == {SITI, BUDI, DEWI, EKO}
    assert everyone[BUDI]["left"] == "2026-06-30"
    assert all(STAFF_KEYS <= set(p) for p in everyone.values())
    assert "Budi Santoso" not in unit.ok("staff", "list").stdout
    assert "Budi Santoso" in unit.ok("staff", "list", "--all").stdout


def test_leave_before_joining_is_refused(unit):
    result = unit("staff", "leave", DEWI, "--date", "01/01/2021")
    assert result.exit_code == 2
    assert "before" in result.stderr
    assert unit.ok("staff", "show", DEWI, "--format", "json").json()["left"] is None


def test_leave_of_unknown_nip_is_exit_2(unit):
    result = unit("staff", "leave", "197001012000011001", "--date", "01/01/2026")
    assert result.exit_code == 2
    assert "staff add" in result.stderr


def test_list_filters_by_unit_and_status(unit):
    diklat = unit.ok("staff", "list", "--unit", "bidang diklat", "--format", "json").json()
    assert {p["nip"] for p in diklat} == {SITI, BUDI}
    cpns = unit.ok("staff", "list", "--status", "CPNS", "--format", "json").json()
    assert [p["nip"] for p in cpns] == [DEWI]


def test_list_csv_has_a_header_and_a_row_per_person(unit):
    lines = unit.ok("staff", "list", "--format", "csv").stdout.splitlines()
    assert lines[0].split(",")[:3] == ["nip", "name", "status"]
    assert len(lines) == 5


def test_show_unknown_nip_is_exit_2(unit):
    result = unit("staff", "show", "197001012000011001")
    assert result.exit_code == 2
    assert "staff add" in result.stderr


@pytest.mark.parametrize("args", [("staff", "update", BUDI, "--position", "Analis", "--from", ""),
                                  ("totals", "--year", "2026", "--as-of", " ")])
def test_an_empty_day_on_the_command_line_is_a_usage_error_naming_the_option(unit, args):
    before = unit.snapshot()
    result = unit(*args)
    assert result.exit_code == 2 and result.stderr.startswith(f"error: {args[-2]}: date is empty")
    assert unit.snapshot() == before


def test_a_back_dated_change_says_what_held_on_that_day_before_it(unit):
    unit.ok("staff", "update", BUDI, "--unit", "Bidang Evaluasi", "--from", "01/09/2026")
    result = unit.ok("staff", "update", BUDI, "--unit", "Bidang Umum", "--from", "01/03/2026")
    # From March to August Budi moves from Bidang Diklat (not from Bidang Evaluasi, which holds from September).
    assert "unit Bidang Diklat -> Bidang Umum" in result.stderr
    assert unit.ok("staff", "show", BUDI, "--format", "json").json()["unit"] == "Bidang Evaluasi"
    change = unit.ok("log", "--limit", "1", "--format", "json").json()[0]["detail"]["changes"]
    assert change == {"unit": ["Bidang Diklat", "Bidang Umum"]}


def test_staff_show_names_the_supervisor_beside_the_nip(unit):
    table = unit.ok("staff", "show", BUDI).stdout
    assert f"{SITI} (Siti Rahayu)" in table
    assert unit.ok("staff", "show", BUDI, "--format", "json").json()["supervisor"] == SITI  # the JSON keeps the NIP
    unit.ok("staff", "update", DEWI, "--supervisor", "198001012005011001")  # not in the ledger: the NIP alone
    assert "198001012005011001\n" in unit.ok("staff", "show", DEWI).stdout
