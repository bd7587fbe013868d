"""Files that are not what they should be: damage is moved aside, the unreadable is
reported as unreadable, a lost index is rebuilt, and no clerk is locked out."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest

from dialogs.answers import TextAnswer
from storage import (
    DataDirUnusable,
    DraftCorrupt,
    DraftTooLarge,
    DraftUnreadable,
    FileDraftStore,
    MemoryDraftStore,
    open_store,
)
from storage.disk import MAX_FILE_BYTES
from storage.limits import MAX_DRAFT_BYTES
from storage.models import Draft
from tests.support.tools import require, require_tools

T0 = datetime(2024, 12, 1, 9, 0, tzinfo=timezone.utc)


def draft_file(data_dir: Path, draft_id: str) -> Path:
    return data_dir / "drafts" / draft_id[:2] / f"{draft_id}.json"


def answered(draft: Draft, text: str = "某某乡") -> Draft:
    state = draft.state.model_copy(update={"answers": {"unit_name": TextAnswer(text=text)}, "turn": 1})
    return draft.model_copy(update={"state": state})


def bytes_read_so_far() -> int:
    """What this process has read through read(2) so far (Linux /proc/self/io)."""
    for line in Path("/proc/self/io").read_text().splitlines():
        if line.startswith("rchar:"):
            return int(line.split()[1])
    raise AssertionError("no rchar in /proc/self/io")


def two_drafts(data_dir: Path, owner: int = 9) -> tuple[Draft, Draft]:
    with FileDraftStore(data_dir) as store:
        healthy, other = answered(store.create(owner, "chuangwen", 1, T0)), store.create(owner, "chuangwen", 1, T0)
        store.save(healthy)
        store.save(other := answered(other, "某某镇"))
    return healthy, other


# -- damaged: moved aside -----------------------------------------------------------


def test_a_draft_nested_too_deeply_to_parse_is_moved_aside_and_the_rest_work(tmp_path: Path) -> None:
    healthy, broken = two_drafts(tmp_path)
    nested = b'{"draft":{"1":' + b"[" * 200_000 + b"]" * 200_000 + b"}}"
    draft_file(tmp_path, broken.id).write_bytes(nested)
    with FileDraftStore(tmp_path) as store:
        assert store.list_by_owner(9) == [healthy]
        assert store.take_damaged(9) == [broken.id]
        with pytest.raises(DraftCorrupt) as error:
            store.get(broken.id)
        assert not isinstance(error.value, DraftUnreadable)
        assert store.active_for(9) == healthy
    assert (tmp_path / "corrupt" / f"{broken.id}.json").read_bytes() == nested


def test_a_file_larger_than_any_draft_is_moved_aside_without_being_read(tmp_path: Path) -> None:
    healthy, huge = two_drafts(tmp_path)
    with draft_file(tmp_path, huge.id).open("r+b") as file:
        file.truncate(MAX_FILE_BYTES + 1)  # sparse: big on paper, no disk used
    with FileDraftStore(tmp_path) as store:
        before = bytes_read_so_far()
        with pytest.raises(DraftCorrupt) as error:
            store.get(huge.id)
        assert bytes_read_so_far() - before < MAX_FILE_BYTES // 2  # its size was enough
        assert "bytes" in error.value.reason
        assert store.list_by_owner(9) == [healthy]
    assert (tmp_path / "corrupt" / f"{huge.id}.json").stat().st_size == MAX_FILE_BYTES + 1


def test_a_draft_over_the_cap_is_refused_on_save_and_the_stored_one_kept(tmp_path: Path) -> None:
    with FileDraftStore(tmp_path) as store:
        draft = answered(store.create(9, "chuangwen", 1, T0))
        store.save(draft)
        with pytest.raises(DraftTooLarge) as error:
            store.save(answered(draft, "长" * MAX_DRAFT_BYTES))
        assert "没有保存" in error.value.user_message
    with FileDraftStore(tmp_path) as reopened:
        assert reopened.get(draft.id) == draft


def test_the_memory_twin_refuses_the_same_oversized_draft() -> None:
    store = MemoryDraftStore()
    draft = store.create(9, "chuangwen", 1, T0)
    with pytest.raises(DraftTooLarge):
        store.save(answered(draft, "长" * MAX_DRAFT_BYTES))
    assert store.get(draft.id) == draft


# -- the owner index -------------------------------------------------------------


def test_an_owner_index_replaced_by_a_file_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    healthy, other = two_drafts(tmp_path)
    index = tmp_path / "owners" / "9"
    shutil.rmtree(index)
    index.write_text("junk")
    with FileDraftStore(tmp_path) as store:
        assert {d.id for d in store.list_by_owner(9)} == {healthy.id, other.id}
    assert (tmp_path / "corrupt" / "owners-9").read_text() == "junk"


def test_an_owner_index_replaced_by_a_file_while_running_locks_nobody_out(tmp_path: Path) -> None:
    healthy, other = two_drafts(tmp_path)
    with FileDraftStore(tmp_path) as store:
        index = tmp_path / "owners" / "9"
        shutil.rmtree(index)
        index.write_text("junk")
        assert {d.id for d in store.list_by_owner(9)} == {healthy.id, other.id}
        new = store.create(9, "chuangwen", 1, T0)
        assert {d.id for d in store.list_by_owner(9)} == {healthy.id, other.id, new.id}
        assert store.take_damaged(9) == []
    assert (tmp_path / "corrupt" / "owners-9").read_text() == "junk"


def test_a_lost_owner_index_is_rebuilt_from_the_drafts_at_open(tmp_path: Path) -> None:
    healthy, other = two_drafts(tmp_path, owner=9)
    stranger, _ = two_drafts(tmp_path, owner=10)
    shutil.rmtree(tmp_path / "owners")
    with FileDraftStore(tmp_path) as store:
        assert {d.id for d in store.list_by_owner(9)} == {healthy.id, other.id}
        assert stranger.id in {d.id for d in store.list_by_owner(10)}


def test_a_blank_draft_whose_creation_was_cut_short_is_removed_at_open(tmp_path: Path) -> None:
    with FileDraftStore(tmp_path) as store:
        kept = answered(store.create(9, "chuangwen", 1, T0))
        store.save(kept)
        cut_short = store.create(9, "chuangwen", 1, T0)
    (tmp_path / "owners" / "9" / cut_short.id).unlink()  # as if killed before the marker
    with FileDraftStore(tmp_path) as store:
        assert store.list_by_owner(9) == [kept]
    assert not draft_file(tmp_path, cut_short.id).exists()


# -- unreadable: reported, left in place ------------------------------------------------


def test_a_folder_where_the_draft_file_should_be_is_reported_as_unreadable(tmp_path: Path) -> None:
    healthy, blocked = two_drafts(tmp_path)
    path = draft_file(tmp_path, blocked.id)
    path.unlink()
    path.mkdir()
    with FileDraftStore(tmp_path) as store:
        with pytest.raises(DraftUnreadable) as error:
            store.get(blocked.id)
        assert "无法读取" in error.value.user_message and "损坏" not in error.value.user_message
        assert store.list_by_owner(9) == [healthy]
        assert [e.draft_id for e in store.unreadable(9)] == [blocked.id]
        assert store.take_damaged(9) == []
        assert [e.draft_id for e in store.unreadable(9)] == [blocked.id]  # until someone fixes it
    assert path.is_dir() and (tmp_path / "owners" / "9" / blocked.id).exists()


@contextlib.contextmanager
def permission_denied(path: Path) -> Iterator[None]:
    """``path`` unreadable for this process: chmod 000, and as root (who reads anything)
    the effective user becomes nobody meanwhile, which drops root's override."""
    path.chmod(0)
    if os.geteuid() != 0:
        yield
        return
    nobody = 65534
    data_dir = path.parents[2]
    for item in [data_dir, *data_dir.rglob("*")]:
        if item != path:
            os.chown(item, nobody, nobody)
    os.seteuid(nobody)
    try:
        yield
    finally:
        os.seteuid(0)


def test_a_draft_without_read_permission_is_reported_as_unreadable_not_damaged() -> None:
    import tempfile

    data_dir = Path(tempfile.mkdtemp(prefix="unreadable-")) / "data"  # /tmp: searchable by all
    try:
        data_dir.parent.chmod(0o755)
        healthy, locked = two_drafts(data_dir)
        with permission_denied(draft_file(data_dir, locked.id)):
            with FileDraftStore(data_dir) as store:
                assert store.list_by_owner(9) == [healthy]
                assert [(type(e), e.draft_id) for e in store.unreadable(9)] == [(DraftUnreadable, locked.id)]
                with pytest.raises(DraftUnreadable):
                    store.get(locked.id)
                assert store.take_damaged(9) == []
        assert draft_file(data_dir, locked.id).exists()  # left in place, not moved aside
        assert not (data_dir / "corrupt").exists()
    finally:
        shutil.rmtree(data_dir.parent)


# -- DATA_DIR itself -----------------------------------------------------------------


def test_a_data_dir_below_a_file_is_refused_with_what_to_fix(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(DataDirUnusable) as error:
        open_store(tmp_path / "file" / "data")
    message = str(error.value)
    assert "数据目录" in message and "DATA_DIR" in message and "可以写入" in message
    assert error.value.reason == f"a file is where a folder should be: {tmp_path / 'file'}"


@contextlib.contextmanager
def immutable(path: Path) -> Iterator[None]:
    """chattr +i: not even root may create files in ``path`` (what a read-only mount does)."""
    require_tools("chattr")
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0
    require(made, f"chattr +i on this filesystem ({path})")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


@pytest.mark.parametrize("first_use", [True, False], ids=["first-use", "existing"])
def test_a_read_only_data_dir_is_refused_with_what_to_fix(tmp_path: Path, first_use: bool) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    if not first_use:
        FileDraftStore(data_dir).close()
    with immutable(data_dir if first_use else data_dir / "drafts"):
        with pytest.raises(DataDirUnusable) as error:
            open_store(data_dir)
    assert "Operation not permitted" in error.value.reason and str(data_dir) in str(error.value)
    with open_store(data_dir) as store:  # fixed: it opens, and the lock was released
        assert store.list_by_owner(1) == []
