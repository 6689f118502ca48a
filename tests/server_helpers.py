"""A real server for the service tests: uvicorn on 127.0.0.1 (a free port) in a thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from importlib import resources
from typing import Any

import uvicorn

from vakmanschap.rules.yamlpos import load_yaml


@contextmanager
def running(app: Any) -> Iterator[str]:
    """Serve ``app`` on 127.0.0.1 until the block ends; yields the base URL."""
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="critical",
                            access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(500):
        if server.started:
            break
        time.sleep(0.01)
    assert server.started, "the test server did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def plain(value: Any) -> Any:
    """A YAML value with dates as text and keys as strings: JSON-ready."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def srpo_people() -> list[dict[str, Any]]:
    """The shipped SRPO example professionals, as JSON-ready mappings."""
    text = resources.files("vakmanschap").joinpath("data/examples/people-srpo.yaml")
    data = load_yaml(text.read_text("utf-8"), "people-srpo.yaml")
    people: list[dict[str, Any]] = plain(data)["professionals"]
    return people


def busy_person(rules: Any, on: date, ident: str = "busy") -> dict[str, Any]:
    """A registered professional with 25 activities over the running term, in the rule set's
    own vocabulary (as benchmarks/assess.py builds one), as a JSON-ready mapping."""
    version = rules.version_at(on)
    years = version.cycle.years or 1
    start = max(date(on.year - years + 1, 1, 15), version.valid_from)
    categories, themes = list(rules.categories), list(rules.themes)
    span = max(1, min((on - start).days, 365 * years))
    activities = [{
        "id": f"a{i:02d}", "on": (start + timedelta(days=(i * 53) % span)).isoformat(),
        "category": categories[i % len(categories)], "accredited": i % 3 != 0,
        "themes": [themes[i % len(themes)], themes[(i + 3) % len(themes)]] if themes else [],
        rules.unit: {"hours": 8.0, "points": 20.0}[rules.unit]} for i in range(25)]
    role = next(iter(rules.roles), None)
    level = next(iter(rules.levels), None)
    return {
        "id": ident, "fte": 0.9, "activities": activities,
        "entered_service": (start - timedelta(days=400)).isoformat(),
        "employments": [{"id": "e1", "start": (start - timedelta(days=400)).isoformat(),
                         "hours_per_week": 32, "role": role}],
        "attestations": [{"id": f"t{i}", "kind": kind,
                          "on": (start - timedelta(days=300)).isoformat()}
                         for i, kind in enumerate(rules.attestation_kinds)],
        "events": [{"id": "r1", "kind": "registered", "on": start.isoformat(),
                    "level": level}]}
