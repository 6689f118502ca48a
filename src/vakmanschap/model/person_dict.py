"""Plain mappings (person files, JSON from an HR system) to :class:`Professional`.

Kept apart from the model so that the model stays a set of value classes; this module owns
the person-file format and its error messages (record path + field + what is allowed).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, cast

import attrs

from vakmanschap.errors import DataError

if TYPE_CHECKING:
    from vakmanschap.model.records import Professional

_SCALARS = ("id", "fte", "entered_service", "attributes", "profession")


@cache
def _fields(kind: type) -> tuple[str, ...]:
    return tuple(a.alias for a in attrs.fields(kind))


@cache
def _renamed(kind: type) -> dict[str, str]:
    """Attribute name -> person-file key where they differ (``other_amount`` -> ``amount``),
    so that ``attrs.asdict`` of a record reads back."""
    return {a.name: a.alias for a in attrs.fields(kind) if a.alias != a.name}


def _check_keys(data: Mapping[str, Any], allowed: tuple[str, ...], record: str) -> None:
    if all(k in allowed for k in data):
        return
    unknown = sorted(str(k) for k in data if k not in allowed)
    if unknown:
        raise DataError(f"unknown key{'s' if len(unknown) > 1 else ''} "
                        f"{', '.join(map(repr, unknown))}; allowed: {', '.join(allowed)}",
                        record=record, field=unknown[0])


def _label(record: str, data: Mapping[str, Any]) -> str:
    ident = data.get("id")
    return f"{record} (id {ident})" if ident is not None else record


def _build(kind: type[Any], data: object, record: str) -> Any:
    if not isinstance(data, Mapping):
        raise DataError(f"must be a mapping, got {type(data).__name__}", record=record)
    renamed = _renamed(cast(type, kind))
    if renamed and any(k in renamed for k in data):
        data = {str(renamed.get(str(k), k)): v for k, v in data.items()}
    _check_keys(data, _fields(cast(type, kind)), record)
    try:
        return kind(**data)
    except DataError as exc:
        raise DataError(exc.reason, record=_label(record, data), field=exc.field) from None
    except TypeError as exc:
        label = _label(record, data)
        required = [a.name for a in attrs.fields(kind) if a.default is attrs.NOTHING]
        missing = [name for name in required if name not in data]
        field = missing[0] if missing else ""
        raise DataError(f"missing required field(s) {', '.join(missing)}" if missing
                        else str(exc), record=label, field=field) from None


def professional_from_dict(cls: type[Professional], data: Mapping[str, Any], *,
                           record_types: Mapping[str, type[Any]],
                           where: str = "") -> Professional:
    """See :meth:`Professional.from_dict`; ``record_types`` maps each list of records
    (``activities``, ...) to its class (passed in: the model imports this module)."""
    ident = data.get("id") if isinstance(data, Mapping) else None
    record = ", ".join(p for p in (where, f"professional {ident}" if ident else "professional")
                       if p)
    if not isinstance(data, Mapping):
        raise DataError(f"must be a mapping, got {type(data).__name__}", record=record)
    _check_keys(data, _SCALARS + tuple(record_types), record)
    kwargs: dict[str, Any] = {k: data[k] for k in _SCALARS if k in data}
    for key, kind in record_types.items():
        items = data.get(key)
        if items is None:
            continue
        if not isinstance(items, list | tuple):
            raise DataError(f"must be a list, got {type(items).__name__}", record=record,
                            field=key)
        kwargs[key] = tuple(_build(kind, item, f"{record}, {key}[{index}]")
                            for index, item in enumerate(items))
    try:
        return cls(**kwargs)
    except DataError as exc:
        raise DataError(exc.reason, record=f"{record}{', ' + exc.record if exc.record else ''}",
                        field=exc.field) from None
    except TypeError:
        raise DataError("missing required field 'id'", record=record, field="id") from None
