"""Drafts as rows in PostgreSQL: the DraftStore several bot instances can share.

Why psycopg 3 and not asyncpg: the store interface is synchronous (the file store does
blocking fsyncs) and AsyncDraftStore already runs any DraftStore on its own threads, so
one sync implementation with psycopg_pool's ConnectionPool serves the bot, the console,
the migrate command and the benchmarks alike. asyncpg is async-only and would need a
second code path for everything that is not the event loop. psycopg also speaks libpq
connection strings (DATABASE_URL) and JSONB natively, sync and async: the two reads and
writes of every update (``current_in_turn``, ``save_in_turn``) also run async, on the
connection that holds the clerk's turn (storage.pg_turns), sharing their SQL with the
sync ones. Through the store's threads they cost two thread hand-overs per update;
without them `bench.load --backend postgres --instances 2` went from 6.26 to 5.26 ms of
bot CPU per update and its p99 from 40–55 to 34–36 ms.

One row per draft. The whole draft is the ``document`` (JSONB, as pydantic writes it);
the columns beside it (owner, status, layout, schema_version, timestamps,
last_update_id) are copies made on every write, there for the indexes and for whoever
looks at the database with psql. ``drafts_owner_recent`` serves the two queries of
every update: a clerk's drafts, most recently updated first, and the current one (the
first of them that is not archived).

Damage: a row whose document no longer validates (edited by hand, a bug) is moved in
one transaction to ``damaged_drafts`` (never deleted), exactly as the file store moves a
file to corrupt/; ``take_damaged`` hands each id over once. A row written by a newer
program (schema_version too high) stays where it is and is reported by ``unreadable``;
one whose document is newer than its column says gets its column corrected the first
time it is read, so every later lookup passes it by (it once sent ``current_for`` round
and round on the same row). Every lookup reads a bounded number of rows. Older
documents are upgraded on read (storage.migrations), like files.

Time: ``updated_at`` and ``created_at`` in the columns, which order a clerk's drafts
(the current one is the most recently updated), are the database's clock, not the
instance's: instances whose clocks disagree still agree on which draft is current. The
document keeps the times the instance stamped.

A server that does not answer fails a call within seconds (storage.pg_connections:
deadlines on the client, writes committed only once their result is back), raised as
StorageUnavailable, a full disk as StorageFull.

The table layout is created and migrated by the program itself (storage.pg_schema).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import psycopg
from psycopg import AsyncConnection
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool
from pydantic import ValidationError

from storage.derived import CurrentDraft, DerivedOperations
from storage.errors import DraftCorrupt, DraftNotFound, DraftTooNew
from storage.handled import HandledNote, new_instance_id
from storage.limits import MAX_DRAFT_BYTES, check_draft_size
from storage.migrations import upgrade
from storage.models import SCHEMA_VERSION, Draft, UpdateStamp, blank_draft, new_draft_id
from storage.pg_connections import DeadlineConnection, connection_kwargs, translated, write, write_async
from storage.pg_health import check_idle
from storage.pg_schema import check_schema, migrate_schema
from storage.pg_turns import AdvisoryTurns

logger = logging.getLogger(__name__)

# How long an operation waits for a free (or, while the server is away, a new)
# connection before it fails: the clerk is then told to try again, nothing is half done.
CONNECT_TIMEOUT_S = 5.0

# The columns copied from the document on every write; created_at and updated_at follow.
_COPIED = "owner, status, layout, schema_version, questionnaire_id, questionnaire_version, last_update_id, document"
_COLUMNS = f"{_COPIED}, created_at, updated_at"
_SELECT = "SELECT id, document::text, schema_version FROM drafts"
_ORDER = "ORDER BY updated_at DESC, created_at DESC, id DESC"
_TOO_NEW = "SELECT id, schema_version FROM drafts WHERE owner = %s AND schema_version > %s ORDER BY id"
_TAKE_DAMAGED = "UPDATE damaged_drafts SET handed_out = true WHERE owner = %s AND NOT handed_out RETURNING id"
_HANDLED = "SELECT owed_by FROM handled_updates WHERE key = %s"
_NOTE_HANDLED = (
    "INSERT INTO handled_updates (key, owed_by) VALUES (%s, %s) ON CONFLICT (key) DO UPDATE SET owed_by = EXCLUDED.owed_by"
)
# An instance is alive while its connections are: each names itself in application_name.
_ALIVE = "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE application_name = %s)"
APPLICATION_PREFIX = "cwzs-"
# Telegram keeps an unconfirmed update for at most 24 hours: an older key cannot come again.
_PRUNE_HANDLED = "DELETE FROM handled_updates WHERE at < now() - interval '2 days'"
PRUNE_EVERY = 1000  # notes of this instance between two prunings (one indexed DELETE)
_NOT_ARCHIVED = f"{_SELECT} WHERE owner = %s AND status <> 'archived' AND schema_version <= %s {_ORDER}"
_CURRENT = f"{_NOT_ARCHIVED} LIMIT 1"
# A save: the document's copies, and the database's clock for updated_at (see above).
_UPDATE = "UPDATE drafts SET " + ", ".join(f"{c.strip()} = %s" for c in _COPIED.split(",")) + ", updated_at = statement_timestamp() WHERE id = %s"
_INSERT_NOW = f"INSERT INTO drafts (id, {_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, statement_timestamp(), statement_timestamp()) ON CONFLICT (id) DO NOTHING"
_MAX_INT4 = 2**31 - 1


def _row_values(draft: Draft, encoded: bytes) -> tuple[Any, ...]:
    """The column values copied from one draft, in the order of _COPIED."""
    return (
        draft.owner,
        draft.status,
        draft.layout,
        draft.schema_version,
        draft.questionnaire_id,
        draft.questionnaire_version,
        draft.last_update_id,
        Jsonb(encoded.decode(), dumps=lambda text: text),  # already JSON: do not encode twice
    )


def _update_params(draft: Draft) -> tuple[Any, ...]:
    """The parameters of _UPDATE for ``draft``; raises DraftTooLarge."""
    encoded = draft.model_dump_json().encode()
    check_draft_size(draft.id, encoded)
    return (*_row_values(draft, encoded), draft.id)


def _parsed(row: tuple[str, str, int]) -> Draft:
    """The row's draft, upgraded to the current schema; raises ValueError (and kin) if damaged."""
    draft_id, text, _ = row
    if len(text) > MAX_DRAFT_BYTES * 2:  # JSONB's text is about the size written, never twice
        raise ValueError(f"document of {len(text)} characters is larger than any draft this program writes")
    document = json.loads(text)
    if not isinstance(document, dict):
        raise TypeError("draft document is not an object")
    draft = Draft.model_validate(upgrade(document))
    if draft.id != draft_id:
        raise ValueError(f"row holds draft {draft.id!r}")
    return draft


_DAMAGE = (ValueError, TypeError, KeyError, RecursionError)


class PostgresDraftStore(DerivedOperations):
    """The DraftStore on PostgreSQL. Thread-safe; every write is its own committed
    transaction (durable when it returns, with synchronous_commit on).

    ``shared`` tells AsyncDraftStore that other processes write the same drafts: it must
    not cache them, and one clerk's turn must be serialized in the database
    (storage.pg_turns), not only in this process."""

    shared = True

    def __init__(self, url: str, *, max_connections: int = 8, read_only: bool = False) -> None:
        """``read_only``: read what is there and change nothing (``migrate`` reading its
        source): no schema step is applied, the server refuses every write of the session
        (default_transaction_read_only), a damaged row raises DraftCorrupt where it lies."""
        self.url = url
        self.read_only = read_only
        self.turns = AdvisoryTurns(url)
        self.instance = new_instance_id()  # its connections say so in application_name
        self._notes = 0  # handled updates noted by this instance (pruning, see note_handled)
        self._notes_guard = threading.Lock()
        kwargs = {**connection_kwargs(), "application_name": APPLICATION_PREFIX + self.instance}
        if read_only:
            kwargs["options"] = "-c default_transaction_read_only=on"
        self._pool = ConnectionPool(
            url,
            min_size=1,
            max_size=max_connections,
            connection_class=DeadlineConnection,  # every statement ends within seconds
            kwargs=kwargs,
            timeout=CONNECT_TIMEOUT_S,
            check=check_idle,  # a connection the server closed is replaced, not used
            open=False,
            name="drafts",
        )
        try:
            self._pool.open(wait=True, timeout=CONNECT_TIMEOUT_S)
            with self._pool.connection() as conn:
                if read_only:
                    check_schema(conn)
                else:
                    migrate_schema(conn)
        except BaseException:
            self._pool.close()  # no reconnecting threads left behind by a failed start
            raise

    @contextmanager
    def _conn(self) -> Iterator[psycopg.Connection[Any]]:
        with translated(), self._pool.connection() as conn:
            yield conn

    # -- the DraftStore protocol ------------------------------------------------

    def create(
        self, owner: int, questionnaire_id: str, questionnaire_version: int, now: datetime, stamp: UpdateStamp | None = None
    ) -> Draft:
        with self._conn() as conn:
            while True:
                draft = blank_draft(new_draft_id(), owner, questionnaire_id, questionnaire_version, now, stamp)
                encoded = draft.model_dump_json().encode()
                # Not taken by a damaged draft either: ids stay unique across both tables.
                if conn.execute("SELECT 1 FROM damaged_drafts WHERE id = %s", (draft.id,)).fetchone():
                    continue
                if write(conn, _INSERT_NOW, (draft.id, *_row_values(draft, encoded))) == 1:
                    return draft

    def get(self, draft_id: str) -> Draft | None:
        with self._conn() as conn:
            row = conn.execute(f"{_SELECT} WHERE id = %s", (draft_id,)).fetchone()
            if row is None:
                if conn.execute("SELECT 1 FROM damaged_drafts WHERE id = %s", (draft_id,)).fetchone():
                    raise DraftCorrupt(draft_id, "moved aside earlier (table damaged_drafts)")
                return None
            return self._draft_of(conn, row)

    def save(self, draft: Draft) -> None:
        params = _update_params(draft)
        with self._conn() as conn:
            saved = write(conn, _UPDATE, params)
        if saved == 0:
            raise DraftNotFound(draft.id)  # a late double tap must not revive a deleted draft

    # -- on a clerk's turn connection (the event loop; storage.pg_turns) --------

    async def current_in_turn(self, conn: AsyncConnection[Any], owner: int) -> CurrentDraft | None:
        """``current_for`` on the connection that holds the clerk's turn, without a thread;
        None when the current row is damaged (moving it aside is ``current_for``'s job)."""
        with translated():
            async with conn.pipeline():
                current = await conn.execute(_CURRENT, (owner, SCHEMA_VERSION))
                too_new = await conn.execute(_TOO_NEW, (owner, SCHEMA_VERSION))
                damaged = await conn.execute(_TAKE_DAMAGED, (owner,))
            row, taken = await current.fetchone(), [r[0] for r in await damaged.fetchall()]
        try:
            draft = _parsed(row) if row is not None else None
        except (*_DAMAGE, DraftCorrupt):
            if taken:  # handed out just now: give them back for current_for to hand out
                with translated():
                    await conn.execute("UPDATE damaged_drafts SET handed_out = false WHERE id = ANY(%s)", (taken,))
            return None
        unreadable: list[DraftCorrupt] = [DraftTooNew(i, v, SCHEMA_VERSION) for i, v in await too_new.fetchall()]
        return CurrentDraft(draft, taken, unreadable)

    async def save_in_turn(self, conn: AsyncConnection[Any], draft: Draft) -> None:
        """``save`` on the connection that holds the clerk's turn (committed: durable on return)."""
        params = _update_params(draft)
        with translated():
            saved = await write_async(conn, _UPDATE, params)
        if saved == 0:
            raise DraftNotFound(draft.id)

    async def handled_in_turn(self, conn: AsyncConnection[Any], key: str) -> HandledNote | None:
        """``handled`` on the connection that holds the clerk's turn."""
        with translated():
            cursor = await conn.execute(_HANDLED, (key,))
            row = await cursor.fetchone()
        return None if row is None else HandledNote(row[0])

    async def note_handled_in_turn(self, conn: AsyncConnection[Any], key: str, document_owed: bool = False) -> None:
        """``note_handled`` on the connection that holds the clerk's turn."""
        await conn.execute(_NOTE_HANDLED, (key, self._owed(document_owed)))
        if self._count_note():
            await conn.execute(_PRUNE_HANDLED)

    def put(self, draft: Draft) -> None:
        """Store ``draft`` under its own id, created or replaced (the migrate command)."""
        encoded = draft.model_dump_json().encode()
        check_draft_size(draft.id, encoded)
        updates = ", ".join(f"{c.strip()} = EXCLUDED.{c.strip()}" for c in _COLUMNS.split(","))
        with self._conn() as conn:
            # The draft's own times: a copy keeps the order the drafts had where they came from.
            write(
                conn,
                f"INSERT INTO drafts (id, {_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
                f" ON CONFLICT (id) DO UPDATE SET {updates}",
                (draft.id, *_row_values(draft, encoded), draft.created_at, draft.updated_at),
            )

    def list_by_owner(self, owner: int) -> list[Draft]:
        return self._scan(owner)

    def active_for(self, owner: int) -> Draft | None:
        with self._conn() as conn:
            rows = conn.execute(
                f"{_SELECT} WHERE owner = %s AND status = 'in_progress' {_ORDER}", (owner,)
            ).fetchall()
            for row in rows:
                try:
                    return self._draft_of(conn, row)
                except DraftCorrupt:
                    continue  # moved aside or too new: the next one is the active one
        return None

    def current_for(self, owner: int) -> CurrentDraft:
        """Asked on every update, so its three questions travel in one round trip (a
        pipeline); reading only the current draft's document, not every one of the clerk's.
        When that one cannot be read, the clerk's other rows are read once each, never
        the same row again (bounded work, whatever the rows hold)."""
        with self._conn() as conn:
            with conn.pipeline():
                current = conn.execute(_CURRENT, (owner, SCHEMA_VERSION))
                too_new = conn.execute(_TOO_NEW, (owner, SCHEMA_VERSION))
                damaged = conn.execute(_TAKE_DAMAGED, (owner,))
            row, taken = current.fetchone(), [r[0] for r in damaged.fetchall()]
            unreadable: list[DraftCorrupt] = [DraftTooNew(i, found, SCHEMA_VERSION) for i, found in too_new.fetchall()]
            draft = self._readable(conn, row, unreadable) if row is not None else None
            if row is not None and draft is None:
                for later in conn.execute(_NOT_ARCHIVED, (owner, SCHEMA_VERSION)).fetchall():
                    if later[0] != row[0] and (draft := self._readable(conn, later, unreadable)) is not None:
                        break
                taken += [r[0] for r in conn.execute(_TAKE_DAMAGED, (owner,)).fetchall()]  # moved aside just now
        return CurrentDraft(draft, taken, unreadable)

    def _readable(self, conn: psycopg.Connection[Any], row: tuple[str, str, int], unreadable: list[DraftCorrupt]) -> Draft | None:
        """The row's draft, or None: moved aside if damaged, added to ``unreadable`` if too new."""
        try:
            return self._draft_of(conn, row)
        except DraftTooNew as error:
            unreadable.append(error)
        except DraftCorrupt:
            pass
        return None

    def unreadable(self, owner: int) -> list[DraftCorrupt]:
        # Answered from the columns, without reading any document.
        with self._conn() as conn:
            rows = conn.execute(_TOO_NEW, (owner, SCHEMA_VERSION)).fetchall()
        return [DraftTooNew(draft_id, found, SCHEMA_VERSION) for draft_id, found in rows]

    def take_damaged(self, owner: int) -> list[str]:
        with self._conn() as conn:
            rows = conn.execute(_TAKE_DAMAGED, (owner,)).fetchall()
        return [row[0] for row in rows]

    def first_in_window(self, key: str, window_s: float) -> bool:
        """Whether nothing was told under ``key`` in the last ``window_s`` seconds, on any
        instance; records now. One statement, so two instances asking at once get one yes."""
        with self._conn() as conn:
            row = conn.execute(
                "INSERT INTO told (key, at) VALUES (%s, now()) ON CONFLICT (key) DO UPDATE SET at = now()"
                " WHERE told.at < now() - make_interval(secs => %s) RETURNING key",
                (key, window_s),
            ).fetchone()
        return row is not None

    def handled(self, key: str) -> HandledNote | None:
        with self._conn() as conn:
            row = conn.execute(_HANDLED, (key,)).fetchone()
        return None if row is None else HandledNote(row[0])

    def note_handled(self, key: str, document_owed: bool = False) -> None:
        with self._conn() as conn:
            conn.execute(_NOTE_HANDLED, (key, self._owed(document_owed)))
            if self._count_note():
                conn.execute(_PRUNE_HANDLED)

    def instance_alive(self, instance: str) -> bool:
        if instance == self.instance:
            return True
        with self._conn() as conn:
            row = conn.execute(_ALIVE, (APPLICATION_PREFIX + instance,)).fetchone()
        return bool(row and row[0])

    def _owed(self, document_owed: bool) -> str | None:
        return self.instance if document_owed else None

    def _count_note(self) -> bool:
        """Count one note; True when it is time to prune the old ones."""
        with self._notes_guard:
            self._notes += 1
            return self._notes % PRUNE_EVERY == 0

    def delete(self, draft_id: str) -> None:
        try:
            draft = self.get(draft_id)
        except DraftTooNew:
            raise  # not damaged: keep it for a newer program
        except DraftCorrupt:
            return  # moved aside already; it stays in damaged_drafts for a look
        if draft is None:
            raise DraftNotFound(draft_id)
        with self._conn() as conn:
            if write(conn, "DELETE FROM drafts WHERE id = %s", (draft_id,)) == 0:
                raise DraftNotFound(draft_id)

    def all_ids(self) -> list[str]:
        """Every stored draft's id (the migrate command)."""
        with self._conn() as conn:
            return [row[0] for row in conn.execute("SELECT id FROM drafts ORDER BY id").fetchall()]

    def close(self) -> None:
        self._pool.close()

    def __enter__(self) -> "PostgresDraftStore":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- rows -------------------------------------------------------------------

    def _scan(self, owner: int) -> list[Draft]:
        """The owner's readable drafts, most recent first (too new ones: see ``unreadable``)."""
        drafts: list[Draft] = []
        with self._conn() as conn:
            for row in conn.execute(f"{_SELECT} WHERE owner = %s {_ORDER}", (owner,)).fetchall():
                try:
                    draft = self._draft_of(conn, row)
                except DraftTooNew:
                    continue
                except DraftCorrupt as error:
                    logger.warning("Skipping draft in list of owner %s: %s", owner, error)
                    continue
                if draft.owner == owner:
                    drafts.append(draft)
        return drafts

    def _draft_of(self, conn: psycopg.Connection[Any], row: tuple[str, str, int]) -> Draft:
        """The row's draft, upgraded to the current schema; a damaged row is moved aside."""
        draft_id, _, schema_version = row
        if schema_version > SCHEMA_VERSION:
            raise DraftTooNew(draft_id, schema_version, SCHEMA_VERSION)
        try:
            return _parsed(row)
        except DraftTooNew as error:
            if self.read_only:
                raise DraftTooNew(draft_id, error.found, SCHEMA_VERSION) from error
            # The document is newer than its column says: correct the column (a copy of the
            # document's field), so that lookups pass this row by and ``unreadable`` reports it.
            write(conn, "UPDATE drafts SET schema_version = %s WHERE id = %s", (min(error.found, _MAX_INT4), draft_id))
            logger.warning("Draft %s: its document is schema %s, its column said %s; column corrected", draft_id, error.found, schema_version)
            raise DraftTooNew(draft_id, error.found, SCHEMA_VERSION) from error
        except _DAMAGE as error:
            raise self._quarantine(conn, draft_id, _short_reason(error)) from error

    def _quarantine(self, conn: psycopg.Connection[Any], draft_id: str, reason: str) -> DraftCorrupt:
        """Move a damaged row to damaged_drafts (never delete it) and describe the damage
        (read-only: describe it and leave it where it is)."""
        if self.read_only:
            return DraftCorrupt(draft_id, reason)
        with conn.transaction():
            moved = conn.execute(
                "INSERT INTO damaged_drafts (id, owner, document, reason)"
                " SELECT id, owner, document, %s FROM drafts WHERE id = %s ON CONFLICT (id) DO NOTHING",
                (reason, draft_id),
            ).rowcount
            conn.execute("DELETE FROM drafts WHERE id = %s", (draft_id,))
        if moved:
            logger.error("Draft %s is corrupt (%s); moved its row to damaged_drafts", draft_id, reason)
        return DraftCorrupt(draft_id, reason)


def _short_reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return f"{error.error_count()} invalid field(s), first: {error.errors()[0]['loc']}"
    return f"{type(error).__name__}: {error}"
