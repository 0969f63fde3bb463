"""Collecting every problem of a YAML file (policy, import profile), each tagged with file, line and key."""

from __future__ import annotations

import yaml


class Problems:
    """Problems of one file, one line each: `FILE line N: dotted.key: message`."""

    def __init__(self, source: str):
        self.source = source
        self.items: list[str] = []

    def add(self, node: yaml.Node | None, where: str, message: str) -> None:
        line = f" line {node.start_mark.line + 1}" if node is not None else ""
        prefix = f"{where}: " if where else ""
        self.items.append(f"{self.source}{line}: {prefix}{message}")
