"""After a restart, updates the killed bot had applied come again with the clerk's newer ones.

Found in the kill run (`python -m bench.load --kills 100`, and small runs of
tests/support/loadsim.py): a clerk answered question N, got question N+1 and answered
it; the bot was killed before confirming either update. After the restart Telegram
delivered both together. The first, already applied, was answered by showing where the
clerk stood (「欢迎回来」 and question N+1), although the update right behind it was
about to answer that very question. A clerk who had heard nothing for a while took the
question shown for their answer dropped and typed it again; by then the bot had stored
the first answer, so the retyped one landed on question N+2 and the acknowledged answer
to N+1 was overwritten or stored where it did not belong.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from telegram import Update

from app.messages import Message
from app.outcome import Command, Typed
from app.service import InterviewService
from dialogs.answers import ChoiceAnswer, TextAnswer
from dialogs.questionnaire import load_questionnaire
from storage.async_store import AsyncDraftStore
from storage.store import open_store
from tests.support.fakebotapi import BotMessage, FakeBotApi
from tests.telegram_harness import bot_settings, is_question, start_bot
from tgbot.adapter import arrival_of

CLERK = 4242
UNIT_TYPE_PROMPT = "您的单位是乡、镇、街道还是社区"  # the question the newest update answers


async def applied_before_the_kill(api: FakeBotApi, data_dir: Path, steps: list[tuple[int, Command | Typed]]) -> None:
    """What the killed bot had done: every step applied, none confirmed; all but the last
    handled to the end, and the bot killed while answering the last (stored, not noted)."""
    store = AsyncDraftStore(open_store(data_dir))
    try:
        service = InterviewService(load_questionnaire(), store)
        for n, (update_id, request) in enumerate(steps, 1):
            [queued] = [u for u in api.world.feed.history if u.update_id == update_id]
            update = Update.de_json({"update_id": update_id, queued.kind: queued.body}, None)  # type: ignore[arg-type]
            if n < len(steps):
                await service.handle(CLERK, request, arrival_of(update))
                continue
            with pytest.raises(ConnectionResetError):
                await service.handle(CLERK, request, arrival_of(update), deliver=died_sending)
    finally:
        store.close()


async def died_sending(messages: list[Message]) -> None:
    raise ConnectionResetError("killed while answering")


def test_a_redelivered_update_behind_a_newer_one_shows_no_question_about_to_move_on(tmp_path: Path) -> None:
    async def scenario() -> list[BotMessage]:
        async with FakeBotApi() as api:
            new = api.push_command(CLERK, "new")
            name = api.push_text(CLERK, "青山镇")
            await applied_before_the_kill(api, tmp_path, [(new, Command("new")), (name, Typed("青山镇"))])
            kind = api.push_text(CLERK, "镇")  # sent while the bot was down
            running = await start_bot(bot_settings(api, tmp_path))
            seen: list[BotMessage] = []
            try:
                while True:
                    message = await api.next_bot_message(CLERK, timeout=30)
                    seen.append(message)
                    if is_question(message) and UNIT_TYPE_PROMPT not in (message.text or ""):
                        break  # the answer to 「镇」 (the older updates are handled before it)
            finally:
                await running.stop()
            assert api.world.feed.pending_count == 0 and kind > name > new  # all three handled, confirmed
            return seen

    seen = asyncio.run(scenario())
    asked_again = [m.text for m in seen if UNIT_TYPE_PROMPT in (m.text or "")]
    assert asked_again == [], "the question 「镇」 answers was shown again after the restart"
    with open_store(tmp_path) as store:
        [draft] = store.list_by_owner(CLERK)
    assert draft.state.answers["unit_name"] == TextAnswer(text="青山镇")
    assert draft.state.answers["unit_type"] == ChoiceAnswer(choice="镇")
