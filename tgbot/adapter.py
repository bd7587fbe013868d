"""One Telegram update in, the service's answer out: the whole Telegram adapter.

``request_of`` translates an update into a service Request (pure, tested on its own);
``TelegramAdapter.handle`` runs the gate, the service and the sender. Nothing here
decides anything about drafts.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import Counter
from dataclasses import dataclass

from telegram import Message as TelegramMessage, Update
from telegram.error import TelegramError

from app import texts
from app.actions import Answer, decode
from app.messages import Message, Text
from app.outcome import Arrival, Command, Press, Request, Typed, Uploaded
from app.service import InterviewService
from drafting.chat.telegram_split import telegram_length
from importing.limits import LIMITS
from importing.safety import too_large
from tgbot.flood import Admission, FloodGuard
from tgbot.gate import Gate, Verdict
from tgbot.sender import PressedMessage, Sender

log = logging.getLogger(__name__)

COMMAND_NAMES = frozenset(name for name, _ in texts.COMMANDS)
# A pasted text longer than Telegram's 4,096 characters arrives split in several
# messages; a part this long is taken for the head of such a paste (Telegram's
# clients cut near the limit, not always at it).
SPLIT_HEAD_CHARS = 4000
SPLIT_TAIL_S = 3  # later parts of one paste arrive within this many seconds of the head
# Half of a UTF-16 pair without its other half (a broken client, a forged update): no
# UTF-8 text, file or message can carry it, so it becomes U+FFFD where it stood.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Translated:
    """An update as the adapter acts on it: a request for the service, or a fixed reply."""

    request: Request | None = None
    say: str | None = None  # a fixed reply instead of a request (stickers, edits)
    pressed: PressedMessage | None = None
    document: SentDocument | None = None  # a file to download; it becomes an Uploaded request


@dataclass(frozen=True)
class SentDocument:
    """A file the clerk sent, as Telegram describes it before anything is downloaded."""

    file_id: str
    file_name: str
    file_size: int | None


@dataclass(frozen=True)
class SplitPart:
    """A message at Telegram's length limit: the head (or a middle part) of a split paste."""

    message_id: int
    sent: float  # its date, in seconds


def request_of(update: Update, bot_username: str) -> Translated | None:
    """The service request an update stands for; None for updates the bot ignores."""
    query = update.callback_query
    if query is not None:
        message = query.message if isinstance(query.message, TelegramMessage) and query.message.is_accessible else None
        action = decode(query.data or "")
        if message is not None:
            # The message as Telegram holds it: the press must be one of the buttons it
            # shows now. A keyboard the bot closed (an answered question) shows none.
            label = _pressed_label(message, query.data or "")
        else:
            # A message older than 48 hours reaches the bot without its content: only an
            # interview button can be taken from it, since the service checks its draft and
            # turn. Anything else (新建, 删除, 文种 …) is not known to have been offered.
            label = "已选择" if isinstance(action, Answer) else None
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
        return Translated(Press(action), pressed=pressed)
    if update.edited_message is not None:
        return Translated(say=texts.EDITED)
    message = update.message
    if message is None:
        return None
    text = message.text
    if text is None and message.document is not None:
        document = message.document
        return Translated(document=SentDocument(document.file_id, document.file_name or texts.UNNAMED_FILE, document.file_size))
    if text is None:
        return Translated(say=texts.NON_TEXT)
    command = command_of(text, bot_username)
    if command is not None:
        return Translated(Command(command)) if command else None
    return Translated(Typed(_LONE_SURROGATE.sub("\ufffd", text)))


def arrival_of(update: Update) -> Arrival:
    """The update as redelivery detection knows it: its id and what it carries."""
    query = update.callback_query
    if query is not None:
        return Arrival(update.update_id, "q" + _safe(query.id))
    message = update.message or update.edited_message
    if message is not None:
        stamp = message.edit_date or message.date
        return Arrival(update.update_id, f"m{message.chat_id}.{message.message_id}.{int(stamp.timestamp())}")
    return Arrival(update.update_id)


def _safe(text: str) -> str:
    """``text`` if it fits a record key (Telegram's query ids do), else a digest of it."""
    if re.fullmatch(r"[A-Za-z0-9_\-]{1,64}", text):
        return text
    return hashlib.sha256(text.encode()).hexdigest()[:32]


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

    def __init__(
        self, service: InterviewService, sender: Sender, gate: Gate, bot_username: str, flood: FloodGuard | None = None
    ) -> None:
        self.service = service
        self.sender = sender
        self.gate = gate
        self.bot_username = bot_username
        self.flood = flood or FloodGuard()
        # chat -> the last part at Telegram's limit of a paste refused: its next part is dropped too.
        self._split_heads: dict[int, SplitPart] = {}
        self._admissions: dict[str, Admission] = {}  # arrival key -> decided, until it is handled
        self._waiting: Counter[int] = Counter()  # clerk -> their updates admitted and not yet handled

    def received(self, update: Update) -> None:
        """Note a fetched update before any of its batch is handled: its admission is decided
        in the order Telegram sent them (FloodGuard), and the service told (InterviewService.expect)."""
        user = update.effective_user
        if user is None or not self.gate.serves(update):
            return
        arrival = arrival_of(update)
        if self._admit(user.id, arrival) is not Admission.HANDLE:
            return
        translated = request_of(update, self.bot_username)
        if translated is not None and translated.request is not None:  # it goes to the service
            self.service.expect(user.id, arrival)

    async def handle(self, update: Update) -> None:
        """Handle one update; never raises (a failure is logged and the clerk told)."""
        try:
            await self._handle(update)
        except Exception as error:  # noqa: BLE001 - the bot must survive any one update
            await self._failed(update, error)
        finally:
            user = update.effective_user
            if user is not None:
                arrival = arrival_of(update)
                self.service.settle(user.id, arrival)  # also what never reached the service
                if self._admissions.pop(arrival.key, None) is Admission.HANDLE:
                    self._waiting[user.id] -= 1
                    if not self._waiting[user.id]:
                        del self._waiting[user.id]

    def _admit(self, owner: int, arrival: Arrival) -> Admission:
        """Whether a served update is handled; decided once, when it arrives."""
        decided = self._admissions.get(arrival.key)
        if decided is None:
            decided = self._admissions[arrival.key] = self.flood.admit(owner, self._waiting[owner])
            if decided is Admission.HANDLE:
                self._waiting[owner] += 1
            elif decided is Admission.TELL:
                log.info("user %s is flooding: their updates are not applied until they pause", owner)
        return decided

    async def _flooded(self, owner: int, chat_id: int, query_id: str | None, admission: Admission) -> None:
        """An update not applied because its clerk floods the bot: the first one says so."""
        if admission is not Admission.TELL:
            return  # told already; a dropped press's spinner stops by itself
        if query_id is not None:
            await self.sender.dismiss(query_id)

        async def deliver(messages: list[Message]) -> None:
            await self.sender.deliver(chat_id, messages)

        await self.service.tell(owner, [Text(texts.FLOODED)], deliver)  # after the replies before it

    async def _handle(self, update: Update) -> None:
        verdict = await self.gate.judge(update, addressed=self._addressed_in_group(update))
        user, chat = update.effective_user, update.effective_chat
        query = update.callback_query
        if verdict is Verdict.IGNORE and query is not None:
            await self.sender.dismiss(query.id)  # a stranger told before: no word, but no spinner
            return
        if verdict is Verdict.IGNORE or user is None or chat is None:
            return
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
        admission = self._admit(user.id, arrival_of(update))
        if admission is not Admission.HANDLE:
            await self._flooded(user.id, chat.id, query.id if query else None, admission)
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
        request = translated.request
        if translated.document is not None:
            request = await self._download(chat.id, translated.document)
            if request is None:
                return
        assert request is not None
        if await self._is_split_paste(update, request):
            return
        pressed = translated.pressed

        async def deliver(messages: list[Message]) -> None:
            nonlocal pressed
            await self.sender.deliver(chat.id, messages, pressed)
            pressed = None  # answered and marked: what a later delivery brings (the draft) is new messages

        await self.service.handle(user.id, request, arrival_of(update), deliver=deliver)

    async def _download(self, chat_id: int, document: SentDocument) -> Uploaded | None:
        """The file's bytes as a request, or None after telling the clerk it is too large
        (said before downloading when Telegram gives the size, else once it is known)."""
        limit = LIMITS.file_bytes
        if document.file_size is not None and document.file_size > limit:
            await self.sender.say(chat_id, too_large(document.file_size))
            return None
        data = await self.sender.download(document.file_id, limit)
        if data is None:
            await self.sender.say(chat_id, too_large(None))
            return None
        return Uploaded(document.file_name, data)

    async def _is_split_paste(self, update: Update, request: Request) -> bool:
        """A part of a paste Telegram split: refuse the head with one explanation, drop the rest.

        Only what really is the next part of such a paste counts: in the same chat, the
        message right after a part at Telegram's length limit (the next message id, so
        nothing came between, not even the bot's refusal), within seconds of it. Anything
        else is answered, however soon it follows."""
        message = update.message
        if message is None or not isinstance(request, Typed):
            return False
        sent = message.date.timestamp()
        at_limit = telegram_length(request.text) >= SPLIT_HEAD_CHARS
        head = self._split_heads.pop(message.chat_id, None)
        if head is not None and message.message_id == head.message_id + 1 and 0 <= sent - head.sent <= SPLIT_TAIL_S:
            if at_limit:
                self._split_heads[message.chat_id] = SplitPart(message.message_id, sent)  # a third part follows
            return True
        if not at_limit:
            return False
        self._split_heads[message.chat_id] = SplitPart(message.message_id, sent)
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
