"""The rule-file schema language, written once and used twice: to check and convert rule files
(with every problem located by file:line:col) and to emit JSON Schema for editors.

A schema node checks a value, records problems in a :class:`Checker`, and returns the
converted value, or :data:`INVALID` after recording at least one problem. Nothing is ever
dropped: an unknown key is a problem that lists the allowed keys.

By job: :mod:`.checker` (locations, the checker, the node protocol), :mod:`.scalars` (single
values), :mod:`.containers` (lists, mappings, records), :mod:`.dated` (dated parameters) and
:mod:`.every` (the length of a sub-period).
The nodes, and ``iso_date`` (the one reading of a date written in a rule file), are imported
from here.
"""

from vakmanschap.rules.schema.checker import INVALID, Checker, Loc, Schema
from vakmanschap.rules.schema.containers import Field, MapOf, Record, SeqOf
from vakmanschap.rules.schema.dated import DatedS
from vakmanschap.rules.schema.every import EveryS
from vakmanschap.rules.schema.scalars import (
    MAX_MONTHS,
    MAX_NUMBER,
    MAX_YEARS,
    Any_,
    Bool,
    DateS,
    Num,
    Ref,
    Str,
    TextS,
    iso_date,
)

__all__ = [
    "INVALID",
    "MAX_MONTHS",
    "MAX_NUMBER",
    "MAX_YEARS",
    "Any_",
    "Bool",
    "Checker",
    "DateS",
    "DatedS",
    "EveryS",
    "Field",
    "Loc",
    "MapOf",
    "Num",
    "Record",
    "Ref",
    "Schema",
    "SeqOf",
    "Str",
    "TextS",
    "iso_date",
]
