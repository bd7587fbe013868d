"""A TinyDB Storage that replaces its file atomically instead of rewriting it in place.

TinyDB's own JSONStorage seeks to 0, writes and truncates the live file, so a crash
mid-write leaves half a database. This one goes through ``atomic_write_bytes``.
Any TinyDB can use it: ``TinyDB(path, storage=AtomicJSONStorage)``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from storage.atomic import atomic_write_bytes


class AtomicJSONStorage(Storage):
    """Read the whole JSON file; write by atomic replace. Raises ValueError on bad JSON."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw:
            # Never happens with atomic writes; an empty file is damage, not "new".
            raise ValueError("empty database file")
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("database root is not an object")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        atomic_write_bytes(self.path, encoded)

    def close(self) -> None:
        """Nothing stays open between calls."""
