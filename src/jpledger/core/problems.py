"""Every problem of a YAML file (policy, import profile) at once, each as `FILE line N: dotted.key: message`.

A file is composed to YAML nodes, which know their lines, and turned into plain data (every scalar as the text
written, so 1.2 stays 1.2; null as None) together with an index from each key path to its nodes. A schema checks
the data and reports its errors by key path; `locate` turns each into a Problem on the line that path was written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from jpledger.core.values import Bad
from jpledger.errors import Problem

Path = tuple  # a key path: mapping keys (str) and list positions (int)

_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"
# A policy has a few hundred nodes; aliases could make a small file expand without bound.
MAX_NODES = 50_000


@dataclass
class Document:
    """A YAML file as plain data, with the nodes of every key path and the problems found reading it."""

    source: str
    data: Any = None
    nodes: dict[Path, tuple[Any, Any]] = field(default_factory=dict)  # path -> (key node, value node)
    problems: list[Problem] = field(default_factory=list)
    paths: list[Path] = field(default_factory=list)  # the key path of each problem added by path

    def where(self, path: Path, node: Any = None) -> str:
        """`FILE line N: dotted.key`: the line of `node`, else of the path's key (or its value where it has none)."""
        if node is None:
            found = self._nodes_near(path)
            if found is not None:
                node = found[0] if found[0] is not None else found[1]
        at = on_line(self.source, node.start_mark.line + 1) if node is not None else self.source
        dotted = dotted_path(path)
        return f"{at}: {dotted}" if dotted else at

    def _nodes_near(self, path: Path):
        while path not in self.nodes and path:
            path = path[:-1]
        return self.nodes.get(path)

    def add(self, path: Path, code: str, *, node: Any = None, **params: Any) -> None:
        self.problems.append(Problem(self.where(path, node), code, params))
        self.paths.append(path)

    def add_unlined(self, path: Path, code: str, **params: Any) -> None:
        """A problem of something the file lacks altogether: there is no line to point at."""
        self.problems.append(Problem(f"{self.source}: {dotted_path(path)}", code, params))
        self.paths.append(path)

    def has_problem(self, path: Path) -> bool:
        """Whether a problem was found at `path` or inside it."""
        return any(found[:len(path)] == path for found in self.paths)


def on_line(source: str, line: int) -> str:
    """`FILE line N`, in the interface language."""
    from jpledger.codes import message

    return message("AT_LINE", {"file": source, "line": line})


def dotted_path(path: Path) -> str:
    """`kinds.coaching.jp_per_unit`; list positions count from 1, as a person does: `requirements[1].min_jp`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part + 1}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def read_yaml(text: str, source: str, empty_code: str, **empty_params: Any) -> Document:
    """Compose `text` into a Document; a file that is not YAML, or is empty, is one problem and no data."""
    import yaml

    document = Document(source)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        at = on_line(source, mark.line + 1) if mark is not None else source
        document.problems.append(Problem(at, "YAML_INVALID",
                                         {"detail": error.problem or error.context or "cannot be read"}))
        return document
    except yaml.YAMLError as error:
        document.problems.append(Problem(source, "YAML_INVALID", {"detail": str(error)}))
        return document
    except RecursionError:
        document.problems.append(Problem(source, "YAML_TOO_BIG", {}))
        return document
    if root is None:
        document.problems.append(Problem(source, empty_code, empty_params))
        return document
    document.nodes[()] = (None, root)
    try:
        document.data = _Converter(document).value(root, ())
    except (_TooBig, RecursionError):
        document.problems = [Problem(source, "YAML_TOO_BIG", {})]
        document.data = None
    return document


class _TooBig(Exception):
    pass


class _Converter:
    """Plain data from nodes: mappings (merges resolved, duplicates reported), lists, scalars as their text."""

    def __init__(self, document: Document):
        self.document = document
        self.count = 0

    def value(self, node, path: Path):
        import yaml

        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for position, item in enumerate(node.value):
                self.document.nodes[(*path, position)] = (None, item)
                items.append(self.value(item, (*path, position)))
            return items
        return None if node.tag == _NULL else node.value

    def mapping(self, node, path: Path):
        import yaml

        document = self.document
        seen: dict[str, Any] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE:
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                document.add(path, "YAML_PLAIN_KEYS", node=key_node)
                return {}
            if key_node.value in seen:
                document.add((*path, key_node.value), "YAML_TWICE", node=key_node,
                             line=seen[key_node.value].start_mark.line + 1)
            seen[key_node.value] = key_node
        try:
            # Resolves `<<: *anchor` in place so that kinds may share settings; later keys win, as YAML says.
            yaml.constructor.SafeConstructor().flatten_mapping(node)
        except yaml.MarkedYAMLError as error:
            document.add(path, "YAML_MERGE", detail=error.problem)
            return {}
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                document.add(path, "YAML_PLAIN_KEYS", node=key_node)
                return {}
            key = key_node.value
            out.pop(key, None)
            document.nodes[(*path, key)] = (key_node, value_node)
            out[key] = self.value(value_node, (*path, key))
        return out


def unknown(name: str, known: Iterable[str], codes: tuple[str, str], **params: Any) -> Bad:
    """An unknown name: "did you mean" the closest known one (codes[0]), else the list of them (codes[1])."""
    import difflib

    known = list(known)
    near = difflib.get_close_matches(str(name), known, n=1)
    if near:
        return Bad(codes[0], close=near[0], **params)
    return Bad(codes[1], known=", ".join(known), **params)


# What each of pydantic's own error types means in a YAML file; the schemas' own errors carry a Bad code instead.
_PYDANTIC = {
    "model_type": "YAML_MAPPING",
    "model_attributes_type": "YAML_MAPPING",
    "dict_type": "YAML_MAPPING",
    "list_type": "YAML_LIST",
    "string_type": "YAML_SINGLE",
}


@dataclass
class Wording:
    """How one kind of file words the errors that depend on it: unknown keys, and missing ones."""

    unknown_key: Callable[[Path, str], Bad]  # (path of the mapping, the key) -> what to say
    missing: Callable[[Path, str], Bad | None] = lambda path, name: None  # None: "missing KEY" on the parent's line


def locate(document: Document, errors: list[dict], wording: Wording) -> None:
    """Add one Problem per schema error (pydantic's `errors()`), each on the line where its key path was written.

    Unknown keys of the file's top level come first: a misspelt section explains the problems that follow from it.
    """
    for error in sorted(errors, key=lambda e: not (e["type"] == "extra_forbidden" and len(e["loc"]) == 1)):
        kind, path = error["type"], tuple(error["loc"])
        if path and path[-1] == "[key]":  # a dict's key itself was refused: name it on its own line
            path = path[:-1]
        if kind == "extra_forbidden":
            bad = wording.unknown_key(path[:-1], str(path[-1]))
            document.add(path, bad.code, **bad.params)
        elif kind == "missing":
            parent, name = path[:-1], str(path[-1])
            special = wording.missing(parent, name)
            if special is not None:
                document.add_unlined(path, special.code, **special.params)
            else:
                document.add(parent, "YAML_MISSING", field=name)
        elif isinstance((error.get("ctx") or {}).get("error"), Bad):
            bad = error["ctx"]["error"]
            document.add(path, bad.code, **bad.params)
        else:
            document.add(path, _PYDANTIC.get(kind, "YAML_SINGLE"))


def known_keys(model, path: Path) -> tuple[str, ...]:
    """The keys a pydantic model allows at `path` inside it (following dicts, lists and nested models)."""
    import typing

    from pydantic import BaseModel

    current: Any = model
    for part in path:
        current = _unwrap(current)
        origin = typing.get_origin(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            current = current.model_fields[part].annotation if part in current.model_fields else None
        elif origin is dict:
            current = typing.get_args(current)[1]
        elif origin is list:
            current = typing.get_args(current)[0]
        else:
            return ()
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return tuple(current.model_fields)
    return ()


def _unwrap(annotation):
    """The model (or dict or list) inside Optional[...], Annotated[...] or a union with None."""
    import types
    import typing

    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation
