"""The templates' line markup -> Document blocks, with numbering done here, not in templates.

    # 主要工作                       level-1 heading          -> 一、主要工作
    ## 健全机构，组织保障有力          level-2 heading          -> （一）健全机构，组织保障有力
    ### 标题                         level-3 heading          -> 1.标题
    ### 标题 ｜ 正文                  run-in level-3 heading   -> 1.标题。正文
    #### 标题                        level-4 heading          -> （1）标题
    @ 关于小街巷：                    lead-in paragraph (条目式), unnumbered
    any other non-blank line         a paragraph

A heading or lead-in with nothing under it (before the next heading of the same or
a higher level) is dropped, and numbering is assigned afterwards, so a skipped
section never leaves an empty heading or a gap such as 一、 三、.
"""

from __future__ import annotations

import re

from drafting.document import Block, Heading, Paragraph, Sentence, Span, spans_text
from drafting.prose.phrasing import cn_ordinal
from drafting.prose.placeholders import marker_spans
from drafting.prose.provenance import segments, strip_markers
from drafting.prose.typography import tidy_paragraph

_HEADING = re.compile(r"^(#{1,4}|@)\s+(.*)$")
LEAD_LEVEL = 5  # a lead-in paragraph ends at any heading, like a heading below level 4
RUN_IN_SEPARATOR = "｜"
_SENTENCE_END = ("。", "！", "？", "：")


class LeadIn(Paragraph):
    """「关于小街巷：」: kept as a paragraph only when something follows it."""


def parse_blocks(text: str) -> list[Block]:
    """Blocks of the markup in order, before empty headings are dropped and numbers assigned."""
    blocks: list[Block] = []
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if not line:
            continue
        heading = _HEADING.match(line)
        if heading is None:
            paragraph = to_paragraph(line)
            if paragraph.spans:
                blocks.append(paragraph)
            continue
        if heading[1] == "@":
            lead = to_paragraph(heading[2])
            if lead.spans:
                blocks.append(LeadIn(spans=lead.spans, sentences=lead.sentences))
            continue
        level = len(heading[1])
        title, _, body = heading[2].partition(RUN_IN_SEPARATOR)
        title_spans = to_spans(title)
        body_spans = to_spans(body)
        if body_spans and title_spans and not spans_text(title_spans).endswith(_SENTENCE_END):
            title_spans.append(Span(text="。"))
        if title_spans:
            blocks.append(Heading(level=level, title=title_spans, body=body_spans))
    return blocks


def to_spans(text: str) -> list[Span]:
    """A tidied line as spans, placeholder markers as placeholder spans (provenance dropped)."""
    return marker_spans(tidy_paragraph(strip_markers(text)))


def to_paragraph(line: str) -> Paragraph:
    """A paragraph line: each marked segment tidied on its own, then cut into sentences.

    A segment keeps the sources (or formula) its marker named; every sentence cut from it
    inherits them. Text outside markers becomes sentences without provenance, which the
    provenance test reports.
    """
    sentences: list[Sentence] = []
    text = ""
    for segment in segments(line):
        tidied = tidy_paragraph(segment.text)
        if not tidied.strip(_MARKS_ONLY):
            continue  # an answer tidied away to nothing (「()」) leaves no lone 「。」
        text += tidied
        for piece in _SENTENCE_CUT.findall(tidied):
            shown = spans_text(marker_spans(piece))
            if shown.strip():
                sentences.append(Sentence(text=shown, sources=list(segment.sources), formula=segment.formula))
    return Paragraph(spans=marker_spans(text), sentences=sentences)


_MARKS_ONLY = "。！？，；：、 "
# A sentence runs to 。！？ (and a closing quote or bracket right after), or to the end.
_SENTENCE_CUT = re.compile(r"[^。！？]*[。！？]+[”’」）]*|[^。！？]+$")


def drop_empty_headings(blocks: list[Block]) -> list[Block]:
    """Remove headings and lead-ins with no content below them (a dropped one is no content).

    Kept lead-ins come back as plain paragraphs.
    """
    kept: list[Block] = []
    # Walking backwards, content_after[level] says whether something kept lies between
    # here and the next heading of that level or higher, i.e. inside such a heading.
    content_after = {level: False for level in range(1, LEAD_LEVEL + 1)}
    for block in reversed(blocks):
        if isinstance(block, LeadIn):
            level, has_body = LEAD_LEVEL, False
        elif isinstance(block, Heading):
            level, has_body = block.level, bool(block.body)
        else:
            kept.append(block)
            if not is_formula_only(block):  # the closing after the last section is not its content
                content_after = {level: True for level in content_after}
            continue
        keep = has_body or content_after[level]
        for other in content_after:
            if other >= level:
                content_after[other] = False
            elif keep:
                content_after[other] = True
        if keep:
            kept.append(Paragraph(spans=block.spans, sentences=block.sentences, lead_in=True) if isinstance(block, LeadIn) else block)
    kept.reverse()
    return kept


def is_formula_only(block: Block) -> bool:
    """A paragraph of reviewed formulas alone (the closing 「……再上新台阶。特此汇报。」)."""
    return isinstance(block, Paragraph) and bool(block.sentences) and all(s.formula and not s.sources for s in block.sentences)


def drop_lone_children(blocks: list[Block]) -> list[Block]:
    """A heading with a single child heading loses that child: 「一、自查情况」 over one
    「（一）……」 reads as a list of one. The child's content stays, under the parent."""
    kept: list[Block] = []
    for index, block in enumerate(blocks):
        if isinstance(block, Heading) and _parent_of_only(blocks, index) is not None:
            continue
        kept.append(block)
    return kept


def _parent_of_only(blocks: list[Block], index: int) -> int | None:
    """The index of the heading whose one and only child heading is ``blocks[index]``."""
    child = blocks[index]
    assert isinstance(child, Heading)
    parent = next((i for i in range(index - 1, -1, -1) if isinstance(blocks[i], Heading) and blocks[i].level < child.level), None)  # type: ignore[union-attr]
    if parent is None or blocks[parent].level != child.level - 1:  # type: ignore[union-attr]
        return None
    siblings = 0
    for later in blocks[parent + 1 :]:
        if isinstance(later, Heading) and later.level <= child.level - 1:
            break
        siblings += isinstance(later, Heading) and later.level == child.level
    return parent if siblings == 1 else None


def number_headings(blocks: list[Block]) -> list[Block]:
    """一、 （一） 1. （1）, restarting each level under a new heading of a higher level."""
    counters = [0, 0, 0, 0, 0]
    numbered: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading):
            counters[block.level] += 1
            for deeper in range(block.level + 1, 5):
                counters[deeper] = 0
            block = block.model_copy(update={"number": heading_number(block.level, counters[block.level])})
        numbered.append(block)
    return numbered


def heading_number(level: int, count: int) -> str:
    if level == 1:
        return f"{cn_ordinal(count)}、"
    if level == 2:
        return f"（{cn_ordinal(count)}）"
    if level == 3:
        return f"{count}."
    return f"（{count}）"
