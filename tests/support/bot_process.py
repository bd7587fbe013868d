"""The bot under load as a child process: started, killed with SIGKILL, stopped, measured."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import psutil

from tests.support.fakebotapi import DEFAULT_TOKEN, FakeBotApi

ROOT = Path(__file__).resolve().parents[2]
OUR_BOT = "bot.py"
# Scripts run instead of bot.py, paths relative to ROOT (see each one's docstring).
SLOW_FSYNC_BOT = "tests/support/slow_fsync_bot.py"
ECHO_BOT = "tests/support/echo_bot.py"


class BotProcess:
    """The bot as its own process against the local server; memory and CPU sampled while it runs.

    ``start(script)`` launches ``python <script>`` from the repository root: bot.py (ours),
    or one of the scripts beside this module (SLOW_FSYNC_BOT, ECHO_BOT). Every start gets
    the same environment, so a restart after a kill is the same bot on the same DATA_DIR.
    """

    def __init__(self, api: FakeBotApi, data_dir: Path, extra_env: dict[str, str], args: list[str] | None = None) -> None:
        self.args = args or []  # after the script, e.g. ["--webhook", URL]
        self.env = {k: v for k, v in os.environ.items() if k not in ("ALLOWED_USERS", "ADMIN_USERS")}
        self.env.update(
            {
                "TELEGRAM_BOT_TOKEN": DEFAULT_TOKEN,
                "BOT_API_BASE_URL": api.base_url,
                "BOT_API_BASE_FILE_URL": api.base_file_url,
                "DATA_DIR": str(data_dir),
                "SEND_RATE_LIMIT": "0",
                "ALLOWED_USERS": "*",  # every simulated clerk may use the bot
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
        self.cpu_seconds = 0.0  # user + system CPU of the bot processes that have ended
        self._cpu_live: dict[int, float] = {}  # the same for the running one, sampled
        self.stderr_lines: list[str] = []
        self._sampler: asyncio.Task[None] | None = None
        self._reader: asyncio.Task[None] | None = None

    async def start(self, script: str = OUR_BOT, env: dict[str, str] | None = None) -> None:
        self.process = await asyncio.create_subprocess_exec(
            sys.executable, script, *self.args, cwd=ROOT, env={**self.env, **(env or {})},
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
        cpu = self._cpu_live
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
            cpu.clear()

    def cpu_so_far(self) -> float:
        """CPU seconds of every bot process up to the last sample (at most 0.1 s old)."""
        return self.cpu_seconds + sum(self._cpu_live.values())

    async def _read_stderr(self, process: asyncio.subprocess.Process) -> None:
        assert process.stderr is not None
        async for line in process.stderr:
            self.stderr_lines.append(line.decode(errors="replace").rstrip())

    @property
    def errors(self) -> list[str]:
        """ERROR lines of the bot's own loggers (PTB also logs, at ERROR, every 502 page it
        could not parse before raising the NetworkError that the bot then retries)."""
        return [line for line in self.stderr_lines if " ERROR " in line and " ERROR telegram." not in line]
