"""Work items -> paragraphs: one paragraph per item, each clause an answer the clerk gave.

A clause is the sub-question's ``pattern`` filled with the answer (「由党委书记任组长」)
in the unit's own words; a skipped answer takes its clause with it, and an item with no
answers leaves no paragraph. Figures are printed as the clerk wrote them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from dialogs.answers import Answer, GroupAnswer, ListAnswer, MultiAnswer
from dialogs.questionnaire import Question, Section, UnitTerms
from dialogs.wording import in_unit_words
from drafting.prose.facts import FactBook
from drafting.prose.headings import heading_for
from drafting.prose.paragraphs import plan_paragraphs
from drafting.prose.phrasing import fill, join_cn, sentence
from drafting.prose.provenance import Sourced, sourced

# Values that already begin with the verb a pattern would add: 「依据《……》」 is not 「制定印发依据《……》」.
_OWN_VERBS = ("依据", "根据", "按照", "对照", "制定", "印发", "出台", "下发", "转发", "修订", "召开", "成立", "开展", "组织", "在")


@dataclass
class SectionDraft:
    """A work section as drafting sees it: its title, its heading per layout, its paragraphs."""

    section: Section
    heading: str
    # Each paragraph a run of sentences, each with its own sources (drafting.prose.paragraphs).
    paragraphs: list[list[Sourced]] = field(default_factory=list)


@dataclass
class WorkDraft:
    """The work sections, and the year's results lifted out of them for the opening."""

    sections: list[SectionDraft]
    achievements: list[Sourced] = field(default_factory=list)
    # 辖区基本情况 typed as a kind of work: the facts a summary opens with, not a measure.
    background: list[Sourced] = field(default_factory=list)


# The section whose items may be results of the year (荣誉, 测评排名) rather than measures.
RESULTS_SECTION = "support"
# Kinds of that section that are results whatever they say.
RESULT_KINDS = ("荣誉",)
# Words that make an item of that section a result (a 测评 ranking, a title won, a task done).
# (Not 「获得」「排名」 alone: 「获得补助资金」 is money, 「排名公布」 a measure.)
RESULT_WORDS = ("排位", "排名提升", "排名第", "名列", "被评为", "荣获", "获评", "授予", "被命名", "称号", "完成了年度任务", "通过验收")


def work_sections(sections: list[Section], book: FactBook, terms: UnitTerms, layout: str) -> WorkDraft:
    """The work sections in order, their items' sentences planned into paragraphs (drafting.prose.paragraphs).

    A result of the year (a 测评 ranking, an honour) is not a measure: under 「加大投入」 it
    reads as misplaced, so it leaves its section for the opening (``achievements``).
    """
    drafts = []
    achievements: list[Sourced] = []
    background: list[Sourced] = []
    for section in sections:
        if section.role != "work":
            continue
        # 条目式 「关于……：」 lines name the topic (the title); the others take a stock heading.
        stock = section.title if layout == "itemized" else section.headings.get(layout, "") or section.headings.get("annual", "") or section.title  # type: ignore[call-overload]
        draft = SectionDraft(section, stock)
        kinds: set[str] = set()
        items: list[Sourced] = []
        for question in section.questions:
            answer = book.answers.get(question.id)
            if question.kind == "group" and isinstance(answer, GroupAnswer):
                book.used.add(question.id)
                said: list[Sourced] = []
                for index, item in enumerate(answer.items):
                    if question.catch_all and is_background(item, book):
                        # Said without its name: 「辖区基本情况」 is what the facts are, not words of the draft.
                        facts = item_paragraph(question, {k: v for k, v in item.items() if k != "name"}, book, terms, index)
                        background.extend([facts] if facts else [])
                        continue
                    paragraph = item_paragraph(question, item, book, terms, index)
                    if paragraph is None:
                        continue
                    if section.id == RESULTS_SECTION and is_result(item, book):
                        achievements.append(paragraph)
                        continue
                    said.append(paragraph)
                    kinds.update((question.id, f"{question.id}:{item_name(item, book)}"))
                items.extend(gather_alike(said, _subject_verb(question, terms)))
            elif question.kind == "multi":
                book.used.add(question.id)  # the chosen kinds are said by their items
        draft.heading = heading_for(section.id, kinds, layout, stock)
        # The progress layout numbers items 「一是……。」 itself: no series inside a series.
        draft.paragraphs = plan_paragraphs(items, ordinals=layout != "progress")
        drafts.append(draft)
    return WorkDraft(drafts, achievements, background)


def _subject_verb(group: Question, terms: UnitTerms) -> str:
    """「我镇召开」「我镇制定印发」: how every item of ``group`` begins when only its first
    answer (the meeting, the document) is said."""
    first = group.questions[0] if group.questions else None
    if first is None or not first.pattern or not first.pattern.endswith("{}") or not first.pattern.startswith("{we}"):
        return ""
    return in_unit_words(first.pattern[:-2], terms)


def gather_alike(sentences: list[Sourced], opening: str) -> list[Sourced]:
    """Items that are nothing but 「我镇召开……**次。」 as one sentence where the first of them
    stood: 「我镇召开创城专题部署动员会**次、创城工作培训会**次和创城内部工作会议**次。」 (the
    clerk's items, the subject and verb said once); items saying more stay as they are."""
    if len(opening) < 2:
        return sentences
    bare: list[tuple[str, tuple[str, ...]]] = []
    kept: list[Sourced | None] = []
    for item in sentences:
        text = item.text
        rest = text.removeprefix(opening).rstrip("。")
        if text.startswith(opening) and rest and not any(mark in rest for mark in "，；：。、和"):
            if not bare:
                kept.append(None)  # where the gathered sentence goes
            bare.append((rest, item.sources))
        else:
            kept.append(item)
    if len(bare) < 2:
        return sentences
    together = Sourced((f"{opening}{join_cn(rest for rest, _ in bare)}。",), tuple(dict.fromkeys(path for _, paths in bare for path in paths)))
    return [together if item is None else item for item in kept]


BACKGROUND_NAMES = ("基本情况", "概况")


def item_name(item: Mapping[str, Answer], book: FactBook) -> str:
    """The item's name as the clerk gave it (a picked kind or their own words), or ""."""
    name = book.display(item["name"]) if "name" in item else None
    return name if isinstance(name, str) else ""


def is_background(item: Mapping[str, Answer], book: FactBook) -> bool:
    """An item the clerk named 「辖区基本情况」: the unit's area, people and villages."""
    return any(word in item_name(item, book) for word in BACKGROUND_NAMES) and len(item) > 1


def is_result(item: Mapping[str, Answer], book: FactBook) -> bool:
    """An item that reports what the year achieved rather than what was done."""
    if item_name(item, book) in RESULT_KINDS:
        return True
    said = "".join(str(book.display(answer)) for key, answer in item.items() if key != "name")
    return any(word in said for word in RESULT_WORDS)


def is_label(group: Question, name: str, book: FactBook) -> bool:
    """A name that is one of the questionnaire's own kinds (「评选表彰/好人/道德模范」): a
    category, not the clerk's words, so the draft says the content and not 「在……方面」."""
    seed = book.questions.get(group.seeded_by or "")
    # Only a catch-all names its item by the kind picked (「开展环境卫生专项整治」 is words, not a label).
    return group.catch_all and seed is not None and name in seed.choices


def item_paragraph(group: Question, item: Mapping[str, Answer], book: FactBook, terms: UnitTerms, index: int) -> Sourced | None:
    """「5月19日下午，我街道召开动员大会，80余人参加。」 from one item's answers, sourced
    with the item and every answer it used; None when nothing of it is left to say."""
    front: list[str] = []
    clauses: list[str] = []
    paths: list[str] = [f"{group.id}#{index}"]
    said = _later_words(group, item, book)
    for sub in group.questions:
        answer = item.get(sub.id)
        if answer is None:
            continue
        book.used.add(f"{group.id}#{index}.{sub.id}")
        paths.append(f"{group.id}#{index}.{sub.id}")
        value = book.display(answer)
        if isinstance(answer, (ListAnswer, MultiAnswer)):
            value = "；".join(value)
        elif sub.id == "name" and isinstance(value, str):
            if is_label(group, value, book):
                continue
            value = value.replace("/", "、")  # a listed kind 「交通/客运秩序」 reads 「交通、客运秩序」
            if said.startswith(value.strip("“”")):
                continue  # 「在“四上一巡”工作方面，“四上一巡”工作按计划推进」: the details name it
            if sub.pattern == "{}" and value in said:
                continue  # 「移动花木箱，摆放移动花木箱……」: a bare name the details say anyway
        if index > 0 and sub.pattern and sub.pattern.endswith(_CAMPAIGN):
            # 「专项整治」 said by the first theme of the section is not said again by every other.
            sub = sub.model_copy(update={"pattern": sub.pattern.removesuffix(_CAMPAIGN) + _CAMPAIGN_AGAIN})
        clause = clause_for(sub, value, terms)
        if clauses and sub.id != "name" and isinstance(value, str):
            clauses[-1], clause = said_once(clauses[-1], clause)
        (front if sub.front else clauses).append(clause)
    return sourced(sentence(*front, *clauses, lead=in_unit_words(group.lead, terms)), paths)


# Verbs a name clause ends its pattern with that the clerk's details often say again.
_CLAUSE_VERBS = ("召开",)
_COUNT_START = re.compile(r"^(?:共|累计)?[0-9０-９XxＸ*？?]")


def said_once(named: str, details: str) -> tuple[str, str]:
    """「我镇召开动员会」 + 「召开**次」/「6月底召开，……」/「召开会议研究……」: the verb is said once.

    「我镇召开动员会**次」, 「我镇6月底召开动员会，……」, 「我镇召开……会议，研究……」: the clerk's
    words, with the verb they repeated left out.
    """
    for verb in _CLAUSE_VERBS:
        subject, found, meeting = named.partition(verb)
        if not found or not meeting:
            continue
        first, comma, rest = details.partition("，")
        if first.startswith(verb) and _COUNT_START.match(first[len(verb) :]):
            return f"{named}{first[len(verb):]}", rest  # 召开**次
        if first.endswith(verb) and len(first) > len(verb) and verb not in first[: -len(verb)]:
            return f"{subject}{first[: -len(verb)]}{verb}{meeting}", rest  # 6月底召开 / 定期召开
        if first.startswith(f"{verb}会议") and len(first) > len(verb) + 2:
            return named, f"{first[len(verb) + 2:]}{comma}{rest}"  # 召开会议研究制定……
    first, comma, rest = details.partition("，")
    if named.endswith(_STATUS_ENDS):
        return named, details
    if _STATUS.match(first):
        return f"{named}{first}", rest  # 「人工湖健康主题公园，正在建设」 -> 「……公园正在建设」
    built = _BUILT.match(first)
    if built and not named.startswith(("我", "在", "开展", "由")):
        return f"{built[1]}{named}{built[2]}", rest  # 「垃圾分类亭，新建64个」 -> 「新建垃圾分类亭64个」
    return named, details


# How a project's scale or progress is stated: it follows the project's name with no comma
# (「……工程上半年已完成」「……样板河全长1.5公里」「农村改厕涉及12个村」).
_STATUS = re.compile(r"^(?:上半年|下半年|今年|年内|年底前|\d+月(?:底|初|中旬|上旬|下旬)?)?(?:正在|已|现已|均已|预计|目前|尚未|基本完成|全面完成|按期|按计划|全长|涉及|总投资|总面积)")
# 「新建64个」: a verb and a count with the project's name left out.
_BUILT = re.compile(r"^(新建|建成|新增|安装|设置|改造|修复|硬化|铺设)(\d+(?:\.\d+)?[余多]?[个座处条块台套间公里米平方米]+)$")
_STATUS_ENDS = ("。", "，", "；", "：")


def _later_words(group: Question, item: Mapping[str, Answer], book: FactBook) -> str:
    """The first words of the item's first answer after its name, quotes aside."""
    for sub in group.questions:
        if sub.id != "name" and sub.id in item and not sub.front:
            value = book.display(item[sub.id])
            return value.lstrip("“") if isinstance(value, str) else ""
    return ""


_CAMPAIGN = "专项整治"
_CAMPAIGN_AGAIN = "整治"
# A theme ending in one of these is already a kind of work: 「开展沟塘河道整治」, 「开展联合检查」.
_WORK_NOUNS = ("整治", "检查", "清理", "治理", "管理", "整顿", "行动", "提升", "攻坚")
# A document named as the basis of the work, with nothing said of what was done by it.
_BASIS = ("依据", "根据", "按照")
# One-character prepositions a pattern and a clerk's answer may both begin with: 「在在县……」.
_PREPOSITIONS = ("在", "由", "对", "为", "向", "从")


def clause_for(question: Question, value: object, terms: UnitTerms) -> str:
    pattern = in_unit_words(question.pattern or "{}", terms)
    text = str(value or "")
    head, tail = pattern.split("{}", 1)
    if tail and text.endswith(tail.removeprefix("的")):
        pattern = head + "{}"  # 「针对……问题」 already says 「的问题」
    elif tail in (_CAMPAIGN, _CAMPAIGN_AGAIN) and text.endswith(_WORK_NOUNS):
        pattern = head + "{}"  # 「街道整治专项整治」「联合检查专项整治」: the theme names the work
    head = pattern.split("{}")[0]
    if head and text.startswith(_OWN_VERBS):
        # Keep the subject the pattern names (我乡) but not its verb: 我乡依据《……》.
        subject = terms.we if head.startswith(terms.we) else ""
        if text.startswith(_BASIS) and text.endswith(("》", "）")) and "，" not in text:
            text += "开展工作"  # 「我街道依据《……》。」 is half a sentence: what is done by it is the work itself
        return fill(subject + "{}" + pattern.split("{}", 1)[1], text)
    if head.endswith(_PREPOSITIONS) and text.startswith(head[-1]):
        return fill(head[:-1] + "{}" + pattern.split("{}", 1)[1], value)  # the clerk said 「在」 already
    return fill(pattern, value)
