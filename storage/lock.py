"""One process owns a DATA_DIR. flock is released by the kernel when the owner dies,
so a bot killed with -9 never leaves a stale lock behind.

The lock is on the folder itself (its open descriptor), not only on the file ``.lock``
inside it: a lock on a file belongs to that file's inode, so ``rm DATA_DIR/.lock`` let a
second bot create a new ``.lock``, lock that, and run beside the first. Nobody removes a
folder that holds the drafts. ``.lock`` is still locked too (the lock of earlier
versions, so one of them still running is seen) and names the owner's pid for the
message of whoever comes second.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from storage.errors import DataDirLocked

LOCK_NAME = ".lock"


class DataDirLock:
    """An exclusive lock on ``data_dir`` (and ``data_dir/.lock``); held until ``release``.

    ``shared``: a reader that changes nothing (``migrate`` reading its source) takes a
    shared lock instead, which any number of readers may hold but no owner, and writes
    nothing, not even ``.lock``. ``wait_s`` gives a previous owner that is still exiting
    time to finish before refusing.
    """

    def __init__(self, data_dir: Path, wait_s: float = 0, shared: bool = False) -> None:
        self.path = data_dir / LOCK_NAME
        self._fds: list[int] = []
        mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        deadline = time.monotonic() + wait_s
        try:
            self._fds.append(os.open(data_dir, os.O_RDONLY | os.O_DIRECTORY))
            _lock(self._fds[-1], mode, deadline)  # the folder first: a refused start touches nothing
            if not shared:
                self._fds.append(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644))
            elif self.path.exists():
                self._fds.append(os.open(self.path, os.O_RDONLY))
            if len(self._fds) > 1:
                _lock(self._fds[-1], mode, deadline)
        except BlockingIOError:
            holder = self._holder()
            self.release()
            raise DataDirLocked(data_dir, holder) from None
        except BaseException:
            self.release()
            raise
        if not shared:
            # The pid is only for the error message of whoever comes second.
            fd = self._fds[-1]
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)

    def _holder(self) -> str:
        try:
            return self.path.read_text(encoding="ascii", errors="replace").strip()[:32]
        except OSError:
            return ""

    def release(self) -> None:
        for fd in self._fds:
            os.close(fd)  # closing the descriptor drops its flock
        self._fds = []


def _lock(fd: int, mode: int, deadline: float) -> None:
    """flock ``fd``, trying again until ``deadline``; raises BlockingIOError after it."""
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.05)
