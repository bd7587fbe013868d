"""Several bot instances on one PostgreSQL database, behind nginx, as one "bot" for the load run.

Each instance is `python bot.py --webhook URL` on its own loopback port with the same
WEBHOOK_SECRET_TOKEN and DATABASE_URL; nginx (tests/support/nginx.py) proxies to them
and the fake Bot API posts every update to nginx, as Telegram posts to the public URL.
A kill SIGKILLs one instance (chosen at random) and the restart starts that one again;
the others keep serving meanwhile. The figures (CPU, memory) are summed over instances.
"""

from __future__ import annotations

import random
from pathlib import Path

from tests.support.bot_process import OUR_BOT, BotProcess
from tests.support.fakebotapi import FakeBotApi
from tests.support.nginx import Nginx
from tests.support.postgres import free_port

PUBLIC_URL = "https://bot.example.org/cwzs"  # registered with setWebhook; TLS would end at the proxy
SECRET = "scale-out-secret-shared-by-every-instance"


class Fleet:
    """N instances + nginx, with the part of BotProcess's interface the load run uses."""

    def __init__(self, api: FakeBotApi, data_dir: Path, extra_env: dict[str, str], instances: int, rng: random.Random) -> None:
        self.ports = [free_port() for _ in range(instances)]
        self.bots = [
            BotProcess(
                api, data_dir / f"instance-{n}",
                {**extra_env, "WEBHOOK_LISTEN": "127.0.0.1", "WEBHOOK_PORT": str(port), "WEBHOOK_SECRET_TOKEN": SECRET},
                args=["--webhook", PUBLIC_URL],
            )
            for n, port in enumerate(self.ports)
        ]
        self.api = api
        self.nginx: Nginx | None = None
        self._rng = rng
        self._killed: BotProcess | None = None
        self._registered_before_restart = -1  # setWebhook calls seen before the last kill

    async def start(self, script: str = OUR_BOT, env: dict[str, str] | None = None) -> None:
        """The first call starts every instance and nginx; later ones restart the killed instance."""
        if self._killed is not None:
            await self._killed.start(script, env)
            self._killed = None
            return
        for bot in self.bots:
            await bot.start(script, env)
        self.nginx = Nginx(self.ports).start()
        self.api.deliver_webhook_to(self.nginx.url)

    async def kill(self) -> None:
        self._killed = self._rng.choice(self.bots)
        self._registered_before_restart = len(self.api.calls_to("setWebhook"))
        await self._killed.kill()

    async def serving(self) -> None:
        """Wait until the instance restarted last has registered its webhook (it serves then)."""
        before = self._registered_before_restart
        await self.api.wait_for(lambda: len(self.api.calls_to("setWebhook")) > before, timeout=120)

    async def stop(self) -> int:
        """Stop every instance, then nginx (whatever happened); the exit code farthest from 0."""
        codes = []
        try:
            for bot in self.bots:
                if bot.process is not None:
                    codes.append(await bot.stop())
        finally:
            if self.nginx is not None:
                self.nginx.stop()
        return max(codes, default=0, key=abs)

    def cpu_so_far(self) -> float:
        return sum(bot.cpu_so_far() for bot in self.bots)

    @property
    def cpu_seconds(self) -> float:
        return sum(bot.cpu_seconds for bot in self.bots)

    @property
    def peak_rss(self) -> int:
        return sum(bot.peak_rss for bot in self.bots)

    @property
    def peak_rss_sum(self) -> int:
        return sum(bot.peak_rss_sum for bot in self.bots)

    @property
    def most_processes(self) -> int:
        return sum(bot.most_processes for bot in self.bots)

    @property
    def errors(self) -> list[str]:
        return [line for bot in self.bots for line in bot.errors]
