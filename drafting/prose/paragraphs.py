"""A section's work-item sentences planned into paragraphs that read as a whole.

Each work item arrives as one sourced sentence (drafting.prose.items): its lead, who, measures
and figures joined with 「，」/「；」. Laid out one per paragraph they read as a list of
fragments, so a section's items are planned into paragraphs here:

- a long item whose clauses are whole statements separated by 「；」 is cut into
  sentences at those 「；」 (each part long enough to stand alone, no 「一是」 series
  broken), so its paragraph has a beginning and a body;
- an item that opens with its purpose or approach (「以……为重点」「按照……」「围绕……」)
  and goes on with several measures reads as the references do, one sentence for the
  whole: 「……以……为重点，……联合……：一是……；二是……；三是……。」, the clerk's own result
  (「……明显改善」, or a closing line of figures) after it as the last sentence; the
  progress layout numbers its items 「一是……。」 already, so there the measures go
  uncounted (「……：……；……。」); an item without a purpose but named by its work
  (「开展消防安全专项整治」) and three or more measures lets its name lead them;
- items are planned by topic (issue 23): items of one kind share a paragraph while it
  stays short enough, items of different kinds never share one (a group's items, or one
  kind of a catch-all's: 志愿服务 apart from 群众文化活动).

Every sentence keeps the sources of the item it came from (drafting.prose.provenance).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from drafting.prose.phrasing import cn_ordinal
from drafting.prose.provenance import Sourced
from drafting.prose.wording import Words, one_of as _any

TOPIC_PARAGRAPH = 240  # characters: items of one kind share a paragraph up to this length
_STANDALONE = 18  # characters a 「；」 part needs to be a sentence of its own
_SERIES = re.compile(r"[一二三四五六七八九十]是")


@dataclass
class Topic:
    """Items of one kind in one section, in order: what shares a paragraph (drafting.prose.items)."""

    kind: str  # a group, or a catch-all's 「group:kind」
    kinds: frozenset[str]  # what heading rules read: the group, 「group:kind」
    items: list[Sourced]
    names: list[str] = field(default_factory=list)  # the items' names in the clerk's words ("" for a menu's)


def plan_paragraphs(topics: list[Topic], words: Words, ordinals: bool = True, gather: bool = True) -> list[list[Sourced]]:
    """Item sentences -> paragraphs by topic, each a run of sentences with their own
    sources; items of one kind share a paragraph while it stays under TOPIC_PARAGRAPH
    (``gather``; else each item is a paragraph: a numbered point of its own), items of
    different kinds never do. ``ordinals``: the measures of an item are counted
    「一是……；二是……」."""
    paragraphs: list[list[Sourced]] = []
    for topic in topics:
        current: list[Sourced] = []
        length = 0
        for item in topic.items:
            sentences = measures_series(item, words, ordinals) or split_statements(item)
            size = sum(len(s.text) for s in sentences)
            if not sentences:
                continue
            if current and (length + size > TOPIC_PARAGRAPH or not gather):
                paragraphs.append(current)
                current, length = [], 0
            current.extend(sentences)
            length += size
        if current:
            paragraphs.append(current)
    return paragraphs


def split_statements(item: Sourced) -> list[Sourced]:
    """One item sentence as its statements, each with the item's sources."""
    text = item.text
    if not text:
        return []
    if _SERIES.search(text):
        return [item]
    body = text.rstrip("。")
    parts = _top_level_parts(body)
    if len(parts) < 2 or any(len(part) < _STANDALONE for part in parts):
        return [item]
    return [item.said(f"{part}。") for part in parts]


_PURPOSE_WITHIN = 2  # clauses of the lead the purpose may stand in


@cache
def _purpose(words: Words) -> re.Pattern[str]:
    """How a clerk states an item's purpose or approach before its measures:
    「以……为重点」, 「按照……」, 「围绕……」 (templates/words.yaml)."""
    return re.compile(f"^(?:以[^，]{{1,30}}?为(?:{_any(words.purpose_aims)})|{_any(words.purpose_openers)})")


@cache
def _count(words: Words) -> re.Pattern[str]:
    """A count with its measure word (7个, 40多万元), not a date or an hour (12月6日, 9时)."""
    units = "".join(sorted({char for unit in words.count_units for char in unit}))
    return re.compile(f"\\d+(?:\\.\\d+)?[余多]?万?[{re.escape(units)}]")


@cache
def _named_work(words: Words) -> re.Pattern[str]:
    """An item named by its work (drafting.prose.items: 「开展{}专项整治」)."""
    named = words.named_work
    return re.compile(f"^{re.escape(named.verb)}.{{2,20}}(?:{_any(named.ends)})$")


def measures_series(item: Sourced, words: Words, ordinals: bool = True) -> list[Sourced]:
    """An item of purpose and measures as one sentence, each with the item's sources:
    「lead：一是……；二是……。」 (``ordinals``; else 「lead：……；……。」), one measure as
    「lead；……。」, the clerk's result after it; [] when the item is not of that shape."""
    text = item.text
    body = text.rstrip("。")
    if not text or _SERIES.search(text) or "。" in body:
        return []
    lead, *measures = _top_level_parts(body)
    head, colon, first = lead.partition("：")
    if colon:  # the clerk's own 「……整体联动：针对……」 ends the lead
        lead, measures = head, [first, *measures]
    # The purpose opens the item, after its name at most (「开展……专项整治，以……为重点」); a
    # 「围绕……开展宣讲」 further on, or after a measure of its own (「开设道德讲堂3个，围绕……」), is a measure.
    clauses = lead.split("，")[:_PURPOSE_WITHIN]
    opening = next((index for index, clause in enumerate(clauses) if _purpose(words).match(clause)), None)
    if opening is None or any(_count(words).search(clause) for clause in clauses[:opening]):
        named, comma, first = lead.partition("，")
        # No purpose, but the item's name (「开展消防安全专项整治」) and many measures: the name leads them.
        if not (comma and _named_work(words).match(named) and len(measures) + 1 >= words.named_work.measures):
            return []
        lead, measures = named, [first, *measures]
    result = measures.pop() if measures and _is_result(measures[-1], words) else ""
    if not measures or any(len(measure) < 4 for measure in measures):
        return []
    if len(measures) == 1:
        whole = f"{lead}；{measures[0]}。"
    elif ordinals:
        whole = f"{lead}：" + "；".join(f"{cn_ordinal(number)}是{measure}" for number, measure in enumerate(measures, start=1)) + "。"
    else:
        whole = f"{lead}：" + "；".join(measures) + "。"
    said = [item.said(whole)]
    return [*said, item.said(f"{result}。")] if result else said


def _is_result(statement: str, words: Words) -> bool:
    """「交通秩序、出行环境明显改善」, or a line of figures only (「整治无物业小区7个，投入经费40多万元」)."""
    clauses = statement.split("，")
    return any(word in statement for word in words.result_words) or all(_count(words).search(clause) for clause in clauses)


def _top_level_parts(text: str) -> list[str]:
    """``text`` cut at 「；」 outside brackets and quotes."""
    parts: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char in "（(《“‘「【":
            depth += 1
        elif char in "）)》”’」】":
            depth = max(0, depth - 1)
        elif char == "；" and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return [part for part in parts if part]
