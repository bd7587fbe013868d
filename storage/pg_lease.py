"""One long-polling instance per database: a lease held for as long as the poller runs.

getUpdates hands each update to whichever poller asks, and confirms for everyone by
offset: two polling instances of one bot on one database each answered about a fifth of
the messages a second time. So a polling instance holds a session advisory lock on a
connection of its own; a second poller finds it taken and refuses to start (webhook
instances, which Telegram and the proxy feed without racing, need no lease). The server
frees the lock when the holder's connection ends: the holder exits, is killed, or its
machine dies. A restarted server ends it too, so the holder looks at its connection every
few seconds (no round trip, storage.pg_health) and takes the lease again; if another
poller got there first, it stops.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import psycopg

from storage.errors import StorageUnavailable
from storage.pg_connections import DeadlineConnection, connection_kwargs, translated
from storage.pg_health import looks_closed

logger = logging.getLogger(__name__)

# The lease's advisory lock key: negative like the schema lock (clerks' turns lock on
# their positive Telegram ids), and not the schema lock's.
POLLER_LOCK = -0x706F_6C6C  # "poll"
CHECK_EVERY_S = 5.0


class PollerLease:
    def __init__(self, url: str) -> None:
        self._url = url
        self._conn: psycopg.Connection[Any] | None = None

    def acquire(self) -> bool:
        """Take the lease; False when another poller holds it. Raises StorageUnavailable."""
        self.release()
        with translated():
            conn = DeadlineConnection.connect(self._url, **connection_kwargs())
            try:
                row = conn.execute("SELECT pg_try_advisory_lock(%s)", (POLLER_LOCK,)).fetchone()
            except BaseException:
                conn.close()
                raise
        if row is None or not row[0]:
            conn.close()
            return False
        self._conn = conn
        return True

    def held(self) -> bool:
        """Whether the lease's connection still stands (a server restart ends it)."""
        return self._conn is not None and not looks_closed(self._conn)

    async def keep(self, stop: asyncio.Event) -> None:
        """Until ``stop``: take the lease again when it was lost; set ``stop`` if another poller has it."""
        while not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), CHECK_EVERY_S)
            except TimeoutError:
                pass
            if stop.is_set() or self.held():
                continue
            try:
                taken = await asyncio.to_thread(self.acquire)
            except StorageUnavailable:  # the server is still away: look again later
                logger.warning("the polling lease was lost with the database connection; retrying")
                continue
            if not taken:
                logger.error("another instance took the polling lease while the database was away; stopping")
                stop.set()

    def release(self) -> None:
        if self._conn is not None:
            self._conn.close()  # the session ends, and the lock with it
            self._conn = None
