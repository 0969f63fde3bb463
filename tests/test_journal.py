"""The coaching and mentoring journal (spec 10): a person's sessions in date order with goal, agreed actions and
follow-up, or the sessions a coach gave."""

from __future__ import annotations

import csv
import io

from conftest import BUDI, DEWI, SITI

KEYS = {"id", "date", "kind", "nip", "coach", "sessions", "minutes", "topic", "goal", "actions", "follow_up", "jp",
        "credited", "withheld", "counted"}


def sessions(unit):
    unit.ok("record", "coaching", BUDI, "--coach", SITI, "--date", "14/04/2026", "--sessions", "2", "--minutes", "90",
            "--topic", "SKP", "--goal", "Menyusun indikator SKP", "--actions", "Draf indikator ke atasan",
            "--follow-up", "28/04/2026")
    unit.ok("record", "mentoring", BUDI, "--mentor", "Dr. Ahmad Fauzi", "--date", "02/03/2026",
            "--goal", "Menulis artikel ilmiah")
    unit.ok("record", "coaching", BUDI, "--coach", SITI, "--date", "10/12/2025", "--topic", "Orientasi")
    unit.ok("record", "coaching", DEWI, "--coach", SITI, "--date", "15/04/2026", "--topic", "Arsip")
    unit.ok("record", "training", BUDI, "--kind", "B3", "--title", "Analisis", "--start", "01/03/2026", "--jp", "8")
    voided = unit.ok("record", "coaching", BUDI, "--coach", SITI, "--date", "20/04/2026", "--format", "json").json()
    unit.ok("activity", "void", voided[0]["id"], "--reason", "dicatat ganda")
    return unit


def test_a_persons_journal_lists_their_sessions_in_date_order(unit):
    found = sessions(unit).ok("journal", BUDI, "--format", "json").json()
    assert [(s["date"], s["kind"], s["topic"]) for s in found] == [
        ("2025-12-10", "coaching", "Orientasi"), ("2026-03-02", "mentoring", "Mentoring"),
        ("2026-04-14", "coaching", "SKP")]
    assert all(KEYS <= set(s) for s in found)
    skp = found[-1]
    assert (skp["nip"], skp["coach"], skp["sessions"], skp["minutes"], skp["jp"]) == (BUDI, "Siti Rahayu", 2, 90, 4)
    assert (skp["goal"], skp["actions"], skp["follow_up"]) == ("Menyusun indikator SKP", "Draf indikator ke atasan",
                                                               "2026-04-28")
    assert found[1]["coach"] == "Dr. Ahmad Fauzi" and found[1]["goal"] == "Menulis artikel ilmiah"


def test_the_journal_of_one_year(unit):
    found = sessions(unit).ok("journal", BUDI, "--year", "2025", "--format", "json").json()
    assert [s["topic"] for s in found] == ["Orientasi"]


def test_as_coach_lists_the_sessions_a_person_gave(unit):
    found = sessions(unit).ok("journal", SITI, "--as-coach", "--year", "2026", "--format", "json").json()
    assert [(s["date"], s["nip"]) for s in found] == [("2026-04-14", BUDI), ("2026-04-15", DEWI)]
    assert unit.ok("journal", SITI, "--format", "json").json() == []  # she had none herself


def test_the_journal_as_a_table_and_as_csv(unit):
    sessions(unit)
    table = unit.ok("journal", BUDI).stdout
    assert "Coaching and mentoring journal of Budi Santoso" in table and "Menyusun indikator SKP" in table
    rows = list(csv.DictReader(io.StringIO(unit.ok("journal", BUDI, "--format", "csv").stdout)))
    assert KEYS <= set(rows[0]) and [r["follow_up"] for r in rows] == ["", "", "2026-04-28"]
    indonesian = unit.ok("--lang", "id", "journal", SITI, "--as-coach").stdout
    assert "Sesi yang diberikan oleh Siti Rahayu" in indonesian


def test_the_journal_of_someone_not_in_the_ledger_is_a_usage_error(unit):
    result = unit("journal", "199001012015031001")
    assert result.exit_code == 2 and "staff add" in result.stderr


def test_a_session_over_the_monthly_cap_shows_the_three_figures_of_every_entry(unit):
    # Two sessions a month at most: three in April leave one withheld, as statement and activity show say.
    unit.ok("record", "coaching", BUDI, "--coach", SITI, "--date", "14/04/2026", "--sessions", "3")
    (session,) = unit.ok("journal", BUDI, "--format", "json").json()
    shown = unit.ok("activity", "show", session["id"], "--format", "json").json()
    assert (session["credited"], session["withheld"], session["counted"]) == (6, 2, 4)
    assert {k: session[k] for k in ("credited", "withheld", "counted")} == {
        k: shown[k] for k in ("credited", "withheld", "counted")}
