"""The columnar evaluator: one requirement tree evaluated for a whole population at once.

The rule tree objects that :meth:`RuleSet.assess` walks are walked here too; each primitive
owns its columnar form (``Requirement.columnar``, in the "population: columnar evaluation"
section of its class), computing with numpy over all activities sorted by person what its
``evaluate`` computes for one person: met, actual and required per person, to the last bit
(docs/population.md gives the exactness argument). A primitive without a columnar form is
evaluated person by person (:func:`~vakmanschap.engine.columnar.walk.person_by_person`).

* :mod:`.frame`: :class:`PopulationFrame`, what one evaluation shares (activity views);
* :mod:`.context`: :class:`ColumnarContext` (people, each in a window) and :class:`Selection`
  (the activities a node looks at);
* :mod:`.columns`: :class:`NodeColumns`, one node evaluated in one context;
* :mod:`.walk`: the tree walk, the person-by-person form, the registration levels;
* :mod:`.fates`: where the hours go, what one node did with every activity (per reason);
* :mod:`.periods`, :mod:`.dates`: windows cut into periods, date arithmetic on ordinals;
* :mod:`.arrays`: exact per-person sums and running caps;
* :mod:`.source`: what the evaluator reads from a population (protocols).

The engine layer does not import the population layer: the population's arrays come in as
an argument (:class:`~vakmanschap.engine.columnar.source.PeopleColumns`).
"""
