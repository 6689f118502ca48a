"""Projection of future terms: each person's history continued from their own past pace and
mix, every term that ends in the horizon judged under the rules then in force, with a band
over random draws (docs/population.md, "Projection").

>>> result = vk.project(pop, rules, start="2027-01-01", years=5, draws=200, seed=1,
...                     variant=variant, by="organisation")        # doctest: +SKIP
"""

from vakmanschap.population.projection.api import project, slice_population
from vakmanschap.population.projection.assumptions import Assumptions, load_assumptions
from vakmanschap.population.projection.result import ProjectionResult
from vakmanschap.population.projection.run import OUTCOMES

__all__ = ["OUTCOMES", "Assumptions", "ProjectionResult", "load_assumptions", "project",
           "slice_population"]
