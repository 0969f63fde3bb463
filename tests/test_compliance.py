"""Unit tests of `jpledger.core.compliance`: judging a person's period, contract years, mandiri and requirements."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from jpledger.core.compliance import PersonTotal, Tally, contract_year, judge, state_of
from jpledger.core.policy.model import Requirement

D = Decimal
TEKNIS = Requirement("IP ASN pelatihan teknis", ("PNS", "CPNS"), D(20), kinds=("pelatihan_teknis",))
KLASIKAL = Requirement("Klasikal", ("PPPK",), D(10), forms=("klasikal",))


def tally(*entries) -> Tally:
    """Entries as (kind, form, mandiri, jp)."""
    out = Tally()
    for kind, form, mandiri, jp in entries:
        out.add(kind, form, mandiri, int(D(jp) * 100))
    return out


def pns(min_jp=20, max_jp=None) -> PersonTotal:
    return PersonTotal("198503142010012003", "Siti", None, "PNS", None if min_jp is None else D(min_jp),
                       None if max_jp is None else D(max_jp))


def pppk(min_jp=None, max_jp=24) -> PersonTotal:
    return PersonTotal("199001012024211001", "Eko", None, "PPPK", None if min_jp is None else D(min_jp),
                       None if max_jp is None else D(max_jp))


@pytest.mark.parametrize("over, shortfalls, has_min, state", [
    (True, [D(5)], True, "over"),      # over beats short
    (False, [D(-1), D(3)], True, "short"),
    (False, [D(0)], True, "met"),
    (False, [], False, "ok"),
    (False, [D(2)], False, "short"),   # a requirement alone can leave someone short
])
def test_state_of(over, shortfalls, has_min, state):
    assert state_of(over=over, shortfalls=shortfalls, has_min=has_min) == state


def test_judge_sums_the_tally_and_meets_the_minimum():
    person = judge(pns(), tally(("pelatihan_teknis", "klasikal", False, "12.5"), ("coaching", "nonklasikal", False, 8)),
                   mandiri_counts=False)
    assert (person.jp, person.state, person.needed) == (D("20.50"), "met", 0)
    assert person.by_kind == {"pelatihan_teknis": D("12.50"), "coaching": D("8.00")}
    assert person.by_form == {"klasikal": D("12.50"), "nonklasikal": D("8.00")}


def test_an_unmet_requirement_leaves_a_person_short_and_needed_is_the_largest_shortfall():
    person = judge(pns(), tally(("seminar", "klasikal", False, 30)), mandiri_counts=False, requirements=[TEKNIS])
    assert (person.state, person.needed) == ("short", D(20))
    assert [(r.name, r.jp, r.min_jp, r.met) for r in person.requirements] == [
        ("IP ASN pelatihan teknis", D(0), D(20), False)]
    person = judge(pns(), tally(("pelatihan_teknis", "klasikal", False, 5)), mandiri_counts=False,
                   requirements=[TEKNIS])
    assert person.needed == D(15)  # 15 short of both; the total and the requirement agree


def test_a_requirement_applies_only_to_its_statuses_and_may_name_forms():
    person = judge(pppk(), tally(("seminar", "klasikal", False, 4), ("coaching", "nonklasikal", False, 10)),
                   mandiri_counts=False, requirements=[TEKNIS, KLASIKAL])
    assert [(r.name, r.jp, r.met) for r in person.requirements] == [("Klasikal", D(4), False)]
    assert (person.state, person.needed) == ("short", D(6))


def test_mandiri_jp_count_in_the_total_but_not_toward_the_maximum_unless_the_policy_says_so():
    figures = tally(("pelatihan_teknis", "klasikal", False, 20), ("belajar_mandiri", "nonklasikal", True, 10))
    person = judge(pppk(), figures, mandiri_counts=False)
    assert (person.jp, person.mandiri_jp, person.jp_toward_max, person.state) == (D(30), D(10), D(20), "ok")
    assert judge(pppk(), figures, mandiri_counts=True).state == "over"


def test_over_and_short_at_once_is_over():
    person = judge(pppk(min_jp=24, max_jp=24), tally(("seminar", "klasikal", False, 30)), mandiri_counts=False,
                   requirements=[Requirement("Teknis", ("PPPK",), D(10), kinds=("pelatihan_teknis",))])
    assert (person.state, person.needed) == ("over", D(10))


def test_a_contract_year_over_makes_the_person_over_whatever_the_running_one_holds():
    ended = contract_year(date(2025, 7, 1), date(2026, 6, 30), tally(("seminar", "klasikal", False, 27)),
                          min_jp=None, max_jp=D(24), mandiri_counts=False)
    running = contract_year(date(2026, 7, 1), date(2027, 6, 30), tally(("seminar", "klasikal", False, 9)),
                            min_jp=None, max_jp=D(24), mandiri_counts=False)
    assert (ended.state, running.state) == ("over", "ok")
    person = judge(pppk(), tally(("seminar", "klasikal", False, 9)), mandiri_counts=False,
                   contract_years=[ended, running])
    assert (person.jp, person.state) == (D(9), "over")


@pytest.mark.parametrize("jp, mandiri, state", [(20, 0, "short"), (24, 0, "met"), (25, 0, "over"),
                                                 (30, 6, "met")])
def test_a_contract_year_against_a_minimum_and_a_maximum(jp, mandiri, state):
    figures = tally(("seminar", "klasikal", False, jp - mandiri), ("belajar_mandiri", "nonklasikal", True, mandiri))
    year = contract_year(date(2026, 4, 1), date(2027, 3, 31), figures, min_jp=D(24), max_jp=D(24),
                         mandiri_counts=False)
    assert (year.jp, year.mandiri_jp, year.jp_toward_max, year.state) == (D(jp), D(mandiri), D(jp - mandiri), state)
