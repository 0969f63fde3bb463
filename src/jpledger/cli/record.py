"""`jpledger record`: magang, coaching, mentoring, and every other kind of the policy, one entry per person."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated

import typer

from jpledger.cli.common import (
    FormatOption,
    IntlOption,
    OutputFormat,
    RefOption,
    note,
    open_for_write,
    parse_date,
    parse_nip,
    render,
)
from jpledger.errors import UsageError

app = typer.Typer(no_args_is_help=True)

NipsArg = Annotated[list[str], typer.Argument(help="One or more NIPs; one entry per person.", show_default=False)]
NipArg = Annotated[str, typer.Argument(help="The NIP of the coachee / mentee.", show_default=False)]
StartOpt = Annotated[str, typer.Option("--start", help="First day (day first: 14/03/2026, 14 Maret 2026).")]
DateOpt = Annotated[str, typer.Option("--date", "-d", help="Day of the session(s).")]
SessionsOpt = Annotated[int, typer.Option("--sessions", min=1, help="Number of sessions.")]
MinutesOpt = Annotated[int | None, typer.Option("--minutes", min=1, help="Length in minutes (kept in the log).")]
TopicOpt = Annotated[str | None, typer.Option("--topic", help="Topic or goal of the sessions.")]


def _decimal(value: str | None, option: str) -> Decimal | None:
    if value is None:
        return None
    try:
        number = Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise UsageError(f"{option}: '{value}' is not a number") from None
    if not number.is_finite() or number <= 0:
        raise UsageError(f"{option}: must be a positive number, got '{value}'")
    from jpledger.core.policy import MAX_QUANTITY

    if number > MAX_QUANTITY:
        raise UsageError(f"{option}: {value} is too large (at most {MAX_QUANTITY})")
    return number


def _who(conn, value: str, option: str) -> tuple[str, str | None]:
    """A coach or mentor: a NIP in the ledger (kept as NIP and name) or a free-text name."""
    from jpledger.core.nip import clean_nip
    from jpledger.store.ledger import require_staff

    text = " ".join(value.split())
    if not text:
        raise UsageError(f"{option}: give a NIP or a name")
    digits = clean_nip(text) if any(ch.isdigit() for ch in text) else ""
    if digits.isdigit():
        nip = parse_nip(text, option)
        return require_staff(conn, nip)["name"], nip
    return text, None


def _save(ctx: typer.Context, items: list, fmt: OutputFormat, action: str, who_option: str | None = None) -> None:
    """Credit and insert the entries in one transaction; print what was added.

    `who_option` names the option whose coach or mentor is resolved against the ledger in that transaction.
    """
    from jpledger.store.db import trail
    from jpledger.store.entries import credit_row
    from jpledger.store.ledger import active_policy, insert_activities, refuse_locked, require_staff

    ledger = open_for_write(ctx)
    with ledger.write() as conn:
        policy_id, policy, _ = active_policy(conn)
        names = {}
        for item in items:
            names[item.nip] = require_staff(conn, item.nip)["name"]
            if who_option:
                item.coach, item.coach_nip = _who(conn, item.coach, who_option)
        rows = [credit_row(policy, policy_id, item) for item in items]
        refuse_locked(conn, [r["year"] for r in rows], action)
        ids = insert_activities(conn, rows)
        trail(conn, action, [{"id": i, "nip": r["nip"], "kind": r["kind"], "jp": r["jp_cents"] / 100,
                              "start": r["start"], "end": r["end"]} for i, r in zip(ids, rows)])
    from jpledger.core.compliance import cents_to_jp

    added = [{"id": i, "nip": r["nip"], "name": names[r["nip"]], "kind": r["kind"], "code": r["code"],
              "start": r["start"], "end": r["end"], "jp": cents_to_jp(r["jp_cents"])} for i, r in zip(ids, rows)]
    render(added, [("id", "ID"), ("nip", "NIP"), ("name", "Name"), ("code", "Code"), ("kind", "Kind"),
                   ("start", "Start"), ("end", "End"), ("jp", "JP")], fmt, title="Added",
           json_data=[{"id": a["id"], "nip": a["nip"], "kind": a["kind"], "jp": float(a["jp"])} for a in added])
    note(ctx, f"{len(added)} {'entry' if len(added) == 1 else 'entries'} added")


def _unique(nips: list[str]) -> list[str]:
    parsed = [parse_nip(n) for n in nips]
    seen = set()
    return [n for n in parsed if not (n in seen or seen.add(n))]


@app.command("magang")
def magang(ctx: typer.Context, nips: NipsArg, start: StartOpt = ...,
           end: Annotated[str, typer.Option("--end", help="Last day.")] = ...,
           host: Annotated[str, typer.Option("--host", help="Host institution (tempat magang).")] = ...,
           title: Annotated[str | None, typer.Option("--title", help="Title; default 'Magang di HOST'.")] = None,
           international: IntlOption = False, ref: RefOption = None,
           note_: Annotated[str | None, typer.Option("--note", help="Free note (keterangan).")] = None,
           fmt: FormatOption = OutputFormat.table) -> None:
    """Record a magang (internship / praktik kerja) for each person named.

    Example: jpledger record magang 198503142010012003 --start 01/07/2026 --end 31/07/2026 --host "BPS Provinsi Jawa Barat"
    """
    from jpledger.store.entries import NewActivity

    first, last = parse_date(start, "--start"), parse_date(end, "--end")
    if last < first:
        raise UsageError(f"--end: {last} is before --start {first}")
    host = " ".join(host.split())
    items = [NewActivity(nip=n, kind="magang", title=title or f"Magang di {host}", start=first, end=last,
                         international=international, organizer=host, ref=ref, note=note_)
             for n in _unique(nips)]
    _save(ctx, items, fmt, "record magang")


def _session_kind(ctx, kind: str, nip: str, who: str, who_option: str, day: str, sessions: int,
                  minutes: int | None, topic: str | None, international: bool, ref: str | None,
                  fmt: OutputFormat) -> None:
    from jpledger.store.entries import NewActivity

    on = parse_date(day, "--date")
    # The session count is what is credited; minutes are kept for the coaching log.
    item = NewActivity(nip=parse_nip(nip), kind=kind, title=topic or kind.capitalize(), start=on, end=on,
                       international=international, sessions=sessions, log_minutes=minutes, coach=who, ref=ref)
    _save(ctx, [item], fmt, f"record {kind}", who_option)


@app.command("coaching")
def coaching(ctx: typer.Context, nip: NipArg,
             coach: Annotated[str, typer.Option("--coach", help="The coach: a NIP in the ledger or a name.")] = ...,
             date: DateOpt = ..., sessions: SessionsOpt = 1, minutes: MinutesOpt = None, topic: TopicOpt = None,
             international: IntlOption = False, ref: RefOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """Record coaching sessions (normally by the coachee's atasan langsung).

    Example: jpledger record coaching 199203152019032001 --coach 198503142010012003 --date 14/03/2026 --sessions 2
    """
    _session_kind(ctx, "coaching", nip, coach, "--coach", date, sessions, minutes, topic, international, ref, fmt)


@app.command("mentoring")
def mentoring(ctx: typer.Context, nip: NipArg,
              mentor: Annotated[str, typer.Option("--mentor", help="The mentor: a NIP in the ledger or a name.")] = ...,
              date: DateOpt = ..., sessions: SessionsOpt = 1, minutes: MinutesOpt = None, topic: TopicOpt = None,
              international: IntlOption = False, ref: RefOption = None,
              fmt: FormatOption = OutputFormat.table) -> None:
    """Record mentoring sessions.

    Example: jpledger record mentoring 199203152019032001 --mentor "Dr. Ahmad Fauzi" --date "14 Maret 2026"
    """
    _session_kind(ctx, "mentoring", nip, mentor, "--mentor", date, sessions, minutes, topic, international, ref, fmt)


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
             semesters: Annotated[int | None, typer.Option("--semesters", min=1, help="For tugas/izin belajar.")] = None,
             sessions: Annotated[int | None, typer.Option("--sessions", min=1,
                                                          help="For kinds counted in sessions.")] = None,
             organizer: Annotated[str | None, typer.Option("--organizer", help="Penyelenggara.")] = None,
             international: IntlOption = False, ref: RefOption = None,
             fmt: FormatOption = OutputFormat.table) -> None:
    """Record any kind of the policy for a whole class at once.

    Example: jpledger record training 198503142010012003 199203152019032001 --kind B3 --title "Analisis Data" --start 10/03/2026 --end 12/03/2026 --jp 24
    """
    from jpledger.store.entries import NewActivity

    first = parse_date(start, "--start")
    last = parse_date(end, "--end") if end else first
    if last < first:
        raise UsageError(f"--end: {last} is before --start {first}")
    given = [name for name, value in (("--jp", jp), ("--minutes", minutes), ("--days", days),
                                      ("--semesters", semesters), ("--sessions", sessions)) if value is not None]
    if len(given) > 1:
        raise UsageError(f"give one of --jp, --minutes, --days, --semesters, --sessions, not {' and '.join(given)}")
    items = [NewActivity(nip=n, kind=kind, title=title, start=first, end=last, international=international,
                         jp=_decimal(jp, "--jp"), minutes=_decimal(minutes, "--minutes"), days=days,
                         semesters=semesters, sessions=sessions, organizer=organizer, ref=ref)
             for n in _unique(nips)]
    _save(ctx, items, fmt, "record training")
