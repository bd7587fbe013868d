"""The Telegram side wired up: the Bot API client, the adapter, and polling or the webhook."""

from __future__ import annotations

import asyncio
import logging

from telegram import BotCommand, Update

from app import texts
from app.service import InterviewService
from app.settings import Settings
from tgbot.adapter import TelegramAdapter
from tgbot.aiohttp_request import AiohttpRequest
from tgbot.gate import Gate
from tgbot.polling import PollingBot, poll
from tgbot.retry import RetryingLimiter
from tgbot.sender import TelegramSender
from tgbot.webhook import serve_webhook, webhook_secret

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]


def make_bot(settings: Settings) -> PollingBot:
    """The Bot API client: aiohttp transport, retries and the send rate, our base URL."""
    assert settings.telegram_bot_token is not None
    base_url, base_file_url = api_urls(settings)
    return PollingBot(
        settings.telegram_bot_token.get_secret_value(),
        base_url=base_url,
        base_file_url=base_file_url,
        request=AiohttpRequest(
            read_timeout=settings.bot_api_read_timeout,
            write_timeout=settings.bot_api_read_timeout,
            media_write_timeout=max(settings.bot_api_read_timeout, 20),
        ),
        get_updates_request=AiohttpRequest(connection_pool_size=1),
        rate_limiter=RetryingLimiter(per_second=settings.send_rate_limit),
    )


def api_urls(settings: Settings) -> tuple[str, str]:
    """(base_url, base_file_url): Telegram's, or those of a local Bot API server."""
    base = settings.bot_api_base_url
    if not base:
        return "https://api.telegram.org/bot", "https://api.telegram.org/file/bot"
    return base, settings.bot_api_base_file_url or base.replace("/bot", "/file/bot")


async def run_telegram(
    settings: Settings,
    service: InterviewService,
    stop: asyncio.Event,
    webhook_url: str | None = None,
    poll_timeout_s: float = 10,
) -> None:
    """Serve Telegram until ``stop`` is set. Raises telegram.error.InvalidToken for a bad token."""
    bot = make_bot(settings)
    async with bot:  # getMe: a rejected token fails here
        await bot.set_my_commands([BotCommand(name, text) for name, text in texts.COMMANDS])
        store = service.store
        gate = Gate(settings.is_allowed, shared=store.first_in_window if store.shared else None)
        adapter = TelegramAdapter(service, TelegramSender(bot), gate, bot.username)
        if webhook_url:
            secret = settings.webhook_secret_token.get_secret_value() if settings.webhook_secret_token else None
            await serve_webhook(
                bot,
                adapter.handle,
                stop,
                public_url=webhook_url,
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                secret=webhook_secret(secret),
                allowed_updates=ALLOWED_UPDATES,
            )
            return
        await bot.delete_webhook(drop_pending_updates=False)  # getUpdates answers 409 while one is set
        log.info("polling for updates")
        await poll(
            bot, adapter.handle, stop, timeout_s=poll_timeout_s, allowed_updates=ALLOWED_UPDATES, received=adapter.received
        )
