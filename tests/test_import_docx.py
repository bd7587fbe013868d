"""Reading an earlier summary from a .docx (issue 24, item 4): the five reference summaries
saved as .docx the way an office types them, the product's own drafts, and the forms of a
公文 one by one. The counts below were taken by reading the reference text itself."""

from __future__ import annotations

from functools import cache

import pytest

from dialogs.answers import GroupAnswer, ListAnswer, PeriodAnswer, TextAnswer
from dialogs.checklist import effective_answers
from dialogs.earlier import EarlierReport
from dialogs.questionnaire import Questionnaire, load_questionnaire
from drafting.document import Heading
from drafting.page.docx_writer import write_docx
from drafting.prose.layouts import LAYOUTS
from drafting.prose.render import render_document
from drafting.prose.wording import wording_for
from importing.docx_reader import read_report
from importing.safety import CheckedDocx, check_upload
from importing.sections import SectionVocabulary, section_vocabulary
from tests.support.docx_files import docx_of_text
from tests.support.interview_replay import all_scripts, read_script, replay
from tests.support.prose_metrics import REFERENCE_FILE, reference_texts
from tests.support.tools import require


@cache
def _questionnaire() -> Questionnaire:
    return load_questionnaire()


@cache
def _vocabulary() -> SectionVocabulary:
    return section_vocabulary(_questionnaire(), wording_for(_questionnaire()))


def _read(data: bytes, name: str = "总结.docx") -> EarlierReport:
    checked = check_upload(data, name)
    assert isinstance(checked, CheckedDocx), checked
    return read_report(checked, _vocabulary())


def _reference(number: str) -> EarlierReport:
    texts = reference_texts()
    require(texts is not None, f"the reference summaries ({REFERENCE_FILE})")
    assert texts is not None
    return _read(docx_of_text("乡镇创建文明城市工作总结", texts[number]), f"参考{number}.docx")


def _shape(report: EarlierReport) -> dict[str, int]:
    return {section.section_id or section.heading: len(section.facts) for section in report.sections}


# --- the five reference summaries -------------------------------------------------------


def test_reference_one_sections_facts_problems_and_plan() -> None:
    report = _reference("一")
    assert _shape(report) == {"organization": 2, "publicity": 2, "campaigns": 5, "civility": 3}
    campaigns = report.section("campaigns")
    assert campaigns is not None and campaigns.heading == "突出重点,开展专项整治"
    # 「1、以"治理乱扔垃圾"为主的环境卫生整治」 stays with its paragraph; 2、 has 一是 and 二是.
    traffic = '以"治理行人乱穿马路"为主的交通秩序整治'
    assert [fact.label for fact in campaigns.facts] == [
        '以"治理乱扔垃圾"为主的环境卫生整治', traffic, traffic, '以"改善出行环境"为主的客运秩序整治', '以"校园安全"为主的校园周边环境整治'
    ]
    publicity = report.section("publicity")
    assert publicity is not None
    # 二是设立道德讲堂 runs on into the next paragraph (Word broke it mid-sentence).
    assert publicity.facts[1].text.startswith("设立道德讲堂。") and "受教育人数达500余人次" in publicity.facts[1].text
    # 「今后工作打算」 opens with the problems, inline 一是……；七是……。, then the one plan paragraph.
    assert len(report.problems) == 7
    assert report.problems[0] == "科学有效的创建长效机制虽然做了不少工作,但尚不健全"
    assert report.problems[-1] == "摩托车驾驶员不遵守交通规则,学校周边接送学生的车辆违规停放严重等"
    assert len(report.plans) == 1 and report.plans[0].startswith('2019年,我们将继续坚持"全面推进,重点突破"的原则')
    assert (report.origin.kind, report.origin.year, report.origin.span, report.origin.file_name) == ("imported", 2019, "全年", "参考一.docx")


def test_reference_one_figures_are_read_as_typed_with_what_they_count() -> None:
    report = _reference("一")
    shown = [figure.display() for figure in report.figures()]
    assert "在乡政府周边及人流密集场所悬挂横幅超过15条" in shown
    assert "在乡道显眼位置制作固定永久式标语12条" in shown
    assert "创文办共发出口头督查通报6次" in shown
    banners = next(f for f in report.figures() if f.text == "超过15条")
    assert (banners.value, banners.qualifier, banners.unit, banners.item) == (15, "超过", "条", "大力宣传,营造良好氛围")


@pytest.mark.parametrize("number", ["二", "四"])
def test_references_two_and_four_problems_and_measures(number: str) -> None:
    report = _reference(number)
    unit = "乡" if number == "二" else "镇"
    assert _shape(report) == {"organization": 2, "publicity": 6, "各项创建工作有序开展,取得了阶段性成果": 6}
    # 存在问题: 一是 二是 三是 then 「四、」「五、」 (in 【四】): items of the list, not headings.
    assert len(report.problems) == 5
    assert report.problems[3] == f"我{unit}两个居委会均无固定的办公场所,对推进创建“六好”平安社区活动造成一定影响"
    # 整改措施: the lead 「针对以上问题……」 is no plan; then 一是…四是 (【四】 adds 五是).
    assert len(report.plans) == (4 if number == "二" else 5)
    assert report.plans[0].startswith("继续抓好创建全国文明城市的宣传工作")
    assert not any(plan.startswith("针对以上问题") for plan in report.plans)


def test_reference_three_headings_with_their_text_on_the_same_line() -> None:
    report = _reference("三")
    assert _shape(report) == {
        "organization": 3,
        "civility": 7,
        "campaigns": 5,
        "深入学习实践科学发展观,扎实推进理论武装工作": 1,
        "继续抓实“全国文明城市创建”及陆续提升工作": 2,
    }
    campaigns = report.section("campaigns")
    assert campaigns is not None
    # 「1、加大基础设施的投入力度。加快推进了……」: heading and paragraph on one line.
    assert campaigns.facts[0].label == "加大基础设施的投入力度"
    assert campaigns.facts[0].text.startswith("加快推进了二卡创汇农业科技园镇")
    # The closing 「总之，2019年……」 is no fact of 七、.
    assert not any(fact.text.startswith("总之") for section in report.sections for fact in section.facts)
    assert report.plans == [] and report.problems == []


def test_reference_five_items_under_guanyu_headings() -> None:
    report = _reference("五")
    assert _shape(report) == {"campaigns": 4, "publicity": 2, "civility": 1, "小街巷": 1, "禁烟标识": 1}
    campaigns = report.section("campaigns")
    assert campaigns is not None
    assert [fact.label for fact in campaigns.facts] == ["", "社区消防", "广场、各门店商业促销,乱张贴,店外、路边散发商业广告,流动摊点、夜间饮食大排档等", "店牌店招"]
    assert campaigns.heading == "无物业管理小区"
    assert "540条志愿者袖标" in report.section("publicity").facts[0].text  # type: ignore[union-attr]


# --- the product's own drafts -----------------------------------------------------------


def _heading_texts(section_id: str) -> set[str]:
    """The headings the product may write over ``section_id`` as written ({area} as each
    unit type's); one naming the clerk's own work ({topic}) is left out: it names no section."""
    wording = wording_for(_questionnaire())
    rules = wording.files.headings.get(section_id)
    if rules is None:
        return set()
    options = [option for said in (rules.default, *(rule.headings for rule in rules.rules)) for layout in said.values() for option in layout]
    areas = {area for _, area in wording.words.areas}
    return {option.with_words({"area": area}).plain() for option in options if "topic" not in option.slots for area in areas}


@pytest.mark.parametrize("script", all_scripts(), ids=lambda path: path.stem)
def test_the_products_own_drafts_read_back(script) -> None:  # type: ignore[no-untyped-def]
    questionnaire = _questionnaire()
    state = replay(questionnaire, read_script(script)).state
    answers = effective_answers(questionnaire, state)
    typed_plans = answers["plans"].items if isinstance(answers.get("plans"), ListAnswer) else []  # type: ignore[union-attr]
    typed_problems = answers["problems"].items if isinstance(answers.get("problems"), ListAnswer) else []  # type: ignore[union-attr]
    rectifications = answers.get("rectifications")
    fixes = [item["problem"].text for item in rectifications.items if isinstance(item.get("problem"), TextAnswer)] if isinstance(rectifications, GroupAnswer) else []
    work = {s.id for s in questionnaire.sections if s.role == "work"}
    for layout in LAYOUTS:
        document = render_document(questionnaire, state, layout)
        report = _read(write_docx(document))
        # Every plan and problem the clerk typed comes back, in order, whole.
        assert [plan for plan in report.plans if plan in typed_plans] == typed_plans, layout
        assert [problem for problem in report.problems if problem in typed_problems] == typed_problems, layout
        # Anything more is a 问题整改 item the draft writes there; never the closing words.
        for extra in [item for item in report.plans + report.problems if item not in typed_plans + typed_problems]:
            assert any(fix in extra for fix in fixes), (layout, extra)
        # Each work section with a heading of its own in the draft is found, and nothing else.
        headed = {
            section_id
            for section_id in work
            for block in document.blocks
            if isinstance(block, Heading) and "".join(span.text for span in block.title) in _heading_texts(section_id)
        }
        found = {section.section_id for section in report.sections if section.section_id}
        assert headed <= found <= {s for s in work if _answered(answers, questionnaire, s)}, layout
        unit = answers.get("unit_name")
        if isinstance(unit, TextAnswer) and unit.text in document.title:
            assert report.origin.unit_name == unit.text
        period = answers.get("period")
        if isinstance(period, PeriodAnswer) and f"{period.year}年" in document.title:
            assert report.origin.year == period.year


def _answered(answers: dict, questionnaire: Questionnaire, section_id: str) -> bool:  # type: ignore[type-arg]
    section = next(s for s in questionnaire.sections if s.id == section_id)
    return any(question.id in answers for question in section.questions)


# --- the forms of a 公文, one at a time -------------------------------------------------------


def test_title_unit_year_span_and_signature() -> None:
    text = "\n".join([
        "今年以来，我街道扎实推进创建工作。现将上半年工作汇报如下：",
        "一、主要工作",
        "（一）加强领导，完善机构",
        "成立创文工作领导小组，由党工委书记任组长。",
        "二、下一步打算",
        "持续开展环境卫生整治。",
        "某某区青山街道办事处",
        "2025年7月10日",
    ])
    report = _read(docx_of_text("某某区青山街道2025年上半年创建文明城市工作汇报", text))
    assert (report.origin.unit_name, report.origin.year, report.origin.span) == ("青山街道", 2025, "上半年")
    assert report.plans == ["持续开展环境卫生整治"]  # the signature is no plan
    assert _shape(report) == {"organization": 1}


def test_the_unit_from_the_signature_when_the_title_has_none() -> None:
    report = _read(docx_of_text("创建文明城市工作总结", "一、组织领导\n成立领导小组。\n某某县城关镇人民政府\n2024年12月30日"))
    assert (report.origin.unit_name, report.origin.year) == ("城关镇", 2024)


def test_headings_word_marks_without_numbers() -> None:
    # Bold headings and Word heading styles, no numbers typed.
    text = "宣传发动\n制作宣传展板20块。\n专项整治\n清理垃圾3600余吨。\n下一步打算\n一是加强长效管理；二是深化志愿服务。"
    report = _read(docx_of_text("青山镇2025年工作总结", text, bold_headings=("宣传发动", "专项整治", "下一步打算")))
    assert _shape(report) == {"publicity": 1, "campaigns": 1}
    assert report.plans == ["加强长效管理", "深化志愿服务"]
    figure = report.figures()[1]
    assert (figure.what, figure.text, figure.value, figure.qualifier, figure.unit) == ("清理垃圾", "3600余吨", 3600, "余", "吨")


def test_a_series_split_into_items_and_a_lead_kept() -> None:
    text = "一、宣传发动\n我镇广泛开展宣传：一是制作展板20块；二是发放倡议书500余份；三是开展入户宣传多次。"
    report = _read(docx_of_text("青山镇2025年工作总结", text))
    publicity = report.section("publicity")
    assert publicity is not None
    assert [fact.text for fact in publicity.facts] == ["我镇广泛开展宣传：", "制作展板20块；", "发放倡议书500余份；", "开展入户宣传多次。"]


def test_problems_and_plans_in_one_section() -> None:
    text = "\n".join([
        "一、主要工作",
        "（一）专项整治",
        "清理垃圾3600余吨。",
        "二、存在问题及下一步打算",
        "对照测评标准，还存在一些不足：一是群众参与不够；二是长效机制不健全。",
        "下一步，我们将：一是深化志愿服务；二是加强督查。",
    ])
    report = _read(docx_of_text("青山镇2025年工作总结", text))
    assert report.problems == ["群众参与不够", "长效机制不健全"]
    assert report.plans == ["深化志愿服务", "加强督查"]


def test_subheadings_under_plans_are_the_plans() -> None:
    text = "\n".join([
        "一、主要工作",
        "（一）宣传发动",
        "制作展板20块。",
        "二、下一步工作打算",
        "（一）加强宣传引导",
        "利用各类阵地广泛宣传。",
        "（二）深化专项整治",
        "持续整治背街小巷。",
    ])
    report = _read(docx_of_text("青山镇2025年工作总结", text))
    assert report.plans == ["加强宣传引导", "深化专项整治"]
    assert _shape(report) == {"publicity": 1}


def test_a_table_row_is_read_as_one_paragraph() -> None:
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("一、宣传发动")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "宣传展板"
    table.rows[0].cells[1].text = "制作展板20块"
    buffer = io.BytesIO()
    document.save(buffer)
    report = _read(buffer.getvalue())
    assert [fact.text for fact in report.section("publicity").facts] == ["宣传展板，制作展板20块"]  # type: ignore[union-attr]


def test_a_document_with_no_headings_keeps_nothing_as_a_fact() -> None:
    report = _read(docx_of_text("", "我镇今年扎实推进创建工作，取得了一定成效。"))
    assert report.sections == [] and report.plans == [] and report.problems == []
