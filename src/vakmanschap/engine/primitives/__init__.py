"""Requirement primitives: one module each, registered under their YAML key.

Every module of this package is imported here, so that its ``@primitive`` classes register
themselves: adding a primitive is adding its module (docs/architecture.md). ``base.py`` holds
the protocol and the registry, ``param_info.py`` the parameter metadata.
"""

import importlib
import pkgutil

from vakmanschap.engine.primitives.base import REGISTRY, ActivityFilter, Requirement

# Sorted, so that registration order (and with it the order of the JSON Schema) is stable.
for _module in sorted(m.name for m in pkgutil.iter_modules(__path__)):
    importlib.import_module(f"{__name__}.{_module}")

__all__ = ["REGISTRY", "ActivityFilter", "Requirement"]
