"""What each endpoint computes for a checked request: the same JSON and text as the command
line (``check --format json``, ``check``, ``timeline --format json``), professional by
professional, stopping when the request's time is up.

The library's own result shapes pass through unchanged (``Assessment.to_dict()``,
``timeline_to_dict``): whatever they carry (a decision receipt, a lifecycle status) reaches the
caller without this module knowing it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from vakmanschap.errors import VakmanschapError
from vakmanschap.lifecycle.segments import timeline_to_dict
from vakmanschap.model.records import Professional
from vakmanschap.server.body import BadRequest, Request

__all__ = ["Overtime", "check_json", "explain_text", "timeline_json"]

T = TypeVar("T")


class Overtime(Exception):
    """The request used up its time (the service answers 503 with Retry-After)."""


def _each(request: Request, deadline: float,
          work: Callable[[Professional], T]) -> Iterator[T]:
    for index, person in enumerate(request.professionals):
        if time.monotonic() > deadline:
            raise Overtime
        try:
            yield work(person)
        except VakmanschapError as exc:
            where = "professional" if request.single else f"professionals[{index}]"
            message = str(exc).replace("\n", " ")
            raise BadRequest(422, f"{where}: {message}", where, type(exc).__name__) from None


def _shape(request: Request, items: list[Any]) -> Any:
    return items[0] if request.single else items


def check_json(request: Request, deadline: float) -> Any:
    """``check --format json``: one assessment, or a list for ``professionals``."""
    on, group = request.on, request.group
    assert on is not None
    return _shape(request, list(_each(request, deadline, lambda p: request.rules.assess(
        p, on, group=group).to_dict())))


def explain_text(request: Request, deadline: float) -> str:
    """``check`` (text): the explanations, one after the other."""
    on, group, lang = request.on, request.group, request.lang
    assert on is not None
    return "\n".join(_each(request, deadline, lambda p: request.rules.assess(
        p, on, group=group).explain(lang)))


def timeline_json(request: Request, deadline: float) -> Any:
    """``timeline --format json``: one timeline, or a list for ``professionals``."""
    until, rules = request.until, request.rules
    assert until is not None
    return _shape(request, list(_each(request, deadline, lambda p: timeline_to_dict(
        rules, p, until, rules.timeline(p, until)))))
