"""Which draft a clerk is on, and the damage found on the way there.

The current draft is the clerk's most recently updated one that is not archived. A
process serving from its own files remembers each clerk's current draft id (one read
from the write-through cache instead of a listing); on a shared store that memory is
not trusted (another instance may have switched the clerk) and the store is asked
every time (one round trip, ``current_for``). Damaged drafts met on the way are moved
aside by storage; the clerk is told here, once.
"""

from __future__ import annotations

import logging

from app import texts
from app.draft_list import draft_title
from storage.async_store import AsyncDraftStore
from storage.errors import DraftCorrupt
from storage.models import Draft

log = logging.getLogger(__name__)


class Call:
    """What one request has found out so far: notices for the clerk, and whether the
    draft they were on turned out damaged (then their text is not applied elsewhere)."""

    def __init__(self) -> None:
        self.notices: list[str] = []
        self.lost_current = False

    def notify(self, text: str) -> None:
        if text not in self.notices:  # two damaged drafts need not be announced twice
            self.notices.append(text)


class CurrentDrafts:
    def __init__(self, store: AsyncDraftStore) -> None:
        self.store = store
        self._ids: dict[int, str] = {}  # owner -> current draft id (not trusted when shared)
        self._told_unreadable: set[tuple[int, str]] = set()

    def remember(self, owner: int, draft_id: str) -> None:
        self._ids[owner] = draft_id

    def forget(self, owner: int, draft_id: str) -> None:
        """``draft_id`` is no longer the clerk's current draft (deleted, damaged)."""
        if self._ids.get(owner) == draft_id:
            del self._ids[owner]

    async def find(self, owner: int, call: Call) -> Draft | None:
        """The draft the clerk works on (finished ones included, archived not)."""
        draft_id = None if self.store.shared else self._ids.get(owner)
        lost = False
        if draft_id is not None:
            draft, lost = await self.open_owned(owner, draft_id, call)
            if draft is not None and draft.status != "archived":
                return draft
            self._ids.pop(owner, None)
        found = await self.store.current_for(owner)
        self._tell_damage(owner, found.damaged, found.unreadable, call)
        draft = found.draft
        if draft is None:
            return None
        self._ids[owner] = draft.id
        if lost or found.damaged:
            # Say which draft the clerk now sees, or they would take it for the damaged one.
            call.notify(texts.SWITCHED.format(title=draft_title(draft)))
            call.lost_current = True
        return draft

    async def listed(self, owner: int, call: Call) -> tuple[list[Draft], bool]:
        """The clerk's readable drafts, and whether listing found one damaged. Storage
        skips (and moves aside) a damaged draft; the clerk is told here, once."""
        drafts = await self.store.list_by_owner(owner)
        damaged = await self.store.take_damaged(owner)
        self._tell_damage(owner, damaged, await self.store.unreadable(owner), call)
        return drafts, bool(damaged)

    async def open_owned(self, owner: int, draft_id: str, call: Call) -> tuple[Draft | None, bool]:
        """The clerk's draft (None if missing or not theirs), and whether it is damaged."""
        try:
            draft = await self.store.get(draft_id)
        except DraftCorrupt as error:
            # Storage logged the damage and moved the file aside; the clerk hears of it
            # once, and it stops being their current draft.
            log.warning("owner %s cannot open draft %s: %s", owner, draft_id, error)
            self.forget(owner, draft_id)
            await self.store.take_damaged(owner)  # told now: a later listing must not tell again
            call.notify(error.user_message)
            return None, True
        if draft is None or draft.owner != owner:
            return None, False  # another clerk's draft looks exactly like a missing one
        return draft, False

    def _tell_damage(self, owner: int, damaged: list[str], unreadable: list[DraftCorrupt], call: Call) -> None:
        for draft_id in damaged:
            log.warning("owner %s: draft %s was found damaged while listing", owner, draft_id)
            call.notify(DraftCorrupt.user_message)
        for error in unreadable:
            # Left in place until someone fixes the file: say so once per run, not on every list.
            if (owner, error.draft_id) not in self._told_unreadable:
                self._told_unreadable.add((owner, error.draft_id))
                log.warning("owner %s: draft %s cannot be opened: %s", owner, error.draft_id, error)
                call.notify(error.user_message)
