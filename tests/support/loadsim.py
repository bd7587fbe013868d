"""Simulated clerks against the real bot process, through the local Bot API server.

Used by bench/load.py (figures) and tests/test_faults.py (shorter runs as tests).
The bot runs as its own process (`python bot.py`) so it can be measured (RSS) and
killed with SIGKILL; clerks live in this process and answer whatever question the
bot shows, as a clerk on a phone would: tap a button where there is one, type
otherwise, sometimes skip, sometimes think a while.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import random
import signal
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from dialogs.answers import Answer, GroupAnswer, ListAnswer, TextAnswer
from dialogs.questionnaire import Question, Questionnaire, load_questionnaire
from storage.store import open_store
from tests.support.fakebotapi import DEFAULT_TOKEN, BotMessage, FakeBotApi, FaultPlan

ROOT = Path(__file__).resolve().parent.parent
FAILED_NOTICE = "出了点问题"
NAVIGATION = {"skip", "back", "pause", "done"}


@dataclass
class LoadConfig:
    clerks: int = 200
    think_s: float = 0.4  # mean pause between a reply and the clerk's next answer
    skip_rate: float = 0.15  # optional questions a clerk skips
    kills: int = 0  # SIGKILL the bot this many times during the run, restarting it each time
    reply_timeout_s: float = 20.0  # a clerk who hears nothing this long sends 「继续」
    seed: int = 1
    faults: FaultPlan | None = None
    bot_env: dict[str, str] = field(default_factory=dict)
    data_dir: Path = Path("data")


@dataclass
class Acknowledged:
    """An answer the bot acknowledged by asking the next question: it must be stored."""

    question_id: str
    group_id: str | None
    typed: str | None  # the text typed, for text answers that must be stored verbatim
    items: list[str] | None = None  # list items typed, which must be stored once each


@dataclass
class ClerkResult:
    user_id: int
    updates: int = 0
    acknowledged: list[Acknowledged] = field(default_factory=list)
    finished: bool = False
    failures_seen: int = 0
    nudges: int = 0  # times the clerk had to send 「继续」 after hearing nothing


@dataclass
class LoadReport:
    clerks: int
    finished: int
    updates: int
    seconds: float
    latencies_ms: list[float]
    unanswered: int
    lost: int
    doubled: int
    failures_seen: int
    nudges: int
    peak_rss_mb: float  # PSS summed over the bot's processes
    peak_rss_sum_mb: float  # plain RSS summed (shared pages counted in every process)
    bot_processes: int  # most processes the bot ran at once (1 + its workers)
    bot_exit_code: int  # of the last bot process, stopped with SIGINT at the end
    bot_cpu_s: float
    kills: int
    faults: dict[str, int]
    bot_errors: int
    error_samples: list[str] = field(default_factory=list)

    @property
    def updates_per_s(self) -> float:
        return self.updates / self.seconds if self.seconds else 0.0

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


# --- the bot process --------------------------------------------------------------------------


class BotProcess:
    """`python bot.py` against the local server; RSS sampled while it runs."""

    def __init__(self, api: FakeBotApi, data_dir: Path, extra_env: dict[str, str]) -> None:
        self.env = {k: v for k, v in os.environ.items() if k not in ("ALLOWED_USERS", "ADMIN_USERS")}
        self.env.update(
            {
                "TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN,
                "BOT_API_BASE_URL": api.base_url,
                "BOT_API_BASE_FILE_URL": api.base_file_url,
                "DATA_DIR": str(data_dir),
                "SEND_RATE_LIMIT": "0",
                "LOG_LEVEL": "WARNING",
                "PREVIEW_PAGES": "0",
                "PYTHONUNBUFFERED": "1",
            }
        )
        self.env.update(extra_env)
        self.process: asyncio.subprocess.Process | None = None
        self.peak_rss = 0  # PSS, see _sample_usage
        self.peak_rss_sum = 0  # plain RSS added up: counts shared pages once per process
        self.most_processes = 0  # the bot's process and its workers, at most
        self.cpu_seconds = 0.0  # user + system CPU of every bot process so far
        self.stderr_lines: list[str] = []
        self._sampler: asyncio.Task[None] | None = None
        self._reader: asyncio.Task[None] | None = None

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, "bot.py", cwd=ROOT, env=self.env,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )
        self._sampler = asyncio.create_task(self._sample_usage(self.process.pid))
        self._reader = asyncio.create_task(self._read_stderr(self.process))

    async def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()
        await self._stop_tasks()

    async def stop(self) -> int:
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(self.process.wait(), timeout=30)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        await self._stop_tasks()
        return self.process.returncode or 0

    async def _stop_tasks(self) -> None:
        for task in (self._sampler, self._reader):
            if task is not None:
                task.cancel()
        await asyncio.gather(*(t for t in (self._sampler, self._reader) if t), return_exceptions=True)

    async def _sample_usage(self, pid: int) -> None:
        """Peak memory and CPU of the bot: its process and the workers it forks. Memory is
        the sum of PSS (a page the processes share counts once), which for a single process
        is its RSS minus what it shares with other programs. PSS is read once a second:
        the kernel walks every page to compute it, and at 10 Hz that cost the load
        generator a fifth of its CPU."""
        cpu: dict[int, float] = {}
        tick = 0
        try:
            front = psutil.Process(pid)
            processes = [front]
            while True:
                if tick % 10 == 0:
                    processes = [front, *front.children(recursive=True)]
                    self.most_processes = max(self.most_processes, len(processes))
                pss = rss = 0
                for process in processes:
                    try:
                        if tick % 10 == 0:
                            memory = process.memory_full_info()
                            pss, rss = pss + memory.pss, rss + memory.rss
                        times = process.cpu_times()
                    except psutil.Error:
                        continue  # a worker that just exited
                    cpu[process.pid] = times.user + times.system
                self.peak_rss = max(self.peak_rss, pss)
                self.peak_rss_sum = max(self.peak_rss_sum, rss)
                tick += 1
                await asyncio.sleep(0.1)
        except (psutil.Error, asyncio.CancelledError):
            self.cpu_seconds += sum(cpu.values())

    async def _read_stderr(self, process: asyncio.subprocess.Process) -> None:
        assert process.stderr is not None
        async for line in process.stderr:
            self.stderr_lines.append(line.decode(errors="replace").rstrip())

    @property
    def errors(self) -> list[str]:
        """ERROR lines of the bot's own loggers (PTB also logs, at ERROR, every 502 page it
        could not parse before raising the NetworkError that the bot then retries)."""
        return [line for line in self.stderr_lines if " ERROR " in line and " ERROR telegram." not in line]


# --- one clerk --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    """Which question a bot message asks, read from its text."""

    question: Question
    role: str  # "question", "entry" (有没有……？) or "more" (再添加一项……？)
    group: Question | None


def question_index(questionnaire: Questionnaire) -> list[tuple[str, Asked]]:
    """Prompt texts to match against what the bot shows, longest first (most specific)."""
    index: list[tuple[str, Asked]] = []
    for _, question in questionnaire.questions():
        if question.kind == "group":
            index.append((question.more_prompt, Asked(question, "more", question)))
            if not question.required:
                index.append((question.prompt, Asked(question, "entry", question)))
            index.extend((sub.prompt, Asked(sub, "question", question)) for sub in question.questions)
        else:
            index.append((question.prompt, Asked(question, "question", None)))
    return sorted(index, key=lambda pair: len(pair[0]), reverse=True)


def read_question(message: BotMessage, index: list[tuple[str, Asked]]) -> Asked | None:
    text = message.text or ""
    return next((asked for prompt, asked in index if prompt in text), None)


def realistic_answer(asked: Asked, rng: random.Random, serial: int) -> tuple[str | None, list[str] | None]:
    """(text to type, list items) for a question; None text means "press a button"."""
    question = asked.question
    if question.kind == "number":
        value = rng.choice(["12", "３", "十二", "一百零五", "300余", "近60", "约40", "85", "2.8万"])
        if question.id == "year":
            value = "2025"
        if question.max is not None and question.max <= 100:
            value = str(rng.randint(1, 99))
        return value, None
    if question.kind == "date":
        return rng.choice(["2025年12月28日", "2025-12", "12月2日"]), None
    if question.kind == "list":
        items = [f"第{serial}号清扫行动完成{rng.randint(1, 90)}次", f"第{serial}批新建宣传栏{rng.randint(1, 9)}个"]
        return "；".join(items), items
    if question.kind in ("text",):
        example = question.example or "按要求完成"
        return f"{example}{serial}"[: question.max_length], None
    return None, None


class Clerk:
    def __init__(
        self, api: FakeBotApi, user_id: int, index: list[tuple[str, Asked]], config: LoadConfig, rng: random.Random
    ) -> None:
        self.api = api
        self.result = ClerkResult(user_id)
        self.index = index
        self.config = config
        self.rng = rng
        self.serial = 0
        # The turn of the last question the clerk answered: a question shown at that
        # turn or before is a duplicate (a retried send), not the bot's answer.
        self.answered_turn = -1

    @property
    def user_id(self) -> int:
        return self.result.user_id

    async def run(self) -> ClerkResult:
        await self._think()
        message = await self._send_text("/new")
        while message is not None and message.document is None:
            message = await self._answer(message)
        self.result.finished = message is not None
        return self.result

    async def _answer(self, message: BotMessage) -> BotMessage | None:
        asked = read_question(message, self.index)
        buttons = _buttons(message)
        await self._think()
        if asked is None:
            # An info line with a 完成 button (list items noted), or anything else: carry on.
            if "done" in buttons:
                return await self._press(message, buttons["done"])
            return await self._send_text("继续", answering=message)
        question = asked.question
        if "skip" in buttons and asked.role == "question" and not question.required and self.rng.random() < self.config.skip_rate:
            return await self._press(message, buttons["skip"])
        if asked.role in ("entry", "more") or question.kind == "yesno":
            wants = asked.role == "entry" or (asked.role == "question" and self.rng.random() < 0.7)
            if asked.role == "more":
                wants = False
            return await self._press(message, buttons["yes" if wants else "no"])
        if question.kind == "choice":
            choices = [data for action, data in buttons.items() if action.startswith("c")]
            picked = self.rng.choice(choices)
            reply = await self._press(message, picked)
            self._ack(asked, None)
            return reply
        if question.kind == "multi":
            toggles = [action for action in buttons if action.startswith("t")]
            for action in self.rng.sample(toggles, k=min(2, len(toggles))):
                # Each toggle redraws the keyboard with a new turn: press the current one.
                self.api.press_button(self.user_id, message.message_id, buttons[action])
                self.result.updates += 1
                edited = await self._next(lambda m, mid=message.message_id: m.message_id == mid)
                if edited is None:
                    return None
                message = edited
                buttons = _buttons(message)
            reply = await self._press(message, buttons["done"])
            self._ack(asked, None)
            return reply
        text, items = realistic_answer(asked, self.rng, self._serial())
        if text is None:
            return await self._send_text("跳过", answering=message)
        reply = await self._send_text(text, answering=message)
        # 「已记下 N 条」 (no question prompt in it) confirms the items: finish the list.
        # If the list question itself comes back, the items never arrived: answer again.
        noted = reply is not None and read_question(reply, self.index) is None and "done" in _buttons(reply)
        if items is not None and noted:
            reply = await self._press(reply, _buttons(reply)["done"])
        if reply is not None and read_question(reply, self.index) != asked:
            self._ack(asked, text if question.kind == "text" else None, items)
        return reply

    def _ack(self, asked: Asked, typed: str | None, items: list[str] | None = None) -> None:
        group = asked.group.id if asked.group is not None else None
        self.result.acknowledged.append(Acknowledged(asked.question.id, group, typed, items))

    def _serial(self) -> int:
        self.serial += 1
        return self.serial

    async def _think(self) -> None:
        if self.config.think_s > 0:
            await asyncio.sleep(self.rng.uniform(0.5, 1.5) * self.config.think_s)

    async def _send_text(self, text: str, answering: BotMessage | None = None) -> BotMessage | None:
        if answering is not None:
            self.answered_turn = max(self.answered_turn, message_turn(answering))
        self.api.push_text(self.user_id, text)
        self.result.updates += 1
        return await self._next(self._news)

    async def _press(self, message: BotMessage, data: str) -> BotMessage | None:
        self.answered_turn = max(self.answered_turn, message_turn(message))
        self.api.press_button(self.user_id, message.message_id, data)
        self.result.updates += 1
        return await self._next(self._news)

    def _news(self, message: BotMessage) -> bool:
        """The bot's answer: the document, or a question newer than the one answered."""
        return message.document is not None or (
            _is_question_or_document(message) and message_turn(message) > self.answered_turn
        )

    def _current(self, message: BotMessage) -> bool:
        """After a nudge: the question on screen now, even if it is the one answered last."""
        return message.document is not None or (
            _is_question_or_document(message) and message_turn(message) >= self.answered_turn
        )

    def _latest(self, message: BotMessage, wanted: Callable[[BotMessage], bool]) -> BotMessage:
        """Like a clerk, answer the newest question on screen: a retried send or a
        restarted bot may have shown the same question twice."""
        chat = self.api.world.chats.get(self.user_id)
        while chat is not None and chat.events_read < len(chat.bot_events):
            chat.events_read += 1
            newer = chat.bot_events[chat.events_read - 1]
            if FAILED_NOTICE in (newer.text or ""):
                self.result.failures_seen += 1
            if wanted(newer):
                message = newer
        return message

    async def _next(self, wanted: Callable[[BotMessage], bool]) -> BotMessage | None:
        """The next message the clerk waits for; after a silence, nudge the bot with 「继续」."""
        for _ in range(12):
            try:
                while True:
                    message = await self.api.next_bot_message(self.user_id, timeout=self.config.reply_timeout_s)
                    if FAILED_NOTICE in (message.text or ""):
                        self.result.failures_seen += 1
                    if wanted(message):
                        return self._latest(message, wanted)
            except TimeoutError:
                self.result.nudges += 1
                self.api.push_text(self.user_id, "继续")
                self.result.updates += 1
                wanted = self._current
        return None


def _is_question_or_document(message: BotMessage) -> bool:
    if message.document is not None:
        return True
    return message.method == "sendMessage" and any(d.startswith("q:") for d in message.button_data())


def message_turn(message: BotMessage) -> int:
    """The engine turn a question was shown at (q:<draft>:<turn>:<action>); -1 if none."""
    for data in message.button_data():
        if data.startswith("q:"):
            return int(data.split(":")[2])
    return -1


def _buttons(message: BotMessage) -> dict[str, str]:
    """Engine buttons of a message by action: {"c0": "q:…:c0", "skip": "q:…:skip", …}."""
    found: dict[str, str] = {}
    for data in message.button_data():
        if data.startswith("q:"):
            found[data.rsplit(":", 1)[1]] = data
    return found



# --- checking storage ---------------------------------------------------------------------------


def check_storage(data_dir: Path, results: list[ClerkResult], missing: list[str] | None = None) -> tuple[int, int]:
    """(lost, doubled): acknowledged answers missing from storage, list items stored twice.
    Each lost answer is described in ``missing`` when a list is given."""
    lost = doubled = 0
    missing = [] if missing is None else missing
    store = open_store(data_dir)
    try:
        for result in results:
            drafts = store.list_by_owner(result.user_id)
            answers: dict[str, Answer] = {}
            for draft in reversed(drafts):  # the newest draft wins
                answers.update(draft.state.answers)
            for ack in result.acknowledged:
                stored = _stored(answers, ack)
                if not stored:
                    lost += 1
                    missing.append(f"clerk {result.user_id}: {ack.question_id} not stored ({len(drafts)} drafts)")
                    continue
                if ack.typed is not None and not any(isinstance(a, TextAnswer) and a.text == ack.typed for a in stored):
                    lost += 1
                    missing.append(f"clerk {result.user_id}: {ack.question_id} typed {ack.typed!r}, stored {stored}")
                if ack.items is not None:
                    for answer in stored:
                        if isinstance(answer, ListAnswer) and any(answer.items.count(i) > 1 for i in ack.items):
                            doubled += 1
    finally:
        store.close()
    return lost, doubled


def _stored(answers: dict[str, Answer], ack: Acknowledged) -> list[Answer]:
    if ack.group_id is None:
        answer = answers.get(ack.question_id)
        return [answer] if answer is not None else []
    group = answers.get(ack.group_id)
    if not isinstance(group, GroupAnswer):
        return []
    return [item[ack.question_id] for item in group.items if ack.question_id in item]


# --- the run ------------------------------------------------------------------------------------


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


async def _run_load(config: LoadConfig) -> LoadReport:
    questionnaire = load_questionnaire()
    index = question_index(questionnaire)
    rng = random.Random(config.seed)
    async with FakeBotApi(faults=config.faults) as api:
        bot = BotProcess(api, config.data_dir, config.bot_env)
        await bot.start()
        try:
            # The clock starts when the bot polls: clerks who write while it boots would
            # all be delivered in one backlog, which measures start-up, not load.
            await _serving(api)
            clerks = [Clerk(api, 50_000 + i, index, config, random.Random(rng.random())) for i in range(config.clerks)]
            began = time.perf_counter()
            tasks = [asyncio.create_task(clerk.run()) for clerk in clerks]
            killer = asyncio.create_task(_kill_repeatedly(api, bot, config.kills, rng, tasks))
            results = await asyncio.gather(*tasks)
            seconds = time.perf_counter() - began
            kills_done = await killer
        finally:
            exit_code = await bot.stop()  # never leave a bot process behind, whatever happened
        peak = bot.peak_rss
        latencies = api.reply_latencies()
    missing: list[str] = []
    lost, doubled = check_storage(config.data_dir, results, missing)
    answered = [lat.seconds * 1000 for lat in latencies if lat.seconds is not None]
    return LoadReport(
        clerks=config.clerks,
        finished=sum(r.finished for r in results),
        updates=sum(r.updates for r in results),
        seconds=seconds,
        latencies_ms=answered,
        unanswered=sum(1 for lat in latencies if lat.seconds is None),
        lost=lost,
        doubled=doubled,
        failures_seen=sum(r.failures_seen for r in results),
        nudges=sum(r.nudges for r in results),
        peak_rss_mb=peak / 2**20,
        peak_rss_sum_mb=bot.peak_rss_sum / 2**20,
        bot_processes=bot.most_processes,
        bot_exit_code=exit_code,
        bot_cpu_s=bot.cpu_seconds,
        kills=kills_done,
        faults=api.fault_counts,
        bot_errors=len(bot.errors),
        error_samples=bot.errors[:5] + missing[:5],
    )


async def _kill_repeatedly(
    api: FakeBotApi, bot: BotProcess, kills: int, rng: random.Random, clerks: list[asyncio.Task[ClerkResult]]
) -> int:
    """SIGKILL the bot at random moments while it serves clerks, restarting it each time."""
    done = 0
    for _ in range(kills):
        await _serving(api)
        await asyncio.sleep(rng.uniform(1.0, 3.0))
        if all(task.done() for task in clerks):
            break
        await bot.kill()
        await bot.start()
        done += 1
    return done


async def _serving(api: FakeBotApi) -> None:
    """Wait until the (re)started bot polls for updates: killing it while it boots proves little."""
    polls = len(api.calls_to("getUpdates"))
    await api.wait_for(lambda: len(api.calls_to("getUpdates")) > polls, timeout=120)


def summary_lines(report: LoadReport) -> list[str]:
    p50, p99 = report.percentile(0.50), report.percentile(0.99)
    mean = statistics.mean(report.latencies_ms) if report.latencies_ms else float("nan")
    return [
        f"clerks                 {report.clerks} ({report.finished} finished the whole interview)",
        f"updates                {report.updates} in {report.seconds:.1f} s",
        f"updates/s              {report.updates_per_s:.0f}",
        f"reply latency ms       p50 {p50:.1f}  p99 {p99:.1f}  mean {mean:.1f}  (unanswered {report.unanswered})",
        f"p99 by tenth of run    {'  '.join(f'{p:.0f}' for p in report.p99_by_tenth())}",
        f"lost / doubled answers {report.lost} / {report.doubled}",
        f"errors                 bot log {report.bot_errors}, failure notices {report.failures_seen}, clerk nudges {report.nudges}",
        f"bot peak memory        {report.peak_rss_mb:.0f} MB PSS summed over the bot's processes "
        f"(RSS summed: {report.peak_rss_sum_mb:.0f} MB, shared pages counted once per process)",
        f"bot CPU                {report.bot_cpu_s:.1f} s ({report.bot_cpu_s / max(report.updates, 1) * 1000:.2f} ms per update)",
        f"kills                  {report.kills}",
        f"faults injected        {report.faults or 'none'}",
    ]
