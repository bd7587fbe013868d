"""Which Telegram updates the bot has handled lately: how a redelivery is recognised.

Telegram delivers an update again until the bot confirms it: after a crash (long
polling), when a webhook's 200 did not arrive, or to a second instance behind the proxy.
Update ids cannot tell a redelivery from a new update: after a week without updates
Telegram picks the next id at random, lower or higher. So an update is known by its key
(app.outcome.Arrival: its update_id together with the message's chat, id and date, or
the callback query's id) and the bot keeps the keys of the updates it handled lately.
Only an update that has not been confirmed can come again, and that is always a recent
one, so a bounded record is enough.

An update whose draft or PDF is built after the clerk's turn is noted with the instance
that still owes that document (``HandledNote.document_owed_by``) until it is delivered:
a redelivery finds it being delivered by a live instance (nothing to do), or owed by
one that died (the document is brought again).

``RecentKeys`` is the record in memory (the memory store); ``HandledLog`` keeps it in a
file of the file store's DATA_DIR, so it survives a restart. PostgreSQL keeps it in a
table shared by every instance (storage.postgres).

The file is appended to without an fsync: it survives the bot being killed (the page
cache holds it), and a power cut can only make the bot answer a redelivered update
again, never apply it twice: the draft's own ``recent_updates``, written with each
effect in one durable write, say what was applied.
"""

from __future__ import annotations

import os
import re
import secrets
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

from storage.atomic import atomic_write_bytes

MAX_HANDLED = 20_000  # keys kept: hours of a busy bot, and a redelivery comes within minutes
KEY_PATTERN = re.compile(r"[0-9]{1,20}:[A-Za-z0-9_.\-]{0,80}")
_INSTANCE = re.compile(r"[0-9a-f]{12}")
_DONE = "-"  # written for "no document owed"


@dataclass(frozen=True)
class HandledNote:
    """An update noted handled; ``document_owed_by``: the instance still delivering its
    draft or PDF (None once delivered, or when it brings none)."""

    document_owed_by: str | None = None


def new_instance_id() -> str:
    """An id for this run of the store, to say who owes a document (12 hex digits)."""
    return secrets.token_hex(6)


class RecentKeys:
    """The newest ``limit`` keys noted, oldest forgotten first. Thread-safe."""

    def __init__(self, limit: int = MAX_HANDLED, notes: dict[str, str | None] | None = None) -> None:
        self.limit = limit
        self._notes: dict[str, str | None] = dict(list((notes or {}).items())[-limit:])
        self._guard = threading.Lock()

    def get(self, key: str) -> HandledNote | None:
        if key not in self._notes:
            return None
        return HandledNote(self._notes[key])

    def __len__(self) -> int:
        return len(self._notes)

    def note(self, key: str, owed_by: str | None) -> bool:
        """Note ``key`` (a document owed by ``owed_by``); False if nothing changed."""
        with self._guard:
            if key in self._notes and self._notes[key] == owed_by:
                return False
            self._notes.pop(key, None)  # noted again: the newest now
            self._notes[key] = owed_by
            while len(self._notes) > self.limit:
                del self._notes[next(iter(self._notes))]
            return True

    def items(self) -> list[tuple[str, str | None]]:
        with self._guard:
            return list(self._notes.items())


class HandledLog:
    """RecentKeys kept in ``path``: one line per note (key, who owes a document or "-",
    and a CRC-32), appended; the last line of a key wins.

    A line torn by a crash (or left as zeros by a power cut) fails its CRC and is
    skipped. When the file holds twice the keys kept, it is rewritten with the newest
    ones (atomic replace), so it stays bounded. Opened by the first note: a bot that
    never handled an update leaves no file."""

    def __init__(self, path: Path, limit: int = MAX_HANDLED) -> None:
        self.path = path
        notes, self._torn = _read(path)
        self.keys = RecentKeys(limit, notes)
        self._lines = len(notes)
        self._guard = threading.Lock()
        self._fd = -1

    def get(self, key: str) -> HandledNote | None:
        return self.keys.get(key)

    def note(self, key: str, owed_by: str | None) -> None:
        if not KEY_PATTERN.fullmatch(key) or (owed_by is not None and not _INSTANCE.fullmatch(owed_by)):
            raise ValueError(f"not an update key and instance: {key!r} {owed_by!r}")
        if not self.keys.note(key, owed_by):
            return
        with self._guard:
            if self._lines >= 2 * self.keys.limit:
                self._close()
                atomic_write_bytes(self.path, b"".join(_line(k, o) for k, o in self.keys.items()))
                self._lines = len(self.keys)
                return
            if self._fd < 0:
                self._fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
                if self._torn:
                    os.write(self._fd, b"\n")  # end the torn line, or this note would join it
                    self._torn = False
            os.write(self._fd, _line(key, owed_by))
            self._lines += 1

    def close(self) -> None:
        with self._guard:
            self._close()

    def _close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def _line(key: str, owed_by: str | None) -> bytes:
    data = f"{key} {owed_by or _DONE}".encode("ascii")
    return b"%s %08x\n" % (data, zlib.crc32(data))


def _read(path: Path) -> tuple[dict[str, str | None], bool]:
    """The notes of the intact lines of ``path``, oldest first, and whether its last line is torn."""
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        return {}, False
    notes: dict[str, str | None] = {}
    for line in content.split(b"\n"):
        data, _, crc = line.rpartition(b" ")
        try:
            intact = len(crc) == 8 and int(crc, 16) == zlib.crc32(data)
        except ValueError:
            intact = False
        key, _, owed = data.decode("ascii", "replace").partition(" ")
        if intact and KEY_PATTERN.fullmatch(key) and (owed == _DONE or _INSTANCE.fullmatch(owed)):
            notes.pop(key, None)
            notes[key] = None if owed == _DONE else owed
    return notes, not content.endswith(b"\n") and content != b""
