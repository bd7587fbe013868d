"""The store as the bot uses it: disk I/O off the event loop, one update per draft at a time."""

from __future__ import annotations

import asyncio
import inspect
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, TypeVar

from storage.derived import CurrentDraft
from storage.keyed_lock import KeyedLock
from storage.errors import DraftCorrupt, DraftNotFound
from storage.handled import HandledNote
from storage.models import Draft, UpdateStamp, utc_now
from storage.store import DraftStore

DraftChange = Callable[[Draft], Draft | Awaitable[Draft]]
T = TypeVar("T")


class AsyncDraftStore:
    """Wraps any DraftStore. Writes to one draft (save, update, archive, delete) are
    serialized per draft, so two updates run one after the other, each on the result
    of the previous, and the cache never disagrees with the file. (The service also
    runs one clerk's inputs one at a time, which orders them; this lock is what keeps
    the store itself consistent for any caller, tools and tests included.)

    Recently used drafts are kept in a small write-through cache, so answering a
    question costs one durable write and no read or parse. That is safe because one
    process owns a DATA_DIR (the lock file) and every write goes through here. Drafts
    handed out are shared: never mutate one, make a changed copy (model_copy). A full
    draft takes ~50 KB in memory, so the default 256 keeps the cache near 13 MB.

    A store whose ``shared`` attribute is true (PostgreSQL: several instances write the
    same rows) keeps a draft only for the length of its clerk's turn: ``clerk_turn`` then
    also takes the clerk's lock in the database (``store.turns``, storage.pg_turns), so
    while it is held no other instance can change the clerk's drafts, and what this
    turn read or wrote is still what is stored; the turn's end forgets it. That saves
    each answer a read of the draft it was just found by.
    """

    def __init__(
        self,
        store: DraftStore,
        clock: Callable[[], datetime] = utc_now,
        cache_size: int = 256,
        io_threads: int = 3,
    ) -> None:
        self.store = store
        self._clock = clock
        self._drafts = KeyedLock()  # a draft's read-modify-write runs alone (cache and file agree)
        self._cache: OrderedDict[str, Draft] = OrderedDict()
        self.shared = bool(getattr(store, "shared", False))
        self._cache_size = cache_size
        self._in_turn: dict[int, set[str]] = {}  # shared: owner -> ids of drafts kept for this turn
        # shared: owner -> the connection holding their turn. The turn's reads and writes
        # go over it on the event loop (two thread hand-overs fewer per update).
        self._turn_conns: dict[int, Any] = {}
        self._clerks = KeyedLock()  # one clerk's turn in this process (and a turn connection at most)
        self._turns = getattr(store, "turns", None) if self.shared else None
        # Disk work runs on a few threads of our own: enough to overlap fsyncs, and
        # fewer per-thread malloc arenas than the default pool (RSS under load).
        self._io = ThreadPoolExecutor(max_workers=io_threads, thread_name_prefix="draft-io")

    @asynccontextmanager
    async def clerk_turn(self, owner: int) -> AsyncIterator[None]:
        """Run one update of ``owner`` alone: in this process always, and across every
        process on the same database when the store is shared."""
        async with self._clerks.hold(owner):
            if self._turns is None:
                yield
            else:
                async with self._turns.hold(owner) as conn:
                    self._in_turn[owner] = set()
                    self._turn_conns[owner] = conn
                    try:
                        yield
                    finally:
                        del self._turn_conns[owner]
                        for draft_id in self._in_turn.pop(owner):
                            self._cache.pop(draft_id, None)

    async def _off_loop(self, function: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self._io, function, *args)

    async def create(
        self,
        owner: int,
        questionnaire_id: str,
        questionnaire_version: int,
        now: datetime | None = None,
        stamp: UpdateStamp | None = None,
    ) -> Draft:
        draft = await self._off_loop(
            self.store.create, owner, questionnaire_id, questionnaire_version, now or self._clock(), stamp
        )
        self._remember(draft)
        return draft

    async def get(self, draft_id: str) -> Draft | None:
        cached = self._cache.get(draft_id)
        if cached is not None:
            self._cache.move_to_end(draft_id)
            return cached
        draft = await self._off_loop(self.store.get, draft_id)
        if draft is not None:
            self._remember(draft)
        return draft

    def _remember(self, draft: Draft) -> None:
        if self.shared:
            kept = self._in_turn.get(draft.owner)
            if kept is None:
                return  # outside its clerk's turn another instance may change it any time
            kept.add(draft.id)
            self._cache[draft.id] = draft
            return
        self._cache[draft.id] = draft
        self._cache.move_to_end(draft.id)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    async def list_by_owner(self, owner: int) -> list[Draft]:
        return await self._off_loop(self.store.list_by_owner, owner)

    async def unreadable(self, owner: int) -> list[DraftCorrupt]:
        return await self._off_loop(self.store.unreadable, owner)

    async def take_damaged(self, owner: int) -> list[str]:
        return await self._off_loop(self.store.take_damaged, owner)

    async def current_for(self, owner: int) -> CurrentDraft:
        conn = self._turn_conns.get(owner)
        found = await self.store.current_in_turn(conn, owner) if conn is not None else None  # type: ignore[attr-defined]
        if found is None:  # not in a shared turn, or a damaged row to move aside
            found = await self._off_loop(self.store.current_for, owner)
        if self.shared and found.draft is not None:
            # Kept for this turn only (see the class). The file store's service finds
            # the current draft by id in its cache and seldom comes here.
            self._remember(found.draft)
        return found

    async def handled(self, owner: int, key: str) -> HandledNote | None:
        """The note of update ``key`` of ``owner`` if it was handled (DraftStore.handled).
        A store of one process answers from memory, on the loop; a shared one is asked
        over the connection of the clerk's turn."""
        if not self.shared:
            return self.store.handled(key)
        conn = self._turn_conns.get(owner)
        if conn is not None:
            note: HandledNote | None = await self.store.handled_in_turn(conn, key)  # type: ignore[attr-defined]
            return note
        return await self._off_loop(self.store.handled, key)

    async def note_handled(self, owner: int, key: str, document_owed: bool = False) -> None:
        conn = self._turn_conns.get(owner)
        if conn is not None:
            await self.store.note_handled_in_turn(conn, key, document_owed)  # type: ignore[attr-defined]
        else:
            await self._off_loop(self.store.note_handled, key, document_owed)

    async def instance_alive(self, instance: str) -> bool:
        if not self.shared:
            return self.store.instance_alive(instance)
        return await self._off_loop(self.store.instance_alive, instance)

    async def first_in_window(self, key: str, window_s: float) -> bool:
        """A shared store's record of notices told (tgbot.gate); only shared stores have one."""
        told = getattr(self.store, "first_in_window", None)
        if told is None:
            raise TypeError("only a shared store keeps a record of notices told")
        result: bool = await self._off_loop(told, key, window_s)
        return result

    async def active_for(self, owner: int) -> Draft | None:
        return await self._off_loop(self.store.active_for, owner)

    async def save(self, draft: Draft) -> None:
        async with self._drafts.hold(draft.id):
            await self._off_loop(self.store.save, draft)
            self._remember(draft)

    async def update(self, draft_id: str, change: DraftChange) -> Draft:
        """Load the draft, apply ``change``, stamp updated_at, save, return what was saved.

        ``change`` gets the freshest stored draft (after any update queued before it)
        and returns the new one; it may be async. Returning the very same object means
        "no change" and nothing is written. Raises DraftNotFound.
        """
        async with self._drafts.hold(draft_id):
            draft = await self.get(draft_id)
            if draft is None:
                raise DraftNotFound(draft_id)
            changed = change(draft)
            if inspect.isawaitable(changed):
                changed = await changed
            if changed is draft:
                return draft  # unchanged: skip the durable write
            stamped = changed.model_copy(update={"updated_at": self._clock()})
            conn = self._turn_conns.get(stamped.owner)
            try:
                if conn is not None:
                    await self.store.save_in_turn(conn, stamped)  # type: ignore[attr-defined]
                else:
                    await self._off_loop(self.store.save, stamped)
            except BaseException:
                self._cache.pop(draft_id, None)  # the disk decides what is true now
                raise
            self._remember(stamped)
            return stamped

    async def archive(self, draft_id: str) -> Draft:
        async with self._drafts.hold(draft_id):
            self._cache.pop(draft_id, None)
            archived = await self._off_loop(self.store.archive, draft_id)
            self._remember(archived)
            return archived

    async def delete(self, draft_id: str) -> None:
        async with self._drafts.hold(draft_id):
            self._cache.pop(draft_id, None)
            await self._off_loop(self.store.delete, draft_id)

    async def aclose(self) -> None:
        """Release what lives on the event loop (the turn locks' connections); then close()."""
        if self._turns is not None:
            await self._turns.close()

    def close(self) -> None:
        self._io.shutdown(wait=True)
        self.store.close()
