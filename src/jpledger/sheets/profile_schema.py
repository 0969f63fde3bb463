"""The schema of an import profile (pydantic), and the Profile read from a file that passes it."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, ValidationInfo

from jpledger.core.problems import Document, Wording, known_keys, locate, read_yaml, unknown
from jpledger.core.values import Bad, choice_of, listed, text_of
from jpledger.sheets.columns import header_key
from jpledger.sheets.profile import (
    ACTIVITY_FIELDS,
    DATE_ORDERS,
    EXAMPLE,
    IGNORE,
    JP_MODES,
    KINDS,
    MAX_HEADER_ROW,
    QUANTITIES,
    STAFF_FIELDS,
    Profile,
    ProfileError,
    value_key,
)

EVERYTHING = (*ACTIVITY_FIELDS, *(f for f in STAFF_FIELDS if f not in ACTIVITY_FIELDS))


def _one_value(value: Any) -> str:
    try:
        return text_of(value)
    except Bad:
        raise Bad("PROFILE_ONE_VALUE") from None


def _choice(choices: tuple[str, ...]):
    return BeforeValidator(lambda value: choice_of(_one_value(value), choices))


def _header_row(value: Any) -> int:
    text = "" if isinstance(value, (dict, list)) or value is None else str(value).strip()
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_HEADER_ROW:
        raise Bad("PROFILE_HEADER_ROW", max=MAX_HEADER_ROW)
    return int(text)


_FIELD_WORDS = ("PROFILE_UNKNOWN_FIELD_CLOSE", "PROFILE_UNKNOWN_FIELD")
_QUANTITY_WORDS = ("PROFILE_UNKNOWN_QUANTITY_CLOSE", "PROFILE_UNKNOWN_QUANTITY")


def _field(name: Any, info: ValidationInfo) -> str:
    """A field of the profile's kind of sheet (both kinds' fields when the profile does not say)."""
    known = (info.context or {}).get("known", EVERYTHING)
    if name not in known:
        raise unknown(name, known, _FIELD_WORDS, key=name)
    return name


def _column_target(value: Any, info: ValidationInfo) -> str:
    target = "" if isinstance(value, (dict, list)) or value is None else str(value).strip()
    known = (info.context or {}).get("known", EVERYTHING)
    if target != IGNORE and target not in known:
        raise unknown(target, (*known, IGNORE), _FIELD_WORDS, key=target)
    return target


def _heading(text: str) -> str:
    if not header_key(text):
        raise Bad("PROFILE_HEADER_TEXT")
    return text


def _fixed_field(name: Any, info: ValidationInfo) -> str:
    name = _field(name, info)
    if name == "nip":
        raise Bad("PROFILE_FIXED_NIP")
    return name


def _quantity(name: Any) -> str:
    text = "" if isinstance(name, (dict, list)) or name is None else str(name).strip()
    if text not in QUANTITIES:
        raise unknown(text, QUANTITIES, _QUANTITY_WORDS, key=text)
    return text


def _scalar(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        raise Bad("YAML_SINGLE")
    return value


class ProfileSchema(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sheet: Annotated[Any, BeforeValidator(_one_value)] = None
    header_row: Annotated[Any, BeforeValidator(_header_row)] = None
    kind: Annotated[Any, _choice(KINDS)] = None
    date_order: Annotated[Any, _choice(DATE_ORDERS)] = None
    columns: dict[Annotated[str, BeforeValidator(_heading)], Annotated[Any, BeforeValidator(_column_target)]] = {}
    values: dict[Annotated[str, BeforeValidator(_field)], dict[str, Annotated[Any, BeforeValidator(_scalar)]]] = {}
    fixed: dict[Annotated[str, BeforeValidator(_fixed_field)], Annotated[Any, BeforeValidator(_one_value)]] = {}
    ignore_unused: Annotated[list[Annotated[Any, BeforeValidator(_quantity)]], BeforeValidator(listed)] = []
    jp: Annotated[Any, _choice(JP_MODES)] = None


WORDING = Wording(unknown_key=lambda parent, key: unknown(key, known_keys(ProfileSchema, parent),
                                                         ("PROFILE_UNKNOWN_KEY_CLOSE", "PROFILE_UNKNOWN_KEY"), key=key))


def check_profile(text: str, source: str) -> Profile:
    document = read_yaml(text, source, "PROFILE_EMPTY", example=EXAMPLE)
    data = document.data
    if data is not None and not isinstance(data, dict):
        document.add((), "YAML_MAPPING")
    if not isinstance(data, dict):
        raise ProfileError.of(document.problems, source)
    kind = _kind(data)
    try:
        ProfileSchema.model_validate(data, context={"known": {"staff": STAFF_FIELDS, "activities": ACTIVITY_FIELDS}
                                                    .get(kind or "", EVERYTHING)})
    except ValidationError as error:
        locate(document, error.errors(include_url=False), WORDING)
    _check_same_headers(document, data)
    if document.problems:
        raise ProfileError.of(document.problems, source)
    return _build(data, source, kind)


def _kind(data: dict) -> str | None:
    try:
        return choice_of(data["kind"], KINDS) if data.get("kind") is not None else None
    except Bad:
        return None


def _check_same_headers(document: Document, data: dict) -> None:
    columns = data.get("columns")
    seen = set()
    for heading in (columns if isinstance(columns, dict) else ()):
        key = header_key(heading)
        if key and key in seen and not document.has_problem(("columns", heading)):
            document.add(("columns", heading), "PROFILE_SAME_HEADER")
        seen.add(key)


def _build(data: dict, source: str, kind: str | None) -> Profile:
    def setting(key, default, read):
        return default if data.get(key) is None else read(data[key])

    return Profile(
        source=source,
        sheet=setting("sheet", None, text_of),
        header_row=setting("header_row", None, _header_row),
        kind=kind,
        date_order=setting("date_order", "dmy", lambda value: choice_of(value, DATE_ORDERS)),
        columns={header_key(heading): str(target).strip() for heading, target in (data.get("columns") or {}).items()},
        values={name: {value_key(text): "" if to is None else str(to) for text, to in (table or {}).items()}
                for name, table in (data.get("values") or {}).items()},
        fixed={name: text_of(value) for name, value in (data.get("fixed") or {}).items()},
        ignore_unused=frozenset(str(name).strip() for name in listed(data.get("ignore_unused"))),
        jp=setting("jp", "policy", lambda value: choice_of(value, JP_MODES)),
    )
