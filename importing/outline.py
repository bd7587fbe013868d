"""A summary's paragraphs -> its outline: title, opening, headed blocks, signature.

Works on ``Line`` values (text plus what Word says of the paragraph: style, outline
level, bold, centred), so it is tested without a .docx. A paragraph is a heading when it
opens with the number the sequence expects at its level (一、 then 二、; （一） restarts
under each 一、), or when Word marks it as one (a heading style, an outline level, bold
throughout and short), or in the 条目式 form 「关于……：」. A numbered heading may carry its
text on the same line (「1、加大基础设施的投入力度。加快推进了……」): the first sentence is
the heading, the rest its first paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from importing.numbering import heading_number

HEADING_MAX_CHARS = 40  # the reference summaries' numbered headings run to 24 characters
_SENTENCE_END = "。！？!?"
_FIRST_SENTENCE = re.compile(r"^(.+?[。！？!?：:])\s*(\S.*)$", re.DOTALL)
_DATE_LINE = re.compile(r"^\s*(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日\s*$")
_LEAD_IN = re.compile(r"^关于[^。；;]{1,78}[：:]$")  # 条目式: 「关于小街巷：」 alone on its line
_TITLE_WORDS = ("总结", "汇报", "报告", "小结", "情况")
_CLOSINGS = ("总之", "综上", "总的来看", "特此", "以上")


@dataclass(frozen=True)
class Line:
    """One paragraph as Word holds it."""

    text: str
    style: str = ""
    outline: int | None = None  # Word's outline level (0 = level 1) when the paragraph has one
    bold: bool = False  # every run with text is bold
    centered: bool = False


@dataclass
class Block:
    """A heading and the paragraphs under it (not those under its sub-headings)."""

    heading: str  # as written, without its number
    level: int
    parent: int | None  # index of the enclosing block
    paragraphs: list[str] = field(default_factory=list)


@dataclass
class Outline:
    title: str = ""
    opening: list[str] = field(default_factory=list)  # paragraphs before the first heading
    blocks: list[Block] = field(default_factory=list)
    signer: str = ""
    date: str = ""


def outline_of(lines: list[Line]) -> Outline:
    texts = [line for line in lines if line.text.strip()]
    outline = Outline()
    body = _take_title(texts, outline)
    body = _take_signature(body, outline)
    expected: dict[int, int] = {}  # the next number at each level
    for line in body:
        heading = _heading(line, expected)
        if heading is None:
            _add_paragraph(outline, line.text.strip())
            continue
        level, text, rest = heading
        parent = next((index for index in range(len(outline.blocks) - 1, -1, -1) if outline.blocks[index].level < level), None)
        outline.blocks.append(Block(text, level, parent))
        if rest:
            outline.blocks[-1].paragraphs.append(rest)
    return outline


def is_closing(paragraph: str) -> bool:
    """总之…… / 特此汇报: the document's closing words, no fact of a section."""
    return paragraph.startswith(_CLOSINGS)


def _take_title(lines: list[Line], outline: Outline) -> list[Line]:
    """Leading lines set as the title (Title style, centred, or short and naming the genre)."""
    count = 0
    for line in lines:
        text = line.text.strip()
        titled = line.style.lower() in ("title", "标题") or line.centered
        if count < 3 and (titled or (count == 0 and len(text) <= HEADING_MAX_CHARS and text.endswith(_TITLE_WORDS))) and heading_number(text) is None:
            count += 1
        else:
            break
    outline.title = "".join(line.text.strip() for line in lines[:count])
    return lines[count:]


def _take_signature(lines: list[Line], outline: Outline) -> list[Line]:
    """A date alone on the last line, and the signing body above it."""
    if not lines or not _DATE_LINE.match(lines[-1].text):
        return lines
    outline.date = lines[-1].text.strip()
    lines = lines[:-1]
    signer = lines[-1].text.strip() if lines else ""
    if signer and len(signer) <= HEADING_MAX_CHARS and not any(mark in signer for mark in "。，,；;：:"):
        outline.signer = signer
        lines = lines[:-1]
    return lines


def _heading(line: Line, expected: dict[int, int]) -> tuple[int, str, str] | None:
    """(level, heading, text after it) when ``line`` is the next heading, else None."""
    text = line.text.strip()
    numbered = heading_number(text)
    if numbered is not None:
        if numbered.number != expected.get(numbered.level, 1):
            return None  # out of sequence: an item numbered like a heading
        heading, rest = _split_inline(numbered.rest)
        if not heading or len(heading) > HEADING_MAX_CHARS:
            return None
        expected[numbered.level] = numbered.number + 1
        for deeper in [level for level in expected if level > numbered.level]:
            del expected[deeper]  # （一） restarts under each 一、
        return numbered.level, heading, rest
    if _LEAD_IN.match(text):
        return 2, text.removeprefix("关于").rstrip("：:"), ""
    if len(text) > HEADING_MAX_CHARS or text[-1] in _SENTENCE_END:
        return None
    level = _word_level(line)
    return (level, text, "") if level is not None else None


def _word_level(line: Line) -> int | None:
    """The level Word gives a paragraph without a number: its outline level, its heading
    style (Heading 2 / 标题 2), or 2 for a short paragraph set in bold throughout."""
    if line.outline is not None and 0 <= line.outline < 8:
        return line.outline + 1
    match = re.fullmatch(r"(?:heading|标题)\s*(\d)", line.style.strip().lower())
    if match:
        return int(match[1])
    return 2 if line.bold else None


def _split_inline(rest: str) -> tuple[str, str]:
    """「加大基础设施的投入力度。加快推进了……」 -> the heading and the paragraph after it."""
    rest = rest.strip()
    match = _FIRST_SENTENCE.match(rest)
    if match and len(match[1]) <= HEADING_MAX_CHARS:
        return match[1].rstrip("。：:"), match[2].strip()
    return rest.rstrip("。：:"), ""


def _add_paragraph(outline: Outline, text: str) -> None:
    if outline.blocks:
        outline.blocks[-1].paragraphs.append(text)
    else:
        outline.opening.append(text)
