"""The one place that sends to Telegram: the service's messages, rendered and delivered.

Plain sends go through ``do_api_request`` with JSON keyboards: PTB's typed methods
build InlineKeyboardMarkup objects and parse every answer into a Message the bot never
reads (a quarter of the event loop's CPU under bench.load). PTB's request path, its
retries (tgbot.retry) and error mapping are kept.
"""

from __future__ import annotations

import asyncio
import html
import logging
import warnings
from dataclasses import dataclass, replace
from typing import Any, Protocol

from telegram import Bot, InputMediaPhoto
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest
from telegram.warnings import PTBUserWarning

from app import texts
from app.messages import DraftText, File, MarkPressed, Message, Pictures, Text, Toast
from drafting.chat.text_writer import to_telegram_html
from tgbot.render import MESSAGE_LIMIT, Keyboard, text_parts
from tgbot.retry import OUTSIDE_BUDGET

log = logging.getLogger(__name__)

# The untyped path is chosen on purpose (see above), so PTB's advice to use the typed
# method is silenced.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.(sendMessage|editMessageText)'", category=PTBUserWarning)
MEDIA_GROUP_MAX = 10


@dataclass(frozen=True)
class PressedMessage:
    """The message whose button was pressed, as the callback query showed it."""

    query_id: str
    message_id: int | None
    text_html: str | None
    label: str  # the pressed button's label, read from that message's keyboard


class Sender(Protocol):
    """What the adapter needs from a sender; tests use a recording fake (tests/support)."""

    async def deliver(self, chat_id: int, messages: list[Message], pressed: PressedMessage | None = None) -> None: ...

    async def say(self, chat_id: int, text: str) -> None: ...

    async def answer_query(self, query_id: str, text: str | None = None, alert: bool = False) -> None: ...

    async def refuse(self, chat_id: int, query_id: str | None, text: str) -> None: ...

    async def dismiss(self, query_id: str) -> None: ...

    async def download(self, file_id: str, limit: int) -> bytes | None: ...


class TelegramSender:
    """Delivers messages to one chat; ``pressed`` is the message a button press came from."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def deliver(self, chat_id: int, messages: list[Message], pressed: PressedMessage | None = None) -> None:
        answered: asyncio.Task[None] | None = None
        if pressed is not None:
            # The spinner's answer travels beside the reply, not before it: the clerk sees
            # the answer one round trip sooner. It is awaited before returning, so its
            # failure is still this delivery's.
            toast = next((m.text for m in messages if isinstance(m, Toast)), None)
            answered = asyncio.create_task(self.answer_query(pressed.query_id, toast))
        try:
            await self._deliver(chat_id, messages, pressed)
        finally:
            if answered is not None:
                await answered

    async def _deliver(self, chat_id: int, messages: list[Message], pressed: PressedMessage | None) -> None:
        texts_: list[Text] = []
        for message in messages:
            if isinstance(message, Text) and message.in_place and pressed is not None and pressed.message_id:
                if await self._redraw(chat_id, pressed.message_id, message):
                    continue
                await self._mark_pressed(chat_id, pressed, "")
                message = replace(message, in_place=False)
            if isinstance(message, Text):
                texts_.append(message)
                continue
            await self._send_texts(chat_id, texts_)
            texts_ = []
            if isinstance(message, MarkPressed) and pressed is not None:
                await self._mark_pressed(chat_id, pressed, message.label)
            elif isinstance(message, DraftText):
                for part in to_telegram_html(message.document):
                    await self.send_html(chat_id, part)
            elif isinstance(message, Pictures):
                await self._send_pictures(chat_id, message.pngs)
            elif isinstance(message, File):
                await self.bot.send_chat_action(chat_id, ChatAction.UPLOAD_DOCUMENT)
                await self.bot.send_document(chat_id, document=message.data, filename=message.name)
        await self._send_texts(chat_id, texts_)

    async def say(self, chat_id: int, text: str) -> None:
        """A plain notice outside any use case (a refusal, an error)."""
        await self._send_texts(chat_id, [Text(text)])

    async def answer_query(
        self, query_id: str, text: str | None = None, alert: bool = False, rate_limit_args: int | None = None
    ) -> None:
        """Stop the button's spinner. Cosmetic: a retried answer may find the query already
        answered or too old (400), which must not abort what follows."""
        try:
            await self.bot.answer_callback_query(query_id, text, show_alert=alert, rate_limit_args=rate_limit_args)
        except BadRequest as error:
            log.debug("callback answer skipped: %s", error)

    async def refuse(self, chat_id: int, query_id: str | None, text: str) -> None:
        """Tell a stranger they are not allowed, outside the clerks' send budget."""
        if query_id is not None:
            await self.answer_query(query_id, text, alert=True, rate_limit_args=OUTSIDE_BUDGET)
            return
        params = {"chat_id": chat_id, "text": html.escape(text), "parse_mode": ParseMode.HTML.value}
        await self.bot.do_api_request("sendMessage", api_kwargs=params, rate_limit_args=OUTSIDE_BUDGET)

    async def dismiss(self, query_id: str) -> None:
        """Stop the spinner of a press that gets no word (a stranger told already),
        outside the clerks' send budget."""
        await self.answer_query(query_id, None, rate_limit_args=OUTSIDE_BUDGET)

    async def download(self, file_id: str, limit: int) -> bytes | None:
        """A file the clerk sent (getFile, then the file itself); None when it is over
        ``limit`` bytes, as Telegram says before the download or as it turns out."""
        file = await self.bot.get_file(file_id)
        if file.file_size is not None and file.file_size > limit:
            return None
        data = bytes(await file.download_as_bytearray())
        return data if len(data) <= limit else None

    async def send_html(self, chat_id: int, text: str, keyboard: Keyboard | None = None) -> None:
        params: dict[str, Any] = {"chat_id": chat_id, "text": text, "parse_mode": ParseMode.HTML.value}
        if keyboard is not None:
            params["reply_markup"] = keyboard
        await self.bot.do_api_request("sendMessage", api_kwargs=params)

    async def _send_texts(self, chat_id: int, texts_: list[Text]) -> None:
        for part, keyboard in text_parts(texts_):
            await self.send_html(chat_id, part, keyboard)

    async def _edit(self, chat_id: int, message_id: int, text: str, keyboard: Keyboard | None) -> None:
        """Replace a message's text (without a keyboard its buttons go away)."""
        params: dict[str, Any] = {
            "chat_id": chat_id,
            "message_id": message_id,
            "text": text,
            "parse_mode": ParseMode.HTML.value,
        }
        if keyboard is not None:
            params["reply_markup"] = keyboard
        try:
            await self.bot.do_api_request("editMessageText", api_kwargs=params)
        except BadRequest as error:  # "message is not modified" and friends: cosmetic only
            log.debug("edit skipped: %s", error)

    async def _redraw(self, chat_id: int, message_id: int, text: Text) -> bool:
        """Redraw the pressed question in place; False when it no longer fits one message."""
        parts = text_parts([text])
        if len(parts) != 1:
            return False
        part, keyboard = parts[0]
        await self._edit(chat_id, message_id, part, keyboard)
        return True

    async def _mark_pressed(self, chat_id: int, pressed: PressedMessage, label: str) -> None:
        """Close the pressed keyboard and note the choice, so the chat reads as a transcript."""
        if pressed.message_id is None or pressed.text_html is None:
            return
        marked = f"{pressed.text_html}\n\n✅ {html.escape(label or pressed.label)}"
        if len(marked) > MESSAGE_LIMIT:
            marked = pressed.text_html  # no room for the note: just take the buttons away
        await self._edit(chat_id, pressed.message_id, marked, None)

    async def _send_pictures(self, chat_id: int, pngs: tuple[bytes, ...]) -> None:
        pngs = pngs[:MEDIA_GROUP_MAX]
        if len(pngs) == 1:
            await self.bot.send_photo(chat_id, pngs[0], caption=texts.PAGE_CAPTION.format(number=1))
            return
        media = [InputMediaPhoto(png, caption=texts.PAGE_CAPTION.format(number=n)) for n, png in enumerate(pngs, 1)]
        await self.bot.send_media_group(chat_id, media)
