"""Every help text of the command tree, for the message catalog: command descriptions (their docstrings) and
option and argument help, as the help screens look them up. Used by `make catalog` (a Babel extraction method)
and the catalog test; never imported when jpledger runs."""

from __future__ import annotations

import inspect
from typing import Iterator


def texts() -> Iterator[str]:
    """The msgids the help screens translate: each command's help as shown, each parameter's help."""
    import typer.main

    from jpledger.cli import app

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
    for text in walk(typer.main.get_command(app)):
        if text not in seen:
            seen.add(text)
            yield text


def extract(fileobj, keywords, comment_tags, options) -> Iterator[tuple]:
    """A Babel extraction method for cli/__init__.py: its own marked messages, then the whole tree's help."""
    from babel.messages.extract import extract_python

    yield from extract_python(fileobj, keywords, comment_tags, options)
    for text in texts():
        yield 0, "N_", text, ["help"]
