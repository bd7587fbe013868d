"""What a clerk must never see in a draft, as a checker the tests run (test support, not product).

``find_glitches(document)`` lists every problem it finds: empty parentheses, doubled
or clashing punctuation, a half-width comma or period between Chinese characters, a
unit with no number before it (「标语条」), a numbering gap, an empty heading, 「一是」
without 「二是」, leaked internal markers or a printed ``None``.
"""

from __future__ import annotations

import re
from functools import cache

from dialogs.answers import Answer, GroupAnswer
from dialogs.questionnaire import load_questionnaire
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
    """Two-part headings of one level share one shape (4+6: the lengths of their comma
    parts) and never end in the same word, and a heading never has a single child heading. Level-1 headings (主要工作,
    存在问题, 下一步工作打算) are names of parts, not parallel phrases."""
    found = []
    shapes: dict[int, set[tuple[int, ...]]] = {}
    for block in blocks:
        if isinstance(block, Heading) and not block.body and "，" in block.text:
            shapes.setdefault(block.level, set()).add(tuple(len(part) for part in block.text.split("，")))
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
