"""The console and Telegram are two skins of one service: the same script gives the
same answers, the same status and the same draft through both."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path


from app.console import CONSOLE_OWNER, ConsoleScreen, run_console
from app.service import InterviewService
from dialogs.questionnaire import load_questionnaire
from storage.async_store import AsyncDraftStore
from storage.models import Draft
from storage.store import open_store
from tests.telegram_harness import Clerk, bot_and_server
from tests.test_telegram_e2e import CLERK, docx_text, play, script_lines


def through_the_console(lines: list[str], data_dir: Path) -> tuple[Draft, str]:
    async def main() -> Draft:
        store = AsyncDraftStore(open_store(data_dir))
        try:
            service = InterviewService(load_questionnaire(), store)
            script = "\n".join(line.replace("\n", "\\n") for line in lines) + "\n"
            await run_console(service, ConsoleScreen(io.StringIO(), data_dir / "exports"), io.StringIO(script))
            [draft] = await store.list_by_owner(CONSOLE_OWNER)
            return draft
        finally:
            store.close()

    draft = asyncio.run(main())
    [written] = (data_dir / "exports").glob("*.docx")
    return draft, docx_text(written.read_bytes())


def through_telegram(lines: list[str], data_dir: Path) -> tuple[Draft, str]:
    async def main() -> tuple[Draft, bytes]:
        async with bot_and_server(data_dir, preview_pages=0) as (api, running):
            clerk = Clerk(api, CLERK)
            await clerk.say("/start")
            await play(clerk, lines)
            [draft] = await running.store.list_by_owner(CLERK)
            [sent] = api.documents(CLERK)
            return draft, sent.data

    draft, data = asyncio.run(main())
    return draft, docx_text(data)


def test_one_script_through_both_adapters_gives_the_same_answers_status_and_draft(tmp_path: Path) -> None:
    lines = script_lines("reference1.txt")
    console_draft, console_text = through_the_console(lines, tmp_path / "console")
    telegram_draft, telegram_text = through_telegram(lines, tmp_path / "telegram")
    assert console_draft.status == telegram_draft.status == "complete"
    assert console_draft.state.answers == telegram_draft.state.answers
    assert console_draft.state.skipped == telegram_draft.state.skipped
    assert console_text == telegram_text and "四抓四带四促" in console_text
