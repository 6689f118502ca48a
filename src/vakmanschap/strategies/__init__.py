"""Hypothesis strategies for property-testing an integration with vakmanschap.

Needs Hypothesis: ``pip install 'vakmanschap[strategies]'`` (importing this module without it
raises an ImportError that says so). Everything drawn is valid input: professionals and
activities build without error, HR-export rows use the columns of docs/quickstart-hr.md, rule
files load. Give a :class:`RuleSet` to draw only the names it declares (categories, themes,
roles, qualification and attestation kinds, levels), so that every professional passes
``rules.check_professional`` (and has the date of entering service that rules may count
from):

>>> import json
>>> from hypothesis import given, settings
>>> import vakmanschap as vk
>>> from vakmanschap import strategies as vks
>>> RULES = vk.load_rules("rijksambtenaar")
>>> def store(payload):                       # stands for your HR system
...     return json.loads(json.dumps(payload))
>>> @settings(max_examples=25, deadline=None)
... @given(vks.professionals(RULES))
... def test_every_assessment_can_be_stored(person):
...     assessment = RULES.assess(person, on="2028-01-01")
...     assert store(assessment.to_dict())["professional"] == person.id
>>> test_every_assessment_can_be_stored()

Ids are unique and predictable (``p0``; ``a0``, ``a1``, ... for activities), so shrunk
examples stay readable. Importing this module registers a strategy for each public record
type (``Professional``, ``Activity``, ``Employment``, ``Leave``, ``Attestation``,
``Qualification``, ``RegisterEvent``) and for ``Window``, so that ``st.from_type`` draws valid
ones with the default vocabulary:

>>> from hypothesis import strategies as st
>>> @settings(max_examples=10, deadline=None)
... @given(st.from_type(vk.Professional), st.from_type(vk.Window))
... def test_drawn_by_type(person, window):
...     assert person.id == "p0" and window.start <= window.end
>>> test_drawn_by_type()

Random rule files (:func:`rule_file_data`, :func:`rule_file_texts`, :func:`rule_sets`) hold
every registered requirement primitive: each draws its own parameters (see
:mod:`vakmanschap.strategies.rule_files`).
"""

from __future__ import annotations

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("vakmanschap.strategies needs Hypothesis: "
                      "pip install 'vakmanschap[strategies]'") from exc

from vakmanschap.model.periods import Window
from vakmanschap.model.records import (
    Activity,
    Attestation,
    Employment,
    Leave,
    Professional,
    Qualification,
    RegisterEvent,
)
from vakmanschap.strategies.common import Vocabulary, amounts, dates, vocabulary
from vakmanschap.strategies.hr import (
    HR_ACTIVITY_COLUMNS,
    HR_PROFESSIONAL_COLUMNS,
    hr_activity_rows,
    hr_exports,
    hr_professional_rows,
)
from vakmanschap.strategies.mutations import mutated_texts
from vakmanschap.strategies.people import (
    activities,
    activity_lists,
    person_dicts,
    professionals,
    to_person_dict,
)
from vakmanschap.strategies.records import (
    attestations,
    employments,
    leaves,
    qualifications,
    register_events,
    windows,
)
from vakmanschap.strategies.rule_files import (
    CAPS,
    PRIMITIVES,
    rule_file_data,
    rule_file_texts,
    rule_sets,
)

__all__ = [
    "CAPS",
    "HR_ACTIVITY_COLUMNS",
    "HR_PROFESSIONAL_COLUMNS",
    "PRIMITIVES",
    "Vocabulary",
    "activities",
    "activity_lists",
    "amounts",
    "attestations",
    "dates",
    "employments",
    "hr_activity_rows",
    "hr_exports",
    "hr_professional_rows",
    "leaves",
    "mutated_texts",
    "person_dicts",
    "professionals",
    "qualifications",
    "register_events",
    "rule_file_data",
    "rule_file_texts",
    "rule_sets",
    "to_person_dict",
    "vocabulary",
    "windows",
]

for _type, _strategy in ((Professional, professionals()), (Activity, activities()),
                         (Employment, employments()), (Leave, leaves()),
                         (Attestation, attestations()), (Qualification, qualifications()),
                         (RegisterEvent, register_events()), (Window, windows())):
    st.register_type_strategy(_type, _strategy)
