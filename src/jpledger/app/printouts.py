"""The statement and the audit as PDFs to sign: the figures the commands show, the policy's kind labels, and the
signer as the ledger knows them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from jpledger.app.runtime import Runtime
from jpledger.errors import UsageError


def signer_of(rt: Runtime, name: str | None, nip: str | None):
    """The signature block's signer: the name given, else the ledger's name for the NIP; their position from the
    ledger when they are in it. None when neither is given."""
    from jpledger.reports.pdf import Signer
    from jpledger.store.staff import get_staff

    if name is None and nip is None:
        return None
    known = None
    if nip is not None:
        with rt.read().read() as conn:
            known = get_staff(conn, nip)
    if name is None and known is None:
        raise UsageError("SIGNER_NEEDS_NAME", nip=nip)
    name = " ".join(name.split()) if name else known["name"]
    if not name:
        raise UsageError("SIGNER_NEEDS_NAME", nip=nip or "")
    return Signer(name, nip, known.get("position") if known else None)


def _stamp(year: int, as_of: date, policy: str) -> tuple[list[str], str]:
    """The report's stamp in the interface language (the page header), and when it was made (the footer)."""
    from jpledger.i18n import gettext as _
    from jpledger.reports.pdf import long_date
    from jpledger.sheets.printing import made_now

    parts = [_("Year {year}").format(year=year), _("counted to {day}").format(day=long_date(as_of))]
    if as_of < date(year, 12, 31):
        parts[-1] += " (" + _("year still running, not final") + ")"
    parts.append(_("policy: {policy}").format(policy=policy))
    made = made_now()
    return parts, _("Made {day} {time}").format(day=long_date(made.date()), time=made.strftime("%H:%M"))


def statement_pdf(rt: Runtime, nip: str, year: int, path: Path, *, as_of: date | None = None, signer=None) -> int:
    """Write one person's statement as a PDF; returns its number of pages."""
    from jpledger.app.reports import statement
    from jpledger.reports.statement import write_statement
    from jpledger.store.policies import active_policy, policy_kind_labels

    done = statement(rt, nip, year, as_of=as_of)
    with rt.read().read() as conn:
        labels = policy_kind_labels(conn)
        policy = active_policy(conn)[1].name
    stamp, made = _stamp(year, done.as_of, policy)
    return write_statement(path, done, labels=labels, policy=policy, stamp=stamp, made=made, signer=signer,
                           today=rt.today)


def audit_pdf(rt: Runtime, year: int, path: Path, *, as_of: date | None = None, unit: str | None = None,
              level: int | None = None, signer=None):
    """Write the year's audit as a PDF (a closed year's: the report stored when it was closed); returns (pages,
    the AuditReport), the report for its exit code."""
    from jpledger.app.reports import audit_report
    from jpledger.reports.audit import write_audit

    done = audit_report(rt, year, as_of=as_of, unit=unit, level=level)
    document = done.document
    as_of_day = document["as_of"] if isinstance(document["as_of"], date) else date.fromisoformat(document["as_of"])
    stamp, made = _stamp(year, as_of_day, document["policy"])
    pages = write_audit(path, document, stamp=stamp, made=made, signer=signer, today=rt.today, closed=done.closed)
    return pages, done
