"""Give freed C heap back to the operating system after a .docx build.

Building a .docx parses python-docx's template and builds lxml trees: tens of MB of
C allocations freed a moment later. glibc keeps such memory in the building thread's
arena instead of returning it, so every process that had built a few dozen drafts
sat on 60 MB more than it used (measured: 100 builds, +60 MB without a trim, +15
MB with one). malloc_trim(0) returns it, for well under a millisecond.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable


def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (e.g. musl): nothing to trim
        return None


_TRIM = _malloc_trim()


def release_free_memory() -> None:
    """Return free heap pages to the OS (glibc only; a no-op elsewhere)."""
    if _TRIM is not None:
        _TRIM(0)
