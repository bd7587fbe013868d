"""Hostile and odd input, each at several points of the interview, through the real bot.

Every kind of input below is sent at a text, a choice, a number, a list and a
multi-choice question. For each one: the bot answers in Chinese or stays silent (as
listed), never crashes (no error logged), and storage is unchanged except that valid
input may set the answer of the question on screen, and nothing else.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

import pytest

from app import texts
from app.actions import Answer as AnswerButton, decode, encode
from dialogs.answers import Answer
from dialogs.checklist import next_open
from dialogs.engine import start, step
from dialogs.questionnaire import load_questionnaire
from dialogs.replies import Input
from dialogs.state import InterviewState
from storage.models import Draft
from tests.support.fakebotapi import FakeBotApi
from tests.telegram_harness import RunningBot, bot_and_server, is_question
from tests.test_telegram_e2e import script_lines
from tgbot.flood import BACKLOG

NOW = datetime(2026, 11, 29, tzinfo=timezone.utc)
STRANGER = 999_999


@dataclass(frozen=True)
class Ctx:
    """What an input needs: the server, the clerk, and the question message on screen."""

    api: FakeBotApi
    user: int
    question_id: int
    question_data: list[str]
    other_draft: str
    clerk_message_id: int


Send = Callable[[Ctx], None]


def text(value: str) -> Send:
    return lambda c: c.api.push_text(c.user, value)


def press(data: Callable[[Ctx], str]) -> Send:
    return lambda c: c.api.press_button(c.user, c.question_id, data(c))


def old_turn(c: Ctx) -> str:
    shown = decode(c.question_data[0])
    assert isinstance(shown, AnswerButton)
    return encode(replace(shown, turn=shown.turn - 1))


# (name, what the clerk does, whether the bot may stay silent)
CASES: list[tuple[str, Send, bool]] = [
    ("empty text", text(""), False),
    ("whitespace only", text("   \n\t  "), False),
    ("100,000 characters", text("创" * 100_000), False),
    ("2,001 characters", text("文" * 2_001), False),
    ("only emoji", text("😀🎉👍"), False),
    ("emoji inside text", text("某某乡😀"), False),
    ("HTML bold", text("<b>加粗</b>"), False),
    ("HTML link", text('<a href="http://example.com">点我</a>'), False),
    ("Markdown", text("*粗体* _斜体_ `代码`"), False),
    ("control characters and NUL", text("\x00\x01\x1b[31m某某\x7f"), False),
    ("RTL override", text("\u202e乡某某\u202c"), False),
    ("zero-width spaces only", text("\u200b\u200c\u200d\ufeff"), False),
    ("lone surrogate", text("某某\ud800乡"), False),
    ("number 1e9", text("1e9"), False),
    ("number -5", text("-5"), False),
    ("full-width zero", text("０"), False),
    ("full-width twelve", text("１２"), False),
    ("Chinese ten thousand", text("十万"), False),
    ("3.5个", text("3.5个"), False),
    ("SQL injection", text("'; DROP TABLE drafts; --"), False),
    ("path traversal", text("../../etc/passwd"), False),
    ("newlines only", text("\n\n\n"), False),
    ("edit a missing item", text("修改 9999"), False),
    ("unknown command", text("/format_c"), False),
    ("button of another clerk's draft", press(lambda c: f"q:{c.other_draft}:1:c0"), False),
    ("malformed callback data", press(lambda c: "q:::::"), False),
    ("oversized callback data", press(lambda c: "q:" + "x" * 200), False),
    ("non-ASCII callback data", press(lambda c: "q:草稿:1:c0"), False),
    ("unknown callback prefix", press(lambda c: "zz:1"), False),
    ("button of an earlier turn", press(old_turn), False),
    ("layout that does not exist", press(lambda c: "l:../../etc"), False),
    ("delete another clerk's draft", press(lambda c: f"x:{c.other_draft}"), False),
    ("sticker", lambda c: c.api.push_sticker(c.user), False),
    ("photo", lambda c: c.api.push_photo(c.user), False),
    ("voice", lambda c: c.api.push_voice(c.user), False),
    ("location", lambda c: c.api.push_location(c.user), False),
    ("contact", lambda c: c.api.push_contact(c.user), False),
    ("document", lambda c: c.api.push_document(c.user), False),
    ("edited message", lambda c: c.api.push_edited_text(c.user, c.clerk_message_id, "改过的答案"), False),
    ("channel post", lambda c: c.api.push_channel_post(-100123, "频道消息"), True),
    ("group text not addressed to the bot", lambda c: c.api.push_group_text(c.user, "某某乡"), True),
]

# Kinds of question the cases are sent at, found by replaying reference 【一】.
KINDS = ("text", "choice", "period", "figures", "list", "multi")


def positions() -> dict[str, InterviewState]:
    """An interview state standing at the first question of each kind."""
    questionnaire = load_questionnaire()
    state, _ = start(questionnaire, InterviewState(), NOW)
    found: dict[str, InterviewState] = {}
    for line in ["", *script_lines("reference1.txt")]:
        if line:
            state, _ = step(questionnaire, state, Input.typed(line), NOW)
        slot = next_open(questionnaire, state)
        if slot is not None and slot.role == "question" and slot.question.kind in KINDS:
            found.setdefault(slot.question.kind, state)
    assert set(found) == set(KINDS)
    return found


def flat(answers: dict[str, Answer]) -> dict[str, object]:
    return {key: answer.model_dump(mode="json") for key, answer in answers.items()}


async def seat(running: RunningBot, owner: int, state: InterviewState) -> Draft:
    draft = await running.store.create(owner, "chuangwen", 1)
    saved = draft.model_copy(update={"state": state})
    await running.store.save(saved)
    return saved


def test_hostile_input_gets_a_chinese_reply_or_silence_and_changes_nothing_else(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    states = positions()
    failures: list[str] = []

    async def scenario() -> None:
        users = {100_000 + i for i in range(len(CASES) * len(KINDS) + 2)}
        async with bot_and_server(tmp_path, allowed_users=frozenset(users)) as (api, running):
            other = await seat(running, 100_000 + len(CASES) * len(KINDS), states["text"])
            user = 100_000
            for kind, state in states.items():
                for name, send, may_be_silent in CASES:
                    user += 1
                    draft = await seat(running, user, state)
                    api.push_text(user, "/resume")
                    question = await next_question(api, user)
                    clerk_message = max(m.message_id for m in api.transcript(user) if m.sender == "clerk")
                    mark = Mark(len(api.transcript(user)), len(api.calls_to("answerCallbackQuery")))
                    send(Ctx(api, user, question.message_id, question.button_data(), other.id, clerk_message))
                    replied = await wait_reply(api, user, mark, timeout=1.0 if may_be_silent else 10.0)
                    where = f"{name} at a {kind} question"
                    if replied is None and not may_be_silent:
                        failures.append(f"{where}: no reply")
                    if replied is not None and not any("\u4e00" <= ch <= "\u9fff" for ch in replied):
                        failures.append(f"{where}: reply not in Chinese: {replied[:80]!r}")
                    after = await running.store.get(draft.id)
                    failures.extend(f"{where}: {problem}" for problem in changed_elsewhere(draft, after))
            # A /start flood from one clerk: the first ones answered, the clerk told once that
            # the rest were not taken (tgbot.flood), still one draft.
            flooder = 100_000 + len(CASES) * len(KINDS) + 1
            for _ in range(BACKLOG + 10):
                api.push_text(flooder, "/start")
            told = lambda: [m.text for m in api.transcript(flooder) if m.sender == "bot"]  # noqa: E731
            await api.wait_for(lambda: len(told()) >= BACKLOG + 1, timeout=30)
            await asyncio.sleep(0.5)  # nothing more comes
            assert told().count(texts.FLOODED) == 1 and len(told()) == BACKLOG + 1
            assert len(await running.store.list_by_owner(flooder)) == 1
            # Someone not in ALLOWED_USERS: refused in Chinese, nothing stored.
            api.push_text(STRANGER, "某某乡")
            refusal = await wait_reply(api, STRANGER, Mark(1, len(api.calls_to("answerCallbackQuery"))), timeout=10)
            assert refusal is not None and "权限" in refusal
            assert await running.store.list_by_owner(STRANGER) == []
            # The bot is still alive and well after all of it.
            api.push_text(user, "/help")
            assert await wait_reply(api, user, Mark(len(api.transcript(user)) + 1, 0), timeout=10) is not None

    with caplog.at_level(logging.ERROR):  # every logger: a failed update is logged by tgbot.adapter
        asyncio.run(scenario())
    errors = [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, errors
    assert not failures, "\n".join(failures)


def changed_elsewhere(before: Draft, after: Draft | None) -> list[str]:
    """Problems: the draft vanished, or an answer other than the one asked changed."""
    if after is None:
        return ["the draft disappeared"]
    questionnaire = load_questionnaire()
    slot = next_open(questionnaire, before.state)
    asked = slot.question.id if slot and slot.group is None else (slot.group.id if slot and slot.group else None)
    old, new = flat(before.state.answers), flat(after.state.answers)
    return [f"answer {key!r} changed" for key in set(old) | set(new) if key != asked and old.get(key) != new.get(key)]


async def next_question(api: FakeBotApi, user: int) -> object:
    while True:
        message = await api.next_bot_message(user, timeout=10)
        if is_question(message):
            return message


@dataclass(frozen=True)
class Mark:
    """Where the chat and the callback answers stood before the input was sent."""

    messages: int
    callback_answers: int


async def wait_reply(api: FakeBotApi, user: int, mark: Mark, timeout: float) -> str | None:
    """The bot's first answer after ``mark``: a chat message or a button notice; None if silent."""

    def answers() -> list[str]:
        said = [m.text or m.caption or "" for m in api.transcript(user)[mark.messages:] if m.sender == "bot"]
        noticed = [str(c.params.get("text", "")) for c in api.calls_to("answerCallbackQuery")[mark.callback_answers:]]
        return said + [n for n in noticed if n]

    try:
        await api.wait_for(lambda: bool(answers()), timeout=timeout)
    except TimeoutError:
        return None
    return answers()[0]
