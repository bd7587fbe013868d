"""The line in front of the office: conversions wait here, bounded, each for a bounded time.

Why a line of its own: one conversion holds the office (one at a time: each LibreOffice
takes ~210 MB and a core) for ~0.5–1.6 s, and up to ``CONVERT_TIMEOUT_S`` when it hangs.
Whoever wants a preview waits here and holds nothing else meanwhile (the bot converts
after the clerk's turn has ended, app.service). The line is bounded three ways:

- ``submit`` refuses once ``limit`` conversions are waiting or running, so a burst of
  /draft cannot queue minutes of work (the caller sends the .docx alone and says why);
- each ticket knows how many conversions were ahead of it, so a clerk far back can be
  told their place;
- a waiter gives up after ``max_wait_s`` from its submission (a hung office): a ticket
  not started yet leaves the line, a running one ends at its own timeout. The bot keeps
  this under the proxy's read timeout (README: nginx waits 60 s for an answer).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass

from drafting.office.preview import CONVERT_TIMEOUT_S, Preview, PreviewError, conversion_executor, render_preview_sync

log = logging.getLogger(__name__)

# At ~0.8 s a conversion, eight in line is a wait of ~6 s for the last; more would only
# make clerks wait for pictures of a document they already have.
QUEUE_LIMIT = 8
# A waiter's patience from submission: well under nginx's proxy_read_timeout (60 s), so a
# webhook post waiting for its clerk's pictures is answered before the proxy retries it.
MAX_WAIT_S = 40.0


@dataclass
class Ticket:
    """One conversion in line; ``ahead`` is how many were waiting or running when it joined."""

    ahead: int
    _future: Future[Preview]
    _deadline: float

    async def result(self) -> Preview | None:
        """The preview, or None (logged) when it failed or took longer than the line allows."""
        try:
            remaining = max(self._deadline - time.monotonic(), 0.0)
            return await asyncio.wait_for(asyncio.wrap_future(self._future), remaining)
        except TimeoutError:
            # wait_for cancelled the future: a conversion still in line leaves it; one
            # running ends at its own timeout, and nobody waits for it.
            log.error("Draft preview not ready in time (office busy or hung), sending the .docx alone")
            return None
        except (PreviewError, OSError) as error:
            log.error("Draft preview failed, sending the .docx alone: %s", error)
            return None
        except Exception:  # a preview is never worth losing the .docx over
            log.exception("Draft preview failed unexpectedly, sending the .docx alone")
            return None


class OfficeQueue:
    """Bounded line of conversions on the office's one conversion thread. Thread-safe."""

    def __init__(
        self, limit: int = QUEUE_LIMIT, max_wait_s: float = MAX_WAIT_S, timeout_s: float = CONVERT_TIMEOUT_S
    ) -> None:
        self.limit = limit
        self.max_wait_s = max_wait_s
        self.timeout_s = timeout_s
        self._pending = 0  # waiting or running
        self._lock = threading.Lock()

    @property
    def pending(self) -> int:
        return self._pending

    def submit(self, docx: bytes, pages: int) -> Ticket | None:
        """Put a .docx in line for its PDF and first ``pages`` pictures; None when the line is full."""
        with self._lock:
            if self._pending >= self.limit:
                return None
            ahead = self._pending
            self._pending += 1
        future = conversion_executor().submit(render_preview_sync, docx, pages, self.timeout_s)
        future.add_done_callback(self._left)  # finished, failed or cancelled while in line
        return Ticket(ahead, future, time.monotonic() + self.max_wait_s)

    def _left(self, _: Future[Preview]) -> None:
        with self._lock:
            self._pending -= 1
