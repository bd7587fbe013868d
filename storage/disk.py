"""Drafts on disk: one small TinyDB file per draft, and the owner index as directory entries.

Why this layout: a save must not cost more as drafts pile up. A single TinyDB file
re-serializes and rewrites every draft on every save (the issue measured 0.4 ms at 10
drafts, 498 ms at 10,000). Here a save rewrites only its own draft: one in-place write
and one fdatasync into a double-buffered file (storage.slotted explains why that is
crash-safe), so its cost does not depend on the count.

    DATA_DIR/.lock                   the owner's pid (the lock is flock on the folder, storage.lock)
    DATA_DIR/handled-updates         the updates handled lately (storage.handled)
    DATA_DIR/drafts/<ab>/<id>.json   a TinyDB database (table "draft", document 1) kept
                                     by DraftFileStorage: JSON in a double-buffered file
    DATA_DIR/owners/<owner>/<id>     empty marker files: the per-owner index
    DATA_DIR/corrupt/<id>.json       damaged drafts, moved aside (never deleted)
    DATA_DIR/corrupt/owners-<owner>  whatever stood where an owner's index folder belongs

The owner index is made of directory entries, not an index file, so it needs no
rewrite on save (updated_at and status are read from the owner's few drafts when
listing). Drafts are sharded by the first two id characters so no folder grows huge.

Crash ordering: create writes the draft before its marker and delete removes the
marker before the draft, so a marker never points at nothing except after a
quarantine; listing drops such dangling markers with a log line.

The index is rebuilt from the drafts themselves: opening the store lists every draft
file and every marker (directory entries only) and gives a draft without a marker its
marker back, reading only those drafts. A draft still blank is removed instead: it is
a create that a crash cut short before it was acknowledged. An owner's index found
to be something other than a folder is moved aside and rebuilt the same way.

A full disk (or quota): a write that fails for want of space raises StorageFull. The
write never reached an acknowledged version (a slot write is the other slot, a create or
growth is a temp file renamed only when whole), so nothing stored is touched, and the
clerk is told the answer was not stored.

Damage and unreadable files are told apart. Damaged (bad JSON, nested too deeply,
invalid fields, larger than any draft this program writes): ``get`` raises
DraftCorrupt and the file is moved to corrupt/ with an error log the first time;
its index marker stays until ``take_damaged`` hands the id over once, so the clerk
can be told even when nobody asked for that draft by id. Unreadable (no permission, a
folder where the file should be, an I/O error): ``get`` raises DraftUnreadable and
the file stays where it is; ``unreadable`` lists such drafts of an owner. Listings
skip both, so the clerk's other drafts keep working.
"""

from __future__ import annotations

import errno
import logging
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from storage import slotted
from storage.atomic import ensure_dir, fsync_dir, is_temp_file, touch_durably, unlink_durably
from storage.derived import DerivedOperations
from storage.handled import HandledLog, HandledNote, new_instance_id
from storage.errors import DataDirUnusable, DraftCorrupt, DraftNotFound, DraftTooNew, DraftUnreadable, StorageFull
from storage.limits import MAX_DRAFT_BYTES, check_draft_size
from storage.lock import DataDirLock
from storage.migrations import upgrade
from storage.models import (
    DRAFT_ID_PATTERN,
    Draft,
    UpdateStamp,
    blank_draft,
    most_recent_first,
    new_draft_id,
)
from storage.tinydb_storage import DraftFileStorage

logger = logging.getLogger(__name__)

TABLE = "draft"
DOC_ID = "1"
_VALID_ID = re.compile(DRAFT_ID_PATTERN)
_SUFFIX = ".json"
# The largest draft file this program writes; anything larger is damage and is not read.
MAX_FILE_BYTES = slotted.largest_file(len(b'{"%s":{"%s":}}' % (TABLE.encode(), DOC_ID.encode())) + MAX_DRAFT_BYTES)
_PROBE = ".probe.tmp"
HANDLED_NAME = "handled-updates"


class FileDraftStore(DerivedOperations):
    """The on-disk DraftStore. Thread-safe for different drafts; serialize one draft's
    updates with AsyncDraftStore.update. Raises DataDirLocked if another process owns
    ``data_dir``, DataDirUnusable if it cannot be created or written."""

    def __init__(self, data_dir: Path, *, lock_wait_s: float = 0, read_only: bool = False) -> None:
        """``read_only``: read what is there and change nothing (``migrate`` reading its
        source): the folder must be a DATA_DIR already, the lock is shared (no owner may
        run meanwhile), nothing is swept, restored or moved aside (a damaged draft raises
        DraftCorrupt where it lies), and every write raises PermissionError."""
        self.data_dir = Path(data_dir)
        self.read_only = read_only
        self._drafts = self.data_dir / "drafts"
        self._owners = self.data_dir / "owners"
        self._corrupt = self.data_dir / "corrupt"
        self._lock: DataDirLock | None = None
        self._handled: HandledLog | None = None
        self.instance = new_instance_id()
        try:
            if read_only:
                if not self._drafts.is_dir():
                    raise NotADirectoryError(errno.ENOENT, "not a DATA_DIR (no drafts folder)", str(self._drafts))
                self._lock = DataDirLock(self.data_dir, lock_wait_s, shared=True)
                return
            ensure_dir(self.data_dir)
            self._lock = DataDirLock(self.data_dir, lock_wait_s)
            ensure_dir(self._drafts)
            _probe_writable(self._drafts)
            self._handled = HandledLog(self.data_dir / HANDLED_NAME)
        except OSError as error:
            self.close()
            raise DataDirUnusable(self.data_dir, _os_reason(error)) from error
        self._check_index(self._draft_ids(sweep=True))

    def _database_bytes(self, draft: Draft) -> bytes:
        """The TinyDB document {"draft": {"1": <draft>}}, the draft as pydantic writes it."""
        encoded = draft.model_dump_json().encode()
        check_draft_size(draft.id, encoded)
        return b'{"%s":{"%s":%s}}' % (TABLE.encode(), DOC_ID.encode(), encoded)

    # -- the DraftStore protocol ------------------------------------------------

    def create(
        self, owner: int, questionnaire_id: str, questionnaire_version: int, now: datetime, stamp: UpdateStamp | None = None
    ) -> Draft:
        self._writable()
        owner_dir = self._owner_index(owner, make=True)  # repaired first, so the new marker lands
        draft_id = new_draft_id()
        while self._draft_path(draft_id).exists() or self._quarantine_path(draft_id).exists():
            draft_id = new_draft_id()
        draft = blank_draft(draft_id, owner, questionnaire_id, questionnaire_version, now, stamp)
        with _space_for_it():
            ensure_dir(self._draft_path(draft_id).parent)
            slotted.create(self._draft_path(draft_id), self._database_bytes(draft))
            touch_durably(owner_dir / draft_id)
        return draft

    def get(self, draft_id: str) -> Draft | None:
        if not _VALID_ID.fullmatch(draft_id):
            return None  # ids arrive from callback_data; never let one become a path
        return self._load(draft_id)

    def save(self, draft: Draft) -> None:
        self._writable()
        try:
            with _space_for_it():
                slotted.overwrite(self._draft_path(draft.id), self._database_bytes(draft), MAX_FILE_BYTES)
        except FileNotFoundError:
            raise DraftNotFound(draft.id) from None  # a late double tap must not revive a deleted draft

    def put(self, draft: Draft) -> None:
        """Store ``draft`` under its own id, created or replaced (moving drafts between stores).
        Same crash ordering as create: the draft before its marker."""
        self._writable()
        path = self._draft_path(draft.id)
        if path.exists():
            self.save(draft)
            return
        owner_dir = self._owner_index(draft.owner, make=True)
        with _space_for_it():
            ensure_dir(path.parent)
            slotted.create(path, self._database_bytes(draft))
            touch_durably(owner_dir / draft.id)

    def all_ids(self) -> list[str]:
        """Every stored draft's id (moving drafts between stores)."""
        return sorted(self._draft_ids())

    def list_by_owner(self, owner: int) -> list[Draft]:
        drafts, _ = self._scan(owner)
        return most_recent_first(drafts)

    def unreadable(self, owner: int) -> list[DraftCorrupt]:
        """Why each of the owner's drafts that is still in place cannot be opened now
        (DraftUnreadable, DraftTooNew); each error carries the clerk's ``user_message``."""
        _, refused = self._scan(owner)
        return refused

    def take_damaged(self, owner: int) -> list[str]:
        owner_dir = self._owner_index(owner)
        damaged = [name for name in _entries(owner_dir) if _VALID_ID.fullmatch(name) and self._is_moved_aside(name)]
        for draft_id in damaged:
            unlink_durably(owner_dir / draft_id)
        return damaged

    def delete(self, draft_id: str) -> None:
        self._writable()
        try:
            draft = self.get(draft_id)
        except DraftCorrupt:
            if self._draft_path(draft_id).exists():
                raise  # too new or unreadable for now, not damaged: keep it for a later look
            return  # its file is in corrupt/ already; listing drops the index entry
        if draft is None:
            raise DraftNotFound(draft_id)
        unlink_durably(self._owner_index(draft.owner) / draft_id)
        unlink_durably(self._draft_path(draft_id))

    def handled(self, key: str) -> HandledNote | None:
        return self._handled.get(key) if self._handled is not None else None

    def note_handled(self, key: str, document_owed: bool = False) -> None:
        if self._handled is not None:  # a read-only store keeps none
            self._handled.note(key, self.instance if document_owed else None)

    def instance_alive(self, instance: str) -> bool:
        return instance == self.instance  # one process owns DATA_DIR: an earlier one is gone

    def close(self) -> None:
        if self._handled is not None:
            self._handled.close()
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> "FileDraftStore":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- files ------------------------------------------------------------------

    def _writable(self) -> None:
        if self.read_only:
            raise PermissionError(f"{self.data_dir} is open read-only")

    def _draft_path(self, draft_id: str) -> Path:
        return self._drafts / draft_id[:2] / f"{draft_id}{_SUFFIX}"

    def _owner_dir(self, owner: int) -> Path:
        return self._owners / str(int(owner))

    def _quarantine_path(self, draft_id: str) -> Path:
        return self._corrupt / f"{draft_id}{_SUFFIX}"

    def _owner_index(self, owner: int, *, make: bool = False) -> Path:
        """The owner's index folder (made if missing and ``make``). If something else stands
        there, it is moved aside and the index rebuilt from the drafts, so a clerk is never
        locked out of their drafts by it."""
        folder = self._owner_dir(owner)
        if folder.is_dir():
            return folder
        if folder.is_symlink() or folder.exists():
            moved = self._move_aside(folder, f"owners-{folder.name}")
            logger.error("Owner index %s was not a folder; moved it to %s, rebuilding", folder, moved)
            ensure_dir(folder)
            self._restore_markers(drop_blank=False)  # others may be mid-create: keep blanks
        elif make:
            ensure_dir(folder)
        return folder

    def _scan(self, owner: int) -> tuple[list[Draft], list[DraftCorrupt]]:
        """The owner's readable drafts, and the errors of those in place that cannot be opened."""
        owner_dir = self._owner_index(owner)
        drafts: list[Draft] = []
        refused: list[DraftCorrupt] = []
        for draft_id in _entries(owner_dir):
            try:
                draft = self._load_listed(owner_dir, draft_id)
            except DraftCorrupt as error:
                refused.append(error)
                continue
            if draft is not None and draft.owner == owner:
                drafts.append(draft)
        return drafts, refused

    def _load(self, draft_id: str) -> Draft | None:
        path = self._draft_path(draft_id)
        try:
            data = DraftFileStorage(path, MAX_FILE_BYTES).read()
        except ValueError as error:  # no intact version, bad JSON, too deep, too large, empty
            raise self._quarantine(draft_id, f"not a valid draft file: {error}") from error
        except OSError as error:  # no permission, a folder in its place: maybe fine later, keep it
            logger.error("Draft %s could not be read, left in place: %s", draft_id, error)
            raise DraftUnreadable(draft_id, _os_reason(error)) from error
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
        """Load one draft named by an owner marker: None for what is gone or moved aside
        (damage is logged and moved aside here); raises DraftCorrupt for a draft in place
        that cannot be opened (DraftUnreadable, DraftTooNew)."""
        if not _VALID_ID.fullmatch(draft_id):
            logger.warning("Ignoring stray file %s in the owner index", owner_dir / draft_id)
            return None
        if self._is_moved_aside(draft_id):
            return None  # reported when it was moved; the marker waits for take_damaged
        try:
            draft = self._load(draft_id)
        except (DraftUnreadable, DraftTooNew):
            raise
        except DraftCorrupt as error:
            logger.warning("Skipping draft in list of owner %s: %s", owner_dir.name, error)
            return None  # moved aside just now; the marker waits for take_damaged
        if draft is None:
            logger.warning("Dropping dangling index entry %s (no draft file)", owner_dir / draft_id)
            unlink_durably(owner_dir / draft_id)
        return draft

    def _is_moved_aside(self, draft_id: str) -> bool:
        return not self._draft_path(draft_id).exists() and self._quarantine_path(draft_id).exists()

    def _quarantine(self, draft_id: str, reason: str) -> DraftCorrupt:
        """Move a damaged draft file to corrupt/ (never delete it) and describe the damage
        (read-only: describe it and leave it where it is)."""
        if self.read_only:
            return DraftCorrupt(draft_id, reason)
        source = self._draft_path(draft_id)
        try:
            target = self._move_aside(source, draft_id, _SUFFIX)
        except FileNotFoundError:  # another thread moved it a moment ago
            return DraftCorrupt(draft_id, reason, self._quarantine_path(draft_id))
        logger.error("Draft %s is corrupt (%s); moved %s to %s", draft_id, reason, source, target)
        return DraftCorrupt(draft_id, reason, target)

    def _move_aside(self, source: Path, name: str, suffix: str = "") -> Path:
        """Rename ``source`` into corrupt/ under a name not taken yet; where it went."""
        ensure_dir(self._corrupt)
        target = self._corrupt / f"{name}{suffix}"
        number = 1
        while target.exists():
            target = self._corrupt / f"{name}.{number}{suffix}"
            number += 1
        os.replace(source, target)
        fsync_dir(target.parent)
        fsync_dir(source.parent)
        return target

    def _draft_ids(self, *, sweep: bool = False) -> list[str]:
        """The ids of all draft files. With ``sweep`` (only at open: later, a temp file may
        be a write in flight), temp files of writes a crash interrupted, never acknowledged,
        are removed on the way."""
        removed = 0
        ids = []
        for shard in os.scandir(self._drafts):
            if not shard.is_dir():
                continue
            for entry in os.scandir(shard.path):
                if sweep and is_temp_file(entry.name):
                    os.unlink(entry.path)
                    removed += 1
                elif entry.name.endswith(_SUFFIX) and _VALID_ID.fullmatch(entry.name[: -len(_SUFFIX)]):
                    ids.append(entry.name[: -len(_SUFFIX)])
        if removed:
            logger.info("Removed %d temp file(s) left by interrupted writes in %s", removed, self._drafts)
        return ids

    def _check_index(self, draft_ids: list[str]) -> None:
        """At open: make the index a folder of owner folders, then give every draft its marker."""
        if self._owners.is_symlink() or (self._owners.exists() and not self._owners.is_dir()):
            moved = self._move_aside(self._owners, "owners")
            logger.error("The owner index %s was not a folder; moved it to %s, rebuilding", self._owners, moved)
        ensure_dir(self._owners)
        self._restore_markers(drop_blank=True, draft_ids=draft_ids)

    def _marked_ids(self) -> set[str]:
        """Every draft id with a marker in some owner's index; non-folders are moved aside."""
        marked: set[str] = set()
        for entry in os.scandir(self._owners):
            if entry.is_dir(follow_symlinks=False):
                marked.update(os.listdir(entry.path))
            else:
                moved = self._move_aside(Path(entry.path), f"owners-{entry.name}")
                logger.error("Owner index %s was not a folder; moved it to %s", entry.path, moved)
        return marked

    def _restore_markers(self, *, drop_blank: bool, draft_ids: Iterable[str] | None = None) -> None:
        """Give each draft without a marker its marker back, read from the draft itself.

        ``drop_blank`` (only at open, where nothing else writes): a blank unmarked draft is
        a create cut short before it was acknowledged, so it is removed, not listed.
        """
        if draft_ids is None:
            draft_ids = self._draft_ids()
        for draft_id in set(draft_ids) - self._marked_ids():
            try:
                draft = self._load(draft_id)
            except DraftCorrupt as error:
                logger.error("Draft %s has no index entry and cannot be opened: %s", draft_id, error)
                continue
            if draft is None:
                continue
            if drop_blank and draft == blank_draft(
                draft.id, draft.owner, draft.questionnaire_id, draft.questionnaire_version, draft.created_at
            ):
                logger.info("Removing blank draft %s of owner %s: its creation was cut short", draft_id, draft.owner)
                unlink_durably(self._draft_path(draft_id))
                continue
            ensure_dir(self._owner_dir(draft.owner))
            touch_durably(self._owner_dir(draft.owner) / draft_id)
            logger.warning("Restored the index entry of draft %s of owner %s", draft_id, draft.owner)


@contextmanager
def _space_for_it() -> Iterator[None]:
    """Raise StorageFull when a write fails for want of space (a full disk, a quota)."""
    try:
        yield
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise StorageFull(_os_reason(error)) from error
        raise


def _entries(folder: Path) -> list[str]:
    """Names in ``folder``; none if it does not exist (an owner with no drafts yet)."""
    try:
        return os.listdir(folder)
    except FileNotFoundError:
        return []


def _probe_writable(folder: Path) -> None:
    """Raise OSError now if ``folder`` takes no new file, rather than at a clerk's first answer."""
    probe = folder / _PROBE
    touch_durably(probe)
    unlink_durably(probe)


def _os_reason(error: OSError) -> str:
    where = f": {error.filename}" if error.filename else ""
    return f"{error.strerror or type(error).__name__}{where}"


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
