"""Drafts on disk: one small TinyDB file per draft, and the owner index as directory entries.

Why this layout: a save must not cost more as drafts pile up. A single TinyDB file
re-serializes and rewrites every draft on every save (the issue measured 0.4 ms at 10
drafts, 498 ms at 10,000). Here a save rewrites only its own draft: one in-place write
of ~5 KB and one fdatasync into a double-buffered file (storage.slotted explains why
that is crash-safe), so its cost does not depend on the count.

    DATA_DIR/.lock                   flock: one process owns the folder
    DATA_DIR/drafts/<ab>/<id>.json   a TinyDB database (table "draft", document 1) kept
                                     by DraftFileStorage: JSON in a double-buffered file
    DATA_DIR/owners/<owner>/<id>     empty marker files: the per-owner index
    DATA_DIR/corrupt/<id>.json       unreadable drafts, moved aside (never deleted)

The owner index is made of directory entries, not an index file, so it needs no
rewrite on save (updated_at and status are read from the owner's few drafts when
listing) and there is no index file that could be torn or go stale. Opening the store
parses no draft: it takes the lock and sweeps temp files of interrupted writes.
Drafts are sharded by the first two id characters so no folder grows huge.

Crash ordering: create writes the draft before its marker and delete removes the
marker before the draft, so a marker never points at nothing except after a
quarantine; listing drops such dangling markers with a log line.

Corruption: ``get`` raises DraftCorrupt (the file is moved to corrupt/ with an error
log the first time, and later gets keep raising it); ``list_by_owner`` and
``active_for`` skip a corrupt draft with a log line so the clerk's other drafts work.
Its index marker stays until ``take_damaged`` hands the id over once, so the clerk can
be told even when nobody asked for that draft by id (after a restart, say).
"""

from __future__ import annotations

import logging
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from storage.atomic import ensure_dir, fsync_dir, is_temp_file, touch_durably, unlink_durably
from storage.derived import DerivedOperations
from storage.errors import DraftCorrupt, DraftNotFound, DraftTooNew
from storage.lock import DataDirLock
from storage.migrations import upgrade
from storage.models import (
    DRAFT_ID_PATTERN,
    Draft,
    blank_draft,
    most_recent_first,
    new_draft_id,
)
from storage import slotted
from storage.tinydb_storage import DraftFileStorage

logger = logging.getLogger(__name__)

TABLE = "draft"
DOC_ID = "1"
_VALID_ID = re.compile(DRAFT_ID_PATTERN)


class FileDraftStore(DerivedOperations):
    """The on-disk DraftStore. Thread-safe for different drafts; serialize one draft's
    updates with AsyncDraftStore.update. Raises DataDirLocked if another process owns
    ``data_dir``."""

    def __init__(self, data_dir: Path, *, lock_wait_s: float = 0, worker: bool = False) -> None:
        """``worker``: this process is a worker forked by the process that owns (locked and
        swept) ``data_dir``; it takes no lock and sweeps nothing, since another worker's
        temp file may be a write in progress. Workers must never share a draft (the bot
        routes each clerk to one worker)."""
        self.data_dir = Path(data_dir)
        ensure_dir(self.data_dir)
        self._lock = None if worker else DataDirLock(self.data_dir, lock_wait_s)
        self._drafts = self.data_dir / "drafts"
        self._owners = self.data_dir / "owners"
        self._corrupt = self.data_dir / "corrupt"
        ensure_dir(self._drafts)
        ensure_dir(self._owners)
        if not worker:
            self._sweep_temp_files()

    def _database_bytes(self, draft: Draft) -> bytes:
        """The TinyDB document {"draft": {"1": <draft>}}, the draft as pydantic writes it."""
        return b'{"%s":{"%s":%s}}' % (TABLE.encode(), DOC_ID.encode(), draft.model_dump_json().encode())

    # -- the DraftStore protocol ------------------------------------------------

    def create(
        self, owner: int, questionnaire_id: str, questionnaire_version: int, now: datetime
    ) -> Draft:
        draft_id = new_draft_id()
        while self._draft_path(draft_id).exists() or self._quarantine_path(draft_id).exists():
            draft_id = new_draft_id()
        draft = blank_draft(draft_id, owner, questionnaire_id, questionnaire_version, now)
        ensure_dir(self._draft_path(draft_id).parent)
        slotted.create(self._draft_path(draft_id), self._database_bytes(draft))
        ensure_dir(self._owner_dir(owner))
        touch_durably(self._owner_dir(owner) / draft_id)
        return draft

    def get(self, draft_id: str) -> Draft | None:
        if not _VALID_ID.fullmatch(draft_id):
            return None  # ids arrive from callback_data; never let one become a path
        return self._load(draft_id)

    def save(self, draft: Draft) -> None:
        try:
            slotted.overwrite(self._draft_path(draft.id), self._database_bytes(draft))
        except FileNotFoundError:
            raise DraftNotFound(draft.id) from None  # a late double tap must not revive a deleted draft

    def list_by_owner(self, owner: int) -> list[Draft]:
        owner_dir = self._owner_dir(owner)
        drafts = []
        for draft_id in _entries(owner_dir):
            draft = self._load_listed(owner_dir, draft_id)
            if draft is not None and draft.owner == owner:
                drafts.append(draft)
        return most_recent_first(drafts)

    def take_damaged(self, owner: int) -> list[str]:
        owner_dir = self._owner_dir(owner)
        damaged = [name for name in _entries(owner_dir) if _VALID_ID.fullmatch(name) and self._is_moved_aside(name)]
        for draft_id in damaged:
            unlink_durably(owner_dir / draft_id)
        return damaged

    def delete(self, draft_id: str) -> None:
        try:
            draft = self.get(draft_id)
        except DraftTooNew:
            raise
        except DraftCorrupt:
            if self._draft_path(draft_id).exists():
                raise  # unreadable for now (I/O error): keep it for a later look
            return  # its file is in corrupt/ already; listing drops the index entry
        if draft is None:
            raise DraftNotFound(draft_id)
        unlink_durably(self._owner_dir(draft.owner) / draft_id)
        unlink_durably(self._draft_path(draft_id))

    def close(self) -> None:
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> "FileDraftStore":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- files ------------------------------------------------------------------

    def _draft_path(self, draft_id: str) -> Path:
        return self._drafts / draft_id[:2] / f"{draft_id}.json"

    def _owner_dir(self, owner: int) -> Path:
        return self._owners / str(int(owner))

    def _quarantine_path(self, draft_id: str) -> Path:
        return self._corrupt / f"{draft_id}.json"

    def _load(self, draft_id: str) -> Draft | None:
        path = self._draft_path(draft_id)
        try:
            data = DraftFileStorage(path).read()
        except ValueError as error:  # no intact version, bad JSON, bad UTF-8, empty file
            raise self._quarantine(draft_id, f"not valid JSON: {error}") from error
        except OSError as error:  # unreadable but maybe fine later: report, keep the file
            logger.error("Draft %s could not be read: %s", draft_id, error)
            raise DraftCorrupt(draft_id, f"unreadable: {error}") from error
        if data is None:
            if self._quarantine_path(draft_id).exists():
                raise DraftCorrupt(draft_id, "moved aside earlier", self._quarantine_path(draft_id))
            return None
        try:
            return _draft_from_database(draft_id, data)
        except DraftTooNew:
            raise  # written by a newer version: not damage, leave it where it is
        except (ValueError, TypeError, KeyError) as error:  # ValidationError is a ValueError
            raise self._quarantine(draft_id, _short_reason(error)) from error

    def _load_listed(self, owner_dir: Path, draft_id: str) -> Draft | None:
        """Load one draft named by an owner marker, skipping (and logging) what is broken."""
        if not _VALID_ID.fullmatch(draft_id):
            logger.warning("Ignoring stray file %s in the owner index", owner_dir / draft_id)
            return None
        if self._is_moved_aside(draft_id):
            return None  # reported when it was moved; the marker waits for take_damaged
        try:
            draft = self._load(draft_id)
        except DraftCorrupt as error:  # DraftTooNew included
            logger.warning("Skipping draft in list of owner %s: %s", owner_dir.name, error)
            draft = None
        if draft is None and not self._draft_path(draft_id).exists():
            if self._quarantine_path(draft_id).exists():
                return None  # moved aside just now; the marker waits for take_damaged
            logger.warning("Dropping dangling index entry %s (no draft file)", owner_dir / draft_id)
            unlink_durably(owner_dir / draft_id)
        return draft

    def _is_moved_aside(self, draft_id: str) -> bool:
        return not self._draft_path(draft_id).exists() and self._quarantine_path(draft_id).exists()

    def _quarantine(self, draft_id: str, reason: str) -> DraftCorrupt:
        """Move a damaged draft file to corrupt/ (never delete it) and describe the damage."""
        ensure_dir(self._corrupt)
        target = self._quarantine_path(draft_id)
        suffix = 1
        while target.exists():
            target = self._corrupt / f"{draft_id}.{suffix}.json"
            suffix += 1
        source = self._draft_path(draft_id)
        try:
            os.replace(source, target)
        except FileNotFoundError:  # another thread moved it a moment ago
            return DraftCorrupt(draft_id, reason, self._quarantine_path(draft_id))
        fsync_dir(target.parent)
        fsync_dir(source.parent)
        logger.error("Draft %s is corrupt (%s); moved %s to %s", draft_id, reason, source, target)
        return DraftCorrupt(draft_id, reason, target)

    def _sweep_temp_files(self) -> None:
        """Remove temp files of writes interrupted by a crash: they were never acknowledged."""
        removed = 0
        for shard in os.scandir(self._drafts):
            if not shard.is_dir():
                continue
            for entry in os.scandir(shard.path):
                if is_temp_file(entry.name):
                    os.unlink(entry.path)
                    removed += 1
        if removed:
            logger.info("Removed %d temp file(s) left by interrupted writes in %s", removed, self._drafts)


def _entries(folder: Path) -> list[str]:
    """Names in ``folder``; none if it does not exist (an owner with no drafts yet)."""
    try:
        return os.listdir(folder)
    except FileNotFoundError:
        return []


def _draft_from_database(draft_id: str, data: dict[str, Any]) -> Draft:
    """The draft inside one per-draft TinyDB database, upgraded to the current schema."""
    document = data[TABLE][DOC_ID]
    if not isinstance(document, dict):
        raise TypeError("draft document is not an object")
    draft = Draft.model_validate(upgrade(dict(document)))
    if draft.id != draft_id:
        raise ValueError(f"file holds draft {draft.id!r}")
    return draft


def _short_reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return f"{error.error_count()} invalid field(s), first: {error.errors()[0]['loc']}"
    return f"{type(error).__name__}: {error}"
