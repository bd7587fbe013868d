#!/usr/bin/env python
"""创文总结助手: the entry point and the Telegram adapter.

    python bot.py                    run the Telegram bot (long polling)
    python bot.py --webhook URL      run it behind an HTTPS webhook
    WORKERS=2 python bot.py          long polling, clerks spread over 2 worker processes
    python bot.py console            the same interview in a terminal, no token needed
    python bot.py demo --out F.docx  render the built-in sample (reference 【一】)

The adapter only translates: updates become engine Inputs through app.service, and
engine Replies become messages, inline keyboards and documents. The interview,
storage and drafting know nothing about Telegram.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import logging
import signal
import sys
import warnings
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from telegram import (
    Bot,
    BotCommand,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputMediaPhoto,
    Message,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.warnings import PTBUserWarning
from telegram.error import BadRequest, InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import (
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)
import uvloop

from app.aiohttp_request import AiohttpRequest
from app.logging_setup import configure_logging
from app.memory import freeze_startup_heap
from app.service import DraftSummary, InterviewService, Outcome, draft_title
from app.sharding import Front, Worker, fork_workers, read_updates
from app.settings import Settings
from dialogs.questionnaire import load_questionnaire
from dialogs.replies import Input, Reply
from drafting.layouts import LAYOUTS
from drafting.preview import preview_available, render_preview
from drafting.text_writer import to_telegram_html
from storage.async_store import AsyncDraftStore
from storage.disk import FileDraftStore
from storage.errors import DataDirLocked
from storage.models import Draft
from storage.store import open_store

log = logging.getLogger("bot")

COMMANDS: list[tuple[str, str]] = [
    ("start", "开始，或继续上次的总结"),
    ("new", "新建一份总结"),
    ("resume", "继续填写当前总结"),
    ("drafts", "我的全部总结"),
    ("review", "查看已填写的内容"),
    ("draft", "现在生成总结草稿"),
    ("pdf", "生成 PDF 版"),
    ("layout", "选择总结版式"),
    ("pause", "暂停，答案已保存"),
    ("delete", "删除当前总结"),
    ("help", "使用说明"),
]
WELCOME = (
    "您好！我是创文总结助手。我会一题一题地问您今年创建文明城市工作的情况，"
    "随时保存，最后生成一份符合公文格式的工作总结（Word 文档）。"
)
HELP = (
    "使用方法：\n"
    "· 按提示逐题回答，能点按钮的直接点。\n"
    "· 随时可以回复：跳过、上一步、暂停、继续、查看、修改 N、完成、生成。\n"
    "· /draft 随时生成草稿（没填的地方会标出【待补充】）；/pdf 生成 PDF。\n"
    "· /drafts 管理多份总结；/layout 选择版式；/delete 删除当前总结。"
)
NOT_ALLOWED = "抱歉，您暂时没有使用本助手的权限。如需开通，请联系管理员。"
NON_TEXT = "请直接输入文字回答。贴纸、图片、语音和文件暂时无法识别。"
EDITED = "您修改了已发送的消息，但答案以第一次发送的为准。要修改答案，请发送「查看」，再回复「修改 N」。"
NO_DRAFT = "您还没有进行中的总结。发送 /new 新建一份。"
STALE_BUTTON = "这个按钮已失效，没有做任何改动。"
FAILED = "抱歉，刚才出了点问题。您已填写的内容都已保存，请再试一次。"
GROUP_HINT = "在群里只响应发给我的命令。填写总结请私聊我。"


# --- rendering replies --------------------------------------------------------------------------


def reply_html(reply: Reply) -> str:
    """A reply as Telegram HTML: progress in italics, the text, then the hint. All escaped."""
    parts = []
    if reply.progress:
        parts.append(f"<i>{html.escape(reply.progress)}</i>")
    parts.append(html.escape(reply.text))
    if reply.hint:
        parts.append(f"<i>提示：{html.escape(reply.hint)}</i>")
    return "\n".join(parts)


def question_callback(draft_id: str, turn: int, action: str) -> str:
    """callback_data for an engine button: ASCII only, at most ~40 bytes (limit 64)."""
    return f"q:{draft_id}:{turn}:{action}"


Keyboard = dict[str, list[list[dict[str, str]]]]  # an inline keyboard as the Bot API takes it


def reply_keyboard(draft_id: str, reply: Reply) -> Keyboard | None:
    """The reply's buttons as an inline keyboard (plain JSON: see Outbox)."""
    if not reply.buttons:
        return None
    return {
        "inline_keyboard": [
            [{"text": b.label, "callback_data": question_callback(draft_id, reply.turn, b.action)} for b in row]
            for row in reply.buttons
        ]
    }


MESSAGE_LIMIT = 4000  # Telegram's limit is 4096 characters; keep a margin


def split_text(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split long plain text on line boundaries (a review can exceed one message)."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            chunks.append(line[:limit])
            line = line[limit:]
        if len(current) + len(line) + 1 > limit and current:
            chunks.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        chunks.append(current)
    return chunks


def chat_messages(draft_id: str, replies: list[Reply]) -> tuple[list[tuple[str, Keyboard | None]], bool]:
    """Replies as Telegram messages, and whether the draft should follow them.

    A reply without buttons (a section intro, 「已保存」) joins the message after it,
    so the clerk gets one bubble per question and the bot makes one call, not two.
    """
    messages: list[tuple[str, Keyboard | None]] = []
    pending: list[str] = []
    wants_draft = False
    for reply in replies:
        if reply.kind in ("draft_requested", "finished"):
            wants_draft = True
            if reply.kind == "finished" and reply.text:
                pending.append(html.escape(reply.text))
            continue
        keyboard = reply_keyboard(draft_id, reply)
        if keyboard is None:
            pending.append(reply_html(reply))
            continue
        joined = "\n\n".join([*pending, reply_html(reply)])
        if len(joined) > MESSAGE_LIMIT:
            messages.extend((chunk, None) for chunk in split_text("\n\n".join(pending)))
            joined = reply_html(reply)
        messages.append((joined, keyboard))
        pending = []
    if pending:
        messages.extend((chunk, None) for chunk in split_text("\n\n".join(pending)))
    return messages, wants_draft


def draft_list_text(summaries: list[DraftSummary]) -> str:
    lines = ["您的总结："]
    for i, s in enumerate(summaries, 1):
        status = "已完成" if s.status == "complete" else f"已填 {s.answered}/{s.total}"
        mark = "（当前）" if s.current else ""
        lines.append(f"{i}. {s.title}{mark} · {status} · {LAYOUTS.get(s.layout, s.layout)}")
    lines.append("点下面的按钮切换到那一份。")
    return "\n".join(lines)


# --- the adapter --------------------------------------------------------------------------------


class Outbox:
    """The hot path to Telegram: HTML text and plain-JSON keyboards in, nothing parsed out.

    PTB's typed methods build InlineKeyboardMarkup objects and parse every answer
    into a full Message the bot never reads; under load that was about a quarter
    of the event loop's CPU (bench/load.py). do_api_request keeps PTB's request
    path, retries and error mapping, and skips both.
    """

    def __init__(self, bot: Any) -> None:
        self.bot = bot

    # PTB suggests its typed method when do_api_request names a known endpoint; here
    # the untyped path is chosen on purpose (see above), so that advice is silenced.
    warnings.filterwarnings("ignore", message=r"Please use 'Bot\.(sendMessage|editMessageText)'", category=PTBUserWarning)

    async def send(self, chat_id: int, text: str, keyboard: Keyboard | None = None) -> None:
        params: dict[str, Any] = {"chat_id": chat_id, "text": text, "parse_mode": ParseMode.HTML.value}
        if keyboard is not None:
            params["reply_markup"] = keyboard
        await self.bot.do_api_request("sendMessage", api_kwargs=params)

    async def edit(self, chat_id: int, message_id: int, text: str, keyboard: Keyboard | None = None) -> None:
        """Replace a message's text; without a keyboard its buttons go away."""
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
        except BadRequest as exc:  # "message is not modified" and friends: cosmetic only
            log.debug("edit skipped: %s", exc)


Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]


class TelegramAdapter:
    """Handlers for every update the bot accepts, bound to one InterviewService."""

    def __init__(self, service: InterviewService, settings: Settings) -> None:
        self.service = service
        self.settings = settings

    # Each clerk's updates are handled one at a time and in order (updates of
    # different clerks run concurrently), so a double tap cannot interleave.
    def per_clerk(self, handler: Handler) -> Handler:
        async def wrapped(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            user = update.effective_user
            assert user is not None  # the gate drops updates without a user
            async with self.service.owner_lock(user.id):
                await handler(update, context)
                # A damaged draft found by a call that returned no Outcome (no draft left,
                # a stale button, /draft, /layout): tell the clerk now, once.
                chat = update.effective_chat
                for text in self.service.take_notices(user.id):
                    await context.bot.send_message(chat.id if chat else user.id, text)

        wrapped.__name__ = handler.__name__
        return wrapped

    async def gate(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Drop what the bot must not handle; refuse users who are not allowed."""
        user = update.effective_user
        chat = update.effective_chat
        if user is None or chat is None or chat.type == ChatType.CHANNEL or user.is_bot:
            raise ApplicationHandlerStop  # channel posts, polls, service updates
        if not self.settings.is_allowed(user.id):
            log.info("refused user %s", user.id)
            if update.callback_query:
                await answer_query(update.callback_query, NOT_ALLOWED, alert=True)
            elif update.message:
                await update.message.reply_text(NOT_ALLOWED)
            raise ApplicationHandlerStop
        if chat.type != ChatType.PRIVATE and update.message and not self._addressed_in_group(update.message, context):
            raise ApplicationHandlerStop

    @staticmethod
    def _addressed_in_group(message: Message, context: ContextTypes.DEFAULT_TYPE) -> bool:
        """In groups, only commands (PTB drops /cmd@otherbot) and replies to the bot count."""
        text = message.text or ""
        if text.startswith("/"):
            return True
        replied = message.reply_to_message
        return replied is not None and replied.from_user is not None and replied.from_user.id == context.bot.id

    # --- commands ---

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        owner = update.effective_user.id  # type: ignore[union-attr]
        message = update.effective_message
        assert message is not None
        if message.chat.type != ChatType.PRIVATE:
            await message.reply_text(GROUP_HINT)
            return
        resumable = await self.service.resumable_draft(owner)
        if resumable is None:
            await message.reply_text(WELCOME)
            await self.send_outcome(message.chat_id, await self.service.new_draft(owner), context)
            return
        name = draft_title(resumable.unit_name, resumable.year)
        keyboard = InlineKeyboardMarkup(
            [[InlineKeyboardButton("继续上次", callback_data="r"), InlineKeyboardButton("新建一份", callback_data="n")]]
        )
        await message.reply_text(f"{WELCOME}\n\n您有一份没填完的总结：{name}。接着填，还是新建一份？", reply_markup=keyboard)

    async def new(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        owner = update.effective_user.id  # type: ignore[union-attr]
        await self.send_outcome(update.effective_chat.id, await self.service.new_draft(owner), context)  # type: ignore[union-attr]

    async def resume(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        owner = update.effective_user.id  # type: ignore[union-attr]
        outcome = await self.service.resume(owner)
        if outcome is None:
            await update.effective_message.reply_text(NO_DRAFT)  # type: ignore[union-attr]
            return
        await self.send_outcome(update.effective_chat.id, outcome, context)  # type: ignore[union-attr]

    async def drafts(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        owner = update.effective_user.id  # type: ignore[union-attr]
        summaries = await self.service.summaries(owner)
        message = update.effective_message
        assert message is not None
        if not summaries:
            await message.reply_text(NO_DRAFT)
            return
        keyboard = InlineKeyboardMarkup(
            [[InlineKeyboardButton(f"{i}. {s.title}", callback_data=f"d:{s.id}")] for i, s in enumerate(summaries, 1)]
            + [[InlineKeyboardButton("新建一份", callback_data="n")]]
        )
        await message.reply_text(draft_list_text(summaries), reply_markup=keyboard)

    async def layout(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        draft, message = await self._current_or_tell(update)
        if draft is None:
            return
        keyboard = InlineKeyboardMarkup(
            [[InlineKeyboardButton(("✅" if name == draft.layout else "") + label, callback_data=f"l:{name}")]
             for name, label in LAYOUTS.items()]
        )
        await message.reply_text(
            f"当前版式：{LAYOUTS.get(draft.layout, draft.layout)}。换版式不用重新回答，点选即可：", reply_markup=keyboard
        )

    async def delete(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        draft, message = await self._current_or_tell(update)
        if draft is None:
            return
        name = draft_title(draft.unit_name, draft.year)
        keyboard = InlineKeyboardMarkup(
            [[InlineKeyboardButton("确认删除", callback_data=f"x:{draft.id}"), InlineKeyboardButton("取消", callback_data="xn")]]
        )
        await message.reply_text(f"确定删除「{name}」这份总结吗？删除后无法恢复。", reply_markup=keyboard)

    async def _current_or_tell(self, update: Update) -> tuple[Draft | None, Message]:
        """The clerk's current draft; without one, tell them how to start."""
        message = update.effective_message
        assert message is not None and update.effective_user is not None
        draft = await self.service.current_draft(update.effective_user.id)
        if draft is None:
            await message.reply_text(NO_DRAFT)
        return draft, message

    async def help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await update.effective_message.reply_text(HELP)  # type: ignore[union-attr]

    async def draft(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self.send_draft(update.effective_user.id, update.effective_chat.id, context)  # type: ignore[union-attr]

    async def pdf(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        owner = update.effective_user.id  # type: ignore[union-attr]
        chat_id = update.effective_chat.id  # type: ignore[union-attr]
        if not preview_available():
            await context.bot.send_message(chat_id, "服务器暂未安装 PDF 转换组件，请使用 /draft 获取 Word 文档。")
            return
        await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_DOCUMENT)
        built = await self.service.build(owner)
        if built is None:
            await context.bot.send_message(chat_id, NO_DRAFT)
            return
        preview = await render_preview(built.docx, pages=1)
        if preview is None:
            await context.bot.send_message(chat_id, "PDF 暂时没能生成，请稍后再试，或使用 /draft 获取 Word 文档。")
            return
        name = built.document.file_name.removesuffix(".docx") + ".pdf"
        await context.bot.send_document(chat_id, document=preview.pdf, filename=name)

    def engine_word(self, word: str) -> Handler:
        """/review and /pause are the engine's 查看 and 暂停."""

        async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
            await self._typed(update, context, word)

        handler.__name__ = f"word_{word}"
        return handler

    # --- messages ---

    async def text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        assert message is not None and message.text is not None
        await self._typed(update, context, message.text)

    async def _typed(self, update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
        owner = update.effective_user.id  # type: ignore[union-attr]
        chat_id = update.effective_chat.id  # type: ignore[union-attr]
        outcome = await self.service.handle(owner, Input.typed(text), update_id=update.update_id)
        if outcome is None:
            await context.bot.send_message(chat_id, NO_DRAFT)
            return
        await self.send_outcome(chat_id, outcome, context)

    async def non_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_chat and update.effective_chat.type == ChatType.PRIVATE:
            await update.effective_message.reply_text(NON_TEXT)  # type: ignore[union-attr]

    async def edited(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_chat and update.effective_chat.type == ChatType.PRIVATE:
            await context.bot.send_message(update.effective_chat.id, EDITED)

    # --- buttons ---

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        owner = query.from_user.id
        data = query.data or ""
        chat_id = query.message.chat.id if query.message else owner
        kind, _, rest = data.partition(":")
        if kind == "q":
            await self._question_button(query, owner, chat_id, rest, update.update_id, context)
        elif kind == "d" and rest:
            outcome = await self.service.resume(owner, rest)
            await self._answer_or_stale(query, outcome is not None)
            if outcome is not None:
                await self.send_outcome(chat_id, outcome, context)
        elif kind == "l" and rest:
            draft = await self.service.set_layout(owner, rest)
            await self._answer_or_stale(query, draft is not None)
            if draft is not None:
                await self._close_keyboard(query, context, f"版式：{LAYOUTS[draft.layout]}")
                await context.bot.send_message(chat_id, f"已改为「{LAYOUTS[draft.layout]}」版式。发送 /draft 即可查看。")
        elif kind == "x" and rest:
            deleted = await self.service.delete(owner, rest)
            await self._answer_or_stale(query, deleted)
            if deleted:
                await self._close_keyboard(query, context, "已删除")
                await context.bot.send_message(chat_id, "已删除。发送 /new 新建，或 /drafts 查看其他总结。")
        elif data == "xn":
            await answer_query(query, "已取消")
            await self._close_keyboard(query, context, "已取消")
        elif data == "n":
            await answer_query(query)
            await self._close_keyboard(query, context, "新建一份")
            await self.send_outcome(chat_id, await self.service.new_draft(owner), context)
        elif data == "r":
            outcome = await self.service.resume(owner)
            await self._answer_or_stale(query, outcome is not None)
            if outcome is not None:
                await self._close_keyboard(query, context, "继续上次")
                await self.send_outcome(chat_id, outcome, context)
        else:
            await answer_query(query, STALE_BUTTON)

    async def _question_button(
        self,
        query: CallbackQuery,
        owner: int,
        chat_id: int,
        rest: str,
        update_id: int,
        context: ContextTypes.DEFAULT_TYPE,
    ) -> None:
        parts = rest.split(":")
        if len(parts) != 3 or not parts[1].isdigit():
            await answer_query(query, STALE_BUTTON)
            return
        draft_id, turn, action = parts[0], int(parts[1]), parts[2]
        try:
            inp = Input.pressed(action, turn)
        except ValueError:  # an action the engine could never have produced
            await answer_query(query, STALE_BUTTON)
            return
        outcome = await self.service.handle(owner, inp, draft_id=draft_id, update_id=update_id)
        if outcome is None or (outcome.replies and outcome.replies[0].kind == "stale"):
            await answer_query(query, outcome.replies[0].text if outcome else STALE_BUTTON)
            return
        await answer_query(query)
        replies = outcome.replies
        if action.startswith("t") and replies and replies[0].kind == "question":
            # A multi-choice toggle redraws the same question in place.
            await self._edit(query, context, reply_html(replies[0]), reply_keyboard(outcome.draft.id, replies[0]))
            replies = replies[1:]
        else:
            await self._close_keyboard(query, context, _pressed_label(query, query.data or ""))
        await self.send_outcome(chat_id, Outcome(outcome.draft, replies), context)

    async def _answer_or_stale(self, query: CallbackQuery, ok: bool) -> None:
        await answer_query(query, None if ok else STALE_BUTTON)

    async def _close_keyboard(self, query: CallbackQuery, context: ContextTypes.DEFAULT_TYPE, chosen: str) -> None:
        """Edit the pressed message so the chat reads as a transcript: question, then ✅ choice."""
        message = query.message
        if not isinstance(message, Message) or message.text is None:
            return
        await self._edit(query, context, f"{message.text_html}\n\n✅ {html.escape(chosen)}", None)

    async def _edit(
        self, query: CallbackQuery, context: ContextTypes.DEFAULT_TYPE, text: str, keyboard: Keyboard | None
    ) -> None:
        message = query.message
        if isinstance(message, Message):
            await Outbox(context.bot).edit(message.chat_id, message.message_id, text, keyboard)

    # --- sending ---

    async def send_outcome(self, chat_id: int, outcome: Outcome, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Send the replies as messages; a draft request sends the draft after them."""
        messages, wants_draft = chat_messages(outcome.draft.id, outcome.replies)
        outbox = Outbox(context.bot)
        for text, keyboard in messages:
            await outbox.send(chat_id, text, keyboard)
        if wants_draft:
            await self.send_draft(outcome.draft.owner, chat_id, context)

    async def send_draft(self, owner: int, chat_id: int, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Text preview, page pictures (when LibreOffice is there) and the .docx."""
        await context.bot.send_chat_action(chat_id, ChatAction.UPLOAD_DOCUMENT)
        built = await self.service.build(owner)
        if built is None:
            await context.bot.send_message(chat_id, NO_DRAFT)
            return
        document = built.document
        for part in to_telegram_html(document):
            await context.bot.send_message(chat_id, part, parse_mode=ParseMode.HTML)
        pages = self.settings.preview_pages
        pictures = await render_preview(built.docx, pages=pages) if pages and preview_available() else None
        if pictures:
            if len(pictures.pngs) == 1:
                await context.bot.send_photo(chat_id, pictures.pngs[0], caption="第 1 页预览")
            else:
                media = [InputMediaPhoto(png, caption=f"第 {i} 页预览") for i, png in enumerate(pictures.pngs, 1)]
                await context.bot.send_media_group(chat_id, media)
        await context.bot.send_document(chat_id, document=built.docx, filename=document.file_name)
        if document.missing:
            await context.bot.send_message(
                chat_id, f"还有 {document.missing} 项必填内容没有填写，文中已用【待补充】标出。发送 /resume 继续填写。"
            )

    # --- errors ---

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log without the clerk's text or the token; tell the clerk their answers are safe."""
        error = context.error
        if not isinstance(update, Update) and isinstance(error, NetworkError):
            # getUpdates failed (timeout, 5xx, cut connection): PTB polls again by itself.
            log.warning("polling for updates failed, retrying: %s", type(error).__name__)
            return
        update_id = update.update_id if isinstance(update, Update) else None
        user_id = update.effective_user.id if isinstance(update, Update) and update.effective_user else None
        log.error("update %s from user %s failed: %s", update_id, user_id, type(error).__name__, exc_info=error)
        if isinstance(update, Update) and update.effective_chat:
            try:
                await context.bot.send_message(update.effective_chat.id, FAILED)
            except TelegramError:
                log.warning("could not tell user %s about the failure", user_id)


async def answer_query(query: CallbackQuery, text: str | None = None, alert: bool = False) -> None:
    """Stop the button's spinner. Cosmetic: a retried answer may find the query already
    answered or too old (400), which must not abort the update that follows."""
    try:
        await query.answer(text, show_alert=alert)
    except BadRequest as exc:
        log.debug("callback answer skipped: %s", exc)


def _pressed_label(query: CallbackQuery, data: str) -> str:
    """The text of the button that was pressed, read from the message's own keyboard."""
    message = query.message
    markup = message.reply_markup if isinstance(message, Message) else None
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == data:
                return button.text
    return "已选择"


# --- retries --------------------------------------------------------------------------------------


class RetryingLimiter(BaseRateLimiter[int]):
    """Retry Bot API calls that failed for transient reasons, with backoff.

    429 waits the time Telegram asks for; timeouts, dropped connections and 5xx
    (NetworkError that is not a BadRequest) back off exponentially. An optional
    overall rate keeps the bot under Telegram's ~30 messages a second.
    """

    def __init__(self, max_attempts: int = 6, base_delay: float = 0.2, max_delay: float = 8.0, per_second: float = 0) -> None:
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.per_second = per_second
        self._limiter: Any = None

    async def initialize(self) -> None:
        if self.per_second > 0:
            from aiolimiter import AsyncLimiter

            self._limiter = AsyncLimiter(self.per_second, 1)

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Awaitable[Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        for attempt in range(1, self.max_attempts + 1):
            try:
                if self._limiter is not None:
                    async with self._limiter:
                        return await callback(*args, **kwargs)
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == self.max_attempts:
                    raise
                delay = _seconds(exc.retry_after) + 0.05
            except (TimedOut, NetworkError) as exc:
                if isinstance(exc, BadRequest) or attempt == self.max_attempts:
                    raise
                delay = min(self.base_delay * 2 ** (attempt - 1), self.max_delay)
            log.info("Bot API %s failed (attempt %d), retrying in %.2fs", endpoint, attempt, delay)
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")


def _seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


# --- wiring ---------------------------------------------------------------------------------------


def build_application(settings: Settings, service: InterviewService, *, polling: bool = True) -> Application:
    """The Application wired like a diagram: gate, commands, words, buttons, the rest.
    ``polling=False``: a worker, fed updates by the front (app.sharding), which also
    registers the command menu."""
    if settings.telegram_bot_token is None:
        raise InvalidToken("TELEGRAM_BOT_TOKEN is not set")
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .rate_limiter(RetryingLimiter(per_second=settings.send_rate_limit))
        .concurrent_updates(256)
        .request(
            AiohttpRequest(
                read_timeout=settings.bot_api_read_timeout,
                write_timeout=settings.bot_api_read_timeout,
                media_write_timeout=max(settings.bot_api_read_timeout, 20),
            )
        )
    )
    if polling:
        builder = builder.get_updates_request(AiohttpRequest(connection_pool_size=1)).post_init(_register_commands)
    else:
        builder = builder.updater(None)
    base_url, base_file_url = api_urls(settings)
    builder = builder.base_url(base_url).base_file_url(base_file_url)
    application = builder.build()
    adapter = TelegramAdapter(service, settings)
    clerk = adapter.per_clerk
    application.add_handler(TypeHandler(Update, adapter.gate), group=-1)
    commands: dict[str, Handler] = {
        "start": adapter.start,
        "new": adapter.new,
        "resume": adapter.resume,
        "drafts": adapter.drafts,
        "review": adapter.engine_word("查看"),
        "draft": adapter.draft,
        "pdf": adapter.pdf,
        "layout": adapter.layout,
        "pause": adapter.engine_word("暂停"),
        "delete": adapter.delete,
        "help": adapter.help,
    }
    private_or_group = filters.UpdateType.MESSAGE
    for name, handler in commands.items():
        application.add_handler(CommandHandler(name, clerk(handler), filters=private_or_group))
    application.add_handler(CallbackQueryHandler(clerk(adapter.button)))
    application.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, clerk(adapter.edited)))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND, clerk(adapter.help)))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT, clerk(adapter.text)))
    application.add_handler(MessageHandler(filters.UpdateType.MESSAGE, clerk(adapter.non_text)))
    application.add_error_handler(adapter.on_error)
    return application


def api_urls(settings: Settings) -> tuple[str, str]:
    """(base_url, base_file_url): Telegram's, or those of a local Bot API server."""
    base = settings.bot_api_base_url
    if not base:
        return "https://api.telegram.org/bot", "https://api.telegram.org/file/bot"
    return base, settings.bot_api_base_file_url or base.replace("/bot", "/file/bot")


async def _register_commands(application: Application) -> None:
    await register_commands(application.bot)


async def register_commands(bot: Bot) -> None:
    await bot.set_my_commands([BotCommand(name, text) for name, text in COMMANDS])


# A restarted bot may find the workers of the killed one still exiting: give them a moment.
LOCK_WAIT_S = 3.0


def make_service(settings: Settings, worker: bool = False) -> tuple[InterviewService, AsyncDraftStore]:
    disk = FileDraftStore(settings.data_dir, worker=True) if worker else open_store(settings.data_dir, LOCK_WAIT_S)
    store = AsyncDraftStore(disk)
    service = InterviewService(load_questionnaire(), store)
    service.warm_up()
    freeze_startup_heap()  # last: everything built so far lives as long as the process
    return service, store


async def serve_polling(application: Application, stop: asyncio.Event, poll_timeout: float = 10) -> None:
    """Run polling until ``stop`` is set (tests and the load benchmark use this)."""
    async with application:
        if application.post_init is not None:  # run_polling() does this; the manual path must too
            await application.post_init(application)
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(timeout=timedelta(seconds=poll_timeout), drop_pending_updates=False)
        await stop.wait()
        await application.updater.stop()
        await application.stop()


def run_bot(settings: Settings, webhook_url: str | None) -> int:
    if settings.telegram_bot_token is None:
        print("缺少 TELEGRAM_BOT_TOKEN：请先在 BotFather 创建机器人，并把令牌写入环境变量或 .env 文件。", file=sys.stderr)
        print("TELEGRAM_BOT_TOKEN is not set. Without a token, try: python bot.py console", file=sys.stderr)
        return 2
    if settings.workers > 1 and not webhook_url:
        return run_sharded(settings)
    try:
        service, store = make_service(settings)
    except DataDirLocked as exc:
        print(str(exc), file=sys.stderr)
        return 3
    application = build_application(settings, service)
    try:
        if webhook_url:
            secret = settings.webhook_secret_token.get_secret_value() if settings.webhook_secret_token else None
            application.run_webhook(
                listen=settings.webhook_listen,
                port=settings.webhook_port,
                url_path="telegram",
                webhook_url=webhook_url.rstrip("/") + "/telegram",
                secret_token=secret,
            )
        else:
            application.run_polling(allowed_updates=Update.ALL_TYPES)
    except InvalidToken:
        print(TOKEN_REJECTED, file=sys.stderr)
        return 2
    finally:
        store.close()
    return 0


TOKEN_REJECTED = "Telegram 拒绝了这个令牌（TELEGRAM_BOT_TOKEN 无效）。请在 BotFather 核对后重试。"


def run_sharded(settings: Settings) -> int:
    """The front process: lock DATA_DIR, fork the workers, poll and route (app.sharding)."""
    try:
        store = open_store(settings.data_dir, LOCK_WAIT_S)  # the lock (and temp sweep) the workers inherit
    except DataDirLocked as exc:
        print(str(exc), file=sys.stderr)
        return 3
    try:
        workers = fork_workers(settings.workers, lambda index, pipe: run_worker(settings, pipe))
        log.info("Started %d workers", len(workers))
        return asyncio.run(serve_front(settings, workers))
    finally:
        store.close()


async def serve_front(settings: Settings, workers: list[Worker]) -> int:
    assert settings.telegram_bot_token is not None
    bot = Bot(
        settings.telegram_bot_token.get_secret_value(),
        *api_urls(settings),
        request=AiohttpRequest(connection_pool_size=2, read_timeout=settings.bot_api_read_timeout),
    )
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        healthy = await Front(bot, workers).run(stop, on_start=register_commands)
    except InvalidToken:
        print(TOKEN_REJECTED, file=sys.stderr)
        return 2
    return 0 if healthy else 1


def run_worker(settings: Settings, pipe: int) -> int:
    """One worker: a full Application without updater, fed the updates of its clerks."""
    service, store = make_service(settings, worker=True)
    # Telegram's overall send limit is the bot's, not each worker's.
    share = settings.model_copy(update={"send_rate_limit": settings.send_rate_limit / settings.workers})
    application = build_application(share, service, polling=False)

    async def serve() -> None:
        async def take(data: dict[str, Any]) -> None:
            await application.update_queue.put(Update.de_json(data, application.bot))

        async with application:
            await application.start()
            await read_updates(pipe, take)
            while not application.update_queue.empty():  # stop() drops what is still queued
                await asyncio.sleep(0.01)
            await application.stop()

    try:
        asyncio.run(serve())
    except InvalidToken:
        return 2  # the front reports it to the person starting the bot
    finally:
        store.close()
    return 0


# --- command line -------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="bot.py", description="创文总结助手")
    parser.add_argument("--webhook", metavar="URL", help="serve an HTTPS webhook at URL instead of long polling")
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("console", help="run the interview in this terminal (no token needed)")
    demo = sub.add_parser("demo", help="render the built-in sample interview to a .docx")
    demo.add_argument("--out", type=Path, default=Path("demo.docx"), help="where to write the .docx")
    demo.add_argument("--layout", choices=sorted(LAYOUTS), default="annual", help="layout of the summary")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    settings = Settings()
    configure_logging(settings)
    if args.command == "console":
        from app.console_main import run_console_app

        return run_console_app(settings)
    if args.command == "demo":
        from app.demo import run_demo

        return run_demo(args.out, args.layout)
    # A .docx build holds the GIL for ~50 ms in its thread; with Python's default 5 ms
    # switch interval the event loop waited up to 5 ms at every GIL hand-over meanwhile.
    sys.setswitchinterval(0.001)
    # uvloop runs sockets and callbacks in C; the event loop is most of what a clerk
    # waits for (back-to-back bench.load runs: 3.9 -> 3.2 ms of CPU per update).
    asyncio.set_event_loop_policy(uvloop.EventLoopPolicy())
    return run_bot(settings, args.webhook)


if __name__ == "__main__":
    sys.exit(main())
