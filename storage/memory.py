"""The in-memory twin of FileDraftStore: same behaviour, no disk, for tests."""

from __future__ import annotations

import threading
from datetime import datetime

from storage.derived import DerivedOperations
from storage.errors import DraftCorrupt, DraftNotFound
from storage.handled import HandledNote, RecentKeys, new_instance_id
from storage.limits import check_draft_size
from storage.models import Draft, UpdateStamp, blank_draft, most_recent_first, new_draft_id


class MemoryDraftStore(DerivedOperations):
    """Keeps each draft as its JSON, so callers never share mutable objects with the
    store and anything that would not survive the disk round trip fails here too."""

    def __init__(self) -> None:
        self._documents: dict[str, bytes] = {}
        self._guard = threading.Lock()  # AsyncDraftStore calls in from worker threads
        self._handled = RecentKeys()
        self.instance = new_instance_id()

    def create(
        self, owner: int, questionnaire_id: str, questionnaire_version: int, now: datetime, stamp: UpdateStamp | None = None
    ) -> Draft:
        with self._guard:
            draft_id = new_draft_id()
            while draft_id in self._documents:
                draft_id = new_draft_id()
            draft = blank_draft(draft_id, owner, questionnaire_id, questionnaire_version, now, stamp)
            self._documents[draft_id] = draft.model_dump_json().encode()
        return draft

    def get(self, draft_id: str) -> Draft | None:
        document = self._documents.get(draft_id)
        return None if document is None else Draft.model_validate_json(document)

    def save(self, draft: Draft) -> None:
        document = draft.model_dump_json().encode()
        check_draft_size(draft.id, document)
        with self._guard:
            if draft.id not in self._documents:
                raise DraftNotFound(draft.id)
            self._documents[draft.id] = document

    def put(self, draft: Draft) -> None:
        document = draft.model_dump_json().encode()
        check_draft_size(draft.id, document)
        with self._guard:
            self._documents[draft.id] = document

    def all_ids(self) -> list[str]:
        return sorted(self._documents)

    def list_by_owner(self, owner: int) -> list[Draft]:
        drafts = [Draft.model_validate_json(doc) for doc in list(self._documents.values())]
        return most_recent_first([d for d in drafts if d.owner == owner])

    def unreadable(self, owner: int) -> list[DraftCorrupt]:
        return []  # memory has no files to be unreadable

    def take_damaged(self, owner: int) -> list[str]:
        return []  # memory cannot be damaged on disk

    def handled(self, key: str) -> HandledNote | None:
        return self._handled.get(key)

    def note_handled(self, key: str, document_owed: bool = False) -> None:
        self._handled.note(key, self.instance if document_owed else None)

    def instance_alive(self, instance: str) -> bool:
        return instance == self.instance  # one process: no other instance runs

    def delete(self, draft_id: str) -> None:
        with self._guard:
            if self._documents.pop(draft_id, None) is None:
                raise DraftNotFound(draft_id)

    def close(self) -> None:
        """Nothing to release."""
