"""What a clerk (or a modified client) sends that must not do more than it says, through
the real bot and the fake Bot API: presses on keyboards the bot closed, the parts of a
paste Telegram split, a user no longer allowed, text Telegram should never have sent.
Every Bot API call the bot makes on the way must succeed."""

from __future__ import annotations

import asyncio
from pathlib import Path

from app import texts
from app.actions import Answer, decode
from dialogs.answers import ChoiceAnswer, TextAnswer
from tests.support.fakebotapi import FakeBotApi
from tests.telegram_harness import Clerk, bot_and_server, bot_settings, button_with_label, start_bot

CLERK = 3003
UNIT_TYPE = "您的单位是乡、镇、街道还是社区"


def failed_calls(api: FakeBotApi) -> list[str]:
    """The bot's Bot API calls that Telegram refused (400 for bad HTML, and the like); a
    long poll the bot left when it stopped has no answer, and is no failure."""
    abandoned = [c for c in api.calls if c.method == "getUpdates" and c.status == 0]
    return [f"{c.method} {c.status} {c.error}" for c in api.calls if c.status != 200 and c not in abandoned]


def answered_presses(api: FakeBotApi) -> list[str | None]:
    return [c.params.get("text") for c in api.calls_to("answerCallbackQuery")]


def test_forged_presses_on_a_keyboard_the_bot_closed_change_nothing(tmp_path: Path) -> None:
    """A modified client sends data the message no longer offers (the answered question's
    keyboard is gone): no 文种 switched, no draft made, nothing deleted, not even asked."""

    async def scenario() -> None:
        async with bot_and_server(tmp_path) as (api, running):
            clerk = Clerk(api, CLERK, timeout=15)
            await clerk.say("/start")
            await clerk.say("青山镇")
            answered = clerk.last_question
            assert answered is not None
            draft_id = next(a.draft_id for d in answered.button_data() if isinstance(a := decode(d), Answer))
            await clerk.press("镇")  # answered: its keyboard is closed
            live = clerk.last_question
            assert live is not None
            before = await running.current_draft(CLERK)
            forged = [f"k:{draft_id}:2", "n", f"x:{draft_id}", f"l:{draft_id}:itemized", f"d:{draft_id}", "r"]
            for data in forged:
                api.press_button(CLERK, answered.message_id, data)
            api.press_button(CLERK, live.message_id, f"x:{draft_id}")  # open, but not its button
            await api.wait_for(lambda: len(answered_presses(api)) >= 1 + len(forged) + 1, timeout=15)
            assert answered_presses(api)[-len(forged) - 1 :] == [texts.STALE_BUTTON] * (len(forged) + 1)
            after = await running.store.list_by_owner(CLERK)
            assert [d.id for d in after] == [draft_id]  # no draft made, none deleted
            assert after[0].state == before.state and after[0].layout == before.layout  # no 文种, no 版式
            assert "genre" not in after[0].state.answers
            assert failed_calls(api) == []

    asyncio.run(scenario())


def test_only_the_next_part_of_a_paste_at_the_limit_is_refused_with_it(tmp_path: Path) -> None:
    """Telegram splits a long paste into messages that follow each other (the next message
    id) after a part at its length limit. Those are refused together, once; an answer sent
    in the same second, after the refusal, is an answer."""

    async def scenario() -> None:
        async with bot_and_server(tmp_path) as (api, running):
            clerk = Clerk(api, CLERK, timeout=15)
            await clerk.say("/new")
            for part in ("甲" * 4096, "乙" * 4096, "丙" * 300):  # one paste, three parts
                api.push_text(CLERK, part)
            refused = await clerk.read_until(lambda m: texts.TOO_LONG in (m.text or ""))
            assert [m.text for m in refused] == [texts.TOO_LONG]
            api.push_text(CLERK, "丁" * 4096)  # a paste in one part at the limit
            await clerk.read_until(lambda m: texts.TOO_LONG in (m.text or ""))
            reply = await clerk.say("某镇党委")  # at once, in the same second
            assert UNIT_TYPE in (reply[-1].text or "")
            draft = await running.current_draft(CLERK)
            assert draft is not None and draft.state.answers["unit_name"] == TextAnswer(text="某镇党委")
            said = [m.text for m in api.transcript(CLERK) if m.sender == "bot"]
            assert said.count(texts.TOO_LONG) == 2  # once per paste, never for its parts
            assert failed_calls(api) == []

    asyncio.run(scenario())


def test_a_user_removed_from_the_list_pressing_new_on_an_old_message_gets_no_draft(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeBotApi() as api:
            clerk = Clerk(api, CLERK, timeout=15)
            running = await start_bot(bot_settings(api, tmp_path, allowed_users=str(CLERK)))
            try:
                await clerk.say("/start")
                offer = await clerk.say("/start", until=lambda m: "新建一份" in str(m.reply_markup))
            finally:
                await running.stop()
            new = button_with_label(offer[-1], "新建一份")
            running = await start_bot(bot_settings(api, tmp_path, allowed_users="4004"))  # CLERK removed
            try:
                for _ in range(2):  # told once; the second press is answered without a word
                    api.press_button(CLERK, offer[-1].message_id, new)
                await api.wait_for(lambda: len(api.calls_to("answerCallbackQuery")) >= 2, timeout=15)
                assert answered_presses(api) == [texts.NOT_ALLOWED, None]
                assert len(await running.store.list_by_owner(CLERK)) == 1  # still only the first
                assert failed_calls(api) == []
            finally:
                await running.stop()

    asyncio.run(scenario())


def test_a_lone_surrogate_is_answered_like_any_text(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with bot_and_server(tmp_path) as (api, running):
            clerk = Clerk(api, CLERK, timeout=15)
            await clerk.say("/new")
            reply = await clerk.say("青山\ud800镇")
            assert UNIT_TYPE in (reply[-1].text or "") and texts.FAILED not in (reply[-1].text or "")
            await clerk.press("镇")
            signing = await clerk.press("工作总结")  # the signer question offers names made of the unit's
            assert "青山\ufffd镇" in (signing[-1].text or "")
            draft = await running.current_draft(CLERK)
            assert draft is not None and draft.state.answers["unit_name"] == TextAnswer(text="青山\ufffd镇")
            assert draft.state.answers["unit_type"] == ChoiceAnswer(choice="镇")
            assert failed_calls(api) == []

    asyncio.run(scenario())


def test_the_note_under_a_pressed_draft_button_shows_a_unit_name_with_html_characters(tmp_path: Path) -> None:
    """/drafts buttons carry the unit's name; the ✅ note the press leaves must be valid HTML."""

    async def scenario() -> None:
        async with bot_and_server(tmp_path) as (api, running):
            clerk = Clerk(api, CLERK, timeout=15)
            await clerk.say("/new")
            await clerk.say("青山<东>&镇")
            await clerk.say("/new")
            listed = await clerk.say("/drafts", until=lambda m: "您的总结" in (m.text or ""))
            button = button_with_label(listed[-1], "2. 青山<东>&镇")
            api.press_button(CLERK, listed[-1].message_id, button)
            await clerk.read_until(lambda m: m.method == "editMessageText")
            marked = api.transcript(CLERK)[listed[-1].message_id - 1]
            assert marked.text is not None and marked.text.endswith("✅ 青山<东>&镇")
            assert failed_calls(api) == []
            draft = await running.current_draft(CLERK)
            assert draft is not None and draft.unit_name == "青山<东>&镇"

    asyncio.run(scenario())
