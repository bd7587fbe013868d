"""One process owns a DATA_DIR. flock is released by the kernel when the owner dies,
so a bot killed with -9 never leaves a stale lock behind."""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from storage.errors import DataDirLocked

LOCK_NAME = ".lock"


class DataDirLock:
    """An exclusive lock on ``data_dir/.lock``; holds it until ``release``.

    Processes forked by the owner (the bot's workers) inherit the lock, so it is free
    only once all of them are gone. ``wait_s`` gives a previous owner that is still
    exiting (workers of a bot killed a moment ago) time to finish before refusing.
    """

    def __init__(self, data_dir: Path, wait_s: float = 0) -> None:
        self.path = data_dir / LOCK_NAME
        self._fd: int | None = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                holder = os.pread(self._fd, 32, 0).decode("ascii", "replace").strip()
                os.close(self._fd)
                self._fd = None
                raise DataDirLocked(data_dir, holder) from None
        # The pid is only for the error message of whoever comes second.
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, f"{os.getpid()}\n".encode("ascii"), 0)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor drops the flock
            self._fd = None
