"""Run bot.py on a slow disk: every os.fsync and os.fdatasync first sleeps SLOW_FSYNC_MS.

    SLOW_FSYNC_MS=30 python tests/support/slow_fsync_bot.py [bot.py's arguments]

The kill test uses it as a busy or cheap disk, without any test hook in the product: the
calls are patched here, in this process, before bot.py runs as __main__. The sleep comes
before the real call, so nothing counts as durable until the real sync has returned. A
SIGKILL keeps what was written (the page cache outlives the process), so this widens the
window between an effect being written and the bot acknowledging it (its reply, its
getUpdates offset): a kill there leaves the effect stored and the update unanswered.
"""

from __future__ import annotations

import os
import runpy
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def slowed(sync: Callable[[int], None], seconds: float) -> Callable[[int], None]:
    def slow_sync(fd: int) -> None:
        time.sleep(seconds)  # releases the GIL, like a thread waiting on the disk
        sync(fd)

    return slow_sync


def main() -> None:
    seconds = float(os.environ.get("SLOW_FSYNC_MS", "30")) / 1000
    os.fsync = slowed(os.fsync, seconds)
    os.fdatasync = slowed(os.fdatasync, seconds)
    sys.path[0] = str(ROOT)  # as `python bot.py` would have it, not tests/support
    sys.argv = [str(ROOT / "bot.py"), *sys.argv[1:]]
    runpy.run_path(str(ROOT / "bot.py"), run_name="__main__")


if __name__ == "__main__":
    main()
