"""`python bot.py --webhook URL`: registers the webhook with its secret and answers updates posted to it."""

from __future__ import annotations

import asyncio
import socket
import sys
from pathlib import Path

import aiohttp

from tests.support.fakebotapi import DEFAULT_TOKEN, FakeBotApi
from tests.test_bot_process import ROOT, bot_env

SECRET = "a-long-random-secret-for-the-test"
PUBLIC_URL = "https://bot.example.org/cwzj"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_update(api: FakeBotApi, user_id: int) -> dict[str, object]:
    """A /start update as Telegram would POST it (the server knows the chat, so replies land)."""
    api.push_command(user_id, "start")
    queued = api.world.feed.history[-1]
    return {"update_id": queued.update_id, queued.kind: queued.body}


def test_webhook_mode_registers_the_url_and_answers_posted_updates(tmp_path: Path) -> None:
    port = free_port()

    async def scenario() -> None:
        async with FakeBotApi() as api:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "bot.py", "--webhook", PUBLIC_URL, cwd=ROOT,
                env=bot_env(tmp_path, TELEGRAM_BOT_TOKEN=DEFAULT_TOKEN, BOT_API_BASE_URL=api.base_url,
                            WEBHOOK_LISTEN="127.0.0.1", WEBHOOK_PORT=str(port), WEBHOOK_SECRET_TOKEN=SECRET),
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )
            try:
                await api.wait_for(lambda: bool(api.calls_to("setWebhook")), timeout=30)
                registered = api.calls_to("setWebhook")[-1].params
                assert registered["url"] == f"{PUBLIC_URL}/telegram"
                assert registered["secret_token"] == SECRET
                hook = f"http://127.0.0.1:{port}/telegram"
                async with aiohttp.ClientSession() as http:
                    for _ in range(100):  # the listener may start a moment after setWebhook
                        try:
                            async with http.post(hook, json=start_update(api, 777), headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}) as forged:
                                assert forged.status == 403  # a forged post without the secret is refused
                            break
                        except aiohttp.ClientConnectionError:
                            await asyncio.sleep(0.1)
                    async with http.post(hook, json=start_update(api, 777), headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as real:
                        assert real.status == 200
                reply = await api.next_bot_message(777, timeout=20)
                assert "创文总结助手" in (reply.text or "")
            finally:
                process.terminate()
                await asyncio.wait_for(process.communicate(), timeout=30)

    asyncio.run(scenario())
