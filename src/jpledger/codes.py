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


def Np_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a message with a plural form for the catalog; the `count` parameter chooses the form."""
    return (singular, plural)


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

MESSAGES: dict[str, str | tuple[str, str]] = {
    # A sentence not yet given a code of its own (kept while modules move to codes; the catalog test counts them).
    "TEXT": "{text}",
    # -- options and arguments
    "OPTION_INVALID": N_("{option}: {problem}"),
    "NOT_A_NUMBER": N_("{option}: '{value}' is not a number"),
    "NOT_POSITIVE": N_("{option}: must be a positive number, got '{value}'"),
    "TOO_LARGE": N_("{option}: {value} is too large (at most {most})"),
    "STATUS_UNKNOWN": N_("{option}: '{value}' is not a status; use PNS, CPNS or PPPK"),
    "STATE_UNKNOWN": N_("--state: '{value}' is not a state; use one of {states}"),
    "END_BEFORE_START": N_("--end: {end} is before --start {start}"),
    "ONE_QUANTITY": N_("give one of --jp, --minutes, --days, --semesters, --sessions, not {given}"),
    "NOTHING_TO_CHANGE": N_("nothing to change: give at least one option, e.g. --unit or --rank"),
    "REASON_VOID": N_("--reason: say why the entry is voided"),
    "REASON_CLOSE": N_("--reason: say why the year is closed"),
    "REASON_REOPEN": N_("--reason: say why the year is reopened"),
    "REASON_REVERT": N_("--reason: say why the batch is reverted"),
    "FILE_EXISTS_FORCE": N_("{file} already exists; add --force to replace it, or choose another name"),
    "FOLDER_MISSING": N_("folder {folder} does not exist; create it first or choose another place"),
    "NOT_A_WHOLE_NUMBER": N_("{option}: '{value}' is not a whole number"),
    "TOO_SMALL": N_("{option}: {value} is too small (at least {least})"),
    "NOT_A_CHOICE": N_("{option}: '{value}' is not one of {choices}"),
    # -- the command line itself: the language, the arguments as typed, what the parser refuses, the error edge
    "UNKNOWN_LANGUAGE": N_("{source}: '{value}' is not a language jpledger speaks; use id (Indonesian) or en "
                           "(English)"),
    "ARGUMENT_NOT_TEXT": N_("argument {position} is not valid text (UTF-8); retype it or fix the terminal's "
                            "encoding"),
    "ARGUMENT_HAS_NUL": N_("argument {position} contains a NUL character"),
    "NO_SUCH_OPTION": N_("no such option: {option}"),
    "NO_SUCH_OPTION_NEAR": N_("no such option: {option} (did you mean {near}?)"),
    "NO_SUCH_COMMAND": N_("no such command: {command}"),
    "NO_SUCH_COMMAND_NEAR": N_("no such command: {command} (did you mean {near}?)"),
    "MISSING_COMMAND": N_("missing command"),
    "MISSING_ARGUMENT": N_("missing argument {argument}"),
    "MISSING_OPTION": N_("missing option {option}"),
    "OPTION_NEEDS_VALUE": N_("option {option} needs a value"),
    "OPTION_TAKES_NO_VALUE": N_("option {option} takes no value"),
    "EXTRA_ARGUMENTS": N_("unexpected extra argument(s): {arguments}"),
    "USAGE": "{problem}",  # a rarer parser complaint: Typer's own English sentence
    "INTERNAL_ERROR": N_("internal error ({kind}); nothing was written. Run again with JPLEDGER_DEBUG=1 for details "
                         "and report it."),
    "INTERRUPTED": N_("interrupted; nothing was written"),
    "SYSTEM_REFUSED": "{file}: {reason}",  # the system's own words about a file: nothing to translate
    "SYSTEM_ERROR": "{reason}",  # the system's own words: nothing to translate
    # -- the ledger
    "LEDGER_CREATED": N_("created a new ledger at {where}"),
    "LEDGER_EXISTS": N_("the ledger already exists; nothing changed"),
    "BACKED_UP": N_("backed up {ledger} to {file}"),
    "BACKUP_NEEDS_SQLITE": N_("backup copies a SQLite ledger; for PostgreSQL use the server's pg_dump"),
    "BACKUP_IS_FOLDER": N_("{file} is a folder; give the copy a file name, e.g. {example}"),
    "BACKUP_IS_LEDGER": N_("{file} is the ledger itself; choose another name for the copy"),
    "NOT_A_URL": N_("URL: '{url}' is not a database URL; e.g. postgresql+psycopg://user@host/dbname"),
    "MIGRATE_TO_ITSELF": N_("URL: the target is the ledger itself"),
    "MIGRATE_TARGET_NOT_EMPTY": N_("{target} already holds a ledger with data; migrate-to copies into an empty one "
                                   "only"),
    "COPY_COUNT_DIFFERS": N_("copy check failed: {table} has {copied} rows, the source {source}; nothing was kept"),
    "COPY_TOTALS_DIFFER": N_("copy check failed: totals for {year} differ for {count} people; nothing was kept"),
    "MIGRATED": N_("copied {staff} people, {activities} activities, {batches} batches, {policies} policy versions "
                   "and {trail} trail entries to {url}; counts and every year's totals match"),
    # -- staff
    "STAFF_NOT_FOUND": N_('NIP {nip} is not in the ledger; add the person first with `jpledger staff add {nip} '
                          '--name "..."`'),
    "STAFF_EXISTS": N_("NIP {nip} is already in the ledger; change it with `jpledger staff update {nip} ...`"),
    "NAME_REQUIRED": N_('--name is required: jpledger staff add NIP --name "Full Name"'),
    "NAME_EMPTY": N_("--name: a name cannot be empty"),
    "OWN_SUPERVISOR": N_("{option}: a person cannot be their own supervisor"),
    "LEAVE_BEFORE_JOINED": N_("--date: {day} is before {nip} joined ({joined})"),
    "STAFF_ADDED": N_("added {nip} {name} ({status})"),
    "STAFF_UPDATED": N_("updated {nip} {name}: {changes}"),
    "STAFF_UNCHANGED": N_("{nip} {name}: nothing changed"),
    "STAFF_LEFT": N_("{nip} {name} left on {day}"),
    "STATUS_NOT_KNOWN": N_("status '{value}' is not PNS, CPNS or PPPK"),
    "RANK_IS_PPPK": N_("golongan {rank} is a PPPK golongan; a {status} golongan has its letter (III/a)"),
    "RANK_IS_PNS": N_("golongan {rank} is a PNS golongan; a PPPK golongan is I to XVII"),
    "OWN_SUPERVISOR_OF": N_("a person cannot be their own supervisor"),
    "DAY_TOO_EARLY": N_("{field} {day} is before {earliest}; check the year"),
    "DAY_BEFORE_BIRTH": N_("{field} {day} is before the birth date in the NIP ({born})"),
    "JOINED_BEFORE_APPOINTED": N_("joined {joined} is before the start of service (appointed {appointed})"),
    "LEFT_BEFORE_START": N_("left {left} is before the person started ({start})"),
    "WHAT_SERVICE_DAYS": N_("changing when {nip} served"),
    "WHAT_HISTORY": N_("a change to {nip} dated inside it"),
    "WARN_UNKNOWN_SUPERVISOR": N_("supervisor {supervisor} is not in the ledger (kept; add the person when you can)"),
    "UNIT_UNKNOWN": N_("--unit: nobody in the ledger belongs to unit '{unit}'; units: {units}"),
    "UNIT_UNKNOWN_NONE": N_("--unit: nobody in the ledger belongs to unit '{unit}'; units: none yet"),
    # -- activities
    "ACTIVITY_NOT_FOUND": N_("activity {id} is not in the ledger; see `jpledger activity list` for ids"),
    "ALREADY_VOIDED": N_("activity {id} is already voided ({reason})"),
    "COACH_EMPTY": N_("{option}: give a NIP or a name"),
    "ACTIVITY_TOO_EARLY": N_("the activity starts {start}, before {earliest}; check the year"),
    "ACTIVITY_BEFORE_BIRTH": N_("the activity starts {start}, before the person was born ({born})"),
    "ACTIVITY_TOO_LATE": N_("the activity ends {end}, more than a year from today (after {latest}); check the year"),
    "ENTRIES_ADDED": Np_("{count} entry added", "{count} entries added"),
    "VOIDED": N_("voided activity {id} ({nip}, {kind}): {reason}"),
    # -- closed years
    "YEAR_CLOSED_REFUSES": N_('year {year} is closed ({reason}); {what} would change it. Reopen it first with '
                              '`jpledger year reopen {year} --reason "..."`'),
    "WHAT_VOID": N_("voiding activity {id}"),
    "WHAT_REVERT": N_("reverting batch {batch}"),
    "YEAR_ALREADY_CLOSED": N_("year {year} is already closed"),
    "YEAR_NOT_CLOSED": N_("year {year} is not closed"),
    "YEAR_CLOSED_NOTE": N_("year {year} closed: {reason}"),
    "YEAR_REOPENED": N_("year {year} reopened: {reason}"),
    # -- imports and batches
    "ERRORS_NOT_XLSX": N_("--errors: {file} must be an .xlsx file name"),
    "ERRORS_IS_FOLDER": N_("--errors: {file} is a folder"),
    "ERRORS_IS_ROSTER": N_("--errors: that is the roster itself; give the errors workbook another name"),
    "IMPORT_NO_SHEETS": N_("{file}: found no staff or activities sheet; nothing was imported"),
    "IMPORT_REJECTED": Np_("{file}: {count} problem; nothing was imported",
                           "{file}: {count} problems; nothing was imported"),
    "IMPORT_REJECTED_SEE": Np_("{file}: {count} problem; nothing was imported; the rejected rows are in {errors}",
                               "{file}: {count} problems; nothing was imported; the rejected rows are in {errors}"),
    "POLICY_CHANGED_DURING_IMPORT": N_("the JP policy changed while the file was being read; run the import again"),
    "IMPORT_DONE": N_("imported {file} as batch {batch}\n"
                      "  staff: {staff_added} added, {staff_updated} updated, {staff_unchanged} unchanged\n"
                      "  activities: {added} added, {skipped} skipped (already in the ledger){repeated}"),
    "IMPORT_DRY_RUN": N_("dry run of {file} (nothing written)\n"
                         "  staff: {staff_added} would be added, {staff_updated} would be updated, "
                         "{staff_unchanged} unchanged\n"
                         "  activities: {added} would be added, {skipped} skipped (already in the ledger){repeated}"),
    "IMPORT_REPEATED": N_(", {count} repeated in the file"),
    "BATCH_NOT_FOUND": N_("batch {batch} is not in the ledger; see `jpledger batch list`"),
    "BATCH_ALREADY_REVERTED": N_("batch {batch} was already reverted on {day} ({reason})"),
    "BATCH_REVERTED": Np_("batch {batch} ({file}) reverted: {count} entry voided; people it added or changed stay "
                          "as they are",
                          "batch {batch} ({file}) reverted: {count} entries voided; people it added or changed stay "
                          "as they are"),
    # -- exports and templates
    "WORKBOOK_NOT_XLSX": N_("{file}: the workbook must be an .xlsx file, e.g. {example}"),
    "WORKBOOK_IS_FOLDER": N_("{file} is a folder; give a file name ending in .xlsx"),
    "EXPORTED_YEAR": N_("wrote {file}: {staff} staff, {activities} of {year}, {totals_year} totals for {people} in "
                        "{units}"),
    "EXPORTED_ALL": N_("wrote {file}: {staff} staff, {activities} of all years, {totals_year} totals for {people} in "
                       "{units}"),
    "TEMPLATE_WRITTEN": N_("wrote {file}: fill in the staff and activity sheets, then run `jpledger import {file}`"),
    # -- policy
    "POLICY_OK": N_("{file}: ok, {name}: {kinds} kinds, {minutes} minutes per JP"),
    "POLICY_IN_USE": N_("policy version {version} in use: {name}; entries already recorded keep their credit"),
    # -- audit findings (their codes are in FINDINGS; some word themselves more than one way)
    "FUTURE_ACTIVITY": N_("ends {end}, after today"),
    "OUTSIDE_EMPLOYMENT": N_("{start}..{end} is outside employment (joined {joined})"),
    "OUTSIDE_EMPLOYMENT_LEFT": N_("{start}..{end} is outside employment (left {left})"),
    "COACH_NOT_SUPERVISOR": N_("coached by {coach}, but the recorded supervisor is {supervisor}"),
    "COACH_NOT_SUPERVISOR_NO_COACH": N_("no coach named, but the recorded supervisor is {supervisor}"),
    "NO_SUPERVISOR": N_("coached by {coach}; no supervisor recorded to compare with"),
    "NO_SUPERVISOR_NO_COACH": N_("no coach named; no supervisor recorded to compare with"),
    "MONTHLY_CAP_WITHHELD": N_("{kind} {month}: {jp} JP withheld (at most {cap} sessions a month)"),
    "DAILY_CAP_WITHHELD": N_("{kind}: {jp} JP past the per-day cap not credited"),
    "DUPLICATE_ENTRY": N_("looks like a duplicate of activity {first}"),
    "UNKNOWN_SUPERVISOR": N_("supervisor {supervisor} is not in the ledger"),
    "JOINED_DURING_YEAR": N_("joined during the year"),
    "LEFT_DURING_YEAR": N_("left during the year"),
    "YEAR_CLOSED": N_("year {year} is closed: {reason}"),
    "NO_EVIDENCE": N_("{kind} needs evidence under the policy in use; no file is kept with this entry"),
    "UNVERIFIED": N_("not verified yet, so it does not count (the policy counts verified entries only)"),
    # -- `jpledger check` problems (their codes are in CHECKS)
    "EVIDENCE_CORRUPT": N_("the stored file {sha256} ({size} bytes recorded, {found} found) no longer matches its "
                           "SHA-256; shown by {shown}. Restore the ledger from a backup"),
    # -- evidence files: on the command line (exit 2) or as a roster's cell (a row problem)
    "EVIDENCE_MAX_MB_INVALID": N_("JPLEDGER_EVIDENCE_MAX_MB: '{value}' is not a number of megabytes more than 0 "
                                  "and at most {most}"),
    "EVIDENCE_MISSING": N_("evidence file {file} does not exist"),
    "EVIDENCE_IS_FOLDER": N_("evidence file {file} is a folder; name the file itself"),
    "EVIDENCE_NOT_A_FILE": N_("evidence file {file} is a device, pipe or socket, not a file"),
    "EVIDENCE_UNREADABLE": N_("cannot read evidence file {file} ({reason})"),
    "EVIDENCE_TOO_BIG": N_("evidence file {file} is {size} MB, more than the {limit} MB an evidence file may be "
                           "(JPLEDGER_EVIDENCE_MAX_MB)"),
    "EVIDENCE_EMPTY": N_("evidence file {file} is empty"),
    "EVIDENCE_ABSOLUTE": N_("evidence file {file}: write its path relative to the roster's folder"),
    "EVIDENCE_OUTSIDE": N_("evidence file {file} is outside the roster's folder (..); put it beside the roster or "
                           "in a folder below it"),
    "EVIDENCE_SYMLINK": N_("evidence file {file} is a symbolic link or lies behind one; put the file itself beside "
                           "the roster"),
    "EVIDENCE_NOT_IN_ZIP": N_("evidence file {file} is not in {zip}"),
    "EVIDENCE_TWICE_IN_ZIP": N_("evidence file {file} is in {zip} more than once; keep one"),
    "EVIDENCE_DAMAGED": N_("evidence file {file} cannot be unpacked from {zip} (damaged or encrypted)"),
    "EVIDENCE_CHANGED": N_("evidence file {file} changed while it was being imported; nothing was imported, import "
                           "again"),
    "EVIDENCE_LINKS_KEPT": Np_("{file}: {count} evidence link kept as the entry's reference (jpledger keeps files, "
                               "not links: put the file beside the roster and write its name to keep it)",
                               "{file}: {count} evidence links kept as the entries' references (jpledger keeps "
                               "files, not links: put the files beside the roster and write their names to keep "
                               "them)"),
    "IMPORT_EVIDENCE": Np_("  evidence: {count} file shown with the entries, {new} new in the ledger",
                           "  evidence: {count} files shown with the entries, {new} new in the ledger"),
    "IMPORT_EVIDENCE_DRY": Np_("  evidence: {count} file would be shown with the entries, {new} new in the ledger",
                               "  evidence: {count} files would be shown with the entries, {new} new in the "
                               "ledger"),
    # -- a roster sent as a zip with its evidence files
    "BUNDLE_NOT_ZIP": N_("{file}: not a readable zip archive"),
    "BUNDLE_TOO_MANY": N_("{file}: the zip holds {count} entries; a roster and its evidence need no more than {most}"),
    "BUNDLE_BOMB": N_("{file}: {member} unpacks to {ratio} times its packed size; that is a zip bomb, not a roster"),
    "BUNDLE_NO_ROSTER": N_("{file}: the zip holds no roster (.xlsx or .csv); zip the roster together with its "
                           "evidence files"),
    "BUNDLE_MANY_ROSTERS": N_("{file}: the zip holds {count} rosters ({names}); send one roster per zip"),
    "BUNDLE_UNSAFE_ROSTER": N_("{file}: the roster's path in the zip ({member}) starts at the root or climbs out "
                               "with ..; zip the folder again"),
    "BUNDLE_ENCRYPTED": N_("{file}: {member} is encrypted; zip it without a password"),
    "BUNDLE_ROSTER_TOO_BIG": N_("{file}: {member} unpacks to {size} MB, more than the {most} MB a roster can need"),
    "BUNDLE_DAMAGED": N_("{file}: the zip is damaged ({member} cannot be unpacked)"),
    # -- verification, and an entry's evidence files written back out
    "VERIFY_WHAT": N_("give one or more activity ids, or --batch B for everything an import added"),
    "VERIFY_VOIDED": N_("activity {id} is voided ({reason}); a voided entry is not verified or rejected"),
    "ALREADY_REJECTED": N_("activity {id} is already rejected ({reason})"),
    "REASON_REJECT": N_("--reason: say why the entry is rejected"),
    "WHAT_VERIFY": N_("verifying activity {id}"),
    "WHAT_REJECT": N_("rejecting activity {id}"),
    "VERIFIED": Np_("{count} entry verified", "{count} entries verified"),
    "VERIFIED_ALREADY": Np_("{count} entry was verified already", "{count} entries were verified already"),
    "REJECTED": N_("rejected activity {id} ({nip}, {kind}): {reason}; it no longer counts"),
    "NO_EVIDENCE_FILES": N_("activity {id} has no evidence files"),
    "EVIDENCE_DAMAGED_OUT": N_("the stored file {name} of activity {id} no longer matches its SHA-256; nothing was "
                               "written. Run `jpledger check` and restore the ledger from a backup"),
    "OUT_NOT_A_FOLDER": N_("--out: {folder} is not a folder"),
    "EVIDENCE_WRITTEN": Np_("wrote {count} file to {folder}", "wrote {count} files to {folder}"),
    "EVIDENCE_REQUIRED_NONE": N_("{kind} needs evidence under the policy in use; give --evidence FILE (the entry "
                                 "was recorded, and the audit reports NO_EVIDENCE until a file is kept with it)"),
    "COPY_EVIDENCE_DIFFERS": N_("copy check failed: {count} evidence files differ from the source's; nothing was "
                                "kept"),
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

# --- audit findings: code -> severity and meaning; their messages are MESSAGES under the same code ----------------

FINDINGS: dict[str, FindingKind] = {
    "FUTURE_ACTIVITY": FindingKind("error", N_("an activity ends after today")),
    "OUTSIDE_EMPLOYMENT": FindingKind("error", N_("an activity lies outside the person's employment (before joining "
                                                  "or after leaving)")),
    "COACH_NOT_SUPERVISOR": FindingKind("warning", N_("coaching by someone other than the coachee's recorded "
                                                      "supervisor (atasan langsung)")),
    "NO_SUPERVISOR": FindingKind("info", N_("coaching recorded for someone with no supervisor in the ledger")),
    "MONTHLY_CAP_WITHHELD": FindingKind("info", N_("sessions past the kind's monthly cap were not credited")),
    "DAILY_CAP_WITHHELD": FindingKind("info", N_("JP past the kind's per-day cap were not credited")),
    "DUPLICATE_ENTRY": FindingKind("warning", N_("two or more live entries share person, kind, dates and title")),
    "UNKNOWN_SUPERVISOR": FindingKind("warning", N_("a supervisor NIP that is not in the ledger")),
    "JOINED_DURING_YEAR": FindingKind("info", N_("counted, but joined during the year")),
    "LEFT_DURING_YEAR": FindingKind("info", N_("counted, but left during the year")),
    "YEAR_CLOSED": FindingKind("info", N_("the year is closed; its activities are locked")),
    "NO_EVIDENCE": FindingKind("warning", N_("an entry of a kind the policy requires evidence for has no evidence "
                                             "file")),
    "UNVERIFIED": FindingKind("info", N_("an entry not verified yet, under a policy that counts verified entries "
                                         "only")),
}

# --- `jpledger check`: code -> meaning; their messages are MESSAGES under the same code ---------------------------

CHECKS: dict[str, CheckKind] = {
    "EVIDENCE_CORRUPT": CheckKind(N_("a stored evidence file no longer matches its SHA-256; restore a backup")),
}


class Phrase:
    """A coded phrase used inside another message (what a refused change would have done), worded when shown."""

    def __init__(self, code: str, /, **params: Any):
        self.code, self.params = code, params

    def __str__(self) -> str:
        return message(self.code, self.params)


def message(code: str, params: dict[str, Any] | None = None) -> str:
    """The message of `code` with its parameters, in the interface language."""
    from jpledger.i18n import gettext, shown

    from jpledger.i18n import ngettext

    template = MESSAGES.get(code)
    if template is None:
        return code if not params else f"{code} {params}"
    values = {key: shown(value) for key, value in (params or {}).items()}
    if isinstance(template, tuple):
        return ngettext(template[0], template[1], int((params or {}).get("count", 1))).format_map(values)
    return gettext(template).format_map(values)
