"""How the reports word their figures in the interface language: JP, targets with their sign, states, and why an
entry counts less than it was credited. Shared by the PDFs and the terminal; no PDF machinery here."""

from __future__ import annotations

from jpledger.i18n import N_, number
from jpledger.i18n import gettext as _

STATE_WORDS = {"met": N_("met"), "short": N_("short"), "over": N_("over"), "ok": N_("ok")}
WHY_NOT = {"voided": N_("voided"), "rejected": N_("rejected"), "unverified": N_("not verified yet"),
           "outside_employment": N_("outside employment"), "no_contract_year": N_("in no recorded contract year")}


def jp(value) -> str:
    return number(value, 2)


def entry_note(e) -> str:
    """Why an entry (a StatementEntry) counts less than its credit: voided, rejected ..., what a cap withheld."""
    notes = []
    if e.why_not:
        notes.append(_(WHY_NOT[e.why_not]))
    if e.withheld:
        notes.append(_("monthly cap withheld {jp}").format(jp=jp(e.withheld)))
    if e.day_capped:
        notes.append(_("daily cap withheld {jp}").format(jp=jp(e.day_capped)))
    return "; ".join(notes)


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
