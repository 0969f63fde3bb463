"""`jpledger totals`, `statement` and `audit`: each person's credited JP for a year against the target."""

from __future__ import annotations

import os
from datetime import date
from decimal import Decimal
from typing import Annotated

import typer

from jpledger.cli.common import (
    FormatOption,
    OutputFormat,
    UnitOption,
    YearOption,
    console,
    jp_number,
    open_for_read,
    parse_date,
    parse_nip,
    parse_status,
    print_json,
    print_table,
    quiet,
    render,
)
from jpledger.core.compliance import state_of
from jpledger.errors import UsageError

AsOfOption = Annotated[str | None, typer.Option("--as-of", help="Count entries ending on or before this day "
                                                "(default: the year's last day, or today while it runs).")]
STATE_STYLE = {"short": "red", "over": "yellow", "met": "green", "ok": "green"}


def default_as_of(year: int, today: date) -> date:
    end = date(year, 12, 31)
    return today if today < end else end


def _today() -> date:
    # JPLEDGER_TODAY pins "today" for reproducible reports and tests; the audit's future check uses it too.
    pinned = os.environ.get("JPLEDGER_TODAY")
    return parse_date(pinned, "JPLEDGER_TODAY") if pinned else date.today()


def person_json(p) -> dict:
    jp = p.jp  # summed once: a national list has a hundred thousand people
    needed = max(p.min_jp - jp, Decimal(0)) if p.min_jp is not None else Decimal(0)
    return {"nip": p.nip, "name": p.name, "unit": p.unit, "status": p.status, "jp": float(jp),
            "min_jp": jp_number(p.min_jp), "max_jp": jp_number(p.max_jp), "needed": float(needed),
            "state": state_of(jp, p.min_jp, p.max_jp),
            "by_kind": {k: float(v) for k, v in sorted(p.by_kind.items()) if v},
            "by_form": {k: float(v) for k, v in sorted(p.by_form.items()) if v},
            "joined_in_year": p.joined_in_year, "left_in_year": p.left_in_year}


def _year(ctx, year: int, as_of: str | None, unit: str | None, status: str | None):
    from jpledger.store.ledger import active_policy, year_totals

    today = _today()
    cutoff = parse_date(as_of, "--as-of") if as_of else default_as_of(year, today)
    ledger = open_for_read(ctx)
    with ledger.read() as conn:
        _, policy, _ = active_policy(conn)
        people, withheld, capped = year_totals(conn, policy, year, cutoff, unit=unit, status=parse_status(status))
    return ledger, policy, today, cutoff, people, withheld, capped


def _marks(p) -> str:
    return ", ".join(m for m, on in (("joined in year", p.joined_in_year), ("left in year", p.left_in_year)) if on)


def totals(ctx: typer.Context, year: YearOption = ..., unit: UnitOption = None,
           status: Annotated[str | None, typer.Option("--status", "-s", help="PNS, CPNS or PPPK.")] = None,
           state: Annotated[str | None, typer.Option("--state", help="Only met, short, over or ok.")] = None,
           by_kind: Annotated[bool, typer.Option("--by-kind", help="A column per kind.")] = False,
           as_of: AsOfOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """Each person's credited JP for the year against their target.

    Example: jpledger totals --year 2026 --state short --format csv > short.csv
    """
    from jpledger.core.compliance import STATES

    if state is not None and state.lower() not in STATES:
        raise UsageError(f"--state: '{state}' is not a state; use one of {', '.join(STATES)}")
    _, policy, _, cutoff, people, _, _ = _year(ctx, year, as_of, unit, status)
    if state:
        people = [p for p in people if p.state == state.lower()]
    columns = [("nip", "NIP"), ("name", "Name"), ("unit", "Unit"), ("status", "Status")]
    present = {k for p in people for k, v in p.by_kind.items() if v} if by_kind else set()
    # A kind the policy in use dropped still holds its entries' JP: it keeps a column (headed by its key),
    # so the columns add up to the total.
    kinds = [k for k in policy.kinds if k in present] + sorted(present - set(policy.kinds))
    columns += [(f"kind:{k}", policy.kinds[k].code if k in policy.kinds else k) for k in kinds]
    columns += [("jp", "JP"), ("target", "Target"), ("needed", "Needed"), ("state", "State"), ("marks", "Note")]
    if fmt is OutputFormat.json:
        print_json([person_json(p) for p in people])
        return
    rows = []
    for p in people:
        row = {"nip": p.nip, "name": p.name, "unit": p.unit, "status": p.status, "jp": p.jp,
               "target": _target(p), "needed": p.needed if p.min_jp is not None else None, "state": p.state,
               "marks": _marks(p)}
        row |= {f"kind:{k}": p.by_kind.get(k, Decimal(0)) for k in kinds}
        rows.append(row)
    render(rows, columns, fmt, title=f"JP {year} (to {cutoff.isoformat()})",
           row_style=lambda r: STATE_STYLE.get(r["state"]))


def _target(p) -> str:
    if p.min_jp is not None:
        return f">= {p.min_jp:g}"
    if p.max_jp is not None:
        return f"<= {p.max_jp:g}"
    return ""


def statement(ctx: typer.Context,
              nip: Annotated[str, typer.Argument(help="The person's NIP.", show_default=False)],
              year: YearOption = ..., as_of: AsOfOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """One person's transcript for a year: every activity, its credit, caps applied, the running total.

    Counts what `totals` and `audit` count: entries ending by --as-of (the year's end, or today while it runs).

    Example: jpledger statement 198503142010012003 --year 2026
    """
    from jpledger.core.compliance import cents_to_jp, monthly_withheld
    from jpledger.store.ledger import active_policy, capped_entries, list_activities, require_staff

    nip = parse_nip(nip)
    cutoff = parse_date(as_of, "--as-of") if as_of else default_as_of(year, _today())
    ledger = open_for_read(ctx)
    with ledger.read() as conn:
        person = require_staff(conn, nip)
        _, policy, _ = active_policy(conn)
        rows = [r for r in list_activities(conn, nip=nip, year=year) if r["end"] <= cutoff]
        withheld = monthly_withheld(capped_entries(conn, year, cutoff, {nip}))
    target = policy.target(person["status"])
    running = Decimal(0)
    entries = []
    for r in rows:
        lost = withheld.get(r["id"], Decimal("0.00"))
        credited = cents_to_jp(r["jp_cents"]) - lost
        running += credited
        caps = []
        if lost:
            caps.append(f"monthly cap withheld {lost}")
        if r["day_capped_cents"]:
            caps.append(f"daily cap withheld {cents_to_jp(r['day_capped_cents'])}")
        entries.append({"id": r["id"], "kind": r["kind"], "code": r["code"], "title": r["title"], "start": r["start"],
                        "end": r["end"], "jp": credited, "withheld": lost + cents_to_jp(r["day_capped_cents"]),
                        "running": running, "caps": "; ".join(caps)})
    state = state_of(running, target.min_jp, target.max_jp)
    data = {"nip": nip, "name": person["name"], "unit": person["unit"], "status": person["status"], "year": year,
            "as_of": cutoff,
            "jp": jp_number(running), "min_jp": jp_number(target.min_jp), "max_jp": jp_number(target.max_jp),
            "state": state,
            "entries": [{k: (jp_number(v) if k in ("jp", "withheld") else v) for k, v in e.items()
                         if k not in ("running", "caps", "code")} | {"caps": e["caps"] or None} for e in entries]}
    if fmt is OutputFormat.json:
        print_json(data)
        return
    columns = [("id", "ID"), ("start", "Start"), ("end", "End"), ("code", "Code"), ("title", "Title"),
               ("jp", "JP"), ("withheld", "Withheld"), ("running", "Total"), ("caps", "Caps")]
    if fmt is OutputFormat.csv:
        render(entries, columns, fmt)
        return
    render(entries, columns, fmt, title=f"{person['name']} ({nip}), {person['status']}, {person['unit'] or '-'}: "
                                        f"{year}")
    out = console()
    out.print(f"Total {running:.2f} JP, target {_target_text(target)}: ", end="")
    out.print(state, style=STATE_STYLE.get(state))


def _target_text(target) -> str:
    parts = []
    if target.min_jp is not None:
        parts.append(f"at least {target.min_jp:g}")
    if target.max_jp is not None:
        parts.append(f"at most {target.max_jp:g}")
    return " and ".join(parts) or "none"


def audit(ctx: typer.Context, year: YearOption = ..., unit: UnitOption = None, as_of: AsOfOption = None,
          fmt: FormatOption = OutputFormat.table) -> None:
    """The year-end audit: compliance per unit, who is short or over, and findings in the data.

    Exits 1 when someone is short or over or an error finding exists, 0 when everything is in line.

    Example: jpledger audit --year 2026 --format json > audit-2026.json || echo "needs attention"
    """
    from jpledger.core.compliance import audit_fails, sort_findings, summarize
    from jpledger.store.ledger import findings

    ledger, policy, today, cutoff, people, withheld, capped = _year(ctx, year, as_of, unit, None)
    with ledger.read() as conn:
        found = sort_findings(findings(conn, year, today, people, withheld, capped))
    overall, units = summarize(people)
    failed = audit_fails(people, found)
    if fmt is OutputFormat.json:
        print_json({"year": year, "as_of": cutoff, "policy": policy.name,
                    "summary": _unit_json(overall, with_name=False), "units": [_unit_json(u) for u in units],
                    "people": [person_json(p) for p in people], "findings": [f.as_dict() for f in found]})
    elif fmt is OutputFormat.csv:
        render([person_json(p) for p in people],
               [(k, k) for k in ("nip", "name", "unit", "status", "jp", "min_jp", "max_jp", "needed", "state")], fmt)
    else:
        _print_audit(year, cutoff, policy, overall, units, people, found)
    if failed:
        raise typer.Exit(1)


def _unit_json(u, with_name: bool = True) -> dict:
    data = {"unit": u.unit} if with_name else {}
    return data | {"headcount": u.headcount, "met": u.met, "short": u.short, "over": u.over, "ok": u.ok,
                   "compliance_rate": u.compliance_rate}


def _bar(rate: float, width: int = 20) -> str:
    filled = round(rate * width)
    return "█" * filled + "░" * (width - filled)


def _table(title: str):
    """An audit table: titled and ruled on a terminal, bare with -q/--quiet."""
    from rich import box
    from rich.table import Table

    plain = quiet()
    return Table(box=None if plain else box.SIMPLE_HEAD, title=None if plain else title, title_justify="left")


def _print_audit(year, cutoff, policy, overall, units, people, found) -> None:
    out = console()
    plain = quiet()
    if not plain:
        out.print(f"Audit {year}, counted to {cutoff.isoformat()}, policy: {policy.name}", style="bold")
    table = _table("Compliance per unit")
    for heading in ("Unit", "People", "Met", "Short", "Over", "OK", "Compliance"):
        table.add_column(heading, justify="left" if heading in ("Unit", "Compliance") else "right")
    for u in units + [overall]:
        rate_style = "green" if u.compliance_rate >= 1 else ("yellow" if u.compliance_rate >= 0.8 else "red")
        bar = "" if plain else f"[{rate_style}]{_bar(u.compliance_rate)}[/] "
        table.add_row(u.unit if u is not overall else "All units", str(u.headcount), str(u.met),
                      str(u.short), str(u.over), str(u.ok), f"{bar}{u.compliance_rate:6.1%}",
                      end_section=u is units[-1] if units else False)
    print_table(out, table)
    short = sorted((p for p in people if p.state == "short"), key=lambda p: (-p.needed, p.nip))
    _people_table(out, f"Short of the minimum ({len(short)})", "Needed",
                  [(p, f"{p.jp:.2f}", f"[red]{p.needed:.2f}[/]") for p in short])
    over = [p for p in people if p.state == "over"]
    _people_table(out, f"Over the maximum ({len(over)})", "Max",
                  [(p, f"[yellow]{p.jp:.2f}[/]", f"{p.max_jp:g}") for p in over])
    if found:
        t = _table(f"Findings ({len(found)})")
        for heading in ("Severity", "Code", "NIP", "Activity", "Message"):
            t.add_column(heading, no_wrap=heading in ("NIP", "Code"))
        colour = {"error": "red", "warning": "yellow", "info": "dim"}
        for f in found:
            t.add_row(f"[{colour[f.severity]}]{f.severity}[/]", f.code, f.nip or "",
                      str(f.activity_id or ""), f.message)
        print_table(out, t)
    if not plain and not short and not over and not any(f.severity == "error" for f in found):
        out.print("Everyone is in line.", style="green")


def _people_table(out, title: str, last: str, rows: list[tuple]) -> None:
    """The audit's list of people out of line: (person, JP cell, last cell) per row; nothing when empty."""
    if not rows:
        return
    table = _table(title)
    for heading in ("NIP", "Name", "Unit", "Status", "JP", last):
        table.add_column(heading, no_wrap=heading == "NIP", justify="right" if heading in ("JP", last) else "left")
    for p, jp_cell, last_cell in rows:
        table.add_row(p.nip, p.name, p.unit or "", p.status, jp_cell, last_cell)
    print_table(out, table)


def register(app: typer.Typer) -> None:
    app.command("totals")(totals)
    app.command("statement")(statement)
    app.command("audit")(audit)
