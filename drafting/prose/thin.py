"""A thin draft says so: which parts are thin and what would fill them (issue 15 §5).

Answering only the required questions gives a draft of 300 characters that looks
finished. Real summaries run from 1,800 to 3,000 characters; under THIN_BELOW the clerk
is told, part by part, what to add. Pure: reads the Document only.
"""

from __future__ import annotations

from drafting.document import Document, Heading, Paragraph
from drafting.prose.wording import Pattern, Wording

THIN_BELOW = 800  # characters of body text: far shorter than a real summary
THIN_PART = 80  # characters under one heading: a part that says one thing


def body_length(document: Document) -> int:
    """Characters of the body's paragraphs, formulas (opening line, closing) included."""
    return sum(len(block.text) for block in document.blocks if isinstance(block, Paragraph))


def thin_advice(document: Document, wording: Wording) -> list[str]:
    """Chinese lines for the chat (templates/advice.yaml), [] when the draft is long enough."""
    advice = wording.advice.thin
    length = body_length(document)
    if length >= THIN_BELOW:
        return []
    lines = [_said(advice.intro, length=length)]
    parts = _parts(document, wording.layouts.lead_in)
    closing_parts = (*advice.problems_parts, *advice.plans_parts)
    for title, size in parts:
        if any(word in title for word in closing_parts):
            if size < THIN_PART:
                lines.append(_said(advice.short_closing_part, title=title))
            continue
        if size < THIN_PART:
            lines.append(_said(advice.short_part, title=title, size=size))
    said = " ".join(title for title, _ in parts)
    if not any(word in said for word in advice.problems_parts):
        lines.append(advice.no_problems)
    if not any(word in said for word in advice.plans_parts):
        lines.append(_said(advice.no_plans, next=advice.next_period[document.period_span]))
    lines.append(advice.outro)
    return lines


def _said(line: Pattern, **values: object) -> str:
    return line.with_words({name: str(value) for name, value in values.items()}).plain()


def _parts(document: Document, lead_in: Pattern) -> list[tuple[str, int]]:
    """(heading or 「关于……：」 lead-in, characters under it) in order; level-1 headings
    over sub-headings are not parts of their own."""
    parts: list[tuple[str, int]] = []
    blocks = document.blocks
    for index, block in enumerate(blocks):
        title = _part_title(block, lead_in)
        if title is None:
            continue
        size = 0
        for later in blocks[index + 1 :]:
            if _part_title(later, lead_in) is not None or isinstance(later, Heading):
                break
            size += len(later.text)
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Heading) and isinstance(following, Heading) and following.level > block.level:
            continue  # 一、主要工作 over its （一）（二）
        parts.append((title, size))
    return parts


def _part_title(block: object, lead_in: Pattern) -> str | None:
    """A heading's words, or the part a lead-in names (「关于{title}：」 read backwards)."""
    if isinstance(block, Heading):
        return block.text
    if isinstance(block, Paragraph) and block.sentences and all(s.formula == "lead-in" for s in block.sentences):
        before, _, after = lead_in.plain().partition("{}")
        return block.text.removeprefix(before).removesuffix(after)
    return None
