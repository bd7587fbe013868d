"""A database server that stops answering (SIGSTOP: a paused VM, a stalled host) fails a
clerk's update within seconds, says the answer was not stored, and keeps that true.

Real server, frozen for real (tests/support/postgres.py: every process of the cluster
SIGSTOPped, connections left open). The server's own timeouts cannot fire while it is
stopped; the client's deadlines (storage.pg_connections) must. Each wait below has a
generous limit only so that a regression fails instead of hanging; nothing asserts speed.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import TypeVar

import psycopg
import pytest

from app import texts
from app.messages import Text
from app.outcome import Arrival, Command, Typed
from app.service import InterviewService
from dialogs.questionnaire import load_questionnaire
from storage import AsyncDraftStore
from storage.errors import StorageUnavailable
from storage.postgres import PostgresDraftStore
from tests.support.postgres import PgCluster

T0 = datetime(2025, 1, 2, 3, 4, tzinfo=timezone.utc)
SAFETY_S = 90  # far above the deadlines: only so that a missing deadline fails, not hangs
T = TypeVar("T")


@contextmanager
def frozen(cluster: PgCluster) -> Iterator[None]:
    cluster.freeze()
    try:
        yield
    finally:
        cluster.thaw()


async def bounded(awaitable: Awaitable[T]) -> T:
    return await asyncio.wait_for(awaitable, SAFETY_S)


def wait_until_gone(url: str, backend_pids: list[int]) -> None:
    """Wait until the server has ended the sessions we abandoned (and rolled back what they had open)."""
    with psycopg.connect(url, autocommit=True) as conn:
        for _ in range(500):
            rows = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", (backend_pids,)).fetchone()
            if rows is not None and rows[0] == 0:
                return
            time.sleep(0.02)
    raise AssertionError(f"sessions {backend_pids} still open")


def layout_of(url: str, draft_id: str) -> str:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT layout, document->>'layout' FROM drafts WHERE id = %s", (draft_id,)).fetchone()
    assert row is not None and row[0] == row[1]
    return str(row[0])


@pytest.mark.timeout(300)
def test_a_save_the_frozen_server_did_not_answer_fails_and_is_not_applied_when_it_wakes(pg_cluster: PgCluster) -> None:
    url = pg_cluster.new_database()

    async def scenario() -> tuple[str, list[int]]:
        store = AsyncDraftStore(PostgresDraftStore(url))
        try:
            draft = await store.create(21, "chuangwen", 2, T0)
            abandoned = []
            async with store.clerk_turn(21):
                assert (await store.current_for(21)).draft == draft
                abandoned.append(store._turn_conns[21].info.backend_pid)
                with frozen(pg_cluster):
                    with pytest.raises(StorageUnavailable):
                        await bounded(store.update(draft.id, lambda d: d.model_copy(update={"layout": "progress"})))
            return draft.id, abandoned
        finally:
            await store.aclose()
            store.close()

    draft_id, abandoned = asyncio.run(scenario())
    wait_until_gone(url, abandoned)  # the server read the UPDATE, found no COMMIT, rolled it back
    assert layout_of(url, draft_id) == "annual"  # the clerk was told "not stored": it is not


@pytest.mark.timeout(300)
def test_a_turn_a_new_draft_and_a_lookup_on_a_frozen_server_each_fail_within_the_deadline(pg_cluster: PgCluster) -> None:
    url = pg_cluster.new_database()

    async def scenario() -> None:
        store = AsyncDraftStore(PostgresDraftStore(url))
        try:
            async with store.clerk_turn(22):  # a turn connection and a store connection are open
                await store.current_for(22)
            with frozen(pg_cluster):
                with pytest.raises(StorageUnavailable):
                    async with store.clerk_turn(22):
                        pass
                with pytest.raises(StorageUnavailable):
                    await bounded(store.create(22, "chuangwen", 2, T0))  # on the store's own threads
                with pytest.raises(StorageUnavailable):
                    await bounded(store.list_by_owner(22))
            async with store.clerk_turn(22):  # awake again: fresh connections, all works
                assert (await store.current_for(22)).draft is None
        finally:
            await store.aclose()
            store.close()

    asyncio.run(scenario())
    with PostgresDraftStore(url) as store:
        for _ in range(500):  # the abandoned INSERT had no COMMIT: it never lands
            with psycopg.connect(url, autocommit=True) as conn:
                open_sessions = conn.execute("SELECT count(*) FROM pg_stat_activity WHERE state = 'idle in transaction'").fetchone()
            if open_sessions is not None and open_sessions[0] == 0:
                break
            time.sleep(0.02)
        assert store.list_by_owner(22) == []


@pytest.mark.timeout(300)
def test_the_clerk_hears_the_answer_was_not_stored_and_the_next_one_after_the_thaw_is(pg_cluster: PgCluster) -> None:
    url = pg_cluster.new_database()
    clerk = 23

    async def scenario() -> list[str]:
        store = AsyncDraftStore(PostgresDraftStore(url))
        service = InterviewService(load_questionnaire(), store)
        said: list[str] = []
        try:
            await service.handle(clerk, Command("new"), Arrival(1))
            with frozen(pg_cluster):
                failed = await bounded(service.handle(clerk, Typed("青山镇"), Arrival(2)))
            said += [m.body for m in failed.messages if isinstance(m, Text)]
            stored = await bounded(service.handle(clerk, Typed("绿水镇"), Arrival(3)))
            said += [m.body for m in stored.messages if isinstance(m, Text)]
            return said
        finally:
            await store.aclose()
            store.close()

    said = asyncio.run(scenario())
    assert said[0] == StorageUnavailable.user_message and "没有保存" in said[0]
    assert texts.FAILED not in said and not any("欢迎回来" in text for text in said)
    with PostgresDraftStore(url) as store:
        [draft] = store.list_by_owner(clerk)
    assert draft.unit_name == "绿水镇" and draft.last_update_id == 3
