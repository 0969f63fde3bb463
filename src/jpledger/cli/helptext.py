"""Every help text of the command tree, for the message catalog: command descriptions (their docstrings) and
option and argument help, as the help screens look them up. Used by `make catalog` (a Babel extraction method)
and the catalog test; never imported when jpledger runs.

Also writes the index of commands (cli/tree.py) from their declarations: `python -m jpledger.cli.helptext`.
"""

from __future__ import annotations

import inspect
import pprint
from pathlib import Path
from typing import Iterator

TREE_FILE = Path(__file__).with_name("tree.py")
TREE_HEAD = '''"""The index of commands: each command's name, where its function is, and its help as declared, in the
order help lists them; a group has its help and its own commands. The root lists commands from here and imports a
command's module only when that command runs or shows its own help.

Written by `python -m jpledger.cli.helptext` from the declarations (cli.declared_app); a test fails when it is out
of date. Do not edit by hand.
"""

'''


def texts() -> Iterator[str]:
    """The msgids the help screens translate: each command's help as shown, each parameter's help."""
    import typer.main

    from jpledger.cli import declared_app

    def walk(command) -> Iterator[str]:
        for text in (command.help, command.short_help):
            if text:
                yield inspect.cleandoc(text).partition("\f")[0]
        for param in getattr(command, "params", ()):
            if getattr(param, "help", None) and not getattr(param, "hidden", False):
                yield param.help
        for sub in getattr(command, "commands", {}).values():
            yield from walk(sub)

    seen: set[str] = set()
    for text in walk(typer.main.get_command(declared_app())):
        if text not in seen:
            seen.add(text)
            yield text


def extract(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """A Babel extraction method for cli/__init__.py: its own marked messages, then the whole tree's help."""
    from babel.messages.extract import extract_python

    yield from extract_python(fileobj, keywords, comment_tags, options)
    for text in texts():
        yield 0, "N_", text, ["help"]


def tree() -> dict:
    """The index of the declared tree: {name: (module, function, help)} for a command, {name: (help, {...})} for a
    group; only what the index can rebuild is allowed (no short help, hidden command or group callback)."""
    import typer.main
    from typer.models import DefaultPlaceholder

    from jpledger.cli import declared_app

    def index(typer_app, built) -> dict:
        functions = {}
        for info in typer_app.registered_commands:
            name = info.name or typer.main.get_command_name(info.callback.__name__)
            functions[name] = info.callback
        groups = {info.name: info.typer_instance for info in typer_app.registered_groups}
        entries = {}
        for name, command in built.commands.items():
            if command.short_help or command.hidden or command.deprecated or command.epilog:
                raise ValueError(f"{name}: the index keeps only a command's help")
            if name in groups:
                sub = groups[name]
                if sub.registered_callback or not isinstance(sub.info.callback, DefaultPlaceholder):
                    raise ValueError(f"{name}: the index has no place for a group's own options")
                entries[name] = (command.help, index(sub, command))
            else:
                function = functions[name]
                module = inspect.getmodule(function)
                if getattr(module, function.__name__, None) is not function:
                    raise ValueError(f"{name}: {function.__name__} is not a name of its module")
                entries[name] = (module.__name__, function.__name__, command.help)
        return entries

    declared = declared_app()
    return index(declared, typer.main.get_command(declared))


def tree_source() -> str:
    return TREE_HEAD + "TREE = " + pprint.pformat(tree(), width=116, sort_dicts=False) + "\n"


if __name__ == "__main__":
    TREE_FILE.write_text(tree_source(), encoding="utf-8")
    print(f"wrote {TREE_FILE.name}")
