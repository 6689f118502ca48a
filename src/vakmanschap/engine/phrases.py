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
    required, actual, unit = result.required, result.actual, result.unit
    if required is None or actual is None or unit is None:
        if lang == "nl":
            return "voldaan" if result.met else "niet voldaan"
        return "met" if result.met else "not met"
    text = (f"{fmt_amount(actual, lang)} {'van' if lang == 'nl' else 'of'} "
            f"{fmt_amount(required, lang)} {unit_name(unit, required, lang)}")
    if unit in _COUNT_WORDS:
        text += " voldaan" if lang == "nl" else " met"
    return text
