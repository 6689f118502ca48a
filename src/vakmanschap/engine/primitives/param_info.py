"""What each parameter of a primitive means, declared once on its attrs field.

A primitive declares its parameters as attrs fields made with :func:`param`. The metadata
says, for that parameter, the words used by rule diffs, ``params`` listings and plot labels,
its unit, and how a sweep may treat it. Diff, overlay, params and sweep read it from the
field (:func:`info`); nothing outside ``primitives/`` keeps a table per primitive.

``unit`` is the unit of the parameter's value: ``OWN`` for the requirement's own unit (its
``unit`` key, else the rule file's), a fixed unit name (``activities``, ``themes``,
``hours``, ``years``, ``months``, ``periods``, ``requirements``, ``ECTS``, ``share``), or
None for a setting without a unit.

``sweep`` is the direction in which the requirement's outcome moves as the value grows:
``HARDER`` (a minimum), ``EASIER`` (a cap, a maximum, missed periods allowed) or ``NONE``
(not monotone, or not a number). A sweep uses it to find each person's breakpoint by binary
search; whether it has a closed form is the primitive's columnar business.
"""

from __future__ import annotations

from typing import Any, Final

import attrs

__all__ = ["EASIER", "HARDER", "NONE", "OWN", "ParamInfo", "info", "param"]

HARDER: Final = -1
EASIER: Final = 1
NONE: Final = 0
OWN: Final = "own"

_KEY: Final = "vakmanschap"


@attrs.frozen
class ParamInfo:
    """The meaning of one parameter: its words (Dutch, English), unit and sweep direction.

    Words may hold ``{arg}`` for parameters keyed by a name, such as
    ``cap_per_category.<category>``.
    """

    nl: str
    en: str
    unit: str | None = None
    sweep: int = NONE

    def words(self, lang: str, arg: str = "") -> str:
        """The parameter in words, with ``{arg}`` filled in."""
        text = self.nl if lang == "nl" else self.en
        return text.format(arg=arg) if "{arg}" in text else text


def param(nl: str, en: str, *, unit: str | None = None, sweep: int = NONE,
          **field: Any) -> Any:
    """An attrs field carrying the parameter's :class:`ParamInfo` (other keyword arguments
    go to :func:`attrs.field`, e.g. ``default=None``)."""
    return attrs.field(metadata={_KEY: ParamInfo(nl, en, unit, sweep)}, **field)


def info(cls: type, name: str) -> ParamInfo | None:
    """The :class:`ParamInfo` of parameter ``name`` of primitive class ``cls``.

    ``name`` may be a keyed path such as ``cap_per_category.informeel`` (the part before the
    first dot names the field). None when the field declares none (common keys, children).
    """
    head = name.split(".", 1)[0]
    field = getattr(attrs.fields(cls), head, None)
    if field is None:
        return None
    found = field.metadata.get(_KEY)
    return found if isinstance(found, ParamInfo) else None
