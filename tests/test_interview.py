"""The work-item interview: kinds chosen per section, items asked only for them, the unit's words."""

from __future__ import annotations

from dialogs.answers import (
    FiguresAnswer,
    GroupAnswer,
    ListAnswer,
    MultiAnswer,
    PeriodAnswer,
    TextAnswer,
)
from dialogs.checklist import progress
from dialogs.questionnaire import load_questionnaire
from drafting.prose.render import render_document
from tests.conversation import Conversation
from tests.support.quality import block_text

QUESTIONNAIRE = load_questionnaire()
# unit, type, genre, signer, period, target, leadership, guiding thought, verdict
BASIC_TOWNSHIP = ["某某乡", "乡", "1", "1", "2021年上半年", "全国文明城市", "跳过", "跳过", "跳过"]
BASIC_STREET = ["某某街道", "街道", "1", "1", "全年", "全国文明城市", "跳过", "跳过", "跳过"]


def talk_through(lines: list[str]) -> Conversation:
    talk = Conversation(QUESTIONNAIRE)
    for line in lines:
        replies = talk.say(line)
        assert not [r for r in replies if r.kind == "error"], (line, [r.text for r in replies])
    return talk


def test_the_signing_body_is_offered_from_the_name_and_type() -> None:
    talk = talk_through(["某某街道", "街道", "工作总结"])
    assert talk.cursor == "signer"
    labels = [b.label for row in talk.last.buttons for b in row]
    assert labels[:3] == ["某某街道办事处", "某某街道党工委", "某某街道创建文明城市工作领导小组办公室"]
    talk.press("g2")
    assert talk.state.answers["signer"] == TextAnswer(text="某某街道创建文明城市工作领导小组办公室")
    typed = talk_through(["某某乡", "乡", "1", "某某乡创建文明城市工作领导小组"])
    assert typed.state.answers["signer"] == TextAnswer(text="某某乡创建文明城市工作领导小组")


def test_a_year_and_half_typed_at_the_period_are_both_kept() -> None:
    talk = talk_through(BASIC_TOWNSHIP[:5])
    assert talk.state.answers["period"] == PeriodAnswer(year=2021, span="上半年")
    skipped = talk_through(["某某乡", "乡", "1", "1", "跳过"])
    assert skipped.state.answers["period"] == PeriodAnswer(year=2026, span="全年")  # the year shown on its button


def test_last_year_typed_at_the_period_is_last_year() -> None:
    """A summary written in January is last year's: 「去年」 is not this year."""
    expected = {
        "去年": PeriodAnswer(year=2025, span="全年"),
        "去年上半年": PeriodAnswer(year=2025, span="上半年"),
        "前年": PeriodAnswer(year=2024, span="全年"),
    }
    for typed, period in expected.items():
        talk = talk_through(["某某乡", "乡", "1", "1", typed])  # ``now`` is in 2026
        assert talk.state.answers["period"] == period, typed


def test_only_the_chosen_kinds_are_asked_and_a_kind_can_recur() -> None:
    talk = talk_through([*BASIC_TOWNSHIP, "会议、督查考核/通报"])
    assert talk.cursor == "meetings#0.name"
    talk.say("创建工作动员大会")
    assert talk.cursor == "meetings#0.details"
    talk.say("5月19日下午召开，80余人参加")
    assert talk.cursor == "meetings#more"
    talk.say("是")
    talk.say("创建工作推进会")
    talk.say("每周一次")
    talk.say("否")
    assert talk.cursor == "inspections#0.details"
    meetings = talk.state.answers["meetings"]
    assert isinstance(meetings, GroupAnswer) and len(meetings.items) == 2
    assert "leading_group" not in talk.state.answers


def test_every_theme_picked_becomes_an_item_asked_once() -> None:
    talk = talk_through([*BASIC_TOWNSHIP, "没有", "没有", "环境卫生、河道清理、3"])
    campaigns = talk.state.answers["campaigns"]
    assert isinstance(campaigns, GroupAnswer)
    assert [item["name"] for item in campaigns.items] == [TextAnswer(text=t) for t in ("环境卫生", "河道清理", "背街小巷")]
    assert talk.cursor == "campaigns#0.details"
    assert "【专项整治 第1项：环境卫生】" in talk.last.text


def test_a_kind_in_the_clerks_own_words_gets_its_own_item() -> None:
    talk = talk_through([*BASIC_TOWNSHIP, "河长制"])
    picks = talk.state.answers["organization_work"]
    assert picks == MultiAnswer(items=["河长制"], others=["河长制"])
    assert talk.cursor == "organization_custom#0.details"
    assert "【其他工作 第1项：河长制】" in talk.last.text


def test_figures_typed_are_read_back_for_the_clerk_to_check() -> None:
    talk = talk_through([*BASIC_TOWNSHIP, "没有", "没有", "环境卫生"])
    replies = talk.say("清运垃圾80多车，拆除违章搭建20余处")
    assert replies[0].kind == "info" and "· 清运垃圾：80多车" in replies[0].text and "· 拆除违章搭建：20余处" in replies[0].text
    details = talk.state.answers["campaigns"].items[0]["details"]  # type: ignore[union-attr]
    assert isinstance(details, FiguresAnswer) and details.display() == "清运垃圾80多车，拆除违章搭建20余处"


def test_figures_are_read_back_as_the_clerk_typed_them() -> None:
    for line, shown in (("清理垃圾1,000处", "清理垃圾：1,000处"), ("志愿服务-5人次", "志愿服务：-5人次"), ("清运1e309吨", "清运：1e309吨")):
        talk = talk_through([*BASIC_TOWNSHIP, "没有", "没有", "环境卫生"])
        [read_back, *_] = talk.say(line)
        assert read_back.kind == "info" and read_back.text.splitlines()[:2] == ["记下了 1 个数字：", f"· {shown}"]
        details = talk.state.answers["campaigns"].items[0]["details"]  # type: ignore[union-attr]
        assert isinstance(details, FiguresAnswer) and details.display() == line  # the draft keeps the text


def test_none_is_an_answer_and_leaves_the_section_out() -> None:
    talk = talk_through([*BASIC_TOWNSHIP, "没有"])
    assert talk.state.answers["organization_work"] == MultiAnswer(items=[])
    assert talk.cursor == "publicity_work" and "organization_work" not in talk.state.skipped
    talk.press("none")
    assert talk.state.answers["publicity_work"] == MultiAnswer(items=[])


def test_a_list_of_more_than_a_hundred_items_typed_through_the_interview_is_kept_whole() -> None:
    """Typed as a clerk would, in several messages, then 完成: every item stored and drafted."""
    talk = talk_through(BASIC_TOWNSHIP)
    while talk.cursor != "plans":
        talk.say("没有")
    plans = [f"做好第{n}项工作" for n in range(1, 151)]
    for first in range(0, len(plans), 40):
        replies = talk.say("\n".join(plans[first : first + 40]))
        assert not [r for r in replies if r.kind == "error"]
    talk.say("完成")
    assert talk.state.answers["plans"] == ListAnswer(items=plans)
    text = "\n".join(block_text(block) for block in render_document(QUESTIONNAIRE, talk.state, "annual").blocks)
    assert all(plan in text for plan in plans)


def test_questions_speak_the_units_own_words() -> None:
    street = talk_through([*BASIC_STREET, "责任清单/分解"])
    assert "各社区" in street.last.text and "村" not in street.last.text
    township = talk_through([*BASIC_TOWNSHIP, "责任清单/分解"])
    assert "各村" in township.last.text


def test_no_question_says_what_skip_does_twice() -> None:
    talk = talk_through(BASIC_TOWNSHIP[:4])
    assert talk.cursor == "period"
    said = talk.last.text + talk.last.hint
    assert said.count("跳过") == 1 and "全年" in talk.last.text
    talk = talk_through([*BASIC_TOWNSHIP, "领导小组/工作专班"])
    assert talk.cursor == "leading_group#0.name"
    assert (talk.last.text + talk.last.hint).count("跳过") == 1


def test_examples_are_of_this_year() -> None:
    talk = talk_through(BASIC_TOWNSHIP[:7])
    assert talk.cursor == "guiding_thought"
    assert "二十大" in talk.last.text and "十八大" not in talk.last.text


def test_the_progress_line_counts_what_remains_and_only_grows_by_what_was_chosen() -> None:
    talk = talk_through(BASIC_TOWNSHIP)
    before = progress(QUESTIONNAIRE, talk.state)
    talk.say("会议")
    after = progress(QUESTIONNAIRE, talk.state)
    assert after[0] == before[0] + 1  # the kinds question is settled
    assert after[1] - before[1] == 2  # 会议: its name and details; 「还有别的会议？」 is not a question of its own
    assert "已答" in talk.last.progress and "还剩" in talk.last.progress


def test_back_keeps_later_answers_and_edit_returns_where_the_clerk_was() -> None:
    talk = talk_through([*BASIC_TOWNSHIP, "会议", "动员大会", "5月19日下午召开"])
    assert talk.cursor == "meetings#more"
    talk.say("上一步")
    assert talk.cursor == "meetings#0.details" and "当前答案：5月19日下午召开" in talk.last.text
    talk.say("上一步")
    talk.say("上一步")
    assert talk.cursor == "organization_work"
    talk.say("跳过")  # keeps the stored kinds and the meeting
    assert talk.state.answers["meetings"].items[0]["name"] == TextAnswer(text="动员大会")  # type: ignore[union-attr]
    [review] = talk.say("查看")
    assert "【组织领导】" in review.text and "会议 第1项" in review.text
    number = next(line.split(".")[0].strip() for line in review.text.splitlines() if "单位名称" in line)
    where = talk.cursor
    talk.say(f"修改 {number}")
    talk.say("另一个乡")
    assert talk.state.answers["unit_name"] == TextAnswer(text="另一个乡") and talk.cursor == where


def test_items_typed_at_a_list_reached_without_back_or_edit_are_added_not_replacing() -> None:
    talk = talk_through([*BASIC_TOWNSHIP, "没有", "没有", "没有", "否", "没有", "没有", "部分群众参与意识不强", "完成", "否", "加强宣传", "完成"])
    assert talk.state.answers["plans"] == ListAnswer(items=["加强宣传"])
    # The cursor is back at the list without 上一步 or 修改 (a resumed draft, a second device):
    talk.state = talk.state.model_copy(update={"cursor": "plans"})
    talk.say("完善长效机制")
    talk.say("完成")
    assert talk.state.answers["plans"] == ListAnswer(items=["加强宣传", "完善长效机制"])
    # After 上一步 the clerk was shown the items: what they type now replaces them.
    talk.state = talk.state.model_copy(update={"cursor": "sign_date"})
    talk.say("上一步")
    assert talk.cursor == "plans" and "发送新答案即可修改" in talk.last.text
    talk.say("只写这一条")
    talk.say("完成")
    assert talk.state.answers["plans"] == ListAnswer(items=["只写这一条"])


def test_skipping_an_optional_follow_up_is_never_refused() -> None:
    talk = talk_through([*BASIC_TOWNSHIP, "领导小组/工作专班"])
    for _ in range(3):
        replies = talk.say("跳过")
        assert not [r for r in replies if r.kind == "error"]
    group = talk.state.answers["leading_group"]
    assert isinstance(group, GroupAnswer) and group.items[0]["name"] == TextAnswer(text="创建文明城市工作领导小组")
    assert talk.cursor == "publicity_work"


def test_the_genre_can_be_switched_like_the_layout_without_moving_the_clerk() -> None:
    import pytest

    from dialogs.engine import set_choice

    talk = talk_through([*BASIC_TOWNSHIP, "会议"])
    where = talk.cursor
    switched = set_choice(QUESTIONNAIRE, talk.state, "genre", "自查报告")
    assert switched.answers["genre"].choice == "自查报告" and switched.cursor == where  # type: ignore[union-attr]
    assert switched.turn == talk.state.turn + 1  # buttons shown before are stale now
    with pytest.raises(ValueError, match="genre"):
        set_choice(QUESTIONNAIRE, talk.state, "genre", "新闻稿")


def test_a_stage_keeps_the_clerks_words_and_says_the_year_it_takes() -> None:
    talk = talk_through(["某某镇", "镇", "2", "1", "7—8月"])
    period = talk.state.answers["period"]
    assert isinstance(period, PeriodAnswer) and (period.span, period.words, period.year) == ("阶段", "7—8月", 2026)
    assert "时间段记为：2026年7—8月。" in talk.texts()
    typed = talk_through(["某某镇", "镇", "2", "1", "2020年7—8月"])
    assert typed.state.answers["period"].display() == "2020年7—8月"  # type: ignore[union-attr]


def test_a_line_without_figures_gets_no_read_back() -> None:
    """Issue 23, defect 11: no 「记下了 0 个数字：」 followed by nothing; the line is stored whole."""
    talk = talk_through([*BASIC_TOWNSHIP, "没有", "没有", "环境卫生"])
    replies = talk.say("定期召开，研究部署精神文明建设和创建工作")
    assert not any("记下了" in reply.text or "数字" in reply.text for reply in replies)
    details = talk.state.answers["campaigns"].items[0]["details"]  # type: ignore[union-attr]
    assert isinstance(details, FiguresAnswer) and details.display() == "定期召开，研究部署精神文明建设和创建工作"


def test_only_real_figures_are_read_back_whole_with_their_units() -> None:
    """Issue 23, defect 11: 一把手, 每周五组织 and 一起 are words, not counts; 6个月 keeps its unit."""
    line = "3月起每周五组织志愿者一起清扫街道，开展为期6个月的整治，各部门一把手参加，涉及6个小区1280户"
    talk = talk_through([*BASIC_TOWNSHIP, "没有", "没有", "环境卫生"])
    [read_back, *_] = talk.say(line)
    assert read_back.kind == "info"
    assert read_back.text.splitlines()[:-1] == ["记下了 3 个数字：", "· 开展为期：6个月", "· 涉及：6个", "· 小区：1280户"]
    details = talk.state.answers["campaigns"].items[0]["details"]  # type: ignore[union-attr]
    assert isinstance(details, FiguresAnswer) and details.display() == line
