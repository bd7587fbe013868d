"""Telegram's update ids restart, and a redelivered update is answered once.

After a week without updates Telegram picks the next update_id at random, so a clerk who
comes back after a quiet week (the normal case for a year-end summary) sends updates with
ids below every id the bot has seen, or ids it handled before. They must be answered like
any other: the fake Bot API restarts its ids at the very ids the bot handled, between two
runs of the bot and again while it runs, in long polling and behind a webhook. And the same update posted to two instances on one database
(a proxy's retry) is applied once and answered once.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
import pytest
from pydantic import SecretStr

from dialogs.answers import ChoiceAnswer, TextAnswer
from storage.store import open_store
from tests.support.fakebotapi import BotMessage, FakeBotApi
from tests.support.fakebotapi.updates import QueuedUpdate
from tests.support.postgres import PgCluster, free_port
from tests.telegram_harness import Clerk, RunningBot, bot_settings, start_bot

CLERK = 5151
UNIT_TYPE = "您的单位是乡、镇、街道还是社区"
PUBLIC_URL = "https://bot.example.org/cwzs"
SECRET = "the-same-secret-for-every-instance"


async def start_in(mode: str, api: FakeBotApi, data_dir: Path, **settings: object) -> RunningBot:
    """The bot in ``mode`` ("polling" or "webhook"); a webhook gets Telegram's posts from the fake API."""
    if mode == "polling":
        return await start_bot(bot_settings(api, data_dir, **settings))
    port = free_port()
    webhook = {"webhook_listen": "127.0.0.1", "webhook_port": port, "webhook_secret_token": SecretStr(SECRET)}
    running = await start_bot(bot_settings(api, data_dir, **webhook, **settings), webhook_url=PUBLIC_URL)
    if api.pusher is not None:
        await api.pusher.stop()
    api.deliver_webhook_to(f"http://127.0.0.1:{port}/telegram")
    return running


def said(messages: list[BotMessage]) -> str:
    return "\n".join(m.text or "" for m in messages)


@pytest.mark.parametrize("mode", ["polling", "webhook"])
def test_a_clerk_is_answered_after_telegram_restarted_its_update_ids_lower(tmp_path: Path, mode: str) -> None:
    async def scenario() -> None:
        async with FakeBotApi() as api:
            clerk = Clerk(api, CLERK, timeout=15)
            running = await start_in(mode, api, tmp_path)
            try:
                await clerk.say("/new")
                assert UNIT_TYPE in said(await clerk.say("青山镇"))
            finally:
                await running.stop()
            first_ids = [update.update_id for update in api.world.feed.history]

            # A quiet week later the next id is random: here the very ids the bot handled
            # before (an update is known by what it carries, not by its id alone).
            api.world.feed.restart_ids(first_ids[0])
            running = await start_in(mode, api, tmp_path)
            try:
                back = said(await clerk.say("镇"))
                assert "欢迎回来" not in back and UNIT_TYPE not in back  # the answer was taken
                assert "命令" in said(await clerk.say("/help", until=lambda m: "命令" in (m.text or "")))
                listed = await clerk.say("/drafts", until=lambda m: "您的总结" in (m.text or ""))
                assert "共 1 份" in said(listed)

                # And again while the bot runs (long polling: parked in a poll with the old offset).
                await api.wait_for(lambda: mode == "webhook" or api.world.feed.waiting_polls > 0, timeout=10)
                reused = api.world.feed.history[-3].update_id  # 「镇」's: handled, stamped on the draft
                api.world.feed.restart_ids(reused)
                for text in ("/new", "白云街道", "街道", "工作总结"):  # quickly, one after the other
                    api.push_text(CLERK, text)
                answers = said(await clerk.read_until(lambda m: "白云街道办事处" in (m.text or "")))  # 落款, after 「街道」 and the genre
                assert "欢迎回来" not in answers
                await api.wait_for(lambda: api.world.feed.pending_count == 0, timeout=10)
                assert confirmed_before_answered(api, api.world.feed.history[-4:]) == []
            finally:
                await running.stop()
            again = [update.update_id for update in api.world.feed.history[-7:]]
            # every id but the genre's one handled before
            assert again == [first_ids[0], first_ids[0] + 1, first_ids[0] + 2] * 2 + [first_ids[0] + 3]
            assert api.world.feed.pending_count == 0  # every update confirmed

    asyncio.run(scenario())
    with open_store(tmp_path) as store:
        drafts = store.list_by_owner(CLERK)
    assert len(drafts) == 2  # the /new after the second restart made its draft
    newer, older = drafts[0].state.answers, drafts[1].state.answers
    assert older["unit_name"] == TextAnswer(text="青山镇") and older["unit_type"] == ChoiceAnswer(choice="镇")
    assert newer["unit_name"] == TextAnswer(text="白云街道") and newer["unit_type"] == ChoiceAnswer(choice="街道")


def test_the_same_update_posted_to_two_instances_is_applied_and_answered_once(
    tmp_path: Path, pg_cluster: PgCluster
) -> None:
    """A proxy retries a post on the other instance while the first still handles it (or
    Telegram posts again after a lost 200): one answer, one effect, one document."""
    url = pg_cluster.new_database()

    async def scenario() -> None:
        async with FakeBotApi() as api:
            ports = [free_port(), free_port()]
            bots = []
            for n, port in enumerate(ports):
                webhook = {"webhook_listen": "127.0.0.1", "webhook_port": port, "webhook_secret_token": SecretStr(SECRET)}
                settings = bot_settings(api, tmp_path / f"instance-{n}", database_url=SecretStr(url), preview_pages=0, **webhook)
                bots.append(await start_bot(settings, webhook_url=PUBLIC_URL))
            try:
                await api.wait_for(lambda: len(api.calls_to("setWebhook")) == 2, timeout=30)
                for text in ("/new", "青山镇", "镇"):
                    # Posted by hand (the fake API's own pusher is not started): to both at once.
                    api.push_text(CLERK, text)
                    queued = api.world.feed.history[-1]
                    body = {"update_id": queued.update_id, queued.kind: queued.body}
                    before = len(api.transcript(CLERK))
                    statuses = await asyncio.gather(*(post(port, body) for port in ports))
                    assert statuses == [200, 200]
                    replies = [m for m in api.transcript(CLERK)[before:] if m.sender == "bot"]
                    assert len(replies) == 1, [m.text for m in replies]  # answered once, not twice
                    assert "欢迎回来" not in (replies[0].text or "")
                # A draft, built after the clerk's turn: one .docx, not one per instance.
                api.push_text(CLERK, "/draft")
                queued = api.world.feed.history[-1]
                body = {"update_id": queued.update_id, queued.kind: queued.body}
                assert await asyncio.gather(*(post(port, body) for port in ports)) == [200, 200]
                assert len(api.documents(CLERK)) == 1
            finally:
                for bot in bots:
                    await bot.stop()

    asyncio.run(scenario())
    with open_store(database_url=url) as store:
        [draft] = store.list_by_owner(CLERK)  # one /new, one draft
    assert draft.state.answers["unit_type"] == ChoiceAnswer(choice="镇")
    assert set(draft.state.answers) == {"unit_name", "unit_type"}  # 「镇」 applied once


def confirmed_before_answered(api: FakeBotApi, updates: list[QueuedUpdate]) -> list[int]:
    """Ids of ``updates`` Telegram was told were handled before the bot had sent anything
    after receiving them (a crash then would have lost them)."""
    sent = [call.at for call in api.calls_to("sendMessage") if call.status == 200]
    return [
        update.update_id
        for update in updates
        if update.confirmed_at is None
        or update.delivered_at is None
        or not any(update.delivered_at <= at <= update.confirmed_at for at in sent)
    ]


async def post(port: int, body: dict[str, object]) -> int:
    async with aiohttp.ClientSession() as http:
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with http.post(f"http://127.0.0.1:{port}/telegram", json=body, headers=headers) as answer:
            return answer.status
