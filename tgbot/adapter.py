"""One Telegram update in, the service's answer out: the whole Telegram adapter.

``request_of`` translates an update into a service Request (pure, tested on its own);
``TelegramAdapter.handle`` runs the gate, the service and the sender. Nothing here
decides anything about drafts.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import Message as TelegramMessage, Update
from telegram.error import TelegramError

from app import texts
from app.actions import decode
from app.messages import Message
from app.outcome import Command, Press, Request, Typed
from app.service import InterviewService
from drafting.chat.telegram_split import telegram_length
from tgbot.gate import Gate, Verdict
from tgbot.sender import PressedMessage, Sender

log = logging.getLogger(__name__)

COMMAND_NAMES = frozenset(name for name, _ in texts.COMMANDS)
# A pasted text longer than Telegram's 4,096 characters arrives split in several
# messages; a part this long is taken for the head of such a paste (Telegram's
# clients cut near the limit, not always at it).
SPLIT_HEAD_CHARS = 4000
SPLIT_TAIL_S = 3  # later parts of one paste arrive within this many seconds of the head


@dataclass(frozen=True)
class Translated:
    """An update as the adapter acts on it: a request for the service, or a fixed reply."""

    request: Request | None = None
    say: str | None = None  # a fixed reply instead of a request (stickers, edits)
    pressed: PressedMessage | None = None


def request_of(update: Update, bot_username: str) -> Translated | None:
    """The service request an update stands for; None for updates the bot ignores."""
    query = update.callback_query
    if query is not None:
        message = query.message if isinstance(query.message, TelegramMessage) else None
        # A message older than 48 hours reaches the bot without its content (nor its
        # keyboard): its button may still be the live question's, and the service tells
        # a stale one anyway. A keyboard that is there must hold the pressed data.
        shown_keyboard = message is not None and message.reply_markup is not None
        label = _pressed_label(message, query.data or "") if shown_keyboard else "已选择"
        pressed = PressedMessage(
            query_id=query.id,
            message_id=message.message_id if message else None,
            text_html=message.text_html if message and message.text else None,
            label=label or "",
        )
        if label is None:
            # Not a button of the message it came from: forged (or that message is gone).
            # It changes nothing, not even that message's keyboard.
            return Translated(say=texts.STALE_BUTTON, pressed=pressed)
        return Translated(Press(decode(query.data or "")), pressed=pressed)
    if update.edited_message is not None:
        return Translated(say=texts.EDITED)
    message = update.message
    if message is None:
        return None
    text = message.text
    if text is None:
        return Translated(say=texts.NON_TEXT)
    command = command_of(text, bot_username)
    if command is not None:
        return Translated(Command(command)) if command else None
    return Translated(Typed(text))


def command_of(text: str, bot_username: str) -> str | None:
    """"new" for 「/new」 or 「/new@thisbot」; "" for a command to another bot; None for plain text.
    An unknown command is "help"."""
    if not text.startswith("/"):
        return None
    word = text[1:].split(maxsplit=1)[0] if len(text) > 1 else ""
    name, _, addressee = word.partition("@")
    if addressee and addressee.lower() != bot_username.lower():
        return ""
    return name.lower() if name.lower() in COMMAND_NAMES else "help"


def _pressed_label(message: TelegramMessage | None, data: str) -> str | None:
    """The text of the pressed button, read from the message's own keyboard; None when
    the message has no such button."""
    markup = message.reply_markup if message else None
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return None


class TelegramAdapter:
    """Handles every update the bot receives; bound to one service and one sender."""

    def __init__(self, service: InterviewService, sender: Sender, gate: Gate, bot_username: str) -> None:
        self.service = service
        self.sender = sender
        self.gate = gate
        self.bot_username = bot_username
        # chat -> date of the last over-long message: its later parts are dropped too.
        self._split_heads: dict[int, float] = {}

    def received(self, update: Update) -> None:
        """Note a fetched update before any of its batch is handled (InterviewService.expect)."""
        user = update.effective_user
        if user is not None and self.gate.serves(update):
            self.service.expect(user.id, update.update_id)

    async def handle(self, update: Update) -> None:
        """Handle one update; never raises (a failure is logged and the clerk told)."""
        try:
            await self._handle(update)
        except Exception as error:  # noqa: BLE001 - the bot must survive any one update
            await self._failed(update, error)

    async def _handle(self, update: Update) -> None:
        verdict = await self.gate.judge(update, addressed=self._addressed_in_group(update))
        user, chat = update.effective_user, update.effective_chat
        if verdict is Verdict.IGNORE or user is None or chat is None:
            return
        query = update.callback_query
        if verdict is Verdict.REFUSE:
            log.info("refused user %s", user.id)
            await self.sender.refuse(chat.id, query.id if query else None, texts.NOT_ALLOWED)
            return
        if verdict is Verdict.NOT_YOURS:
            if query is not None:
                await self.sender.answer_query(query.id, texts.NOT_YOURS)
            return
        if verdict is Verdict.GROUP_HINT:
            await self.sender.say(chat.id, texts.GROUP_HINT)
            return
        translated = request_of(update, self.bot_username)
        if translated is None:
            return
        if translated.say is not None:
            if translated.pressed is not None:
                await self.sender.answer_query(translated.pressed.query_id, translated.say)
            else:
                await self.sender.say(chat.id, translated.say)
            return
        assert translated.request is not None
        if await self._is_split_paste(update, translated.request):
            return
        pressed = translated.pressed

        async def deliver(messages: list[Message]) -> None:
            nonlocal pressed
            await self.sender.deliver(chat.id, messages, pressed)
            pressed = None  # answered and marked: what a later delivery brings (the draft) is new messages

        await self.service.handle(user.id, translated.request, update_id=update.update_id, deliver=deliver)

    async def _is_split_paste(self, update: Update, request: Request) -> bool:
        """A part of a paste Telegram split: refuse the head with one explanation, drop the rest."""
        message = update.message
        if message is None or not isinstance(request, Typed):
            return False
        sent = message.date.timestamp()
        head = self._split_heads.get(message.chat_id)
        if head is not None and 0 <= sent - head <= SPLIT_TAIL_S:
            self._split_heads[message.chat_id] = sent  # a third part may follow
            return True
        if telegram_length(request.text) < SPLIT_HEAD_CHARS:
            self._split_heads.pop(message.chat_id, None)
            return False
        self._split_heads[message.chat_id] = sent
        await self.sender.say(message.chat_id, texts.TOO_LONG)
        return True

    def _addressed_in_group(self, update: Update) -> bool:
        """In groups, only commands and replies to the bot are meant for it."""
        message = update.message
        if message is None or message.text is None:
            return False
        if message.text.startswith("/"):
            return command_of(message.text, self.bot_username) != ""
        replied = message.reply_to_message
        return replied is not None and replied.from_user is not None and replied.from_user.username == self.bot_username

    async def _failed(self, update: Update, error: Exception) -> None:
        """Log without the clerk's text or the token; tell the clerk their answers are safe."""
        user = update.effective_user
        log.error(
            "update %s from user %s failed: %s", update.update_id, user.id if user else None, type(error).__name__,
            exc_info=error,
        )
        chat = update.effective_chat
        if chat is None:
            return
        try:
            await self.sender.say(chat.id, texts.FAILED)
        except TelegramError:
            log.warning("could not tell user %s about the failure", user.id if user else None)
