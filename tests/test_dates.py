"""Day-first dates in the spellings offices use, and Excel serial numbers."""

import datetime

import pytest

from jpledger.core.dates import DateError, excel_serial_to_date, inclusive_days, parse_date
from jpledger.errors import UsageError

PI_DAY = datetime.date(2026, 3, 14)


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-14",
        "2026-3-14",
        "2026/03/14",
        "14/03/2026",
        "14-03-2026",
        "14.03.2026",
        "14/3/2026",
        "14 Maret 2026",
        "14 maret 2026",
        "14 MARET 2026",
        "14 Mar 2026",
        "14 Mar. 2026",
        "14 March 2026",
        "14-Mar-2026",
        "14-mar-2026",
        "14 Maret, 2026",
        "  14   Maret   2026  ",
        "2026-03-14 00:00:00",
        "2026-03-14T00:00:00",
        "14/03/2026 00:00",
        "14 Maret 2026 08:30:00",
    ],
)
def test_accepted_formats(text):
    assert parse_date(text) == PI_DAY


@pytest.mark.parametrize("text", ["1/3/2026", "01/03/2026", "1-3-2026", "1 Maret 2026", "2026-3-1"])
def test_single_digit_day_and_month(text):
    assert parse_date(text) == datetime.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("Januari", 1), ("Jan", 1),
        ("Februari", 2), ("Feb", 2), ("Peb", 2), ("Pebruari", 2),
        ("Maret", 3), ("Mar", 3),
        ("April", 4), ("Apr", 4),
        ("Mei", 5),
        ("Juni", 6), ("Jun", 6),
        ("Juli", 7), ("Jul", 7),
        ("Agustus", 8), ("Agu", 8), ("Agt", 8), ("Ags", 8),
        ("September", 9), ("Sep", 9), ("Sept", 9),
        ("Oktober", 10), ("Okt", 10),
        ("November", 11), ("Nov", 11), ("Nop", 11), ("Nopember", 11),
        ("Desember", 12), ("Des", 12),
    ],
)
def test_indonesian_month_names(name, month):
    assert parse_date(f"1 {name} 2026") == datetime.date(2026, month, 1)
    assert parse_date(f"1 {name.upper()} 2026") == datetime.date(2026, month, 1)
    assert parse_date(f"1-{name.lower()}-2026") == datetime.date(2026, month, 1)


@pytest.mark.parametrize(
    ("name", "month"),
    [
        ("January", 1), ("February", 2), ("March", 3), ("April", 4), ("May", 5), ("June", 6),
        ("July", 7), ("August", 8), ("September", 9), ("October", 10), ("November", 11),
        ("December", 12),
        ("Jan", 1), ("Feb", 2), ("Mar", 3), ("Apr", 4), ("May", 5), ("Jun", 6), ("Jul", 7),
        ("Aug", 8), ("Sep", 9), ("Oct", 10), ("Nov", 11), ("Dec", 12),
    ],
)
def test_english_month_names(name, month):
    assert parse_date(f"9 {name} 2026") == datetime.date(2026, month, 9)
    assert parse_date(f"9-{name}-2026") == datetime.date(2026, month, 9)


def test_day_comes_first_even_when_both_could_be_months():
    assert parse_date("03/04/2026") == datetime.date(2026, 4, 3)


def test_leap_day():
    assert parse_date("29/02/2028") == datetime.date(2028, 2, 29)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("30/02/2026", "30/02/2026 is not a date"),
        ("2026-02-30", "2026-02-30 is not a date"),
        ("29 Februari 2026", "29 Februari 2026 is not a date"),
        ("31-04-2026", "31-04-2026 is not a date"),
        ("00/03/2026", "00/03/2026 is not a date"),
        ("14/13/2026", "month 13"),
        ("03/14/2026", "day first"),
        ("14/03/26", "year in full"),
        ("14 Mar 26", "year in full"),
        ("14 Foo 2026", "Foo"),
        (
            "tomorrow",
            "'tomorrow' is not a date (day first: 14/03/2026, 2026-03-14 or 14 Maret 2026)",
        ),
        ("2026-03", "is not a date"),
        ("14/03-2026", "is not a date"),
        ("14/03/0026", "0026"),
        ("", "empty"),
        ("   ", "empty"),
    ],
)
def test_invalid_dates_are_refused(text, message):
    with pytest.raises(DateError) as caught:
        parse_date(text)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_impossible_date_says_how_long_the_month_is():
    with pytest.raises(DateError, match="February 2026 has 28 days"):
        parse_date("30/02/2026")


def test_date_error_is_a_usage_error():
    assert issubclass(DateError, UsageError)
    assert DateError.exit_code == 2


def test_date_objects_pass_through():
    assert parse_date(PI_DAY) == PI_DAY
    assert parse_date(datetime.datetime(2026, 3, 14, 8, 30)) == PI_DAY


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (1, datetime.date(1900, 1, 1)),
        (59, datetime.date(1900, 2, 28)),
        (61, datetime.date(1900, 3, 1)),
        (45000, datetime.date(2023, 3, 15)),
        (45000.0, datetime.date(2023, 3, 15)),
        (45000.75, datetime.date(2023, 3, 15)),
        (46095, datetime.date(2026, 3, 14)),
        (2958465, datetime.date(9999, 12, 31)),
    ],
)
def test_excel_serials(serial, expected):
    assert excel_serial_to_date(serial) == expected


@pytest.mark.parametrize(
    ("serial", "message"),
    [
        (0, "time of day"),
        (0.5, "time of day"),
        (-1, "not an Excel date"),
        (2958466, "not an Excel date"),
        (60, "29 February 1900"),
        (float("nan"), "not an Excel date"),
        (float("inf"), "not an Excel date"),
        (True, "not an Excel date"),
    ],
)
def test_excel_serials_out_of_range(serial, message):
    with pytest.raises(DateError, match=message):
        excel_serial_to_date(serial)


@pytest.mark.parametrize(
    ("serial", "expected"),
    [
        (0, datetime.date(1904, 1, 1)),
        (1, datetime.date(1904, 1, 2)),
        # The same number the 1900 system reads as 2022-03-01: four years and one day apart.
        (44621, datetime.date(2026, 3, 2)),
        (44621.5, datetime.date(2026, 3, 2)),
        (2957003, datetime.date(9999, 12, 31)),
    ],
)
def test_excel_serials_in_the_1904_date_system(serial, expected):
    assert excel_serial_to_date(serial, date1904=True) == expected
    if serial >= 61:
        assert excel_serial_to_date(serial + 1462) == expected  # the two systems' known distance


@pytest.mark.parametrize("serial", [-1, 2957004, float("nan"), True])
def test_excel_serials_out_of_range_in_the_1904_date_system(serial):
    with pytest.raises(DateError, match="not an Excel date"):
        excel_serial_to_date(serial, date1904=True)


@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (PI_DAY, PI_DAY, 1),
        (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31), 31),
        (datetime.date(2026, 2, 27), datetime.date(2026, 3, 2), 4),
        (datetime.date(2025, 12, 31), datetime.date(2026, 1, 1), 2),
    ],
)
def test_inclusive_days(start, end, days):
    assert inclusive_days(start, end) == days


def test_inclusive_days_refuses_an_end_before_the_start():
    with pytest.raises(DateError, match="before start date"):
        inclusive_days(datetime.date(2026, 3, 14), datetime.date(2026, 3, 13))
