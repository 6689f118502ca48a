"""Safe YAML loading that keeps line and column of every key and value.

PyYAML's safe loader forgets positions and silently keeps the last of two duplicate keys.
Rule authors need "file:line:col" in every error, and a rule file must never be able to
exhaust memory, so this loader:

* composes the node graph with ``yaml.SafeLoader`` (no Python objects, no code);
* refuses files over :data:`MAX_BYTES`, nesting deeper than :data:`MAX_DEPTH`, and graphs
  whose alias-expanded size exceeds :data:`MAX_NODES` (the "billion laughs" attack), before
  anything is built;
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


class _Loader(yaml.SafeLoader):
    """SafeLoader whose implicit booleans are YAML 1.2's: true/false only (any case form)."""


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


def _measure(root: yaml.Node, file: str) -> None:
    """Refuse deep or alias-bombed graphs before building anything."""
    sizes: dict[int, int] = {}
    # Iterative post-order walk: recursion could itself be the attack surface.
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if depth > MAX_DEPTH:
            line, col = _pos(node)
            raise InputLimitError(f"{file}:{line}:{col}: nesting deeper than {MAX_DEPTH} levels")
        if id(node) in sizes:
            continue
        if isinstance(node, yaml.ScalarNode):
            sizes[id(node)] = 1
            continue
        children: list[yaml.Node] = (
            [n for pair in node.value for n in pair] if isinstance(node, yaml.MappingNode)
            else list(node.value))
        if done:
            total = 1 + sum(sizes[id(c)] for c in children)
            if total > MAX_NODES:
                line, col = _pos(node)
                raise InputLimitError(
                    f"{file}:{line}:{col}: document expands to more than {MAX_NODES} nodes "
                    "(aliases included); refused")
            sizes[id(node)] = total
        else:
            stack.append((node, depth, True))
            stack.extend((c, depth + 1, False) for c in children if id(c) not in sizes)


def load_yaml(text: str, file: str) -> Any:
    """Parse one YAML document into YMap/YList/scalars; raise RuleFileError or InputLimitError."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        raise InputLimitError(f"{file}: larger than {MAX_BYTES} bytes; refused")
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None
        _measure(root, file)
        problems: list[Problem] = []
        value = _build(root, loader, file, problems)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise RuleFileError([Problem(file, line, col, "", f"invalid YAML: {exc.problem}")]) \
            from None
    except yaml.YAMLError as exc:
        raise RuleFileError([Problem(file, 1, 1, "", f"invalid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    if problems:
        raise RuleFileError(problems)
    return value


def _build(node: yaml.Node, loader: _Loader, file: str, problems: list[Problem]) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_object(node)
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
