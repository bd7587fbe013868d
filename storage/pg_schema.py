"""The PostgreSQL table layout, created and migrated by the program itself.

Each step runs once, in order, recorded in ``schema_migrations``; a step already
recorded is skipped, so opening the store again (or from several instances starting
together: the steps run under an advisory lock) changes nothing. Add a step at the end,
never edit one that has shipped. A database that records a step this program does not
know was migrated by a newer program: it is refused (DatabaseTooNew) before anything is
read or written, since this program's statements may no longer fit its tables. (This is the layout of the tables; the layout of a
draft's JSON document is migrated on read by storage.migrations, as for files.)
"""

from __future__ import annotations

import logging
from typing import Any

import psycopg

from storage.errors import DatabaseTooNew, DatabaseUnusable

logger = logging.getLogger(__name__)

# The key of the advisory lock held while migrating (storage.pg_turns locks on owner ids).
_MIGRATION_LOCK = -0x6377_7A73  # "cwzs", negative: clerk turns lock on (positive) Telegram user ids

STEPS: list[tuple[int, str]] = [
    (
        1,
        """
        CREATE TABLE drafts (
            id text PRIMARY KEY,
            owner bigint NOT NULL,
            status text NOT NULL,
            layout text NOT NULL,
            schema_version integer NOT NULL,
            questionnaire_id text NOT NULL,
            questionnaire_version integer NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            last_update_id bigint NOT NULL DEFAULT 0,
            document jsonb NOT NULL
        );
        -- a clerk's drafts, most recent first; the current one is the first not archived
        CREATE INDEX drafts_owner_recent ON drafts (owner, updated_at DESC, created_at DESC, id DESC);
        CREATE TABLE damaged_drafts (
            id text PRIMARY KEY,
            owner bigint NOT NULL,
            document jsonb,
            reason text NOT NULL,
            found_at timestamptz NOT NULL DEFAULT now(),
            handed_out boolean NOT NULL DEFAULT false
        );
        CREATE INDEX damaged_drafts_owner ON damaged_drafts (owner) WHERE NOT handed_out;
        """,
    ),
    (
        2,
        """
        -- notices told at most once per window across instances (a stranger's refusal)
        CREATE TABLE told (
            key text PRIMARY KEY,
            at timestamptz NOT NULL
        );
        """,
    ),
    (
        3,
        """
        -- updates handled lately on any instance: a redelivery is recognised (storage.handled);
        -- owed_by: the instance (its connections' application_name) still delivering a document
        CREATE TABLE handled_updates (
            key text PRIMARY KEY,
            at timestamptz NOT NULL DEFAULT now(),
            owed_by text
        );
        CREATE INDEX handled_updates_at ON handled_updates (at);
        """,
    ),
]


def migrate_schema(conn: psycopg.Connection[Any]) -> list[int]:
    """Apply the steps not yet recorded, all in one transaction (all or none); the versions
    applied. Raises DatabaseTooNew for a database migrated by a newer program."""
    applied: list[int] = []
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations"
            " (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations").fetchall()}
        known = STEPS[-1][0]
        if max(done, default=0) > known:
            raise DatabaseTooNew(max(done), known)
        for version, sql in STEPS:
            if version in done:
                continue
            conn.execute(sql)  # type: ignore[arg-type]  # our own constant text, no parameters
            conn.execute("INSERT INTO schema_migrations (version) VALUES (%s)", (version,))
            applied.append(version)
            logger.info("PostgreSQL schema: applied step %d", version)
    return applied


def check_schema(conn: psycopg.Connection[Any]) -> None:
    """For a reader that changes nothing: the tables are there and not a newer program's.
    Raises DatabaseUnusable (no tables: not this bot's database) or DatabaseTooNew."""
    found, known = schema_version(conn), STEPS[-1][0]
    if found == 0:
        raise DatabaseUnusable("no drafts tables in this database: not one this bot has used")
    if found > known:
        raise DatabaseTooNew(found, known)


def schema_version(conn: psycopg.Connection[Any]) -> int:
    """The newest step recorded (0 for an empty database)."""
    row = conn.execute("SELECT to_regclass('schema_migrations')").fetchone()
    if row is None or row[0] is None:
        return 0
    latest = conn.execute("SELECT max(version) FROM schema_migrations").fetchone()
    return int(latest[0] or 0) if latest else 0
