"""What only the PostgreSQL store does: its own schema steps, damage moved aside, no cache
shared across instances, and one clerk's turn held across instances."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone

import psycopg
import pytest

from storage import AsyncDraftStore, DraftCorrupt, DraftTooLarge, DraftTooNew
from storage.models import SCHEMA_VERSION
from storage.pg_schema import STEPS, migrate_schema, schema_version
from storage.postgres import PostgresDraftStore
from tests.support.postgres import PgCluster

T0 = datetime(2025, 1, 2, 3, 4, tzinfo=timezone.utc)


def test_schema_is_created_once_and_opening_again_changes_nothing(pg_cluster: PgCluster) -> None:
    url = pg_cluster.new_database()
    PostgresDraftStore(url).close()
    PostgresDraftStore(url).close()
    with psycopg.connect(url, autocommit=True) as conn:
        assert migrate_schema(conn) == []  # every step recorded already
        assert schema_version(conn) == STEPS[-1][0]
        rows = conn.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
        assert [r[0] for r in rows] == [version for version, _ in STEPS]
        indexes = {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'drafts'").fetchall()}
        assert "drafts_owner_recent" in indexes


def test_a_damaged_row_is_moved_aside_once_and_the_clerks_other_drafts_still_work(pg_cluster: PgCluster) -> None:
    url = pg_cluster.new_database()
    with PostgresDraftStore(url) as store:
        good = store.create(7, "chuangwen", 2, T0)
        bad = store.create(7, "chuangwen", 2, T0)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("""UPDATE drafts SET document = '{"id": 5}' WHERE id = %s""", (bad.id,))
        assert store.list_by_owner(7) == [good]
        assert store.take_damaged(7) == [bad.id] and store.take_damaged(7) == []
        with pytest.raises(DraftCorrupt):
            store.get(bad.id)
        with psycopg.connect(url) as conn:
            kept = conn.execute("SELECT document::text FROM damaged_drafts WHERE id = %s", (bad.id,)).fetchone()
        assert kept == ('{"id": 5}',)  # never deleted


def test_a_row_of_a_newer_program_stays_and_is_reported(pg_cluster: PgCluster) -> None:
    url = pg_cluster.new_database()
    with PostgresDraftStore(url) as store:
        draft = store.create(8, "chuangwen", 2, T0)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("UPDATE drafts SET schema_version = %s WHERE id = %s", (SCHEMA_VERSION + 1, draft.id))
        assert store.list_by_owner(8) == []
        assert [type(e) for e in store.unreadable(8)] == [DraftTooNew]
        with pytest.raises(DraftTooNew):
            store.get(draft.id)
        assert store.take_damaged(8) == []


def test_the_size_cap_holds_and_keeps_the_stored_version(pg_cluster: PgCluster) -> None:
    from dialogs.answers import TextAnswer
    from storage.limits import MAX_DRAFT_BYTES

    with PostgresDraftStore(pg_cluster.new_database()) as store:
        draft = store.create(9, "chuangwen", 2, T0)
        huge = draft.state.model_copy(update={"answers": {"x": TextAnswer(text="字" * MAX_DRAFT_BYTES)}})
        with pytest.raises(DraftTooLarge):
            store.save(draft.model_copy(update={"state": huge}))
        assert store.get(draft.id) == draft


def test_two_instances_see_each_others_writes_at_once_no_cache(pg_cluster: PgCluster) -> None:
    url = pg_cluster.new_database()

    async def scenario() -> None:
        one, two = AsyncDraftStore(PostgresDraftStore(url)), AsyncDraftStore(PostgresDraftStore(url))
        try:
            assert one.shared and one._cache_size == 0
            draft = await one.create(10, "chuangwen", 2)
            assert await two.get(draft.id) == draft
            await two.update(draft.id, lambda d: d.model_copy(update={"layout": "progress"}))
            seen = await one.get(draft.id)
            assert seen is not None and seen.layout == "progress"
        finally:
            for store in (one, two):
                await store.aclose()
                store.close()

    asyncio.run(scenario())


def test_one_clerks_turn_is_held_across_instances_and_other_clerks_go_on(pg_cluster: PgCluster) -> None:
    url = pg_cluster.new_database()

    async def scenario() -> list[str]:
        one, two = AsyncDraftStore(PostgresDraftStore(url)), AsyncDraftStore(PostgresDraftStore(url))
        events: list[str] = []
        inside, other_done = asyncio.Event(), asyncio.Event()
        try:
            async def first() -> None:
                async with one.clerk_turn(11):
                    events.append("one in")
                    inside.set()
                    await other_done.wait()  # another clerk's turn ran while this one is held
                    await asyncio.sleep(0.1)  # and the second instance had time to (wrongly) get in
                    events.append("one out")

            async def second() -> None:
                await inside.wait()
                async with two.clerk_turn(11):
                    events.append("two in")

            async def other_clerk() -> None:
                await inside.wait()
                async with two.clerk_turn(12):
                    events.append("other clerk")
                other_done.set()

            await asyncio.gather(first(), second(), other_clerk())
        finally:
            for store in (one, two):
                await store.aclose()
                store.close()
        return events

    events = asyncio.run(scenario())
    assert events.index("two in") > events.index("one out")  # waited for the other instance
    assert events.index("other clerk") < events.index("one out")  # another clerk did not wait
