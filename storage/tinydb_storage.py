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
import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from storage import slotted


class DraftFileStorage(Storage):
    """Read the newest intact version; write durably. Raises ValueError on a damaged file,
    and on a file over ``max_file_bytes`` without reading it."""

    def __init__(self, path: str | Path, max_file_bytes: int | None = None) -> None:
        self.path = Path(path)
        self.max_file_bytes = max_file_bytes

    def read(self) -> dict[str, dict[str, Any]] | None:
        try:
            with self.path.open("rb") as file:
                size = os.fstat(file.fileno()).st_size
                if self.max_file_bytes is not None and size > self.max_file_bytes:
                    # This program never writes such a file: damage, not a draft.
                    raise ValueError(f"file of {size} bytes; no draft takes more than {self.max_file_bytes}")
                raw = file.read()
        except FileNotFoundError:
            return None
        if not raw:
            # Never happens with atomic creation; an empty file is damage, not "new".
            raise ValueError("empty database file")
        return decode_database(raw)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_database(self.path, encoded, self.max_file_bytes)

    def close(self) -> None:
        """Nothing stays open between calls."""


def decode_database(raw: bytes) -> dict[str, dict[str, Any]]:
    """The TinyDB document in a draft file's bytes (double-buffered, or legacy plain JSON)."""
    if slotted.is_slotted(raw):
        record = slotted.newest_record(raw)
        if record is None:
            raise ValueError(f"no intact version in {len(raw)} bytes")
        raw = record.payload
    try:
        data = json.loads(raw)
    except RecursionError:  # nested deeper than the parser's stack: damage, like bad JSON
        raise ValueError("JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise ValueError("database root is not an object")
    return data


def write_database(path: Path, encoded: bytes, max_file_bytes: int | None = None) -> None:
    """Durably store an encoded TinyDB document at ``path``, creating the file if needed."""
    try:
        slotted.overwrite(path, encoded, max_file_bytes)
    except FileNotFoundError:
        slotted.create(path, encoded)
