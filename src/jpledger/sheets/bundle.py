"""A roster sent as a zip: one workbook (.xlsx or .csv) and the evidence files its rows name.

The zip gets the defences of a workbook package (sheets/safety/) before anything is unpacked: its number of
entries, encrypted entries, entries that unpack to far more than they pack. The workbook alone is unpacked, into a
folder of its own readable by its owner only, and read like any roster; the evidence files are read from the zip as
the rows name them (evidencefile.ZipSource), so no entry's path, `../../etc/passwd` or `/etc/passwd`, ever becomes a
place on disk.
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from jpledger.errors import InputRejected
from jpledger.evidencefile import ZipSource
from jpledger.sheets import safety
from jpledger.sheets.safety import package as limits
from jpledger.sheets.safety.refusal import CHUNK

ROSTER_SUFFIXES = (".xlsx", ".csv")
# What zip tools add beside the files: macOS resource forks, Excel's lock files.
_NOISE_FOLDERS = ("__MACOSX/",)
_NOISE_PREFIXES = ("._", "~$", ".~lock.")


@dataclass
class Bundle:
    """An opened roster zip: the workbook unpacked to `workbook`, named `member` inside the zip."""

    workbook: Path
    member: str
    source: ZipSource
    folder: Path

    def close(self) -> None:
        self.source.archive.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def is_bundle(path: Path) -> bool:
    """A `.zip` that is not itself a workbook package (an .xlsx renamed .zip is read as the workbook it is)."""
    if path.suffix.lower() != ".zip" or not path.is_file():
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            return "xl/workbook.xml" not in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return True  # refused with its reason by open_bundle


def open_bundle(path: Path, shown: str) -> Bundle:
    """Check the zip, find its one roster and unpack that alone; refuses a hostile or unusable zip (exit 3)."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise InputRejected("BUNDLE_NOT_ZIP", file=shown) from None
    try:
        member = _roster_member(archive, shown)
        folder = Path(tempfile.mkdtemp(prefix="jpledger-roster-"))  # mode 0700: the roster holds NIPs
        try:
            workbook = folder / PurePosixPath(member.filename.replace("\\", "/")).name
            _unpack(archive, member, workbook, shown)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
    except BaseException:
        archive.close()
        raise
    base = str(PurePosixPath(member.filename.replace("\\", "/")).parent)
    return Bundle(workbook, member.filename, ZipSource(archive, base, shown), folder)


def _roster_member(archive: zipfile.ZipFile, shown: str) -> zipfile.ZipInfo:
    try:
        infos = archive.infolist()
    except safety.UNPACK_ERRORS:
        raise InputRejected("BUNDLE_NOT_ZIP", file=shown) from None
    if len(infos) > limits.MAX_MEMBERS:
        raise InputRejected("BUNDLE_TOO_MANY", file=shown, count=len(infos), most=limits.MAX_MEMBERS)
    for info in infos:
        ratio = limits.bomb_ratio(info)
        if ratio is not None:
            raise InputRejected("BUNDLE_BOMB", file=shown, member=info.filename, ratio=ratio)
    rosters = [info for info in infos if _is_roster(info)]
    if not rosters:
        raise InputRejected("BUNDLE_NO_ROSTER", file=shown)
    if len(rosters) > 1:
        names = ", ".join(info.filename for info in rosters[:5]) + (", ..." if len(rosters) > 5 else "")
        raise InputRejected("BUNDLE_MANY_ROSTERS", file=shown, count=len(rosters), names=names)
    roster = rosters[0]
    name = roster.filename.replace("\\", "/")
    if name.startswith("/") or ".." in name.split("/") or (len(name) > 1 and name[1] == ":"):
        raise InputRejected("BUNDLE_UNSAFE_ROSTER", file=shown, member=roster.filename)
    if roster.flag_bits & 0x1:
        raise InputRejected("BUNDLE_ENCRYPTED", file=shown, member=roster.filename)
    if roster.file_size > limits.MAX_UNPACKED:
        raise InputRejected("BUNDLE_ROSTER_TOO_BIG", file=shown, member=roster.filename,
                            size=roster.file_size >> 20, most=limits.MAX_UNPACKED >> 20)
    return roster


def _is_roster(info: zipfile.ZipInfo) -> bool:
    name = info.filename.replace("\\", "/")
    own = name.rsplit("/", 1)[-1]
    return (not info.is_dir() and name.lower().endswith(ROSTER_SUFFIXES)
            and not name.startswith(_NOISE_FOLDERS) and not own.startswith(_NOISE_PREFIXES))


def _unpack(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, shown: str) -> None:
    """Copy the roster out of the zip, never more than a roster may unpack to, whatever the zip's directory says."""
    written = 0
    try:
        with archive.open(member) as source, open(target, "xb") as out:
            while chunk := source.read(CHUNK):
                written += len(chunk)
                if written > limits.MAX_UNPACKED:
                    raise InputRejected("BUNDLE_ROSTER_TOO_BIG", file=shown, member=member.filename,
                                        size=written >> 20, most=limits.MAX_UNPACKED >> 20)
                out.write(chunk)
    except InputRejected:
        raise
    except safety.UNPACK_ERRORS:
        raise InputRejected("BUNDLE_DAMAGED", file=shown, member=member.filename) from None
