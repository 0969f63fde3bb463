"""Ranks: the PNS golongan with their pangkat names and the PPPK golongan, as rosters spell them."""

from __future__ import annotations

import re

from jpledger.errors import UsageError

PANGKAT: dict[str, str] = {
    "I/a": "Juru Muda",
    "I/b": "Juru Muda Tingkat I",
    "I/c": "Juru",
    "I/d": "Juru Tingkat I",
    "II/a": "Pengatur Muda",
    "II/b": "Pengatur Muda Tingkat I",
    "II/c": "Pengatur",
    "II/d": "Pengatur Tingkat I",
    "III/a": "Penata Muda",
    "III/b": "Penata Muda Tingkat I",
    "III/c": "Penata",
    "III/d": "Penata Tingkat I",
    "IV/a": "Pembina",
    "IV/b": "Pembina Tingkat I",
    "IV/c": "Pembina Utama Muda",
    "IV/d": "Pembina Utama Madya",
    "IV/e": "Pembina Utama",
}

PPPK_GOLONGAN: list[str] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
]

_ARABIC_RUANG = {"1": "I", "2": "II", "3": "III", "4": "IV"}

# A golongan code inside any text: III/a, III-a, IIIa, III a, 3/a. Not glued to other letters
# or digits, so the "I" of "Tingkat I" or of a word is never taken for one.
_CODE = re.compile(r"(?<![^\W_])(IV|III|II|I|[1-4])\s*[/.-]?\s*([a-e])(?![^\W_])", re.IGNORECASE)
# Words around a rank that carry no information ("Gol. Ruang III/a", "Pangkat Penata").
_FILLER = {"gol", "golongan", "ruang", "pangkat"}


# Rosters abbreviate "Tingkat I" as "Tk. I" and sometimes write the I as a 1.
_TK = re.compile(r"\btk\b\.?\s*")
_TINGKAT_1 = re.compile(r"\btingkat\s*1\b")
_NOT_LETTERS = re.compile(r"[^a-z]+")


def _name_key(text: str) -> str:
    key = _TK.sub("tingkat ", text.lower())
    key = _TINGKAT_1.sub("tingkat i", key)
    key = _NOT_LETTERS.sub(" ", key)
    return " ".join(word for word in key.split() if word not in _FILLER)


_BY_NAME: dict[str, str] = {_name_key(name): code for code, name in PANGKAT.items()}
_PPPK_SET = frozenset(PPPK_GOLONGAN)


def _unknown(raw: str) -> UsageError:
    return UsageError("GOLONGAN_UNKNOWN", text=raw)


def normalize_golongan(text: str) -> str | None:
    """The canonical golongan (`III/a` for PNS, `IX` for PPPK) for however a roster wrote it.

    Empty text gives None. A pangkat name given with a code must agree with it. A Roman
    numeral alone is read as a PPPK golongan, because a PNS golongan always has its letter.
    """
    if text is None:
        return None
    raw = " ".join(str(text).split())
    if not raw:
        return None

    found = list(_CODE.finditer(raw))
    if len(found) > 1:
        raise _unknown(raw)
    if found:
        match = found[0]
        roman = _ARABIC_RUANG.get(match[1], match[1].upper())
        code = f"{roman}/{match[2].lower()}"
        if code not in PANGKAT:
            raise _unknown(raw)
        rest = _name_key(raw[: match.start()] + " " + raw[match.end() :])
        if not rest:
            return code
        named = _BY_NAME.get(rest)
        if named is None:
            raise _unknown(raw)
        if named != code:
            raise UsageError("GOLONGAN_CONTRADICTS", text=raw, named_pangkat=PANGKAT[named], named=named, code=code,
                             pangkat=PANGKAT[code])
        return code

    key = _name_key(raw)
    if key in _BY_NAME:
        return _BY_NAME[key]
    if key.upper() in _PPPK_SET:
        return key.upper()
    raise _unknown(raw)


def all_golongan() -> list[str]:
    """Every canonical golongan, PNS then PPPK, in rank order (for drop-down lists)."""
    return list(PANGKAT) + list(PPPK_GOLONGAN)
