"""NIP cleaning and checking: what an officer may type, and what must be refused with a reason."""

import datetime
from decimal import Decimal

import pytest

from jpledger.core.nip import (
    NipError,
    birth_date,
    clean_nip,
    format_nip,
    looks_like_number_nip,
    validate_nip,
)
from jpledger.errors import UsageError

VALID = "198503142010012003"
PPPK = "199001012024211001"
TEXT_HINT = "format the NIP column as Text and type the NIPs again"


@pytest.mark.parametrize(
    "raw",
    [
        VALID,
        "19850314 201001 2 003",
        "  19850314 201001 2 003  ",
        "19850314.201001.2.003",
        "'198503142010012003",
        "'19850314 201001 2 003",
        "\u201919850314 201001 2 003",
        "19850314\u00a0201001\u00a02\u00a0003",
    ],
)
def test_valid_pns_nip_in_every_spelling(raw):
    assert validate_nip(raw, "PNS") == VALID
    assert validate_nip(raw, "CPNS") == VALID
    assert validate_nip(raw) == VALID


def test_clean_nip_only_removes_separators():
    assert clean_nip(" '19850314 201001 2 003 ") == VALID
    assert clean_nip("1985abc") == "1985abc"


@pytest.mark.parametrize(
    ("raw", "status", "part"),
    [
        ("198513322010012003", None, "birth date"),
        ("198502302010012003", "PNS", "birth date"),
        ("000003142010012003", "PPPK", "birth date"),
        ("198503142002012003", "PNS", "appointment year-month"),
        ("198503142010132003", "PNS", "appointment year-month"),
        ("198503142010002003", "CPNS", "appointment year-month"),
        ("198503142010013003", "PNS", "sex digit"),
        ("198503142010010003", None, "sex digit"),
        ("198503142010012000", "PNS", "serial"),
        ("199001012024211000", "PPPK", "serial"),
        ("19850314201001200", "PNS", "length"),
        ("1985031420100120031", None, "length"),
    ],
)
def test_each_wrong_part_is_named(raw, status, part):
    with pytest.raises(NipError) as caught:
        validate_nip(raw, status)
    message = str(caught.value)
    assert part in message
    assert raw in message
    assert "\n" not in message


def test_length_message_says_what_was_got():
    with pytest.raises(NipError, match="18 digits, got 17"):
        validate_nip("19850314 201001 2 00")


def test_message_shows_the_nip_as_given():
    with pytest.raises(NipError, match="'19850314 201001 3 003'"):
        validate_nip("19850314 201001 3 003", "PNS")


def test_appointment_in_the_year_of_the_18th_birthday_is_fine():
    assert validate_nip("198503142003012003", "PNS") == "198503142003012003"


@pytest.mark.parametrize("raw", ["19850314201001200X", "1985-0314-2010012003"])
def test_letters_and_other_characters_are_refused(raw):
    with pytest.raises(NipError, match="18 digits"):
        validate_nip(raw)


@pytest.mark.parametrize("raw, bad", [
    # Superscript digits pass str.isdigit() but int() refuses them: once an internal error (exit 70).
    ("¹⁹⁸⁵⁰³¹⁴²⁰¹⁰⁰¹²⁰⁰³", "¹"),
    # Arabic-Indic digits are digits to int(), and were once refused for their "sex digit".
    ("١٩٨٥٠٣١٤٢٠١٠٠١٢٠٠٣", "١"),
    ("19850314201001200\uff13", "\uff13"),  # a fullwidth 3
])
def test_only_ascii_digits_are_nip_digits(raw, bad):
    with pytest.raises(NipError) as refused:
        validate_nip(raw, "PNS")
    assert str(refused.value) == f"NIP '{raw}': a NIP must be 18 digits 0-9, but it contains '{bad}'"
    assert format_nip(raw) == raw
    with pytest.raises(NipError):
        birth_date(raw)


def test_empty_nip_is_refused():
    with pytest.raises(NipError, match="empty"):
        validate_nip("   ")


def test_pppk_digits_9_to_14_are_never_checked():
    assert validate_nip(PPPK, "PPPK") == PPPK
    assert validate_nip(PPPK, "pppk") == PPPK
    assert validate_nip(PPPK) == PPPK
    # A PPPK appointed in the year of their birth would fail the PNS check.
    assert validate_nip("199001019999991001", "PPPK") == "199001019999991001"


def test_pppk_number_fails_the_pns_check():
    with pytest.raises(NipError, match="appointment year-month"):
        validate_nip(PPPK, "PNS")


def test_pppk_common_checks_still_apply():
    with pytest.raises(NipError, match="sex digit"):
        validate_nip("199001012024213001", "PPPK")


def test_unknown_status_is_a_usage_error():
    with pytest.raises(UsageError, match="honorer"):
        validate_nip(VALID, "honorer")


@pytest.mark.parametrize(
    "raw",
    ["1.98503E+17", "1,98503E+17", "1.98503142010012e+17", "198503142010012000.0", "'1.98503E+17"],
)
def test_number_text_is_refused_with_the_text_column_fix(raw):
    with pytest.raises(NipError) as caught:
        clean_nip(raw)
    message = str(caught.value)
    assert TEXT_HINT in message
    assert "15 digits" in message
    with pytest.raises(NipError, match="format the NIP column as Text"):
        validate_nip(raw, "PNS")


def test_e_notation_message_says_e_notation():
    with pytest.raises(NipError, match="E-notation"):
        clean_nip("1,98503E+17")


def test_nip_error_is_a_usage_error():
    assert issubclass(NipError, UsageError)
    assert NipError.exit_code == 2


@pytest.mark.parametrize("raw", [VALID, "19850314 201001 2 003", "'19850314.201001.2.003"])
def test_format_nip(raw):
    assert format_nip(raw) == "19850314 201001 2 003"


def test_format_nip_leaves_other_text_alone():
    assert format_nip("12345") == "12345"


def test_birth_date():
    assert birth_date(VALID) == datetime.date(1985, 3, 14)
    assert birth_date("19900101 202421 1 001") == datetime.date(1990, 1, 1)


def test_birth_date_of_a_bad_nip():
    with pytest.raises(NipError, match="birth date"):
        birth_date("198513322010012003")
    with pytest.raises(NipError, match="length"):
        birth_date("1985")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (198503142010012000, True),
        (1.98503142010012e17, True),
        (12345, True),
        (0.0, True),
        ("1,98503E+17", True),
        ("1.98503E+17", True),
        (" 1.98503E+17 ", True),
        ("198503142010012000.0", True),
        (VALID, False),
        ("19850314 201001 2 003", False),
        ("'198503142010012003", False),
        (True, False),
        (None, False),
    ],
)
def test_looks_like_number_nip(value, expected):
    assert looks_like_number_nip(value) is expected


def test_decimal_cell_is_a_number():
    assert looks_like_number_nip(Decimal("198503142010012000"))
