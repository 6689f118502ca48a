"""Outputs never replace inputs (issue 16, item 2): an output path that names an input of
the same run, however it is reached (the same path, ``..``, a symlink or a hard link), is
refused before anything is read or written."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

from vakmanschap.errors import DataError

__all__ = ["refuse_outputs_onto_inputs"]


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): not the same file
        return False


def refuse_outputs_onto_inputs(outputs: Mapping[str, str | Path | None],
                               inputs: Iterable[str | Path | None]) -> None:
    """Raise a DataError naming the option, the output and the input when an output (option
    name -> path) is the same file as an input."""
    given = [Path(p) for p in inputs if p]
    for option, out in outputs.items():
        if not out:
            continue
        for source in given:
            if _same(Path(out), source):
                raise DataError(f"{option} {out}: is an input of this run ({source}); write "
                                "the output to another file", field=option)
