"""Import profiles: a YAML file that maps a roster layout the header aliases do not know onto jpledger's fields.

The Profile and its constants are all the import needs to run; reading a profile file checks it through its schema
(profile_schema.py), loaded only when a profile is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jpledger.core.values import FileRejected
from jpledger.errors import Problem, UsageError
from jpledger.sheets.columns import ACTIVITY_COLUMNS, STAFF_COLUMNS

STAFF_FIELDS = tuple(c.field for c in STAFF_COLUMNS)
ACTIVITY_FIELDS = tuple(c.field for c in ACTIVITY_COLUMNS)
IGNORE = "ignore"
KINDS = ("staff", "activities")
DATE_ORDERS = ("dmy", "mdy", "ymd")
QUANTITIES = ("jp", "minutes", "days", "sessions", "semesters")
# policy: the file's JP column is checked against the policy's credit; as_given: the file's JP is credited.
JP_MODES = ("policy", "as_given")
MAX_HEADER_ROW = 1000

EXAMPLE = """\
sheet: Riwayat Kursus      # only this sheet (optional)
header_row: 3              # the header's row number (optional; found by itself otherwise)
kind: activities           # staff | activities (optional)
date_order: dmy            # dmy (default) | mdy | ymd, for dates written as numbers in text
columns:                   # header text -> field (or `ignore`)
  Jenis Diklat: kind
values:                    # field -> {text in the sheet: what it means}
  kind: {Diklat Teknis: B3}
fixed:                     # field -> value for rows that leave it empty
  organizer: LAN RI
ignore_unused: [jp]        # quantity columns to pass over for kinds not counted in them
jp: policy                 # policy (default): JP must agree with the policy's credit | as_given: credit the file's JP
"""


@dataclass(frozen=True)
class Profile:
    """One layout: where its header is, what its columns mean, how its values read."""

    source: str = ""
    sheet: str | None = None
    header_row: int | None = None  # 1-based
    kind: str | None = None
    date_order: str = "dmy"
    columns: dict[str, str] = field(default_factory=dict)  # header_key(text) -> field or IGNORE
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field -> {value_key(text): text}
    fixed: dict[str, object] = field(default_factory=dict)
    # Quantity columns a layout fills for every kind (SIASN's hours): read only for kinds counted in them.
    ignore_unused: frozenset[str] = frozenset()
    jp: str = "policy"


DEFAULT = Profile()


def value_key(value: object) -> str:
    """How a cell's text is matched against a profile's `values`: case and spacing do not matter."""
    return " ".join(str(value).split()).casefold()


def load_profile(path: str) -> Profile:
    """Read and check a profile file; every problem is listed, each with its line and key (exit 3)."""
    file = Path(path)
    if not file.is_file():
        raise UsageError("PROFILE_IS_FOLDER" if file.is_dir() else "PROFILE_MISSING", path=str(path))
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProfileError.of([Problem(str(path), "PROFILE_NOT_UTF8")], str(path)) from None
    except OSError as exc:
        raise UsageError("PROFILE_UNREADABLE", path=str(path), reason=exc.strerror or str(exc)) from None
    return parse_profile(text, str(path))


def parse_profile(text: str, source: str) -> Profile:
    """Check a profile's text; a wrong one raises ProfileError listing every problem with its key and line."""
    from jpledger.sheets.profile_schema import check_profile

    return check_profile(text, source)


class ProfileError(FileRejected):
    """A profile that cannot be used; `problems` holds one `FILE line N: key: message` per problem."""

    @classmethod
    def of(cls, problems: list[Problem], source: str) -> ProfileError:
        return cls("PROFILE_REJECTED", problems=problems, count=len(problems), source=source)
