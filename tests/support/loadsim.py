"""Simulated clerks against the real bot process, through the local Bot API server.

Used by bench/load.py (figures) and tests/test_faults.py, tests/test_kills.py (shorter
runs as tests). The bot runs as its own process (`python bot.py`, see bot_process.py)
so it can be measured (PSS, CPU) and killed with SIGKILL; clerks (clerks.py) live in
this process. With ``bot="echo"`` the same harness drives a bare python-telegram-bot
echo bot instead, the yardstick for our bot's CPU per update. After the run the
storage check (storage_check.py) reads every clerk's drafts from disk.
"""

from __future__ import annotations

import asyncio
import bisect
import contextlib
import gc
import random
import statistics
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from dialogs.questionnaire import load_questionnaire
from tests.support.bot_process import ECHO_BOT, OUR_BOT, SLOW_FSYNC_BOT, BotProcess
from tests.support.clerks import Clerk, ClerkResult, EchoClerk, Pace, question_index
from tests.support.fakebotapi import FakeBotApi, FaultPlan, ReplyLatency
from tests.support.fakebotapi.updates import QueuedUpdate
from tests.support.fleet import Fleet
from tests.support.kills import WEIGHTS, KillPlan, kill_repeatedly, serving
from tests.support.storage_check import StorageCheck, check_storage

FIRST_CLERK = 50_000  # user ids of the simulated clerks, clear of bench's filled drafts


@dataclass
class LoadConfig:
    clerks: int = 200
    think_s: float = 0.4  # mean pause between a reply and the clerk's next answer
    skip_rate: float = 0.15  # optional questions a clerk skips
    kills: int = 0  # SIGKILL the bot this many times during the run, restarting it each time
    reply_timeout_s: float = 20.0  # a clerk who hears nothing this long nudges the bot
    seed: int = 1
    faults: FaultPlan | None = None
    bot_env: dict[str, str] = field(default_factory=dict)
    data_dir: Path = Path("data")
    bot: Literal["ours", "echo"] = "ours"
    echo_updates: int = 150  # updates each echo clerk sends (our interview takes about as many)
    new_rate: float = 0.0  # chance, before an answer, that a clerk leaves the draft for a fresh /new
    slow_fsync_ms: float = 0.0  # > 0: bot starts may run with every fsync slowed this much
    slowed_starts: float = 1.0  # share of bot starts (first and restarts) with slowed fsyncs
    kill_weights: tuple[float, float, float] = WEIGHTS  # of kills anywhere / after delivery / after /new
    database_url: str | None = None  # drafts in PostgreSQL instead of data_dir
    instances: int = 0  # > 0: that many webhook instances behind nginx (tests/support/fleet.py)

    def pace(self) -> Pace:
        return Pace(self.think_s, self.skip_rate, self.new_rate, self.reply_timeout_s)


@dataclass
class LoadReport:
    clerks: int
    finished: int
    updates: int
    seconds: float
    latencies_ms: list[float]
    unanswered: int
    storage: StorageCheck
    failures_seen: int
    nudges: int
    peak_rss_mb: float  # PSS summed over the bot's processes
    peak_rss_sum_mb: float  # plain RSS summed (shared pages counted in every process)
    bot_processes: int  # most processes the bot ran at once (1 + its workers)
    bot_exit_code: int  # of the last bot process, stopped with SIGINT at the end
    bot_cpu_s: float  # while the clerks ran (start-up before them left out)
    bot_cpu_total_s: float  # every start included
    kill_moments: Counter[str]
    slowed_starts: int
    bot_starts: int
    interviews: int
    faults: dict[str, int]
    bot_errors: int
    bot: str = "ours"
    silent: int = 0  # confirmed updates the bot never answered (its effect may be stored): unanswered_confirmed
    error_samples: list[str] = field(default_factory=list)

    @property
    def lost(self) -> int:
        return self.storage.lost

    @property
    def doubled(self) -> int:
        return self.storage.doubled

    @property
    def duplicate_drafts(self) -> int:
        return self.storage.duplicate_drafts

    @property
    def kills(self) -> int:
        return sum(self.kill_moments.values())

    @property
    def updates_per_s(self) -> float:
        return self.updates / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_update(self) -> float:
        return self.bot_cpu_s / max(self.updates, 1) * 1000

    def percentile(self, fraction: float) -> float:
        return _percentile(self.latencies_ms, fraction)

    def p99_by_tenth(self) -> list[float]:
        """Reply p99 of each tenth of the updates, in delivery order: where the tail comes from."""
        size = max(1, len(self.latencies_ms) // 10)
        return [_percentile(self.latencies_ms[i : i + size], 0.99) for i in range(0, size * 10, size)]


def _percentile(samples: list[float], fraction: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection in the load generator while it runs.

    It records every call and update of the run, a few hundred thousand objects by
    the end; each full collection over them stopped this process, Bot API server
    included, for up to 300 ms, and the replies waiting in it were counted as the
    bot's latency (seen by logging gc.callbacks on both sides). Nothing it creates
    needs cycles collected before the run ends."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


async def run_load(config: LoadConfig) -> LoadReport:
    with collector_paused():
        return await _run_load(config)


class _Starter:
    """Starts the bot the way the config asks, choosing slowed fsyncs per start."""

    def __init__(self, bot: BotProcess | Fleet, config: LoadConfig, rng: random.Random) -> None:
        self.bot, self.config, self.rng = bot, config, rng
        self.starts = self.slowed = 0

    async def __call__(self) -> None:
        self.starts += 1
        if self.config.bot == "echo":
            await self.bot.start(ECHO_BOT)
        elif self.config.slow_fsync_ms > 0 and self.rng.random() < self.config.slowed_starts:
            self.slowed += 1
            await self.bot.start(SLOW_FSYNC_BOT, {"SLOW_FSYNC_MS": str(self.config.slow_fsync_ms)})
        else:
            await self.bot.start(OUR_BOT)


async def _run_load(config: LoadConfig) -> LoadReport:
    index = question_index(load_questionnaire())
    rng = random.Random(config.seed)
    async with FakeBotApi(faults=config.faults) as api:
        env = {**config.bot_env, **({"DATABASE_URL": config.database_url} if config.database_url else {})}
        bot: BotProcess | Fleet = (
            Fleet(api, config.data_dir, env, config.instances, random.Random(rng.random()))
            if config.instances
            else BotProcess(api, config.data_dir, env)
        )
        start = _Starter(bot, config, random.Random(rng.random()))
        await start()
        try:
            # The clock starts when the bot polls: clerks who write while it boots would
            # all be delivered in one backlog, which measures start-up, not load.
            await serving(api)
            killing = asyncio.Event()
            clerks: list[Clerk | EchoClerk] = [
                EchoClerk(api, FIRST_CLERK + i, config.echo_updates, config.pace(), random.Random(rng.random()))
                if config.bot == "echo"
                else Clerk(api, FIRST_CLERK + i, index, config.pace(), random.Random(rng.random()), killing.is_set)
                for i in range(config.clerks)
            ]
            await asyncio.sleep(0.2)  # a fresh CPU sample: start-up is not the load's
            cpu_before = bot.cpu_so_far()
            began = time.perf_counter()
            tasks = [asyncio.create_task(clerk.run()) for clerk in clerks]
            # While kills remain, clerks start another interview after each .docx.
            if config.kills:
                killing.set()
            plan = KillPlan(config.kills, rng, lambda: all(task.done() for task in tasks), start, config.kill_weights)
            killer = asyncio.create_task(kill_repeatedly(api, bot, plan))
            killer.add_done_callback(lambda _: killing.clear())
            results = await asyncio.gather(*tasks)
            seconds = time.perf_counter() - began
            kill_moments = await killer
            await asyncio.sleep(0.2)
            serving_cpu = bot.cpu_so_far() - cpu_before
        finally:
            exit_code = await bot.stop()  # never leave a bot process behind, whatever happened
        latencies = api.reply_latencies()
        confirmed = {u.update_id for u in api.world.feed.history if u.confirmed_at is not None}
        silent = unanswered_confirmed(api) if config.bot == "ours" else []
    storage = (
        StorageCheck() if config.bot == "echo" else check_storage(config.data_dir, results, confirmed, config.database_url)
    )
    report = _report(config, results, seconds, latencies, storage, bot, exit_code, serving_cpu, kill_moments, start, api)
    report.silent = len(silent)
    return report


def _report(
    config: LoadConfig,
    results: list[ClerkResult],
    seconds: float,
    latencies: list[ReplyLatency],
    storage: StorageCheck,
    bot: BotProcess | Fleet,
    exit_code: int,
    serving_cpu: float,
    kill_moments: Counter[str],
    start: _Starter,
    api: FakeBotApi,
) -> LoadReport:
    return LoadReport(
        clerks=config.clerks,
        finished=sum(r.finished for r in results),
        updates=sum(r.updates for r in results),
        seconds=seconds,
        latencies_ms=[lat.seconds * 1000 for lat in latencies if lat.seconds is not None],
        unanswered=sum(1 for lat in latencies if lat.seconds is None),
        storage=storage,
        failures_seen=sum(r.failures_seen for r in results),
        nudges=sum(r.nudges for r in results),
        peak_rss_mb=bot.peak_rss / 2**20,
        peak_rss_sum_mb=bot.peak_rss_sum / 2**20,
        bot_processes=bot.most_processes,
        bot_exit_code=exit_code,
        bot_cpu_s=serving_cpu,
        bot_cpu_total_s=bot.cpu_seconds,
        kill_moments=kill_moments,
        slowed_starts=start.slowed,
        bot_starts=start.starts,
        interviews=sum(r.interviews for r in results),
        faults=api.fault_counts,
        bot_errors=len(bot.errors),
        bot=config.bot,
        error_samples=bot.errors[:5] + storage.missing[:5],
    )


def unanswered_confirmed(api: FakeBotApi) -> list[QueuedUpdate]:
    """Updates the bot handled without a word: confirmed, and never answered, before the
    clerk's next update.

    Clerks wait for the answer to each update (or give up after reply_timeout_s and
    nudge), so a confirmed update with no bot call in its chat between its delivery and
    the clerk's next update left the clerk in silence, and Telegram will not send it
    again. Its effect may still have been stored (the storage check tells): this counts
    replies lost, not answers. Any call counts as an answer, answerCallbackQuery included.

    Only an update confirmed before the clerk's next one arrived counts: one confirmed
    later was still unhandled when the clerk nudged (the bot was down, killed again and
    again while restarting), and was handled with that nudge, whose answer shows the
    clerk where they are (a redelivered update behind a newer one is not answered on its
    own: app.service). Its answer came late, not never; the nudge itself is checked in
    turn."""
    answers: dict[int, list[float]] = {}
    for call in api.calls:
        if call.applied and call.chat_id is not None:
            answers.setdefault(call.chat_id, []).append(call.at)
    for times in answers.values():
        times.sort()
    by_chat: dict[int, list[QueuedUpdate]] = {}
    for update in api.world.feed.history:
        if update.created and update.chat_id is not None:
            by_chat.setdefault(update.chat_id, []).append(update)
    silent = []
    for chat_id, updates in by_chat.items():
        times = answers.get(chat_id, [])
        for update, following in zip(updates, [*updates[1:], None]):
            if update.confirmed_at is None or update.delivered_at is None:
                continue
            until = following.pushed_at if following is not None else float("inf")
            if update.confirmed_at > until:
                continue  # still unhandled when the clerk spoke again (see above)
            first = bisect.bisect_left(times, update.delivered_at)
            if first == len(times) or times[first] >= until:
                silent.append(update)
    return silent


def summary_lines(report: LoadReport) -> list[str]:
    p50, p99 = report.percentile(0.50), report.percentile(0.99)
    mean = statistics.mean(report.latencies_ms) if report.latencies_ms else float("nan")
    check = report.storage
    finished = "sent every update and heard every reply" if report.bot == "echo" else "finished the whole interview"
    storage = (
        "not checked (the echo bot stores nothing)"
        if report.bot == "echo"
        else f"{check.lost} / {check.doubled} / {check.duplicate_drafts}  (lost: {check.lost_acknowledged} acknowledged "
        f"answers, {check.lost_messages} confirmed texts stored nowhere, {check.lost_news} /new without a draft, "
        f"{check.lost_dropped} confirmed answers asked again)"
    )
    moments = ", ".join(f"{n} {moment}" for moment, n in sorted(report.kill_moments.items())) or "none"
    return [
        f"bot                    {report.bot}",
        f"clerks                 {report.clerks} ({report.finished} {finished}; {report.interviews} interviews)",
        f"updates                {report.updates} in {report.seconds:.1f} s",
        f"updates/s              {report.updates_per_s:.0f}",
        f"reply latency ms       p50 {p50:.1f}  p99 {p99:.1f}  mean {mean:.1f}  (unanswered {report.unanswered})",
        f"p99 by tenth of run    {'  '.join(f'{p:.0f}' for p in report.p99_by_tenth())}",
        f"lost / doubled / duplicate drafts  {storage}",
        f"errors                 bot log {report.bot_errors}, failure notices {report.failures_seen}, clerk nudges {report.nudges}, "
        f"confirmed updates never answered {report.silent}",
        f"bot peak memory        {report.peak_rss_mb:.0f} MB PSS summed over the bot's processes "
        f"(RSS summed: {report.peak_rss_sum_mb:.0f} MB, shared pages counted once per process)",
        f"bot CPU                {report.bot_cpu_s:.1f} s while clerks ran ({report.cpu_ms_per_update:.2f} ms per update); "
        f"{report.bot_cpu_total_s:.1f} s with start-up",
        f"kills                  {report.kills} ({moments}); {report.slowed_starts} of {report.bot_starts} bot starts with slowed fsyncs",
        f"faults injected        {report.faults or 'none'}",
    ]
