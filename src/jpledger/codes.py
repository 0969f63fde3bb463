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
    "MIGRATE_RULES_REFUSE": Np_("{count} row breaks the rules every way into a ledger applies; nothing was "
                                "copied. Fix it (`jpledger check` lists it with the fix) and run migrate-to again",
                                "{count} rows break the rules every way into a ledger applies; nothing was "
                                "copied. Fix them (`jpledger check` lists them with the fix) and run migrate-to "
                                "again"),
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
    "WHAT_CONTRACTS": N_("a contract covering part of it"),
    "WARN_UNKNOWN_SUPERVISOR": N_("supervisor {supervisor} is not in the ledger (kept; add the person when you can)"),
    "UNIT_UNKNOWN": N_("--unit: nobody in the ledger belongs to unit '{unit}'; units: {units}"),
    "UNIT_UNKNOWN_NONE": N_("--unit: nobody in the ledger belongs to unit '{unit}'; units: none yet"),
    # -- PPPK contracts (perjanjian kerja)
    "CONTRACT_OVERLAPS": N_("{nip} already has a contract from {start} to {end}; contracts of one person cannot "
                            "overlap (a renewal starts the day after the last one ends)"),
    "CONTRACT_END_BEFORE_START": N_("the contract ends {end}, before it starts {start}"),
    "CONTRACT_NEEDS_BOTH": N_("a contract needs both {start} and {end}"),
    "CONTRACT_ADDED": N_("added a contract for {nip} {name}: {start} to {end}"),
    "APPOINTED_FROM_CONTRACT": N_("{nip} {name}: start of service (appointed) is now {day}, the first contract's "
                                  "start"),
    "WARN_CONTRACT_NOT_PPPK": N_("{nip} is {status}, not PPPK: a contract counts only while the person is PPPK"),
    "WHAT_CONTRACT": N_("a contract of {nip} from {start} to {end}"),
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
    "WHAT_IMPORT": N_("the import of {file}"),
    "WHAT_REVERT": N_("reverting batch {batch}"),
    "YEAR_ALREADY_CLOSED": N_("year {year} is already closed"),
    "YEAR_NOT_CLOSED": N_("year {year} is not closed"),
    "YEAR_CLOSED_NOTE": N_("year {year} closed: {reason}"),
    "WARN_YEAR_NOT_ENDED": N_("year {year} has not ended yet (today is {today}): its stored audit holds what the "
                              "ledger has today, and entries until the year's end are refused until it is reopened"),
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
    "IMPORT_ALSO": N_("  also added: {parts}"),
    "IMPORT_ALSO_DRY_RUN": N_("  would also add: {parts}"),
    "IMPORT_CONTRACTS": Np_("{count} contract", "{count} contracts"),
    "IMPORT_UNITS": Np_("{count} unit", "{count} units"),
    "IMPORT_HISTORY": Np_("{count} value of staff history", "{count} values of staff history"),
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
    # -- reminders, the SIASN upload and PDF reports
    "REMIND_WROTE": Np_("wrote {count} reminder workbook to {folder}", "wrote {count} reminder workbooks to {folder}"),
    "SIASN_NEEDS_YEAR": N_("--siasn needs --year: SIASN takes one year's riwayat kursus at a time, e.g. "
                           "--siasn --year 2026"),
    "PDF_NOT_PDF": N_("{file}: a PDF report's name ends in .pdf, e.g. {example}"),
    "PDF_IS_FOLDER": N_("{file} is a folder; give a file name ending in .pdf"),
    "PDF_WRITTEN": Np_("wrote {file}: {count} page", "wrote {file}: {count} pages"),
    "SIGNER_NEEDS_NAME": N_("--signer-nip: {nip} is not in the ledger; give the signer's name with --signer"),
    "EXPORTED_SIASN": Np_("wrote {file}: {count} SIASN row of {year}; {left} not uploaded (sheet {sheet})",
                          "wrote {file}: {count} SIASN rows of {year}; {left} not uploaded (sheet {sheet})"),
    # -- policy
    "POLICY_OK": N_("{file}: ok, {name}: {kinds} kinds, {minutes} minutes per JP"),
    "POLICY_IN_USE": N_("policy version {version} in use: {name}; entries already recorded keep their credit"),
    # -- audit findings (their codes are in FINDINGS; some word themselves more than one way)
    "FUTURE_ACTIVITY": N_("ends {end}, after today"),
    "OUTSIDE_EMPLOYMENT": N_("{start}..{end} is before the start of service ({appointed}); not credited"),
    "OUTSIDE_EMPLOYMENT_LEFT": N_("{start}..{end} is after the person left ({left}); not credited"),
    "EARNED_BEFORE_JOINING": N_("{start}..{end} was earned before joining this agency ({joined}); credited"),
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
    "NO_CONTRACT": N_("PPPK counted by the calendar year {year}: no recorded contract reaches into it (record one "
                      "with `jpledger staff contract`)"),
    "CONTRACT_OVERLAP": N_("the contracts {start}..{end} and {other_start}..{other_end} overlap"),
    "REQUIREMENT_UNMET": N_("{name}: {jp} of at least {min_jp} JP"),
    # -- units and officers (spec 13)
    "UNIT_AMBIGUOUS": N_("unit '{unit}' is the name of several units ({codes}); give the code"),
    "UNIT_NOT_FOUND": N_("{option}: no unit '{unit}' in the ledger; units: {units}"),
    "UNIT_NOT_FOUND_NONE": N_("{option}: no unit '{unit}' in the ledger; there are no units yet"),
    "UNIT_NOT_FOUND_OFFICER": N_("unit '{unit}' is not in the ledger, and only an admin adds units; choose one of "
                                 "your units (`jpledger unit list`)"),
    "UNIT_OUTSIDE_YOURS": N_("unit {unit} ({code}) is outside your units; only an admin or an officer of that unit "
                             "puts people there"),
    "UNIT_REQUIRED_OFFICER": N_("--unit: give the person one of your units (`jpledger unit list`)"),
    "UNIT_EXISTS": N_("unit {code} is already in the ledger; change it with `jpledger unit update {code} ...`"),
    "UNIT_CYCLE": N_("--parent: {parent} is {code} itself or lies below it; a unit cannot be below itself"),
    "UNIT_CODE_EMPTY": N_("CODE: a unit's code cannot be empty"),
    "UNIT_NAME_REQUIRED": N_('--name is required: jpledger unit add {code} --name "Unit Name"'),
    "UNIT_NAME_EMPTY": N_("--name: a unit's name cannot be empty"),
    "UNIT_PARENT_EMPTY": N_("--parent: give the code or name of the unit it belongs to, or leave the option out"),
    "UNIT_NOTHING_TO_CHANGE": N_("nothing to change: give --name or --parent"),
    "UNIT_ADDED": N_("added unit {code} ({name}) at the top level"),
    "UNIT_ADDED_BELOW": N_("added unit {code} ({name}) below {parent}"),
    "UNIT_UPDATED": N_("updated unit {code}: {changes}"),
    "UNIT_UNCHANGED": N_("unit {code}: nothing changed"),
    "STAFF_OUTSIDE": N_("NIP {nip} is outside your units; an officer of the person's unit, or an admin, can do "
                        "this"),
    "ACTIVITY_OUTSIDE": N_("activity {id} is of a person outside your units; an officer of the person's unit, or "
                           "an admin, can do this"),
    "BATCH_NOT_YOURS": N_("batch {batch} was imported by {actor}; only they or an admin can revert it"),
    "ADMIN_ONLY": N_("only an admin of this ledger may {what}; {role} is not one (an admin makes admins with "
                     "`jpledger officer add ROLE --admin`)"),
    "WHAT_UNITS": N_("add or change units"),
    "WHAT_OFFICERS": N_("add or remove officers"),
    "WHAT_POLICY": N_("put a policy in use"),
    "WHAT_YEARS": N_("close or reopen a year"),
    "UPGRADE_NEEDS_OWNER": N_("this ledger has schema {version}, older than this jpledger's {current}, and only its "
                              "owner ({owner}) can upgrade it: ask them to run `jpledger init` with this version "
                              "once ({role} is not the owner)"),
    "NOT_AN_OFFICER": N_("role {role} is not an officer of this ledger; an admin adds officers with "
                         "`jpledger officer add {role} --units CODE`"),
    "DATABASE_REFUSED": N_("the database refused: {reason} (your role may not do this here; ask an admin of the "
                           "ledger)"),
    "OFFICER_NEEDS_POSTGRESQL": N_("officers are PostgreSQL login roles; this ledger is a SQLite file, which has one "
                                   "owner. Move it to a server first: `jpledger migrate-to URL`"),
    "OFFICER_ROLE_INVALID": N_("ROLE: '{role}' is not a role name jpledger uses (1 to 63 bytes, not starting with "
                               "pg_)"),
    "OFFICER_ROLE_IS_OWNER": N_("ROLE: {role} is this ledger's owner or one of its groups, which see everything "
                                "already"),
    "OFFICER_UNITS_REQUIRED": N_("--units: name a unit the officer looks after (repeat --units for more), or give "
                                 "--admin"),
    "OFFICER_NEEDS_GROUPS": N_("this ledger's officer groups do not exist yet; its owner ({owner}) must add the "
                               "first officer"),
    "OFFICER_CREATEROLE": N_("creating the login role {role} needs the CREATEROLE right; ask the DBA to create it "
                             "(or run this as a role that may), then run `jpledger officer add {role}` again"),
    "OFFICER_PASSWORD_EXISTING": N_("--password-stdin: role {role} exists already; its password stays as the DBA "
                                    "set it"),
    "OFFICER_PASSWORD_EMPTY": N_("--password-stdin: no password on standard input"),
    "OFFICER_NOT_FOUND": N_("{role} is not an officer of this ledger; see `jpledger officer list`"),
    "OFFICER_CREATED": N_("created login role {role}"),
    "OFFICER_UNITS": N_("{role} is an officer of {units} and every unit below them"),
    "OFFICER_ADMIN": N_("{role} is an admin of this ledger: sees every unit, changes units, officers and the "
                        "policy"),
    "OFFICER_REMOVED": N_("{role} is no longer an officer of this ledger (the login role itself is left to the "
                          "DBA)"),
    "IMPORT_STAFF_OUTSIDE": N_("NIP {nip} is outside your units; an officer of the person's unit, or an admin, can "
                               "import it"),
    "IMPORT_COACH_OUTSIDE": N_("coach NIP {nip} is outside your units; write the coach's name instead"),
    "IMPORT_UNIT_OUTSIDE": N_("unit {unit} ({code}) is outside your units"),
    "IMPORT_UNIT_NOT_FOUND": N_("unit '{unit}' is not in the ledger, and only an admin adds units"),
    "IMPORT_UNIT_AMBIGUOUS": N_("unit '{unit}' is the name of several units ({codes}); write the code"),
    "IMPORT_UNIT_NEEDED": N_("NIP {nip} is new: give the person one of your units ({column})"),
    # -- figures an officer can sign: closed years, refusals and warnings about new entries
    "AUDIT_OF_CLOSED_YEAR": N_("year {year} was closed on {at} by {actor} ({reason}): this is its audit as "
                               "reported then; to correct it, `jpledger year reopen {year} --reason \"...\"`"),
    "FOR_PERSON": N_("{nip}: {problem}"),
    "ENTRY_OF": N_("activity {id} of {nip}"),
    "ROW_ENTRY": N_("the entry of {nip}"),
    "WARN_DUPLICATE": N_("{entry} looks like a duplicate of activity {first} (same kind, dates and title)"),
    "WARN_DUPLICATE_IN_FILE": N_("{entry} looks like a duplicate of {first} (same kind, dates and title)"),
    "WARN_FUTURE": N_("{entry} ends {end}, after today; the audit lists it as an error until that day"),
    "WARN_BEFORE_SERVICE": N_("{entry} is before the start of service ({appointed}): not credited"),
    "WARN_AFTER_LEAVING": N_("{entry} is after the person left ({left}): not credited"),
    "WARN_PPPK_OVER": N_("{entry} takes {name} (PPPK) over the maximum: {jp} JP in {year}, at most {max}"),
    "WARN_PPPK_OVER_CONTRACT": N_("{entry} takes {name} (PPPK) over the maximum: {jp} JP in the contract year "
                                  "{start}..{end}, at most {max}"),
    "WARN_EVIDENCE_SAME_FILE": N_("{name} holds the same bytes as {first}: the file is kept once, as {first}"),
    "WARN_UNKNOWN_COACH": N_("coach or mentor {coach} is not in the ledger (kept; add the person when you can)"),
    "WARN_AT": "{file}:{where}: {warning}",  # a warning about a roster's cell: the warning is worded on its own
    "WARNINGS_MORE": Np_("{count} more warning like the one above", "{count} more warnings like the one above"),
    "JP_AS_GIVEN": N_("credited {jp} JP as the imported file gave them (batch {batch}); the policy would credit "
                      "otherwise"),
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
    "AT_LINE": N_("{file} line {line}"),
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
    # -- ledger file and safety
    "LEDGER_FOLDER_MISSING": N_("{folder} does not exist, so no ledger can be made at {path}; create the folder "
                                "first (jpledger never creates folders)"),
    "LEDGER_FOLDER_IS_FILE": N_("{folder} is a file, not a folder, so there can be no ledger at {path}"),
    "LEDGER_NOT_A_FILE": N_("{path} is not a regular file (it is a named pipe, a device or a socket), so it cannot "
                            "be a ledger; nothing was changed"),
    "SQLITE_URL_OPTIONS": N_("{url}: jpledger sets SQLite's options itself; name the ledger as sqlite:///PATH or "
                             "as a plain path"),
    "SCHEMA_INCOMPLETE_REFUSED": N_("{ledger} lacks part of its schema ({missing}); nothing was written. Run "
                                    "`jpledger check` to see what is missing, and restore a backup"),
    "SCHEMA_DAMAGED": N_("{ledger}: {reason}; part of the ledger's schema is missing: run `jpledger check`, or "
                         "restore a backup"),
    "DISK_FULL": N_("cannot write {path}: the disk or the folder is full; nothing was written. Free some space, or "
                    "write somewhere else, and run it again"),
    "CANNOT_WRITE": N_("cannot write {path}: {reason}"),
    "DATABASE_URL_UNUSABLE": N_("cannot use {url}: {reason}"),
    "DATABASE_UNREACHABLE": N_("cannot reach {url}: {reason}"),
    "NO_LEDGER_AT_URL": N_("no ledger in {url}; create one with `jpledger --db URL init`"),
    "NO_LEDGER": N_("no ledger at {path}; create one with `jpledger init` (or point --db / JPLEDGER_DB at an "
                    "existing one)"),
    "LEDGER_FILE_EMPTY": N_("{path} is empty, not a ledger; create one with `jpledger init`"),
    "LEDGER_CANNOT_OPEN": N_("cannot open a ledger at {path}: {reason}"),
    "LEDGER_IS_FOLDER": N_("{path} is a folder, not a ledger file"),
    "LEDGER_CANNOT_CREATE": N_("cannot create a ledger at {path}: {reason}"),
    "LEDGER_CHECKPOINT_BUSY": N_("{ledger}: could not complete the new ledger (checkpoint busy); run it again"),
    "COPY_FOLDER_UNWRITABLE": N_("cannot write in {folder}: {reason}"),
    "UPGRADE_BACKUP_FAILED": N_("cannot back up {path} to {backup} before upgrading it: {reason}; nothing was "
                                "changed"),
    "UPGRADE_TOO_MANY_BACKUPS": N_("cannot back up {path} before upgrading it: too many old backups beside it"),
    "SCHEMA_VERSION_NOT_A_NUMBER": N_("the ledger's schema version '{value}' is not a number; run `jpledger check`, "
                                      "or restore a backup"),
    "NOT_A_JPLEDGER_LEDGER": N_("{ledger} is not a jpledger ledger (it has tables but no schema version)"),
    "SCHEMA_NEWER": N_("{ledger} was written by a newer jpledger (schema {version}, this one knows {current}); "
                       "upgrade jpledger to open it"),
    "BUSY_TIMEOUT_INVALID": N_("JPLEDGER_BUSY_TIMEOUT: '{value}' is not a number of seconds between 0 and 86400"),
    "NUMBER_TOO_LARGE": N_("a number given is too large"),
    "LEDGER_BUSY": N_("{ledger}: another command kept the ledger busy for {seconds} s; try again when it has "
                      "finished (JPLEDGER_BUSY_TIMEOUT sets the wait)"),
    "LOST_RACE": N_("{ledger}: the change lost a race with another writer; run it again"),
    "DATABASE_FAILED": N_("{ledger}: {reason}"),
    "DATABASE_DAMAGED": N_("{ledger}: {reason} (run `jpledger check`, or restore a backup)"),
    "PART_NOT_XML": N_("{file}: {part} is not XML ({reason}); the file was made to attack XML readers and is not "
                       "imported"),
    "SHEET_NOT_WELL_FORMED": N_("{file}: sheet '{sheet}' is not well-formed XML ({reason}, line {line}); open it "
                                "in Excel and save it as an Excel Workbook (.xlsx), then import that file"),
    "NIP_NOT_DIGITS": N_("NIP {nip}: a NIP must be 18 digits 0-9, but it contains '{char}'"),
    # `jpledger check` (their codes and meanings are in CHECKS)
    "SCHEMA_INCOMPLETE": N_("table {table} is missing, which schema {version} has; restore a backup"),
    "SCHEMA_INCOMPLETE_COLUMN": N_("column {column} of table {table} is missing, which schema {version} has; "
                                   "restore a backup"),
    # -- dates as people write them (a cell, an option), and as Excel stores them
    "DATE_NO_MONTH": N_("{text} is not a date: there is no month {month} (day first: 14/03/2026, 2026-03-14 or "
                        "14 Maret 2026)"),
    "DATE_BEFORE_1900": N_("{text} is not a date: year {year} is before 1900"),
    "DATE_MONTH_LENGTH": N_("{text} is not a date: {month} {year} has {days} days"),
    "DATE_EMPTY": N_("date is empty (day first: 14/03/2026, 2026-03-14 or 14 Maret 2026)"),
    "DATE_UNKNOWN_MONTH": N_("'{text}' is not a date: unknown month name '{name}' (day first: 14/03/2026, "
                             "2026-03-14 or 14 Maret 2026)"),
    "DATE_SHORT_YEAR": N_("'{text}' is not a date: write the year in full (day first: 14/03/2026, 2026-03-14 or "
                          "14 Maret 2026)"),
    "DATE_UNREADABLE": N_("'{text}' is not a date (day first: 14/03/2026, 2026-03-14 or 14 Maret 2026)"),
    "DATE_SERIAL_INVALID": N_("'{value}' is not an Excel date number"),
    "DATE_SERIAL_TIME": N_("{value} is a time of day, not a date"),
    "DATE_SERIAL_RANGE": N_("{value} is not an Excel date number (1 to {most})"),
    "DATE_SERIAL_RANGE_1904": N_("{value} is not an Excel date number (0 to {most} in a workbook using the 1904 "
                                 "date system)"),
    "GOLONGAN_UNKNOWN": N_("unknown golongan '{text}': write it as III/a or Penata Muda (III/a) for PNS, or I to XVII "
                           "for PPPK"),
    "GOLONGAN_CONTRADICTS": N_("golongan '{text}' contradicts itself: {named_pangkat} is {named}, {code} is "
                               "{pangkat}"),
    "DATE_SERIAL_LEAP": N_("{value} is 29 February 1900 in Excel, a day that never existed"),
    "DATE_END_BEFORE_START": N_("end date {end} is before start date {start}"),
    "MONTH_1": N_("January"),
    "MONTH_2": N_("February"),
    "MONTH_3": N_("March"),
    "MONTH_4": N_("April"),
    "MONTH_5": N_("May"),
    "MONTH_6": N_("June"),
    "MONTH_7": N_("July"),
    "MONTH_8": N_("August"),
    "MONTH_9": N_("September"),
    "MONTH_10": N_("October"),
    "MONTH_11": N_("November"),
    "MONTH_12": N_("December"),
    # -- NIP and NI PPPK
    "NIP_E_NOTATION": N_("NIP {nip} arrived as a number in E-notation; Excel keeps only 15 digits of a number, so "
                         "the last digits are lost: format the NIP column as Text and type the NIPs again"),
    "NIP_FLOAT_TEXT": N_("NIP {nip} arrived as a number; Excel keeps only 15 digits of a number, so the last "
                         "digits are lost: format the NIP column as Text and type the NIPs again"),
    "NIP_EMPTY": N_("NIP is empty: a NIP is 18 digits, e.g. 19850314 201001 2 003"),
    "NIP_LENGTH": N_("NIP {nip}: length must be 18 digits, got {count}"),
    "NIP_BIRTH_DATE": N_("NIP {nip}: birth date (digits 1-8) {digits} is not a real date"),
    "NIP_APPOINTMENT_MONTH": N_("NIP {nip}: appointment year-month (digits 9-14) {digits} is not a real "
                                "year-month"),
    "NIP_APPOINTED_TOO_YOUNG": N_("NIP {nip}: appointment year-month (digits 9-14) {month} is before the year of "
                                  "the 18th birthday ({year})"),
    "NIP_SEX_DIGIT": N_("NIP {nip}: sex digit (digit 15) is {digit}; it must be 1 (male) or 2 (female)"),
    "NIP_SERIAL": N_("NIP {nip}: serial (digits 16-18) is 000; serials start at 001"),
    # -- roster files: reading a workbook or CSV, finding its tables
    "SHEET_OPTION_DISAGREES": N_("--sheet '{sheet}' and the profile's sheet '{profile}' disagree; give one"),
    "SHEET_NOT_FOUND": N_("--sheet: there is no sheet named '{sheet}'; the sheets are: {sheets}"),
    "WORKBOOK_DAMAGED": N_("{file}: the workbook is damaged (a part cannot be unpacked); open it in Excel and save "
                           "it as an Excel Workbook (.xlsx), then import that file"),
    "SHEET_UNREADABLE": N_("{file}: sheet '{sheet}' cannot be read ({detail}); open it in Excel and save it as an "
                           "Excel Workbook (.xlsx), then import that file"),
    "WORKBOOK_UNREADABLE": N_("{file}: the workbook cannot be read ({detail}); open it in Excel and save it as an "
                              "Excel Workbook (.xlsx), then import that file"),
    "CSV_NOT_TEXT": N_("{file}: this is not a text (CSV) file, nor an Excel workbook"),
    "CSV_NOT_UTF8": N_("{file}: the file is not UTF-8 text; in Excel save it as 'CSV UTF-8 (Comma delimited)'"),
    "CSV_ROW_NOT_UTF8": N_("{file}: row {row} is not UTF-8 text; in Excel save the file as 'CSV UTF-8 (Comma "
                           "delimited)'"),
    "CSV_ROW_UNREADABLE": N_("{file}: row {row} cannot be read as CSV ({detail})"),
    "SHEET_SKIPPED_REPORT": N_("sheet '{sheet}' skipped: it has JP columns but no kind column, so it reads as a "
                               "report, not a roster"),
    "SHEET_SKIPPED_HEADER_ROW": N_("sheet '{sheet}' skipped: row {row} (the profile's header_row) has no NIP "
                                   "column jpledger or the profile knows"),
    "SHEET_SKIPPED_NO_HEADER": N_("sheet '{sheet}' skipped: no header row with NIP and {name} (staff) or NIP, "
                                  "{kind} and {start} (activities) in its first {rows} rows"),
    "HEADER_AMBIGUOUS": N_("this sheet has NIP and {name} like a staff sheet, but also {other} like an activities "
                           "sheet and no {kind} column; add the kind column, or import it with a profile that says "
                           "what it is"),
    "HEADER_TWICE": N_("this column and an earlier one both read as {column}; rename or delete one (or map one to "
                       "`ignore` in a profile)"),
    "HEADER_NEEDS_START": N_("an activities sheet needs a {column} (Start) column"),
    "HEADER_NEEDS_KIND": N_("an activities sheet needs a {column} (Kind) column"),
    "HEADER_MERGED": N_("header cells {span} are merged, which hides the header of column {hidden}; unmerge them "
                        "and give each column its own header"),
    "FORMULA_NO_VALUE": N_("formula{formula} has no saved value (the file was never calculated); open it in Excel, "
                           "save it, and import again (or paste the column as values)"),
    "EXPORT_MARK_UNREADABLE": N_("{file}: sheet '{sheet}' says this is a jpledger export of format {version}, "
                                 "which this jpledger does not read; import it with the jpledger that wrote it, or "
                                 "delete that sheet to import the rest as an ordinary roster"),
    "EXPORT_REPORTS_SKIPPED": N_("sheets {sheets} skipped: the export's totals and summary are not imported, the "
                                 "ledger computes them"),
    # -- roster files: one cell as the value it stands for
    "CELL_EXCEL_ERROR": N_("the cell shows the Excel error {value}; fix the formula or type the value"),
    "CELL_NIP_NUMBER": N_("NIP {value} is a number cell, not text; Excel keeps only 15 digits of a number, so the "
                          "last digits are lost: format the NIP column as Text and type the NIPs again"),
    "CELL_NIP_NOT_TEXT": N_("NIP cell holds {value}; a NIP is 18 digits typed as text"),
    "CELL_TIME_NOT_DATE": N_("{value} is a time, not a date"),
    "CELL_BOOL_NOT_DATE": N_("{value} is not a date"),
    "CELL_NUMBER_NOT_DATE": N_("{value} is a number, not a date; type the date (14/03/2026) or format the cell as "
                               "a date"),
    "CELL_NOT_YEAR_FIRST": N_("'{value}' is not a date in year-month-day order (2026-03-14)"),
    "CELL_NOT_A_NUMBER": N_("'{value}' is not a number"),
    "CELL_DATE_NOT_NUMBER": N_("{value} is a date or time, not a number"),
    "CELL_NOT_POSITIVE": N_("{value} must be more than 0"),
    "CELL_TOO_LARGE": N_("{value} is too large (at most {most})"),
    "CELL_NOT_WHOLE": N_("{value} must be a whole number"),
    "CELL_NOT_YES_NO": N_("'{value}' is not yes or no: write Ya or Tidak (or Yes/No, 1/0)"),
    "CELL_NOT_SCOPE": N_("'{value}' is not a scope: write Nasional or Internasional (or Ya/Tidak)"),
    "CELL_NOT_VERIFICATION": N_("'{value}' is not a verification state: write unverified, verified or rejected"),
    "CELL_NOT_A_FIELD": N_("'{value}' is not a value with a history: write one of {fields}"),
    # -- roster files: a row checked against the policy and the ledger
    "ROW_NO_NIP": N_("NIP is empty; every row needs the person's NIP (delete rows that are not data, such as "
                     "totals or signatures)"),
    "ROW_NIP_NOT_TEXT": N_("NIP {value} is not text"),
    "ROW_NIP_UNKNOWN": N_('NIP {nip} is not in the ledger or in a staff sheet of this file; add the person first: a '
                          'row in a staff sheet of this file, or `jpledger staff add {nip} --name "..."`'),
    "ROW_NIP_LOOKS_PPPK": N_("NIP {nip} looks like a NI PPPK: digits 9-14 ({digits}) are not a PNS appointment "
                             "year-month. If the person is PPPK, write PPPK in the {column} column (add that column "
                             "if the sheet has none); for PNS and CPNS check the NIP"),
    "ROW_NEEDS_NAME": N_("NIP {nip} is not in the ledger yet and this row gives no name; fill in {column} to add "
                         "the person"),
    "ROW_SAME_PERSON_DIFFERS": N_("NIP {nip} is also at {first} with {column} '{old}', here '{new}'; keep one row "
                                  "per person"),
    "ROW_SUPERVISOR": N_("supervisor {problem}"),
    "ROW_COACH": N_("coach {problem}"),
    "ROW_COACH_UNKNOWN": N_("coach NIP {nip} is not in the ledger or in a staff sheet of this file; add the "
                            "person, or write the coach's name instead"),
    "ROW_CONTRACT_BOTH": N_("a contract needs both {start} and {end}"),
    "ROW_CONTRACT_ENDS_FIRST": N_("the contract ends {end}, before it starts {start}"),
    "ROW_CONTRACT_OVERLAPS": N_("this contract ({start} to {end}) overlaps {nip}'s contract of {other_start} to "
                                "{other_end}; contracts of one person may not overlap"),
    "ROW_RANK_FOR_NEW_STATUS": N_("{column} {status} does not fit the golongan the ledger holds ({problem}); give "
                                  "the new golongan in this row too"),
    "ROW_KIND_EMPTY": N_("{column} is empty; write the kind's code (B3), key or label"),
    "ROW_KIND_UNKNOWN": N_("unknown kind '{value}'; write a code such as B3 or C1, a key or a label (`jpledger "
                           "policy show` lists them)"),
    "ROW_EMPTY": N_("{column} is empty"),
    "ROW_START_DATE": N_("start date {problem}"),
    "ROW_END_DATE": N_("end date {problem}"),
    "ROW_DATE": N_("{column}: {problem}"),
    "ROW_END_BEFORE_START": N_("end date {end} is before the start date {start}"),
    "ROW_QUANTITY_UNUSED": N_("{kind} ({code}) is counted in {unit}, so {column} must be empty"),
    "ROW_JP_OR_MINUTES": N_("give {jp} or {minutes}, not both"),
    "ROW_NEEDS_JP": N_("{kind} ({code}) is counted in JP: fill in {column}"),
    "ROW_NEEDS_JP_OR_MINUTES": N_("{kind} ({code}) is counted in JP: fill in {column} (or {minutes})"),
    "ROW_NEEDS_MINUTES": N_("{kind} ({code}) is counted in minutes: fill in {column}"),
    "ROW_JP_DISAGREES": N_("{column} says {given} JP, but the policy credits {kind} ({code}) {credit} JP for this "
                           "row ({units} {unit}); correct {column} or leave it empty, or import with a profile that "
                           "says `jp: as_given` to credit the file's JP"),
    "ROW_CREDITED_EMPTY": N_("{column} is empty; a jpledger export carries every activity's credited JP"),
    "ROW_REPEATED": N_("{where}: the same activity as {first}; imported once"),
    "ROW_UNIT_ELSEWHERE": N_("unit {unit} is under {parent} in the ledger, not under {given}; change the row, or "
                             "move the unit first"),
    "ROW_UNIT_NAMED_OTHERWISE": N_("unit {unit} is named '{name}' in the ledger, not '{given}'; change the row, or "
                                   "rename the unit first"),
    "ROW_UNIT_PARENT_UNKNOWN": N_("unit {parent} is neither in the ledger nor in the units sheet of this file"),
    "ROW_UNIT_LOOP": N_("unit {unit} would be below itself"),
    "ROW_UNIT_UNDER_ITSELF": N_("unit {unit} is named as the person's unit and as the unit above it; a unit cannot "
                                "be under itself (where two levels number their units apart, make the codes differ, "
                                "e.g. with a value map in a profile)"),
    "ROW_HISTORY_DISAGREES": N_("{column} of {nip} is '{value}' in the staff sheet, but its history in this file "
                                "ends with '{latest}'"),
    "ROW_HISTORY_STATUS_RANK": N_("{problem} (on {day}, when the status was {status})"),
    "UNIT_JP": N_("JP"),
    "UNIT_MINUTES": N_("minutes"),
    "UNIT_DAYS": N_("days"),
    "UNIT_SESSIONS": N_("sessions"),
    "UNIT_OCCURRENCES": N_("occurrences (one per row)"),
    "UNIT_SEMESTERS": N_("semesters"),
    "UNIT_DAY": Np_("day", "days"),
    "UNIT_SESSION": Np_("session", "sessions"),
    "UNIT_OCCURRENCE": Np_("occurrence", "occurrences"),
    "UNIT_SEMESTER": Np_("semester", "semesters"),
    "UNIT_MINUTE": Np_("minute", "minutes"),
    # -- a roster file refused before it is read (sheets/safety): each names the file and what to do instead
    "FILE_NOT_FOUND": N_("{file}: no such file"),
    "ROSTER_IS_FOLDER": N_("{file} is a folder; give the roster file (.xlsx or .csv)"),
    "FILE_UNREADABLE": N_("{file}: cannot read it ({reason})"),
    "WORKBOOK_PASSWORD": N_("{file}: the workbook is protected with a password; open it in Excel, remove the "
                            "password (File > Info > Protect Workbook > Encrypt with Password, clear it), save and "
                            "import again"),
    "WORKBOOK_XLS": N_("{file}: this is an old Excel 97-2003 workbook (.xls); open it in Excel and save it as an Excel "
                       "Workbook (.xlsx), then import that file"),
    "WORKBOOK_WEB_PAGE": N_("{file}: this is a web page saved with a spreadsheet name, not a workbook; open it in "
                            "Excel and save it as an Excel Workbook (.xlsx), then import that file"),
    "WORKBOOK_XML_2003": N_("{file}: this is an Excel 2003 XML spreadsheet; open it in Excel and save it as an Excel "
                            "Workbook (.xlsx), then import that file"),
    "WORKBOOK_NOT_ZIP": N_("{file}: this is not an Excel workbook (it is not a zip package); open it in Excel and "
                           "save it as an Excel Workbook (.xlsx), then import that file"),
    "WORKBOOK_DAMAGED_ZIP": N_("{file}: the workbook is damaged (not a readable zip package); open it in Excel and "
                               "save it as an Excel Workbook (.xlsx), then import that file"),
    "WORKBOOK_TOO_MANY_PARTS": N_("{file}: the package holds {count} parts; no workbook needs that many"),
    "WORKBOOK_ENCRYPTED_ZIP": N_("{file}: the package is encrypted; save the workbook without a password and import "
                                 "again"),
    "WORKBOOK_ZIP_BOMB": N_("{file}: {part} unpacks {ratio} times its packed size; that is a zip bomb, not a "
                            "workbook"),
    "WORKBOOK_TOO_BIG": N_("{file}: the workbook unpacks to {size} MB, more than the {most} MB a roster can need; "
                           "split it into smaller files"),
    "WORKBOOK_XLSB": N_("{file}: this is a binary workbook (.xlsb); open it in Excel and save it as an Excel Workbook "
                        "(.xlsx), then import that file"),
    "WORKBOOK_ODS": N_("{file}: this is an OpenDocument spreadsheet (.ods); open it in Excel and save it as an Excel "
                       "Workbook (.xlsx), then import that file"),
    "WORKBOOK_WORD": N_("{file}: this is a Word document, not a workbook"),
    "WORKBOOK_OTHER_ZIP": N_("{file}: this is a zip archive but not an Excel workbook (it has no xl/workbook.xml)"),
    "WORKBOOK_DOCTYPE": N_("{file}: {part} declares a DOCTYPE or ENTITY; the file was made to attack XML readers and "
                           "is not imported"),
    "WORKBOOK_ENDLESS_PROLOG": N_("{file}: {part} has an endless XML prolog; that is no workbook"),
    "WORKBOOK_BAD_XML": N_("{file}: {part} is broken or hostile XML; open it in Excel and save it as an Excel Workbook "
                           "(.xlsx), then import that file"),
    "SHEET_BEYOND_EXCEL": N_("{file}: sheet '{sheet}' names a cell beyond Excel's last row or column; the file is "
                             "broken or hostile"),
    "SHEET_TOO_MANY_CELLS": N_("{file}: sheet '{sheet}' spans {rows} rows by {columns} columns ({cells} cells), more "
                               "than a reader should hold ({most}); delete stray cells far below or right of the "
                               "table, or split the file"),
    # -- an import's progress bar, on a terminal
    "PROGRESS_READING": N_("reading {file}"),
    "PROGRESS_CHECKING": N_("checking rows"),
    "PROGRESS_WRITING": N_("writing"),
    "PROGRESS_COMPARING": N_("comparing with the ledger"),
    # -- an import's summary
    "IMPORT_UNUSED_COLUMNS": N_("{sheet}: not imported: {columns}"),
    "IMPORT_EXPORT_POLICY": N_("the export was credited under policy '{name}', which is now this ledger's policy "
                               "(version {version})"),
    "IMPORT_EXPORT_OTHER_POLICY": N_("the export was credited under policy '{name}'; this ledger keeps its own "
                                     "policy '{ours}', so its totals may differ from the export's"),
    "IMPORT_AS_GIVEN": Np_("{count} entry credited with the file's JP, which the policy would credit otherwise "
                           "(finding JP_AS_GIVEN)",
                           "{count} entries credited with the file's JP, which the policy would credit otherwise "
                           "(finding JP_AS_GIVEN)"),
    # -- the errors workbook (its added columns follow the workbook's language)
    "ERRORS_ROW": N_("Row"),
    "ERRORS_PROBLEMS": N_("Problems"),
    "ERRORS_LISTING": N_("All problems"),
    "ERRORS_SHEET": N_("Sheet"),
    "ERRORS_CELL": N_("Cell"),
    "ERRORS_TITLE": N_("Rejected rows of {file}"),
    # -- `jpledger check`: what each problem found says
    "CHECK_FOREIGN_KEY": N_("refers to a missing {parent} row"),
    "CHECK_SCHEMA_UNREADABLE": N_("cannot read the schema version: {problem}"),
    "CHECK_SCHEMA_NONE": N_("no schema version: not a jpledger ledger, or its meta table was emptied"),
    "CHECK_SCHEMA_NOT_NUMBER": N_("schema version '{raw}' is not a number"),
    "CHECK_SCHEMA_NEWER": N_("schema {version} is newer than this jpledger knows ({current}); upgrade jpledger to "
                             "check the rest"),
    "CHECK_SCHEMA_OLDER": N_("schema {version} is older than {current}; the next command upgrades it (after a "
                             "backup copy)"),
    "CHECK_NO_POLICY": N_("no policy version is stored; `jpledger policy use FILE` stores one"),
    "CHECK_POLICY_DATA": N_("what is kept beside its text as the text's reading (JSON) says something else; the "
                            "commands read that: restore a backup"),
    "CHECK_BAD_STATUS": N_("status '{status}' is not PNS, CPNS or PPPK"),
    "CHECK_LEFT_BEFORE_JOINED": N_("left {left} before joining {joined}"),
    "CHECK_BAD_DATE": N_("{field} '{text}' is not a date"),
    "CHECK_IMPOSSIBLE_ACTIVITY": N_("{start}..{end}, {jp} JP, {units} units"),
    "CHECK_WRONG_YEAR": N_("year {year} is neither the start's nor the end's"),
    "CHECK_UNKNOWN_KIND": N_("kind '{kind}' is not in policy version {policy}, which credited it"),
    "CHECK_VOID_WITHOUT_REASON": N_("voided without a reason"),
    "CHECK_ORPHAN_PERSON": N_("person {nip} is not in the ledger"),
    "CHECK_ORPHAN_BATCH": N_("batch {batch} is not in the ledger"),
    "CHECK_ORPHAN_POLICY": N_("policy version {policy} is not in the ledger"),
    # where a check problem is, as the table shows it (JSON and CSV keep `staff NIP`, `activity ID`, ...)
    "CHECK_WHERE_STAFF": N_("person {id}"),
    "CHECK_WHERE_ACTIVITY": N_("activity {id}"),
    "CHECK_WHERE_EVIDENCE": N_("evidence file {id}"),
    "CHECK_WHERE_POLICY": N_("policy version {id}"),
    "CHECK_WHERE_ROW": N_("table {table}, row {id}"),
    "CHECK_WHERE_FILE": N_("ledger file"),
    "CHECK_WHERE_SCHEMA": N_("schema"),
    "CHECK_WHERE_META": N_("schema version"),
    "CHECK_WHERE_POLICIES": N_("policies"),
}

# --- audit findings: code -> severity and meaning; their messages are MESSAGES under the same code ----------------

FINDINGS: dict[str, FindingKind] = {
    "FUTURE_ACTIVITY": FindingKind("error", N_("an activity ends after today")),
    "OUTSIDE_EMPLOYMENT": FindingKind("error", N_("an activity lies outside the person's employment (before the "
                                                  "start of service or after leaving): not credited; fix the dates "
                                                  "or void the entry")),
    "EARNED_BEFORE_JOINING": FindingKind("info", N_("an activity between the start of service and joining this "
                                                    "agency (earned at the previous one): credited")),
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
    "NO_CONTRACT": FindingKind("info", N_("a PPPK counted by the calendar year for want of a recorded contract "
                                          "reaching into it")),
    "CONTRACT_OVERLAP": FindingKind("error", N_("two contracts of one person overlap")),
    "REQUIREMENT_UNMET": FindingKind("warning", N_("a requirement of the policy (JP of some kinds or forms) is not "
                                                   "met; it is named")),
    "JP_AS_GIVEN": FindingKind("info", N_("an entry credited with the JP its imported file gave (a profile's "
                                          "`jp: as_given`, or a jpledger export), not as the policy computes them")),
    "NO_EVIDENCE": FindingKind("warning", N_("an entry of a kind the policy requires evidence for has no evidence "
                                             "file")),
    "UNVERIFIED": FindingKind("info", N_("an entry not verified yet, under a policy that counts verified entries "
                                         "only")),
}

# --- `jpledger check`: code -> meaning; their messages are MESSAGES under the same code ---------------------------

CHECKS: dict[str, CheckKind] = {
    "INTEGRITY": CheckKind(N_("the file itself is damaged (SQLite integrity check, or the file does not open as a "
                              "database at all); restore a backup")),
    "FOREIGN_KEY": CheckKind(N_("a row refers to a row that is not there (SQLite foreign key check)")),
    "SCHEMA_VERSION": CheckKind(N_("the schema version is missing, unreadable, older (upgraded by the next command) "
                                   "or newer")),
    "SCHEMA_INCOMPLETE": CheckKind(N_("a table or column of the current schema is missing; writes are refused until "
                                      "a backup is restored")),
    "UNREADABLE": CheckKind(N_("a table could not be read at all")),
    "NO_POLICY": CheckKind(N_("no policy version is stored, so nothing can be credited")),
    "POLICY_INVALID": CheckKind(N_("a stored policy version does not pass `policy check`")),
    "POLICY_DATA": CheckKind(N_("what a policy version keeps beside its text as the text's reading differs from the "
                                "text, and the commands read it; restore a backup")),
    "BAD_NIP": CheckKind(N_("a person's NIP is not a valid NIP for their status")),
    "BAD_STATUS": CheckKind(N_("a person's status is not PNS, CPNS or PPPK")),
    "BAD_DATE": CheckKind(N_("a stored date is not a date")),
    "LEFT_BEFORE_JOINED": CheckKind(N_("a person left before they joined")),
    "IMPOSSIBLE_ACTIVITY": CheckKind(N_("an activity ends before it starts, or has negative JP or quantity")),
    "ORPHAN_ACTIVITY": CheckKind(N_("an activity's person, batch or policy version is not in the ledger")),
    "UNKNOWN_KIND": CheckKind(N_("an activity's kind is not in the policy version that credited it")),
    "WRONG_YEAR": CheckKind(N_("an activity counts in a year that is neither its start's nor its end's")),
    "VOID_WITHOUT_REASON": CheckKind(N_("a voided activity has no reason")),
    "CONTRACT_OVERLAP": CheckKind(N_("two contracts of one person overlap, so their contract years cannot be told "
                                     "apart")),
    # Rows that break the field rules every way in applies (`staff add|update`, `record`, import, `migrate-to`):
    # what an older jpledger accepted and today's rules refuse. `migrate-to` copies no ledger that has any.
    "RULE_RANK": CheckKind(N_("a person's golongan does not fit their status (a PNS golongan for a PPPK, or a PPPK "
                              "golongan for PNS or CPNS); fix it with `jpledger staff update NIP --rank`")),
    "RULE_SUPERVISOR": CheckKind(N_("a person is recorded as their own supervisor; fix it with `jpledger staff "
                                    "update NIP --supervisor`")),
    "RULE_SERVICE_DAYS": CheckKind(N_("a person's days of service break the rules (before 1950 or their birth, "
                                      "joined before the start of service, left before starting); fix them with "
                                      "`jpledger staff update NIP --appointed/--joined/--left`")),
    "RULE_HISTORY": CheckKind(N_("a value in a person's history that `staff update` would refuse (a status that "
                                 "is not PNS, CPNS or PPPK, a golongan that does not fit the status of its day)")),
    "RULE_ACTIVITY_DAYS": CheckKind(N_("an activity `record` would refuse for its days (starting before 1950 or "
                                       "the person's birth, ending more than a year after today); void it and "
                                       "record it again")),
    "RULE_CREDIT_ABOVE_MAX": CheckKind(N_("an activity credited more than the policy's max_jp_per_entry; void it "
                                          "and record it again")),
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
    from jpledger.i18n import gettext, ngettext, shown

    template = MESSAGES.get(code)
    if template is None:
        return code if not params else f"{code} {params}"
    values = {key: shown(value) for key, value in (params or {}).items()}
    if isinstance(template, tuple):
        return ngettext(template[0], template[1], int((params or {}).get("count", 1))).format_map(values)
    return gettext(template).format_map(values)
