"""Run the real bot (python-telegram-bot Application) against the local Bot API server.

Tests and the load benchmark drive a clerk through fakebotapi and read what the bot
sent back; nothing here reaches the internet.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import SecretStr

from app.actions import Answer, decode
from app.service import InterviewService
from app.settings import Settings
from tgbot.run import run_telegram
from dialogs.questionnaire import load_questionnaire
from storage.async_store import AsyncDraftStore
from storage.models import Draft
from storage.store import open_store
from tests.support.fakebotapi import DEFAULT_TOKEN, BotMessage, FakeBotApi, FaultPlan

POLL_TIMEOUT_S = 1.0


def bot_settings(api: FakeBotApi, data_dir: Path, **overrides: object) -> Settings:
    """Settings pointing the bot at the local server, with no send throttling."""
    values: dict[str, object] = {
        "telegram_bot_token": SecretStr(DEFAULT_TOKEN),
        "data_dir": data_dir,
        "bot_api_base_url": api.base_url,
        "bot_api_base_file_url": api.base_file_url,
        "send_rate_limit": 0,
        "allowed_users": "*",
    }
    values.update(overrides)
    return Settings.model_validate(values)


@dataclass
class RunningBot:
    """One bot process-in-a-task: stop() ends polling and closes the store."""

    service: InterviewService
    store: AsyncDraftStore
    stop_event: asyncio.Event
    task: asyncio.Task[None]

    async def current_draft(self, owner: int) -> Draft | None:
        """The clerk's current draft as stored: the most recently touched one not archived."""
        drafts = await self.store.list_by_owner(owner)
        return next((d for d in drafts if d.status != "archived"), None)

    async def stop(self) -> None:
        self.stop_event.set()
        try:
            await asyncio.wait_for(self.task, timeout=15)
        finally:
            await self.store.aclose()
            self.store.close()


async def start_bot(settings: Settings, webhook_url: str | None = None) -> RunningBot:
    """The bot in this process, on DATA_DIR's files or, with ``database_url`` set, on
    PostgreSQL: long polling, or a webhook served on WEBHOOK_LISTEN:WEBHOOK_PORT when
    ``webhook_url`` is given."""
    store = AsyncDraftStore(open_store(settings.data_dir, database_url=settings.database()))
    service = InterviewService(load_questionnaire(), store, preview_pages=settings.preview_pages)
    stop_event = asyncio.Event()
    run = run_telegram(settings, service, stop_event, webhook_url=webhook_url, poll_timeout_s=POLL_TIMEOUT_S)
    return RunningBot(service, store, stop_event, asyncio.create_task(run))


@contextlib.asynccontextmanager
async def bot_and_server(
    data_dir: Path, faults: FaultPlan | None = None, **settings: object
) -> AsyncIterator[tuple[FakeBotApi, RunningBot]]:
    async with FakeBotApi(faults=faults) as api:
        running = await start_bot(bot_settings(api, data_dir, **settings))
        try:
            yield api, running
        finally:
            await running.stop()


def is_question(message: BotMessage) -> bool:
    """A question message carries engine buttons (app.actions.Answer)."""
    return message.method == "sendMessage" and any(isinstance(decode(data), Answer) for data in message.button_data())


@dataclass
class Clerk:
    """A clerk in a private chat: sends, presses, and reads until the bot asks again."""

    api: FakeBotApi
    user_id: int
    seen: list[BotMessage] = field(default_factory=list)
    timeout: float = 30.0

    @property
    def last_question(self) -> BotMessage | None:
        return next((m for m in reversed(self.seen) if is_question(m)), None)

    async def read_until(self, done: Callable[[BotMessage], bool]) -> list[BotMessage]:
        got: list[BotMessage] = []
        while True:
            message = await self.api.next_bot_message(self.user_id, timeout=self.timeout)
            got.append(message)
            self.seen.append(message)
            if done(message):
                return got

    async def say(self, text: str, until: Callable[[BotMessage], bool] = is_question) -> list[BotMessage]:
        self.api.push_text(self.user_id, text)
        return await self.read_until(until)

    async def press(self, label: str, until: Callable[[BotMessage], bool] = is_question) -> list[BotMessage]:
        """Press the button labelled ``label`` on the latest question."""
        question = self.last_question
        assert question is not None, "no question on screen"
        data = button_with_label(question, label)
        self.api.press_button(self.user_id, question.message_id, data)
        return await self.read_until(until)


def button_with_label(message: BotMessage, label: str) -> str:
    for row in (message.reply_markup or {}).get("inline_keyboard", []):
        for button in row:
            if button["text"].lstrip("✅") == label:
                return str(button["callback_data"])
    raise LookupError(f"no button {label!r} on message {message.message_id}: {message.reply_markup}")


def answer_buttons(message: BotMessage) -> list[dict[str, str]]:
    """Choice buttons (not 跳过 / 上一步 / 暂停 / 完成) of a question message, in order."""
    navigation = {"skip", "back", "pause", "done"}
    return [
        button
        for row in (message.reply_markup or {}).get("inline_keyboard", [])
        for button in row
        if isinstance(action := decode(button.get("callback_data", "")), Answer) and action.action not in navigation
    ]
