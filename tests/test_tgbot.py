"""The Telegram adapter without HTTP: codec, rendering, the gate, polling offsets, and
whole updates through the adapter with a recording sender."""

from __future__ import annotations

import asyncio
import html
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from telegram import Update

from app import texts
from app.actions import (
    Answer,
    CancelDelete,
    ConfirmDelete,
    DraftsPage,
    NewDraft,
    OpenDraft,
    ResumeDraft,
    SetGenre,
    SetLayout,
    decode,
    encode,
)
from app.messages import Choice, Text
from app.service import InterviewService
from dialogs.answers import ChoiceAnswer
from dialogs.questionnaire import load_questionnaire
from storage.async_store import AsyncDraftStore
from storage.memory import MemoryDraftStore
from tests.support.fake_sender import FakeSender
from tgbot.adapter import TelegramAdapter, command_of
from tgbot.gate import REFUSE_WINDOW_S, Gate, Verdict
from tgbot.polling import ConfirmWindow, poll
from tgbot.render import text_parts

TELEGRAM_LIMIT = 4096  # Telegram's own figure, not ours: a test against our constant could not fail

CLERK = 501
STRANGER = 666
BOT = "cwzj_bot"

ACTIONS = [
    Answer("abc123", 0, "c0"),
    Answer("k2k2k2k2k2", 123456, "skip"),
    OpenDraft("abc123"),
    NewDraft(),
    ResumeDraft(),
    SetLayout("abc123", "progress"),
    SetGenre("k2k2k2k2k2", 2),
    ConfirmDelete("abc123"),
    CancelDelete(),
    DraftsPage(3),
]


# --- codec -----------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ACTIONS, ids=repr)
def test_every_action_round_trips_in_64_ascii_bytes(action: object) -> None:
    data = encode(action)  # type: ignore[arg-type]
    assert data.isascii() and len(data.encode()) <= 64
    assert decode(data) == action


@pytest.mark.parametrize(
    "forged",
    ["", "q", "q:abc:1", "q:abc:²:c0", "q:abc:１:c0", "q:ABC:1:c0", "q:abc:1:C0", "q:abc:-1:c0", "rm", "x", "x:", "d:../etc",
     "p:x", "l:", "q:abc:1:c0:extra", "n ", "xnx"],
)
def test_anything_the_bot_could_not_have_written_decodes_to_nothing(forged: str) -> None:
    assert decode(forged) is None


@given(st.text(max_size=80))
def test_decoding_never_raises(data: str) -> None:
    decoded = decode(data)
    assert decoded is None or encode(decoded) == data


# --- rendering -------------------------------------------------------------------------------


def test_clerk_text_is_escaped_in_html() -> None:
    [(part, keyboard)] = text_parts([Text("单位：A‹B<乡>&", progress="基本信息", hint="写<全称>")])
    assert "A‹B&lt;乡&gt;&amp;" in part and "&lt;全称&gt;" in part
    assert part.startswith("<i>基本信息</i>") and keyboard is None


def test_a_long_text_is_split_within_the_limit_header_first_and_never_inside_an_entity() -> None:
    body = "\n".join(f"{n}. 清理&整治<背街小巷>" + "甲" * 300 for n in range(1, 60))  # ~19,000 characters
    choices = ((Choice("完成", NewDraft()),),)
    parts = text_parts([Text(body, progress="宣传发动 · 第 3 题", choices=choices)])
    assert len(parts) >= 5
    assert all(len(html_text) <= TELEGRAM_LIMIT for html_text, _ in parts)
    assert parts[0][0].startswith("<i>宣传发动 · 第 3 题</i>")  # the header opens the first part
    assert [keyboard is not None for _, keyboard in parts] == [False] * (len(parts) - 1) + [True]
    joined = "\n".join(html.unescape(h) for h, _ in parts)
    assert all(f"{n}. 清理&整治<背街小巷>" in joined for n in range(1, 60))  # every line, whole
    for html_text, _ in parts:
        assert html.unescape(html_text).count("&") == html_text.count("&amp;")  # no cut entity


def test_a_one_line_text_longer_than_a_message_is_cut_too() -> None:
    parts = text_parts([Text("字" * 10_000)])
    assert len(parts) == 3 and all(len(p) <= TELEGRAM_LIMIT for p, _ in parts)
    assert "".join(p for p, _ in parts) == "字" * 10_000


def test_a_notice_joins_the_question_after_it_in_one_bubble() -> None:
    question = Text("您的单位是？", choices=((Choice("乡", NewDraft()),),))
    [(part, keyboard)] = text_parts([Text("已保存。"), question])
    assert part == "已保存。\n\n您的单位是？" and keyboard is not None


# --- commands and the gate ---------------------------------------------------------------------


def test_commands_are_read_as_telegram_writes_them() -> None:
    assert command_of("/new", BOT) == "new"
    assert command_of("/new@cwzj_bot", BOT) == "new"
    assert command_of("/new@other_bot", BOT) == ""
    assert command_of("/whatever", BOT) == "help"
    assert command_of("新建", BOT) is None


def update(data: dict[str, Any]) -> Update:
    return Update.de_json(data, None)  # type: ignore[arg-type]


def private_text(user: int, text: str, update_id: int = 1, date: int = 1_800_000_000) -> Update:
    person = {"id": user, "is_bot": False, "first_name": "X"}
    chat = {"id": user, "type": "private"}
    return update({"update_id": update_id, "message": {"message_id": update_id, "date": date, "chat": chat, "from": person, "text": text}})


def group_text(user: int, text: str, update_id: int = 1) -> Update:
    person = {"id": user, "is_bot": False, "first_name": "X"}
    chat = {"id": -100, "type": "supergroup", "title": "g"}
    return update({"update_id": update_id, "message": {"message_id": update_id, "date": 1_800_000_000, "chat": chat, "from": person, "text": text}})


def press(user: int, data: str, chat_id: int | None = None, keyboard_data: Sequence[str] | None = None, update_id: int = 9) -> Update:
    person = {"id": user, "is_bot": False, "first_name": "X"}
    chat = {"id": user if chat_id is None else chat_id, "type": "private" if chat_id is None else "group", "title": "g"}
    buttons = [[{"text": "按钮", "callback_data": d}] for d in (keyboard_data if keyboard_data is not None else [data])]
    message = {"message_id": 3, "date": 1_800_000_000, "chat": chat, "text": "问题", "reply_markup": {"inline_keyboard": buttons}}
    return update({"update_id": update_id, "callback_query": {"id": "q1", "from": person, "chat_instance": "c", "data": data, "message": message}})


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def judged(gate: Gate, update: Update, addressed: bool = False) -> Verdict:
    return asyncio.run(gate.judge(update, addressed=addressed))


def test_a_stranger_is_refused_once_per_window_and_strangers_together_stay_within_a_budget() -> None:
    clock = Clock()
    gate = Gate(lambda user: user == CLERK, clock)
    assert judged(gate, private_text(STRANGER, "hi")) is Verdict.REFUSE
    assert all(judged(gate, private_text(STRANGER, "hi")) is Verdict.IGNORE for _ in range(300))
    clock.now += REFUSE_WINDOW_S + 1
    assert judged(gate, private_text(STRANGER, "hi")) is Verdict.REFUSE
    # 300 different strangers at once get a handful of refusals, not 300.
    refused = sum(judged(gate, private_text(10_000 + n, "hi")) is Verdict.REFUSE for n in range(300))
    assert refused <= 3
    assert judged(gate, private_text(CLERK, "hi")) is Verdict.SERVE


def test_instances_sharing_a_window_refuse_a_stranger_once_between_them() -> None:
    told: set[str] = set()

    async def shared(key: str, window_s: float) -> bool:  # the database's record, in miniature
        first = key not in told
        told.add(key)
        return first

    one, two = (Gate(lambda user: user == CLERK, Clock(), shared=shared) for _ in range(2))
    assert judged(one, private_text(STRANGER, "hi")) is Verdict.REFUSE
    assert judged(two, private_text(STRANGER, "hi")) is Verdict.IGNORE  # told by the other instance
    assert judged(two, private_text(CLERK, "hi")) is Verdict.SERVE


def test_in_groups_strangers_get_silence_and_clerks_one_hint() -> None:
    gate = Gate(lambda user: user == CLERK, Clock())
    assert judged(gate, group_text(STRANGER, "/start@cwzj_bot"), addressed=True) is Verdict.IGNORE
    assert judged(gate, group_text(CLERK, "大家好")) is Verdict.IGNORE
    assert judged(gate, group_text(CLERK, "/drafts"), addressed=True) is Verdict.GROUP_HINT
    assert judged(gate, group_text(CLERK, "/review"), addressed=True) is Verdict.IGNORE  # once per window
    assert judged(gate, press(CLERK, "n", chat_id=-100)) is Verdict.NOT_YOURS


# --- whole updates through the adapter ----------------------------------------------------------


def adapter_with(allowed: int = CLERK) -> tuple[TelegramAdapter, FakeSender, MemoryDraftStore]:
    memory = MemoryDraftStore()
    service = InterviewService(load_questionnaire(), AsyncDraftStore(memory))
    sender = FakeSender()
    return TelegramAdapter(service, sender, Gate(lambda user: user == allowed), BOT), sender, memory


def test_group_commands_show_nothing_private_and_group_presses_change_nothing() -> None:
    async def scenario() -> None:
        adapter, sender, memory = adapter_with()
        await adapter.handle(private_text(CLERK, "/new", update_id=1))
        await adapter.handle(private_text(CLERK, "青山镇", update_id=2))
        sent_before = len(sender.deliveries)
        await adapter.handle(group_text(CLERK, "/review@cwzj_bot", update_id=3))
        await adapter.handle(group_text(STRANGER, "/review@cwzj_bot", update_id=4))
        await adapter.handle(group_text(STRANGER, "随便说说", update_id=5))
        assert len(sender.deliveries) == sent_before  # nothing of the draft went to the group
        assert sender.said == [(-100, texts.GROUP_HINT)]
        await adapter.handle(press(STRANGER, "n", chat_id=-100))  # another member presses 新建一份
        await adapter.handle(press(CLERK, "n", chat_id=-100))
        assert len(memory.list_by_owner(CLERK)) == 1 and memory.list_by_owner(STRANGER) == []

    asyncio.run(scenario())


def test_a_forged_press_changes_nothing_not_even_the_keyboard() -> None:
    async def scenario() -> None:
        adapter, sender, memory = adapter_with()
        await adapter.handle(private_text(CLERK, "/new", update_id=1))
        await adapter.handle(private_text(CLERK, "青山镇", update_id=2))
        before = memory.list_by_owner(CLERK)[0]
        question = next(m for m in reversed(sender.deliveries[-1].messages) if isinstance(m, Text) and m.choices)
        live = [encode(c.action) for row in question.choices for c in row]
        deliveries = len(sender.deliveries)
        for n, forged in enumerate(["rm", "xn", "q:abc:²:c0", live[0].rsplit(":", 1)[0] + ":c99"]):
            await adapter.handle(press(CLERK, forged, keyboard_data=live, update_id=10 + n))
        assert len(sender.deliveries) == deliveries  # no message sent, no keyboard closed or redrawn
        assert [text for _, text in sender.answers] == [texts.STALE_BUTTON] * 4
        assert memory.list_by_owner(CLERK)[0].state == before.state

    asyncio.run(scenario())


def test_a_paste_telegram_split_in_two_is_refused_once_and_its_tail_is_not_an_answer() -> None:
    async def scenario() -> None:
        adapter, sender, memory = adapter_with()
        await adapter.handle(private_text(CLERK, "/new", update_id=1))
        before = memory.list_by_owner(CLERK)[0].state
        await adapter.handle(private_text(CLERK, "甲" * 4096, update_id=2, date=1_800_000_100))
        await adapter.handle(private_text(CLERK, "乙" * 904, update_id=3, date=1_800_000_101))
        assert sender.said == [(CLERK, texts.TOO_LONG)]
        assert memory.list_by_owner(CLERK)[0].state == before  # neither part became an answer
        await adapter.handle(private_text(CLERK, "青山镇", update_id=4, date=1_800_000_200))
        assert "unit_name" in memory.list_by_owner(CLERK)[0].state.answers

    asyncio.run(scenario())


def test_a_failing_update_is_logged_and_the_clerk_told_and_the_bot_goes_on(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> None:
        adapter, sender, _ = adapter_with()

        async def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("disk on fire")

        adapter.service.handle = broken  # type: ignore[method-assign]
        await adapter.handle(private_text(CLERK, "秘密答案", update_id=1))
        assert sender.said == [(CLERK, texts.FAILED)]

    asyncio.run(scenario())
    assert "RuntimeError" in caplog.text and "秘密答案" not in caplog.text


# --- polling confirms only what was handled ---------------------------------------------------------


def test_the_confirm_window_never_passes_an_update_still_in_flight() -> None:
    window = ConfirmWindow()
    assert window.admit([5, 6, 7]) == [5, 6, 7]
    assert window.admit([5, 6, 7, 8]) == [8]  # a poll returns in-flight ones again
    window.finish(6)
    window.finish(7)
    assert window.offset == 5  # 5 is still being handled: confirming 6 would confirm it too
    window.finish(5)
    assert window.offset == 8
    window.finish(8)
    assert window.offset == 9 and window.busy == 0
    assert window.admit([8], asked=5) == []  # a poll sent before 8 was confirmed returns a copy of it
    assert window.admit([5, 8], asked=None) == []  # the same from the very first poll


def test_the_confirm_window_follows_telegram_when_it_restarts_its_ids_lower() -> None:
    """After a week without updates Telegram picks the next update_id at random: updates
    below the offset asked for are new, and the old offset must not confirm them."""
    window = ConfirmWindow()
    window.admit([900, 901], asked=None)
    window.finish(900)
    window.finish(901)
    assert window.offset == 902
    assert window.admit([17, 18], asked=902) == [17, 18]  # below the offset asked for: new
    assert window.offset is None  # until they are handled, nothing is confirmed
    window.finish(17)
    assert window.offset == 18
    window.finish(18)
    assert window.offset == 19


class ScriptedBot:
    """get_updates that serves a fixed list like Telegram: everything at or above the offset."""

    def __init__(self, ids: list[int]) -> None:
        self.pending = ids
        self.offsets: list[int | None] = []

    async def get_update_data(self, offset: int | None, timeout_s: float, *_: Any, **__: Any) -> list[dict[str, Any]]:
        self.offsets.append(offset)
        if offset is not None:
            self.pending = [i for i in self.pending if i >= offset]
        await asyncio.sleep(0.001)
        return [private_text(CLERK, "x", update_id=i).to_dict() for i in self.pending]


def test_polling_confirms_an_update_only_after_its_handling_finished() -> None:
    async def scenario() -> tuple[ScriptedBot, list[int]]:
        bot = ScriptedBot([10, 11, 12])
        release = asyncio.Event()
        handled: list[int] = []
        stop = asyncio.Event()

        async def handle(update: Update) -> None:
            if update.update_id == 10:
                await release.wait()  # a slow first update (a draft build, a retried send)
            handled.append(update.update_id)
            if len(handled) == 3:
                stop.set()

        task = asyncio.create_task(poll(bot, handle, stop, timeout_s=0.01))  # type: ignore[arg-type]
        await asyncio.sleep(0.3)
        assert all(offset in (None, 10) for offset in bot.offsets)  # 11 and 12 done, 10 not: nothing confirmed
        release.set()
        await asyncio.wait_for(task, 5)
        return bot, handled

    bot, handled = asyncio.run(scenario())
    assert sorted(handled) == [10, 11, 12]  # each handled once, though polled many times
    assert bot.offsets[-1] == 13  # confirmed on the way out


def test_polling_tells_of_a_whole_batch_before_handling_any_of_it() -> None:
    """So that a redelivered update can tell that a newer one of its clerk is in hand
    (InterviewService.expect), even when its own handling never waits for anything."""

    async def scenario() -> list[tuple[str, int]]:
        bot = ScriptedBot([10, 11, 12])
        events: list[tuple[str, int]] = []
        stop = asyncio.Event()

        async def handle(update: Update) -> None:
            events.append(("handled", update.update_id))
            if len(events) == 6:
                stop.set()

        def received(update: Update) -> None:
            events.append(("received", update.update_id))

        await asyncio.wait_for(poll(bot, handle, stop, timeout_s=0.01, received=received), 5)  # type: ignore[arg-type]
        return events

    events = asyncio.run(scenario())
    assert events == [("received", 10), ("received", 11), ("received", 12), ("handled", 10), ("handled", 11), ("handled", 12)]


class GarbledBot(ScriptedBot):
    """Serves update 11 in a shape no Update can be read from."""

    async def get_update_data(self, offset: int | None, timeout_s: float, *_: Any, **__: Any) -> list[dict[str, Any]]:
        served = await super().get_update_data(offset, timeout_s)
        return [{"update_id": 11, "message": {"chat": "?"}} if d["update_id"] == 11 else d for d in served]


def test_an_update_that_cannot_be_read_is_skipped_and_polling_goes_on() -> None:
    async def scenario() -> tuple[GarbledBot, list[int]]:
        bot = GarbledBot([10, 11, 12])
        handled: list[int] = []
        stop = asyncio.Event()

        async def handle(update: Update) -> None:
            handled.append(update.update_id)
            if len(handled) == 2:
                stop.set()

        await asyncio.wait_for(poll(bot, handle, stop, timeout_s=0.01), 5)  # type: ignore[arg-type]
        return bot, handled

    bot, handled = asyncio.run(scenario())
    assert sorted(handled) == [10, 12]
    assert bot.offsets[-1] == 13  # 11 is confirmed too: it does not hold the offset back


def test_a_flood_of_stranger_messages_is_refused_once_and_the_clerk_is_served() -> None:
    async def scenario() -> None:
        adapter, sender, memory = adapter_with()
        for n in range(300):
            await adapter.handle(private_text(STRANGER, "你好", update_id=n + 1))
        await adapter.handle(private_text(CLERK, "/new", update_id=400))
        assert sender.refused == [(STRANGER, texts.NOT_ALLOWED)]
        assert memory.list_by_owner(STRANGER) == [] and len(memory.list_by_owner(CLERK)) == 1

    asyncio.run(scenario())


def test_a_press_on_a_message_too_old_to_show_its_content_still_answers_the_live_question() -> None:
    async def scenario() -> None:
        adapter, sender, memory = adapter_with()
        await adapter.handle(private_text(CLERK, "/new", update_id=1))
        await adapter.handle(private_text(CLERK, "青山镇", update_id=2))
        question = next(m for m in reversed(sender.deliveries[-1].messages) if isinstance(m, Text) and m.choices)
        town = next(c for row in question.choices for c in row if c.label == "镇")
        person = {"id": CLERK, "is_bot": False, "first_name": "X"}
        old = {"chat": {"id": CLERK, "type": "private"}, "message_id": 3, "date": 0}  # Telegram's inaccessible message
        data = {"id": "q9", "from": person, "chat_instance": "c", "data": encode(town.action), "message": old}
        await adapter.handle(update({"update_id": 3, "callback_query": data}))
        assert memory.list_by_owner(CLERK)[0].state.answers["unit_type"] == ChoiceAnswer(choice="镇")

    asyncio.run(scenario())
