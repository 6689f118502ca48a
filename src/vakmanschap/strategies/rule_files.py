"""Random rule files: one generator, each requirement drawn by its own primitive.

The generator knows no primitive by name. It asks the registry
(:data:`vakmanschap.engine.primitives.REGISTRY`) which primitives there are, whether one can be
drawn for the file's names (``drawable``) and whether it holds others (``nests``); each
primitive draws its own parameters (``strategy``) through a :class:`_Drawer` that turns its
choices into Hypothesis draws. So a newly registered primitive appears in random rule files
by itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from hypothesis import strategies as st

from vakmanschap.engine.primitives import REGISTRY
from vakmanschap.strategies.common import BOOL, Vocabulary, one

if TYPE_CHECKING:
    from vakmanschap.engine.ruleset import RuleSet

__all__ = ["CAPS", "PRIMITIVES", "rule_file_data", "rule_file_texts", "rule_sets"]

T = TypeVar("T")

#: The requirement primitives :func:`rule_file_data` draws from by default: every registered one.
PRIMITIVES = tuple(REGISTRY)

#: The caps a drawn ``total`` may have (option ``caps`` of :func:`rule_file_data`).
CAPS = ("per_activity", "per_day", "per_category")

_AMOUNTS = st.one_of(st.integers(0, 200),
                     st.sampled_from((0, 1, 2.5, 4, 8, 10, 16, 24.25, 40, 80, 120, 160)))
_FRACTIONS = st.one_of(st.sampled_from((0, 0.1, 0.25, 0.5, 0.75, 1)),
                       st.integers(0, 100).map(lambda c: c / 100))


@lru_cache(maxsize=1024)
def _integers(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(low, high)


class _Drawer:
    """The :class:`~vakmanschap.engine.primitives.drawing.Draw` of one rule file: every choice
    a Hypothesis draw; dated values start on the file's first day and change in ``span``."""

    def __init__(self, draw: st.DrawFn, first: date, span: tuple[date, date]) -> None:
        self._draw = draw
        self.first = first
        self.span = span

    def integer(self, low: int, high: int) -> int:
        return self._draw(_integers(low, high))

    def boolean(self) -> bool:
        return self._draw(BOOL)

    def chance(self, n: int) -> bool:
        return self.integer(0, n - 1) == 0

    def choice(self, values: Sequence[T]) -> T:
        return values[self.integer(0, len(values) - 1)]

    def subset(self, values: Sequence[T], min_size: int = 1,
               max_size: int | None = None) -> list[T]:
        return list(self._draw(st.lists(one(tuple(values)), min_size=min_size,
                                        max_size=max_size, unique=True)))

    def amount(self) -> float:
        return self._draw(_AMOUNTS)

    def fraction(self) -> float:
        return self._draw(_FRACTIONS)

    def dated(self, value: Callable[[], Any]) -> Any:
        if self.boolean():
            return value()
        history = {self.first.isoformat(): value()}
        for day in self.days(1, 2):
            history[day.isoformat()] = value()
        return history

    def days(self, low: int, high: int) -> list[date]:
        """Between ``low`` and ``high`` distinct days in the span, in order."""
        start, end = self.span
        offsets = self._draw(st.lists(_integers(0, (end - start).days), min_size=low,
                                      max_size=high, unique=True))
        return [start + timedelta(days=n) for n in sorted(offsets)]


class _Tree:
    """Draws the requirement nodes of one rule file (ids unique within the file)."""

    def __init__(self, drawer: _Drawer, vocab: Vocabulary, kinds: tuple[str, ...]) -> None:
        self.drawer = drawer
        self.vocab = vocab
        self.kinds = kinds
        self.leaves = tuple(k for k in kinds if not REGISTRY[k].nests)
        self.nesting = tuple(k for k in kinds if REGISTRY[k].nests)
        self.count = 0

    def node(self, depth: int, kind: str | None = None) -> dict[str, Any]:
        """A requirement of ``kind`` (default: drawn; only a leaf at depth 0)."""
        if kind is None:
            # Two times in three a nesting one while depth is left (so that trees combine
            # primitives); among leaves each is as likely as any other.
            nest = depth > 0 and bool(self.nesting) and not self.drawer.chance(3)
            kind = self.drawer.choice(self.nesting if nest else self.leaves)
        self.count += 1
        node: dict[str, Any] = {"id": f"{kind.replace('_', '-')}-{self.count}", "title": kind}
        node[kind] = REGISTRY[kind].strategy(self.drawer, self.vocab,
                                             lambda: self.node(depth - 1))
        return node


def _usable(kinds: Sequence[str], vocab: Vocabulary) -> tuple[str, ...]:
    """The kinds that can be drawn for ``vocab`` (unknown ones refused)."""
    unknown = [k for k in kinds if k not in REGISTRY]
    if unknown:
        raise ValueError(f"unknown primitive(s) {', '.join(map(repr, unknown))}; "
                         f"registered: {', '.join(REGISTRY)}")
    usable = tuple(k for k in kinds if REGISTRY[k].drawable(vocab))
    if not any(not REGISTRY[k].nests for k in usable):
        raise ValueError(f"none of the primitives {', '.join(kinds)} can be drawn as a leaf "
                         "for this vocabulary (e.g. distinct_themes needs themes)")
    return usable


def rule_file_data(rules: RuleSet | None = None, *, kinds: Sequence[str] | None = None,
                   root: str | None = "all_of", max_depth: int = 2,
                   caps: Sequence[str] = CAPS, date_policy: bool = True, versions: int = 1,
                   vocab: Vocabulary | None = None) -> st.SearchStrategy[dict[str, Any]]:
    """A valid rule file as parsed YAML data (a mapping).

    Requirements come from the primitives in ``kinds`` (default: every registered one that
    fits the names), below a ``root`` of the kind given (None: drawn too), nesting at most
    ``max_depth`` levels below it; ``total`` draws only the ``caps`` given. ``date_policy``
    False keeps the default date policy; ``versions`` is the most rule versions drawn.

    With ``rules``, the file declares the same categories, themes, kinds and roles, so that
    professionals drawn for ``rules`` fit it too; ``vocab`` (see :class:`Vocabulary`) gives
    the names directly.
    """
    given = vocab or Vocabulary(rules)
    names = given.replace(options={**given.options, "caps": tuple(caps)})
    usable = _usable(PRIMITIVES if kinds is None else tuple(kinds), names)
    if root is not None and (root not in REGISTRY or not REGISTRY[root].drawable(names)):
        raise ValueError(f"cannot draw a root of kind {root!r} for this vocabulary")
    if versions < 1:
        raise ValueError("versions must be at least 1")
    return _rule_file(names, usable, root, max_depth, date_policy, versions)


@st.composite
def _rule_file(draw: st.DrawFn, vocab: Vocabulary, kinds: tuple[str, ...], root: str | None,
               max_depth: int, date_policy: bool, versions: int) -> dict[str, Any]:
    first = vocab.first_day
    drawer = _Drawer(draw, first, vocab.change_span)
    tree = _Tree(drawer, vocab, kinds)
    data: dict[str, Any] = {"register": "gen", "title": "Generated register",
                            "source": "generated by vakmanschap.strategies",
                            "unit": vocab.unit, **_declarations(vocab)}
    if any(u not in ("hours", "points") for u in vocab.units):
        _draw_conversions(drawer, vocab, data)
    if date_policy and drawer.boolean():
        data["date_policy"] = {"month_end": drawer.choice(("clamp", "roll")),
                               "window_end": drawer.choice(("exclusive", "inclusive"))}
    starts = [first, *drawer.days(0, versions - 1)]
    data["versions"] = []
    for k, start in enumerate(starts):
        depth = max(max_depth, 1) if root is not None and REGISTRY[root].nests else max_depth
        version: dict[str, Any] = {
            "id": f"v{k + 1}", "title": f"Version {k + 1}", "valid_from": start.isoformat(),
            "source": "generated",
            "cycle": {"years": drawer.integer(1, 5), "months": drawer.choice((0, 0, 6)),
                      "next_due": drawer.choice(("from_decision", "from_previous_due")),
                      "parameters_on": drawer.choice(("cycle_start", "due_date",
                                                      "assessment_date"))},
            "reregistration": tree.node(depth, root),
        }
        if k and drawer.boolean():
            version["judge_running_cycles"] = True
        if drawer.boolean():  # terms on a calendar grid (NBA, NOvA), judged a while after
            cycle = version["cycle"]
            cycle["grid"] = drawer.choice((first, date(first.year, 1, 1))).isoformat()
            if drawer.boolean():
                cycle["reporting"] = {"months": drawer.integer(1, 3)}
            if drawer.boolean():
                cycle["late"] = {"then": "maatregel", "measure": "generated measure"}
        if drawer.boolean():  # a deferral scheme for terms due in a span (KP: corona)
            due_from, due_until = drawer.days(2, 2)
            version["cycle"]["deferral"] = {"max": {"months": drawer.integer(1, 12)},
                                            "due_from": due_from.isoformat(),
                                            "due_until": due_until.isoformat()}
        if k and vocab.levels and drawer.boolean() and (start - starts[k - 1]).days > 2:
            # phased in earlier for one level (NBA's phase-in by member group)
            early = starts[k - 1] + timedelta(days=(start - starts[k - 1]).days // 2)
            version["valid_from_by_level"] = {vocab.levels[-1]: early.isoformat()}
        if vocab.levels and drawer.boolean():
            # A leaf: the registration window runs from 0001-01-01, so a per_period below
            # it would judge some two thousand years (slow, and never met).
            version["registration"] = {"levels": [{"level": vocab.levels[0],
                                                   "requires": tree.node(0)}]}
        data["versions"].append(version)
    return data


def _draw_conversions(drawer: _Drawer, vocab: Vocabulary, data: dict[str, Any]) -> None:
    """Declare the vocabulary's units and let some categories convert the units other than
    the file's (unit conversion per category: NOvA's words, hours taught)."""
    data["units"] = list(dict.fromkeys((vocab.unit, *vocab.units)))
    others = [u for u in data["units"] if u != vocab.unit]
    for name, spec in data["categories"].items():
        if not drawer.chance(2):
            continue
        convert = {}
        for unit in drawer.subset(others):
            convert[unit] = {"per": drawer.choice((0.5, 1, 2.5, 500) if unit == "words" else
                                                  (0.5, 1, 1.5, 2)),
                             "gives": drawer.choice((1, 1, 2, 0.25)),
                             "rounding": drawer.choice(("whole", "hundredth"))}
        data["categories"][name] = {**({"title": spec} if isinstance(spec, str) else spec),
                                    "convert": convert}


def _declarations(vocab: Vocabulary) -> dict[str, Any]:
    """The names a drawn rule file declares (categories, themes, kinds, roles, levels)."""
    categories: dict[str, Any] = {}
    for name in vocab.categories:
        title = name.capitalize()
        target = vocab.unaccredited.get(name)
        categories[name] = {"title": title, "if_unaccredited": target} if target else title
    out: dict[str, Any] = {"categories": categories}
    if vocab.themes:
        out["themes"] = {t: t.capitalize() for t in vocab.themes}
    out["qualification_kinds"] = {k: k for k in vocab.qualification_kinds}
    out["attestation_kinds"] = {k: k for k in vocab.attestation_kinds}
    if vocab.roles:
        out["roles"] = {r: r for r in vocab.roles}
    if vocab.levels:
        out["levels"] = {lv: lv for lv in vocab.levels}
    return out


def rule_file_texts(rules: RuleSet | None = None, **kwargs: Any) -> st.SearchStrategy[str]:
    """Valid rule files as YAML text (keyword arguments: :func:`rule_file_data`)."""
    return rule_file_data(rules, **kwargs).map(_dump)


_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)


def rule_sets(rules: RuleSet | None = None, **kwargs: Any) -> st.SearchStrategy[RuleSet]:
    """Parsed rule sets (keyword arguments: :func:`rule_file_data`)."""
    from vakmanschap.io import parse_rules

    return rule_file_texts(rules, **kwargs).map(lambda text: parse_rules(text, "generated.yaml"))
