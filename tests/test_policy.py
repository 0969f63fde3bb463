"""The JP conversion policy: the shipped table, the file checks and the credit arithmetic."""

import json
import textwrap
from datetime import date
from decimal import Decimal

import pytest

from jpledger.core.policy import (
    FORMS,
    UNITS,
    Credit,
    KindRule,
    Policy,
    PolicyError,
    Target,
    credit,
    default_policy,
    default_policy_text,
    dump_policy,
    load_policy_file,
    parse_policy,
    policy_as_dict,
    round_jp,
)
from jpledger.errors import InputRejected, UsageError

D = Decimal
DAY = date(2026, 3, 2)
POLICY = default_policy()
MPJ = POLICY.minutes_per_jp


def credit_of(kind, *, start=DAY, end=None, international=False, **quantity):
    rule = POLICY.kind(kind)
    return credit(rule, minutes_per_jp=MPJ, start=start, end=end or start, international=international, **quantity)


# --------------------------------------------------------------------------------------------------------------
# The shipped table (domain.md section 3): every kind, national and international
# --------------------------------------------------------------------------------------------------------------

# (kind, quantity, days the activity runs, national JP, international JP)
TABLE = [
    ("tugas_belajar", {"semesters": 2}, 1, "40", "40"),
    ("izin_belajar", {}, 1, "20", "20"),
    ("izin_belajar", {"semesters": 3}, 1, "60", "60"),
    ("pelatihan_struktural_kepemimpinan", {"jp": D(30)}, 5, "30", "30"),  # B1: no international rate
    ("pelatihan_manajerial", {"jp": D(10)}, 2, "10", "12"),
    ("pelatihan_teknis", {"jp": D(10)}, 2, "10", "12"),
    ("pelatihan_fungsional", {"jp": D(10)}, 2, "10", "12"),
    ("pelatihan_sosial_kultural", {"jp": D(10)}, 2, "10", "12"),
    ("seminar", {}, 2, "8", "12"),
    ("seminar", {"days": 2}, 5, "8", "12"),
    ("workshop", {}, 3, "15", "21"),
    ("kursus", {"jp": D(10)}, 2, "10", "12"),
    ("penataran", {"jp": D(10)}, 2, "10", "12"),
    ("bimbingan_teknis", {"jp": D(10)}, 2, "10", "12"),
    ("sosialisasi", {}, 1, "4", "6"),
    ("coaching", {"sessions": 3}, 1, "6", "12"),
    ("coaching", {}, 1, "2", "4"),
    ("mentoring", {"sessions": 2}, 1, "4", "8"),
    ("elearning", {"jp": D(8)}, 1, "3", "4"),
    ("elearning", {"jp": D(8)}, 3, "8", "8"),  # no +20% abroad, only a higher cap
    ("pelatihan_jarak_jauh", {"jp": D(10)}, 2, "10", "12"),
    ("detasering", {}, 30, "20", "24"),
    ("pembelajaran_alam_terbuka", {"jp": D(10)}, 2, "10", "12"),
    ("patok_banding", {}, 2, "10", "20"),
    ("pertukaran_pns", {}, 60, "20", "24"),
    ("belajar_mandiri", {"jp": D(5)}, 1, "2", "2.4"),
    ("komunitas_belajar", {"jp": D(5)}, 1, "2", "2.4"),
    ("komunitas_belajar", {"jp": D(1)}, 1, "1", "1.2"),
    ("magang", {}, 20, "20", "24"),
    ("bimbingan_di_tempat_kerja", {"jp": D(6)}, 1, "6", "6"),
    ("narasumber", {"jp": D(2)}, 1, "2", "2"),
]


@pytest.mark.parametrize("kind, quantity, days, national, international", TABLE)
def test_every_kind_credits_as_the_table_says(kind, quantity, days, national, international):
    end = date.fromordinal(DAY.toordinal() + days - 1)
    assert credit_of(kind, end=end, **quantity).jp == D(national)
    assert credit_of(kind, end=end, international=True, **quantity).jp == D(international)


def test_the_table_covers_all_26_kinds():
    assert {row[0] for row in TABLE} == set(POLICY.kinds)
    assert len(POLICY.kinds) == 26


def test_default_policy_header():
    assert POLICY.name == "BPS Sestama B-031/2019"
    assert POLICY.minutes_per_jp == 45
    assert POLICY.year_of == "end"
    assert POLICY.target("PNS") == Target(min_jp=D(20))
    assert POLICY.target("CPNS") == Target(min_jp=D(20))
    assert POLICY.target("PPPK") == Target(max_jp=D(24))
    assert POLICY.target("honorer") == Target()


def test_default_kinds_codes_forms_and_order():
    codes = [rule.code for rule in POLICY.kinds.values()]
    assert codes[:24] == ["A1", "A2"] + [f"B{n}" for n in range(1, 12)] + [f"C{n}" for n in range(1, 12)]
    assert codes[24:] == ["C12", "B12"]
    for rule in POLICY.kinds.values():
        expected = {"A": "pendidikan", "B": "klasikal", "C": "nonklasikal"}[rule.code[0]]
        assert rule.form == expected and rule.form in FORMS and rule.unit in UNITS
    assert POLICY.kinds["magang"].label == "Magang/Praktik Kerja"
    assert POLICY.kinds["seminar"].label == "Seminar/Konferensi/Sarasehan"
    assert POLICY.kinds["workshop"].label == "Workshop/Lokakarya"


def test_default_rule_details():
    b1 = POLICY.kinds["pelatihan_struktural_kepemimpinan"]
    assert b1.international_factor is None and b1.international_jp_per_unit is None
    assert POLICY.kinds["pelatihan_teknis"].international_factor == D("1.2")
    assert POLICY.kinds["coaching"].max_units_per_month == 2
    assert POLICY.kinds["mentoring"].max_units_per_month == 2
    c3 = POLICY.kinds["elearning"]
    assert (c3.unit, c3.max_jp_per_day, c3.international_max_jp_per_day, c3.international_factor) == (
        "jp", D(3), D(4), None)
    c9 = POLICY.kinds["belajar_mandiri"]
    assert (c9.max_jp_per_day, c9.international_factor, c9.international_max_jp_per_day) == (D(2), D("1.2"), D("2.4"))
    for key in ("bimbingan_di_tempat_kerja", "narasumber"):
        rule = POLICY.kinds[key]
        assert rule.unit == "jp" and rule.jp_per_unit is None and rule.international_factor is None


def test_default_policy_text_cites_its_source():
    text = default_policy_text()
    assert "B-031/BPS/2600/02/2019" in text
    assert "addition" in text


# --------------------------------------------------------------------------------------------------------------
# Credit details
# --------------------------------------------------------------------------------------------------------------

def test_credit_carries_units_rate_and_withheld():
    assert credit_of("coaching", sessions=3) == Credit(jp=D(6), units=D(3), rate=D(2), capped_by_day=D(0))
    assert credit_of("coaching", sessions=3, international=True).rate == D(4)
    seminar = credit_of("seminar", end=date(2026, 3, 3), international=True)
    assert (seminar.units, seminar.rate, seminar.jp) == (D(2), D(6), D(12))
    magang = credit_of("magang", end=date(2026, 6, 30))
    assert (magang.units, magang.rate) == (D(1), D(20))
    elearning = credit_of("elearning", jp=D(8))
    assert (elearning.jp, elearning.units, elearning.rate, elearning.capped_by_day) == (D(3), D(8), None, D(5))
    assert credit_of("elearning", jp=D(8), international=True).capped_by_day == D(4)
    assert credit_of("belajar_mandiri", jp=D(5), international=True).capped_by_day == D("3.6")


def test_international_factor_on_certified_jp():
    assert credit_of("pelatihan_teknis", jp=D(10), international=True).jp == D(12)
    assert credit_of("pelatihan_struktural_kepemimpinan", jp=D(10), international=True).jp == D(10)
    assert credit_of("pelatihan_teknis", jp=D("7.5"), international=True).jp == D(9)


def test_per_day_cap_uses_given_days_or_the_calendar():
    assert credit_of("elearning", jp=D(8), end=date(2026, 3, 3)).jp == D(6)
    assert credit_of("elearning", jp=D(8), end=date(2026, 3, 10), days=2).jp == D(6)
    assert credit_of("elearning", jp=D(8), days=3).jp == D(8)
    assert credit_of("elearning", jp=D(8), days=3).capped_by_day == D(0)


def test_minutes_convert_and_round_half_up():
    one = credit_of("pelatihan_teknis", minutes=D(30))
    assert one.jp == D("0.67")
    assert one.units == D("0.67")
    assert sum(credit_of("pelatihan_teknis", minutes=D(30)).jp for _ in range(3)) == D("2.01")
    assert credit_of("pelatihan_teknis", minutes=D(90)).jp == D(2)
    assert credit_of("elearning", minutes=D(200)).jp == D(3)
    assert credit_of("elearning", minutes=D(200)).capped_by_day == D("1.44")


def test_minutes_per_jp_is_the_policys():
    rule = POLICY.kind("B3")
    assert credit(rule, minutes_per_jp=D(60), start=DAY, end=DAY, minutes=D(90)).jp == D("1.5")


def test_round_jp():
    assert round_jp(D("0.665")) == D("0.67")
    assert round_jp(D("0.664999")) == D("0.66")
    assert round_jp(D(2)) == D("2.00")
    assert str(round_jp(D(30) / D(45))) == "0.67"


def test_unit_minute_kind():
    rule = KindRule(key="baca", code="X1", label="Baca", form="nonklasikal", unit="minute",
                    international_factor=D("1.5"), max_jp_per_day=D(2))
    got = credit(rule, minutes_per_jp=D(45), start=DAY, end=DAY, minutes=D(45))
    assert (got.jp, got.units, got.rate) == (D(1), D(45), None)
    assert credit(rule, minutes_per_jp=D(45), start=DAY, end=DAY, minutes=D(45), international=True).jp == D("1.5")
    assert credit(rule, minutes_per_jp=D(45), start=DAY, end=DAY, minutes=D(180)).capped_by_day == D(2)
    with pytest.raises(UsageError, match="--minutes"):
        credit(rule, minutes_per_jp=D(45), start=DAY, end=DAY)
    with pytest.raises(UsageError, match="not --jp"):
        credit(rule, minutes_per_jp=D(45), start=DAY, end=DAY, jp=D(1))


def test_jp_kind_without_rate_requires_jp_or_minutes():
    with pytest.raises(UsageError, match="--jp or --minutes") as error:
        credit_of("bimbingan_di_tempat_kerja")
    assert "C12" in str(error.value)
    with pytest.raises(UsageError, match="not both"):
        credit_of("narasumber", jp=D(1), minutes=D(45))


@pytest.mark.parametrize(
    "kind, quantity, message",
    [
        ("seminar", {"jp": D(4)}, "seminar (B6) is counted in days: use --days or the start/end dates, not --jp"),
        ("coaching", {"days": 1}, "coaching (C1) is counted in sessions: use --sessions, not --days"),
        ("magang", {"days": 20}, "magang (C11) is credited once per occurrence"),
        ("tugas_belajar", {"sessions": 1}, "tugas_belajar (A1) is counted in semesters"),
        ("pelatihan_teknis", {"jp": D(1), "sessions": 2}, "not --sessions"),
        ("workshop", {"jp": D(1), "minutes": D(3)}, "not --jp, --minutes"),
    ],
)
def test_a_quantity_the_unit_does_not_use_is_refused(kind, quantity, message):
    with pytest.raises(UsageError) as error:
        credit_of(kind, **quantity)
    assert message in str(error.value)


@pytest.mark.parametrize(
    "kind, quantity",
    [
        ("pelatihan_teknis", {"jp": D(0)}),
        ("pelatihan_teknis", {"jp": D(-1)}),
        ("pelatihan_teknis", {"minutes": D(0)}),
        ("seminar", {"days": 0}),
        ("coaching", {"sessions": -1}),
        ("coaching", {"sessions": D("1.5")}),
        ("tugas_belajar", {"semesters": 0}),
        ("elearning", {"jp": D(2), "days": 0}),
    ],
)
def test_zero_negative_or_fractional_counts_are_refused(kind, quantity):
    with pytest.raises(UsageError):
        credit_of(kind, **quantity)


def test_end_before_start_is_refused():
    with pytest.raises(UsageError, match="before"):
        credit_of("seminar", start=date(2026, 3, 5), end=date(2026, 3, 4))


def test_monthly_cap_is_not_applied_in_credit():
    assert credit_of("coaching", sessions=5).jp == D(10)


def test_year_of_dates():
    assert POLICY.year_of_dates(date(2025, 12, 30), date(2026, 1, 2)) == 2026
    start_policy = parse_policy(MINIMAL.replace("kinds:", "year_of: start\nkinds:"))
    assert start_policy.year_of_dates(date(2025, 12, 30), date(2026, 1, 2)) == 2025


# --------------------------------------------------------------------------------------------------------------
# Kind lookup
# --------------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    ["pelatihan_teknis", "PELATIHAN_TEKNIS", "b3", "B3", "Pelatihan Teknis", "pelatihan teknis", "pelatihan-teknis",
     " Pelatihan  Teknis "],
)
def test_kind_lookup_by_key_code_or_label(text):
    assert POLICY.kind(text).key == "pelatihan_teknis"


def test_kind_lookup_ignores_slashes_and_dashes_in_labels():
    assert POLICY.kind("E-Learning").key == "elearning"
    assert POLICY.kind("e learning").key == "elearning"
    assert POLICY.kind("magang / praktik kerja").key == "magang"
    assert POLICY.kind("Seminar/Konferensi/Sarasehan").key == "seminar"
    assert POLICY.kind("c12").key == "bimbingan_di_tempat_kerja"
    assert POLICY.kind("b1").key == "pelatihan_struktural_kepemimpinan"  # not B10, B11 or B12


@pytest.mark.parametrize("text", ["diklat", "", "B13", "C"])
def test_unknown_kind_lists_the_known_ones(text):
    with pytest.raises(UsageError) as error:
        POLICY.kind(text)
    message = str(error.value)
    assert "unknown kind" in message
    assert "coaching (C1)" in message and "magang (C11)" in message and "narasumber (B12)" in message


# --------------------------------------------------------------------------------------------------------------
# Policy files
# --------------------------------------------------------------------------------------------------------------

MINIMAL = textwrap.dedent(
    """\
    name: Kebijakan Contoh
    kinds:
      coaching:
        code: C1
        label: Coaching
        form: nonklasikal
        unit: session
        jp_per_unit: 2
    """
)


def problems_of(text, source="policy.yaml"):
    with pytest.raises(PolicyError) as error:
        parse_policy(text, source)
    assert isinstance(error.value, InputRejected) and error.value.exit_code == 3
    return error.value


def test_round_trip_of_the_default_policy():
    text = dump_policy(POLICY)
    assert parse_policy(text) == POLICY
    assert list(parse_policy(text).kinds) == list(POLICY.kinds)
    assert "1.2" in text and "2.4" in text


def test_policy_as_dict_is_json():
    data = policy_as_dict(POLICY)
    assert json.loads(json.dumps(data)) == data
    assert data["minutes_per_jp"] == 45 and isinstance(data["minutes_per_jp"], int)
    assert data["kinds"]["pelatihan_teknis"] == {
        "code": "B3", "label": "Pelatihan Teknis", "form": "klasikal", "unit": "jp", "international_factor": 1.2}
    assert data["targets"]["PPPK"] == {"max_jp": 24}


def test_a_custom_policy_with_fewer_kinds_is_valid():
    policy = parse_policy(MINIMAL)
    assert list(policy.kinds) == ["coaching"]
    assert policy.minutes_per_jp == 45 and policy.year_of == "end"
    # The legal targets apply when a file says nothing about them.
    assert policy.target("PNS").min_jp == 20 and policy.target("PPPK").max_jp == 24
    assert parse_policy(dump_policy(policy)) == policy
    with pytest.raises(UsageError, match="coaching \\(C1\\)"):
        policy.kind("magang")


def test_explicit_empty_targets_mean_none():
    policy = parse_policy(MINIMAL.replace("kinds:", "targets: {}\nkinds:"))
    assert policy.targets == {} and policy.target("PNS") == Target()
    assert parse_policy(dump_policy(policy)) == policy


def test_rates_are_exact_decimals():
    text = MINIMAL.replace("jp_per_unit: 2", "jp_per_unit: 0.1\n    international_factor: 1.15")
    rule = parse_policy(text).kinds["coaching"]
    assert rule.jp_per_unit == D("0.1") and rule.international_factor == D("1.15")
    got = credit(rule, minutes_per_jp=D(45), start=DAY, end=DAY, sessions=3, international=True)
    assert got.jp == D("0.35")  # 3 x 0.1 x 1.15 = 0.345, half up


def test_unknown_key_names_key_and_line():
    error = problems_of(MINIMAL.replace("    jp_per_unit: 2", "    jp_per_unit: 2\n    jp_per_sesi: 3"))
    assert error.lines() == ["policy.yaml line 9: kinds.coaching.jp_per_sesi: unknown key (did you mean jp_per_unit?)"]
    assert str(error) == error.lines()[0]


def test_unknown_top_level_key():
    error = problems_of("versi: 2\n" + MINIMAL)
    assert error.lines()[0].startswith("policy.yaml line 1: versi: unknown key")


def test_negative_rate_names_key_and_line():
    error = problems_of(MINIMAL.replace("jp_per_unit: 2", "jp_per_unit: -2"))
    assert error.lines() == ["policy.yaml line 8: kinds.coaching.jp_per_unit: must not be negative (-2)"]


def test_bad_unit_and_form():
    error = problems_of(MINIMAL.replace("unit: session", "unit: sesi").replace("form: nonklasikal", "form: daring"))
    assert "policy.yaml line 6: kinds.coaching.form: 'daring' is not one of klasikal, nonklasikal, pendidikan" in (
        error.lines())
    assert any(p.startswith("policy.yaml line 7: kinds.coaching.unit: 'sesi' is not one of jp, minute")
               for p in error.lines())
    assert str(error) == "2 problems in policy.yaml"


def test_all_problems_are_collected():
    text = textwrap.dedent(
        """\
        minutes_per_jp: 0
        year_of: middle
        targets:
          PNS: {min_jp: 20, minimum: 3}
          Honorer: {min_jp: 10}
        kinds:
          a:
            code: X1
            label: Satu
            form: klasikal
            unit: day
          b:
            code: X1
            label: satu
            form: klasikal
            unit: jp
            max_units_per_month: 0
          c:
            label: Tiga
            form: klasikal
            unit: session
            jp_per_unit: banyak
        """
    )
    problems = problems_of(text).lines()
    expected = [
        "policy.yaml: name: missing",
        "policy.yaml line 1: minutes_per_jp: must be more than 0 (0)",
        "policy.yaml line 2: year_of: 'middle' is not one of end, start",
        "policy.yaml line 4: targets.PNS.minimum: unknown key",
        "policy.yaml line 5: targets.Honorer: unknown status",
        "policy.yaml line 7: kinds.a: a kind counted per day needs jp_per_unit",
        "policy.yaml line 17: kinds.b.max_units_per_month: must be a whole number of at least 1 (0)",
        "policy.yaml line 18: kinds.c: missing code",
        "policy.yaml line 22: kinds.c.jp_per_unit: must be a number (banyak)",
    ]
    for start in expected:
        assert any(p.startswith(start) for p in problems), (start, problems)


def test_duplicate_codes_and_labels_across_kinds():
    text = MINIMAL + (
        "  mentoring:\n"
        "    code: c1\n"
        "    label: COACHING\n"
        "    form: nonklasikal\n"
        "    unit: session\n"
        "    jp_per_unit: 2\n"
    )
    problems = problems_of(text).lines()
    assert "policy.yaml line 10: kinds.mentoring.code: 'c1' already names kinds.coaching" in problems
    assert "policy.yaml line 11: kinds.mentoring.label: 'COACHING' already names kinds.coaching" in problems


def test_duplicate_yaml_key_is_a_problem():
    error = problems_of(MINIMAL.replace("    jp_per_unit: 2", "    jp_per_unit: 2\n    jp_per_unit: 3"))
    assert error.lines() == ["policy.yaml line 9: kinds.coaching.jp_per_unit: appears twice (first on line 8)"]


@pytest.mark.parametrize(
    "change, fragment",
    [
        (("jp_per_unit: 2", "jp_per_unit: yes"), "kinds.coaching.jp_per_unit: must be a number"),
        (("jp_per_unit: 2", "jp_per_unit: .inf"), "kinds.coaching.jp_per_unit: must be a number"),
        (("jp_per_unit: 2", "jp_per_unit: [2]"), "kinds.coaching.jp_per_unit: must be a number"),
        (("jp_per_unit: 2", "jp_per_unit: 2\n    max_units_per_month: 1.5"), "max_units_per_month: must be a whole"),
        (("jp_per_unit: 2", "jp_per_unit: 2\n    max_jp_per_day: 3"), "per-day cap applies only"),
        (("jp_per_unit: 2", "jp_per_unit: 2\n    international_factor: 1.2\n    international_jp_per_unit: 4"),
         "not both"),
        (("    code: C1\n", ""), "kinds.coaching: missing code"),
        (("jp_per_unit: 2", "jp_per_unit:"), "kinds.coaching: a kind counted per session needs jp_per_unit"),
        (("label: Coaching", "label: ''"), "kinds.coaching.label: must not be empty"),
        (("coaching:", "Coaching Sesi:"), "a kind's key must be lower-case"),
        (("name: Kebijakan Contoh\n", "name: Kebijakan Contoh\nminutes_per_jp: -45\n"), "minutes_per_jp: must not"),
        (("name: Kebijakan Contoh\n", "name: Kebijakan Contoh\ntargets: {PNS: {min_jp: 30, max_jp: 20}}\n"),
         "targets.PNS: min_jp 30 is more than max_jp 20"),
    ],
)
def test_invalid_values(change, fragment):
    old, new = change
    assert old in MINIMAL
    error = problems_of(MINIMAL.replace(old, new))
    assert any(fragment in p for p in error.lines()), error.lines()


def test_missing_kinds_and_empty_file():
    assert "kinds: missing" in problems_of("name: X\n").lines()[0]
    assert "empty" in str(problems_of(""))
    assert "must be a mapping" in str(problems_of("- a\n- b\n"))
    assert "at least one kind" in str(problems_of("name: X\nkinds: {}\n"))


def test_yaml_syntax_error_names_the_line():
    error = problems_of("name: X\nkinds:\n  coaching: {code: C1\n  label: x\n")
    assert str(error).startswith("policy.yaml line ")
    assert "not valid YAML" in str(error)
    assert error.lines() == [str(error)]


def test_merge_keys_share_settings():
    text = textwrap.dedent(
        """\
        name: X
        kinds:
          seminar: &per_day
            code: S1
            label: Seminar
            form: klasikal
            unit: day
            jp_per_unit: 4
          sosialisasi:
            <<: *per_day
            code: S2
            label: Sosialisasi
        """
    )
    policy = parse_policy(text)
    assert policy.kinds["sosialisasi"].unit == "day" and policy.kinds["sosialisasi"].code == "S2"


def test_load_policy_file(tmp_path):
    path = tmp_path / "kebijakan.yaml"
    path.write_text(MINIMAL, encoding="utf-8")
    policy, text = load_policy_file(path)
    assert text == MINIMAL and list(policy.kinds) == ["coaching"]
    path.write_text(MINIMAL.replace("unit: session", "unit: bulan"), encoding="utf-8")
    with pytest.raises(PolicyError) as error:
        load_policy_file(path)
    assert str(error.value).startswith(f"{path} line 7: kinds.coaching.unit")
    with pytest.raises(UsageError, match="not found"):
        load_policy_file(tmp_path / "missing.yaml")
    path.write_bytes(b"name: \xff\n")
    with pytest.raises(PolicyError, match="UTF-8"):
        load_policy_file(path)


def test_policy_is_immutable():
    with pytest.raises(AttributeError):
        POLICY.name = "other"  # type: ignore[misc]
    assert isinstance(POLICY, Policy)
