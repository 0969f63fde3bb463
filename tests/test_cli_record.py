"""`jpledger record` and `jpledger activity` through the command line: what each kind credits, and the entries."""

import pytest

from conftest import BUDI, DEWI, EKO, SITI

ACTIVITY_KEYS = {"id", "nip", "kind", "code", "title", "start", "end", "jp", "voided", "void_reason", "batch"}

# Every kind of the shipped policy: (key, code, label, quantity options, national JP, international JP).
# The figures are domain.md section 3 row by row; the activity runs 10-11 March 2026 (two calendar days).
DEFAULT_KINDS = [
    ("tugas_belajar", "A1", "Tugas Belajar", ["--semesters", "2"], 40, 40),
    ("izin_belajar", "A2", "Izin Belajar", [], 20, 20),
    ("pelatihan_struktural_kepemimpinan", "B1", "Pelatihan Struktural Kepemimpinan", ["--jp", "30"], 30, 30),
    ("pelatihan_manajerial", "B2", "Pelatihan Manajerial", ["--jp", "30"], 30, 36),
    ("pelatihan_teknis", "B3", "Pelatihan Teknis", ["--jp", "30"], 30, 36),
    ("pelatihan_fungsional", "B4", "Pelatihan Fungsional", ["--jp", "30"], 30, 36),
    ("pelatihan_sosial_kultural", "B5", "Pelatihan Sosial Kultural", ["--jp", "30"], 30, 36),
    ("seminar", "B6", "Seminar/Konferensi/Sarasehan", [], 8, 12),
    ("workshop", "B7", "Workshop/Lokakarya", [], 10, 14),
    ("kursus", "B8", "Kursus", ["--jp", "30"], 30, 36),
    ("penataran", "B9", "Penataran", ["--jp", "30"], 30, 36),
    ("bimbingan_teknis", "B10", "Bimbingan Teknis", ["--jp", "30"], 30, 36),
    ("sosialisasi", "B11", "Sosialisasi", ["--days", "1"], 4, 6),
    ("coaching", "C1", "Coaching", [], 2, 4),
    ("mentoring", "C2", "Mentoring", [], 2, 4),
    ("elearning", "C3", "E-Learning", ["--jp", "5"], 5, 5),
    ("pelatihan_jarak_jauh", "C4", "Pelatihan Jarak Jauh", ["--jp", "30"], 30, 36),
    ("detasering", "C5", "Detasering", [], 20, 24),
    ("pembelajaran_alam_terbuka", "C6", "Pembelajaran Alam Terbuka", ["--minutes", "900"], 20, 24),
    ("patok_banding", "C7", "Patok Banding", [], 10, 20),
    ("pertukaran_pns", "C8", "Pertukaran PNS dengan Swasta/BUMN/BUMD", [], 20, 24),
    ("belajar_mandiri", "C9", "Belajar Mandiri", ["--jp", "4"], 4, 4.8),
    ("komunitas_belajar", "C10", "Komunitas Belajar", ["--jp", "4"], 4, 4.8),
    ("magang", "C11", "Magang/Praktik Kerja", [], 20, 24),
    ("bimbingan_di_tempat_kerja", "C12", "Bimbingan di Tempat Kerja", ["--jp", "3.5"], 3.5, 3.5),
    ("narasumber", "B12", "Narasumber", ["--jp", "2"], 2, 2),
]


def _spelling(index: int, key: str, code: str, label: str) -> str:
    """Each kind by its key, code or label in turn, in an odd case, as a roster or an officer may write it."""
    return [key.upper(), code.lower(), label.swapcase()][index % 3]


def test_the_table_covers_every_kind_of_the_shipped_policy(cli):
    cli.ok("init")
    shipped = cli.ok("policy", "show", "--format", "json").json()["kinds"]
    assert {k: v["code"] for k, v in shipped.items()} == {k[0]: k[1] for k in DEFAULT_KINDS}
    assert len(shipped) == 26


@pytest.mark.parametrize("index", range(len(DEFAULT_KINDS)), ids=[k[1] for k in DEFAULT_KINDS])
def test_every_default_kind_is_credited_as_the_table_says(cli, index):
    key, code, label, quantity, national, international = DEFAULT_KINDS[index]
    cli.ok("staff", "add", SITI, "--name", "Siti Rahayu")
    spelled = _spelling(index, key, code, label)
    base = ["record", "training", SITI, "--kind", spelled, "--title", f"{label} 2026",
            "--start", "10/03/2026", "--end", "11/03/2026", *quantity, "--format", "json"]
    home = cli.ok(*base).json()
    abroad = cli.ok(*base, "--international", "--ref", "CERT-1").json()
    assert [(e["nip"], e["kind"], e["jp"]) for e in home] == [(SITI, key, national)]
    assert [(e["nip"], e["kind"], e["jp"]) for e in abroad] == [(SITI, key, international)]
    shown = cli.ok("activity", "show", abroad[0]["id"], "--format", "json").json()
    assert (shown["code"], shown["jp"], shown["international"]) == (code, international, True)


@pytest.mark.parametrize("spelled", ["pelatihan_teknis", "B3", "b3", "Pelatihan Teknis", "PELATIHAN TEKNIS",
                                     "pelatihan teknis"])
def test_kind_by_key_code_or_label_in_any_case(cli, spelled):
    cli.ok("staff", "add", SITI, "--name", "Siti Rahayu")
    added = cli.ok("record", "training", SITI, "--kind", spelled, "--title", "Analisis Data", "--start",
                   "10/03/2026", "--jp", "24", "--format", "json").json()
    assert [(a["kind"], a["jp"]) for a in added] == [("pelatihan_teknis", 24)]


@pytest.mark.parametrize("code", ["C12", "B12"])
def test_kinds_without_a_rate_need_an_explicit_jp(cli, code):
    cli.ok("staff", "add", SITI, "--name", "Siti Rahayu")
    result = cli("record", "training", SITI, "--kind", code, "--title", "Narasumber Diklat", "--start", "10/03/2026")
    assert result.exit_code == 2
    assert "--jp" in result.stderr
    assert cli.rows("SELECT COUNT(*) FROM activity") == [(0,)]


def test_unknown_kind_is_exit_2_listing_the_known_ones(unit):
    result = unit("record", "training", SITI, "--kind", "B99", "--title", "X", "--start", "10/03/2026", "--jp", "2")
    assert result.exit_code == 2
    assert "unknown kind" in result.stderr
    assert "pelatihan_teknis (B3)" in result.stderr and "magang (C11)" in result.stderr
    assert unit.rows("SELECT COUNT(*) FROM activity") == [(0,)]


def test_wrong_quantity_for_a_kind_names_the_right_option(unit):
    result = unit("record", "training", SITI, "--kind", "seminar", "--title", "X", "--start", "10/03/2026",
                  "--jp", "4")
    assert result.exit_code == 2
    assert "--days" in result.stderr
    result = unit("record", "training", SITI, "--kind", "B3", "--title", "X", "--start", "10/03/2026",
                  "--jp", "4", "--minutes", "90")
    assert result.exit_code == 2


def test_session_kinds_take_sessions_in_record_training(unit):
    result = unit("record", "training", BUDI, "--kind", "C1", "--title", "Coaching", "--start", "10/03/2026",
                  "--jp", "4")
    assert result.exit_code == 2
    assert "--sessions" in result.stderr
    added = unit.ok("record", "training", BUDI, DEWI, "--kind", "mentoring", "--title", "Mentoring kelompok",
                    "--start", "10/03/2026", "--sessions", "2", "--format", "json").json()
    assert [(a["kind"], a["jp"]) for a in added] == [("mentoring", 4), ("mentoring", 4)]


def test_days_counted_kind_uses_calendar_days_unless_days_given(unit):
    three_days = unit.ok("record", "training", SITI, "--kind", "B7", "--title", "Lokakarya", "--start",
                         "10/03/2026", "--end", "12/03/2026", "--format", "json").json()
    two_days = unit.ok("record", "training", SITI, "--kind", "B7", "--title", "Lokakarya 2", "--start",
                       "10/03/2026", "--end", "12/03/2026", "--days", "2", "--format", "json").json()
    assert (three_days[0]["jp"], two_days[0]["jp"]) == (15, 10)


# --- magang -----------------------------------------------------------------------------------------

def test_magang_prints_the_rows_it_added(unit):
    result = unit.ok("record", "magang", BUDI, DEWI, "--start", "01/07/2026", "--end", "31/07/2026",
                     "--host", "BPS Provinsi Jawa Barat")
    assert "Budi Santoso" in result.stdout and "Dewi Lestari" in result.stdout
    assert "C11" in result.stdout and "20.00" in result.stdout
    assert "2 entries added" in result.stderr


def test_magang_json_is_one_entry_per_person(unit):
    added = unit.ok("record", "magang", BUDI, "1995 0721 2020 1220 02", BUDI, "--start", "01/07/2026",
                    "--end", "31/07/2026", "--host", "BPS Jabar", "--format", "json").json()
    assert [set(a) for a in added] == [{"id", "nip", "kind", "jp", "credited", "withheld", "counted"}] * 2
    assert [(a["nip"], a["kind"], a["jp"]) for a in added] == [(BUDI, "magang", 20), (DEWI, "magang", 20)]
    assert added[0]["id"] != added[1]["id"]
    shown = unit.ok("activity", "show", added[0]["id"], "--format", "json").json()
    assert (shown["title"], shown["organizer"]) == ("Magang di BPS Jabar", "BPS Jabar")


def test_magang_international(unit):
    added = unit.ok("record", "magang", BUDI, "--start", "01/07/2026", "--end", "31/07/2026", "--host",
                    "JICA Tokyo", "--international", "--format", "json").json()
    assert added[0]["jp"] == 24


def test_end_before_start_is_exit_2(unit):
    result = unit("record", "magang", BUDI, "--start", "31/07/2026", "--end", "01/07/2026", "--host", "X")
    assert result.exit_code == 2
    assert "before" in result.stderr
    result = unit("record", "training", BUDI, "--kind", "B3", "--title", "X", "--start", "12/03/2026",
                  "--end", "10/03/2026", "--jp", "2")
    assert result.exit_code == 2
    assert unit.rows("SELECT COUNT(*) FROM activity") == [(0,)]


@pytest.mark.parametrize("text", ["2026-03-14", "14/03/2026", "14-03-2026", "14 Maret 2026", "14 Mar 2026",
                                  "14 March 2026", "14 maret 2026"])
def test_dates_in_every_accepted_form(unit, text):
    added = unit.ok("record", "training", BUDI, "--kind", "B3", "--title", "Analisis", "--start", text,
                    "--jp", "2", "--format", "json").json()
    shown = unit.ok("activity", "show", added[0]["id"], "--format", "json").json()
    assert (shown["start"], shown["end"]) == ("2026-03-14", "2026-03-14")


@pytest.mark.parametrize("text", ["03/14/2026", "14/03/26", "31/02/2026", "kemarin"])
def test_unreadable_dates_are_exit_2(unit, text):
    result = unit("record", "training", BUDI, "--kind", "B3", "--title", "X", "--start", text, "--jp", "2")
    assert result.exit_code == 2
    assert "--start" in result.stderr
    assert unit.rows("SELECT COUNT(*) FROM activity") == [(0,)]


def test_unknown_nip_is_exit_2_with_a_staff_add_hint_and_nothing_written(unit):
    before = unit.snapshot()
    result = unit("record", "training", BUDI, "197001012000011001", "--kind", "B3", "--title", "X",
                  "--start", "10/03/2026", "--jp", "2")
    assert result.exit_code == 2
    assert "jpledger staff add 197001012000011001" in result.stderr
    assert unit.snapshot() == before


def test_malformed_nip_in_a_class_is_exit_2(unit):
    result = unit("record", "training", BUDI, "19920315201903100", "--kind", "B3", "--title", "X",
                  "--start", "10/03/2026", "--jp", "2")
    assert result.exit_code == 2
    assert "length" in result.stderr


def test_training_for_a_whole_class(unit):
    added = unit.ok("record", "training", SITI, BUDI, DEWI, EKO, "--kind", "B3", "--title", "Analisis Data",
                    "--start", "10/03/2026", "--end", "12/03/2026", "--jp", "24", "--organizer", "Pusdiklat",
                    "--format", "json").json()
    assert sorted(a["nip"] for a in added) == sorted([SITI, BUDI, DEWI, EKO])
    assert {a["jp"] for a in added} == {24}
    assert unit.rows("SELECT COUNT(*), COUNT(DISTINCT nip) FROM activity") == [(4, 4)]


# --- coaching and mentoring -----------------------------------------------------------------------------

def test_coaching_by_a_coach_in_the_ledger(unit):
    added = unit.ok("record", "coaching", BUDI, "--coach", "19850314 201001 2 003", "--date", "14/03/2026",
                    "--sessions", "2", "--minutes", "60", "--topic", "Rencana kerja", "--format", "json").json()
    assert [(a["nip"], a["kind"], a["jp"]) for a in added] == [(BUDI, "coaching", 4)]
    shown = unit.ok("activity", "show", added[0]["id"], "--format", "json").json()
    assert (shown["coach"], shown["coach_nip"], shown["sessions"], shown["minutes"]) == ("Siti Rahayu", SITI, 2, 60)
    assert shown["title"] == "Rencana kerja"


def test_coaching_by_a_free_text_name(unit):
    added = unit.ok("record", "coaching", BUDI, "--coach", "Dr. Ahmad  Fauzi", "--date", "14 Maret 2026",
                    "--format", "json").json()
    shown = unit.ok("activity", "show", added[0]["id"], "--format", "json").json()
    assert (shown["coach"], shown["coach_nip"], shown["jp"]) == ("Dr. Ahmad Fauzi", None, 2)


def test_coaching_international(unit):
    added = unit.ok("record", "coaching", BUDI, "--coach", SITI, "--date", "14/03/2026", "--sessions", "2",
                    "--international", "--format", "json").json()
    assert added[0]["jp"] == 8


def test_a_coach_nip_not_in_the_ledger_is_kept_and_warned_about(unit):
    result = unit("record", "coaching", BUDI, "--coach", "1970 0101 2000 01 1 001", "--date", "14/03/2026",
                  "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert ("warning: coach or mentor 197001012000011001 is not in the ledger (kept; add the person when you can)"
            in result.stderr.splitlines())
    shown = unit.ok("activity", "show", result.json()[0]["id"], "--format", "json").json()
    assert (shown["coach"], shown["coach_nip"]) == ("197001012000011001", "197001012000011001")


def test_a_malformed_coach_nip_is_still_exit_2(unit):
    before = unit.snapshot()
    result = unit("record", "coaching", BUDI, "--coach", "197001012000011000", "--date", "14/03/2026")
    assert result.exit_code == 2 and "--coach" in result.stderr
    assert unit.snapshot() == before


def test_mentoring_by_a_name_and_by_a_nip(unit):
    by_name = unit.ok("record", "mentoring", DEWI, "--mentor", "Ibu Ratna", "--date", "02/04/2026",
                      "--format", "json").json()
    by_nip = unit.ok("record", "mentoring", DEWI, "--mentor", SITI, "--date", "03/05/2026", "--sessions", "2",
                     "--format", "json").json()
    assert [(a["kind"], a["jp"]) for a in by_name + by_nip] == [("mentoring", 2), ("mentoring", 4)]
    shown = unit.ok("activity", "show", by_nip[0]["id"], "--format", "json").json()
    assert (shown["coach"], shown["coach_nip"], shown["code"]) == ("Siti Rahayu", SITI, "C2")


def test_coaching_records_one_entry_of_all_sessions(unit):
    added = unit.ok("record", "coaching", BUDI, "--coach", SITI, "--date", "14/03/2026", "--sessions", "3",
                    "--format", "json").json()
    assert [a["jp"] for a in added] == [6]  # the monthly cap withholds later, in the statement
    assert unit.rows("SELECT COUNT(*), SUM(sessions) FROM activity") == [(1, 3)]


# --- activity list / show / void -----------------------------------------------------------------

@pytest.fixture
def recorded(unit):
    """Three entries: Budi's training and magang, Dewi's coaching."""
    ids = {}
    ids["training"] = unit.ok("record", "training", BUDI, "--kind", "B3", "--title", "Analisis Data", "--start",
                              "10/03/2026", "--end", "12/03/2026", "--jp", "24", "--format", "json").json()[0]["id"]
    ids["magang"] = unit.ok("record", "magang", BUDI, "--start", "01/07/2026", "--end", "31/07/2026", "--host",
                            "BPS Jabar", "--format", "json").json()[0]["id"]
    ids["coaching"] = unit.ok("record", "coaching", DEWI, "--coach", SITI, "--date", "14/03/2026",
                              "--format", "json").json()[0]["id"]
    unit.ids = ids
    return unit


def test_activity_list_json_has_every_promised_key(recorded):
    rows = recorded.ok("activity", "list", "--format", "json").json()
    assert len(rows) == 3
    assert all(ACTIVITY_KEYS <= set(r) for r in rows)
    training = next(r for r in rows if r["id"] == recorded.ids["training"])
    assert training == training | {"nip": BUDI, "kind": "pelatihan_teknis", "code": "B3", "title": "Analisis Data",
                                   "start": "2026-03-10", "end": "2026-03-12", "jp": 24, "voided": False,
                                   "void_reason": None, "batch": None}


def test_activity_list_filters(recorded):
    def ids(*options):
        return sorted(r["id"] for r in recorded.ok("activity", "list", *options, "--format", "json").json())

    assert ids("--nip", BUDI) == sorted([recorded.ids["training"], recorded.ids["magang"]])
    assert ids("--kind", "Magang/Praktik Kerja") == [recorded.ids["magang"]]
    assert ids("--kind", "c1") == [recorded.ids["coaching"]]
    assert ids("--year", "2026") == sorted(recorded.ids.values())
    assert ids("--year", "2025") == []


def test_activity_list_table_names_the_entries(recorded):
    out = recorded.ok("activity", "list").stdout
    assert "Analisis Data" in out and "Magang di BPS Jabar" in out
    assert BUDI in out


def test_activity_show_json_and_table(recorded):
    shown = recorded.ok("activity", "show", recorded.ids["magang"], "--format", "json").json()
    assert ACTIVITY_KEYS <= set(shown)
    assert (shown["kind"], shown["code"], shown["jp"], shown["policy_version"]) == ("magang", "C11", 20, 1)
    table = recorded.ok("activity", "show", recorded.ids["magang"]).stdout
    assert "Magang di BPS Jabar" in table
    # A person reads the fields' names in their language, not the JSON keys.
    indonesian = recorded.ok("--lang", "id", "activity", "show", recorded.ids["magang"]).stdout
    assert "Nama kegiatan" in indonesian and "Verifikasi" in indonesian and "belum diverifikasi" in indonesian
    assert "policy_version" not in indonesian and "verification" not in indonesian


def test_activity_show_unknown_id_is_exit_2(recorded):
    result = recorded("activity", "show", "999")
    assert result.exit_code == 2
    assert "activity list" in result.stderr


def test_void_keeps_the_entry_visible_with_its_reason_and_it_stops_counting(recorded):
    training = recorded.ids["training"]
    before = {p["nip"]: p["jp"] for p in recorded.ok("totals", "--year", "2026", "--format", "json").json()}
    assert before[BUDI] == 44
    recorded.ok("activity", "void", training, "--reason", "recorded twice")

    live = recorded.ok("activity", "list", "--nip", BUDI, "--format", "json").json()
    assert [r["id"] for r in live] == [recorded.ids["magang"]]
    everything = {r["id"]: r for r in recorded.ok("activity", "list", "--all", "--format", "json").json()}
    assert (everything[training]["voided"], everything[training]["void_reason"]) == (True, "recorded twice")
    assert "recorded twice" in recorded.ok("activity", "list", "--all").stdout
    shown = recorded.ok("activity", "show", training, "--format", "json").json()
    assert (shown["voided"], shown["void_reason"]) == (True, "recorded twice")

    after = {p["nip"]: p["jp"] for p in recorded.ok("totals", "--year", "2026", "--format", "json").json()}
    assert after[BUDI] == 20
    statement = recorded.ok("statement", BUDI, "--year", "2026", "--format", "json").json()
    assert [e["id"] for e in statement["entries"]] == [recorded.ids["magang"]]


def test_void_twice_is_exit_2(recorded):
    recorded.ok("activity", "void", recorded.ids["magang"], "--reason", "wrong person")
    result = recorded("activity", "void", recorded.ids["magang"], "--reason", "again")
    assert result.exit_code == 2
    assert "already voided" in result.stderr


def test_void_unknown_id_and_empty_reason_are_exit_2(recorded):
    before = recorded.snapshot()
    result = recorded("activity", "void", "999", "--reason", "typo")
    assert result.exit_code == 2
    assert "activity 999" in result.stderr
    assert recorded("activity", "void", recorded.ids["magang"], "--reason", "  ").exit_code == 2
    assert recorded("activity", "void", recorded.ids["magang"]).exit_code == 2  # --reason is required
    assert recorded.snapshot() == before


def test_activity_list_finds_kinds_the_policy_in_use_no_longer_has(recorded, tmp_path):
    policy = tmp_path / "magang-only.yaml"
    policy.write_text("name: Magang saja\nkinds:\n  magang: {code: C11, label: Magang, form: nonklasikal, "
                      "unit: occurrence, jp_per_unit: 20}\n", encoding="utf-8")
    recorded.ok("policy", "use", policy)
    listed = recorded.ok("activity", "list", "--kind", "C1", "--format", "json").json()
    assert [a["id"] for a in listed] == [recorded.ids["coaching"]]
    assert [a["id"] for a in recorded.ok("activity", "list", "--kind", "coaching", "--format", "json").json()] == [
        recorded.ids["coaching"]]
    assert recorded.ok("activity", "list", "--kind", "C7", "--format", "json").json() == []
    result = recorded("activity", "list", "--kind", "B99")
    assert result.exit_code == 2
    assert "unknown kind" in result.stderr
