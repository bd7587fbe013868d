"""One behaviour suite run against every DraftStore (disk, memory, PostgreSQL), plus the async facade."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest

from dialogs.answers import DateAnswer, NumberAnswer, PeriodAnswer, TextAnswer
from dialogs.carryover import CarryOver, CheckItem
from dialogs.earlier import EarlierFact, EarlierOrigin, EarlierReport, EarlierSection
from dialogs.state import InterviewState
from storage import (
    AsyncDraftStore,
    Draft,
    DraftNotFound,
    DraftStore,
    FileDraftStore,
    MemoryDraftStore,
)
from storage.handled import HandledLog, HandledNote, RecentKeys
from storage.models import UpdateStamp
from storage.postgres import PostgresDraftStore
from tests.support.postgres import PgCluster

T0 = datetime(2024, 12, 1, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(params=["disk", "memory", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[DraftStore]:
    opened: DraftStore
    if request.param == "postgres":
        cluster: PgCluster = request.getfixturevalue("pg_cluster")
        opened = PostgresDraftStore(cluster.new_database())
    else:
        opened = FileDraftStore(tmp_path / "data") if request.param == "disk" else MemoryDraftStore()
    yield opened
    opened.close()


def read_back(store: DraftStore, draft_id: str) -> Draft | None:
    """The draft as a fresh process finds it: the disk store is closed and its files are
    opened again, so nothing held in memory (the AsyncDraftStore cache) can answer."""
    if isinstance(store, FileDraftStore):
        store.close()
        with FileDraftStore(store.data_dir) as fresh:
            return fresh.get(draft_id)
    if isinstance(store, PostgresDraftStore):
        with PostgresDraftStore(store.url) as fresh:  # new connections: nothing held by this one answers
            return fresh.get(draft_id)
    return store.get(draft_id)


def with_answer(draft: Draft, question_id: str, text: str, at: datetime) -> Draft:
    answers = {**draft.state.answers, question_id: TextAnswer(text=text)}
    state = draft.state.model_copy(update={"answers": answers, "turn": draft.state.turn + 1})
    return draft.model_copy(update={"state": state, "updated_at": at})


def test_created_draft_reads_back_equal(store: DraftStore) -> None:
    draft = store.create(42, "chuangwen", 1, T0)
    assert draft.owner == 42 and draft.status == "in_progress" and draft.layout == "annual"
    assert draft.created_at == draft.updated_at == T0
    assert read_back(store, draft.id) == draft


def test_draft_id_is_short_and_callback_safe(store: DraftStore) -> None:
    ids = {store.create(1, "chuangwen", 1, T0).id for _ in range(20)}
    assert len(ids) == 20
    for draft_id in ids:
        assert len(draft_id) <= 12 and draft_id.isascii() and draft_id.isalnum()


def test_saved_answers_and_position_survive_a_round_trip(store: DraftStore) -> None:
    draft = store.create(7, "chuangwen", 1, T0)
    answers = {
        "unit_name": TextAnswer(text="某某镇"),
        "year": NumberAnswer(value=Decimal("2024"), raw="2024"),
        "funds": NumberAnswer(value=Decimal("60"), prefix="近", suffix="万", unit="元", raw="近60万元"),
    }
    state = InterviewState(answers=answers, skipped=["basic.verdict"], turn=9)
    store.save(draft.model_copy(update={"state": state, "updated_at": T0 + timedelta(minutes=5)}))
    loaded = read_back(store, draft.id)
    assert loaded is not None
    assert loaded.state == state
    assert loaded.state.answers["funds"].display() == "近60万元"
    assert (loaded.unit_name, loaded.year) == ("某某镇", 2024)
    assert loaded.updated_at == T0 + timedelta(minutes=5)


def test_where_an_answer_came_from_survives_a_round_trip(store: DraftStore) -> None:
    """Issue 24: the earlier summary a draft started from, the 核对 so far and the kind of
    each answer (carried / imported) are kept with the answers by every backend."""
    origin = EarlierOrigin(kind="draft", draft_id="abc123", year=2024, span="全年", unit_name="某某镇")
    report = EarlierReport(origin=origin, sections=[EarlierSection(section_id="basic", facts=[EarlierFact(text="某某镇", path="unit_name")])], plans=["建立长效机制"])
    carry = CarryOver(report=report, answers={"unit_name": TextAnswer(text="某某镇")}, last_year={"grid#0.details": "划分网格12个"}, decisions={"basic": "keep"}, checklist=[CheckItem(kind="plans", text="建立长效机制", outcome="部分完成", words="建立3项制度", into="plans")], a_year_on={"period": PeriodAnswer(year=2025, span="全年"), "sign_date": DateAnswer(year=2025, month=12, day=1)})
    state = InterviewState(answers={"unit_name": TextAnswer(text="某某镇")}, carry=carry, sources={"unit_name": "carried"}, recheck=["signer"])
    draft = store.create(8, "chuangwen", 1, T0)
    store.save(draft.model_copy(update={"state": state}))
    loaded = read_back(store, draft.id)
    assert loaded is not None and loaded.state == state
    assert loaded.state.carry is not None and loaded.state.carry.report.origin == origin
    assert loaded.state.sources == {"unit_name": "carried"}


def test_times_are_stored_in_utc(store: DraftStore) -> None:
    beijing = timezone(timedelta(hours=8))
    draft = store.create(1, "chuangwen", 1, datetime(2024, 12, 1, 17, 0, tzinfo=beijing))
    loaded = read_back(store, draft.id)
    assert loaded is not None
    assert loaded.created_at.tzinfo == timezone.utc and loaded.created_at == T0
    assert loaded.created_at.hour == 9  # 17:00 in Beijing is 09:00 UTC


def test_get_of_unknown_or_malicious_id_is_none(store: DraftStore) -> None:
    assert store.get("nosuchdraft") is None
    assert store.get("../../etc/passwd") is None


def test_changing_a_returned_draft_does_not_change_the_store(store: DraftStore) -> None:
    draft = store.create(1, "chuangwen", 1, T0)
    loaded = store.get(draft.id)
    assert loaded is not None
    loaded.state.answers["unit_name"] = TextAnswer(text="改过了")
    reloaded = store.get(draft.id)
    assert reloaded is not None and "unit_name" not in reloaded.state.answers


def test_several_drafts_per_clerk_listed_most_recent_first(store: DraftStore) -> None:
    first = store.create(5, "chuangwen", 1, T0)
    second = store.create(5, "chuangwen", 1, T0 + timedelta(days=1))
    store.create(6, "chuangwen", 1, T0)  # another clerk's draft stays out of the list
    store.save(with_answer(first, "unit_name", "甲镇", T0 + timedelta(days=2)))
    assert [d.id for d in store.list_by_owner(5)] == [first.id, second.id]
    assert store.list_by_owner(999) == []


def test_active_draft_is_the_most_recent_unfinished_one(store: DraftStore) -> None:
    older = store.create(5, "chuangwen", 1, T0)
    newer = store.create(5, "chuangwen", 1, T0 + timedelta(days=1))
    assert store.active_for(5) == newer
    store.save(newer.model_copy(update={"status": "complete", "updated_at": T0 + timedelta(days=3)}))
    assert store.active_for(5) == older
    store.archive(older.id)
    assert store.active_for(5) is None
    assert {d.status for d in store.list_by_owner(5)} == {"complete", "archived"}


def test_current_draft_is_the_most_recent_one_not_archived(store: DraftStore) -> None:
    older = store.create(5, "chuangwen", 1, T0)
    newer = store.create(5, "chuangwen", 1, T0 + timedelta(days=1))
    store.create(6, "chuangwen", 1, T0 + timedelta(days=2))  # another clerk's
    assert store.current_for(5).draft == newer
    finished = newer.model_copy(update={"status": "complete", "updated_at": T0 + timedelta(days=3)})
    store.save(finished)
    assert store.current_for(5).draft == finished  # a finished draft is still the one worked on
    store.archive(newer.id)
    assert store.current_for(5).draft == older
    store.archive(older.id)
    found = store.current_for(5)
    assert found.draft is None and found.damaged == [] and found.unreadable == []


def test_archive_keeps_the_draft_and_its_answers(store: DraftStore) -> None:
    draft = store.create(5, "chuangwen", 1, T0)
    store.save(with_answer(draft, "unit_name", "乙乡", T0))
    archived = store.archive(draft.id)
    loaded = store.get(draft.id)
    assert archived.status == "archived" and loaded == archived
    assert loaded.unit_name == "乙乡"


def test_delete_removes_draft_from_get_and_list(store: DraftStore) -> None:
    kept = store.create(5, "chuangwen", 1, T0)
    gone = store.create(5, "chuangwen", 1, T0)
    store.delete(gone.id)
    assert store.get(gone.id) is None
    assert [d.id for d in store.list_by_owner(5)] == [kept.id]


def test_missing_drafts_raise_not_found_on_write(store: DraftStore) -> None:
    draft = store.create(5, "chuangwen", 1, T0)
    store.delete(draft.id)
    with pytest.raises(DraftNotFound):
        store.save(draft)  # a late save must not bring a deleted draft back
    with pytest.raises(DraftNotFound):
        store.archive(draft.id)
    with pytest.raises(DraftNotFound):
        store.delete(draft.id)
    assert store.list_by_owner(5) == []


def test_a_draft_keeps_the_updates_that_changed_it(store: DraftStore) -> None:
    stamp = UpdateStamp(77, ("76:m5.1.1700000000", "77:qAAQ2"))
    draft = store.create(5, "chuangwen", 1, T0, stamp)
    loaded = read_back(store, draft.id)
    assert loaded is not None and loaded.last_update_id == 77
    assert loaded.recent_updates == ["76:m5.1.1700000000", "77:qAAQ2"]


def reopened(store: DraftStore) -> DraftStore:
    """The same store as the next process (or another instance) opens it: memory is the
    only one that cannot be reopened."""
    if isinstance(store, FileDraftStore):
        store.close()
        return FileDraftStore(store.data_dir)
    if isinstance(store, PostgresDraftStore):
        return PostgresDraftStore(store.url)
    return store


def test_updates_noted_handled_are_known_after_a_restart_and_to_other_instances(store: DraftStore) -> None:
    store.note_handled("500:m7.12.1700000000")
    store.note_handled("501:qAAQ2")
    store.note_handled("501:qAAQ2")  # noting twice is harmless
    store.note_handled("502:m7.13.1700000001", document_owed=True)  # its draft still to be sent
    again = reopened(store)
    try:
        assert again.handled("500:m7.12.1700000000") == again.handled("501:qAAQ2") == HandledNote(None)
        assert again.handled("500:m7.13.1700000600") is None  # the same id on another message: new
        assert again.handled("503:") is None
        owed = again.handled("502:m7.13.1700000001")
        assert owed is not None and owed.document_owed_by == store.instance  # type: ignore[attr-defined]
        # Who owes it: on files the process before this one (gone: the document is owed to
        # the clerk now); on PostgreSQL another instance, running until it closes.
        assert again.instance_alive(store.instance) == (not isinstance(store, FileDraftStore))  # type: ignore[attr-defined]
        if isinstance(store, PostgresDraftStore):
            store.close()
            # Its connections are gone with it; the server ends each session a moment after.
            deadline = time.monotonic() + 30
            while again.instance_alive(store.instance) and time.monotonic() < deadline:
                time.sleep(0.01)
            assert not again.instance_alive(store.instance)
    finally:
        if again is not store:
            again.close()


def test_a_document_delivered_clears_what_was_owed(store: DraftStore) -> None:
    store.note_handled("600:qX", document_owed=True)
    store.note_handled("600:qX")
    assert store.handled("600:qX") == HandledNote(None)


def test_the_record_of_handled_updates_stays_bounded(store: DraftStore, monkeypatch: pytest.MonkeyPatch) -> None:
    if isinstance(store, PostgresDraftStore):
        # Rows older than Telegram keeps an update go at the next pruning.
        with psycopg.connect(store.url, autocommit=True) as conn:
            conn.execute("INSERT INTO handled_updates (key, at) VALUES ('1:', now() - interval '3 days')")
        monkeypatch.setattr("storage.postgres.PRUNE_EVERY", 1)
        store.note_handled("2:")
        assert store.handled("1:") is None and store.handled("2:") is not None
        return
    limit = 50
    if isinstance(store, FileDraftStore):
        store._handled = HandledLog(store.data_dir / "bounded", limit)  # type: ignore[assignment]
    else:
        store._handled = RecentKeys(limit)  # type: ignore[attr-defined]
    for n in range(5 * limit):
        store.note_handled(f"{n}:")
    assert store.handled("0:") is None and store.handled(f"{5 * limit - 1}:") is not None
    if isinstance(store, FileDraftStore):
        lines = (store.data_dir / "bounded").read_bytes().count(b"\n")
        assert lines <= 2 * limit
        assert HandledLog(store.data_dir / "bounded", limit).keys.items()[-1] == (f"{5 * limit - 1}:", None)


def test_a_torn_line_of_the_handled_record_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "handled-updates"
    log = HandledLog(path)
    log.note("10:m1.2.3", None)
    log.close()
    with path.open("ab") as torn:
        torn.write(b"11:m1.3.4 - 0000")  # killed in the middle of the line
    log = HandledLog(path)
    log.note("12:m1.4.5", None)
    log.close()
    assert HandledLog(path).keys.items() == [("10:m1.2.3", None), ("12:m1.4.5", None)]


# -- the async facade ---------------------------------------------------------


def test_concurrent_updates_of_one_draft_keep_every_answer(store: DraftStore) -> None:
    async def scenario() -> Draft:
        facade = AsyncDraftStore(store, clock=lambda: T0)
        draft = await facade.create(3, "chuangwen", 1)

        async def answer(n: int) -> Draft:
            async def slow_change(current: Draft) -> Draft:
                await asyncio.sleep(0)  # let the other taps interleave if they could
                return with_answer(current, f"q{n}", f"答案{n}", T0)

            return await facade.update(draft.id, slow_change)

        await asyncio.gather(*(answer(n) for n in range(20)))
        assert len(facade._drafts) == 0  # no lock left behind once everyone is done
        return draft

    loaded = read_back(store, asyncio.run(scenario()).id)
    assert loaded is not None
    assert set(loaded.state.answers) == {f"q{n}" for n in range(20)}
    assert loaded.state.turn == 20


def test_update_stamps_updated_at_from_the_clock(store: DraftStore) -> None:
    later = T0 + timedelta(hours=2)

    async def scenario() -> tuple[Draft, Draft | None]:
        facade = AsyncDraftStore(store, clock=lambda: later)
        draft = await facade.create(3, "chuangwen", 1, now=T0)
        saved = await facade.update(draft.id, lambda d: with_answer(d, "a", "b", T0))
        return saved, await facade.active_for(3)

    saved, active = asyncio.run(scenario())
    assert saved.updated_at == later and saved.created_at == T0
    assert active == saved == read_back(store, saved.id)


def test_update_of_missing_draft_raises_not_found(store: DraftStore) -> None:
    async def scenario() -> None:
        await AsyncDraftStore(store).update("nosuchdraft", lambda d: d)

    with pytest.raises(DraftNotFound):
        asyncio.run(scenario())


def test_disk_io_runs_off_the_event_loop_thread(tmp_path: Path) -> None:
    import threading

    class RecordingStore(MemoryDraftStore):
        def save(self, draft: Draft) -> None:
            threads.append(threading.current_thread())
            super().save(draft)

    threads: list[threading.Thread] = []

    async def scenario() -> None:
        facade = AsyncDraftStore(RecordingStore())
        draft = await facade.create(1, "chuangwen", 1)
        await facade.update(draft.id, lambda d: d.model_copy())
        await facade.save(draft)

    asyncio.run(scenario())
    assert len(threads) == 2 and threading.main_thread() not in threads


def test_update_returning_the_same_draft_writes_nothing() -> None:
    saves: list[Draft] = []

    class RecordingStore(MemoryDraftStore):
        def save(self, draft: Draft) -> None:
            saves.append(draft)
            super().save(draft)

    async def scenario() -> tuple[Draft, Draft]:
        facade = AsyncDraftStore(RecordingStore(), clock=lambda: T0 + timedelta(days=1))
        draft = await facade.create(1, "chuangwen", 1, now=T0)
        return draft, await facade.update(draft.id, lambda d: d)

    created, returned = asyncio.run(scenario())
    assert saves == [] and returned == created  # not even updated_at moves
