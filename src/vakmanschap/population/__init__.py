"""The population layer: columnar evaluation of a whole workforce, variants, sweeps, plots.

>>> import vakmanschap as vk
>>> pop = vk.Population.from_csv("professionals.csv", "activities.csv")    # doctest: +SKIP
>>> result = vk.simulate(pop, rules, on="2029-01-01")                       # doctest: +SKIP
>>> diff = vk.compare(pop, rules, variant, on="2029-01-01")                 # doctest: +SKIP
>>> curve = vk.sweep(pop, rules, "totaal.min", range(80, 201), on="2029-01-01")  # doctest: +SKIP

See docs/population.md.
"""

from vakmanschap.population.result import Column, PopulationResult, simulate
from vakmanschap.population.store import LoadReport, Population
from vakmanschap.population.tables import Table

__all__ = ["Column", "LoadReport", "Population", "PopulationResult", "Table", "simulate"]
