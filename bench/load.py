"""Load: N clerks answer whole interviews at once against the bot, with 10,000 drafts stored.

    python -m bench.load [--clerks 200] [--stored 10000] [--think 0.4 | --rate N] [--bot ours|echo|both]
                         [--kills 0] [--slow-fsync MS] [--faults KIND]
                         [--backend files|postgres [--instances N] [--database-url URL]]

The bot runs as its own process (`python bot.py`) against the local Bot API server
(tests/support/fakebotapi) that the end-to-end tests use; page pictures are off
(PREVIEW_PAGES=0) because LibreOffice conversions are measured by bench/preview.py.
Prints updates per second, reply latency (update delivered -> the bot's first reply in
that chat arrives), errors, the bot's peak PSS, its CPU per update while the clerks ran,
and the storage check (tests/support/storage_check.py): nothing the clerks said lost,
nothing applied twice, no duplicate draft. Last line:
RESULT bot=ours updates_per_s=<n> p50_ms=<n> p99_ms=<n> lost=<n> doubled=<n> duplicate_drafts=<n> silent=<n>
       rss_mb=<n> cpu_ms_per_update=<n>   (silent: updates Telegram confirmed that the bot never answered)

--bot echo drives a bare python-telegram-bot echo bot (tests/support/echo_bot.py) through
the same harness at the same pace: each clerk sends texts and button presses in turn and
waits for each reply. --bot both runs ours, then echo with as many updates per clerk as
ours took, and ends with `... echo_cpu_ms_per_update=<n> cpu_ratio=<ours/echo>`.

--kills N kills the bot N times (SIGKILL) and restarts it: at random moments and 0-20 ms
after Telegram hands it updates (tests/support/kills.py); clerks keep starting
interviews and now and then a fresh /new until the kills are done. --slow-fsync MS runs
every start with each fsync slowed by MS (tests/support/slow_fsync_bot.py).

--backend postgres stores the drafts (the 10,000 prefilled ones too) in PostgreSQL: a
throwaway cluster started here (tests/support/postgres.py) unless --database-url names a
server (a database is created there and dropped). --instances N (N >= 1, postgres only)
runs N `python bot.py --webhook URL` instances behind nginx (tests/support/fleet.py),
the fake Bot API posting each update to nginx as Telegram posts to a webhook; without it
one instance long-polls, as with files. Kills then SIGKILL one instance at a time.
The RESULT line adds backend=<files|postgres> instances=<n>. With postgres (and --bot
ours, no kills) the same clerks first run at the same pace against files, so both
tables come from one run; the RESULT line then ends files_p99_ms=<n>
files_cpu_ms_per_update=<n> (--no-baseline skips that run).
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
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # so python bench/<name>.py runs too

import psutil  # noqa: E402

from storage.store import open_store  # noqa: E402
from tests.support.drafts import fill_store  # noqa: E402
from tests.support.fakebotapi import FaultPlan, FaultRule  # noqa: E402
from tests.support.loadsim import LoadConfig, LoadReport, run_load, summary_lines  # noqa: E402

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


def prefill(data_dir: Path, drafts: int, database_url: str | None = None) -> float:
    """Store ``drafts`` drafts of 40 answers for other clerks; returns seconds taken."""
    began = time.perf_counter()
    if database_url:
        from tests.support.pg_fill import fill_database

        fill_database(database_url, drafts, random.Random(7))
        return time.perf_counter() - began
    store = open_store(data_dir)
    try:
        fill_store(store, drafts, random.Random(7))
    finally:
        store.close()
    return time.perf_counter() - began


def run_and_print(config: LoadConfig) -> LoadReport:
    report = asyncio.run(run_load(config))
    for line in summary_lines(report):
        print(line)
    return report


def result_fields(report: LoadReport) -> str:
    return (
        f"bot={report.bot} updates_per_s={report.updates_per_s:.0f} p50_ms={report.percentile(0.5):.1f} "
        f"p99_ms={report.percentile(0.99):.1f} lost={report.lost} doubled={report.doubled} "
        f"duplicate_drafts={report.duplicate_drafts} silent={report.silent} rss_mb={report.peak_rss_mb:.0f} "
        f"cpu_ms_per_update={report.cpu_ms_per_update:.2f}"
    )


@contextmanager
def database(args: argparse.Namespace) -> Iterator[str | None]:
    """With --backend postgres, a fresh database's URL (on a throwaway cluster or --database-url); else None."""
    if args.backend != "postgres":
        yield None
        return
    from tests.support.pg_fill import new_database, server

    with server(args.database_url) as admin, new_database(admin) as url:
        yield url


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
    parser.add_argument("--bot", choices=("ours", "echo", "both"), default="ours", help="which bot to drive (default ours)")
    parser.add_argument("--kills", type=int, default=0, help="SIGKILL and restart the bot this many times")
    parser.add_argument("--slow-fsync", type=float, default=0.0, metavar="MS", help="slow every fsync of the bot by MS")
    parser.add_argument(
        "--new-rate", type=float,
        help="chance per answer that a clerk leaves the draft for a fresh /new (default 0.01 with --kills, else 0)",
    )
    parser.add_argument("--faults", choices=sorted(FAULT_PLANS), help="inject one kind of Bot API fault")
    parser.add_argument("--data-dir", type=Path, help="default: a fresh temporary folder")
    parser.add_argument("--backend", choices=("files", "postgres"), default="files", help="where drafts are stored")
    parser.add_argument("--instances", type=int, default=0, help="postgres: N webhook instances behind nginx")
    parser.add_argument("--database-url", help="postgres: a server to use (default: a throwaway cluster)")
    parser.add_argument(
        "--no-baseline", action="store_true", help="postgres: skip the same run on files that comes first",
    )
    args = parser.parse_args()
    if args.instances and args.backend != "postgres":
        parser.error("--instances needs --backend postgres: instances share one database")

    with tempfile.TemporaryDirectory(prefix="cwzj-load-") as tmp, database(args) as database_url:
        data_dir = args.data_dir or Path(tmp) / "data"
        print(f"machine                {machine()}")
        print(f"cpu check              {cpu_check_ms():.1f} ms for a fixed Python loop (lower is faster)")
        baseline = None
        if database_url and args.bot == "ours" and not args.kills and not args.no_baseline:
            # The same clerks at the same pace on files first, so the two stores are
            # compared in one run on one machine.
            baseline = run_backend(args, Path(tmp) / "files-data", None)
            print()
        report, config = run_backend(args, data_dir, database_url)
        result = result_fields(report) + f" backend={args.backend} instances={args.instances or 1}"
        if baseline is not None:
            files = baseline[0]
            result += f" files_p99_ms={files.percentile(0.99):.1f} files_cpu_ms_per_update={files.cpu_ms_per_update:.2f}"
        if args.bot == "both":
            # Echo clerks send as many updates as ours took, at the same pace.
            echo_config = replace(config, bot="echo", kills=0, echo_updates=max(1, round(report.updates / args.clerks)))
            echo = run_and_print(echo_config)
            result += f" echo_cpu_ms_per_update={echo.cpu_ms_per_update:.2f} cpu_ratio={report.cpu_ms_per_update / echo.cpu_ms_per_update:.2f}"
        print(f"RESULT {result}")
    os.sync()


def run_backend(args: argparse.Namespace, data_dir: Path, database_url: str | None) -> tuple[LoadReport, LoadConfig]:
    """Prefill, run and print one store's run; the report and the config it ran with."""
    instances = args.instances if database_url else 0
    where = f"PostgreSQL, {instances or 1} instance(s){' behind nginx' if instances else ''}" if database_url else "files"
    print(f"storage                {where}")
    if args.stored and args.bot != "echo":  # the echo bot reads no drafts
        print(f"prefill                {args.stored} drafts stored in {prefill(data_dir, args.stored, database_url):.1f} s")
    faults = FaultPlan(rules=FAULT_PLANS[args.faults], seed=3) if args.faults else None
    think = args.clerks / args.rate if args.rate else args.think
    print(f"offered                {args.clerks} clerks pausing {think:.2f} s on average between answers")
    config = LoadConfig(
        clerks=args.clerks, think_s=think, kills=args.kills, faults=faults, data_dir=data_dir,
        bot_env={"BOT_API_READ_TIMEOUT": "2"} if args.faults == "timeout" else {},
        bot="echo" if args.bot == "echo" else "ours", slow_fsync_ms=args.slow_fsync,
        new_rate=args.new_rate if args.new_rate is not None else 0.01 if args.kills else 0.0,
        database_url=database_url, instances=instances,
    )
    return run_and_print(config), config


if __name__ == "__main__":
    main()
