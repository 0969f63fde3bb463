"""Units as a tree (spec 13), on both back ends: `unit add|update|list`, staff units by code or name, `--unit`
taking the units below it in `staff list`, `totals`, `audit` and `export`, and `audit --level N` rolling up."""

from __future__ import annotations

import openpyxl
import pytest

from conftest import BUDI, DEWI, EKO, SITI, Cli, add_province
from jpledger.core import units as tree

RINA = "199801012022031002"  # PNS
ANDI = "198806102014031004"  # PNS


def units(cli: Cli) -> list[dict]:
    return cli.ok("unit", "list", "--format", "json").json()


def staff(cli: Cli, *options) -> dict[str, dict]:
    return {p["nip"]: p for p in cli.ok("staff", "list", *options, "--format", "json").json()}


def audit(cli: Cli, *options) -> dict:
    result = cli("audit", "--year", "2026", *options, "--format", "json")
    assert result.exit_code in (0, 1), result.stderr
    return result.json()


@pytest.fixture
def province(cli) -> Cli:
    """A province with two OPDs, each with a bidang; Siti and Budi in Disdik (Siti in its bidang), Dewi and Eko in
    Dinkes's bidang, Rina at the province itself. Siti and Rina have met their 20 JP."""
    add_province(cli)
    cli.ok("staff", "add", SITI, "--name", "Siti Rahayu", "--unit", "DISDIK-SD")
    cli.ok("staff", "add", BUDI, "--name", "Budi Santoso", "--unit", "Dinas Pendidikan")
    cli.ok("staff", "add", DEWI, "--name", "Dewi Lestari", "--status", "CPNS", "--unit", "Bidang P2P")
    cli.ok("staff", "add", EKO, "--name", "Eko Prasetyo", "--status", "PPPK", "--unit", "DINKES-P2P")
    cli.ok("staff", "add", RINA, "--name", "Rina Wati", "--unit", "PROV")
    cli.ok("record", "training", SITI, RINA, "--kind", "B3", "--title", "Analisis Data", "--start", "10/03/2026",
           "--jp", "20")
    return cli


def test_unit_list_gives_code_name_parent_and_level_in_tree_order(province):
    assert units(province) == [
        {"code": "PROV", "name": "Pemerintah Provinsi Jawa Barat", "parent": None, "level": 1},
        {"code": "DINKES", "name": "Dinas Kesehatan", "parent": "PROV", "level": 2},
        {"code": "DINKES-P2P", "name": "Bidang P2P", "parent": "DINKES", "level": 3},
        {"code": "DISDIK", "name": "Dinas Pendidikan", "parent": "PROV", "level": 2},
        {"code": "DISDIK-SD", "name": "Bidang Pembinaan SD", "parent": "DISDIK", "level": 3},
    ]
    table = province.ok("unit", "list").stdout
    assert "    Bidang P2P" in table and "DINKES-P2P" in table


def test_staff_units_by_code_or_name_and_json_keeps_the_name_plus_the_code(province):
    people = staff(province)
    assert (people[SITI]["unit"], people[SITI]["unit_code"]) == ("Bidang Pembinaan SD", "DISDIK-SD")
    assert (people[DEWI]["unit"], people[DEWI]["unit_code"]) == ("Bidang P2P", "DINKES-P2P")
    # Part I's way still works: a text naming no unit adds a top-level unit with it as code and name.
    province.ok("staff", "add", ANDI, "--name", "Andi", "--unit", "Sekretariat Baru")
    assert staff(province)[ANDI]["unit_code"] == "Sekretariat Baru"
    assert units(province)[-1] == {"code": "Sekretariat Baru", "name": "Sekretariat Baru", "parent": None,
                                   "level": 1}


def test_unit_filters_take_the_units_below(province):
    assert set(staff(province, "--unit", "DISDIK")) == {SITI, BUDI}
    assert set(staff(province, "--unit", "Dinas Kesehatan")) == {DEWI, EKO}
    assert set(staff(province, "--unit", "PROV")) == {SITI, BUDI, DEWI, EKO, RINA}
    assert set(staff(province, "--unit", "disdik-sd")) == {SITI}
    totals = province.ok("totals", "--year", "2026", "--unit", "DISDIK", "--format", "json").json()
    assert {p["nip"]: p["jp"] for p in totals} == {SITI: 20, BUDI: 0}
    report = audit(province, "--unit", "DINKES")
    assert {p["nip"] for p in report["people"]} == {DEWI, EKO}
    assert [(u["unit"], u["unit_code"]) for u in report["units"]] == [("Bidang P2P", "DINKES-P2P")]


def test_an_unknown_unit_filter_is_exit_2_listing_units(province):
    before = province.snapshot()
    for args in (("staff", "list"), ("totals", "--year", "2026"), ("audit", "--year", "2026")):
        result = province(*args, "--unit", "Dinas Nowhere")
        assert result.exit_code == 2, args
        assert "no unit 'Dinas Nowhere'" in result.stderr and "DISDIK" in result.stderr
    assert province.snapshot() == before


def test_audit_level_rolls_the_unit_table_up(province):
    rows = {u["unit_code"]: u for u in audit(province, "--level", "2")["units"]}
    # Bidang roll up into their OPD; Rina, at the province (level 1), keeps its own row.
    assert {code: (u["unit"], u["headcount"], u["met"]) for code, u in rows.items()} == {
        "DISDIK": ("Dinas Pendidikan", 2, 1), "DINKES": ("Dinas Kesehatan", 2, 0),
        "PROV": ("Pemerintah Provinsi Jawa Barat", 1, 1)}
    top = audit(province, "--level", "1")
    assert [(u["unit_code"], u["headcount"], u["met"], u["short"], u["compliance_rate"]) for u in top["units"]] == [
        ("PROV", 5, 2, 2, 0.6)]
    assert top["summary"]["headcount"] == 5 and len(top["people"]) == 5
    # Without --level, every unit that has people has its own row.
    assert [u["unit_code"] for u in audit(province)["units"]] == [
        "DINKES-P2P", "DISDIK-SD", "DISDIK", "PROV"]
    assert "Pemerintah Provinsi Jawa Barat" in province("audit", "--year", "2026", "--level", "1").stdout


def test_the_unit_filter_counts_people_by_their_unit_on_the_audit_day(province):
    # Budi moves from Disdik to Dinkes in October: an audit as of September still counts him in Disdik.
    province.ok("staff", "update", BUDI, "--unit", "DINKES", "--from", "01/10/2026")
    september = audit(province, "--unit", "DISDIK", "--as-of", "30/09/2026")
    assert {p["nip"] for p in september["people"]} == {SITI, BUDI}
    november = audit(province, "--unit", "DISDIK")
    assert {p["nip"] for p in november["people"]} == {SITI}


def test_rename_changes_the_unit_name_everyone_reports_on(province):
    province.ok("unit", "update", "DISDIK", "--name", "Dinas Pendidikan dan Kebudayaan")
    assert staff(province)[BUDI]["unit"] == "Dinas Pendidikan dan Kebudayaan"
    assert province.rows("SELECT unit FROM staff WHERE nip = ?", BUDI) == [("Dinas Pendidikan dan Kebudayaan",)]
    assert staff(province)[BUDI]["unit_code"] == "DISDIK"
    assert {u["unit"] for u in audit(province)["units"]} >= {"Dinas Pendidikan dan Kebudayaan"}
    entry = province.ok("log", "--limit", "1", "--format", "json").json()[0]
    assert entry["action"] == "unit update"
    assert entry["detail"]["changes"] == {"name": ["Dinas Pendidikan", "Dinas Pendidikan dan Kebudayaan"]}


def test_move_and_refuse_cycles(province):
    province.ok("unit", "update", "DINKES-P2P", "--parent", "DISDIK")
    assert {u["code"]: u["level"] for u in units(province)}["DINKES-P2P"] == 3
    assert set(staff(province, "--unit", "DISDIK")) == {SITI, BUDI, DEWI, EKO}
    province.ok("unit", "update", "DISDIK", "--parent", "")
    assert {u["code"]: (u["parent"], u["level"]) for u in units(province)}["DISDIK"] == (None, 1)
    before = province.snapshot()
    for parent in ("DISDIK", "DISDIK-SD", "DINKES-P2P"):
        result = province("unit", "update", "DISDIK", "--parent", parent)
        assert result.exit_code == 2 and "cannot be below itself" in result.stderr, parent
    assert province.snapshot() == before


@pytest.mark.parametrize("args, said", [
    (("unit", "add", "DISDIK", "--name", "Lagi"), "already in the ledger"),
    (("unit", "add", "disdik", "--name", "Lagi"), "already in the ledger"),
    (("unit", "add", "X1", "--name", "X", "--parent", "NOWHERE"), "no unit 'NOWHERE'"),
    (("unit", "add", "X1"), "--name is required"),
    (("unit", "add", "  ", "--name", "X"), "cannot be empty"),
    (("unit", "add", "X1", "--name", " "), "cannot be empty"),
    (("unit", "update", "NOWHERE", "--name", "X"), "no unit 'NOWHERE'"),
    (("unit", "update", "DISDIK"), "nothing to change"),
])
def test_unit_mistakes_are_usage_errors_that_change_nothing(province, args, said):
    before = province.snapshot()
    result = province(*args)
    assert result.exit_code == 2 and said in result.stderr, result.stderr
    assert province.snapshot() == before


def test_a_name_several_units_share_asks_for_the_code(province):
    province.ok("unit", "add", "DISDIK-SEK", "--name", "Sekretariat", "--parent", "DISDIK")
    province.ok("unit", "add", "DINKES-SEK", "--name", "Sekretariat", "--parent", "DINKES")
    before = province.snapshot()
    for args in (("staff", "update", BUDI, "--unit", "Sekretariat"), ("staff", "list", "--unit", "sekretariat")):
        result = province(*args)
        assert result.exit_code == 2 and "DINKES-SEK, DISDIK-SEK" in result.stderr and "give the code" in result.stderr
    assert province.snapshot() == before
    province.ok("staff", "update", BUDI, "--unit", "DISDIK-SEK")
    assert staff(province)[BUDI]["unit"] == "Sekretariat"


def test_an_import_naming_a_shared_unit_name_is_a_row_error(province, tmp_path):
    province.ok("unit", "add", "DISDIK-SEK", "--name", "Sekretariat", "--parent", "DISDIK")
    province.ok("unit", "add", "DINKES-SEK", "--name", "Sekretariat", "--parent", "DINKES")
    roster = tmp_path / "pegawai.csv"
    roster.write_text(f"NIP,Nama,Unit Kerja\n{ANDI},Andi,Sekretariat\n{RINA},Rina Wati,DINKES-SEK\n", encoding="utf-8")
    before = province.snapshot()
    result = province("import", roster)
    assert result.exit_code == 3
    assert "pegawai.csv:pegawai!C2: unit 'Sekretariat' is the name of several units" in result.stderr
    assert province.snapshot() == before


def test_export_unit_takes_the_units_below(province, tmp_path):
    path = tmp_path / "disdik.xlsx"
    province.ok("export", path, "--year", "2026", "--unit", "DISDIK")
    book = openpyxl.load_workbook(path)
    nips = {row[0] for row in book["Pegawai"].iter_rows(min_row=2, values_only=True) if row[0]}
    assert nips == {SITI, BUDI}
    result = province("export", tmp_path / "x.xlsx", "--unit", "Dinas Nowhere")
    assert result.exit_code == 2 and not (tmp_path / "x.xlsx").exists()


def test_officer_commands_need_postgresql(cli):
    if cli.path is None:
        pytest.skip("the SQLite answer")
    cli.ok("init")
    before = cli.snapshot()
    for args in (("officer", "add", "opd_disdik", "--units", "X"), ("officer", "list"),
                 ("officer", "remove", "opd_disdik")):
        result = cli(*args)
        assert result.exit_code == 2 and "PostgreSQL" in result.stderr and "migrate-to" in result.stderr, args
    assert cli.snapshot() == before


def test_officer_commands_on_a_sqlite_path_create_no_ledger(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from jpledger.cli import app

    monkeypatch.setenv("JPLEDGER_DB", str(tmp_path / "none.db"))
    result = CliRunner().invoke(app, ["officer", "add", "x", "--admin"])
    assert result.exit_code == 2 and not (tmp_path / "none.db").exists()


# --- the tree itself (pure) ----------------------------------------------------------------------------------

TREE = {"PROV": None, "DISDIK": "PROV", "DINKES": "PROV", "SD": "DISDIK", "SMP": "DISDIK", "P2P": "DINKES",
        "LAIN": None}


def test_levels_subtree_and_order():
    assert tree.levels(TREE) == {"PROV": 1, "DISDIK": 2, "DINKES": 2, "SD": 3, "SMP": 3, "P2P": 3, "LAIN": 1}
    assert tree.subtree(TREE, ["DISDIK"]) == {"DISDIK", "SD", "SMP"}
    assert tree.subtree(TREE, ["DISDIK", "P2P", "NOWHERE"]) == {"DISDIK", "SD", "SMP", "P2P"}
    assert tree.tree_order(TREE) == ["LAIN", "PROV", "DINKES", "P2P", "DISDIK", "SD", "SMP"]


def test_ancestor_at_a_level():
    assert tree.ancestor_at(TREE, "SD", 1) == "PROV"
    assert tree.ancestor_at(TREE, "SD", 2) == "DISDIK"
    assert tree.ancestor_at(TREE, "SD", 3) == "SD"
    assert tree.ancestor_at(TREE, "PROV", 2) == "PROV"


def test_cycles_are_found_and_a_looped_tree_still_lists_every_unit():
    assert tree.makes_cycle(TREE, "DISDIK", "SD")
    assert tree.makes_cycle(TREE, "DISDIK", "DISDIK")
    assert not tree.makes_cycle(TREE, "DISDIK", "DINKES")
    assert not tree.makes_cycle(TREE, "DISDIK", None)
    looped = {"A": "B", "B": "A", "C": None, "D": "GONE"}
    assert set(tree.tree_order(looped)) == set(looped)
    assert set(tree.levels(looped)) == set(looped) and tree.levels(looped)["D"] == 1
