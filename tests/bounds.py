"""Time and memory bounds and file snapshots for the bad-input corpus and the CLI fuzz
(issue 16); not a test module."""

from __future__ import annotations

import contextlib
import hashlib
import resource
import signal
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class Hang(BaseException):
    """Raised by the timer when a run goes on longer than it may."""


def snapshot(folder: Path) -> dict[str, tuple[int, int, str]]:
    """Every regular file under ``folder``: its inode, mode and the hash of its contents."""
    out: dict[str, tuple[int, int, str]] = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        if stat.S_ISREG(info.st_mode):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            out[str(path.relative_to(folder))] = (info.st_ino, info.st_mode, digest)
    return out


def changed(before: dict[str, tuple[int, int, str]], folder: Path) -> list[str]:
    """The files of ``before`` that are now different, replaced or gone."""
    after = snapshot(folder)
    return sorted(name for name, facts in before.items() if after.get(name) != facts)


def _virtual_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmSize")  # pragma: no cover


# A run that waits (a FIFO, a lock) uses no CPU: it is caught by the wall clock, which is
# given this many times the CPU bound, so that a busy machine does not fail a quick case.
WALL_FACTOR = 3


@contextlib.contextmanager
def bounded(seconds: float, extra_bytes: int | None) -> Iterator[None]:
    """Raise :class:`Hang` in the main thread after ``seconds`` of CPU time (or
    ``WALL_FACTOR`` times that on the wall clock); with ``extra_bytes``, refuse (MemoryError)
    address space beyond that much more than now. None leaves the address space alone: native
    thread pools (pyarrow, BLAS) can crash the process, not raise, when a thread's stack cannot
    be mapped, so the corpus and the fuzz bound memory by the traced peak instead."""
    def ring(signum: int, frame: Any) -> None:
        raise Hang(f"still running after {seconds} s of CPU time or "
                   f"{seconds * WALL_FACTOR} s on the clock")

    previous = signal.signal(signal.SIGALRM, ring)
    previous_prof = signal.signal(signal.SIGPROF, ring)
    limits = resource.getrlimit(resource.RLIMIT_AS)
    if extra_bytes is not None:
        resource.setrlimit(resource.RLIMIT_AS, (_virtual_bytes() + extra_bytes, limits[1]))
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, seconds * WALL_FACTOR)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.setitimer(signal.ITIMER_PROF, 0)
        if extra_bytes is not None:
            resource.setrlimit(resource.RLIMIT_AS, limits)
        signal.signal(signal.SIGALRM, previous)
        signal.signal(signal.SIGPROF, previous_prof)
