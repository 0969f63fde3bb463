"""The officer's language: the catalogs are complete and compiled, the language is chosen as the spec says for every
invocation, help and usage errors (Typer's and Click's words included) speak it, and tables write its numbers."""

from __future__ import annotations

import ast
import io
import json
import re
import string
import subprocess
import sys
from csv import DictReader
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from conftest import BUDI, EKO
from jpledger import i18n
from jpledger.cli import app
from jpledger.errors import UsageError

SRC = Path(__file__).resolve().parent.parent / "src" / "jpledger"
PO = SRC / "locale" / "id" / "LC_MESSAGES" / "jpledger.po"
MO = PO.with_suffix(".mo")
# The keywords `make catalog` extracts with.
KEYWORDS = {"_": None, "N_": None, "Np_": (1, 2), "gettext": None, "ngettext": (1, 2)}
LANGUAGE_VARIABLES = ("JPLEDGER_LANG", *i18n.LOCALE_VARIABLES)

# Plain sentences still passed to the error classes instead of a code (code TEXT). Others convert modules to codes;
# lower this number as they do. It may only go down.
PLAIN_SENTENCE_ERRORS = 0


# --- the catalog ------------------------------------------------------------------------------------------------

def _forms(text) -> tuple:
    """A message's forms: one, or singular and plural (`Np_`, `ngettext`)."""
    return tuple(text) if isinstance(text, (tuple, list)) else (text,)


# As `make catalog` reads the code (babel.cfg): marked messages, and every help text of the command tree.
METHODS = [("cli/__init__.py", "jpledger.cli.helptext.extract"), ("**.py", "python")]


def _extracted() -> set[str]:
    """Every msgid the code can produce (a plural message by its singular, as the catalog keys it)."""
    return {_forms(message)[0] for _, _, message, _, _ in extract_from_dir(str(SRC), method_map=METHODS,
                                                                           keywords=KEYWORDS)}


@pytest.fixture(scope="module")
def catalog():
    with PO.open("rb") as handle:
        return read_po(handle)


def test_every_message_the_code_can_show_has_its_indonesian(catalog):
    # Typer's and Click's words are marked in jpledger.cli (TYPER_TEXTS), so extraction finds them too.
    wanted = _extracted()
    assert {"Usage:", "Options", "Show this message and exit.", "required", "no such option: {option}"} <= wanted
    untranslated = sorted(m for m in wanted if not (catalog.get(m) and all(_forms(catalog.get(m).string))))
    fuzzy = sorted(_forms(m.id)[0] for m in catalog if m.id and m.fuzzy)
    assert (untranslated, fuzzy) == ([], []), "run `make catalog` and translate these in the .po"
    assert not catalog.fuzzy, "the catalog's header is marked fuzzy: pybabel compile would skip it"


def test_the_catalog_holds_nothing_the_code_no_longer_says(catalog):
    wanted = _extracted()  # once: extracting reads every source file
    unused = sorted(_forms(m.id)[0] for m in catalog if m.id and _forms(m.id)[0] not in wanted)
    assert unused == [] and not catalog.obsolete, "run `make catalog` to drop them"


def test_the_committed_mo_is_the_compiled_po(catalog):
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    assert MO.read_bytes() == compiled.getvalue(), "run `make catalog` to compile the .po"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_translation_keeps_the_placeholders_of_its_message(catalog):
    wrong = {}
    for m in catalog:
        wanted = set().union(*map(_fields, _forms(m.id))) if m.id else set()
        if m.id and any(_fields(form) != wanted for form in _forms(m.string)):
            wrong[_forms(m.id)[0]] = m.string
    assert wrong == {}


def test_the_placeholder_check_sees_a_dropped_placeholder():
    assert _fields("no such option: {option}") != _fields("tidak ada opsi")


def _error_classes(trees) -> set[str]:
    names, grew = {"JPLedgerError"}, True
    while grew:
        grew = False
        for tree in trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and node.name not in names and any(
                        getattr(base, "id", getattr(base, "attr", None)) in names for base in node.bases):
                    names.add(node.name)
                    grew = True
    return names


def plain_sentence_errors(source: Path) -> list[str]:
    """Where an error of jpledger's family is raised with a sentence (f-string, text, str(exc)) instead of a code."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in sorted(source.rglob("*.py"))}
    classes, found = _error_classes(trees.values()), []
    for path, tree in trees.items():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and node.args
                    and getattr(node.func, "id", getattr(node.func, "attr", None)) in classes):
                if not _a_code(node.args[0]):
                    found.append(f"{path.relative_to(source)}:{node.lineno}")
    return found


def _a_code(node: ast.expr) -> bool:
    """A code as written: `"STAFF_NOT_FOUND"`, a choice of two codes, or a value named `code` that holds one."""
    if isinstance(node, ast.IfExp):
        return _a_code(node.body) and _a_code(node.orelse)
    if isinstance(node, (ast.Name, ast.Attribute)):
        return getattr(node, "id", getattr(node, "attr", None)) == "code"
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(
        re.fullmatch(r"[A-Z][A-Z0-9_]*", node.value))


def test_plain_sentence_errors_only_ever_become_fewer():
    found = plain_sentence_errors(SRC)
    assert len(found) <= PLAIN_SENTENCE_ERRORS, \
        f"{len(found)} errors raised with a sentence instead of a code (at most {PLAIN_SENTENCE_ERRORS}): " \
        "give the new ones a code in jpledger/codes.py"


def test_the_ratchet_counts_sentences_and_not_codes(tmp_path):
    (tmp_path / "errors.py").write_text("class JPLedgerError(Exception): pass\n"
                                        "class UsageError(JPLedgerError): pass\n"
                                        "class NipError(UsageError): pass\n")
    (tmp_path / "use.py").write_text("def f(x, exc):\n"
                                     "    UsageError('NIP_NOT_FOUND', nip=x)\n"
                                     "    UsageError(f'{x} is not in the ledger')\n"
                                     "    NipError('bad NIP')\n"
                                     "    UsageError(str(exc))\n"
                                     "    UsageError('A' if x else 'B', nip=x)\n"
                                     "    UsageError('A' if x else f'{x} is wrong')\n"
                                     "    UsageError(exc.code)\n"
                                     "    UsageError(x)\n")
    assert plain_sentence_errors(tmp_path) == ["use.py:3", "use.py:4", "use.py:5", "use.py:7", "use.py:9"]


# --- choosing the language --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("option", "environ", "expected"), [
    (None, {}, ("en", False)),
    ("id", {}, ("id", True)),
    ("en", {"JPLEDGER_LANG": "id"}, ("en", True)),
    (None, {"JPLEDGER_LANG": "id", "LANG": "en_US.UTF-8"}, ("id", True)),
    (None, {"LANG": "id_ID.UTF-8"}, ("id", False)),
    (None, {"LANGUAGE": "en", "LANG": "id_ID"}, ("en", False)),
    (None, {"LANGUAGE": "id:en", "LANG": "en_US.UTF-8"}, ("id", False)),
    (None, {"LC_ALL": "id_ID.UTF-8", "LANG": "en_US.UTF-8"}, ("id", False)),
    (None, {"LC_MESSAGES": "en_GB.UTF-8", "LANG": "id_ID.UTF-8"}, ("en", False)),
    (None, {"LANG": "C.UTF-8"}, ("en", False)),
    (None, {"LANGUAGE": "", "LANG": "id_ID"}, ("id", False)),
])
def test_the_language_comes_from_the_option_then_jpledger_lang_then_the_locale(option, environ, expected):
    assert i18n.language_from(option, environ) == expected


@pytest.mark.parametrize(("option", "environ"), [("fr", {}), ("", {}), (None, {"JPLEDGER_LANG": "jawa"})])
def test_a_language_jpledger_does_not_speak_is_a_usage_error(option, environ):
    with pytest.raises(UsageError) as error:
        i18n.language_from(option, environ)
    assert error.value.code == "UNKNOWN_LANGUAGE"


def test_numbers_use_a_decimal_comma_in_indonesian_only():
    try:
        i18n.set_language("id")
        assert (i18n.number(Decimal("20.5")), i18n.shown(Decimal("0.67"))) == ("20,50", "0,67")
        i18n.set_language("en")
        assert (i18n.number(Decimal("20.5")), i18n.shown(Decimal("0.67"))) == ("20.50", "0.67")
    finally:
        i18n.reset()


@pytest.mark.parametrize(("own", "lang", "explicit", "expected"), [
    (None, "en", False, "id"), (None, "en", True, "en"), ("en", "id", True, "en"), (None, "id", False, "id")])
def test_a_workbook_follows_its_own_lang_then_an_explicit_choice_else_indonesian(own, lang, explicit, expected):
    try:
        i18n.set_language(lang, explicit)
        assert i18n.workbook_language(own) == expected
    finally:
        i18n.reset()


# --- through the command line -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("options", "environ", "sheets"), [
    (["--lang", "en", "export", "{file}"], {}, ["Staff", "Activities"]),
    (["export", "{file}"], {"JPLEDGER_LANG": "en"}, ["Staff", "Activities"]),
    (["export", "{file}"], {"LANG": "en_US.UTF-8"}, ["Pegawai", "Kegiatan"]),  # a locale alone: Indonesian
    (["--lang", "en", "export", "{file}", "--lang", "id"], {}, ["Pegawai", "Kegiatan"]),  # its own --lang first
    (["--lang", "en", "template", "{file}"], {}, ["Instructions", "Staff"]),
    (["template", "{file}"], {"JPLEDGER_LANG": "en"}, ["Instructions", "Staff"]),
    (["template", "{file}"], {}, ["Petunjuk", "Pegawai"]),
])
def test_export_and_template_follow_the_global_language_when_one_was_chosen(cli, tmp_path, monkeypatch, options,
                                                                             environ, sheets):
    import openpyxl

    for name in LANGUAGE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    cli.ok("staff", "add", BUDI, "--name", "Budi Santoso")
    file = tmp_path / "book.xlsx"
    cli.ok(*[str(file) if a == "{file}" else a for a in options])
    assert openpyxl.load_workbook(file).sheetnames[:2] == sheets


@pytest.fixture
def run(monkeypatch):
    """Runs jpledger in-process with only the language variables given (none of this machine's)."""
    runner = CliRunner()

    def invoke(*args, **environ):
        for name in LANGUAGE_VARIABLES:
            monkeypatch.delenv(name, raising=False)
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        return runner.invoke(app, [str(a) for a in args])

    return invoke


def test_help_in_indonesian_has_typer_and_click_words_translated(run):
    result = run("--lang", "id", "--help")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Penggunaan: jpledger [OPSI] PERINTAH [ARGUMEN]...")
    for words in ("Buku besar jam pelajaran (JP)", "\nOpsi:\n", "\nPerintah:\n", "Tampilkan pesan ini lalu keluar.",
                  "Daftarkan pegawai dan ubah datanya.", "Pasang pelengkapan otomatis"):
        assert words in out
    for english in ("Usage:", "Options:", "Commands:", "Show this message and exit."):
        assert english not in out


def test_help_of_a_command_in_indonesian(run):
    result = run("--lang", "id", "staff", "add", "--help")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("Penggunaan: jpledger staff add [OPSI] {nip}")
    assert "\nArgumen:\n" in out and "\nOpsi:\n" in out
    assert "[wajib]" in out and "[bawaan: PNS]" in out
    assert "Usage:" not in out and "required" not in out and "default:" not in out
    assert "<teks>" in out and "<str>" not in out  # the kind of value an option takes, too
    year = run("--lang", "id", "totals", "--help").stdout
    assert "--year <angka>" in year and "<int range>" not in year


def test_help_in_english_stays_english(run):
    out = run("staff", "add", "--help").stdout
    assert out.startswith("Usage: jpledger staff add [OPTIONS] {nip}")
    assert "\nArguments:\n" in out and "[required]" in out and "[default: PNS]" in out


def test_the_help_of_each_command_is_built_by_jpledger_classes():
    import typer

    from jpledger.cli import HelpGroup, LedgerCommand

    def walk(command):
        yield command
        for sub in getattr(command, "commands", {}).values():
            yield from walk(sub)

    foreign = [c.name for c in walk(typer.main.get_command(app)) if not isinstance(c, (HelpGroup, LedgerCommand))]
    assert foreign == []


@pytest.mark.parametrize(("environ", "lines"), [
    ({}, ["error: no such option: --xyzzy", "hint: run 'jpledger staff update --help' to see the options"]),
    ({"JPLEDGER_LANG": "id"}, ["kesalahan: tidak ada opsi --xyzzy",
                               "saran: jalankan 'jpledger staff update --help' untuk melihat daftar opsi"]),
    ({"LANG": "id_ID.UTF-8"}, ["kesalahan: tidak ada opsi --xyzzy",
                               "saran: jalankan 'jpledger staff update --help' untuk melihat daftar opsi"]),
    ({"LANGUAGE": "en", "LANG": "id_ID"}, ["error: no such option: --xyzzy",
                                          "hint: run 'jpledger staff update --help' to see the options"]),
])
def test_an_unknown_option_is_one_line_and_a_hint_in_the_language(run, environ, lines):
    result = run("staff", "update", BUDI, "--xyzzy", "01/01/2026", **environ)
    assert (result.exit_code, result.stdout, result.stderr.splitlines()) == (2, "", lines)


USAGE_ERRORS = [
    (("staff", "add"), "missing argument NIP", "argumen NIP belum diisi", "what it takes"),
    (("totals",), "missing option --year", "opsi --year belum diisi", "the options"),
    (("totals", "--year"), "option --year needs a value", "opsi --year memerlukan nilai", "the options"),
    (("--quiet=yes", "init"), "option --quiet takes no value", "opsi --quiet tidak menerima nilai", "the options"),
    (("totals", "--year", "abc"), "--year: 'abc' is not a whole number", "--year: 'abc' bukan bilangan bulat",
     "the options"),
    (("totals", "--year", "1800"), "--year: 1800 is too small (at least 1900)",
     "--year: 1800 terlalu kecil (minimal 1900)", "the options"),
    (("totals", "--year", "3000"), "--year: 3000 is too large (at most 2999)",
     "--year: 3000 terlalu besar (maksimal 2999)", "the options"),
    (("totals", "--year", "2026", "--format", "xml"), "--format: 'xml' is not one of table, json, csv",
     "--format: 'xml' bukan salah satu dari table, json, csv", "the options"),
    (("totals", "--yeer", "2026"), "no such option: --yeer (did you mean --year?)",
     "tidak ada opsi --yeer (maksud Anda --year?)", "the options"),
    (("stafff",), "no such command: stafff (did you mean staff?)",
     "tidak ada perintah stafff (maksud Anda staff?)", "the commands"),
    (("staff", "hire"), "no such command: hire", "tidak ada perintah hire", "the commands"),
    (("-q",), "missing command", "perintah belum diberikan", "the commands"),
    (("staff", "show", BUDI, "extra"), "unexpected extra argument(s): extra",
     "argumen berlebih yang tidak dikenali: extra", "what it takes"),
]


@pytest.mark.parametrize(("args", "english", "indonesian", "hint"), USAGE_ERRORS)
def test_usage_errors_are_one_line_and_a_hint_in_both_languages(run, args, english, indonesian, hint):
    result = run(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    error, hint_line = result.stderr.splitlines()
    assert error == f"error: {english}"
    assert re.fullmatch(rf"hint: run 'jpledger[a-z -]*--help' to see {hint}", hint_line)
    result = run("--lang", "id", *args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines()[0] == f"kesalahan: {indonesian}"
    assert result.stderr.splitlines()[1].startswith("saran: jalankan 'jpledger")


@pytest.mark.parametrize(("args", "environ", "line"), [
    (("--lang", "fr", "--help"), {}, "error: --lang: 'fr' is not a language jpledger speaks; use id (Indonesian) "
                                     "or en (English)"),
    (("--lang", "fr", "--help"), {"LANG": "id_ID.UTF-8"},
     "kesalahan: --lang: 'fr' bukan bahasa yang dikenal jpledger; gunakan id (Bahasa Indonesia) atau en "
     "(bahasa Inggris)"),
    (("--help",), {"JPLEDGER_LANG": "jawa"}, "error: JPLEDGER_LANG: 'jawa' is not a language jpledger speaks; "
                                             "use id (Indonesian) or en (English)"),
])
def test_a_bad_language_is_a_usage_error_in_the_locale_language(run, args, environ, line):
    result = run(*args, **environ)
    assert (result.exit_code, result.stdout, result.stderr.splitlines()) == (2, "", [line])


def test_nothing_leaks_from_one_invocation_to_the_next(run):
    assert run("--lang", "id", "--help").stdout.startswith("Penggunaan:")
    assert run("--help").stdout.startswith("Usage:")
    assert run("--help", JPLEDGER_LANG="id").stdout.startswith("Penggunaan:")
    assert run("--help", LANG="en_US.UTF-8").stdout.startswith("Usage:")
    assert i18n._state["lang"] is None  # a library call after a command settles its own language


def test_lang_typed_after_the_command_counts_too(run):
    result = run("staff", "update", BUDI, "--xyzzy", "x", "--lang", "id")
    assert result.stderr.startswith("kesalahan: tidak ada opsi --xyzzy\n")
    assert run("totals", "--help", "--lang=id").stdout.startswith("Penggunaan: jpledger totals")


def test_quiet_after_the_subcommand_is_the_global_option(unit):
    quiet_after = unit.ok("staff", "list", "-q")
    assert quiet_after.stdout == unit.ok("-q", "staff", "list").stdout
    assert quiet_after.stdout != unit.ok("staff", "list").stdout
    assert unit.ok("staff", "list", "--quiet").stdout == quiet_after.stdout


def test_db_after_the_subcommand_is_the_global_option(unit, tmp_path):
    elsewhere = tmp_path / "elsewhere.db"
    result = unit("staff", "list", "--db", elsewhere)
    assert result.exit_code == 4 and "jpledger init" in result.stderr  # read from the other, missing ledger
    assert not elsewhere.exists()
    assert unit("staff", "list", f"--db={elsewhere}").exit_code == 4


def test_an_option_value_that_looks_like_a_global_option_stays_a_value(unit):
    unit.ok("staff", "update", BUDI, "--position", "-q")
    assert unit.ok("staff", "show", BUDI, "--format", "json").json()["position"] == "-q"


def test_export_and_template_keep_their_own_lang_for_the_workbook(cli, tmp_path):
    from python_calamine import CalamineWorkbook

    cli.ok("staff", "add", BUDI, "--name", "Budi Santoso")
    cli.ok("--lang", "id", "export", tmp_path / "en.xlsx", "--lang", "en")
    cli.ok("export", tmp_path / "id.xlsx")
    cli.ok("--lang", "id", "template", tmp_path / "template.xlsx", "--lang", "en")
    sheets = {name: CalamineWorkbook.from_path(tmp_path / f"{name}.xlsx").sheet_names
              for name in ("en", "id", "template")}
    assert sheets["en"][:2] == ["Staff", "Activities"]
    assert sheets["id"][:2] == ["Pegawai", "Kegiatan"]
    assert "Instructions" in sheets["template"]


def test_tables_write_jp_as_the_language_does_and_csv_and_json_keep_the_point(unit):
    unit.ok("record", "training", BUDI, "--kind", "pelatihan_teknis", "--title", "Excel", "--start", "10/03/2026",
            "--jp", "20.5")
    english, indonesian = (unit.ok(*lang, "totals", "--year", "2026", "--status", "PNS").stdout
                           for lang in ((), ("--lang", "id")))
    assert re.search(rf"{BUDI} .* 20\.50 ", english) and "20,50" not in english
    assert re.search(rf"{BUDI} .* 20,50 ", indonesian) and "20.50" not in indonesian
    for lang in ((), ("--lang", "id")):
        csv = unit.ok(*lang, "totals", "--year", "2026", "--format", "csv").stdout
        assert {row["nip"]: row["jp"] for row in DictReader(io.StringIO(csv))}[BUDI] == "20.5"
        people = unit.ok(*lang, "totals", "--year", "2026", "--format", "json").json()
        assert {p["nip"]: p["jp"] for p in people}[BUDI] == 20.5


# --- start-up -----------------------------------------------------------------------------------------------

PROBE = """
import json, sys
opened = []
sys.addaudithook(lambda event, args: event == "open" and str(args[0]).endswith(".mo") and opened.append(str(args[0])))
from jpledger.cli import main
sys.argv = ["jpledger", *sys.argv[1:]]
try:
    main()
except SystemExit as done:
    code = done.code
heavy = ("sqlalchemy", "sqlmodel", "pydantic", "openpyxl", "xlsxwriter", "python_calamine", "babel")
print(json.dumps({"code": code, "catalogs": opened, "heavy": [m for m in heavy if m in sys.modules]}),
      file=sys.stderr)
"""


def _probe(*args: str, **environ: str) -> dict:
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", **environ}
    result = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env,
                            timeout=60)
    return json.loads(result.stderr.strip().splitlines()[-1])


def test_help_in_english_reads_no_catalog_and_loads_no_heavy_library():
    assert _probe("--help") == {"code": 0, "catalogs": [], "heavy": []}
    # Below the root too: plain values are coerced without Typer's pydantic adapters (cli/__init__.py).
    assert _probe("staff", "add", "--help") == {"code": 0, "catalogs": [], "heavy": []}


def test_help_in_indonesian_reads_the_one_catalog_and_loads_no_heavy_library():
    probe = _probe("--lang", "id", "--help")
    assert (probe["code"], probe["heavy"]) == (0, [])
    assert [Path(path).name for path in probe["catalogs"]] == ["jpledger.mo"]
    assert _probe("--help", LANG="id_ID.UTF-8")["catalogs"] == probe["catalogs"]


# --- the main paths, as an officer meets them in either language ------------------------------------------------

def _both(cli, *args):
    """The same command in English and in Indonesian."""
    return cli(*args), cli("--lang", "id", *args)


def test_record_speaks_the_language_and_writes_its_numbers(unit):
    english, indonesian = (unit.ok(*lang, "record", "training", BUDI, "--kind", "pelatihan_teknis", "--title", title,
                                   "--start", "10/03/2026", "--jp", "2.5")
                           for lang, title in (((), "Excel"), (("--lang", "id"), "Word")))
    assert english.stdout.startswith("Added\n") and " 2.50 " in english.stdout
    assert "1 entry added" in english.stderr
    assert indonesian.stdout.startswith("Ditambahkan\n") and " 2,50 " in indonesian.stdout
    assert "1 entri ditambahkan" in indonesian.stderr


def test_record_errors_are_one_line_in_either_language(unit):
    before = unit.snapshot()
    cases = [
        (("record", "training", "199203152019031009", "--kind", "B3", "--title", "X", "--start", "10/03/2026",
          "--jp", "2"), "error: NIP 199203152019031009 is not in the ledger",
         "kesalahan: NIP 199203152019031009 tidak ada di buku besar"),
        (("record", "training", BUDI, "--kind", "B3", "--title", "X", "--start", "31/02/2026", "--jp", "2"),
         "error: --start: 31/02/2026 is not a date", "kesalahan: --start: 31/02/2026 bukan tanggal yang valid"),
        (("record", "training", BUDI, "--kind", "B3", "--title", "X", "--start", "10/03/2026", "--end",
          "01/03/2026", "--jp", "2"), "error: --end: 2026-03-01 is before --start 2026-03-10",
         "kesalahan: --end: 2026-03-01 lebih awal daripada --start 2026-03-10"),
        (("record", "training", "1992031520", "--kind", "B3", "--title", "X", "--start", "10/03/2026", "--jp", "2"),
         "error: NIP '1992031520'", "kesalahan: NIP '1992031520': panjangnya harus 18 digit"),
    ]
    for args, english, indonesian in cases:
        en, id_ = _both(unit, *args)
        assert (en.exit_code, id_.exit_code, en.stdout, id_.stdout) == (2, 2, "", ""), args
        assert en.stderr.startswith(english) and len(en.stderr.splitlines()) == 1, en.stderr
        assert id_.stderr.startswith(indonesian) and len(id_.stderr.splitlines()) == 1, id_.stderr
    assert unit.snapshot() == before


@pytest.mark.parametrize(("rank", "english", "indonesian"), [
    ("IV/z", "unknown golongan 'IV/z': write it as III/a", "golongan 'IV/z' tidak dikenal: tulis seperti III/a"),
    ("Penata Muda (IV/a)", "golongan 'Penata Muda (IV/a)' contradicts itself: Penata Muda is III/a, IV/a is Pembina",
     "golongan 'Penata Muda (IV/a)' bertentangan dengan dirinya sendiri: Penata Muda adalah III/a, IV/a adalah "
     "Pembina"),
])
def test_staff_add_with_a_wrong_golongan_says_why_in_either_language(cli, rank, english, indonesian):
    before = cli.snapshot()
    en, id_ = _both(cli, "staff", "add", BUDI, "--name", "Budi", "--rank", rank)
    assert (en.exit_code, id_.exit_code) == (2, 2)
    assert en.stderr.startswith(f"error: --rank: {english}")
    assert id_.stderr.startswith(f"kesalahan: --rank: {indonesian}")
    assert cli.snapshot() == before


def test_a_rejected_import_names_each_cell_in_either_language(unit, tmp_path):
    from test_import import write_roster

    roster = write_roster(tmp_path / "kegiatan.xlsx", {"Kegiatan": [
        ["NIP", "Jenis Kegiatan", "Nama Kegiatan", "Tanggal Mulai", "JP"],
        [BUDI, "B3", "Analisis", "31/02/2026", 8],
        [BUDI, "ZZ", "Analisis", "10/03/2026", 8]]})
    before = unit.snapshot()
    en, id_ = _both(unit, "import", roster)
    assert (en.exit_code, id_.exit_code) == (3, 3)
    assert en.stderr.splitlines() == [
        f"{roster}:Kegiatan!D5: start date 31/02/2026 is not a date: February 2026 has 28 days",
        f"{roster}:Kegiatan!B6: unknown kind 'ZZ'; write a code such as B3 or C1, a key or a label "
        "(`jpledger policy show` lists them)",
        f"error: {roster}: 2 problems; nothing was imported"]
    assert id_.stderr.splitlines() == [
        f"{roster}:Kegiatan!D5: tanggal mulai 31/02/2026 bukan tanggal yang valid: Februari 2026 hanya punya 28 hari",
        f"{roster}:Kegiatan!B6: jenis kegiatan 'ZZ' tidak dikenal; tulis kode seperti B3 atau C1, kunci, atau "
        "namanya (`jpledger policy show` menampilkan daftarnya)",
        f"kesalahan: {roster}: 2 masalah; tidak ada yang diimpor"]
    assert unit.snapshot() == before


@pytest.mark.parametrize(("content", "english", "indonesian"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "this is an old Excel 97-2003 workbook (.xls)",
     "ini workbook Excel 97-2003 lama (.xls)"),
    (b"<html><body>roster</body></html>", "this is a web page saved with a spreadsheet name",
     "ini halaman web yang disimpan dengan nama lembar kerja"),
    (b"PK\x03\x04 broken", "the workbook is damaged (not a readable zip package)",
     "workbook rusak (bukan paket zip yang terbaca)"),
])
def test_a_refused_workbook_says_what_to_do_in_either_language(unit, tmp_path, content, english, indonesian):
    roster = tmp_path / "kegiatan.xlsx"
    roster.write_bytes(content)
    en, id_ = _both(unit, "import", roster)
    assert (en.exit_code, id_.exit_code) == (3, 3)
    assert en.stderr.startswith(f"error: {roster}: {english}")
    assert id_.stderr.startswith(f"kesalahan: {roster}: {indonesian}")
    assert ("Excel Workbook (.xlsx)" in en.stderr) == ("Excel Workbook (.xlsx)" in id_.stderr)


def test_a_missing_roster_and_a_missing_ledger_in_either_language(unit, tmp_path):
    en, id_ = _both(unit, "import", tmp_path / "nowhere.xlsx")
    assert (en.exit_code, en.stderr) == (2, f"error: {tmp_path / 'nowhere.xlsx'}: no such file\n")
    assert (id_.exit_code, id_.stderr) == (2, f"kesalahan: {tmp_path / 'nowhere.xlsx'}: berkas tidak ada\n")
    missing = tmp_path / "none.db"
    en, id_ = _both(unit, "--db", missing, "totals", "--year", "2026")
    assert (en.exit_code, id_.exit_code) == (4, 4) and not missing.exists()
    assert en.stderr.startswith(f"error: no ledger at {missing}; create one with `jpledger init`")
    assert id_.stderr.startswith(f"kesalahan: tidak ada buku besar di {missing}; buat dengan `jpledger init`")


def test_totals_statement_and_audit_read_in_indonesian(unit):
    unit.ok("record", "training", BUDI, "--kind", "pelatihan_teknis", "--title", "Excel", "--start", "10/03/2026",
            "--jp", "20.5")
    totals = unit.ok("--lang", "id", "totals", "--year", "2026").stdout
    assert "Unit kerja" in totals and "Kekurangan" in totals and "memenuhi" in totals and "kurang" in totals
    assert not re.search(r"\b(Name|Unit(?! kerja)|Needed|State|met|short)\b", totals)
    statement = unit.ok("--lang", "id", "statement", BUDI, "--year", "2026").stdout
    assert "Total 20,50 JP" in statement and "memenuhi" in statement
    assert not re.search(r"\b(Start|End|Credited|Counted|minimum|met)\b", statement)
    audit = unit("--lang", "id", "audit", "--year", "2026")
    assert audit.exit_code in (0, 1)
    assert "dihitung sampai" in audit.stdout and "Kepatuhan per unit kerja" in audit.stdout
    assert not re.search(r"\b(counted to|Compliance|Findings|Severity|Message|Short of the minimum)\b", audit.stdout)
    english = unit("audit", "--year", "2026").stdout
    assert "counted to" in english and "Compliance per unit" in english


def test_people_with_no_unit_are_grouped_under_words_of_the_interface_language(cli):
    cli.ok("staff", "add", BUDI, "--name", "Budi Santoso", "--status", "PNS")
    assert "(tanpa unit)" in cli("--lang", "id", "audit", "--year", "2026").stdout
    assert "(no unit)" in cli("audit", "--year", "2026").stdout
    # the data keeps one name whatever the language, for scripts
    assert [u["unit"] for u in cli("--lang", "id", "audit", "--year", "2026", "--format", "json").json()["units"]] \
        == ["(no unit)"]


def test_filters_take_states_and_statuses_in_either_language(unit):
    unit.ok("record", "training", BUDI, "--kind", "pelatihan_teknis", "--title", "Excel", "--start", "10/03/2026",
            "--jp", "20.5")
    nips = lambda *args: [p["nip"] for p in unit.ok(*args, "--format", "json").json()]  # noqa: E731
    short = nips("totals", "--year", "2026", "--state", "short")
    assert BUDI not in short and short == nips("totals", "--year", "2026", "--state", "kurang")
    assert nips("totals", "--year", "2026", "--state", "memenuhi") == nips("totals", "--year", "2026", "--state", "met")
    assert nips("totals", "--year", "2026", "--status", "pns") == nips("totals", "--year", "2026", "--status", "PNS")
    assert EKO in nips("totals", "--year", "2026", "--status", "pppk")
    unverified = [a["id"] for a in unit.ok("activity", "list", "--verification", "unverified", "--format",
                                             "json").json()]
    assert unverified and unverified == [a["id"] for a in unit.ok("activity", "list", "--verification",
                                                                    "belum diverifikasi", "--format", "json").json()]
    assert unit.ok("activity", "list", "--verification", "Ditolak", "--format", "json").json() == []
    en, id_ = _both(unit, "activity", "list", "--verification", "checked")
    assert en.stderr.startswith("error: --verification: 'checked' is not one of unverified, verified, rejected")
    assert id_.stderr.startswith("kesalahan: --verification: 'checked' bukan salah satu dari unverified, verified, "
                                 "rejected, belum diverifikasi")
    en, id_ = _both(unit, "totals", "--year", "2026", "--status", "honorer")
    assert en.stderr.startswith("error: --status: 'honorer' is not a status; use PNS, CPNS or PPPK")
    assert id_.stderr.startswith("kesalahan: --status: 'honorer' bukan status kepegawaian; gunakan PNS, CPNS, atau "
                                 "PPPK")
