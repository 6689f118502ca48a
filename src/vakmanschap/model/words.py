"""Bilingual text and the formatting of dates and amounts for people (Dutch first)."""

from __future__ import annotations

from datetime import date
from typing import Literal

import attrs

__all__ = ["Lang", "Text", "fmt_amount", "fmt_date", "unit_name"]

Lang = Literal["nl", "en"]

_MONTHS_NL = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
              "september", "oktober", "november", "december")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")

_UNITS: dict[str, tuple[str, str, str, str]] = {
    # unit: (nl singular, nl plural, en singular, en plural)
    "hours": ("uur", "uur", "hour", "hours"),
    "points": ("punt", "punten", "point", "points"),
    "words": ("woord", "woorden", "word", "words"),
    "pages": ("pagina", "pagina's", "page", "pages"),
    "minutes": ("minuut", "minuten", "minute", "minutes"),
    "activities": ("activiteit", "activiteiten", "activity", "activities"),
    "themes": ("thema", "thema's", "theme", "themes"),
    "requirements": ("eis", "eisen", "requirement", "requirements"),
    "periods": ("periode", "periodes", "period", "periods"),
    "share": ("procent", "procent", "per cent", "per cent"),
    "years": ("jaar", "jaar", "year", "years"),
    "months": ("maand", "maanden", "month", "months"),
    "ECTS": ("ECTS", "ECTS", "ECTS", "ECTS"),
}


@attrs.frozen
class Text:
    """A title in Dutch with an optional English translation (falls back to Dutch)."""

    nl: str
    en: str | None = None

    def __call__(self, lang: Lang = "nl") -> str:
        return self.en if lang == "en" and self.en else self.nl

    def to_json(self) -> dict[str, str]:
        """``{"nl": ..., "en": ...}`` with ``en`` only when given."""
        return {"nl": self.nl, **({"en": self.en} if self.en else {})}


def fmt_date(day: date, lang: Lang = "nl") -> str:
    """``1 augustus 2027`` / ``1 August 2027``."""
    months = _MONTHS_NL if lang == "nl" else _MONTHS_EN
    return f"{day.day} {months[day.month - 1]} {day.year}"


# The words of the whole numbers below 1,000, read rather than formatted (most amounts of an
# explanation are such: "0 van 1 uur"); a constant table, never written after import.
_WHOLE: dict[float, str] = {float(i): str(i) for i in range(1000)}


def fmt_amount(value: float, lang: Lang = "nl") -> str:
    """Whole numbers without decimals; else two decimals (decimal comma in Dutch)."""
    text = _WHOLE.get(value)
    if text is not None:
        return text
    if -1000 < value < 1000 and value == int(value):
        return str(int(value))  # a whole number without a thousands separator (most are)
    if abs(value - round(value)) < 1e-9:
        text = f"{round(value):,}"
        return text.replace(",", ".") if lang == "nl" else text
    text = f"{value:.2f}"
    if len(text) < (8 if value < 0 else 7):  # at most three digits before the point: no
        return text.replace(".", ",") if lang == "nl" else text  # thousands separator
    text = f"{value:,.2f}"
    if lang == "nl":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def unit_name(unit: str, value: float, lang: Lang = "nl") -> str:
    """The unit word agreeing with ``value`` (``1 punt``, ``2 punten``)."""
    words = _UNITS.get(unit)
    if words is None:
        return unit
    one = abs(value - 1) < 1e-9
    if lang == "nl":
        return words[0] if one else words[1]
    return words[2] if one else words[3]
