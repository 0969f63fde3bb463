"""One person's statement as a PDF to sign and file: who they are, every activity of the year with what it counted,
the target and the state."""

from __future__ import annotations

from jpledger.i18n import N_, number
from jpledger.i18n import gettext as _
from jpledger.reports.pdf import Col, Report, Signer, long_date

STATE_WORDS = {"met": N_("met"), "short": N_("short"), "over": N_("over"), "ok": N_("ok")}
WHY_NOT = {"voided": N_("voided"), "rejected": N_("rejected"), "unverified": N_("not verified yet"),
           "outside_employment": N_("outside employment")}


def jp(value) -> str:
    return number(value, 2)


def amount(value) -> str:
    """A target's JP as people write it: 20, or 20,5 where it has a fraction."""
    return number(value, 0) if value == int(value) else number(value)


def target_text(min_jp, max_jp) -> str:
    """The target with its sign: ≥ 20 JP, ≤ 24 JP, both, or none."""
    parts = []
    if min_jp is not None:
        parts.append(f"≥ {amount(min_jp)} JP")
    if max_jp is not None:
        parts.append(f"≤ {amount(max_jp)} JP")
    return _(" and ").join(parts) or _("none")


def state_word(state: str) -> str:
    return _(STATE_WORDS.get(state, state))


def write_statement(path, done, *, labels: dict[str, str], policy: str, stamp: list[str], made: str,
                    signer: Signer | None, today) -> int:
    """The statement (an app.reports.Statement) as an A4 PDF at `path`; returns its number of pages."""
    person, total = done.person, done.total
    report = Report(_("Competency development statement {year}").format(year=done.year), stamp, made)
    report.add_page()
    report.heading(_("Competency development statement {year}").format(year=done.year), 15)
    report.pairs([(_("Name"), person["name"]), (_("NIP"), person["nip"]), (_("Status"), person["status"]),
                  (_("Unit"), person.get("unit") or "-"), (_("Rank"), person.get("rank") or "-"),
                  (_("Position"), person.get("position") or "-"),
                  (_("Counted to"), long_date(done.as_of)), (_("Policy"), policy)])
    report.ln(3)
    columns = [Col(_("No."), 8, "R"), Col(_("Dates"), 37), Col(_("Kind"), 30, wrap=True),
               Col(_("Title"), 48, wrap=True), Col(_("Counted"), 16, "R"), Col(_("Total"), 15, "R"),
               Col(_("Note"), 26, wrap=True)]
    rows = []
    for n, e in enumerate(done.entries, start=1):
        dates = e.start.strftime("%d/%m/%Y") if e.start == e.end else \
            f"{e.start.strftime('%d/%m/%Y')}–{e.end.strftime('%d/%m/%Y')}"
        notes = []
        if e.why_not:
            notes.append(_(WHY_NOT[e.why_not]))
        if e.withheld:
            notes.append(_("monthly cap withheld {jp}").format(jp=jp(e.withheld)))
        if e.day_capped:
            notes.append(_("daily cap withheld {jp}").format(jp=jp(e.day_capped)))
        kind = f"{e.code} {labels.get(e.kind, '')}".strip()
        rows.append([str(n), dates, kind, e.title, jp(e.counted), jp(e.running), "; ".join(notes)])
    if rows:
        report.table(columns, rows)
    else:
        report.paragraph(_("No activity counted in {year}.").format(year=done.year))
        report.ln(3)
    for c in total.contract_years or []:
        report.paragraph(_("Contract year {start}..{end}: {jp} JP ({state})").format(
            start=c.start.strftime("%d/%m/%Y"), end=c.end.strftime("%d/%m/%Y"), jp=jp(c.jp),
            state=state_word(c.state)))
    for r in total.requirements:
        report.paragraph(_("Requirement {name}: {jp} of at least {min} JP ({state})").format(
            name=r.name, jp=jp(r.jp), min=jp(r.min_jp), state=_("met") if r.met else _("short")))
    report.ln(2)
    report.paragraph(_("Total {jp} JP · target {target} · state: {state}").format(
        jp=jp(total.jp), target=target_text(total.min_jp, total.max_jp), state=state_word(total.state)),
        size=11, bold=True)
    if total.state == "short":
        report.paragraph(_("Still needed: {jp} JP").format(jp=jp(total.needed)), size=10)
    if signer is not None:
        report.signature(signer, today)
    return report.save(path)
