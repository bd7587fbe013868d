"""Several worker processes behind one long poll: the bot's CPU work spread over cores.

One process does everything in Python's single thread; under load (bench/load.py) it
saturates one core at ~230-250 updates/s (~4 ms of CPU per update: python-telegram-bot's
per-update objects, the HTTP client, the interview engine). Two workers served 317-353. So the bot process forks WORKERS workers and
keeps only the cheap part for itself:

    front:   getUpdates (raw JSON, no objects) -> route by clerk -> pipe to a worker
    worker:  a full Application (updater=None) fed from its pipe; replies go straight
             to the Bot API, answers are stored by the worker itself

Every update of one clerk (Telegram user) goes to the same worker, so a clerk's drafts
are only ever touched by one process: per-clerk ordering and the store's one-writer-per-
draft rule hold exactly as in a single process. The workers are forked after the front
has taken the DATA_DIR lock; they inherit it (the lock is free only when all are gone)
and die with the front (PR_SET_PDEATHSIG), so a kill -9 of the bot stops all of them.

Offsets: like PTB's own Updater, the front confirms updates to Telegram with its next
getUpdates, i.e. after handing them to a worker. An update in a pipe when the bot is
killed is lost, as one in PTB's queue would be; the clerk sees no reply and repeats.
"""

from __future__ import annotations

import asyncio
import ctypes
import gc
import json
import logging
import os
import signal
import warnings
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram import Bot, Update
from telegram.error import InvalidToken, RetryAfter, TelegramError
from telegram.warnings import PTBUserWarning

log = logging.getLogger("bot.front")

# The front reads getUpdates as plain JSON on purpose (no Update objects to build only to
# serialize them again for a worker); PTB's advice to use its typed method is silenced.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.getUpdates'", category=PTBUserWarning)

MAX_UPDATE_BYTES = 16 * 2**20  # one JSON line per update; Telegram's are far smaller
_PR_SET_PDEATHSIG = 1


def shard_of(update: Mapping[str, Any], count: int) -> int:
    """The worker for an update: by the user it comes from (their drafts live there),
    else by chat (channel posts), else worker 0."""
    for key, value in update.items():
        if key == "update_id" or not isinstance(value, dict):
            continue
        sender = value.get("from")
        if isinstance(sender, dict) and isinstance(sender.get("id"), int):
            return sender["id"] % count
        chat = value.get("chat") or (value.get("message") or {}).get("chat")
        if isinstance(chat, dict) and isinstance(chat.get("id"), int):
            return chat["id"] % count
    return 0


@dataclass
class Worker:
    index: int
    pid: int
    pipe: int  # write end of the worker's update pipe
    exit_code: int | None = None


def fork_workers(count: int, worker_main: Callable[[int, int], int]) -> list[Worker]:
    """Fork ``count`` workers; each runs ``worker_main(index, read_fd)`` and exits with its
    result. Call before any event loop or thread exists in this process."""
    gc.freeze()  # keep the imported modules' pages shared with the workers (no GC writes)
    workers = []
    for index in range(count):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker
            code = 1
            try:
                os.close(write_fd)
                for other in workers:
                    os.close(other.pipe)  # so a worker sees EOF when the front closes its pipe
                _die_with_parent()
                # Ctrl-C reaches the whole process group; the front decides when workers
                # stop (it closes their pipes) so that nothing in flight is cut short.
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                code = worker_main(index, read_fd)
            except BaseException:
                log.exception("Worker %d crashed", index)
            finally:
                logging.shutdown()
                os._exit(code)
        os.close(read_fd)
        workers.append(Worker(index, pid, write_fd))
    gc.unfreeze()
    return workers


def _die_with_parent() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1:  # the front died before prctl took effect
        os._exit(1)


async def read_updates(read_fd: int, handle: Callable[[dict[str, Any]], Awaitable[None]]) -> None:
    """Feed each JSON line of the pipe to ``handle`` until the front closes it."""
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader(limit=MAX_UPDATE_BYTES, loop=loop)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(read_fd, "rb", 0))
    while line := await reader.readline():
        try:
            await handle(json.loads(line))
        except Exception:  # one odd update must not stop the worker
            log.exception("Dropped an update the worker could not take (%d bytes)", len(line))


class Front:
    """Long polling for the whole bot, routing every update to its clerk's worker.

    Owns the workers: ``run`` closes their pipes when it ends (they then finish what
    they hold and exit) and waits for them before confirming the last updates.
    """

    def __init__(self, bot: Bot, workers: list[Worker], poll_timeout: float = 10, stop_timeout: float = 30) -> None:
        self.bot = bot
        self.workers = workers
        self.poll_timeout = poll_timeout
        self.stop_timeout = stop_timeout
        self._writers: list[asyncio.StreamWriter] = []
        self._offset: int | None = None

    async def run(self, stop: asyncio.Event, on_start: Callable[[Bot], Awaitable[None]] | None = None) -> bool:
        """Poll and route until ``stop`` is set. False if a worker died on its own (the
        bot should then exit and be restarted). Raises InvalidToken for a rejected token."""
        self._writers = [await _pipe_writer(worker.pipe) for worker in self.workers]
        try:
            async with self.bot:  # get_me: a rejected token raises InvalidToken here
                if on_start is not None:
                    await on_start(self.bot)
                healthy = await self._poll_until(stop)
                await self._stop_workers()
                if healthy:  # a dead worker's pipe held updates it never took: let them come again
                    await self._confirm()
                return healthy
        finally:
            await self._stop_workers()  # after an error too; a no-op when done above

    async def _poll_until(self, stop: asyncio.Event) -> bool:
        stopping = asyncio.ensure_future(stop.wait())
        delay = 0.0
        try:
            while not stop.is_set():
                if (dead := _dead_worker(self.workers)) is not None:
                    log.error("Worker %d exited unexpectedly; stopping the bot so it can be restarted", dead.index)
                    return False
                poll = asyncio.ensure_future(self._poll())
                await asyncio.wait({poll, stopping}, return_when=asyncio.FIRST_COMPLETED)
                if not poll.done():
                    poll.cancel()  # an unanswered long poll: Telegram resends its updates
                    break
                try:
                    updates = poll.result()
                    delay = 0.0
                except InvalidToken:
                    raise
                except RetryAfter as exc:
                    delay = _seconds(exc.retry_after)
                    log.warning("getUpdates: flood control, waiting %.0f s", delay)
                except TelegramError as exc:  # timeouts, dropped connections, 5xx, conflicts
                    delay = min(max(delay * 2, 0.2), 10.0)
                    log.warning("getUpdates failed (%s), retrying in %.1f s", exc, delay)
                else:
                    try:
                        await self._route(updates)
                    except ConnectionError:  # a worker's pipe broke: it died
                        continue  # the check at the top names it
                if delay:
                    await asyncio.sleep(delay)
        finally:
            stopping.cancel()
        return True

    async def _poll(self) -> list[dict[str, Any]]:
        params: dict[str, Any] = {"timeout": int(self.poll_timeout), "allowed_updates": Update.ALL_TYPES}
        if self._offset is not None:
            params["offset"] = self._offset
        result = await self.bot.do_api_request("getUpdates", api_kwargs=params, read_timeout=self.poll_timeout + 5)
        return result if isinstance(result, list) else []

    async def _route(self, updates: list[dict[str, Any]]) -> None:
        touched: set[int] = set()
        for update in updates:
            index = shard_of(update, len(self._writers))
            self._writers[index].write(json.dumps(update, ensure_ascii=False).encode() + b"\n")
            touched.add(index)
            self._offset = int(update["update_id"]) + 1
        # Waiting for full pipes is the backpressure: a busy worker slows polling down.
        await asyncio.gather(*(self._writers[i].drain() for i in touched))

    async def _stop_workers(self) -> None:
        """EOF for the workers (the transports write what they still buffer, then close);
        they finish what they hold and exit."""
        writers, self._writers = self._writers, []
        for writer in writers:
            writer.close()
        await wait_for_workers(self.workers, self.stop_timeout)

    async def _confirm(self) -> None:
        """Tell Telegram the routed updates were taken, so a restart does not repeat them."""
        if self._offset is None:
            return
        try:
            await self.bot.do_api_request("getUpdates", api_kwargs={"offset": self._offset, "timeout": 0, "limit": 1})
        except TelegramError as exc:
            log.warning("Could not confirm the last updates (%s); Telegram will resend them", exc)


def _reap(workers: list[Worker]) -> None:
    """Record the exit code of every worker that has exited (without waiting)."""
    for worker in workers:
        if worker.exit_code is None:
            pid, status = os.waitpid(worker.pid, os.WNOHANG)
            if pid:
                worker.exit_code = os.waitstatus_to_exitcode(status)


def _dead_worker(workers: list[Worker]) -> Worker | None:
    _reap(workers)
    return next((worker for worker in workers if worker.exit_code is not None), None)


def _seconds(value: int | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


async def _pipe_writer(fd: int) -> asyncio.StreamWriter:
    loop = asyncio.get_running_loop()
    transport, protocol = await loop.connect_write_pipe(
        lambda: asyncio.streams.FlowControlMixin(loop=loop), os.fdopen(fd, "wb", 0)
    )
    return asyncio.StreamWriter(transport, protocol, None, loop)


async def wait_for_workers(workers: list[Worker], timeout: float) -> None:
    """Reap the workers, waiting up to ``timeout`` seconds, then killing whoever is left."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        _reap(workers)
        running = [worker for worker in workers if worker.exit_code is None]
        if not running:
            return
        if loop.time() > deadline:
            for worker in running:
                log.error("Worker %d did not stop within %.0f s; killing it", worker.index, timeout)
                os.kill(worker.pid, signal.SIGKILL)
                os.waitpid(worker.pid, 0)
                worker.exit_code = -signal.SIGKILL
            return
        await asyncio.sleep(0.05)
