"""Crash-safe file replacement: a reader sees the old file or the new one, never a mix.

An acknowledged write survives kill -9 and power loss because the data is synced
(fdatasync) before the rename and the directory is fsynced after it.
"""

from __future__ import annotations

import errno
import os
import secrets
from pathlib import Path

TEMP_SUFFIX = ".tmp"


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` durably: temp file, fsync, rename, fsync the folder."""
    # A unique temp name per write lets two threads save different versions of the
    # same file without clobbering each other's half-written temp file.
    temp = path.with_name(f".{path.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        # fdatasync flushes the data and what is needed to read it back (size, blocks);
        # the new name is made durable by the folder fsync after the rename.
        os.fdatasync(fd)
    except BaseException:
        os.close(fd)
        temp.unlink(missing_ok=True)
        raise
    os.close(fd)
    os.replace(temp, path)
    fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    """Make renames, creations and removals inside ``directory`` durable."""
    fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def ensure_dir(directory: Path) -> None:
    """Create ``directory`` (and parents) so that its existence is itself durable."""
    if directory.is_dir():
        return
    ensure_dir(directory.parent)
    try:
        directory.mkdir()
    except FileExistsError:
        if directory.is_dir():
            return  # another thread made it; it fsyncs the parent itself
        raise NotADirectoryError(errno.ENOTDIR, "a file is where a folder should be", str(directory)) from None
    fsync_dir(directory.parent)


def touch_durably(path: Path) -> None:
    """Create an empty marker file and make its directory entry durable."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o644)
    os.close(fd)
    fsync_dir(path.parent)


def unlink_durably(path: Path) -> bool:
    """Remove ``path`` if present and make the removal durable; True if it existed."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    fsync_dir(path.parent)
    return True


def is_temp_file(name: str) -> bool:
    """True for a leftover of an interrupted ``atomic_write_bytes``."""
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)
