"""Test configuration: Hypothesis profiles and the ``slow`` marker.

The default profile keeps the suite fast (few examples); tests marked ``slow`` run many more
examples and are skipped unless selected with ``-m slow`` (or ``HYPOTHESIS_PROFILE=thorough``
is set, which raises every property's example count).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "default", max_examples=50, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile(
    "thorough", max_examples=1000, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

SLOW_EXAMPLES = 1500


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Skip ``slow`` tests unless the marker expression asks for them."""
    if "slow" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="slow: run with -m slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--bad-inputs-show``: print each bad-input case's exit code and message."""
    parser.addoption("--bad-inputs-show", action="store_true", default=False,
                     help="print the exit code and message of every bad-input case")
