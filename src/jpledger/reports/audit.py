"""The year's audit as a PDF to sign and file: compliance per unit as a table and a bar chart, who is short or over,
and the findings in the data; at most 40 people a page in its lists."""

from __future__ import annotations

from decimal import Decimal

from jpledger.i18n import N_, number, unit_label
from jpledger.i18n import gettext as _
from jpledger.reports.pdf import BAD_TEXT, WARN_TEXT, Col, Report, Signer
from jpledger.reports.words import amount, jp

SEVERITY = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}


def rate(value: float) -> str:
    return number(Decimal(str(value)) * 100, 1) + "%"


def write_audit(path, document: dict, *, stamp: list[str], made: str, signer: Signer | None, today,
                closed: dict | None = None) -> int:
    """The audit as its JSON document (`audit --format json`; a closed year's is the report stored when it was
    closed) as an A4 PDF at `path`; returns its number of pages."""
    from jpledger.codes import message

    year = document["year"]
    title = _("Competency development audit {year}").format(year=year)
    report = Report(title, stamp, made)
    report.add_page()
    report.heading(title, 15)
    if closed:
        report.paragraph(message("AUDIT_OF_CLOSED_YEAR", {"year": year, **closed}), size=9.5, bold=True)
        report.ln(2)
    o = document["summary"]
    report.paragraph(_("{headcount} people counted: {met} met, {short} short, {over} over, {ok} ok; compliance "
                       "{rate}.").format(headcount=o["headcount"], met=o["met"], short=o["short"], over=o["over"],
                                         ok=o["ok"], rate=rate(o["compliance_rate"])), size=10.5, bold=True)
    report.ln(3)

    report.heading(_("Compliance per unit"), 12)
    columns = [Col(_("Unit"), 62), Col(_("People"), 18, "R"), Col(_("Met"), 18, "R"), Col(_("Short"), 18, "R"),
               Col(_("Over"), 18, "R"), Col(_("OK"), 14, "R"), Col(_("Compliance"), 32, "R")]
    units = [(unit_label(u["unit"]), u) for u in document["units"]]
    rows = [[name, str(u["headcount"]), str(u["met"]), str(u["short"]), str(u["over"]), str(u["ok"]),
             rate(u["compliance_rate"])] for name, u in units]
    rows.append([_("All units"), str(o["headcount"]), str(o["met"]), str(o["short"]), str(o["over"]), str(o["ok"]),
                 rate(o["compliance_rate"])])
    report.table(columns, rows)
    if units:
        report.bar_chart(_("Compliance rate per unit, {year}").format(year=year),
                         [(name, u["compliance_rate"]) for name, u in units])

    people = document["people"]
    short = sorted((p for p in people if p["state"] == "short"), key=lambda p: (-p["needed"], p["nip"]))
    report.heading(_("Short of the minimum ({count})").format(count=len(short)), 12)
    if short:
        report.table([Col(_("NIP"), 34), Col(_("Name"), 44, wrap=True), Col(_("Unit"), 40, wrap=True),
                      Col(_("Status"), 14), Col(_("JP"), 14, "R"), Col(_("Target"), 14, "R"),
                      Col(_("Needed"), 20, "R")],
                     [[p["nip"], p["name"], p["unit"] or "-", p["status"], jp(p["jp"]), amount(p["min_jp"]),
                       jp(p["needed"])] for p in short], colour=lambda i: BAD_TEXT)
    else:
        report.paragraph(_("Nobody is short of the minimum."))
        report.ln(2)
    over = [p for p in people if p["state"] == "over"]
    report.heading(_("Over the maximum ({count})").format(count=len(over)), 12)
    if over:
        report.table([Col(_("NIP"), 36), Col(_("Name"), 52, wrap=True), Col(_("Unit"), 46, wrap=True),
                      Col(_("Status"), 14), Col(_("JP"), 16, "R"), Col(_("Max"), 16, "R")],
                     [[p["nip"], p["name"], p["unit"] or "-", p["status"], jp(p["jp"]), jp(p["max_jp"])]
                      for p in over],
                     colour=lambda i: WARN_TEXT)
    else:
        report.paragraph(_("Nobody is over the maximum."))
        report.ln(2)

    found = document["findings"]
    report.heading(_("Findings ({count})").format(count=len(found)), 12)
    if found:
        report.table([Col(_("Severity"), 18), Col(_("Code"), 42), Col(_("NIP"), 34), Col(_("Activity"), 16, "R"),
                      Col(_("Message"), 70, wrap=True)],
                     [[_(SEVERITY[f["severity"]]), f["code"], f["nip"] or "", str(f["activity_id"] or ""),
                       f["message"]] for f in found], size=7.5)
    else:
        report.paragraph(_("No findings in the data."))
    if signer is not None:
        report.signature(signer, today)
    return report.save(path)
