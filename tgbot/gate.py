"""Who the bot answers, and where: the allowlist, strangers, groups.

- A stranger (not on ALLOWED_USERS) is refused in a private chat at most once per
  window, and all refusals together at most a few a second: a flood of strangers must
  not eat into the clerks' send budget. In groups strangers get silence. With several
  instances on one database the window is also kept there (``shared``), or each
  instance would refuse the same stranger once; the budget stays per instance (it
  protects this process's sends).
- In groups the bot fills in and shows nothing (a clerk's answers are private): an
  allowed clerk who addresses it gets one hint to use the private chat.
- A button works only for the clerk it was sent to: the bot sends buttons only into
  private chats, so a press from any other chat, or by anyone but that chat's user,
  changes nothing.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum

from telegram import Update
from telegram.constants import ChatType

REFUSE_WINDOW_S = 600.0  # one refusal per stranger (and one group hint per clerk) in this time
REFUSALS_PER_S = 2.0  # all refusals together
REMEMBERED = 10_000  # strangers remembered for the window; the oldest are forgotten first

# (key, window_s) -> whether nothing was told under ``key`` within the window; records it.
SharedWindow = Callable[[str, float], Awaitable[bool]]


class Verdict(Enum):
    SERVE = "serve"  # a clerk in their private chat
    REFUSE = "refuse"  # a stranger in a private chat: say once that they are not allowed
    GROUP_HINT = "group_hint"  # a clerk addressed the bot in a group
    NOT_YOURS = "not_yours"  # a button pressed outside the chat it was sent to
    IGNORE = "ignore"  # everything else: silence


@dataclass
class _Budget:
    """A token bucket: ``rate`` per second, bursts up to ``rate``."""

    rate: float
    tokens: float
    at: float

    def take(self, now: float) -> bool:
        self.tokens = min(self.rate, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class Gate:
    def __init__(
        self,
        is_allowed: Callable[[int], bool],
        clock: Callable[[], float] = time.monotonic,
        shared: SharedWindow | None = None,
    ) -> None:
        self._is_allowed = is_allowed
        self._clock = clock
        self._shared = shared
        self._last_told: OrderedDict[tuple[int, str], float] = OrderedDict()
        self._budget = _Budget(REFUSALS_PER_S, REFUSALS_PER_S, clock())

    def serves(self, update: Update) -> bool:
        """Whether ``update`` is a listed clerk's, in their private chat (judge would serve it)."""
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None or user.is_bot:
            return False
        return chat.type == ChatType.PRIVATE and chat.id == user.id and self._is_allowed(user.id)

    async def judge(self, update: Update, addressed: bool) -> Verdict:
        """What to do with ``update``; ``addressed``: in a group, a command or a reply to the bot."""
        user, chat = update.effective_user, update.effective_chat
        if user is None or chat is None or user.is_bot or chat.type == ChatType.CHANNEL:
            return Verdict.IGNORE
        private = chat.type == ChatType.PRIVATE and chat.id == user.id
        allowed = self._is_allowed(user.id)
        if update.callback_query is not None:
            if not allowed:
                return await self._once(user.id, "refuse", Verdict.REFUSE)
            return Verdict.SERVE if private else Verdict.NOT_YOURS
        if private:
            return Verdict.SERVE if allowed else await self._once(user.id, "refuse", Verdict.REFUSE)
        if allowed and addressed:
            return await self._once(user.id, "group", Verdict.GROUP_HINT)
        return Verdict.IGNORE

    async def _once(self, user_id: int, what: str, verdict: Verdict) -> Verdict:
        """``verdict`` the first time in the window (and within the budget), else silence."""
        now = self._clock()
        key = (user_id, what)
        told = self._last_told.get(key)
        if told is not None and now - told < REFUSE_WINDOW_S:
            return Verdict.IGNORE
        if not self._budget.take(now):
            return Verdict.IGNORE
        self._last_told[key] = now
        self._last_told.move_to_end(key)
        while len(self._last_told) > REMEMBERED:
            self._last_told.popitem(last=False)
        if self._shared is not None and not await self._shared(f"{what}:{user_id}", REFUSE_WINDOW_S):
            return Verdict.IGNORE  # another instance told them within the window
        return verdict
