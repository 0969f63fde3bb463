"""Ranks as rosters write them, read back to one canonical code."""

import pytest

from jpledger.core.golongan import PANGKAT, PPPK_GOLONGAN, all_golongan, normalize_golongan
from jpledger.errors import UsageError


@pytest.mark.parametrize(
    "text",
    [
        "III/a",
        "III-a",
        "IIIa",
        "III a",
        "iii/A",
        "III/A",
        " III / a ",
        "III.a",
        "3/a",
        "Penata Muda (III/a)",
        "Penata Muda, III/a",
        "Penata Muda",
        "penata muda",
        "PENATA MUDA (III-a)",
        "III/a - Penata Muda",
        "Gol. III/a",
        "Golongan Ruang III/a",
    ],
)
def test_pns_spellings(text):
    assert normalize_golongan(text) == "III/a"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Penata Muda Tingkat I (III/b)", "III/b"),
        ("Penata Muda Tk. I (III/b)", "III/b"),
        ("Penata Muda Tk.I", "III/b"),
        ("Juru Muda Tingkat 1", "I/b"),
        ("Juru Tingkat I", "I/d"),
        ("Penata", "III/c"),
        ("Pembina", "IV/a"),
        ("Pembina Utama", "IV/e"),
        ("IVe", "IV/e"),
        ("I/d", "I/d"),
        ("II-c", "II/c"),
    ],
)
def test_pangkat_names_and_codes(text, expected):
    assert normalize_golongan(text) == expected


@pytest.mark.parametrize(("code", "name"), list(PANGKAT.items()))
def test_every_pns_rank_round_trips(code, name):
    assert normalize_golongan(code) == code
    assert normalize_golongan(name) == code
    assert normalize_golongan(f"{name} ({code})") == code
    assert normalize_golongan(f"{name}, {code}") == code
    assert normalize_golongan(code.replace("/", "")) == code
    assert normalize_golongan(code.replace("/", "-")) == code


@pytest.mark.parametrize("code", PPPK_GOLONGAN)
def test_every_pppk_golongan(code):
    assert normalize_golongan(code) == code
    assert normalize_golongan(code.lower()) == code
    assert normalize_golongan(f"Gol. {code}") == code


@pytest.mark.parametrize("text", ["", "   ", None])
def test_empty_is_none(text):
    assert normalize_golongan(text) is None


@pytest.mark.parametrize(
    "text", ["I/e", "III/f", "XVIII", "IIII", "Foo", "Penata Mud (III/a)", "III/a IV/b", "5/a"]
)
def test_unknown_text_names_the_value(text):
    with pytest.raises(UsageError, match="unknown golongan") as caught:
        normalize_golongan(text)
    assert text in str(caught.value)


def test_name_and_code_must_agree():
    with pytest.raises(UsageError, match="Penata is III/c"):
        normalize_golongan("Penata (III/a)")


def test_tables():
    assert len(PANGKAT) == 17
    assert PANGKAT["III/a"] == "Penata Muda"
    assert PANGKAT["IV/a"] == "Pembina"
    assert PANGKAT["IV/e"] == "Pembina Utama"
    assert PPPK_GOLONGAN[0] == "I" and PPPK_GOLONGAN[-1] == "XVII" and len(PPPK_GOLONGAN) == 17


def test_all_golongan_lists_pns_then_pppk():
    codes = all_golongan()
    assert codes[:17] == list(PANGKAT)
    assert codes[17:] == PPPK_GOLONGAN
    codes.append("mutated")
    assert len(all_golongan()) == 34
