"""Modules imported on first use, so that ``import vakmanschap`` and one person's check stay
light (no numpy: it is needed only for populations and vector arithmetic).

A module that uses numpy only inside functions writes::

    if TYPE_CHECKING:
        import numpy as np
    else:
        from vakmanschap.lazy import numpy as np

The type checker sees the real module; at run time ``np`` is a :class:`LazyModule` that
imports numpy on the first attribute asked of it and then copies numpy's namespace into
itself, so later look-ups cost what they cost on numpy itself. Importing this module imports
nothing. Outside the layers (like ``errors.py``): every layer may use it.
"""

from __future__ import annotations

import importlib
import types
from typing import Any

__all__ = ["LazyModule", "numpy"]


class LazyModule(types.ModuleType):
    """A stand-in for the module ``name`` that imports it on first attribute access."""

    def __getattr__(self, attr: str) -> Any:
        module = importlib.import_module(self.__name__)
        self.__dict__.update(module.__dict__)
        return getattr(module, attr)


numpy = LazyModule("numpy")
