"""The clerk's side: updates the fake server produces on behalf of simulated users.

Mixed into :class:`fakebotapi.server.FakeBotApi`, so a test writes
``uid = api.push_text(42, "你好")`` and then ``await api.next_bot_message(42)``.
Every push_* returns the update_id. Private chats have the user's id as chat id, as on
Telegram; group and channel ids are negative.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any, Literal

from tests.support.fakebotapi.utf16 import utf16_len
from tests.support.fakebotapi.world import BotWorld, CallbackQueryRecord, file_dict, photo_sizes

# Telegram marks /commands (optionally /command@bot) and @mentions as entities.
_ENTITY_PATTERNS = (
    ("bot_command", re.compile(r"(?<![\w/@])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")),
    ("mention", re.compile(r"(?<![\w/@])@[A-Za-z0-9_]{5,32}")),
)
DEFAULT_GROUP_ID = -1001234567890

GroupType = Literal["group", "supergroup"]


def text_entities(text: str) -> list[dict[str, Any]]:
    """The bot_command and mention entities Telegram would attach to ``text``."""
    found = []
    for kind, pattern in _ENTITY_PATTERNS:
        for match in pattern.finditer(text):
            found.append({"type": kind, "offset": utf16_len(text[: match.start()]), "length": utf16_len(match.group(0))})
    return sorted(found, key=lambda entity: entity["offset"])


class ClerkDriver:
    """push_* helpers that queue Telegram updates as if real people were typing."""

    world: BotWorld

    def _state_changed(self) -> None:  # overridden by the server to wake wait_for()
        pass

    # --- people and chats ----------------------------------------------------------------------

    def _user(self, user_id: int, first_name: str | None = None) -> dict[str, Any]:
        user = self.world.users.get(user_id)
        if user is None or (first_name and user["first_name"] != first_name):
            user = {"id": user_id, "is_bot": False, "first_name": first_name or f"测试用户{user_id}",
                    "username": f"clerk{user_id}", "language_code": "zh-hans"}
            self.world.users[user_id] = user
        return user

    def _chat_info(self, user: dict[str, Any], chat_id: int | None, chat_type: str, title: str | None) -> dict[str, Any]:
        if chat_type == "private":
            return {"id": user["id"], "type": "private", "first_name": user["first_name"], "username": user["username"]}
        known = self.world.chats.get(chat_id if chat_id is not None else DEFAULT_GROUP_ID)
        if known is not None:
            return known.info
        return {"id": chat_id if chat_id is not None else DEFAULT_GROUP_ID, "type": chat_type, "title": title or "文明办工作群"}

    def _push_message(
        self,
        user_id: int | None,
        fields: dict[str, Any],
        *,
        chat_id: int | None = None,
        chat_type: str = "private",
        first_name: str | None = None,
        title: str | None = None,
        chat_info: dict[str, Any] | None = None,
        kind: str = "message",
    ) -> int:
        """Store the clerk's message in its chat and queue it as an update of ``kind``."""
        user = self._user(user_id, first_name) if user_id is not None else None
        info = chat_info or self._chat_info(user, chat_id, chat_type, title)  # type: ignore[arg-type]
        chat = self.world.chats.ensure(info)
        message = self.world.chats.add_message(chat, "clerk", text=fields.get("text"), caption=fields.get("caption"))
        raw: dict[str, Any] = {"message_id": message.message_id, "date": message.date, "chat": chat.info}
        if user is not None:
            raw["from"] = user
        else:
            raw["sender_chat"] = chat.info
        raw.update(fields)
        message.raw = raw
        return self._queue(kind, raw, chat.info["id"])

    def _queue(self, kind: str, body: dict[str, Any], chat_id: int | None) -> int:
        update_id = self.world.feed.push(kind, body, chat_id)
        self._state_changed()
        return update_id

    def _text_fields(self, text: str) -> dict[str, Any]:
        fields: dict[str, Any] = {"text": text}
        entities = text_entities(text)
        if entities:
            fields["entities"] = entities
        return fields

    # --- what a clerk can do ----------------------------------------------------------------------

    def push_text(
        self,
        user_id: int,
        text: str,
        chat_id: int | None = None,
        chat_type: str = "private",
        first_name: str | None = None,
    ) -> int:
        """The clerk types ``text`` (commands and @mentions get Telegram's entities)."""
        return self._push_message(user_id, self._text_fields(text), chat_id=chat_id, chat_type=chat_type, first_name=first_name)

    def push_command(self, user_id: int, command: str, args: str = "", chat_id: int | None = None, chat_type: str = "private") -> int:
        """The clerk sends ``/command args`` (``command`` with or without the slash)."""
        text = "/" + command.removeprefix("/") + (f" {args}" if args else "")
        return self.push_text(user_id, text, chat_id=chat_id, chat_type=chat_type)

    def push_group_text(
        self,
        user_id: int,
        text: str,
        group_id: int = DEFAULT_GROUP_ID,
        *,
        address_bot: bool = False,
        title: str | None = None,
        group_type: GroupType = "supergroup",
    ) -> int:
        """A group member writes; ``address_bot`` turns "/cmd" into "/cmd@bot" or prefixes "@bot "."""
        if address_bot:
            if text.startswith("/"):
                command, space, rest = text.partition(" ")
                text = f"{command}@{self.world.username}{space}{rest}"
            else:
                text = f"@{self.world.username} {text}"
        return self._push_message(user_id, self._text_fields(text), chat_id=group_id, chat_type=group_type, title=title)

    def press_button(
        self, user_id: int, message_id: int, callback_data: str, chat_id: int | None = None, *, check_keyboard: bool = False
    ) -> int:
        """The clerk taps an inline button on the bot's message ``message_id``.

        Any callback_data is accepted so forged or stale data can be tested; pass
        ``check_keyboard=True`` to insist the message really carries that button.
        """
        user = self._user(user_id)
        chat = self.world.chats.get(chat_id if chat_id is not None else user_id)
        message = chat.messages.get(message_id) if chat else None
        if chat is None or message is None or message.deleted:
            raise LookupError(f"no message {message_id} in chat {chat_id if chat_id is not None else user_id}")
        if check_keyboard and callback_data not in message.button_data():
            raise ValueError(f"message {message_id} has no button with callback_data {callback_data!r}")
        query_id = uuid.uuid4().hex[:20]
        self.world.callback_queries[query_id] = CallbackQueryRecord(chat_id=chat.info["id"])
        body = {
            "id": query_id,
            "from": user,
            "message": self.world.message_dict(message),
            "chat_instance": str(chat.info["id"] * 7919),
            "data": callback_data,
        }
        return self._queue("callback_query", body, chat.info["id"])

    def push_edited_text(self, user_id: int, message_id: int, text: str, chat_id: int | None = None) -> int:
        """The clerk edits one of their earlier messages."""
        chat = self.world.chats.get(chat_id if chat_id is not None else user_id)
        message = chat.messages.get(message_id) if chat else None
        if chat is None or message is None or message.sender != "clerk" or message.raw is None:
            raise LookupError(f"no clerk message {message_id} to edit")
        message.text = text
        message.edit_count += 1
        message.raw = message.raw | self._text_fields(text) | {"edit_date": int(time.time())}
        return self._queue("edited_message", message.raw, chat.info["id"])

    def push_channel_post(self, channel_id: int, text: str, title: str = "文明城市创建动态") -> int:
        """A post in a channel where the bot is an administrator."""
        info = {"id": channel_id, "type": "channel", "title": title}
        return self._push_message(None, self._text_fields(text), chat_info=info, kind="channel_post")

    def push_sticker(self, user_id: int, emoji: str = "👍", chat_id: int | None = None) -> int:
        sticker = {"file_id": f"STICKER-{uuid.uuid4().hex[:12]}", "file_unique_id": uuid.uuid4().hex[:8], "type": "regular",
                   "width": 512, "height": 512, "is_animated": False, "is_video": False, "emoji": emoji}
        return self._push_message(user_id, {"sticker": sticker}, chat_id=chat_id)

    def push_photo(self, user_id: int, data: bytes = b"\x89PNG fake", caption: str | None = None, chat_id: int | None = None) -> int:
        stored = self.world.new_file("photo.jpg", data, "image/jpeg", "photo")
        fields: dict[str, Any] = {"photo": photo_sizes(stored)}
        if caption:
            fields["caption"] = caption
        return self._push_message(user_id, fields, chat_id=chat_id)

    def push_voice(self, user_id: int, duration: int = 3, data: bytes = b"OggS fake", chat_id: int | None = None) -> int:
        stored = self.world.new_file("voice.ogg", data, "audio/ogg", "voice")
        return self._push_message(user_id, {"voice": file_dict(stored) | {"duration": duration}}, chat_id=chat_id)

    def push_location(self, user_id: int, latitude: float = 30.25, longitude: float = 120.16, chat_id: int | None = None) -> int:
        return self._push_message(user_id, {"location": {"latitude": latitude, "longitude": longitude}}, chat_id=chat_id)

    def push_contact(self, user_id: int, phone_number: str = "+8613800000000", first_name: str = "张三", chat_id: int | None = None) -> int:
        contact = {"phone_number": phone_number, "first_name": first_name, "user_id": user_id}
        return self._push_message(user_id, {"contact": contact}, chat_id=chat_id)

    def push_document(
        self,
        user_id: int,
        filename: str = "材料.docx",
        data: bytes = b"PK fake",
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
        chat_id: int | None = None,
    ) -> int:
        stored = self.world.new_file(filename, data, mime_type, "document")
        fields: dict[str, Any] = {"document": file_dict(stored) | {"file_name": filename}}
        if caption:
            fields["caption"] = caption
        return self._push_message(user_id, fields, chat_id=chat_id)

    def block_bot(self, user_id: int, blocked: bool = True) -> None:
        """The clerk blocks (or unblocks) the bot: sends to them then fail with 403."""
        (self.world.blocked_by.add if blocked else self.world.blocked_by.discard)(user_id)
