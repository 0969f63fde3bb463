"""`jpledger activity`: list, show and void recorded activities."""

from __future__ import annotations

from typing import Annotated

import typer

from jpledger.cli.common import (
    FormatOption,
    OutputFormat,
    note,
    open_for_read,
    open_for_write,
    parse_nip,
    render,
    required_reason,
)
from jpledger.errors import UsageError

app = typer.Typer(no_args_is_help=True)

IdArg = Annotated[int, typer.Argument(help="Activity id (see `jpledger activity list`).", show_default=False)]

COLUMNS = [("id", "ID"), ("nip", "NIP"), ("code", "Code"), ("kind", "Kind"), ("title", "Title"), ("start", "Start"),
           ("end", "End"), ("jp", "JP"), ("batch", "Batch"), ("void", "Voided")]
JSON_KEYS = ("id", "nip", "kind", "code", "title", "start", "end", "jp", "voided", "void_reason", "batch")
EXTRA_KEYS = ("form", "year", "international", "coach", "coach_nip", "organizer", "ref", "note", "sessions",
              "minutes", "days", "policy_version", "created_at")


def activity_json(row: dict, full: bool = False) -> dict:
    from jpledger.core.compliance import cents_to_jp

    data = {k: row.get(k) for k in JSON_KEYS if k != "jp"} | {"jp": float(cents_to_jp(row["jp_cents"]))}
    if full:
        data |= {k: row.get(k) for k in EXTRA_KEYS}
    return data


def _table_row(row: dict) -> dict:
    from jpledger.core.compliance import cents_to_jp

    return row | {"jp": cents_to_jp(row["jp_cents"]),
                  "void": f"voided: {row['void_reason']}" if row["voided"] else ""}


def _kind_key(conn, policy, text: str) -> str:
    """A kind's key by the policy in use, else by the earlier versions that credited entries of it."""
    from sqlalchemy import select

    from jpledger.core.policy import read_policy
    from jpledger.store.ledger import POLICY

    try:
        return policy.kind(text).key
    except UsageError:
        # Entries keep the kind they were credited as; one the policy in use dropped can still be listed.
        earlier = conn.execute(select(POLICY.c.id, POLICY.c.text).order_by(POLICY.c.id.desc())).all()[1:]
        for version, body in earlier:
            try:
                return read_policy(body, f"policy version {version}").kind(text).key
            except UsageError:
                continue
        raise


@app.command("list")
def list_(ctx: typer.Context,
          nip: Annotated[str | None, typer.Option("--nip", help="Only this person.")] = None,
          year: Annotated[int | None, typer.Option("--year", "-y", help="Only this year (of the end date).")] = None,
          kind: Annotated[str | None, typer.Option("--kind", "-k", help="Only this kind (key, code or label).")] = None,
          batch: Annotated[int | None, typer.Option("--batch", "-b", help="Only what this import added.")] = None,
          all_: Annotated[bool, typer.Option("--all", "-a", help="Include voided entries.")] = False,
          fmt: FormatOption = OutputFormat.table) -> None:
    """List activities.

    Example: jpledger activity list --nip 198503142010012003 --year 2026
    """
    from jpledger.store.ledger import active_policy, get_batch, list_activities, require_staff

    nip = parse_nip(nip, "--nip") if nip else None
    ledger = open_for_read(ctx)
    with ledger.read() as conn:
        # A person or batch not in the ledger is a mistake to point out, not an empty list.
        if nip:
            require_staff(conn, nip)
        if batch is not None:
            get_batch(conn, batch)
        kind_key = _kind_key(conn, active_policy(conn)[1], kind) if kind else None
        rows = list_activities(conn, nip=nip, year=year, kind=kind_key, batch=batch, include_voided=all_)
    if fmt is OutputFormat.csv:
        # CSV carries the JSON's keys, so a script reads the same names either way.
        render([activity_json(r) for r in rows], [(k, k) for k in JSON_KEYS], fmt)
        return
    render([_table_row(r) for r in rows], COLUMNS, fmt, title="Activities",
           json_data=[activity_json(r) for r in rows])


@app.command("show")
def show(ctx: typer.Context, activity_id: IdArg, fmt: FormatOption = OutputFormat.table) -> None:
    """Show one activity with everything recorded about it.

    Example: jpledger activity show 42 --format json
    """
    from jpledger.store.ledger import get_activity

    ledger = open_for_read(ctx)
    with ledger.read() as conn:
        row = get_activity(conn, activity_id)
    data = activity_json(row, full=True)
    if fmt is OutputFormat.json:
        render([data], [], fmt, json_data=data)
        return
    if fmt is OutputFormat.csv:
        render([data], [(k, k) for k in data], fmt)
        return
    rows = [{"field": k, "value": v} for k, v in data.items() if v not in (None, False, "")]
    render(rows, [("field", ""), ("value", "")], fmt, title=f"Activity {activity_id}")


@app.command("void")
def void(ctx: typer.Context, activity_id: IdArg,
         reason: Annotated[str, typer.Option("--reason", "-r", help="Why it no longer counts.")] = ...) -> None:
    """Strike an entry: it stays visible with its reason and no longer counts.

    Example: jpledger activity void 42 --reason "recorded twice"
    """
    from jpledger.store.db import trail
    from jpledger.store.ledger import get_activity, refuse_locked, void_activities

    reason = required_reason(reason, "the entry is voided")
    ledger = open_for_write(ctx)
    with ledger.write() as conn:
        row = get_activity(conn, activity_id)
        if row["voided"]:
            raise UsageError(f"activity {activity_id} is already voided ({row['void_reason']})")
        refuse_locked(conn, [row["year"]], f"voiding activity {activity_id}")
        void_activities(conn, [activity_id], reason)
        trail(conn, "activity void", {"id": activity_id, "nip": row["nip"], "reason": reason})
    note(ctx, f"voided activity {activity_id} ({row['nip']}, {row['kind']}): {reason}")
