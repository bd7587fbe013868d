"""Each genre drafted in its own frame and plan (templates/genres.yaml, layouts.yaml):
the 表态发言 a speech, the 整改报告 a report per problem, the 专项行动小结 named after its
action, a half-year summary looking to 下半年, every title keeping the clerk's target.
Drafted from the interviews of tests/interviews and tests/scripts, as clerks typed them."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import docx
import pytest

from dialogs.answers import ChoiceAnswer, MultiAnswer, PeriodAnswer, TextAnswer
from dialogs.questionnaire import load_questionnaire
from dialogs.state import InterviewState
from drafting.chat.text_writer import to_plain_text
from drafting.document import Document, Heading, Paragraph
from drafting.page.docx_writer import write_docx
from drafting.prose.layouts import LAYOUTS
from drafting.prose.render import render_document
from drafting.prose.samples import load_sample_state
from drafting.prose.thin import thin_advice
from drafting.prose.wording import wording_for
from tests.support.interview_replay import INTERVIEWS_DIR, SCRIPTS_DIR, read_script, replay
from tests.support.quality import block_text, find_glitches

QUESTIONNAIRE = load_questionnaire()
WORDING = wording_for(QUESTIONNAIRE)

PLEDGE = INTERVIEWS_DIR / "pledge_qingshi.txt"
RECTIFICATION = INTERVIEWS_DIR / "rectify_liushu.txt"
ACTION = SCRIPTS_DIR / "devset_14.txt"
HALF_YEAR = INTERVIEWS_DIR / "halfyear.txt"

# One interview per genre the questionnaire offers.
BY_GENRE = {
    "工作总结": SCRIPTS_DIR / "devset_04.txt",
    "工作汇报（进展情况）": SCRIPTS_DIR / "devset_02.txt",
    "自查报告": SCRIPTS_DIR / "devset_01.txt",
    "阶段小结": SCRIPTS_DIR / "devset_13.txt",
    "周报": SCRIPTS_DIR / "devset_06.txt",
    "专项行动小结": ACTION,
    "整改报告": RECTIFICATION,
    "表态发言": PLEDGE,
}


def drafted(path: Path, layout: str = "annual") -> Document:
    result = replay(QUESTIONNAIRE, read_script(path))
    assert result.refused == [] and result.finished, result.refused
    return render_document(QUESTIONNAIRE, result.state, layout)


def texts(document: Document) -> list[str]:
    return [block_text(block) for block in document.blocks]


def headings(document: Document) -> list[str]:
    return [block.full_text for block in document.blocks if isinstance(block, Heading) and block.level == 1]


def test_every_genre_has_an_interview_and_each_is_drafted_in_its_genre() -> None:
    assert set(BY_GENRE) == set(QUESTIONNAIRE.question("genre").choices)
    for genre, path in BY_GENRE.items():
        state = replay(QUESTIONNAIRE, read_script(path)).state
        assert state.answers["genre"].choice == genre, path.name  # type: ignore[union-attr]


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("genre", list(BY_GENRE))
def test_every_genre_is_drafted_cleanly_in_every_layout(genre: str, layout: str) -> None:
    document = drafted(BY_GENRE[genre], layout)
    assert find_glitches(document) == []
    assert "基本信息" not in headings(document) or genre in ("工作总结", "工作汇报（进展情况）", "阶段小结", "周报", "自查报告", "专项行动小结")


# --- 表态发言 ------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_pledge_is_a_speech_without_signature_or_date(layout: str) -> None:
    document = drafted(PLEDGE, layout)
    assert document.title == "在全县创建文明城市工作推进会上的表态发言"
    assert document.byline == "青石镇党委书记王明"
    assert (document.signature_unit, document.signature_date) == ("", "")
    [salutation, opening, *_] = document.blocks
    assert isinstance(salutation, Paragraph) and salutation.flush_left and salutation.text == "尊敬的各位领导、同志们："
    assert block_text(opening).startswith("青石镇在全县第三季度创建工作测评中排名末位")
    assert texts(document)[-1] == "青石镇将确保在年底测评中退出后三位。以上表态，请各位领导、同志们监督。"


def test_a_pledge_looks_at_problems_and_causes_then_says_what_the_unit_will_do() -> None:
    document = drafted(PLEDGE)
    lines = texts(document)
    assert "一是集镇主街占道经营反复出现；二是背街小巷卫生死角多。" in "".join(lines)
    problems = next(i for i, line in enumerate(lines) if "背街小巷卫生死角多" in line)
    causes = next(i for i, line in enumerate(lines) if "日常管理没有形成长效机制" in line)
    pledges = next(i for i, line in enumerate(lines) if "10月底前清理完背街小巷卫生死角" in line)
    assert problems < causes < pledges
    assert "将" in lines[pledges].split("：")[0]  # the measures are what the unit will do
    assert "基本信息" not in "".join(headings(document))


UNITS = ("青石镇", "白沙镇", "红旗镇", "东风镇", "三河镇", "柳林镇", "高桥镇", "新华镇", "龙泉镇", "石门镇")


def test_a_unit_ranked_last_is_not_told_it_pushed_the_work_forward() -> None:
    """Whichever wording its name draws (drafting.prose.variants), the speech of a unit
    ranked last claims no effort and no result."""
    state = replay(QUESTIONNAIRE, read_script(PLEDGE)).state
    for unit in UNITS:
        renamed = state.model_copy(update={"answers": {**state.answers, "unit_name": TextAnswer(text=unit)}})
        for layout in LAYOUTS:
            text = to_plain_text(render_document(QUESTIONNAIRE, renamed, layout))
            assert "排名末位" in text and "全力推进" not in text and "成效" not in text, (unit, layout)


def test_the_speaker_stands_under_the_title_in_the_docx_and_the_salutation_flush_left() -> None:
    opened = docx.Document(BytesIO(write_docx(drafted(PLEDGE))))
    paragraphs = [p for p in opened.paragraphs if p.text]
    assert paragraphs[1].text == "青石镇党委书记王明" and paragraphs[1].alignment == 1  # centred
    salutation = paragraphs[2]
    assert salutation.text == "尊敬的各位领导、同志们：" and salutation.paragraph_format.first_line_indent in (0, None)
    assert salutation._p.pPr.ind.get(docx.oxml.ns.qn("w:firstLineChars")) == "0"
    assert paragraphs[-1].text.endswith("请各位领导、同志们监督。")  # no signature or date under a speech


# --- 整改报告 ------------------------------------------------------------------------------


def test_a_rectification_report_is_titled_after_the_inspection() -> None:
    document = drafted(RECTIFICATION)
    assert document.title == "柳树街道关于市创建办第三季度实地测评反馈问题整改情况的报告"


@pytest.mark.parametrize("layout", ["annual", "progress"])
def test_a_rectification_report_has_its_own_plan_with_the_trigger_first(layout: str) -> None:
    document = drafted(RECTIFICATION, layout)
    assert headings(document) == ["一、基本情况", "二、问题整改情况", "三、下一步工作打算"]
    lines = texts(document)
    basics = lines.index("一、基本情况")
    assert lines[basics + 1] == "10月12日至14日，市创建办对我街道开展第三季度实地测评，反馈问题3个。"
    assert "逐条明确整改责任" in "".join(lines[basics + 2 : lines.index("二、问题整改情况")])


def test_each_problem_says_its_cause_measure_owner_deadline_status_and_result() -> None:
    lines = texts(drafted(RECTIFICATION))
    first, second = lines[lines.index("二、问题整改情况") + 1 : lines.index("二、问题整改情况") + 3]
    for said in ("背街小巷存在卫生死角", "保洁责任没有落实到人", "新增2台清运车辆", "街道城管科", "10月31日前", "已整改到位", "清理卫生死角37处"):
        assert said in first, said
    for said in ("农贸市场周边占道经营反弹", "执法力量不足", "街道综合执法队", "长期坚持"):
        assert said in second, said
    assert first.index("保洁责任") < first.index("新增2台清运车辆") < first.index("街道城管科") < first.index("10月31日前") < first.index("已整改到位")


# --- 专项行动小结, 阶段小结, 半年总结 ---------------------------------------------------------


def test_a_special_action_is_titled_by_its_name_not_a_date() -> None:
    document = drafted(ACTION)
    assert document.title == "新建社区集中宣传与整治专项行动工作小结"
    assert texts(document)[0].startswith("近日，新建社区开展集中宣传与整治专项行动，社区工作人员和志愿者参加。")


def test_a_stage_is_named_with_its_year_in_title_and_opening() -> None:
    document = drafted(SCRIPTS_DIR / "devset_13.txt")
    assert document.title.startswith("某某社区2026年迎检冲刺阶段")
    assert texts(document)[0].startswith("2026年迎检冲刺阶段，某某社区")


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_half_year_draft_plans_the_second_half_not_next_year(layout: str) -> None:
    document = drafted(HALF_YEAR, layout)
    text = to_plain_text(document)
    assert "下半年工作打算" in text and "全年" not in text and "明年" not in text


def test_the_thin_draft_advice_of_a_half_year_asks_for_the_second_half() -> None:
    state = InterviewState(answers={"unit_name": TextAnswer(text="河口乡"), "unit_type": ChoiceAnswer(choice="乡"), "period": PeriodAnswer(year=2026, span="上半年")})
    advice = "\n".join(thin_advice(render_document(QUESTIONNAIRE, state, "annual"), WORDING))
    assert "下半年的重点工作" in advice and "明年" not in advice
    whole_year = InterviewState(answers={**state.answers, "period": PeriodAnswer(year=2026, span="全年")})
    assert "明年的重点工作" in "\n".join(thin_advice(render_document(QUESTIONNAIRE, whole_year, "annual"), WORDING))


# --- §3: the frame says only what is true of this unit -------------------------------------


@pytest.mark.parametrize(
    ("targets", "said"),
    [
        (MultiAnswer(items=["省级文明城市"]), "创建省级文明城市"),
        (MultiAnswer(items=["争创全国文明城区"], others=["争创全国文明城区"]), "争创全国文明城区"),
        (MultiAnswer(items=["巩固全国文明城市创建成果"]), "巩固全国文明城市创建成果"),
        (MultiAnswer(items=["文明县城"], others=["文明县城"]), "创建文明县城"),
    ],
)
def test_the_title_keeps_the_clerks_target(targets: MultiAnswer, said: str) -> None:
    state = InterviewState(answers={"unit_name": TextAnswer(text="青山镇"), "period": PeriodAnswer(year=2026, span="全年"), "targets": targets})
    assert render_document(QUESTIONNAIRE, state, "annual").title == f"青山镇2026年{said}工作总结"


def test_the_superior_leadership_frame_opens_the_draft() -> None:
    document = drafted(RECTIFICATION)
    opening = texts(document)[1]
    assert opening.startswith("2026年，在区委、区政府的坚强领导下，柳树街道")
    assert "上级领导" not in to_plain_text(document)  # not left over under 基本信息


def basic_draft(**answers: object) -> Document:
    state = InterviewState(answers={"unit_name": TextAnswer(text="青山镇"), "unit_type": ChoiceAnswer(choice="镇"), "period": PeriodAnswer(year=2026, span="全年"), **answers})
    return render_document(QUESTIONNAIRE, state, "annual")


def test_the_guiding_thought_is_spliced_grammatically() -> None:
    opening = texts(basic_draft(guiding_thought=TextAnswer(text="“三个代表”重要思想，全面落实科学发展观")))[0]
    assert "坚持以“三个代表”重要思想为指导，全面落实科学发展观" in opening
    assert "科学发展观为指导" not in opening


def test_a_verdict_of_methods_is_not_called_a_trend() -> None:
    opening = texts(basic_draft(verdict=TextAnswer(text="领导重视、措施有力、各村联动、成效明显")))[0]
    assert "领导重视、措施有力、各村联动、成效明显" in opening and "态势" not in opening


@pytest.mark.parametrize("unit", UNITS)
def test_the_opening_claims_nothing_the_clerk_did_not_say(unit: str) -> None:
    """The opening of any unit says its period, target and answers, and no commitment of
    its own (「将创建工作作为……重点任务来抓」「全力推进……」)."""
    state = InterviewState(answers={"unit_name": TextAnswer(text=unit), "unit_type": ChoiceAnswer(choice="镇"), "period": PeriodAnswer(year=2026, span="全年"), "targets": MultiAnswer(items=["省级文明城市"])})
    opening = texts(render_document(QUESTIONNAIRE, state, "annual"))[0]
    assert opening == f"2026年，{unit}紧紧围绕创建省级文明城市目标开展创建工作。现将全年工作总结如下："


# --- §4: the page ------------------------------------------------------------------------


def test_the_addressee_stands_flush_left() -> None:
    document = drafted(SCRIPTS_DIR / "devset_01.txt")
    addressee = document.blocks[0]
    assert isinstance(addressee, Paragraph) and addressee.flush_left and addressee.text.endswith("：")
    assert addressee.text in to_plain_text(document).split("\n")  # a line of its own, no indent in the chat either
    opened = docx.Document(BytesIO(write_docx(document)))
    line = next(p for p in opened.paragraphs if p.text == addressee.text)
    assert line._p.pPr.ind.get(docx.oxml.ns.qn("w:firstLineChars")) == "0"
