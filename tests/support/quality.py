"""What a clerk must never see in a draft, as a checker the tests run (test support, not product).

``find_glitches(document)`` lists every problem it finds: empty parentheses, doubled
or clashing punctuation, a half-width comma or period between Chinese characters, a
unit with no number before it (「标语条」), a numbering gap, an empty heading, 「一是」
without 「二是」, leaked internal markers or a printed ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from dialogs.answers import Answer, GroupAnswer
from dialogs.questionnaire import Question, load_questionnaire
from drafting.document import Block, Document, Heading, Paragraph, Sentence
from drafting.prose.provenance import FORMULAS
from drafting.prose.blocks import heading_number

_CHECKS: list[tuple[str, re.Pattern[str]]] = [
    ("empty brackets", re.compile(r"[（(]\s*[)）]|“\s*”|《\s*》")),
    ("doubled punctuation", re.compile(r"[，。；：、]{2,}")),
    ("half-width mark between Chinese", re.compile(r"[\u4e00-\u9fff][,.;:][\u4e00-\u9fff]")),
    ("internal marker", re.compile(r"[\ue000-\ue0ff]")),
    ("None printed", re.compile(r"None")),
]


def block_text(block: Block) -> str:
    if isinstance(block, Heading):
        return block.full_text + "".join(span.text for span in block.body)
    return block.text


def find_glitches(document: Document) -> list[str]:
    """Every glitch in the document, each as 「kind: the text around it」; [] when clean."""
    found: list[str] = []
    texts = [document.title, *(block_text(block) for block in document.blocks)]
    for text in texts:
        for kind, pattern in _CHECKS:
            for match in pattern.finditer(text):
                found.append(f"{kind}: …{text[max(0, match.start() - 12) : match.end() + 12]}…")
        for match in _unit_without_number().finditer(text):
            found.append(f"unit without a number: …{text[max(0, match.start() - 12) : match.end() + 12]}…")
    found.extend(_numbering_glitches(document.blocks))
    found.extend(_empty_heading_glitches(document.blocks))
    found.extend(_enumeration_glitches(document.blocks))
    found.extend(prose_glitches(document))
    return found


@cache
def _unit_without_number() -> re.Pattern[str]:
    """「制作固定标语条」: the wording's words before a figure, then a unit, but no figure.

    The words are what the wording files write right before a slot (e.g. 「标语{count}」),
    the units those of the questionnaire's number questions.
    """
    from drafting.prose.wording import wording_for  # late: wording loads files

    stems: set[str] = set()
    for said in wording_for(load_questionnaire()).items.values():
        for pattern in (pattern for clause in said.sentence for pattern in clause):
            stems.update(match[-2:] for match in re.findall(r"([\u4e00-\u9fff]{2})\{[a-z_]+\}", pattern.text))
    units: set[str] = set()
    for _, question in load_questionnaire().questions():
        units.update(sub.unit for sub in [question, *question.questions] if sub.unit)
    if not stems or not units:
        # Figures are printed as the clerk typed them (FiguresAnswer): nothing to check.
        return re.compile(r"(?!)")
    unit_pattern = "|".join(sorted(map(re.escape, units), key=len, reverse=True))
    # The unit ends the clause: 「单位名称」 is a word, 「标语条，」 a glitch.
    return re.compile(f"(?:{'|'.join(sorted(stems))})(?:{unit_pattern})(?![\u4e00-\u9fff])")


def _numbering_glitches(blocks: list[Block]) -> list[str]:
    counters = [0] * 5
    found = []
    for block in blocks:
        if not isinstance(block, Heading):
            continue
        counters[block.level] += 1
        for deeper in range(block.level + 1, 5):
            counters[deeper] = 0
        expected = heading_number(block.level, counters[block.level])
        if block.number != expected:
            found.append(f"numbering: {block.full_text} (expected {expected})")
    return found


def _empty_heading_glitches(blocks: list[Block]) -> list[str]:
    found = []
    for index, block in enumerate(blocks):
        if not isinstance(block, Heading) or block.body:
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if following is None or (isinstance(following, Heading) and following.level <= block.level):
            found.append(f"empty heading: {block.full_text}")
            continue
        below = []
        for later in blocks[index + 1 :]:
            if isinstance(later, Heading) and later.level <= block.level:
                break
            below.append(later)
        if all(isinstance(b, Paragraph) and b.sentences and all(s.formula for s in b.sentences) for b in below):
            found.append(f"heading over formulas only: {block.full_text}")
    return found


# 「一是」 opening an enumeration, not the end of 「十一是」 or 「二十一是」 (eleventh point on).
_FIRST_POINT = re.compile(r"(?<![〇一二三四五六七八九十百])一是")


def _enumeration_glitches(blocks: list[Block]) -> list[str]:
    """「一是」 needs a 「二是」 in the same block or the next one (numbered paragraphs)."""
    found = []
    for index, block in enumerate(blocks):
        text = block_text(block)
        if not _FIRST_POINT.search(text):
            continue
        following = block_text(blocks[index + 1]) if index + 1 < len(blocks) else ""
        if "二是" not in text and not following.startswith("二是"):
            found.append(f"一是 without 二是: {text[:30]}")
    return found


def placeholder_texts(document: Document) -> list[str]:
    """The text of every placeholder span, in reading order: title, headings, body, signature."""
    spans = list(document.title_spans)
    for block in document.blocks:
        spans.extend([*block.title, *block.body] if isinstance(block, Heading) else block.spans)
    spans.extend([*document.signature_unit_spans, *document.signature_date_spans])
    return [span.text for span in spans if span.placeholder]


def placeholder_count(document: Document) -> int:
    """How many placeholder spans the document holds (a fact missing twice counts twice)."""
    return len(placeholder_texts(document))


def sentences_of(document: Document) -> list[Sentence]:
    """Every sentence of the body's paragraphs, in order."""
    return [sentence for block in document.blocks if isinstance(block, Paragraph) for sentence in block.sentences]


def unsourced_sentences(document: Document) -> list[str]:
    """Sentences with neither sources nor a reviewed formula, and paragraphs whose
    sentences do not add up to their text (provenance lost on the way)."""
    found = [f"unsourced: {s.text}" for s in sentences_of(document) if not s.sources and s.formula not in FORMULAS]
    for block in document.blocks:
        if isinstance(block, Paragraph) and "".join(s.text for s in block.sentences) != block.text:
            found.append(f"sentences differ from the paragraph: {block.text[:40]}")
    return found


def dangling_sources(document: Document, answers: dict[str, Answer]) -> list[str]:
    """Sources that name no answer the clerk gave (a placeholder sentence may name a missing one)."""
    found = []
    for sentence in sentences_of(document):
        if "【待补充" in sentence.text:
            continue
        for path in sentence.sources:
            if not _answered(path, answers):
                found.append(f"no answer at {path}: {sentence.text[:40]}")
    return found


def _answered(path: str, answers: dict[str, Answer]) -> bool:
    top, _, rest = path.partition("#")
    answer = answers.get(top)
    if not rest:
        return answer is not None
    index_text, _, sub = rest.partition(".")
    if not isinstance(answer, GroupAnswer) or not index_text.isdigit() or int(index_text) >= len(answer.items):
        return False
    return not sub or sub in answer.items[int(index_text)]


# --- issue 15: prose rules -------------------------------------------------------------

# 「专项整治专项整治」「开展开展」: a word of two to four characters twice in a row.
_DOUBLED_WORD = re.compile(r"([\u4e00-\u9fff]{2,4})\1")
# Reduplications a clerk writes on purpose (天天/月月 are one character, never matched).
_DOUBLING_ALLOWED = {"研究研究"}
_DOCUMENT_WORDS = ("方案", "办法", "通知", "意见", "细则", "规定", "计划", "要点", "标准")
_CONNECTIVES = ("此外", "同时", "另外")
SAME_ENDING = 5  # adjacent sentences ending in the same five characters repeat a formula
FRAGMENT = 30  # a paragraph of one sentence shorter than this is a fragment


def prose_glitches(document: Document) -> list[str]:
    """The prose rules of issue 15 the draft breaks: seams, 《》, endings, fragments, headings."""
    found: list[str] = []
    for block in document.blocks:
        found.extend(f"several titles in one 《》: 《{title}》" for title in _multi_titles(block_text(block)))
    sentences = sentences_of(document)
    for before, after in zip(sentences, sentences[1:]):
        # The clerk's own items may end alike (「召开**次」); a formula may not echo its neighbour.
        if before.formula is None and after.formula is None:
            continue
        if _ending(before.text) == _ending(after.text) and len(_ending(before.text)) == SAME_ENDING:
            found.append(f"same ending twice: …{before.text[-12:]} / …{after.text[-12:]}")
        if before.text[:SAME_OPENING] == after.text[:SAME_OPENING] and len(after.text) > SAME_OPENING:
            found.append(f"a formula opening as its neighbour: {before.text[:12]}… / {after.text[:12]}…")
    found.extend(_next_step_glitches(document.blocks))
    found.extend(_connective_glitches(document.blocks))
    found.extend(_heading_shape_glitches(document.blocks))
    found.extend(_label_glitches(document))
    found.extend(_result_placement_glitches(document))
    found.extend(_stitched_item_glitches(document))
    found.extend(_same_opening_glitches(document))
    found.extend(f"half a sentence: {item.text[:30]}" for item in sentences if _BASIS_ONLY.search(item.text))
    found.extend(f"the work named twice: {match[0]}" for item in sentences for match in _WORK_TWICE.finditer(item.text))
    for block in document.blocks:
        found.extend(verb_object_glitches(block_text(block)))
    return found


# What is counted -> the verbs that fit it, from the number forms of the dev set and the
# references (悬挂横幅15条以上, 发放宣传资料200余份, 劝导车辆45多辆, 清运垃圾80多车, 新增灭火器
# 170多具, 利用……LED显示屏滚动播放文明标语). A screen is used (利用) to play slogans: it is not
# 动员-ed; people are.
OBJECT_VERBS: dict[str, tuple[str, ...]] = {
    "横幅": ("悬挂", "制作", "张挂"),
    "条幅": ("悬挂", "制作", "张挂"),
    "标语": ("制作", "悬挂", "张贴", "刊播", "播放", "播出", "设置", "书写", "更新"),
    "显示屏": ("利用", "设置", "安装", "新增", "通过"),
    "LED屏": ("利用", "设置", "安装", "新增", "通过"),
    "宣传资料": ("发放", "印发", "印制", "分发", "派发", "制作"),
    "宣传单": ("发放", "印发", "印制", "分发", "派发", "制作"),
    "宣传画册": ("发放", "印发", "印制", "分发", "制作"),
    "公益广告": ("投放", "设置", "制作", "刊播", "张贴", "刊登", "播放"),
    "宣传栏": ("制作", "设置", "更新", "新建", "建成", "建设", "安装", "利用"),
    "宣传牌": ("制作", "设置", "更新", "新建", "安装"),
    "车辆": ("劝导", "查处", "规范", "整治", "清理", "纠正", "处罚", "引导", "拖移"),
    "垃圾": ("清运", "清理", "清除", "收集", "处理"),
    "灭火器": ("新增", "配备", "配置", "更换", "添置", "购置"),
    "牛皮癣": ("清理", "清除", "铲除", "整治"),
    "违章搭建": ("拆除", "整治", "查处", "清理"),
    "群众": ("劝导", "教育", "走访", "动员", "发动", "组织", "服务", "引导"),
    "志愿者": ("招募", "组织", "动员", "发动", "培训", "配备"),
    "海报": ("张贴", "制作", "印制", "设计"),
    "喷绘": ("制作", "设置", "悬挂", "张贴"),
    "推文": ("发布", "推送", "刊发", "编发"),
    "流动摊点": ("取缔", "规范", "劝离", "清理", "整治"),
    "占道物品": ("收缴", "清理", "暂扣"),
    "地笼": ("清理", "拆除", "收缴"),
    "店牌店招": ("清洗", "拆除", "更新", "安装", "整治", "规范"),
}
# Every verb the table knows (and 动员/发动 for people): only a verb of this list before a
# counted object is judged, so 「小区垃圾80多车」 or 「开展垃圾分类」 are never read as a misfit.
_KNOWN_VERBS = tuple(sorted({verb for verbs in OBJECT_VERBS.values() for verb in verbs}, key=len, reverse=True))
_OBJECTS = "|".join(sorted(map(re.escape, OBJECT_VERBS), key=len, reverse=True))
_COUNT = r"[0-9XxＸ?*]"
# The two number forms: 「动员约92块LED显示屏」 (verb, figure, object) and 「悬挂横幅15条」 (verb,
# object, figure). The figure must be there: 「更换垃圾箱」「宣传标语」 count nothing.
_VERB_OBJECT = re.compile(
    f"({'|'.join(_KNOWN_VERBS)})(?:约|近|共|共计|累计)?{_COUNT}[0-9.]*[余多]?[块个条张份幅面处辆台具套]?[A-Za-z]{{0,6}}({_OBJECTS})"
    f"|({'|'.join(_KNOWN_VERBS)})({_OBJECTS})(?:约|近|共|共计)?{_COUNT}"
)
# 「累计新增灭火器120具」 beside 「新增灭火器170多具」: a sub-count called a total.
_RUNNING_TOTAL = re.compile(r"累计([\u4e00-\u9fffA-Za-z]{2,10}?)(\d+(?:\.\d+)?)")


def verb_object_glitches(text: str) -> list[str]:
    """A figure whose verb does not fit what it counts, and 累计 where it is no total."""
    found = []
    for match in _VERB_OBJECT.finditer(text):
        verb, counted = (match[1], match[2]) if match[1] else (match[3], match[4])
        if verb not in OBJECT_VERBS[counted]:
            found.append(f"verb does not fit its object: {match[0]}")
    for match in _RUNNING_TOTAL.finditer(text):
        counted = match[1][-3:]
        others = [float(m[1]) for m in re.finditer(f"(?<!累计){re.escape(counted)}(\\d+(?:\\.\\d+)?)", text)]
        if any(value >= float(match[2]) for value in others if value != float(match[2])):
            found.append(f"累计 for a sub-count: {match[0]}")
    return found


# A work item stating its purpose or approach first (「以治理乱扔垃圾为重点」「按照……」).
_PURPOSE_CLAUSE = re.compile(r"(?:^|，)(?:以[^，]{1,30}?为(?:重点|主|抓手|载体|契机|核心|主线)|按照|围绕|为了|坚持)")
STITCHED = 3  # sentences of one item after its purpose: a chain, not a paragraph


def _stitched_item_glitches(document: Document) -> list[str]:
    """A purpose followed by its measures as a chain of sentences (「以……为重点，……。对……。
    加大……。」) where the references write one sentence 「……：一是……；二是……。」."""
    found = []
    for block in document.blocks:
        if not isinstance(block, Paragraph):
            continue
        items = block.sentences
        for index, item in enumerate(items):
            # Work items only (their sources name an item, 「campaigns#0」): the opening's 「坚持……」 is no purpose.
            if not any("#" in path for path in item.sources) or not _PURPOSE_CLAUSE.search(item.text):
                continue
            run = 1
            while index + run < len(items) and items[index + run].sources == item.sources:
                run += 1
            if run >= STITCHED:
                found.append(f"item stitched from {run} sentences: {item.text[:30]}")
    return found


SAME_OPENING = 4  # characters: 「我镇召开……。我镇召开……。我镇召开……。」 reads as a list typed out
OPENING_RUN = 3  # sentences in a row


# 「开展街道整治专项整治」「联合检查专项整治」: a theme that is a kind of work, made one again.
_WORK_TWICE = re.compile(r"(?:整治|检查|清理|治理|管理|整顿)专项整治")
# 「我街道依据《……》。」: a basis with nothing done by it.
_BASIS_ONLY = re.compile(r"(?:依据|根据|按照)《[^》]*》(?:（[^）]*）)?。")
_NEXT_STEP = "下一步"


def _next_step_glitches(blocks: list[Block]) -> list[str]:
    """「三、下一步工作打算」 and then 「下一步，……」 under it: said twice."""
    found = []
    part: Heading | None = None
    for block in blocks:
        if isinstance(block, Heading) and block.level == 1:
            part = block
        elif isinstance(block, Paragraph) and part is not None and part.text.startswith(_NEXT_STEP) and block.text.startswith(_NEXT_STEP):
            found.append(f"下一步 twice: {part.text} / {block.text[:12]}")
    return found


def _same_opening_glitches(document: Document) -> list[str]:
    """Three sentences in a row of one paragraph opening with the same words of drafting's:
    the unit speaking (「我镇召开……」); a clerk who typed one answer three times is not a seam."""
    found = []
    for block in document.blocks:
        if not isinstance(block, Paragraph):
            continue
        openings = [item.text[:SAME_OPENING] for item in block.sentences]
        for index in range(len(openings) - OPENING_RUN + 1):
            if len(set(openings[index : index + OPENING_RUN])) == 1 and len(openings[index]) == SAME_OPENING and openings[index].startswith("我"):
                found.append(f"sentences opening alike: {openings[index]}…×{OPENING_RUN}")
                break
    return found


@cache
def _category_labels() -> tuple[str, ...]:
    """The kinds the questionnaire offers (「评选表彰/好人/道德模范」) as prose would print
    them (「评选表彰、好人、道德模范」): labels of a form, never the clerk's words."""
    labels: set[str] = set()
    for _, question in load_questionnaire().questions():
        if question.kind == "multi":
            labels.update(choice.replace("/", "、") for choice in question.choices)
    return tuple(sorted(labels, key=len, reverse=True))


# 「在辖区基本情况方面，……」: the unit's basic facts belong in the opening, not among its work.
_BACKGROUND_AS_WORK = re.compile(r"在[^，。；]{0,10}(?:基本情况|概况)方面")


def _label_glitches(document: Document) -> list[str]:
    """「在评选表彰、好人、道德模范方面，……」: a questionnaire label turned into prose."""
    found = []
    for block in document.blocks:
        text = block_text(block)
        for label in _category_labels():
            if f"在{label}方面" in text:
                found.append(f"category label as prose: 在{label}方面")
        found.extend(f"basic facts as a kind of work: {match[0]}" for match in _BACKGROUND_AS_WORK.finditer(text))
    return found


# What a year's result says (a 测评 ranking, an honour, the task done): it belongs in the
# opening or at the end of 主要工作, not under a heading about measures (「加大投入，保障成效明显」
# names 成效 but is about money: only headings of 评选/荣誉 are a result's own).
RESULT_WORDS = ("排位提升", "排名提升", "名列", "荣获", "被评为", "获评", "称号", "完成了年度任务")
# Headings under which a result is at home (评选表彰 yields 被评为; a 成效 heading states results).
_RESULT_HEADINGS = ("荣誉", "测评", "评选", "表彰", "道德", "新风")
_PROBLEMS_HEADINGS = ("存在问题", "存在的问题", "问题")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)年")


def _result_placement_glitches(document: Document) -> list[str]:
    """Results under an unrelated heading, opening 存在问题, or an earlier year's honour
    presented as this year's (「2019年，……2011年被评为……」, 「经过一年的努力……2011年……」)."""
    found = []
    this_year = _draft_year(document)
    heading: Heading | None = None
    after_heading = False
    for index, block in enumerate(document.blocks):
        if isinstance(block, Heading):
            heading, after_heading = block, True
            continue
        for position, item in enumerate(block.sentences if isinstance(block, Paragraph) else []):
            if not any(word in item.text for word in RESULT_WORDS):
                continue
            years = [int(y) for y in _YEAR.findall(item.text)]
            if this_year and years and min(years) < this_year and (item.text.startswith(f"{this_year}年") or any(w in item.text for w in ("经过一年", "一年来", "今年"))):
                found.append(f"an earlier year's result as this year's: {item.text[:30]}")
            if heading is None or heading.level == 1 and heading.text not in _PROBLEMS_HEADINGS and _ends_main_part(document.blocks, index):
                continue  # the opening, or a closing paragraph of 主要工作 itself
            if after_heading and position == 0 and heading.level == 1 and heading.text in _PROBLEMS_HEADINGS:
                found.append(f"a result opens 存在问题: {item.text[:30]}")
            elif heading.level > 1 and not any(word in heading.text for word in _RESULT_HEADINGS):
                found.append(f"a result under an unrelated heading {heading.text}: {item.text[:30]}")
        after_heading = False
    return found


def _ends_main_part(blocks: list[Block], index: int) -> bool:
    """The paragraph is the last one before a level-1 heading (the end of 主要工作)."""
    following = blocks[index + 1] if index + 1 < len(blocks) else None
    return isinstance(following, Heading) and following.level == 1


def _draft_year(document: Document) -> int | None:
    found = _YEAR.search(document.title)
    return int(found[1]) if found else None


def fragment_glitches(document: Document) -> list[str]:
    """One-sentence paragraphs shorter than FRAGMENT beside other paragraphs of their heading.

    Kept apart from find_glitches: a generated answer of one letter is a fragment whatever
    drafting does; real interviews (the 19 scripts) must have none.
    """
    found = []
    for index, block in enumerate(document.blocks):
        if isinstance(block, Paragraph):
            facts = [s for s in block.sentences if s.formula is None]
            if len(block.sentences) == 1 and facts and len(block.text) < FRAGMENT and not block.text.endswith("：") and _has_paragraph_beside(document.blocks, index):
                found.append(f"fragment: {block.text}")
    return found


def doubled_words(document: Document, typed: str) -> list[str]:
    """「专项整治专项整治」「开展开展」 where drafting joined text; ``typed`` is everything the
    clerk typed: a doubling found there is the clerk's own (「丁丁丁丁」), not a seam."""
    found = []
    for block in document.blocks:
        text = block_text(block)
        for match in _DOUBLED_WORD.finditer(text):
            if match[0] not in _DOUBLING_ALLOWED and match[0] not in typed:
                found.append(f"doubled word: …{text[max(0, match.start() - 8) : match.end() + 8]}…")
    return found


def typed_text(answers: dict[str, Answer]) -> str:
    """Every answer's text as the clerk typed it, one string (for doubled_words)."""
    return "\n".join(str(answer.model_dump()) for answer in answers.values())


def _ending(text: str) -> str:
    return text.rstrip("。！？：；”’）")[-SAME_ENDING:]


def _multi_titles(text: str) -> list[str]:
    """《A方案、B办法》: two document titles under one pair of 书名号."""
    titles = []
    for title in re.findall(r"《([^《》]*)》", text):
        parts = re.split(r"[、和及]", title)
        if len(parts) > 1 and sum(part.endswith(_DOCUMENT_WORDS) for part in parts) > 1:
            titles.append(title)
    titles.extend(t for t in re.findall(r"《([^》]*《[^》]*)》", text))  # 《 inside 《》: unbalanced
    return titles


def _connective_glitches(blocks: list[Block]) -> list[str]:
    """Connectives continuing nothing (so no heading over a lone 「此外」 sentence)."""
    found = []
    previous: Block | None = None
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.text.startswith(_CONNECTIVES) and not isinstance(previous, Paragraph):
                found.append(f"connective continuing nothing: {block.text[:20]}")
        previous = block
    return found


def _has_paragraph_beside(blocks: list[Block], index: int) -> bool:
    """Another fact paragraph under the same heading (formulas such as the closing aside).

    A short paragraph that is all its heading holds is the clerk's one short answer: it
    cannot be joined to anything without inventing, and the thin-draft advice names it.
    """
    def is_fact(block: Block) -> bool:
        return isinstance(block, Paragraph) and any(s.formula is None for s in block.sentences) and not block.text.endswith("：")

    def is_boundary(block: Block) -> bool:  # a heading, or a 条目式 「关于……：」 lead-in
        return isinstance(block, Heading) or bool(block.sentences) and all(s.formula == "lead-in" for s in block.sentences)

    for step in (-1, 1):
        at = index + step
        while 0 <= at < len(blocks) and not is_boundary(blocks[at]):
            if is_fact(blocks[at]):
                return True
            at += step
    return False


HEADING_WORD = 2  # 「组织保障有力」「督查检查有力」: a heading's last word, said once per draft


def _heading_shape_glitches(blocks: list[Block]) -> list[str]:
    """Two-part headings of one level share one shape (as many comma parts, the first of
    one length: 「健全机构，……」; the second names what the section states, issue 23, so its
    length follows the content) and never end in the same word, and a heading never has a
    single child heading. Level-1 headings (主要工作, 存在问题, 下一步工作打算) are names of
    parts, not parallel phrases."""
    found = []
    shapes: dict[int, set[tuple[int, ...]]] = {}
    for block in blocks:
        if isinstance(block, Heading) and not block.body and "，" in block.text:
            parts = block.text.split("，")
            shapes.setdefault(block.level, set()).add((len(parts), len(parts[0])))
    for level, seen in shapes.items():
        if len(seen) > 1:
            found.append(f"headings of level {level} not parallel: {sorted(seen)}")
    endings: dict[tuple[int, str], list[str]] = {}
    for block in blocks:
        if isinstance(block, Heading) and not block.body and "，" in block.text:
            endings.setdefault((block.level, block.text[-HEADING_WORD:]), []).append(block.text)
    found.extend(f"headings ending alike ({ending}): {'、'.join(texts)}" for (_, ending), texts in endings.items() if len(texts) > 1)
    for index, block in enumerate(blocks):
        if not isinstance(block, Heading):
            continue
        children = 0
        for later in blocks[index + 1 :]:
            if isinstance(later, Heading) and later.level <= block.level:
                break
            children += isinstance(later, Heading) and later.level == block.level + 1
        if children == 1:
            found.append(f"lone child heading under {block.full_text}")
    return found


# --- issue 23: the seams between the template's words and the clerk's --------------------
#
# Rules drawn from what an editor marked in drafts of interviews written outside the team
# (the defects of issue 23, numbered as there). Each finding opens with its rule's name
# (SEAM_RULES), so bench.prose counts them per rule. A rule never blames the clerk: words
# found as typed in an answer are the clerk's own (``typed``), whatever they repeat.

SEAM_RULES = (
    "verb twice",  # 1, 5
    "object twice",  # 1
    "paragraphs opening alike",  # 1 (items in a row, each a paragraph or a sentence)
    "template verb against the clerk's",  # 2
    "work named twice",  # 2, 6
    "no predicate",  # 3
    "noun phrase as a subject",  # 4
    "said in two items",  # 5
    "menu label as a claim",  # 6
    "unrelated items together",  # 7
    "section size",  # 8
    "heading claims",  # 9
    "numbered series",  # 10
    "item under a heading not its own",  # 7, 8 (a thin section joined where its heading does not cover it)
    "numbered series laid out unevenly",  # 10 (some numbers alone, some run together)
    "list lead before one item",  # issue 22 §3: 「将重点抓好以下工作：」 and one plan
    "今后 said twice",  # issue 22 §3: 今后 / 下一步 again in the last part
)
# This work's verbs as an editor reads them (the checker's own list: it must not trust
# drafting's lexicon to judge drafting).
WORK_VERBS = ("开展", "召开", "成立", "组建", "制定", "印发", "建立", "开设", "组织", "实施", "举办", "设置", "建设", "推进", "新建", "安装")
ROLES = ("常务副组长", "副组长", "组长", "副总指挥", "总指挥", "指挥长", "第一责任人", "副主任", "主任")
# A group set up: 「成立……领导小组」 said by two items is one fact twice.
_SET_UP = re.compile(r"成立(?:了)?([^，。；]{0,30}?(?:领导小组|工作专班|指挥部|工作组))")
_CLERKS_OWN_VERBS = ("调整充实", "调整", "充实", "重新调整", "更名", "重组")
_STACKED_WORK = re.compile(r"(?:清查|排查|巡查|检查|清理|整顿|治理|行动|活动|评比|提升|攻坚|整治)(?:专项)?整治")
_TWO_ROLES = re.compile(f"任(?:{'|'.join(ROLES)})[^，。；]{{0,6}}?任(?:{'|'.join(ROLES)})|任[^，。；任]{{1,6}}任(?:{'|'.join(ROLES)})")
_FRAME_ONLY = re.compile(r"(?:^|[。；])(?:我[^，。；]{1,3})?在[^，。；]+方面[。；]")
_ORDINAL = re.compile(r"(?<![〇一二三四五六七八九十百])([一二三四五六七八九十]+)是")
_SUBJECT_AFTER_ORDINAL = re.compile(r"^[一二三四五六七八九十]+是我(?:乡|镇|街道|社区|单位)")
_RESULT_OPENING = ("有效", "明显", "进一步", "取得", "消除了", "净化了", "增强了", "提高了", "形成了", "保证了", "确保了", "实现了", "使")
# Heading words that claim a result, and what in a section's text states one.
HEADING_CLAIMS = ("有力", "到位", "见效", "改善", "提升", "深入", "有序", "明显", "成效", "显著")
_RESULT_STATED = re.compile(r"明显|显著|改善|提升|提高|好转|成效|效果|消除|净化|解决|实现|达到|完成|建成|竣工|全覆盖|率达|取得|有效|增强|荣获|被评为|\d")
_INSPECTION_WORDS = ("迎检", "迎接", "测评", "检查验收", "考察", "暗访")
# Where a unit's own area is 城乡 (乡, 镇), 城区 (街道) or 社区.
AREA_WORDS = {"乡": "城乡", "镇": "城乡", "街道": "城区", "社区": "社区"}
SWALLOWING = (4, 450)  # kinds, characters: a section holding this much is several topics
THIN = 60  # characters: a section body shorter than this beside two or more others
OPENING_ALIKE = 3  # paragraphs in a row


def seam_glitches(document: Document, answers: Mapping[str, Answer], unit_type: str = "") -> list[str]:
    """Every seam of issue 23's defects 1–10 in ``document``, drafted from ``answers``."""
    typed = typed_text(dict(answers))
    kinds = _kinds(answers)
    found: list[str] = []
    for item in sentences_of(document):
        found.extend(_sentence_seams(item, answers, typed))
    found.extend(_said_in_two_items(document, typed))
    found.extend(_opening_alike(document, answers))
    found.extend(_label_claims(document, typed))
    found.extend(_unrelated_together(document, kinds))
    found.extend(_section_seams(document, kinds, unit_type))
    found.extend(_items_off_heading(document))
    found.extend(_uneven_series(document))
    found.extend(closing_seams(document, answers))
    return found


def _kinds(answers: Mapping[str, Answer]) -> dict[str, str]:
    """Each work item's kind by its path (campaigns#0): its group, or for a group that
    gathers several kinds (a catch-all) the kind picked or the clerk's own name."""
    questions = _questions()
    kinds: dict[str, str] = {}
    for group_id, answer in answers.items():
        question = questions.get(group_id)
        if question is None or not isinstance(answer, GroupAnswer):
            continue
        for index, item in enumerate(answer.items):
            name = item.get("name")
            shown = getattr(name, "text", "")
            kinds[f"{group_id}#{index}"] = f"{group_id}:{shown}" if question.catch_all else group_id
    return kinds


@cache
def _questions() -> dict[str, Question]:
    return {question.id: question for _, question in load_questionnaire().questions()}


@cache
def _work_groups() -> frozenset[str]:
    """The groups of the work sections (not the 整改事项 of 存在问题)."""
    return frozenset(q.id for section in load_questionnaire().sections if section.role == "work" for q in section.questions if q.kind == "group")


def _item_paths(item: Sentence) -> list[str]:
    """The work items a sentence says (campaigns#0), from its sources."""
    return list(dict.fromkeys(path.split(".")[0] for path in item.sources if path.split("#")[0] in _work_groups() and "#" in path))


def _name_of(path: str, answers: Mapping[str, Answer]) -> str:
    group, _, index = path.partition("#")
    answer = answers.get(group)
    if not isinstance(answer, GroupAnswer) or not index.isdigit() or int(index) >= len(answer.items):
        return ""
    return getattr(answer.items[int(index)].get("name"), "text", "")


def _clauses(text: str) -> list[str]:
    """``text`` cut at 「，；：」 outside quotes and brackets."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        depth += char in "“‘《（(「" 
        depth -= char in "”’》）)」" and depth > 0
        if char in "，；：。" and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [part for part in parts if part]


_QUOTED = re.compile(r"《[^》]*》|“[^”]*”|（[^）]*）")
# A time before the verb: 「3月至6月开展」「6月底召开」「上半年集中开展」.
_TIME_LEAD = re.compile(r"^(?:\d+月(?:\d+日)?(?:[至到—-]\d+月(?:\d+日)?)?[底初中旬上下]*|今年以来|上半年|下半年|年初|年底|春节期间)?(?:先后|定期|集中|及时|共|累计)?")


def _without_subject(clause: str) -> str:
    return re.sub(r"^我(?:乡|镇|街道|社区|单位)", "", clause)


def _sentence_seams(item: Sentence, answers: Mapping[str, Answer], typed: str) -> list[str]:
    """Defects 1–4 inside one sentence of a work item."""
    if not _item_paths(item):
        return []
    text = item.text
    found = []
    clauses = _clauses(text)
    first = _without_subject(clauses[0]) if clauses else ""
    lead = _TIME_LEAD.match(first)
    verb = next((verb for verb in WORK_VERBS if first.startswith(verb, lead.end() if lead else 0)), None)
    if verb and first not in typed:
        start = (lead.end() if lead else 0) + len(verb)
        obj = re.split(r"[0-9０-９]", first[start:])[0]
        # The clause after the template's is where the clerk's own account begins.
        later = _QUOTED.sub("", clauses[1]) if len(clauses) > 1 else ""
        if later and f"{first}，{clauses[1]}" not in typed:
            if verb in later:
                found.append(f"verb twice: {verb} …{first[:12]}… / …{later[:14]}…")
            elif len(obj) >= 3 and obj in later:
                found.append(f"object twice: {obj} …{first[:12]}… / …{later[:14]}…")
    for match in _TWO_ROLES.finditer(text):
        if match[0] not in typed:
            found.append(f"template verb against the clerk's: {match[0]}")
    setup = _SET_UP.search(text)
    if setup and setup[0] not in typed and any(word in text[setup.end() :] for word in _CLERKS_OWN_VERBS):
        found.append(f"template verb against the clerk's: 成立 / {text[setup.end():setup.end() + 16]}")
    for match in _STACKED_WORK.finditer(text):
        if match[0] not in typed:
            found.append(f"work named twice: {match[0]}")
    if _FRAME_ONLY.search(text) and not any(match in typed for match in _FRAME_ONLY.findall(text)):
        found.append(f"no predicate: {text[:30]}")
    for path in _item_paths(item):
        name = _name_of(path, answers)
        if name and text.rstrip("。") in (name, f"我乡{name}", f"我镇{name}", f"我街道{name}", f"我社区{name}") and is_noun_phrase(name):
            found.append(f"no predicate: {text[:30]}")
        opened = _without_subject(text)
        if name and opened.startswith(f"{name}，") and is_noun_phrase(name) and f"{name}，" not in typed:
            found.append(f"noun phrase as a subject: {opened[:24]}")
    return found


@cache
def _pos_tokenizer():  # type: ignore[no-untyped-def]
    """jieba's own dictionary, no lexicon of drafting's: the checker reads as an outsider."""
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    return jieba.posseg.dt  # jieba's own, which drafting's segmenter never changes


def pos_tags(text: str) -> list[tuple[str, str]]:
    return [(pair.word, pair.flag) for pair in _pos_tokenizer().cut(text)]


_MEETING_NAME = re.compile(r"(?:推进|表彰|部署|动员|调度|总结|观摩|点评)大?会")


def is_noun_phrase(text: str) -> bool:
    """Words with no predicate of their own: no verb of this work, and no verb jieba sees
    outside a compound noun (「卫星接收设备」: a verb between nouns, a noun last)."""
    if _MEETING_NAME.fullmatch(text):
        return True  # 「推进会」: a meeting named by its purpose, not a verb
    if any(verb in text for verb in WORK_VERBS):
        return False
    tags = pos_tags(text)
    for index, (word, flag) in enumerate(tags):
        if flag in ("v", "vd") and not (0 < index == len(tags) - 2 and tags[-1][1].startswith(("n", "vn"))):
            return False
    return bool(tags) and (tags[-1][1].startswith("n") or tags[-1][1] in ("vn", "j", "l") or tags[-1][0] in "、等")


def _said_in_two_items(document: Document, typed: str) -> list[str]:
    """Defect 5: one group set up (成立) in two sentences, one of them the template's."""
    said: dict[str, list[str]] = {}
    for item in sentences_of(document):
        for match in _SET_UP.finditer(item.text):
            head = re.sub(r".*?(领导小组|工作专班|指挥部|工作组)$", r"\1", match[1])
            said.setdefault(head, []).append(match[0])
    return [f"said in two items: {'、'.join(texts)}" for texts in said.values() if len(texts) > 1 and not all(text in typed for text in texts)]


def _opening_alike(document: Document, answers: Mapping[str, Answer]) -> list[str]:
    """Defect 1: OPENING_ALIKE work items in a row (each a paragraph, or a sentence of one)
    opening with the same verb of drafting's (「开展……。开展……。开展……。」)."""
    starts = {text[:2] for text in _answer_texts(answers)}
    openings: list[str] = []
    last: list[str] = []
    for block in document.blocks:
        if not isinstance(block, Paragraph) or block.lead_in:
            openings.append("")
            continue
        for item in block.sentences:
            paths = _item_paths(item)
            if paths and paths != last:
                said = re.sub(r"^[一二三四五六七八九十]+是", "", _without_subject(item.text))[:2]
                openings.append(said if said in WORK_VERBS and said not in starts else "")
            last = paths
    found = []
    run = 1
    for before, after in zip(openings, [*openings[1:], ""]):
        if before and before == after:
            run += 1
            continue
        if run >= OPENING_ALIKE:
            found.append(f"paragraphs opening alike: {before}…×{run}")
        run = 1
    return found


def _answer_texts(answers: Mapping[str, Answer]) -> list[str]:
    texts: list[str] = []
    for answer in answers.values():
        values = [sub for item in answer.items for sub in item.values()] if isinstance(answer, GroupAnswer) else [answer]
        for value in values:
            text = getattr(value, "raw", "") or getattr(value, "text", "")
            texts.extend(part.strip() for part in re.split(r"[；\n]", text) if part.strip())
    return texts


def _label_claims(document: Document, typed: str) -> list[str]:
    """Defect 6: a kind offered on a menu with 「/」 (交通/客运秩序) printed as what was done."""
    labels = [label for label in _category_labels() if "、" in label]
    found = []
    for block in document.blocks:
        text = block_text(block)
        for label in labels:
            if label in text and label not in typed:
                found.append(f"menu label as a claim: {label}")
    return found


def _segments(paragraph: Paragraph) -> list[list[Sentence]]:
    """A paragraph's sentences cut where a numbered point (「二是」) begins."""
    segments: list[list[Sentence]] = [[]]
    for item in paragraph.sentences:
        if _ORDINAL.match(item.text) and segments[-1]:
            segments.append([])
        segments[-1].append(item)
    return [segment for segment in segments if segment]


def _unrelated_together(document: Document, kinds: Mapping[str, str]) -> list[str]:
    """Defect 7: items of different kinds in one paragraph, or in one numbered point."""
    found = []
    for block in document.blocks:
        if not isinstance(block, Paragraph):
            continue
        for segment in _segments(block):
            held = {kinds[path] for item in segment for path in _item_paths(item) if path in kinds}
            if len(held) > 1:
                found.append(f"unrelated items together: {'、'.join(sorted(held))}: {segment[0].text[:20]}")
    return found


def work_sections(document: Document) -> list[tuple[str, list[Paragraph]]]:
    """The work sections as an editor sees them: a （一） heading or a 「关于……：」 lead-in
    and the paragraphs of work items under it."""
    sections: list[tuple[str, list[Paragraph]]] = []
    current: tuple[str, list[Paragraph]] | None = None
    for block in document.blocks:
        if isinstance(block, Heading) or block.lead_in:
            current = (block.text if isinstance(block, Heading) else block.text.removeprefix("关于").rstrip("："), [])
            sections.append(current)
        elif current is not None:
            current[1].append(block)
    return [(title, paragraphs) for title, paragraphs in sections if any(_item_paths(s) for p in paragraphs for s in p.sentences)]


def _section_seams(document: Document, kinds: Mapping[str, str], unit_type: str) -> list[str]:
    """Defects 8–10: sections sized by buckets, headings that claim, numbered series."""
    found = []
    sections = work_sections(document)
    for title, paragraphs in sections:
        body = "".join(p.text for p in paragraphs)
        held = {kinds[path] for p in paragraphs for s in p.sentences for path in _item_paths(s) if path in kinds}
        if len(held) >= SWALLOWING[0] and len(body) >= SWALLOWING[1]:
            found.append(f"section size: 「{title}」 holds {len(held)} kinds in {len(body)} characters")
        if len(body) < THIN and len(sections) >= 3:
            found.append(f"section size: 「{title}」 has {len(body)} characters")
        claim = title.partition("，")[2] or title
        if any(word in claim for word in HEADING_CLAIMS) and not _RESULT_STATED.search(body):
            found.append(f"heading claims: 「{title}」 states no result")
        if "迎检" in title and not any(word in body for word in _INSPECTION_WORDS):
            found.append(f"heading claims: 「{title}」 but no 迎检 was said")
        own = AREA_WORDS.get(unit_type)
        for area in set(AREA_WORDS.values()):
            if own and area != own and area in title and area not in body:
                found.append(f"heading claims: 「{title}」 for a {unit_type}")
        subjects = 0
        for paragraph in paragraphs:
            for segment in _segments(paragraph):
                text = "".join(s.text for s in segment)
                subjects += bool(_SUBJECT_AFTER_ORDINAL.match(text))
            for point in re.split(r"[；。]", paragraph.text):
                number = _ORDINAL.match(point)
                if number and point[number.end() :].startswith(_RESULT_OPENING):
                    found.append(f"numbered series: a result numbered as a job: {point[:20]}")
        if subjects >= 2:
            found.append(f"numbered series: 「{title}」 repeats the unit after {subjects} numbers")
    return found


def heading_counts(documents: list[Document]) -> dict[str, int]:
    """How many of ``documents`` use each work-section heading (defect 9: headings that
    say the same whatever the content)."""
    counts: dict[str, int] = {}
    for document in documents:
        for title in {title for title, _ in work_sections(document)}:
            counts[title] = counts.get(title, 0) + 1
    return dict(sorted(counts.items(), key=lambda pair: (-pair[1], pair[0])))


# --- issue 23, defect 11: the figure read-back in the chat -------------------------------

READ_BACK_RULES = ("read-back of no figures", "a word read as a figure", "a figure cut short", "what was counted cut short")
# Words that begin like a count (一 + a measure word) but count nothing.
NOT_COUNTS = ("一起", "一道", "一同", "一并", "一把手", "一线", "一体", "一律", "一致", "一直", "一定", "一些", "一切", "一般", "一带", "一旦", "一面", "一手", "一贯", "一度", "一再", "一举")
# Measure words that a shorter one begins: 「6个」 read out of 「6个月」 loses the unit.
LONGER_UNITS = ("个月", "个工作日", "个小时", "个百分点", "人次", "户次", "场次", "车次", "余人次")
_FIGURE_LINE = re.compile(r"^· (.*?)：(.+)$")


def readback_glitches(line: str, read_back: str) -> list[str]:
    """What the read-back of ``line`` (「记下了 N 个数字：· 清理垃圾：3600余吨 …」) gets wrong:
    nothing to read back said anyway, a word read as a figure (一把手 -> 一把), a figure or
    its unit cut (6个月 -> 6个, 1,000处 -> 1), what was counted cut out of a word (涉及 -> 涉)."""
    if re.match(r"记下了 0 个", read_back):
        return [f"read-back of no figures: {line[:20]}"]
    found = []
    bounds = _token_bounds(line)
    start = 0
    for shown in read_back.splitlines():
        match = _FIGURE_LINE.match(shown)
        if not match:
            continue
        what, text = match[1], match[2]
        at = line.find(text, start)
        if at < 0:
            found.append(f"a figure cut short: 「{text}」 is not in the line")
            continue
        start = at + len(text)
        end = at + len(text)
        if any(word in line[max(0, at - 2) : end + 3] and line.find(word, max(0, at - 2)) <= at < line.find(word, max(0, at - 2)) + len(word) for word in NOT_COUNTS):
            found.append(f"a word read as a figure: 「{text}」 in …{line[max(0, at - 4) : end + 4]}…")
        elif at not in bounds or end not in bounds:
            found.append(f"a figure cut short: 「{text}」 in …{line[max(0, at - 4) : end + 4]}…")
        elif any(line.startswith(unit, end - len(unit) + 1) and not text.endswith(unit) for unit in LONGER_UNITS if text.endswith(unit[0])) or re.match(r"[,，]\d{3}", line[end:]) and text[-1].isdigit():
            found.append(f"a figure cut short: 「{text}」 in …{line[max(0, at - 4) : end + 4]}…")
        if what and what != "（同上）":
            where = line.rfind(what, 0, at + 1)
            if where >= 0 and (where not in bounds or where + len(what) not in bounds):
                found.append(f"what was counted cut short: 「{what}」 in …{line[max(0, where - 2) : where + len(what) + 2]}…")
    return found


def _token_bounds(line: str) -> set[int]:
    """Where jieba's words begin and end in ``line`` (a figure and what it counts must not cut one)."""
    bounds = {0}
    position = 0
    for word, _ in pos_tags(line):
        position += len(word)
        bounds.add(position)
    return bounds


# --- issue 23: grouping under headings ---------------------------------------------------


@cache
def _heading_speaks_for() -> tuple[tuple[re.Pattern[str], frozenset[str]], ...]:
    """Every work-section heading the wording files may print (templates/headings.yaml, as
    data: which heading belongs to which questionnaire section), as a pattern ({topic}: any
    words, {area}: 城乡/城区/社区) with the sections it speaks for; the heading of two
    sections joined (``joined``) speaks for both, and a section's title for itself."""
    from pathlib import Path

    import yaml

    data = yaml.safe_load((Path(__file__).resolve().parents[2] / "templates" / "headings.yaml").read_text(encoding="utf-8"))
    speaks: dict[str, set[str]] = {}

    def add(options: object, sections: set[str]) -> None:
        for option in options if isinstance(options, list) else [options]:
            if isinstance(option, str):
                speaks.setdefault(option, set()).update(sections)

    for section_id, entry in data.items():
        for layout_options in [entry.get("default", {}), *entry.get("rules", [])]:
            for layout, options in layout_options.items():
                if layout not in ("kinds", "topic"):
                    add(options, {section_id})
        for other, by_layout in entry.get("joined", {}).items():
            for options in by_layout.values():
                add(options, {section_id, *other.split("+")})
    for section in load_questionnaire().sections:
        speaks.setdefault(section.title, set()).add(section.id)
    patterns = []
    for text, sections in speaks.items():
        if not re.sub(r"\{\w+\}", "", text):
            continue  # 「{topic}」 alone (an 条目式 lead-in in the clerk's words) says no section
        pattern = re.escape(text).replace(r"\{topic\}", ".+").replace(r"\{area\}", "(?:城乡|城区|社区)")
        patterns.append((re.compile(f"^{pattern}$"), frozenset(sections)))
    return tuple(patterns)


@cache
def _section_of_group() -> dict[str, str]:
    return {question.id: section.id for section in load_questionnaire().sections for question in section.questions if question.kind == "group"}


def _items_off_heading(document: Document) -> list[str]:
    """A work item under a heading that speaks for another section's work (a 媒体报道 under
    「健全机构，加强组织领导」): its questionnaire section is not one the heading names."""
    found = []
    for title, paragraphs in work_sections(document):
        sections = frozenset(s for pattern, speaks in _heading_speaks_for() if pattern.match(title) for s in speaks)
        if not sections:
            continue  # a heading the wording files do not know: nothing to judge it by
        for paragraph in paragraphs:
            for item in paragraph.sentences:
                for path in _item_paths(item):
                    own = _section_of_group().get(path.split("#")[0])
                    if own and own not in sections:
                        found.append(f"item under a heading not its own: {own} under 「{title}」: {item.text[:16]}")
    return found


def _uneven_series(document: Document) -> list[str]:
    """A section's numbered series laid out two ways: it runs over several paragraphs and
    some hold more than one number (「一是……」 alone, then 「三是……。四是……。」 together).
    The references do one or the other: every number a paragraph, or the series in one."""
    found = []
    for title, paragraphs in work_sections(document):
        numbers = [sum(bool(_ORDINAL.match(segment[0].text)) for segment in _segments(paragraph)) for paragraph in paragraphs]
        numbered = [count for count in numbers if count]
        if len(numbered) > 1 and max(numbered) > 1:
            found.append(f"numbered series laid out unevenly: 「{title}」 numbers per paragraph {numbered}")
    return found


# --- issue 22 §3: the last part and the closing ----------------------------------------

# A lead that promises a list: 「以下工作：」「以下几个方面：」「以下几点：」「以下原因：」.
_LIST_LEAD = re.compile(r"以下[^，。；：]{0,10}：")
# Words that say the work lies ahead: in the plans' part and the closing, said once.
AHEAD_WORDS = ("今后", "下一步", "接下来")
# The heading of the part the plans (or a speech's pledges) are under.
_PLANS_HEADINGS = ("打算", "下一步", "今后", "措施")


def closing_seams(document: Document, answers: Mapping[str, Answer]) -> list[str]:
    """A list lead before fewer than two items, and 今后 / 下一步 said more than once from
    the plans' heading to the end (words the clerk typed in the answers stated there are
    the clerk's own: only what drafting added beyond them counts)."""
    found = []
    blocks = document.blocks
    for index, block in enumerate(blocks):
        if not isinstance(block, Paragraph):
            continue
        for match in _LIST_LEAD.finditer(block.text):
            after = block.text[match.end() :]
            following = " ".join(block_text(later) for later in blocks[index + 1 : index + 3])
            listed = "二是" in after or not after.strip() and following.startswith("一是") and "二是" in following
            if not listed and match[0] not in _typed_in(block, answers):
                found.append(f"list lead before one item: {block.text[max(0, match.start() - 8) : match.end() + 12]}")
    title, part = _last_part(blocks)
    text = "".join(block.text for block in part)
    typed = "".join(_typed_in(block, answers) for block in part)
    said, own = (sum(words.count(word) for word in AHEAD_WORDS) for words in (text, typed))
    if said > max(1, own):
        found.append(f"今后 said twice: {'、'.join(word for word in AHEAD_WORDS if word in text)} ×{said} in …{text[-40:]}")
    elif part and any(word in title for word in AHEAD_WORDS):
        # 「关于下一步措施：」 and its first paragraph opening 「下一步，……」 (not the clerk's own).
        opening = next((word for word in AHEAD_WORDS if part[0].text.startswith(word)), "")
        if opening and opening not in typed:
            found.append(f"今后 said twice: 「{title}」 / {part[0].text[:12]}…")
    return found


def _last_part(blocks: list[Block]) -> tuple[str, list[Paragraph]]:
    """The plans' heading (a level-1 heading or a 「关于……：」 lead-in saying 打算 / 下一步 /
    措施) and the paragraphs from it to the end; else the last level-1 heading and those after it."""
    start = 0
    for index, block in enumerate(blocks):
        heading = isinstance(block, Heading) and block.level == 1 or isinstance(block, Paragraph) and block.lead_in
        if heading and any(word in block_text(block) for word in _PLANS_HEADINGS):
            start = index + 1
    if not start:
        start = next((index + 1 for index in range(len(blocks) - 1, -1, -1) if isinstance(blocks[index], Heading) and blocks[index].level == 1), 0)
    title = block_text(blocks[start - 1]) if start else ""
    return title, [block for block in blocks[start:] if isinstance(block, Paragraph) and not block.lead_in]


def _typed_in(block: Paragraph, answers: Mapping[str, Answer]) -> str:
    """What the clerk typed in the answers the paragraph's sentences name."""
    named = dict.fromkeys(path.split("#")[0].split(".")[0] for item in block.sentences for path in item.sources)
    return typed_text({key: answers[key] for key in named if key in answers})
