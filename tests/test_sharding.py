"""WORKERS > 1: one process polls and routes, workers answer. Routing keeps every clerk
on one worker; the whole thing answers interviews, survives kill -9 and stops cleanly."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from app.sharding import shard_of
from tests.support.loadsim import LoadConfig, LoadReport, run_load

USER = {"id": 50_003, "is_bot": False, "first_name": "张"}
PRIVATE = {"id": 50_003, "type": "private"}


@pytest.mark.parametrize(
    "update",
    [
        {"update_id": 1, "message": {"message_id": 5, "from": USER, "chat": PRIVATE, "text": "12"}},
        {"update_id": 2, "edited_message": {"message_id": 5, "from": USER, "chat": PRIVATE, "text": "13"}},
        {"update_id": 3, "callback_query": {"id": "q", "from": USER, "data": "x", "message": {"chat": PRIVATE}}},
        # In a group the sender, not the chat, decides: their drafts live on one worker.
        {"update_id": 4, "message": {"message_id": 6, "from": USER, "chat": {"id": -100, "type": "group"}}},
    ],
)
def test_every_update_of_a_clerk_goes_to_the_same_worker(update: dict[str, object]) -> None:
    assert shard_of(update, 2) == 50_003 % 2
    assert shard_of(update, 3) == 50_003 % 3


def test_updates_without_a_sender_are_routed_by_chat_or_to_worker_zero() -> None:
    channel_post = {"update_id": 7, "channel_post": {"message_id": 1, "chat": {"id": 1_000_001, "type": "channel"}}}
    assert shard_of(channel_post, 2) == 1_000_001 % 2
    assert shard_of({"update_id": 8, "poll": {"id": "p"}}, 3) == 0
    assert shard_of({"update_id": 9}, 3) == 0


def run_sharded(tmp_path: Path, clerks: int, **config: object) -> LoadReport:
    settings = LoadConfig(
        clerks=clerks, think_s=0.0, reply_timeout_s=4.0, data_dir=tmp_path / "data", seed=12, bot_env={"WORKERS": "2"}
    )
    for name, value in config.items():
        setattr(settings, name, value)
    return asyncio.run(run_load(settings))


def test_two_workers_answer_whole_interviews_and_stop_cleanly(tmp_path: Path) -> None:
    report = run_sharded(tmp_path, clerks=4)  # users 50000-50003: two per worker
    assert report.bot_processes == 3  # the front and two workers
    assert (report.finished, report.lost, report.doubled, report.bot_errors) == (4, 0, 0, 0), report
    assert report.bot_exit_code == 0  # SIGINT: pipes closed, workers drained, updates confirmed


def test_two_workers_killed_with_their_front_lose_no_acknowledged_answer(tmp_path: Path) -> None:
    # kill -9 of the front takes the workers with it; the restarted bot waits for them
    # to be gone (they hold the DATA_DIR lock) and every clerk resumes.
    report = run_sharded(tmp_path, clerks=4, kills=3, think_s=0.15)
    assert report.kills == 3
    assert (report.finished, report.lost, report.doubled, report.bot_errors) == (4, 0, 0, 0), report
