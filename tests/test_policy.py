"""The JP conversion policy: the shipped table, the file checks and the credit arithmetic."""

import json
import subprocess
import sys
import textwrap
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from jpledger.core.policy import (
    FORMS,
    UNITS,
    Credit,
    KindRule,
    Policy,
    PolicyError,
    Requirement,
    SiasnType,
    Target,
    credit,
    default_policy,
    default_policy_text,
    dump_policy,
    load_policy_file,
    parse_policy,
    policy_as_dict,
    read_policy,
    round_jp,
    with_siasn_types,
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
        "code": "B3", "label": "Pelatihan Teknis", "form": "klasikal", "unit": "jp", "international_factor": 1.2,
        "siasn_type": {"id": "3", "name": "Diklat Teknis"}}
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


# --------------------------------------------------------------------------------------------------------------
# Part II keys: settings, requirements, evidence and SIASN types
# --------------------------------------------------------------------------------------------------------------

PART_II = textwrap.dedent(
    """\
    name: Kebijakan Contoh
    max_jp_per_entry: 250.5
    partial_year: prorate
    pppk_year: calendar
    mandiri_counts_toward_max: yes
    count: verified
    targets:
      PNS: {min_jp: 30}
      PPPK: {min_jp: 24, max_jp: 24}
    requirements:
      - name: IP ASN teknis
        statuses: [pns, CPNS]
        kinds: [B3, Pelatihan Teknis, pelatihan_teknis, coaching]
        min_jp: 20
      - name: Klasikal
        statuses: PNS
        forms: [Klasikal]
        min_jp: 10.5
    kinds:
      coaching:
        code: C1
        label: Coaching
        form: nonklasikal
        unit: session
        jp_per_unit: 2
        evidence: required
        siasn_type: {id: 14, name: Coaching}
      pelatihan_teknis:
        code: B3
        label: Pelatihan Teknis
        form: klasikal
        unit: jp
        siasn_type:
          id: "3"
          name: Diklat Teknis
    """
)


def test_part_ii_keys_are_read():
    policy = parse_policy(PART_II)
    assert (policy.max_jp_per_entry, policy.partial_year, policy.pppk_year, policy.mandiri_counts_toward_max,
            policy.count) == (D("250.5"), "prorate", "calendar", True, "verified")
    assert policy.target("PPPK") == Target(min_jp=D(24), max_jp=D(24))
    assert policy.target("CPNS") == Target()  # a file that lists targets sets them all
    teknis, klasikal = policy.requirements
    assert teknis == Requirement(name="IP ASN teknis", statuses=("PNS", "CPNS"), min_jp=D(20),
                                 kinds=("pelatihan_teknis", "coaching"))
    assert klasikal == Requirement(name="Klasikal", statuses=("PNS",), min_jp=D("10.5"), forms=("klasikal",))
    coaching, b3 = policy.kinds["coaching"], policy.kinds["pelatihan_teknis"]
    assert (coaching.evidence, coaching.siasn_type) == ("required", SiasnType(id="14", name="Coaching"))
    assert (b3.evidence, b3.siasn_type) == ("optional", SiasnType(id="3", name="Diklat Teknis"))
    assert teknis.counts(b3) and teknis.counts(coaching) and klasikal.counts(b3) and not klasikal.counts(coaching)
    assert teknis.applies_to(" cpns") and not teknis.applies_to("PPPK")


def test_part_ii_defaults_keep_every_ledgers_answers():
    for policy in (POLICY, parse_policy(MINIMAL)):
        assert (policy.max_jp_per_entry, policy.partial_year, policy.pppk_year, policy.mandiri_counts_toward_max,
                policy.count, policy.requirements) == (D(1000), "full", "contract", False, "all", ())
        assert {rule.evidence for rule in policy.kinds.values()} == {"optional"}


def test_part_ii_round_trip_and_show():
    policy = parse_policy(PART_II)
    text = dump_policy(policy)
    assert parse_policy(text) == policy
    assert read_policy(text) == policy
    assert "max_jp_per_entry: 250.5" in text and "evidence: required" in text
    data = policy_as_dict(policy)
    assert json.loads(json.dumps(data)) == data
    assert data["requirements"] == [
        {"name": "IP ASN teknis", "statuses": ["PNS", "CPNS"], "kinds": ["pelatihan_teknis", "coaching"],
         "min_jp": 20},
        {"name": "Klasikal", "statuses": ["PNS"], "forms": ["klasikal"], "min_jp": 10.5}]
    assert data["kinds"]["coaching"]["siasn_type"] == {"id": "14", "name": "Coaching"}
    assert data["mandiri_counts_toward_max"] is True and data["targets"]["PPPK"] == {"min_jp": 24, "max_jp": 24}
    assert "evidence" not in data["kinds"]["pelatihan_teknis"]  # the default is not written out


def _requirement(body: str) -> str:
    return MINIMAL.replace("kinds:", "requirements:\n" + textwrap.indent(textwrap.dedent(body), "  ") + "kinds:")


@pytest.mark.parametrize("body, expected", [
    ("- {name: A, statuses: [PNS], kinds: [C1], forms: [klasikal], min_jp: 2}\n",
     "policy.yaml line 3: requirements[1]: give kinds or forms (one of them, not both)"),
    ("- {name: A, statuses: [PNS], min_jp: 2}\n",
     "policy.yaml line 3: requirements[1]: give kinds or forms (one of them, not both)"),
    ("- name: A\n  statuses: [PNS]\n  kinds: [coaching, diklat]\n  min_jp: 2\n",
     "policy.yaml line 5: requirements[1].kinds[2]: unknown kind 'diklat' (known kinds: coaching (C1))"),
    ("- {name: A, statuses: [PNS, honorer], kinds: [C1], min_jp: 2}\n",
     "policy.yaml line 3: requirements[1].statuses[2]: unknown status (known: PNS, CPNS, PPPK)"),
    ("- {name: A, statuses: [], kinds: [C1], min_jp: 2}\n",
     "policy.yaml line 3: requirements[1].statuses: must list at least one"),
    ("- {name: A, statuses: [PNS], kinds: [C1], min_jp: 0}\n",
     "policy.yaml line 3: requirements[1].min_jp: must be more than 0 (0)"),
    ("- {name: A, statuses: [PNS], forms: [daring], min_jp: 2}\n",
     "policy.yaml line 3: requirements[1].forms[1]: 'daring' is not one of klasikal, nonklasikal, pendidikan"),
    ("- {name: A, statuses: [PNS], kinds: [C1], min_jp: 2, minjp: 3}\n",
     "policy.yaml line 3: requirements[1].minjp: unknown key (did you mean min_jp?)"),
    ("- {statuses: [PNS], kinds: [C1], min_jp: 2}\n", "policy.yaml line 3: requirements[1]: missing name"),
    ("- {name: A, statuses: [PNS], kinds: [C1], min_jp: 2}\n- {name: a, statuses: [PNS], kinds: [C1], min_jp: 1}\n",
     "policy.yaml line 4: requirements[2].name: 'a' names another requirement too"),
    ("name: A\n", "policy.yaml line 2: requirements: must be a list"),
])
def test_wrong_requirements_are_named_with_their_line(body, expected):
    assert problems_of(_requirement(body)).lines() == [expected]


@pytest.mark.parametrize("line, expected", [
    ("max_jp_per_entry: 0", "policy.yaml line 2: max_jp_per_entry: must be more than 0 (0)"),
    ("max_jp_per_entry: -5", "policy.yaml line 2: max_jp_per_entry: must not be negative (-5)"),
    ("partial_year: half", "policy.yaml line 2: partial_year: 'half' is not one of full, prorate"),
    ("pppk_year: fiscal", "policy.yaml line 2: pppk_year: 'fiscal' is not one of contract, calendar"),
    ("count: some", "policy.yaml line 2: count: 'some' is not one of all, verified"),
    ("mandiri_counts_toward_max: maybe",
     "policy.yaml line 2: mandiri_counts_toward_max: must be true or false (maybe)"),
    ("mandiri_count_toward_max: no",
     "policy.yaml line 2: mandiri_count_toward_max: unknown key (did you mean mandiri_counts_toward_max?)"),
])
def test_wrong_settings_are_named_with_their_line(line, expected):
    assert problems_of(MINIMAL.replace("kinds:", line + "\nkinds:")).lines() == [expected]


@pytest.mark.parametrize("lines, expected", [
    ("evidence: sometimes",
     "policy.yaml line 9: kinds.coaching.evidence: 'sometimes' is not one of optional, required"),
    ("siasn_type: {id: 14}", "policy.yaml line 9: kinds.coaching.siasn_type: missing name"),
    ("siasn_type: {id: 14, name: Coaching, kode: x}",
     "policy.yaml line 9: kinds.coaching.siasn_type.kode: unknown key (known keys: id, name)"),
    ("siasn_type: 14", "policy.yaml line 9: kinds.coaching.siasn_type: must be a mapping of `key: value` lines"),
])
def test_wrong_kind_keys_of_part_ii(lines, expected):
    assert problems_of(MINIMAL + "    " + lines + "\n").lines() == [expected]


def test_shipped_siasn_types():
    """Each kind SIASN has a type for carries it; the rest are left for the export to list apart, never guessed."""
    types = {rule.code: (rule.siasn_type.id, rule.siasn_type.name) if rule.siasn_type else None
             for rule in POLICY.kinds.values()}
    assert types == {
        "A1": None, "A2": None, "B1": ("1", "Diklat Struktural"), "B2": ("5", "Pelatihan Manajerial"),
        "B3": ("3", "Diklat Teknis"), "B4": ("2", "Diklat Fungsional"), "B5": ("6", "Pelatihan Sosial Kultural"),
        "B6": ("9", "Seminar"), "B7": ("4", "Workshop"), "B8": ("11", "Kursus"), "B9": ("12", "Penataran"),
        "B10": ("8", "Bimbingan Teknis"), "B11": ("7", "Sosialisasi"), "B12": None, "C1": ("14", "Coaching"),
        "C2": ("15", "Mentoring"), "C3": ("16", "E-Learning"), "C4": ("17", "Pelatihan Jarak Jauh"),
        "C5": ("18", "Detasering (Secondment)"), "C6": ("19", "Pembelajaran Alam Terbuka (Outbond)"),
        "C7": ("20", "Patok Banding (Benchmarking)"),
        "C8": ("21", "Pertukaran Antara Pns Dengan Pegawai Swasta/Badan Usaha Milik Negara/ Badan Usaha Milik Daerah"),
        "C9": ("22", "Belajar Mandiri (Self Development)"), "C10": ("23", "Komunitas Belajar (Community Of Practices)"),
        "C11": ("10", "Magang"), "C12": ("24", "Bimbingan Di Tempat Kerja"),
    }
    assert "jenisDiklatId" in default_policy_text() and "never guessed" in default_policy_text()


def _older_default() -> str:
    """The shipped default as it was before SIASN types: the same text without its siasn_type lines."""
    return "".join(line for line in default_policy_text().splitlines(keepends=True) if "siasn_type:" not in line)


def test_stored_copies_of_the_older_default_gain_siasn_types():
    older = _older_default()
    assert read_policy(older) != POLICY
    assert with_siasn_types(older, default_policy_text()) == default_policy_text()
    # The content decides, not the bytes: the same policy written out by `policy show` is a copy too.
    assert with_siasn_types(dump_policy(read_policy(older)), default_policy_text()) == default_policy_text()
    from jpledger.policyfile import shipped_default_upgrade

    assert shipped_default_upgrade(older) == default_policy_text()


@pytest.mark.parametrize("stored", [
    pytest.param(lambda: default_policy_text(), id="already-has-them"),
    pytest.param(lambda: _older_default().replace("jp_per_unit: 4\n", "jp_per_unit: 5\n", 1), id="changed-rate"),
    pytest.param(lambda: _older_default().replace("BPS Sestama", "BKPSDM"), id="renamed"),
    pytest.param(lambda: MINIMAL, id="another-policy"),
    pytest.param(lambda: "kinds: [", id="not-yaml"),
])
def test_other_stored_policies_are_left_alone(stored):
    assert with_siasn_types(stored(), default_policy_text()) is None


# --------------------------------------------------------------------------------------------------------------
# Credits that round to nothing or exceed the policy's limit per entry
# --------------------------------------------------------------------------------------------------------------

def test_a_credit_that_rounds_to_zero_is_refused_as_zero_is():
    with pytest.raises(UsageError) as zero:
        credit_of("pelatihan_teknis", jp=D(0))
    with pytest.raises(UsageError) as tiny:
        credit_of("pelatihan_teknis", jp=D("0.001"))
    assert str(zero.value) == "--jp must be more than 0, not 0"
    assert str(tiny.value) == "--jp must be more than 0, not 0.001"
    with pytest.raises(UsageError, match="--minutes must be more than 0, not 0.2"):
        credit_of("pelatihan_teknis", minutes=D("0.2"))  # 0.0044 JP
    assert credit_of("pelatihan_teknis", jp=D("0.005")).jp == D("0.01")  # rounds half up: credited


def test_a_zero_rate_kind_is_refused_without_a_quantity_to_blame():
    rule = KindRule(key="x", code="X1", label="X", form="klasikal", unit="occurrence", jp_per_unit=D(0))
    with pytest.raises(UsageError, match="x \\(X1\\) would be credited 0 JP"):
        credit(rule, minutes_per_jp=MPJ, start=DAY, end=DAY)


def test_a_credit_above_the_policys_limit_per_entry_is_refused_naming_both():
    assert credit_of("pelatihan_teknis", jp=D(1000)).jp == D(1000)
    with pytest.raises(UsageError) as error:
        credit_of("pelatihan_teknis", jp=D("1000.01"))
    assert str(error.value) == ("pelatihan_teknis (B3) would be credited 1000.01 JP, more than the policy's "
                                "max_jp_per_entry of 1000 JP")
    # A year-long seminar is 365 days at 4 JP: no certificate says 1460 JP.
    with pytest.raises(UsageError, match="1460.00 JP, more than .* 1000 JP"):
        credit_of("seminar", start=date(2026, 1, 1), end=date(2026, 12, 31))
    small = parse_policy(MINIMAL.replace("kinds:", "max_jp_per_entry: 5\nkinds:"))
    rule = small.kinds["coaching"]
    assert credit(rule, minutes_per_jp=MPJ, start=DAY, end=DAY, sessions=2,
                  max_jp_per_entry=small.max_jp_per_entry).jp == D(4)
    with pytest.raises(UsageError, match="coaching \\(C1\\) would be credited 6.00 JP, more than .* of 5 JP"):
        credit(rule, minutes_per_jp=MPJ, start=DAY, end=DAY, sessions=3, max_jp_per_entry=small.max_jp_per_entry)


# --------------------------------------------------------------------------------------------------------------
# The fast read of stored text, and what the command line imports
# --------------------------------------------------------------------------------------------------------------

def test_the_fast_read_and_the_check_agree():
    for text in (default_policy_text(), MINIMAL, PART_II, dump_policy(POLICY),
                 *(path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("policy-*.yaml")))):
        assert read_policy(text) == parse_policy(text)


def test_the_fast_read_of_a_broken_text_says_what_the_check_says():
    broken = MINIMAL.replace("jp_per_unit: 2", "jp_per_unit: -2")
    with pytest.raises(PolicyError) as error:
        read_policy(broken, "policy version 3")
    assert str(error.value) == "policy version 3 line 8: kinds.coaching.jp_per_unit: must not be negative (-2)"
    with pytest.raises(PolicyError, match="not valid YAML"):
        read_policy("kinds: [", "policy version 3")


def test_what_a_stored_text_reads_as_is_kept_as_json_and_read_back_without_yaml():
    from jpledger.core.policy.text import policy_data

    for text in (default_policy_text(), MINIMAL, PART_II, dump_policy(POLICY),
                 *(path.read_text(encoding="utf-8") for path in sorted(EXAMPLES.glob("policy-*.yaml")))):
        data = policy_data(text)
        assert json.loads(data)["text"] == text
        assert read_policy(text, data=data) == parse_policy(text)
    program = ("import sys; from jpledger.core.policy import read_policy, default_policy_text\n"
               "from jpledger.core.policy.text import policy_data\n"
               "text = default_policy_text(); data = policy_data(text); sys.modules.pop('yaml')\n"
               "read_policy(text, data=data); print('yaml' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.strip()) == (0, "False"), done.stderr


def test_a_text_changed_behind_jpledgers_back_is_read_itself_not_its_stored_data():
    from jpledger.core.policy.text import policy_data

    data = policy_data(MINIMAL)
    changed = MINIMAL.replace("jp_per_unit: 2", "jp_per_unit: 3")
    assert changed != MINIMAL and read_policy(changed, data=data) == parse_policy(changed) != parse_policy(MINIMAL)
    broken = MINIMAL.replace("jp_per_unit: 2", "jp_per_unit: -2")
    with pytest.raises(PolicyError, match="must not be negative"):
        read_policy(broken, "policy version 3", data)
    assert policy_data(broken) is None and policy_data("kinds: [") is None


_IMPORTED = "import sys; print(sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'pydantic_core'}))"


def test_start_up_and_a_stored_policy_read_import_no_pydantic(tmp_path):
    """pydantic is for checking files; `--help` and reading a ledger's policy must not pay for importing it."""
    stored = tmp_path / "stored.yaml"
    stored.write_text(dump_policy(parse_policy(PART_II)), encoding="utf-8")
    programs = {
        "--help": "import sys; from jpledger.cli import main; sys.argv = ['jpledger', '--help']\n"
                  "try:\n    main()\nexcept SystemExit:\n    pass\n",
        "read": "import pathlib; from jpledger.core.policy import read_policy, default_policy\n"
                f"read_policy(pathlib.Path({str(stored)!r}).read_text()); default_policy()\n",
    }
    for name, program in programs.items():
        done = subprocess.run([sys.executable, "-c", program + _IMPORTED], capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[-1] == "[]", name
    checked = subprocess.run([sys.executable, "-c", "from jpledger.core.policy import parse_policy, "
                              f"default_policy_text; parse_policy(default_policy_text())\n{_IMPORTED}"],
                             capture_output=True, text=True, timeout=60)
    assert checked.stdout.splitlines()[-1] == "['pydantic', 'pydantic_core']"  # the probe itself can see it


@pytest.mark.parametrize("text", [
    "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(6)),
    "kinds: " + "[" * 5000 + "]" * 5000 + "\n",
])
def test_hostile_yaml_is_a_problem_not_a_hang(text):
    error = problems_of(text)
    assert len(error.lines()) == 1 and "too large or too deeply nested" in str(error)


# --------------------------------------------------------------------------------------------------------------
# The example policies, through the command line
# --------------------------------------------------------------------------------------------------------------

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize("name", ["policy-ip-asn.yaml", "policy-permendikdasmen-6-2025.yaml",
                                  "policy-60-minutes.yaml"])
def test_every_example_policy_passes_policy_check(cli, name):
    result = cli.ok("policy", "check", EXAMPLES / name)
    assert f"{EXAMPLES / name}: ok" in result.stderr


def test_the_ip_asn_example_requires_20_jp_of_pelatihan_teknis():
    policy = parse_policy((EXAMPLES / "policy-ip-asn.yaml").read_text(encoding="utf-8"))
    assert policy.requirements == (Requirement(name="IP ASN pelatihan teknis", statuses=("PNS", "CPNS"),
                                               min_jp=D(20), kinds=("pelatihan_teknis",)),)
    assert policy.kinds == POLICY.kinds


def test_the_ministry_example_sets_30_for_pns_and_exactly_24_for_pppk():
    policy = parse_policy((EXAMPLES / "policy-permendikdasmen-6-2025.yaml").read_text(encoding="utf-8"))
    assert policy.target("PNS") == Target(min_jp=D(30))
    assert policy.target("PPPK") == Target(min_jp=D(24), max_jp=D(24))
    assert (policy.pppk_year, policy.mandiri_counts_toward_max) == ("contract", False)


def test_policy_use_then_show_gives_back_a_file_check_accepts(cli, tmp_path):
    cli.ok("policy", "use", EXAMPLES / "policy-ip-asn.yaml")
    shown = tmp_path / "shown.yaml"
    shown.write_text(cli.ok("policy", "show").stdout, encoding="utf-8")
    cli.ok("policy", "check", shown)
    assert parse_policy(shown.read_text(encoding="utf-8")) == parse_policy(
        (EXAMPLES / "policy-ip-asn.yaml").read_text(encoding="utf-8"))
    data = cli.ok("policy", "show", "--format", "json").json()
    assert data["requirements"] == [{"name": "IP ASN pelatihan teknis", "statuses": ["PNS", "CPNS"],
                                     "kinds": ["pelatihan_teknis"], "min_jp": 20}]


def test_a_policy_limit_per_entry_refuses_a_record(cli, tmp_path):
    from conftest import BUDI

    small = tmp_path / "small.yaml"
    small.write_text(dump_policy(parse_policy(MINIMAL.replace("kinds:", "max_jp_per_entry: 5\nkinds:"))),
                     encoding="utf-8")
    cli.ok("staff", "add", BUDI, "--name", "Budi Santoso")
    cli.ok("policy", "use", small)
    before = cli.snapshot()
    result = cli("record", "coaching", BUDI, "--coach", "Pak Joko", "--date", "14/03/2026", "--sessions", "3")
    assert result.exit_code == 2
    assert "would be credited 6.00 JP, more than the policy's max_jp_per_entry of 5 JP" in result.stderr
    assert cli.snapshot() == before
    tiny = cli("record", "training", BUDI, "--kind", "coaching", "--title", "x", "--start", "14/03/2026",
               "--sessions", "1")
    assert tiny.exit_code == 0, tiny.stderr


def test_policy_show_writes_its_comment_lines_in_the_interface_language(cli):
    cli.ok("init")
    english = cli.ok("policy", "show").stdout.splitlines()[:2]
    assert english == ["# policy version 1 of this ledger", "# JP conversion policy: BPS Sestama B-031/2019"]
    indonesian = cli.ok("--lang", "id", "policy", "show").stdout.splitlines()[:2]
    assert indonesian == ["# kebijakan versi 1 dari buku besar ini", "# Kebijakan konversi JP: BPS Sestama B-031/2019"]


def test_policy_problems_name_their_line_in_the_interface_language(cli, tmp_path):
    bad = tmp_path / "kebijakan.yaml"
    bad.write_text("name: x\nminutes_per_jp: abc\nkinds: {}\n", encoding="utf-8")
    indonesian = cli("--lang", "id", "policy", "check", bad)
    assert indonesian.exit_code == 3
    assert f"{bad} baris 2: minutes_per_jp: harus berupa angka (abc)" in indonesian.stderr
    assert f"{bad} line 2: minutes_per_jp: must be a number (abc)" in cli("policy", "check", bad).stderr
