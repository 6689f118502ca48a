"""tqdm bars for the progress protocol: one bar per step, named in the chosen language."""

from __future__ import annotations

import io
from typing import ClassVar

from vakmanschap.population import progress_bar
from vakmanschap.population.bars import TqdmProgress


class FakeBar:
    """Stands in for a tqdm bar and logs what is done to it."""

    log: ClassVar[list[tuple[str, object]]] = []

    def __init__(self, total: int, desc: str, **options: object) -> None:
        self.total, self.n = total, 0
        self.log.append(("open", desc))

    def update(self, k: int) -> None:
        self.n += k
        self.log.append(("at", self.n))

    def close(self) -> None:
        self.log.append(("close", self.n))


def test_one_bar_per_step_named_in_the_language() -> None:
    """A bar opens on a step's first report, follows it, closes at the end or at the next
    step; a step that is already finished opens no bar."""
    FakeBar.log = []
    bar = TqdmProgress(FakeBar, "nl")
    bar("read", 0, 10)
    bar("read", 4, 10)
    bar("evaluate", 1, 2)
    bar("evaluate", 2, 2)
    bar("sweep", 3, 3)
    bar.close()
    assert FakeBar.log == [("open", "bestanden inlezen"), ("at", 0), ("at", 4), ("close", 4),
                           ("open", "beoordelen"), ("at", 1), ("at", 2), ("close", 2)]


def test_progress_bar_draws_tqdm_text_to_the_stream() -> None:
    """progress_bar draws a tqdm text bar with the English step words to the given stream."""
    stream = io.StringIO()
    with progress_bar("en", file=stream, notebook=False, mininterval=0) as bar:
        bar("write", 0, 4)
        bar("write", 2, 4)
    assert "writing the files" in stream.getvalue() and "50%" in stream.getvalue()
