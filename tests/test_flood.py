"""One clerk's burst does not hold up the others, and their sends share the rate fairly.

Asserted by order and progress, never by time: when the other clerk's reply arrives, the
flooding clerk's backlog must still be far from done (before the fix every one of the
300 was handled and answered first).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from pydantic import SecretStr

from app import texts
from tests.support.fakebotapi import FakeBotApi
from tests.support.postgres import free_port
from tests.telegram_harness import bot_settings, start_bot
from tgbot.flood import BACKLOG, QUIET_S, Admission, FloodGuard
from tgbot.send_rate import FairRate

FLOODER, OTHER = 6001, 6002
BURST = 300


def sent_to(api: FakeBotApi, chat: int) -> list[float]:
    return [c.at for c in api.calls_to("sendMessage") if c.chat_id == chat and c.status == 200]


@pytest.mark.parametrize("mode", ["polling", "webhook"])
def test_a_clerks_burst_does_not_hold_up_another_clerks_reply(tmp_path: Path, mode: str) -> None:
    async def scenario() -> None:
        async with FakeBotApi() as api:
            settings: dict[str, object] = {"send_rate_limit": 25}  # the default: sends are rationed
            webhook_url = None
            if mode == "webhook":
                port = free_port()
                settings |= {"webhook_listen": "127.0.0.1", "webhook_port": port, "webhook_secret_token": SecretStr("s" * 32)}
                webhook_url = "https://bot.example.org/cwzs"
                api.deliver_webhook_to(f"http://127.0.0.1:{port}/telegram")
            running = await start_bot(bot_settings(api, tmp_path, **settings), webhook_url=webhook_url)
            try:
                await api.wait_for(lambda: bool(api.calls_to("getUpdates") or api.calls_to("setWebhook")), timeout=15)
                for _ in range(BURST):
                    api.push_command(FLOODER, "new")
                api.push_command(OTHER, "start")
                await api.wait_for(lambda: bool(sent_to(api, OTHER)), timeout=60)
                answered_first = sum(at < sent_to(api, OTHER)[0] for at in sent_to(api, FLOODER))
                assert answered_first < BURST // 3, answered_first  # before the fix: all 300
                await api.wait_for(lambda: api.world.feed.pending_count == 0, timeout=120)
            finally:
                await running.stop()
            flooder_said = [m.text for m in api.transcript(FLOODER) if m.sender == "bot"]
            if mode == "polling":
                assert flooder_said.count(texts.FLOODED) == 1  # told once, not 270 times
                assert len(flooder_said) <= BACKLOG + 1
            assert "创文总结助手" in (api.transcript(OTHER)[-1].text or "")

    asyncio.run(scenario())


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_flood_is_told_once_and_ends_when_the_clerk_pauses() -> None:
    clock = Clock()
    guard = FloodGuard(clock)
    assert [guard.admit(1, waiting) for waiting in range(BACKLOG)] == [Admission.HANDLE] * BACKLOG
    assert guard.admit(1, BACKLOG) is Admission.TELL
    assert guard.admit(2, 0) is Admission.HANDLE  # another clerk is not touched
    clock.now += QUIET_S / 2
    assert guard.admit(1, 0) is Admission.DROP  # still flooding, though the backlog is gone
    clock.now += QUIET_S  # a pause
    assert guard.admit(1, 0) is Admission.HANDLE


def test_sends_waiting_for_the_rate_are_served_round_robin_by_chat() -> None:
    """Chat 1 has fifty sends waiting when chat 2's one arrives: chat 2 goes second, not 51st."""

    async def scenario() -> list[int]:
        clock = Clock()

        async def sleep(seconds: float) -> None:  # time passes only when the rate waits
            clock.now += seconds
            await asyncio.sleep(0)

        rate = FairRate(per_second=5, clock=clock, sleep=sleep)
        order: list[int] = []

        async def send(chat: int) -> None:
            await rate.acquire(chat)
            order.append(chat)

        tasks = [asyncio.create_task(send(1)) for _ in range(50)]
        await asyncio.sleep(0)  # the first five go at once (a second's budget); the rest wait
        tasks.append(asyncio.create_task(send(2)))
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=10)
        return order

    order = asyncio.run(scenario())
    assert order[:5] == [1] * 5 and order.index(2) <= 6
    assert len(order) == 51
