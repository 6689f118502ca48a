"""What a requirement did with one activity: the reason codes in words, the compact outcome
tuple a result keeps, and :class:`ActivityOutcome`, built from it only when asked for
(:mod:`vakmanschap.engine.assessment`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs

from vakmanschap.model.words import Lang, unit_name

__all__ = ["CAP_PREFIX", "COUNTED_UNITS", "REASONS", "ActivityOutcome", "Outcome", "Status",
           "group_not_counted", "reason_words"]

Status = Literal["counted", "capped", "excluded"]

# reason code -> (Dutch, English); "{arg}" is filled with the outcome's argument.
REASONS: dict[str, tuple[str, str]] = {
    "counted": ("telt mee", "counted"),
    "outside_window": ("buiten de periode {arg}", "outside the period {arg}"),
    "after_on": ("na de beoordelingsdatum", "after the assessment date"),
    "unit": ("andere eenheid ({arg})", "different unit ({arg})"),
    "category": ("categorie {arg} telt hier niet", "category {arg} does not count here"),
    "theme": ("geen van de gevraagde thema's", "none of the required themes"),
    "not_accredited": ("niet geaccrediteerd", "not accredited"),
    "accredited": ("geaccrediteerd; telt hier niet", "accredited; does not count here"),
    "provider": ("aanbieder {arg} telt hier niet", "provider {arg} does not count here"),
    "below_minimum": ("minder dan het minimum van {arg} per activiteit",
                      "less than the minimum of {arg} per activity"),
    "cap_per_activity": ("afgetopt op {arg} per activiteit", "capped at {arg} per activity"),
    "cap_per_day": ("afgetopt op {arg} per dag", "capped at {arg} per day"),
    "cap_per_category": ("afgetopt: categorie {arg} zit aan haar maximum",
                         "capped: category {arg} is at its maximum"),
}

# A primitive may add reason codes of its own (``Requirement.reasons``); a code that starts
# with ``cap_`` means the activity counted in part.
CAP_PREFIX = "cap_"

#: Units of nodes that count something other than the activities' amounts (a count, themes,
#: a share): what did not count is said in the activities' own unit.
COUNTED_UNITS = frozenset(("activities", "themes", "share", "requirements", "periods"))


def reason_words(words: tuple[str, str], reason: str, arg: str, lang: Lang) -> str:
    """A reason (Dutch, English) in ``lang`` with its argument filled in; a unit is named in
    that language ("andere eenheid (uren)", not "(hours)")."""
    if reason == "unit":
        arg = unit_name(arg, 2, lang)
    return (words[0] if lang == "nl" else words[1]).format(arg=arg)


@attrs.frozen
class ActivityOutcome:
    """What one requirement did with one activity."""

    activity_id: str
    status: Status
    amount: float
    counted: float
    reason: str
    reason_arg: str
    words: tuple[str, str] | None = attrs.field(default=None, eq=False, repr=False)

    def reason_text(self, lang: Lang = "nl") -> str:
        """The reason in words (the primitive's own words for a code it added)."""
        return reason_words(self.words or REASONS[self.reason], self.reason, self.reason_arg,
                            lang)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (see docs/result-schema.md)."""
        return {"id": self.activity_id, "status": self.status, "amount": self.amount,
                "counted": self.counted, "reason": self.reason,
                "reason_text": {"nl": self.reason_text("nl"), "en": self.reason_text("en")}}


# (activity index, counted hundredths, reason code, reason argument)
Outcome = tuple[int, int, str, str]


def group_not_counted(rows: Iterable[Outcome], prepared: Sequence[Any],
                      own: Mapping[str, tuple[str, str]], unit: str | None, lang: Lang
                      ) -> dict[tuple[Status, str, str | None], list[tuple[str, float]]]:
    """``rows`` (outcome tuples of activities not counted in full, in input order) grouped by
    status, reason in words and the unit of their amounts, as
    :meth:`~vakmanschap.engine.assessment.RequirementResult.not_counted_by_reason` returns
    them; ``prepared`` are the node's prepared activities, ``own`` its primitive's words for
    its reasons, ``unit`` the node's unit."""
    groups: dict[tuple[Status, str, str | None], list[tuple[str, float]]] = {}
    worded: dict[tuple[str, str], tuple[Status, str, str | None]] = {}
    units: dict[tuple[Status, str, str | None], set[str]] = {}
    for index, counted_c, reason, arg in rows:
        key = worded.get((reason, arg))
        if key is None:
            status: Status = "capped" if reason.startswith(CAP_PREFIX) else "excluded"
            text = reason_words(own.get(reason) or REASONS[reason], reason, arg, lang)
            key = worded[reason, arg] = (status, text, arg if reason == "unit" else unit)
        act = prepared[index]
        groups.setdefault(key, []).append((act.id, act.amount_c / 100 - counted_c / 100))
        if key[2] in COUNTED_UNITS:
            units.setdefault(key, set()).add(act.unit)
    for key, seen in units.items():  # a count's activities in their own unit, if one
        groups[(key[0], key[1], seen.pop() if len(seen) == 1 else None)] = groups.pop(key)
    return groups
