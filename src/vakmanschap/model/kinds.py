"""The fixed vocabularies of the model: kinds of leave and of register events."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["EventKind", "LeaveKind"]


class LeaveKind(StrEnum):
    """Kinds of leave; which kinds count as work is decided by the rule file."""

    ILLNESS = "illness"
    PREGNANCY = "pregnancy"
    PARENTAL = "parental"
    CARE = "care"
    OTHER = "other"


class EventKind(StrEnum):
    """Decisions and requests recorded by a register."""

    ENROLLED = "enrolled"  # ingeschreven
    REGISTERED = "registered"  # registratie besloten (with level)
    REREGISTRATION_APPLIED = "reregistration_applied"  # herregistratie aangevraagd
    REREGISTERED = "reregistered"  # herregistratie besloten
    DEFERRAL_REQUESTED = "deferral_requested"  # uitstel aangevraagd
    DEFERRAL_GRANTED = "deferral_granted"  # uitstel verleend (until)
    DEREGISTERED = "deregistered"  # vrijwillige uitschrijving
    STRUCK_OFF = "struck_off"  # doorhaling by decision

