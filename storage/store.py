"""The DraftStore interface every backend implements, and how the bot opens its store."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Protocol

from storage.derived import CurrentDraft
from storage.disk import FileDraftStore
from storage.errors import DatabaseUnusable, DraftCorrupt
from storage.handled import HandledNote
from storage.models import Draft, UpdateStamp


class DraftStore(Protocol):
    """Where drafts live. Implementations: FileDraftStore (disk), MemoryDraftStore (twin),
    PostgresDraftStore (rows; shared by several instances).

    Missing drafts: ``get`` returns None; ``save``, ``archive`` and ``delete`` raise
    DraftNotFound. A damaged draft: ``get`` raises DraftCorrupt; an unreadable one
    DraftUnreadable (a DraftCorrupt); listings skip both. ``save`` raises DraftTooLarge
    for a draft over storage.limits.MAX_DRAFT_BYTES, keeping the stored version.
    The store never reads the clock: callers stamp ``updated_at`` (AsyncDraftStore.update does).
    """

    def create(
        self, owner: int, questionnaire_id: str, questionnaire_version: int, now: datetime, stamp: UpdateStamp | None = None
    ) -> Draft: ...

    def get(self, draft_id: str) -> Draft | None: ...

    def save(self, draft: Draft) -> None: ...

    def list_by_owner(self, owner: int) -> list[Draft]:
        """All of the owner's drafts, most recently updated first (archived ones too)."""
        ...

    def active_for(self, owner: int) -> Draft | None:
        """The owner's most recently updated draft that is still in progress."""
        ...

    def current_for(self, owner: int) -> CurrentDraft:
        """The owner's most recently updated draft that is not archived, with the damage
        ``take_damaged`` and ``unreadable`` would report: what every update asks, in one
        call (one round trip on PostgreSQL)."""
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

    def put(self, draft: Draft) -> None:
        """Store ``draft`` under its own id, created or replaced (moving drafts between stores)."""
        ...

    def all_ids(self) -> list[str]:
        """Every stored draft's id, sorted (moving drafts between stores)."""
        ...

    def handled(self, key: str) -> HandledNote | None:
        """The note of the update ``key`` (app.outcome.Arrival.key) if it was handled lately,
        by this process or, on a shared store, by any instance (storage.handled)."""
        ...

    def note_handled(self, key: str, document_owed: bool = False) -> None:
        """Note the update ``key`` handled (``document_owed``: this instance has its draft or
        PDF still to deliver); a redelivery of it is then recognised."""
        ...

    def instance_alive(self, instance: str) -> bool:
        """Whether the store instance ``instance`` (one run of the bot) is still running."""
        ...

    def archive(self, draft_id: str) -> Draft: ...

    def delete(self, draft_id: str) -> None: ...

    def close(self) -> None: ...


def data_dir_from_env() -> Path:
    """DATA_DIR from the environment, ./data when unset."""
    return Path(os.environ.get("DATA_DIR") or "data")


def open_store(
    data_dir: Path | str | None = None, lock_wait_s: float = 0, database_url: str | None = None
) -> DraftStore:
    """The store the bot runs on: PostgreSQL when ``database_url`` is given (DATABASE_URL),
    else the files in ``data_dir``. Raises DatabaseUnusable, or for files DataDirLocked
    (after waiting up to ``lock_wait_s`` for the owner to exit) and DataDirUnusable (print
    them: they say what to fix, in Chinese and English)."""
    if database_url:
        return open_database(database_url)
    return open_file_store(data_dir, lock_wait_s)


def open_file_store(data_dir: Path | str | None = None, lock_wait_s: float = 0, read_only: bool = False) -> FileDraftStore:
    """Open (creating on first use; ``read_only``: only an existing one, changing nothing)
    the on-disk store; raises DataDirLocked if it is in use (after waiting up to
    ``lock_wait_s`` for the owner to exit), DataDirUnusable if it cannot be created or written."""
    folder = Path(data_dir) if data_dir is not None else data_dir_from_env()
    return FileDraftStore(folder, lock_wait_s=lock_wait_s, read_only=read_only)


def open_database(url: str, read_only: bool = False) -> DraftStore:
    """Connect to PostgreSQL and bring its tables up to date (``read_only``: check them and
    change nothing); raises DatabaseUnusable."""
    import psycopg  # imported here: the file store (the default) needs no database driver
    from psycopg_pool import PoolTimeout

    from storage.postgres import PostgresDraftStore

    try:
        return PostgresDraftStore(url, read_only=read_only)
    except (psycopg.Error, PoolTimeout) as error:
        raise DatabaseUnusable(_without_password(str(error))) from error


def _without_password(text: str) -> str:
    """Error text of the driver, which may quote the connection string, minus any password."""
    import re

    return re.sub(r"(://[^:/@\s]+:)[^@\s]+@", r"\1***@", text)
