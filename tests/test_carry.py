"""Issue 24 in the engine: a draft that starts from an earlier one checks it first (dialogs.carry, dialogs.checking).

Year one is reference 【一】's interview (tests/support/interview_replay); year two starts from it.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from dialogs.answers import DateAnswer, FiguresAnswer, GroupAnswer, ListAnswer, PeriodAnswer, TextAnswer
from dialogs.carry import a_year_on, begin_from_draft, begin_from_report, report_of_draft
from dialogs.checking import A_YEAR_ON
from dialogs.checklist import next_open
from dialogs.earlier import EarlierFact, EarlierOrigin, EarlierReport, EarlierSection
from dialogs.engine import start, step
from dialogs.questionnaire import load_questionnaire
from dialogs.replies import Input, Reply
from dialogs.state import InterviewState
from tests.support.interview_replay import SAMPLES_DIR, SCRIPTS_DIR, read_script, replay

Q = load_questionnaire()
NOW = datetime(2020, 12, 1, 9, 0)
ORIGIN = EarlierOrigin(kind="draft", draft_id="abc123", year=2019, unit_name="某某乡")


@pytest.fixture(scope="module")
def year_one() -> InterviewState:
    result = replay(Q, read_script(SAMPLES_DIR / "reference1.txt"))
    assert result.finished
    return result.state


def _begin(year_one: InterviewState) -> tuple[InterviewState, list[Reply]]:
    return start(Q, begin_from_draft(Q, year_one, ORIGIN), NOW)


def _press(state: InterviewState, action: str) -> tuple[InterviewState, list[Reply]]:
    return step(Q, state, Input.pressed(action, state.turn), NOW)


def _say(state: InterviewState, text: str) -> tuple[InterviewState, list[Reply]]:
    return step(Q, state, Input.typed(text), NOW)


def _through_sections(state: InterviewState, decisions: dict[str, str]) -> tuple[InterviewState, list[Reply]]:
    """Answer every section check: the section's decision from ``decisions``, else 没变."""
    replies: list[Reply] = []
    while state.cursor is not None and state.cursor.startswith("核对:") and "." not in state.cursor:
        section = state.cursor.removeprefix("核对:")
        state, replies = _press(state, decisions.get(section, "keep"))
    return state, replies


def _not_mentioned_or_asked_anew(state: InterviewState) -> str:
    """The press past one of last year's plans (不再提) or the period and date a year on (改一下)."""
    return "change" if state.cursor == A_YEAR_ON else "o3"


def test_nothing_is_copied_before_the_clerk_has_seen_it(year_one: InterviewState) -> None:
    state, replies = _begin(year_one)
    assert state.answers == {} and state.carry is not None
    [question] = [r for r in replies if r.kind == "question"]
    assert "【基本信息】2019年写过这些" in question.text and "单位名称：某某乡" in question.text
    assert [b.label for row in question.buttons for b in row] == ["没变", "改一下"]  # 基本信息 cannot be 「今年没有」


def test_the_report_of_a_draft_holds_its_facts_figures_plans_and_problems(year_one: InterviewState) -> None:
    report = report_of_draft(Q, year_one, ORIGIN)
    organization = report.section("organization")
    assert organization is not None
    assert any(f.path == "leading_group#0.leader" and f.text == "乡党委政府主要领导" for f in organization.facts)
    assert any(f.text == "6次" and f.what.endswith("口头督查通报") for f in organization.figures)
    assert not any("口头督查通报6次" in f.text for f in organization.facts)  # a count is a figure, not a fact
    assert len(report.plans) == 4 and report.problems[0] == "长效机制不健全"
    assert report.section("basic") is not None and not any(f.path == "period" for f in report.section("basic").facts)


def test_keeping_a_section_carries_its_facts_but_never_its_figures(year_one: InterviewState) -> None:
    state, _ = _begin(year_one)
    state, _ = _through_sections(state, {})
    assert state.answers["unit_name"] == TextAnswer(text="某某乡")
    assert state.sources["unit_name"] == "carried" and state.sources["leading_group#0.leader"] == "carried"
    _, [review] = _say(state, "查看")
    assert "单位名称：某某乡（沿用去年）" in review.text
    inspections = state.answers["inspections"]
    assert isinstance(inspections, GroupAnswer) and "details" not in inspections.items[0]
    assert "period" not in state.answers and "verdict" not in state.answers  # the year's own facts
    # Once the plans are answered, this year's counts are asked with last year's beside.
    while state.cursor is not None and state.cursor.startswith("核对:"):
        state, replies = _press(state, _not_mentioned_or_asked_anew(state))
    shown = []
    for _ in range(40):
        slot = next_open(Q, state)
        if slot is None:
            break
        question = [r for r in replies if r.kind == "question"][-1]
        shown.append(question.text)
        state, replies = _say(state, "2020年" if slot.path == "period" else "2020年12月28日" if slot.path == "sign_date" else "跳过")
    [inspection] = [text for text in shown if "督查考核" in text]
    assert "去年：坚持天天有督查" in inspection and "口头督查通报6次" in inspection


def test_dropping_a_section_carries_nothing_of_it_and_asks_it_as_new(year_one: InterviewState) -> None:
    state, _ = _begin(year_one)
    state, _ = _through_sections(state, {"publicity": "drop"})
    assert state.carry is not None and state.carry.decisions["publicity"] == "drop"
    assert not {"publicity_work", "carriers", "lectures"} & set(state.answers)
    assert not any(path.startswith(("carriers", "lectures")) for path in state.sources)


def test_changing_a_section_shows_each_carried_answer_again_and_keeps_what_is_skipped(year_one: InterviewState) -> None:
    state, _ = _begin(year_one)
    state, _ = _through_sections(state, {"organization": "change"})
    assert "leading_group#0.leader" in state.recheck
    for _ in range(60):  # to the leader question, answering the checklist and questions before it
        if state.cursor is not None and state.cursor.startswith("核对:"):
            state, replies = _press(state, _not_mentioned_or_asked_anew(state))
        elif state.cursor == "leading_group#0.leader":
            break
        else:
            state, replies = _say(state, "2020年" if state.cursor == "period" else "跳过")
    question = [r for r in replies if r.kind == "question"][-1]
    assert "当前答案：乡党委政府主要领导" in question.text
    state, _ = _say(state, "乡党委书记")
    assert state.answers["leading_group"].items[0]["leader"] == TextAnswer(text="乡党委书记")
    assert "leading_group#0.leader" not in state.sources and "leading_group#0.leader" not in state.recheck
    # The next carried answer is shown again; 跳过 keeps it (still carried).
    assert state.cursor == "leading_group#0.details"
    state, _ = _say(state, "跳过")
    assert state.answers["leading_group"].items[0]["details"].display().startswith("分管领导任副组长")
    assert state.sources["leading_group#0.details"] == "carried"


def test_last_years_plans_are_asked_once_each_and_land_where_the_clerk_said(year_one: InterviewState) -> None:
    state, replies = _through_sections(state := _begin(year_one)[0], {})
    plans = state.carry.report.plans
    assert "今年落实得怎样" in replies[-1].text and plans[0] in replies[-1].text
    assert [[b.label for b in row] for row in replies[-1].buttons] == [["完成", "部分完成"], ["未完成·转入今年打算", "未完成·转入存在问题"], ["不再提"]]
    # 完成: what was done, typed where the outcome is asked, is the whole answer.
    state, replies = _say(state, "已完成12条背街小巷改造")
    assert replies[0].kind == "info" and "完成12条背街小巷改造" in replies[0].text
    assert plans[1] in replies[-1].text and "今年落实得怎样" in replies[-1].text  # the next plan, at once
    # 部分完成: what was done, the question saying where the rest goes (a plan's: this year's 打算).
    state, replies = _press(state, "o1")
    assert "没做完的部分会写进今年的下一步打算" in replies[-1].text
    assert [b.label for b in replies[-1].buttons[0]] == ["余下写进存在问题", "余下不写"]
    state, replies = _say(state, "整改问题30余个")
    assert plans[2] in replies[-1].text and "今年落实得怎样" in replies[-1].text
    # 未完成 and where it goes: one press.
    state, replies = _press(state, "undone0")  # 未完成·转入存在问题
    assert plans[3] in replies[-1].text
    while state.cursor is not None and state.cursor.startswith("核对:"):
        state, replies = _press(state, _not_mentioned_or_asked_anew(state))  # the rest: 不再提
    assert any("核对完了" in r.text for r in replies)
    done = state.answers["earlier_plans"]
    assert isinstance(done, GroupAnswer)
    assert done.items[0] == {"plan": TextAnswer(text=plans[0]), "done": TextAnswer(text="完成12条背街小巷改造")}
    assert done.items[1] == {"plan": TextAnswer(text=plans[1]), "partly": TextAnswer(text="整改问题30余个")}
    assert state.answers["plans"] == ListAnswer(items=[plans[1]]) and state.answers["problems"] == ListAnswer(items=[plans[2]])
    assert {"plans", "problems"} <= set(state.recheck)  # shown again this year, to add to


def test_partly_done_rest_goes_where_the_clerk_pressed_before_the_words(year_one: InterviewState) -> None:
    state, _ = _through_sections(_begin(year_one)[0], {})
    problem = len(state.carry.report.plans)  # the first of last year's problems
    for _ in range(problem):
        state, _ = _press(state, "o3")
    state, replies = _press(state, "o1")
    assert "没做完的部分会写进今年的存在问题" in replies[-1].text  # a problem's rest stays a problem
    state, replies = _press(state, "into2")  # 余下不写
    assert state.carry.checklist[problem].words is None and "没做完的部分不写进今年的总结" in replies[-1].text
    state, replies = _say(state, "建立了长效机制")
    item = state.carry.checklist[problem]
    assert (item.outcome, item.words, item.into, item.settled) == ("部分完成", "建立了长效机制", "none", True)


def test_an_outcome_typed_in_words_is_never_taken_for_done(year_one: InterviewState) -> None:
    state, _ = _through_sections(_begin(year_one)[0], {})
    for text in ("还没完成", "部分完成了一些", "尚未落实"):
        after, replies = _say(state, text)
        assert replies[0].kind == "error" and "部分完成" in replies[0].text and replies[-1].kind == "question"
        assert after.carry.checklist[0].outcome is None and after.carry.checklist[0].words is None
    for label, outcome in (("部分完成", "部分完成"), ("完成了", "完成")):  # the label itself is the button's answer
        after, _ = _say(state, label)
        assert after.carry.checklist[0].outcome == outcome and after.carry.checklist[0].words is None
    # A press redelivered (its turn gone) changes nothing.
    pressed, _ = _press(state, "undone1")
    again, replies = step(Q, pressed, Input.pressed("undone1", state.turn), NOW)
    assert replies[0].kind == "stale" and again == pressed
    assert pressed.carry.checklist[0].outcome == "未完成" and pressed.carry.checklist[0].into == "plans"
    assert pressed.carry.checklist[1].outcome is None


def test_sections_that_said_nothing_are_checked_together_in_one_message() -> None:
    earlier = replay(Q, read_script(SCRIPTS_DIR / "devset_02.txt"))
    assert earlier.finished
    state, replies = start(Q, begin_from_draft(Q, earlier.state, ORIGIN), NOW)
    state, replies = _press(state, "keep")  # 基本信息
    titles = []
    while "没变" in [b.label for row in replies[-1].buttons for b in row]:
        titles.append(replies[-1].text.split("】")[0].lstrip("【"))
        state, replies = _press(state, "keep")
    assert titles == ["组织领导", "宣传发动", "文明实践"]  # each section that carries facts, alone
    question = replies[-1]
    assert question.text.startswith("【专项整治】【基础设施建设】【保障与成效】2019年写的都是「没有」")
    assert [b.label for row in question.buttons for b in row] == ["今年也没有", "今年有，逐项问我"]
    kept, replies = _say(state, "都没有")
    assert {kept.carry.decisions[s] for s in ("campaigns", "construction", "support")} == {"keep"}
    assert kept.answers["campaign_themes"].items == [] and kept.cursor == A_YEAR_ON  # next: the period and date a year on
    dropped, _ = _press(state, "drop")  # 今年有: asked as for a new draft
    assert {dropped.carry.decisions[s] for s in ("campaigns", "construction", "support")} == {"drop"}
    assert "campaign_themes" not in dropped.answers and next_open(Q, dropped).path != "campaign_themes"
    refused, replies = _say(state, "没变化吧")
    assert replies[0].kind == "error" and refused.carry.decisions == state.carry.decisions
    # A state whose screen still shows one of them alone (drawn before they were asked
    # together): its press decides nothing the clerk did not see; the message now open is shown.
    drawn_before = state.model_copy(update={"cursor": "核对:construction"})
    after, replies = _press(drawn_before, "keep")
    assert after.carry.decisions == state.carry.decisions and replies[-1].text == question.text


def test_bad_input_during_the_check_is_refused_in_chinese_and_changes_nothing(year_one: InterviewState) -> None:
    state, _ = _begin(year_one)
    for text in ("随便说说", "上一步", "修改 3"):
        after, replies = _say(state, text)
        assert replies[0].kind == "error" and replies[-1].kind == "question"
        assert after.answers == state.answers and after.carry is not None and after.carry.decisions == state.carry.decisions
    after, replies = _press(state, "o1")  # an outcome button where a section is asked
    assert replies[0].kind == "error" and after.carry.decisions == {}
    state, _ = _through_sections(state, {})
    after, replies = _press(state, "o0")
    after, replies = _say(after, "")
    assert replies[0].kind == "error" and after.carry.checklist[0].words is None


def test_an_imported_report_offers_its_facts_under_the_sections_catch_all(year_one: InterviewState) -> None:
    report = EarlierReport(
        origin=EarlierOrigin(kind="imported", file_name="青山镇2025年总结.docx", year=2025),
        sections=[
            EarlierSection(section_id="organization", heading="一、加强组织领导", facts=[EarlierFact(text="成立创文工作领导小组"), EarlierFact(text="实行领导包联制度")]),
            EarlierSection(section_id="publicity", heading="（二）强化宣传", facts=[EarlierFact(text="悬挂横幅50余条")]),
        ],
        plans=["持续开展环境卫生整治"],
    )
    state, replies = start(Q, begin_from_report(Q, report), NOW)
    assert state.answers == {} and "导入文件" in replies[-1].text
    state, _ = _through_sections(state, {})
    custom = state.answers["organization_custom"].items[0]
    assert custom["name"] == TextAnswer(text="加强组织领导")
    assert isinstance(custom["details"], FiguresAnswer) and custom["details"].raw == "成立创文工作领导小组；实行领导包联制度"
    assert state.sources["organization_custom#0.details"] == "imported"
    # A fact holding figures is not carried: asked this year, with it beside.
    assert "details" not in state.answers["publicity_custom"].items[0]
    assert state.carry.last_year["publicity_custom#0.details"] == "悬挂横幅50余条"


def test_a_reference_summary_read_from_a_docx_is_checked_and_asked_as_its_items() -> None:
    """PART A's reader (importing/) into this part's 核对: reference 【一】 saved as .docx."""
    from drafting.prose.wording import wording_for
    from importing.docx_reader import read_report
    from importing.safety import check_upload
    from importing.sections import section_vocabulary
    from tests.support.docx_files import docx_of_text
    from tests.support.prose_metrics import REFERENCE_FILE, reference_texts
    from tests.support.tools import require

    texts = reference_texts()
    require(texts is not None, f"the reference summaries ({REFERENCE_FILE})")
    assert texts is not None
    report = read_report(check_upload(docx_of_text("总结", texts["一"]), "参考一.docx"), section_vocabulary(Q, wording_for(Q)))
    state, replies = start(Q, begin_from_report(Q, report), NOW)
    assert state.answers == {} and "【组织领导】导入文件写过这些" in replies[-1].text
    state, replies = _through_sections(state, {})
    themes = [item["name"].text for item in state.answers["campaigns"].items]
    assert themes == ['以"治理乱扔垃圾"为主的环境卫生整治', '以"治理行人乱穿马路"为主的交通秩序整治', '以"改善出行环境"为主的客运秩序整治', '以"校园安全"为主的校园周边环境整治']
    # Figures stay last year's: 劝导……车辆45多辆 is shown beside this year's question, not carried.
    assert "details" not in state.answers["campaigns"].items[0] and "45多辆" in state.carry.last_year["campaigns#0.details"]
    assert all(kind == "imported" for kind in state.sources.values())
    assert "今年落实得怎样" in replies[-1].text and len(state.carry.checklist) == len(report.plans) + len(report.problems)


def _through_checklist(state: InterviewState) -> tuple[InterviewState, list[Reply]]:
    replies: list[Reply] = []
    while state.cursor is not None and state.cursor.startswith("核对:") and state.cursor.endswith(".outcome"):
        state, replies = _press(state, "o3")
    return state, replies


def test_the_period_and_sign_date_a_year_on_are_offered_together_for_one_press(year_one: InterviewState) -> None:
    state, _ = _through_checklist(_through_sections(_begin(year_one)[0], {})[0])
    assert state.cursor == A_YEAR_ON
    _, [offer] = step(Q, state, Input.typed("继续"), NOW)
    assert "时间段：2020年全年" in offer.text and "落款日期：2020年12月28日" in offer.text  # 2019年全年, 12月28日 a year on
    assert "总体评价：领导重视、工作扎实、乡村联动、效果良好（同2019年）" in offer.text
    assert [b.label for row in offer.buttons for b in row] == ["对", "改一下"]
    assert "period" not in state.answers  # offered, not taken
    taken, replies = _press(state, "keep")
    assert taken.answers["period"] == PeriodAnswer(year=2020, span="全年") and taken.answers["sign_date"] == DateAnswer(year=2020, month=12, day=28)
    assert taken.answers["verdict"] == TextAnswer(text="领导重视、工作扎实、乡村联动、效果良好")
    assert "period" not in taken.sources and "核对完了" in "".join(r.text for r in replies)
    assert next_open(Q, taken).path not in ("period", "verdict")  # not asked again
    asked, replies = _press(state, "change")
    assert not {"period", "sign_date", "verdict"} & set(asked.answers) and next_open(Q, asked).path == "period"
    # A 总体评价 left out last year is offered as left out, and 对 leaves it out.
    without = state.model_copy(update={"carry": state.carry.model_copy(update={"a_year_on": {**state.carry.a_year_on, "verdict": None}})})
    _, [offer] = step(Q, without, Input.typed("继续"), NOW)
    assert "总体评价：不写（2019年也没写）" in offer.text
    taken, _ = _press(without, "keep")
    assert "verdict" not in taken.answers and "verdict" in taken.skipped and next_open(Q, taken).path != "verdict"
    refused, replies = _say(state, "差不多")
    assert replies[0].kind == "error" and refused.carry.a_year_on == state.carry.a_year_on


def test_only_a_period_with_a_year_of_its_own_is_offered_a_year_on() -> None:
    signed = DateAnswer(year=2021, month=11, day=5)
    stage = PeriodAnswer(year=2021, span="阶段", words="今年以来")
    assert a_year_on(Q, {"period": stage, "sign_date": signed}, []) == {"period": stage.model_copy(update={"year": 2022}), "sign_date": DateAnswer(year=2022, month=11, day=5)}
    week = PeriodAnswer(year=2021, span="阶段", words="本周", dates="11月1日—5日")  # its dates were that week's
    assert a_year_on(Q, {"period": week, "sign_date": signed}, []) == {}
    assert a_year_on(Q, {"period": PeriodAnswer(year=2019, span="全年"), "sign_date": signed}, []) == {}  # 2022 would be questioned for 2020
    leap = a_year_on(Q, {"period": PeriodAnswer(year=2024, span="上半年"), "sign_date": DateAnswer(year=2024, month=2, day=29)}, [])
    assert leap["sign_date"] == DateAnswer(year=2025, month=2, day=28)
    # The 总体评价 as it was, or left out as it was; not offered where it was never asked.
    assert a_year_on(Q, {"period": stage, "sign_date": signed}, ["verdict"])["verdict"] is None


def test_a_section_with_a_count_takes_this_years_line_as_kept_in_one_message(year_one: InterviewState) -> None:
    state, _ = _begin(year_one)
    state, replies = _press(state, "keep")  # 基本信息
    organization = replies[-1]
    assert organization.text.startswith("【组织领导】") and "直接发今年督查考核1的做法和数字" in organization.text
    assert "口头督查通报6次" in organization.text  # last year's line beside
    refused, replies = _say(state, "差不多吧")  # neither a decision nor a line of figures
    assert replies[0].kind == "error" and refused.carry.decisions == state.carry.decisions and refused.answers == state.answers
    kept, replies = _say(state, "全年发出督查通报9次")
    assert kept.carry.decisions["organization"] == "keep" and kept.sources["leading_group#0.leader"] == "carried"
    details = kept.answers["inspections"].items[0]["details"]
    assert isinstance(details, FiguresAnswer) and details.raw == "全年发出督查通报9次" and "inspections#0.details" not in kept.sources
    assert replies[0].kind == "info" and "「组织领导」没变" in replies[0].text and "9次" in replies[0].text
    assert replies[-1].text.startswith("【宣传发动】")
    # Not asked again once the checks are through.
    kept, _ = _through_checklist(_through_sections(kept, {})[0])
    kept, _ = _press(kept, "change")
    assert next_open(Q, kept).path != "inspections#0.details"


@pytest.mark.parametrize(
    ("problem", "expected"),
    [
        ("部分居民文明意识不强，乱停车现象仍有发生", "针对去年部分居民文明意识不强，乱停车现象仍有发生的问题，今年已"),
        ("背街小巷环境卫生反弹较快", "针对去年背街小巷环境卫生反弹较快的问题，今年已"),
        ("宣传阵地缺乏", "针对去年宣传阵地缺乏的问题，今年已"),
    ],
)
def test_last_years_problem_is_said_as_the_problem_of_a_clause(year_one: InterviewState, problem: str, expected: str) -> None:
    """A problem typed as a clause reads 「针对去年……的问题」, never 「……仍有发生问题」."""
    from drafting.chat.text_writer import to_plain_text
    from drafting.prose.render import render_document

    state = year_one.model_copy(deep=True)
    state.answers["earlier_plans"] = GroupAnswer(items=[{"problem": TextAnswer(text=problem), "done": TextAnswer(text="完成整治")}])
    for layout in ("annual", "progress", "itemized"):
        text = to_plain_text(render_document(Q, state, layout))
        assert expected in text, layout
