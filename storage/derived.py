"""Operations every DraftStore builds the same way from get / save / list_by_owner."""

from __future__ import annotations

from dataclasses import dataclass, field

from storage.errors import DraftCorrupt, DraftNotFound
from storage.models import Draft, first_unfinished


@dataclass(frozen=True)
class CurrentDraft:
    """What a clerk's next update needs from storage: the draft they work on (the most
    recently updated one not archived), and the damage to tell them about (see
    ``DraftStore.take_damaged`` and ``DraftStore.unreadable``)."""

    draft: Draft | None
    damaged: list[str] = field(default_factory=list)
    unreadable: list[DraftCorrupt] = field(default_factory=list)


class DerivedOperations:
    """Mixin: ``active_for``, ``current_for`` and ``archive`` for any class with get,
    save, list_by_owner, take_damaged and unreadable."""

    def get(self, draft_id: str) -> Draft | None:
        raise NotImplementedError

    def save(self, draft: Draft) -> None:
        raise NotImplementedError

    def list_by_owner(self, owner: int) -> list[Draft]:
        raise NotImplementedError

    def take_damaged(self, owner: int) -> list[str]:
        raise NotImplementedError

    def unreadable(self, owner: int) -> list[DraftCorrupt]:
        raise NotImplementedError

    def active_for(self, owner: int) -> Draft | None:
        return first_unfinished(self.list_by_owner(owner))

    def current_for(self, owner: int) -> CurrentDraft:
        drafts = self.list_by_owner(owner)  # first: listing is what finds damage
        current = next((draft for draft in drafts if draft.status != "archived"), None)
        return CurrentDraft(current, self.take_damaged(owner), self.unreadable(owner))

    def archive(self, draft_id: str) -> Draft:
        """Mark the draft archived (kept, out of the way); updated_at stays as it was."""
        draft = self.get(draft_id)
        if draft is None:
            raise DraftNotFound(draft_id)
        archived = draft.model_copy(update={"status": "archived"})
        self.save(archived)
        return archived
