"""`python bot.py` as a process: token problems end it clearly, and the token never reaches the log."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from storage.postgres import PostgresDraftStore
from tests.support.bot_process import BotProcess
from tests.support.fakebotapi import DEFAULT_TOKEN, FakeBotApi
from tests.support.postgres import PgCluster
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


def test_a_second_long_polling_instance_on_one_database_refuses_to_start_until_the_first_is_gone(
    tmp_path: Path, pg_cluster: PgCluster
) -> None:
    """Two pollers on one bot answer messages twice; the second one is refused with a clear
    message, and once the first is gone (even SIGKILLed) its lease is free."""
    url = pg_cluster.new_database()

    async def scenario() -> tuple[int, str, str]:
        async with FakeBotApi() as api:
            first = BotProcess(api, tmp_path / "first", {"DATABASE_URL": url})
            await first.start()
            try:
                await api.wait_for(lambda: bool(api.calls_to("getUpdates")), timeout=60)
                second = await asyncio.create_subprocess_exec(
                    sys.executable, "bot.py", cwd=ROOT, env={**first.env, "DATA_DIR": str(tmp_path / "second")},
                    stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
                )
                _, err = await asyncio.wait_for(second.communicate(), timeout=60)
            finally:
                await first.kill()
            again = BotProcess(api, tmp_path / "second", {"DATABASE_URL": url})
            await again.start()
            try:
                clerk = Clerk(api, 4242)
                replies = await clerk.say("/new")  # the lease is free: the second one serves
            finally:
                await again.stop()
            return second.returncode or 0, err.decode(), replies[-1].text or ""

    code, err, reply = asyncio.run(scenario())
    assert code == 3 and "长轮询" in err and "--webhook" in err and "Traceback" not in err
    assert "单位" in reply


@pytest.mark.parametrize("command", [[], ["console"]], ids=["bot", "console"])
def test_a_database_migrated_by_a_newer_program_is_refused_at_start(
    tmp_path: Path, pg_cluster: PgCluster, command: list[str]
) -> None:
    url = pg_cluster.new_database()
    PostgresDraftStore(url).close()  # today's tables
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("INSERT INTO schema_migrations (version) VALUES (999)")  # a newer program's step
    env = bot_env(tmp_path, TELEGRAM_BOT_TOKEN=DEFAULT_TOKEN, DATABASE_URL=url)
    result = subprocess.run([sys.executable, "bot.py", *command], cwd=ROOT, env=env, capture_output=True, text=True,
                            stdin=subprocess.DEVNULL, timeout=60)
    assert result.returncode == 3
    assert "更新版本" in result.stderr and "999" in result.stderr and "Traceback" not in result.stderr
