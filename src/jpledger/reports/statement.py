"""One person's statement as a PDF to sign and file: who they are, every activity of the year with what it counted,
the target and the state."""

from __future__ import annotations

from jpledger.i18n import gettext as _
from jpledger.reports.pdf import Col, Report, Signer, long_date
from jpledger.reports.words import entry_note, jp, state_word, target_text


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
        kind = f"{e.code} {labels.get(e.kind, '')}".strip()
        rows.append([str(n), dates, kind, e.title, jp(e.counted), jp(e.running), entry_note(e)])
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
