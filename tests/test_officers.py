"""Officers on PostgreSQL (spec 13, issue 15): login roles the database itself keeps to their own units.

Runs on the throw-away cluster of `make test` (tests/pgserver.py), where every role but the suite's superuser must
give its password. Two officers of two OPDs each see only their own people, are refused the other's, and the
same holds when they open the database with their own password outside jpledger.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass

import pytest
from sqlalchemy.engine import make_url

from conftest import BUDI, DEWI, EKO, PG_URL, SITI, TODAY, Cli, add_province
from jpledger.store.sql import SCHEMA_VERSION
from reliability import nips

pytestmark = pytest.mark.skipif(not PG_URL, reason="needs a PostgreSQL server (JPLEDGER_TEST_PG)")

RINA = "199801012022031002"  # PNS, not yet in the ledger
PERSONAL = ("staff", "staff_history", "contract", "activity", "activity_evidence", "evidence")


def role_name(prefix: str) -> str:
    """Roles belong to the whole server, which every test shares: each test makes its own."""
    return f"{prefix}_{uuid.uuid4().hex[:10]}"


@dataclass
class Officer:
    """jpledger as one officer runs it: their own login and password in the URL."""

    role: str
    password: str
    cli: Cli

    @property
    def url(self) -> str:
        return make_url(self.cli.location).set(username=self.role, password=self.password).render_as_string(
            hide_password=False)

    def __call__(self, *args, input: str | None = None):
        return self.cli("--db", self.url, *args, input=input)

    def ok(self, *args):
        result = self(*args)
        assert result.exit_code == 0, f"{self.role} {args}: exit {result.exit_code}\n{result.stderr}"
        return result

    def json(self, *args):
        return self.ok(*args, "--format", "json").json()

    def sql(self, statement: str, *params, password: str | None = None) -> list[tuple] | int:
        """Run SQL as this officer outside jpledger (as `psql` would): rows, or the rows an UPDATE changed."""
        import psycopg

        url = make_url(self.cli.location)
        with psycopg.connect(host=url.host, port=url.port, dbname=url.database, user=self.role,
                             password=password or self.password) as conn:
            cursor = conn.execute(statement, params or None)
            return cursor.fetchall() if cursor.description else cursor.rowcount


def add_officer(cli: Cli, prefix: str, *options: str) -> Officer:
    officer = Officer(role_name(prefix), "pw-" + uuid.uuid4().hex[:8], cli)
    result = cli("officer", "add", officer.role, *options, "--password-stdin", input=officer.password + "\n")
    assert result.exit_code == 0, result.stderr
    return officer


@pytest.fixture
def agency(cli):
    """A province with two OPDs (Disdik, Dinkes), each with a bidang; an officer for each OPD, and an admin.

    Siti (Disdik's bidang SD) and Budi (Disdik) are Disdik's; Dewi (Dinkes's bidang P2P) and Eko (Dinkes) Dinkes's.
    """
    add_province(cli)
    cli.ok("staff", "add", SITI, "--name", "Siti Rahayu", "--unit", "DISDIK-SD")
    cli.ok("staff", "add", BUDI, "--name", "Budi Santoso", "--unit", "DISDIK", "--supervisor", SITI)
    cli.ok("staff", "add", DEWI, "--name", "Dewi Lestari", "--status", "CPNS", "--unit", "DINKES-P2P")
    cli.ok("staff", "add", EKO, "--name", "Eko Prasetyo", "--status", "PPPK", "--unit", "DINKES")
    cli.ok("record", "training", SITI, DEWI, "--kind", "B3", "--title", "Analisis Data", "--start", "10/03/2026",
           "--jp", "20")
    cli.ok("record", "coaching", BUDI, "--coach", SITI, "--date", "14/04/2026")
    disdik = add_officer(cli, "disdik", "--units", "DISDIK")
    dinkes = add_officer(cli, "dinkes", "--units", "Dinas Kesehatan")
    admin = add_officer(cli, "kepala", "--admin")
    return disdik, dinkes, admin


def people(officer: Officer, *args) -> set[str]:
    return {p["nip"] for p in officer.json(*args)}


def ids(cli_or_officer, nip: str) -> list[int]:
    return [a["id"] for a in cli_or_officer.json("activity", "list", "--nip", nip)]


def test_each_officer_sees_only_their_own_people(agency):
    disdik, dinkes, admin = agency
    for officer, mine in ((disdik, {SITI, BUDI}), (dinkes, {DEWI, EKO})):
        assert people(officer, "staff", "list") == mine
        assert people(officer, "totals", "--year", "2026") == mine
        result = officer("audit", "--year", "2026", "--format", "json")
        assert result.exit_code in (0, 1), result.stderr
        report = result.json()
        assert {p["nip"] for p in report["people"]} == mine and report["summary"]["headcount"] == 2
        assert {f["nip"] for f in report["findings"]} <= mine
        assert {a["nip"] for a in officer.json("activity", "list")} == mine & {SITI, BUDI, DEWI}
    assert {p["unit_code"] for p in disdik.json("staff", "list")} == {"DISDIK", "DISDIK-SD"}
    assert people(admin, "staff", "list") == {SITI, BUDI, DEWI, EKO}


def test_an_officer_is_refused_the_other_units_people_by_name(agency):
    disdik, dinkes, _ = agency
    before = disdik.cli.snapshot()
    dewi_entry = ids(dinkes, DEWI)[0]
    refused = [
        ("record", "training", DEWI, "--kind", "B3", "--title", "X", "--start", "01/05/2026", "--jp", "2"),
        ("record", "coaching", EKO, "--coach", SITI, "--date", "02/05/2026"),
        ("staff", "update", DEWI, "--position", "Analis"),
        ("staff", "leave", EKO, "--date", "30/06/2026"),
        ("staff", "show", DEWI),
        ("statement", DEWI, "--year", "2026"),
        ("activity", "list", "--nip", EKO),
    ]
    for args in refused:
        result = disdik(*args)
        assert result.exit_code == 2, (args, result.stderr)
        assert "outside your units" in result.stderr and "not in the ledger" not in result.stderr, args
    for args in (("activity", "void", str(dewi_entry), "--reason", "x"), ("activity", "show", str(dewi_entry))):
        result = disdik(*args)
        assert result.exit_code == 2 and f"activity {dewi_entry} is of a person outside your units" in result.stderr
    # Someone really not in the ledger is still said so.
    result = disdik("staff", "show", RINA)
    assert result.exit_code == 2 and "not in the ledger" in result.stderr
    assert disdik.cli.snapshot() == before


def test_an_import_naming_people_outside_the_officers_units_is_rejected_naming_the_cells(agency, tmp_path):
    disdik, _, _ = agency
    staff = tmp_path / "pegawai.csv"
    staff.write_text(f"NIP,Nama,Unit Kerja\n{SITI},Siti Rahayu,DISDIK-SD\n{DEWI},Dewi Lestari,DISDIK\n"
                     f"{RINA},Rina Wati,DINKES\n", encoding="utf-8")
    activities = tmp_path / "kegiatan.csv"
    activities.write_text("NIP Peserta,Jenis Kegiatan,Nama Kegiatan,Tanggal Mulai,Tanggal Selesai,Jumlah JP\n"
                          f"{BUDI},B3,Statistik,02/02/2026,04/02/2026,20\n"
                          f"{EKO},B3,Statistik,02/02/2026,04/02/2026,20\n", encoding="utf-8")
    before = disdik.cli.snapshot()
    result = disdik("import", staff)
    assert result.exit_code == 3
    assert f"pegawai.csv:pegawai!A3: NIP {DEWI} is outside your units" in result.stderr
    assert "pegawai.csv:pegawai!C4: unit DINKES (DINKES) is outside your units" in result.stderr
    assert "pegawai.csv:pegawai!A2" not in result.stderr
    result = disdik("import", activities)
    assert result.exit_code == 3
    assert f"kegiatan.csv:kegiatan!A3: NIP {EKO} is outside your units" in result.stderr
    assert "kegiatan.csv:kegiatan!A2" not in result.stderr
    assert disdik.cli.snapshot() == before


def test_an_officers_own_import_goes_in_and_stays_theirs(agency, tmp_path):
    disdik, dinkes, _ = agency
    roster = tmp_path / "disdik.csv"
    roster.write_text(f"NIP,Nama,Unit Kerja\n{RINA},Rina Wati,Bidang Pembinaan SD\n", encoding="utf-8")
    disdik.ok("import", roster)
    entries = tmp_path / "kegiatan.csv"
    entries.write_text("NIP Peserta,Jenis Kegiatan,Nama Kegiatan,Tanggal Mulai,Tanggal Selesai,Jumlah JP,Coach\n"
                       f"{RINA},B3,Statistik,02/02/2026,04/02/2026,20,\n"
                       f"{BUDI},C1,Coaching,02/03/2026,02/03/2026,,{DEWI}\n", encoding="utf-8")
    disdik.ok("import", entries)
    assert people(disdik, "staff", "list") == {SITI, BUDI, RINA}
    assert RINA not in people(dinkes, "staff", "list")
    assert disdik.cli.rows("SELECT unit_code FROM staff WHERE nip = ?", RINA) == [("DISDIK-SD",)]
    # A coach in another unit is kept by NIP: the officer may not read the coach's name.
    coached = [a for a in disdik.json("activity", "list", "--nip", BUDI) if a["batch"]]
    assert disdik.cli.rows("SELECT coach, coach_nip FROM activity WHERE id = ?", coached[0]["id"]) == [(DEWI, DEWI)]
    batch = coached[0]["batch"]
    result = dinkes("batch", "revert", str(batch), "--reason", "bukan punya saya")
    assert result.exit_code == 2 and f"imported by {disdik.role}" in result.stderr
    disdik.ok("batch", "revert", str(batch), "--reason", "dobel")


def test_the_database_itself_keeps_an_officer_to_their_units(agency):
    disdik, dinkes, _ = agency
    assert disdik.sql("SELECT * FROM staff WHERE unit_code NOT IN ('DISDIK', 'DISDIK-SD')") == []
    assert sorted(r[0] for r in disdik.sql("SELECT nip FROM staff")) == sorted([SITI, BUDI])
    assert disdik.sql("SELECT * FROM activity WHERE nip = %s", DEWI) == []
    assert disdik.sql("SELECT * FROM staff_history WHERE nip = %s", EKO) == []
    assert disdik.sql("UPDATE staff SET name = 'Diubah' WHERE nip = %s", DEWI) == 0
    assert disdik.sql("UPDATE activity SET voided = true WHERE nip = %s", DEWI) == 0
    assert dinkes.cli.rows("SELECT name FROM staff WHERE nip = ?", DEWI) == [("Dewi Lestari",)]
    import psycopg

    refused = [
        f"UPDATE staff SET unit_code = 'DINKES' WHERE nip = '{SITI}'",  # moving one's own person out
        "INSERT INTO unit (code, name, created_at) VALUES ('X', 'X', now())",  # units are the admins'
        "UPDATE policy_version SET name = 'x'",
        "INSERT INTO trail (at, actor, action, detail) VALUES (now(), 'someone-else', 'x', '{}')",
        "DELETE FROM trail",
        "SELECT report FROM year_lock",  # a closed year's stored audit names every unit's people
    ]
    for statement in refused:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            disdik.sql(statement)
    with pytest.raises(psycopg.OperationalError):
        disdik.sql("SELECT 1", password="wrong-password")


def test_the_trail_records_the_login_whatever_jpledger_actor_claims(agency, monkeypatch):
    disdik, dinkes, admin = agency
    monkeypatch.setenv("JPLEDGER_ACTOR", "Admin Pusat")
    disdik.ok("record", "training", SITI, "--kind", "B3", "--title", "Kelas", "--start", "01/05/2026", "--jp", "4")
    dinkes.ok("record", "training", DEWI, "--kind", "B3", "--title", "Kelas", "--start", "01/05/2026", "--jp", "4")
    entry = disdik.json("log", "--limit", "1")[0]
    assert (entry["actor"], entry["claimed_actor"], entry["action"]) == (disdik.role, "Admin Pusat",
                                                                         "record training")
    # Each officer's log holds the entries about their units, never the other's people: the class the owner
    # recorded for Siti and Dewi together is for admins only.
    for officer, mine, theirs in ((disdik, SITI, DEWI), (dinkes, DEWI, SITI)):
        log = officer.json("log", "--limit", "1000")
        assert mine in json.dumps(log) and theirs not in json.dumps(log)
        assert {"init", "unit add", "staff add", "record training"} <= {e["action"] for e in log}
    actors = {e["actor"] for e in admin.json("log", "--limit", "1000")}
    assert {disdik.role, dinkes.role} <= actors and "Admin Pusat" not in actors


def test_only_admins_change_units_officers_the_policy_and_closed_years(agency, tmp_path):
    disdik, _, admin = agency
    policy = tmp_path / "policy.yaml"
    policy.write_text(disdik.ok("policy", "show").stdout, encoding="utf-8")
    before = disdik.cli.snapshot()
    for args in (("unit", "add", "DISDIK-SMP", "--name", "Bidang SMP", "--parent", "DISDIK"),
                 ("unit", "update", "DISDIK", "--name", "Dinas"),
                 ("officer", "add", disdik.role, "--units", "PROV"),
                 ("officer", "remove", disdik.role),
                 ("policy", "use", policy),
                 ("year", "close", "2025", "--reason", "dilaporkan")):
        result = disdik(*args)
        assert result.exit_code == 2 and "only an admin of this ledger may" in result.stderr, args
    assert disdik.cli.snapshot() == before
    admin.ok("unit", "add", "DISDIK-SMP", "--name", "Bidang SMP", "--parent", "DISDIK")
    admin.ok("policy", "use", policy)
    admin.ok("year", "close", "2025", "--reason", "dilaporkan")
    # An admin makes an existing login an officer; creating a login is for a role with CREATEROLE.
    existing = Officer(role_name("smp"), "pw-smp", disdik.cli)
    disdik.cli.rows(f"CREATE ROLE \"{existing.role}\" LOGIN PASSWORD 'pw-smp'")
    admin.ok("officer", "add", existing.role, "--units", "DISDIK-SMP")
    assert existing.ok("staff", "list").stdout
    result = admin("officer", "add", role_name("baru"), "--units", "DISDIK-SMP")
    assert result.exit_code == 2 and "needs the CREATEROLE right" in result.stderr
    # An officer's unit text that names no unit adds none: exit 2.
    result = disdik("staff", "add", RINA, "--name", "Rina Wati", "--unit", "Bidang Baru")
    assert result.exit_code == 2 and "only an admin adds units" in result.stderr


def test_officers_put_people_only_in_their_own_units(agency):
    disdik, _, _ = agency
    before = disdik.cli.snapshot()
    for unit_args, said in ((("--unit", "DINKES-P2P"), "outside your units"),
                            ((), "give the person one of your units")):
        result = disdik("staff", "add", RINA, "--name", "Rina Wati", *unit_args)
        assert result.exit_code == 2 and said in result.stderr
    result = disdik("staff", "update", BUDI, "--unit", "DINKES")
    assert result.exit_code == 2 and "outside your units" in result.stderr
    assert disdik.cli.snapshot() == before
    disdik.ok("staff", "add", RINA, "--name", "Rina Wati", "--unit", "Bidang Pembinaan SD")
    disdik.ok("staff", "update", BUDI, "--unit", "DISDIK-SD")
    assert people(disdik, "staff", "list", "--unit", "DISDIK-SD") == {SITI, BUDI, RINA}


def test_officer_list_and_remove(agency):
    disdik, dinkes, admin = agency
    listed = {o["role"]: o for o in admin.json("officer", "list")}
    assert listed[disdik.role] == {"role": disdik.role, "units": ["DISDIK"], "admin": False}
    assert listed[dinkes.role] == {"role": dinkes.role, "units": ["DINKES"], "admin": False}
    assert listed[admin.role] == {"role": admin.role, "units": [], "admin": True}
    admin.cli.ok("officer", "add", disdik.role, "--units", "DINKES-P2P")
    assert people(disdik, "staff", "list") == {SITI, BUDI, DEWI}
    admin.ok("officer", "remove", disdik.role)
    result = disdik("staff", "list")
    assert result.exit_code == 4 and f"role {disdik.role} is not an officer of this ledger" in result.stderr
    assert admin.cli.rows("SELECT count(*) FROM pg_roles WHERE rolname = ?", disdik.role) == [(1,)]
    result = admin("officer", "remove", disdik.role)
    assert result.exit_code == 2 and "is not an officer" in result.stderr


def test_a_new_roles_password_travels_as_a_scram_verifier(cli):
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    cli.ok("unit", "add", "DISDIK", "--name", "Dinas Pendidikan")
    role, password = role_name("baru"), "Rahasia-" + uuid.uuid4().hex
    sent: list[str] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        sent.append(f"{statement} {parameters}")

    event.listen(Engine, "before_cursor_execute", capture)
    try:
        result = cli("officer", "add", role, "--units", "DISDIK", "--password-stdin", input=password + "\n")
    finally:
        event.remove(Engine, "before_cursor_execute", capture)
    assert result.exit_code == 0, result.stderr
    assert f"created login role {role}" in result.stderr
    assert any("CREATE ROLE" in s and "SCRAM-SHA-256$" in s for s in sent)
    assert not any(password in s for s in sent)
    assert cli.rows("SELECT left(rolpassword, 14) FROM pg_authid WHERE rolname = ?", role) == [("SCRAM-SHA-256$",)]
    assert password not in json.dumps(cli.ok("log", "--format", "json").json())
    assert Officer(role, password, cli).ok("staff", "list")
    # An existing role keeps the password its DBA gave it.
    again = cli("officer", "add", role, "--units", "DISDIK", "--password-stdin", input="other\n")
    assert again.exit_code == 2 and "exists already" in again.stderr


def test_a_role_name_with_odd_characters_is_that_role(cli):
    add_province(cli)
    cli.ok("staff", "add", SITI, "--name", "Siti Rahayu", "--unit", "DISDIK-SD")
    officer = add_officer(cli, "Opd %t \"Disdik\" it's", "--units", "DISDIK")
    assert cli.rows("SELECT count(*) FROM pg_roles WHERE rolname = ?", officer.role) == [(1,)]
    assert people(officer, "staff", "list") == {SITI}
    cli.ok("officer", "remove", officer.role)


def test_an_officer_on_an_older_schema_is_told_an_admin_must_upgrade(agency):
    disdik, _, _ = agency
    disdik.cli.rows("UPDATE meta SET value = '3' WHERE key = 'schema_version'")
    try:
        result = disdik("staff", "list")
        assert result.exit_code == 4
        assert f"older than this jpledger's {SCHEMA_VERSION}, and only its owner" in result.stderr
        assert disdik.cli.rows("SELECT value FROM meta") == [("3",)]
    finally:
        disdik.cli.rows("UPDATE meta SET value = ? WHERE key = 'schema_version'", str(SCHEMA_VERSION))


def test_schema_creation_puts_every_personal_table_under_the_policies(cli):
    cli.ok("init")
    secured = {t for (t,) in cli.rows("SELECT relname FROM pg_class WHERE relrowsecurity")}
    assert set(PERSONAL) | {"trail", "batch"} <= secured
    policies = {t for (t,) in cli.rows("SELECT DISTINCT tablename FROM pg_policies")}
    assert set(PERSONAL) <= policies


def test_an_upgraded_ledger_keeps_officers_to_their_units(cli):
    """A schema-1 ledger on the server, upgraded by its owner: the policies are in place from then on."""
    _build_v1_on_postgresql(cli)
    result = cli.ok("totals", "--year", "2026", "--format", "json")  # the owner opens it: upgraded
    assert {p["nip"] for p in result.json()} == {SITI, BUDI, EKO}
    assert cli.rows("SELECT value FROM meta") == [(str(SCHEMA_VERSION),)]
    assert set(PERSONAL) <= {t for (t,) in cli.rows("SELECT relname FROM pg_class WHERE relrowsecurity")}
    officer = add_officer(cli, "evaluasi", "--units", "Bidang Evaluasi")
    assert people(officer, "staff", "list") == {EKO}
    assert officer.sql("SELECT nip FROM activity") == [(EKO,)]


def test_two_ledgers_on_one_server_never_share_officers(agency):
    from conftest import _pg_database

    disdik, _, _ = agency
    databases = _pg_database()
    other = next(databases)
    try:
        owner = Cli(other, None)
        owner.ok("--db", other, "unit", "add", "DISDIK", "--name", "Dinas Pendidikan")
        theirs = Officer(disdik.role, disdik.password, owner)
        result = theirs("staff", "list")
        assert result.exit_code == 4 and "is not an officer of this ledger" in result.stderr
        groups = {g for (g,) in disdik.cli.rows("SELECT rolname FROM pg_roles WHERE rolname LIKE 'jpledger_%%'")}
        first, second = make_url(disdik.cli.location).database, make_url(other).database
        assert {f"jpledger_officer_{first}", f"jpledger_officer_{second}"} <= groups
    finally:
        next(databases, None)


def test_four_officers_importing_at_once_into_their_own_units(cli, tmp_path):
    """Four OPDs' officers import their rosters at the same moment: every row lands, nobody sees another's."""
    cli.ok("unit", "add", "PROV", "--name", "Provinsi")
    officers, rosters, expected = [], [], {}
    for i in range(4):
        code = f"OPD{i}"
        cli.ok("unit", "add", code, "--name", f"Dinas {i}", "--parent", "PROV")
        officer = add_officer(cli, f"opd{i}", "--units", code)
        mine = nips(10, first=100 * i)
        staff = tmp_path / f"opd{i}-pegawai.csv"
        staff.write_text("\n".join(["NIP,Nama,Unit Kerja"] + [f"{nip},Pegawai {i}-{n},{code}"
                                                              for n, nip in enumerate(mine)]) + "\n",
                         encoding="utf-8")
        entries = tmp_path / f"opd{i}-kegiatan.csv"
        entries.write_text("\n".join(["NIP,Jenis Kegiatan,Nama Kegiatan,Tanggal Mulai,Tanggal Selesai,Jumlah JP"]
                                     + [f"{nip},B3,Kelas {d},{d:02d}/03/2026,{d:02d}/03/2026,5"
                                        for nip in mine for d in (2, 9, 16)]) + "\n", encoding="utf-8")
        officers.append(officer)
        rosters.append((staff, entries))
        expected[officer.role] = set(mine)
    env = dict(os.environ, JPLEDGER_TODAY=TODAY, JPLEDGER_ACTOR="tester")
    env.pop("JPLEDGER_DB", None)

    def start(officer, path):
        return subprocess.Popen([sys.executable, "-m", "jpledger", "--db", officer.url, "-q", "import", str(path)],
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    for step in (0, 1):  # staff sheets at once, then activity sheets at once
        procs = [start(officer, files[step]) for officer, files in zip(officers, rosters)]
        outputs = [p.communicate(timeout=120) for p in procs]
        assert [p.returncode for p in procs] == [0] * 4, [err for _, err in outputs]
    assert cli.rows("SELECT count(*) FROM staff") == [(40,)]
    assert cli.rows("SELECT count(*) FROM activity") == [(120,)]
    assert cli.rows("SELECT count(DISTINCT batch) FROM activity") == [(4,)]
    for officer in officers:
        assert people(officer, "staff", "list") == expected[officer.role]
        totals = officer.json("totals", "--year", "2026")
        assert {p["nip"] for p in totals} == expected[officer.role] and all(p["jp"] == 15 for p in totals)
        assert {r[0] for r in officer.sql("SELECT nip FROM activity")} == expected[officer.role]


def _build_v1_on_postgresql(cli: Cli) -> None:
    """The schema-1 ledger of the upgrade tests, as jpledger 0.1 would have made it on PostgreSQL."""
    from sqlalchemy import create_engine, text

    from jpledger.core.policy import default_policy, default_policy_text
    from test_reliability_upgrade import ACTIVITIES, STAFF, TRAIL, V1_SCHEMA

    ddl = V1_SCHEMA.replace("DATETIME", "TIMESTAMP WITH TIME ZONE").replace("id INTEGER NOT NULL", "id SERIAL NOT NULL")
    engine = create_engine(cli.location)
    try:
        with engine.begin() as conn:
            for statement in filter(str.strip, ddl.split(";")):
                conn.exec_driver_sql(statement)
            conn.execute(text("INSERT INTO meta VALUES ('schema_version', '1')"))
            conn.execute(text("INSERT INTO policy_version (name, text, at, actor) VALUES (:n, :t, now(), 'ratna')"),
                         {"n": default_policy().name, "t": default_policy_text()})
            for row in STAFF:
                conn.exec_driver_sql(f"INSERT INTO staff VALUES ({', '.join(['%s'] * 13)})", row)
            for row in ACTIVITIES:
                row = list(row)
                row[9], row[26] = bool(row[9]), bool(row[26])
                conn.exec_driver_sql(f"INSERT INTO activity VALUES ({', '.join(['%s'] * 30)})", tuple(row))
            for row in TRAIL:
                conn.exec_driver_sql("INSERT INTO trail VALUES (%s, %s, %s, %s, %s)", row)
            for table in ("activity", "trail", "policy_version", "batch"):
                conn.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                     f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)")
    finally:
        engine.dispose()
