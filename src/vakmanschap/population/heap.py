"""Freed memory given back to the operating system between the large steps of generating
and writing a workforce.

numpy's temporaries of up to 32 MB (a piece of a draw) come from the C library's heap, which
keeps freed space for reuse instead of returning it; after a few hundred of them a million-person
run held about 130 MB that nothing used, and the next step's large arrays came on top
(docs/performance.md, "Generating and the commands at 1,000,000 people"). On the GNU C library
:func:`release` asks it to return every free page (``malloc_trim(0)``); elsewhere it does
nothing. It changes no value, only the memory the process holds.
"""

from __future__ import annotations

import ctypes
import sys

__all__ = ["release"]


def release() -> bool:
    """Return the heap's free pages to the operating system; whether that was possible
    (only on Linux with the GNU C library)."""
    if not sys.platform.startswith("linux"):  # pragma: no cover - not Linux
        return False
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the process's own symbols: no file is read
    except (OSError, AttributeError):  # pragma: no cover - another C library (musl)
        return False
    trim(0)
    return True
