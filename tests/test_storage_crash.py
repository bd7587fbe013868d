"""kill -9 at random moments never loses an acknowledged save nor leaves a broken file.

Slow-ish by nature (about 55 writer processes; roughly 20-40 s on 2 cores).
"""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from storage import FileDraftStore
from storage.atomic import is_temp_file
from storage.tinydb_storage import decode_database

KILLS = 55
WRITER = Path(__file__).with_name("storage_kill_writer.py")


def run_writer_until_killed(data_dir: Path, rng: random.Random, seed: int) -> list[str]:
    """Start a writer, SIGKILL it at a random moment, return the lines it had printed."""
    writer = subprocess.Popen(
        [sys.executable, str(WRITER), str(data_dir), str(seed)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None
    if rng.random() < 0.2:
        time.sleep(rng.uniform(0.0, 0.5))  # sometimes during start-up, open or the first create
        first = ""
    else:
        first = writer.stdout.readline()  # steady state: saving in a loop
        time.sleep(rng.uniform(0.0, 0.03))
    writer.send_signal(signal.SIGKILL)
    rest = writer.stdout.read()
    writer.wait(timeout=10)
    assert writer.returncode == -signal.SIGKILL, "the writer must die by the kill, not by an error"
    text = first + rest
    return [line for line in text.split("\n")[:-1]]  # a line without its newline was not finished


def leftover_temp_files(data_dir: Path) -> int:
    return sum(1 for p in data_dir.rglob("*") if is_temp_file(p.name))


def check_store(data_dir: Path, acked: dict[str, int], owners: dict[str, int]) -> int:
    """``acked``: the turn each draft must have (last ack, or what the previous check found).
    Updated to the stored turn, since the next writer continues from what is stored.
    Returns how many saves had reached the file but not been acknowledged (kill mid-save)."""
    unacknowledged = 0
    with FileDraftStore(data_dir) as store:
        assert leftover_temp_files(data_dir) == 0
        for draft_id, turn in acked.items():
            draft = store.get(draft_id)
            assert draft is not None, f"acknowledged draft {draft_id} lost"
            stored = draft.state.turn
            # The save in flight at the kill may or may not have landed; nothing older may show.
            assert stored in (turn, turn + 1), f"{draft_id}: acked turn {turn}, found {stored}"
            unacknowledged += stored == turn + 1
            acked[draft_id] = stored
            if stored:  # a freshly created draft has no answers yet
                assert draft.state.answers["last"].text == str(stored)
                assert draft.state.answers[f"k{stored % 40}"].text == str(stored)
        for draft_id, owner in owners.items():
            assert draft_id in {d.id for d in store.list_by_owner(owner)}
    for path in data_dir.rglob("*.json"):
        decode_database(path.read_bytes())  # the newest intact version parses
    assert not (data_dir / "corrupt").exists()
    return unacknowledged


def test_kill_9_never_loses_an_acknowledged_save(tmp_path: Path) -> None:
    rng = random.Random(20241201)
    acked: dict[str, int] = {}
    owners: dict[str, int] = {}
    kills_mid_write = 0
    for seed in range(KILLS):
        for line in run_writer_until_killed(tmp_path, rng, seed):
            kind, draft_id, number = line.split()
            if kind == "created":
                owners[draft_id] = int(number)
                acked.setdefault(draft_id, 0)
            else:
                acked[draft_id] = max(acked.get(draft_id, 0), int(number))
        interrupted_create = leftover_temp_files(tmp_path) > 0
        kills_mid_write += check_store(tmp_path, acked, owners) > 0 or interrupted_create
    assert sum(acked.values()) > KILLS  # the writers really saved between kills
    assert kills_mid_write >= 5  # and the kills really landed inside writes
