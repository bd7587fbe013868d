"""The DraftStore interface every backend implements, and how the bot opens its store."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Protocol

from storage.disk import FileDraftStore
from storage.errors import DraftCorrupt
from storage.models import Draft


class DraftStore(Protocol):
    """Where drafts live. Implementations: FileDraftStore (disk), MemoryDraftStore (twin).

    Missing drafts: ``get`` returns None; ``save``, ``archive`` and ``delete`` raise
    DraftNotFound. A damaged draft: ``get`` raises DraftCorrupt; an unreadable one
    DraftUnreadable (a DraftCorrupt); listings skip both. ``save`` raises DraftTooLarge
    for a draft over storage.limits.MAX_DRAFT_BYTES, keeping the stored version.
    The store never reads the clock: callers stamp ``updated_at`` (AsyncDraftStore.update does).
    """

    def create(
        self, owner: int, questionnaire_id: str, questionnaire_version: int, now: datetime, last_update_id: int = 0
    ) -> Draft: ...

    def get(self, draft_id: str) -> Draft | None: ...

    def save(self, draft: Draft) -> None: ...

    def list_by_owner(self, owner: int) -> list[Draft]:
        """All of the owner's drafts, most recently updated first (archived ones too)."""
        ...

    def active_for(self, owner: int) -> Draft | None:
        """The owner's most recently updated draft that is still in progress."""
        ...

    def unreadable(self, owner: int) -> list[DraftCorrupt]:
        """Why each of the owner's drafts that listings skip although its file is in place
        cannot be opened now (DraftUnreadable, DraftTooNew): nothing is moved, so each is
        reported again until fixed. Tell the clerk ``error.user_message``."""
        ...

    def take_damaged(self, owner: int) -> list[str]:
        """Ids of the owner's drafts found damaged (moved aside) and not yet handed out:
        each is returned once, so the clerk is told once."""
        ...

    def archive(self, draft_id: str) -> Draft: ...

    def delete(self, draft_id: str) -> None: ...

    def close(self) -> None: ...


def data_dir_from_env() -> Path:
    """DATA_DIR from the environment, ./data when unset."""
    return Path(os.environ.get("DATA_DIR") or "data")


def open_store(data_dir: Path | str | None = None, lock_wait_s: float = 0) -> FileDraftStore:
    """Open (creating on first use) the on-disk store; raises DataDirLocked if it is in use
    (after waiting up to ``lock_wait_s`` for the owner to exit), DataDirUnusable if it
    cannot be created or written (print it: it says what to fix, in Chinese and English)."""
    return FileDraftStore(Path(data_dir) if data_dir is not None else data_dir_from_env(), lock_wait_s=lock_wait_s)

