"""Keep the bot's memory small and its pauses short.

Freed C heap goes back to the operating system after a burst of allocations
(release_free_memory), and what startup built is kept out of the cyclic garbage
collector's way (freeze_startup_heap).

Building a .docx parses python-docx's template and builds lxml trees: tens of MB of
C allocations freed a moment later. glibc keeps such memory in the building thread's
arena instead of returning it, so every process that had built a few dozen drafts
sat on 60 MB more than it used (measured: 100 builds, +60 MB without a trim, +15
MB with one). malloc_trim(0) returns it, for well under a millisecond.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
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


def freeze_startup_heap() -> None:
    """Move every object alive now (modules, the questionnaire, templates, caches filled
    by warm-up) out of the cyclic GC's generations for good. A full collection walked
    all of them, ~100 ms in which no clerk got a reply (measured with gc.callbacks under
    bench.load), though none of them ever becomes garbage."""
    gc.collect()
    gc.freeze()
