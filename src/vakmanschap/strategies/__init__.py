"""Hypothesis strategies for property-testing an integration with vakmanschap.

Needs Hypothesis: ``pip install 'vakmanschap[strategies]'`` (importing this module without it
raises an ImportError that says so). Everything drawn is valid input: professionals and
activities build without error, HR-export rows use the columns of docs/quickstart-hr.md, rule
files load. Give a :class:`RuleSet` to draw only the names it declares (categories, themes,
roles, qualification and attestation kinds, levels), so that every professional passes
``rules.check_professional``::

    import json

    from hypothesis import given, settings

    import vakmanschap as vk
    from vakmanschap import strategies as vks

    RULES = vk.load_rules("rijksambtenaar")

    def store(payload):                       # stands for your HR system
        return json.loads(json.dumps(payload))

    @settings(max_examples=25, deadline=None)
    @given(vks.professionals(RULES))
    def test_every_assessment_can_be_stored(person):
        try:
            assessment = RULES.assess(person, on="2028-01-01")
        except vk.VakmanschapError:           # e.g. no rule version in force yet
            return
        assert store(assessment.to_dict())["professional"] == person.id

Ids are unique and predictable (``p0``; ``a0``, ``a1``, ... for activities), so shrunk
examples stay readable. ``st.from_type(vk.Professional)`` and ``st.from_type(vk.Activity)``
draw with the default vocabulary once this module is imported.

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

from vakmanschap.model.records import Activity, Professional
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
    "dates",
    "hr_activity_rows",
    "hr_exports",
    "hr_professional_rows",
    "mutated_texts",
    "person_dicts",
    "professionals",
    "rule_file_data",
    "rule_file_texts",
    "rule_sets",
    "to_person_dict",
    "vocabulary",
]

st.register_type_strategy(Professional, professionals())
st.register_type_strategy(Activity, activities())
