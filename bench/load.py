"""Load: N clerks answer whole interviews at once against the bot, with 10,000 drafts stored.

    python -m bench.load [--clerks 200] [--stored 10000] [--think 0.4 | --rate N] [--kills 0] [--faults KIND]

The bot runs as its own process (`python bot.py`) against the local Bot API server
(fakebotapi) that the end-to-end tests use; page pictures are off (PREVIEW_PAGES=0)
because LibreOffice conversions are measured by bench/preview.py. Prints updates per
second, reply latency (update delivered -> the bot's first reply in that chat
arrives), errors, the bot's peak RSS and the storage check: every answer the bot
acknowledged is stored, none twice. Last line:
RESULT updates_per_s=<n> p99_ms=<n> lost=<n> rss_mb=<n>
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import sys
import tempfile
import time
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import psutil  # noqa: E402

from storage.store import open_store  # noqa: E402
from tests.support.drafts import fill_store  # noqa: E402
from tests.support.fakebotapi import FaultPlan, FaultRule  # noqa: E402
from tests.support.loadsim import LoadConfig, run_load, summary_lines  # noqa: E402

FAULT_PLANS: dict[str, list[FaultRule]] = {
    "timeout": [FaultRule(kind="timeout", probability=0.02, seconds=3, apply_side_effect=True)],
    "5xx": [FaultRule(kind="http_502", probability=0.03), FaultRule(kind="http_500", probability=0.02)],
    "429": [FaultRule(kind="retry_after", probability=0.03, seconds=1)],
    "drop": [FaultRule(kind="drop", probability=0.03)],
    "slow": [FaultRule(kind="slow", probability=0.05, seconds=0.3)],
}


def machine() -> str:
    return f"{platform.machine()}, {psutil.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}"


def cpu_check_ms() -> float:
    """Best of 5 runs of a fixed pure-Python loop: this shared VM's speed varies by a
    quarter from hour to hour, and this tells a slow hour from a slower bot."""
    return min(timeit.repeat("sum(i * i for i in range(100_000))", number=10, repeat=5)) * 100


def prefill(data_dir: Path, drafts: int) -> float:
    """Store ``drafts`` drafts of 40 answers for other clerks; returns seconds taken."""
    began = time.perf_counter()
    store = open_store(data_dir)
    try:
        fill_store(store, drafts, random.Random(7))
    finally:
        store.close()
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clerks", type=int, default=200)
    parser.add_argument("--stored", type=int, default=10_000, help="drafts already stored before the run")
    pace = parser.add_mutually_exclusive_group()
    pace.add_argument("--think", type=float, default=0.4, help="mean seconds a clerk pauses between answers")
    pace.add_argument(
        "--rate", type=float,
        help="offer about this many updates/s in all (each clerk pauses clerks/rate s on average); "
        "when the bot keeps up, reply latency is then measured at that rate",
    )
    parser.add_argument("--kills", type=int, default=0, help="SIGKILL and restart the bot this many times")
    parser.add_argument("--faults", choices=sorted(FAULT_PLANS), help="inject one kind of Bot API fault")
    parser.add_argument("--data-dir", type=Path, help="default: a fresh temporary folder")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="cwzj-load-") as tmp:
        data_dir = args.data_dir or Path(tmp) / "data"
        print(f"machine                {machine()}")
        print(f"cpu check              {cpu_check_ms():.1f} ms for a fixed Python loop (lower is faster)")
        if args.stored:
            print(f"prefill                {args.stored} drafts stored in {prefill(data_dir, args.stored):.1f} s")
        faults = FaultPlan(rules=FAULT_PLANS[args.faults], seed=3) if args.faults else None
        think = args.clerks / args.rate if args.rate else args.think
        print(f"offered                {args.clerks} clerks pausing {think:.2f} s on average between answers")
        config = LoadConfig(
            clerks=args.clerks, think_s=think, kills=args.kills, faults=faults, data_dir=data_dir,
            bot_env={"BOT_API_READ_TIMEOUT": "2"} if args.faults == "timeout" else {},
        )
        report = asyncio.run(run_load(config))
        for line in summary_lines(report):
            print(line)
        print(
            f"RESULT updates_per_s={report.updates_per_s:.0f} p99_ms={report.percentile(0.99):.1f} "
            f"lost={report.lost} rss_mb={report.peak_rss_mb:.0f}"
        )
    os.sync()


if __name__ == "__main__":
    main()
