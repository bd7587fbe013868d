"""Chats as the fake server sees them: per-chat message ids, messages and bot events.

Telegram numbers messages per chat (in private chats the clerk's and the bot's
messages share one sequence), so each chat has its own counter. Every message the bot
sends or edits also becomes a :class:`BotMessage` event in the chat's feed, which the
clerk driver reads one by one with ``next_bot_message``.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field, replace
from typing import Any, Literal

Sender = Literal["bot", "clerk"]


@dataclass(frozen=True, slots=True)
class SentFile:
    """A file the bot uploaded (or re-sent by file_id), kept in memory."""

    file_id: str
    filename: str
    data: bytes
    mime_type: str | None = None
    message_id: int = 0


@dataclass(slots=True)
class ChatMessage:
    """One message in a chat, as it stands now (edits change it in place)."""

    chat_id: int
    message_id: int
    sender: Sender
    date: int
    text: str | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    caption: str | None = None
    reply_markup: dict[str, Any] | None = None
    document: SentFile | None = None
    photo: SentFile | None = None
    media_group_id: str | None = None
    edit_count: int = 0
    deleted: bool = False
    raw: dict[str, Any] | None = None  # the clerk's original Message dict, for callback queries

    def button_data(self) -> list[str]:
        """All callback_data values on this message's inline keyboard, row by row."""
        return [
            button["callback_data"]
            for row in (self.reply_markup or {}).get("inline_keyboard", [])
            for button in row
            if "callback_data" in button
        ]


@dataclass(frozen=True, slots=True)
class BotMessage:
    """What the clerk saw happen: a message the bot sent, or the new state of one it edited."""

    method: str
    at: float
    message: ChatMessage

    @property
    def chat_id(self) -> int:
        return self.message.chat_id

    @property
    def message_id(self) -> int:
        return self.message.message_id

    @property
    def text(self) -> str | None:
        return self.message.text if self.message.text is not None else self.message.caption

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        return self.message.reply_markup

    @property
    def document(self) -> SentFile | None:
        return self.message.document

    def button_data(self) -> list[str]:
        return self.message.button_data()


@dataclass
class Chat:
    """A chat's Telegram-shaped description plus everything said in it."""

    info: dict[str, Any]
    next_message_id: int = 1
    messages: dict[int, ChatMessage] = field(default_factory=dict)
    bot_events: list[BotMessage] = field(default_factory=list)
    events_read: int = 0
    waiters: list[asyncio.Future[None]] = field(default_factory=list)


class ChatStore:
    """All chats the fake server knows, keyed by chat id."""

    def __init__(self) -> None:
        self._chats: dict[int, Chat] = {}

    def ensure(self, info: dict[str, Any]) -> Chat:
        """Return the chat described by ``info``, registering it on first sight."""
        chat = self._chats.get(info["id"])
        if chat is None:
            chat = self._chats[info["id"]] = Chat(info=dict(info))
        return chat

    def get(self, chat_id: int) -> Chat | None:
        return self._chats.get(chat_id)

    def find_by_username(self, username: str) -> Chat | None:
        return next((chat for chat in self._chats.values() if chat.info.get("username") == username), None)

    def __contains__(self, chat_id: object) -> bool:
        return chat_id in self._chats

    def add_message(self, chat: Chat, sender: Sender, **fields: Any) -> ChatMessage:
        """Store a new message in ``chat`` with the chat's next message id."""
        message = ChatMessage(
            chat_id=chat.info["id"], message_id=chat.next_message_id, sender=sender, date=int(time.time()), **fields
        )
        chat.next_message_id += 1
        chat.messages[message.message_id] = message
        return message

    def record_bot_event(self, chat: Chat, method: str, message: ChatMessage, at: float) -> None:
        """Append a snapshot of ``message`` to the chat's feed and wake whoever waits on it."""
        chat.bot_events.append(BotMessage(method=method, at=at, message=replace(message)))
        for waiter in chat.waiters:
            if not waiter.done():
                waiter.set_result(None)
        chat.waiters.clear()

    async def next_bot_message(self, chat_id: int, timeout: float) -> BotMessage:
        """Return the chat's next unread bot event, waiting up to ``timeout`` seconds."""
        async with asyncio.timeout(timeout):
            while True:
                chat = self._chats.get(chat_id)
                if chat is not None and chat.events_read < len(chat.bot_events):
                    chat.events_read += 1
                    return chat.bot_events[chat.events_read - 1]
                if chat is None:
                    await asyncio.sleep(0.005)  # the clerk has not written yet; rare in practice
                    continue
                waiter = asyncio.get_running_loop().create_future()
                chat.waiters.append(waiter)
                await waiter

    def transcript(self, chat_id: int) -> list[ChatMessage]:
        """Copies of every message in the chat, clerk's and bot's, in message-id order."""
        chat = self._chats.get(chat_id)
        return [replace(message) for message in chat.messages.values()] if chat else []

    def documents(self, chat_id: int) -> list[SentFile]:
        """Every file the bot sent to the chat as a document, oldest first."""
        return [message.document for message in self.transcript(chat_id) if message.document and message.sender == "bot"]
