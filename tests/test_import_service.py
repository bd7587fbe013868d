"""The import use case on the service and the console (issue 24, item 4): an upload is
read and offered for 核对; nothing is stored until 「用这份」; 不用, a newer upload and an
expired offer change nothing."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from app import texts
from app.actions import DropImport, UseImport
from app.console import ConsoleScreen, run_console, upload_of
from app.messages import Text, Toast
from app.outcome import Arrival, Command, Outcome, Press, Uploaded
from app.service import InterviewService
from dialogs.questionnaire import load_questionnaire
from importing import safety
from importing.limits import LIMITS
from storage.async_store import AsyncDraftStore
from storage.memory import MemoryDraftStore
from tests.support.docx_files import docx_of_text

CLERK = 24
T = TypeVar("T")
SUMMARY = docx_of_text(
    "青山镇2025年创建文明城市工作总结",
    "一、主要工作\n（一）强化宣传，营造浓厚氛围\n制作宣传展板20块。\n二、存在问题\n一是群众参与不够；二是长效机制不健全。\n三、下一步打算\n持续开展环境卫生整治。",
)


def with_service(scenario: Callable[[InterviewService, MemoryDraftStore], Awaitable[T]]) -> T:
    memory = MemoryDraftStore()

    async def main() -> T:
        return await scenario(InterviewService(load_questionnaire(), AsyncDraftStore(memory, cache_size=0)), memory)

    return asyncio.run(main())


def _offer(outcome: Outcome) -> tuple[UseImport, DropImport]:
    [text] = [m for m in outcome.messages if isinstance(m, Text)]
    [row] = text.choices
    use, drop = (choice.action for choice in row)
    assert isinstance(use, UseImport) and isinstance(drop, DropImport)
    return use, drop


def test_an_upload_is_offered_for_checking_and_stores_nothing() -> None:
    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        await service.handle(CLERK, Command("new"))
        before = memory.list_by_owner(CLERK)
        outcome = await service.handle(CLERK, Uploaded("青山镇2025.docx", SUMMARY))
        [text] = [m for m in outcome.messages if isinstance(m, Text)]
        assert text.body.splitlines()[:4] == [
            "我从「青山镇2025.docx」里读到了这些（2025年，青山镇）：",
            "· 宣传发动「强化宣传，营造浓厚氛围」：1 条，其中数字 1 个",
            "· 存在问题：2 条",
            "  1. 群众参与不够",
        ]
        assert "· 下一步打算：1 条" in text.body and "  1. 持续开展环境卫生整治" in text.body
        assert not outcome.changed
        assert memory.list_by_owner(CLERK) == before
        _offer(outcome)

    with_service(scenario)


def test_not_using_it_and_a_stale_offer_change_nothing() -> None:
    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        await service.handle(CLERK, Command("new"))
        before = memory.list_by_owner(CLERK)
        use, drop = _offer(await service.handle(CLERK, Uploaded("a.docx", SUMMARY)))
        dropped = await service.handle(CLERK, Press(drop))
        assert texts.IMPORT_DROPPED in [m.body for m in dropped.messages if isinstance(m, Text)]
        for press in (use, drop):  # gone once dropped
            assert (await service.handle(CLERK, Press(press))).messages == [Toast(texts.IMPORT_EXPIRED)]
        # A newer upload replaces an older one: the older buttons are stale.
        old_use, _ = _offer(await service.handle(CLERK, Uploaded("a.docx", SUMMARY)))
        _offer(await service.handle(CLERK, Uploaded("b.docx", SUMMARY)))
        assert (await service.handle(CLERK, Press(old_use))).messages == [Toast(texts.IMPORT_EXPIRED)]
        # Another clerk cannot use this clerk's upload.
        assert (await service.handle(CLERK + 1, Press(old_use))).messages == [Toast(texts.IMPORT_EXPIRED)]
        assert memory.list_by_owner(CLERK) == before and memory.list_by_owner(CLERK + 1) == []

    with_service(scenario)


def test_a_file_python_docx_cannot_read_after_the_checks_is_said_to_be_damaged() -> None:
    from tests.support.docx_files import parts_of, zip_of

    parts = parts_of(SUMMARY)
    parts["word/document.xml"] = b"<w:document>not closed"

    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        outcome = await service.handle(CLERK, Uploaded("a.docx", zip_of(parts)))
        assert [m.body for m in outcome.messages if isinstance(m, Text)] == [safety.CORRUPT]
        assert memory.list_by_owner(CLERK) == []

    with_service(scenario)


def test_the_console_imports_a_file_path(tmp_path: Path) -> None:
    path = tmp_path / "青山镇2025.docx"
    path.write_bytes(SUMMARY)
    assert upload_of(str(path)) == Uploaded("青山镇2025.docx", SUMMARY)
    assert upload_of("") == Text(texts.IMPORT_HOW)
    missing = upload_of(str(tmp_path / "无.docx"))
    assert isinstance(missing, Text) and "打不开文件" in missing.body
    big = tmp_path / "big.docx"
    big.write_bytes(bytes(LIMITS.file_bytes + 1))
    assert upload_of(str(big)) == Text(safety.too_large(LIMITS.file_bytes + 1))

    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> str:
        out = io.StringIO()
        screen = ConsoleScreen(out, tmp_path / "exports")
        await run_console(service, screen, io.StringIO(f"/import {path}\n2\n"))
        return out.getvalue()

    printed = with_service(scenario)
    assert "我从「青山镇2025.docx」里读到了这些" in printed
    assert f"[1] {texts.IMPORT_USE}  [2] {texts.IMPORT_DROP}" in printed
    assert texts.IMPORT_DROPPED in printed


def test_using_it_starts_a_new_draft_from_it_once() -> None:
    async def scenario(service: InterviewService, memory: MemoryDraftStore) -> None:
        first = (await service.handle(CLERK, Command("new"))).draft
        assert first is not None
        offered = await service.handle(CLERK, Uploaded("青山镇2025.docx", SUMMARY))
        use, _ = _offer(offered)
        arrival = Arrival(901, "q-use")
        started = await service.handle(CLERK, Press(use), arrival)
        new = started.draft
        assert new is not None and new.id != first.id and started.changed
        carry = new.state.carry
        assert carry is not None
        assert carry.report.origin.kind == "imported" and carry.report.origin.file_name == "青山镇2025.docx"
        assert carry.report.plans == ["持续开展环境卫生整治"] and carry.report.problems == ["群众参与不够", "长效机制不健全"]
        assert carry.provenance == "imported"
        assert memory.get(first.id) == first  # the draft the clerk was on is untouched
        # The confirmation delivered again (a crash before Telegram heard of it): one draft, not two.
        await service.handle(CLERK, Press(use), arrival)
        assert len(memory.list_by_owner(CLERK)) == 2
        # /drafts says where it started from.
        summaries = await service.summaries(CLERK)
        assert [s.origin for s in summaries if s.id == new.id] == ["由导入的文件 青山镇2025.docx 接续"]

    with_service(scenario)
