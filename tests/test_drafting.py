"""Answers become a summary: every fact appears, nothing is invented, numbering holds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from dialogs.answers import (
    Answer,
    ChoiceAnswer,
    DateAnswer,
    FiguresAnswer,
    GroupAnswer,
    ListAnswer,
    MultiAnswer,
    PeriodAnswer,
    TextAnswer,
)
from dialogs.conditions import effective_answers, is_applicable
from dialogs.figures import parse_figures
from dialogs.questionnaire import (
    DEFAULT_QUESTIONNAIRE,
    Questionnaire,
    load_questionnaire,
)
from dialogs.state import InterviewState
from drafting.document import Document, Heading, Paragraph, Span
from drafting.prose.layouts import LAYOUTS, UnknownLayout
from drafting.prose.phrasing import cn_ordinal
from tests.support.quality import block_text, find_glitches, placeholder_count, placeholder_texts
from drafting.prose.render import render_document
from drafting.prose.samples import load_sample_state

QUESTIONNAIRE = load_questionnaire()
SAMPLES = ("reference1", "reference5")
# Said by the shape of the draft rather than printed: 我乡, the title, the chosen kinds.
# Every fact of each sample interview as the draft must print it, written out literally
# (not built with the drafting helpers under test); unit type, genre, period, targets
# and the chosen kinds shape the title, 我乡 and the items instead of being printed.
SAMPLE_FRAGMENTS = json.loads((Path(__file__).parent / "data" / "sample_fragments.json").read_text(encoding="utf-8"))


def full_text(document: Document) -> str:
    lines = [document.title, *(block_text(block) for block in document.blocks)]
    return "\n".join([*lines, document.signature_unit, document.signature_date])


def headings(document: Document, level: int | None = None) -> list[str]:
    return [b.full_text for b in document.blocks if isinstance(b, Heading) and (level is None or b.level == level)]


def texts(document: Document) -> list[str]:
    return [block_text(block) for block in document.blocks]


def with_answers(state: InterviewState, **answers: Answer) -> InterviewState:
    return state.model_copy(update={"answers": {**state.answers, **answers}})


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("sample", SAMPLES)
def test_every_fact_of_the_sample_appears_in_every_layout(sample: str, layout: str) -> None:
    state = load_sample_state(sample)
    text = full_text(render_document(QUESTIONNAIRE, state, layout))
    # A kind picked from a menu that offers alternatives (交通/客运秩序) is no fact of the
    # clerk's: which of them was done, only their details say (issue 23).
    labels = {choice.replace("/", "、") for _, question in QUESTIONNAIRE.questions() if question.kind == "multi" for choice in question.choices if "/" in choice}
    absent = [fragment for fragment in SAMPLE_FRAGMENTS[sample] if fragment not in text and fragment not in labels]
    assert absent == []


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("sample", SAMPLES)
def test_sample_drafts_are_complete_and_free_of_glitches(sample: str, layout: str) -> None:
    document = render_document(QUESTIONNAIRE, load_sample_state(sample), layout)
    assert find_glitches(document) == []
    assert document.missing == []
    assert placeholder_count(document) == 0


def test_figures_are_printed_exactly_as_the_clerk_wrote_them() -> None:
    text = full_text(render_document(QUESTIONNAIRE, load_sample_state("reference5"), "itemized"))
    for figure_text in ("近100面", "600多张", "约92块", "40多万元", "近60万元", "5万多张", "2800多起", "36支", "540人", "15万元", "罚款2.8万元"):
        assert figure_text in text


def test_annual_layout_has_the_shape_of_reference_one() -> None:
    document = render_document(QUESTIONNAIRE, load_sample_state("reference1"), "annual")
    assert document.title == "某某乡2019年某某县创建第四届某某省文明城市工作总结"  # the clerk's own target
    assert headings(document, 1) == ["一、主要工作", "二、存在问题", "三、下一步工作打算"]
    # No result is stated under the 领导小组: 「加强组织领导」, not 「组织保障有力」 (issue 23).
    assert headings(document, 2)[:3] == ["（一）健全机构，加强组织领导", "（二）强化宣传，营造浓厚氛围", "（三）突出重点，深化专项整治"]
    opening = texts(document)[0]
    assert opening.startswith("2019年，某某乡坚持以党的十八大及十八届五中全会精神为指导")  # the unit by its name (drafting.prose.variants) and opening.endswith("现将全年工作总结如下：")
    assert "开展环境卫生专项整治，以治理乱扔垃圾为重点" in full_text(document)
    assert (document.signature_unit, document.signature_date, document.author) == ("某某乡人民政府", "2019年12月28日", "某某乡")
    assert document.file_name == "某某乡2019年某某县创建第四届某某省文明城市工作总结.docx"


def test_progress_layout_numbers_the_work_items_and_problems() -> None:
    state = with_answers(load_sample_state("reference1"), genre=ChoiceAnswer(choice="工作汇报（进展情况）"))
    document = render_document(QUESTIONNAIRE, state, "progress")
    assert document.title == "某某乡2019年某某县创建第四届某某省文明城市工作进展情况汇报"
    # Its plans are plans: never printed under 「整改措施」 (the sample has no rectifications).
    assert headings(document, 1) == ["一、创建工作进展情况", "二、存在问题", "三、下一步工作打算"]
    lines = texts(document)
    assert lines[0].endswith("现将有关情况汇报如下：")
    problems_at = lines.index("二、存在问题")
    # Eight short problems read as one series, not eight paragraphs of four words.
    series = lines[problems_at + 1]
    assert series.startswith("一是") and "；八是" in series and lines[problems_at + 2] == "三、下一步工作打算"
    campaigns_at = lines.index("（三）突出重点，整治见效")
    under = lines[campaigns_at + 1 : lines.index("（四）创新载体，特色鲜明")]  # most of it is the 「四抓四带四促」 activity
    assert [t[:2] for t in under] == ["一是", "二是", "三是", "四是"]  # one number, one theme
    assert lines[-1].endswith("特此汇报。")


def test_itemized_layout_writes_about_items_like_reference_five() -> None:
    document = render_document(QUESTIONNAIRE, load_sample_state("reference5"), "itemized")
    lines = texts(document)
    for item in ("关于组织领导和宣传发动：", "关于专项整治：", "关于文明实践："):  # the topic its items are (drafting.prose.sections)
        assert item in lines
    # The 督查组 alone is too thin for a part of its own: it joins 宣传发动, as in 【五】 itself,
    # under a lead-in that names both (headings.yaml joined).
    assert "关于督查考核：" not in lines and "组成创建工作督查组" in "".join(lines[lines.index("关于组织领导和宣传发动：") : lines.index("关于专项整治：")])
    assert headings(document) == []
    assert "关于基础设施建设：" not in lines and "关于保障与成效：" not in lines  # nothing chosen: the item vanishes


def test_whole_sections_not_chosen_leave_no_heading_and_no_gap() -> None:
    state = load_sample_state("reference1")
    answers = {k: v for k, v in state.answers.items() if k not in ("leading_group", "documents", "inspections", "carriers", "lectures")}
    answers["organization_work"] = MultiAnswer(items=[])
    answers["publicity_work"] = MultiAnswer(items=[])
    state = state.model_copy(update={"answers": answers})
    for layout in LAYOUTS:
        document = render_document(QUESTIONNAIRE, state, layout)
        text = full_text(document)
        assert "强化宣传" not in text and "健全机构" not in text and "标语" not in text
        assert find_glitches(document) == []
    annual = render_document(QUESTIONNAIRE, state, "annual")
    assert headings(annual, 2)[:2] == ["（一）突出重点，深化专项整治", "（二）创新载体，丰富实践活动"]


def test_a_kind_taken_back_takes_its_item_out_of_the_draft() -> None:
    state = load_sample_state("reference1")
    state = with_answers(state, organization_work=MultiAnswer(items=["领导小组/工作专班", "方案与依据文件"]))
    text = full_text(render_document(QUESTIONNAIRE, state))
    assert "口头督查通报6次" not in text and "由乡党委政府主要领导任组长" in text


def test_a_skipped_answer_takes_its_clause_with_it() -> None:
    state = load_sample_state("reference1")
    group = state.answers["leading_group"]
    assert isinstance(group, GroupAnswer)
    item = {k: v for k, v in group.items[0].items() if k != "leader"}
    text = full_text(render_document(QUESTIONNAIRE, with_answers(state, leading_group=GroupAnswer(items=[item]))))
    assert "任组长" not in text and "成立创建文明城市工作领导小组，分管领导任副组长" in text


def test_clerk_typography_is_fixed_in_the_draft() -> None:
    state = with_answers(load_sample_state("reference1"), plans=ListAnswer(items=['1. 开展"文明交通"活动。', "2019-03-05前完成整改;"]))
    text = full_text(render_document(QUESTIONNAIRE, state))
    assert "一是开展“文明交通”活动；二是2019年3月5日前完成整改" in text


def test_a_date_without_year_takes_the_period_year() -> None:
    state = with_answers(load_sample_state("reference1"), sign_date=DateAnswer(month=12, day=28))
    assert render_document(QUESTIONNAIRE, state).signature_date == "2019年12月28日"


def test_a_half_year_draft_never_says_the_whole_year() -> None:
    state = with_answers(load_sample_state("reference1"), period=PeriodAnswer(year=2021, span="上半年"))
    for layout in LAYOUTS:
        document = render_document(QUESTIONNAIRE, state, layout)
        assert "全年" not in full_text(document)
        assert document.title == "某某乡2021年上半年某某县创建第四届某某省文明城市工作总结"
        assert texts(document)[0].startswith("2021年上半年，某某乡")
    assert texts(render_document(QUESTIONNAIRE, state))[0].endswith("现将上半年工作总结如下：")


def test_a_stage_in_the_clerks_words_opens_the_draft() -> None:
    week = PeriodAnswer(year=2026, span="阶段", words="本周", dates="11月23日—29日")
    state = with_answers(load_sample_state("reference5"), period=week, genre=ChoiceAnswer(choice="工作汇报（进展情况）"))
    document = render_document(QUESTIONNAIRE, state, "progress")
    assert document.title == "某某镇2026年11月23日—29日创建全国文明城市工作进展情况汇报"  # the week as its dates
    assert texts(document)[0].startswith("本周，某某镇") and "全年" not in full_text(document)


def test_a_self_inspection_report_names_its_addressee_and_reports() -> None:
    state = with_answers(load_sample_state("reference5"), genre=ChoiceAnswer(choice="自查报告"), addressee=TextAnswer(text="区创城办"))
    document = render_document(QUESTIONNAIRE, state)
    lines = texts(document)
    assert document.title == "某某镇2019年创建全国文明城市工作自查报告"
    assert lines[0] == "区创城办：" and lines[1].endswith("现将自查情况报告如下：")
    assert headings(document, 1)[0] == "一、自查情况" and lines[-1].endswith("特此报告。")


def test_a_street_office_is_never_told_about_villages() -> None:
    state = load_sample_state("reference5")
    state = with_answers(state, unit_name=TextAnswer(text="某某街道"), unit_type=ChoiceAnswer(choice="街道"), signer=TextAnswer(text="某某街道办事处"))
    clerk_words = sorted([*SAMPLE_FRAGMENTS["reference5"], "某某街道", "某某街道办事处"], key=len, reverse=True)
    for layout in LAYOUTS:
        text = full_text(render_document(QUESTIONNAIRE, state, layout))
        assert "某某街道将" in text  # the formulas speak as the unit by its name
        for words in clerk_words:  # what the clerk typed may say 镇; the bot's own words may not
            text = text.replace(words, "")
        assert "村" not in text and "镇" not in text and "乡" not in text


def test_several_targets_are_all_named() -> None:
    state = with_answers(load_sample_state("reference5"), targets=MultiAnswer(items=["省级文明城区", "巩固全国文明城市创建成果"]))
    assert "紧紧围绕创建省级文明城区和巩固全国文明城市创建成果目标" in texts(render_document(QUESTIONNAIRE, state))[0]


def test_answers_of_questions_that_no_longer_apply_are_not_printed() -> None:
    state = with_answers(load_sample_state("reference5"), addressee=TextAnswer(text="区创城办"))  # genre is 工作总结
    assert "区创城办" not in full_text(render_document(QUESTIONNAIRE, state))


def _required_unanswered(state: InterviewState) -> int:
    """Counted independently of drafting: applicable required questions without an answer."""
    answers = effective_answers([q for _, q in QUESTIONNAIRE.questions()], state.answers)
    return sum(1 for _, q in QUESTIONNAIRE.questions() if q.required and q.id not in answers and is_applicable(q, answers))


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_an_empty_interview_lists_every_missing_required_fact_and_shows_those_its_frame_uses(layout: str) -> None:
    state = InterviewState()
    document = render_document(QUESTIONNAIRE, state, layout)
    assert _required_unanswered(state) == 7  # unit, type, genre, signer, period, targets, date
    assert [fact.label for fact in document.missing] == ["单位名称", "单位类型", "文种", "落款单位", "时间段", "创建目标", "落款日期"]
    assert document.title == "【待补充：单位名称】【待补充：时间段】创建文明城市工作总结"
    assert document.signature_date == "【待补充：落款日期】" and document.signature_unit == "【待补充：落款单位】"
    # Where the frame says a fact (title, opening, signature) it shows its placeholder, once;
    # the unit's type and the genre only choose words: the chat lists them.
    shown = ["单位名称", "时间段", "创建目标", "落款单位", "落款日期"]
    assert placeholder_texts(document) == [f"【待补充：{label}】" for label in shown]
    assert {span.fact for span in _placeholder_spans(document)} <= set(document.missing)
    assert not any(isinstance(block, Heading) or block.lead_in for block in document.blocks)  # type: ignore[union-attr]
    assert find_glitches(document) == []


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_missing_basic_fact_is_never_a_work_paragraph(layout: str) -> None:
    """A unit name, its type and 生成: the genre and period are missing, and the draft is
    its frame alone, not 「一、主要工作」 over 「【待补充：文种】；【待补充：时间段】。」."""
    state = InterviewState(answers={"unit_name": TextAnswer(text="河口乡"), "unit_type": ChoiceAnswer(choice="乡")})
    document = render_document(QUESTIONNAIRE, state, layout)
    assert [fact.label for fact in document.missing] == ["文种", "落款单位", "时间段", "创建目标", "落款日期"]
    assert [type(block).__name__ for block in document.blocks] == ["Paragraph", "Paragraph"]  # the opening and the closing
    assert document.title == "河口乡【待补充：时间段】创建文明城市工作总结"
    body = [span for block in document.blocks for span in block.spans if span.placeholder]  # type: ignore[union-attr]
    assert [span.text for span in body] == ["【待补充：创建目标】"]  # said by the opening


def _placeholder_spans(document: Document) -> list[Span]:
    spans = [*document.title_spans, *document.signature_unit_spans, *document.signature_date_spans]
    for block in document.blocks:
        spans.extend([*block.title, *block.body] if isinstance(block, Heading) else block.spans)
    return [span for span in spans if span.placeholder]


def test_optional_skipped_facts_leave_no_trace() -> None:
    state = InterviewState(answers={"unit_name": TextAnswer(text="某某镇")}, skipped=["guiding_thought", "verdict"])
    text = full_text(render_document(QUESTIONNAIRE, state))
    assert "指导" not in text and "态势" not in text and "None" not in text


def _extended_questionnaire() -> Questionnaire:
    raw = yaml.safe_load(DEFAULT_QUESTIONNAIRE.read_text(encoding="utf-8"))
    publicity = next(s for s in raw["sections"] if s["id"] == "publicity")
    publicity["questions"].append({"id": "cinema_shows", "kind": "number", "label": "露天电影", "prompt": "放映多少场？", "unit": "场"})
    raw["sections"].insert(-3, {
        "id": "safety", "title": "安全生产", "intro": "安全生产。",
        "questions": [{"id": "drills", "kind": "text", "label": "应急演练", "prompt": "演练情况？"}],
    })
    return Questionnaire.model_validate(raw)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_answers_to_questions_no_template_knows_still_appear(layout: str) -> None:
    from decimal import Decimal

    from dialogs.answers import NumberAnswer

    questionnaire = _extended_questionnaire()
    state = with_answers(load_sample_state("reference1"), cinema_shows=NumberAnswer(value=Decimal(12), unit="场"), drills=TextAnswer(text="组织消防应急演练2次"))
    document = render_document(questionnaire, state, layout)
    text = full_text(document)
    assert "露天电影：12场" in text
    assert "应急演练：组织消防应急演练2次" in text
    assert find_glitches(document) == []


def test_unknown_layout_is_refused_with_the_known_names() -> None:
    with pytest.raises(UnknownLayout, match="annual"):
        render_document(QUESTIONNAIRE, InterviewState(), "fancy")


def test_rendering_does_not_change_the_state() -> None:
    state = load_sample_state("reference5")
    before = state.model_dump_json()
    for layout in LAYOUTS:
        render_document(QUESTIONNAIRE, state, layout)
    assert state.model_dump_json() == before


def test_a_joint_figure_and_frequencies_are_kept_word_for_word() -> None:
    carriers = QUESTIONNAIRE.question("carriers").questions[0]
    line = parse_figures("在省、市级媒体共刊发信息40篇，每周一次更新宣传栏，多次开展入户宣传", carriers)
    assert isinstance(line, FiguresAnswer)
    state = with_answers(load_sample_state("reference5"), carriers=GroupAnswer(items=[{"details": line}]))
    assert "在省、市级媒体共刊发信息40篇，每周一次更新宣传栏，多次开展入户宣传。" in full_text(render_document(QUESTIONNAIRE, state))


def test_an_eleventh_numbered_point_is_not_taken_for_a_lone_first_one() -> None:
    points = [f"{cn_ordinal(n)}是第{n}项工作。" for n in range(1, 12)]
    document = Document(title="标题", blocks=[Paragraph(spans=[Span(text=point)]) for point in points])
    assert points[10] == "十一是第11项工作。"
    assert find_glitches(document) == []
    lone = Document(title="标题", blocks=[Paragraph(spans=[Span(text="一是只有一项。")])])
    assert find_glitches(lone) == ["一是 without 二是: 一是只有一项。"]


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_list_of_a_hundred_and_one_plans_drafts_in_every_layout(layout: str) -> None:
    state = load_sample_state("reference1")
    plans = ListAnswer(items=[f"做好第{n}项工作" for n in range(1, 102)])
    state = state.model_copy(update={"answers": {**state.answers, "plans": plans}})
    text = full_text(render_document(QUESTIONNAIRE, state, layout))
    assert "做好第100项工作" in text and "做好第101项工作" in text
    assert "一百是做好第100项工作" in text or "一百、做好第100项工作" in text or "（一百）做好第100项工作" in text


def test_headings_are_numbered_past_ninety_nine() -> None:
    from drafting.prose.blocks import heading_number

    assert [heading_number(1, n) for n in (99, 100, 101)] == ["九十九、", "一百、", "一百零一、"]
    assert [heading_number(2, n) for n in (100, 101)] == ["（一百）", "（一百零一）"]
    assert [heading_number(3, 101), heading_number(4, 101)] == ["101.", "（101）"]
