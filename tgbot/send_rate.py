"""The bot's send rate, shared fairly among chats.

Telegram allows a bot about 30 messages a second in all. The bot keeps under that with a
budget of ``per_second`` sends (bursts up to one second's worth). A first-come queue
for that budget let one clerk's pile of replies (a flood, a long draft sent in parts)
hold back every other clerk's next reply; here the waiting sends are served round-robin
by chat: a chat with one message waiting goes ahead of the rest of a chat with fifty.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable, Hashable


class FairRate:
    """``await acquire(chat)`` before each send; at most ``per_second`` sends a second."""

    def __init__(
        self,
        per_second: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._rate = per_second
        self._clock = clock
        self._sleep = sleep
        self._tokens = per_second
        self._at = clock()
        self._waiting: OrderedDict[Hashable, deque[asyncio.Future[None]]] = OrderedDict()
        self._dispatcher: asyncio.Task[None] | None = None

    async def acquire(self, chat: Hashable) -> None:
        if not self._waiting and self._take():
            return  # nobody waits and the budget allows: at once
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(chat, deque()).append(future)
        if self._dispatcher is None or self._dispatcher.done():
            self._dispatcher = asyncio.create_task(self._dispatch())
        await future  # a cancelled waiter's future is skipped by the dispatcher

    def _take(self) -> bool:
        now = self._clock()
        self._tokens = min(self._rate, self._tokens + (now - self._at) * self._rate)
        self._at = now
        if self._tokens < 1 - 1e-9:  # rounding must not leave a whole token unusable
            return False
        self._tokens -= 1
        return True

    async def _dispatch(self) -> None:
        """Hand out the budget to the waiting chats in turn, until nobody waits."""
        while self._waiting:
            chat, queue = next(iter(self._waiting.items()))
            while queue and queue[0].done():
                queue.popleft()  # its sender gave up (cancelled)
            if not queue:
                del self._waiting[chat]
                continue
            if not self._take():
                await self._sleep(max((1 - self._tokens) / self._rate, 0.001))
                continue
            queue.popleft().set_result(None)
            self._waiting.move_to_end(chat)  # the next chat's turn
            if not queue:
                del self._waiting[chat]
