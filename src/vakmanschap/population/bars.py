"""Progress bars for the progress protocol of :mod:`vakmanschap.progress`, drawn by tqdm.

tqdm is an optional extra (``pip install 'vakmanschap[progress]'``) and is imported only when a
bar is made, so that nothing else in the library depends on it.

>>> from vakmanschap.population import progress_bar
>>> bar = progress_bar(lang="en")                                    # doctest: +SKIP
>>> result = vk.simulate(pop, rules, on="2030-01-01", progress=bar)  # doctest: +SKIP

In a notebook :func:`progress_bar` draws tqdm's notebook widget (``tqdm.auto``); on a terminal
a text bar on stderr.
"""

from __future__ import annotations

from importlib import import_module
from typing import IO, Any

from vakmanschap.errors import VakmanschapError
from vakmanschap.model.words import Lang
from vakmanschap.progress import step_words

__all__ = ["TqdmProgress", "progress_bar"]

# the units of a step mean nothing on their own, so a bar shows the share done and the time
BAR_FORMAT = "{desc}: {percentage:3.0f}%|{bar}| {elapsed}<{remaining}"


class TqdmProgress:
    """A progress callback (``progress(step, done, total)``) that draws one tqdm bar per step.

    A step's bar opens on its first report with work left and closes when ``done`` reaches
    ``total``; a new step closes the bar of the one before. ``options`` go to every
    ``tqdm(...)`` call (``file``, ``leave``, ``delay``, ...). Call :meth:`close` (or use it
    as a context manager) to close a bar left open by work that stopped early.
    """

    def __init__(self, tqdm: Any, lang: Lang = "nl", **options: Any) -> None:
        self.tqdm = tqdm
        self.lang = lang
        self.options = {"bar_format": BAR_FORMAT, **options}
        self.bar: Any = None
        self.step: str | None = None

    def __call__(self, step: str, done: int, total: int, /) -> None:
        if self.bar is not None and step != self.step:
            self.close()
        if self.bar is None:
            if done >= total:
                return  # finished before a bar was needed
            self.step = step
            self.bar = self.tqdm(total=total, desc=step_words(step, self.lang),
                                 **self.options)
        if self.bar.total != total:
            self.bar.total = total
        self.bar.update(done - self.bar.n)
        if done >= total:
            self.close()

    def close(self) -> None:
        """Close the open bar, if any."""
        if self.bar is not None:
            self.bar.close()
        self.bar = None
        self.step = None

    def __enter__(self) -> TqdmProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def progress_bar(lang: Lang = "nl", *, file: IO[str] | None = None, notebook: bool = True,
                 **options: Any) -> TqdmProgress:
    """A progress callback drawing tqdm bars with the steps named in ``lang``.

    With ``notebook`` (the default) tqdm chooses its notebook widget inside Jupyter and a
    text bar elsewhere (``tqdm.auto``); without, always the text bar (to ``file``, stderr by
    default). Further ``options`` go to ``tqdm`` (``leave=False``, ``delay=1.0``, ...).
    Raises :class:`~vakmanschap.errors.VakmanschapError` when tqdm is not installed.
    """
    try:
        module = import_module("tqdm.auto" if notebook else "tqdm")
    except ImportError:
        raise VakmanschapError("progress bars need tqdm: pip install 'vakmanschap[progress]'") \
            from None
    if file is not None:
        options["file"] = file
    return TqdmProgress(module.tqdm, lang, **options)
