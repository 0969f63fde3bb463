"""The rules a person's record obeys, the same on every way in (`staff add|update`, an import, `migrate-to`,
`check`): what one accepts the others accept. Each rule raises a coded UsageError naming the field."""

from __future__ import annotations

from datetime import date, timedelta

from jpledger.errors import UsageError

STATUSES = ("PNS", "CPNS", "PPPK")
# The values a person's record keeps over time, each change holding from a day on (staff_history).
HISTORY_FIELDS = ("status", "unit", "supervisor", "rank", "position")
# Before this no date in a ledger of current civil servants can be meant (a typo for this century).
EARLIEST = date(1950, 1, 1)


def status_of(text: str) -> str:
    status = " ".join(str(text).split()).upper()
    if status not in STATUSES:
        raise UsageError("STATUS_NOT_KNOWN", value=text)
    return status


def rank_for(text: str, status: str | None) -> str:
    """The canonical golongan for the person's status: PNS and CPNS have a letter (III/a), PPPK I to XVII."""
    from jpledger.core.golongan import PANGKAT, normalize_golongan

    code = normalize_golongan(text)
    if status in ("PNS", "CPNS") and code not in PANGKAT:
        raise UsageError("RANK_IS_PPPK", rank=code, status=status)
    if status == "PPPK" and code in PANGKAT:
        raise UsageError("RANK_IS_PNS", rank=code)
    return code


def check_supervisor(nip: str, supervisor: str | None) -> None:
    if supervisor is not None and supervisor == nip:
        raise UsageError("OWN_SUPERVISOR_OF", nip=nip)


def check_day(day: date | None, field: str, nip: str) -> None:
    """A day of someone's service: not before 1950 nor before they were born."""
    from jpledger.core.nip import birth_date

    if day is None:
        return
    if day < EARLIEST:
        raise UsageError("DAY_TOO_EARLY", field=field, day=day, earliest=EARLIEST)
    try:
        born = birth_date(nip)
    except UsageError:
        return
    if day < born:
        raise UsageError("DAY_BEFORE_BIRTH", field=field, day=day, born=born)


def check_service(nip: str, appointed: date | None, joined: date | None, left: date | None) -> None:
    """The days of service in order: appointed, then joined (a transfer in), then left."""
    given = [day for day in (appointed, joined, left) if day is not None]
    if given and min(given) < _first_day(nip):  # else no day can be too early: the person's birth is read once
        for field, day in (("appointed", appointed), ("joined", joined), ("left", left)):
            check_day(day, field, nip)
    if appointed and joined and joined < appointed:
        raise UsageError("JOINED_BEFORE_APPOINTED", joined=joined, appointed=appointed)
    start = joined or appointed
    if left and start and left < start:
        raise UsageError("LEFT_BEFORE_START", left=left, start=start)


def check_contract(nip: str, start: date, end: date, names: tuple[str, str] = ("contract_start", "contract_end")
                   ) -> None:
    """A contract's days (`names` say what the person typed them as): days of someone's service, in order."""
    check_day(start, names[0], nip)
    check_day(end, names[1], nip)
    if end < start:
        raise UsageError("CONTRACT_END_BEFORE_START", start=start, end=end)


def check_activity_days(nip: str, start: date, end: date, today: date) -> None:
    """An activity's days: not before 1950 or the person's birth, not ending more than a year after today."""
    from jpledger.core.nip import birth_date

    if start < EARLIEST:
        raise UsageError("ACTIVITY_TOO_EARLY", start=start, earliest=EARLIEST)
    try:
        born = birth_date(nip)
    except UsageError:
        born = None
    if born is not None and start < born:
        raise UsageError("ACTIVITY_BEFORE_BIRTH", start=start, born=born)
    latest = _a_year_after(today)
    if end > latest:
        raise UsageError("ACTIVITY_TOO_LATE", end=end, latest=latest)


def _first_day(nip: str) -> date:
    """The first day check_day lets through for the person: 1950, or their birth when later."""
    from jpledger.core.nip import birth_date

    try:
        return max(EARLIEST, birth_date(nip))
    except UsageError:
        return EARLIEST


def activity_days_within(nip: str, today: date) -> tuple[date, date]:
    """(first start, last end) that check_activity_days lets through for the person: a bulk check compares against
    these and asks check_activity_days for the words only when a day falls outside."""
    return _first_day(nip), _a_year_after(today)


def _a_year_after(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28) + timedelta(days=1)
