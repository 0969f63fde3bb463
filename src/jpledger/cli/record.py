"""`jpledger record`: magang, coaching, mentoring, and every other kind of the policy, one entry per person."""


from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated

import typer

from jpledger.cli.common import (
    FormatOption,
    IntlOption,
    RefOption,
    created_note,
    parse_date,
    parse_nip,
    runtime,
    say,
    warn,
)
from jpledger.cli.render import Col, Output, OutputFormat, View, emit
from jpledger.errors import UsageError
from jpledger.i18n import N_, _

app = typer.Typer(no_args_is_help=True)

NipsArg = Annotated[list[str], typer.Argument(help="One or more NIPs; one entry per person.", show_default=False)]
NipArg = Annotated[str, typer.Argument(help="The NIP of the coachee / mentee.", show_default=False)]
StartOpt = Annotated[str, typer.Option("--start", help="First day (day first: 14/03/2026, 14 Maret 2026).")]
DateOpt = Annotated[str, typer.Option("--date", "-d", help="Day of the session(s).")]
SessionsOpt = Annotated[int, typer.Option("--sessions", min=1, help="Number of sessions.")]
MinutesOpt = Annotated[int | None, typer.Option("--minutes", min=1, help="Length in minutes (kept in the log).")]
TopicOpt = Annotated[str | None, typer.Option("--topic", help="Topic or goal of the sessions.")]
MandiriOpt = Annotated[bool, typer.Option("--mandiri", help=N_("Development the person undertook on their own "
                                                               "initiative (pengembangan mandiri)."))]
EvidenceOpt = Annotated[list[str] | None, typer.Option("--evidence", help=N_("A file that shows it (certificate, "
                                                                            "report); repeat for more files."))]
GoalOpt = Annotated[str | None, typer.Option("--goal", help=N_("Goal of the coaching or mentoring (tujuan)."))]
ActionsOpt = Annotated[str | None, typer.Option("--actions", help=N_("Actions agreed (rencana aksi)."))]
FollowUpOpt = Annotated[str | None, typer.Option("--follow-up", help=N_("Day of the follow-up (tanggal tindak "
                                                                         "lanjut), day first."))]

ADDED_COLUMNS = [Col("id", N_("ID"), "int"), Col("nip", N_("NIP"), "nip"), Col("name", N_("Name")),
                 Col("code", N_("Code")), Col("kind", N_("Kind")), Col("start", N_("Start"), "date"),
                 Col("end", N_("End"), "date"), Col("jp", N_("Credited"), "jp"), Col("withheld", N_("Withheld"), "jp"),
                 Col("counted", N_("Counted"), "jp")]


def _decimal(value: str | None, option: str) -> Decimal | None:
    from jpledger.core.policy import MAX_QUANTITY

    if value is None:
        return None
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise UsageError("NOT_A_NUMBER", option=option, value=value) from None
    if not number.is_finite() or number <= 0:
        raise UsageError("NOT_POSITIVE", option=option, value=value)
    if number > MAX_QUANTITY:
        raise UsageError("TOO_LARGE", option=option, value=value, most=MAX_QUANTITY)
    return number


def _save(ctx: typer.Context, items: list, fmt: OutputFormat, action: str, coach_option: str | None = None,
          evidence: list[str] | None = None) -> None:
    """Record the entries in one transaction; print what was added."""
    from jpledger.app.record import record

    rt = runtime(ctx)
    done = record(rt, items, action, coach_option, evidence=[Path(e) for e in evidence or []])
    added = done.added
    created_note(ctx, rt)
    # Withheld shows only where a cap held something back; counted says what the person's total gets.
    rows = [vars(a) | {"withheld": a.withheld or None} for a in added]
    emit(Output(records=[{"id": a.id, "nip": a.nip, "kind": a.kind, "jp": float(a.jp), "credited": float(a.jp),
                          "withheld": float(a.withheld), "counted": float(a.counted)} for a in added],
                views=[View(ADDED_COLUMNS, rows, _("Added"))]), fmt)
    say(ctx, "ENTRIES_ADDED", count=len(added))
    for notice in done.notices:
        warn(ctx, notice.code, **notice.params)
    unshown = [a for a in added if a.unshown]
    if unshown:
        warn(ctx, "EVIDENCE_REQUIRED_NONE", kind=unshown[0].kind)


def _unique(nips: list[str]) -> list[str]:
    parsed = [parse_nip(n) for n in nips]
    seen: set[str] = set()
    return [n for n in parsed if not (n in seen or seen.add(n))]


def _span(start: str, end: str | None):
    first = parse_date(start, "--start")
    last = parse_date(end, "--end") if end else first
    if last < first:
        raise UsageError("END_BEFORE_START", end=last, start=first)
    return first, last


@app.command("magang")
def magang(ctx: typer.Context, nips: NipsArg, start: StartOpt = ...,
           end: Annotated[str, typer.Option("--end", help="Last day.")] = ...,
           host: Annotated[str, typer.Option("--host", help="Host institution (tempat magang).")] = ...,
           title: Annotated[str | None, typer.Option("--title", help="Title; default 'Magang di HOST'.")] = None,
           international: IntlOption = False, ref: RefOption = None,
           note_: Annotated[str | None, typer.Option("--note", help="Free note (keterangan).")] = None,
           mandiri: MandiriOpt = False, evidence: EvidenceOpt = None,
           fmt: FormatOption = OutputFormat.table) -> None:
    """Record a magang (internship / praktik kerja) for each person named.

    Example: jpledger record magang 198503142010012003 --start 01/07/2026 --end 31/07/2026 --host "BPS Provinsi Jawa Barat"
    """  # noqa: E501 (an example is one command line, to copy whole)
    from jpledger.core.entries import NewActivity

    first, last = _span(start, end)
    host = " ".join(host.split())
    items = [NewActivity(nip=n, kind="magang", title=title or f"Magang di {host}", start=first, end=last,
                         international=international, organizer=host, ref=ref, note=note_, mandiri=mandiri)
             for n in _unique(nips)]
    _save(ctx, items, fmt, "record magang", evidence=evidence)


def _session_kind(ctx, kind: str, nip: str, who: str, who_option: str, day: str, sessions: int,
                  minutes: int | None, topic: str | None, international: bool, ref: str | None,
                  fmt: OutputFormat, mandiri: bool, evidence: list[str] | None, goal: str | None,
                  actions: str | None, follow_up: str | None) -> None:
    from jpledger.core.entries import NewActivity

    on = parse_date(day, "--date")
    # The session count is what is credited; minutes, goal, actions and follow-up are kept for the journal.
    item = NewActivity(nip=parse_nip(nip), kind=kind, title=topic or kind.capitalize(), start=on, end=on,
                       international=international, sessions=sessions, log_minutes=minutes, coach=who, ref=ref,
                       mandiri=mandiri, goal=_text(goal), actions=_text(actions),
                       follow_up=parse_date(follow_up, "--follow-up"))
    _save(ctx, [item], fmt, f"record {kind}", who_option, evidence)


def _text(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value is not None else None


@app.command("coaching")
def coaching(ctx: typer.Context, nip: NipArg,
             coach: Annotated[str, typer.Option("--coach", help="The coach: a NIP in the ledger or a name.")] = ...,
             date: DateOpt = ..., sessions: SessionsOpt = 1, minutes: MinutesOpt = None, topic: TopicOpt = None,
             international: IntlOption = False, ref: RefOption = None, mandiri: MandiriOpt = False,
             evidence: EvidenceOpt = None, goal: GoalOpt = None, actions: ActionsOpt = None,
             follow_up: FollowUpOpt = None, fmt: FormatOption = OutputFormat.table) -> None:
    """Record coaching sessions (normally by the coachee's atasan langsung).

    Example: jpledger record coaching 199203152019032001 --coach 198503142010012003 --date 14/03/2026 --sessions 2
    """
    _session_kind(ctx, "coaching", nip, coach, "--coach", date, sessions, minutes, topic, international, ref, fmt,
                  mandiri, evidence, goal, actions, follow_up)


@app.command("mentoring")
def mentoring(ctx: typer.Context, nip: NipArg,
              mentor: Annotated[str, typer.Option("--mentor", help="The mentor: a NIP in the ledger or a name.")] = ...,
              date: DateOpt = ..., sessions: SessionsOpt = 1, minutes: MinutesOpt = None, topic: TopicOpt = None,
              international: IntlOption = False, ref: RefOption = None, mandiri: MandiriOpt = False,
              evidence: EvidenceOpt = None, goal: GoalOpt = None, actions: ActionsOpt = None,
              follow_up: FollowUpOpt = None, fmt: FormatOption = OutputFormat.table) -> None:
    """Record mentoring sessions.

    Example: jpledger record mentoring 199203152019032001 --mentor "Dr. Ahmad Fauzi" --date "14 Maret 2026"
    """
    _session_kind(ctx, "mentoring", nip, mentor, "--mentor", date, sessions, minutes, topic, international, ref, fmt,
                  mandiri, evidence, goal, actions, follow_up)


@app.command("training")
def training(ctx: typer.Context, nips: NipsArg,
             kind: Annotated[str, typer.Option("--kind", "-k", help="Kind: key, code or label (B3, pelatihan_teknis, "
                                                                    "'Pelatihan Teknis').")] = ...,
             title: Annotated[str, typer.Option("--title", "-t", help="Title (nama kegiatan).")] = ...,
             start: StartOpt = ...,
             end: Annotated[str | None, typer.Option("--end", help="Last day (default: the start day).")] = None,
             jp: Annotated[str | None, typer.Option("--jp", help="JP on the certificate.")] = None,
             minutes: Annotated[str | None, typer.Option("--minutes", help="Minutes, converted by the policy.")] = None,
             days: Annotated[int | None, typer.Option("--days", min=1, help="Days, for kinds counted in days.")] = None,
             semesters: Annotated[int | None, typer.Option("--semesters", min=1,
                                                           help="For tugas/izin belajar.")] = None,
             sessions: Annotated[int | None, typer.Option("--sessions", min=1,
                                                          help="For kinds counted in sessions.")] = None,
             organizer: Annotated[str | None, typer.Option("--organizer", help="Penyelenggara.")] = None,
             international: IntlOption = False, ref: RefOption = None, mandiri: MandiriOpt = False,
             evidence: EvidenceOpt = None, fmt: FormatOption = OutputFormat.table) -> None:
    """Record any kind of the policy for a whole class at once.

    Example: jpledger record training 198503142010012003 199203152019032001 --kind B3 --title "Analisis Data" --start 10/03/2026 --end 12/03/2026 --jp 24
    """  # noqa: E501 (an example is one command line, to copy whole)
    from jpledger.core.entries import NewActivity

    first, last = _span(start, end)
    given = [name for name, value in (("--jp", jp), ("--minutes", minutes), ("--days", days),
                                      ("--semesters", semesters), ("--sessions", sessions)) if value is not None]
    if len(given) > 1:
        raise UsageError("ONE_QUANTITY", given=" and ".join(given))
    items = [NewActivity(nip=n, kind=kind, title=title, start=first, end=last, international=international,
                         jp=_decimal(jp, "--jp"), minutes=_decimal(minutes, "--minutes"), days=days,
                         semesters=semesters, sessions=sessions, organizer=organizer, ref=ref, mandiri=mandiri)
             for n in _unique(nips)]
    _save(ctx, items, fmt, "record training", evidence=evidence)
