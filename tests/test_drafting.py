"""Answers become a summary: every fact appears, nothing is invented, numbering holds."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from dialogs.answers import (
    DateAnswer,
    GroupAnswer,
    ListAnswer,
    NumberAnswer,
    TextAnswer,
    YesNoAnswer,
)
from dialogs.conditions import effective_answers, is_applicable
from dialogs.questionnaire import DEFAULT_QUESTIONNAIRE, Questionnaire, load_questionnaire
from dialogs.state import InterviewState
from drafting.document import Document, Heading, Paragraph, Span
from drafting.layouts import LAYOUTS, UnknownLayout
from drafting.phrasing import cn_ordinal
from drafting.render import render_document
from drafting.samples import load_sample_state
from tests.support.quality import block_text, find_glitches, placeholder_count, placeholder_texts

QUESTIONNAIRE = load_questionnaire()
SAMPLES = ("reference1", "reference5")
# Every fact of each sample interview as the draft must print it, written out literally
# (not built with the drafting helpers under test); year, unit type and the chosen
# common problems shape the title, 我乡 and standard sentences instead.
SAMPLE_FRAGMENTS = json.loads((Path(__file__).parent / "data" / "sample_fragments.json").read_text(encoding="utf-8"))


def full_text(document: Document) -> str:
    lines = [document.title, *(block_text(block) for block in document.blocks)]
    return "\n".join([*lines, document.signature_unit, document.signature_date])


def headings(document: Document, level: int | None = None) -> list[str]:
    return [b.full_text for b in document.blocks if isinstance(b, Heading) and (level is None or b.level == level)]


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("sample", SAMPLES)
def test_every_fact_of_the_sample_appears_in_every_layout(sample: str, layout: str) -> None:
    state = load_sample_state(sample)
    document = render_document(QUESTIONNAIRE, state, layout)
    text = full_text(document)
    absent = [fragment for fragment in SAMPLE_FRAGMENTS[sample] if fragment not in text]
    assert absent == []


@pytest.mark.parametrize("layout", list(LAYOUTS))
@pytest.mark.parametrize("sample", SAMPLES)
def test_sample_drafts_are_complete_and_free_of_glitches(sample: str, layout: str) -> None:
    document = render_document(QUESTIONNAIRE, load_sample_state(sample), layout)
    assert find_glitches(document) == []
    assert document.missing == 0
    assert placeholder_count(document) == 0


def test_reference1_figures_keep_units_and_qualifiers() -> None:
    text = full_text(render_document(QUESTIONNAIRE, load_sample_state("reference1")))
    for figure_text in ("口头督查通报6次", "固定标语12条", "横幅15条以上", "宣讲10余场", "500余人次", "45多辆", "85%"):
        assert figure_text in text


def test_reference5_figures_keep_units_and_qualifiers() -> None:
    text = full_text(render_document(QUESTIONNAIRE, load_sample_state("reference5"), "itemized"))
    for figure_text in ("近100面", "600多张", "约92块", "40多万元", "近60万元", "5万多张", "2800多起", "36支", "540人", "15万元"):
        assert figure_text in text


def test_annual_layout_has_the_shape_of_reference_one() -> None:
    document = render_document(QUESTIONNAIRE, load_sample_state("reference1"), "annual")
    assert document.title == "某某乡2019年创建文明城市工作总结"
    assert headings(document, 1) == ["一、主要工作", "二、存在问题", "三、今后工作打算"]
    assert "（一）健全机构，组织保障有力" in headings(document, 2)
    assert "1.以“治理乱扔垃圾”为重点的环境卫生专项整治" in headings(document, 3)
    assert "（五）创新载体，深入开展“四抓四带四促”活动" in headings(document, 2)
    opening = block_text(document.blocks[0])
    assert opening.startswith("2019年，我乡") and opening.endswith("现将全年工作总结如下：")
    assert (document.signature_unit, document.signature_date, document.author) == ("某某乡", "2019年12月28日", "某某乡")
    assert document.file_name == "某某乡2019年创建文明城市工作总结.docx"


def test_progress_layout_writes_problems_and_measures_as_numbered_paragraphs() -> None:
    document = render_document(QUESTIONNAIRE, load_sample_state("reference1"), "progress")
    assert document.title == "某某乡2019年创建文明城市工作进展情况汇报"
    assert headings(document, 1) == ["一、创建工作进展情况", "二、存在问题", "三、整改措施"]
    texts = [block_text(block) for block in document.blocks]
    assert "现将有关情况汇报如下：" in texts[0]
    problems_at = texts.index("二、存在问题")
    assert texts[problems_at + 2] == "对照文明城市测评标准，工作中还存在以下问题："
    assert [t[:2] for t in texts[problems_at + 3 : problems_at + 11]] == ["一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是"]
    run_in = [b for b in document.blocks if isinstance(b, Heading) and b.body]
    assert run_in and run_in[0].text.endswith("。")


def test_itemized_layout_writes_about_items_like_reference_five() -> None:
    document = render_document(QUESTIONNAIRE, load_sample_state("reference5"), "itemized")
    texts = [block_text(block) for block in document.blocks]
    for item in ("关于小街巷：", "关于无物业小区：", "关于社区消防：", "关于市容“六乱”：", "关于店牌店招：", "关于禁烟：", "关于志愿服务："):
        assert item in texts
    assert headings(document) == []
    assert "关于组织领导：" not in texts  # 【五】 reports no leading group: the item vanishes


def test_whole_sections_skipped_leave_no_heading_and_no_gap() -> None:
    state = load_sample_state("reference1")
    dropped = {q.id for s in QUESTIONNAIRE.sections if s.id in ("organization", "publicity") for q in s.questions}
    state = state.model_copy(update={"answers": {k: v for k, v in state.answers.items() if k not in dropped | {"has_leading_group", "has_office"}}})
    state.answers["has_leading_group"] = YesNoAnswer(value=False)
    state.answers["has_office"] = YesNoAnswer(value=False)
    for layout in LAYOUTS:
        document = render_document(QUESTIONNAIRE, state, layout)
        text = full_text(document)
        assert "强化宣传" not in text and "健全机构" not in text and "标语" not in text
        assert find_glitches(document) == []
    annual = render_document(QUESTIONNAIRE, state, "annual")
    assert headings(annual, 2)[:2] == ["（一）夯实责任，督查考核到位", "（二）突出重点，深化专项整治"]


def test_a_skipped_optional_number_takes_its_clause_with_it() -> None:
    state = load_sample_state("reference1")
    del state.answers["slogans"]
    text = full_text(render_document(QUESTIONNAIRE, state))
    assert "标语" not in text and "交通安全、生活习惯养成" not in text  # topics only apply with a count
    assert "悬挂横幅15条以上" in text


def test_a_zero_the_clerk_said_is_printed() -> None:
    state = load_sample_state("reference1")
    state.answers["slogans"] = NumberAnswer(value=Decimal(0), unit="条")
    assert "制作固定标语0条" in full_text(render_document(QUESTIONNAIRE, state))


def test_answers_of_questions_that_no_longer_apply_are_not_printed() -> None:
    state = load_sample_state("reference1")
    state.answers["has_office"] = YesNoAnswer(value=False)
    text = full_text(render_document(QUESTIONNAIRE, state))
    assert "副组长兼任" not in text and "办公室" not in text


def test_clerk_typography_is_fixed_in_the_draft() -> None:
    state = load_sample_state("reference1")
    state.answers["supervision_mechanism"] = TextAnswer(text="天天有督查,月月有通报.")
    state.answers["plans"] = ListAnswer(items=['1. 开展"文明交通"活动。', "2019-03-05前完成整改;"])
    text = full_text(render_document(QUESTIONNAIRE, state))
    assert "坚持“天天有督查，月月有通报”的工作思路" in text
    assert "一是开展“文明交通”活动；二是2019年3月5日前完成整改" in text


def test_a_date_without_year_takes_the_summary_year() -> None:
    state = load_sample_state("reference1")
    state.answers["supervision_since"] = DateAnswer(month=8)
    assert "2019年8月以来" in full_text(render_document(QUESTIONNAIRE, state))


def _required_unanswered(state: InterviewState) -> int:
    """Counted independently of drafting: applicable required questions without an answer."""
    answers = effective_answers([q for _, q in QUESTIONNAIRE.questions()], state.answers)
    count = 0
    for _, question in QUESTIONNAIRE.questions():
        if question.required and question.id not in answers and is_applicable(question, answers):
            count += 1
        group = answers.get(question.id)
        if isinstance(group, GroupAnswer):
            for item in group.items:
                count += sum(1 for sub in question.questions if sub.required and sub.id not in item and is_applicable(sub, answers, item))
    return count


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_an_empty_interview_drafts_with_a_placeholder_per_missing_required_fact(layout: str) -> None:
    state = InterviewState()
    document = render_document(QUESTIONNAIRE, state, layout)
    assert document.missing == _required_unanswered(state) == 9
    assert "【待补充：单位名称】" in document.title and document.signature_date == "【待补充：落款日期】"
    labels = ["单位名称", "总结年度", "创建目标", "成立领导小组", "设立创建办公室", "主要问题", "工作打算", "单位类型", "落款日期"]
    assert sorted(set(placeholder_texts(document))) == sorted(f"【待补充：{label}】" for label in labels)
    # 单位名称 (title, signature) and 总结年度 are missing in two places each: 11 spans, 9 facts.
    assert placeholder_count(document) == 11
    assert find_glitches(document) == []


def test_missing_required_facts_inside_a_group_item_are_placeholders() -> None:
    state = load_sample_state("reference1")
    campaigns = state.answers["campaigns"]
    assert isinstance(campaigns, GroupAnswer)
    first = {k: v for k, v in campaigns.items[0].items() if k != "measures"}
    state.answers["campaigns"] = GroupAnswer(items=[first, *campaigns.items[1:], {}])
    document = render_document(QUESTIONNAIRE, state)
    assert document.missing == _required_unanswered(state) == 3  # measures; theme and measures
    spans = [span.text for block in document.blocks for span in getattr(block, "spans", [])]
    assert spans.count("【待补充：主要措施】") == 2


def test_optional_skipped_facts_leave_no_trace() -> None:
    state = InterviewState(answers={"unit_name": TextAnswer(text="某某镇")}, skipped=["guiding_thought", "verdict"])
    text = full_text(render_document(QUESTIONNAIRE, state))
    assert "指导" not in text and "态势" not in text and "None" not in text


def _extended_questionnaire() -> Questionnaire:
    raw = yaml.safe_load(DEFAULT_QUESTIONNAIRE.read_text(encoding="utf-8"))
    publicity = next(s for s in raw["sections"] if s["id"] == "publicity")
    publicity["questions"].append({"id": "cinema_shows", "kind": "number", "label": "露天电影", "prompt": "放映多少场？", "unit": "场"})
    campaigns = next(s for s in raw["sections"] if s["id"] == "campaigns")
    campaigns["questions"][0]["questions"].append({"id": "photos", "kind": "text", "label": "整治照片", "prompt": "有照片吗？"})
    raw["sections"].insert(-2, {
        "id": "safety", "title": "安全生产", "intro": "安全生产。",
        "questions": [{"id": "drills", "kind": "text", "label": "应急演练", "prompt": "演练情况？"}],
    })
    return Questionnaire.model_validate(raw)


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_answers_to_questions_no_template_knows_still_appear(layout: str) -> None:
    questionnaire = _extended_questionnaire()
    state = load_sample_state("reference1")
    state.answers["cinema_shows"] = NumberAnswer(value=Decimal(12), unit="场")
    state.answers["drills"] = TextAnswer(text="组织消防应急演练2次")
    state.answers["safety_other"] = ListAnswer(items=["排查隐患30处"])
    campaigns = state.answers["campaigns"]
    assert isinstance(campaigns, GroupAnswer)
    state.answers["campaigns"] = GroupAnswer(items=[{**campaigns.items[0], "photos": TextAnswer(text="留存照片40张")}, *campaigns.items[1:]])
    document = render_document(questionnaire, state, layout)
    text = full_text(document)
    assert "露天电影：12场" in text
    assert "整治照片：留存照片40张" in text
    assert "应急演练：组织消防应急演练2次" in text and "此外，排查隐患30处。" in text
    assert ("关于安全生产：" if layout == "itemized" else "安全生产") in text
    assert find_glitches(document) == []


def test_section_other_lists_appear_in_their_section() -> None:
    document = render_document(QUESTIONNAIRE, load_sample_state("reference1"))
    texts = [block_text(block) for block in document.blocks]
    other_at = texts.index("此外，联乡县领导带头授课，为残疾人、文学爱好者、村组网格员和卫生系统人员开展辅导。")
    section_heading = next(t for t in reversed(texts[:other_at]) if t.startswith("（"))
    assert section_heading == "（三）强化宣传，营造浓厚氛围"


def test_unknown_layout_is_refused_with_the_known_names() -> None:
    with pytest.raises(UnknownLayout, match="annual"):
        render_document(QUESTIONNAIRE, InterviewState(), "fancy")


def test_rendering_does_not_change_the_state() -> None:
    state = load_sample_state("reference5")
    before = state.model_dump_json()
    for layout in LAYOUTS:
        render_document(QUESTIONNAIRE, state, layout)
    assert state.model_dump_json() == before


def test_template_fact_names_exist_in_the_questionnaire() -> None:
    """Templates degrade silently on an unknown id, so a typo must be caught here."""
    import re

    from drafting.render import TEMPLATES_DIR

    top = {q.id for _, q in QUESTIONNAIRE.questions()}
    subs = {sub.id for _, q in QUESTIONNAIRE.questions() for sub in q.questions}
    for template in TEMPLATES_DIR.glob("*.j2"):
        source = template.read_text(encoding="utf-8")
        assert set(re.findall(r"\ba\.([a-z_]+)", source)) <= top, template.name
        assert set(re.findall(r"\b[cmf]\.([a-z_]+)", source)) <= subs | {"path"}, template.name




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
    assert "一百是做好第100项工作" in text
    assert "一百零一是做好第101项工作" in text


def test_headings_are_numbered_past_ninety_nine() -> None:
    from drafting.markup import heading_number

    assert [heading_number(1, n) for n in (99, 100, 101)] == ["九十九、", "一百、", "一百零一、"]
    assert [heading_number(2, n) for n in (100, 101)] == ["（一百）", "（一百零一）"]
    assert [heading_number(3, 101), heading_number(4, 101)] == ["101.", "（101）"]
