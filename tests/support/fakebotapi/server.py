"""A local Telegram Bot API server for tests and load runs.

Point the real python-telegram-bot client at it::

    async with FakeBotApi(tokens=["123456:TEST"]) as api:
        app = (ApplicationBuilder().token("123456:TEST")
               .base_url(api.base_url).base_file_url(api.base_file_url).build())

PTB builds each request URL as ``f"{base_url}{token}/{method}"`` (``_parse_base_url``
appends the token to base_url, then ``_do_post`` adds ``/<method>``), so ``base_url``
must end in ``/bot``: ``http://127.0.0.1:<port>/bot``. Files are fetched from
``f"{base_file_url}{token}/{file_path}"``, so ``base_file_url`` is
``http://127.0.0.1:<port>/file/bot``.

All times in the call log and update history are ``time.perf_counter()`` seconds.
"""

from __future__ import annotations

import asyncio
import bisect
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Self

from aiohttp import web

from tests.support.fakebotapi.chats import BotMessage, ChatMessage, SentFile
from tests.support.fakebotapi.clerk import ClerkDriver
from tests.support.fakebotapi.faults import FaultPlan, FaultRule
from tests.support.fakebotapi.methods import CANONICAL_NAMES, METHODS, Handler
from tests.support.fakebotapi.params import Upload, read_parameters
from tests.support.fakebotapi.webhook_push import WebhookPusher
from tests.support.fakebotapi.world import ApiError, BotWorld

DEFAULT_TOKEN = "123456789:TEST-fake-bot-api-token"
# Calls that show the clerk an answer; the default for reply_latencies().
REPLY_METHODS = frozenset(
    {"sendMessage", "editMessageText", "editMessageReplyMarkup", "sendDocument", "sendPhoto", "sendMediaGroup"}
)
_MAX_UPLOAD_BYTES = 60 * 1024 * 1024  # Telegram takes documents up to 50 MB
_HTML_502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.18.0</center>\r\n</body>\r\n</html>\r\n"


@dataclass(slots=True)
class BotCall:
    """One request the bot made, as the server saw it."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, int]]  # field -> (filename, size)
    at: float  # when the request arrived (perf_counter)
    chat_id: int | None
    status: int = 0  # HTTP status answered; 0 when the connection was cut without an answer
    error: str | None = None
    fault: str | None = None
    applied: bool = False  # its effect reached the chat, whether or not the bot heard back
    finished_at: float | None = None


@dataclass(frozen=True, slots=True)
class ReplyLatency:
    """Time from an update's delivery to the bot's first reply in that chat."""

    update_id: int
    chat_id: int
    delivered_at: float
    replied_at: float | None  # None: the bot never answered in that chat afterwards

    @property
    def seconds(self) -> float | None:
        return None if self.replied_at is None else self.replied_at - self.delivered_at


@dataclass
class _Waiters:
    futures: list[asyncio.Future[None]] = field(default_factory=list)

    def wake_all(self) -> None:
        for future in self.futures:
            if not future.done():
                future.set_result(None)
        self.futures.clear()


class FakeBotApi(ClerkDriver):
    """An aiohttp server on 127.0.0.1 that speaks the Bot API for one simulated bot."""

    def __init__(
        self,
        tokens: Iterable[str] = (DEFAULT_TOKEN,),
        *,
        username: str = "chuangwen_test_bot",
        first_name: str = "创文总结助手",
        faults: FaultPlan | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.tokens: frozenset[str] = frozenset(tokens)
        if not self.tokens:
            raise ValueError("give at least one valid token")
        first_token = sorted(self.tokens)[0]
        bot_id = int(first_token.split(":", 1)[0]) if first_token.split(":", 1)[0].isdigit() else 123456789
        self.world = BotWorld(bot_id=bot_id, username=username, first_name=first_name)
        self.world.feed.on_poll_parked = self._state_changed
        self.faults = faults
        self.calls: list[BotCall] = []
        self._host, self._port = host, port
        self._runner: web.AppRunner | None = None
        self._waiters = _Waiters()
        self._closing = False
        self.pusher: WebhookPusher | None = None

    def deliver_webhook_to(self, target: str, **options: Any) -> WebhookPusher:
        """Post updates to ``target`` (instead of the registered HTTPS URL) while a webhook
        is registered, as Telegram does: see webhook_push."""
        self.pusher = WebhookPusher(self.world.feed, self.world.webhook, target, on_answered=self._state_changed, **options)
        self.pusher.start()
        return self.pusher

    # --- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> Self:
        """Listen on host:port (port 0 picks a free one) and return self."""
        app = web.Application(client_max_size=_MAX_UPLOAD_BYTES)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        self._port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        """Wake long polls and held requests, then close the server."""
        self._closing = True
        if self.pusher is not None:
            await self.pusher.stop()
        self.world.feed.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def url(self) -> str:
        return f"http://{self._host}:{self._port}"

    @property
    def base_url(self) -> str:
        """What to give Bot(base_url=...) / ApplicationBuilder().base_url(...)."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        """What to give Bot(base_file_url=...) / ApplicationBuilder().base_file_url(...)."""
        return f"{self.url}/file/bot"

    # --- what tests read ------------------------------------------------------------------------

    def calls_to(self, method: str) -> list[BotCall]:
        """Every logged call of ``method`` (Bot API spelling, e.g. "sendMessage")."""
        return [call for call in self.calls if call.method == method]

    @property
    def fault_counts(self) -> dict[str, int]:
        """Faults injected so far, per kind."""
        return self.faults.injected if self.faults else {}

    async def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> None:
        """Return once ``predicate()`` is true.

        Re-checked after every bot call, clerk update and whenever a long poll parks
        (``world.feed.waiting_polls``), so "the bot is idle and polling" can be awaited.
        """
        async with asyncio.timeout(timeout):
            while not predicate():
                future = asyncio.get_running_loop().create_future()
                self._waiters.futures.append(future)
                await future

    async def next_bot_message(self, chat_id: int, timeout: float = 5.0) -> BotMessage:
        """The next message the bot sent to (or edited in) ``chat_id`` not yet returned (one cursor per chat)."""
        return await self.world.chats.next_bot_message(chat_id, timeout)

    def transcript(self, chat_id: int) -> list[ChatMessage]:
        """Copies of every message in the chat (clerk's and bot's) as they stand now."""
        return self.world.chats.transcript(chat_id)

    def documents(self, chat_id: int) -> list[SentFile]:
        """Files the bot sent to the chat with sendDocument (filename and bytes)."""
        return self.world.chats.documents(chat_id)

    def reply_latencies(self, methods: Iterable[str] = REPLY_METHODS) -> list[ReplyLatency]:
        """For each delivered clerk update, the wait until the bot's first reply in its chat.

        Exactly: for an update U in chat C first returned by getUpdates at time D, the
        reply time is the arrival time of the earliest bot call with ``method`` in
        ``methods`` addressed to C that arrived at or after D and whose effect reached
        the chat (answered OK, or cut off by a fault after applying). Calls that failed
        (4xx, injected 5xx/429, cut before applying) do not count, so retries add to the
        latency. Undelivered updates and updates without a chat (none today) are left out;
        an update the bot never answered has ``replied_at=None``. When a clerk sends several
        updates before the bot answers, the same reply counts for each of them.
        """
        wanted = frozenset(methods)
        reply_times: dict[int, list[float]] = defaultdict(list)
        for call in self.calls:
            if call.applied and call.chat_id is not None and call.method in wanted:
                reply_times[call.chat_id].append(call.at)
        for times in reply_times.values():
            times.sort()
        latencies = []
        for update in self.world.feed.history:
            if update.delivered_at is None or update.chat_id is None:
                continue
            times = reply_times.get(update.chat_id, [])
            index = bisect.bisect_left(times, update.delivered_at)
            replied = times[index] if index < len(times) else None
            latencies.append(ReplyLatency(update.update_id, update.chat_id, update.delivered_at, replied))
        return latencies

    def _state_changed(self) -> None:
        self._waiters.wake_all()

    # --- HTTP -----------------------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        arrived = time.perf_counter()
        path = request.path
        if path.startswith("/file/bot"):
            return self._serve_file(path.removeprefix("/file/bot"))
        if not path.startswith("/bot"):
            return _error_response(ApiError(404, "Not Found"))
        token, _, method_name = path[4:].partition("/")
        if token not in self.tokens:
            return _error_response(ApiError(401, "Unauthorized"))
        handler = METHODS.get(method_name.lower())
        if handler is None:
            return _error_response(ApiError(404, "Not Found"))
        method = CANONICAL_NAMES[method_name.lower()]
        params, uploads = await read_parameters(request)
        call = BotCall(
            method=method,
            params=params,
            files={name: (upload.filename, len(upload.data)) for name, upload in uploads.items()},
            at=arrived,
            chat_id=self._chat_of(params),
        )
        self.calls.append(call)
        try:
            rule = self.faults.pick(method) if self.faults else None
            if rule is None:
                return await self._answer(call, handler, params, uploads)
            call.fault = rule.kind
            return await self._inject(rule, call, handler, params, uploads, request)
        finally:
            call.finished_at = time.perf_counter()
            self._state_changed()

    def _chat_of(self, params: dict[str, Any]) -> int | None:
        raw = params.get("chat_id")
        if isinstance(raw, int):
            return raw
        if isinstance(raw, str) and raw.lstrip("-").isdigit():
            return int(raw)
        query = self.world.callback_queries.get(str(params.get("callback_query_id")))
        return query.chat_id if query else None

    async def _run(self, call: BotCall, handler: Handler, params: dict[str, Any], uploads: dict[str, Upload]) -> Any:
        """Run the method; on success mark the call applied. Raises ApiError like the method."""
        try:
            result = await handler(self.world, params, uploads)
        except ApiError as error:
            call.status, call.error = error.code, error.description
            raise
        call.applied = True
        call.status = 200
        return result

    async def _answer(self, call: BotCall, handler: Handler, params: dict[str, Any], uploads: dict[str, Upload]) -> web.Response:
        try:
            result = await self._run(call, handler, params, uploads)
        except ApiError as error:
            return _error_response(error)
        return web.json_response({"ok": True, "result": result})

    async def _inject(
        self,
        rule: FaultRule,
        call: BotCall,
        handler: Handler,
        params: dict[str, Any],
        uploads: dict[str, Upload],
        request: web.Request,
    ) -> web.StreamResponse:
        if rule.kind == "slow":
            await asyncio.sleep(rule.seconds)
            return await self._answer(call, handler, params, uploads)
        if rule.kind == "http_500":
            call.status = 500
            return _error_response(ApiError(500, "Internal Server Error"))
        if rule.kind == "http_502":
            call.status = 502
            return web.Response(status=502, text=_HTML_502, content_type="text/html")
        if rule.kind == "retry_after":
            seconds = max(1, round(rule.seconds))  # PTB ignores retry_after=0
            call.status = 429
            return _error_response(ApiError(429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds}))
        # timeout / drop: the client never hears back; the effect may or may not have happened.
        if rule.apply_side_effect:
            try:
                await self._run(call, handler, params, uploads)
            except ApiError:
                pass
            call.status = 0
        if rule.kind == "timeout":
            await self._hold_until_client_leaves(request, rule.seconds)
        return _cut_connection(request)

    async def _hold_until_client_leaves(self, request: web.Request, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not self._closing:
            transport = request.transport
            if transport is None or transport.is_closing():
                return
            await asyncio.sleep(0.02)

    def _serve_file(self, rest: str) -> web.Response:
        token, _, file_path = rest.partition("/")
        if token not in self.tokens:
            return _error_response(ApiError(401, "Unauthorized"))
        stored = self.world.files.get(file_path.split("/", 1)[0])
        if stored is None:
            return _error_response(ApiError(404, "Not Found"))
        return web.Response(body=stored.data, content_type=stored.mime_type or "application/octet-stream")


def _error_response(error: ApiError) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": error.code, "description": error.description}
    if error.parameters:
        body["parameters"] = error.parameters
    return web.json_response(body, status=error.code)


def _cut_connection(request: web.Request) -> web.Response:
    """Close the socket without an HTTP answer.

    aiohttp quietly skips writing the returned response to an aborted transport, which
    raising an exception would log as a server error.
    """
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=499)
