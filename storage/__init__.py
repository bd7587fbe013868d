"""Durable storage of drafts: models, the DraftStore interface, disk and memory stores.

Typical wiring::

    store = AsyncDraftStore(open_store())          # DATA_DIR, default ./data
    draft = await store.active_for(user_id) or await store.create(user_id, q.id, q.version)
    draft = await store.update(draft.id, lambda d: d.model_copy(update={"state": new_state}))
"""

from storage.async_store import AsyncDraftStore
from storage.disk import FileDraftStore
from storage.errors import (
    DataDirLocked,
    DataDirUnusable,
    DraftCorrupt,
    DraftNotFound,
    DraftTooLarge,
    DraftTooNew,
    DraftUnreadable,
    StorageError,
)
from storage.memory import MemoryDraftStore
from storage.models import SCHEMA_VERSION, Draft, DraftStatus, utc_now
from storage.store import DraftStore, data_dir_from_env, open_store

__all__ = [
    "AsyncDraftStore",
    "DataDirLocked",
    "DataDirUnusable",
    "Draft",
    "DraftCorrupt",
    "DraftNotFound",
    "DraftStatus",
    "DraftStore",
    "DraftTooLarge",
    "DraftTooNew",
    "DraftUnreadable",
    "FileDraftStore",
    "MemoryDraftStore",
    "SCHEMA_VERSION",
    "StorageError",
    "data_dir_from_env",
    "open_store",
    "utc_now",
]
