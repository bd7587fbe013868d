"""When a load run SIGKILLs the bot: at a random moment, or right after Telegram hands it updates.

A kill "after delivery" lands 0-20 ms after a getUpdates answer carrying updates left
the fake Bot API (its on_delivered hook), so it falls between the bot receiving an
update and storing its effect, the gap where an update confirmed too early is lost.
"after /new" does the same for a getUpdates answer carrying a /new, the command whose
redelivery must not make a second draft. Each restart may run the bot with slowed
fsyncs (tests/support/slow_fsync_bot.py), which widens the gap between an effect being
written and acknowledged, where a redelivered update must be answered, not re-applied.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from tests.support.bot_process import BotProcess
from tests.support.fakebotapi import FakeBotApi
from tests.support.fakebotapi.updates import QueuedUpdate
from tests.support.fleet import Fleet

MOMENTS = ("anywhere", "after delivery", "after /new")
WEIGHTS = (0.3, 0.5, 0.2)
GAP_S = 0.020  # a kill after delivery waits up to this long


@dataclass
class KillPlan:
    kills: int
    rng: random.Random
    clerks_done: Callable[[], bool]
    restart: Callable[[], Awaitable[None]]  # starts the bot again (slow fsyncs or not)
    weights: tuple[float, float, float] = WEIGHTS  # how often each of MOMENTS is chosen


async def kill_repeatedly(api: FakeBotApi, bot: BotProcess | Fleet, plan: KillPlan) -> Counter[str]:
    """Kill and restart the bot ``plan.kills`` times while clerks work; kills done per moment."""
    done: Counter[str] = Counter()
    for _ in range(plan.kills):
        await (bot.serving() if isinstance(bot, Fleet) else serving(api))
        moment = plan.rng.choices(MOMENTS, plan.weights)[0]
        if not await _wait_for(moment, api, plan):
            break
        await bot.kill()
        await plan.restart()
        done[moment] += 1
    return done


async def serving(api: FakeBotApi) -> None:
    """Wait until the (re)started bot polls for updates, or registers its webhook (several
    instances behind a proxy): killing it while it boots proves little."""

    def ready() -> int:
        return len(api.calls_to("getUpdates")) + len(api.calls_to("setWebhook"))

    before = ready()
    await api.wait_for(lambda: ready() > before, timeout=120)


async def _wait_for(moment: str, api: FakeBotApi, plan: KillPlan) -> bool:
    """Sleep until the moment to kill; False when the clerks finished first."""
    await asyncio.sleep(plan.rng.uniform(0.2, 2.0) if moment == "anywhere" else plan.rng.uniform(0.1, 0.5))
    if plan.clerks_done():
        return False
    if moment == "anywhere":
        return True
    wanted = is_new_command if moment == "after /new" else (lambda update: True)
    delivered = asyncio.Event()
    api.world.feed.on_delivered = lambda updates: delivered.set() if any(map(wanted, updates)) else None
    try:
        while not delivered.is_set():
            if plan.clerks_done():
                return False
            try:
                await asyncio.wait_for(delivered.wait(), timeout=1.0)
            except TimeoutError:
                continue
    finally:
        api.world.feed.on_delivered = lambda updates: None
    await asyncio.sleep(plan.rng.uniform(0.0, GAP_S))
    return True


def is_new_command(update: QueuedUpdate) -> bool:
    text = update.body.get("text") if update.kind == "message" else None
    return isinstance(text, str) and text.split("@")[0].strip() == "/new"
