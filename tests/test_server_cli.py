"""The command line and the service agree (vakmanschap.cli.serve_commands and the server):
the same request gives identical JSON, and ``serve`` refuses bad options in one line."""

from __future__ import annotations

import contextlib
import io
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vakmanschap as vk
from server_helpers import running
from vakmanschap.cli import main
from vakmanschap.server import create_app
from vakmanschap.strategies import person_dicts

SRPO = vk.builtin_rules("srpo")


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    """A client of a real server for the SRPO rules."""
    with running(create_app(["srpo"])) as url, httpx.Client(base_url=url, timeout=30) as c:
        yield c


def cli_json(people: list[dict[str, Any]], args: list[str]) -> Any:
    """What ``vakmanschap check --format json`` prints for ``people``."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "people.json"
        path.write_text(json.dumps(people), encoding="utf-8")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["check", str(path), "--rules", "srpo", "--format", "json", *args])
    assert code in (0, 1)
    return json.loads(out.getvalue())


@given(people=st.lists(person_dicts(SRPO), min_size=1, max_size=3,
                       unique_by=lambda p: p["id"]),
       on=st.sampled_from(["2016-06-30", "2024-06-30", "2026-11-30", "2029-02-28"]),
       norm=st.none() | st.integers(0, 200))
@settings(max_examples=25, deadline=None)
def test_cli_and_service_give_identical_json(client: httpx.Client, people: list[dict[str, Any]],
                                            on: str, norm: int | None) -> None:
    """For the same people, date and change, check --format json and POST /v1/check agree."""
    sets = [] if norm is None else ["--set", f"punten.min={norm}"]
    body: dict[str, Any] = {"rules": "srpo", "on": on}
    if norm is not None:
        body["changes"] = {"punten.min": norm}
    body["professionals"] = people  # the CLI always prints a list, as this body answers
    response = client.post("/v1/check", json=body)
    assert response.status_code == 200, response.text
    assert response.json() == cli_json(people, ["--on", on, *sets])


@pytest.mark.parametrize(("argv", "message"), [
    (["serve", "--workers", "0"], "field 'workers'"),
    (["serve", "--timeout", "0"], "timeout_s must be positive"),
    (["serve", "--rules", "nope"], "unknown built-in rule set 'nope'"),
])
def test_serve_refuses_bad_options(argv: list[str], message: str,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    """serve refuses bad options and unknown rule sets in one line, exit 2, before binding."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert err.count("\n") == 1
