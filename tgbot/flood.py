"""A clerk who floods the bot is slowed and told once; the other clerks are not held up.

Long polling sees Telegram's queue only 100 updates past the oldest one not yet handled
(the offset confirms a contiguous run), and one clerk's updates are handled one at a
time. So 3,000 messages from one clerk (a script, a stuck client) held every later
message of every other clerk behind them: 216 s for the next clerk's reply.

A clerk is flooding when an update of theirs arrives while BACKLOG of their updates are
already waiting in this process: nobody who waits for the bot's replies gets there
(clerks type, and after a restart Telegram brings back a few unconfirmed updates at
most). From then on their updates are not applied, and each is finished at once, so
the offset moves on and the other clerks' updates come into view; the first one tells
the clerk, once, that later messages were not taken. The flood is over when the clerk
has sent nothing for QUIET_S.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from enum import Enum

BACKLOG = 10  # updates of one clerk waiting at once
QUIET_S = 2.0  # a pause this long ends a flood


class Admission(Enum):
    HANDLE = "handle"
    TELL = "tell"  # not applied; the first of a flood: say so
    DROP = "drop"  # not applied; the clerk was told


class FloodGuard:
    """Decides, in the order updates arrive, which of a clerk's updates are handled."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._flooding: dict[int, float] = {}  # owner -> when their last update arrived

    def admit(self, owner: int, waiting: int) -> Admission:
        """The fate of an update of ``owner`` arriving with ``waiting`` of theirs in hand."""
        now = self._clock()
        last = self._flooding.get(owner)
        if last is not None and now - last < QUIET_S:
            self._flooding[owner] = now
            return Admission.DROP
        if waiting < BACKLOG:
            self._flooding.pop(owner, None)
            return Admission.HANDLE
        self._flooding[owner] = now
        self._forget_quiet(now)
        return Admission.TELL

    def _forget_quiet(self, now: float) -> None:
        """Floods over long ago need no memory (bounded by the clerks flooding at once)."""
        for owner in [o for o, last in self._flooding.items() if now - last >= QUIET_S]:
            del self._flooding[owner]
