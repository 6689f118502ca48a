"""The file edge: rule files, built-in rule sets and person files (YAML or JSON).

The core never touches the filesystem; these functions read files and hand text to the pure
parsers. Built-in rule sets ship inside the package (``vakmanschap/data``; the repository's
``rules/`` folder is that directory).
"""

from __future__ import annotations

import csv
import functools
import json
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import date
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import IO, Any, TextIO

import attrs

from vakmanschap.engine.assessment import Assessment
from vakmanschap.engine.plan import Plan
from vakmanschap.engine.rulefile import loader
from vakmanschap.engine.ruleset import RuleSet
from vakmanschap.errors import DataError, InputLimitError, RuleError, RuleFileError
from vakmanschap.lifecycle.segments import StatusSegment
from vakmanschap.lifecycle.timeline import timeline
from vakmanschap.model.records import Professional
from vakmanschap.model.words import Lang
from vakmanschap.rules.yamlpos import MAX_BYTES, MAX_DEPTH, load_yaml
from vakmanschap.text.explain import render
from vakmanschap.text.plan_words import render_plan

__all__ = ["STANDARD_EXTENSIONS", "atomic_path", "atomic_text", "builtin_names", "builtin_rules",
           "load_overlay", "load_professionals", "load_rules", "parse_rules", "read_text",
           "regular_file", "safe_csv_writer"]

_DATA = "data"
_RULE_FILE = re.compile(r"^register:", re.MULTILINE)  # a rule file's top-level key


@attrs.frozen
class _Standard:
    """The text and lifecycle layers, lent to every rule set loaded here (see
    :class:`~vakmanschap.engine.ruleset.Extensions`)."""

    def explain(self, assessment: Assessment, plan: Plan | None, lang: Lang) -> str:
        return render(assessment, lang, plan)

    def explain_plan(self, plan: Plan, lang: Lang) -> str:
        return render_plan(plan, lang)

    def timeline(self, rules: RuleSet, professional: Professional,
                 until: date, *, checked: bool = False) -> list[StatusSegment]:
        return timeline(rules, professional, until, checked=checked)


STANDARD_EXTENSIONS = _Standard()


def parse_rules(text: str, name: str = "<rules>") -> RuleSet:
    """Parse rule-file text; ``name`` is used in error positions (e.g. ``rules/srpo.yaml``)."""
    return attrs.evolve(loader.parse_rules(text, name), extensions=STANDARD_EXTENSIONS)


def regular_file(path: str | Path) -> Path:
    """``path``, when it names a regular file (through any symlinks). A device, FIFO or socket
    is refused before it is opened: a FIFO would block and ``/dev/zero`` never ends."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        raise DataError("file not found", record=str(path)) from None
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror}", record=str(path)) from None
    if stat.S_ISDIR(mode):
        raise DataError("is a directory, expected a file", record=str(path))
    if not stat.S_ISREG(mode):
        raise DataError("not a regular file (a device, FIFO or socket); give a file",
                        record=str(path))
    return path


def read_text(path: str | Path, *, limit: int = MAX_BYTES) -> str:
    """Read a UTF-8 text file of at most ``limit`` bytes, counted as they are read (a size
    from ``stat`` can lie); anything but a regular file is refused."""
    path = regular_file(path)
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise DataError(f"cannot read: {exc.strerror}", record=str(path)) from None
    if len(data) > limit:
        raise InputLimitError(f"{path}: larger than the limit of {limit} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                        record=str(path)) from None


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path in the folder of ``path`` to write a file to (text or binary, by any
    writer); renamed over ``path`` only when the block succeeds, removed otherwise. An
    interrupted run leaves the previous file as it was; of two runs writing one file, the
    last one wins whole."""
    target = Path(path)
    if target.exists() and not target.is_file():
        raise DataError("not a regular file (a device, FIFO or socket); give a file path",
                        record=str(target))
    try:
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                    suffix=".part")
    except OSError as exc:
        raise DataError(f"cannot write: {exc.strerror}", record=str(target)) from None
    os.close(fd)
    try:
        yield Path(temp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, target)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp)
        raise


@contextmanager
def atomic_text(path: str | Path) -> Iterator[TextIO]:
    """Write a UTF-8 text file whole or not at all (see :func:`atomic_path`)."""
    with atomic_path(path) as temp, open(temp, "w", encoding="utf-8", newline="") as handle:
        yield handle


#: A cell that a spreadsheet would run as a formula starts with one of these.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _defused(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


class _SafeWriter:
    def __init__(self, handle: IO[str], **options: Any) -> None:
        self._writer = csv.writer(handle, **options)

    def writerow(self, row: Any) -> Any:
        return self._writer.writerow([_defused(v) for v in row])

    def writerows(self, rows: Any) -> None:
        for row in rows:
            self.writerow(row)


def safe_csv_writer(handle: IO[str], **options: Any) -> Any:
    """A ``csv.writer`` whose text cells that a spreadsheet would run as formulas (``=``,
    ``+``, ``-``, ``@``, tab, carriage return, and not a number) get a leading ``'``."""
    return _SafeWriter(handle, **options)


def builtin_names(examples: bool = False) -> list[str]:
    """Names of the shipped rule sets (``srpo``, ``big``, ``rijksambtenaar``, ...); with
    ``examples``, also the example rule sets shipped beside them (``registerleraar``,
    ``lifecycle-kp``, ...). Every name listed loads with :func:`builtin_rules`."""
    return sorted(_shipped(examples))


def _shipped(examples: bool) -> dict[str, tuple[str, Traversable]]:
    """Name -> (label, file) of every shipped rule set: ``data/NAME.yaml`` first, then, with
    ``examples``, the rule files of ``data/examples/`` (those with a top-level ``register:``)
    that no main one shadows. The label is the path in the repository (``rules/`` there)."""
    data = resources.files("vakmanschap").joinpath(_DATA)
    out = {p.name[:-5]: (f"rules/{p.name}", p) for p in data.iterdir()
           if p.name.endswith(".yaml")}
    if examples:
        for p in data.joinpath("examples").iterdir():
            name = p.name[:-5]
            if p.name.endswith(".yaml") and name not in out and _RULE_FILE.search(
                    p.read_text("utf-8")):
                out[name] = (f"rules/examples/{p.name}", p)
    return out


def builtin_rules(name: str) -> RuleSet:
    """A shipped rule set by name: a main one (``srpo``) or a shipped example
    (``lifecycle-kp``); see :func:`builtin_names`."""
    found = _shipped(examples=False).get(name) or _shipped(examples=True).get(name)
    if found is None:
        main, every = builtin_names(), builtin_names(examples=True)
        raise RuleError(f"unknown built-in rule set {name!r}; shipped: {', '.join(main)}; "
                        f"examples: {', '.join(n for n in every if n not in main)}")
    return _parsed(found[0])


@functools.cache
def _parsed(label: str) -> RuleSet:
    """A shipped rule set by its label (``rules/srpo.yaml``), parsed once per process: the
    files ship with the package and a rule set is immutable (nothing in it can be written),
    so every caller may share it."""
    file = resources.files("vakmanschap").joinpath(_DATA, *label.split("/")[1:])
    return parse_rules(file.read_text("utf-8"), label)


def load_rules(name_or_path: str | Path) -> RuleSet:
    """A rule set from a file path, or a built-in one by name (``srpo``)."""
    text = str(name_or_path)
    if isinstance(name_or_path, str) and "/" not in text and not text.endswith(
            (".yaml", ".yml")):
        return builtin_rules(text)
    return parse_rules(read_text(name_or_path), text)


class _DuplicateKey(Exception):
    """A JSON object names one key twice (YAML refuses that too)."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def _person_data(path: Path) -> Any:
    text = read_text(path)
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text, object_pairs_hook=_unique_keys)
        except _DuplicateKey as exc:
            raise DataError(f"key {exc.args[0]!r} appears more than once in one object; give "
                            "each key once", record=str(path), field=str(exc.args[0])) from None
        except json.JSONDecodeError as exc:
            raise DataError(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
                            record=str(path)) from None
        except RecursionError:
            raise InputLimitError(f"{path}: nesting deeper than {MAX_DEPTH} levels; "
                                  "refused") from None
        except ValueError as exc:  # e.g. an integer of more than 4300 digits
            raise DataError(f"invalid JSON: {str(exc).split(';')[0]}",
                            record=str(path)) from None
        _check_depth(data, str(path))
        return data
    try:
        return load_yaml(text, str(path))
    except RuleFileError as exc:
        first = exc.problems[0]
        raise DataError(f"line {first.line}, column {first.column}: {first.message}",
                        record=str(path)) from None


def _check_depth(data: Any, file: str) -> None:
    """Refuse JSON nested deeper than YAML may be (:data:`MAX_DEPTH`), without recursion."""
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise InputLimitError(f"{file}: nesting deeper than {MAX_DEPTH} levels; refused")
        if isinstance(value, dict):
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)


def load_professionals(path: str | Path, rules: RuleSet | None = None) -> list[Professional]:
    """Professionals from a person file: one mapping, a list, or ``{professionals: [...]}``;
    with ``rules``, also checked against the register's names (categories, themes,
    profession, kinds, roles: :meth:`RuleSet.check_professional`).

    Errors name the file, the professional and the record and field (docs/person-file.md).
    """
    path = Path(path)
    data = _person_data(path)
    if isinstance(data, dict) and set(data) == {"professionals"}:
        data = data["professionals"]
    items = data if isinstance(data, list) else [data]
    out = []
    for index, item in enumerate(items):
        where = f"{path}" if len(items) == 1 else f"{path}, item {index}"
        if not isinstance(item, dict):
            raise DataError(f"expected a mapping describing a professional, got "
                            f"{type(item).__name__}", record=where)
        out.append(Professional.from_dict(item, where=where))
    ids = [p.id for p in out]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise DataError(f"professional ids must be unique; repeated: {', '.join(repeated)}",
                        record=str(path), field="id")
    for professional in out if rules is not None else ():
        try:
            rules.check_professional(professional)  # type: ignore[union-attr]
        except DataError as exc:
            raise exc.within(str(path)) from None
    return out


def load_overlay(path: str | Path) -> dict[str, Any]:
    """Read an overlay file: a YAML mapping of ``RULE.PARAM: value`` (optionally under a
    ``changes:`` key, with a free ``note:``), with the same safety limits as rule files.
    Pass the result to :meth:`RuleSet.with_changes`."""
    text = read_text(path)
    data = load_yaml(text, str(path))
    if isinstance(data, dict) and "changes" in data:
        unknown = sorted(str(k) for k in data if k not in ("changes", "note"))
        if unknown:
            raise DataError(f"unknown key {unknown[0]!r}; allowed: changes, note",
                            record=str(path), field=unknown[0])
        data = data["changes"]
    if not isinstance(data, dict) or not data:
        raise DataError("an overlay is a non-empty mapping of RULE.PARAM: value, e.g. "
                        "'totaal.min: 120'", record=str(path))
    return {str(key): value for key, value in data.items()}

