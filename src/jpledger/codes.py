"""Every message a person can read from an error, an import problem, a finding or a check, by stable code.

One registry: a code names one kind of problem everywhere (scripts match on it, the README documents it), and its
English template is the msgid of the gettext catalogs (`jpledger/locale`), so `message()` words it in the interface
language. Templates take named parameters; a Decimal parameter is written as the reader's language writes numbers.
Codes are never translated. Keep each area's codes in its own section.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jpledger.i18n import N_


@dataclass(frozen=True)
class FindingKind:
    """An audit finding: its severity and what it means (for the README and `audit --help`)."""

    severity: str
    meaning: str


@dataclass(frozen=True)
class CheckKind:
    """A `jpledger check` problem: what it means."""

    meaning: str


# --- errors and import problems: code -> English template ---------------------------------------------------------

MESSAGES: dict[str, str] = {
    # A sentence not yet given a code of its own (kept while modules move to codes; the catalog test lists them).
    "TEXT": "{text}",
    # -- general
    "NOTHING_WRITTEN": N_("{what}; nothing was written"),
    # -- policy files
    # A problem of a policy file or an import profile is worded after `FILE line N: dotted.key: `.
    "POLICY_REJECTED": N_("{count} problems in {source}"),
    "POLICY_FILE_MISSING": N_("policy file {path} not found"),
    "POLICY_FILE_IS_FOLDER": N_("policy file {path} is a directory, not a policy file"),
    "POLICY_FILE_UNREADABLE": N_("cannot read policy file {path}: {reason}"),
    "POLICY_NOT_UTF8": N_("not UTF-8 text (byte {byte}); save the policy file as UTF-8"),
    "POLICY_EMPTY": N_("the policy file is empty"),
    "POLICY_NAME_MISSING": N_("missing (the policy's name, e.g. the decree it follows)"),
    "POLICY_KINDS_MISSING": N_("missing (the kinds of activity this policy allows)"),
    "POLICY_NO_KINDS": N_("must list at least one kind"),
    "POLICY_UNKNOWN_KEY": N_("unknown key (known keys: {known})"),
    "POLICY_UNKNOWN_KEY_CLOSE": N_("unknown key (did you mean {close}?)"),
    "POLICY_KIND_KEY": N_("a kind's key must be lower-case letters, digits and underscores"),
    "POLICY_NEEDS_RATE": N_("a kind counted per {unit} needs jp_per_unit"),
    "POLICY_DAY_CAP": N_("a per-day cap applies only to kinds counted in jp or minute"),
    "POLICY_TWO_ABROAD_RATES": N_("give international_jp_per_unit or international_factor, not both"),
    "POLICY_SAME_LOOKUP": N_("reads the same as kinds.{other} when looked up"),
    "POLICY_NAME_TAKEN": N_("'{text}' already names kinds.{other}"),
    "POLICY_UNKNOWN_STATUS": N_("unknown status (known: {known})"),
    "POLICY_STATUS_TWICE": N_("appears twice"),
    "POLICY_MIN_ABOVE_MAX": N_("min_jp {min} is more than max_jp {max}"),
    "POLICY_KINDS_OR_FORMS": N_("give kinds or forms (one of them, not both)"),
    "POLICY_REQUIREMENT_KIND": N_("unknown kind '{text}' (known kinds: {known})"),
    "POLICY_REQUIREMENT_TWICE": N_("'{name}' names another requirement too"),
    "YAML_INVALID": N_("not valid YAML: {detail}"),
    "YAML_TOO_BIG": N_("too large or too deeply nested to read"),
    "YAML_MAPPING": N_("must be a mapping of `key: value` lines"),
    "YAML_LIST": N_("must be a list"),
    "YAML_LIST_EMPTY": N_("must list at least one"),
    "YAML_SINGLE": N_("must be a single value"),
    "YAML_NOT_EMPTY": N_("must not be empty"),
    "YAML_PLAIN_KEYS": N_("keys must be plain names"),
    "YAML_TWICE": N_("appears twice (first on line {line})"),
    "YAML_MERGE": N_("cannot merge: {detail}"),
    "YAML_MISSING": N_("missing {field}"),
    "YAML_NUMBER": N_("must be a number ({text})"),
    "YAML_NUMBER_PLAIN": N_("must be a number"),
    "YAML_NEGATIVE": N_("must not be negative ({text})"),
    "YAML_NOT_POSITIVE": N_("must be more than 0 ({text})"),
    "YAML_WHOLE": N_("must be a whole number of at least 1 ({text})"),
    "YAML_FLAG": N_("must be true or false ({text})"),
    "YAML_CHOICE": N_("'{text}' is not one of {choices}"),
    "PROFILE_REJECTED": N_("{count} problems in {source}"),
    "PROFILE_MISSING": N_("--profile: {path} not found"),
    "PROFILE_IS_FOLDER": N_("--profile: {path} is a folder"),
    "PROFILE_UNREADABLE": N_("--profile: cannot read {path} ({reason})"),
    "PROFILE_NOT_UTF8": N_("not UTF-8 text; save the profile as UTF-8"),
    "PROFILE_EMPTY": N_("the profile is empty; it looks like this:\n{example}"),
    "PROFILE_UNKNOWN_KEY": N_("unknown key '{key}' (known: {known})"),
    "PROFILE_UNKNOWN_KEY_CLOSE": N_("unknown key '{key}' (did you mean {close}?)"),
    "PROFILE_UNKNOWN_FIELD": N_("unknown field '{key}' (known: {known})"),
    "PROFILE_UNKNOWN_FIELD_CLOSE": N_("unknown field '{key}' (did you mean {close}?)"),
    "PROFILE_UNKNOWN_QUANTITY": N_("unknown quantity column '{key}' (known: {known})"),
    "PROFILE_UNKNOWN_QUANTITY_CLOSE": N_("unknown quantity column '{key}' (did you mean {close}?)"),
    "PROFILE_HEADER_ROW": N_("must be a row number from 1 to {max}"),
    "PROFILE_HEADER_TEXT": N_("a header must have letters or digits"),
    "PROFILE_SAME_HEADER": N_("names the same header as another entry"),
    "PROFILE_FIXED_NIP": N_("a NIP cannot be the same for every row"),
    "PROFILE_ONE_VALUE": N_("must be a single, non-empty value"),
    # crediting one activity under a policy's kind (the words name the command line's options)
    "KIND_UNKNOWN": N_("unknown kind '{text}'; known kinds: {known}"),
    "CREDIT_NOT_A_NUMBER": N_("--{option} must be a number, not {value}"),
    "CREDIT_NOT_WHOLE": N_("--{option} must be a whole number, not {value}"),
    "CREDIT_NOT_POSITIVE": N_("--{option} must be more than 0, not {value}"),
    "CREDIT_ZERO": N_("{kind} would be credited 0 JP; a credit must be more than 0"),
    "CREDIT_ABOVE_MAX": N_("{kind} would be credited {jp} JP, more than the policy's max_jp_per_entry of {max} JP"),
    "CREDIT_MINUTES_PER_JP": N_("minutes per JP must be more than 0, not {value}"),
    "CREDIT_END_BEFORE_START": N_("the end date {end} is before the start date {start}"),
    "CREDIT_UNUSED_QUANTITY": N_("{kind} {takes}, not {options}"),
    "CREDIT_NEEDS_QUANTITY": N_("{kind} {takes}"),
    "CREDIT_JP_OR_MINUTES": N_("{kind}: give --jp or --minutes, not both"),
    "CREDIT_TAKES_JP": N_("is counted in JP: use --jp or --minutes"),
    "CREDIT_TAKES_MINUTES": N_("is counted in minutes: use --minutes"),
    "CREDIT_TAKES_DAYS": N_("is counted in days: use --days or the start/end dates"),
    "CREDIT_TAKES_SESSIONS": N_("is counted in sessions: use --sessions"),
    "CREDIT_TAKES_SEMESTERS": N_("is counted in semesters: use --semesters"),
    "CREDIT_TAKES_OCCURRENCE": N_("is credited once per occurrence: give only the start/end dates"),
}

# --- audit findings: code -> (severity, meaning); their messages are MESSAGES under the same code -----------------

FINDINGS: dict[str, FindingKind] = {}

# --- `jpledger check`: code -> meaning; their messages are MESSAGES under the same code ---------------------------

CHECKS: dict[str, CheckKind] = {}


def message(code: str, params: dict[str, Any] | None = None) -> str:
    """The message of `code` with its parameters, in the interface language."""
    from jpledger.i18n import gettext, shown

    template = MESSAGES.get(code)
    if template is None:
        return code if not params else f"{code} {params}"
    values = {key: shown(value) for key, value in (params or {}).items()}
    return gettext(template).format_map(values)
