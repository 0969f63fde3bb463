"""The officer's language: which one speaks (Indonesian or English), the message catalogs, and numbers as each
language writes them.

English texts are the msgids; `jpledger/locale/id/LC_MESSAGES/jpledger.po` holds their Indonesian, compiled to
`.mo` and read with the standard `gettext` module, only when Indonesian is the language (English needs no catalog).
Nothing is read at import time: the command line settles the language once per invocation (`settle`), before any
help text is built, and forgets it afterwards (`reset`), so one process may run many commands in many languages.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Iterator, Mapping

if TYPE_CHECKING:
    from decimal import Decimal

LANGUAGES = ("id", "en")
DOMAIN = "jpledger"
LOCALE_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "locale")
# The locale variables in gettext's order: the first one set decides.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_state: dict[str, Any] = {"lang": None, "explicit": False, "catalog": None}


def N_(message: str) -> str:
    """Marks a message for the catalog without translating it here (it is translated where it is shown)."""
    return message


def language_from(lang_option: str | None, environ: Mapping[str, str]) -> tuple[str, bool]:
    """(language, explicit): `--lang`, else JPLEDGER_LANG, else the locale variables, else English.

    `explicit` is True when the person chose it (`--lang` or JPLEDGER_LANG): workbooks then follow it too.
    A chosen value that names no language jpledger speaks is a usage error (UNKNOWN_LANGUAGE).
    """
    # An empty JPLEDGER_LANG is unset, as with the locale variables; an empty --lang was typed, so it is wrong.
    for source, chosen in (("--lang", lang_option), ("JPLEDGER_LANG", environ.get("JPLEDGER_LANG") or None)):
        if chosen is not None:
            lang = normal_language(chosen)
            if lang is None:
                from jpledger.errors import UsageError

                raise UsageError("UNKNOWN_LANGUAGE", source=source, value=chosen)
            return lang, True
    return locale_language(environ), False


def locale_language(environ: Mapping[str, str]) -> str:
    """The language the locale variables ask for, as gettext reads them: the first one set decides."""
    for name in LOCALE_VARIABLES:
        value = environ.get(name)
        if value:
            # LANGUAGE may list several (id:en); the first decides.
            first = value.split(":")[0]
            return "id" if first == "id" or first.startswith(("id_", "id.", "id@")) else "en"
    return "en"


def normal_language(text: str) -> str | None:
    code = text.strip().lower().replace("-", "_")
    if code in ("id", "in", "ind", "indonesia", "indonesian", "bahasa") or code.startswith("id_"):
        return "id"
    if code in ("en", "eng", "english") or code.startswith("en_"):
        return "en"
    return None


def settle(lang_option: str | None, environ: Mapping[str, str]) -> None:
    """Settle the language of one invocation from its `--lang` and environment.

    A bad `--lang` or JPLEDGER_LANG is reported in the locale's language, so the error itself is readable.
    """
    from jpledger.errors import UsageError

    try:
        lang, explicit = language_from(lang_option, environ)
    except UsageError:
        set_language(locale_language(environ))
        raise
    set_language(lang, explicit)


def reset() -> None:
    """Forget the settled language: the next reader settles it afresh from the environment."""
    _state.update(lang=None, explicit=False, catalog=None)


def set_language(lang: str, explicit: bool = False) -> None:
    if lang not in LANGUAGES:
        raise ValueError(lang)
    if _state["lang"] != lang:
        _state["catalog"] = None
    _state["lang"], _state["explicit"] = lang, explicit


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Word messages in `lang` for a while (a workbook's own language), then in the interface language again."""
    language()
    saved = dict(_state)
    set_language(lang, saved["explicit"])
    try:
        yield
    finally:
        _state.update(saved)


def language() -> str:
    """The interface language; settled from the environment on first use when the command line did not."""
    if _state["lang"] is None:
        from jpledger.errors import UsageError

        try:
            lang, explicit = language_from(None, os.environ)
        except UsageError:  # a bad JPLEDGER_LANG outside a command: the command line reports it, a library speaks
            lang, explicit = locale_language(os.environ), False
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

        lang = language()
        if lang == "en":  # the msgids are English: no file to read
            catalog = _gettext.NullTranslations()
        else:
            catalog = _gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
        _state["catalog"] = catalog
    return catalog


def gettext(message: str) -> str:
    return _catalog().gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog().ngettext(singular, plural, n)


_ = gettext

# A person with no unit counts under this name in the reports' data (JSON, CSV); a person reads it translated.
NO_UNIT = "(no unit)"


def unit_label(name: str | None) -> str | None:
    """A unit's name as shown to a person: the no-unit group in the interface language."""
    return gettext("(no unit)") if name == NO_UNIT else name


def number(value: Decimal | float | int, places: int = 2) -> str:
    """A number as a person reads it: `20,50` in Indonesian, `20.50` in English (JSON and CSV never use this)."""
    text = f"{value:.{places}f}" if places is not None else str(value)
    return text.replace(".", ",") if language() == "id" else text


def shown(value: Any) -> Any:
    """A message parameter as the reader's language writes it."""
    from decimal import Decimal  # here, not at the top: `jpledger --help` needs no decimals

    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.replace(".", ",") if language() == "id" else text
    if isinstance(value, BaseException):
        return str(value)
    return value
