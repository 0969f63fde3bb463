"""The console examples of the README and the Indonesian guide, run for real: check them, or write their output anew.

Every ```console block of a document is part of a session: `$ ` lines are commands (`export NAME=value ...`,
`echo $?`, `jpledger ...`), the lines under each are what it printed (stderr and stdout, as a terminal shows them).
A line `...` stands for any lines (the start of a long table, say); times of day in the trail are not compared.
A block continues the session of the block before it; a comment `<!-- session: NAME [VAR=value ...] -->` on the
line before a block starts (or returns to) a named session, each in a fresh folder of its own with "today" pinned,
the example files (examples/, roster.xlsx, a Sistem 20JP staff list pegawai-20jp.xlsx) and the broken files the
documents show (bad.yaml, rekap-evaluasi.xlsx).

    python tests/doc_console.py          # check README.md and PANDUAN.md; exit 1 on any difference
    python tests/doc_console.py --fix    # write each block's output as jpledger prints it now
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", ROOT / "PANDUAN.md"]
TODAY = "2026-11-22"
WIDTH = "100"
_BLOCK = re.compile(r"^(?:<!-- session: ([^>]*?) -->\n)?```console\n(.*?)^```", re.M | re.S)
_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ|\d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)?")


@dataclass
class Step:
    command: str
    expected: list[str] = field(default_factory=list)
    gap: int = 0  # blank lines after the output, before the next command


def steps_of(block: str) -> list[Step]:
    steps: list[Step] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append(Step(line[2:]))
        elif steps:
            steps[-1].expected.append(line)
    for step in steps:
        while step.expected and not step.expected[-1].strip():
            step.expected.pop()
            step.gap += 1
    return steps


class Session:
    """One document's shell: the environment its `export` lines set, the last exit status, the folder."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("JPLEDGER_") and k not in (
            "LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "COLUMNS", "NO_COLOR")}
        self.env.update({"JPLEDGER_TODAY": TODAY, "COLUMNS": WIDTH, "NO_COLOR": "1", "LANG": "C.UTF-8"})
        self.status = 0

    def run(self, command: str) -> list[str]:
        words = shlex.split(command)
        if words and words[0] == "export":
            for word in words[1:]:
                name, _, value = word.partition("=")
                self.env[name] = value
            return []
        if words == ["echo", "$?"]:
            return [str(self.status)]
        executable = Path(sys.executable).with_name("jpledger")
        line = command.replace("jpledger ", f"{shlex.quote(str(executable))} ", 1) if command.startswith(
            "jpledger ") else command
        if not command.startswith(("jpledger", "ls ", "mkdir ")):
            raise ValueError(f"not a command a document may run: {command}")
        done = subprocess.run(["bash", "-c", line + " 2>&1"], cwd=self.folder, env=self.env, capture_output=True,
                              text=True, timeout=300)
        self.status = done.returncode
        out = [row.rstrip() for row in done.stdout.splitlines()]
        while out and not out[-1]:
            out.pop()
        return out


def matches(expected: list[str], actual: list[str]) -> bool:
    """Line by line; a `...` line stands for any lines (none included)."""
    if not expected:
        return not actual
    if expected[0] == "...":
        rest = expected[1:]
        return any(matches(rest, actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and _TIME.sub("T", expected[0]) == _TIME.sub("T", actual[0]) and matches(
        expected[1:], actual[1:])


def fixtures(folder: Path) -> None:
    """The files the documents work with: the examples, the example roster, a broken policy, a broken roster."""
    import shutil

    (folder / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    shutil.copy(ROOT / "examples" / "roster.xlsx", folder / "roster.xlsx")
    (folder / "bad.yaml").write_text(BAD_POLICY, encoding="utf-8")
    _broken_roster(folder / "rekap-evaluasi.xlsx")
    _sistem_20jp_staff(folder / "pegawai-20jp.xlsx")


BAD_POLICY = """\
name: Kebijakan dengan salah ketik
minutes_per_jp: 45
kinds:
  coaching:
    code: C1
    label: Coaching
    form: nonklasikal
    unit: session
    jp_per_unit: -2
    max_sessions: 2
"""


def _sistem_20jp_staff(path: Path) -> None:
    """A staff list in the layout of Sistem 20JP's staff template: NIP, name and the unit codes jpledger does not
    read."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Sheet1")
    rows = [["NIP", "Nama", "Kode Unit Eselon 2", "Kode Unit Eselon 3"],
            ["198001012005011001", "Andi Wijaya", "92000", "92100"],
            ["198202022006042002", "Rina Lestari", "92000", "92200"],
            ["197903032003121003", "Joko Susilo", "92000", "92200"]]
    for number, row in enumerate(rows):
        sheet.write_row(number, 0, row)
    book.close()


def _broken_roster(path: Path) -> None:
    """An activities sheet with four wrong rows: a NIP typed as a number, 30 February, a NIP not in the ledger and
    a kind the policy does not know."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("Kegiatan")
    rows = [
        ["Rekap kegiatan Bidang Evaluasi 2026"],
        [],
        ["No", "NIP", "Jenis Kegiatan", "Nama Kegiatan", "Tanggal Mulai", "Tanggal Selesai", "JP"],
        [1, "198503142010012003", "B3", "Analisis Data", "10/02/2026", "12/02/2026", 24],
        [2, 199004042015032000, "B3", "Analisis Data", "10/02/2026", "12/02/2026", 24],
        [3, "198503142010012003", "B6", "Seminar Statistik", "27/02/2026", "30/02/2026", None],
        [4, "199401012020011001", "B3", "Analisis Data", "10/02/2026", "12/02/2026", 24],
        [5, "198503142010012003", "Webinar", "Webinar SDM", "05/03/2026", None, 2],
    ]
    for number, row in enumerate(rows):
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(number, col, value)
            else:
                sheet.write_number(number, col, value)
    book.close()


def rewritten(expected: list[str], actual: list[str]) -> list[str]:
    """The output to write: all of it, or, where the document elides the start, `...` and as many last lines."""
    if expected and expected[0] == "..." and "..." not in expected[1:]:
        keep = len(expected) - 1
        return ["...", *actual[-keep:]] if keep and len(actual) > keep else actual
    return actual


def run_document(path: Path, fix: bool = False) -> list[str]:
    """Run every console block of `path`; returns the differences (or, with `fix`, rewrites the file)."""
    text = path.read_text(encoding="utf-8")
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="jpledger-doc-") as top:
        sessions: dict[str, Session] = {}

        def session_named(header: str) -> Session:
            name, *settings = header.split()
            if name not in sessions:
                folder = Path(top) / name
                folder.mkdir()
                fixtures(folder)
                sessions[name] = Session(folder)
                for setting in settings:
                    key, _, value = setting.partition("=")
                    sessions[name].env[key] = value
            return sessions[name]

        session = session_named("main")
        pieces: list[str] = []
        last = 0
        for block in _BLOCK.finditer(text):
            if block.group(1):
                session = session_named(block.group(1))
            body = block.group(2)
            lines: list[str] = []
            for step in steps_of(body):
                actual = session.run(step.command)
                if not matches(step.expected, actual):
                    problems.append(f"{path.name}: `$ {step.command}` printed:\n" + "\n".join(actual)
                                    + "\n--- the document says:\n" + "\n".join(step.expected))
                lines.append(f"$ {step.command}")
                lines += rewritten(step.expected, actual) if not matches(step.expected, actual) else step.expected
                lines += [""] * step.gap
            pieces.append(text[last:block.start(2)])
            while lines and not lines[-1]:
                lines.pop()
            pieces.append("\n".join(lines) + "\n")
            last = block.end(2)
        pieces.append(text[last:])
    if fix and problems:
        path.write_text("".join(pieces), encoding="utf-8")
    return problems


def main() -> int:
    fix = "--fix" in sys.argv[1:]
    problems = [p for doc in DOCUMENTS if doc.exists() for p in run_document(doc, fix)]
    for problem in problems:
        print(problem, end="\n\n")
    if fix:
        print(f"rewrote {len(problems)} outputs" if problems else "every console example is as printed")
        return 0
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
