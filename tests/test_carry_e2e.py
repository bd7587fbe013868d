"""End-to-end (issue 24): next year's summary starts from this year's, through the real PTB
client and the local Bot API.

A clerk finishes 2019's interview (reference 【一】), sends /new, starts from it, checks the
carried facts (组织领导 changed: a new 组长; 宣传发动 dropped), answers last year's plans
(one done, its words typed at once; one partly done, the rest carried into this year's 打算
as the question said; one not done and carried into 存在问题 in one press; the rest no longer
mentioned), gives this year's counts with last year's shown
beside, and gets a .docx that states exactly that.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from tests.support.fakebotapi import BotMessage
from tests.telegram_harness import Clerk, bot_and_server, is_question
from tests.test_telegram_e2e import CLERK, docx_text, has_document, play, script_lines

PLANS = (
    "坚持全面推进，重点突破，重点抓好环境卫生、交通秩序、村民文明素质养成、未成年人教育",
    "对照《全省文明城市测评体系》，巩固提高已有成果",
    "注重长效机制建设，狠抓薄弱环节",
)
DONE_WORDS = "完成12条背街小巷改造"
PARTLY_WORDS = "对照测评体系整改问题30余个"
NEW_LEADER = "乡党委书记"
NEW_INSPECTIONS = "全年发出督查通报9次"


def _labels(message: BotMessage) -> list[str]:
    return [b["text"].lstrip("✅") for row in (message.reply_markup or {}).get("inline_keyboard", []) for b in row]


async def _next_year(clerk: Clerk) -> tuple[list[BotMessage], dict[str, int]]:
    """Answer every question of the second year as the clerk of the docstring; returns what
    the bot sent and how often each kind of question came."""
    got: list[BotMessage] = []
    seen = {"sections": 0, "outcomes": 0, "last_year_shown": 0}
    for _ in range(200):
        question = clerk.last_question
        assert question is not None
        text, labels = question.text or "", _labels(question)
        if "没变" in labels:
            seen["sections"] += 1
            decision = "改一下" if "【组织领导】" in text else "今年没有" if "【宣传发动】" in text else "没变"
            got += await clerk.press(decision)
        elif "今年也没有" in labels:
            seen["sections"] += 1  # the sections that said 「没有」, together (here 基础设施建设 alone)
            got += await clerk.press("今年也没有")
        elif "不再提" in labels:
            seen["outcomes"] += 1
            if PLANS[0] in text:
                got += await clerk.say(DONE_WORDS)  # 完成: what was done, typed at once
            else:
                outcome = "部分完成" if PLANS[1] in text else "未完成·转入存在问题" if PLANS[2] in text else "不再提"
                got += await clerk.press(outcome)
        elif "往后推一年" in text:
            assert "时间段：2020年全年" in text and "落款日期：2020年12月28日" in text and labels == ["对", "改一下"]
            got += await clerk.press("改一下")  # asked as new: this year's period and date typed below
        elif "用一句话说说" in text:
            assert PLANS[1] in text and "没做完的部分会写进今年的下一步打算" in text  # where the rest goes, said
            got += await clerk.say(PARTLY_WORDS)
        elif "组长由谁担任" in text:
            assert "当前答案：乡党委政府主要领导" in text  # 改一下 shows what was carried
            got += await clerk.say(NEW_LEADER)
        elif "督查考核怎么做的" in text:
            assert "去年：" in text and "口头督查通报6次" in text  # last year's figures beside
            seen["last_year_shown"] += 1
            got += await clerk.say(NEW_INSPECTIONS)
        elif "宣传" in text and "都没有" in labels:
            got += await clerk.press("都没有")  # dropped: asked as for a new draft
        elif "哪段时间" in text:
            got += await clerk.say("2020年")
        elif "落款写哪一天" in text:
            got += await clerk.say("2020年12月28日", until=has_document)
            return got, seen
        elif "跳过" in labels:
            got += await clerk.press("跳过")
        elif "完成" in labels:
            got += await clerk.press("完成")
        else:
            raise AssertionError(f"no rule for: {text} {labels}")
    raise AssertionError("the second year's interview did not end")


def test_next_year_starts_from_this_year_through_telegram(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with bot_and_server(tmp_path) as (api, running):
            clerk = Clerk(api, CLERK)
            await clerk.say("/start")
            await play(clerk, script_lines("reference1.txt"))
            [first_year] = api.documents(CLERK)

            # /new makes the draft and asks its first question; above it, the offer.
            offered = await clerk.say("/new")
            [offer] = [m for m in offered if "接着写" in "".join(_labels(m))]
            assert _labels(offer) == ["从「某某乡2019年」接着写"]
            assert "单位的名称" in (clerk.last_question.text or "")
            api.press_button(CLERK, offer.message_id, offer.reply_markup["inline_keyboard"][0][0]["callback_data"])
            await clerk.read_until(is_question)
            shown = clerk.last_question.text or ""
            assert "【基本信息】2019年写过这些" in shown and "单位名称：某某乡" in shown

            _, seen = await _next_year(clerk)
            assert seen["sections"] == 7 and seen["outcomes"] == 12 and seen["last_year_shown"] == 1
            second = [d for d in api.documents(CLERK) if d is not first_year][-1]
            text = docx_text(second.data)

            # Standing facts carried where 没变, changed where 改一下, gone where 今年没有.
            assert text.startswith("某某乡2020年")  # this year's title (the year asked anew)
            assert f"由{NEW_LEADER}任组长" in text and "乡党委政府主要领导" not in text
            assert "下设办公室" in text  # carried and kept (跳过) under 改一下
            assert "道德讲堂" not in text and "固定标语" not in text
            assert "四抓四带四促" in text  # 文明实践: 没变
            # Figures are this year's, never last year's.
            assert "督查通报9次" in text and "口头督查通报6次" not in text
            # Last year's plans, as the clerk answered them.
            assert f"去年提出{PLANS[0]}，今年已{DONE_WORDS}" in text
            assert f"去年提出{PLANS[1]}，今年{PARTLY_WORDS}，尚未全部完成" in text
            problems = text.split("存在问题")[1].split("下一步")[0]
            plans = text.split("下一步工作打算")[1]
            assert PLANS[2] in problems and PLANS[1] in plans
            assert "以深入开展文明创建活动为载体" not in text  # 不再提: not in this year's

            # One /new, one draft: the draft /new made took the offer. Kept in the store
            # with the answers, and said by /drafts.
            assert len(await running.store.list_by_owner(CLERK)) == 2
            draft = await running.current_draft(CLERK)
            assert draft.state.carry is not None and draft.state.carry.report.origin.draft_id
            assert draft.state.sources.get("unit_name") == "carried"
            assert "leading_group#0.leader" not in draft.state.sources  # this year's answer
            clerk.timeout = 120  # the page pictures of the draft may still be in the office's line
            listing = await clerk.say("/drafts", until=lambda m: "您的总结" in (m.text or ""))
            assert "由2019年的草稿接续" in listing[-1].text

    asyncio.run(scenario())
