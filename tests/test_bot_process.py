"""`python bot.py` as a process: token problems end it clearly, and the token never reaches the log."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.fakebotapi import DEFAULT_TOKEN, FakeBotApi
from tests.telegram_harness import Clerk

ROOT = Path(__file__).resolve().parent.parent


def bot_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("TELEGRAM_BOT_TOKEN", "ALLOWED_USERS")}
    env.update({"DATA_DIR": str(tmp_path / "data"), "PYTHONUNBUFFERED": "1", "ALLOWED_USERS": "*"})
    env.update(extra)
    return env


def test_a_missing_token_ends_the_program_with_a_clear_message(tmp_path: Path) -> None:
    async def run() -> tuple[int, str]:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "bot.py", cwd=ROOT, env=bot_env(tmp_path),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )
        _, err = await asyncio.wait_for(process.communicate(), timeout=60)
        return process.returncode or 0, err.decode()

    code, err = asyncio.run(run())
    assert code == 2
    assert "TELEGRAM_BOT_TOKEN" in err and "python bot.py console" in err


def test_a_rejected_token_ends_the_program_without_printing_it(tmp_path: Path) -> None:
    wrong = "987654321:AAWrongWrongWrongWrongWrongWrongWr"

    async def run() -> tuple[int, str]:
        async with FakeBotApi() as api:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "bot.py", cwd=ROOT,
                env=bot_env(
                    tmp_path, TELEGRAM_BOT_TOKEN=wrong, BOT_API_BASE_URL=api.base_url, LOG_LEVEL="DEBUG"
                ),
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )
            _, err = await asyncio.wait_for(process.communicate(), timeout=60)
            return process.returncode or 0, err.decode()

    code, err = asyncio.run(run())
    assert code == 2
    assert "令牌" in err
    assert wrong not in err and wrong.split(":")[1] not in err


def test_the_token_never_appears_in_the_log_of_a_working_bot(tmp_path: Path) -> None:
    async def run() -> str:
        async with FakeBotApi() as api:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "bot.py", cwd=ROOT,
                env=bot_env(tmp_path, TELEGRAM_BOT_TOKEN=DEFAULT_TOKEN, BOT_API_BASE_URL=api.base_url,
                            LOG_LEVEL="DEBUG", SEND_RATE_LIMIT="0"),
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )
            clerk = Clerk(api, 4242)
            await clerk.say("/start")
            await clerk.say("青山镇")
            process.send_signal(signal.SIGINT)
            _, err = await asyncio.wait_for(process.communicate(), timeout=60)
            assert process.returncode == 0, err.decode()[-2000:]
            return err.decode()

    log = asyncio.run(run())
    assert "handling update" in log  # the DEBUG log really ran
    assert DEFAULT_TOKEN not in log and DEFAULT_TOKEN.split(":")[1] not in log
    assert "青山镇" not in log  # the clerk's answers stay out of the log


@pytest.mark.parametrize("allowed", [" , ", None], ids=["names-nobody", "unset"])
def test_an_allowlist_naming_nobody_is_a_configuration_error_not_an_open_bot(tmp_path: Path, allowed: str | None) -> None:
    env = bot_env(tmp_path, TELEGRAM_BOT_TOKEN=DEFAULT_TOKEN, BOT_API_BASE_URL="http://127.0.0.1:9/bot")
    env.pop("ALLOWED_USERS")
    if allowed is not None:
        env["ALLOWED_USERS"] = allowed

    async def run() -> tuple[int, str]:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "bot.py", cwd=ROOT, env=env,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )
        _, err = await asyncio.wait_for(process.communicate(), timeout=60)
        return process.returncode or 0, err.decode()

    code, err = asyncio.run(run())
    assert code == 2
    assert "ALLOWED_USERS" in err and "*" in err and "Traceback" not in err


@pytest.mark.parametrize("command", [[], ["console"]], ids=["bot", "console"])
def test_an_unusable_data_dir_is_explained_without_a_traceback(tmp_path: Path, command: list[str]) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where DATA_DIR should be")
    env = bot_env(tmp_path, TELEGRAM_BOT_TOKEN=DEFAULT_TOKEN, DATA_DIR=str(blocker / "data"))
    result = subprocess.run([sys.executable, "bot.py", *command], cwd=ROOT, env=env, capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=60)
    assert result.returncode == 3
    assert "DATA_DIR" in result.stderr and "数据目录" in result.stderr and "Traceback" not in result.stderr
