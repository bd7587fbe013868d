"""Writer process for the kill -9 test: saves forever, printing an ack after each save returns.

Usage: python tests/storage_kill_writer.py DATA_DIR SEED

Lines printed (each only after the store call returned, i.e. was acknowledged):
    created <draft_id> <owner>
    ack <draft_id> <turn>
Each save sets turn to n and writes answers "last" and "k<n mod 40>" to str(n), so the
checker can tell a whole save from a torn one.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from dialogs.answers import TextAnswer  # noqa: E402
from storage import Draft, FileDraftStore  # noqa: E402
from storage.models import utc_now  # noqa: E402

OWNERS = (1, 2, 3)
MAX_DRAFTS = 12


def next_save(draft: Draft) -> Draft:
    n = draft.state.turn + 1
    answers = {**draft.state.answers, "last": TextAnswer(text=str(n)), f"k{n % 40}": TextAnswer(text=str(n))}
    state = draft.state.model_copy(update={"answers": answers, "turn": n})
    return draft.model_copy(update={"state": state, "updated_at": utc_now()})


def main(data_dir: Path, seed: int) -> None:
    rng = random.Random(seed)
    store = FileDraftStore(data_dir)
    draft_ids = [d.id for owner in OWNERS for d in store.list_by_owner(owner)]
    while True:
        if not draft_ids or (len(draft_ids) < MAX_DRAFTS and rng.random() < 0.05):
            owner = rng.choice(OWNERS)
            created = store.create(owner, "chuangwen", 1, utc_now())
            print(f"created {created.id} {owner}", flush=True)
            draft_ids.append(created.id)
            continue
        draft_id = rng.choice(draft_ids)
        current = store.get(draft_id)
        assert current is not None, draft_id
        saved = next_save(current)
        store.save(saved)
        print(f"ack {draft_id} {saved.state.turn}", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]))
