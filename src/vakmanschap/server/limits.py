"""The limits a service puts on one request, documented in docs/service.md.

Every limit is settable (:func:`vakmanschap.server.create_app`, ``vakmanschap serve
--max-...``). A request over a size limit gets 413 (the body) or 422 (too many professionals
or activities); one that takes longer than ``timeout_s`` gets 503 with ``Retry-After``.
"""

from __future__ import annotations

import json
from typing import Any

import attrs

__all__ = ["Limits"]


def _positive(instance: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if not value > 0:
        raise ValueError(f"{attribute.name} must be positive, got {value!r}")


@attrs.frozen(kw_only=True)
class Limits:
    """What one request may ask of the service."""

    #: Largest request body, in bytes (413 above it).
    max_body_bytes: int = attrs.field(default=10_000_000, validator=_positive)
    #: Most professionals in one request (422 above it).
    max_professionals: int = attrs.field(default=1_000, validator=_positive)
    #: Most activities of one professional (422 above it).
    max_activities: int = attrs.field(default=5_000, validator=_positive)
    #: Longest time one request may take, in seconds (503 with Retry-After above it).
    timeout_s: float = attrs.field(default=10.0, validator=_positive)
    #: Seconds a client is asked to wait after a 503 (the ``Retry-After`` header).
    retry_after_s: int = attrs.field(default=5, validator=_positive)

    def to_json(self) -> str:
        """The limits as JSON (passed to worker processes)."""
        return json.dumps(attrs.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Limits:
        """The limits from :meth:`to_json`."""
        return cls(**json.loads(text))
