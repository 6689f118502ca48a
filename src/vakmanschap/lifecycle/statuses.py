"""The words of a status timeline: its statuses, the reasons for them and the notes beside them.

Each is a code with its Dutch and English text (docs/glossary.md, docs/lifecycle.md); the
codes are what the JSON form carries, the texts what a reader sees.
"""

from __future__ import annotations

from vakmanschap.model.words import Text

__all__ = ["NOTES", "REASONS", "REGISTERED", "STATUSES"]

#: Every status a segment can have, with its Dutch and English name (docs/glossary.md).
STATUSES: dict[str, Text] = {
    "ingeschreven": Text("ingeschreven", "enrolled"),
    "geregistreerd": Text("geregistreerd", "registered"),
    "geherregistreerd": Text("geherregistreerd", "re-registered"),
    "herintreding": Text("geregistreerd na herintreding", "registered after re-entry"),
    "uitstel": Text("uitstel van herregistratie", "re-registration deferred"),
    "onder_voorwaarden": Text("onder voorwaarden", "registered under conditions"),
    "niet_voldaan": Text("niet voldaan, ingeschreven (maatregel)",
                         "not compliant, still registered (measure)"),
    "verlopen": Text("herregistratie verlopen", "re-registration lapsed"),
    "doorgehaald": Text("doorgehaald", "struck off"),
    "uitgeschreven": Text("uitgeschreven", "deregistered"),
}

#: Statuses in which the professional is in the register with a running term.
REGISTERED = frozenset({"geregistreerd", "geherregistreerd", "herintreding", "uitstel",
                        "onder_voorwaarden", "niet_voldaan"})

# reason code -> (Dutch, English); {event} is the event's date, {due} the segment's due date.
REASONS: dict[str, tuple[str, str]] = {
    "enrolled": ("inschrijving op {event}", "enrolment on {event}"),
    "registered": ("besluit tot registratie van {event}", "registration decided on {event}"),
    "reregistered": ("besluit tot herregistratie van {event}",
                     "re-registration decided on {event}"),
    "application_met": ("aanvraag van {event} beoordeeld: voldoet aan de eisen",
                        "application of {event} assessed: meets the requirements"),
    "assessed_at_due": ("beoordeeld aan het einde van de periode: voldoet aan de eisen",
                        "assessed at the end of the term: meets the requirements"),
    "reentry_met": ("aanvraag tot herintreding van {event} beoordeeld: voldoet aan de eisen",
                    "re-entry application of {event} assessed: meets the requirements"),
    "pending_application": ("aanvraag van {event} op tijd ingediend; de registratie loopt door "
                            "tot het besluit",
                            "application of {event} filed on time; the registration continues "
                            "until the decision"),
    "pending_decision": ("besluit over de herregistratie volgt; de registratie loopt door",
                         "a decision on re-registration follows; the registration continues"),
    "deferral_pending": ("uitstel op tijd aangevraagd; de registratie loopt door tot het "
                         "besluit", "deferral requested on time; the registration continues "
                         "until the decision"),
    "deferral": ("uitstel verleend bij besluit van {event}",
                 "deferral granted by decision of {event}"),
    "no_application": ("geen herregistratie of uitstel aangevraagd op tijd",
                       "no re-registration or deferral requested in time"),
    "late_application": ("herregistratie te laat aangevraagd ({event})",
                         "re-registration applied for too late ({event})"),
    "application_not_met": ("aanvraag van {event} voldeed niet aan de eisen",
                            "the application of {event} did not meet the requirements"),
    "not_met_at_due": ("aan het einde van de periode voldeed u niet aan de eisen",
                       "at the end of the term the requirements were not met"),
    "grace_ended": ("niet geherregistreerd binnen de termijn onder voorwaarden",
                    "not re-registered within the conditional period"),
    "struck_off": ("doorgehaald bij besluit van {event}", "struck off by decision of {event}"),
    "deregistered": ("uitgeschreven op verzoek, {event}", "deregistered on request, {event}"),
}

# note code -> (Dutch, English)
NOTES: dict[str, tuple[str, str]] = {
    "application_premature": ("aanvraag van {event} te vroeg: herregistratie kan pas vanaf "
                              "{arg}", "application of {event} too early: re-registration is "
                              "possible from {arg}"),
    "application_not_met": ("aanvraag van {event} beoordeeld: voldoet (nog) niet aan de eisen",
                            "application of {event} assessed: does not (yet) meet the "
                            "requirements"),
    "reentry_not_met": ("aanvraag tot herintreding van {event}: voldoet (nog) niet aan de "
                        "eisen", "re-entry application of {event}: does not (yet) meet the "
                        "requirements"),
    "reentry_needs_decision": ("aanvraag tot herintreding van {event}: deze regels kennen geen "
                               "registratie-eisen; een besluit van het register is nodig",
                               "re-entry application of {event}: these rules have no "
                               "registration requirements; a decision of the register is "
                               "needed"),
    "deferral_not_allowed": ("uitstel van {event} heeft geen gevolg: deze regels kennen geen "
                             "uitstel", "deferral of {event} has no effect: these rules allow "
                             "no deferral"),
    "deferral_closed": ("uitstel van {event} heeft geen gevolg: uitstel was alleen tot een "
                        "vaste datum aan te vragen", "deferral of {event} has no effect: "
                        "deferral could be requested only until a fixed date"),
    "deferral_outside_dates": ("uitstel van {event} heeft geen gevolg: de uitstelregeling geldt "
                               "niet voor deze einddatum", "deferral of {event} has no effect: "
                               "the deferral scheme does not cover this due date"),
    "deferral_late_request": ("uitstel van {event} heeft geen gevolg: niet op tijd aangevraagd",
                              "deferral of {event} has no effect: not requested in time"),
    "deferral_no_room": ("uitstel van {event} heeft geen gevolg: het maximum is bereikt",
                         "deferral of {event} has no effect: the maximum is reached"),
    "deferral_capped": ("uitstel beperkt tot het maximum: tot {arg}",
                        "deferral cut back to the maximum: until {arg}"),
    "measure": ("maatregel van het register: {arg}", "measure by the register: {arg}"),
    "ignored": ("{kind} van {event} heeft geen gevolg in deze status",
                "{kind} of {event} has no effect in this status"),
}
