"""Progress of long work: the callback protocol that loading, evaluating, comparing, sweeping,
generating and writing a population accept (docs/population.md, "Progress").

A progress callback is any callable ``progress(step, done, total)``:

* ``step`` names the piece of work, one of :data:`STEPS` (``read``, ``evaluate``,
  ``compare``, ``sweep``, ``generate``, ``write``); :func:`step_words` gives its words in
  Dutch or English;
* ``done`` of ``total`` units of that step are finished (``0 <= done <= total``, ``total >
  0``). The unit depends on the step (bytes read, plans evaluated, values swept); only the
  ratio means something. A step starts with ``done == 0`` and ends with ``done == total``;
  it may be reported again with a larger ``total`` (the work turned out longer).

The library never prints; it only calls the callback, between units of work and never from
another thread. The callback must not raise. This module imports nothing but the standard
library and the word table, so the core stays free of any progress-bar library: the command
line (``vakmanschap.cli.progress``) and :func:`vakmanschap.population.progress_bar` adapt
tqdm to this protocol.
"""

from __future__ import annotations

from typing import Protocol

from vakmanschap.model.words import Lang, Text

__all__ = ["STEPS", "Progress", "part", "report", "step_words"]


class Progress(Protocol):
    """A progress callback: ``progress(step, done, total)``; see the module docstring."""

    def __call__(self, step: str, done: int, total: int, /) -> None:  # pragma: no cover
        ...


STEPS: dict[str, Text] = {
    "read": Text("bestanden inlezen", "reading the files"),
    "evaluate": Text("beoordelen", "evaluating"),
    "compare": Text("regels en variant vergelijken", "comparing rules and variant"),
    "sweep": Text("parameter doorlopen", "sweeping the parameter"),
    "generate": Text("personeelsbestand maken", "generating the workforce"),
    "project": Text("toekomstige perioden projecteren", "projecting future terms"),
    "write": Text("bestanden schrijven", "writing the files"),
}


def step_words(step: str, lang: Lang = "nl") -> str:
    """The words for ``step`` in ``lang`` (an unknown step is shown as given)."""
    text = STEPS.get(step)
    return text(lang) if text is not None else step


def report(progress: Progress | None, step: str, done: int, total: int) -> None:
    """Call ``progress`` when there is one (``total`` at least 1, ``done`` clamped to it)."""
    if progress is not None:
        total = max(int(total), 1)
        progress(step, min(max(int(done), 0), total), total)


class _Part:
    """Reports the inner work as part ``index`` of ``parts`` equal parts of ``step``."""

    SCALE = 1000

    def __init__(self, progress: Progress, step: str, index: int, parts: int) -> None:
        self.progress, self.step, self.index, self.parts = progress, step, index, max(parts, 1)

    def __call__(self, step: str, done: int, total: int, /) -> None:
        inner = done * self.SCALE // max(total, 1)
        self.progress(self.step, self.index * self.SCALE + inner, self.parts * self.SCALE)


def part(progress: Progress | None, step: str, index: int, parts: int) -> Progress | None:
    """A callback that reports inner work (of any step) as part ``index`` (from 0) of
    ``parts`` equal parts of ``step``: how :func:`~vakmanschap.population.compare` shows its
    two evaluations as one bar. None stays None."""
    return None if progress is None else _Part(progress, step, index, parts)
