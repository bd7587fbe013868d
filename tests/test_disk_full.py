"""A full disk: the clerk hears the server's disk is full and the answer was not stored,
once, not 「请再试一次」 again and again; the console's 生成 says what it could not write.

Files: ENOSPC is injected where storage meets the operating system (the ``os`` module
as storage.atomic and storage.slotted see it: every write fails, as on a full disk), since a
real full filesystem needs a mount the tests may not have. PostgreSQL: the server itself
raises SQLSTATE 53100 (disk_full) from a trigger, so the driver's real error class
(psycopg.errors.DiskFull) travels the real path.
"""

from __future__ import annotations

import asyncio
import errno
import io
import os
from pathlib import Path
from typing import Any, NoReturn

import psycopg
import pytest

from app import texts
from app.console import CONSOLE_OWNER, ConsoleScreen, run_console
from app.messages import Text
from app.outcome import Arrival, Command, Outcome, Typed
from app.service import InterviewService
from dialogs.questionnaire import load_questionnaire
from storage import atomic, slotted
from storage.async_store import AsyncDraftStore
from storage.disk import FileDraftStore
from storage.errors import StorageFull
from storage.memory import MemoryDraftStore
from storage.postgres import PostgresDraftStore
from storage.store import DraftStore
from tests.support.postgres import PgCluster

CLERK = 41


class FullDisk:
    """The ``os`` module, on a disk with no space left: every write fails with ENOSPC."""

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    @staticmethod
    def write(*_: object) -> NoReturn:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    pwrite = write


def disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (atomic, slotted):
        monkeypatch.setattr(module, "os", FullDisk())


def texts_of(outcome: Outcome) -> list[str]:
    return [m.body for m in outcome.messages if isinstance(m, Text)]


async def answers_on_a_full_disk(store: DraftStore, fill: Any, empty: Any) -> tuple[list[str], list[str], list[str]]:
    service = InterviewService(load_questionnaire(), AsyncDraftStore(store))
    try:
        await service.handle(CLERK, Command("new"), Arrival(1))
        await service.handle(CLERK, Typed("青山镇"), Arrival(2))
        fill()
        answered = texts_of(await service.handle(CLERK, Typed("镇"), Arrival(3)))
        created = texts_of(await service.handle(CLERK, Command("new"), Arrival(4)))
        empty()
        after = texts_of(await service.handle(CLERK, Typed("镇"), Arrival(5)))
        return answered, created, after
    finally:
        await service.store.aclose()
        service.store.close()


def test_a_full_data_dir_is_said_once_per_answer_and_loses_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = FileDraftStore(tmp_path / "data")
    answered, created, after = asyncio.run(
        answers_on_a_full_disk(store, lambda: disk_full(monkeypatch), monkeypatch.undo)
    )
    assert answered == [StorageFull.user_message] and created == [StorageFull.user_message]
    assert all(texts.FAILED not in said for said in (*answered, *created))
    assert after and StorageFull.user_message not in after  # space again: stored, the interview goes on
    with FileDraftStore(tmp_path / "data") as reopened:
        [draft] = reopened.list_by_owner(CLERK)  # the /new on the full disk made nothing
        assert draft.unit_name == "青山镇" and draft.state.answers["unit_type"].choice == "镇"  # type: ignore[union-attr]


def test_a_full_database_disk_is_said_once_per_answer_and_loses_nothing(pg_cluster: PgCluster) -> None:
    url = pg_cluster.new_database()
    full = """
        CREATE FUNCTION disk_is_full() RETURNS trigger LANGUAGE plpgsql AS
        $$ BEGIN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = 'disk_full'; END $$;
        CREATE TRIGGER disk_full BEFORE INSERT OR UPDATE ON drafts FOR EACH ROW EXECUTE FUNCTION disk_is_full();
    """

    def sql(statement: str) -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(statement)  # type: ignore[arg-type]  # the test's own text

    answered, created, after = asyncio.run(
        answers_on_a_full_disk(PostgresDraftStore(url), lambda: sql(full), lambda: sql("DROP TRIGGER disk_full ON drafts"))
    )
    assert answered == [StorageFull.user_message] and created == [StorageFull.user_message]
    assert after and StorageFull.user_message not in after
    with PostgresDraftStore(url) as store:
        [draft] = store.list_by_owner(CLERK)
        assert draft.unit_name == "青山镇" and draft.state.answers["unit_type"].choice == "镇"  # type: ignore[union-attr]


def test_the_consoles_draft_on_a_full_disk_says_what_was_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    memory = MemoryDraftStore()
    service = InterviewService(load_questionnaire(), AsyncDraftStore(memory))
    out = io.StringIO()
    disk_full(monkeypatch)
    asyncio.run(run_console(service, ConsoleScreen(out, tmp_path / "exports"), io.StringIO("某某乡\n2\n生成\n")))
    printed = out.getvalue()
    assert texts.DISK_FULL in printed and "都已保存" in printed and "已生成" not in printed
    assert memory.list_by_owner(CONSOLE_OWNER)[0].unit_name == "某某乡"
    assert not list((tmp_path / "exports").glob("*.docx"))
