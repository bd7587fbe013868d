"""One clerk's turn across every bot instance: a PostgreSQL advisory lock per clerk.

Two updates of one clerk may reach two instances at once (nginx spreads them). Each
instance must run the whole read-modify-write of one update alone, or both would read
the same draft and one answer would be lost. ``pg_advisory_lock(owner)`` is held by a
connection of its own for the length of the turn and released with
``pg_advisory_unlock``: waiters are served one at a time, and an instance that dies
(SIGKILL) loses its connection, so the server frees its locks at once. A session lock
in autocommit costs two round trips a turn; a transaction-scoped one cost three (BEGIN,
the lock, ROLLBACK). A connection whose unlock did not happen (an error, a cancelled
turn) is closed, never pooled: closing is what frees its lock. The body gets the
connection: AsyncDraftStore reads and saves the clerk's draft over it, on the event loop
(autocommit: each statement is durable on its own); everything else goes through the
store's pool.

Its own pool, on the event loop: a turn waiting for a lock must not hold a thread or a
connection that the holder of the lock needs to finish (that would deadlock two
instances waiting on each other).

A server that does not answer (storage.pg_connections): the lock is first asked for with
``pg_try_advisory_lock``, which answers at once, so a stopped server fails the turn
within the statement deadline (seconds) and the clerk is told. Only when another
instance holds the clerk's turn (rare: two updates of one clerk at once on two
instances) does the turn wait for it, up to ``lock_timeout``, with the client's deadline
stretched to match. Every failure is raised as StorageUnavailable.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from storage.pg_connections import STATEMENT_DEADLINE_S, AsyncDeadlineConnection, connection_kwargs, translated
from storage.pg_health import check_idle_async

logger = logging.getLogger(__name__)

# How long a turn waits for a connection (the server may be restarting): then the clerk
# is told to try again.
CONNECT_TIMEOUT_S = 5.0
# How long a turn waits for the clerk's lock. The holder sends the replies inside its
# turn, and a send may retry for a while; an instance that hangs while holding it must
# not stall the clerk forever: the waiting update fails and the clerk is asked to try
# again (their answers are stored). A dead instance's lock is freed at once anyway.
LOCK_TIMEOUT_S = 30.0


class AdvisoryTurns:
    """Per-clerk locks held in PostgreSQL. Opened lazily, inside the running event loop."""

    def __init__(self, url: str, *, max_connections: int = 16, lock_timeout_s: float = LOCK_TIMEOUT_S) -> None:
        self._url = url
        self._max = max_connections
        self._lock_timeout_ms = int(lock_timeout_s * 1000)
        self._pool: AsyncConnectionPool[AsyncConnection[Any]] | None = None

    async def _opened(self) -> AsyncConnectionPool[AsyncConnection[Any]]:
        if self._pool is None:
            pool: AsyncConnectionPool[AsyncConnection[Any]] = AsyncConnectionPool(
                self._url, min_size=1, max_size=self._max, timeout=CONNECT_TIMEOUT_S, open=False, name="turns",
                connection_class=AsyncDeadlineConnection,  # every statement ends within seconds
                kwargs=connection_kwargs(),
                check=check_idle_async,  # dead after a server restart: replaced, not failed
                configure=self._configure,
            )
            await pool.open(wait=False)
            self._pool = pool
        return self._pool

    async def _configure(self, conn: AsyncConnection[Any]) -> None:
        # lock_timeout covers advisory locks too: pg_advisory_lock then raises LockNotAvailable.
        await conn.execute(f"SET lock_timeout = {self._lock_timeout_ms}")

    @asynccontextmanager
    async def hold(self, owner: int) -> AsyncIterator[AsyncConnection[Any]]:
        """Run the body while holding ``owner``'s lock in the database; the body gets the
        connection that holds it (autocommit), for reads and writes without a thread."""
        pool = await self._opened()
        with translated():
            conn = await pool.getconn()
        released = False
        try:
            with translated():
                await self._lock(conn, owner)
            try:
                yield conn
            finally:
                try:
                    await conn.execute("SELECT pg_advisory_unlock(%s::bigint)", (owner,))
                    released = True
                except Exception as error:  # noqa: BLE001 - closing the connection frees the lock
                    logger.warning("releasing the turn of owner %s: %s", owner, type(error).__name__)
        finally:
            if not released:
                await conn.close()  # the session ends, and with it any lock it holds
            await pool.putconn(conn)  # a closed connection is replaced by the pool

    async def _lock(self, conn: AsyncConnection[Any], owner: int) -> None:
        """Take ``owner``'s lock: at once when free; else wait for its holder, up to lock_timeout."""
        cursor = await conn.execute("SELECT pg_try_advisory_lock(%s::bigint)", (owner,))
        row = await cursor.fetchone()
        if row is not None and row[0]:
            return
        assert isinstance(conn, AsyncDeadlineConnection)
        conn.deadline_s = self._lock_timeout_ms / 1000 + STATEMENT_DEADLINE_S  # the server ends the wait first
        try:
            await conn.execute("SELECT pg_advisory_lock(%s::bigint)", (owner,))
        finally:
            conn.deadline_s = STATEMENT_DEADLINE_S

    async def close(self) -> None:
        if self._pool is not None:
            await self._pool.close()
            self._pool = None
