"""The seam checker of issue 23 finds each defect an editor marked, and only those.

Each rule is shown a draft holding the defect as the issue quotes it (what the clerk typed
is the state's answers, so words the clerk typed are never blamed), and the same facts
joined cleanly.
"""

from __future__ import annotations

from dialogs.answers import Answer, ChoiceAnswer, FiguresAnswer, GroupAnswer, MultiAnswer, TextAnswer
from dialogs.figures import parse_figures
from dialogs.questionnaire import load_questionnaire
from drafting.document import Document, Heading, Paragraph, Sentence
from tests.support.quality import SEAM_RULES, heading_counts, readback_glitches, seam_glitches

QUESTIONNAIRE = load_questionnaire()
DETAILS = QUESTIONNAIRE.question("campaigns").questions[1]


def said(text: str) -> FiguresAnswer:
    answer = parse_figures(text, DETAILS)
    assert isinstance(answer, FiguresAnswer)
    return answer


def item(*sentences: tuple[str, str]) -> Paragraph:
    """A paragraph of work-item sentences, each (text, the item it says: campaigns#0)."""
    parts = [Sentence(text=text, sources=[path, f"{path}.details"]) for text, path in sentences]
    return Paragraph(spans=[{"text": "".join(s.text for s in parts)}], sentences=parts)


def heading(text: str) -> Heading:
    return Heading(level=2, number="（一）", title=[{"text": text}])


def rules(blocks: list, answers: dict[str, Answer], unit_type: str = "镇") -> list[str]:
    document = Document(title="东湖镇2019年创建文明城市工作总结", blocks=blocks)
    return [finding.split(":")[0] for finding in seam_glitches(document, answers, unit_type)]


def campaigns(*items: tuple[str, str]) -> dict[str, Answer]:
    picked = [name for name, _ in items]
    return {
        "campaign_themes": MultiAnswer(items=picked),
        "campaigns": GroupAnswer(items=[{"name": TextAnswer(text=name), **({"details": said(text)} if text else {})} for name, text in items]),
    }


def test_every_rule_has_a_name_the_bench_counts_by() -> None:
    assert len(set(SEAM_RULES)) == len(SEAM_RULES) == 17


def test_a_template_verb_said_again_by_the_clerk_is_found() -> None:  # defect 1
    answers = campaigns(("环境卫生", "3月至6月开展环境卫生集中整治行动，清理卫生死角312处"))
    seam = item(("开展环境卫生专项整治，3月至6月开展环境卫生集中整治行动，清理卫生死角312处。", "campaigns#0"))
    assert rules([heading("突出重点，深化专项整治"), seam], answers) == ["verb twice"]
    clean = item(("3月至6月开展环境卫生集中整治行动，清理卫生死角312处。", "campaigns#0"))
    assert rules([heading("突出重点，深化专项整治"), clean], answers) == []


def test_a_name_the_details_name_again_is_found() -> None:  # defect 1
    answers = {"lectures": GroupAnswer(items=[{"name": TextAnswer(text="道德讲堂"), "details": said("在党政机关、学校和社区开设道德讲堂3个")}])}
    seam = item(("开展道德讲堂，在党政机关、学校和社区开设道德讲堂3个。", "lectures#0"))
    assert rules([seam], answers) == ["object twice"]


def test_items_in_a_row_opening_with_the_templates_verb_are_found() -> None:  # defect 1
    names = ("背街小巷", "校园周边", "农贸市场")
    answers = campaigns(*((name, "清理卫生死角12处，拆除违章搭建3处") for name in names))
    blocks = [item((f"开展{name}整治，清理卫生死角12处，拆除违章搭建3处。", f"campaigns#{index}")) for index, name in enumerate(names)]
    assert rules(blocks, answers) == ["paragraphs opening alike"]
    assert rules(blocks[:2], answers) == []


def test_a_template_verb_against_the_clerks_is_found() -> None:  # defect 2
    group = {"name": TextAnswer(text="精神文明建设领导小组"), "leader": TextAnswer(text="镇党委书记任总指挥"), "details": said("根据党政领导人员变化及时调整充实")}
    answers = {"leading_group": GroupAnswer(items=[group])}
    role = item(("我镇成立精神文明建设领导小组，由镇党委书记任总指挥任组长。", "leading_group#0"))
    assert rules([role], answers) == ["template verb against the clerk's"]
    setup = item(("我镇成立精神文明建设领导小组，由镇党委书记任组长，根据党政领导人员变化及时调整充实。", "leading_group#0"))
    assert rules([setup], answers) == ["template verb against the clerk's"]
    clean = item(("我镇根据党政领导人员变化及时调整充实精神文明建设领导小组，镇党委书记任总指挥。", "leading_group#0"))
    assert rules([clean], answers) == []


def test_a_kind_of_work_made_one_again_is_found() -> None:  # defects 2, 6
    answers = campaigns(("无牌无证经营场所清查", ""), ("“周末大扫除”活动", ""))
    assert rules([item(("开展无牌无证经营场所清查整治。", "campaigns#0"), ("开展“周末大扫除”活动整治。", "campaigns#1"))], answers) == ["work named twice"] * 2
    typed = campaigns(("河道清理整治", ""))
    assert rules([item(("开展河道清理整治。", "campaigns#0"))], typed) == []  # the clerk's own words


def test_a_sentence_without_a_predicate_is_found() -> None:  # defect 3
    answers = {
        "organization_custom": GroupAnswer(items=[{"name": TextAnswer(text="确定专人负责创建工作")}]),
        "projects": GroupAnswer(items=[{"name": TextAnswer(text="乡文化大楼")}]),
    }
    assert rules([item(("在确定专人负责创建工作方面。", "organization_custom#0"))], answers) == ["no predicate"]
    assert rules([item(("乡文化大楼。", "projects#0"))], answers) == ["no predicate"]
    assert rules([item(("我镇确定专人负责创建工作。", "organization_custom#0"))], answers) == []


def test_a_noun_phrase_before_a_comma_is_found() -> None:  # defect 4
    answers = {"projects": GroupAnswer(items=[{"name": TextAnswer(text="新开河道北地面卫星接收设备"), "details": said("今年以来共安装270个")}])}
    assert rules([item(("新开河道北地面卫星接收设备，今年以来共安装270个。", "projects#0"))], answers) == ["noun phrase as a subject"]
    assert rules([item(("今年以来共安装新开河道北地面卫星接收设备270个。", "projects#0"))], answers) == []


def test_one_fact_said_by_two_items_is_found() -> None:  # defect 5
    answers = {
        "leading_group": GroupAnswer(items=[{"name": TextAnswer(text="创建文明城市工作领导小组")}]),
        "meetings": GroupAnswer(items=[{"name": TextAnswer(text="动员大会"), "details": said("会上成立了创建文明城市工作领导小组")}]),
    }
    twice = [item(("我镇成立创建文明城市工作领导小组。", "leading_group#0")), item(("我镇召开动员大会，会上成立了创建文明城市工作领导小组。", "meetings#0"))]
    assert "said in two items" in rules(twice, answers)


def test_a_menu_label_printed_as_work_is_found() -> None:  # defect 6
    answers = campaigns(("交通/客运秩序", "劝导车辆45辆"))
    assert rules([item(("开展交通、客运秩序整治，劝导车辆45辆。", "campaigns#0"))], answers) == ["menu label as a claim"]


def test_unrelated_items_in_one_paragraph_or_one_number_are_found() -> None:  # defect 7
    answers = {
        "civility_work": MultiAnswer(items=["群众文化活动", "窗口服务/投诉处理"]),
        "civility_items": GroupAnswer(items=[{"name": TextAnswer(text="群众文化活动"), "details": said("春节期间组织秧歌表演")}, {"name": TextAnswer(text="窗口服务/投诉处理"), "details": said("推进政务公开")}]),
    }
    glued = item(("春节期间组织秧歌表演。", "civility_items#0"), ("推进政务公开。", "civility_items#1"))
    assert rules([glued], answers) == ["unrelated items together"]
    numbered = item(("一是春节期间组织秧歌表演。", "civility_items#0"), ("二是推进政务公开。", "civility_items#1"))
    assert rules([numbered], answers) == []  # one number, one job
    apart = [item(("春节期间组织秧歌表演。", "civility_items#0")), item(("推进政务公开。", "civility_items#1"))]
    assert rules(apart, answers) == []


def test_a_section_that_swallows_the_draft_or_is_thin_is_found() -> None:  # defect 8
    labels = ["志愿服务/文明劝导", "移风易俗", "群众文化活动", "窗口服务/投诉处理"]
    answers = {"civility_items": GroupAnswer(items=[{"name": TextAnswer(text=label), "details": said("组织" + "开展活动" * 30)} for label in labels])}
    big = [heading("培育新风，推进文明实践"), *(item(("组织" + "开展活动" * 30 + "。", f"civility_items#{index}")) for index in range(4))]
    assert rules(big, answers) == ["section size"]
    thin = [heading(f"第{n}部分，推进工作落实") for n in "一二三"]
    blocks = [thin[0], item(("组织" + "开展活动" * 20 + "。", "civility_items#0")), thin[1], item(("组织开展活动。", "civility_items#1")), thin[2], item(("组织" + "开展活动" * 20 + "。", "civility_items#2"))]
    assert rules(blocks, answers) == ["section size"]


def test_headings_that_claim_what_the_section_does_not_say_are_found() -> None:  # defect 9
    answers = {"projects": GroupAnswer(items=[{"name": TextAnswer(text="乡文化大楼"), "details": said("确定了兴建文化大楼计划")}])}
    planned = item(("推进乡文化大楼建设，确定了兴建文化大楼计划。", "projects#0"))
    assert rules([heading("完善设施，改善城乡面貌"), planned], answers, "乡") == ["heading claims"]
    assert rules([heading("完善设施，推进项目建设"), planned], answers, "乡") == []
    built = item(("乡文化大楼已建成投用。", "projects#0"))
    assert rules([heading("完善设施，改善城乡面貌"), built], answers, "街道") == ["heading claims"]  # 城乡 for a 街道
    checked = item(("对照指标逐项落实，乡文化大楼已建成投用。", "support_items#0"))
    assert rules([heading("对标测评，做好迎检准备"), checked], answers, "乡") == ["heading claims"]  # no 迎检 said


def test_a_numbered_series_repeating_the_unit_or_numbering_a_result_is_found() -> None:  # defect 10
    answers = campaigns(("环境卫生", "清理垃圾"), ("背街小巷", "拆除违建"))
    repeated = [heading("突出重点，深化专项整治"), item(("一是我乡开展环境卫生整治，清理垃圾。", "campaigns#0")), item(("二是我乡开展背街小巷整治，拆除违建。", "campaigns#1"))]
    assert rules(repeated, answers) == ["numbered series"]
    result = [heading("突出重点，深化专项整治"), item(("开展环境卫生整治：一是清理垃圾；二是消除了安全隐患。", "campaigns#0"))]
    assert rules(result, answers) == ["numbered series"]


def test_an_item_under_a_heading_that_speaks_for_other_work_is_found() -> None:  # defects 7, 8
    answers = {
        "leading_group": GroupAnswer(items=[{"name": TextAnswer(text="精神文明建设领导小组")}]),
        "media": GroupAnswer(items=[{"details": said("向满洲里日报积极投稿，市级媒体刊登我镇信息36篇")}]),
    }
    group = item(("一是调整充实精神文明建设领导小组。", "leading_group#0"))
    media = item(("二是向满洲里日报积极投稿，市级媒体刊登我镇信息36篇。", "media#0"))
    assert rules([heading("健全机构，加强组织领导"), group, media], answers) == ["item under a heading not its own"]
    assert rules([heading("加强领导，强化宣传发动"), group, media], answers) == []  # a heading for both (headings.yaml joined)
    assert rules([heading("健全机构，加强组织领导"), group, heading("强化宣传，营造浓厚氛围"), media], answers) == []
    assert rules([heading("某某工作，另行安排"), group, media], answers) == []  # a heading the wording files do not know


def test_a_numbered_series_laid_out_two_ways_is_found() -> None:  # defect 10
    answers = campaigns(*((name, "清理卫生死角12处") for name in ("环境卫生", "背街小巷", "农贸市场")))
    points = [(f"{number}是{name}清理卫生死角12处。", f"campaigns#{index}") for index, (number, name) in enumerate(zip("一二三", ("环境卫生", "背街小巷", "农贸市场")))]
    uneven = [heading("突出重点，深化专项整治"), item(points[0]), item(points[1], points[2])]
    assert rules(uneven, answers) == ["numbered series laid out unevenly"]
    assert rules([heading("突出重点，深化专项整治"), item(*points)], answers) == []  # the series in one paragraph
    assert rules([heading("突出重点，深化专项整治"), *(item(point) for point in points)], answers) == []  # a paragraph per number


def test_heading_counts_are_per_draft() -> None:
    one = Document(title="t", blocks=[heading("甲，乙"), item(("开展工作。", "campaigns#0")), heading("甲，乙"), item(("开展工作。", "campaigns#1"))])
    assert heading_counts([one, one]) == {"甲，乙": 2}


def test_the_read_back_checker_finds_words_cut_units_and_empty_read_backs() -> None:  # defect 11
    assert [f.split(":")[0] for f in readback_glitches("定期召开会议", "记下了 0 个数字：\n不对的话回复「上一步」重新写。")] == ["read-back of no figures"]
    line = "3月起每周五组织志愿者一起清扫，开展为期6个月的整治，清理卫生死角1,000处，各部门一把手参加"
    wrong = "记下了 4 个数字：\n· 3月起：每周五组\n· 织志愿者：一起\n· 开展为期：6个\n· 清理卫生死角：1\n· 各部门：一把"
    found = [f.split(":")[0] for f in readback_glitches(line, wrong)]
    assert found.count("a word read as a figure") == 2 and found.count("a figure cut short") == 3
    right = "记下了 2 个数字：\n· 开展为期：6个月\n· 清理卫生死角：1,000处"
    assert readback_glitches(line, right) == []
