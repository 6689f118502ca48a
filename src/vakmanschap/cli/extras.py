"""Optional extras, checked before a command starts: a command that needs one that is not
installed stops at once (exit 2) with the extra to install, instead of failing at the end.

:data:`NEEDS` says, per command, which extras a run with these options needs; :data:`EXTRAS`
which modules make up each extra (the ones the commands use). ``find_spec`` looks for a module
without importing it, so the check costs nothing.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from importlib.util import find_spec

from vakmanschap.errors import VakmanschapError

__all__ = ["EXTRAS", "NEEDS", "ExtraMissing", "require_extras"]

EXTRAS: dict[str, tuple[str, ...]] = {
    "analysis": ("matplotlib",),
    "server": ("starlette", "uvicorn"),
}

NEEDS: dict[str, Callable[[argparse.Namespace], tuple[str, ...]]] = {
    "demo": lambda args: () if getattr(args, "people_only", False) else ("analysis",),
    "compare": lambda args: ("analysis",) if getattr(args, "plot", None) else (),
    "sweep": lambda args: ("analysis",) if getattr(args, "plot", None) else (),
    "serve": lambda args: ("server",),
}


class ExtraMissing(VakmanschapError, ImportError):
    """An optional extra that the command needs is not installed."""


def require_extras(args: argparse.Namespace) -> None:
    """Raise :class:`ExtraMissing`, naming the extra and how to install it, when the command of
    ``args`` needs an extra with a module that is not installed."""
    command = str(getattr(args, "command", ""))
    needs = NEEDS.get(command)
    for extra in needs(args) if needs else ():
        missing = [name for name in EXTRAS[extra] if find_spec(name) is None]
        if missing:
            raise ExtraMissing(f"{command} needs the [{extra}] extra ({', '.join(missing)} is "
                               f"not installed): pip install 'vakmanschap[{extra}]'")
