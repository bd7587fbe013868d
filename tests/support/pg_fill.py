"""PostgreSQL databases filled with drafts for the benchmarks (bench/storage.py, bench/load.py).

Under tests/support, beside the drafts it fills with: bench may import test support.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from urllib.parse import quote

import psycopg

from storage.postgres import PostgresDraftStore
from storage.store import DraftStore
from tests.support.drafts import fill_store
from tests.support.postgres import PgCluster, find_pg_bin

# Setup only: no WAL flush per fill commit (a session setting), so 10,000 drafts take
# seconds, not minutes. The timed stores connect without it: synchronous_commit on.
_FAST_FILL = "options=" + quote("-c synchronous_commit=off")


@contextmanager
def server(url: str | None) -> Iterator[str]:
    """The server's maintenance URL: ``url``, or a throwaway cluster started (and removed) here."""
    if url:
        yield url
        return
    bin_dir = find_pg_bin()
    if bin_dir is None:
        raise SystemExit("PostgreSQL's server is not installed (apt-get install postgresql), and no --database-url given")
    cluster = PgCluster(bin_dir)
    try:
        yield cluster.start().url()
    finally:
        cluster.stop()


def with_database(url: str, name: str) -> str:
    """``url`` pointing at database ``name`` instead."""
    base, _, _ = url.rpartition("/")
    return f"{base}/{name}"


@contextmanager
def new_database(admin_url: str) -> Iterator[str]:
    """A fresh database on the server, dropped at the end."""
    name = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]  # our own name
    try:
        yield with_database(admin_url, name)
    finally:
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[arg-type]


def fill_database(url: str, count: int, rng: random.Random) -> list[str]:
    """``count`` drafts like bench/storage.py's, stored fast (setup); their ids."""
    separator = "&" if "?" in url else "?"
    with PostgresDraftStore(url + separator + _FAST_FILL) as filling:
        return fill_store(filling, count, rng)


@contextmanager
def filled_databases(sizes: tuple[int, ...], url: str | None, rng: random.Random) -> Iterator[dict[int, tuple[DraftStore, list[str]]]]:
    """Per size, an open store on its own filled database, and the ids in it."""
    with server(url) as admin, ExitStack() as stack:
        filled: dict[int, tuple[DraftStore, list[str]]] = {}
        for size in sizes:
            database = stack.enter_context(new_database(admin))
            ids = fill_database(database, size, rng)
            store = PostgresDraftStore(database)
            stack.callback(store.close)
            filled[size] = (store, ids)
        yield filled
