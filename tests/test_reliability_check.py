"""`jpledger check`: silent with exit 0 on a sound ledger; on a ledger broken behind jpledger's back, exit 1 and
one finding per problem with a stable code. It only reads: a broken ledger stays exactly as broken as it was.
"""

from __future__ import annotations

import hashlib

import pytest

from conftest import BUDI, EKO, SITI
from jpledger.store.models import SCHEMA_VERSION

# (what is done to the ledger behind jpledger's back, the codes `check` must report, SQLite only?)
BREAKAGES = {
    "person-missing": ("INSERT INTO activity (id, nip, kind, code, form, title, start, \"end\", year, international, "
                       "units_cents, jp_cents, rate_cents, month_cap, day_capped_cents, coach, coach_nip, organizer, "
                       "ref, note, sessions, minutes, days, policy_version, batch, fingerprint, voided, void_reason, "
                       "voided_at, created_at) "
                       "SELECT 90, '199912312025121001', kind, code, form, title, start, "
                       "\"end\", year, international, units_cents, jp_cents, rate_cents, month_cap, "
                       "day_capped_cents, coach, coach_nip, organizer, ref, note, sessions, minutes, days, "
                       "policy_version, batch, fingerprint, voided, void_reason, voided_at, created_at "
                       "FROM activity WHERE id = 1", {"FOREIGN_KEY", "ORPHAN_ACTIVITY"}, True),
    "batch-missing": ("UPDATE activity SET batch = 77 WHERE id = 1", {"FOREIGN_KEY", "ORPHAN_ACTIVITY"}, True),
    "policy-version-missing": ("UPDATE activity SET policy_version = 9 WHERE id = 1",
                               {"FOREIGN_KEY", "ORPHAN_ACTIVITY"}, True),
    "policy-garbage": ("UPDATE policy_version SET text = 'kinds: [' WHERE id = 1", {"POLICY_INVALID"}, False),
    # The JSON the commands read the policy from says something its text does not (a minimum of 200 JP).
    "policy-data-differs": ("UPDATE policy_version SET data = REPLACE(data, '\"min_jp\": \"20\"', "
                            "'\"min_jp\": \"200\"') WHERE id = 1", {"POLICY_DATA"}, False),
    "no-policy": ("DELETE FROM activity; DELETE FROM policy_version", {"NO_POLICY"}, False),
    # The person's history still names the old NIP: that is a missing row too. (PostgreSQL enforces the key, so
    # the damage cannot be done there.)
    "bad-nip": (f"UPDATE staff SET nip = '19901301202421100' WHERE nip = '{EKO}'", {"BAD_NIP", "FOREIGN_KEY"}, True),
    "bad-status": (f"UPDATE staff SET status = 'HONORER' WHERE nip = '{BUDI}'", {"BAD_STATUS"}, False),
    "left-before-joined": (f"UPDATE staff SET joined = '2020-05-01', \"left\" = '2019-01-01' WHERE nip = '{BUDI}'",
                           {"LEFT_BEFORE_JOINED"}, False),
    "date-not-a-date": ("UPDATE activity SET start = '2026-02-30' WHERE id = 1", {"BAD_DATE"}, True),
    "ends-before-start": ("UPDATE activity SET start = '2026-04-01' WHERE id = 1", {"IMPOSSIBLE_ACTIVITY"}, False),
    "negative-jp": ("UPDATE activity SET jp_cents = -800 WHERE id = 1", {"IMPOSSIBLE_ACTIVITY"}, False),
    "wrong-year": ("UPDATE activity SET year = 1999 WHERE id = 1", {"WRONG_YEAR"}, False),
    "unknown-kind": ("UPDATE activity SET kind = 'terjun_payung' WHERE id = 1", {"UNKNOWN_KIND"}, False),
    "void-without-reason": ("UPDATE activity SET voided = TRUE, void_reason = NULL WHERE id = 1",
                            {"VOID_WITHOUT_REASON"}, False),
    # Two contracts of one PPPK sharing March 2027, recorded behind the command line's back (it refuses them).
    "contracts-overlap": (f"INSERT INTO contract (nip, start, \"end\", created_at) VALUES ('{EKO}', '2026-04-01', "
                          "'2027-03-31', '2026-04-01 08:00:00'); "
                          f"INSERT INTO contract (nip, start, \"end\", created_at) VALUES ('{EKO}', '2027-03-01', "
                          "'2028-02-29', '2027-03-01 08:00:00')", {"CONTRACT_OVERLAP"}, False),
    # Rows the rules of every way in refuse, as an older jpledger could have written them.
    "rank-for-status": (f"UPDATE staff SET rank = 'III/a' WHERE nip = '{EKO}'", {"RULE_RANK"}, False),
    "own-supervisor": (f"UPDATE staff SET supervisor = nip WHERE nip = '{BUDI}'", {"RULE_SUPERVISOR"}, False),
    "joined-before-appointed": (f"UPDATE staff SET joined = '2010-01-01', appointed = '2015-01-01' "
                                f"WHERE nip = '{BUDI}'", {"RULE_SERVICE_DAYS"}, False),
    "history-status": (f"UPDATE staff_history SET value = 'HONORER' WHERE field = 'status' AND nip = '{BUDI}'",
                       {"RULE_HISTORY"}, False),
    "activity-too-early": ("UPDATE activity SET start = '1948-01-05' WHERE id = 1", {"RULE_ACTIVITY_DAYS"}, False),
    "credit-above-max": ("UPDATE activity SET jp_cents = 500000 WHERE id = 1", {"RULE_CREDIT_ABOVE_MAX"}, False),
    "no-schema-version": ("DELETE FROM meta", {"SCHEMA_VERSION"}, False),
    "schema-version-garbage": ("UPDATE meta SET value = 'dua' WHERE key = 'schema_version'", {"SCHEMA_VERSION"},
                               False),
    "schema-newer": ("UPDATE meta SET value = '99' WHERE key = 'schema_version'", {"SCHEMA_VERSION"}, False),
    "table-missing": ("DROP TABLE trail", {"SCHEMA_INCOMPLETE"}, False),
    "column-missing": ("ALTER TABLE staff DROP COLUMN agency", {"SCHEMA_INCOMPLETE"}, False),
}


@pytest.fixture
def ledger(unit):
    unit.ok("record", "training", SITI, BUDI, "--kind", "B3", "--title", "Analisis Data", "--start", "10/03/2026",
            "--end", "12/03/2026", "--jp", "8")
    return unit


def test_a_sound_ledger_checks_clean_and_silent(ledger):
    result = ledger("check")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert ledger("check", "--format", "json").json() == []


@pytest.mark.parametrize("name", sorted(BREAKAGES))
def test_each_kind_of_damage_is_found_with_its_code(ledger, name):
    sql, codes, sqlite_only = BREAKAGES[name]
    if sqlite_only:
        ledger.needs_sqlite()  # PostgreSQL refuses these rows in the first place
    for statement in sql.split("; "):
        ledger.rows(statement)
    before = ledger.snapshot()
    result = ledger("check", "--format", "json")
    assert result.exit_code == 1, result.stderr
    found = result.json()
    assert {f["code"] for f in found} == codes, found
    assert all(f["where"] and f["message"] for f in found)
    table = ledger("check")
    assert table.exit_code == 1 and all(code in table.stdout for code in codes)
    assert ledger.snapshot() == before  # check only reads


@pytest.mark.parametrize(("name", "said"), [
    ("bad-status", [f"pegawai {BUDI}", "status 'HONORER' bukan PNS, CPNS, atau PPPK"]),
    ("void-without-reason", ["kegiatan 1", "dibatalkan tanpa alasan"]),
    ("wrong-year", ["kegiatan 1", "tahun 1999 bukan tahun mulai maupun tahun selesai"]),
    ("schema-newer", ["versi skema", "skema 99 lebih baru daripada yang dikenal jpledger ini"]),
])
def test_the_check_table_speaks_indonesian_and_the_json_keeps_its_places(ledger, monkeypatch, name, said):
    monkeypatch.setenv("COLUMNS", "80")
    for statement in BREAKAGES[name][0].split("; "):
        ledger.rows(statement)
    table = ledger("--lang", "id", "check").stdout
    assert all(words in " ".join(table.split()) for words in said), table
    assert not any(word in table for word in (" is not ", "activity 1", f"staff {BUDI}"))
    assert {f["where"] for f in ledger("--lang", "id", "check", "--format", "json").json()} <= {
        f"staff {BUDI}", "activity 1", "meta"}


def test_an_older_schema_is_reported_not_upgraded(ledger):
    ledger.rows("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    result = ledger("check", "--format", "json")
    assert result.exit_code == 1
    assert [(f["code"], "older" in f["message"]) for f in result.json()] == [("SCHEMA_VERSION", True)]
    assert ledger.rows("SELECT value FROM meta WHERE key = 'schema_version'") == [("1",)]


def test_a_damaged_file_is_reported_and_left_as_it_was(ledger):
    path = ledger.db
    ledger.rows("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    # Scribble over the pages after the schema page: rows and indexes no longer agree.
    for offset in range(page * 2, min(len(data), page * 6), 97):
        data[offset:offset + 8] = b"\xde\xad\xbe\xef" * 2
    path.write_bytes(bytes(data))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    result = ledger("check", "--format", "json")
    assert result.exit_code == 1, result.stderr
    assert "INTEGRITY" in {f["code"] for f in result.json()}
    assert all("\n" not in f["message"] for f in result.json())
    other = ledger("totals", "--year", "2026")  # the other commands refuse it in one line (or read around it)
    assert other.exit_code in (0, 4) and "Traceback" not in other.stderr
    assert len(other.stderr.strip().splitlines()) <= 1
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_a_missing_table_and_column_are_each_named(ledger):
    ledger.rows("DROP TABLE year_lock")
    ledger.rows("ALTER TABLE activity DROP COLUMN note")
    found = ledger("check", "--format", "json").json()
    assert sorted((f["code"], f["message"]) for f in found) == [
        ("SCHEMA_INCOMPLETE", f"column note of table activity is missing, which schema {SCHEMA_VERSION} has; "
                              "restore a backup"),
        ("SCHEMA_INCOMPLETE", f"table year_lock is missing, which schema {SCHEMA_VERSION} has; restore a backup")]


@pytest.mark.parametrize("keep", [100, 4096, 3 * 4096 + 17])
def test_a_truncated_ledger_is_reported_not_answered_with_run_check(ledger, keep):
    """Every other command answers a truncated ledger with "run `jpledger check`"; check must say what it found."""
    path = ledger.db
    ledger.rows("PRAGMA wal_checkpoint(TRUNCATE)")
    with open(path, "r+b") as handle:
        handle.truncate(keep)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    other = ledger("totals", "--year", "2026")
    assert other.exit_code == 4 and "jpledger check" in other.stderr
    result = ledger("check", "--format", "json")
    assert result.exit_code == 1, result.stderr
    assert [(f["code"], f["where"]) for f in result.json()] == [("INTEGRITY", "file")]
    assert "check" not in result.json()[0]["message"] and result.stderr == ""
    assert ledger("check").exit_code == 1
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_every_check_code_is_explained(ledger):
    from jpledger.store.checks import CHECK_CODES

    # INTEGRITY and UNREADABLE are tested above; EVIDENCE_CORRUPT with the evidence files (test_evidence.py).
    assert {code for _, codes, _ in BREAKAGES.values() for code in codes} | {
        "INTEGRITY", "UNREADABLE", "EVIDENCE_CORRUPT"} == set(CHECK_CODES)
