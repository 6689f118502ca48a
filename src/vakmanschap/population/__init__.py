"""The population layer: columnar evaluation of a whole workforce, variants, sweeps, plots.

>>> import vakmanschap as vk
>>> pop = vk.Population.from_csv("professionals.csv", "activities.csv")    # doctest: +SKIP
>>> result = vk.simulate(pop, rules, on="2033-01-01")                       # doctest: +SKIP
>>> diff = vk.compare(pop, rules, variant, on="2033-01-01")                 # doctest: +SKIP
>>> curve = vk.sweep(pop, rules, "totaal.min", range(80, 201), on="2033-01-01")  # doctest: +SKIP
>>> from vakmanschap.population import progress_bar       # tqdm bars (notebook or terminal)
>>> result = vk.simulate(pop, rules, on="2033-01-01", progress=progress_bar())  # doctest: +SKIP

See docs/population.md.
"""

from vakmanschap.population.bars import progress_bar
from vakmanschap.population.compare import Comparison, compare
from vakmanschap.population.generate import generate
from vakmanschap.population.load_report import LoadReport
from vakmanschap.population.result import Column, PopulationResult, simulate
from vakmanschap.population.store import Population
from vakmanschap.population.sweep import SweepResult, sweep
from vakmanschap.population.tables import Table
from vakmanschap.population.writing import write_csv

__all__ = [
    "Column",
    "Comparison",
    "LoadReport",
    "Population",
    "PopulationResult",
    "SweepResult",
    "Table",
    "compare",
    "generate",
    "progress_bar",
    "simulate",
    "sweep",
    "write_csv",
]
