"""The CLI fuzz of issue 16 (item 7, tests/cli_fuzz.py): random argument sets over mutated
rule files, person files and HR exports, through ``vakmanschap.cli.main`` in-process; no
exit 3, no hang, no silent wrong result and no changed input file.

The default suite runs 200 invocations; ``-m slow`` runs 10,000 over two worker processes
and prints the counts the closing note quotes (``-s`` shows them)::

    PYTHONPATH=src .venv/bin/pytest tests/test_cli_fuzz.py -m slow -s
"""

from __future__ import annotations

import time

import pytest

from cli_fuzz import fuzz, fuzz_parallel, report


def _check(counts: dict[str, int], failures: list[tuple[str, list[str], str]]) -> None:
    shown = "\n".join(f"{outcome}: {argv!r}: {detail}" for outcome, argv, detail in failures)
    assert not failures, shown
    assert counts["ok"] > 0 and counts["clean error"] > 0, counts


def test_cli_fuzz_small() -> None:
    """200 random invocations: each exits 0, 1 or 2 (one located line), within 10 s, without
    changing an input file, and simulate agrees with assess for everyone."""
    counts, failures = fuzz(200, seed=1)
    _check(counts, failures)


@pytest.mark.slow
def test_cli_fuzz_ten_thousand_invocations() -> None:
    """Issue 16, "done when": 10,000 random invocations, no exit 3, no hang, no silent wrong
    result and no changed input file; prints the counts."""
    began = time.monotonic()
    counts, failures = fuzz_parallel(10_000, seed=16, workers=2)
    print("\n" + report(counts, time.monotonic() - began))
    assert sum(counts.values()) == 10_000
    _check(counts, failures)
