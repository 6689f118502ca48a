"""Time and memory bounds and file snapshots for the bad-input corpus and the CLI fuzz
(issue 16); not a test module."""

from __future__ import annotations

import contextlib
import hashlib
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


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise AssertionError(f"no {field} in /proc/self/status")  # pragma: no cover


def reset_peak() -> int:
    """Reset the process's peak resident memory (Linux: ``5`` to ``/proc/self/clear_refs``)
    to what it uses now; return that, in bytes.

    The bound on a run's memory is its resident peak, not tracemalloc's traced peak: on
    CPython 3.11, ``tracemalloc.stop()`` races with threads that allocate without the GIL
    (Arrow's and numpy's native threads report to tracemalloc) and the process can die of a
    segmentation fault (CPython gh-128679, fixed in the 3.12 and 3.13 branches in January
    2025; seen here as a crashed test worker). The resident peak also counts the native
    memory that tracemalloc never sees.
    """
    Path("/proc/self/clear_refs").write_text("5")
    return _status_kib("VmRSS") * 1024


def peak_since(baseline: int) -> int:
    """How far the resident peak rose above ``baseline`` (from :func:`reset_peak`), in bytes."""
    return _status_kib("VmHWM") * 1024 - baseline


# A run that waits (a FIFO, a lock) uses no CPU: it is caught by the wall clock, which is
# given this many times the CPU bound, so that a busy machine does not fail a quick case.
WALL_FACTOR = 3


@contextlib.contextmanager
def bounded(seconds: float) -> Iterator[None]:
    """Raise :class:`Hang` in the main thread after ``seconds`` of CPU time (or
    ``WALL_FACTOR`` times that on the wall clock). Memory is bounded by the caller through
    :func:`reset_peak`: a limit on the address space (RLIMIT_AS) would make a native thread
    pool crash the process, not raise, when a thread's stack cannot be mapped."""
    def ring(signum: int, frame: Any) -> None:
        raise Hang(f"still running after {seconds} s of CPU time or "
                   f"{seconds * WALL_FACTOR} s on the clock")

    previous = signal.signal(signal.SIGALRM, ring)
    previous_prof = signal.signal(signal.SIGPROF, ring)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, seconds * WALL_FACTOR)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGALRM, previous)
        signal.signal(signal.SIGPROF, previous_prof)
