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
from drafting.provenance import FORMULAS
from drafting.markup import heading_number

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
    return found


@cache
def _unit_without_number() -> re.Pattern[str]:
    """「制作固定标语条」: a template's words before a figure, then a unit, but no figure.

    The words are what the templates write right before a ``{}`` slot (e.g. 「标语{}」),
    the units those of the questionnaire's number questions.
    """
    from drafting.render import TEMPLATES_DIR  # late: render imports this module's siblings

    stems: set[str] = set()
    for template in TEMPLATES_DIR.glob("*.j2"):
        for pattern in re.findall(r'fill\("([^"]*)"', template.read_text(encoding="utf-8")):
            stems.update(match[-2:] for match in re.findall(r"([\u4e00-\u9fff]{2})\{\}", pattern))
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
