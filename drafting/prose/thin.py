"""A thin draft says so: which parts are thin and what would fill them (issue 15 §5).

Answering only the required questions gives a draft of 300 characters that looks
finished. Real summaries run from 1,800 to 3,000 characters; under THIN_BELOW the clerk
is told, part by part, what to add. Pure: reads the Document only.
"""

from __future__ import annotations

from drafting.document import Document, Heading, Paragraph

THIN_BELOW = 800  # characters of body text: far shorter than a real summary
THIN_PART = 80  # characters under one heading: a part that says one thing
_CLOSING_PARTS = ("存在问题", "下一步", "整改措施")


def body_length(document: Document) -> int:
    """Characters of the body's paragraphs, formulas (opening line, closing) included."""
    return sum(len(block.text) for block in document.blocks if isinstance(block, Paragraph))


def thin_advice(document: Document) -> list[str]:
    """Chinese lines for the chat, [] when the draft is long enough."""
    length = body_length(document)
    if length >= THIN_BELOW:
        return []
    lines = [f"这份稿子正文只有约{length}字，一份完整的总结一般在1500字以上，建议再补充一些内容："]
    parts = _parts(document)
    for title, size in parts:
        if any(word in title for word in _CLOSING_PARTS):
            if size < THIN_PART:
                lines.append(f"· 「{title}」只写了一两句：可以再写具体表现和准备采取的措施。")
            continue
        if size < THIN_PART:
            lines.append(f"· 「{title}」只有{size}字：可以补充具体做法、时间、参与人数、数量或投入，以及取得的效果。")
    said = " ".join(title for title, _ in parts)
    if not any(word in said for word in ("存在问题",)):
        lines.append("· 还没有写存在问题：写一两条不足，总结更实在。")
    if not any(word in said for word in ("下一步", "整改措施")):
        lines.append("· 还没有写下一步打算：写两三条明年的重点工作。")
    lines.append("回复「查看」可以看到所有答案，「修改 N」补充或修改第 N 项。")
    return lines


def _parts(document: Document) -> list[tuple[str, int]]:
    """(heading or 「关于……：」 lead-in, characters under it) in order; level-1 headings
    over sub-headings are not parts of their own."""
    parts: list[tuple[str, int]] = []
    blocks = document.blocks
    for index, block in enumerate(blocks):
        title = _part_title(block)
        if title is None:
            continue
        size = 0
        for later in blocks[index + 1 :]:
            if _part_title(later) is not None or isinstance(later, Heading):
                break
            size += len(later.text)
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Heading) and isinstance(following, Heading) and following.level > block.level:
            continue  # 一、主要工作 over its （一）（二）
        parts.append((title, size))
    return parts


def _part_title(block: object) -> str | None:
    if isinstance(block, Heading):
        return block.text
    if isinstance(block, Paragraph) and block.sentences and all(s.formula == "lead-in" for s in block.sentences):
        return block.text.removeprefix("关于").rstrip("：")
    return None
