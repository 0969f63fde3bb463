"""The ledger's tables as SQLAlchemy Core handles, and the helpers every query module shares."""

from __future__ import annotations

from typing import Iterable

from jpledger.store import models

STAFF = models.Staff.__table__
HISTORY = models.StaffHistory.__table__
CONTRACT = models.Contract.__table__
UNIT = models.Unit.__table__
ACTIVITY = models.Activity.__table__
EVIDENCE = models.Evidence.__table__
ACTIVITY_EVIDENCE = models.ActivityEvidence.__table__
POLICY = models.PolicyVersion.__table__
BATCH = models.Batch.__table__
TRAIL = models.Trail.__table__
YEAR_LOCK = models.YearLock.__table__
OFFICER = models.Officer.__table__
OFFICER_UNIT = models.OfficerUnit.__table__

IN_CHUNK = 500  # bound parameters per IN (...), well under every back end's limit


def chunks(items: list, size: int = IN_CHUNK) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
