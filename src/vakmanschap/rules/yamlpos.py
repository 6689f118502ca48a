"""Safe YAML loading that keeps line and column of every key and value.

PyYAML's safe loader forgets positions and silently keeps the last of two duplicate keys.
Rule authors need "file:line:col" in every error, and a rule file must never be able to
exhaust memory, so this loader:

* composes the node graph with PyYAML's safe loader (no Python objects, no code), using
  libyaml's parser when available;
* refuses files over :data:`MAX_BYTES`, nesting deeper than :data:`MAX_DEPTH`, and documents
  whose alias-expanded size exceeds :data:`MAX_NODES` (the "billion laughs" attack), from the
  parser's event stream, before a single node is composed;
* builds :class:`YMap` / :class:`YList` (dict / list subclasses) that remember positions;
* reports duplicate keys and merge keys (``<<``) as errors;
* reads only ``true`` / ``false`` as booleans (YAML 1.2), so that a key ``on:`` (the date of
  an activity or a scenario) stays the text ``"on"`` and ``yes`` / ``no`` are not booleans.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from vakmanschap.errors import InputLimitError, Problem, RuleFileError

MAX_BYTES = 2_000_000
MAX_DEPTH = 64
MAX_NODES = 200_000


# libyaml's parser when PyYAML has it (about ten times faster), else the pure-Python one; the
# constructor is the safe one either way.
_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """Safe loader whose implicit booleans are YAML 1.2's: true/false only (any case form)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"))


class YMap(dict[Any, Any]):
    """A mapping that remembers its own position and that of each key and value."""

    line: int
    column: int
    key_pos: dict[Any, tuple[int, int]]
    value_pos: dict[Any, tuple[int, int]]


class YList(list[Any]):
    """A sequence that remembers its own position and that of each item."""

    line: int
    column: int
    item_pos: list[tuple[int, int]]


def _pos(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _measure(text: str, file: str) -> None:
    """Refuse deep or alias-bombed documents from the event stream, before any node exists.

    Counts the alias-expanded number of nodes and the nesting depth while parsing, so that
    neither a "billion laughs" graph nor a flat list of a million items is ever composed.
    """
    loader = _Loader(text)
    try:
        open_sizes: list[int] = []  # nodes counted so far in each open collection
        open_anchors: list[str | None] = []
        anchors: dict[str, int] = {}
        total = 0
        while True:
            event = loader.get_event()
            if isinstance(event, yaml.CollectionStartEvent):
                open_sizes.append(1)
                open_anchors.append(event.anchor)
                if len(open_sizes) > MAX_DEPTH:
                    _refuse(file, event, f"nesting deeper than {MAX_DEPTH} levels")
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                size, anchor = open_sizes.pop(), open_anchors.pop()
            elif isinstance(event, yaml.ScalarEvent):
                if len(open_sizes) >= MAX_DEPTH:
                    _refuse(file, event, f"nesting deeper than {MAX_DEPTH} levels")
                size, anchor = 1, event.anchor
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor in open_anchors:  # a: &a [*a]: a node inside itself
                    _refuse(file, event, f"alias *{event.anchor} refers to a node that "
                            "contains it (a loop); write the value out")
                size, anchor = anchors.get(event.anchor or "", 1), None
            elif isinstance(event, yaml.StreamEndEvent):
                return
            else:
                continue
            if anchor is not None:
                anchors[anchor] = size
            if open_sizes:
                open_sizes[-1] += size
                grown = open_sizes[-1]
            else:
                total += size
                grown = total
            if grown > MAX_NODES:
                _refuse(file, event, f"document expands to more than {MAX_NODES} nodes "
                        "(aliases included); refused")
    finally:
        loader.dispose()


# What YAML allows in a document (YAML 1.1, 5.1): tab, line breaks and printable characters.
_NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD"
                            "\U00010000-\U0010FFFF]")


def _refuse_control_characters(text: str, file: str) -> None:
    """Refuse a NUL or other control character at its own line and column (the parser
    would report it at 1:1)."""
    found = _NOT_PRINTABLE.search(text)
    if found is None:
        return
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    raise RuleFileError([Problem(file, line, column, "", f"control character "
                                 f"U+{ord(found.group()):04X} is not allowed; YAML allows tab, "
                                 "line breaks and printable characters")])


def _refuse(file: str, event: yaml.Event, message: str) -> None:
    mark = event.start_mark
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    raise InputLimitError(f"{file}:{line}:{col}: {message}")


def load_yaml(text: str, file: str) -> Any:
    """Parse one YAML document into YMap/YList/scalars; raise RuleFileError or InputLimitError."""
    value, problems = load_yaml_lenient(text, file)
    if problems:
        raise RuleFileError(problems)
    return value


def load_yaml_lenient(text: str, file: str) -> tuple[Any, list[Problem]]:
    """Like :func:`load_yaml`, but return the problems of a well-formed document (duplicate
    keys, merge keys, bad scalars) with the value instead of raising, so that a caller can
    report them together with its own checks. Malformed YAML and limits still raise."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InputLimitError(f"{file}: larger than {MAX_BYTES} bytes; refused")
    _refuse_control_characters(text, file)
    loader = _Loader(text)
    try:
        _measure(text, file)
        root = loader.get_single_node()
        if root is None:
            return None, []
        problems: list[Problem] = []
        value = _build(root, loader, file, problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        if "maximum nesting depth" in str(exc.problem):  # libyaml's own limit (1000 levels)
            raise InputLimitError(f"{file}:{line}:{col}: nesting deeper than {MAX_DEPTH} "
                                  "levels") from None
        raise RuleFileError([Problem(file, line, col, "", f"invalid YAML: {exc.problem}")]) \
            from None
    except yaml.YAMLError as exc:
        raise RuleFileError([Problem(file, 1, 1, "", f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    return value, problems


_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})


def _build(node: yaml.Node, loader: _Loader, file: str, problems: list[Problem]) -> Any:
    if isinstance(node, yaml.ScalarNode):
        try:
            return loader.construct_object(node)
        except (ValueError, OverflowError) as exc:  # 2024-02-30, a 5000-digit number, ...
            line, col = _pos(node)
            shown = node.value if len(node.value) <= 40 else node.value[:37] + "..."
            problems.append(Problem(file, line, col, "", f"invalid value {shown!r}: "
                                    f"{str(exc).split(';')[0]}"))
            return None
    if node.tag not in _PLAIN_TAGS:  # !!python/object/apply:..., !custom, !!set, !!omap
        line, col = _pos(node)
        problems.append(Problem(file, line, col, "", f"invalid YAML: unsupported tag "
                                f"{node.tag!r}; write a plain list or mapping"))
        return None
    if isinstance(node, yaml.SequenceNode):
        seq = YList()
        seq.line, seq.column = _pos(node)
        seq.item_pos = []
        for item in node.value:
            seq.append(_build(item, loader, file, problems))
            seq.item_pos.append(_pos(item))
        return seq
    assert isinstance(node, yaml.MappingNode)
    mapping = YMap()
    mapping.line, mapping.column = _pos(node)
    mapping.key_pos, mapping.value_pos = {}, {}
    for key_node, value_node in node.value:
        line, col = _pos(key_node)
        if key_node.tag == "tag:yaml.org,2002:merge":
            problems.append(Problem(file, line, col, "", "merge keys (<<) are not supported; "
                                    "write the keys out"))
            continue
        key = _build(key_node, loader, file, problems)
        if isinstance(key, list | dict):
            problems.append(Problem(file, line, col, "", "a key must be a plain value"))
            continue
        if key in mapping:
            first = mapping.key_pos[key]
            problems.append(Problem(file, line, col, "", f"duplicate key {key!r} (first at "
                                    f"line {first[0]})"))
            continue
        mapping[key] = _build(value_node, loader, file, problems)
        mapping.key_pos[key] = (line, col)
        mapping.value_pos[key] = _pos(value_node)
    return mapping
