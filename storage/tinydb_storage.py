"""TinyDB Storage for draft files: TinyDB's JSON inside a crash-safe double-buffered file.

TinyDB's own JSONStorage seeks to 0, writes and truncates the live file, so a crash
mid-write leaves half a database. This one keeps TinyDB's JSON document as the payload
of storage.slotted (one in-place write + fdatasync per save, the last acknowledged
version never touched). It still reads the plain JSON files earlier versions wrote;
the next write converts them. Any TinyDB can use it:
``TinyDB(path, storage=DraftFileStorage)``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from storage import slotted


class DraftFileStorage(Storage):
    """Read the newest intact version; write durably. Raises ValueError on a damaged file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw:
            # Never happens with atomic creation; an empty file is damage, not "new".
            raise ValueError("empty database file")
        return decode_database(raw)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        write_database(self.path, json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))

    def close(self) -> None:
        """Nothing stays open between calls."""


def decode_database(raw: bytes) -> dict[str, dict[str, Any]]:
    """The TinyDB document in a draft file's bytes (double-buffered, or legacy plain JSON)."""
    if slotted.is_slotted(raw):
        record = slotted.newest_record(raw)
        if record is None:
            raise ValueError(f"no intact version in {len(raw)} bytes")
        raw = record.payload
    data = json.loads(raw)
    if not isinstance(data, dict):
        raise ValueError("database root is not an object")
    return data


def write_database(path: Path, encoded: bytes) -> None:
    """Durably store an encoded TinyDB document at ``path``, creating the file if needed."""
    try:
        slotted.overwrite(path, encoded)
    except FileNotFoundError:
        slotted.create(path, encoded)
