"""What listing commands print: quiet tables, no trailing padding, CSV with the JSON's keys, unknown filters."""

from __future__ import annotations

import csv
import io

from conftest import BUDI, SITI


def _with_entries(unit):
    unit.ok("record", "coaching", BUDI, "--coach", SITI, "--date", "14/03/2026")
    unit.ok("record", "magang", BUDI, "--start", "01/02/2026", "--end", "10/02/2026", "--host", "LAN")
    return unit


def test_table_lines_carry_no_trailing_spaces(unit):
    out = _with_entries(unit).ok("activity", "list").stdout
    assert out.strip() and all(line == line.rstrip() for line in out.splitlines())


def test_quiet_tables_have_no_title_and_no_rules(unit):
    _with_entries(unit)
    loud = unit.ok("activity", "list").stdout
    quiet = unit.ok("-q", "activity", "list").stdout
    assert "Activities" in loud and "─" in loud
    assert "Activities" not in quiet and "─" not in quiet and BUDI in quiet
    audit = unit("-q", "audit", "--year", "2026")
    assert audit.exit_code == 1 and "█" not in audit.stdout and "Audit 2026" not in audit.stdout


def test_activity_csv_has_the_json_keys(unit):
    _with_entries(unit)
    rows = list(csv.DictReader(io.StringIO(unit.ok("activity", "list", "--format", "csv").stdout)))
    as_json = unit.ok("activity", "list", "--format", "json").json()
    # Lists (the evidence files) are JSON only.
    assert set(rows[0]) == {k for k, v in as_json[0].items() if not isinstance(v, list)}
    assert "evidence" in as_json[0] and len(rows) == len(as_json) == 2
    assert {r["nip"] for r in rows} == {BUDI}


def test_staff_csv_has_the_agency(unit):
    unit.ok("staff", "update", BUDI, "--agency", "Pusdiklat")
    rows = list(csv.DictReader(io.StringIO(unit.ok("staff", "list", "--format", "csv").stdout)))
    assert {r["nip"]: r["agency"] for r in rows}[BUDI] == "Pusdiklat"


def test_activity_list_of_someone_or_a_batch_not_in_the_ledger_is_a_usage_error(unit):
    nobody = unit("activity", "list", "--nip", "199001012015031001")
    assert nobody.exit_code == 2 and "staff add" in nobody.stderr
    no_batch = unit("activity", "list", "--batch", "42")
    assert no_batch.exit_code == 2 and "batch list" in no_batch.stderr
