"""Several webhook instances behind nginx on one PostgreSQL: nothing lost, nothing twice.

Real processes throughout: `python bot.py --webhook URL` twice, nginx from Debian in
front (tests/support/nginx.py), a throwaway PostgreSQL cluster, and the fake Bot API
posting every update to nginx the way Telegram posts to a webhook (secret header,
retried until a 2xx). Clerks are interleaved over both instances by the proxy.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest

from storage.errors import StorageUnavailable
from storage.postgres import PostgresDraftStore
from tests.support.fakebotapi import FakeBotApi
from tests.support.fleet import Fleet
from tests.support.loadsim import LoadConfig, run_load
from tests.support.nginx import nginx_binary
from tests.support.postgres import PgCluster
from tests.support.tools import require

CLERKS = 6
KILLS = 4
FAILED_NOTICE = "出了点问题"


@pytest.fixture
def nginx_installed() -> None:
    require(nginx_binary() is not None, "nginx (apt-get install nginx-light)")


def test_two_instances_one_killed_mid_interview_lose_nothing_and_apply_nothing_twice(
    tmp_path: Path, pg_cluster: PgCluster, nginx_installed: None
) -> None:
    config = LoadConfig(
        clerks=CLERKS, think_s=0.1, reply_timeout_s=5.0, data_dir=tmp_path / "data", seed=21,
        kills=KILLS, new_rate=0.01, database_url=pg_cluster.new_database(), instances=2,
    )
    report = asyncio.run(run_load(config))
    assert report.kills == KILLS, report.kill_moments
    check = report.storage
    assert (check.lost, check.doubled, check.duplicate_drafts) == (0, 0, 0), check.missing
    assert report.silent == 0  # every update Telegram confirmed was answered


async def _reply(api: FakeBotApi, clerk: int, timeout: float = 30) -> str:
    message = await api.next_bot_message(clerk, timeout=timeout)
    return message.text or ""


async def _start_with_a_first_answer(api: FakeBotApi, fleet: Fleet, clerks: list[int]) -> None:
    """Both instances serving; each clerk has a draft and has answered its first question."""
    await fleet.start()
    await api.wait_for(lambda: len(api.calls_to("setWebhook")) >= 2, timeout=60)
    for clerk in clerks:
        api.push_command(clerk, "new")
        assert "单位" in await _reply(api, clerk)  # the first question: the unit's name
        api.push_text(clerk, f"某某乡{clerk}")
        await _reply(api, clerk)  # the next question: the answer is stored


def test_the_database_restarted_under_two_instances_tells_the_clerk_to_retry_and_loses_nothing(
    tmp_path: Path, pg_cluster: PgCluster, nginx_installed: None
) -> None:
    url = pg_cluster.new_database()
    clerks = [70_001, 70_002]

    async def scenario() -> None:
        async with FakeBotApi() as api:
            fleet = Fleet(api, tmp_path, {"DATABASE_URL": url}, 2, random.Random(3))
            try:
                await _start_with_a_first_answer(api, fleet, clerks)
                await asyncio.to_thread(pg_cluster.stop_server)
                try:
                    api.push_text(clerks[0], "乡")
                    told = await _reply(api, clerks[0])
                finally:
                    await asyncio.to_thread(pg_cluster.start_server)
                assert told == StorageUnavailable.user_message  # not stored, said so: try again later
                for clerk in clerks:  # both instances work again, each on fresh connections
                    api.push_text(clerk, "乡")
                    assert FAILED_NOTICE not in await _reply(api, clerk)
                used = fleet.nginx.upstreams_used() if fleet.nginx else {}
            finally:
                await fleet.stop()
        assert len(used) == 2, used  # the proxy spread the clerks' updates over both instances

    asyncio.run(scenario())
    with PostgresDraftStore(url) as store:
        for clerk in clerks:
            drafts = store.list_by_owner(clerk)
            assert len(drafts) == 1
            answers = drafts[0].state.answers
            assert answers["unit_name"].text == f"某某乡{clerk}"  # type: ignore[union-attr]
            assert "unit_type" in answers


@pytest.mark.timeout(400)
def test_a_frozen_database_under_two_instances_is_said_within_seconds_and_nothing_comes_twice_after(
    tmp_path: Path, pg_cluster: PgCluster, nginx_installed: None
) -> None:
    """The server SIGSTOPped (a paused VM): the clerk is told the answer was not stored —
    not silence until Telegram gives up — and after the thaw nothing is redelivered (no
    second 「欢迎回来」), the next answer is stored once."""
    url = pg_cluster.new_database()
    clerks = [70_011, 70_012]

    async def scenario() -> dict[int, list[str]]:
        async with FakeBotApi() as api:
            fleet = Fleet(api, tmp_path, {"DATABASE_URL": url}, 2, random.Random(5))
            try:
                await _start_with_a_first_answer(api, fleet, clerks)
                pg_cluster.freeze()
                try:
                    api.push_text(clerks[0], "乡")
                    told = await _reply(api, clerks[0], timeout=60)
                finally:
                    pg_cluster.thaw()
                assert told == StorageUnavailable.user_message
                for clerk in clerks:
                    api.push_text(clerk, "乡")
                    assert "没有保存" not in await _reply(api, clerk)
                # Every update confirmed (answered 200) once: none is left to come again.
                async with asyncio.timeout(60):  # (webhook confirmations wake no waiter: look again)
                    while api.world.feed.pending_count:
                        await asyncio.sleep(0.05)
                assert all(update.deliveries == 1 for update in api.world.feed.history)
                return {clerk: [m.text or "" for m in api.transcript(clerk) if m.sender == "bot"] for clerk in clerks}
            finally:
                await fleet.stop()

    said = asyncio.run(scenario())
    for clerk, texts_ in said.items():
        assert not any("欢迎回来" in text or FAILED_NOTICE in text for text in texts_), texts_
    with PostgresDraftStore(url) as store:
        for clerk in clerks:
            [draft] = store.list_by_owner(clerk)
            assert draft.unit_name == f"某某乡{clerk}" and "unit_type" in draft.state.answers
