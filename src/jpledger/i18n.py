"""The officer's language: which one speaks (Indonesian or English), the message catalogs, and numbers as each
language writes them.

English texts are the msgids; `jpledger/locale/id/LC_MESSAGES/jpledger.po` holds their Indonesian, compiled to
`.mo` and read with the standard `gettext` module, only when Indonesian is the language (English needs no catalog).
Nothing is read at import time: the language is settled once per command, before any help text is built.
"""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any

LANGUAGES = ("id", "en")
DOMAIN = "jpledger"
# The locale variables in gettext's order: the first one set decides.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_state: dict[str, Any] = {"lang": None, "explicit": False, "catalog": None}


def N_(message: str) -> str:
    """Marks a message for the catalog without translating it here (it is translated where it is shown)."""
    return message


def language_from(lang_option: str | None, environ: os._Environ | dict) -> tuple[str, bool]:
    """(language, explicit): `--lang`, else JPLEDGER_LANG, else the locale variables, else English.

    `explicit` is True when the person chose it (`--lang` or JPLEDGER_LANG): workbooks then follow it too.
    """
    for chosen in (lang_option, environ.get("JPLEDGER_LANG")):
        if chosen:
            return normal_language(chosen) or "en", True
    for name in LOCALE_VARIABLES:
        value = environ.get(name)
        if value:
            # LANGUAGE may list several (id:en); the first decides.
            first = value.split(":")[0]
            return ("id" if first == "id" or first.startswith(("id_", "id.", "id@")) else "en"), False
    return "en", False


def normal_language(text: str) -> str | None:
    code = text.strip().lower().replace("-", "_")
    if code in ("id", "in", "ind", "indonesia", "indonesian", "bahasa") or code.startswith("id_"):
        return "id"
    if code in ("en", "eng", "english") or code.startswith("en_"):
        return "en"
    return None


def set_language(lang: str, explicit: bool = False) -> None:
    if lang not in LANGUAGES:
        raise ValueError(lang)
    if _state["lang"] != lang:
        _state["catalog"] = None
    _state["lang"], _state["explicit"] = lang, explicit


def language() -> str:
    """The interface language; settled from the environment on first use when the command line did not."""
    if _state["lang"] is None:
        lang, explicit = language_from(None, os.environ)
        set_language(lang, explicit)
    return _state["lang"]


def workbook_language(own: str | None = None) -> str:
    """A workbook's language: its own --lang, else an explicit global choice, else Indonesian (whatever the locale)."""
    if own:
        return own
    language()
    return _state["lang"] if _state["explicit"] else "id"


def _catalog():
    catalog = _state["catalog"]
    if catalog is None:
        import gettext as _gettext
        from importlib import resources

        lang = language()
        catalog = _gettext.NullTranslations()
        if lang != "en":
            path = resources.files("jpledger").joinpath("locale", lang, "LC_MESSAGES", f"{DOMAIN}.mo")
            try:
                with path.open("rb") as handle:
                    catalog = _gettext.GNUTranslations(handle)
            except OSError:
                pass
        _state["catalog"] = catalog
    return catalog


def gettext(message: str) -> str:
    return _catalog().gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog().ngettext(singular, plural, n)


_ = gettext


def number(value: Decimal | float | int, places: int = 2) -> str:
    """A number as a person reads it: `20,50` in Indonesian, `20.50` in English (JSON and CSV never use this)."""
    text = f"{value:.{places}f}" if places is not None else str(value)
    return text.replace(".", ",") if language() == "id" else text


def shown(value: Any) -> Any:
    """A message parameter as the reader's language writes it."""
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.replace(".", ",") if language() == "id" else text
    if isinstance(value, BaseException):
        return str(value)
    return value
