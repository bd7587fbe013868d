"""Webhook mode: Telegram POSTs each update; the answer 200 comes only once it is handled.

Telegram resends an update until it gets a 2xx, so answering before the answer is
stored would lose it in a crash, exactly like early confirmation in long polling.
A webhook is never served without a secret: Telegram sends the secret registered
with setWebhook in a header, and a POST without it is refused (compared in constant
time), so nobody can forge an update "from" a clerk.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import secrets

from aiohttp import web
from telegram import Bot, Update

from tgbot.polling import Handle

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
URL_PATH = "telegram"


def webhook_secret(configured: str | None) -> str:
    """The configured secret, or a random one for this run (said in the log)."""
    if configured:
        return configured
    log.warning(
        "WEBHOOK_SECRET_TOKEN is not set: generated a random secret for this run and "
        "registered it with setWebhook; posts without it are refused"
    )
    return secrets.token_urlsafe(32)  # 43 characters of A-Z a-z 0-9 _ -, as Telegram allows


def webhook_app(bot: Bot, handle: Handle, secret: str) -> web.Application:
    """The aiohttp application answering POST /telegram."""
    expected = secret.encode()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, expected):
            log.warning("refused a webhook post without the right secret from %s", request.remote)
            return web.Response(status=403)
        try:
            data = json.loads(await request.read())
            update = Update.de_json(data, bot)
        except (ValueError, TypeError, KeyError):
            return web.Response(status=400)
        await handle(update)  # stored and answered (or the clerk told why not): now confirm
        return web.Response(status=200)

    app = web.Application(client_max_size=1 << 20)
    app.router.add_post(f"/{URL_PATH}", receive)
    return app


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
    runner = web.AppRunner(webhook_app(bot, handle, secret), access_log=None)
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
