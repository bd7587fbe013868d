"""What only the on-disk store has to prove: files, lock, migrations, corruption handling."""

from __future__ import annotations

import json
import logging
import os
import signal
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from tinydb import TinyDB

from dialogs.answers import TextAnswer
from drafting.prose.samples import load_sample_state
from storage import DataDirLocked, DraftCorrupt, DraftTooNew, SCHEMA_VERSION, FileDraftStore, open_store
from storage import slotted
from storage.migrations import upgrade
from storage.tinydb_storage import DraftFileStorage, decode_database

T0 = datetime(2024, 12, 1, 9, 0, tzinfo=timezone.utc)
REPO = Path(__file__).resolve().parents[1]


def draft_file(data_dir: Path, draft_id: str) -> Path:
    return data_dir / "drafts" / draft_id[:2] / f"{draft_id}.json"


def all_files(data_dir: Path) -> list[Path]:
    return [p for p in data_dir.rglob("*") if p.is_file()]


def test_data_dir_is_created_on_first_use_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data_dir = tmp_path / "nested" / "data"
    monkeypatch.setenv("DATA_DIR", str(data_dir))
    with open_store() as store:
        draft = store.create(1, "chuangwen", 1, T0)
    assert draft_file(data_dir, draft.id).is_file()


def test_drafts_survive_closing_and_reopening(tmp_path: Path) -> None:
    with FileDraftStore(tmp_path) as store:
        draft = store.create(8, "chuangwen", 1, T0)
        answers = {"unit_name": TextAnswer(text="某某街道")}
        saved = draft.model_copy(update={"state": draft.state.model_copy(update={"answers": answers})})
        store.save(saved)
    with FileDraftStore(tmp_path) as store:
        assert store.get(draft.id) == saved
        assert store.active_for(8) == saved


def test_each_draft_file_is_a_tinydb_database(tmp_path: Path) -> None:
    with FileDraftStore(tmp_path) as store:
        draft = store.create(8, "chuangwen", 1, T0)
    with TinyDB(draft_file(tmp_path, draft.id), storage=DraftFileStorage) as db:
        document = db.table("draft").get(doc_id=1)
    assert document is not None and document["id"] == draft.id
    assert document["schema_version"] == SCHEMA_VERSION


@pytest.mark.parametrize("sample", ["reference1", "reference5"])
def test_a_whole_sample_draft_is_stored_as_pydantic_json_and_read_back_equal(tmp_path: Path, sample: str) -> None:
    with FileDraftStore(tmp_path) as store:
        created = store.create(8, "chuangwen", 1, T0)
        draft = created.model_copy(update={"state": load_sample_state(sample)})
        store.save(draft)
    stored = decode_database(draft_file(tmp_path, draft.id).read_bytes())["draft"]["1"]
    assert stored == json.loads(draft.model_dump_json())
    with FileDraftStore(tmp_path) as reopened:
        assert reopened.get(draft.id) == draft


def test_draft_file_storage_overwrites_in_place_and_keeps_the_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    with TinyDB(path, storage=DraftFileStorage) as db:
        db.insert({"n": 1})
        inode_before = path.stat().st_ino
        db.insert({"n": 2})
        assert path.stat().st_ino == inode_before  # overwritten in place, no rename
        assert [d["n"] for d in db.all()] == [1, 2]
    assert [p.name for p in tmp_path.iterdir()] == ["db.json"]  # no temp file left
    record = slotted.newest_record(path.read_bytes())
    assert record is not None and record.sequence == 2
    older = slotted.newest_record(_only_slot(path.read_bytes(), 1 - record.slot))
    assert older is not None and json.loads(older.payload)["_default"] == {"1": {"n": 1}}


def _only_slot(raw: bytes, slot: int) -> bytes:
    """The file's bytes with every slot but ``slot`` zeroed."""
    half = len(raw) // 2
    kept = raw[slot * half : (slot + 1) * half]
    return bytes(half) + kept if slot else kept + bytes(half)


def test_leftover_temp_files_are_swept_at_open(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with FileDraftStore(tmp_path) as store:
        draft = store.create(1, "chuangwen", 1, T0)
    leftover = draft_file(tmp_path, draft.id).with_name(f".{draft.id}.json.abcd1234.tmp")
    leftover.write_bytes(b'{"draft": {"1": {"id": "half')
    with caplog.at_level(logging.INFO, logger="storage"):
        with FileDraftStore(tmp_path) as store:
            assert store.get(draft.id) == draft
    assert not leftover.exists()
    assert "temp file" in caplog.text


# -- one process per DATA_DIR --------------------------------------------------


def test_second_store_on_the_same_data_dir_is_refused(tmp_path: Path) -> None:
    with FileDraftStore(tmp_path):
        with pytest.raises(DataDirLocked) as refused:
            FileDraftStore(tmp_path)
    message = str(refused.value)
    assert "数据目录" in message and "locked by another process" in message
    assert str(os.getpid()) in message
    with FileDraftStore(tmp_path) as reopened:  # released on close
        assert reopened.list_by_owner(1) == []


def test_second_process_refuses_and_a_killed_owner_releases_the_lock(tmp_path: Path) -> None:
    holder_code = (
        "import sys, storage; s = storage.open_store(sys.argv[1]); print('ready', flush=True); "
        "sys.stdin.read()"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", holder_code, str(tmp_path)],
        cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(DataDirLocked) as refused:
            FileDraftStore(tmp_path)
        assert str(holder.pid) in str(refused.value)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
    with FileDraftStore(tmp_path) as store:  # no stale lock after kill -9
        assert store.list_by_owner(1) == []


def test_removing_the_lock_file_does_not_let_a_second_owner_in(tmp_path: Path) -> None:
    """The lock is on the folder's open descriptor, not on the existence of .lock."""
    with FileDraftStore(tmp_path):
        (tmp_path / ".lock").unlink()
        with pytest.raises(DataDirLocked):
            FileDraftStore(tmp_path)
        assert not (tmp_path / ".lock").exists()  # the refused one wrote nothing
    with FileDraftStore(tmp_path) as reopened:
        assert reopened.list_by_owner(1) == []


def test_a_reader_shares_the_folder_with_readers_only(tmp_path: Path) -> None:
    FileDraftStore(tmp_path).close()
    with FileDraftStore(tmp_path, read_only=True), FileDraftStore(tmp_path, read_only=True):  # migrate twice: fine
        with pytest.raises(DataDirLocked):
            FileDraftStore(tmp_path)  # no bot while its folder is read
    with FileDraftStore(tmp_path):
        with pytest.raises(DataDirLocked):
            FileDraftStore(tmp_path, read_only=True)  # no reading a folder a bot is changing


# -- schema versions -----------------------------------------------------------


def v1_document(draft_id: str, **fields: object) -> dict[str, object]:
    """A draft exactly as schema v1 wrote it: no status, layout stored as 'template'."""
    return {
        "id": draft_id,
        "owner": 77,
        "questionnaire_id": "chuangwen",
        "questionnaire_version": 1,
        "state": {"answers": {"unit_name": {"kind": "text", "text": "某某乡"}}, "skipped": [], "turn": 4},
        "created_at": "2019-12-01T08:00:00+00:00",
        "updated_at": "2019-12-02T08:00:00+00:00",
        "schema_version": 1,
        **fields,
    }


def write_raw_draft(data_dir: Path, owner: int, document: dict[str, object]) -> None:
    draft_id = str(document["id"])
    draft_file(data_dir, draft_id).parent.mkdir(parents=True, exist_ok=True)
    draft_file(data_dir, draft_id).write_text(json.dumps({"draft": {"1": document}}, ensure_ascii=False))
    (data_dir / "owners" / str(owner)).mkdir(parents=True, exist_ok=True)
    (data_dir / "owners" / str(owner) / draft_id).touch()


def test_v1_draft_on_disk_is_read_back_upgraded(tmp_path: Path) -> None:
    FileDraftStore(tmp_path).close()
    write_raw_draft(tmp_path, 77, v1_document("oldprogress", template="progress", finished=False))
    write_raw_draft(tmp_path, 77, v1_document("olddone", template=None, finished=True))
    with FileDraftStore(tmp_path) as store:
        in_progress = store.get("oldprogress")
        done = store.get("olddone")
        assert in_progress is not None and done is not None
        assert (in_progress.layout, in_progress.status) == ("progress", "in_progress")
        assert (done.layout, done.status) == ("annual", "complete")
        assert in_progress.schema_version == SCHEMA_VERSION and in_progress.unit_name == "某某乡"
        assert store.active_for(77) == in_progress
        store.save(in_progress)
    stored = decode_database(draft_file(tmp_path, "oldprogress").read_bytes())["draft"]["1"]
    assert stored["schema_version"] == SCHEMA_VERSION and "template" not in stored


def test_document_without_version_counts_as_v1() -> None:
    document = v1_document("x")
    del document["schema_version"]
    upgraded = upgrade(document)
    assert upgraded["schema_version"] == SCHEMA_VERSION and upgraded["status"] == "in_progress"


def test_draft_from_a_newer_program_is_refused_but_left_in_place(tmp_path: Path) -> None:
    FileDraftStore(tmp_path).close()
    future = {**v1_document("fromfuture"), "schema_version": SCHEMA_VERSION + 1}
    write_raw_draft(tmp_path, 77, future)
    with FileDraftStore(tmp_path) as store:
        with pytest.raises(DraftTooNew) as refused:
            store.get("fromfuture")
        assert isinstance(refused.value, DraftCorrupt) and refused.value.moved_to is None
        assert "更新版本" in refused.value.user_message
        assert store.list_by_owner(77) == []
    assert draft_file(tmp_path, "fromfuture").exists()


# -- damaged files ---------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [b"", b'{"draft": {"1": {"id": "trunc', b"\xff\xfe not utf-8", b'{"draft": {"1": {"owner": "nobody"}}}'],
    ids=["empty", "truncated", "binary", "wrong-fields"],
)
def test_corrupt_draft_is_moved_aside_and_others_keep_working(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: bytes
) -> None:
    with FileDraftStore(tmp_path) as store:
        healthy = store.create(9, "chuangwen", 1, T0)
        broken = store.create(9, "chuangwen", 1, T0)
    draft_file(tmp_path, broken.id).write_bytes(damage)

    with FileDraftStore(tmp_path) as store:  # opening parses no draft, so it still opens
        assert draft_file(tmp_path, broken.id).read_bytes() == damage
        with caplog.at_level(logging.ERROR, logger="storage"), pytest.raises(DraftCorrupt) as error:
            store.get(broken.id)
        assert error.value.moved_to == tmp_path / "corrupt" / f"{broken.id}.json"
        assert error.value.moved_to.read_bytes() == damage  # moved, never emptied
        assert broken.id in caplog.text and "corrupt" in caplog.text
        assert "草稿" in error.value.user_message
        with pytest.raises(DraftCorrupt):  # still reported, not silently "not found"
            store.get(broken.id)
        assert store.get(healthy.id) == healthy
        assert store.list_by_owner(9) == [healthy]
        assert store.active_for(9) == healthy


def test_listing_skips_a_corrupt_draft_with_a_log_line(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with FileDraftStore(tmp_path) as store:
        healthy = store.create(9, "chuangwen", 1, T0)
        broken = store.create(9, "chuangwen", 1, T0)
    draft_file(tmp_path, broken.id).write_text("not json at all")
    with FileDraftStore(tmp_path) as store:
        with caplog.at_level(logging.WARNING, logger="storage"):
            assert store.list_by_owner(9) == [healthy]
        assert "Skipping draft in list of owner 9" in caplog.text
        assert (tmp_path / "corrupt" / f"{broken.id}.json").read_text() == "not json at all"
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="storage"):
            assert store.list_by_owner(9) == [healthy]
        assert caplog.text == ""  # reported once, when it was moved aside


def test_a_damaged_draft_is_handed_over_once_for_the_clerk_to_be_told(tmp_path: Path) -> None:
    with FileDraftStore(tmp_path) as store:
        healthy = store.create(9, "chuangwen", 1, T0)
        broken = store.create(9, "chuangwen", 1, T0)
        assert store.take_damaged(9) == []
        draft_file(tmp_path, broken.id).write_text("not json at all")
        assert store.list_by_owner(9) == [healthy]  # moved aside while listing
        assert store.take_damaged(9) == [broken.id]
        assert store.take_damaged(9) == []  # its index entry is gone now
        assert store.list_by_owner(9) == [healthy]
        assert store.take_damaged(10) == []  # an owner with no drafts at all


def test_every_write_leaves_only_parseable_files(tmp_path: Path) -> None:
    with FileDraftStore(tmp_path) as store:
        for owner in range(3):
            draft = store.create(owner, "chuangwen", 1, T0)
            store.save(draft.model_copy(update={"layout": "progress"}))
        store.delete(draft.id)
    for path in all_files(tmp_path):
        if path.suffix == ".json":
            decode_database(path.read_bytes())
        else:
            assert path.name == ".lock" or path.parent.parent.name == "owners"


def test_deleting_a_corrupt_draft_succeeds_and_keeps_the_moved_copy(tmp_path: Path) -> None:
    with FileDraftStore(tmp_path) as store:
        broken = store.create(9, "chuangwen", 1, T0)
        draft_file(tmp_path, broken.id).write_text("{")
        with pytest.raises(DraftCorrupt):
            store.get(broken.id)
        store.delete(broken.id)
        assert store.list_by_owner(9) == []
    assert (tmp_path / "corrupt" / f"{broken.id}.json").read_text() == "{"
