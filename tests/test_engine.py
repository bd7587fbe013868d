"""Conversation tests: (clerk says -> bot answers) through the pure engine."""

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from dialogs.answers import (
    ChoiceAnswer,
    GroupAnswer,
    ListAnswer,
    MultiAnswer,
    NumberAnswer,
    TextAnswer,
    YesNoAnswer,
)
from dialogs.checklist import effective_answers, is_complete, missing_required, progress
from dialogs.engine import STALE_TEXT, start, step
from dialogs.questionnaire import Questionnaire, load_questionnaire
from dialogs.replies import Input
from dialogs.state import InterviewState
from tests.conversation import NOW, Conversation

# The fixed-form questionnaire 1: the engine still runs it, and its long form exercises
# navigation (上一步, 修改 N, groups, conditions) more than the short interview does.
V1_FIXTURE = Path(__file__).with_name("fixtures") / "questionnaire_v1.yaml"

BASIC = ["某某乡", "乡", "某某县", "2019", "1", "跳过", "跳过", "跳过", "2019年12月28日"]


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return load_questionnaire(V1_FIXTURE)


def talk_through(questionnaire: Questionnaire, lines: list[str]) -> Conversation:
    talk = Conversation(questionnaire)
    for line in lines:
        replies = talk.say(line)
        assert not [r for r in replies if r.kind == "error"], (line, [r.text for r in replies])
    return talk


def test_first_question_follows_the_section_intro(questionnaire):
    talk = Conversation(questionnaire)
    assert [r.kind for r in talk.replies] == ["info", "question"]
    assert "基本信息" in talk.replies[1].progress and "已答 0 题" in talk.replies[1].progress
    assert talk.replies[1].text.startswith("请输入您单位的名称。")
    assert "例如：某某乡" in talk.replies[1].text
    assert talk.replies[1].turn == talk.state.turn


def test_required_question_cannot_be_skipped_and_says_why(questionnaire):
    talk = Conversation(questionnaire)
    before = talk.state
    [reply] = talk.say("跳过")
    assert reply.kind == "error"
    assert "单位名称会用在标题和落款里" in reply.text
    assert talk.state == before
    question = Conversation(questionnaire).replies[-1]
    assert "skip" not in {b.action for row in question.buttons for b in row}


def test_skipping_the_year_uses_the_current_year_from_now(questionnaire):
    talk = talk_through(questionnaire, ["某某乡", "乡", "跳过"])
    # The hint already says what 跳过 does; the question does not say it a second time.
    assert "跳过" in talk.last.hint and "跳过" not in talk.last.text
    talk.say("跳过")
    assert talk.state.answers["year"] == NumberAnswer(value=Decimal(2026), raw="2026")


def test_back_moves_the_cursor_without_erasing_later_answers(questionnaire):
    talk = talk_through(questionnaire, ["某某乡", "乡", "某某县", "2019"])
    talk.say("上一步")
    talk.say("上一步")
    assert talk.cursor == "parent_area"
    assert "当前答案：某某县" in talk.last.text
    assert talk.state.answers["year"].value == Decimal(2019)
    talk.say("另一个县")
    assert talk.state.answers["parent_area"] == TextAnswer(text="另一个县")
    assert talk.state.answers["year"].value == Decimal(2019)
    assert talk.cursor == "target"  # continues at the first open question


def test_skip_after_back_keeps_the_stored_answer(questionnaire):
    talk = talk_through(questionnaire, ["某某乡", "乡"])
    talk.say("上一步")
    talk.say("跳过")
    assert talk.state.answers["unit_type"] == ChoiceAnswer(choice="乡")
    assert "unit_type" not in talk.state.skipped
    assert talk.cursor == "parent_area"


def test_back_at_the_first_question_says_so(questionnaire):
    talk = Conversation(questionnaire)
    replies = talk.say("上一步")
    assert replies[0].text == "已经是第一题了。"
    assert talk.cursor == "unit_name"


def test_review_numbers_answers_and_edit_returns_where_the_clerk_was(questionnaire):
    talk = talk_through(questionnaire, BASIC + ["是", "书记"])
    where = talk.cursor
    assert where == "group_deputies"
    [review] = talk.say("查看")
    assert review.kind == "review"
    assert "【基本信息】" in review.text and "【组织领导】" in review.text
    assert "1. 单位名称：某某乡" in review.text
    assert "3. 所属县（市、区）：某某县" in review.text
    talk.say("修改 3")
    assert talk.cursor == "parent_area"
    talk.say("某某区")
    assert talk.state.answers["parent_area"] == TextAnswer(text="某某区")
    assert talk.cursor == where


def test_edit_returns_to_where_the_clerk_was_not_to_the_first_open_question(questionnaire):
    """After 上一步 the clerk stands at an answered question, before the first open one: an
    edit made from there returns there."""
    talk = talk_through(questionnaire, BASIC + ["是", "书记"])
    first_open = talk.cursor
    talk.say("上一步")
    talk.say("上一步")
    where = talk.cursor
    assert where != first_open and where in talk.state.answers  # an answered question
    talk.say("查看")
    talk.say("修改 3")
    assert talk.cursor == "parent_area"
    talk.say("某某区")
    assert talk.state.answers["parent_area"] == TextAnswer(text="某某区")
    assert talk.cursor == where


def test_edit_with_a_bad_number_says_how_to_find_numbers(questionnaire):
    talk = talk_through(questionnaire, ["某某乡"])
    [reply] = talk.say("修改 9")
    assert reply.kind == "error" and "查看" in reply.text


def test_no_office_means_no_office_director_question(questionnaire):
    talk = talk_through(questionnaire, BASIC + ["否", "否"])
    assert talk.cursor == "work_plan"
    asked = talk_through(questionnaire, BASIC + ["否", "是"])
    assert asked.cursor == "office_location"
    asked.say("乡党政办")
    assert asked.cursor == "office_director"


def test_changing_yes_to_no_later_drops_dependent_answers_from_the_draft(questionnaire):
    talk = talk_through(questionnaire, BASIC + ["否", "是", "乡党政办", "副书记兼任"])
    assert "office_director" in effective_answers(questionnaire, talk.state)
    number = next(
        line.split(".")[0].strip()
        for line in talk.say("查看")[0].text.splitlines()
        if "设立创建办公室" in line
    )
    talk.say(f"修改 {number}")
    talk.say("否")
    assert "office_director" in talk.state.answers  # kept, in case the clerk changes back
    assert "office_director" not in effective_answers(questionnaire, talk.state)


def reach_campaigns(questionnaire: Questionnaire) -> Conversation:
    talk = Conversation(questionnaire)
    while talk.cursor != "campaigns":
        replies = talk.say("跳过")
        if replies[-1].kind == "error":  # a required question: answer it plainly
            slot_kind = talk.cursor
            talk.say({"unit_name": "某某乡", "unit_type": "1", "target": "1", "sign_date": "2019年12月28日",
                      "has_leading_group": "否", "has_office": "否"}[slot_kind])
    return talk


def start_campaign(talk: Conversation, theme: str, measures: str) -> None:
    """Answer 「是」 (new item), the theme, skip focus/period/partners/mechanism, give the measures."""
    talk.say("是")
    talk.say(theme)
    for _ in range(4):
        talk.say("跳过")
    talk.say(measures)
    talk.say("完成")


def test_campaign_follow_ups_depend_on_its_theme(questionnaire):
    talk = reach_campaigns(questionnaire)
    talk.say("是")
    assert talk.cursor == "campaigns#0.theme"
    assert "【专项整治 第1项】" in talk.last.text
    talk.say("上一步")  # back to 「今年开展了专项整治吗？」: the empty item stays
    assert talk.cursor == "campaigns"
    start_campaign(talk, "社区消防", "更换灭火器；开展演练")
    assert talk.cursor == "campaigns#0.extinguishers"
    talk.say("170多具")
    assert talk.cursor == "campaigns#0.drill_people"
    talk.say("300多人")
    assert talk.cursor == "campaigns#0.funds"
    talk.say("跳过")
    talk.say("跳过")
    assert talk.cursor == "campaigns#more"
    start_campaign(talk, "禁烟", "张贴禁烟标识")
    assert talk.cursor == "campaigns#1.people_persuaded"
    talk.say("跳过")
    assert talk.cursor == "campaigns#1.no_smoking_signs"
    group = talk.state.answers["campaigns"]
    assert isinstance(group, GroupAnswer) and len(group.items) == 2
    assert group.items[0]["extinguishers"] == NumberAnswer(value=Decimal(170), suffix="多", unit="具", raw="170多具")
    assert group.items[1]["theme"] == ChoiceAnswer(choice="禁烟")


def test_editing_a_campaign_theme_asks_its_new_follow_ups_then_returns(questionnaire):
    talk = reach_campaigns(questionnaire)
    start_campaign(talk, "禁烟", "张贴禁烟标识")
    talk.say("跳过")  # people_persuaded
    where = talk.cursor
    assert where == "campaigns#0.no_smoking_signs"
    review = talk.say("查看")[0].text
    number = next(line.split(".")[0].strip() for line in review.splitlines() if "整治主题：禁烟" in line)
    assert "专项整治 第1项：" in review
    talk.say(f"修改 {number}")
    assert talk.cursor == "campaigns#0.theme"
    talk.press("c8")  # 小街巷
    assert talk.cursor == "campaigns#0.streets_done"  # a follow-up the new theme brings
    talk.say("3条")
    assert talk.cursor == "campaigns#0.funds"  # no_smoking_signs no longer applies
    assert talk.state.answers["campaigns"].items[0]["measures"] == ListAnswer(items=["张贴禁烟标识"])  # type: ignore[union-attr]


def test_optional_group_declined_by_skip_and_not_asked_again(questionnaire):
    talk = reach_campaigns(questionnaire)
    talk.say("跳过")
    assert "campaigns" in talk.state.skipped
    assert talk.cursor == "features"


def test_list_items_wait_for_done_and_say_how_many(questionnaire):
    talk = talk_through(questionnaire, BASIC + ["是", "书记"])
    [reply] = talk.say("1. 分管副乡长 2. 党委副书记")
    assert "已记下 2 条" in reply.text
    assert "done" in {b.action for row in reply.buttons for b in row}
    assert "group_deputies" not in talk.state.answers
    talk.say("宣传委员")
    talk.say("完成")
    assert talk.state.answers["group_deputies"] == ListAnswer(items=["分管副乡长", "党委副书记", "宣传委员"])
    assert talk.cursor == "group_members"


def test_pending_list_items_survive_pause_and_back(questionnaire):
    talk = talk_through(questionnaire, BASIC + ["是", "书记", "分管副乡长"])
    [paused] = talk.say("暂停")
    assert paused.kind == "paused"
    assert talk.state.pending == ["分管副乡长"]
    state, _ = start(questionnaire, InterviewState.model_validate_json(talk.state.model_dump_json()), NOW)
    assert state.pending == ["分管副乡长"]
    talk.say("上一步")
    assert talk.state.answers["group_deputies"] == ListAnswer(items=["分管副乡长"])


def test_multi_choice_toggles_with_ticks_and_takes_typed_other_items(questionnaire):
    talk = Conversation(questionnaire)
    talk.state = talk.state.model_copy(update={"cursor": "common_problems"})
    talk.say("继续")
    talk.press("t1")
    talk.press("t3")
    talk.press("t1")
    labels = [b.label for row in talk.last.buttons for b in row]
    assert "✅长效机制不健全" in labels and "经费不足" in labels
    talk.say("村级活动场所不足")
    talk.press("done")
    assert talk.state.answers["common_problems"] == MultiAnswer(items=["长效机制不健全", "村级活动场所不足"], others=["村级活动场所不足"])


def test_stale_button_changes_nothing(questionnaire):
    talk = talk_through(questionnaire, ["某某乡"])
    old_turn = talk.state.turn
    talk.say("乡")
    before = talk.state
    [reply] = talk.press("c1", turn=old_turn)
    assert reply.kind == "stale" and reply.text == STALE_TEXT
    assert talk.state == before


def test_every_change_counts_a_turn_and_replies_carry_it(questionnaire):
    talk = Conversation(questionnaire)
    first = talk.state.turn
    talk.say("某某乡")
    assert talk.state.turn == first + 1
    assert {r.turn for r in talk.replies} == {talk.state.turn}
    talk.say("查看")
    assert talk.state.turn == first + 1  # looking changes nothing


def test_draft_can_be_requested_any_time_and_lists_missing_required(questionnaire):
    talk = talk_through(questionnaire, ["某某乡"])
    before = talk.state
    [reply] = talk.say("生成")
    assert reply.kind == "draft_requested"
    assert "单位类型" in reply.text
    assert talk.state == before
    assert "单位类型" in missing_required(questionnaire, talk.state)


def test_finishing_every_question_sends_finished_once(questionnaire):
    talk = reach_campaigns(questionnaire)
    kinds: list[str] = []
    while talk.cursor is not None:
        replies = talk.say("跳过")
        if replies[-1].kind == "error":
            replies = talk.say({"common_problems": "1", "plans": "继续抓好宣传"}[talk.cursor])
            if talk.cursor is not None and talk.state.pending:
                replies = talk.say("完成")
        kinds += [r.kind for r in replies]
    assert kinds.count("finished") == 1
    assert is_complete(questionnaire, talk.state)
    settled, total = progress(questionnaire, talk.state)
    assert settled == total
    [after] = talk.say("随便说点什么")
    assert after.kind == "info"


def test_help_lists_the_words(questionnaire):
    [reply] = Conversation(questionnaire).say("帮助")
    for word in ("跳过", "上一步", "暂停", "查看", "修改", "完成", "生成"):
        assert word in reply.text


def test_state_round_trips_through_json_mid_interview(questionnaire):
    talk = reach_campaigns(questionnaire)
    talk.say("是")
    talk.say("环境卫生")
    restored = InterviewState.model_validate_json(talk.state.model_dump_json())
    assert restored == talk.state
    state, replies = step(questionnaire, restored, Input.typed("治理乱扔垃圾"), datetime(2026, 1, 1))
    assert state.answers["campaigns"].items[0]["focus"] == TextAnswer(text="治理乱扔垃圾")  # type: ignore[union-attr]


def test_resume_says_welcome_back_and_shows_the_same_question(questionnaire):
    talk = talk_through(questionnaire, ["某某乡", "乡"])
    state, replies = start(questionnaire, talk.state, NOW)
    assert replies[0].text.startswith("欢迎回来")
    assert replies[-1].kind == "question" and state.cursor == "parent_area"


def test_yes_no_questions_take_buttons_and_words(questionnaire):
    talk = talk_through(questionnaire, BASIC)
    assert talk.cursor == "has_leading_group"
    [reply] = talk.say("也许吧")
    assert reply.kind == "error"
    talk.press("no")
    assert talk.state.answers["has_leading_group"] == YesNoAnswer(value=False)
    talk.say("有")
    assert talk.state.answers["has_office"] == YesNoAnswer(value=True)
    [reply] = talk.press("c1")
    assert reply.kind == "error"
