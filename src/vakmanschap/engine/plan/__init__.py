"""The completion plan: what is still to be done, and by when, to meet the requirements.

``Assessment.plan()`` answers "what would make this assessment pass?" for the running cycle:
the smallest additional amount per unmet requirement (hours or points per category and theme,
activities per period, themes to cover, work hours, a missing attestation or qualification),
each with the period it must fall in and the deadline::

    Nog te doen vóór 1 augustus 2027: 12 uur voor Geaccrediteerde scholing, waarvan 6 uur in
    thema Integriteit; één activiteit voor Intervisie in 2026.

How it is made (docs/lifecycle.md, "Completion plan"); the planner (:mod:`.planner`) knows
no primitive: each primitive says what a plan must add to meet it (``Requirement.plan_needs``,
``plan_fact``, ``plan_step`` in :mod:`vakmanschap.engine.primitives.base`):

1. **Projection.** The cycle is re-assessed on its last day with the facts already recorded
   (activities booked for later dates count as planned; contracts keep running).
2. **Needs** (:mod:`.need`). The unmet requirements of the projection give needs; ``any_of``
   (and a registration with several levels) takes the cheapest alternative, ``at_least`` and
   ``per_period`` the cheapest missing ones. Cheapest means, in this order: achievable in the
   time left, fewest new diplomas, smallest amount, fewest items. A primitive that declares
   no plan gives a ``manual`` step: the plan names it and leaves it to the register.
3. **Synthesis** (:mod:`.synthesis`). Each need becomes planned activities (or an employment,
   a qualification, an attestation: the primitive's ``plan_fact``) dated from the assessment
   date on, inside the period it counts for, within the caps and the minimum per activity.
   The most specific needs go first, and each planned activity gets the category and
   accreditation that the most other needs accept, so that one activity serves several
   requirements ("12 uur, waarvan 6 in thema X").
4. **Check.** The cycle is re-assessed with the planned facts added; what is still missing
   (a cap, an interaction) is planned in a next round, up to a fixed number of rounds.
   ``Plan.verified`` says whether the planned facts make the assessment pass.

Each step reports the amount its requirement was found to miss (added up over the rounds,
and at least the minimum per activity). The plan is greedy, not an optimisation over all
combinations, and a maximum share is not monotonic: more activities can break it, so a plan
under such a rule may not verify.

The words of a plan live in the text layer (:mod:`vakmanschap.text.plan_words`); a plan gets
them through the extensions of the rule set it was made with (:meth:`Plan.explain`).
"""

from vakmanschap.engine.plan.model import PLAN_SCHEMA, Plan, PlanStep
from vakmanschap.engine.plan.planner import MAX_ROUNDS, PLAN_ID, make_plan

__all__ = ["MAX_ROUNDS", "PLAN_ID", "PLAN_SCHEMA", "Plan", "PlanStep", "make_plan"]
