"""Webhook mode: Telegram POSTs each update; the answer 200 comes only once it is handled.

Telegram resends an update until it gets a 2xx, so answering before the answer is
stored would lose it in a crash, exactly like early confirmation in long polling.
A webhook is never served without a secret: Telegram sends the secret registered
with setWebhook in a header, and a POST without it is refused (compared in constant
time), so nobody can forge an update "from" a clerk.

The port is meant to sit behind a reverse proxy on 127.0.0.1 (README), but it holds up
on its own too. 1,100 half-sent requests once took every file descriptor of an instance
limited to 1,024 and shut Telegram's posts out, silently. So:
- a connection that has not sent a whole request head within ``header_timeout_s`` (and
  a kept-alive one idle that long) is closed (aiohttp's keep-alive timer, which also
  runs before the first request);
- a body not received within ``body_timeout_s`` gets 408 and the connection is closed;
- at most ``max_connections`` are open; beyond them a connection is closed at once, and
  the log says so (once a minute, with the count), so the fds left serve the database,
  the Bot API and the files;
- a body that is not an update object (a list, JSON nested past the parser's depth,
  no integer update_id, fields python-telegram-bot cannot read) gets 400, logged
  without a traceback.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import secrets
import time
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from aiohttp.web_protocol import RequestHandler
from telegram import Bot, Update

from tgbot.polling import Handle

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
URL_PATH = "telegram"
REFUSALS_SAID_EVERY_S = 60.0


@dataclass(frozen=True)
class WebhookLimits:
    header_timeout_s: float = 10.0
    body_timeout_s: float = 10.0
    # Telegram opens at most 100 connections (setWebhook max_connections), nginx a few
    # per worker; 256 leaves most of a default 1,024 descriptors for everything else.
    max_connections: int = 256


def webhook_secret(configured: str | None) -> str:
    """The configured secret, or a random one for this run (said in the log)."""
    if configured:
        return configured
    log.warning(
        "WEBHOOK_SECRET_TOKEN is not set: generated a random secret for this run and "
        "registered it with setWebhook; posts without it are refused"
    )
    return secrets.token_urlsafe(32)  # 43 characters of A-Z a-z 0-9 _ -, as Telegram allows


def update_of(body: bytes, bot: Bot) -> Update | None:
    """The update a posted body holds, or None when it is not one (a 400, not a 500)."""
    try:
        data: Any = json.loads(body)
    except (ValueError, RecursionError):  # not JSON, or nested deeper than the parser goes
        return None
    if not isinstance(data, dict) or type(data.get("update_id")) is not int:
        return None
    try:
        return Update.de_json(data, bot)
    except Exception:  # noqa: BLE001 - any field PTB cannot read: not an update we can handle
        return None


class BoundedServer(web.Server):
    """aiohttp's low-level server with at most ``max_connections`` connections open."""

    def __init__(self, handler: Any, max_connections: int, **kwargs: Any) -> None:
        super().__init__(handler, **kwargs)
        self.max_connections = max_connections
        self.most_open = 0  # the most connections served at once
        self.refused = 0
        self._refused_said = 0
        self._said_at = -REFUSALS_SAID_EVERY_S

    def connection_made(self, handler: RequestHandler, transport: asyncio.Transport) -> None:
        super().connection_made(handler, transport)
        if len(self._connections) <= self.max_connections:
            self.most_open = max(self.most_open, len(self._connections))
            return
        # Closed right after aiohttp has finished setting the connection up (its request
        # loop starts on the next turn of the event loop and then finds it closed).
        self._loop.call_soon(handler.force_close)
        self.refused += 1
        now = time.monotonic()
        if now - self._said_at >= REFUSALS_SAID_EVERY_S:
            log.warning(
                "webhook: %d connections open, the most allowed; refused %d new ones since last said"
                " (slow or half-sent requests? the proxy in front should absorb them)",
                self.max_connections, self.refused - self._refused_said,
            )
            self._said_at, self._refused_said = now, self.refused


def webhook_server(bot: Bot, handle: Handle, secret: str, limits: WebhookLimits = WebhookLimits()) -> BoundedServer:
    """The server answering POST /telegram (anything else: 404 or 405)."""
    expected = secret.encode()

    async def receive(request: web.BaseRequest) -> web.Response:
        if request.path != f"/{URL_PATH}":
            return web.Response(status=404)
        if request.method != "POST":
            return web.Response(status=405)
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("refused a webhook post without the right secret from %s", request.remote)
            return web.Response(status=403)
        try:
            body = await asyncio.wait_for(request.read(), limits.body_timeout_s)  # at most 1 MiB (BaseRequest)
        except TimeoutError:
            log.warning("webhook: a body from %s did not arrive within %g s; closed", request.remote, limits.body_timeout_s)
            return web.Response(status=408, headers={"Connection": "close"})
        except web.HTTPRequestEntityTooLarge:
            return web.Response(status=413, headers={"Connection": "close"})
        update = update_of(body, bot)
        if update is None:
            log.warning("webhook: a post from %s is not an update object (%d bytes); answered 400", request.remote, len(body))
            return web.Response(status=400)
        await handle(update)  # stored and answered (or the clerk told why not): now confirm
        return web.Response(status=200)

    return BoundedServer(receive, limits.max_connections, keepalive_timeout=limits.header_timeout_s, access_log=None)


async def serve_webhook(
    bot: Bot,
    handle: Handle,
    stop: asyncio.Event,
    *,
    public_url: str,
    listen: str,
    port: int,
    secret: str,
    allowed_updates: list[str] | None = None,
) -> None:
    """Listen on ``listen:port``, register ``public_url``/telegram with the secret, serve until ``stop``."""
    runner = web.ServerRunner(webhook_server(bot, handle, secret))
    await runner.setup()
    try:
        await web.TCPSite(runner, listen, port).start()
        await bot.set_webhook(
            url=f"{public_url.rstrip('/')}/{URL_PATH}", secret_token=secret, allowed_updates=allowed_updates
        )
        log.info("webhook listening on %s:%s", listen, port)
        await stop.wait()
    finally:
        await runner.cleanup()
