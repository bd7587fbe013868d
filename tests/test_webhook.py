"""`python bot.py --webhook URL`: registers the webhook with its secret and answers updates posted to it."""

from __future__ import annotations

import asyncio
import socket
import sys
from pathlib import Path

import aiohttp
import pytest

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


@pytest.mark.parametrize("configured", [SECRET, None], ids=["secret-set", "secret-generated"])
def test_webhook_mode_registers_the_url_and_answers_posted_updates(tmp_path: Path, configured: str | None) -> None:
    """Without WEBHOOK_SECRET_TOKEN a random secret is made, registered and required: a
    forged post never reaches a clerk's draft. The 200 comes after the update is handled."""
    port = free_port()
    secret_env = {"WEBHOOK_SECRET_TOKEN": configured} if configured else {}

    async def scenario() -> None:
        async with FakeBotApi() as api:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "bot.py", "--webhook", PUBLIC_URL, cwd=ROOT,
                env=bot_env(tmp_path, TELEGRAM_BOT_TOKEN=DEFAULT_TOKEN, BOT_API_BASE_URL=api.base_url,
                            WEBHOOK_LISTEN="127.0.0.1", WEBHOOK_PORT=str(port), **secret_env),
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )
            try:
                await api.wait_for(lambda: bool(api.calls_to("setWebhook")), timeout=30)
                registered = api.calls_to("setWebhook")[-1].params
                assert registered["url"] == f"{PUBLIC_URL}/telegram"
                secret = registered["secret_token"]
                assert len(secret) >= 32 and (configured is None or secret == configured)
                hook = f"http://127.0.0.1:{port}/telegram"
                async with aiohttp.ClientSession() as http:
                    for forged_headers in ({}, {HEADER: "wrong"}, {HEADER: secret[:-1]}):
                        status = await post_when_listening(http, hook, start_update(api, 666), forged_headers)
                        assert status == 403  # a forged post is refused
                    assert all(m.sender != "bot" for m in api.transcript(666))  # and the "clerk" got nothing
                    status = await post_when_listening(http, hook, start_update(api, 777), {HEADER: secret})
                    assert status == 200
                    # Handled before the 200: the reply is already in the chat.
                    assert any("创文总结助手" in (m.text or "") for m in api.transcript(777) if m.sender == "bot")
            finally:
                process.terminate()
                _, err = await asyncio.wait_for(process.communicate(), timeout=30)
            assert ("generated a random secret" in err.decode()) == (configured is None)

    asyncio.run(scenario())


HEADER = "X-Telegram-Bot-Api-Secret-Token"


async def post_when_listening(
    http: aiohttp.ClientSession, url: str, update: dict[str, object], headers: dict[str, str]
) -> int:
    for _ in range(100):  # the listener may start a moment after setWebhook
        try:
            async with http.post(url, json=update, headers=headers) as response:
                return response.status
        except aiohttp.ClientConnectionError:
            await asyncio.sleep(0.1)
    raise AssertionError("the webhook never listened")

