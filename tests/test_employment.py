"""Unit tests of `jpledger.core.employment`: PPPK contract years and the days they are counted from."""

from __future__ import annotations

from datetime import date

import pytest

from jpledger.core.employment import (
    add_months,
    contract_clash,
    contract_years,
    overlapping,
    window_holding,
    window_months,
    window_of,
)

D = date


@pytest.mark.parametrize("day, months, expected", [
    (D(2026, 4, 1), 12, D(2027, 4, 1)),
    (D(2026, 1, 31), 1, D(2026, 2, 28)),
    (D(2024, 1, 31), 1, D(2024, 2, 29)),
    (D(2026, 11, 30), 3, D(2027, 2, 28)),
    (D(2024, 2, 29), 12, D(2025, 2, 28)),
    (D(2024, 2, 29), 48, D(2028, 2, 29)),
])
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months, expected):
    assert add_months(day, months) == expected


def test_a_one_year_contract_is_one_twelve_month_window():
    assert contract_years([(D(2026, 4, 1), D(2027, 3, 31))]) == [(D(2026, 4, 1), D(2027, 3, 31))]


def test_a_longer_contract_is_cut_into_windows_the_last_one_at_its_end():
    assert contract_years([(D(2025, 3, 15), D(2027, 1, 31))]) == [
        (D(2025, 3, 15), D(2026, 3, 14)), (D(2026, 3, 15), D(2027, 1, 31))]


def test_a_six_month_contract_is_one_short_window():
    assert contract_years([(D(2026, 4, 1), D(2026, 9, 30))]) == [(D(2026, 4, 1), D(2026, 9, 30))]


def test_a_renewal_starts_its_own_windows_in_date_order_whatever_the_order_given():
    given = [(D(2027, 7, 1), D(2028, 6, 30)), (D(2025, 7, 1), D(2027, 6, 30))]
    assert contract_years(given) == [(D(2025, 7, 1), D(2026, 6, 30)), (D(2026, 7, 1), D(2027, 6, 30)),
                                     (D(2027, 7, 1), D(2028, 6, 30))]


def test_windows_of_a_contract_from_29_february_stay_on_its_anniversary():
    windows = contract_years([(D(2024, 2, 29), D(2029, 2, 27))])
    assert [first for first, _ in windows] == [D(2024, 2, 29), D(2025, 2, 28), D(2026, 2, 28), D(2027, 2, 28),
                                                D(2028, 2, 29)]
    # Back to back: each window ends the day before the next begins, the last on the contract's end.
    assert [last for _, last in windows] == [D(2025, 2, 27), D(2026, 2, 27), D(2027, 2, 27), D(2028, 2, 28),
                                             D(2029, 2, 27)]


def test_a_one_day_contract_is_a_one_day_window():
    assert contract_years([(D(2026, 5, 5), D(2026, 5, 5))]) == [(D(2026, 5, 5), D(2026, 5, 5))]


@pytest.mark.parametrize("first, last, months", [
    (D(2026, 4, 1), D(2027, 3, 31), 12),
    (D(2026, 4, 1), D(2026, 9, 30), 6),
    (D(2026, 4, 1), D(2026, 9, 1), 6),
    (D(2026, 4, 15), D(2026, 4, 15), 1),
])
def test_window_months_counts_a_begun_month_whole(first, last, months):
    assert window_months(first, last) == months


WINDOWS = [(D(2025, 7, 1), D(2026, 6, 30)), (D(2026, 7, 1), D(2026, 12, 31)), (D(2027, 4, 1), D(2028, 3, 31))]


def test_overlapping_keeps_the_windows_that_share_a_day_with_the_year():
    assert overlapping(WINDOWS, D(2026, 1, 1), D(2026, 12, 31)) == WINDOWS[:2]
    assert overlapping(WINDOWS, D(2024, 1, 1), D(2024, 12, 31)) == []


@pytest.mark.parametrize("day, holding, of", [
    (D(2026, 6, 30), 0, 0),
    (D(2026, 7, 1), 1, 1),
    (D(2027, 2, 1), 1, None),   # between contracts: the last one that ended
    (D(2030, 1, 1), 2, None),
    (D(2025, 1, 1), None, None),  # before any
])
def test_the_window_holding_a_day_else_the_last_before_it(day, holding, of):
    assert window_holding(WINDOWS, day) == holding
    assert window_of(WINDOWS, day) == of


def test_contract_clash_names_the_first_contract_sharing_a_day():
    contracts = [(D(2027, 4, 1), D(2028, 3, 31), "B"), (D(2026, 4, 1), D(2027, 3, 31), "A")]
    assert contract_clash(D(2027, 3, 31), D(2027, 4, 1), contracts)[2] == "A"
    assert contract_clash(D(2027, 4, 1), D(2027, 4, 1), contracts)[2] == "B"
    assert contract_clash(D(2028, 4, 1), D(2029, 3, 31), contracts) is None
    assert contract_clash(D(2025, 1, 1), D(2026, 3, 31), contracts) is None
