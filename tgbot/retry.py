"""Retry Bot API calls that failed for a passing reason, and keep under Telegram's rate."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import BaseRateLimiter

from tgbot.send_rate import FairRate

log = logging.getLogger(__name__)


# rate_limit_args of a call that must not use up the clerks' send budget: refusals to
# strangers, which tgbot.gate already limits to a few a second of their own.
OUTSIDE_BUDGET = 1


class RetryingLimiter(BaseRateLimiter[int]):
    """Retry Bot API calls that failed for transient reasons, with backoff.

    429 waits the time Telegram asks for; timeouts, dropped connections and 5xx
    (NetworkError that is not a BadRequest) back off exponentially. An optional
    overall rate keeps the bot under Telegram's ~30 messages a second, shared fairly
    among chats (tgbot.send_rate).
    """

    def __init__(self, max_attempts: int = 6, base_delay: float = 0.2, max_delay: float = 8.0, per_second: float = 0) -> None:
        self.max_attempts = max_attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.per_second = per_second
        self._limiter: FairRate | None = None

    async def initialize(self) -> None:
        if self.per_second > 0:
            self._limiter = FairRate(self.per_second)

    async def shutdown(self) -> None:
        return None

    async def process_request(
        self,
        callback: Callable[..., Awaitable[Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        if endpoint == "getUpdates":
            # The polling loop retries its own polls (tgbot.polling) and a poll must not
            # use up the clerks' send budget.
            return await callback(*args, **kwargs)
        for attempt in range(1, self.max_attempts + 1):
            try:
                if self._limiter is not None and rate_limit_args != OUTSIDE_BUDGET:
                    await self._limiter.acquire(data.get("chat_id"))
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == self.max_attempts:
                    raise
                delay = _seconds(exc.retry_after) + 0.05
            except (TimedOut, NetworkError) as exc:
                if isinstance(exc, BadRequest) or attempt == self.max_attempts:
                    raise
                delay = min(self.base_delay * 2 ** (attempt - 1), self.max_delay)
            log.info("Bot API %s failed (attempt %d), retrying in %.2fs", endpoint, attempt, delay)
            await asyncio.sleep(delay)
        raise AssertionError("unreachable")


def _seconds(value: int | float | timedelta) -> float:
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
