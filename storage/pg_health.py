"""A pooled connection's health check that costs no round trip while the server is up.

psycopg_pool's ``check_connection`` sends an empty query on every checkout: after a
server restart each pooled connection is dead, and unchecked each would fail one
clerk's update. But a round trip per checkout was a quarter of the bot's PostgreSQL
round trips under load. An idle connection has nothing to read; when the server closes
it (a restart, pg_terminate_backend) the server's goodbye or the socket's end makes it
readable. So only a readable idle connection is checked, and a dead one is replaced.
"""

from __future__ import annotations

import select
from typing import Any

from psycopg import AsyncConnection, Connection
from psycopg_pool import AsyncConnectionPool, ConnectionPool


def looks_closed(conn: Connection[Any] | AsyncConnection[Any]) -> bool:
    """Whether an idle connection has something to read, or is closed already."""
    if conn.closed:
        return True
    readable, _, _ = select.select([conn.fileno()], [], [], 0)
    return bool(readable)


def check_idle(conn: Connection[Any]) -> None:
    """For ConnectionPool(check=...): raises if the connection is dead."""
    if looks_closed(conn):
        ConnectionPool.check_connection(conn)


async def check_idle_async(conn: AsyncConnection[Any]) -> None:
    """For AsyncConnectionPool(check=...): raises if the connection is dead."""
    if looks_closed(conn):
        await AsyncConnectionPool.check_connection(conn)
