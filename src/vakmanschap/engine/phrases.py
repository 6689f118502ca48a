"""The quantitative phrase shared by primitives: ``28 van 40 uur``, ``1 van 2 eisen voldaan``.

It lives in the engine because each primitive owns the words of its own line and most of them
start from this phrase; the text layer (:mod:`vakmanschap.text.explain`) frames the lines.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from vakmanschap.model.words import Lang, fmt_amount, unit_name

if TYPE_CHECKING:
    from vakmanschap.engine.assessment import RequirementResult

__all__ = ["amount_phrase"]

_COUNT_WORDS = {"requirements", "periods"}


def amount_phrase(result: RequirementResult, lang: Lang) -> str:
    """``28 van 40 uur``, ``2 van 3 thema's``, ``1 van 2 eisen voldaan``, or met/not met."""
    if result.required is None or result.actual is None or result.unit is None:
        if lang == "nl":
            return "voldaan" if result.met else "niet voldaan"
        return "met" if result.met else "not met"
    of = "van" if lang == "nl" else "of"
    unit = unit_name(result.unit, result.required, lang)
    text = f"{fmt_amount(result.actual, lang)} {of} {fmt_amount(result.required, lang)} {unit}"
    if result.unit in _COUNT_WORDS:
        text += " voldaan" if lang == "nl" else " met"
    return text
