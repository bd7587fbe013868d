"""Benchmark: cost of one durable save as drafts pile up, per-draft files vs one TinyDB file
(and PostgreSQL rows with --backend postgres).

    python bench/storage.py [--saves 200] [--rounds 10] [--naive-budget 30]
                            [--backend files|postgres] [--database-url URL]

Fills fresh temp DATA_DIRs with 10, 1,000 and 10,000 drafts of 40 answers each through
the real store (setup skips syncs, then syncs once), times 200 durable ``save`` calls of
a random draft at each size, and does the same with the naive layout (all drafts in one
TinyDB JSONStorage file, capped by a time budget because each save rewrites it all).
Ends with ``RESULT p99_ms_10k=<n> ratio_10k_10=<n>``. Every figure is measured.

--backend postgres adds PostgreSQL rows (storage/postgres.py) to the same table, in the
same interleaved rounds: one database per size, filled with synchronous_commit off
(setup only), timed through a store on an ordinary connection (synchronous_commit on:
each save is a durable commit). The server is a throwaway cluster started here
(tests/support/postgres.py, filled by tests/support/pg_fill.py) unless --database-url names one (its databases are
created and dropped by the run). The RESULT line then adds pg_p99_ms_10k=<n>.
"""

from __future__ import annotations

import argparse
import math
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # so python bench/<name>.py runs too

from tinydb import TinyDB  # noqa: E402

from dialogs.answers import TextAnswer  # noqa: E402
from storage import Draft, DraftStore, FileDraftStore  # noqa: E402
from storage import slotted  # noqa: E402
from storage.atomic import atomic_write_bytes  # noqa: E402
from storage.models import utc_now  # noqa: E402
from tests.support.drafts import ANSWERS_PER_DRAFT, fill_store  # noqa: E402

SIZES = (10, 1_000, 10_000)


def changed(draft: Draft, rng: random.Random) -> Draft:
    """The draft after the clerk answers one more question (what every save stores)."""
    key = f"q{rng.randrange(ANSWERS_PER_DRAFT):02d}"
    answers = {**draft.state.answers, key: TextAnswer(text=f"补充说明{rng.random():.6f}")}
    state = draft.state.model_copy(update={"answers": answers, "turn": draft.state.turn + 1})
    return draft.model_copy(update={"state": state, "updated_at": draft.updated_at + timedelta(seconds=1)})


def percentile(samples_ms: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples_ms)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def bytes_on_disk(root: Path) -> int:
    """Allocated bytes of every file and folder under root, like du."""
    return sum(p.lstat().st_blocks * 512 for p in [root, *root.rglob("*")])


def time_store_saves(store: DraftStore, ids: list[str], saves: int, rng: random.Random) -> list[float]:
    """Durable ``save`` of a random draft after one more answer; only the save is timed."""
    samples = []
    for _ in range(saves):
        current = store.get(rng.choice(ids))
        assert current is not None
        new = changed(current, rng)
        start = time.perf_counter()
        store.save(new)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def time_bare_writes(write: Callable[[Path, bytes], None], path: Path, payload: bytes, saves: int) -> list[float]:
    """The disk's own floor right now: ``write`` of one draft's bytes, nothing else."""
    samples = []
    for _ in range(saves):
        start = time.perf_counter()
        write(path, payload)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def time_naive_saves(
    db_path: Path, documents: list[dict[str, Any]], saves: int, budget_s: float, rng: random.Random
) -> list[float]:
    """All drafts in one TinyDB JSONStorage file; update one draft per save (stops at budget_s)."""
    db_path.unlink(missing_ok=True)
    samples: list[float] = []
    with TinyDB(db_path) as db:
        table = db.table("drafts")
        table.insert_multiple(documents)
        deadline = time.perf_counter() + budget_s
        while len(samples) < saves and (len(samples) < 5 or time.perf_counter() < deadline):
            doc_id = rng.randint(1, len(documents))
            fields = {"updated_at": utc_now().isoformat(), "turn": rng.random()}
            start = time.perf_counter()
            table.update(fields, doc_ids=[doc_id])
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def database_bytes(store: DraftStore) -> int:
    """pg_database_size of the store's database."""
    import psycopg

    with psycopg.connect(store.url) as conn:  # type: ignore[attr-defined]
        row = conn.execute("SELECT pg_database_size(current_database())").fetchone()
    return int(row[0]) if row else 0


def startup_probe(data_dir: Path, owner: int) -> str:
    """Open the 10,000-draft store in a fresh process: time to open + find a clerk's draft, RSS."""
    code = (
        "import sys, time, psutil; t = time.perf_counter(); import storage; "
        "s = storage.open_store(sys.argv[1]); d = s.active_for(int(sys.argv[2])); "
        "ms = (time.perf_counter() - t) * 1000; assert d is not None; "
        "print(f'{ms:.0f} ms to import, open and find a clerk\\'s draft; RSS {psutil.Process().memory_info().rss / 2**20:.0f} MB')"
    )
    repo = Path(__file__).resolve().parents[1]
    result = subprocess.run(
        [sys.executable, "-c", code, str(data_dir), str(owner)], cwd=repo, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=10, help="interleave sizes in this many rounds")
    parser.add_argument("--naive-budget", type=float, default=30.0, help="seconds per naive size (min 5 saves)")
    parser.add_argument("--dir", type=Path, default=None, help="parent of the temp folders (default: system temp)")
    parser.add_argument("--backend", choices=("files", "postgres"), default="files", help="postgres: add PostgreSQL rows")
    parser.add_argument("--database-url", help="a PostgreSQL server to use (default: start a throwaway cluster)")
    args = parser.parse_args()
    with postgres_stores(args.backend == "postgres", args.database_url) as pg_stores:
        run(args, pg_stores)


@contextmanager
def postgres_stores(wanted: bool, url: str | None) -> Iterator[dict[int, tuple[DraftStore, list[str]]]]:
    """Per size, a PostgreSQL store filled with that many drafts and their ids (none if not wanted)."""
    if not wanted:
        yield {}
        return
    from tests.support.pg_fill import filled_databases

    with filled_databases(SIZES, url, random.Random(15)) as filled:
        yield filled


def run(args: argparse.Namespace, pg_stores: dict[int, tuple[DraftStore, list[str]]]) -> None:

    rng = random.Random(9704)
    work = Path(tempfile.mkdtemp(prefix="bench-storage-", dir=args.dir))
    try:
        stores = {size: FileDraftStore(work / f"data-{size}") for size in SIZES}
        ids = {}
        for size, store in stores.items():
            start = time.perf_counter()
            ids[size] = fill_store(store, size, rng)
            print(f"filled {size} drafts in {time.perf_counter() - start:.1f} s (setup)", file=sys.stderr)

        # Interleaved rounds: the shared disk's fsync latency drifts by several times
        # over minutes, so every size (and the bare floor) sees the same weather.
        floor_dir = work / "floor"
        floor_dir.mkdir()
        payload = stores[10].get(ids[10][0]).model_dump_json().encode()  # type: ignore[union-attr]
        slotted.create(floor_dir / "slotted.json", payload)
        floors: dict[str, Callable[[Path, bytes], None]] = {"slotted": slotted.overwrite, "replace": atomic_write_bytes}
        samples: dict[int | str, list[float]] = {size: [] for size in SIZES} | {name: [] for name in floors}
        pg_samples: dict[int, list[float]] = {size: [] for size in pg_stores}
        per_round = args.saves // args.rounds
        for _ in range(args.rounds):
            for size in SIZES:
                samples[size] += time_store_saves(stores[size], ids[size], per_round, rng)
            for size, (pg_store, pg_ids) in pg_stores.items():
                pg_samples[size] += time_store_saves(pg_store, pg_ids, per_round, rng)
            for name, write in floors.items():
                samples[name] += time_bare_writes(write, floor_dir / f"{name}.json", payload, per_round)

        naive: dict[int, list[float]] = {}
        naive_bytes: dict[int, int] = {}
        for size in SIZES:
            documents = [stores[size].get(i).model_dump(mode="json") for i in ids[size]]  # type: ignore[union-attr]
            naive[size] = time_naive_saves(work / "naive.json", documents, args.saves, args.naive_budget, rng)
            naive_bytes[size] = bytes_on_disk(work / "naive.json")
        disk_bytes = {size: bytes_on_disk(work / f"data-{size}") for size in SIZES}
        for store in stores.values():
            store.close()
        startup = startup_probe(work / "data-10000", 100_000)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"{'layout':<18} {'drafts':>7} {'saves':>6} {'p50 ms':>9} {'p99 ms':>9} {'bytes on disk':>14}")
    for size in SIZES:
        row = samples[size]
        print(f"{'per-draft files':<18} {size:>7} {len(row):>6} {percentile(row, .5):>9.2f} {percentile(row, .99):>9.2f} {disk_bytes[size]:>14,}")
    for size, row in pg_samples.items():
        pg_bytes = database_bytes(pg_stores[size][0])
        print(f"{'postgresql rows':<18} {size:>7} {len(row):>6} {percentile(row, .5):>9.2f} {percentile(row, .99):>9.2f} {pg_bytes:>14,}")
    for size in SIZES:
        row = naive[size]
        print(f"{'naive one file':<18} {size:>7} {len(row):>6} {percentile(row, .5):>9.2f} {percentile(row, .99):>9.2f} {naive_bytes[size]:>14,}")
    for name, label in (("slotted", "bare slot write"), ("replace", "bare replace")):
        floor = samples[name]
        print(f"{label:<18} {'-':>7} {len(floor):>6} {percentile(floor, .5):>9.2f} {percentile(floor, .99):>9.2f} {'-':>14}")
    if any(len(naive[size]) < args.saves for size in SIZES):
        print(f"(naive runs stop after {args.naive_budget:.0f} s per size: each save rewrites the whole file)")
    print("(per-draft sizes and floors timed in interleaved rounds; bare slot write = one draft's bytes")
    print(" written in place + fdatasync, as a save does; bare replace = temp+fdatasync+rename+fsync dir)")
    print(f"startup with 10,000 drafts: {startup}")
    p99_10k, p99_10 = percentile(samples[10_000], 0.99), percentile(samples[10], 0.99)
    result = f"RESULT p99_ms_10k={p99_10k:.3f} ratio_10k_10={p99_10k / p99_10:.3f}"
    if pg_samples:
        result += f" pg_p99_ms_10k={percentile(pg_samples[10_000], 0.99):.3f}"
        print("(postgresql rows: synchronous_commit on, each save one committed UPDATE over loopback TCP;")
        print(" bytes = pg_database_size of that size's database)")
    print(result)

if __name__ == "__main__":
    main()
