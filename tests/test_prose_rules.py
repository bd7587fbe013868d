"""The prose rules of issue 15 as the checker sees them, and the unit-varied formulas."""

from __future__ import annotations

from dialogs.answers import TextAnswer
from dialogs.questionnaire import UnitTerms, load_questionnaire
from drafting.document import Document, Heading, Paragraph, Sentence
from drafting.prose.blocks import drop_lone_children
from drafting.prose.paragraphs import Topic, plan_paragraphs, split_statements
from drafting.prose.provenance import Sourced, sourced
from drafting.prose.render import render_document
from drafting.prose.samples import load_sample_state
from drafting.prose.framing import wording_text
from drafting.prose.wording import wording_for
from tests.support.prose_metrics import repeats_per_k
from tests.support.quality import doubled_words, find_glitches, fragment_glitches, typed_text

QUESTIONNAIRE = load_questionnaire()
WORDING = wording_for(QUESTIONNAIRE)
WORDS = WORDING.words
TERMS = UnitTerms(we="我乡", whole="全乡", sub="各村", signers=["{name}人民政府"])


def unwrap(piece: Sourced) -> tuple[str, list[str], str | None]:
    """A sourced piece as (its text, its sources, its formula)."""
    return piece.text, list(piece.sources), piece.formula


def _paragraph(*sentences: tuple[str, str | None]) -> Paragraph:
    items = [Sentence(text=text, sources=[] if key else ["x"], formula=key) for text, key in sentences]
    return Paragraph(spans=[{"text": "".join(s.text for s in items)}], sentences=items)


def _document(*blocks) -> Document:
    return Document(title="某某乡2019年创建文明城市工作总结", blocks=list(blocks))


def test_doubled_words_at_a_seam_are_found() -> None:
    document = _document(_paragraph(("开展环境卫生专项整治专项整治。", None)), _paragraph(("先后开展开展宣传。", None)))
    assert [f.split(":")[0] for f in doubled_words(document, typed="")] == ["doubled word", "doubled word"]
    assert doubled_words(document, typed="环境卫生专项整治专项整治；先后开展开展宣传") == []  # the clerk's own words


def test_several_document_titles_in_one_pair_of_book_marks_are_found() -> None:
    found = find_glitches(_document(_paragraph(("我乡制定《创建工作方案、考核办法和督查通知》。", None)), _paragraph(("依据《关于印发〈考核办法〉的通知》开展工作。", None))))
    assert len(found) == 1 and found[0].startswith("several titles")


def test_a_formula_echoing_the_sentence_before_it_is_found() -> None:
    paragraph = _paragraph(("四是推动创文工作再上新台阶。", None), ("我乡将推动文明创建工作再上新台阶。", "closing"))
    assert [f.split(":")[0] for f in find_glitches(_document(paragraph))] == ["same ending twice"]
    clerks_own = _paragraph(("召开部署会，召开3次。", None), ("召开推进会，召开3次。", None))
    assert find_glitches(_document(clerks_own)) == []


def test_a_connective_with_nothing_before_it_is_found() -> None:
    heading = Heading(level=2, number="（一）", title=[{"text": "培育新风，推进文明实践"}])
    orphan = _document(heading, _paragraph(("此外，开展道德讲堂3场。", None)))
    assert any(f.startswith("connective continuing nothing") for f in find_glitches(orphan))
    continued = _document(heading, _paragraph(("我乡评选文明家庭10户，表彰先进个人5名。", None)), _paragraph(("此外，开展道德讲堂3场。", None)))
    assert not any(f.startswith("connective") for f in find_glitches(continued))


def test_headings_of_one_level_must_share_a_shape_and_never_stand_alone() -> None:
    body = _paragraph(("我乡成立创建工作领导小组，由乡党委书记任组长。", None))
    mixed = _document(
        Heading(level=2, number="（一）", title=[{"text": "健全机构，组织保障有力"}]), body,
        Heading(level=2, number="（二）", title=[{"text": "培育文明新风，实践扎实开展"}]), body,
    )
    assert any(f.startswith("headings of level 2 not parallel") for f in find_glitches(mixed))
    # The part after the comma names what the section states (issue 23): its length is free.
    named = _document(
        Heading(level=2, number="（一）", title=[{"text": "健全机构，组织保障有力"}]), body,
        Heading(level=2, number="（二）", title=[{"text": "突出重点，深化市容市貌整治"}]), body,
    )
    assert find_glitches(named) == []
    lone = [Heading(level=1, number="一、", title=[{"text": "自查情况"}]), Heading(level=2, number="（一）", title=[{"text": "健全机构，组织保障有力"}]), body]
    assert any(f.startswith("lone child") for f in find_glitches(_document(*lone)))
    assert [b.text for b in drop_lone_children(lone)] == ["自查情况", body.text]


def test_a_short_paragraph_beside_others_is_a_fragment_but_a_sections_only_answer_is_not() -> None:
    heading = Heading(level=2, number="（二）", title=[{"text": "强化宣传，营造浓厚氛围"}])
    long = _paragraph(("我乡制作固定标语12条，内容涵盖交通安全、生活习惯养成、护林防火，悬挂横幅15条以上。", None))
    short = _paragraph(("累计完成小街巷整治3条。", None))
    assert fragment_glitches(_document(heading, long, short)) == ["fragment: 累计完成小街巷整治3条。"]
    assert fragment_glitches(_document(heading, short)) == []


def test_long_items_are_cut_at_their_statements_and_short_ones_gathered() -> None:
    item = sourced("开展消防安全专项整治，对旧屋区消防设施进行摸底检查和缺损添补；为过期灭火器换药300多具，新增灭火器120具。", "campaigns#2", "campaigns#2.details")
    assert [unwrap(s) for s in split_statements(item)] == [
        ("开展消防安全专项整治，对旧屋区消防设施进行摸底检查和缺损添补。", ["campaigns#2", "campaigns#2.details"], None),
        ("为过期灭火器换药300多具，新增灭火器120具。", ["campaigns#2", "campaigns#2.details"], None),
    ]
    series = sourced("一是摸底检查消防设施情况；二是为过期灭火器换药300多具。", "campaigns#2")
    assert split_statements(series) == [series]
    short = [sourced("我乡召开动员大会。", "meetings#0"), sourced("我乡召开推进会。", "meetings#1")]
    meetings = Topic("meetings", frozenset({"meetings"}), short)
    assert ["".join(s.text for s in p) for p in plan_paragraphs([meetings], WORDS)] == ["我乡召开动员大会。我乡召开推进会。"]
    # Items of different kinds never share a paragraph, however short (issue 23).
    inspection = Topic("inspections", frozenset({"inspections"}), [sourced("开展督查。", "inspections#0")])
    assert len(plan_paragraphs([meetings, inspection], WORDS)) == 2


def test_formulas_are_chosen_per_unit_and_stable() -> None:
    units = ["城关镇", "河口乡", "新华街道", "东城街道", "白水镇", "青山乡"]
    closings = {unit: wording_text(WORDING, "closing", unit, TERMS) for unit in units}
    assert len(set(closings.values())) > 1  # a county's units do not all close alike
    assert all(wording_text(WORDING, "closing", unit, TERMS) == text for unit, text in closings.items())
    assert all(text in [w.text.format(we="我乡", whole="全乡", name=unit) for w in WORDING.formulas["closing"]] for unit, text in closings.items())
    drafts = {}
    for unit in units:
        state = load_sample_state("reference1")
        state = state.model_copy(update={"answers": {**state.answers, "unit_name": TextAnswer(text=unit)}})
        drafts[unit] = render_document(QUESTIONNAIRE, state, "annual")
    bodies = {unit: "\n".join(b.text for b in d.blocks if isinstance(b, Paragraph)) for unit, d in drafts.items()}
    assert len(set(bodies.values())) == len(units)  # same answers, six units: six different texts


def test_a_closing_never_echoes_the_plan_before_it() -> None:
    for unit in ["城关镇", "河口乡", "新华街道", "东城街道", "白水镇", "青山乡", "某某乡"]:
        text = wording_text(WORDING, "closing", unit, TERMS, avoid="四是以深入开展文明创建活动为载体，推动创文工作再上新台阶")
        assert not text.endswith("再上新台阶。")


def test_repeats_per_thousand_counts_each_repeat_of_a_four_character_run() -> None:
    assert repeats_per_k("专项整治专项整治") == 1000 * 1 / 8  # 专项整治 twice: one repeat in 8 characters
    assert repeats_per_k("开展宣传，开展整治。") == 0.0


def test_long_titles_break_only_between_their_words() -> None:
    from dialogs.answers import PeriodAnswer
    from drafting.prose.framing import title_words
    from drafting.title_lines import title_breaks

    period = PeriodAnswer(year=2019, span="上半年")
    for genre in ("工作总结", "工作汇报（进展情况）", "自查报告", "专项行动小结"):
        for name in ("青山镇", "新华街道", "河口新区镇", "东城区城关镇", "东城区新华街道", "经济开发区管委会"):
            words = title_words(WORDING.frame(genre), name, period)
            title = "".join(words)
            breaks = title_breaks(words)
            boundaries = {sum(len(w) for w in words[: i + 1]) for i in range(len(words))}
            lines = [title[a:b] for a, b in zip((0, *breaks), (*breaks, len(title)))]
            assert set(breaks) <= boundaries and min(map(len, lines)) >= 2, lines
    assert title_breaks(title_words(WORDING.frame("工作总结"), "青山镇", None)) == []  # short: one line


def test_a_slot_does_not_repeat_the_words_around_it() -> None:
    from drafting.prose.phrasing import fill

    assert fill("以{}为指导", "以党的十九大精神为指导") == "以党的十九大精神为指导"
    assert fill("以{}为指导", "党的十九大精神为指导") == "以党的十九大精神为指导"
    assert fill("开展{}专项整治", "环境卫生专项整治") == "开展环境卫生专项整治"
    assert fill("在{}方面", "在职党员") == "在在职党员方面"  # one character is not a word to drop
    assert fill("以{}为指导", "党的十九大精神") == "以党的十九大精神为指导"


def _with_support_items(*items: tuple[str, str]) -> object:
    """Reference 【一】 whose 保障与成效 holds ``items`` as (kind, what the clerk said)."""
    from dialogs.answers import GroupAnswer, MultiAnswer
    from dialogs.figures import parse_figures

    state = load_sample_state("reference1")
    details = QUESTIONNAIRE.question("support_items").questions[1]
    group = GroupAnswer(items=[{"name": TextAnswer(text=kind), "details": parse_figures(said, details)} for kind, said in items])
    answers = {**state.answers, "support_work": MultiAnswer(items=[kind for kind, _ in items]), "support_items": group}
    return state.model_copy(update={"answers": answers})


def test_category_labels_never_become_prose() -> None:
    document = render_document(QUESTIONNAIRE, load_sample_state("reference1"), "annual")
    text = "".join(b.text for b in document.blocks if isinstance(b, Paragraph))
    assert "深入开展文明村民、文明家庭、文明楼院等评比活动" in text and "方面，深入开展" not in text
    leak = _document(_paragraph(("在评选表彰、好人、道德模范方面，深入开展文明家庭评比活动。", None)))
    assert [f.split(":")[0] for f in find_glitches(leak)] == ["category label as prose"]
    clerks_topic = _document(_paragraph(("在河长制长效管理方面，落实河长制。", None)))
    assert find_glitches(clerks_topic) == []


def test_results_of_the_year_open_the_draft_and_an_old_honour_keeps_its_year() -> None:
    state = _with_support_items(("经费投入", "投入创建经费近百万元"), ("荣誉", "2011年被评为省级文明乡镇"), ("测评对标/迎检", "在县文明程度指数年度测评中排位提升"))
    for layout in ("annual", "progress", "itemized"):
        document = render_document(QUESTIONNAIRE, state, layout)
        opening = document.blocks[0]
        assert isinstance(opening, Paragraph)
        said = [s.text for s in opening.sentences]
        # this year's result first, the 2011 honour after it with its own date, then the report line
        assert said[1:4] == ["我乡在县文明程度指数年度测评中排位提升。", "我乡2011年被评为省级文明乡镇。", "现将全年工作总结如下："], said
        assert opening.sentences[2].sources[0].startswith("support_items#1")
        rest = "".join(b.text for b in document.blocks[1:] if isinstance(b, Paragraph))
        assert "投入创建经费近百万元" in rest and "排位提升" not in rest and "被评为" not in rest
        assert find_glitches(document) == []
    heading = Heading(level=2, number="（一）", title=[{"text": "加大投入，保障成效明显"}])
    misplaced = _document(heading, _paragraph(("在县文明程度指数年度测评中排位提升，完成了年度任务。", None)))
    assert [f.split(":")[0] for f in find_glitches(misplaced)] == ["a result under an unrelated heading 加大投入，保障成效明显"]
    problems = Heading(level=1, number="一、", title=[{"text": "存在问题"}])
    opens_problems = _document(problems, _paragraph(("我乡在测评中排位提升，完成了年度任务。", None), ("但仍有不足。", None)))
    assert [f.split(":")[0] for f in find_glitches(opens_problems)] == ["a result opens 存在问题"]
    as_this_year = _document(_paragraph(("2019年，我乡2011年被评为省级文明乡镇。", None)))
    assert [f.split(":")[0] for f in find_glitches(as_this_year)] == ["an earlier year's result as this year's"]


def test_a_figures_verb_fits_what_it_counts_and_a_running_total_is_a_total() -> None:
    from tests.support.quality import verb_object_glitches

    assert verb_object_glitches("利用约92块LED显示屏滚动播放文明标语，悬挂横幅15条以上，劝导车辆45辆，发放宣传资料200余份") == []
    assert verb_object_glitches("动员约92块LED显示屏滚动播放文明标语") == ["verb does not fit its object: 动员约92块LED显示屏"]
    assert verb_object_glitches("发放横幅15条，悬挂宣传资料200余份") == ["verb does not fit its object: 发放横幅1", "verb does not fit its object: 悬挂宣传资料2"]
    assert verb_object_glitches("更换垃圾箱，宣传标语进村入户") == []  # no figure: nothing counted
    sub_count = "为7个小区累计新增灭火器120具；新增灭火器170多具"
    assert verb_object_glitches(sub_count) == ["累计 for a sub-count: 累计新增灭火器120"]
    assert verb_object_glitches("为7个小区新增灭火器50具，全年累计新增灭火器170具") == []  # the largest: a real total
    for sample in ("reference1", "reference5"):
        document = render_document(QUESTIONNAIRE, load_sample_state(sample), "annual")
        assert [f for f in find_glitches(document) if f.startswith(("verb", "累计"))] == []


def test_headings_follow_the_sections_content_one_shape_and_distinct_endings() -> None:
    for layout in ("annual", "progress"):
        for section, rules in WORDING.heading_rules.items():
            said = [option.text for rule in rules for option in rule.headings.get(layout, ())]
            said += [option.text for option in WORDING.files.headings[section].default.get(layout, [])]
            assert all(len(text.split("，")) == 2 and len(text.split("，")[0]) == 4 for text in said), (layout, section)
    # A 督查组 alone is no section of its own (reference 【五】): it joins the section after it
    # under a heading that speaks for both (headings.yaml joined), never 「健全机构」 alone.
    document = render_document(QUESTIONNAIRE, load_sample_state("reference5"), "annual")
    headings = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 2]
    assert headings[0] == "加强领导，强化宣传发动" and not any(text.startswith("健全机构") for text in headings)
    assert find_glitches(document) == []
    alike = _document(
        Heading(level=2, number="（一）", title=[{"text": "健全机构，组织保障有力"}]), _paragraph(("我乡成立领导小组。", None)),
        Heading(level=2, number="（二）", title=[{"text": "严格督查，督促检查有力"}]), _paragraph(("我乡开展督查。", None)),
    )
    assert [f.split(" (")[0] for f in find_glitches(alike)] == ["headings ending alike"]


def test_an_item_of_purpose_and_measures_reads_as_one_sentence() -> None:
    from drafting.prose.paragraphs import measures_series

    paths = ("campaigns#3", "campaigns#3.details")
    item = sourced(
        "开展校园周边专项整治，以校园安全为重点，乡创文办、乡食安办齐抓共管：针对小卖部问题开展集中整治；对周边餐馆进行彻底清查；加大日常保洁力度；校园周边秩序明显改善。",
        *paths,
    )
    assert [unwrap(s) for s in measures_series(item, WORDS)] == [
        ("开展校园周边专项整治，以校园安全为重点，乡创文办、乡食安办齐抓共管：一是针对小卖部问题开展集中整治；二是对周边餐馆进行彻底清查；三是加大日常保洁力度。", list(paths), None),
        ("校园周边秩序明显改善。", list(paths), None),
    ]
    uncounted = [unwrap(s)[0] for s in measures_series(item, WORDS, ordinals=False)]
    assert uncounted[0].endswith("：针对小卖部问题开展集中整治；对周边餐馆进行彻底清查；加大日常保洁力度。")
    one_measure = sourced("开展环境卫生专项整治，以治理乱扔垃圾为重点，落实工作机制；集中开展专项行动；劝导车辆45辆，批评教育100余人次。", *paths)
    assert [unwrap(s)[0] for s in measures_series(one_measure, WORDS)] == ["开展环境卫生专项整治，以治理乱扔垃圾为重点，落实工作机制；集中开展专项行动。", "劝导车辆45辆，批评教育100余人次。"]
    no_purpose = sourced("开展消防安全专项整治，对旧屋区消防设施进行摸底检查；为过期灭火器换药300多具。", *paths)
    assert measures_series(no_purpose, WORDS) == []  # two statements, no purpose: cut into sentences as before
    named = sourced("开展消防安全专项整治，对旧屋区消防设施进行摸底检查；为过期灭火器换药300多具；6月16日组织消防演练；新增灭火器170多具。", *paths)
    assert [unwrap(s)[0] for s in measures_series(named, WORDS)] == [
        "开展消防安全专项整治：一是对旧屋区消防设施进行摸底检查；二是为过期灭火器换药300多具；三是6月16日组织消防演练。",
        "新增灭火器170多具。",
    ]  # the item's name leads its many measures
    # In drafts: the reference 【一】 item reads as a whole; the checker finds the chain of sentences.
    document = render_document(QUESTIONNAIRE, load_sample_state("reference1"), "annual")
    assert "齐抓共管，整体联动：一是针对中心校小学周边小卖部问题开展集中整治；二是" in "".join(b.text for b in document.blocks if isinstance(b, Paragraph))
    chain = Paragraph(
        spans=[{"text": "以校园安全为重点，齐抓共管。对餐馆进行清查。加大保洁力度。"}],
        sentences=[Sentence(text=t, sources=list(paths)) for t in ("以校园安全为重点，齐抓共管。", "对餐馆进行清查。", "加大保洁力度。")],
    )
    assert [f.split(" sentences")[0] for f in find_glitches(_document(chain))] == ["item stitched from 3"]


def test_numbered_paragraphs_keep_each_sentences_own_sources() -> None:
    from drafting.prose.blocks import paragraph_of
    from drafting.prose.phrasing import numbered_paragraphs

    planned = [sourced("开展街道整治专项整治，整治集镇街面。", "campaigns#1"), sourced("开展沟塘河道整治，整治沟塘河道。", "campaigns#2")]
    first, second = numbered_paragraphs([planned, sourced("召开推进会。", "meetings#0")])
    assert [(s.text, s.sources) for s in paragraph_of(first).sentences] == [
        ("一是开展街道整治专项整治，整治集镇街面。", ["campaigns#1"]),
        ("开展沟塘河道整治，整治沟塘河道。", ["campaigns#2"]),
    ]
    assert [(s.text, s.sources) for s in paragraph_of(second).sentences] == [("二是召开推进会。", ["meetings#0"])]


def test_the_closing_is_never_the_only_thing_under_a_heading() -> None:
    from tests.support.interview_replay import SCRIPTS_DIR, read_script, replay

    # Dev-set 04 picks no 保障与成效 work and has no 存在问题 or 下一步: the closing follows 文明实践.
    state = replay(QUESTIONNAIRE, read_script(SCRIPTS_DIR / "devset_04.txt")).state
    for layout in ("annual", "progress", "itemized"):
        document = render_document(QUESTIONNAIRE, state, layout)
        texts = [b.text for b in document.blocks]
        assert not any(text.startswith(("加大投入", "强化保障", "关于保障与成效")) for text in texts) and find_glitches(document) == [], (layout, texts)
    heading = Heading(level=2, number="（一）", title=[{"text": "加大投入，经费保障到位"}])
    closing = _paragraph(("我乡将持续巩固创建成果。", "closing"))
    assert [f.split(":")[0] for f in find_glitches(_document(heading, closing))] == ["heading over formulas only"]


def _item(group_id: str, unit_type: str = "镇", **answers: str) -> str:
    """One work item of ``group_id`` as drafting says it, its answers typed as given."""
    from dialogs.answers import ChoiceAnswer, FiguresAnswer
    from dialogs.figures import parse_figures
    from dialogs.wording import unit_terms
    from drafting.prose.facts import FactBook
    from drafting.prose.items import item_paragraph

    group = QUESTIONNAIRE.question(group_id)
    kinds = {sub.id: sub for sub in group.questions}
    item = {key: parse_figures(text, kinds[key]) if kinds[key].kind == "figures" else TextAnswer(text=text) for key, text in answers.items()}
    assert all(not isinstance(value, FiguresAnswer) or value.raw for value in item.values())
    facts = {"unit_type": ChoiceAnswer(choice=unit_type)}
    book = FactBook(QUESTIONNAIRE, facts)
    said = item_paragraph(group, item, book, unit_terms(QUESTIONNAIRE, facts), 0, WORDING)
    assert said is not None
    return said.text


def test_a_meetings_verb_is_said_once_and_bare_meetings_are_gathered() -> None:
    from drafting.prose.items import gather_alike

    assert _item("meetings", name="创城专题部署动员会", details="召开**次") == "我镇召开创城专题部署动员会**次。"
    assert _item("meetings", name="动员会", details="6月底召开，各单位负责人参加") == "我镇6月底召开动员会，各单位负责人参加。"
    assert _item("meetings", "社区", name="社区创文会议", details="召开会议研究制定创文工作方案") == "我社区召开社区创文会议研究制定创文工作方案。"
    assert _item("lectures", name="文明礼仪知识培训", details="对居民和中小学生开展培训，迎接市迎评验收") == "对居民和中小学生开展文明礼仪知识培训，迎接市迎评验收。"
    assert _item("meetings", name="例会", details="每周一次，共召开**次") == "我镇召开例会，每周一次，共召开**次。"  # a total, said by the clerk
    items = [sourced("我镇召开动员会**次。", "meetings#0"), sourced("我镇召开例会，每周一次。", "meetings#1"), sourced("我镇召开培训会**次。", "meetings#2")]
    assert [unwrap(s) for s in gather_alike(items, "我镇召开")] == [
        ("我镇召开动员会**次和培训会**次。", ["meetings#0", "meetings#2"], None),
        ("我镇召开例会，每周一次。", ["meetings#1"], None),
    ]
    typed_out = _document(_paragraph(("我镇召开动员会**次。", None), ("我镇召开培训会**次。", None), ("我镇召开例会**次。", None)))
    assert [f.split(":")[0] for f in find_glitches(typed_out)] == ["sentences opening alike"]


def test_a_projects_name_and_its_progress_read_as_one_clause() -> None:
    assert _item("projects", name="人工湖健康主题公园", details="正在建设") == "人工湖健康主题公园正在建设。"
    assert _item("projects", name="镇人民路白改黑工程", details="上半年已完成") == "镇人民路白改黑工程上半年已完成。"
    assert _item("projects", name="垃圾分类亭", details="新建64个") == "新建垃圾分类亭64个。"
    assert _item("projects", name="农村改厕", details="涉及12个村、1652户，正在推进") == "农村改厕涉及12个村、1652户，正在推进。"
    # A result of its own: the name is not its subject before a comma, but what was done.
    assert _item("projects", name="村庄建设", details="完成整洁村21个") == "推进村庄建设，完成整洁村21个。"
    document = render_document(QUESTIONNAIRE, load_sample_state("reference1"), "annual")
    assert find_glitches(document) == []


def test_the_closing_neither_says_next_step_again_nor_opens_as_the_plan_lead() -> None:
    plans = Heading(level=1, number="一、", title=[{"text": "下一步工作打算"}])
    again = _document(plans, _paragraph(("下一步，我乡将重点抓好以下工作：一是巩固成果；二是建立机制。", None)))
    assert [f.split(":")[0] for f in find_glitches(again)] == ["下一步 twice"]
    echo = _document(plans, _paragraph(("河口乡将重点抓好以下工作：一是巩固成果；二是建立机制。", None)), _paragraph(("河口乡将保持力度不减。", "closing")))
    assert [f.split(":")[0] for f in find_glitches(echo)] == ["a formula opening as its neighbour"]
    for unit in ("城关镇", "河口乡", "新华街道", "东城街道", "白水镇", "青山乡", "某某乡"):
        state = load_sample_state("reference1")
        state = state.model_copy(update={"answers": {**state.answers, "unit_name": TextAnswer(text=unit)}})
        document = render_document(QUESTIONNAIRE, state, "annual")
        texts = [block.text for block in document.blocks]
        after_plans = texts[next(index for index, text in enumerate(texts) if "以下" in text) + 1 :]
        # The last plan (「推动创文工作再上新台阶」) closes the draft itself; any closing after it
        # neither says 下一步 nor opens as the plans' lead.
        assert not any(text.startswith(("下一步", f"{unit}将")) for text in after_plans) and find_glitches(document) == [], after_plans


def test_a_basis_document_is_never_half_a_sentence() -> None:
    from tests.support.interview_replay import SCRIPTS_DIR, read_script, replay

    state = replay(QUESTIONNAIRE, read_script(SCRIPTS_DIR / "devset_06.txt")).state
    text = "".join(b.text for b in render_document(QUESTIONNAIRE, state, "annual").blocks)
    assert "依据《街道2011年全国文明城市测评迎评工作组组成人员及工作职责》开展工作。" in text
    half = _document(_paragraph(("我街道依据《测评迎评工作职责》。", None)))
    assert [f.split(":")[0] for f in find_glitches(half)] == ["half a sentence"]


def test_basic_facts_typed_as_a_kind_of_work_open_the_draft() -> None:
    from tests.support.interview_replay import SCRIPTS_DIR, read_script, replay

    state = replay(QUESTIONNAIRE, read_script(SCRIPTS_DIR / "devset_07.txt")).state
    for layout in ("annual", "progress", "itemized"):
        document = render_document(QUESTIONNAIRE, state, layout)
        opening = document.blocks[0]
        assert isinstance(opening, Paragraph) and opening.text.startswith("街道总面积X平方公里"), layout
        assert opening.sentences[0].sources[0] == "organization_custom#0"
        assert "基本情况" not in "".join(b.text for b in document.blocks) and find_glitches(document) == []
    as_work = _document(_paragraph(("在辖区基本情况方面，街道总面积X平方公里。", None)))
    assert [f.split(":")[0] for f in find_glitches(as_work)] == ["basic facts as a kind of work"]


def test_a_theme_that_is_a_kind_of_work_is_not_made_one_again() -> None:
    assert _item("campaigns", name="沟塘河道整治") == "开展沟塘河道整治。"
    assert _item("campaigns", name="联合检查") == "开展联合检查。"
    assert _item("campaigns", name="环境卫生") == "开展环境卫生专项整治。"
    twice = _document(_paragraph(("开展街道整治专项整治，整治集镇街面。", None)))
    assert [f.split(":")[0] for f in find_glitches(twice)] == ["the work named twice"]


def test_itemized_lead_ins_name_the_sections_topic() -> None:
    document = render_document(QUESTIONNAIRE, load_sample_state("reference5"), "itemized")
    lead_ins = [b.text for b in document.blocks if isinstance(b, Paragraph) and b.lead_in]
    assert lead_ins[0] == "关于组织领导和宣传发动：" and "关于专项整治：" in lead_ins  # the 督查组 joined 宣传发动


def test_zhuanxiang_zhengzhi_is_said_once_per_section_by_the_drafting() -> None:
    document = render_document(QUESTIONNAIRE, load_sample_state("reference5"), "annual")
    text = "".join(b.text for b in document.blocks if isinstance(b, Paragraph))
    # The first theme says the work, the later ones lead their own account (issue 23).
    assert "开展背街小巷专项整治" in text and "在无物业小区整治中" in text and "在消防安全整治中" in text
    typed = typed_text(load_sample_state("reference5").answers)
    assert text.count("专项整治") <= typed.count("专项整治") + 1  # the clerk's own, and the first theme's


def test_documents_named_alone_are_one_sentence() -> None:
    from dialogs.answers import GroupAnswer, MultiAnswer

    state = load_sample_state("reference5")
    titles = ("《创建工作实施方案》", "《创建工作考核办法》", "《创建工作督查制度》")
    answers = {
        **state.answers,
        "organization_work": MultiAnswer(items=["方案与依据文件"]),
        "documents": GroupAnswer(items=[{"title": TextAnswer(text=title)} for title in titles]),
    }
    document = render_document(QUESTIONNAIRE, state.model_copy(update={"answers": answers}), "annual")
    text = "".join(b.text for b in document.blocks if isinstance(b, Paragraph))
    assert "制定印发《创建工作实施方案》、《创建工作考核办法》和《创建工作督查制度》。" in text
    assert find_glitches(document) == []


def _topic(group: str, text: str) -> Topic:
    return Topic(group, frozenset({group}), [sourced(text, f"{group}#0", f"{group}#0.details")])


def test_a_thin_section_joins_another_only_under_a_heading_for_both() -> None:
    from drafting.prose.sections import plan_sections

    sections = {section.id: section for section in QUESTIONNAIRE.sections}
    media = (sections["publicity"], [_topic("media", "向日报积极投稿，市级媒体刊登我镇信息36篇。")])
    campaign = (sections["campaigns"], [_topic("campaigns", "上半年集中开展整治行动，彻底清理违章搭建，" * 4)])
    civility = (sections["civility"], [_topic("civility_items", "春节期间组织秧歌表演队沿主要街道到各单位、广场表演，" * 4)])
    # 宣传发动 and 专项整治 have no heading together: the thin one stands alone under its own.
    alone = plan_sections([media, campaign], "annual", WORDING, "城乡", False, "我镇")
    assert [draft.heading for draft in alone] == ["强化宣传，营造浓厚氛围", "突出重点，深化专项整治"]
    # With 文明实践 (first in its merge list) it joins it, under a heading that says both.
    joined = plan_sections([media, campaign, civility], "annual", WORDING, "城乡", False, "我镇")
    assert [draft.heading for draft in joined] == ["突出重点，深化专项整治", "强化宣传，培育文明新风"]
    assert [origin.id for origin in joined[1].origins] == ["civility", "publicity"]


def test_a_thin_pair_joins_a_third_section_only_under_a_heading_for_the_three() -> None:
    from drafting.prose.sections import plan_sections

    sections = {section.id: section for section in QUESTIONNAIRE.sections}
    group = (sections["organization"], [_topic("meetings", "召开创建工作推进会3次。")])
    media = (sections["publicity"], [_topic("media", "印发宣传画册750份。")])
    campaign = (sections["campaigns"], [_topic("campaigns", "上半年集中开展整治行动，彻底清理违章搭建，" * 4)])
    civility = (sections["civility"], [_topic("civility_items", "春节期间组织秧歌表演队沿主要街道到各单位、广场表演，" * 4)])
    # 组织领导 + 宣传发动 is still thin: it joins 专项整治 under a heading for the three.
    three = plan_sections([group, media, campaign], "annual", WORDING, "城乡", False, "我镇")
    assert [draft.heading for draft in three] == ["加强领导，宣传整治并举"]
    assert {origin.id for origin in three[0].origins} == {"organization", "publicity", "campaigns"}
    # No heading speaks for 组织领导, 宣传发动 and 文明实践 with 专项整治: the thin pair
    # joins 文明实践 (a heading for the three), 专项整治 keeps its own.
    four = plan_sections([group, media, civility, campaign], "annual", WORDING, "城乡", False, "我镇")
    assert [draft.heading for draft in four] == ["加强领导，宣传引导文明新风", "突出重点，深化专项整治"]
    # 工作保障 + 文明实践 have a heading, the two with 专项整治 none: the thin pair stands alone.
    funds = (sections["support"], [_topic("support_items", "投入经费20万元。")])
    small = (sections["civility"], [_topic("civility_items", "组织秧歌表演3场。")])
    alone = plan_sections([funds, small, campaign], "annual", WORDING, "城乡", False, "我镇")
    assert [draft.heading for draft in alone] == ["强化保障，推进文明实践", "突出重点，深化专项整治"]


def test_a_numbered_series_is_one_paragraph_per_number_or_one_paragraph() -> None:
    from drafting.prose.phrasing import SHORT_POINT, numbered_points

    long = [[sourced("组织干部群众开展环境卫生集中整治行动，清理卫生死角、背街小巷和河道沟渠，" + "清运垃圾" * 3 + "。", f"campaigns#{n}")] for n in range(3)]
    assert all(len(point[0].text) >= SHORT_POINT for point in long)
    assert [p[0].text[:2] for p in numbered_points(long)] == ["一是", "二是", "三是"]  # each its own paragraph
    short = [*long[:2], [sourced("组织年轻干部调训学习。", "study#0")]]
    together = numbered_points(short)
    assert len(together) == 1 and [s.text[:2] for s in together[0]] == ["一是", "二是", "三是"]  # never two alone and one run in
