"""The lines of an explanation about activities: why some did not count (in full) for a
requirement, which were converted from another unit, which are dated after the assessment
date (:func:`vakmanschap.text.explain.render` places them).

Read from the compact outcome tuples of the tree (``(index, counted hundredths, reason,
argument)``), never from outcome objects, and grouped in one pass: these lines are worded for
every requirement that looked at activities, on every explanation.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from vakmanschap.engine import outcomes as _o
from vakmanschap.model.words import Lang, fmt_amount, unit_name

if TYPE_CHECKING:
    from vakmanschap.engine.assessment import Assessment, RequirementResult
    from vakmanschap.engine.outcomes import Outcome
    from vakmanschap.engine.ruleset import RuleSet

__all__ = ["converted_line", "later_line", "not_counted_lines"]

# At most this many activity ids are named per reason; the rest are counted.
NAMED = 4

# The reasons a line on not counted activities leaves out: counted ones, those after the
# assessment date (said once, under the tree: :func:`later_line`) and, in a sub-period, those
# outside it (they count in another).
_LEFT_OUT = frozenset(("counted", "after_on"))
_LEFT_OUT_IN_PERIOD = frozenset(("counted", "after_on", "outside_window"))


def not_counted_lines(result: RequirementResult, lang: Lang, sub_period: bool,
                      words: dict[object, str] | None = None,
                      seen: dict[object, str] | None = None) -> list[str]:
    """One line per reason why activities did not count (in full) for ``result``:
    ``· niet meegeteld (niet geaccrediteerd): a, b (2 activiteiten, 25 uur)``.

    Every exclusion and every cap is said, grouped by its words (what
    :meth:`RequirementResult.not_counted_by_reason` groups), but for activities after the
    assessment date and, in a ``sub_period``, those outside it. ``words`` keeps the words
    of a reason in ``lang`` (by reason, argument and the primitive's own words: by value);
    ``seen`` keeps the lines of one render by their words and outcome tuples (nodes that
    exclude the same activities for the same reason say the same line).
    """
    every, split = result.outcomes, result.split
    if sub_period:
        left_out = _LEFT_OUT_IN_PERIOD
    else:
        left_out = _LEFT_OUT
        if split is not None:
            every = every + split.excluded
    rows = [o for o in every if o[2] not in left_out]
    if not rows:
        return []
    rows.sort()  # input order: the first of a reason's words places its group among equals
    if words is None:
        words = {}
    if seen is None:
        seen = {}
    # (reason, argument) -> its outcomes, in one pass; then each pair is worded once and the
    # pairs worded alike are one group.
    by_reason: dict[tuple[str, str], list[Outcome]] = {}
    for row in rows:
        pair = (row[2], row[3])
        same = by_reason.get(pair)
        if same is None:
            by_reason[pair] = [row]
        else:
            same.append(row)
    own = result.rule.reasons if result.rule is not None else {}
    groups: dict[tuple[str, str, str | None], list[Outcome]] = {}
    for (reason, arg), same in by_reason.items():
        mine = own.get(reason)
        why = words.get((reason, arg, mine))
        if why is None:
            why = words[reason, arg, mine] = _o.reason_words(mine or _o.REASONS[reason],
                                                             reason, arg, lang)
        key = ("capped" if reason.startswith(_o.CAP_PREFIX) else "excluded", why,
               arg if reason == "unit" else result.unit)
        if key in groups:
            groups[key] = groups[key] + same
        else:
            groups[key] = same
    prepared = result.prepared
    lines = []
    # Sorted, so that the text does not depend on the order of the input.
    for key, same in sorted(groups.items(), key=lambda g: g[0][:2]):
        known = (key, id(prepared), tuple(same))  # the tuples live as long as the tree
        line = seen.get(known)
        if line is None:
            if key[2] in _o.COUNTED_UNITS:
                # A count (or themes, a share) is not in the activities' unit: their amounts
                # are said in their own unit, when the group has one.
                units = {prepared[index].unit for index, _, _, _ in same}
                key = (key[0], key[1], units.pop() if len(units) == 1 else None)
            line = seen[known] = _line(key, [
                (prepared[index].id, prepared[index].amount_c / 100 - counted_c / 100)
                for index, counted_c, _, _ in same], lang)
        lines.append(line)
    return lines


def _line(key: tuple[str, str, str | None], items: list[tuple[str, float]], lang: Lang
          ) -> str:
    """The line of one group: (status, reason in words, unit) and its (id, amount not
    counted) pairs."""
    status, why, unit = key
    nl = lang == "nl"
    items.sort()
    if status == "capped":
        head = "deels meegeteld" if nl else "counted in part"
    else:
        head = "niet meegeteld" if nl else "not counted"
    count = len(items)
    ids = ", ".join([i for i, _ in items[:NAMED]])
    if count > NAMED:
        ids += (f" en {count - NAMED} andere" if nl else f" and {count - NAMED} more")
    lost = sum([amount for _, amount in items])
    noun = (("activiteit" if count == 1 else "activiteiten") if nl else
            ("activity" if count == 1 else "activities"))
    size = f"{count} {noun}"
    if unit and lost:
        size += f", {fmt_amount(lost, lang)} {unit_name(unit, lost, lang)}" + (
            " niet meegeteld" if nl and status == "capped" else
            " not counted" if status == "capped" else "")
    return f"· {head} ({why}): {ids} ({size})"


def _nodes(root: RequirementResult) -> list[RequirementResult]:
    """Every node of the tree (depth first, as :meth:`RequirementResult.walk`), as a list
    built without a generator per node."""
    out: list[RequirementResult] = []
    stack = [root]
    while stack:
        node = stack.pop()
        out.append(node)
        if node.children:
            stack.extend(reversed(node.children))
    return out


def _converts(rules: RuleSet) -> bool:
    """Whether a category of ``rules`` converts a unit (derived once per rule set)."""
    return any(c.convert for c in rules.categories.values())


def converted_line(assessment: Assessment, lang: Lang) -> str:
    """The one line on activities recorded in a unit that their category converts
    (``2.600 woorden = 5 punten``), for those the requirements above looked at ("" if none)."""
    origin = assessment.origin
    if origin is None or not origin.rules.derived("text: converts", _converts):
        return ""
    # The ids of the activities some node judged (:attr:`RequirementResult.activities`
    # without an outcome object per activity; a window's own exclusions, outside it or
    # after the assessment date, are exactly the ones left out).
    seen = {node.prepared[index].id for node in _nodes(assessment.result)
            for index, _, reason, _ in node.outcomes
            if reason != "after_on" and reason != "outside_window"}
    rules, parts = origin.rules, []
    for act in origin.professional.activities:
        counted = rules.converted(act) if act.id in seen else None
        if counted is not None:
            parts.append(f"{act.id}: {fmt_amount(act.amount, lang)} "
                         f"{unit_name(act.unit, act.amount, lang)} = {fmt_amount(counted, lang)} "
                         f"{unit_name(rules.unit, counted, lang)}")
    if not parts:
        return ""
    return (("Omgerekend: " if lang == "nl" else "Converted: ") + "; ".join(sorted(parts))
            + ".")


def later_line(root: RequirementResult, lang: Lang) -> str:
    """The one line about activities dated after the assessment date ("" when none)."""
    ids: dict[str, None] = {}
    latest: dict[int, date | None] = {}  # the last day of each tuple of prepared activities
    for node in _nodes(root):
        # The outcomes as :meth:`RequirementResult.not_counted` reads them (after the
        # assessment date is never counted), without an outcome object per activity.
        split = node.split
        every = node.outcomes
        if split is not None:
            prepared = node.prepared
            if id(prepared) not in latest:  # the tuples live as long as the tree
                latest[id(prepared)] = max((a.day for a in prepared), default=None)
            last = latest[id(prepared)]
            # A window's exclusions name an activity after the assessment date only when
            # one is dated after it: else they need not be built (a sub-period skips them).
            if last is not None and last > split.on:
                every = every + split.excluded
        if every:
            for o in every:
                if o[2] == "after_on":
                    ids[node.prepared[o[0]].id] = None
    if not ids:
        return ""
    names = ", ".join(sorted(ids))
    return (f"Activiteiten met een datum na de beoordelingsdatum tellen hierboven niet mee: "
            f"{names}." if lang == "nl" else
            f"Activities dated after the assessment date are not counted above: {names}.")
