"""Long polling that confirms an update to Telegram only once it has been handled.

Telegram keeps an update until a getUpdates call asks for an offset above its id, and
then forgets it for good. python-telegram-bot's updater asks for that offset as soon as
it has *fetched* an update, so a bot killed before storing the answer lost it. Here the
offset only moves past a contiguous run of updates whose handling has finished (stored
and answered); anything still in flight is fetched again by the next poll, and skipped
because this process already has it. After a crash Telegram delivers the unconfirmed
updates again, and the service recognises the ones it had applied (app.service).

A poll while updates are in flight returns them again, so the loop fetches the raw JSON
and builds an Update object only for the ids it has not seen: parsing every in-flight
update again on every poll cost more CPU under load than handling them did.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import ExtBot

log = logging.getLogger(__name__)

Handle = Callable[[Update], Awaitable[None]]
JSONDict = dict[str, Any]

MAX_IN_FLIGHT = 256  # updates handled at once; one clerk's run one at a time (service lock)
# With only in-flight updates pending, look for new ones this often: while a slow update
# (a draft build, a retried send) is in flight, a clerk's new message waits up to this
# long before it is fetched. Each look is one short getUpdates (against Telegram it
# takes a round trip anyway). bench.load --rate 100 p99: 50 ms here gave 41.9 ms,
# 10 ms 22.9 ms, 3 ms 21.3 ms.
BUSY_RECHECK_S = 0.003
BACKOFF_S = (0.5, 1, 2, 4, 8)
DRAIN_S = 15.0  # on stop, how long in-flight updates may take to finish


class PollingBot(ExtBot[None]):
    """The Bot API client, plus getUpdates answered as JSON (parsed by the caller, see above)."""

    async def get_update_data(
        self, offset: int | None, timeout_s: float, allowed_updates: list[str] | None, limit: int | None = None
    ) -> list[JSONDict]:
        data: JSONDict = {"offset": offset, "timeout": int(timeout_s), "allowed_updates": allowed_updates, "limit": limit}
        # _post is the one call under every Bot method (errors, retries, the getUpdates
        # connection); get_updates would hand back parsed Update objects instead.
        result: Any = await self._post("getUpdates", data, read_timeout=timeout_s + 10)
        return list(result)


class ConfirmWindow:
    """Which update ids are in flight, and the offset that confirms only finished ones."""

    def __init__(self) -> None:
        self.offset: int | None = None  # the next getUpdates offset; None before the first update
        self._in_flight: set[int] = set()
        self._finished: set[int] = set()  # done, but above an update still in flight
        self._highest = -1
        self.progress = asyncio.Event()

    def admit(self, update_ids: list[int], asked: int | None = None) -> list[int]:
        """The ids not seen before, now in flight (a poll returns in-flight ones again).
        ``asked``: the offset the poll that returned them was sent with."""
        if asked is not None and any(update_id < asked for update_id in update_ids):
            # Telegram returns nothing below the offset asked for, unless it restarted its
            # ids (after a week without updates it picks the next one at random): all that
            # came before is confirmed, and the old offset would confirm the new updates.
            self.offset, self._highest = None, -1
            self._finished.clear()
        fresh = []
        for update_id in update_ids:
            if update_id in self._in_flight or update_id in self._finished:
                continue
            if self.offset is not None and (asked is None or asked <= update_id) and update_id < self.offset:
                continue  # handled and passed while this poll was on its way: a copy
            fresh.append(update_id)
            self._in_flight.add(update_id)
            self._highest = max(self._highest, update_id)
        return fresh

    def finish(self, update_id: int) -> None:
        self._in_flight.discard(update_id)
        self._finished.add(update_id)
        lowest_busy = min(self._in_flight, default=self._highest + 1)
        self.offset = lowest_busy
        self._finished = {done for done in self._finished if done >= lowest_busy}
        self.progress.set()

    @property
    def busy(self) -> int:
        return len(self._in_flight)


async def poll(
    bot: PollingBot,
    handle: Handle,
    stop: asyncio.Event,
    *,
    timeout_s: float = 10,
    allowed_updates: list[str] | None = None,
    received: Callable[[Update], None] | None = None,
) -> None:
    """Fetch and handle updates until ``stop`` is set; then finish and confirm what is in flight.

    ``received`` is told of every fresh update of a batch before any of them is handled."""
    window = ConfirmWindow()
    tasks: set[asyncio.Task[None]] = set()
    failures = 0
    stopping = asyncio.create_task(stop.wait())

    async def run(update: Update) -> None:
        log.debug("handling update %s", update.update_id)  # the id only: never a clerk's words
        try:
            await handle(update)
        finally:
            window.finish(update.update_id)

    try:
        while not stop.is_set():
            # Long-poll only when nothing is in flight: else Telegram would answer at
            # once with the in-flight updates, which are not confirmed yet.
            wait_s = 0 if window.busy else timeout_s
            window.progress.clear()  # before the fetch: a finish during it must not be missed
            asked = window.offset
            fetch = asyncio.create_task(bot.get_update_data(asked, wait_s, allowed_updates))
            done, _ = await asyncio.wait({fetch, stopping}, return_when=asyncio.FIRST_COMPLETED)
            if fetch not in done:
                fetch.cancel()
                break
            try:
                updates = fetch.result()
                failures = 0
            except InvalidToken:
                raise
            except RetryAfter as error:
                delay = error.retry_after
                await _sleep(delay.total_seconds() if isinstance(delay, timedelta) else float(delay), stop)
                continue
            except (TimedOut, NetworkError, Conflict) as error:
                # A timeout, a 5xx, a cut connection or a poll replaced by another:
                # nothing was confirmed, so nothing is lost; try again after a pause.
                log.warning("polling for updates failed, retrying: %s", type(error).__name__)
                await _sleep(BACKOFF_S[min(failures, len(BACKOFF_S) - 1)], stop)
                failures += 1
                continue
            by_id = {data["update_id"]: data for data in updates}  # in Telegram's order
            fresh = window.admit(list(by_id), asked)
            batch = [update for update_id in fresh if (update := _read(by_id[update_id], bot, window)) is not None]
            if received is not None:
                for update in batch:
                    received(update)
            for update in batch:
                task = asyncio.create_task(run(update))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            if window.busy and (not fresh or window.busy >= MAX_IN_FLIGHT):
                await _wait_for(window.progress, BUSY_RECHECK_S, stop)
    finally:
        stopping.cancel()
        if tasks:
            # Let what is in flight finish (a stuck send retries for a while); whatever
            # does not is simply not confirmed, and comes back after the restart.
            await asyncio.wait(tasks, timeout=DRAIN_S)
        if window.offset is not None:
            await _confirm(bot, window.offset)


def _read(data: JSONDict, bot: PollingBot, window: ConfirmWindow) -> Update | None:
    """The update as an object; one that cannot be read is logged and counted as handled,
    or it would hold the offset back (and every later update with it) for good."""
    try:
        return Update.de_json(data, bot)
    except Exception as error:  # noqa: BLE001 - one unreadable update must not stop polling
        log.error("update %s could not be read, skipped: %s", data.get("update_id"), type(error).__name__)
        window.finish(data["update_id"])
        return None


async def _confirm(bot: PollingBot, offset: int) -> None:
    """Tell Telegram that everything below ``offset`` is handled (on the way out)."""
    try:
        await bot.get_update_data(offset, 0, None, limit=1)
    except (TimedOut, NetworkError) as error:
        log.warning("could not confirm handled updates on exit (they will be recognised): %s", type(error).__name__)


async def _sleep(seconds: float, stop: asyncio.Event) -> None:
    await _wait_for(stop, seconds, stop)


async def _wait_for(event: asyncio.Event, seconds: float, stop: asyncio.Event) -> None:
    """Wait until ``event`` or ``stop`` is set, at most ``seconds``."""
    waiters = {asyncio.create_task(event.wait()), asyncio.create_task(stop.wait())}
    try:
        await asyncio.wait(waiters, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()
