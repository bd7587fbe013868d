"""Simulated clerks for load runs: interviewing clerks for our bot, echo clerks for the echo bot.

An interviewing clerk answers whatever question the bot shows, as a clerk on a phone
would: tap a button where there is one, type otherwise, sometimes skip, sometimes think
a while, and after a silence nudge the bot. It records what the bot acknowledged and
every text it typed, for tests/support/storage_check.py to find on disk afterwards.
"""

from __future__ import annotations

import asyncio
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from app import actions
from dialogs.questionnaire import Question, Questionnaire
from tests.support.fakebotapi import BotMessage, FakeBotApi
from tests.support.storage_check import Acknowledged, ClerkRecord, Typed

FAILED_NOTICE = "出了点问题"


@dataclass
class ClerkResult(ClerkRecord):
    updates: int = 0
    interviews: int = 0  # interviews that ended with the .docx
    finished: bool = False  # the last interview begun ended with the .docx
    failures_seen: int = 0
    nudges: int = 0  # times the clerk had to nudge the bot after hearing nothing


@dataclass(frozen=True)
class Asked:
    """Which question a bot message asks, read from its text."""

    question: Question
    role: str  # "question", "entry" (有没有……？) or "more" (再添加一项……？)
    group: Question | None


def question_index(questionnaire: Questionnaire) -> list[tuple[str, Asked]]:
    """Prompt texts to match against what the bot shows, longest first (most specific)."""
    index: list[tuple[str, Asked]] = []
    for _, question in questionnaire.questions():
        if question.kind == "group":
            index.append((question.more_prompt, Asked(question, "more", question)))
            if question.entry and not question.required:  # a work kind's group has no entry question
                index.append((question.prompt, Asked(question, "entry", question)))
            index.extend((sub.prompt, Asked(sub, "question", question)) for sub in question.questions)
        else:
            index.append((question.prompt, Asked(question, "question", None)))
    return sorted(index, key=lambda pair: len(pair[0]), reverse=True)


def read_question(message: BotMessage, index: list[tuple[str, Asked]]) -> Asked | None:
    text = message.text or ""
    matches = [asked for prompt, asked in index if prompt in text]
    # Work items share their questions' wording (做法和数字): the item title 【会议 第1项】 says whose.
    titled = [a for a in matches if a.group is not None and a.role == "question" and f"【{a.group.item_name} 第" in text]
    return (titled or matches or [None])[0]


def _answers_by_pressing(action: str) -> bool:
    """A choice, a suggestion, or a period with its year (y20260)."""
    return action.startswith(("c", "g")) or re.fullmatch(r"y\d+", action) is not None


def realistic_answer(asked: Asked, rng: random.Random, serial: int) -> tuple[str | None, list[str] | None]:
    """(text to type, list items) for a question; None text means "press a button"."""
    question = asked.question
    if question.kind == "number":
        value = rng.choice(["12", "３", "十二", "一百零五", "300余", "近60", "约40", "85", "2.8万"])
        if question.id == "year":
            value = "2025"
        if question.max is not None and question.max <= 100:
            value = str(rng.randint(1, 99))
        return value, None
    if question.kind == "date":
        # Dates of the period the clerk pressed (this year's, or last year's in its first
        # months): a date years away is questioned once, as it should be.
        year = date.today().year
        return rng.choice([f"{year}年12月28日", f"{year}-12", "12月2日"]), None
    if question.kind == "figures":  # a work item's account: several figures in one line
        return rng.choice(["清运垃圾80多车，拆除违章搭建20余处", "多次召开推进会", f"发放宣传资料{serial}00余份"]), None
    if question.kind == "list":
        items = [f"第{serial}号清扫行动完成{rng.randint(1, 90)}次", f"第{serial}批新建宣传栏{rng.randint(1, 9)}个"]
        return "；".join(items), items
    if question.kind in ("text",):
        example = question.example or "按要求完成"
        return f"{example}{serial}"[: question.max_length], None
    return None, None


@dataclass(frozen=True)
class Pace:
    """How a clerk behaves: pauses, skips, fresh drafts, patience."""

    think_s: float = 0.4  # mean pause between a reply and the clerk's next answer
    skip_rate: float = 0.15  # optional questions a clerk skips
    new_rate: float = 0.0  # chance, before an answer, of leaving the draft for a fresh /new
    reply_timeout_s: float = 20.0  # a clerk who hears nothing this long nudges the bot


class Clerk:
    """Answers whole interviews; another one after each .docx while ``more()`` says so."""

    def __init__(
        self,
        api: FakeBotApi,
        user_id: int,
        index: list[tuple[str, Asked]],
        pace: Pace,
        rng: random.Random,
        more: Callable[[], bool] = lambda: False,
    ) -> None:
        self.api = api
        self.result = ClerkResult(user_id)
        self.index = index
        self.pace = pace
        self.rng = rng
        self.more = more
        self.serial = 0
        # The draft being filled and the turn of its last question the clerk answered: a
        # question of that draft shown at that turn or before is a duplicate (a retried
        # send), not the bot's answer. Questions of drafts left behind are old news; a
        # question of a draft never seen is news (the draft /new made, or a duplicate).
        self.draft: str | None = None
        self.left: set[str] = set()
        self.answered_turn = -1
        self.last_answer: int | None = None  # update_id of the last answer sent (not a nudge)
        self.last_asked: Asked | None = None  # the question it answered
        self.last_item: str | None = None  # and the work item it was asked for (【专项整治 第1项】)

    @property
    def user_id(self) -> int:
        return self.result.user_id

    async def run(self) -> ClerkResult:
        while True:
            await self._think()
            message = await self._start_new()
            while message is not None and message.document is None:
                message = await self._answer(message)
            self.result.interviews += message is not None
            if message is None or not self.more():
                break
        self.result.finished = message is not None
        return self.result

    async def _start_new(self) -> BotMessage | None:
        if self.draft is not None:
            self.left.add(self.draft)
        self.draft, self.answered_turn = None, -1
        self.result.news += 1
        # An unanswered /new is nudged with 「继续」: it is delivered again, not lost, and a
        # second /new would make a second draft the clerk asked for.
        return await self._send_text("/new")

    async def _answer(self, message: BotMessage) -> BotMessage | None:
        asked = read_question(message, self.index)
        buttons = _buttons(message)
        # The draft whose question is answered: an acknowledgement names it, not the draft
        # the reply comes from (after a restart that may be another).
        answered = message_draft(message) or self.draft
        self.last_asked, self.last_item = asked, item_title(message)
        await self._think()
        # A fresh /new mid-interview only while more interviews are wanted (kills remain).
        if self.pace.new_rate and self.more() and self.rng.random() < self.pace.new_rate:
            return await self._start_new()
        if asked is None:
            # An info line with a 完成 button (list items noted), or anything else: carry on.
            if "done" in buttons:
                return await self._press(message, buttons["done"])
            return await self._send_text("继续", answering=message)
        question = asked.question
        if "skip" in buttons and asked.role == "question" and not question.required and self.rng.random() < self.pace.skip_rate:
            return await self._press(message, buttons["skip"])
        if asked.role in ("entry", "more") or question.kind == "yesno":
            wants = asked.role == "entry" or (asked.role == "question" and self.rng.random() < 0.7)
            if asked.role == "more":
                wants = False
            return await self._press(message, buttons["yes" if wants else "no"])
        offered = [action for action in buttons if _answers_by_pressing(action)]
        if offered and (question.kind in ("choice", "period") or question.suggest):
            choices = [data for action, data in buttons.items() if _answers_by_pressing(action)]
            picked = self.rng.choice(choices)
            reply = await self._press(message, picked)
            self._ack(asked, None, draft=answered)
            return reply
        if question.kind == "multi":
            toggles = [action for action in buttons if action.startswith("t")]
            # Shown again after a restart, the question keeps the picks already toggled
            # (their buttons marked ✅): a clerk adds to them, pressing one again would
            # take it back.
            picked = _checked(message) & set(toggles)
            fresh = [action for action in toggles if action not in picked]
            # A multi-choice question stays on screen while its picks are toggled, so
            # seeing it again after a nudge proves nothing about the answer before it.
            self.last_answer = None
            for action in self.rng.sample(fresh, k=max(0, min(2, len(toggles)) - len(picked))):
                if action not in buttons:  # the redraw lost its keyboard: ask for the question again
                    return await self._send_text("继续", answering=message)
                # Each toggle redraws the keyboard with a new turn: press the current one.
                self.api.press_button(self.user_id, message.message_id, buttons[action])
                self.result.updates += 1
                pressed_on, turn = message.message_id, message_turn(message)
                # The redraw, or after a restart the question sent anew at a later turn.
                edited = await self._next(
                    lambda m, mid=pressed_on, turn=turn: m.message_id == mid
                    or (m.message_id > mid and message_draft(m) == self.draft and message_turn(m) > turn)
                )
                if edited is None:
                    return None
                if edited.message_id != pressed_on:
                    # After a nudge the bot shows another message (the question again,
                    # or the next one): answer that, as a clerk would.
                    return edited
                message = edited
                buttons = _buttons(message)
            if "done" not in buttons:  # the redraw lost its keyboard: ask for the question again
                return await self._send_text("继续", answering=message)
            reply = await self._press(message, buttons["done"])
            self._ack(asked, None, draft=answered)
            return reply
        text, items = realistic_answer(asked, self.rng, self._serial())
        if text is None:
            return await self._send_text("跳过", answering=message)
        pieces = items if items is not None else [text] if question.kind == "text" else None
        reply = await self._send_text(text, answering=message, pieces=pieces)
        # 「已记下 N 条」 (no question prompt in it) confirms the items: finish the list.
        # If the list question itself comes back, the items never arrived: answer again;
        # unless it says it holds them (shown again after a restart): finish it then.
        noted = reply is not None and "done" in _buttons(reply) and (
            read_question(reply, self.index) is None or (read_question(reply, self.index) == asked and "已记下" in (reply.text or ""))
        )
        if items is not None and noted:
            reply = await self._press(reply, _buttons(reply)["done"])
        if reply is not None and read_question(reply, self.index) != asked:
            self._ack(asked, text if question.kind == "text" else None, items, draft=answered)
        return reply

    def _ack(self, asked: Asked, typed: str | None, items: list[str] | None = None, *, draft: str | None) -> None:
        group = asked.group.id if asked.group is not None else None
        self.result.acknowledged.append(Acknowledged(asked.question.id, group, typed, items, draft))

    def _serial(self) -> int:
        self.serial += 1
        return self.serial

    async def _think(self) -> None:
        if self.pace.think_s > 0:
            await asyncio.sleep(self.rng.uniform(0.5, 1.5) * self.pace.think_s)

    async def _send_text(
        self, text: str, answering: BotMessage | None = None, pieces: list[str] | None = None, nudge: str = "继续"
    ) -> BotMessage | None:
        if answering is not None:
            self.answered_turn = max(self.answered_turn, message_turn(answering))
        # Typed at a question the bot has already moved past (its reply came late, after a
        # restart), the text may rightly be refused: only an answer to the question on
        # screen must be stored.
        stale = answering is not None and self._newer_question_shown(answering)
        update_id = self.api.push_text(self.user_id, text)
        self.last_answer = update_id
        if pieces is not None and not stale:
            self.result.typed.append(Typed(update_id, pieces))
        self.result.updates += 1
        return await self._next(self._news, nudge)

    def _newer_question_shown(self, answering: BotMessage) -> bool:
        return any(
            m.sender == "bot" and m.message_id > answering.message_id and bool(m.reply_markup) and m.text
            and any(isinstance(actions.decode(b.get("callback_data", "")), actions.Answer) for row in m.reply_markup.get("inline_keyboard", []) for b in row)
            for m in self.api.transcript(self.user_id)
        )

    async def _press(self, message: BotMessage, data: str) -> BotMessage | None:
        self.answered_turn = max(self.answered_turn, message_turn(message))
        self.last_answer = self.api.press_button(self.user_id, message.message_id, data)
        self.result.updates += 1
        return await self._next(self._news)

    def _news(self, message: BotMessage) -> bool:
        """The bot's answer: the document, or a question newer than the one answered."""
        return self._shows(message, self.answered_turn + 1)

    def _current(self, message: BotMessage) -> bool:
        """After a nudge: the question on screen now, even if it is the one answered last,
        and even of a draft left behind (the bot went back to it): a clerk answers what
        the bot asks."""
        return self._shows(message, self.answered_turn, any_draft=True)

    def _shows(self, message: BotMessage, from_turn: int, any_draft: bool = False) -> bool:
        if message.document is not None:
            # Never the answer to /new (self.draft is None until its question comes):
            # a document then is a copy of the last one, sent again after a restart.
            return self.draft is not None
        if not _is_question_or_document(message):
            return False
        draft = message_draft(message)
        if draft in self.left:
            return any_draft
        return draft != self.draft or message_turn(message) >= from_turn

    def _note_if_asked_again(self, shown: BotMessage) -> None:
        """After a nudge the bot shows the question answered last: that answer was dropped.
        (Compared by question and work item, not turn: showing a question again counts a
        new turn, and the next item of a group asks the same question for another item:
        「记下了……【专项整治 第2项】……」 after item 1's answer is no drop.) Typed texts are
        left to the storage check: a list question stays on screen after its items are
        stored, so seeing it again proves nothing."""
        if self.last_answer is None or self.last_asked is None or message_draft(shown) != self.draft:
            return
        if self.result.typed and self.result.typed[-1].update_id == self.last_answer:
            return
        if read_question(shown, self.index) == self.last_asked and item_title(shown) == self.last_item:
            self.result.dropped.append(self.last_answer)

    def _adopt(self, message: BotMessage) -> BotMessage:
        """Follow the draft the bot shows: after /new, or when a duplicate draft took over."""
        draft = message_draft(message)
        if draft is not None and draft != self.draft:
            if self.draft is not None:
                self.left.add(self.draft)
            self.left.discard(draft)
            self.draft, self.answered_turn = draft, -1
        return message

    def _latest(self, message: BotMessage, wanted: Callable[[BotMessage], bool]) -> BotMessage:
        """Like a clerk, answer the newest question on screen: a retried send or a
        restarted bot may have shown the same question twice."""
        chat = self.api.world.chats.get(self.user_id)
        while chat is not None and chat.events_read < len(chat.bot_events):
            chat.events_read += 1
            newer = chat.bot_events[chat.events_read - 1]
            if FAILED_NOTICE in (newer.text or ""):
                self.result.failures_seen += 1
            if wanted(newer):
                message = newer
        return message

    async def _next(self, wanted: Callable[[BotMessage], bool], nudge: str = "继续") -> BotMessage | None:
        """The next message the clerk waits for; after a silence, nudge the bot: 「继续」,
        or /new again when /new went unanswered, as a clerk on a phone would."""
        nudged = False
        for _ in range(12):
            try:
                while True:
                    message = await self.api.next_bot_message(self.user_id, timeout=self.pace.reply_timeout_s)
                    if FAILED_NOTICE in (message.text or ""):
                        self.result.failures_seen += 1
                    if wanted(message):
                        shown = self._latest(message, wanted)
                        if nudged:
                            self._note_if_asked_again(shown)
                        return self._adopt(shown)
            except TimeoutError:
                nudged = True
                self.result.nudges += 1
                self.api.push_text(self.user_id, nudge)
                self.result.news += nudge == "/new"
                self.result.updates += 1
                wanted = self._current
        return None


def _answers(message: BotMessage) -> list[tuple[actions.Answer, str]]:
    """The engine buttons of a message, decoded by the bot's own codec, with their data."""
    decoded = [(actions.decode(data), data) for data in message.button_data()]
    return [(action, data) for action, data in decoded if isinstance(action, actions.Answer)]


_ITEM_TITLE = re.compile(r"【[^】]*第\d+项[^】]*】")


def item_title(message: BotMessage) -> str | None:
    """The work item a question is asked for (its title 【专项整治 第1项：……】), if any."""
    titles = _ITEM_TITLE.findall(message.text or "")
    return titles[-1] if titles else None


def _is_question_or_document(message: BotMessage) -> bool:
    if message.document is not None:
        return True
    return message.method == "sendMessage" and bool(_answers(message))


def message_turn(message: BotMessage) -> int:
    """The engine turn a question was shown at; -1 if none."""
    return next((action.turn for action, _ in _answers(message)), -1)


def message_draft(message: BotMessage) -> str | None:
    """The draft a question belongs to; None if none."""
    return next((action.draft_id for action, _ in _answers(message)), None)


def _checked(message: BotMessage) -> set[str]:
    """Actions of the engine buttons marked ✅ (a multi-choice pick already toggled on)."""
    labels = {
        button.get("callback_data"): button.get("text", "")
        for row in (message.reply_markup or {}).get("inline_keyboard", [])
        for button in row
    }
    return {action.action for action, data in _answers(message) if labels.get(data, "").startswith("✅")}


def _buttons(message: BotMessage) -> dict[str, str]:
    """Engine buttons of a message by action: {"c0": "q:…:c0", "skip": "q:…:skip", …}."""
    return {action.action: data for action, data in _answers(message)}


class EchoClerk:
    """For the echo bot: ``updates`` updates at the same pace, texts and button presses in
    turn, each waiting for its own reply (the echo bot cannot run an interview)."""

    def __init__(self, api: FakeBotApi, user_id: int, updates: int, pace: Pace, rng: random.Random) -> None:
        self.api, self.updates, self.pace, self.rng = api, updates, pace, rng
        self.result = ClerkResult(user_id)

    async def run(self) -> ClerkResult:
        user = self.result.user_id
        last: BotMessage | None = None
        for serial in range(self.updates):
            if self.pace.think_s > 0:
                await asyncio.sleep(self.rng.uniform(0.5, 1.5) * self.pace.think_s)
            if last is None or serial % 2 == 0:
                expected = f"回声{serial}"
                self.api.push_text(user, expected)
            else:
                self.api.press_button(user, last.message_id, f"b{serial}")
                expected = f"按下了 b{serial}"
            self.result.updates += 1
            reply = await self._reply(expected)
            if reply is None:
                self.result.nudges += 1
            else:
                last = reply
        self.result.finished = self.result.nudges == 0
        return self.result

    async def _reply(self, expected: str) -> BotMessage | None:
        try:
            while True:
                message = await self.api.next_bot_message(self.result.user_id, timeout=self.pace.reply_timeout_s)
                if message.text == expected:
                    return message
        except TimeoutError:
            return None
