"""The store's PostgreSQL connections when the server does not answer: a failure in seconds, never silence.

The server's own timeouts (statement_timeout, lock_timeout) run inside the server. A
server that is stopped (SIGSTOP, a paused VM, a host swapping itself to death) runs
none of them, and its kernel still accepts our bytes, so a statement sent to it waits
for as long as the server is away, and the clerk hears nothing. So the deadlines are
kept here, on the client:

- connecting: ``connect_timeout`` (libpq's, enforced by psycopg);
- every statement: ``DeadlineConnection.wait`` (psycopg's own wait, with a deadline;
  psycopg 3.3 raises ``_WaitTimeout``): the connection is then closed, since it is in
  the middle of a statement and the server may answer it any time later;
- waiting for a pooled connection: the pools' ``timeout``.

A write that misses its deadline must not be applied later, when the server wakes up
and reads what we sent: the clerk was told it was not stored. So every write runs in
an explicit transaction whose COMMIT is sent only once the write's own result is back
(``write``): a connection closed before that leaves the server a transaction without
its COMMIT, which it rolls back. (Only a server that stops in the instant between the
COMMIT leaving and its answer arriving leaves the outcome unknown.)

``translated`` turns the driver's failures into the storage errors the service tells
clerks about (storage.errors.NotStored): the server's disk full, or the server not
answering.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import AsyncConnection, Connection
from psycopg.pq import TransactionStatus
from psycopg_pool import PoolTimeout

from storage.errors import StorageFull, StorageUnavailable

# A statement of this store takes a millisecond; one that has not answered in this long
# is waiting for a server that is not there (the README promises a notice after 5 s).
STATEMENT_DEADLINE_S = 5.0
# libpq's connect_timeout (whole seconds): a server that accepts the connection but does
# not answer its start-up (stopped) fails the attempt, and the pool tries again.
CONNECT_TIMEOUT_S = 5
_WAIT_INTERVAL = 0.1  # psycopg's own: how often a wait looks up from the socket
_WaitTimeout = psycopg.errors._WaitTimeout  # psycopg 3.3's wait deadline (requirements.txt pins it)


class DeadlineConnection(Connection[Any]):
    """A psycopg connection whose every wait on the server ends after ``deadline_s``."""

    deadline_s = STATEMENT_DEADLINE_S

    def wait(self, gen: Any, interval: float = _WAIT_INTERVAL, timeout: float | None = None) -> Any:
        try:
            return super().wait(gen, interval, self.deadline_s if timeout is None else timeout)
        except _WaitTimeout:
            self.pgconn.finish()  # mid-statement: unusable; closing also frees its session locks
            raise


class AsyncDeadlineConnection(AsyncConnection[Any]):
    """The same for the event loop (the clerks' turn connections, storage.pg_turns)."""

    deadline_s = STATEMENT_DEADLINE_S

    async def wait(self, gen: Any, interval: float = _WAIT_INTERVAL, timeout: float | None = None) -> Any:
        try:
            return await super().wait(gen, interval, self.deadline_s if timeout is None else timeout)
        except _WaitTimeout:
            self.pgconn.finish()
            raise


def connection_kwargs() -> dict[str, Any]:
    """What every pooled connection of the store is opened with."""
    return {"autocommit": True, "connect_timeout": CONNECT_TIMEOUT_S}


@contextmanager
def translated() -> Iterator[None]:
    """Raise StorageFull or StorageUnavailable for the driver's failures that clerks are told of."""
    try:
        yield
    except psycopg.errors.DiskFull as error:
        raise StorageFull(str(error).strip()) from error
    except (psycopg.OperationalError, PoolTimeout) as error:
        # Timed out, refused, cut, shut down, a lock not had in time: nothing of this
        # update was stored (writes commit only once their result is back, see above).
        raise StorageUnavailable(f"{type(error).__name__}: {str(error).strip()}") from error


def write(conn: Connection[Any], sql: str, params: tuple[Any, ...]) -> int:
    """Run one writing statement in its own transaction, COMMIT sent only once its result is
    back (see above); the rows it changed."""
    with conn.transaction():
        return conn.execute(sql, params).rowcount  # type: ignore[arg-type]


async def write_async(conn: AsyncConnection[Any], sql: str, params: tuple[Any, ...]) -> int:
    """``write`` on an async connection: BEGIN and the statement in one round trip, then COMMIT."""
    try:
        async with conn.pipeline() as pipeline:
            await conn.execute("BEGIN")
            cursor = await conn.execute(sql, params)  # type: ignore[arg-type]
            await pipeline.sync()  # the statement's result is here; COMMIT has not left yet
            await conn.execute("COMMIT")
    except BaseException:
        if not conn.closed and conn.info.transaction_status in (TransactionStatus.INTRANS, TransactionStatus.INERROR):
            await conn.execute("ROLLBACK")  # the statement failed: the connection is usable again
        raise
    return cursor.rowcount
