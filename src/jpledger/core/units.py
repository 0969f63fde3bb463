"""Units (unit kerja) as a tree: levels, what lies below a unit, rolling a unit up to a level, refusing cycles."""

from __future__ import annotations

from typing import Iterable, Mapping

# A unit's parent by code (None at the top): the whole tree in one mapping, as the ledger's `unit` table holds it.
Parents = Mapping[str, "str | None"]


def levels(parents: Parents) -> dict[str, int]:
    """Each unit's level: 1 at the top, its parent's level + 1 below it.

    A parent that is not a unit, or a loop no command would have made, counts as the top: a report still shows
    every unit somewhere instead of failing.
    """
    out: dict[str, int] = {}
    for code in parents:
        chain = []
        at: str | None = code
        while at is not None and at not in out and at in parents and at not in chain:
            chain.append(at)
            at = parents[at]
        level = out.get(at, 0) if at is not None else 0
        for unit in reversed(chain):
            level += 1
            out[unit] = level
    return out


def children(parents: Parents) -> dict[str | None, list[str]]:
    """The units directly below each unit (None: the top level), in code order."""
    out: dict[str | None, list[str]] = {}
    for code in sorted(parents):
        parent = parents[code]
        out.setdefault(parent if parent in parents else None, []).append(code)
    return out


def subtree(parents: Parents, roots: Iterable[str]) -> set[str]:
    """The units given and every unit below them."""
    below = children(parents)
    found: set[str] = set()
    waiting = [code for code in roots if code in parents]
    while waiting:
        code = waiting.pop()
        if code not in found:
            found.add(code)
            waiting.extend(below.get(code, ()))
    return found


def tree_order(parents: Parents) -> list[str]:
    """Every unit, each parent before the units below it, siblings in code order (how `unit list` reads)."""
    below = children(parents)
    ordered: list[str] = []
    seen: set[str] = set()
    waiting = list(reversed(below.get(None, [])))
    while waiting:
        code = waiting.pop()
        if code in seen:
            continue
        seen.add(code)
        ordered.append(code)
        waiting.extend(reversed(below.get(code, [])))
    # Units caught in a loop hang below no top unit: listed last rather than lost.
    ordered.extend(code for code in sorted(parents) if code not in seen)
    return ordered


def ancestor_at(parents: Parents, code: str, level: int, depth: Mapping[str, int] | None = None) -> str:
    """The unit at `level` above `code`; a unit at or above that level is its own answer. `depth`: the tree's
    `levels`, when the caller asks for many units."""
    depth = levels(parents) if depth is None else depth
    at = code
    while depth.get(at, 1) > level and parents.get(at) in parents:
        at = parents[at]  # type: ignore[assignment]
    return at


def makes_cycle(parents: Parents, code: str, parent: str | None) -> bool:
    """Whether putting `code` below `parent` would make a unit its own ancestor."""
    at = parent
    seen: set[str] = set()
    while at is not None and at not in seen:
        if at == code:
            return True
        seen.add(at)
        at = parents.get(at)
    return False
