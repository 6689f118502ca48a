"""Plots for analysts (matplotlib, an optional extra: ``pip install 'vakmanschap[analysis]'``).

* :func:`sweep_curve`: pass rate against a parameter's value (one curve per value of a second
  parameter in a grid);
* :func:`flips_chart`: per group, how many people lose and gain under a variant;
* :func:`cost_chart`: per group, the euros of closing every gap under the base and the
  variant, split into time and fees;
* :func:`solve_chart`: the pass rate (or cost) against the parameter, with the target and
  the value found.

Each returns the matplotlib Figure; with ``path`` it is also written (PNG by the extension).
The figures use the non-interactive Agg backend, so they work on servers and in CI.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from vakmanschap.errors import VakmanschapError
from vakmanschap.model.words import Lang
from vakmanschap.population.words import cell_words, heading

if TYPE_CHECKING:
    from vakmanschap.population.compare import Comparison
    from vakmanschap.population.solve import Solution
    from vakmanschap.population.sweep import SweepResult
    from vakmanschap.population.tables import Table

__all__ = ["cost_chart", "flips_chart", "solve_chart", "sweep_curve"]


def _pyplot() -> Any:
    try:
        matplotlib = import_module("matplotlib")
    except ImportError:
        raise VakmanschapError("plots need matplotlib: pip install 'vakmanschap[analysis]'") \
            from None
    matplotlib.use("Agg")
    return import_module("matplotlib.pyplot")


def _save(figure: Any, path: Any) -> Any:
    if path is not None:
        figure.savefig(Path(path), dpi=120, bbox_inches="tight")
    return figure


def zoom(low: float, high: float) -> tuple[float, float]:
    """Limits of a percentage axis that show the data, not 0-100: a margin of a tenth of the
    range (at least half a point), never beyond 0 or 100."""
    span = max(high - low, 1.0)
    pad = max(span * 0.1, 0.5)
    return max(0.0, low - pad), min(100.0, high + pad)


def _fmt(value: float, lang: Lang) -> str:
    text = f"{value:,.0f}"
    return text.replace(",", ".") if lang == "nl" else text


def sweep_curve(result: SweepResult, path: Any = None, lang: Lang = "nl") -> Any:
    """Pass rate (percent) against the swept values, in ``lang``: the x-axis names the
    requirement, the parameter and its unit; the y-axis zooms to the rates."""
    plt = _pyplot()
    nl = lang == "nl"
    figure, axes = plt.subplots(figsize=(7.5, 4.2))
    rates = np.asarray(result.pass_rate, dtype=np.float64) * 100
    shown = [rates]
    if result.parameter2 is None:
        axes.plot(result.values, rates, color="#154273", linewidth=2.2,
                  label="iedereen" if nl else "everyone")
        if result.groups and result.group_met is not None:
            for g, label in enumerate(result.groups):
                a = result.group_assessed[g]
                if a:
                    name = ", ".join(f"{heading(k, lang)} = {cell_words(k, v, lang)}"
                                     for k, v in label.items())
                    group_rates = result.group_met[:, g] / a * 100
                    shown.append(group_rates)
                    axes.plot(result.values, group_rates, linewidth=0.9, alpha=0.7, label=name)
            axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.02, 1.0),
                        frameon=False)
    else:
        second = result.label2(lang) if result.label2 is not None else result.parameter2
        for j, w in enumerate(result.values2):
            axes.plot(result.values, rates[:, j], label=f"{w:g}")
        axes.legend(fontsize=8, title=second, title_fontsize=8, loc="upper left",
                    bbox_to_anchor=(1.02, 1.0), frameon=False)
    values = np.concatenate([np.ravel(r) for r in shown])
    values = values[np.isfinite(values)]
    if len(values):
        axes.set_ylim(*zoom(float(values.min()), float(values.max())))
    axes.yaxis.set_major_formatter(
        import_module("matplotlib.ticker").FuncFormatter(
            lambda v, _: f"{v:.1f}".replace(".", "," if nl else ".") + " %"))
    axes.set_xlabel(result.label(lang) if result.label is not None else result.parameter)
    axes.set_ylabel("voldoet aan de eisen" if nl else "meets the requirements")
    axes.grid(alpha=0.3)
    people = _fmt(result.assessed, lang)
    axes.set_title(f"Slagingspercentage per waarde ({people} personen beoordeeld)" if nl else
                   f"Pass rate per value ({people} people assessed)")
    return _save(figure, path)


def flips_chart(comparison: Comparison, by: str, path: Any = None, lang: Lang = "nl") -> Any:
    """Horizontal bars per group: people who lose (left) and gain (right) under the variant;
    words in ``lang``, the legend below the chart, clear of the bars."""
    plt = _pyplot()
    nl = lang == "nl"
    table = comparison.summary(by)
    labels = [str(row[by]) for row in table.rows]
    loses = [-int(row["loses"]) for row in table.rows]
    gains = [int(row["gains"]) for row in table.rows]
    figure, axes = plt.subplots(figsize=(7, 0.35 * len(labels) + 2.2), layout="constrained")
    axes.barh(labels, loses, color="#d52b1e",
              label="verliest (voldoet aan de basis, niet aan de variant)" if nl else
              "loses (meets the base, not the variant)")
    axes.barh(labels, gains, color="#39870c",
              label="wint (voldoet aan de variant, niet aan de basis)" if nl else
              "gains (meets the variant, not the base)")
    axes.axvline(0, color="black", linewidth=0.8)
    axes.set_xlabel("personen" if nl else "people")
    group = heading(by, lang)
    axes.set_title(f"Wie verandert van uitkomst, per {group}" if nl else
                   f"Who changes outcome, by {group}")
    axes.xaxis.set_major_formatter(  # people who lose are drawn left of 0, counted positive
        import_module("matplotlib.ticker").FuncFormatter(lambda v, _: f"{abs(v):g}"))
    figure.legend(fontsize=8, loc="outside lower center", ncol=1, frameon=False)
    axes.invert_yaxis()
    return _save(figure, path)


def cost_chart(table: Table, by: str, currency: str = "EUR", path: Any = None) -> Any:
    """Horizontal bars per group: the cost of closing every gap under the base (thin, grey)
    and under the variant (time and fees stacked), from a cost table by ``by``."""
    plt = _pyplot()
    labels = [str(row[by]) for row in table.rows]
    time = [float(row["time_cost_variant"]) / 1000 for row in table.rows]
    fees = [float(row["fees_variant"]) / 1000 for row in table.rows]
    base = [float(row["cost_base"]) / 1000 for row in table.rows]
    figure, axes = plt.subplots(figsize=(7, 0.4 * len(labels) + 1.6))
    axes.barh(labels, time, color="#154273", label="tijd (variant)")
    axes.barh(labels, fees, left=time, color="#e17000", label="cursusgeld (variant)")
    axes.barh(labels, base, height=0.25, color="#999999", label="basis (totaal)")
    axes.set_xlabel(f"duizend {currency}")
    axes.set_title(f"Kosten om elk tekort te sluiten, per {by}")
    axes.legend(fontsize=8, loc="lower right")
    axes.invert_yaxis()
    axes.grid(axis="x", alpha=0.3)
    return _save(figure, path)


def solve_chart(solution: Solution, path: Any = None) -> Any:
    """The measure (pass rate in percent, or euros) against the parameter's values, with the
    target as a line and the value found as a point."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7, 4.2))
    scale = 100.0 if solution.measure == "pass_rate" else 1.0
    axes.plot(solution.values, [v * scale for v in solution.curve], color="#154273",
              linewidth=2.0)
    axes.axhline(solution.target * scale, color="#d52b1e", linewidth=0.9,
                 label=f"doel {solution.measure} {solution.relation} {solution.target:g}")
    if solution.value is not None:
        axes.plot([solution.value], [solution.achieved * scale], "o", color="#d52b1e",
                  label=f"{solution.parameter} = {solution.value:g}")
    axes.set_xlabel(solution.parameter)
    axes.set_ylabel("voldoet (%)" if solution.measure == "pass_rate" else solution.measure)
    axes.grid(alpha=0.3)
    axes.legend(fontsize=8)
    return _save(figure, path)
