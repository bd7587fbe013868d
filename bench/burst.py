"""Burst: one clerk sends N × /new at once; how long does another clerk wait for a reply?

    python -m bench.burst [--bursts 300 3000] [--send-rate 25] [--webhook]

The bot runs as its own process (`python bot.py`, long polling unless --webhook) against
the local Bot API server, with Telegram's send rate rationed as in production
(SEND_RATE_LIMIT, default 25 a second). For each burst size, a fresh bot and data folder:
the flooding clerk's N commands are queued, then the other clerk's /start right behind
them. Printed per burst: the other clerk's wait from sending /start to the bot's first
reply, how many of the flooding clerk's commands were answered before it, and how long
until every update was confirmed. Last line:
RESULT other_reply_s_<N>=<s> flooder_answered_first_<N>=<n> ... (one pair per burst)
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # so python bench/<name>.py runs too

from tests.support.bot_process import BotProcess  # noqa: E402
from tests.support.fakebotapi import FakeBotApi  # noqa: E402
from tests.support.postgres import free_port  # noqa: E402

FLOODER, OTHER = 6001, 6002
PUBLIC_URL = "https://bot.example.org/cwzs"


async def burst(size: int, send_rate: float, webhook: bool) -> tuple[float, int, float]:
    """(other clerk's wait in s, flooder's commands answered before it, s until all confirmed)."""
    with tempfile.TemporaryDirectory() as data_dir:
        async with FakeBotApi() as api:
            env = {"SEND_RATE_LIMIT": str(send_rate)}
            args: list[str] = []
            if webhook:
                port = free_port()
                env |= {"WEBHOOK_LISTEN": "127.0.0.1", "WEBHOOK_PORT": str(port), "WEBHOOK_SECRET_TOKEN": "b" * 32}
                args = ["--webhook", PUBLIC_URL]
                api.deliver_webhook_to(f"http://127.0.0.1:{port}/telegram")
            bot = BotProcess(api, Path(data_dir), env, args=args)
            await bot.start()
            try:
                ready = "setWebhook" if webhook else "getUpdates"
                await api.wait_for(lambda: bool(api.calls_to(ready)), timeout=60)
                for _ in range(size):
                    api.push_command(FLOODER, "new")
                sent = time.perf_counter()
                api.push_command(OTHER, "start")
                await api.wait_for(lambda: bool(replies(api, OTHER)), timeout=600)
                first = replies(api, OTHER)[0]
                before = sum(at < first for at in replies(api, FLOODER))
                await api.wait_for(lambda: api.world.feed.pending_count == 0, timeout=1200)
                return first - sent, before, time.perf_counter() - sent
            finally:
                await bot.stop()


def replies(api: FakeBotApi, chat: int) -> list[float]:
    return [c.at for c in api.calls_to("sendMessage") if c.chat_id == chat and c.status == 200]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bursts", type=int, nargs="+", default=[300, 3000])
    parser.add_argument("--send-rate", type=float, default=25, help="SEND_RATE_LIMIT of the bot (0: off)")
    parser.add_argument("--webhook", action="store_true", help="serve a webhook instead of long polling")
    options = parser.parse_args()
    print(f"mode {'webhook' if options.webhook else 'long polling'}, SEND_RATE_LIMIT {options.send_rate:g}")
    print(f"{'burst':>6} {'other clerk waits s':>20} {'flooder answered first':>23} {'all confirmed s':>16}")
    result = []
    for size in options.bursts:
        waited, before, drained = asyncio.run(burst(size, options.send_rate, options.webhook))
        print(f"{size:>6} {waited:>20.3f} {before:>23} {drained:>16.2f}")
        result += [f"other_reply_s_{size}={waited:.3f}", f"flooder_answered_first_{size}={before}"]
    print("RESULT " + " ".join(result))


if __name__ == "__main__":
    main()
