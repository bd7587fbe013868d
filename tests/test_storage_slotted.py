"""The double-buffered draft file: a torn or interrupted write never costs the last
acknowledged version, payloads can outgrow their slot, and legacy JSON files convert."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storage import slotted
from storage.tinydb_storage import decode_database, write_database


def write_versions(path: Path, count: int) -> None:
    slotted.create(path, b"v1")
    for n in range(2, count + 1):
        slotted.overwrite(path, f"v{n}".encode())


def newest(path: Path) -> bytes | None:
    record = slotted.newest_record(path.read_bytes())
    return None if record is None else record.payload


def test_versions_alternate_between_the_two_slots(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    slots = []
    for count in range(1, 6):
        write_versions(path, count)
        record = slotted.newest_record(path.read_bytes())
        assert record is not None and record.payload == f"v{count}".encode()
        slots.append(record.slot)
    assert slots == [0, 1, 0, 1, 0]


NEW_PAYLOAD = b"x" * 400
NEW_RECORD_SIZE = slotted.HEADER.size + len(NEW_PAYLOAD)


@settings(max_examples=200, deadline=None)
@given(
    versions=st.integers(min_value=2, max_value=6),
    cut=st.integers(min_value=0, max_value=NEW_RECORD_SIZE - 1),
    junk=st.binary(max_size=64),
)
def test_a_write_torn_anywhere_leaves_the_previous_version(tmp_path_factory: pytest.TempPathFactory, versions: int, cut: int, junk: bytes) -> None:
    """Simulate a crash mid-overwrite: only a prefix of the new, valid record reached the
    disk, followed by garbage. The reader must return the last complete version (unless
    the garbage happens to be exactly the missing bytes: then the record is whole)."""
    path = tmp_path_factory.mktemp("torn") / "d.json"
    write_versions(path, versions)
    raw = bytearray(path.read_bytes())
    current = slotted.newest_record(bytes(raw))
    assert current is not None
    slot_size = len(raw) // 2
    target = (1 - current.slot) * slot_size
    new_record = slotted._record_bytes(NEW_PAYLOAD, current.sequence + 1)
    torn = new_record[:cut] + junk
    raw[target : target + len(torn)] = torn
    whole = raw[target : target + len(new_record)] == new_record
    expected = slotted.Record(1 - current.slot, current.sequence + 1, NEW_PAYLOAD) if whole else current
    assert slotted.newest_record(bytes(raw)) == expected


def test_the_last_acknowledged_slot_is_never_written(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    write_versions(path, 3)
    before = path.read_bytes()
    current = slotted.newest_record(before)
    assert current is not None
    slot_size = len(before) // 2
    slotted.overwrite(path, b"v4")
    after = path.read_bytes()
    keep = slice(current.slot * slot_size, (current.slot + 1) * slot_size)
    assert after[keep] == before[keep]


def test_overwriting_after_a_torn_write_keeps_the_intact_slot(tmp_path: Path) -> None:
    """After a crash left garbage with a higher sequence number in one slot, the next
    write must go into that damaged slot, not over the only intact version."""
    path = tmp_path / "d.json"
    write_versions(path, 2)  # v1 in slot 0, v2 in slot 1
    raw = bytearray(path.read_bytes())
    slot_size = len(raw) // 2
    raw[0 : slotted.HEADER.size] = slotted.HEADER.pack(slotted.MAGIC, 99, 10, 12345)  # torn v3
    path.write_bytes(bytes(raw))
    slotted.overwrite(path, b"v3")
    record = slotted.newest_record(path.read_bytes())
    assert record is not None and (record.slot, record.payload) == (0, b"v3")
    assert path.read_bytes()[slot_size : slot_size + slotted.HEADER.size + 2].endswith(b"v2")


def test_a_payload_larger_than_its_slot_grows_the_file(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    write_versions(path, 3)
    small_size = path.stat().st_size
    big = os.urandom(3 * small_size)
    slotted.overwrite(path, big)
    assert newest(path) == big
    assert path.stat().st_size > 2 * len(big) and path.stat().st_size % (2 * slotted.PAGE) == 0
    slotted.overwrite(path, b"small again")
    assert newest(path) == b"small again"
    assert [p.name for p in tmp_path.iterdir()] == ["d.json"]


def test_overwriting_a_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        slotted.overwrite(tmp_path / "gone.json", b"x")


def test_a_legacy_plain_json_database_is_read_and_converted_on_write(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    path.write_text(json.dumps({"draft": {"1": {"id": "abc"}}}))
    assert decode_database(path.read_bytes()) == {"draft": {"1": {"id": "abc"}}}
    write_database(path, b'{"draft":{"1":{"id":"abc","n":2}}}')
    raw = path.read_bytes()
    assert slotted.is_slotted(raw)
    assert decode_database(raw) == {"draft": {"1": {"id": "abc", "n": 2}}}


@pytest.mark.parametrize("damage", [b"", b"TDS1", b"TDS1" + bytes(60), b"\0" * 8192, b"garbage, not json"])
def test_a_file_with_no_intact_version_is_reported(damage: bytes) -> None:
    with pytest.raises(ValueError):
        decode_database(damage)


# -- durability: the flushes themselves --------------------------------------------


class SyscallSpy:
    """Records the writes, flushes and renames storage makes, in order, by file descriptor."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.events: list[tuple[str, object]] = []
        for name in ("write", "pwrite", "fdatasync", "fsync", "replace"):
            monkeypatch.setattr(os, name, self._recording(name, getattr(os, name)))

    def _recording(self, name: str, real: object) -> object:
        def call(*args: object) -> object:
            self.events.append((name, args[0]))
            return real(*args)  # type: ignore[operator]

        return call

    def kinds(self) -> list[str]:
        return [name for name, _ in self.events]


def test_a_slot_write_is_flushed_with_fdatasync_before_it_returns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The acknowledgement of an answer rests on this flush; a kill test only sees its absence by luck."""
    path = tmp_path / "d.json"
    slotted.create(path, b"v1")
    spy = SyscallSpy(monkeypatch)
    slotted.overwrite(path, b"v2")
    assert spy.kinds() == ["pwrite", "fdatasync"]
    assert spy.events[0][1] == spy.events[1][1]  # the file written is the file flushed


def test_a_new_file_is_flushed_before_its_rename_and_the_folder_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spy = SyscallSpy(monkeypatch)
    slotted.create(tmp_path / "d.json", b"v1")
    kinds = spy.kinds()
    assert kinds[-3:] == ["fdatasync", "replace", "fsync"] and set(kinds[:-3]) == {"write"}
    assert spy.events[0][1] == spy.events[-3][1]  # the temp file written is the one flushed
