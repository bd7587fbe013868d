"""Operations every DraftStore builds the same way from get / save / list_by_owner."""

from __future__ import annotations

from storage.errors import DraftNotFound
from storage.models import Draft, first_unfinished


class DerivedOperations:
    """Mixin: ``active_for`` and ``archive`` for any class with get, save and list_by_owner."""

    def get(self, draft_id: str) -> Draft | None:
        raise NotImplementedError

    def save(self, draft: Draft) -> None:
        raise NotImplementedError

    def list_by_owner(self, owner: int) -> list[Draft]:
        raise NotImplementedError

    def active_for(self, owner: int) -> Draft | None:
        return first_unfinished(self.list_by_owner(owner))

    def archive(self, draft_id: str) -> Draft:
        """Mark the draft archived (kept, out of the way); updated_at stays as it was."""
        draft = self.get(draft_id)
        if draft is None:
            raise DraftNotFound(draft_id)
        archived = draft.model_copy(update={"status": "archived"})
        self.save(archived)
        return archived
