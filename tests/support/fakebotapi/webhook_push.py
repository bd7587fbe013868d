"""Delivering updates to a registered webhook, as Telegram does.

Each update is POSTed as JSON with the registered secret in the
X-Telegram-Bot-Api-Secret-Token header; it counts as confirmed only on a 2xx answer.
A non-2xx answer, a refused or cut connection or a timeout means "try again": the
same update is posted again after a short pause, to whichever instance the proxy
picks. Up to ``max_connections`` posts are in flight, but one chat's updates go one at
a time and in order (a clerk's next message is never posted before the previous one
was answered), so order per clerk holds as it does for a clerk waiting on replies.

Telegram posts to the registered HTTPS URL; in tests TLS is not there, so the pusher
posts to ``target`` (e.g. nginx on a loopback port) instead.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import aiohttp

from tests.support.fakebotapi.updates import QueuedUpdate, UpdateFeed

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookPusher:
    """Posts the feed's pending updates to ``target`` while a webhook is registered."""

    def __init__(
        self,
        feed: UpdateFeed,
        webhook: dict[str, Any],
        target: str,
        *,
        max_connections: int = 40,
        retry_after_s: float = 0.2,
        timeout_s: float = 30.0,
        on_answered: Callable[[], None] = lambda: None,
    ) -> None:
        self._feed = feed
        self._webhook = webhook  # the world's registration: url and secret_token
        self._target = target
        self._max = max_connections
        self._retry_after_s = retry_after_s
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._wake = asyncio.Event()
        self._busy_chats: set[int | None] = set()
        self._in_flight: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._runner: asyncio.Task[None] | None = None
        self.failed_posts = 0  # non-2xx answers and connection errors, each retried
        self._on_answered = on_answered  # wakes FakeBotApi.wait_for (a confirmation is news)

    def start(self) -> None:
        self._feed.on_pushed = self._wake.set
        self._runner = asyncio.create_task(self._run())

    async def stop(self) -> None:
        self._feed.on_pushed = lambda: None
        for task in [*self._tasks, *([self._runner] if self._runner else [])]:
            task.cancel()
        await asyncio.gather(*self._tasks, *([self._runner] if self._runner else []), return_exceptions=True)

    async def _run(self) -> None:
        async with aiohttp.ClientSession(timeout=self._timeout) as http:
            while True:
                if self._webhook.get("url"):
                    self._start_ready(http)
                self._wake.clear()
                try:
                    await asyncio.wait_for(self._wake.wait(), 0.05)
                except TimeoutError:
                    pass

    def _start_ready(self, http: aiohttp.ClientSession) -> None:
        for update in self._feed.pending():
            if len(self._in_flight) >= self._max:
                return
            if update.update_id in self._in_flight or update.chat_id in self._busy_chats:
                continue
            self._busy_chats.add(update.chat_id)  # later updates of this chat wait their turn
            self._in_flight.add(update.update_id)
            task = asyncio.create_task(self._post(http, update))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _post(self, http: aiohttp.ClientSession, update: QueuedUpdate) -> None:
        body = {"update_id": update.update_id, update.kind: update.body}
        headers = {SECRET_HEADER: str(self._webhook.get("secret_token") or "")}
        update.deliveries += 1
        if update.delivered_at is None:
            update.delivered_at = time.perf_counter()
        self._feed.on_delivered([update])
        confirmed = False
        try:
            async with http.post(self._target, json=body, headers=headers) as answer:
                await answer.read()
                confirmed = 200 <= answer.status < 300
        except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
            confirmed = False
        if confirmed:
            self._feed.confirm_one(update)
            self._on_answered()
        else:
            self.failed_posts += 1
            await asyncio.sleep(self._retry_after_s)
        self._in_flight.discard(update.update_id)
        self._busy_chats.discard(update.chat_id)
        self._wake.set()
