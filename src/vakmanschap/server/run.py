"""Running the service with uvicorn (``vakmanschap serve``), in one process or several.

With more than one worker uvicorn starts each worker by importing :func:`app_from_environment`,
so the rule sets and limits travel to the workers in the environment variable
:data:`ENVIRONMENT` (JSON), never through a request.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence

from starlette.applications import Starlette

from vakmanschap.server.app import create_app
from vakmanschap.server.catalogue import load_catalogue
from vakmanschap.server.limits import Limits

__all__ = ["ENVIRONMENT", "app_from_environment", "serve"]

ENVIRONMENT = "VAKMANSCHAP_SERVE"


def app_from_environment() -> Starlette:
    """The application described by :data:`ENVIRONMENT` (for uvicorn's workers)."""
    config = json.loads(os.environ.get(ENVIRONMENT, "{}"))
    limits = Limits.from_json(json.dumps(config["limits"])) if "limits" in config else None
    return create_app(config.get("rules"), limits=limits)


def serve(rules: Sequence[str] | None = None, *, host: str = "127.0.0.1", port: int = 8000,
          workers: int = 1, limits: Limits | None = None, log_level: str = "warning") -> None:
    """Serve until interrupted; binds to 127.0.0.1 unless ``host`` says otherwise."""
    import uvicorn

    limits = limits or Limits()
    load_catalogue(rules)  # refuse bad rule files before any worker starts
    options = {"host": host, "port": port, "log_level": log_level, "access_log": False,
               "timeout_keep_alive": 30}
    if workers <= 1:
        uvicorn.run(create_app(rules, limits=limits), **options)  # type: ignore[arg-type]
        return
    os.environ[ENVIRONMENT] = json.dumps({
        "rules": None if rules is None else [str(r) for r in rules],
        "limits": json.loads(limits.to_json())})
    uvicorn.run("vakmanschap.server.run:app_from_environment", factory=True, workers=workers,
                **options)  # type: ignore[arg-type]
