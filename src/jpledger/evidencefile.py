"""Evidence files on disk: read with care from the command line, beside a roster or inside a roster's zip.

A certificate kept as evidence becomes part of the ledger, so what is read is checked first: a regular file (never a
device or a pipe, which could hang or never end), not empty, at most JPLEDGER_EVIDENCE_MAX_MB megabytes (20 by
default). A path a roster names is read relative to the roster's folder and may not leave it: no absolute paths, no
`..`, no symbolic links on the way. Every refusal is a coded problem naming the file.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path, PurePosixPath

from jpledger.errors import UsageError

DEFAULT_MAX_MB = 20
# SQLite keeps a value of at most a billion bytes, PostgreSQL's bytea a gigabyte: well below both.
LIMIT_MAX_MB = 500
MB = 1 << 20
_CHUNK = 1 << 20
# `https://drive.google.com/...`: a link (a Google Form's upload answer), not a file to keep.
_LINK = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_DRIVE = re.compile(r"^[A-Za-z]:")


class EvidenceProblem(Exception):
    """Why an evidence file cannot be kept: a message code and its parameters, worded where it is shown."""

    def __init__(self, code: str, /, **params):
        super().__init__(code)
        self.code = code
        self.params = params

    def usage_error(self) -> UsageError:
        return UsageError(self.code, **self.params)


@dataclass(frozen=True)
class EvidenceFile:
    """One file as the ledger keeps it: its own name (without folders), size and SHA-256; `data` when it was kept
    in memory (a command's few files), None when it is read again as it is written (an import's many)."""

    name: str
    size: int
    sha256: str
    data: bytes | None = None

    def shown(self) -> dict:
        return {"name": self.name, "size": self.size, "sha256": self.sha256}


def max_bytes() -> int:
    """The largest evidence file kept: JPLEDGER_EVIDENCE_MAX_MB megabytes, 20 unless set."""
    raw = os.environ.get("JPLEDGER_EVIDENCE_MAX_MB")
    if not raw:
        return DEFAULT_MAX_MB * MB
    try:
        megabytes = Decimal(raw.strip().replace(",", "."))
    except InvalidOperation:
        megabytes = Decimal(-1)
    if not megabytes.is_finite() or not 0 < megabytes <= LIMIT_MAX_MB:
        raise UsageError("EVIDENCE_MAX_MB_INVALID", value=raw, most=LIMIT_MAX_MB)
    return max(int(megabytes * MB), 1)


def megabytes(size: int) -> Decimal:
    """A size as messages give it: megabytes with two decimals."""
    return (Decimal(size) / MB).quantize(Decimal("0.01"))


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_link(text: str) -> bool:
    return bool(_LINK.match(text.strip()))


def split_cell(text: str) -> tuple[list[str], list[str]]:
    """(paths, links) of an evidence cell: several paths are separated by `;` or line breaks; a piece that is a link
    (`https://...`) stays a link, with whatever else that piece holds (a form writes several links with commas)."""
    paths: list[str] = []
    links: list[str] = []
    for piece in re.split(r"[;\r\n]+", text):
        piece = piece.strip()
        if piece:
            (links if is_link(piece) else paths).append(piece)
    return paths, links


# --- reading a file named on the command line ---------------------------------------------------------------

def read_named(path: str, limit: int | None = None) -> EvidenceFile:
    """A file given with `--evidence`: read whole, or a usage error (exit 2) naming it."""
    limit = max_bytes() if limit is None else limit
    try:
        fd = os.open(path, os.O_RDONLY | _NONBLOCK)
    except FileNotFoundError:
        raise UsageError("EVIDENCE_MISSING", file=path) from None
    except (OSError, ValueError) as exc:
        raise UsageError("EVIDENCE_UNREADABLE", file=path, reason=_reason(exc)) from None
    try:
        data = _read_open(fd, path, limit)
    except EvidenceProblem as problem:
        raise problem.usage_error() from None
    finally:
        os.close(fd)
    return EvidenceFile(Path(path).name, len(data), digest(data), data)


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a named pipe would otherwise wait for a writer that never comes
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _read_open(fd: int, shown: str, limit: int) -> bytes:
    """Read an opened file whole after checking what it is; never more than `limit` bytes."""
    info = os.fstat(fd)
    if stat.S_ISDIR(info.st_mode):
        raise EvidenceProblem("EVIDENCE_IS_FOLDER", file=shown)
    if not stat.S_ISREG(info.st_mode):
        raise EvidenceProblem("EVIDENCE_NOT_A_FILE", file=shown)
    if info.st_size > limit:
        raise EvidenceProblem("EVIDENCE_TOO_BIG", file=shown, size=megabytes(info.st_size),
                              limit=megabytes(limit))
    if _NONBLOCK:
        os.set_blocking(fd, True)
    pieces, total = [], 0
    try:
        while chunk := os.read(fd, _CHUNK):
            pieces.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while it was read
                raise EvidenceProblem("EVIDENCE_TOO_BIG", file=shown, size=megabytes(total),
                                      limit=megabytes(limit))
    except OSError as exc:
        raise EvidenceProblem("EVIDENCE_UNREADABLE", file=shown, reason=_reason(exc)) from None
    if not total:
        raise EvidenceProblem("EVIDENCE_EMPTY", file=shown)
    return b"".join(pieces)


# --- paths a roster names ------------------------------------------------------------------------------------

def relative_parts(text: str) -> list[str]:
    """The folders and name of a path written in a roster, relative to the roster; refuses one that is absolute
    or climbs out with `..`. Backslashes (a roster made on Windows) separate folders too."""
    written = text.strip().replace("\\", "/")
    if written.startswith(("/", "~")) or _DRIVE.match(written):
        raise EvidenceProblem("EVIDENCE_ABSOLUTE", file=text)
    parts = [part for part in written.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise EvidenceProblem("EVIDENCE_OUTSIDE", file=text)
    if not parts:
        raise EvidenceProblem("EVIDENCE_MISSING", file=text)
    return parts


class FolderSource:
    """Evidence files beside a roster: in its folder or below it, reached without following a link."""

    def __init__(self, folder: Path):
        self.folder = folder

    def read(self, text: str, limit: int) -> bytes:
        parts = relative_parts(text)
        try:
            fd = os.open(self.folder, os.O_RDONLY | _DIRECTORY)
        except OSError as exc:
            raise EvidenceProblem("EVIDENCE_UNREADABLE", file=text, reason=_reason(exc)) from None
        try:
            # Folder by folder from the roster's own, each opened relative to the one before and never through a
            # link: a link swapped in while the file is read cannot lead out of the folder either.
            for part in parts[:-1]:
                below = self._open(fd, part, text, os.O_RDONLY | _DIRECTORY | _NOFOLLOW)
                os.close(fd)
                fd = below
            handle = self._open(fd, parts[-1], text, os.O_RDONLY | _NOFOLLOW | _NONBLOCK)
            try:
                return _read_open(handle, text, limit)
            finally:
                os.close(handle)
        finally:
            os.close(fd)

    @staticmethod
    def _open(folder_fd: int, name: str, text: str, flags: int) -> int:
        try:
            return os.open(name, flags, dir_fd=folder_fd)
        except (FileNotFoundError, NotADirectoryError):
            # A link to a folder is refused as "not a folder" by some systems: tell it from a missing file.
            try:
                link = stat.S_ISLNK(os.stat(name, dir_fd=folder_fd, follow_symlinks=False).st_mode)
            except OSError:
                link = False
            raise EvidenceProblem("EVIDENCE_SYMLINK" if link else "EVIDENCE_MISSING", file=text) from None
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.EMLINK):
                raise EvidenceProblem("EVIDENCE_SYMLINK", file=text) from None
            raise EvidenceProblem("EVIDENCE_UNREADABLE", file=text, reason=_reason(exc)) from None
        except ValueError as exc:  # a NUL in the name
            raise EvidenceProblem("EVIDENCE_UNREADABLE", file=text, reason=str(exc)) from None


class ZipSource:
    """Evidence files inside a roster's zip, by their paths relative to the roster's folder in the zip."""

    def __init__(self, archive, base: str, shown: str):
        self.archive = archive
        self.base = PurePosixPath(base)
        self.shown = shown
        self.members: dict[str, list] = {}
        self.folded: dict[str, list[str]] = {}
        for info in archive.infolist():
            name = info.filename.replace("\\", "/")
            self.members.setdefault(name, []).append(info)
        for name in self.members:
            self.folded.setdefault(name.casefold(), []).append(name)

    def read(self, text: str, limit: int) -> bytes:
        import zipfile

        from jpledger.sheets.safety import UNPACK_ERRORS

        parts = relative_parts(text)
        wanted = str(self.base.joinpath(*parts)) if str(self.base) != "." else "/".join(parts)
        found = self.members.get(wanted)
        if found is None:
            # A zip made on Windows may spell a name in another case than the roster does.
            near = self.folded.get(wanted.casefold(), [])
            if len(near) == 1:
                found = self.members[near[0]]
            elif self.members.get(wanted + "/") or any(n.startswith(wanted + "/") for n in self.members):
                raise EvidenceProblem("EVIDENCE_IS_FOLDER", file=text)
            else:
                raise EvidenceProblem("EVIDENCE_NOT_IN_ZIP", file=text, zip=self.shown)
        if len(found) > 1:
            raise EvidenceProblem("EVIDENCE_TWICE_IN_ZIP", file=text, zip=self.shown)
        info = found[0]
        kind = stat.S_IFMT(info.external_attr >> 16)
        if info.is_dir():
            raise EvidenceProblem("EVIDENCE_IS_FOLDER", file=text)
        if kind == stat.S_IFLNK:
            raise EvidenceProblem("EVIDENCE_SYMLINK", file=text)
        if kind not in (0, stat.S_IFREG):
            raise EvidenceProblem("EVIDENCE_NOT_A_FILE", file=text)
        if info.file_size > limit:
            raise EvidenceProblem("EVIDENCE_TOO_BIG", file=text, size=megabytes(info.file_size),
                                  limit=megabytes(limit))
        if info.flag_bits & 0x1:
            raise EvidenceProblem("EVIDENCE_DAMAGED", file=text, zip=self.shown)
        try:
            with self.archive.open(info) as handle:
                data = handle.read(limit + 1)
        except (zipfile.BadZipFile, *UNPACK_ERRORS):
            raise EvidenceProblem("EVIDENCE_DAMAGED", file=text, zip=self.shown) from None
        if len(data) > limit:  # the zip's directory understated the size
            raise EvidenceProblem("EVIDENCE_TOO_BIG", file=text, size=megabytes(len(data)), limit=megabytes(limit))
        if not data:
            raise EvidenceProblem("EVIDENCE_EMPTY", file=text)
        return data


def name_of(text: str) -> str:
    """The name an evidence file is kept under: its own, without the folders a roster wrote before it."""
    return relative_parts(text)[-1]


# --- writing files back out ----------------------------------------------------------------------------------

def out_names(names: list[str]) -> list[str]:
    """Names to write files under in one folder: each file's own name, never a path, made unique by ` (2)`."""
    taken: set[str] = set()
    out = []
    for name in names:
        base = Path(name.replace("\\", "/")).name
        if base in ("", ".", ".."):
            base = "evidence"
        candidate, n = base, 1
        stem, suffix = Path(base).stem, Path(base).suffix
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{stem} ({n}){suffix}"
        taken.add(candidate.casefold())
        out.append(candidate)
    return out


def write_new(target: Path, data: bytes, replace: bool) -> None:
    """Write `data` to `target`, readable by its owner only, as one step: `target` is never half written, and
    without `replace` an existing file (even one that appeared meanwhile) is left alone."""
    import tempfile

    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    partial = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(partial, target)
        else:
            os.link(partial, target)
    finally:
        partial.unlink(missing_ok=True)
