"""The local Bot API server speaks Telegram's protocol to the real python-telegram-bot client."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Awaitable, Callable

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputMediaDocument, Update
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes
from telegram.request import HTTPXRequest

from tests.support.fakebotapi import DEFAULT_TOKEN, FakeBotApi, FaultPlan, FaultRule
from tests.support.fakebotapi.telegram_html import HtmlParseError, parse_telegram_html

CLERK = 4201


def run_with_bot(
    scenario: Callable[[FakeBotApi, Bot], Awaitable[None]],
    faults: FaultPlan | None = None,
    read_timeout: float = 5.0,
) -> FakeBotApi:
    """Start a server with one clerk chat, run ``scenario`` with a PTB Bot against it."""

    async def main() -> FakeBotApi:
        async with FakeBotApi(faults=faults) as api:
            api.push_text(CLERK, "你好")  # a chat exists only once the clerk has written
            request = HTTPXRequest(read_timeout=read_timeout, connect_timeout=2.0)
            async with Bot(DEFAULT_TOKEN, base_url=api.base_url, base_file_url=api.base_file_url, request=request) as bot:
                await scenario(api, bot)
        return api

    return asyncio.run(main())


def keyboard(*data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(f"选项{index}", callback_data=value)] for index, value in enumerate(data)])


# --- Telegram HTML --------------------------------------------------------------------------------


def test_html_parser_strips_tags_decodes_entities_and_reports_utf16_offsets() -> None:
    parsed = parse_telegram_html("😀<b>创文</b> &lt;&amp;&gt; 5 & 6 <a href='https://x.cn'>链接</a>")
    assert parsed.text == "😀创文 <&> 5 & 6 链接"
    assert parsed.entities[0] == {"type": "bold", "offset": 2, "length": 2}  # the emoji is 2 UTF-16 units
    assert parsed.entities[1]["type"] == "text_link" and parsed.entities[1]["url"] == "https://x.cn"


@pytest.mark.parametrize(
    "source",
    ["<br>", "<b>未闭合", "<b>交叉</i>", "多余</b>", "a < b", "<span>剧透</span>", "<div>块</div>", "<b"],
)
def test_html_parser_rejects_what_telegram_rejects(source: str) -> None:
    with pytest.raises(HtmlParseError):
        parse_telegram_html(source)


# --- the real Bot against the server ----------------------------------------------------------------


def test_get_me_returns_the_configured_bot() -> None:
    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        me = await bot.get_me()
        assert me.is_bot and me.username == "chuangwen_test_bot" and me.id == 123456789

    api = run_with_bot(scenario)
    assert [call.method for call in api.calls] == ["getMe", "getMe"]  # initialize() calls getMe too


def test_unknown_token_raises_invalid_token() -> None:
    async def main() -> None:
        async with FakeBotApi() as api:
            with pytest.raises(InvalidToken):
                await Bot("999:REVOKED", base_url=api.base_url).initialize()

    asyncio.run(main())


def test_message_with_keyboard_is_edited_and_the_transcript_shows_the_edit() -> None:
    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        sent = await bot.send_message(CLERK, "<b>第1题</b> 是否成立领导小组？", parse_mode="HTML", reply_markup=keyboard("q1:y", "q1:n"))
        assert sent.text == "第1题 是否成立领导小组？" and sent.entities[0].type == "bold"
        first = await api.next_bot_message(CLERK, timeout=2)
        assert first.message_id == sent.message_id and first.button_data() == ["q1:y", "q1:n"]

        edited = await bot.edit_message_text("第1题：已选「是」", chat_id=CLERK, message_id=sent.message_id)
        assert edited.reply_markup is None  # an edit without reply_markup drops the keyboard, as on Telegram
        after_edit = await api.next_bot_message(CLERK, timeout=2)
        assert after_edit.method == "editMessageText" and after_edit.text == "第1题：已选「是」"

        with pytest.raises(BadRequest, match="(?i)not modified"):
            await bot.edit_message_text("第1题：已选「是」", chat_id=CLERK, message_id=sent.message_id)

    api = run_with_bot(scenario)
    transcript = api.transcript(CLERK)
    assert [(m.sender, m.text, m.edit_count) for m in transcript] == [
        ("clerk", "你好", 0),
        ("bot", "第1题：已选「是」", 1),
    ]


def test_edit_reply_markup_and_answer_callback_query_for_a_pressed_button() -> None:
    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        sent = await bot.send_message(CLERK, "请选择", reply_markup=keyboard("a", "b"))
        await api.next_bot_message(CLERK, timeout=2)
        api.press_button(CLERK, sent.message_id, "b", check_keyboard=True)
        (update,) = await bot.get_updates(offset=-1, timeout=1)
        query = update.callback_query
        assert query is not None and query.data == "b" and query.message.message_id == sent.message_id
        assert await query.answer("已记录")
        with pytest.raises(BadRequest, match="(?i)query is too old"):
            await query.answer()  # answering twice is refused
        await bot.edit_message_reply_markup(CLERK, sent.message_id, reply_markup=keyboard("c"))
        assert (await api.next_bot_message(CLERK, timeout=2)).button_data() == ["c"]

    run_with_bot(scenario)


def test_callback_data_over_64_bytes_is_rejected() -> None:
    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        with pytest.raises(BadRequest, match="(?i)BUTTON_DATA_INVALID"):
            await bot.send_message(CLERK, "选择", reply_markup=keyboard("汉" * 22))  # 66 bytes in UTF-8
        await bot.send_message(CLERK, "选择", reply_markup=keyboard("x" * 64))

    api = run_with_bot(scenario)
    assert [call.status for call in api.calls_to("sendMessage")] == [400, 200]


def test_html_parse_error_and_overlong_text_surface_as_bad_request() -> None:
    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        with pytest.raises(BadRequest, match="(?i)parse entities"):
            await bot.send_message(CLERK, "<p>段落</p>", parse_mode="HTML")
        with pytest.raises(BadRequest, match="(?i)too long"):
            await bot.send_message(CLERK, "字" * 4097)
        # Markup does not count toward the limit: 4096 characters after parsing are fine.
        await bot.send_message(CLERK, "<b>" + "字" * 4096 + "</b>", parse_mode="HTML")

    run_with_bot(scenario)


def test_document_upload_keeps_filename_and_bytes() -> None:
    payload = b"PK\x03\x04 fake docx " + bytes(range(256))

    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        await bot.send_chat_action(CLERK, "upload_document")
        sent = await bot.send_document(CLERK, payload, filename="2024年创文工作总结.docx", caption="初稿")
        assert sent.document is not None and sent.document.file_size == len(payload)
        downloaded = await (await bot.get_file(sent.document.file_id)).download_as_bytearray()
        assert bytes(downloaded) == payload
        event = await api.next_bot_message(CLERK, timeout=2)
        assert event.method == "sendDocument" and event.text == "初稿"

    api = run_with_bot(scenario)
    (document,) = api.documents(CLERK)
    assert (document.filename, document.data) == ("2024年创文工作总结.docx", payload)
    assert api.calls_to("sendDocument")[0].files == {"document": ("2024年创文工作总结.docx", len(payload))}


def test_media_group_resolves_attach_references_and_photos_are_kept() -> None:
    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        media = [InputMediaDocument(b"one", filename="a.txt"), InputMediaDocument(b"two", filename="b.txt")]
        messages = await bot.send_media_group(CLERK, media)
        assert len({message.media_group_id for message in messages}) == 1
        photo = await bot.send_photo(CLERK, b"\x89PNG picture", caption="示意图")
        assert photo.photo and photo.caption == "示意图"

    api = run_with_bot(scenario)
    assert [(d.filename, d.data) for d in api.documents(CLERK)] == [("a.txt", b"one"), ("b.txt", b"two")]
    assert api.transcript(CLERK)[-1].photo.data == b"\x89PNG picture"  # type: ignore[union-attr]


def test_commands_webhook_and_delete_round_trip() -> None:
    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        await bot.set_my_commands([("start", "开始"), ("draft", "生成文稿")])
        assert [c.command for c in await bot.get_my_commands()] == ["start", "draft"]
        with pytest.raises(BadRequest, match="(?i)BOT_COMMAND_INVALID"):
            await bot.set_my_commands([("Start-Now", "开始")])
        await bot.set_webhook("https://example.invalid/hook")
        assert (await bot.get_webhook_info()).url == "https://example.invalid/hook"
        with pytest.raises(Conflict):
            await bot.get_updates()
        await bot.delete_webhook()
        sent = await bot.send_message(CLERK, "临时")
        assert await bot.delete_message(CLERK, sent.message_id)
        with pytest.raises(BadRequest, match="(?i)message to delete not found"):
            await bot.delete_message(CLERK, sent.message_id)
        with pytest.raises(BadRequest, match="(?i)chat not found"):
            await bot.send_message(777, "陌生人")

    run_with_bot(scenario)


def test_unknown_method_is_404() -> None:
    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        with pytest.raises(Exception, match="(?i)[Nn]ot [Ff]ound"):
            await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": CLERK})

    run_with_bot(scenario)


def test_long_poll_waits_for_an_update_and_offset_confirms_it() -> None:
    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        first = await bot.get_updates(timeout=0)
        assert [u.message.text for u in first] == ["你好"]
        asyncio.get_running_loop().call_later(0.1, api.push_text, CLERK, "第二条")
        second = await bot.get_updates(offset=first[-1].update_id + 1, timeout=3)
        assert [u.message.text for u in second] == ["第二条"]
        assert await bot.get_updates(offset=second[-1].update_id + 1, timeout=0) == ()

    run_with_bot(scenario)


def test_clerk_driver_builds_every_kind_of_update() -> None:
    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        greeting = await bot.get_updates()
        api.push_command(CLERK, "start")
        api.push_sticker(CLERK)
        api.push_photo(CLERK, caption="现场照片")
        api.push_voice(CLERK)
        api.push_location(CLERK)
        api.push_contact(CLERK)
        api.push_document(CLERK, "台账.xlsx", b"xls")
        api.push_edited_text(CLERK, 1, "你好，改过了")
        api.push_channel_post(-100777, "频道消息")
        api.push_group_text(CLERK, "/start", address_bot=True)
        api.push_group_text(CLERK, "大家好")
        updates = await bot.get_updates(offset=greeting[-1].update_id + 1, timeout=0)
        assert len(updates) == 11
        assert updates[0].message.text == "/start" and updates[0].message.entities[0].type == "bot_command"
        assert updates[1].message.sticker is not None
        assert updates[2].message.photo and updates[2].message.caption == "现场照片"
        assert updates[3].message.voice is not None
        assert updates[4].message.location is not None
        assert updates[5].message.contact is not None
        assert updates[6].message.document.file_name == "台账.xlsx"
        assert updates[7].edited_message.text == "你好，改过了"
        assert updates[8].channel_post.chat.type == "channel"
        group_command = updates[9].message
        assert group_command.chat.type == "supergroup" and group_command.text == "/start@chuangwen_test_bot"
        assert group_command.entities[0].length == len("/start@chuangwen_test_bot")
        assert updates[10].message.text == "大家好" and not updates[10].message.entities

    run_with_bot(scenario)


# --- faults ----------------------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # PTB warns inside RetryAfter
def test_retry_after_surfaces_as_retry_after_and_is_counted() -> None:
    plan = FaultPlan(rules=[FaultRule(kind="retry_after", methods={"sendMessage"}, every=2, seconds=3)])

    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        await bot.send_message(CLERK, "第一条")
        with pytest.raises(RetryAfter, match="Retry in 3 seconds"):  # reading .retry_after warns in PTB 22
            await bot.send_message(CLERK, "第二条")
        await bot.get_me()  # rules without getUpdates/getMe in methods leave them alone

    api = run_with_bot(scenario, faults=plan)
    assert api.fault_counts == {"retry_after": 1}
    assert [m.text for m in api.transcript(CLERK) if m.sender == "bot"] == ["第一条"]


def test_5xx_and_dropped_connections_surface_as_network_errors() -> None:
    plan = FaultPlan(
        rules=[
            FaultRule(kind="http_500", methods={"sendMessage"}, every=4),
            FaultRule(kind="http_502", methods={"sendMessage"}, every=3),
            FaultRule(kind="drop", methods={"sendMessage"}, every=2, apply_side_effect=True),
        ]
    )

    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        outcomes = []
        for number in range(1, 5):
            try:
                await bot.send_message(CLERK, f"消息{number}")
                outcomes.append("ok")
            except NetworkError:
                outcomes.append("error")
        assert outcomes == ["ok", "error", "error", "error"]

    api = run_with_bot(scenario, faults=plan)
    assert api.fault_counts == {"drop": 1, "http_502": 1, "http_500": 1}
    # The dropped call was applied before the connection was cut: the clerk saw it.
    assert [m.text for m in api.transcript(CLERK) if m.sender == "bot"] == ["消息1", "消息2"]


def test_timeout_fault_holds_past_the_read_timeout_and_may_apply_the_call() -> None:
    plan = FaultPlan(rules=[FaultRule(kind="timeout", methods={"sendMessage"}, every=1, seconds=5, apply_side_effect=False)])

    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        with pytest.raises(TimedOut):
            await bot.send_message(CLERK, "不会送达")

    api = run_with_bot(scenario, faults=plan, read_timeout=0.3)
    assert api.fault_counts == {"timeout": 1}
    assert not [m for m in api.transcript(CLERK) if m.sender == "bot"]


def test_probability_faults_are_reproducible_with_the_same_seed() -> None:
    def kinds(seed: int) -> list[str | None]:
        plan = FaultPlan(seed=seed, rules=[FaultRule(kind="http_500", probability=0.3), FaultRule(kind="slow", probability=0.3)])
        return [rule.kind if (rule := plan.pick("sendMessage")) else None for _ in range(50)]

    assert kinds(11) == kinds(11)
    assert kinds(11) != kinds(12)
    assert set(kinds(11)) == {None, "http_500", "slow"}


def test_max_injections_stops_a_rule_after_that_many_faults() -> None:
    plan = FaultPlan(rules=[FaultRule(kind="http_500", every=1, max_injections=2)])
    assert [plan.pick("sendMessage") is not None for _ in range(4)] == [True, True, False, False]


def test_get_updates_is_spared_unless_named() -> None:
    plan = FaultPlan(rules=[FaultRule(kind="http_500", every=1)])
    assert plan.pick("getUpdates") is None and plan.pick("sendMessage") is not None
    named = FaultPlan(rules=[FaultRule(kind="http_500", methods={"getUpdates"}, every=1)])
    assert named.pick("getUpdates") is not None


# --- a real Application with polling ----------------------------------------------------------------


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, "您好，欢迎使用创文总结助手。", reply_markup=keyboard("go"))


async def _pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(f"已选择：{query.data}")


def test_application_with_polling_answers_a_command_and_a_button_and_stops_cleanly() -> None:
    async def main() -> FakeBotApi:
        async with FakeBotApi() as api:
            application = (
                ApplicationBuilder()
                .token(DEFAULT_TOKEN)
                .base_url(api.base_url)
                .base_file_url(api.base_file_url)
                .get_updates_read_timeout(2)
                .build()
            )
            application.add_handler(CommandHandler("start", _start))
            application.add_handler(CallbackQueryHandler(_pressed))
            async with application:
                await application.start()
                assert application.updater is not None
                await application.updater.start_polling(poll_interval=0.0, timeout=1)

                api.push_command(CLERK, "start")
                welcome = await api.next_bot_message(CLERK, timeout=5)
                assert welcome.text == "您好，欢迎使用创文总结助手。"
                api.press_button(CLERK, welcome.message_id, "go")
                edited = await api.next_bot_message(CLERK, timeout=5)
                assert (edited.method, edited.text) == ("editMessageText", "已选择：go")

                await application.updater.stop()
                await application.stop()
        return api

    api = asyncio.run(asyncio.wait_for(main(), timeout=20))
    latencies = api.reply_latencies()
    assert len(latencies) == 2 and all(latency.seconds is not None and latency.seconds >= 0 for latency in latencies)
    assert api.calls_to("deleteWebhook")  # start_polling clears any webhook first, as on Telegram


def test_a_second_poller_ends_the_first_with_conflict() -> None:
    """A restarted bot's poll replaces the dead instance's one, as Telegram does."""

    async def scenario(api: FakeBotApi, old_instance: Bot) -> None:
        greeting = await old_instance.get_updates()
        offset = greeting[-1].update_id + 1
        first = asyncio.create_task(old_instance.get_updates(offset=offset, timeout=3))
        await api.wait_for(lambda: api.world.feed.waiting_polls == 1, timeout=3)
        async with Bot(DEFAULT_TOKEN, base_url=api.base_url) as new_instance:
            assert await new_instance.get_updates(offset=offset, timeout=0) == ()
        with pytest.raises(Conflict):
            await first

    run_with_bot(scenario)


def test_reply_latency_runs_from_delivery_to_the_first_successful_reply_in_that_chat() -> None:
    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        api.push_text(CLERK + 1, "没人回我")
        delivered = await bot.get_updates(timeout=0)
        assert len(delivered) == 2
        with pytest.raises(BadRequest):
            await bot.send_message(CLERK, "<p>坏的</p>", parse_mode="HTML")  # a failed call is no reply
        await bot.send_chat_action(CLERK, "typing")  # not a message: not a reply by default
        await bot.send_message(CLERK, "收到")

    api = run_with_bot(scenario)
    by_chat = {latency.chat_id: latency for latency in api.reply_latencies()}
    good_reply = next(call for call in api.calls_to("sendMessage") if call.status == 200)
    assert by_chat[CLERK].replied_at == good_reply.at
    assert by_chat[CLERK].seconds is not None and by_chat[CLERK].seconds > 0
    assert by_chat[CLERK + 1].replied_at is None and by_chat[CLERK + 1].seconds is None
    with_actions = {latency.chat_id: latency for latency in api.reply_latencies({"sendChatAction"})}
    assert with_actions[CLERK].replied_at == api.calls_to("sendChatAction")[0].at


def test_wait_for_wakes_on_bot_calls_and_blocked_users_give_forbidden() -> None:
    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        waiting = asyncio.create_task(api.wait_for(lambda: len(api.calls_to("sendMessage")) == 1, timeout=3))
        await bot.send_message(CLERK, "第一条")
        await waiting
        with pytest.raises(TimeoutError):
            await api.wait_for(lambda: False, timeout=0.1)
        api.block_bot(CLERK)
        with pytest.raises(Forbidden):
            await bot.send_message(CLERK, "第二条")

    run_with_bot(scenario)


def test_updates_lost_with_a_dropped_get_updates_are_delivered_again_and_answered_once() -> None:
    # The first poll takes the queued /start and then loses its connection.
    plan = FaultPlan(rules=[FaultRule(kind="drop", methods={"getUpdates"}, every=1, max_injections=1, apply_side_effect=True)])

    async def main() -> tuple[FakeBotApi, int]:
        async with FakeBotApi(faults=plan) as api:
            first = api.push_command(CLERK, "start")
            application = (
                ApplicationBuilder().token(DEFAULT_TOKEN).base_url(api.base_url).get_updates_read_timeout(2).build()
            )
            application.add_handler(CommandHandler("start", _start))
            async with application:
                await application.start()
                assert application.updater is not None
                await application.updater.start_polling(poll_interval=0.0, timeout=1)
                await api.next_bot_message(CLERK, timeout=10)
                api.push_command(CLERK, "start")
                await api.next_bot_message(CLERK, timeout=10)
                await application.updater.stop()
                await application.stop()
        return api, first

    api, first = asyncio.run(asyncio.wait_for(main(), timeout=30))
    assert api.fault_counts == {"drop": 1}
    deliveries = {update.update_id: update.deliveries for update in api.world.feed.history}
    assert deliveries[first] == 2
    assert len(api.calls_to("sendMessage")) == 2  # each /start answered exactly once


# --- confirming by offset, as the Bot API documents getUpdates -------------------------------------


def test_an_update_is_delivered_again_until_an_offset_above_it_confirms_it() -> None:
    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        [greeting] = await bot.get_updates(timeout=0)
        assert [u.update_id for u in await bot.get_updates(timeout=0)] == [greeting.update_id]
        # An offset equal to the update_id asks for it: not a confirmation.
        assert [u.update_id for u in await bot.get_updates(offset=greeting.update_id, timeout=0)] == [greeting.update_id]
        queued = api.world.feed.history[0]
        assert queued.deliveries == 3 and queued.confirmed_at is None
        assert await bot.get_updates(offset=greeting.update_id + 1, timeout=0) == ()
        assert queued.confirmed_at is not None
        assert await bot.get_updates(timeout=0) == ()  # confirmed updates never come back

    run_with_bot(scenario)


def test_an_offset_confirms_only_the_updates_below_it() -> None:
    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        second, third = api.push_text(CLERK, "二"), api.push_text(CLERK, "三")
        assert [u.update_id for u in await bot.get_updates(offset=second, timeout=0)] == [second, third]
        confirmed = {u.update_id: u.confirmed_at is not None for u in api.world.feed.history}
        assert confirmed == {second - 1: True, second: False, third: False}
        assert [u.update_id for u in await bot.get_updates(timeout=0)] == [second, third]
        assert [u.update_id for u in await bot.get_updates(timeout=0, limit=1)] == [second]

    run_with_bot(scenario)


def test_a_negative_offset_returns_the_newest_and_forgets_the_rest() -> None:
    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        for text in ("二", "三"):
            api.push_text(CLERK, text)
        assert [u.message.text for u in await bot.get_updates(offset=-1, timeout=0)] == ["三"]
        assert [u.message.text for u in await bot.get_updates(timeout=0)] == ["三"]

    run_with_bot(scenario)


def test_unconfirmed_updates_survive_a_webhook_and_are_delivered_after_delete_webhook() -> None:
    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        await bot.set_webhook("https://example.invalid/hook")
        with pytest.raises(Conflict):
            await bot.get_updates(offset=10**9, timeout=0)  # a refused call confirms nothing
        await bot.delete_webhook(drop_pending_updates=False)
        assert [u.message.text for u in await bot.get_updates(timeout=0)] == ["你好"]

    run_with_bot(scenario)


def test_allowed_updates_filters_updates_when_they_are_created_not_when_they_are_fetched() -> None:
    reaction = {"chat": {"id": CLERK, "type": "private"}, "message_id": 1, "date": 0, "old_reaction": [], "new_reaction": []}

    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        api.world.feed.push("message_reaction", reaction, CLERK)  # not wanted by default: never queued
        # The greeting was created before this call narrowed the filter: Telegram still sends it.
        assert [u.message.text for u in await bot.get_updates(timeout=0, allowed_updates=["message_reaction"])] == ["你好"]
        api.push_text(CLERK, "被过滤")
        wanted = api.world.feed.push("message_reaction", reaction, CLERK)
        fetched = await bot.get_updates(offset=api.world.feed.history[0].update_id + 1, timeout=0)
        assert [u.update_id for u in fetched] == [wanted]
        assert [u.created for u in api.world.feed.history] == [True, False, False, True]

    run_with_bot(scenario)


def _poll_once_in_a_new_process(api: FakeBotApi) -> list[int]:
    """One getUpdates from a fresh process that then exits without confirming, like a
    bot killed right after a poll answered."""
    code = (
        "import json, sys, urllib.request;"
        "answer = json.load(urllib.request.urlopen(sys.argv[1] + '/getUpdates?timeout=0', timeout=10));"
        "print(json.dumps([u['update_id'] for u in answer['result']]))"
    )
    done = subprocess.run([sys.executable, "-c", code, f"{api.base_url}{DEFAULT_TOKEN}"], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_an_update_a_dead_process_fetched_is_delivered_again_to_the_next_process() -> None:
    async def main() -> tuple[list[int], list[int], int]:
        async with FakeBotApi() as api:
            pushed = api.push_text(CLERK, "没存下的回答")
            first = await asyncio.to_thread(_poll_once_in_a_new_process, api)
            second = await asyncio.to_thread(_poll_once_in_a_new_process, api)
            return first, second, pushed

    first, second, pushed = asyncio.run(asyncio.wait_for(main(), timeout=60))
    assert first == second == [pushed]


def test_a_502_on_the_confirming_poll_leaves_the_update_unconfirmed_and_it_comes_again() -> None:
    # The second getUpdates, the one carrying the confirming offset, gets the HTML 502 page.
    plan = FaultPlan(rules=[FaultRule(kind="http_502", methods={"getUpdates"}, every=2, max_injections=1)])

    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        [greeting] = await bot.get_updates(timeout=0)
        with pytest.raises(NetworkError):
            await bot.get_updates(offset=greeting.update_id + 1, timeout=0)
        assert api.world.feed.history[0].confirmed_at is None
        assert [u.update_id for u in await bot.get_updates(timeout=0)] == [greeting.update_id]
        assert api.world.feed.history[0].deliveries == 2

    api = run_with_bot(scenario, faults=plan)
    assert api.fault_counts == {"http_502": 1}


def test_the_delivery_hook_sees_each_answer_of_get_updates_before_the_bot_does() -> None:
    seen: list[list[int]] = []

    async def scenario(api: FakeBotApi, bot: Bot) -> None:
        api.world.feed.on_delivered = lambda updates: seen.append([u.update_id for u in updates])
        [greeting] = await bot.get_updates(timeout=0)
        assert seen == [[greeting.update_id]]
        await bot.get_updates(offset=greeting.update_id + 1, timeout=0)  # nothing to deliver: no call
        assert seen == [[greeting.update_id]]

    run_with_bot(scenario)
