"""The OpenAPI description (vakmanschap.server.spec), checked by Schemathesis against the real
server: generated requests for every endpoint, no 5xx, every response as the spec says."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from server_helpers import running
from vakmanschap.server import Limits, create_app
from vakmanschap.server.spec import openapi

NAMES = ["srpo", "rijksambtenaar"]
LIMITS = Limits(max_professionals=5, max_activities=20, timeout_s=5)
schema = schemathesis.openapi.from_dict(openapi(NAMES, LIMITS))

CHECKS = [checks.not_a_server_error, checks.status_code_conformance,
          checks.content_type_conformance, checks.response_schema_conformance,
          checks.response_headers_conformance]


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    """The real server, with the limits the spec was made for."""
    with running(create_app(NAMES, limits=LIMITS)) as base:
        yield base


def test_spec_is_valid_openapi() -> None:
    """The document declares OpenAPI 3.1 and every path of the service."""
    spec = openapi(NAMES, LIMITS)
    assert spec["openapi"] == "3.1.0"
    assert set(spec["paths"]) == {"/v1/check", "/v1/explain", "/v1/timeline", "/v1/rules",
                                  "/v1/rules/{name}", "/v1/rules/{name}/schema",
                                  "/v1/openapi.json", "/health"}


@schema.parametrize()
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_every_endpoint_conforms(case: schemathesis.Case, url: str) -> None:
    """Generated requests never get a 5xx, and every response matches the spec."""
    case.call_and_validate(base_url=url, checks=CHECKS)
