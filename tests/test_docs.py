"""Every command has help with an example and a line in the README; every finding code is documented."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from jpledger.cli import app
from jpledger.codes import FINDINGS as FINDING_KINDS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _commands() -> list[str]:
    command = typer.main.get_command(app)
    paths = []

    def walk(group, prefix):
        for name, sub in group.commands.items():
            if hasattr(sub, "commands"):
                walk(sub, prefix + [name])
            else:
                paths.append(" ".join(prefix + [name]))

    walk(command, [])
    return sorted(paths)


COMMANDS = _commands()


def test_the_spec_commands_exist():
    for name in ("init", "staff add", "staff update", "staff leave", "staff list", "staff show", "record magang",
                 "record coaching", "record mentoring", "record training", "activity list", "activity show",
                 "activity void", "totals", "statement", "audit", "policy show", "policy check", "policy use",
                 "log", "backup", "check", "year close", "year reopen", "migrate-to"):
        assert name in COMMANDS


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help_with_an_example(name):
    from typer.testing import CliRunner

    result = CliRunner().invoke(app, [*name.split(), "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout, f"`jpledger {name} --help` shows no example"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme(name):
    assert f"`{name} " in README or f"`{name}`" in README or f"jpledger {name}" in README, \
        f"`{name}` is not documented in README.md"


@pytest.mark.parametrize("code", sorted(FINDING_KINDS))
def test_every_finding_code_is_in_the_readme(code):
    assert f"`{code}`" in README


def _check_codes() -> list[str]:
    from jpledger.codes import CHECKS
    from jpledger.store.checks import CHECK_CODES

    return sorted(set(CHECK_CODES) | set(CHECKS))


@pytest.mark.parametrize("code", _check_codes())
def test_every_check_code_is_in_the_readme(code):
    assert f"`{code}`" in README
