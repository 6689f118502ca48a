"""Freed memory given back to the operating system."""

from __future__ import annotations

import platform
import sys

import numpy as np

from vakmanschap.population.heap import release


def test_release_changes_no_value_and_says_whether_it_could() -> None:
    """Releasing keeps live arrays intact; it is possible exactly on Linux with glibc."""
    kept = np.arange(1_000_000, dtype=np.int64)
    freed = [np.ones(100_000) for _ in range(50)]
    del freed
    glibc = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"
    assert release() == glibc
    assert int(kept.sum()) == 999_999 * 1_000_000 // 2
