"""The root lists commands from an index (cli/tree.py) and builds a command only when it runs or shows its own help:
the index must say what the declarations say, and every help screen must read the same either way."""

import subprocess
import sys

import pytest
import typer.main
from typer.testing import CliRunner

from jpledger.cli import app, declared_app
from jpledger.cli.helptext import TREE_FILE, tree_source


def _paths(command, path=()):
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from _paths(sub, (*path, name))


DECLARED = declared_app()
PATHS = list(_paths(typer.main.get_command(DECLARED)))


def test_the_index_is_written_from_the_declarations():
    # After changing a command's name, help or module: python -m jpledger.cli.helptext
    assert TREE_FILE.read_text(encoding="utf-8") == tree_source()


def test_the_index_lists_the_declared_tree():
    assert list(_paths(typer.main.get_command(app))) == PATHS
    assert len(PATHS) > 40


@pytest.mark.parametrize("lang", ["en", "id"])
def test_every_help_screen_reads_the_same_from_the_index_and_from_the_declarations(lang):
    runner = CliRunner()
    for path in PATHS:
        args = ["--lang", lang, *path, "--help"]
        indexed, declared = runner.invoke(app, args), runner.invoke(DECLARED, args)
        assert (indexed.exit_code, indexed.stdout) == (declared.exit_code, declared.stdout), path
        assert indexed.exit_code == 0 and indexed.stdout


PROBE = """
import sys
from jpledger.cli import main
sys.argv = ["jpledger", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
print(sorted(m for m in sys.modules if m.startswith("jpledger.") and m.count(".") > 1), file=sys.stderr)
"""


@pytest.mark.parametrize(("args", "modules"), [
    (["--help"], []),
    (["--lang", "id", "--help"], []),
    (["staff", "--help"], []),
    (["year", "--help"], []),
    (["staff", "show", "--help"], ["jpledger.cli.common", "jpledger.cli.render", "jpledger.cli.staff"]),
])
def test_help_imports_only_the_commands_it_shows(args, modules):
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60)
    imported = eval(done.stderr.strip().splitlines()[-1])
    assert [m for m in imported if m.startswith("jpledger.cli.") and m != "jpledger.cli.tree"] == modules
