"""`python bot.py --webhook URL`: registers the webhook with its secret and answers updates posted to it."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import sys
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from telegram import Bot, Update

from app.settings import Settings
from tgbot.webhook import BoundedServer, WebhookLimits, webhook_server

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



# --- the port on its own: slow clients, too many connections, bodies that are no update ---------


class Hook:
    """The webhook server in this process, on a free loopback port, recording what it handles."""

    def __init__(self, limits: WebhookLimits) -> None:
        self.limits = limits
        self.handled: list[int] = []
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/telegram"
        self.server: BoundedServer | None = None
        self._runner: web.ServerRunner | None = None

    async def __aenter__(self) -> "Hook":
        async def handle(update: Update) -> None:
            self.handled.append(update.update_id)

        self.server = webhook_server(Bot(DEFAULT_TOKEN), handle, SECRET, self.limits)
        self._runner = web.ServerRunner(self.server)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    async def post(self, body: bytes) -> int:
        async with aiohttp.ClientSession() as http:
            async with http.post(self.url, data=body, headers={HEADER: SECRET, "Content-Type": "application/json"}) as answer:
                return answer.status


def an_update(update_id: int) -> bytes:
    message = {"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"}, "from": {"id": 5, "is_bot": False, "first_name": "x"}, "text": "hi"}
    return json.dumps({"update_id": update_id, "message": message}).encode()


async def _closed_by_the_server(reader: asyncio.StreamReader) -> bytes:
    """What the server sent before closing (b"" for a silent close or a reset: it closed with
    our unread request in its buffer); only the safety bound is a limit."""
    try:
        return await asyncio.wait_for(reader.read(), 60)
    except ConnectionResetError:
        return b""


def test_half_sent_requests_are_closed_the_connections_stay_bounded_and_telegram_still_gets_in(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING, logger="tgbot.webhook")
    limits = WebhookLimits(header_timeout_s=2, body_timeout_s=1, max_connections=20)

    async def scenario() -> tuple[list[bytes], list[bytes], tuple[int, int], list[int], int]:
        async with Hook(limits) as hook:
            heads, bodies = [], []
            for n in range(30):  # in turn: a request head cut short, a whole head with a body cut short
                reader, writer = await asyncio.open_connection("127.0.0.1", hook.port)
                writer.write(b"POST /telegram HTTP/1.1\r\nHost: bot\r\n")
                heads.append((reader, writer))
                reader, writer = await asyncio.open_connection("127.0.0.1", hook.port)
                writer.write(f"POST /telegram HTTP/1.1\r\nHost: bot\r\n{HEADER}: {SECRET}\r\nContent-Length: 100\r\n\r\nabc".encode())
                bodies.append((reader, writer))
            head_answers = [await _closed_by_the_server(r) for r, _ in heads]
            body_answers = [await _closed_by_the_server(r) for r, _ in bodies]
            for _, writer in heads + bodies:
                writer.close()
            status = await hook.post(an_update(77))
            assert hook.server is not None
            return head_answers, body_answers, (hook.server.most_open, hook.server.refused), hook.handled, status

    head_answers, body_answers, (most_open, refused), handled, status = asyncio.run(scenario())
    assert most_open <= limits.max_connections and refused > 0  # 60 at once: the rest were turned away
    assert all(answer == b"" for answer in head_answers)  # closed: no head within the timeout (or no room)
    assert any(answer.startswith(b"HTTP/1.1 408") for answer in body_answers)  # a body that never came
    assert all(answer == b"" or answer.startswith(b"HTTP/1.1 408") for answer in body_answers)
    assert status == 200 and handled == [77]  # Telegram's post goes through once the slow ones are gone
    assert any("the most allowed" in r.getMessage() for r in caplog.records)  # refusals are said, not silent


@pytest.mark.parametrize(
    "body",
    [
        b"[1, 2, 3]",
        b"[" * 100_000 + b"]" * 100_000,  # 200 KB of nesting
        b'{"update_id": "1"}',
        b'{"message": {"text": "no update_id"}}',
        b'{"update_id": 5, "message": "not an object"}',
        b"not json at all",
    ],
    ids=["list", "nesting", "id-text", "no-id", "bad-field", "not-json"],
)
def test_a_body_that_is_not_an_update_gets_400_without_a_traceback(body: bytes, caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> tuple[int, list[int]]:
        async with Hook(WebhookLimits()) as hook:
            return await hook.post(body), hook.handled

    status, handled = asyncio.run(scenario())
    assert status == 400 and handled == []
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


def test_the_webhook_listens_on_loopback_unless_told_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WEBHOOK_LISTEN", raising=False)
    assert Settings(_env_file=None).webhook_listen == "127.0.0.1"  # type: ignore[call-arg]
