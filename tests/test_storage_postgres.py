"""What only the PostgreSQL store does: its own schema steps, damage moved aside, no cache
shared across instances, and one clerk's turn held across instances."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
import time
from datetime import datetime, timezone

import psycopg
import pytest

from storage import AsyncDraftStore, DraftCorrupt, DraftTooLarge, DraftTooNew
from storage.errors import StorageUnavailable
from storage.models import SCHEMA_VERSION, utc_now
from storage.pg_health import check_idle, looks_closed
from storage.pg_turns import AdvisoryTurns
from storage.pg_schema import STEPS, migrate_schema, schema_version
from storage.postgres import PostgresDraftStore
from tests.support.postgres import PgCluster

T0 = datetime(2025, 1, 2, 3, 4, tzinfo=timezone.utc)


@asynccontextmanager
async def two_instances(
    url: str, first_clock: Callable[[], datetime] = utc_now
) -> AsyncIterator[tuple[AsyncDraftStore, AsyncDraftStore]]:
    """Two bot instances' stores on one database, closed as the bot closes them."""
    one, two = AsyncDraftStore(PostgresDraftStore(url), clock=first_clock), AsyncDraftStore(PostgresDraftStore(url))
    try:
        yield one, two
    finally:
        for store in (one, two):
            await store.aclose()
            store.close()


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


def test_the_current_draft_lookup_moves_a_damaged_current_aside_and_tells_once(pg_cluster: PgCluster) -> None:
    url = pg_cluster.new_database()
    with PostgresDraftStore(url) as store:
        older = store.create(7, "chuangwen", 2, T0)
        newer = store.create(7, "chuangwen", 2, T0.replace(day=3))
        too_new = store.create(7, "chuangwen", 2, T0.replace(day=4))
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("""UPDATE drafts SET document = '{"id": 5}' WHERE id = %s""", (newer.id,))
            conn.execute("UPDATE drafts SET schema_version = %s WHERE id = %s", (SCHEMA_VERSION + 1, too_new.id))
        found = store.current_for(7)
        assert found.draft == older and found.damaged == [newer.id]
        assert [e.draft_id for e in found.unreadable] == [too_new.id]
        again = store.current_for(7)
        assert again.draft == older and again.damaged == []  # told once


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
        async with two_instances(url) as (one, two):
            assert one.shared
            draft = await one.create(10, "chuangwen", 2)
            assert await two.get(draft.id) == draft
            await two.update(draft.id, lambda d: d.model_copy(update={"layout": "progress"}))
            seen = await one.get(draft.id)
            assert seen is not None and seen.layout == "progress"

    asyncio.run(scenario())


def test_a_draft_is_kept_only_for_its_clerks_turn(pg_cluster: PgCluster) -> None:
    url = pg_cluster.new_database()

    async def scenario() -> None:
        async with two_instances(url) as (one, two):
            draft = await one.create(11, "chuangwen", 2)
            async with one.clerk_turn(11):
                found = await one.current_for(11)
                assert found.draft == draft
                with psycopg.connect(url, autocommit=True) as conn:  # behind the turn's back
                    conn.execute("UPDATE drafts SET layout = 'itemized' WHERE id = %s", (draft.id,))
                kept = await one.get(draft.id)
                assert kept is not None and kept.layout == draft.layout  # read once in this turn
            async with two.clerk_turn(11):
                await two.update(draft.id, lambda d: d.model_copy(update={"layout": "progress"}))
            async with one.clerk_turn(11):
                seen = await one.get(draft.id)
                assert seen is not None and seen.layout == "progress"  # a new turn reads again

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


def test_a_draft_switched_to_on_one_instance_takes_the_next_answer_on_the_other(pg_cluster: PgCluster) -> None:
    """The service's in-process current-draft cache is not trusted on a shared store."""
    from app.actions import OpenDraft
    from app.outcome import Arrival, Command, Press, Typed
    from app.service import InterviewService
    from dialogs.questionnaire import load_questionnaire

    url = pg_cluster.new_database()
    clerk = 13

    async def scenario() -> tuple[str, str]:
        stores = [AsyncDraftStore(PostgresDraftStore(url)) for _ in range(2)]
        one, two = (InterviewService(load_questionnaire(), store) for store in stores)
        try:
            first = (await one.handle(clerk, Command("new"), Arrival(1))).draft
            await two.handle(clerk, Typed("甲镇"), Arrival(2))  # two now thinks of `first`
            second = (await one.handle(clerk, Command("new"), Arrival(3))).draft
            await one.handle(clerk, Press(OpenDraft(first.id)), Arrival(4))  # back to the first on one
            await two.handle(clerk, Typed("乡"), Arrival(5))  # lands in the first, not in two's memory
            await one.handle(clerk, Press(OpenDraft(second.id)), Arrival(6))
            await two.handle(clerk, Typed("乙镇"), Arrival(7))  # lands in the second
            assert first is not None and second is not None
            return first.id, second.id
        finally:
            for store in stores:
                await store.aclose()
                store.close()

    first_id, second_id = asyncio.run(scenario())
    with PostgresDraftStore(url) as store:
        first, second = store.get(first_id), store.get(second_id)
    assert first is not None and second is not None
    assert first.state.answers["unit_name"].text == "甲镇" and "unit_type" in first.state.answers  # type: ignore[union-attr]
    assert second.state.answers["unit_name"].text == "乙镇"  # type: ignore[union-attr]


def test_the_pool_check_spots_a_connection_the_server_closed_without_a_round_trip(pg_cluster: PgCluster) -> None:
    url = pg_cluster.new_database()
    with psycopg.connect(url, autocommit=True) as idle, psycopg.connect(url, autocommit=True) as admin:
        assert not looks_closed(idle)  # alive and idle: nothing to read, nothing sent
        admin.execute("SELECT pg_terminate_backend(%s)", (idle.info.backend_pid,))
        deadline = time.monotonic() + 5
        while not looks_closed(idle) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert looks_closed(idle)
        with pytest.raises(psycopg.OperationalError):
            check_idle(idle)  # the pool then replaces it


@pytest.mark.timeout(60)  # without lock_timeout the wait would last as long as the holder hangs
def test_a_turn_held_too_long_on_one_instance_fails_the_waiting_update_instead_of_stalling_it(pg_cluster: PgCluster) -> None:
    url = pg_cluster.new_database()

    async def scenario() -> float:
        holder, waiter = AdvisoryTurns(url), AdvisoryTurns(url, lock_timeout_s=0.3)
        inside = asyncio.Event()
        release = asyncio.Event()

        async def hang() -> None:
            async with holder.hold(12):
                inside.set()
                await release.wait()  # an instance stuck while holding the clerk's turn

        hanging = asyncio.create_task(hang())
        try:
            await inside.wait()
            started = time.monotonic()
            with pytest.raises(StorageUnavailable) as failed:
                async with waiter.hold(12):
                    pass
            waited = time.monotonic() - started
            assert isinstance(failed.value.__cause__, psycopg.errors.LockNotAvailable)  # the server's lock_timeout ended it
            release.set()
            await hanging
            async with waiter.hold(12):  # free again: the connection that timed out was replaced
                pass
            return waited
        finally:
            release.set()
            await holder.close()
            await waiter.close()

    assert 0.25 <= asyncio.run(scenario()) < 5


def test_a_notice_is_told_once_per_window_across_instances(pg_cluster: PgCluster) -> None:
    url = pg_cluster.new_database()

    async def scenario() -> list[bool]:
        async with two_instances(url) as (one, two):
            seen = [await one.first_in_window("refuse:42", 0.5), await two.first_in_window("refuse:42", 0.5)]
            seen.append(await two.first_in_window("refuse:43", 0.5))  # another stranger
            await asyncio.sleep(0.6)
            return [*seen, await two.first_in_window("refuse:42", 0.5)]  # the window passed

    assert asyncio.run(scenario()) == [True, False, True, True]


def test_in_a_clerks_turn_a_damaged_current_row_is_still_moved_aside_and_told_once(pg_cluster: PgCluster) -> None:
    url = pg_cluster.new_database()

    async def scenario() -> None:
        store = AsyncDraftStore(PostgresDraftStore(url))
        try:
            older = await store.create(13, "chuangwen", 2, T0)
            newer = await store.create(13, "chuangwen", 2, T0.replace(day=3))
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute("""UPDATE drafts SET document = '{"id": 5}' WHERE id = %s""", (newer.id,))
            async with store.clerk_turn(13):  # read over the turn's own connection
                found = await store.current_for(13)
                assert found.draft == older and found.damaged == [newer.id]
                saved = await store.update(older.id, lambda d: d.model_copy(update={"layout": "progress"}))
            async with store.clerk_turn(13):
                again = await store.current_for(13)
                assert again.draft == saved and again.damaged == []  # told once; the save is stored
        finally:
            await store.aclose()
            store.close()

    asyncio.run(scenario())


@pytest.mark.timeout(120)  # the old lookup went round and round on this row for good
def test_a_row_whose_document_is_newer_than_its_column_costs_bounded_work_and_is_told_once(pg_cluster: PgCluster) -> None:
    from app.outcome import Arrival, Command, Typed
    from app.messages import Text
    from app.service import InterviewService
    from dialogs.questionnaire import load_questionnaire

    url = pg_cluster.new_database()
    clerk, other = 31, 32

    async def scenario() -> tuple[list[list[str]], str, str]:
        store = AsyncDraftStore(PostgresDraftStore(url))
        service = InterviewService(load_questionnaire(), store)
        try:
            healthy = (await service.handle(clerk, Command("new"), Arrival(1))).draft
            too_new = (await service.handle(clerk, Command("new"), Arrival(2))).draft
            await service.handle(other, Command("new"), Arrival(3))
            assert healthy is not None and too_new is not None
            with psycopg.connect(url, autocommit=True) as conn:  # the column still says SCHEMA_VERSION
                conn.execute("UPDATE drafts SET document = jsonb_set(document, '{schema_version}', '99') WHERE id = %s", (too_new.id,))
            said = []
            for update_id, text in ((4, "青山镇"), (5, "镇")):
                outcome = await service.handle(clerk, Typed(text), Arrival(update_id))
                said.append([m.body for m in outcome.messages if isinstance(m, Text)])
            other_outcome = await service.handle(other, Typed("白石乡"), Arrival(6))
            assert other_outcome.changed
            return said, healthy.id, too_new.id
        finally:
            await store.aclose()
            store.close()

    said, healthy_id, too_new_id = asyncio.run(scenario())
    assert said[0][0] == DraftTooNew.user_message  # told, in the reply to the first update
    assert all(DraftTooNew.user_message not in body for body in said[1])  # once
    with PostgresDraftStore(url) as store:
        found = store.current_for(clerk)
        assert found.draft is not None and found.draft.id == healthy_id and found.draft.unit_name == "青山镇"
        assert [error.draft_id for error in found.unreadable] == [too_new_id]  # reported, kept in place
        with psycopg.connect(url, autocommit=True) as conn:
            row = conn.execute("SELECT schema_version FROM drafts WHERE id = %s", (too_new_id,)).fetchone()
        assert row == (99,)  # the column, a copy of the document's, corrected: later lookups pass it by


def test_drafts_are_ordered_by_the_databases_clock_not_an_instances(pg_cluster: PgCluster) -> None:
    """An instance whose clock runs 10 minutes ahead must not make its drafts look newer:
    an answer typed after /new (on an instance with the right time) goes into the new draft."""
    from datetime import timedelta

    from app.outcome import Arrival, Command, Typed
    from app.service import InterviewService
    from dialogs.questionnaire import load_questionnaire
    url = pg_cluster.new_database()
    clerk = 33

    async def scenario() -> tuple[str, str]:
        def fast() -> datetime:
            return utc_now() + timedelta(minutes=10)

        async with two_instances(url, first_clock=fast) as (one, two):
            ahead = InterviewService(load_questionnaire(), one, clock=fast)
            right = InterviewService(load_questionnaire(), two)
            old = (await ahead.handle(clerk, Command("new"), Arrival(1))).draft
            await ahead.handle(clerk, Typed("甲镇"), Arrival(2))
            new = (await right.handle(clerk, Command("new"), Arrival(3))).draft
            await ahead.handle(clerk, Typed("乙镇"), Arrival(4))  # typed after /new: the new draft's
            assert old is not None and new is not None
            return old.id, new.id

    old_id, new_id = asyncio.run(scenario())
    with PostgresDraftStore(url) as store:
        old, new = store.get(old_id), store.get(new_id)
    assert old is not None and new is not None
    assert old.unit_name == "甲镇" and new.unit_name == "乙镇"


def test_the_polling_lease_is_one_per_database_and_a_poller_that_lost_it_stops(
    pg_cluster: PgCluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    from storage import pg_lease
    from storage.pg_lease import PollerLease

    url = pg_cluster.new_database()
    first, second = PollerLease(url), PollerLease(url)
    try:
        assert first.acquire() and first.held()
        assert not second.acquire()  # taken
        with psycopg.connect(url, autocommit=True) as admin:  # the server ends the holder's session (as a restart does)
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND objid = %s",
                (pg_lease.POLLER_LOCK & 0xFFFFFFFF,),
            )
        deadline = time.monotonic() + 10
        while first.held() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert not first.held()
        assert second.acquire()  # free once its session is gone

        async def keep_first() -> bool:
            stop = asyncio.Event()
            await asyncio.wait_for(first.keep(stop), 30)  # finds the lease taken: stops the poller
            return stop.is_set()

        monkeypatch.setattr(pg_lease, "CHECK_EVERY_S", 0.05)
        assert asyncio.run(keep_first())
    finally:
        first.release()
        second.release()
