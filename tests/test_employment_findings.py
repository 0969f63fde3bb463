"""Employment over time in the audit (issue 9, items 2, 3 and 5): who is counted in a year, which entries fall
outside employment, and findings that cover every entry of the year whether or not its person is counted."""

from conftest import BUDI, DEWI, EKO, SITI

NEWCOMER = "199801012022031002"  # PNS appointed (TMT CPNS) March 2022, by the NIP


def train(cli, nip, start, jp="20", title="Analisis Data"):
    added = cli.ok("record", "training", nip, "--kind", "B3", "--title", title, "--start", start, "--jp", jp,
                   "--format", "json")
    return added.json()[0]["id"]


def audit(cli, year="2026", *options):
    result = cli("audit", "--year", year, *options, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, result.json()


def found(report, code):
    return [(f["nip"], f["activity_id"], f["severity"]) for f in report["findings"] if f["code"] == code]


def test_nobody_is_counted_in_a_year_before_their_service_began(unit):
    # Item 3: the NIP says Rina was appointed in 2022; Eko's NI PPPK says 2024.
    unit.ok("staff", "add", NEWCOMER, "--name", "Rina Wati", "--unit", "Bidang Diklat")
    shown = unit.ok("staff", "show", NEWCOMER, "--format", "json").json()
    assert shown["appointed"] == "2022-03-01"
    counted = {p["nip"] for p in audit(unit, "2021")[1]["people"]}
    assert NEWCOMER not in counted and EKO not in counted and {SITI, BUDI} <= counted
    assert NEWCOMER in {p["nip"] for p in audit(unit, "2022")[1]["people"]}
    assert EKO not in {p["nip"] for p in audit(unit, "2023")[1]["people"]}
    assert EKO in {p["nip"] for p in audit(unit, "2024")[1]["people"]}
    totals = unit.ok("totals", "--year", "2021", "--state", "short", "--format", "json").json()
    assert NEWCOMER not in {p["nip"] for p in totals}


def test_a_leave_typed_years_too_early_does_not_hide_the_years_entries(unit):
    # Item 2: "01/01/2020" typed for "01/01/2026".
    entry = train(unit, BUDI, "10/03/2026")
    unit.ok("staff", "leave", BUDI, "--date", "01/01/2020")
    code, report = audit(unit)
    assert BUDI not in {p["nip"] for p in report["people"]}
    assert found(report, "OUTSIDE_EMPLOYMENT") == [(BUDI, entry, "error")]
    message = next(f["message"] for f in report["findings"] if f["code"] == "OUTSIDE_EMPLOYMENT")
    assert message == "2026-03-10..2026-03-10 is after the person left (2020-01-01); not credited"
    assert code == 1


def test_findings_about_entries_cover_people_who_are_not_counted(unit):
    first = train(unit, BUDI, "10/03/2026", title="Statistik")
    twice = train(unit, BUDI, "10/03/2026", title="Statistik")
    coached = unit.ok("record", "coaching", BUDI, "--coach", "Pak Joko", "--date", "05/03/2026",
                      "--format", "json").json()[0]["id"]
    unit.ok("staff", "leave", BUDI, "--date", "01/01/2020")
    report = audit(unit)[1]
    assert found(report, "DUPLICATE_ENTRY") == [(BUDI, twice, "warning")]
    assert found(report, "COACH_NOT_SUPERVISOR") == [(BUDI, coached, "warning")]
    assert {a for _, a, _ in found(report, "OUTSIDE_EMPLOYMENT")} == {first, twice, coached}
    # Limited to a unit, the unit's people are asked about whether counted or not; other units' are not.
    assert {a for _, a, _ in found(audit(unit, "2026", "--unit", "Bidang Diklat")[1], "OUTSIDE_EMPLOYMENT")} == {
        first, twice, coached}
    assert found(audit(unit, "2026", "--unit", "Bidang Evaluasi")[1], "OUTSIDE_EMPLOYMENT") == []


def test_training_after_leaving_is_not_credited_and_stays_an_error_until_voided(unit):
    # Item 5: recorded after the person left, it raised their total.
    inside = train(unit, BUDI, "10/03/2026", jp="8")
    unit.ok("staff", "leave", BUDI, "--date", "30/06/2026")
    after = train(unit, BUDI, "10/08/2026", jp="20")
    person = next(p for p in audit(unit)[1]["people"] if p["nip"] == BUDI)
    assert (person["jp"], person["left_in_year"]) == (8, True)
    assert found(audit(unit)[1], "OUTSIDE_EMPLOYMENT") == [(BUDI, after, "error")]
    statement = unit.ok("statement", BUDI, "--year", "2026", "--format", "json").json()
    assert [(e["id"], e["counted"], e["not_counted"]) for e in statement["entries"]] == [
        (inside, 8, None), (after, 0, "outside_employment")]
    unit.ok("activity", "void", str(after), "--reason", "setelah pensiun")
    assert found(audit(unit)[1], "OUTSIDE_EMPLOYMENT") == []


def test_training_before_the_start_of_service_is_an_error_that_a_corrected_date_clears(unit):
    unit.ok("staff", "add", NEWCOMER, "--name", "Rina Wati", "--unit", "Bidang Diklat")
    early = train(unit, NEWCOMER, "10/01/2022")
    code, report = audit(unit, "2022")
    assert found(report, "OUTSIDE_EMPLOYMENT") == [(NEWCOMER, early, "error")]
    assert next(p for p in report["people"] if p["nip"] == NEWCOMER)["jp"] == 0
    # Her real TMT CPNS was earlier than the NIP's month: the officer corrects it and the finding clears.
    unit.ok("staff", "update", NEWCOMER, "--appointed", "01/01/2022")
    code, report = audit(unit, "2022")
    assert found(report, "OUTSIDE_EMPLOYMENT") == []
    assert next(p for p in report["people"] if p["nip"] == NEWCOMER)["jp"] == 20


def test_training_earned_before_joining_is_credited_and_only_said(unit):
    # Item 5: a transfer in (mutasi) brings training from the previous agency; no fix could clear an error.
    unit.ok("staff", "add", NEWCOMER, "--name", "Rina Wati", "--unit", "Bidang Diklat", "--joined", "01/06/2026")
    earlier = train(unit, NEWCOMER, "10/03/2026")
    code, report = audit(unit)
    assert found(report, "EARNED_BEFORE_JOINING") == [(NEWCOMER, earlier, "info")]
    assert found(report, "OUTSIDE_EMPLOYMENT") == []
    rina = next(p for p in report["people"] if p["nip"] == NEWCOMER)
    assert (rina["jp"], rina["state"]) == (20, "met")
    message = next(f["message"] for f in report["findings"] if f["code"] == "EARNED_BEFORE_JOINING")
    assert message == "2026-03-10..2026-03-10 was earned before joining this agency (2026-06-01); credited"


def test_an_audit_in_line_except_for_earlier_agency_training_exits_0(cli):
    cli.ok("staff", "add", NEWCOMER, "--name", "Rina Wati", "--joined", "01/06/2026")
    train(cli, NEWCOMER, "10/03/2026")
    code, report = audit(cli)
    assert [f["code"] for f in report["findings"]] == ["EARNED_BEFORE_JOINING", "JOINED_DURING_YEAR"]
    assert code == 0


def test_training_after_a_joining_in_an_earlier_year_is_not_said_to_be_before_it(unit):
    # Dewi (CPNS) joined in 2021: earlier training of hers is not before joining in 2026.
    train(unit, DEWI, "10/03/2026")
    assert found(audit(unit)[1], "EARNED_BEFORE_JOINING") == []
