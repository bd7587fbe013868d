"""A clerk sends an earlier summary as a .docx (issue 24, item 4): through the real PTB
client and the local Bot API the file is downloaded (getFile), checked, read and shown
for 核对 with 用这份 / 不用; a hostile file gets its clear reply; nothing is stored before
the clerk confirms."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from app import texts
from importing import safety
from importing.limits import LIMITS
from tests.support.docx_files import docx_of_text, encrypted_office_file, parts_of, zip_bomb, zip_of
from tests.support.fakebotapi import BotMessage
from tests.support.prose_metrics import REFERENCE_FILE, reference_texts
from tests.support.tools import require
from tests.telegram_harness import Clerk, bot_and_server, button_with_label, is_question

CLERK = 2401


def _reference_two() -> bytes:
    texts_ = reference_texts()
    require(texts_ is not None, f"the reference summaries ({REFERENCE_FILE})")
    assert texts_ is not None
    return docx_of_text("南坝乡2019年创建文明城市工作总结", texts_["二"])


def _has_buttons(message: BotMessage) -> bool:
    return bool(message.button_data())


async def _started(clerk: Clerk) -> None:
    await clerk.say("/start")
    await clerk.say("青山镇")  # a draft in progress: an upload must not touch it


def test_a_docx_is_read_and_shown_for_checking_and_nothing_is_stored(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with bot_and_server(tmp_path) as (api, running):
            clerk = Clerk(api, CLERK)
            await _started(clerk)
            before = await running.store.list_by_owner(CLERK)
            api.push_document(CLERK, "南坝乡2019年总结.docx", _reference_two())
            [shown] = await clerk.read_until(_has_buttons)
            assert api.calls_to("getFile"), "the file is fetched through the Bot API"
            text = shown.text or ""
            assert "南坝乡2019年总结.docx" in text and "2019年" in text and "南坝乡" in text
            assert "组织领导「加强领导,完善机构」：2 条" in text
            assert "存在问题：5 条" in text and "下一步打算：4 条" in text
            assert "1. 继续抓好创建全国文明城市的宣传工作" in text
            assert {b for b in (texts.IMPORT_USE, texts.IMPORT_DROP)} <= {
                button["text"] for row in shown.reply_markup["inline_keyboard"] for button in row  # type: ignore[index]
            }
            assert await running.store.list_by_owner(CLERK) == before  # nothing stored, nothing changed
            # 不用: said, the keyboard closed, still nothing stored.
            api.press_button(CLERK, shown.message_id, button_with_label(shown, texts.IMPORT_DROP))
            *_, dropped = await clerk.read_until(lambda m: texts.IMPORT_DROPPED in (m.text or ""))
            assert dropped.text == texts.IMPORT_DROPPED
            assert await running.store.list_by_owner(CLERK) == before
            # The same message's 用这份 afterwards: refused, nothing created.
            api.press_button(CLERK, shown.message_id, button_with_label(shown, texts.IMPORT_USE))
            await api.wait_for(lambda: len(api.calls_to("answerCallbackQuery")) >= 2, timeout=10)
            assert "失效" in (api.calls_to("answerCallbackQuery")[-1].params.get("text") or "")
            assert await running.store.list_by_owner(CLERK) == before

    asyncio.run(scenario())


def test_an_older_uploads_buttons_go_stale_when_a_newer_one_comes(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with bot_and_server(tmp_path) as (api, running):
            clerk = Clerk(api, CLERK)
            await _started(clerk)
            before = await running.store.list_by_owner(CLERK)
            api.push_document(CLERK, "一.docx", docx_of_text("青山镇2024年工作总结", "一、宣传发动\n制作展板20块。"))
            [first] = await clerk.read_until(_has_buttons)
            api.push_document(CLERK, "二.docx", docx_of_text("青山镇2025年工作总结", "一、宣传发动\n制作展板30块。"))
            [second] = await clerk.read_until(_has_buttons)
            assert "二.docx" in (second.text or "")
            api.press_button(CLERK, first.message_id, button_with_label(first, texts.IMPORT_USE))
            await api.wait_for(lambda: len(api.calls_to("answerCallbackQuery")) >= 1, timeout=10)
            assert api.calls_to("answerCallbackQuery")[-1].params.get("text") == texts.IMPORT_EXPIRED
            assert await running.store.list_by_owner(CLERK) == before

    asyncio.run(scenario())


def _macro_docx() -> bytes:
    plain = docx_of_text("青山镇2025年工作总结", "一、宣传发动\n制作展板20块。")
    return zip_of(parts_of(plain) | {"word/vbaProject.bin": bytes(64)})


HOSTILE = [
    ("plain text renamed .docx", "总结.docx", lambda: "一、主要工作\n成立领导小组。".encode(), safety.NOT_DOCX),
    ("an encrypted Office file", "总结.docx", encrypted_office_file, safety.ENCRYPTED),
    ("a zip bomb", "总结.docx", lambda: zip_bomb(LIMITS.inflated_bytes + 1), safety.UNSAFE),
    ("a .docx with macros", "总结.docx", _macro_docx, safety.MACROS),
    ("a .docm", "总结.docm", lambda: docx_of_text("青山镇2025年工作总结", "一、宣传发动"), safety.MACROS),
    ("a corrupt zip", "总结.docx", lambda: docx_of_text("青山镇2025年工作总结", "一、宣传发动")[:3000], safety.CORRUPT),
    ("a document with no headings", "总结.docx", lambda: docx_of_text("", "我镇今年扎实推进创建工作。"), texts.IMPORT_NOTHING),
]


@pytest.mark.parametrize(("name", "file_name", "make", "reply"), HOSTILE, ids=[case[0] for case in HOSTILE])
def test_a_file_that_cannot_be_used_gets_a_clear_reply_and_changes_nothing(tmp_path: Path, name: str, file_name: str, make, reply: str) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        async with bot_and_server(tmp_path) as (api, running):
            clerk = Clerk(api, CLERK)
            await _started(clerk)
            before = await running.store.list_by_owner(CLERK)
            api.push_document(CLERK, file_name, make())
            [said] = await clerk.read_until(lambda m: True)
            assert said.text == reply and not said.button_data()
            assert await running.store.list_by_owner(CLERK) == before
            # The interview goes on where it was.
            await clerk.press("镇")
            current = await running.current_draft(CLERK)
            assert current is not None and current.state.answers["unit_type"].choice == "镇"  # type: ignore[union-attr]

    asyncio.run(scenario())


def test_an_oversized_file_is_refused_without_downloading_it(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with bot_and_server(tmp_path) as (api, running):
            clerk = Clerk(api, CLERK)
            await _started(clerk)
            before = await running.store.list_by_owner(CLERK)
            api.push_document(CLERK, "总结.docx", bytes(LIMITS.file_bytes + 1))
            [said] = await clerk.read_until(lambda m: True)
            assert "太大" in (said.text or "") and "5 MB" in (said.text or "")
            assert api.calls_to("getFile") == []
            assert await running.store.list_by_owner(CLERK) == before

    asyncio.run(scenario())


def test_using_it_starts_a_new_draft_checked_section_by_section(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with bot_and_server(tmp_path) as (api, running):
            clerk = Clerk(api, CLERK)
            await _started(clerk)
            [earlier] = await running.store.list_by_owner(CLERK)
            api.push_document(CLERK, "南坝乡2019年总结.docx", _reference_two())
            [shown] = await clerk.read_until(_has_buttons)
            api.press_button(CLERK, shown.message_id, button_with_label(shown, texts.IMPORT_USE))
            got = await clerk.read_until(is_question)
            checking = got[-1]
            # The first section read comes back for 核对, its facts shown, never copied unseen.
            assert "加强领导,完善机构" in (checking.text or "")
            assert {"没变", "改一下", "今年没有"} <= {b["text"] for row in checking.reply_markup["inline_keyboard"] for b in row}  # type: ignore[index]
            drafts = await running.store.list_by_owner(CLERK)
            assert len(drafts) == 2
            new = next(d for d in drafts if d.id != earlier.id)
            assert new.state.carry is not None and new.state.carry.report.origin.file_name == "南坝乡2019年总结.docx"
            assert len(new.state.carry.checklist) == 4 + 5  # last year's plans and problems, asked once each
            assert next(d for d in drafts if d.id == earlier.id).state == earlier.state
            await clerk.say("/drafts", until=lambda m: "由导入的文件" in (m.text or ""))

    asyncio.run(scenario())
