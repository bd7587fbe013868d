"""The end of a draft (issue 22 §3, the closing): a lead promising a list stands only before
two items or more, 今后 / 下一步 are said once across the plans' part and the closing, and the
closing names what the unit's own plans are about, claiming nothing the clerk did not say.

Drafted in every layout from the interviews of tests/interviews (as clerks typed them) and
from a sample interview with the plans given here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dialogs.answers import Answer, ListAnswer, PeriodAnswer, TextAnswer
from dialogs.questionnaire import load_questionnaire
from dialogs.state import InterviewState
from drafting.document import Document, Heading, Paragraph, Sentence
from drafting.prose.layouts import LAYOUTS
from drafting.prose.render import render_document
from drafting.prose.samples import load_sample_state
from drafting.prose.wording import WordingError, load_wording, wording_for
from tests.support.interview_replay import INTERVIEWS_DIR, read_script, replay
from tests.support.quality import AHEAD_WORDS, closing_seams, find_glitches, seam_glitches
from tests.test_wording_files import edited_copy

QUESTIONNAIRE = load_questionnaire()
WORDING = wording_for(QUESTIONNAIRE)
UNIT = "青山镇"
SEVERAL = ["巩固环境卫生整治成果，建立背街小巷长效保洁机制", "加大宣传力度，提高居民知晓率和参与率", "9月底前完成老旧小区改造"]
SEVERAL_TOPICS = "环境卫生整治、宣传力度和老旧小区改造"
# Methods a closing formula would claim for the unit (the clerk never said them).
CLAIMS = ("问题导向", "短板", "压实", "对标", "合力", "狠抓", "重点任务", "务实的作风")


def sample(plans: list[str] | None, **answers: Answer) -> InterviewState:
    """The reference5 sample as 青山镇, with ``plans`` (None: no plans at all)."""
    state = load_sample_state("reference5")
    said = {**state.answers, "unit_name": TextAnswer(text=UNIT), **answers}
    said.pop("plans", None)
    if plans is not None:
        said["plans"] = ListAnswer(items=plans)
    return state.model_copy(update={"answers": said})


def interview(name: str) -> InterviewState:
    result = replay(QUESTIONNAIRE, read_script(INTERVIEWS_DIR / f"{name}.txt"))
    assert result.finished and result.refused == []
    return result.state


def last_part(document: Document) -> list[str]:
    """The paragraphs from the plans' heading (下一步工作打算, 下半年工作打算, a speech's
    整改措施, or its 「关于……：」 lead-in) to the end."""
    texts: list[str] = []
    for block in document.blocks:
        title = block.text if isinstance(block, Heading) or block.lead_in else ""
        if any(word in title for word in ("打算", "措施")):
            texts = []
        elif not title:
            texts.append(block.text)
    return texts


def closing_sentences(document: Document) -> list[Sentence]:
    return [s for block in document.blocks if isinstance(block, Paragraph) for s in block.sentences if s.formula == "closing"]


def formula_texts(key: str, **words: str) -> list[str]:
    return [option.text.format(name=UNIT, whole="全镇", we="我镇", **words) for option in WORDING.formulas[key]]


# --- the checker finds the defects --------------------------------------------------------


def paragraph(text: str, sources: tuple[str, ...] = ("plans",)) -> Paragraph:
    return Paragraph(spans=[{"text": text}], sentences=[Sentence(text=text, sources=list(sources))])


def plans_part(*blocks: Paragraph) -> Document:
    heading = Heading(level=1, number="三、", title=[{"text": "下一步工作打算"}])
    return Document(title="东湖镇2019年创建文明城市工作总结", blocks=[heading, *blocks])


def rules(document: Document, answers: dict[str, Answer]) -> list[str]:
    return [finding.split(":")[0] for finding in closing_seams(document, answers)]


def test_the_checker_finds_a_list_lead_before_one_item_and_jinhou_twice() -> None:
    plans = {"plans": ListAnswer(items=["在今后的工作中积极探索和改进"])}
    lead = plans_part(paragraph("东湖镇将重点抓好以下工作：在今后的工作中积极探索和改进。"))
    assert rules(lead, plans) == ["list lead before one item"]
    listed = plans_part(paragraph("东湖镇将重点抓好以下工作：一是加大宣传；二是完善机制。"))
    assert rules(listed, {"plans": ListAnswer(items=["加大宣传", "完善机制"])}) == []
    numbered = plans_part(paragraph("东湖镇将重点抓好以下工作："), paragraph("一是加大宣传。"), paragraph("二是完善机制。"))
    assert rules(numbered, {"plans": ListAnswer(items=["加大宣传", "完善机制"])}) == []
    twice = plans_part(paragraph("东湖镇将在今后的工作中积极探索和改进。"), paragraph("今后，东湖镇将常态长效抓好创建工作。", ()))
    assert rules(twice, plans) == ["今后 said twice"]
    # The clerk's own words are never blamed: two plans that each say 今后 are the clerk's.
    own = {"plans": ListAnswer(items=["今后加大宣传", "今后完善机制"])}
    assert rules(plans_part(paragraph("东湖镇将重点抓好以下工作：一是今后加大宣传；二是今后完善机制。")), own) == []
    under = Document(title="青石镇表态发言", blocks=[Paragraph(spans=[{"text": "关于下一步措施："}], sentences=[Sentence(text="关于下一步措施：", formula="lead-in")], lead_in=True)])
    under.blocks.append(paragraph("下一步，青石镇将着力抓好以下几点：一是清理死角；二是整治占道。", ("pledges",)))
    assert rules(under, {"pledges": ListAnswer(items=["清理死角", "整治占道"])}) == ["今后 said twice"]
    said_by_clerk = {"plans": ListAnswer(items=["重点抓好以下工作：加大宣传"])}
    assert rules(plans_part(paragraph("东湖镇将重点抓好以下工作：加大宣传。")), said_by_clerk) == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_donghu_plan_is_one_sentence_and_closes_the_draft(layout: str) -> None:
    state = interview("ref3_donghu")
    document = render_document(QUESTIONNAIRE, state, layout)
    assert closing_seams(document, state.answers) == []
    ending = last_part(document)
    assert ending[0].endswith("在今后的工作中积极探索和改进，力争把全国文明城市创建深化工作提升到一个更高的水平。"), ending
    assert "以下" not in "".join(ending) and sum("".join(ending).count(word) for word in AHEAD_WORDS) == 1
    assert closing_sentences(document) == []  # the clerk's last plan is the closing: none after it


# --- one plan, several, plans saying 今后, none ----------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_one_plan_is_a_sentence_and_the_closing_after_it_names_nothing_more(layout: str) -> None:
    document = render_document(QUESTIONNAIRE, sample(["建立背街小巷保洁长效机制"]), layout)
    ending = last_part(document)
    assert "以下" not in "".join(ending), ending
    plan = f"{UNIT}将建立背街小巷保洁长效机制。" if layout != "progress" else "建立背街小巷保洁长效机制。"  # progress: no lead
    assert ending[0] == plan
    [closing] = closing_sentences(document)
    assert closing.text in formula_texts("closing") and closing.sources == []  # neutral: it names nothing


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_closing_names_the_topics_of_several_plans(layout: str) -> None:
    state = sample(SEVERAL)
    document = render_document(QUESTIONNAIRE, state, layout)
    [closing] = closing_sentences(document)
    # The words of a reviewed formula around the clerk's topics, each topic said in a plan.
    assert closing.text in formula_texts("closing-plans", topics=SEVERAL_TOPICS), closing.text
    assert all(any(topic in plan for plan in SEVERAL) for topic in ("环境卫生整治", "宣传力度", "老旧小区改造"))
    assert closing.sources == ["plans"] and seam_glitches(document, state.answers) == [] and find_glitches(document) == []


def test_the_closing_names_at_most_three_topics_and_says_deng_for_the_rest() -> None:
    plans = [*SEVERAL, "增设非机动车充电桩"]
    [closing] = closing_sentences(render_document(QUESTIONNAIRE, sample(plans), "annual"))
    assert closing.text in formula_texts("closing-plans", topics=f"{SEVERAL_TOPICS}等"), closing.text


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("plans", [["今后继续加大宣传力度", "完善长效管理机制"], ["下一步持续开展楼道堆物清理", "增设非机动车充电桩"]])
def test_plans_that_say_jinhou_are_not_followed_by_it_again(layout: str, plans: list[str]) -> None:
    for unit in ("青山镇", "城关镇", "白水镇", "龙泉镇", "河口镇"):
        state = sample(plans, unit_name=TextAnswer(text=unit))
        document = render_document(QUESTIONNAIRE, state, layout)
        ending = "".join(last_part(document))
        assert sum(ending.count(word) for word in AHEAD_WORDS) == 1, ending
        assert closing_seams(document, state.answers) == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_without_plans_the_closing_is_a_neutral_formula(layout: str) -> None:
    document = render_document(QUESTIONNAIRE, sample(None), layout)
    [closing] = closing_sentences(document)
    assert closing.text in formula_texts("closing") and closing.sources == []


def test_no_closing_formula_claims_a_method_or_says_jinhou() -> None:
    for key in ("closing", "closing-plans"):
        for option in WORDING.formulas[key]:
            assert not any(word in option.text for word in (*CLAIMS, *AHEAD_WORDS)), option.text
    for option in WORDING.formulas["closing-plans"]:
        assert not option.text.startswith("{name}")  # the plans' paragraph opens with the unit's name


# --- each genre's closing ----------------------------------------------------------------------


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_half_year_draft_closes_on_its_second_half_plans(layout: str) -> None:
    state = sample(SEVERAL, period=PeriodAnswer(year=2026, span="上半年"))
    document = render_document(QUESTIONNAIRE, state, layout)
    assert any("下半年工作打算" in block.text for block in document.blocks)
    ending = "".join(last_part(document))
    assert not any(word in ending for word in ("明年", "全年", *AHEAD_WORDS)), ending
    [closing] = closing_sentences(document)
    assert closing.text in formula_texts("closing-plans", topics=SEVERAL_TOPICS)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_pledge_closes_on_the_speakers_own_resolve(layout: str) -> None:
    state = interview("pledge_qingshi")
    document = render_document(QUESTIONNAIRE, state, layout)
    ending = last_part(document)
    assert ending[-1] == "青石镇将确保在年底测评中退出后三位。以上表态，请各位领导、同志们监督。", ending
    assert closing_seams(document, state.answers) == []  # 「关于下一步措施：」 is not followed by 「下一步，……」


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_pledge_without_a_resolve_closes_on_its_pledges(layout: str) -> None:
    state = interview("pledge_qingshi")
    state = state.model_copy(update={"answers": {key: value for key, value in state.answers.items() if key != "resolve"}})
    document = render_document(QUESTIONNAIRE, state, layout)
    [closing] = closing_sentences(document)
    topics = "背街小巷卫生死角和集镇占道经营整治等"  # the third pledge has a subject of its own: 班子成员……
    assert closing.text in [t.replace(UNIT, "青石镇") for t in formula_texts("closing-plans", topics=topics)], closing.text
    assert closing.sources == ["pledges"] and closing_seams(document, state.answers) == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_single_pledge_is_a_sentence_not_a_list(layout: str) -> None:
    state = interview("pledge_qingshi")
    state = state.model_copy(update={"answers": {**state.answers, "pledges": ListAnswer(items=["10月底前清理完背街小巷卫生死角"])}})
    document = render_document(QUESTIONNAIRE, state, layout)
    text = "\n".join(block.text for block in document.blocks)
    assert "青石镇将10月底前清理完背街小巷卫生死角。" in text and closing_seams(document, state.answers) == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_rectification_report_closes_after_its_next_steps(layout: str) -> None:
    state = interview("rectify_liushu")
    document = render_document(QUESTIONNAIRE, state, layout)
    ending = last_part(document)
    assert ending[0] == "柳树街道将建立背街小巷保洁长效机制。" and ending[-1].endswith("特此报告。") and "以下" not in "".join(ending), ending
    [closing] = closing_sentences(document)
    assert closing.text in [t.replace(UNIT, "柳树街道").replace("全镇", "全街道") for t in formula_texts("closing")]


def test_the_itemized_layout_says_the_problems_part_in_full() -> None:
    document = render_document(QUESTIONNAIRE, sample(SEVERAL), "itemized")
    lead_ins = [block.text for block in document.blocks if isinstance(block, Paragraph) and block.lead_in]
    assert "关于存在的问题：" in lead_ins and "关于存在问题：" not in lead_ins


# --- the wording files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ('plans-lead-one:\n  - "{name}将"\n', "", "plans-lead-one"),  # a list lead with no single-item wording
        ("causes-lead-one:\n  - 究其原因，主要是\n", "causes-lead-one:\n  - 究其原因，主要有以下几点：\n", "以下"),
        ("  - 围绕{topics}，{name}将一抓到底、务求实效。\n", "  - 围绕各项打算，{name}将一抓到底、务求实效。\n", "{topics}"),
    ],
)
def test_the_checks_refuse_a_list_lead_that_would_promise_a_list_to_one_item(tmp_path: Path, old: str, new: str, words: str) -> None:
    with pytest.raises(WordingError) as caught:
        load_wording(QUESTIONNAIRE, edited_copy(tmp_path, "formulas.yaml", old, new))
    assert words in str(caught.value) and "formulas.yaml" in str(caught.value)
