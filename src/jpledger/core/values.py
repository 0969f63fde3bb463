"""A value of a YAML file (policy, import profile) read as written: text, exact decimals, whole numbers, flags and
choices. The fast read of a stored policy and the schemas that check files use these same readers, so the two
cannot read a value differently; a value they refuse raises Bad with a message code.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from jpledger.errors import InputRejected


class FileRejected(InputRejected):
    """A policy file or import profile that cannot be used; `problems` holds one `FILE line N: key: message` each.

    One problem is said as it is; several are listed, and summed up as "N problems in FILE".
    """

    def __str__(self) -> str:
        return self.lines()[0] if len(self.problems) == 1 else super().__str__()


class Bad(ValueError):
    """A value a schema refuses: a message code and its parameters."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


_WHOLE = re.compile(r"\+?[0-9][0-9_]*")
_TRUE = ("true", "yes", "on")
_FALSE = ("false", "no", "off")


def text_of(value: Any) -> str:
    if isinstance(value, (dict, list)):
        raise Bad("YAML_SINGLE")
    text = "" if value is None else str(value).strip()
    if not text:
        raise Bad("YAML_NOT_EMPTY")
    return text


def decimal_of(value: Any, *, positive: bool = False) -> Decimal:
    """An exact Decimal from the number's text as written (so 1.2 is 1.2, not the float nearest it)."""
    if isinstance(value, (dict, list)) or value is None:
        raise Bad("YAML_NUMBER_PLAIN")
    text = str(value).strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise Bad("YAML_NUMBER", text=text) from None
    if not number.is_finite():
        raise Bad("YAML_NUMBER", text=text)
    if number < 0:
        raise Bad("YAML_NEGATIVE", text=text)
    if positive and number == 0:
        raise Bad("YAML_NOT_POSITIVE", text=text)
    return number


def whole_of(value: Any) -> int:
    """A whole number of at least 1."""
    text = "not a single value" if isinstance(value, (dict, list)) else str(value or "").strip()
    if not _WHOLE.fullmatch(text) or int(text.replace("_", "")) < 1:
        raise Bad("YAML_WHOLE", text=text)
    return int(text.replace("_", ""))


def flag_of(value: Any) -> bool:
    text = "" if isinstance(value, (dict, list)) else str(value or "").strip()
    if text.lower() in _TRUE:
        return True
    if text.lower() in _FALSE:
        return False
    raise Bad("YAML_FLAG", text=text)


def choice_of(value: Any, choices: tuple[str, ...]) -> str:
    text = text_of(value).lower()
    if text not in choices:
        raise Bad("YAML_CHOICE", text=text_of(value), choices=", ".join(choices))
    return text


def listed(value: Any) -> list:
    """A YAML list, or a single value as a list of one."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
