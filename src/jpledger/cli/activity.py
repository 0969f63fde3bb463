"""`jpledger activity`: list, show and void recorded activities."""


from pathlib import Path
from typing import Annotated

import typer

from jpledger.cli.common import FormatOption, created_note, parse_nip, required_reason, runtime, say
from jpledger.cli.render import Col, Output, OutputFormat, View, emit
from jpledger.errors import UsageError
from jpledger.i18n import N_, _

app = typer.Typer(no_args_is_help=True)

IdArg = Annotated[int, typer.Argument(help="Activity id (see `jpledger activity list`).", show_default=False)]

COLUMNS = [Col("id", N_("ID"), "int"), Col("nip", N_("NIP"), "nip"), Col("code", N_("Code")), Col("kind", N_("Kind")),
           Col("title", N_("Title")), Col("start", N_("Start"), "date"), Col("end", N_("End"), "date"),
           Col("jp", N_("Credited"), "jp"), Col("withheld", N_("Withheld"), "jp"), Col("counted", N_("Counted"), "jp"),
           Col("batch", N_("Batch"), "int"), Col("void", N_("Note"))]
JSON_KEYS = ("id", "nip", "kind", "code", "title", "start", "end", "jp", "credited", "withheld", "counted",
             "not_counted", "voided", "void_reason", "batch")
EXTRA_KEYS = ("form", "year", "international", "coach", "coach_nip", "organizer", "ref", "note", "sessions",
              "minutes", "days", "mandiri", "goal", "actions", "follow_up", "verify_note", "reject_reason",
              "policy_version", "created_at")
# What `activity show` calls each field for a person (the JSON keeps the keys).
FIELD_LABELS = {
    "id": N_("ID"), "nip": N_("NIP"), "kind": N_("Kind"), "code": N_("Code"), "title": N_("Title"),
    "start": N_("Start"), "end": N_("End"), "jp": N_("JP"), "credited": N_("Credited"), "withheld": N_("Withheld"),
    "counted": N_("Counted"), "not_counted": N_("Why it counts nothing"), "voided": N_("Voided"),
    "void_reason": N_("Reason voided"), "batch": N_("Batch"), "verification": N_("Verification"),
    "verified_by": N_("Verified by"), "verified_at": N_("Verified at"), "evidence": N_("Evidence"),
    "form": N_("Form"), "year": N_("Year"), "international": N_("International"), "coach": N_("Coach / mentor"),
    "coach_nip": N_("Coach NIP"), "organizer": N_("Organizer"), "ref": N_("Reference"), "note": N_("Note"),
    "sessions": N_("Sessions"), "minutes": N_("Minutes"), "days": N_("Days"), "mandiri": N_("Mandiri"),
    "goal": N_("Goal"), "actions": N_("Agreed actions"), "follow_up": N_("Follow-up"),
    "verify_note": N_("Verification note"), "reject_reason": N_("Reason rejected"),
    "policy_version": N_("Policy version"), "created_at": N_("Recorded at"),
}
STATE_LABELS = {"unverified": N_("not verified yet"), "verified": N_("verified"), "rejected": N_("rejected"),
                True: N_("yes")}


def activity_json(row: dict, full: bool = False) -> dict:
    """An activity in JSON: `jp` is the policy's credit (as `credited`); `withheld` and `counted` are what a cap
    holds back and what the person's total gets, the same figures as `statement` and the export show."""
    from jpledger.core.compliance import cents_to_jp

    figures = {"jp": float(cents_to_jp(row["jp_cents"])), "credited": float(row["credited"]),
               "withheld": float(row["withheld"]), "counted": float(row["counted"])}
    data = {k: figures[k] if k in figures else row.get(k) for k in JSON_KEYS}
    data |= verification_json(row)
    if full:
        data |= {k: row.get(k) for k in EXTRA_KEYS}
    return data


def verification_json(row: dict) -> dict:
    """Who believed the entry, when, and the files it shows (spec 9)."""
    at = row.get("verified_at")
    return {"verification": row["verification"], "verified_by": row.get("verified_by"),
            "verified_at": at.strftime("%Y-%m-%dT%H:%M:%SZ") if at else None, "evidence": row.get("evidence", [])}


def _table_row(row: dict) -> dict:
    from jpledger.core.compliance import cents_to_jp
    from jpledger.reports.words import WHY_NOT

    if row["voided"]:
        void = _("voided: {reason}").format(reason=row["void_reason"])
    elif row.get("verification") == "rejected":
        void = _("rejected: {reason}").format(reason=row["reject_reason"])
    else:
        void = _(WHY_NOT[row["not_counted"]]) if row["not_counted"] else ""
    return row | {"jp": cents_to_jp(row["jp_cents"]), "withheld": row["withheld"] or None, "void": void}


@app.command("list")
def list_(ctx: typer.Context,
          nip: Annotated[str | None, typer.Option("--nip", help="Only this person.")] = None,
          year: Annotated[int | None, typer.Option("--year", "-y", help="Only this year (of the end date).")] = None,
          kind: Annotated[str | None, typer.Option("--kind", "-k", help="Only this kind (key, code or label).")] = None,
          batch: Annotated[int | None, typer.Option("--batch", "-b", help="Only what this import added.")] = None,
          all_: Annotated[bool, typer.Option("--all", "-a", help="Include voided entries.")] = False,
          verification: Annotated[str | None, typer.Option("--verification", help=N_(
              "Only entries in this state: unverified, verified or rejected (or belum diverifikasi, terverifikasi, "
              "ditolak)."))] = None,
          fmt: FormatOption = OutputFormat.table) -> None:
    """List activities.

    Example: jpledger activity list --nip 198503142010012003 --year 2026
    """
    from jpledger.app import activity

    nip = parse_nip(nip, "--nip") if nip else None
    state = _verification_filter(verification)
    rows = activity.listing(runtime(ctx), nip=nip, year=year, kind=kind, batch=batch, include_voided=all_,
                            verification=state)
    emit(Output(records=[activity_json(r) for r in rows],
                views=[View(COLUMNS, [_table_row(r) for r in rows], _("Activities"))]), fmt)


def _verification_filter(value: str | None) -> str | None:
    if value is None:
        return None
    from jpledger.core import verification

    word = verification.state_of(value)
    if word is None:
        raise UsageError("NOT_A_CHOICE", option="--verification", value=value,
                         choices=", ".join([*verification.STATES, *verification.WORDS]))
    return word


@app.command("show")
def show(ctx: typer.Context, activity_id: IdArg, fmt: FormatOption = OutputFormat.table) -> None:
    """Show one activity with everything recorded about it.

    Example: jpledger activity show 42 --format json
    """
    from jpledger.app import activity

    data = activity_json(activity.show(runtime(ctx), activity_id), full=True)
    from jpledger.reports.words import WHY_NOT

    def shown(key: str, value):
        if key == "not_counted":
            return _(WHY_NOT[value])
        if key == "verification" or value is True:
            return _(STATE_LABELS[value])
        return value

    rows = [{"field": _(FIELD_LABELS.get(k, k)), "value": shown(k, v)} for k, v in data.items()
            if v not in (None, False, "", []) and k != "evidence"]
    rows += [{"field": _(FIELD_LABELS["evidence"]), "value": _("{name}, {size} bytes, SHA-256 {sha256}").format(**f)}
             for f in data["evidence"]]
    emit(Output(records=[data], document=data,
                views=[View([Col("field", ""), Col("value", "", "long")], rows,
                            _("Activity {id}").format(id=activity_id), header=False)]), fmt)


@app.command("void")
def void(ctx: typer.Context, activity_id: IdArg,
         reason: Annotated[str, typer.Option("--reason", "-r", help="Why it no longer counts.")] = ...) -> None:
    """Strike an entry: it stays visible with its reason and no longer counts.

    Example: jpledger activity void 42 --reason "recorded twice"
    """
    from jpledger.app import activity

    reason = required_reason(reason, "REASON_VOID")
    rt = runtime(ctx)
    row = activity.void(rt, activity_id, reason)
    created_note(ctx, rt)
    say(ctx, "VOIDED", id=activity_id, nip=row["nip"], kind=row["kind"], reason=reason)


# --- verification and evidence ---------------------------------------------------------------------------------

VERIFY_HELP = N_("Mark entries verified: checked against their evidence, by you (JPLEDGER_ACTOR, else the OS user), "
                 "now. Give activity ids, or --batch B for everything an import added; a rejected entry verified "
                 "again counts again. Under a policy with `count: verified` only verified entries count.\n\n"
                 "Example: jpledger activity verify 41 42 --note \"sertifikat diperiksa\"")
REJECT_HELP = N_("Reject an entry: it stays visible with its reason and never counts; `activity verify` reverses "
                 "it.\n\n"
                 "Example: jpledger activity reject 42 --reason \"sertifikat tidak sesuai\"")
EVIDENCE_HELP = N_("Write an entry's evidence files into a folder, byte for byte as they were kept, readable by "
                   "you only; an existing file is left alone unless --force.\n\n"
                   "Example: jpledger activity evidence 42 --out bukti/")

FILE_COLUMNS = [Col("name", N_("File")), Col("size", N_("Bytes"), "int"), Col("sha256", N_("SHA-256"), "code")]


def verify(ctx: typer.Context,
           activity_ids: Annotated[list[int] | None, typer.Argument(help=N_("Activity ids (see `jpledger activity "
                                                                            "list`)."), show_default=False)] = None,
           batch: Annotated[int | None, typer.Option("--batch", "-b", help=N_("Every live entry this import "
                                                                               "added."))] = None,
           note: Annotated[str | None, typer.Option("--note", "-n", help=N_("What was checked (kept with the "
                                                                             "entry)."))] = None) -> None:
    from jpledger.app import evidence

    rt = runtime(ctx)
    note = " ".join(note.split()) or None if note is not None else None
    done = evidence.verify(rt, list(activity_ids or []), batch, note)
    created_note(ctx, rt)
    if done.already:
        say(ctx, "VERIFIED_ALREADY", count=len(done.already))
    say(ctx, "VERIFIED", count=len(done.verified))


def reject(ctx: typer.Context, activity_id: IdArg,
           reason: Annotated[str, typer.Option("--reason", "-r", help=N_("Why it is not accepted (kept with the "
                                                                        "entry and in the trail)."))] = ...) -> None:
    from jpledger.app import evidence

    reason = required_reason(reason, "REASON_REJECT")
    rt = runtime(ctx)
    row = evidence.reject(rt, activity_id, reason)
    created_note(ctx, rt)
    say(ctx, "REJECTED", id=activity_id, nip=row["nip"], kind=row["kind"], reason=reason)


def evidence_out(ctx: typer.Context, activity_id: IdArg,
                 out: Annotated[Path, typer.Option("--out", "-o", help=N_("The folder to write the files into "
                                                                         "(it must exist)."))] = Path("."),
                 force: Annotated[bool, typer.Option("--force", help=N_("Replace files of the same name."))] = False,
                 fmt: FormatOption = OutputFormat.table) -> None:
    from jpledger.app import evidence

    written = evidence.write_out(runtime(ctx), activity_id, out, force)
    records = [{"name": w.name, "size": w.size, "sha256": w.sha256, "file": str(w.file)} for w in written]
    emit(Output(records=records, views=[View(FILE_COLUMNS + [Col("file", N_("Written to"))], records,
                                             _("Evidence of activity {id}").format(id=activity_id))]), fmt)
    say(ctx, "EVIDENCE_WRITTEN", count=len(written), folder=out)


app.command("verify", help=VERIFY_HELP)(verify)
app.command("reject", help=REJECT_HELP)(reject)
app.command("evidence", help=EVIDENCE_HELP)(evidence_out)
