"""Everything the fake Telegram knows about one bot: its identity, chats, files and queue.

Kept free of HTTP so the Bot API methods (methods.py) and the clerk driver (clerk.py)
both work on plain state.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from tests.support.fakebotapi.chats import ChatMessage, ChatStore, SentFile
from tests.support.fakebotapi.updates import UpdateFeed


class ApiError(Exception):
    """A Bot API error answer: HTTP status, Telegram's description, optional parameters."""

    def __init__(self, code: int, description: str, parameters: dict[str, Any] | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


def bad_request(detail: str) -> ApiError:
    return ApiError(400, f"Bad Request: {detail}")


@dataclass
class CallbackQueryRecord:
    chat_id: int | None
    answered: bool = False
    answer_text: str | None = None


@dataclass
class BotWorld:
    """State of one fake bot account. All valid tokens address this same bot."""

    bot_id: int
    username: str
    first_name: str
    chats: ChatStore = field(default_factory=ChatStore)
    feed: UpdateFeed = field(default_factory=UpdateFeed)
    files: dict[str, SentFile] = field(default_factory=dict)
    commands: dict[tuple[str, str], list[dict[str, str]]] = field(default_factory=dict)
    webhook: dict[str, Any] = field(default_factory=dict)
    callback_queries: dict[str, CallbackQueryRecord] = field(default_factory=dict)
    users: dict[int, dict[str, Any]] = field(default_factory=dict)
    blocked_by: set[int] = field(default_factory=set)
    _file_counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def bot_user(self) -> dict[str, Any]:
        """The bot as a Telegram User (what getMe returns)."""
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": self.first_name,
            "username": self.username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def new_file(self, filename: str, data: bytes, mime_type: str | None, kind: str) -> SentFile:
        """Register uploaded bytes under a fresh Telegram-looking file_id."""
        number = next(self._file_counter)
        stored = SentFile(file_id=f"{kind.upper()}-{self.bot_id}-{number:06d}", filename=filename, data=data, mime_type=mime_type)
        self.files[stored.file_id] = stored
        return stored

    def message_dict(self, message: ChatMessage) -> dict[str, Any]:
        """A stored message as the Telegram Message object the bot receives back."""
        chat = self.chats.get(message.chat_id)
        assert chat is not None
        if message.sender == "clerk" and message.raw is not None:
            return message.raw
        result: dict[str, Any] = {"message_id": message.message_id, "date": message.date, "chat": chat.info}
        if chat.info["type"] != "channel":
            result["from"] = self.bot_user()
        else:
            result["sender_chat"] = chat.info
        if message.text is not None:
            result["text"] = message.text
            if message.entities:
                result["entities"] = message.entities
        if message.caption is not None:
            result["caption"] = message.caption
        if message.document is not None:
            result["document"] = file_dict(message.document) | {"file_name": message.document.filename}
        if message.photo is not None:
            result["photo"] = photo_sizes(message.photo)
        if message.media_group_id is not None:
            result["media_group_id"] = message.media_group_id
        if message.reply_markup is not None and "inline_keyboard" in message.reply_markup:
            result["reply_markup"] = message.reply_markup
        if message.edit_count:
            result["edit_date"] = message.date
        return result


def file_dict(stored: SentFile) -> dict[str, Any]:
    """The common File fields of a stored file."""
    result: dict[str, Any] = {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_id.rsplit("-", 1)[-1],
        "file_size": len(stored.data),
    }
    if stored.mime_type:
        result["mime_type"] = stored.mime_type
    return result


def photo_sizes(stored: SentFile) -> list[dict[str, Any]]:
    """A photo as Telegram returns it: a list of sizes (one here, the size is not decoded)."""
    base = file_dict(stored)
    base.pop("mime_type", None)
    return [base | {"width": 800, "height": 600}]
