"""End-to-end: a clerk goes from /start to the .docx through the real PTB client and a local Bot API."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import docx

from dialogs.answers import TextAnswer
from drafting.office.preview import preview_available
from storage.store import open_store
from tests.support.fakebotapi import BotMessage, FakeBotApi
from tests.support.tools import require
from tests.telegram_harness import Clerk, bot_and_server, button_with_label, is_question, start_bot, bot_settings

SAMPLES = Path(__file__).resolve().parent.parent / "dialogs" / "samples"
BUTTON_WORDS = {"是", "否", "跳过", "完成", "上一步", "暂停"}
CLERK = 1001


def script_lines(name: str) -> list[str]:
    lines = (SAMPLES / name).read_text(encoding="utf-8").splitlines()
    return [line.replace("\\n", "\n") for line in lines if line.strip() and not line.lstrip().startswith("#")]


def has_document(message: BotMessage) -> bool:
    return message.document is not None


async def play(clerk: Clerk, lines: list[str]) -> list[BotMessage]:
    """Answer as a clerk would: tap the button when the question shows that word, else type."""
    got: list[BotMessage] = []
    for index, line in enumerate(lines):
        last = index == len(lines) - 1
        until = has_document if last else is_question
        question = clerk.last_question
        labels = _labels(question) if question else set()
        if line in BUTTON_WORDS and line in labels:
            got += await clerk.press(line, until=until)
        else:
            got += await clerk.say(line, until=until)
    return got


def _labels(message: BotMessage) -> set[str]:
    return {b["text"].lstrip("✅") for row in (message.reply_markup or {}).get("inline_keyboard", []) for b in row}


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_a_clerk_goes_from_start_to_the_docx_through_telegram(tmp_path: Path) -> None:
    async def scenario() -> bool:
        async with bot_and_server(tmp_path) as (api, _bot):
            clerk = Clerk(api, CLERK)
            first = await clerk.say("/start")
            assert "创文总结助手" in first[0].text
            assert "单位的名称" in (clerk.last_question.text or "")
            await play(clerk, script_lines("reference1.txt"))
            # The bot registered its Chinese command menu.
            commands = api.calls_to("setMyCommands")[0].params["commands"]
            assert {c["command"] for c in commands} >= {"start", "new", "resume", "drafts", "review", "draft", "layout", "pause", "delete", "help"}
            assert all(any("\u4e00" <= ch <= "\u9fff" for ch in c["description"]) for c in commands)
            # Every callback_data stayed ASCII and within 64 bytes.
            for call in api.calls_to("sendMessage"):
                markup = call.params.get("reply_markup") or {}
                for row in (markup.get("inline_keyboard", []) if isinstance(markup, dict) else []):
                    for button in row:
                        assert button["callback_data"].isascii() and len(button["callback_data"].encode()) <= 64
            [sent] = api.documents(CLERK)
            assert sent.filename == "某某乡2019年某某县创建第四届某某省文明城市工作总结.docx"
            text = docx_text(sent.data)
            for fact in ("某某县创建第四届某某省文明城市工作总结", "口头督查通报6次", "500余人次", "45多辆", "四抓四带四促", "2019年12月28日"):
                assert fact in text, fact
            assert "【待补充" not in text
            assert api.calls_to("sendChatAction")[-1].params["action"] == "upload_document"
            if not preview_available():
                return False
            # Page pictures come last, as an album: they wait in the office's line, the .docx does not.
            await api.wait_for(lambda: bool(api.calls_to("sendMediaGroup")), timeout=120)
            [album] = api.calls_to("sendMediaGroup")
            assert len(album.files) == 2
            [docx_sent] = api.calls_to("sendDocument")
            assert docx_sent.at < album.at
            return True

    checked_pictures = asyncio.run(scenario())
    require(checked_pictures, "LibreOffice/poppler (all was checked but the album of page pictures)")


def test_pressing_a_button_edits_the_question_to_show_the_choice(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with bot_and_server(tmp_path) as (api, _bot):
            clerk = Clerk(api, CLERK)
            await clerk.say("/start")
            await clerk.say("青山镇")
            question = clerk.last_question
            await clerk.press("镇")
            edited = api.transcript(CLERK)[question.message_id - 1]
            assert edited.message_id == question.message_id
            assert edited.text.endswith("✅ 镇") and not edited.reply_markup
            assert "文种" in (clerk.last_question.text or "")
            await clerk.press("工作总结")
            assert "落款" in (clerk.last_question.text or "") and "青山镇人民政府" in (clerk.last_question.text or "")

    asyncio.run(scenario())


def test_a_stale_button_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with bot_and_server(tmp_path) as (api, running):
            clerk = Clerk(api, CLERK)
            await clerk.say("/start")
            await clerk.say("青山镇")
            old_question = clerk.last_question
            old_data = button_with_label(old_question, "镇")
            await clerk.press("镇")  # answered: the keyboard is gone, the next question shown
            before = (await running.current_draft(CLERK)).state
            # Pressed again (double tap arriving late) and an earlier question's button.
            api.press_button(CLERK, old_question.message_id, old_data)
            api.press_button(CLERK, old_question.message_id, old_data.replace(":c1", ":c3"))
            await api.wait_for(lambda: len(api.calls_to("answerCallbackQuery")) >= 3, timeout=10)
            notices = [c.params.get("text", "") for c in api.calls_to("answerCallbackQuery")[-2:]]
            assert all("过期" in n or "失效" in n for n in notices), notices
            after = (await running.current_draft(CLERK)).state
            assert after == before

    asyncio.run(scenario())


def test_a_user_not_allowed_is_refused_and_nothing_is_stored(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with bot_and_server(tmp_path, allowed_users=frozenset({CLERK})) as (api, running):
            stranger = Clerk(api, 666)
            replies = await stranger.say("/start", until=lambda m: True)
            assert "没有使用本助手的权限" in replies[0].text
            # Refused once per window: more messages get silence, and nothing is stored.
            for _ in range(5):
                api.push_text(666, "某某乡")
            await api.wait_for(lambda: api.world.feed.pending_count == 0)
            assert len(api.transcript(666)) == 1 + 6
            assert await running.service.store.list_by_owner(666) == []
            allowed = Clerk(api, CLERK)
            await allowed.say("/start")
            assert len(await running.service.store.list_by_owner(CLERK)) == 1

    asyncio.run(scenario())


def test_the_bot_restarts_mid_interview_and_the_clerk_resumes(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with FakeBotApi() as api:
            settings = bot_settings(api, tmp_path)
            running = await start_bot(settings)
            clerk = Clerk(api, CLERK)
            await clerk.say("/start")
            await clerk.say("青山镇")
            await clerk.press("镇")
            await clerk.press("自查报告")
            await running.stop()  # the bot goes away between two answers

            running = await start_bot(settings)
            offer = await clerk.say("/start", until=lambda m: "继续上次" in str(m.reply_markup))
            assert "青山镇" in offer[-1].text
            api.press_button(CLERK, offer[-1].message_id, "r")
            await clerk.read_until(is_question)
            assert "报送给谁" in clerk.last_question.text
            await clerk.say("县创城办")
            draft = await running.current_draft(CLERK)
            assert draft.state.answers["unit_name"] == TextAnswer(text="青山镇")
            assert draft.state.answers["genre"].choice == "自查报告"
            assert draft.state.answers["addressee"] == TextAnswer(text="县创城办")
            await running.stop()

    asyncio.run(scenario())


def test_draft_before_finishing_sends_preview_docx_and_counts_what_is_missing(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with bot_and_server(tmp_path) as (api, _bot):
            clerk = Clerk(api, CLERK)
            await clerk.say("/start")
            await clerk.say("青山镇")
            got = await clerk.say("/draft", until=lambda m: "待补充" in (m.text or "") and m.document is None and "还有" in (m.text or ""))
            previews = [m for m in got if m.method == "sendMessage" and "工作总结" in (m.text or "")]
            assert previews, "the text preview comes first"
            [sent] = api.documents(CLERK)
            text = docx_text(sent.data)
            assert "青山镇" in text and "【待补充：" in text
            assert "还有" in got[-1].text and "项必填内容" in got[-1].text

    asyncio.run(scenario())


def test_layout_can_be_switched_without_answering_again(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with bot_and_server(tmp_path) as (api, running):
            clerk = Clerk(api, CLERK)
            await clerk.say("/start")
            await clerk.say("青山镇")
            menu = await clerk.say("/layout", until=lambda m: any(d.endswith(":progress") for d in m.button_data()))
            api.press_button(CLERK, menu[-1].message_id, button_with_label(menu[-1], "进展汇报"))
            await clerk.read_until(lambda m: "进展汇报" in (m.text or "") and m.method == "sendMessage")
            draft = await running.current_draft(CLERK)
            assert draft.layout == "progress"
            assert draft.state.answers["unit_name"] == TextAnswer(text="青山镇")

    asyncio.run(scenario())


def test_delete_asks_for_confirmation_and_old_buttons_then_go_stale(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with bot_and_server(tmp_path) as (api, running):
            clerk = Clerk(api, CLERK)
            await clerk.say("/start")
            question = clerk.last_question
            confirm = await clerk.say("/delete", until=lambda m: "确认删除" in str(m.reply_markup))
            draft_id = (await running.current_draft(CLERK)).id
            api.press_button(CLERK, confirm[-1].message_id, f"x:{draft_id}")
            await clerk.read_until(lambda m: "已删除" in (m.text or "") and m.method == "sendMessage")
            assert await running.service.store.list_by_owner(CLERK) == []
            api.press_button(CLERK, question.message_id, question.button_data()[0])
            await api.wait_for(lambda: "失效" in str(api.calls_to("answerCallbackQuery")[-1].params), timeout=10)

    asyncio.run(scenario())


def test_stored_drafts_survive_in_the_data_dir(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with bot_and_server(tmp_path) as (api, _bot):
            clerk = Clerk(api, CLERK)
            await clerk.say("/start")
            await clerk.say("青山镇")

    asyncio.run(scenario())
    store = open_store(tmp_path)
    try:
        [draft] = store.list_by_owner(CLERK)
        assert draft.state.answers["unit_name"] == TextAnswer(text="青山镇")
    finally:
        store.close()
