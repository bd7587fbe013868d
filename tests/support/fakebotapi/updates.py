"""The bot's update queue with Telegram's getUpdates semantics.

As the Bot API documents getUpdates: an update is confirmed as soon as getUpdates is
called with an offset higher than its update_id, and until then every call without a
higher offset returns it again, whoever makes the call, so a bot that dies before
confirming gets it again after a restart. Handing an update out confirms nothing. A
negative offset returns the last -offset updates and forgets the earlier ones.
allowed_updates does not affect updates created before the call: the filter applies
when an update is created. A new getUpdates call ends a pending long poll with 409
Conflict ("terminated by other getUpdates request"), which is how Telegram treats a
restarted bot whose previous connection is still hanging.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Telegram leaves these out unless allowed_updates names them.
_NOT_SENT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


class PollConflict(Exception):
    """A newer getUpdates call replaced this one."""


@dataclass(slots=True)
class QueuedUpdate:
    update_id: int
    kind: str
    body: dict[str, Any]
    chat_id: int | None
    pushed_at: float
    delivered_at: float | None = None  # perf_counter time of the first getUpdates that returned it
    deliveries: int = 0  # how many getUpdates answers carried it (>1: the bot missed or lost it)
    confirmed_at: float | None = None  # when a getUpdates offset passed it (None: never confirmed)
    created: bool = True  # False: the bot's allowed_updates excluded its kind, so Telegram never queued it


class UpdateFeed:
    """Pending updates plus long-poll bookkeeping and delivery times."""

    def __init__(self, first_update_id: int = 100_001) -> None:
        self.on_poll_parked: Callable[[], None] = lambda: None  # lets the server wake wait_for()
        # Called with the updates a getUpdates answer is about to carry: lets a kill test
        # strike between delivery and the bot's storing them.
        self.on_delivered: Callable[[list[QueuedUpdate]], None] = lambda updates: None
        self.on_pushed: Callable[[], None] = lambda: None  # wakes the webhook pusher
        self._next_id = first_update_id
        self._pending: deque[QueuedUpdate] = deque()
        self._arrived = asyncio.Event()
        self._poll_generation = 0
        self._allowed: frozenset[str] | None = None
        self._closing = False
        self.waiting_polls = 0  # getUpdates calls currently parked in a long poll
        self.history: list[QueuedUpdate] = []  # every update ever pushed, for latency figures

    def push(self, kind: str, body: dict[str, Any], chat_id: int | None) -> int:
        """Queue an update of ``kind`` (e.g. "message") and return its update_id.

        A kind the bot's allowed_updates excludes is recorded in ``history`` with
        ``created=False`` and never queued, as Telegram drops it on arrival."""
        update = QueuedUpdate(self._next_id, kind, body, chat_id, time.perf_counter())
        self._next_id += 1
        self.history.append(update)
        if not self._is_allowed(kind):
            update.created = False
            return update.update_id
        self._pending.append(update)
        self._arrived.set()
        self.on_pushed()
        return update.update_id

    def restart_ids(self, next_update_id: int) -> None:
        """Number the next updates from ``next_update_id`` on, lower or higher: after a week
        without updates Telegram picks the next update_id at random."""
        self._next_id = next_update_id

    @property
    def pending_count(self) -> int:
        return len(self._pending)

    def pending(self) -> list[QueuedUpdate]:
        """The unconfirmed updates, oldest first (the webhook pusher picks from them)."""
        return list(self._pending)

    def confirm_one(self, update: QueuedUpdate) -> None:
        """Confirm one update a webhook answered with 2xx (webhooks confirm one by one)."""
        if update in self._pending:
            self._pending.remove(update)
            update.confirmed_at = time.perf_counter()

    def drop_pending(self) -> None:
        """Forget unconfirmed updates (deleteWebhook/setWebhook with drop_pending_updates)."""
        self._pending.clear()

    def close(self) -> None:
        """Wake every long poll so the server can shut down without waiting for timeouts."""
        self._closing = True
        self._poll_generation += 1
        self._arrived.set()

    async def get_updates(
        self, offset: int | None, limit: int, timeout: float, allowed_updates: list[str] | None
    ) -> list[QueuedUpdate]:
        """Confirm updates below ``offset`` and return up to ``limit`` newer ones, long-polling."""
        self._poll_generation += 1
        generation = self._poll_generation
        self._arrived.set()  # wakes an older long poll, which then sees it was replaced
        if allowed_updates is not None:
            self._allowed = frozenset(allowed_updates) if allowed_updates else None
        self._confirm(offset)
        deadline = time.monotonic() + max(0.0, timeout)
        while True:
            ready = self._take(limit)
            if ready or self._closing:
                return ready
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            self._arrived.clear()
            self.waiting_polls += 1
            self.on_poll_parked()
            try:
                await asyncio.wait_for(self._arrived.wait(), remaining)
            except TimeoutError:
                return []
            finally:
                self.waiting_polls -= 1
            if generation != self._poll_generation and not self._closing:
                raise PollConflict()

    def _confirm(self, offset: int | None) -> None:
        if offset is None or offset == 0:
            return
        now = time.perf_counter()
        if offset < 0:
            while len(self._pending) > -offset:
                self._pending.popleft().confirmed_at = now  # "forgotten": never delivered again
            return
        while self._pending and self._pending[0].update_id < offset:
            self._pending.popleft().confirmed_at = now

    def _take(self, limit: int) -> list[QueuedUpdate]:
        """The oldest ``limit`` unconfirmed updates; they stay queued until confirmed."""
        taken = [self._pending[i] for i in range(min(limit, len(self._pending)))]
        now = time.perf_counter()
        for update in taken:
            update.deliveries += 1
            if update.delivered_at is None:
                update.delivered_at = now
        if taken:
            self.on_delivered(taken)
        return taken

    def _is_allowed(self, kind: str) -> bool:
        if self._allowed is None:
            return kind not in _NOT_SENT_BY_DEFAULT
        return kind in self._allowed
