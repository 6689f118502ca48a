"""What the columnar evaluator reads from a population, as protocols.

The engine layer never imports the population layer: whoever evaluates a population (today
:func:`vakmanschap.population.simulate`) passes in objects with these attributes. Arrays are
numpy arrays; days are ordinals (0: none). Read-only properties, so that frozen attrs
classes satisfy them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from vakmanschap.engine.columnar.arrays import I32, Bools, IntArray
from vakmanschap.model.records import Professional

__all__ = ["ActivityColumns", "AttestationColumns", "JudgedWindows", "LeaveColumns",
           "PeopleColumns"]


class ActivityColumns(Protocol):
    """Every activity, sorted by person, then day, then activity id."""

    @property
    def person(self) -> I32: """Person index of each activity."""
    @property
    def day(self) -> I32: """Ordinal day."""
    @property
    def amount(self) -> Any: """Amount in integer hundredths (int32 or int64)."""
    @property
    def points(self) -> Bools: """Unit: points (True) or hours (or, with ``unit``, other)."""
    @property
    def unit(self) -> Any: """None (every unit hours or points), or codes into ``units``."""
    @property
    def units(self) -> tuple[str, ...]: """Unit names by code (with ``unit``)."""
    @property
    def category(self) -> Any: """Recorded category: a code into ``categories``."""
    @property
    def themes(self) -> Any: """Themes as a bit mask over ``themes_names``."""
    @property
    def accredited(self) -> Bools: """Accredited or not."""
    @property
    def provider(self) -> Any: """A code into ``providers``, -1: none."""
    @property
    def categories(self) -> tuple[str, ...]: """Category names by code."""
    @property
    def themes_names(self) -> tuple[str, ...]: """Theme names by bit."""
    @property
    def providers(self) -> tuple[str, ...]: """Provider names by code."""

    def __len__(self) -> int: """Number of activities."""


class AttestationColumns(Protocol):
    """Every attestation, sorted by person."""

    @property
    def person(self) -> I32: """Person index."""
    @property
    def kind(self) -> I32: """A code into ``kinds``."""
    @property
    def on(self) -> I32: """Ordinal day."""
    @property
    def kinds(self) -> tuple[str, ...]: """Kind names by code."""

    def __len__(self) -> int: """Number of attestations."""


class LeaveColumns(Protocol):
    """Every leave, sorted by person."""

    @property
    def person(self) -> I32: """Person index."""
    @property
    def start(self) -> I32: """Ordinal first day."""
    @property
    def end(self) -> I32: """Ordinal last day (inclusive)."""
    @property
    def kind(self) -> Any: """An index into ``tuple(LeaveKind)``."""

    def __len__(self) -> int: """Number of leaves."""


class PeopleColumns(Protocol):
    """The people: per person values, their activities and attestations."""

    @property
    def ids(self) -> Any: """Professional ids."""
    @property
    def fte(self) -> Any: """Part-time factor."""
    @property
    def entry(self) -> I32: """Entry date (:attr:`Professional.entry_date`), 0: unknown."""
    @property
    def attributes(self) -> Mapping[str, Any]:
        """Per attribute name one value per person (object arrays of str; an attribute
        missing here is missing for everyone)."""
    @property
    def activities(self) -> ActivityColumns: """The activities."""
    @property
    def attestations(self) -> AttestationColumns: """The attestations."""
    @property
    def leaves(self) -> LeaveColumns: """The leaves (pro rata by months reads them)."""
    @property
    def size(self) -> int: """Number of people."""

    def offsets(self, table: str) -> IntArray:
        """Row offsets per person (length ``size + 1``) of a table, e.g. ``activities``."""

    def professional(self, i: int) -> Professional:
        """Person ``i`` as a :class:`Professional` (for nodes evaluated person by person)."""


class JudgedWindows(Protocol):
    """Per person the window judged and the facts of the registration judged."""

    @property
    def start(self) -> I32: """First day of the window."""
    @property
    def end(self) -> I32: """Due date: the window's end."""
    @property
    def incl(self) -> Bools: """Whether the end belongs to the window."""
    @property
    def params_on(self) -> I32: """Day at which dated parameters are read."""
    @property
    def decided(self) -> I32: """Day of the last registration decision, 0: none."""
    @property
    def level(self) -> Any: """Level of the registration judged (object array), or None."""
