"""The bot's update queue with Telegram's getUpdates semantics.

Updates wait until the bot confirms them by calling getUpdates with a higher offset,
so a bot that dies before confirming gets them again, exactly as on Telegram. A new
getUpdates call ends a pending long poll with 409 Conflict ("terminated by other
getUpdates request"), which is how Telegram treats a restarted bot whose previous
connection is still hanging.
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


class UpdateFeed:
    """Pending updates plus long-poll bookkeeping and delivery times."""

    def __init__(self, first_update_id: int = 100_001) -> None:
        self.on_poll_parked: Callable[[], None] = lambda: None  # lets the server wake wait_for()
        self._next_id = first_update_id
        self._pending: deque[QueuedUpdate] = deque()
        self._arrived = asyncio.Event()
        self._poll_generation = 0
        self._allowed: frozenset[str] | None = None
        self._closing = False
        self.waiting_polls = 0  # getUpdates calls currently parked in a long poll
        self.history: list[QueuedUpdate] = []  # every update ever pushed, for latency figures

    def push(self, kind: str, body: dict[str, Any], chat_id: int | None) -> int:
        """Queue an update of ``kind`` (e.g. "message") and return its update_id."""
        update = QueuedUpdate(self._next_id, kind, body, chat_id, time.perf_counter())
        self._next_id += 1
        self._pending.append(update)
        self.history.append(update)
        self._arrived.set()
        return update.update_id

    @property
    def pending_count(self) -> int:
        return len(self._pending)

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
        if offset < 0:
            while len(self._pending) > -offset:
                self._pending.popleft()
            return
        while self._pending and self._pending[0].update_id < offset:
            self._pending.popleft()

    def _take(self, limit: int) -> list[QueuedUpdate]:
        """Up to ``limit`` pending updates the bot allows, dropping ones it does not want."""
        kept: list[QueuedUpdate] = []
        for update in list(self._pending):
            if not self._is_allowed(update.kind):
                self._pending.remove(update)
                continue
            kept.append(update)
            if len(kept) >= limit:
                break
        now = time.perf_counter()
        for update in kept:
            update.deliveries += 1
            if update.delivered_at is None:
                update.delivered_at = now
        return kept

    def _is_allowed(self, kind: str) -> bool:
        if self._allowed is None:
            return kind not in _NOT_SENT_BY_DEFAULT
        return kind in self._allowed
