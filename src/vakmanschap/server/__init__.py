"""The service: vakmanschap over HTTP for systems not written in Python (docs/service.md).

Needs the ``server`` extra (``pip install 'vakmanschap[server]'``: Starlette and uvicorn).

>>> from vakmanschap.server import create_app, Limits           # doctest: +SKIP
>>> app = create_app(["srpo"], limits=Limits(max_professionals=100))   # an ASGI app
"""

from __future__ import annotations

from vakmanschap.server.app import create_app
from vakmanschap.server.limits import Limits
from vakmanschap.server.run import serve

__all__ = ["Limits", "create_app", "serve"]
