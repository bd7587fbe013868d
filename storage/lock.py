"""One process owns a DATA_DIR. flock is released by the kernel when the owner dies,
so a bot killed with -9 never leaves a stale lock behind."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from storage.errors import DataDirLocked

LOCK_NAME = ".lock"


class DataDirLock:
    """An exclusive, non-blocking lock on ``data_dir/.lock``; holds it until ``release``."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / LOCK_NAME
        self._fd: int | None = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
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
