"""The async store's write-through cache never disagrees with the disk."""

from __future__ import annotations

import asyncio
from pathlib import Path

from dialogs.answers import TextAnswer
from dialogs.state import InterviewState
from storage.async_store import AsyncDraftStore
from storage.disk import FileDraftStore
from storage.models import Draft


def answered(draft: Draft, text: str) -> Draft:
    return draft.model_copy(update={"state": InterviewState(answers={"unit_name": TextAnswer(text=text)}, turn=1)})


def test_what_the_cache_returns_is_what_a_fresh_process_reads(tmp_path: Path) -> None:
    async def scenario() -> Draft:
        store = AsyncDraftStore(FileDraftStore(tmp_path))
        draft = await store.create(7, "chuangwen", 1)
        await store.update(draft.id, lambda d: answered(d, "青山镇"))
        cached = await store.get(draft.id)
        store.close()
        return cached

    cached = asyncio.run(scenario())
    with FileDraftStore(tmp_path) as fresh:
        assert fresh.get(cached.id) == cached


def test_a_deleted_draft_is_not_served_from_the_cache(tmp_path: Path) -> None:
    async def scenario() -> None:
        store = AsyncDraftStore(FileDraftStore(tmp_path))
        draft = await store.create(7, "chuangwen", 1)
        assert await store.get(draft.id) is not None
        await store.delete(draft.id)
        assert await store.get(draft.id) is None
        store.close()

    asyncio.run(scenario())


def test_the_cache_stays_within_its_size_and_reloads_what_it_dropped(tmp_path: Path) -> None:
    async def scenario() -> None:
        store = AsyncDraftStore(FileDraftStore(tmp_path), cache_size=2)
        drafts = [await store.create(owner, "chuangwen", 1) for owner in (1, 2, 3)]
        assert len(store._cache) == 2
        first = drafts[0]
        assert first.id not in store._cache
        assert await store.get(first.id) == first  # read back from disk
        store.close()

    asyncio.run(scenario())
